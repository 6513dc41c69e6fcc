"""Localised paths (/fr/numeros/, /en/issues/), and where each one is written."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import PurePosixPath

from babel.support import NullTranslations

from .config import SECTIONS, SiteConfig
from .fields import SLUG
from .outline import slugify

SEGMENT_CONTEXT = "URL segment"
WEB_URL = re.compile(r"^https?://", re.IGNORECASE)


def is_web_url(text: str) -> bool:
    """An http(s) address, in any case ("HTTPS://…" too), as opposed to a file's path."""
    return bool(WEB_URL.match(text))


def section_names(config: SiteConfig, lang: str, translations: NullTranslations) -> dict[str, str]:
    """Each section's URL segment in a language: site.yaml's `segments`, else the catalog, else English."""
    names = {section: translations.pgettext(SEGMENT_CONTEXT, section) for section in SECTIONS}
    names.update(config.segments.get(lang, {}))
    return names


def _gettext_markers() -> None:  # pragma: no cover - only for `pybabel extract`
    """Lets pybabel find the URL segments, which are translated through a variable."""
    pgettext = NullTranslations().pgettext
    pgettext("URL segment", "articles"), pgettext("URL segment", "issues"), pgettext("URL segment", "authors")
    pgettext("URL segment", "keywords"), pgettext("URL segment", "search"), pgettext("URL segment", "page")


class Urls:
    """Every href of the site, with the base_url's path in front ('/revue/fr/' in a subfolder)."""

    def __init__(self, config: SiteConfig, sections: Mapping[str, Mapping[str, str]]) -> None:
        self.base_path = config.base_path
        self.origin = config.base_url.removesuffix(config.base_path) if config.base_path else config.base_url
        self.sections = sections

    def _href(self, *parts: str | None, page: int = 1) -> str:
        segments = [p for p in parts if p]
        if page > 1:
            segments += [self.sections[parts[0]]["page"], str(page)]  # type: ignore[index]
        return self.base_path + "/" + "".join(f"{s}/" for s in segments)

    def landing(self) -> str:
        return self._href()

    def home(self, lang: str) -> str:
        return self._href(lang)

    def article(self, lang: str, slug: str) -> str:
        return self._href(lang, self.sections[lang]["articles"], slug)

    def articles(self, lang: str, page: int = 1) -> str:
        return self._href(lang, self.sections[lang]["articles"], page=page)

    def issues(self, lang: str, page: int = 1) -> str:
        return self._href(lang, self.sections[lang]["issues"], page=page)

    def issue(self, lang: str, issue_id: str) -> str:
        return self._href(lang, self.sections[lang]["issues"], issue_id)

    def authors(self, lang: str, page: int = 1) -> str:
        return self._href(lang, self.sections[lang]["authors"], page=page)

    def author(self, lang: str, slug: str, page: int = 1) -> str:
        return self._href(lang, self.sections[lang]["authors"], slug, page=page)

    def keywords(self, lang: str, page: int = 1) -> str:
        return self._href(lang, self.sections[lang]["keywords"], page=page)

    def keyword(self, lang: str, slug: str, page: int = 1) -> str:
        return self._href(lang, self.sections[lang]["keywords"], slug, page=page)

    def search(self, lang: str) -> str:
        return self._href(lang, self.sections[lang]["search"])

    def feed(self, lang: str) -> str:
        return f"{self.base_path}/{lang}/feed.xml"

    def page(self, lang: str, slug: str) -> str:
        return self._href(lang, slug)

    def asset(self, name: str) -> str:
        return f"{self.base_path}/{name}"

    def absolute(self, href: str) -> str:
        """The full URL of an href: canonical links, hreflang alternates."""
        return self.origin + href

    def output_path(self, href: str) -> PurePosixPath:
        """The file an href is served from: /fr/articles/x/ -> fr/articles/x/index.html."""
        rel = href.removeprefix(self.base_path).strip("/")
        if not rel or href.endswith("/") or "." not in rel.rsplit("/", 1)[-1]:  # /fr/old -> fr/old/index.html
            return PurePosixPath(f"{rel}/index.html" if rel else "index.html")  # one path made, not two joined
        return PurePosixPath(rel)


@lru_cache(maxsize=8192)  # every list and article page names its authors and keywords again
def name_slug(text: str) -> str:
    """The URL segment of an author or a keyword."""
    return slugify(text) or "-"


def valid_segment(segment: str) -> bool:
    return bool(SLUG.match(segment))
