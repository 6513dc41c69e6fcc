"""Fuzzing the content: whatever an article file holds, the build ends well (issue 4, item 6).

Front matter is generated as random YAML: known and unknown keys; values of every type (null,
booleans, integers small and huge, floats, long strings, unicode with right-to-left text,
combining marks, NUL and other control characters, lists, mappings nested six deep); anchors and
aliases, recursive aliases, alias bombs ("billion laughs", 6 to 9 levels), merge keys, tags,
tabs, duplicate keys, a stray `---` or no closing `---`, no front matter at all; and random
characters dropped into the YAML text. Bodies are random text rich in Markdown punctuation and
in the snippets a body trips on (markers, near-markers, notes, fences, HTML).

Each example writes a small site (a fixed site.yaml, one or two versions of one article, maybe
an issue file) and runs `diptych.build` in-process under a 20 s alarm. The build must either
succeed, leaving an output folder with index.html and nothing staged beside it, or raise
BuildFailed whose every error names a file of the site by a relative path, a line that is None
or inside that file, and a message (no traceback, no absolute path). Anything else (another
exception, a hang) fails, and hypothesis prints the input.

    .venv/bin/python -m pytest -q tests/properties/test_fuzz.py                       # ci
    HYPOTHESIS_PROFILE=deep .venv/bin/python -m pytest -q tests/properties/test_fuzz.py      # by hand, long
"""

from __future__ import annotations

import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from diptych import build
from diptych.errors import BuildFailed, ContentError
from tests.conftest import write_site

BUDGET = 2 * settings.default.max_examples  # the profile's number, doubled: most examples fail fast (120 in ci)
TIMEOUT = 20  # seconds per build: a bigger body or alias bomb than these is a hang


OWN = ["title", "subtitle", "abstract", "keywords", "slug", "aliases", "outline", "remaining_percent"]
SHARED = ["authors", "date", "updated", "issue", "pages", "doi", "pdf", "license", "section", "order", "access"]
KNOWN = OWN + SHARED
ODD = "\u202e\u200f\u061c\u05d0\u0627\u0301\u0308\u20dd\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\t\r\n\\\"':#&*!|>%@`{}[],-"

# ---- YAML values ------------------------------------------------------------------------------

characters = st.one_of(st.characters(codec="utf-8"), st.sampled_from(ODD))
short_text = st.text(characters, max_size=30)
long_text = st.builds(lambda s, n: s * n, st.text(characters, min_size=1, max_size=4), st.integers(200, 20_000))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    short_text,
    long_text,
    st.sampled_from(["2019-06-12", "2019-02-30", "0000-00-00", "12/06/2019", "free", "paywalled", "10.9999/x.1", "x.pdf"]),
    st.sampled_from(["Un titre", "une-alliance", "/fr/articles/ancien/", "0000-0002-1825-0097", "61-78", "fr", "en"]),
)
keys = st.one_of(st.sampled_from([*KNOWN, "name", "affiliation", "orcid", "sections", "fr", "en"]), short_text)


def values(depth: int) -> st.SearchStrategy:
    """A YAML value nested `depth` levels at most."""
    if depth == 0:
        return scalars
    inner = values(depth - 1)
    return st.one_of(scalars, st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3))


@st.composite
def dumped(draw: st.DrawFn) -> str:
    """One `key: value` entry, as PyYAML writes it in one of its styles."""
    key = draw(st.one_of(st.sampled_from(KNOWN), short_text, st.integers(), st.none(), st.booleans()))
    value = draw(values(draw(st.integers(0, 6))))
    return yaml.safe_dump(
        {key: value},
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([None, True, False])),
        width=draw(st.sampled_from([20, 80, 10_000])),
        sort_keys=False,
    ).rstrip("\n")


@st.composite
def alias_bomb(draw: st.DrawFn) -> str:
    """Billion laughs: each level an anchor listing the one below `width` times, the top aliased by a field."""
    levels, width = draw(st.integers(6, 9)), draw(st.integers(2, 9))
    style = draw(st.sampled_from(["flow", "block", "mapping"]))
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for n in range(1, levels + 1):
        if style == "flow":
            lines.append(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * width)}]")
        elif style == "block":
            lines.append(f"l{n}: &l{n}\n" + "\n".join(f"  - *l{n - 1}" for _ in range(width)))
        else:
            lines.append(f"l{n}: &l{n} {{{', '.join(f'k{i}: *l{n - 1}' for i in range(width))}}}")
    fields = draw(st.lists(st.sampled_from(KNOWN), min_size=1, max_size=3, unique=True))
    lines += [f"{name}: *l{levels}" for name in fields]
    if draw(st.booleans()):  # bombs nested inside a known field's shape
        lines.append(f"authors: [{{name: *l{levels}}}, *l{levels}]")
    return "\n".join(lines)


SNIPPETS = [
    "title: &t Un titre\nsubtitle: *t",
    "base: &b {name: Jeanne, orcid: 0000-0002-1825-0097}\nauthors: [*b, *b]",
    "title: &r [*r]",
    "outline: &o [{title: Deux, sections: *o}]",
    "section: &s {fr: *s}",
    "authors: &a [{name: *a}]",
    "keywords: &k [*k, *k]",
    "<<: {title: merged}",
    "authors: [{<<: {name: Merged}}]",
    "base: &m {name: Merged}\nauthors: [{<<: *m, affiliation: X}]",
    "authors: [{<<: [1, 2]}]",
    "title: *undefined",
    "title: !!python/object/apply:os.system [echo]",
    "title: !custom tag",
    "abstract: !!binary aGVsbG8=",
    "date: !!timestamp 2019-06-12",
    "date: 2019-06-12 10:00:00",
    "keywords: !!set {a, b}",
    "authors: !!omap [a: 1, b: 2]",
    "title:\tTabbed",
    "\ttitle: tab-indented",
    "title: Un\n  \tcontinued",
    "outline:\n\t- Tabbed entry",
    "title: first\ntitle: second",
    "authors: [{name: A, name: B}]",
    "section: {fr: A, fr: B}",
    "? [complex, key]\n: value",
    "authors: [{? [x]: y}]",
    "title: {unclosed: [1, 2",
    "title: 'unclosed",
    'title: "bad \\q escape"',
    "title: |\n  ---\n  a dash line inside a block scalar",
    "---",
    "...",
    "- a list, not a mapping",
    "just a scalar",
    "pages: " + "9" * 5000,
    "order: " + "1" * 4400,
    "remaining_percent: " + "9" * 4400,
    "order: 0x" + "f" * 4000,
    "remaining_percent: 1e400",
    "remaining_percent: .nan",
    "order: -0",
    "title: \x00",
    "title: \u202eRTL override",
    "title: 'e\u0301\u0301\u0301\u0301'",
    "%YAML 1.1\n---",
    "%TAG ! tag:example.org,2000:\n---",
    "title: &a1 &a2 double anchor",
    "issue: 1",
    "issue: ../../etc",
    "issue: [1]",
    "pdf: ../../site.yaml.pdf",
    "pdf: /etc/passwd.pdf",
    "pdf: article.pdf",
    "slug: ../../x",
    "aliases: [/fr/articles/ancien/, /static/x, //evil.example/x, /fr/../../x/]",
    "access: free",
    "remaining_percent: 93\noutline: [Un, {title: Deux, sections: [A, B]}]",
]


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """The YAML between the two `---` lines: a valid base, then random entries, snippets and characters."""
    entries = []
    if draw(st.booleans()):
        entries += ["title: Un titre", "abstract: Un résumé.", "date: 2019-06-12"]
    snippets = st.sampled_from(SNIPPETS)
    entries += draw(st.lists(st.one_of(dumped(), alias_bomb(), snippets, snippets), max_size=5))
    entries = draw(st.permutations(entries))
    if entries and draw(st.booleans()):  # a duplicate key
        entries.append(draw(st.sampled_from(entries)))
    text = "\n".join(entries)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):  # a stray character anywhere, now and then
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(characters) + text[at:]
    return text


BODY_SNIPPETS = [
    "<!-- paywall -->",
    "<!-- PAYWALL -->",
    "<!-- pay wall -->",
    "<!--paywall",
    "[^1]",
    "[^1]: une note",
    "[^1]:",
    "[^]",
    "```",
    "~~~",
    "    code",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "## Un titre",
    "#### ",
    "# Premier",
    "---",
    "***",
    "| a | b |\n|---|---|",
    "> citation",
    "- item",
    "1. item",
    "![figure](figure.png)",
    "![x](../../site.yaml)",
    "[lien](javascript:alert(1))",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[ref]: https://example.org",
    "[x][ref]",
    "\x00",
    "\u202e",
    "\r",
    "\t",
    "\\",
    "&amp;",
    "&#0;",
    "{{ 7 * 7 }}",
    "{% raw %}",
]
markdown_text = st.text(st.one_of(st.sampled_from(list("#*_`[]()!<>-=|:^~\\/{}%&\n\n\t ")), characters), max_size=200)


@st.composite
def markdown_bodies(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(markdown_text, st.sampled_from(BODY_SNIPPETS)), max_size=12))
    glue = draw(st.sampled_from(["", "\n", "\n\n", " "]))
    return glue.join(parts)


@st.composite
def article_files(draw: st.DrawFn) -> str:
    """A whole KEY.LANG.md text: front matter (well or badly closed, or missing) and body."""
    shape = draw(st.sampled_from(["closed"] * 6 + ["unclosed", "none", "empty", "bom", "crlf", "indented-close"]))
    fm, body = draw(front_matter()), draw(markdown_bodies())
    if shape == "unclosed":
        return f"---\n{fm}\n{body}"
    if shape == "none":
        return f"{fm}\n{body}"
    if shape == "empty":
        return f"---\n---\n{body}"
    if shape == "indented-close":
        return f"---\n{fm}\n ---\n{body}"
    text = f"---\n{fm}\n---\n{body}"
    if shape == "bom":
        return "\ufeff" + text
    if shape == "crlf":
        return text.replace("\n", "\r\n")
    return text


issue_files = st.one_of(
    st.none(),
    st.just("volume: 1\nnumber: 1\ndate: 2019-06-01\n"),
    front_matter(),
)

# ---- the property ------------------------------------------------------------------------------


class Hang(BaseException):  # not an Exception: diptych's own `except Exception` must not swallow it
    pass


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hang(f"the build ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def line_count(path: Path) -> int:
    """Lines as diptych reads them (\\r\\n and \\r are line ends), counting an empty last line."""
    text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def check_error(error: ContentError, site: Path, tmp: Path) -> list[str]:
    """What is wrong with one error of a BuildFailed: an empty list when it is well formed."""
    problems = []
    if not isinstance(error.message, str) or not error.message.strip():
        problems.append("an empty message")
    elif "Traceback" in error.message or str(tmp) in error.message or str(tmp.resolve()) in error.message:
        problems.append("a traceback or an absolute path in the message")
    for where in (error.where, *error.also):
        path = where.path
        if path.is_absolute() or ".." in path.parts or str(tmp) in str(path):
            problems.append(f"the path {str(path)!r} is not relative to the site")
        elif not (site / path).is_file():
            problems.append(f"the path {str(path)!r} is not a file of the site")
        elif where.line is not None and not 1 <= where.line <= line_count(site / path):
            problems.append(f"line {where.line} is outside {path} ({line_count(site / path)} lines)")
    return problems


@settings(
    max_examples=BUDGET,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
# Found by this property: an integer of more than 4,300 digits crashes PyYAML's int() (ValueError), uncaught.
@example(french="---\npages: " + "9" * 5000 + "\n---\n", english=None, issue=None)
# Found by this property: an alias without a slash (`aliases: 0`, `aliases: old`) raises IndexError in load.checks._alias.
@example(french="---\naliases: 0\n---\n", english=None, issue=None)
# Found by this property: PyYAML counts U+2028, U+2029 and U+0085 as line ends, diptych does not; errors
# after one point to a wrong line, here past the end of the file.
@example(french="---\n---\n", english=None, issue="\x850{title: null}")
@example(french="---\ntitle: 'a\u2029\u2029\u2029\u2029\u2029\u2029'\nabstract: [\n---\n", english=None, issue=None)
@given(french=article_files(), english=st.one_of(st.none(), article_files()), issue=issue_files)
def test_any_content_builds_or_fails_with_positioned_errors(french: str, english: str | None, issue: str | None) -> None:
    files = {"content/articles/essai.fr.md": french}
    if english is not None:
        files["content/articles/essai.en.md"] = english
    if issue is not None:
        files["content/issues/1.yaml"] = issue
    note(f"files: {files!r}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        site = tmp / "site"
        site.mkdir()
        for rel, text in files.items():  # as written: write_site would dedent the text
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text(text, encoding="utf-8", newline="")
        write_site(site, {})  # adds the fixed site.yaml
        out = tmp / "out"
        try:
            with alarm(TIMEOUT):
                build(site, out)
        except BuildFailed as failed:
            assert failed.errors, "BuildFailed without an error"
            bad = {str(error): problems for error in failed.errors if (problems := check_error(error, site, tmp))}
            assert not bad, f"malformed errors: {bad}"
            assert not out.exists(), "a failed build left an output folder"
        except Hang as hang:
            pytest.fail(f"{hang}: a hang on this input")
        else:
            assert (out / "index.html").is_file(), "a successful build without index.html"
        leftovers = sorted(p.name for p in tmp.iterdir() if p.name not in ("site", "out"))
        assert not leftovers, f"staging leftovers beside the output: {leftovers}"
