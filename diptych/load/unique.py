"""What names one thing on the site: a slug in each language, a DOI."""

from __future__ import annotations

from ..errors import ContentError, Position
from ..models import Article


def unique_slugs(slugs: list[tuple[str, str, Position]], what: str) -> list[ContentError]:
    """A slug names one article (or page) in each language: the second one named is an error."""
    seen: dict[tuple[str, str], Position] = {}
    errors = []
    for lang, slug, where in slugs:
        if (lang, slug) in seen:
            errors.append(
                ContentError(where, f"two {what}s have the slug {slug!r} in language {lang!r}", also=(seen[lang, slug],))
            )
        else:
            seen[lang, slug] = where
    return errors


def unique_dois(articles: list[Article]) -> list[ContentError]:
    """A DOI names one article: two with the same one is a mistake (a copied front matter, usually)."""
    first: dict[str, Position] = {}
    errors = []
    for article in articles:
        if article.doi:
            version = next(v for v in article.versions.values() if "doi" in v.lines)
            where = version.at("doi")
            doi = article.doi.lower()  # DOIs are case-insensitive
            if doi in first:
                errors.append(ContentError(where, f"the DOI {article.doi} is already another article's", also=(first[doi],)))
            else:
                first[doi] = where
    return errors
