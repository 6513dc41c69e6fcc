"""The Jinja environments (site templates over the defaults), and render(page) -> bytes."""

from __future__ import annotations

import re
import traceback
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from babel.support import NullTranslations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateSyntaxError, UndefinedError, meta

from . import typography
from .config import SiteConfig
from .edition import Edition
from .errors import ContentError, Position
from .hashing import digest
from .i18n import Formats, formats
from .plan import PlannedPage
from .theme import DEFAULTS, STATIC, template_dirs
from .typography import Typography
from .urls import Urls
from .views import journal_view


class Renderer:
    """One Jinja environment per language, each with its catalog and Babel formats."""

    def __init__(
        self,
        site_dir: Path,
        config: SiteConfig,
        urls: Urls,
        translations: Mapping[str, NullTranslations],
        css_name: str,
        nav_pages: Mapping[str, tuple[Any, ...]],
        edition: Edition = Edition.PUBLIC,
        searchable: bool = True,
        typography: Mapping[str, Typography | None] | None = None,
    ) -> None:
        self.site_dir = site_dir
        self.urls = urls
        self.edition = edition
        self.typography = dict(typography or {})
        self._fingerprint = repr((css_name, sorted(nav_pages.items()), searchable, edition.value, sorted(self.typography)))
        loader = FileSystemLoader([str(d) for d in template_dirs(site_dir)])
        self.envs: dict[str, Environment] = {}
        sections = {lang: urls.home(lang) for lang in config.languages}
        for lang in config.languages:
            env = Environment(
                loader=loader,
                autoescape=True,
                undefined=StrictUndefined,
                extensions=["jinja2.ext.i18n"],
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
            )
            env.install_gettext_translations(translations[lang], newstyle=True)
            fmt = formats(lang)
            env.filters.update(number=fmt.number, language=fmt.language)
            env.globals.update(
                journal=journal_view(config),  # never the settings: only what pages show of the journal
                urls=urls,
                lang=lang,
                homes=sections,
                stylesheet=urls.asset(css_name),
                icon=urls.asset(f"{STATIC}/icon.svg"),
                autonym=Formats.autonym,
                og_locale=Formats.territorial,
                search_script=urls.asset(f"{STATIC}/search.js"),
                gettext_in=lambda other, message: translations[other].gettext(message),
                site_title=config.title[lang],
                site_description=config.description.get(lang),
                nav_pages=nav_pages,
                search=searchable,  # False when the site has nothing to search yet: no search page, no link to one
                edition=edition,
            )
            self.envs[lang] = env

    def render(self, page: PlannedPage, context: Mapping[str, Any]) -> bytes:
        """The bytes of one page: a pure function of the page, its views and the templates."""
        env = self.envs[page.lang]
        html = env.get_template(page.template).render(self.template_context(page, context))
        return typography.apply(html, page.lang, self.typography.get).encode("utf-8")

    def fingerprint(self) -> str:
        """What the templates' globals hold beyond the settings and catalogs: part of every page's cache key."""
        return self._fingerprint

    def template_digests(self) -> dict[str, str]:
        """Each template's digest, with every template it extends, includes or imports (its own cache key part)."""
        env = next(iter(self.envs.values()))
        names = env.list_templates(filter_func=lambda n: n.endswith(".html"))
        sources = {name: env.loader.get_source(env, name)[0] for name in names}  # type: ignore[union-attr]
        refs: dict[str, set[str | None]] = {
            name: set(meta.find_referenced_templates(env.parse(src))) for name, src in sources.items()
        }
        every = digest(*(f"{n}\0{sources[n]}" for n in sorted(sources)))
        digests = {}
        for name in names:
            closure = _closure(name, refs)
            digests[name] = every if closure is None else digest(*(f"{n}\0{sources[n]}" for n in sorted(closure)))
        return digests

    @staticmethod
    def template_context(page: PlannedPage, context: Mapping[str, Any]) -> dict[str, Any]:
        """All a template receives besides the globals: the page's views and its PageMeta, never the PlannedPage."""
        return {**context, "page": page.meta}

    def check(self) -> list[ContentError]:
        """Compile every template now, so that all their syntax errors come out in one run."""
        env = next(iter(self.envs.values()))
        errors = []
        for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
            try:
                env.get_template(name)
            except TemplateSyntaxError as exc:
                errors.append(
                    ContentError(
                        _template_position(exc.filename or name, self.site_dir, exc.lineno), exc.message or "syntax error"
                    )
                )
            except UnicodeDecodeError:
                errors.append(
                    ContentError(_template_position(name, self.site_dir, None), "not UTF-8 text; save the template as UTF-8")
                )
        return errors


def _closure(name: str, refs: Mapping[str, set[str | None]]) -> set[str] | None:
    """A template and all it extends, includes or imports; None when one of those names is computed at render time."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for ref in refs.get(current, ()):
            if ref is None or ref not in refs:
                return None
            todo.append(ref)
    return seen


def template_error(exc: Exception, site_dir: Path, href: str) -> ContentError:
    """A template that failed while rendering a page, at the template's line."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")]
    filename, line = (frames[-1].filename, frames[-1].lineno) if frames else (getattr(exc, "filename", None) or "templates", None)
    message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
    if isinstance(exc, UndefinedError):  # a view by its class's name, not the module it lives in; nothing else
        message = _QUALIFIED.sub(r"'\1 object' has no attribute ", message, count=1)
    return ContentError(_template_position(filename, site_dir, line), f"{message} (rendering {href})")


# how Jinja names the object a template read a missing attribute of: 'diptych.views.page.PageView object'
_QUALIFIED = re.compile(r"^'diptych(?:\.\w+)+\.(\w+) object' has no attribute ")


def _template_position(filename: str, site_dir: Path, line: int | None) -> Position:
    """A template's path as the publisher knows it: relative to the site folder when it is the site's own."""
    path = Path(filename)
    for root in (site_dir.resolve(), DEFAULTS):
        try:
            return Position(PurePosixPath(path.resolve().relative_to(root).as_posix()), line)
        except ValueError:
            continue
    return Position(PurePosixPath(filename), line)
