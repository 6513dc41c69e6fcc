"""An article's front matter: the fields of a version's own and those its versions share, each with its check."""

from __future__ import annotations

import re
from typing import Any

from .. import fields as f
from .. import paywall
from ..cite import whole_words
from ..config import SiteConfig
from ..errors import ContentError, Position
from ..models import Author, OutlineItem
from ..source import Field
from ..urls import is_web_url

ORCID = re.compile(r"^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$")  # ASCII digits: \d takes any script's


def own_schema() -> dict[str, tuple[f.Check, bool]]:
    """The fields a version has of its own."""
    return {
        "title": (f.line, True),
        "subtitle": (f.line, False),
        "abstract": (_markdown, True),
        "keywords": (f.list_of(f.line), False),
        "slug": (f.slug, False),
        "aliases": (f.list_of(_alias), False),
        "outline": (_outline, False),
        "remaining_percent": (f.percent, False),
    }


def shared_schema(config: SiteConfig) -> dict[str, tuple[f.Check, bool]]:
    """The fields an article's versions share: written in one of them, or the same in each."""
    return {
        "authors": (f.list_of(_author), False),
        "date": (f.day, False),  # required once per article, checked after merging
        "updated": (f.day, False),
        "issue": (f.line, False),
        "pages": (f.line, False),
        "doi": (_doi, False),
        "pdf": (_pdf, False),
        "license": (f.line, False),
        "section": (f.localized(config.languages, required=False), False),
        "order": (f.integer, False),
        "access": (f.one_of("free", "paywalled"), False),
    }


def _author(field: Field, where: Position, name: str) -> f.Checked:
    value = field.value
    if isinstance(value, str):
        author, errors = f.line(field, where, name)
        return (Author(author) if author else None), errors
    if not isinstance(value, dict):
        return None, [ContentError(where.at(field.line), "each author is a name, or {name, affiliation, orcid, family, suffix}")]
    sub = {k: Field(v, field.line) for k, v in value.items()}
    schema: dict[str, tuple[f.Check, bool]] = {
        "name": (f.line, True),
        "affiliation": (f.line, False),
        "orcid": (f.line, False),
        "family": (f.line, False),
        "suffix": (f.line, False),  # "Jr.", "fils": ends the name, never taken for the family name
    }
    values, errors = f.check_fields(sub, where.at(field.line), schema)
    orcid = values.get("orcid", "").removeprefix("https://orcid.org/")
    if orcid and not ORCID.match(orcid):
        errors.append(ContentError(where.at(field.line), f"ORCID {orcid!r} must look like 0000-0002-1825-0097"))
    elif orcid:  # ISO 7064 MOD 11-2 over the first 15 digits, as orcid.org computes it: 10 is written X
        total = 0
        for digit in orcid.replace("-", "")[:15]:
            total = (total + int(digit)) * 2
        check = "X" if (12 - total % 11) % 11 == 10 else str((12 - total % 11) % 11)
        if orcid[-1] != check:
            errors.append(
                ContentError(
                    where.at(field.line),
                    f"ORCID {orcid!r} has a wrong check digit (the last character should be {check}): "
                    "copy it from the author's page on orcid.org",
                )
            )
    family, written = values.get("family"), values.get("name", "")
    if family and written and not whole_words(family, written):
        message = f"the family name {family!r} must be whole words of the author's name {written!r}"
        errors.append(ContentError(where.at(field.line), message))
    suffix = values.get("suffix")
    if suffix and not re.search(rf"(?:,\s*|\s+){re.escape(suffix)}$", written):
        example = f"{written.removesuffix(',')} {suffix}"
        errors.append(ContentError(where.at(field.line), f"the suffix {suffix!r} must end the author's name, as in {example!r}"))
    if errors:
        return None, errors
    return Author(values["name"], values.get("affiliation"), orcid or None, family, suffix), []


def _doi(field: Field, where: Position, name: str) -> f.Checked:
    value, errors = f.line(field, where, name)
    if value is None:
        return None, errors
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value)
    if not re.match(r"^10\.[0-9]{4,9}/\S+$", value):
        return None, [ContentError(where.at(field.line), f"'doi' {value!r} is not a DOI like 10.3917/ris.115.0061")]
    return value, []


def _pdf(field: Field, where: Position, name: str) -> f.Checked:
    """An http(s) URL, or the name of a PDF file beside the article."""
    value, errors = f.line(field, where, name)
    if value is None or is_web_url(value):
        return value, errors
    parts = value.split("/")
    if (
        re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value)
        or value.startswith("/")
        or ".." in parts
        or "" in parts
        or not value.lower().endswith(".pdf")
    ):
        return None, [
            ContentError(where.at(field.line), f"'pdf' must be an http(s) URL or a .pdf file beside the article, not {value!r}")
        ]
    return value, []


def unholdable_body(body: str, body_line: int, where: Position) -> ContentError | None:
    """A body holding what no page nor XML file can hold (a control character, or a reference to one): at its line."""
    if (bad := f.unholdable(body)) is None:
        return None
    line = body_line + body.count("\n", 0, bad[0])
    return ContentError(where.at(line), f"the text holds {bad[1]}, which no page nor XML file can hold; remove it")


def _markdown(field: Field, where: Position, name: str) -> f.Checked:
    """Markdown text (an abstract), refused when Markdown could not read it in bounded time (paywall.too_slow)."""
    value, errors = f.text(field, where, name)
    if value is not None and (slow := paywall.too_slow(value) or paywall.slow_inline(value)):
        return None, [ContentError(where.at(field.line), f"'{name}': {slow[1]}")]
    return value, errors


def _alias(field: Field, where: Position, name: str) -> f.Checked:
    """An earlier path of this version on this site: /fr/articles/old-slug/ (a redirect page is written there)."""
    value, errors = f.line(field, where, name)
    if value is None:
        return None, errors
    segments = value.split("/")[1:] or [""]
    plain = (
        value.startswith("/")
        and all(re.fullmatch(r"[\w.~%-]+", s) and s not in (".", "..") for s in segments[:-1])
        and (segments[-1] == "" or (re.fullmatch(r"[\w.~%-]+", segments[-1]) and segments[-1] not in (".", "..")))
    )
    if not value.startswith("/") or value == "/" or not plain or segments[0] in ("static", "404.html", "index.html"):
        return None, [
            ContentError(
                where.at(field.line),
                f"an alias is an earlier path of this article on the site, like /fr/articles/old-slug/, not {value!r}",
            )
        ]
    dotted = next((s for s in segments if s.startswith(".")), None)  # its redirect page would be a dot file
    if dotted is not None:
        return None, [
            ContentError(
                where.at(field.line),
                f"an alias may not have a segment beginning with '.' ({dotted!r}): web servers read such files"
                " (.htaccess) or keep such folders (.well-known) for themselves",
            )
        ]
    return value, errors


def _outline(field: Field, where: Position, name: str) -> f.Checked:
    """A list of headings, each a title or {title, sections: [...]}."""

    def items(values: Any, depth: int = 1) -> tuple[tuple[OutlineItem, ...], list[ContentError]]:
        if depth > 3:
            return (), [ContentError(where.at(field.line), "'outline' nests three levels at most (## to ####)")]
        if not isinstance(values, list):
            return (), [ContentError(where.at(field.line), "'outline' must be a list of headings")]
        out, errors = [], []
        for value in values:
            if isinstance(value, str) and value.strip():
                out.append(OutlineItem(value.strip()))
            elif isinstance(value, dict) and isinstance(value.get("title"), str) and set(value) <= {"title", "sections"}:
                sections, problems = items(value.get("sections", []), depth + 1)
                errors += problems
                out.append(OutlineItem(value["title"].strip(), sections))
            else:
                errors.append(
                    ContentError(
                        where.at(field.line), f"an outline entry is a heading or {{title, sections}}, not {f.shown(value)}"
                    )
                )
        return tuple(out), errors

    return items(field.value)
