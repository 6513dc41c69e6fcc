"""One version file checked into a Version: its front matter field by field, its body's paywall markers."""

from __future__ import annotations

import datetime
import re
from types import MappingProxyType

from .. import fields as f
from .. import paywall
from ..config import SiteConfig
from ..errors import ContentError
from ..models import Version
from ..outline import page_ids
from ..source import Document, Field
from .body import body_of
from .checks import own_schema, shared_schema, unholdable_body

DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")  # a date, maybe mistyped (a misspelt date field)


def version_of(
    document: Document, key: str, lang: str, config: SiteConfig
) -> tuple[Version | None, dict[str, Field], list[ContentError]]:
    """The Version, or None and its errors; with its fields shared with the other versions, read even then."""
    where = document.where
    own_checks = own_schema()
    shared_checks = shared_schema(config)
    own = {k: v for k, v in document.fields.items() if k in own_checks}
    shared = {k: v for k, v in document.fields.items() if k in shared_checks}
    errors = [
        ContentError(where.at(fld.line), f.unknown_field(name, [*own_checks, *shared_checks]))
        for name, fld in document.fields.items()
        if name not in own_checks and name not in shared_checks
    ]
    values, problems = f.check_fields(own, where, own_checks)
    errors += problems
    errors += f.check_fields(shared, where, shared_checks)[1]
    if "slug" not in values and not f.SLUG.match(key):
        errors.append(
            ContentError(
                where,
                f"the key {key!r} (the file name) is not a plain URL segment; rename the file or give a 'slug': {f.SLUG_RULE}",
            )
        )
    if "outline" in values and "remaining_percent" not in values:
        errors.append(
            ContentError(
                where.at(document.fields["outline"].line),
                "'outline' is for a teaser-only version: give 'remaining_percent' with it",
            )
        )
    public, found = None, paywall.Markers((), ())
    if (bad := unholdable_body(document.body, document.body_line, where)) is not None:
        errors.append(bad)
    elif slow := paywall.too_slow(document.body):  # refused before any reading: Markdown would take minutes
        errors.append(ContentError(where.at(document.body_line + slow[0]), slow[1]))
    elif document.body.strip():
        # the one reading of the body, free or not: its markers, its public text if it may be paywalled, and a
        # body Markdown cannot read refused here, at its file, rather than in a worker that renders it
        access = shared["access"].value if "access" in shared else config.paywall.access
        try:
            survey = paywall.survey(
                document.body,
                config.paywall.teaser_paragraphs,
                declared_percent=values.get("remaining_percent"),
                taken=page_ids(config.languages) if access != "free" else None,  # a free text is rendered later
            )
            found, public = survey.markers, survey.public
        except RecursionError:  # nesting too_slow did not foresee: still a content error, not a traceback
            errors.append(
                ContentError(where.at(document.body_line), "this body nests its blocks too deeply for Markdown to read")
            )
    errors += [ContentError(where.at(document.body_line + index), message) for index, message in found.problems]
    markers = found.lines
    if "remaining_percent" in values and markers:
        line = document.body_line + markers[0]
        errors.append(
            ContentError(
                where.at(line), "a teaser-only version ('remaining_percent') is all teaser: remove the <!-- paywall --> marker"
            )
        )
    if len(markers) > 1:
        line = document.body_line + markers[1]
        errors.append(ContentError(where.at(line), "a second <!-- paywall --> marker; a body is split once"))
    if errors:
        return None, shared | _misspelt_date(document.fields, own_checks, shared_checks), errors
    version = Version(
        key=key,
        lang=lang,
        where=where,
        title=values["title"],
        abstract=values["abstract"],
        slug=values.get("slug", key),
        body=body_of(where, document.body, document.body_line),
        body_line=document.body_line,
        subtitle=values.get("subtitle"),
        keywords=values.get("keywords", ()),
        aliases=values.get("aliases", ()),
        outline=values.get("outline", ()),
        remaining_percent=values.get("remaining_percent"),
        public=public,
        lines=MappingProxyType({name: fld.line for name, fld in document.fields.items()}),
    )
    return version, shared, []


def _misspelt_date(fields: dict[str, Field], *schemas: dict[str, tuple[f.Check, bool]]) -> dict[str, Field]:
    """{'date': the field} when an unknown field of these is a misspelt 'date' ('dat', 'Date') holding a date, else {}:
    a 'state: draft' or 'data: 42' that difflib finds close to 'date' is no date, and the twin's missing date stays an
    error."""
    known = [name for schema in schemas for name in schema]
    return next(
        (
            {"date": fld}
            for name, fld in fields.items()
            if name not in known and f.closest(name, known) == "date" and _looks_like_a_date(fld.value)
        ),
        {},
    )


def _looks_like_a_date(value: object) -> bool:
    """A value YAML read as a date, or text written as one (2019-06-01, maybe mistyped: 2019-6-1, 2019-06-31)."""
    return isinstance(value, datetime.date) or (isinstance(value, str) and bool(DATE_LIKE.fullmatch(value.strip())))
