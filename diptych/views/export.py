"""An article as its exports (the JATS file) may know it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..edition import Edition
from ..load.body import read_body
from ..models import Article, Body, Version
from .common import main_version


@dataclass(frozen=True, slots=True)
class Exported:
    """An article as an export (its JATS file) may know it: its fields, no version's body, and the full text of its
    version of record only where the edition gives it whole."""

    article: Article  # every version's body emptied: the front matter cannot look into one
    lang: str  # the language of the version of record, which the file is in (the others are its translations)
    full_text: str | None  # Markdown; None in the public edition, and for a teaser-only version in either


def exported(article: Article, edition: Edition, root: Path) -> Exported:
    """What the article's JATS file in this edition may hold; the full text read from its file under `root`."""
    main = main_version(article)
    whole = edition.full_texts and main.remaining_percent is None and main.has_body  # the edition first: no look else
    bare = {lang: dataclasses.replace(v, body=_sealed(v), public=None) for lang, v in article.versions.items()}
    return Exported(dataclasses.replace(article, versions=bare), main.lang, read_body(root, main.body) if whole else None)


def _sealed(version: Version) -> Body:
    """In place of a version's body, one that says it is empty and that no one can read (its hash matches no text)."""
    return Body(version.where.path, version.body_line, "", blank=True)
