"""content/pages/KEY.LANG.md read into Pages: the site's free-standing pages, beside its articles and issues."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from types import MappingProxyType

from .. import fields as f
from .. import paywall
from ..config import SECTIONS, SiteConfig
from ..errors import ContentError
from ..models import Page, PageVersion
from .checks import unholdable_body
from .files import key_and_lang, listed, read_document
from .unique import unique_slugs


def load_pages(site_dir: Path, config: SiteConfig) -> tuple[tuple[Page, ...], list[ContentError]]:
    """content/pages/: the versions of one key a Page, sorted by key."""
    errors: list[ContentError] = []
    by_key: dict[str, dict[str, PageVersion]] = defaultdict(dict)
    schema: dict[str, tuple[f.Check, bool]] = {
        "title": (f.line, True),
        "slug": (f.slug, False),
        "description": (f.line, False),
        "updated": (f.day, False),
    }
    reserved = set(SECTIONS) | {"feed.xml", "static", "404.html", "pagefind"}
    for path, where in listed(site_dir, "pages", ".md"):
        key_lang, problems = key_and_lang(path.name, where, config)
        errors += problems
        if key_lang is None:
            continue
        key, lang = key_lang
        if lang in by_key[key]:
            errors.append(ContentError(where, f"duplicate page: {key}.{lang}.md exists twice", also=(by_key[key][lang].where,)))
            continue
        document, problems = read_document(path, where)
        errors += problems
        if document is None:
            continue
        values, problems = f.check_fields(document.fields, where, schema)
        if (bad := unholdable_body(document.body, document.body_line, where)) is not None:
            problems.append(bad)
        elif slow := paywall.too_slow(document.body) or paywall.slow_inline(document.body):  # Markdown: minutes
            problems.append(ContentError(where.at(document.body_line + slow[0]), slow[1]))
        errors += problems
        slug = values.get("slug", key)
        if "slug" not in values and not f.SLUG.match(key):
            problems = [ContentError(where, f"the key {key!r} is not a plain URL segment; rename the file or give a 'slug'")]
            errors += problems
        elif slug in reserved:
            line = document.fields["slug"].line if "slug" in document.fields else 1
            problems = [ContentError(where.at(line), f"the slug {slug!r} is taken by a section of the site; choose another")]
            errors += problems
        if not problems and "title" in values:
            lines = MappingProxyType({name: fld.line for name, fld in document.fields.items()})
            by_key[key][lang] = PageVersion(
                key,
                lang,
                where,
                values["title"],
                slug,
                document.body,
                values.get("description"),
                lines,
                document.body_line,
                values.get("updated"),
            )
    pages = tuple(
        Page(key, MappingProxyType({lang: by_key[key][lang] for lang in config.languages if lang in by_key[key]}))
        for key in sorted(by_key)
        if by_key[key]
    )
    errors += unique_slugs([(v.lang, v.slug, v.at("slug")) for p in pages for v in p.versions.values()], "page")
    return pages, errors
