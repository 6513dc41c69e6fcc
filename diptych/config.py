"""site.yaml -> SiteConfig, every problem as a ContentError."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from . import fields as f
from .errors import ContentError, Position
from .source import Field, parse_yaml, read_text

SITE_FILE = "site.yaml"
SECTIONS = ("articles", "issues", "authors", "keywords", "search", "page")


@dataclass(frozen=True, slots=True)
class PaywallSettings:
    access: str = "paywalled"  # the default access of an article: paywalled | free
    teaser_paragraphs: int = 3  # teaser length when a body has no <!-- paywall --> marker
    purchase_url: str | None = None  # "https://shop.example.org/{doi}"; {doi} {slug} {lang} {key} filled in
    access_url: str | None = None  # where institutions and subscribers log in


@dataclass(frozen=True, slots=True)
class CrossrefSettings:
    """Who deposits DOIs with Crossref (`python build.py crossref`): never published, the deposit carries the e-mail."""

    depositor: str  # the organisation sending the deposit (depositor_name)
    email: str  # where Crossref sends the deposit's report
    registrant: str  # the organisation responsible for the metadata


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: Mapping[str, str]  # the journal's title per language
    base_url: str  # absolute, without trailing slash: https://revue.example.org or …/revue
    languages: tuple[str, ...]  # the first is the default (x-default) language
    description: Mapping[str, str] = field(default_factory=dict)
    publisher: str | None = None
    issn: str | None = None
    eissn: str | None = None
    paywall: PaywallSettings = PaywallSettings()
    per_page: int = 20  # items per page of a paginated list
    # the most pages of one language a search index holds: Pagefind needs ~280 KB of memory per page it indexes, so a
    # larger site's index is split by spans of volumes into indexes searched together (search/parts.py)
    search_index_pages: int = 10_000
    segments: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang -> section -> URL segment
    crossref: CrossrefSettings | None = None  # only `python build.py crossref` needs it
    # the journal's abbreviated title as citations abbreviate it (ISO 4: "Rev. étud. strat."), the same in every
    # language; reference managers keep it apart from the full title, and nothing is abbreviated without it
    abbreviation: str | None = None

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def base_path(self) -> str:
        """The path part of base_url, '' at a domain's root, '/revue' in a subfolder."""
        return urlsplit(self.base_url).path.rstrip("/")


def load_config(site_dir: Path) -> tuple[SiteConfig | None, list[ContentError]]:
    """Read and check site.yaml: the settings, or None and every problem."""
    config, errors = read_config(site_dir)
    return (None, errors) if errors else (config, [])


# for a required setting in error, while the content is checked: complete (a title in every language), so that no
# later stage meets a gap; a build never goes further with them
STAND_INS = {"base_url": "https://example.invalid"}
STAND_IN_TITLE = "(title in error in site.yaml)"


def read_config(site_dir: Path) -> tuple[SiteConfig | None, list[ContentError]]:
    """Read and check site.yaml: every problem, and the settings whenever the content can be checked against them.

    The content depends on the languages (its file names, its fields per language): when site.yaml cannot be read or
    its languages are missing or wrong, there are no settings (None). Any other setting in error comes with its
    errors at its default (a required one at a stand-in), so that one run reports the content's errors too; a
    build never goes further with settings that came with errors.
    """
    where = Position(PurePosixPath(SITE_FILE), 1)
    path = site_dir / SITE_FILE
    if not path.is_file():
        return None, [ContentError(Position(PurePosixPath(SITE_FILE)), f"no {SITE_FILE} in {site_dir}")]
    text, errors = read_text(path, where)
    if text is None:
        return None, errors
    fields, errors = parse_yaml(text, where)
    if fields is None:
        return None, errors
    languages, problems = _languages(fields.get("languages"), where)
    errors += problems
    if problems or not languages:
        return None, errors
    schema: dict[str, tuple[f.Check, bool]] = {
        "title": (f.localized(languages), True),
        "description": (f.localized(languages, required=False), False),
        "base_url": (_base_url, True),
        "languages": (lambda fld, w, n: (tuple(languages), []), True),
        "publisher": (f.line, False),
        "issn": (_issn, False),
        "eissn": (_issn, False),
        "paywall": (_paywall, False),
        "per_page": (_positive, False),
        "search_index_pages": (_positive, False),
        "segments": (_segments(languages), False),
        "crossref": (_crossref, False),
        "abbreviation": (_bounded(150), False),
    }
    values, problems = f.check_fields(fields, where, schema)
    errors += problems
    values = {**STAND_INS, **values}
    title = values.get("title", {})
    values["title"] = MappingProxyType({lang: title.get(lang, STAND_IN_TITLE) for lang in languages})
    values["description"] = MappingProxyType(values.get("description", {}))
    return SiteConfig(**values), errors


def _languages(fld: Field | None, where: Position) -> tuple[list[str], list[ContentError]]:
    if fld is None:
        return [], [ContentError(where, "missing required field 'languages', e.g. languages: [fr, en]")]
    if not isinstance(fld.value, list) or not fld.value or not all(isinstance(v, str) for v in fld.value):
        return [], [ContentError(where.at(fld.line), "'languages' must be a list of language codes, e.g. [fr, en]")]
    languages, errors = [], []
    for code in fld.value:
        problem = language_problem(code) or (f"{code!r} must be a lowercase code given once" if code in languages else None)
        if problem:
            errors.append(ContentError(where.at(fld.line), f"'languages': {problem}"))
            continue
        languages.append(code)
    return languages, errors


NOT_LANGUAGES = {  # codes Babel parses that name no language a journal is written in
    "root": "is Babel's root locale, not a language: write a language code such as fr",
    "und": "stands for an undetermined language, not one a journal is written in: write a code such as fr",
}


def language_problem(code: str) -> str | None:
    """What is wrong with a code in `languages` (also `diptych init --languages`, and import-jats's xml:lang), or None."""
    if code.lower() in NOT_LANGUAGES:
        return f"{code!r} {NOT_LANGUAGES[code.lower()]}"
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return f"{code!r} is not a language Babel knows"
    if not f.SLUG.match(code):
        return f"{code!r} must be a lowercase code given once"
    return None


def base_url_problem(value: str) -> str | None:
    """What is wrong with a base_url (also `diptych init --base-url`), or None: absolute http(s), a host, a valid
    port, nothing urlsplit would drop silently (spaces, control characters), no query and no fragment, even empty."""
    parts = urlsplit(value)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or not port_ok
        or any(c in value for c in "?#")
        or any(c.isspace() or not c.isprintable() for c in value)
    ):
        return f"must be an absolute http(s) URL, not {value!r}"
    return None


def _base_url(fld: Field, where: Position, name: str) -> f.Checked:
    value, errors = f.line(fld, where, name)
    if value is None:
        return None, errors
    problem = base_url_problem(value)
    if problem:
        return None, [ContentError(where.at(fld.line), f"'{name}' {problem}")]
    return value.rstrip("/"), []


ISSN_DIGITS = re.compile(r"[0-9]{7}[0-9X]")  # ASCII digits only: a fullwidth or superscript one is no digit of a code


def valid_issn(value: str) -> str | None:
    """NNNN-NNNC when `value` is an ISSN whose check digit is right (also import-jats's rule), else None."""
    digits = value.replace("-", "").upper()
    if not ISSN_DIGITS.fullmatch(digits):
        return None
    check = (11 - sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True)) % 11) % 11
    return f"{digits[:4]}-{digits[4:]}" if digits[7] == ("X" if check == 10 else str(check)) else None


def _issn(fld: Field, where: Position, name: str) -> f.Checked:
    value, errors = f.line(fld, where, name)
    if value is None:
        return None, errors
    valid = valid_issn(value)
    if valid is None:
        return None, [ContentError(where.at(fld.line), f"'{name}' {value!r} is not a valid ISSN (NNNN-NNNC, checked digit)")]
    return valid, []


def _positive(fld: Field, where: Position, name: str) -> f.Checked:
    value, errors = f.integer(fld, where, name)
    if value is not None and value < 1:
        return None, [ContentError(where.at(fld.line), f"'{name}' must be at least 1")]
    return value, errors


def _paywall(fld: Field, where: Position, name: str) -> f.Checked:
    if not isinstance(fld.value, dict):
        return None, [
            ContentError(where.at(fld.line), f"'{name}' must be a mapping (access, teaser_paragraphs, purchase_url, access_url)")
        ]
    sub = {key: Field(value, fld.line) for key, value in fld.value.items()}
    schema: dict[str, tuple[f.Check, bool]] = {
        "access": (f.one_of("paywalled", "free"), False),
        "teaser_paragraphs": (_positive, False),
        "purchase_url": (f.url_template("doi", "slug", "lang", "key"), False),
        "access_url": (f.web_url, False),
    }
    values, errors = f.check_fields(sub, where.at(fld.line), schema)
    return PaywallSettings(**values), errors


EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")


def _crossref(fld: Field, where: Position, name: str) -> f.Checked:
    """`crossref: {depositor, email, registrant}`, each required, each within Crossref's lengths."""
    if not isinstance(fld.value, dict):
        return None, [ContentError(where.at(fld.line), f"'{name}' must be a mapping (depositor, email, registrant)")]
    sub = {f"{name}.{key}": Field(value, fld.line) for key, value in fld.value.items()}  # named in full in messages
    schema: dict[str, tuple[f.Check, bool]] = {
        f"{name}.depositor": (_bounded(130), True),
        f"{name}.email": (_email, True),
        f"{name}.registrant": (_bounded(255), True),
    }
    values, errors = f.check_fields(sub, where.at(fld.line), schema)
    if errors:
        return None, errors
    return CrossrefSettings(**{key.removeprefix(f"{name}."): value for key, value in values.items()}), []


def _bounded(most: int) -> f.Check:
    """A line of at most `most` characters (Crossref's limits)."""

    def check(fld: Field, where: Position, name: str) -> f.Checked:
        value, errors = f.line(fld, where, name)
        if value is not None and len(value) > most:
            return None, [ContentError(where.at(fld.line), f"'{name}' is longer than Crossref's {most} characters")]
        return value, errors

    return check


def _email(fld: Field, where: Position, name: str) -> f.Checked:
    value, errors = f.line(fld, where, name)
    if value is not None and (not EMAIL.match(value) or not 6 <= len(value) <= 200):
        return None, [ContentError(where.at(fld.line), f"'{name}' {value!r} is not an e-mail address like editor@example.org")]
    return value, errors


def _segments(languages: list[str]) -> f.Check:
    """URL segments per language that override the catalog's: {de: {issues: ausgaben}}."""

    def check(fld: Field, where: Position, name: str) -> f.Checked:
        out: dict[str, Any] = {}
        errors: list[ContentError] = []
        if not isinstance(fld.value, dict):
            return None, [ContentError(where.at(fld.line), f"'{name}' must map languages to {{section: segment}}")]
        for lang, table in fld.value.items():
            if lang not in languages or not isinstance(table, dict):
                errors.append(
                    ContentError(
                        where.at(fld.line),
                        f"'{name}': {f.shown(lang)} must be one of the site's languages, mapped to {{section: segment}}",
                    )
                )
                continue
            for section, segment in table.items():
                if section not in SECTIONS:
                    errors.append(
                        ContentError(
                            where.at(fld.line),
                            f"'{name}.{lang}': unknown section {f.shown(section)} (one of {', '.join(SECTIONS)})",
                        )
                    )
                elif not isinstance(segment, str) or not f.SLUG.match(segment):
                    errors.append(
                        ContentError(
                            where.at(fld.line), f"'{name}.{lang}.{section}': {f.shown(segment)} is not a plain URL segment"
                        )
                    )
                else:
                    out.setdefault(lang, {})[section] = segment
        return MappingProxyType({k: MappingProxyType(v) for k, v in out.items()}), errors

    return check
