"""What a deposit holds: the articles asked for that have a DOI, checked, grouped by issue, under a timestamped head."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath

from lxml import etree

from ..errors import ContentError, Position, warning
from ..metadata import license_url
from ..models import Article, Issue, Site
from ..urls import Urls
from .elements import head, journal
from .limits import schema_errors, shared_at
from .schema import CR, NSMAP, SCHEMA_LOCATION, VERSION, XSI, sub

SECTION_HINT = "crossref: {depositor: NAME, email: ADDRESS, registrant: NAME}"
TIMESTAMP = "%Y%m%d%H%M%S"
ARTICLES = Position(PurePosixPath("content/articles"))


@dataclass(frozen=True, slots=True)
class Deposit:
    xml: bytes  # the doi_batch document, UTF-8
    dois: tuple[str, ...]  # the DOIs it registers, in document order
    warnings: tuple[ContentError, ...]  # articles left out (no DOI), licences left out (not a URL)


def timestamp_now() -> str:
    """The current time as Crossref's timestamp: YYYYMMDDhhmmss, UTC."""
    return datetime.now(UTC).strftime(TIMESTAMP)


def valid_timestamp(text: str) -> bool:
    """YYYYMMDDhhmmss, a real time."""
    if not re.fullmatch(r"[0-9]{14}", text):  # ASCII: strptime would read fullwidth digits too
        return False
    try:
        datetime.strptime(text, TIMESTAMP)
    except ValueError:
        return False
    return True


def deposit(
    site: Site, urls: Urls, *, timestamp: str, issue: str | None = None, article: str | None = None
) -> tuple[Deposit | None, list[ContentError]]:
    """The deposit of the whole journal, of one issue, or of one article (within its issue, if it has one)."""
    settings = site.config.crossref
    if settings is None:
        return None, [ContentError(Position(PurePosixPath("site.yaml")), f"no 'crossref' section: add {SECTION_HINT}")]
    chosen, errors = select(site, issue, article)
    if errors:
        return None, errors
    warnings = [warning(shared_at(a, "doi"), "no DOI: not deposited") for a in chosen if not a.doi]
    registered = [a for a in chosen if a.doi]
    if not registered:
        scope = f"of issue {issue!r} " if issue else ""
        return None, [ContentError(ARTICLES, f"nothing to deposit: no article {scope}has a DOI")]
    errors = [error for a in registered for error in schema_errors(a, site.issues)]
    if errors:
        return None, errors
    warnings += [
        warning(
            shared_at(a, "license"),
            f"the licence {a.license!r} is neither a URL nor a Creative Commons identifier: not deposited",
        )
        for a in registered
        if a.license and not license_url(a.license)
    ]
    scope = f"article-{article}" if article else f"issue-{issue}" if issue else "journal"
    root = etree.Element(etree.QName(CR, "doi_batch"), nsmap=NSMAP)
    root.set("version", VERSION)
    root.set(etree.QName(XSI, "schemaLocation"), SCHEMA_LOCATION)
    root.append(head(settings, f"diptych-{scope[:60]}-{timestamp}", timestamp))
    body = sub(root, "body")
    dois: list[str] = []
    for issue_id, articles in groups(registered, site.issues):
        body.append(journal(site.config, site.issues[issue_id] if issue_id else None, articles, urls))
        dois += [a.doi for a in articles if a.doi]
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Deposit(xml, tuple(dois), tuple(warnings)), []


def select(site: Site, issue: str | None, article: str | None) -> tuple[list[Article], list[ContentError]]:
    """The articles asked for: one by its key, an issue's, or all; an unknown key or issue is an error."""
    if article is not None:
        found = [a for a in site.articles if a.key == article]
        if not found:
            return [], [
                ContentError(ARTICLES, f"no article has the key {article!r} (keys: {_listed(a.key for a in site.articles)})")
            ]
        if not found[0].doi:
            return [], [ContentError(shared_at(found[0], "doi"), "no DOI: nothing to deposit")]
        return found, []
    if issue is not None:
        if issue not in site.issues:
            where = Position(PurePosixPath("content/issues"))
            return [], [ContentError(where, f"no issue {issue!r} (issues: {_listed(site.issues)})")]
        return [a for a in site.articles if a.issue == issue], []
    return list(site.articles), []


def _listed(names) -> str:
    names = list(names)
    return ", ".join(names[:12]) + (", …" if len(names) > 12 else "") if names else "none"


def groups(articles: Sequence[Article], issues: Mapping[str, Issue]) -> list[tuple[str | None, list[Article]]]:
    """Articles by issue, issues by date, each issue's in its order; articles outside any issue last."""
    ordered = sorted(issues.values(), key=lambda i: (i.date, i.id))
    out: list[tuple[str | None, list[Article]]] = []
    for issue in [*ordered, None]:
        issue_id = issue.id if issue else None
        members = [a for a in articles if a.issue == issue_id]
        if members:
            out.append((issue_id, sorted(members, key=lambda a: (a.order is None, a.order or 0, a.date, a.key))))
    return out
