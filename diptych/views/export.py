"""An article as its exports (the JATS file) may know it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..edition import Edition
from ..models import Article
from .common import main_version


@dataclass(frozen=True, slots=True)
class Exported:
    """An article as an export (its JATS file) may know it: its fields, no version's body, and the full text of its
    version of record only where the edition gives it whole."""

    article: Article  # every version's body emptied: the front matter cannot look into one
    lang: str  # the language of the version of record, which the file is in (the others are its translations)
    full_text: str | None  # Markdown; None in the public edition, and for a teaser-only version in either


def exported(article: Article, edition: Edition) -> Exported:
    """What the article's JATS file in this edition may hold."""
    main = main_version(article)
    whole = edition.full_texts and main.remaining_percent is None and main.has_body  # the edition first: no look else
    bare = {lang: dataclasses.replace(v, body="", public=None) for lang, v in article.versions.items()}
    return Exported(dataclasses.replace(article, versions=bare), main.lang, main.body if whole else None)
