"""i18n: Babel formatting per page language, and catalogs merged (the site's over the defaults)."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from babel.support import NullTranslations, Translations

from diptych.i18n import Formats
from diptych.theme import load_translations
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "12 juin 2019"), ("en", "June 12, 2019"), ("de", "12. Juni 2019")],
)
def test_dates_in_the_page_language(lang: str, expected: str) -> None:
    assert Formats(lang).date(date(2019, 6, 12)) == expected


def test_the_first_of_the_month_in_french_is_plain() -> None:
    assert Formats("fr").date(date(2019, 6, 1)) == "1 juin 2019"


@pytest.mark.parametrize(("lang", "expected"), [("fr", "93\xa0%"), ("en", "93%"), ("fr", "1\xa0%"), ("en", "100%")])
def test_percent(lang: str, expected: str) -> None:
    whole = int(expected.rstrip("%\xa0"))
    assert Formats(lang).percent(whole) == expected


def test_language_names_in_the_page_language() -> None:
    assert Formats("fr").language("en") == "anglais"
    assert Formats("en").language("fr") == "French"
    assert Formats("de").language("fr") == "Französisch"


@pytest.mark.parametrize(("code", "name"), [("fr", "Français"), ("en", "English"), ("de", "Deutsch")])
def test_autonyms_are_capitalised(code: str, name: str) -> None:
    assert Formats.autonym(code) == name


def test_numbers() -> None:
    assert Formats("en").number(1234567) == "1,234,567"
    assert Formats("fr").number(1234567) == "1\u202f234\u202f567"


PO_HEADER = """\
msgid ""
msgstr ""
"Language: {lang}\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""


def write_po(site: Path, lang: str, body: str) -> Path:
    path = site / "locales" / lang / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(PO_HEADER.format(lang=lang) + textwrap.dedent(body), encoding="utf-8")
    return path


def test_the_default_catalogs_translate_the_interface() -> None:
    fr, errors = load_translations(ROOT, "fr")
    assert errors == []
    assert fr.gettext("Article outline") == "Plan de l’article"
    assert fr.pgettext("URL segment", "issues") == "numeros"
    assert (
        fr.gettext("%(percent)s of the article left to read") % {"percent": "93\xa0%"} == "Il reste 93\xa0% de l’article à lire"
    )


def test_a_site_catalog_overrides_one_message_and_keeps_the_others(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_po(site, "fr", 'msgid "Article outline"\nmsgstr "Sommaire de l’article"\n')
    fr, errors = load_translations(site, "fr")
    assert errors == []
    assert fr.gettext("Article outline") == "Sommaire de l’article"  # the site's
    assert fr.gettext("Abstract") == "Résumé"  # the default's
    assert fr.pgettext("URL segment", "keywords") == "mots-cles"
    default, _ = load_translations(ROOT, "fr")
    assert default.gettext("Article outline") == "Plan de l’article"  # the defaults are left alone


def test_a_site_catalog_for_a_new_language(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_po(site, "de", 'msgid "Abstract"\nmsgstr "Zusammenfassung"\n')
    de, errors = load_translations(site, "de")
    assert errors == []
    assert isinstance(de, Translations)
    assert de.gettext("Abstract") == "Zusammenfassung"
    assert de.gettext("Keywords") == "Keywords"  # untranslated: the msgid


def test_a_language_without_any_catalog_gets_null_translations(tmp_path: Path) -> None:
    translations, errors = load_translations(tmp_path, "de")
    assert errors == []
    assert type(translations) is NullTranslations
    assert translations.gettext("Article outline") == "Article outline"
    assert translations.pgettext("URL segment", "issues") == "issues"


def test_a_broken_site_catalog_is_an_error_naming_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    path = write_po(site, "fr", 'msgid "Abstract"\nun mot de trop\nmsgstr "Résumé"\n')
    line = path.read_text(encoding="utf-8").splitlines().index("un mot de trop") + 1
    _, errors = load_translations(site, "fr")
    assert len(errors) == 1
    assert str(errors[0]).startswith(f"locales/fr/LC_MESSAGES/messages.po:{line}: ")
