"""Read content/ into a validated Site: every file, every field, every cross-reference."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, Protocol

from . import fields as f
from . import figures, paywall
from .cite import whole_words
from .config import SECTIONS, SiteConfig, read_config
from .errors import BuildFailed, ContentError, Position
from .hashing import digest
from .models import Article, Author, Issue, OutlineItem, Page, PageVersion, Site, Version
from .outline import page_ids
from .parallel import fork_map
from .source import Document, Field, parse_document, parse_yaml, read_text
from .urls import is_web_url

DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")  # a date, maybe mistyped (a misspelt date field)
FILE_NAME = re.compile(r"^(?P<key>[^/]+)\.(?P<lang>[A-Za-z_-]+)\.md$")
ORCID = re.compile(r"^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$")  # ASCII digits: \d takes any script's


def load_site(site_dir: Path) -> Site:
    """The whole validated site, or BuildFailed with every error found (the settings' and the content's)."""
    config, errors = read_config(site_dir)
    if config is None:
        raise BuildFailed(errors)
    site, problems = load_content(site_dir, config)
    if site is None or errors:
        raise BuildFailed(errors + problems)
    return site


class Memo(Protocol):
    """Where parsed files are kept between builds, by their content's hash (the build cache)."""

    def source(self, hashed: str) -> Any: ...
    def keep_source(self, hashed: str, value: Any) -> None: ...


def load_content(
    site_dir: Path, config: SiteConfig, memo: Memo | None = None, jobs: int = 1
) -> tuple[Site | None, list[ContentError]]:
    """content/ checked against site.yaml: the Site, or None and every error found.

    With a memo, an article file whose bytes were parsed before is not parsed again; the others are parsed by
    `jobs` processes.
    """
    issues, errors = _load_issues(site_dir, config)
    issue_files = {path.name.removesuffix(".yaml") for path, _ in _files(site_dir, "issues", ".yaml")}
    articles, problems = _load_articles(site_dir, config, issues, issue_files, memo, jobs)
    errors += problems
    pages, problems = _load_pages(site_dir, config)
    errors += problems
    if errors:
        return None, errors
    return Site(site_dir, config, articles, MappingProxyType(issues), pages), []


def _files(site_dir: Path, folder: str, suffix: str) -> list[tuple[Path, Position]]:
    """Files of content/FOLDER/** ending in `suffix`, sorted, with their site-relative positions."""
    top = site_dir / "content" / folder
    found = []
    for dirpath, dirnames, filenames in os.walk(top):  # never follows symlinked folders: no loops
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(suffix) and not name.startswith(".") and _utf8(name):
                path = Path(dirpath) / name
                found.append((path, Position(PurePosixPath(path.relative_to(site_dir).as_posix()), 1)))
    return found


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.walk gives undecodable bytes as lone surrogates
        return False
    return True


def odd_files(site_dir: Path) -> tuple[list[ContentError], list[ContentError]]:
    """What content/ holds that is not content: (errors, warnings), each with its path."""
    errors, warnings = [], []
    top = site_dir / "content"
    for dirpath, dirnames, filenames in os.walk(top):
        for name in sorted([*dirnames, *filenames]):
            path = Path(dirpath) / name
            shown = path.relative_to(site_dir).as_posix().encode("utf-8", "backslashreplace").decode("utf-8")
            where = Position(PurePosixPath(shown))
            if not _utf8(name):
                errors.append(ContentError(where.at(1), "the file name is not UTF-8 text; rename it"))
            elif name in dirnames and path.is_symlink():
                warnings.append(ContentError(where, "a symbolic link to a folder is not followed: its files are not read"))
            elif name in dirnames and name.endswith((".md", ".yaml")):
                warnings.append(
                    ContentError(where, "a folder named like a content file: its files are read, the folder itself is not")
                )
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    return errors, warnings


def _read_document(path: Path, where: Position) -> tuple[Document | None, list[ContentError]]:
    text, errors = read_text(path, where)
    if text is None:
        return None, errors
    return parse_document(text, where)


# ---- issues ---------------------------------------------------------------------------------


def _load_issues(site_dir: Path, config: SiteConfig) -> tuple[dict[str, Issue], list[ContentError]]:
    issues: dict[str, Issue] = {}
    errors: list[ContentError] = []
    schema: dict[str, tuple[f.Check, bool]] = {
        "volume": (f.integer, False),
        "number": (f.integer, False),
        "date": (f.day, True),
        "title": (f.localized(config.languages, required=False), False),
    }
    for path, where in _files(site_dir, "issues", ".yaml"):
        issue_id = path.name.removesuffix(".yaml")
        if not f.SLUG.match(issue_id):
            errors.append(
                ContentError(where, f"the issue id {issue_id!r} (its file name) is not a plain URL segment: {f.SLUG_RULE}")
            )
            continue
        if issue_id in issues:
            first = issues[issue_id].where
            errors.append(ContentError(where, f"duplicate issue id {issue_id!r}", also=(first,)))
            continue
        text, problems = read_text(path, where)
        fields = None
        if text is not None:
            fields, problems = parse_yaml(text, where)
        errors += problems
        if fields is None:
            continue
        values, problems = f.check_fields(fields, where, schema)
        errors += problems
        if not problems:
            issues[issue_id] = Issue(
                issue_id,
                where,
                values.get("volume"),
                values.get("number"),
                values["date"],
                MappingProxyType(values.get("title", {})),
            )
    return dict(sorted(issues.items())), errors


# ---- articles -------------------------------------------------------------------------------


def _load_articles(
    site_dir: Path,
    config: SiteConfig,
    issues: dict[str, Issue],
    issue_files: set[str],
    memo: Memo | None = None,
    jobs: int = 1,
) -> tuple[tuple[Article, ...], list[ContentError]]:
    files = _files(site_dir, "articles", ".md")
    parsed = _parse_all(files, config, memo, jobs)
    errors: list[ContentError] = []
    by_key: dict[str, dict[str, tuple[Version, dict[str, Field]]]] = defaultdict(dict)
    # keys of which a version with errors of its own gives the shared date: written right, misspelt ('dat:'), or in a
    # front matter that could not be read; its twin is not told that the date is missing (one mistake, one error)
    dated: set[str] = set()
    sizes: dict[Path, Mapping[str, tuple[int, int]]] = {}  # each folder's figures: width, height
    for path, where in files:
        key_lang, problems = _key_and_lang(path.name, where, config)
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
                sizes[folder] = MappingProxyType(dict(figures.sizes(folder)))
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
    errors += _unique_slugs([(v.lang, v.slug, v.at("slug")) for a in articles for v in a.versions.values()], "article")
    errors += _unique_dois(articles)
    return tuple(articles), errors


def _parse_all(
    files: list[tuple[Path, Position]], config: SiteConfig, memo: Memo | None, jobs: int
) -> dict[Position, tuple[Version | None, dict[str, Field], list[ContentError]]]:
    """Each well-named article file read, parsed and checked: from the memo when these very bytes were, under these
    settings; the others by `jobs` processes."""
    parsed, hashes, todo = {}, {}, []
    settings = repr(config)
    for path, where in files:
        key_lang, _ = _key_and_lang(path.name, where, config)  # a misnamed file is reported by the caller
        if key_lang is None:
            continue
        key, lang = key_lang
        if memo is not None and path.is_file():
            with contextlib.suppress(OSError):  # else read again by the parser, to report why
                hashes[where] = digest(path.read_bytes(), str(where.path), key, lang, settings)
            found = memo.source(hashes[where]) if where in hashes else None
            if found is not None:
                parsed[where] = found
                continue
        todo.append((path, where, key, lang))
    for (_, where, _, _), result in zip(todo, fork_map(_parse_one, todo, jobs, shared=config), strict=True):
        parsed[where] = result
        if memo is not None and where in hashes:
            memo.keep_source(hashes[where], result)
    return parsed


def _parse_one(
    config: SiteConfig, item: tuple[Path, Position, str, str]
) -> tuple[Version | None, dict[str, Field], list[ContentError]]:
    """One version file read, parsed and checked under these settings."""
    path, where, key, lang = item
    document, problems = _read_document(path, where)
    if document is None:  # its fields are unknown: it may well give the shared date, which its twin must not miss
        return None, {"date": Field(None, where.line or 1)}, problems
    version, shared, more = _version(document, key, lang, config)
    return version, shared, problems + more


def _key_and_lang(name: str, where: Position, config: SiteConfig) -> tuple[tuple[str, str] | None, list[ContentError]]:
    match = FILE_NAME.match(name)
    if not match:
        return None, [ContentError(where, f"name the file KEY.LANG.md, with LANG one of {', '.join(config.languages)}")]
    if match["lang"] not in config.languages:
        return None, [
            ContentError(where, f"language {match['lang']!r} is not in site.yaml's languages ({', '.join(config.languages)})")
        ]
    return (match["key"], match["lang"]), []


def _shared_schema(config: SiteConfig) -> dict[str, tuple[f.Check, bool]]:
    return {
        "authors": (f.list_of(_author), False),
        "date": (f.day, False),  # required once per article, checked after merging
        "updated": (f.day, False),
        "issue": (f.line, False),
        "pages": (f.line, False),
        "doi": (_doi, False),
        "pdf": (_pdf, False),
        "license": (f.line, False),
        "section": (f.localized(config.languages, required=False), False),
        "order": (f.integer, False),
        "access": (f.one_of("free", "paywalled"), False),
    }


def _version(
    document: Document, key: str, lang: str, config: SiteConfig
) -> tuple[Version | None, dict[str, Field], list[ContentError]]:
    where = document.where
    own_schema: dict[str, tuple[f.Check, bool]] = {
        "title": (f.line, True),
        "subtitle": (f.line, False),
        "abstract": (_markdown, True),
        "keywords": (f.list_of(f.line), False),
        "slug": (f.slug, False),
        "aliases": (f.list_of(_alias), False),
        "outline": (_outline, False),
        "remaining_percent": (f.percent, False),
    }
    shared_schema = _shared_schema(config)
    own = {k: v for k, v in document.fields.items() if k in own_schema}
    shared = {k: v for k, v in document.fields.items() if k in shared_schema}
    errors = [
        ContentError(where.at(fld.line), f.unknown_field(name, [*own_schema, *shared_schema]))
        for name, fld in document.fields.items()
        if name not in own_schema and name not in shared_schema
    ]
    values, problems = f.check_fields(own, where, own_schema)
    errors += problems
    errors += f.check_fields(shared, where, shared_schema)[1]
    if "slug" not in values and not f.SLUG.match(key):
        errors.append(
            ContentError(
                where,
                f"the key {key!r} (the file name) is not a plain URL segment; rename the file or give a 'slug': {f.SLUG_RULE}",
            )
        )
    if "outline" in values and "remaining_percent" not in values:
        errors.append(
            ContentError(
                where.at(document.fields["outline"].line),
                "'outline' is for a teaser-only version: give 'remaining_percent' with it",
            )
        )
    public, found = None, paywall.Markers((), ())
    if slow := paywall.too_slow(document.body):  # refused before any reading: Markdown would take minutes
        errors.append(ContentError(where.at(document.body_line + slow[0]), slow[1]))
    elif document.body.strip():
        # the one reading of the body, free or not: its markers, its public text if it may be paywalled, and a
        # body Markdown cannot read refused here, at its file, rather than in a worker that renders it
        access = shared["access"].value if "access" in shared else config.paywall.access
        try:
            survey = paywall.survey(
                document.body,
                config.paywall.teaser_paragraphs,
                declared_percent=values.get("remaining_percent"),
                taken=page_ids(config.languages) if access != "free" else None,  # a free text is rendered later
            )
            found, public = survey.markers, survey.public
        except RecursionError:  # nesting too_slow did not foresee: still a content error, not a traceback
            errors.append(
                ContentError(where.at(document.body_line), "this body nests its blocks too deeply for Markdown to read")
            )
    errors += [ContentError(where.at(document.body_line + index), message) for index, message in found.problems]
    markers = found.lines
    if "remaining_percent" in values and markers:
        line = document.body_line + markers[0]
        errors.append(
            ContentError(
                where.at(line), "a teaser-only version ('remaining_percent') is all teaser: remove the <!-- paywall --> marker"
            )
        )
    if len(markers) > 1:
        line = document.body_line + markers[1]
        errors.append(ContentError(where.at(line), "a second <!-- paywall --> marker; a body is split once"))
    if errors:
        return None, shared | _misspelt_date(document.fields, own_schema, shared_schema), errors
    version = Version(
        key=key,
        lang=lang,
        where=where,
        title=values["title"],
        abstract=values["abstract"],
        slug=values.get("slug", key),
        body=document.body,
        body_line=document.body_line,
        subtitle=values.get("subtitle"),
        keywords=values.get("keywords", ()),
        aliases=values.get("aliases", ()),
        outline=values.get("outline", ()),
        remaining_percent=values.get("remaining_percent"),
        public=public,
        lines=MappingProxyType({name: fld.line for name, fld in document.fields.items()}),
    )
    return version, shared, []


def _misspelt_date(fields: dict[str, Field], *schemas: dict[str, tuple[f.Check, bool]]) -> dict[str, Field]:
    """{'date': the field} when an unknown field of these is a misspelt 'date' ('dat', 'Date') holding a date, else {}:
    a 'state: draft' or 'data: 42' that difflib finds close to 'date' is no date, and the twin's missing date stays an
    error."""
    known = [name for schema in schemas for name in schema]
    return next(
        (
            {"date": fld}
            for name, fld in fields.items()
            if name not in known and f.closest(name, known) == "date" and _looks_like_a_date(fld.value)
        ),
        {},
    )


def _looks_like_a_date(value: object) -> bool:
    """A value YAML read as a date, or text written as one (2019-06-01, maybe mistyped: 2019-6-1, 2019-06-31)."""
    return isinstance(value, datetime.date) or (isinstance(value, str) and bool(DATE_LIKE.fullmatch(value.strip())))


def _article(
    key: str,
    versions: dict[str, tuple[Version, dict[str, Field]]],
    config: SiteConfig,
) -> tuple[Article | None, list[ContentError]]:
    """Merge the shared fields of an article's versions; disagreements name both files."""
    ordered = [versions[lang] for lang in config.languages if lang in versions]
    schema = _shared_schema(config)
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


def _unique_dois(articles: list[Article]) -> list[ContentError]:
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


def _unique_slugs(slugs: list[tuple[str, str, Position]], what: str) -> list[ContentError]:
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


def _author(field: Field, where: Position, name: str) -> f.Checked:
    value = field.value
    if isinstance(value, str):
        author, errors = f.line(field, where, name)
        return (Author(author) if author else None), errors
    if not isinstance(value, dict):
        return None, [ContentError(where.at(field.line), "each author is a name, or {name, affiliation, orcid, family, suffix}")]
    sub = {k: Field(v, field.line) for k, v in value.items()}
    schema: dict[str, tuple[f.Check, bool]] = {
        "name": (f.line, True),
        "affiliation": (f.line, False),
        "orcid": (f.line, False),
        "family": (f.line, False),
        "suffix": (f.line, False),  # "Jr.", "fils": ends the name, never taken for the family name
    }
    values, errors = f.check_fields(sub, where.at(field.line), schema)
    orcid = values.get("orcid", "").removeprefix("https://orcid.org/")
    if orcid and not ORCID.match(orcid):
        errors.append(ContentError(where.at(field.line), f"ORCID {orcid!r} must look like 0000-0002-1825-0097"))
    elif orcid:  # ISO 7064 MOD 11-2 over the first 15 digits, as orcid.org computes it: 10 is written X
        total = 0
        for digit in orcid.replace("-", "")[:15]:
            total = (total + int(digit)) * 2
        check = "X" if (12 - total % 11) % 11 == 10 else str((12 - total % 11) % 11)
        if orcid[-1] != check:
            errors.append(
                ContentError(
                    where.at(field.line),
                    f"ORCID {orcid!r} has a wrong check digit (the last character should be {check}): "
                    "copy it from the author's page on orcid.org",
                )
            )
    family, written = values.get("family"), values.get("name", "")
    if family and written and not whole_words(family, written):
        message = f"the family name {family!r} must be whole words of the author's name {written!r}"
        errors.append(ContentError(where.at(field.line), message))
    suffix = values.get("suffix")
    if suffix and not re.search(rf"(?:,\s*|\s+){re.escape(suffix)}$", written):
        example = f"{written.removesuffix(',')} {suffix}"
        errors.append(ContentError(where.at(field.line), f"the suffix {suffix!r} must end the author's name, as in {example!r}"))
    if errors:
        return None, errors
    return Author(values["name"], values.get("affiliation"), orcid or None, family, suffix), []


def _doi(field: Field, where: Position, name: str) -> f.Checked:
    value, errors = f.line(field, where, name)
    if value is None:
        return None, errors
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value)
    if not re.match(r"^10\.[0-9]{4,9}/\S+$", value):
        return None, [ContentError(where.at(field.line), f"'doi' {value!r} is not a DOI like 10.3917/ris.115.0061")]
    return value, []


def _pdf(field: Field, where: Position, name: str) -> f.Checked:
    """An http(s) URL, or the name of a PDF file beside the article."""
    value, errors = f.line(field, where, name)
    if value is None or is_web_url(value):
        return value, errors
    parts = value.split("/")
    if (
        re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value)
        or value.startswith("/")
        or ".." in parts
        or "" in parts
        or not value.lower().endswith(".pdf")
    ):
        return None, [
            ContentError(where.at(field.line), f"'pdf' must be an http(s) URL or a .pdf file beside the article, not {value!r}")
        ]
    return value, []


def _markdown(field: Field, where: Position, name: str) -> f.Checked:
    """Markdown text (an abstract), refused when Markdown could not read it in bounded time (paywall.too_slow)."""
    value, errors = f.text(field, where, name)
    if value is not None and (slow := paywall.too_slow(value) or paywall.slow_inline(value)):
        return None, [ContentError(where.at(field.line), f"'{name}': {slow[1]}")]
    return value, errors


def _alias(field: Field, where: Position, name: str) -> f.Checked:
    """An earlier path of this version on this site: /fr/articles/old-slug/ (a redirect page is written there)."""
    value, errors = f.line(field, where, name)
    if value is None:
        return None, errors
    segments = value.split("/")[1:] or [""]
    plain = (
        value.startswith("/")
        and all(re.fullmatch(r"[\w.~%-]+", s) and s not in (".", "..") for s in segments[:-1])
        and (segments[-1] == "" or (re.fullmatch(r"[\w.~%-]+", segments[-1]) and segments[-1] not in (".", "..")))
    )
    if not value.startswith("/") or value == "/" or not plain or segments[0] in ("static", "404.html", "index.html"):
        return None, [
            ContentError(
                where.at(field.line),
                f"an alias is an earlier path of this article on the site, like /fr/articles/old-slug/, not {value!r}",
            )
        ]
    dotted = next((s for s in segments if s.startswith(".")), None)  # its redirect page would be a dot file
    if dotted is not None:
        return None, [
            ContentError(
                where.at(field.line),
                f"an alias may not have a segment beginning with '.' ({dotted!r}): web servers read such files"
                " (.htaccess) or keep such folders (.well-known) for themselves",
            )
        ]
    return value, errors


def _outline(field: Field, where: Position, name: str) -> f.Checked:
    """A list of headings, each a title or {title, sections: [...]}."""

    def items(values: Any, depth: int = 1) -> tuple[tuple[OutlineItem, ...], list[ContentError]]:
        if depth > 3:
            return (), [ContentError(where.at(field.line), "'outline' nests three levels at most (## to ####)")]
        if not isinstance(values, list):
            return (), [ContentError(where.at(field.line), "'outline' must be a list of headings")]
        out, errors = [], []
        for value in values:
            if isinstance(value, str) and value.strip():
                out.append(OutlineItem(value.strip()))
            elif isinstance(value, dict) and isinstance(value.get("title"), str) and set(value) <= {"title", "sections"}:
                sections, problems = items(value.get("sections", []), depth + 1)
                errors += problems
                out.append(OutlineItem(value["title"].strip(), sections))
            else:
                errors.append(
                    ContentError(
                        where.at(field.line), f"an outline entry is a heading or {{title, sections}}, not {f.shown(value)}"
                    )
                )
        return tuple(out), errors

    return items(field.value)


# ---- pages ----------------------------------------------------------------------------------


def _load_pages(site_dir: Path, config: SiteConfig) -> tuple[tuple[Page, ...], list[ContentError]]:
    errors: list[ContentError] = []
    by_key: dict[str, dict[str, PageVersion]] = defaultdict(dict)
    schema: dict[str, tuple[f.Check, bool]] = {
        "title": (f.line, True),
        "slug": (f.slug, False),
        "description": (f.line, False),
        "updated": (f.day, False),
    }
    reserved = set(SECTIONS) | {"feed.xml", "static", "404.html", "pagefind"}
    for path, where in _files(site_dir, "pages", ".md"):
        key_lang, problems = _key_and_lang(path.name, where, config)
        errors += problems
        if key_lang is None:
            continue
        key, lang = key_lang
        if lang in by_key[key]:
            errors.append(ContentError(where, f"duplicate page: {key}.{lang}.md exists twice", also=(by_key[key][lang].where,)))
            continue
        document, problems = _read_document(path, where)
        errors += problems
        if document is None:
            continue
        values, problems = f.check_fields(document.fields, where, schema)
        if slow := paywall.too_slow(document.body) or paywall.slow_inline(document.body):  # Markdown: minutes
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
    errors += _unique_slugs([(v.lang, v.slug, v.at("slug")) for p in pages for v in p.versions.values()], "page")
    return pages, errors
