"""What Crossref's schema refuses although diptych accepts it, each as an error at the line of the field."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..cite import split_name
from ..errors import ContentError, Position
from ..models import Article, Issue

NAME = re.compile(r"[^\d?]*[^?\s]+[^\d]*")  # given_name and surname in the XSD, once spaces are collapsed
NAME_LENGTH = 60
SUFFIX_LENGTH = 10  # Crossref's suffix: "junior, senior, III"
YEARS = range(1400, 2201)  # xrefYear


def shared_at(article: Article, name: str) -> Position:
    """Where an article's shared field is written; where it would be written (the file holding `date`) if it is not."""
    for field in (name, "date"):
        for version in article.versions.values():
            if field in version.lines:
                return version.at(field) if field == name else version.where
    return next(iter(article.versions.values())).where


def schema_errors(article: Article, issues: Mapping[str, Issue]) -> list[ContentError]:
    """What Crossref's schema refuses although diptych accepts it: long or odd names, dates out of 1400-2200."""
    errors = []
    for author in article.authors:
        family, given, suffix = split_name(author)
        if len(suffix) > SUFFIX_LENGTH:
            errors.append(
                ContentError(
                    shared_at(article, "authors"),
                    f"author {author.name!r}: Crossref takes a suffix of at most {SUFFIX_LENGTH} characters",
                )
            )
        for part, value in (("family name", family), ("given name", given)):
            value = " ".join(value.split())
            if value and (len(value) > NAME_LENGTH or not NAME.fullmatch(value)):
                errors.append(
                    ContentError(
                        shared_at(article, "authors"),
                        f"author {author.name!r}: Crossref takes a {part} of at most {NAME_LENGTH} characters, "
                        "without '?' and not beginning or ending with digits",
                    )
                )
    if article.date.year not in YEARS:
        errors.append(ContentError(shared_at(article, "date"), "Crossref takes dates from the years 1400 to 2200"))
    issue = issues.get(article.issue) if article.issue else None
    if issue and issue.date.year not in YEARS:
        errors.append(ContentError(issue.where, "Crossref takes dates from the years 1400 to 2200"))
    return errors
