"""French typography by rules (locales/fr/typography.yaml), applied to the text of rendered pages only."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diptych.theme import load_typography
from diptych.typography import apply
from tests.conftest import ROOT, write_site

FR, _ = load_typography(ROOT, "fr")
NNBSP, NBSP = "\u202f", "\u00a0"


def rules(lang: str):
    return FR if lang == "fr" else None


def page(body: str, lang: str = "fr") -> str:
    return f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><title>T</title></head>\n<body>{body}</body>\n</html>\n'


def body(out: str) -> str:
    return out.split("<body>", 1)[1].split("</body>", 1)[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qui ? Quoi! Oui ; non.", f"Qui{NNBSP}? Quoi{NNBSP}! Oui{NNBSP}; non."),
        ("Note: voir plus bas", f"Note{NBSP}: voir plus bas"),
        ("« la dissuasion »", f"«{NNBSP}la dissuasion{NNBSP}»"),
        ("«la dissuasion»", f"«{NNBSP}la dissuasion{NNBSP}»"),
        ("Il reste 93 % ; 10 000 soldats", f"Il reste 93{NNBSP}%{NNBSP}; 10{NNBSP}000 soldats"),
        (
            "le 1 juin 2019, le 11 juin, le 21 mars, le 1 janv. 2020",
            "le 1er juin 2019, le 11 juin, le 21 mars, le 1er janv. 2020",
        ),
        ("à 10:30, en 2019", "à 10:30, en 2019"),  # no colon rule inside a time, no digit group in a year
        ("Quoi ?!", f"Quoi{NNBSP}?!"),  # one space before a run of marks
        (
            "Voir https://doi.org/10.1/x?y=1 ; ou www.example.org/a?b",
            f"Voir https://doi.org/10.1/x?y=1{NNBSP}; ou www.example.org/a?b",
        ),
        ("Écrire à revue@example.org ; merci", f"Écrire à revue@example.org{NNBSP}; merci"),
    ],
)
def test_french_rules_on_text(text: str, expected: str) -> None:
    assert FR is not None
    assert FR.text(text) == expected


def test_rules_are_idempotent() -> None:
    once = FR.text("« Qui ? » : le 1 juin, 10 000 hommes, 93 %")
    assert FR.text(once) == once


def test_nested_markup_and_guillemets_across_a_tag() -> None:
    out = body(apply(page('<p>«<i>Titre</i>» et <b>Qui</b>? <a href="/x?y=1:2">lien</a>: fin</p>'), "fr", rules))
    assert out == f'<p>«{NNBSP}<i>Titre</i>{NNBSP}» et <b>Qui</b>{NNBSP}? <a href="/x?y=1:2">lien</a>{NBSP}: fin</p>'
    # a run of text goes on across an inline tag: "Qui</b>?" is "Qui?" to the rules


def test_code_pre_kbd_script_style_and_attributes_are_left_as_written() -> None:
    source = (
        '<p title="Qui ? Quoi : ici">Texte <code>a ? b : c</code> <kbd>Ctrl : C</kbd></p>'
        "<pre>x ? y : z</pre><script>var a = 'x : y ?';</script><style>a:hover{color:red}</style>"
    )
    assert body(apply(page(source), "fr", rules)) == source


def test_entities_are_read_as_the_characters_they_stand_for() -> None:
    out = body(apply(page("<p>A &amp; B ? &laquo;C&raquo; &lt;D&gt; :</p>"), "fr", rules))
    assert out == f"<p>A &amp; B{NNBSP}? «{NNBSP}C{NNBSP}» &lt;D&gt;{NBSP}:</p>"


def test_english_text_is_untouched_and_french_fragments_of_an_english_page_are_set() -> None:
    source = '<p>What? Yes: « no ».</p><section lang="fr"><p>Quoi? Oui: non.</p></section><p>Again? Yes.</p>'
    out = body(apply(page(source, "en"), "en", rules))
    assert out == f'<p>What? Yes: « no ».</p><section lang="fr"><p>Quoi{NNBSP}? Oui{NBSP}: non.</p></section><p>Again? Yes.</p>'


def test_an_english_fragment_of_a_french_page_is_untouched() -> None:
    source = '<p>Quoi?</p><p lang="en">What? Yes: no.</p>'
    assert body(apply(page(source), "fr", rules)) == f'<p>Quoi{NNBSP}?</p><p lang="en">What? Yes: no.</p>'


def test_page_title_and_meta_description_are_set_other_attributes_not() -> None:
    source = (
        '<!DOCTYPE html><html lang="fr"><head><title>Qui ? – Revue</title>'
        '<meta name="description" content="Une question : laquelle ?">'
        '<meta property="og:title" content="Qui ?"><meta name="citation_title" content="Qui ?">'
        '<link rel="alternate" title="Flux : Revue" href="/fr/feed.xml"></head><body></body></html>'
    )
    out = apply(source, "fr", rules)
    assert f"<title>Qui{NNBSP}? – Revue</title>" in out
    assert f'<meta name="description" content="Une question{NBSP}: laquelle{NNBSP}?">' in out
    assert f'<meta property="og:title" content="Qui{NNBSP}?">' in out
    assert '<meta name="citation_title" content="Qui ?">' in out  # for machines: as written
    assert 'title="Flux : Revue"' in out


def test_a_language_without_rules_keeps_its_text_byte_for_byte() -> None:
    source = page("<p>Quoi ? « oui » : 10 000 hommes</p>", "de")
    assert apply(source, "de", rules) == source


class Visible(HTMLParser):
    """The text a reader sees, and the markup, to compare before and after."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(a for a in attrs if a[0] != "content")))

    def handle_endtag(self, tag):
        self.tags.append(("/" + tag,))

    def handle_data(self, data):
        self.text.append(data)


def seen(source: str) -> tuple[str, list]:
    parser = Visible()
    parser.feed(source)
    parser.close()
    return "".join(parser.text), parser.tags


SPACE = re.compile(r"[ \u00a0\u202f\u2009]")
pieces = st.sampled_from(
    ["Qui", " ", "?", "!", ";", ":", "«", "»", "%", "1", "10", "000", " juin", "janv.", "é", "&amp;", "&lt;", "&#39;",
     "<i>", "</i>", "<code>", "</code>", '<span lang="en">', "</span>", "http://x.org/a?b:c", "\u00a0", "\u202f", "\n"]
)  # fmt: skip


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(pieces, max_size=40))
def test_the_rules_change_nothing_but_spaces(parts: list[str]) -> None:
    source = page("<p>" + "".join(parts) + "</p>")
    out = apply(source, "fr", rules)
    before, tags_before = seen(source)
    after, tags_after = seen(out)
    assert tags_after == tags_before  # the markup is the same
    assert SPACE.sub("", after).replace("1er", "1") == SPACE.sub("", before)  # and the text but for its spaces


def test_a_broken_rule_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "locales/fr/typography.yaml": 'rules:\n  - {name: ok, find: "a", replace: "b"}\n  - {name: bad, find: "(", replace: "x"}\n'
        },
    )
    rules_, errors = load_typography(site, "fr")
    assert rules_ is None
    assert [str(e) for e in errors] == [
        "locales/fr/typography.yaml:3: this rule's `find` is not a regular expression: missing ), unterminated subpattern at position 0"
    ]


def test_the_sample_site_is_set_in_french(sample_output: Path) -> None:
    article = (sample_output / "fr/articles/cartographier-archipel-des-brumes/index.html").read_text(encoding="utf-8")
    assert f"Disponible sur{NBSP}: https://doi.org/" in article  # citeproc's locale text, set by the rules
    assert f"Archipel des Brumes{NBSP}: les cartes marines" in html.unescape(article)  # the title, written " : "
    english = (sample_output / "en/articles/charting-the-archipelago-of-mists/index.html").read_text(encoding="utf-8")
    assert "Available at: https://doi.org/" in english


@pytest.mark.parametrize(
    ("text", "before"),
    [
        ("Qui ? Quoi! Oui ; non.", ""),
        ("« la dissuasion »", ""),
        ("»", " "),
        ("; la suite", "x"),
        ("Voir https://doi.org/10.1/x?y=1 ; ou www.example.org/a?b", ""),
        ("le 1 juin 2019 : 10 000 soldats, 93 %", "«"),
    ],
)
def test_remembered_text_is_the_computed_one(text: str, before: str) -> None:
    assert FR is not None
    expected = FR.text_uncached(text, before)
    assert FR.text(text, before) == expected
    assert FR.text(text, before) == expected  # the second time from the cache


def test_remembered_texts_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import diptych.typography

    monkeypatch.setattr(diptych.typography, "CACHED_TEXTS", 3)
    fresh, _ = load_typography(ROOT, "fr")
    assert fresh is not None
    for n in range(10):
        assert fresh.text(f"{n} ; fin", "") == fresh.text_uncached(f"{n} ; fin")
    assert len(fresh._set) == 3


def test_a_sites_own_rules_join_its_titles_in_every_plain_text(tmp_path: Path) -> None:
    """The joint of title and subtitle (' : ' in French) follows the site's own rules, like the rest of its text:
    here a site that wants a narrow no-break space before the colon gets it in its meta tags, feed and citation
    files too, not the default rules' no-break space."""
    from diptych import build

    site = write_site(
        tmp_path / "site",
        {
            "locales/fr/typography.yaml": 'rules:\n  - {name: colon, find: "(?<=\\\\S) ?:(?=\\\\s)", replace: "\\u202f:"}\n',
            "content/articles/cartes.fr.md": """\
                ---
                title: Les cartes
                subtitle: une histoire
                abstract: Un résumé.
                date: 2024-03-05
                access: free
                ---

                Le texte.
                """,
        },
    )
    out = tmp_path / "out"
    build(site, out, jobs=1, cache=False)
    joined = f"Les cartes{NNBSP}: une histoire"
    page = (out / "fr/articles/cartes/index.html").read_text(encoding="utf-8")
    assert f'<meta name="citation_title" content="{joined}">' in page
    assert f'"headline":"{joined}"' in page
    assert f"<title>{joined}</title>" in (out / "fr/feed.xml").read_text(encoding="utf-8")
    assert f"TI  - {joined}" in (out / "fr/articles/cartes/cartes.ris").read_text(encoding="utf-8")
    assert f"{NBSP}:" not in (out / "fr/articles/cartes/cartes.ris").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("replace", "said"),
    [
        ("\\\\2", "invalid group reference 2 at position 1"),
        ("\\\\g<nom>", "unknown group name 'nom'"),
        ("\\\\q", "bad escape \\q at position 0"),
    ],
)
def test_a_replacement_that_does_not_fit_its_rule_is_an_error_at_its_line(tmp_path: Path, replace: str, said: str) -> None:
    """A `replace` naming a group its `find` lacks fails only when the rule first matches (re.sub): found when the
    rules are read, at their line, and not as a traceback from the first French title ('check') or blamed on the
    templates (a build)."""
    site = write_site(
        tmp_path / "site",
        {
            "locales/fr/typography.yaml": f'rules:\n  - {{name: ok, find: "a", replace: "b"}}\n  - {{name: bad, find: "(:) ", replace: "{replace}"}}\n'
        },
    )
    rules_, errors = load_typography(site, "fr")
    assert rules_ is None
    assert [str(e) for e in errors] == [f"locales/fr/typography.yaml:3: this rule's `replace` does not fit its `find`: {said}"]
