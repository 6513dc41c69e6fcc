"""load_config: site.yaml -> SiteConfig, with defaults, and every problem as a ContentError with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from diptych.config import PaywallSettings, load_config

MINIMAL = """\
title: {fr: "Revue d'essai", en: "Test Journal"}
base_url: https://revue.example.org
languages: [fr, en]
"""


def config_of(tmp_path: Path, text: str):
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path)


def messages(errors) -> list[str]:
    return [str(error) for error in errors]


def test_defaults_of_a_minimal_site_yaml(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL)
    assert errors == []
    assert dict(config.title) == {"fr": "Revue d'essai", "en": "Test Journal"}
    assert config.base_url == "https://revue.example.org"
    assert config.languages == ("fr", "en")
    assert config.default_language == "fr"
    assert dict(config.description) == {}
    assert config.publisher is None and config.issn is None and config.eissn is None
    assert config.paywall == PaywallSettings(access="paywalled", teaser_paragraphs=3, purchase_url=None, access_url=None)
    assert config.per_page == 20
    assert dict(config.segments) == {}
    assert config.base_path == ""


def test_the_first_language_is_the_default(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL.replace("[fr, en]", "[en, fr]"))
    assert errors == []
    assert config.languages == ("en", "fr") and config.default_language == "en"


@pytest.mark.parametrize(
    ("base_url", "stored", "base_path"),
    [
        ("https://revue.example.org", "https://revue.example.org", ""),
        ("https://revue.example.org/", "https://revue.example.org", ""),
        ("https://example.org/revue", "https://example.org/revue", "/revue"),
        ("https://example.org/revue/", "https://example.org/revue", "/revue"),
        ("http://example.org/presses/revue/", "http://example.org/presses/revue", "/presses/revue"),
    ],
)
def test_base_url_and_its_path(tmp_path: Path, base_url: str, stored: str, base_path: str):
    config, errors = config_of(tmp_path, MINIMAL.replace("https://revue.example.org", base_url))
    assert errors == []
    assert config.base_url == stored
    assert config.base_path == base_path


@pytest.mark.parametrize("base_url", ["revue.example.org", "/revue", "ftp://example.org", "https://example.org/?lang=fr"])
def test_base_url_must_be_absolute_http(tmp_path: Path, base_url: str):
    config, errors = config_of(tmp_path, MINIMAL.replace("https://revue.example.org", base_url))
    assert config is None
    assert messages(errors) == [f"site.yaml:2: 'base_url' must be an absolute http(s) URL, not {base_url!r}"]


def test_a_plain_string_title_stands_for_every_language(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL.replace('{fr: "Revue d\'essai", en: "Test Journal"}', "Diptyque"))
    assert errors == []
    assert dict(config.title) == {"fr": "Diptyque", "en": "Diptyque"}


def test_a_title_must_give_every_language(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL.replace(', en: "Test Journal"', ""))
    assert config is None
    assert messages(errors) == ["site.yaml:1: 'title' lacks the language(s) en"]


def test_description_may_give_some_languages_only(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL + 'description: {fr: "Une revue."}\n')
    assert errors == []
    assert dict(config.description) == {"fr": "Une revue."}


def test_the_config_is_read_only(tmp_path: Path):
    config, _ = config_of(tmp_path, MINIMAL)
    with pytest.raises(TypeError):
        config.title["fr"] = "Autre"  # type: ignore[index]


def test_paywall_settings(tmp_path: Path):
    text = MINIMAL + "paywall:\n  access: free\n  teaser_paragraphs: 5\n  purchase_url: https://shop.example.org/{doi}\n"
    config, errors = config_of(tmp_path, text)
    assert errors == []
    assert config.paywall == PaywallSettings("free", 5, "https://shop.example.org/{doi}", None)


def test_paywall_access_is_free_or_paywalled(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL + "paywall:\n  access: open\n")
    assert config is None
    assert messages(errors) == ["site.yaml:4: 'access' must be one of paywalled, free, not 'open'"]


def test_segments_override_url_sections_per_language(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL + "segments:\n  fr: {issues: parutions, keywords: themes}\n")
    assert errors == []
    assert dict(config.segments["fr"]) == {"issues": "parutions", "keywords": "themes"}
    assert "en" not in config.segments


def test_segments_name_known_sections_of_the_sites_languages(tmp_path: Path):
    text = MINIMAL + "segments:\n  fr: {numbers: parutions, issues: Parutions}\n  de: {issues: ausgaben}\n"
    config, errors = config_of(tmp_path, text)
    assert config is None
    assert sorted(messages(errors)) == sorted(
        [
            "site.yaml:4: 'segments.fr': unknown section 'numbers' (one of articles, issues, authors, keywords, search, page)",
            "site.yaml:4: 'segments.fr.issues': 'Parutions' is not a plain URL segment",
            "site.yaml:4: 'segments': 'de' must be one of the site's languages, mapped to {section: segment}",
        ]
    )


def test_issn_is_checked_and_normalized(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL + 'issn: "0378-5955"\neissn: "0000006x"\n')
    assert errors == []
    assert config.issn == "0378-5955"
    assert config.eissn == "0000-006X"


def test_an_issn_with_a_wrong_check_digit_is_refused(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL + "publisher: Éditions Exemple\nissn: 0378-5956\n")
    assert config is None
    assert messages(errors) == ["site.yaml:5: 'issn' '0378-5956' is not a valid ISSN (NNNN-NNNC, checked digit)"]


def test_a_language_babel_does_not_know(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL.replace("[fr, en]", "[fr, en, xx]"))
    assert config is None
    assert messages(errors) == ["site.yaml:3: 'languages': 'xx' is not a language Babel knows"]


def test_a_language_given_twice(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL.replace("[fr, en]", "[fr, en, fr]"))
    assert config is None
    assert messages(errors) == ["site.yaml:3: 'languages': 'fr' must be a lowercase code given once"]


def test_languages_are_required(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL.replace("languages: [fr, en]\n", ""))
    assert config is None
    assert len(errors) == 1 and errors[0].message.startswith("missing required field 'languages'")
    assert errors[0].where.path.name == "site.yaml"


def test_every_problem_is_reported_in_one_run(tmp_path: Path):
    text = 'title: {fr: "Revue"}\nbase_url: revue.example.org\nlanguages: [fr, en]\nper_page: 0\ncolour: blue\n'
    config, errors = config_of(tmp_path, text)
    assert config is None
    assert sorted(error.where.line for error in errors) == [1, 2, 4, 5]
    assert any(error.message.startswith("unknown field 'colour'") for error in errors)
    assert any(error.message == "'per_page' must be at least 1" for error in errors)


def test_a_missing_site_yaml_is_an_error(tmp_path: Path):
    config, errors = load_config(tmp_path)
    assert config is None
    assert len(errors) == 1 and str(errors[0].where) == "site.yaml"


def test_a_malformed_site_yaml_names_its_line(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL + "paywall:\n  access: free\n teaser_paragraphs: 2\n")
    assert config is None
    assert len(errors) == 1
    assert str(errors[0]).startswith("site.yaml:6: malformed YAML: ")


def test_dates_and_numbers_in_site_yaml_do_not_break_loading(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL + "publisher: 2019-06-01\nper_page: 7\n")
    assert errors == []
    assert config.publisher == "2019-06-01" and config.per_page == 7


def test_the_journal_abbreviation_is_optional_and_one_line(tmp_path: Path):
    config, errors = config_of(tmp_path, MINIMAL + "abbreviation: Rev. ess. strat.\n")
    assert errors == [] and config.abbreviation == "Rev. ess. strat."
    assert config_of(tmp_path, MINIMAL)[0].abbreviation is None
    _, errors = config_of(tmp_path, MINIMAL + "abbreviation: [Rev, ess]\n")
    assert messages(errors) == ["site.yaml:4: 'abbreviation' must be text, not a list"]
