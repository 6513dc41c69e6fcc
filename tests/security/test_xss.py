"""Issue 4, item 3: raw HTML from content never runs, loads or breaks out, in any output file.

For every field a publisher writes (abstract, teaser, free body, title, subtitle, author name, affiliation,
keyword, issue title, page title, page body, section name, site.yaml title and description) and every vector
of xss_vectors.VECTORS, a small site is built (all vectors of a field in one build, spread over articles; the
site title four vectors per build) and every output file is read with html.parser (XML with ElementTree, JSON
with json), looking for a <script>, an on* attribute, a javascript:/vbscript:/data: URL, a forbidden tag, a
<meta http-equiv>, <link> or <base> that is not the theme's, a CDATA or conditional comment, a duplicate id.

Each value carries a marker (`V017V` before the field under test, `Q017Z` in the article's other texts), so a
finding is pinned to the vector whose marker precedes it in the file. Fields shown as text must also show the
vector's `<` and `>` as text: the words after the marker, as the reader sees them, are the vector itself
(plain fields), or keep every raw tag of it as visible text (titles, which are inline Markdown).
"""

from __future__ import annotations

import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
import pytest

from tests.conftest import ROOT, SITE_YAML, run_build, write_site
from tests.security.scan import Report, scan_output
from tests.security.xss_vectors import VECTORS, one_line

PLAIN = ("author_name", "affiliation", "keyword", "issue_title", "section", "site_title")  # shown as text, escaped
INLINE = ("title", "subtitle", "page_title")  # inline Markdown: raw HTML shown as text
SANITISED = ("abstract", "body_teaser", "body_free", "page_body")  # Markdown + raw HTML through nh3
FIELDS = (*SANITISED, *INLINE, *PLAIN)


def y(text: str) -> str:
    """A YAML scalar holding exactly `text` (JSON's double-quoted strings are YAML)."""
    return json.dumps(text, ensure_ascii=True)


def v(i: int) -> str:
    return f"V{i:03d}V"


def q(i: int) -> str:
    return f"Q{i:03d}Z"


def field_value(i: int, one: bool = True) -> str:
    payload = VECTORS[i].payload
    return f"{v(i)} {one_line(payload) if one else payload}"


def _article(field: str, i: int) -> dict[str, str]:
    """Article a{i}: its French version carries vector i in `field`; the English one is benign."""
    fr = {
        "title": y(f"Titre {q(i)}"),
        "abstract": y(f"Résumé {q(i)}."),
        "keywords": f"[{y(f'Mot {q(i)}')}]",
        "authors": f"[{{name: {y(f'Autrice {q(i)}')}, affiliation: {y(f'Institut {q(i)}')}}}]",
        "date": "2020-01-01",
        "issue": "numero",
        "section": y(f"Rubrique {q(i)}"),
    }
    body = f"Premier paragraphe {q(i)}.\n\nDeuxième paragraphe.\n\n<!-- paywall -->\n\nW{i:03d}SECRET retenu."
    if field in ("title", "subtitle", "author_name", "affiliation", "keyword", "section"):
        value = y(field_value(i))
        if field == "title":
            fr["title"] = value
        elif field == "subtitle":
            fr["subtitle"] = value
        elif field == "author_name":
            fr["authors"] = f"[{{name: {value}, affiliation: {y(f'Institut {q(i)}')}}}]"
        elif field == "affiliation":
            fr["authors"] = f"[{{name: {y(f'Autrice {q(i)}')}, affiliation: {value}}}]"
        elif field == "keyword":
            fr["keywords"] = f"[{value}]"
        else:
            fr["section"] = value
    elif field == "issue_title":
        fr["issue"] = f"n{i:03d}"
    elif field == "abstract":
        fr["abstract"] = y(f"{v(i)} avant.\n\n{VECTORS[i].payload}\n\nAprès {v(i)}.")
    elif field == "body_teaser":
        body = f"{v(i)} avant.\n\n{VECTORS[i].payload}\n\n<!-- paywall -->\n\nW{i:03d}SECRET retenu.\n"
    elif field == "body_free":
        fr["access"] = "free"
        body = f"{v(i)} avant.\n\n{VECTORS[i].payload}\n\nAprès {v(i)}.\n"
    front = "".join(f"{name}: {value}\n" for name, value in fr.items())
    en = f"title: {y(f'Title {q(i)}')}\nabstract: {y(f'Abstract {q(i)}.')}\n"
    return {
        f"content/articles/a{i:03d}.fr.md": f"---\n{front}---\n{body}",
        f"content/articles/a{i:03d}.en.md": f"---\n{en}---\n",
    }


def _page(field: str, i: int) -> dict[str, str]:
    title, body = f"Page {q(i)}", f"Texte {q(i)}.\n"
    if field == "page_title":
        title = field_value(i)
    elif field == "page_body":
        body = f"{v(i)} avant.\n\n{VECTORS[i].payload}\n\nAprès {v(i)}.\n"
    return {
        f"content/pages/p{i:03d}.fr.md": f"---\ntitle: {y(title)}\n---\n{body}",
        f"content/pages/p{i:03d}.en.md": f"---\ntitle: {y(f'Page {q(i)} en')}\n---\nText.\n",
    }


def site_files(field: str, indices: list[int]) -> tuple[dict[str, str], str]:
    files: dict[str, str] = {"content/issues/numero.yaml": "volume: 1\nnumber: 1\ndate: 2020-01-01\n"}
    site_yaml = SITE_YAML
    if field == "site_title":
        a, b, c, d = (indices * 4)[:4]  # four vectors: the titles and descriptions of both languages
        site_yaml = SITE_YAML.replace(
            'title: {fr: "Revue d\'essai", en: "Test Journal"}',
            f"title: {{fr: {y(field_value(a))}, en: {y(field_value(b))}}}\n"
            f"description: {{fr: {y(field_value(c))}, en: {y(field_value(d))}}}",
        )
        files.update(_article("none", a))
        files.update(_page("none", a))
    elif field in ("page_title", "page_body"):
        files.update(_article("none", indices[0]))
        for i in indices:
            files.update(_page(field, i))
    else:
        for i in indices:
            files.update(_article(field, i))
            if field == "issue_title":
                files[f"content/issues/n{i:03d}.yaml"] = (
                    f"volume: 1\nnumber: {i + 1}\ndate: 2020-01-01\ntitle: {y(field_value(i))}\n"
                )
    return files, site_yaml


@dataclass
class Built:
    field: str
    indices: list[int]
    returncode: int
    stderr: str
    report: Report | None
    secrets: list[str]  # output files holding withheld text


def _build(field: str, indices: list[int], root: Path) -> Built:
    files, site_yaml = site_files(field, indices)
    site = write_site(root / "site", {}, site_yaml=site_yaml)
    for rel, text in files.items():  # not dedented: the payloads are written byte for byte
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for figure in ("x.png", "test.jpg", "1.png"):  # the figures vectors point at, so the build can publish them
        (site / "content" / "articles" / figure).write_bytes(PNG)
    out = root / "out"
    result = run_build("--site", site, "--out", out)
    if result.returncode != 0:
        return Built(field, indices, result.returncode, result.stderr, None, [])
    report = scan_output(out, ROOT / "templates" / "static")
    secrets = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and b"SECRET" in p.read_bytes()]
    shutil.rmtree(root)  # keep the disk small; the report holds what the tests need
    return Built(field, indices, 0, result.stderr, report, secrets)


PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)


def _build_split(field: str, indices: list[int], root: Path) -> list[Built]:
    """Build; when a build fails, split its vectors in two and build each half, so only the guilty fail."""
    first = _build(field, indices, root)
    if first.returncode == 0 or len(indices) == 1:
        return [first]
    half = len(indices) // 2
    return _build_split(field, indices[:half], root.with_name(root.name + "a")) + _build_split(
        field, indices[half:], root.with_name(root.name + "b")
    )


_ROOT: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def _workdir(tmp_path_factory: pytest.TempPathFactory):
    _ROOT.append(tmp_path_factory.mktemp("xss"))
    yield
    _ROOT.clear()


@cache
def built(field: str) -> tuple[Built, ...]:
    """The builds of a field: one with every vector (the site title: four vectors a build, in parallel)."""
    everything = list(range(len(VECTORS)))
    if field != "site_title":
        return tuple(_build_split(field, everything, _ROOT[0] / field))
    pairs = [everything[i : i + 4] for i in range(0, len(everything), 4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        groups = pool.map(lambda group: _build_split(field, group, _ROOT[0] / f"{field}-{group[0]}"), pairs)
        return tuple(b for group in groups for b in group)


def marker_stands_alone(body: str) -> bool:
    """Whether Python-Markdown, alone, sets the body's marker aside as a raw HTML block of its own."""
    md = markdown.Markdown(extensions=["footnotes", "tables", "sane_lists", "fenced_code"])
    md.convert(body)
    return any(str(raw).strip() == "<!-- paywall -->" for raw in md.htmlStash.rawHtmlBlocks)


def build_of(field: str, i: int) -> Built:
    return next(b for b in built(field) if i in b.indices)


TOKEN = re.compile(r"<(?:!--|/?[A-Za-z][A-Za-z0-9]*)")
MARKDOWN_ANGLE = re.compile(r"<(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*>|<[^<> !]+@[^@<> ]+>|\]\(<[^>]*>")  # autolinks


def raw_tags(payload: str) -> list[str]:
    """The raw-HTML openings of a one-line payload that inline Markdown must show as text."""
    masked = MARKDOWN_ANGLE.sub(lambda m: "_" * len(m[0]), payload)
    return [m[0] for m in TOKEN.finditer(masked)]


def norm(text: str) -> str:
    """The text without its spaces: a language's typography may add or change spaces (French puts a narrow one
    before "!" even in "<!--"), never anything else, so the payload's characters are compared, all of them."""
    return "".join(text.split())


def _unholdable(payload: str) -> bool:
    """The payload holds a C0 control character but tab, newline and carriage return (which XML 1.0 excludes), as
    itself or as a decimal or hexadecimal character reference (&#0; aside: HTML reads it as U+FFFD): this test's own
    reading, not the build's."""
    excluded = set(range(0x20)) - {0x09, 0x0A, 0x0D}
    written = {ord(c) for c in payload}
    referred = {int(m[1]) for m in re.finditer(r"&#([0-9]+);", payload)}
    referred |= {int(m[1], 16) for m in re.finditer(r"&#[xX]([0-9a-fA-F]+);", payload)}
    return bool(written & excluded or (referred - {0}) & excluded)


@pytest.mark.parametrize("vector", range(len(VECTORS)), ids=[vec.id for vec in VECTORS])
@pytest.mark.parametrize("field", FIELDS)
def test_vector_in_field(field: str, vector: int) -> None:
    build = build_of(field, vector)
    if build.returncode != 0 and build.indices == [vector] and _unholdable(VECTORS[vector].payload):
        # a vector holding a control character no page nor XML file can hold (a null, a vertical tab, &#14;): the
        # build refuses it at its line, and so publishes nothing of it
        errors = [line for line in build.stderr.splitlines() if ": " in line and not line.startswith("build failed")]
        assert errors and "Traceback" not in build.stderr, build.stderr
        assert all(line.endswith(", which no page nor XML file can hold; remove it") for line in errors), errors
        assert all(re.match(r"^[^:]+:\d+: ", line) for line in errors), errors  # path:line
        return
    if field == "body_teaser" and build.returncode != 0 and build.indices == [vector]:
        # a vector Python-Markdown reads as an HTML block that runs past the marker: the marker cuts nothing, and
        # the build refuses the body at the marker's line rather than publish a teaser its reader never sees
        body = _article(field, vector)[f"content/articles/a{vector:03d}.fr.md"].split("---\n", 2)[2]
        assert not marker_stands_alone(body), build.stderr
        errors = [line for line in build.stderr.splitlines() if ": " in line and not line.startswith("build failed")]
        assert any(f"a{vector:03d}.fr.md:" in line and "a paywall marker inside an HTML block" in line for line in errors)
        assert all("a paywall marker inside" in line for line in errors), errors
        return
    assert build.returncode == 0, f"the build of {field} with vector {VECTORS[vector].id!r} failed:\n{build.stderr}"
    report = build.report
    assert report is not None
    mine = [f for f in report.findings if f.vector == vector]
    assert not mine, (
        f"vector {VECTORS[vector].id!r} ({VECTORS[vector].source}) in {field}: {VECTORS[vector].payload!r}\n"
        + "\n".join(f"  - {f}" for f in mine[:12])
        + (f"\n  … and {len(mine) - 12} more" if len(mine) > 12 else "")
    )
    if field == "body_teaser":
        assert not build.secrets, f"withheld text of the teaser build is published in {build.secrets[:5]}"
    if field in SANITISED:
        return
    regions = report.regions.get(vector, [])
    assert regions, f"{field}: the text of vector {VECTORS[vector].id!r} (after {v(vector)}) is shown nowhere"
    payload = norm(one_line(VECTORS[vector].payload))
    wrong = []
    for name, text in regions:
        shown = norm(text)
        if field in PLAIN:
            if not shown.startswith(payload):
                wrong.append((name, text[:200]))
        elif any(token not in shown for token in raw_tags(payload)):
            wrong.append((name, text[:200]))
    assert not wrong, (
        f"{field}: vector {VECTORS[vector].id!r} is not shown as text; expected {payload!r} as the reader sees it, got:\n"
        + "\n".join(f"  - {name}: {text!r}" for name, text in wrong[:8])
    )


@pytest.mark.parametrize("field", FIELDS)
def test_no_unattributed_finding(field: str) -> None:
    """Findings before any marker of a file (in the head, before the first value) belong to no single vector."""
    loose = [f for b in built(field) if b.report for f in b.report.findings if f.vector is None]
    assert not loose, f"{field}:\n" + "\n".join(f"  - {f}" for f in loose[:20])


def test_baseline_site_is_clean(tmp_path: Path) -> None:
    """The scanner itself: the theme's own output (sample site) has no finding, so every finding is content's."""
    out = tmp_path / "out"
    result = run_build("--site", ROOT, "--out", out)
    assert result.returncode == 0, result.stderr
    report = scan_output(out, ROOT / "templates" / "static")
    assert report.files
    assert not report.findings, "\n".join(str(f) for f in report.findings[:20])


def test_scanner_sees_what_it_must(tmp_path: Path) -> None:
    """The scanner finds each kind of problem in a hand-written page (so a clean result means something)."""
    page = (
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        '<p>V001V x</p><img src=x onerror=alert(1)><a href="jav&#x09;ascript:alert(1)">x</a>'
        '<a href="&#106;avascript:1">y</a><img srcset="x.png 1x, data:x 2x"><svg></svg><math></math>'
        '<div style="background:url(javascript:x)"></div><link rel=stylesheet href=/x.css>'
        '<meta http-equiv="refresh" content="0;url=javascript:x"><base href=/><iframe></iframe>'
        '<form action="javascript:1"></form><!--[if IE]><script>x</script><![endif]-->'
        "<h2 id=a></h2><h2 id=a></h2></body></html>"
    )
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "index.html").write_text(page, encoding="utf-8")
    report = scan_output(tmp_path / "out", ROOT / "templates" / "static")
    messages = "\n".join(f.message for f in report.findings)
    for expected in (
        "event-handler attribute onerror",
        "dangerous URL in href='jav\\tascript",
        "dangerous URL in href='javascript:1'",
        "dangerous URL in srcset",
        "forbidden tag <svg>",
        "forbidden tag <math>",
        "dangerous style",
        "<link> not the theme's",
        "<meta> in the body",
        "forbidden tag <base>",
        "forbidden tag <iframe>",
        "dangerous URL in action",
        "conditional comment",
        "duplicate id 'a'",
    ):
        assert expected in messages, f"{expected!r} not found in:\n{messages}"
    assert all(f.vector == 1 for f in report.findings)
    assert report.regions[1] == [("index.html", " x")]
