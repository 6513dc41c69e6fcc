"""Hostile or mistaken input found in review: each is a "path:line: message" error (never a traceback, never a hang),
and the previous output is left byte for byte as it was."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SITE_YAML, run_build, snapshot, write_site
from tests.errors.test_content_errors import EN, FR, ISSUE, PAGE_FR, VALID, Case, apply, fr

FRONT = "title: Une alliance\nabstract: Un résumé.\ndate: 2019-06-01\nissue: 2019-2\n"  # lines 2-5 of a.fr.md
PO = "locales/fr/LC_MESSAGES/messages.po"
BAD_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"

#, python-format
msgid "%(percent)s of the article left to read"
msgstr "%(pourcent)s restant"
"""
SENTINEL = "ZORGLUB"


def assert_failed(result, out: Path, before: dict[str, bytes] | None, expected, count: int | None = None, mentions=()):
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    for start in expected:
        assert any(line.startswith(start) for line in lines), f"no stderr line starts with {start!r}:\n{result.stderr}"
    for text in mentions:
        assert text in result.stderr, result.stderr
    if count is not None:
        assert lines[-1] == f"build failed: {count} error(s); {out} is left as it was", result.stderr
    if before is not None:
        assert snapshot(out) == before


# ---- control characters ----------------------------------------------------------------------------------------

CONTROL_CASES = [
    Case(
        "nul-in-front-matter",
        {FR: "---\ntitle: Une\x00 alliance\nabstract: Un résumé.\ndate: 2019-06-01\nissue: 2019-2\n---\nTexte.\n"},
        (f"{FR}:2: a control character YAML does not allow (U+0000)",),
    ),
    Case(
        "escape-in-front-matter",
        {FR: "---\ntitle: Une alliance\nabstract: Un \x1b[31mrésumé.\ndate: 2019-06-01\nissue: 2019-2\n---\nTexte.\n"},
        (f"{FR}:3: a control character YAML does not allow (U+001B)",),
    ),
    Case(
        "bell-in-front-matter-of-a-page",
        {PAGE_FR: "---\ntitle: À propos\nslug: a-propos\x07\n---\nTexte.\n"},
        (f"{PAGE_FR}:3: a control character YAML does not allow (U+0007)",),
    ),
    Case(
        "nul-in-site-yaml",
        {"site.yaml": SITE_YAML.replace("languages: [fr, en]", "languages: [fr, en]\x00")},
        ("site.yaml:3: a control character YAML does not allow (U+0000)",),
    ),
    Case(
        "control-character-in-an-issue-file",
        {ISSUE: "volume: 75\nnumber: 2\x01\ndate: 2019-06-01\n"},
        (f"{ISSUE}:2: a control character YAML does not allow (U+0001)",),
    ),
    Case(
        "control-character-written-as-a-yaml-escape",
        {FR: '---\ntitle: "Une \\x01 alliance"\nabstract: Un résumé.\ndate: 2019-06-01\nissue: 2019-2\n---\nTexte.\n'},
        (f"{FR}:2: 'title' holds a control character (U+0001), which no page nor XML file can hold; remove it",),
    ),
    Case(
        "control-character-written-as-a-character-reference-in-a-title",
        {FR: "---\ntitle: Une &#1; alliance\nabstract: Un résumé.\ndate: 2019-06-01\nissue: 2019-2\n---\nTexte.\n"},
        (f"{FR}:2: 'title' holds &#1;, a control character (U+0001), which no page nor XML file can hold; remove it",),
    ),
    Case(
        "control-character-written-as-a-character-reference-in-a-body",
        {FR: "---\n" + FRONT + "---\nPremier &#x1b; paragraphe.\n"},
        (f"{FR}:7: the text holds &#x1b;, a control character (U+001B), which no page nor XML file can hold; remove it",),
    ),
    Case(
        "control-character-written-as-a-character-reference-in-a-page",
        {PAGE_FR: "---\ntitle: À propos\nslug: a-propos\n---\nTexte &#7; ici.\n"},
        (f"{PAGE_FR}:5: the text holds &#7;, a control character (U+0007), which no page nor XML file can hold; remove it",),
    ),
    Case(
        "c1-control-written-as-a-yaml-escape",  # the Nu HTML Checker's "Forbidden code point", as DEL and noncharacters
        {FR: '---\ntitle: "Une \\x80 alliance"\nabstract: Un résumé.\ndate: 2019-06-01\nissue: 2019-2\n---\nTexte.\n'},
        (f"{FR}:2: 'title' holds a control character (U+0080), which no page nor XML file can hold; remove it",),
    ),
    Case(
        "noncharacter-written-as-a-yaml-escape",
        {FR: '---\ntitle: "Une \\ufdd0 alliance"\nabstract: Un résumé.\ndate: 2019-06-01\nissue: 2019-2\n---\nTexte.\n'},
        (f"{FR}:2: 'title' holds a noncharacter (U+FDD0), which no page nor XML file can hold; remove it",),
    ),
    Case(
        "c1-control-in-a-body-read-in-the-wrong-encoding",
        {FR: "---\n" + FRONT + "---\nL\u0092alliance.\n"},
        (f"{FR}:7: the text holds a control character (U+0092), which no page nor XML file can hold; remove it",),
    ),
    Case(
        "delete-written-as-a-character-reference-in-a-body",
        {FR: "---\n" + FRONT + "---\nPremier &#127; paragraphe.\n"},
        (f"{FR}:7: the text holds &#127;, a control character (U+007F), which no page nor XML file can hold; remove it",),
    ),
    Case(
        "nul-in-an-issue-file",
        {ISSUE: "volume: 75\nnumber: 2\ndate: 2019-06-01\x00\n"},
        (f"{ISSUE}:3: a control character YAML does not allow (U+0000)",),
    ),
]

# ---- site.yaml, catalogs, front matter values ----------------------------------------------------------------

VALUE_CASES = [
    Case(
        "catalog-with-a-wrong-placeholder",
        {PO: BAD_PO},
        (f"{PO}:7: ",),
        mentions=("pourcent",),
    ),
    Case(
        "purchase-url-with-an-unknown-placeholder",
        {"site.yaml": SITE_YAML + '  purchase_url: "https://shop.example.org/{issue}"\n'},
        ("site.yaml:4: 'purchase_url': unknown placeholder {issue}",),
    ),
    Case(
        "purchase-url-with-attribute-access",
        {"site.yaml": SITE_YAML + '  purchase_url: "https://shop.example.org/{doi.__class__}"\n'},
        ("site.yaml:4: 'purchase_url': unknown placeholder",),
    ),
    Case(
        "purchase-url-with-an-unclosed-brace",
        {"site.yaml": SITE_YAML + '  purchase_url: "https://shop.example.org/{doi"\n'},
        ("site.yaml:4: 'purchase_url': ",),
        mentions=("{{ and }}",),
    ),
    Case(
        "purchase-url-with-a-stray-opening-brace",
        {"site.yaml": SITE_YAML + '  purchase_url: "https://shop.example.org/{"\n'},
        ("site.yaml:4: 'purchase_url': ",),
    ),
    Case(
        "purchase-url-with-a-stray-closing-brace",
        {"site.yaml": SITE_YAML + '  purchase_url: "https://shop.example.org/a}b/{doi}"\n'},
        ("site.yaml:4: 'purchase_url': ",),
    ),
    Case(
        "access-url-javascript",
        {"site.yaml": SITE_YAML + '  access_url: "javascript:x"\n'},
        ("site.yaml:4: 'access_url' must be an absolute http(s) URL, not 'javascript:x'",),
    ),
    Case(
        "purchase-url-javascript",
        {"site.yaml": SITE_YAML + '  purchase_url: "javascript:alert(1)"\n'},
        ("site.yaml:4: 'purchase_url' must be an absolute http(s) URL",),
    ),
    Case(
        "pdf-javascript",
        {FR: fr(FRONT + 'pdf: "javascript:alert(1)"\n')},
        (f"{FR}:6: 'pdf' must be an http(s) URL or a .pdf file beside the article, not 'javascript:alert(1)'",),
    ),
    Case(
        "pdf-javascript-ending-in-pdf",
        {FR: fr(FRONT + 'pdf: "JavaScript:alert(1)//x.pdf"\n')},
        (f"{FR}:6: 'pdf' must be an http(s) URL or a .pdf file beside the article",),
    ),
    Case(
        "pdf-data-url",
        {FR: fr(FRONT + 'pdf: "data:application/pdf;base64,AAAA.pdf"\n')},
        (f"{FR}:6: 'pdf' must be an http(s) URL or a .pdf file beside the article",),
    ),
    Case(
        "pdf-outside-the-article-folder",
        {FR: fr(FRONT + 'pdf: "../../site.pdf"\n')},
        (f"{FR}:6: 'pdf' must be an http(s) URL or a .pdf file beside the article",),
    ),
]

# ---- aliases -------------------------------------------------------------------------------------------------

DOT_ALIAS = "web servers read such files (.htaccess) or keep such folders (.well-known) for themselves"

ALIAS_CASES = [
    Case(
        "alias-with-a-dot-segment",
        {FR: fr(FRONT + 'aliases: ["/fr/./"]\n')},
        (f"{FR}:6: an alias is an earlier path of this article on the site",),
    ),
    Case(
        "alias-with-a-dot-dot-segment",
        {FR: fr(FRONT + 'aliases: ["/fr/../../etc/"]\n')},
        (f"{FR}:6: an alias is an earlier path of this article on the site",),
    ),
    Case(
        "alias-in-static",
        {FR: fr(FRONT + 'aliases: ["/static/icon.svg"]\n')},
        (f"{FR}:6: an alias is an earlier path of this article on the site",),
    ),
    Case(
        "alias-on-a-dot-file",
        {FR: fr(FRONT + "aliases: [/.htaccess]\n")},
        (f"{FR}:6: an alias may not have a segment beginning with '.' ('.htaccess'): {DOT_ALIAS}",),
    ),
    Case(
        "alias-in-a-dot-folder",
        {FR: fr(FRONT + 'aliases: ["/fr/articles/old/", "/.well-known/acme-challenge/x"]\n')},
        (f"{FR}:6: an alias may not have a segment beginning with '.' ('.well-known'): {DOT_ALIAS}",),
    ),
    Case(
        "alias-on-a-dot-file-in-a-folder",
        {FR: fr(FRONT + 'aliases: ["/fr/articles/.env/"]\n')},
        (f"{FR}:6: an alias may not have a segment beginning with '.' ('.env'): {DOT_ALIAS}",),
    ),
    Case(
        "alias-on-the-french-home",
        {FR: fr(FRONT + 'aliases: ["/fr/"]\n')},
        ("content/articles/a.fr.md:6: two pages would be written at /fr/",),
    ),
    Case(
        "alias-on-a-page",
        {EN: "---\ntitle: An alliance\nabstract: An abstract.\naliases: [/en/about/]\n---\nFirst paragraph.\n"},
        ("content/pages/about.en.md:1: two pages would be written at /en/about/", f"{EN}:4: see also"),
    ),
    Case(
        "alias-on-the-other-version",
        {FR: fr(FRONT + 'aliases: ["/en/articles/a/"]\n')},
        ("",),
        mentions=("two pages would be written at /en/articles/a/",),
    ),
]

# ---- templates -----------------------------------------------------------------------------------------------

TEMPLATE_CASES = [
    Case(
        "two-broken-templates-in-one-run",
        {"templates/home.html": "{% if %}\n", "templates/issue.html": "ok\n{% for x in %}\n"},
        ("templates/home.html:1: ", "templates/issue.html:2: "),
        count=2,
    ),
    Case(
        "a-template-raising-while-rendering",
        {"templates/page.html": '{% extends "base.html" %}\n{% block main %}\n<p>\n{{ 1/0 }}\n</p>\n{% endblock %}\n'},
        ("templates/page.html:4: ",),
        mentions=("ZeroDivisionError",),
    ),
    Case(
        "a-template-with-an-undefined-name",
        {"templates/page.html": '{% extends "base.html" %}\n{% block main %}\n{{ no_such_thing.x }}\n{% endblock %}\n'},
        ("templates/page.html:3: ",),
        mentions=("no_such_thing",),
    ),
    Case(  # the class by its name, not the module that holds it today ('diptych.views.page.PageView object')
        "a-template-reading-what-a-view-does-not-hold",
        {"templates/page.html": '{% extends "base.html" %}\n{% block main %}\n{{ page_view.no_such_field.x }}\n{% endblock %}\n'},
        ("templates/page.html:3: ",),
        mentions=("'PageView object' has no attribute 'no_such_field'",),
    ),
    Case(  # the publisher's own words are left as written, even ones that look like a class's qualified name
        "a-template-whose-own-text-looks-like-a-qualified-name",
        {
            "templates/page.html": '{% extends "base.html" %}\n{% block main %}\n{{ page_view["see \'diptych.views.page.PageView object\'"] }}\n{% endblock %}\n'
        },
        ("templates/page.html:3: ",),
        mentions=("'PageView object' has no attribute \"see 'diptych.views.page.PageView object'\"",),
    ),
]

# ---- several kinds at once -----------------------------------------------------------------------------------

MIXED_CASES = [
    Case(
        "content-template-and-catalog-errors-together",
        {
            FR: fr(FRONT + "auteur: Anne Martin\n"),
            "templates/home.html": "{% if %}\n",
            PO: BAD_PO,
        },
        (f"{FR}:6: unknown field 'auteur'", "templates/home.html:1: ", f"{PO}:7: "),
        count=3,
    ),
]

CASES = CONTROL_CASES + VALUE_CASES + ALIAS_CASES + TEMPLATE_CASES + MIXED_CASES


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_an_error_not_a_traceback(built, case: Case):
    site, out, before = built
    apply(site, case.changes)
    result = run_build("--site", site, "--out", out)
    assert_failed(result, out, before, case.expected, case.count, case.mentions)


def test_a_control_character_in_front_matter_is_at_its_line_in_a_crlf_file(built):
    site, out, before = built
    (site / FR).write_bytes(
        b"---\r\ntitle: Une alliance\r\nabstract: Un r\xc3\xa9sum\xc3\xa9.\r\ndate: 2019-06-01\x00\r\n---\r\nT.\r\n"
    )
    result = run_build("--site", site, "--out", out)
    assert_failed(result, out, before, (f"{FR}:4: a control character YAML does not allow (U+0000)",), 1)


# ---- file names that would cut a line -------------------------------------------------------------------------


def test_a_file_name_holding_a_newline_or_a_control_character_stays_on_its_line(built):
    """A newline in a file name would cut `path:line: message` in two, and an escape character would speak to the
    terminal: such a name is shown in double quotes, with C escapes; an ordinary name beside it, as it is."""
    site, out, before = built
    untitled = fr("abstract: Un résumé.\ndate: 2019-06-01\nslug: {}\n")  # no title: an error at line 1
    names = {"b\nc": "b-c", "d\te\x1bf": "d-e", "ok": "ok"}
    apply(site, {f"content/articles/{name}.fr.md": untitled.format(slug) for name, slug in names.items()})
    result = run_build("--site", site, "--out", out)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines() == [
        "\"content/articles/b\\nc.fr.md\":1: missing required field 'title'",
        "\"content/articles/d\\te\\x1bf.fr.md\":1: missing required field 'title'",
        "content/articles/ok.fr.md:1: missing required field 'title'",
        f"build failed: 3 error(s); {out} is left as it was",
    ]
    assert snapshot(out) == before


# ---- the paywall marker, in a build --------------------------------------------------------------------------

NEAR_MISSES = ["<!-- pay wall -->", "<!-- PAY-WALL -->", "<!--paywall->", "<!- paywall -->", "<!-- paywall --> suite"]


@pytest.mark.parametrize("line", NEAR_MISSES)
def test_a_near_miss_marker_is_an_error_at_its_line(built, line: str):
    site, out, before = built
    # front matter lines 1-6, body from line 7: "Un." 7, blank 8, the near miss on line 9
    apply(site, {FR: fr(FRONT, f"Un.\n\n{line}\n\nDeux.\n\nTrois.\n")})
    result = run_build("--site", site, "--out", out)
    assert_failed(result, out, before, (f"{FR}:9: this looks like a paywall marker but is not one",), 1)


def test_a_body_with_cr_only_line_endings_is_cut_at_its_marker(built):
    site, out, before = built
    text = fr(FRONT, f"Premier paragraphe.\n\n<!-- PAYWALL -->\n\n{SENTINEL} deuxième.\n\nTroisième.\n")
    (site / FR).write_bytes(text.replace("\n", "\r").encode("utf-8"))
    result = run_build("--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    page = (out / "fr/articles/a/index.html").read_text(encoding="utf-8")
    assert "Premier paragraphe." in page
    assert SENTINEL not in page
    assert "Troisième" not in page
    assert SENTINEL not in "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())


# ---- the output folder ---------------------------------------------------------------------------------------


def test_out_whose_parent_is_a_regular_file(tmp_path: Path):
    site = write_site(tmp_path / "site", VALID, site_yaml=None)
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder\n", encoding="utf-8")
    out = blocker / "out"
    result = run_build("--site", site, "--out", out)
    assert_failed(result, out, None, (), None, mentions=("cannot write the output",))
    assert result.stderr.splitlines()[-1] == f"build failed: 1 error(s); {out} is left as it was"
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize("inside", ["content", "content/articles", "templates", "locales", ".diptych-cache", ".diptych-cache/v1"])
def test_out_inside_a_folder_the_build_reads(tmp_path: Path, inside: str):
    site = write_site(tmp_path / "site", {**VALID, "templates/.keep": "", "locales/.keep": ""}, site_yaml=None)
    before = snapshot(site)
    out = site / inside / "out"
    result = run_build("--site", site, "--out", out)
    top = inside.split("/")[0]
    assert_failed(result, out, None, (f"{out}: the output folder is inside the site's {top}/",), 1)
    assert snapshot(site) == before  # nothing written into the site


# ---- YAML alias bombs and pathological headings: they end, quickly ---------------------------------------------

BOMB = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]" for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
]


def run_with_timeout(site: Path, out: Path, seconds: float = 30):
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--site", str(site), "--out", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=seconds,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build did not finish within {seconds} s")
    return result, time.monotonic() - started


def test_an_alias_bomb_in_front_matter_ends_with_errors_for_its_unknown_fields(built):
    site, out, before = built
    apply(site, {FR: fr(FRONT + "\n".join(BOMB) + "\n")})  # a on line 6 ... i on line 14
    result, seconds = run_with_timeout(site, out)
    expected = [f"{FR}:{line}: unknown field '{name}'" for line, name in enumerate("abcdefghi", 6)]
    assert_failed(result, out, before, expected, 9)
    assert seconds < 20


@pytest.mark.parametrize(
    "field, rel",
    [("access", FR), ("date", FR), ("outline", FR), ("keywords", FR), ("authors", FR), ("date", ISSUE), ("access", "site.yaml")],
    ids=[
        "front-matter-access",
        "front-matter-date",
        "front-matter-outline",
        "front-matter-keywords",
        "front-matter-authors",
        "issue-date",
        "site-yaml-paywall-access",
    ],
)
def test_an_alias_bomb_in_a_known_field_ends_with_an_error(built, field: str, rel: str):
    site, out, before = built
    if rel == FR:
        front = "".join(line + "\n" for line in FRONT.splitlines() if not line.startswith(f"{field}:"))
        apply(site, {FR: fr(front + "\n".join(BOMB) + f"\n{field}: *i\n")})
    elif rel == ISSUE:
        apply(site, {ISSUE: "volume: 75\nnumber: 2\n" + "\n".join(BOMB) + f"\n{field}: *i\n"})
    else:  # site.yaml's paywall.access
        apply(site, {"site.yaml": "\n".join(BOMB) + "\n" + SITE_YAML.replace("access: paywalled", "access: *i")})
    result, seconds = run_with_timeout(site, out)
    assert_failed(result, out, before, (f"{rel}:",))
    assert any(f"'{field}'" in line or "author" in line for line in result.stderr.splitlines()), result.stderr
    assert seconds < 20


def test_an_alias_bomb_in_site_yaml_ends(built):
    site, out, before = built
    apply(site, {"site.yaml": SITE_YAML + "\n".join(BOMB) + "\n"})
    result, seconds = run_with_timeout(site, out)
    assert_failed(result, out, before, ("site.yaml:7: unknown field 'a'", "site.yaml:15: unknown field 'i'"), 9)
    assert seconds < 20


def test_a_front_matter_line_of_200000_spaces_is_an_error_in_seconds(built):
    """The publisher's-words reading of a YAML error matched its line with a lazy value before \\s*$: quadratic in the
    spaces (40 s for 100,000 of them)."""
    site, out, before = built
    apply(site, {FR: fr("title: Une alliance : la Russie" + " " * 200_000 + "x\nabstract: Un résumé.\ndate: 2019-06-01\n")})
    result, seconds = run_with_timeout(site, out)
    assert_failed(result, out, before, (f"{FR}:2: the value of 'title' holds ': '",))
    assert seconds < 20


def test_a_withheld_heading_of_60000_spaces_builds_in_seconds(built):
    site, out, _ = built
    heading = "## a" + " " * 60_000 + "b"
    body = f"Un.\n\n<!-- paywall -->\n\nDeux.\n\n{heading}\n\nTrois.\n\n### c{' ' * 60_000}#\n\nQuatre.\n"
    apply(site, {FR: fr(FRONT, body)})
    result, seconds = run_with_timeout(site, out)
    assert result.returncode == 0, result.stderr
    assert seconds < 20
    page = (out / "fr/articles/a/index.html").read_text(encoding="utf-8")
    assert "Trois" not in page and "Quatre" not in page
