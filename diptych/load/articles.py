"""Article files paired by key into Articles: their versions' shared fields merged, their issues known."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import fields as f
from ..config import SiteConfig
from ..errors import ContentError, Position
from ..models import Article, Issue, Version
from ..source import Field
from ..urls import is_web_url
from .beside import sizes as figure_sizes
from .checks import shared_schema
from .files import key_and_lang, listed
from .parse import Memo, parse_all
from .unique import unique_dois, unique_slugs


def load_articles(
    site_dir: Path,
    config: SiteConfig,
    issues: dict[str, Issue],
    issue_files: set[str],
    memo: Memo | None = None,
    jobs: int = 1,
    files: list[tuple[Path, Position]] | None = None,
) -> tuple[tuple[Article, ...], list[ContentError]]:
    """content/articles/: each well-named file a version, the versions of one key an Article, sorted by key.

    `files`: only these (serve's edit-first pages: the versions of the articles an edit touched); their slugs and
    DOIs are then checked among themselves only, the whole build that follows checks them against the site."""
    files = listed(site_dir, "articles", ".md") if files is None else files
    parsed = parse_all(files, config, memo, jobs)
    errors: list[ContentError] = []
    by_key: dict[str, dict[str, tuple[Version, dict[str, Field]]]] = defaultdict(dict)
    # keys of which a version with errors of its own gives the shared date: written right, misspelt ('dat:'), or in a
    # front matter that could not be read; its twin is not told that the date is missing (one mistake, one error)
    dated: set[str] = set()
    sizes: dict[Path, Mapping[str, tuple[int, int]]] = {}  # each folder's figures: width, height
    for path, where in files:
        key_lang, problems = key_and_lang(path.name, where, config)
        errors += problems
        if key_lang is None:
            continue
        key, lang = key_lang
        if lang in by_key[key]:
            first = by_key[key][lang][0].where
            errors.append(
                ContentError(
                    where,
                    f"duplicate article: {key}.{lang}.md exists twice (a key must be unique in content/articles/)",
                    also=(first,),
                )
            )
            continue
        version, shared, problems = parsed[where]
        errors += problems
        if version is not None and version.has_body:  # the size of each figure beside it, for its <img>
            folder = path.parent.resolve()
            if folder not in sizes:  # read once per folder and build
                sizes[folder] = MappingProxyType(dict(figure_sizes(folder)))
            version = dataclasses.replace(version, figures=sizes[folder])
        issue = shared.get("issue")
        issue_id = str(issue.value).strip() if issue is not None and isinstance(issue.value, str | int) else None
        if issue_id is not None and issue_id not in issue_files:
            known = ", ".join(sorted(issue_files)) or "none"  # checked here, so that the file's other errors do not hide it
            message = f"unknown issue {issue_id!r}: no content/issues/{issue_id}.yaml (known: {known})"
            errors.append(ContentError(where.at(issue.line), message))
        if version is not None:
            by_key[key][lang] = (version, shared)
        elif "date" in shared:
            dated.add(key)
    articles = []
    for key in sorted(k for k, versions in by_key.items() if versions):
        article, problems = _article(key, by_key[key], config)
        if key in dated:  # the version with errors of its own has the date: it is not missing
            problems = [p for p in problems if not p.message.startswith("missing required field 'date'")]
        errors += problems
        if article is not None:
            articles.append(article)
    errors += unique_slugs([(v.lang, v.slug, v.at("slug")) for a in articles for v in a.versions.values()], "article")
    errors += unique_dois(articles)
    return tuple(articles), errors


def _article(
    key: str,
    versions: dict[str, tuple[Version, dict[str, Field]]],
    config: SiteConfig,
) -> tuple[Article | None, list[ContentError]]:
    """Merge the shared fields of an article's versions; disagreements name both files."""
    ordered = [versions[lang] for lang in config.languages if lang in versions]
    schema = shared_schema(config)
    merged: dict[str, tuple[Any, Position]] = {}
    errors: list[ContentError] = []
    for version, shared in ordered:
        values, _ = f.check_fields(shared, version.where, schema)
        for name, value in values.items():
            here = version.where.at(shared[name].line)
            if name not in merged:
                merged[name] = (value, here)
            elif merged[name][0] != value:
                first_value, first = merged[name]
                errors.append(
                    ContentError(
                        here,
                        f"'{name}' disagrees with {first.path}: a shared field must be written in one version or be identical in both",
                        also=(first,),
                    )
                )
    first_file = ordered[0][0].where
    if "date" not in merged:
        errors.append(ContentError(first_file, "missing required field 'date' (shared: write it in one version)"))
    access = merged.get("access", (config.paywall.access, first_file))[0]
    for version, _ in ordered:
        if version.remaining_percent is not None and access == "free":
            errors.append(
                ContentError(
                    version.at("remaining_percent"), "'remaining_percent' is for a paywalled article, but this one is free"
                )
            )
    if errors:
        return None, errors
    values = {name: value for name, (value, _) in merged.items()}
    if "section" in values:
        values["section"] = MappingProxyType(values["section"])
    values["access"] = access
    if "pdf" in merged and not is_web_url(merged["pdf"][0]):
        values["pdf_file"] = merged["pdf"][1]  # a local PDF lies beside the version that names it
    return Article(key=key, versions=MappingProxyType({v.lang: v for v, _ in ordered}), **values), []
