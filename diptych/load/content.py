"""content/ read into a validated Site: its issues, articles and pages, checked against site.yaml."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from ..config import SiteConfig, read_config
from ..errors import BuildFailed, ContentError
from ..models import Site
from .articles import load_articles
from .files import listed
from .issues import load_issues
from .pages import load_pages
from .parse import Memo


def load_site(site_dir: Path) -> Site:
    """The whole validated site, or BuildFailed with every error found (the settings' and the content's)."""
    config, errors = read_config(site_dir)
    if config is None:
        raise BuildFailed(errors)
    site, problems = load_content(site_dir, config)
    if site is None or errors:
        raise BuildFailed(errors + problems)
    return site


def load_content(
    site_dir: Path, config: SiteConfig, memo: Memo | None = None, jobs: int = 1
) -> tuple[Site | None, list[ContentError]]:
    """content/ checked against site.yaml: the Site, or None and every error found.

    With a memo, an article file whose bytes were parsed before is not parsed again; the others are parsed by
    `jobs` processes.
    """
    issues, errors = load_issues(site_dir, config)
    issue_files = {path.name.removesuffix(".yaml") for path, _ in listed(site_dir, "issues", ".yaml")}
    articles, problems = load_articles(site_dir, config, issues, issue_files, memo, jobs)
    errors += problems
    pages, problems = load_pages(site_dir, config)
    errors += problems
    if errors:
        return None, errors
    return Site(site_dir, config, articles, MappingProxyType(issues), pages), []
