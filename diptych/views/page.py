"""A free-standing page (about, submissions)."""

from __future__ import annotations

from dataclasses import dataclass

from babel.support import NullTranslations
from markupsafe import Markup

from .. import markup
from ..models import PageVersion
from ..outline import Anchors
from .article import backlink_title


@dataclass(frozen=True, slots=True)
class PageView:
    """A free-standing page."""

    lang: str
    title: Markup
    body: Markup
    description: str | None


def page_view(version: PageVersion, translations: NullTranslations) -> PageView:
    html, _ = markup.body(version.body, Anchors(), backlink_title(translations))
    return PageView(version.lang, markup.inline(version.title), html, version.description)
