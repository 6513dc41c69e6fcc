"""Which readers a build is for, and so what they may see: every such decision is asked of the Edition."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only
    from .models import Article, Version


class Edition(enum.Enum):
    """The public site (teasers of paywalled articles, open to search engines), or the subscriber edition (full
    texts, for a host behind a login, closed to search engines)."""

    PUBLIC = "public"
    FULL = "full"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def _missing_(cls, value: object) -> Edition:
        raise ValueError(f"unknown edition {value!r}")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):  # a template written when the edition was its name: silently false, were it allowed
            raise TypeError(
                f"compare the edition by what it gives, not with {other!r}: edition.full_texts (the subscriber edition)"
                ", edition.indexed (the public site)"
            )
        return self is other

    __hash__ = enum.Enum.__hash__

    @property
    def full_texts(self) -> bool:
        """Paywalled articles are given whole (the subscriber edition)."""
        return self is Edition.FULL

    @property
    def indexed(self) -> bool:
        """Search engines may index it: a sitemap, robots.txt open to crawlers, paywalled pages not archived."""
        return self is Edition.PUBLIC

    @property
    def folder(self) -> str:
        """The output folder's default name, beside site.yaml."""
        return "output" if self is Edition.PUBLIC else "output-full"

    def withholds(self, article: Article, source: Version | None) -> bool:
        """Whether part of the article's text (`source`, the version whose body a page shows) is kept from readers.

        The public edition withholds a paywalled article's text after its teaser; the subscriber edition withholds
        nothing, but a teaser-only version has no more text to give in either."""
        return article.paywalled and (not self.full_texts or bool(source and source.remaining_percent is not None))
