"""sitemap.xml (sitemaps.org 0.9, with Google's hreflang alternates) and robots.txt.

Every listed page is there with its `lastmod` (the newest date of what it shows) and its translations as
`xhtml:link` alternates, x-default included, the same set the page declares in its head. Past 50,000 URLs or
50 MB, the URLs are split over sitemap-1.xml, sitemap-2.xml … and sitemap.xml becomes their index.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import PurePosixPath
from xml.sax.saxutils import quoteattr

from .edition import Edition
from .plan import PlannedPage
from .urls import Urls

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000  # the protocol's limits per file
MAX_BYTES = 50 * 1024 * 1024
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
URLSET_OPEN = f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n'
URLSET_CLOSE = "</urlset>\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def url_entry(page: PlannedPage) -> str:
    """One <url>: where, when, and its language versions."""
    lines = [f"<url><loc>{_escape(page.canonical)}</loc>"]
    if page.lastmod:
        lines.append(f"<lastmod>{page.lastmod.isoformat()}</lastmod>")
    alternates = [(a.lang, a.href) for a in page.alternates]
    if page.x_default:
        alternates.append(("x-default", page.x_default))
    if alternates:  # the same set as the page's head: its translations, itself and x-default
        lines += [f'<xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(href)}/>' for lang, href in alternates]
    return "\n".join(lines) + "\n</url>\n"


def sitemaps(
    pages: Sequence[PlannedPage], urls: Urls, max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES
) -> list[tuple[PurePosixPath, bytes]]:
    """sitemap.xml, or an index and its parts when the pages pass the protocol's limits."""
    listed = [p for p in pages if p.listed and p.canonical]
    frame = len((HEAD + URLSET_OPEN + URLSET_CLOSE).encode())
    parts: list[tuple[list[bytes], date | None]] = [([], None)]
    size = frame
    for page in listed:
        entry = url_entry(page).encode("utf-8")
        chunk, newest = parts[-1]
        if chunk and (len(chunk) >= max_urls or size + len(entry) > max_bytes):
            parts.append(([], None))
            chunk, newest, size = [], None, frame
        chunk.append(entry)
        size += len(entry)
        parts[-1] = (chunk, max((d for d in (newest, page.lastmod) if d), default=None))
    bodies = [(HEAD + URLSET_OPEN).encode() + b"".join(chunk) + URLSET_CLOSE.encode() for chunk, _ in parts]
    if len(bodies) == 1:
        return [(PurePosixPath("sitemap.xml"), bodies[0])]
    files = [(PurePosixPath(f"sitemap-{n}.xml"), body) for n, body in enumerate(bodies, 1)]
    index = [HEAD, f'<sitemapindex xmlns="{SITEMAP_NS}">\n']
    for (path, _), (_, newest) in zip(files, parts, strict=True):
        index.append(f"<sitemap><loc>{_escape(urls.absolute(urls.asset(path.name)))}</loc>")
        index.append(f"<lastmod>{newest.isoformat()}</lastmod></sitemap>\n" if newest else "</sitemap>\n")
    index.append("</sitemapindex>\n")
    return [(PurePosixPath("sitemap.xml"), "".join(index).encode("utf-8")), *files]


def robots(urls: Urls, edition: Edition) -> tuple[PurePosixPath, bytes]:
    """robots.txt: the public site open to every crawler, with its sitemap; the subscriber edition closed to all."""
    if edition.indexed:
        text = f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(urls.asset('sitemap.xml'))}\n"
    else:
        text = "User-agent: *\nDisallow: /\n"
    return PurePosixPath("robots.txt"), text.encode("utf-8")
