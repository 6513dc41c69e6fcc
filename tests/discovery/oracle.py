"""An independent reading of the sample's content and of the built pages, for the discovery tests.

The content side reads site.yaml, content/articles/*.md and content/issues/*.yaml with PyYAML only: no diptych
loader, model or view is used to compute what the output must say. The output side parses the built pages
with `html.parser` and `json`, never with regular expressions over the markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

SHARED = ("authors", "date", "updated", "issue", "pages", "doi", "pdf", "license", "section", "order", "access")
ARTICLES_SEGMENT = {"fr": "articles", "en": "articles"}  # the sample's localized URL segments
ISSUES_SEGMENT = {"fr": "numeros", "en": "issues"}
TITLE_COLON = {"fr": "\u00a0: ", "en": ": "}  # the colon between a title and its subtitle, as each language spaces it


# ---- content ----------------------------------------------------------------------------------------------------


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """A Markdown file's YAML front matter and its body."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    head, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(head) or {}, body


def plain(markdown_line: str) -> str:
    """A title or abstract as plain text: emphasis markers dropped, whitespace runs made one space."""
    return " ".join(re.sub(r"(?<!\\)[*]", "", markdown_line).split())


@dataclass(frozen=True)
class Author:
    name: str
    affiliation: str | None = None
    orcid: str | None = None
    family: str | None = None

    @property
    def family_given(self) -> tuple[str, str]:
        """(family, given): the declared family name, else BibTeX's rule (lowercase particles join the family)."""
        if self.family:
            return self.family, " ".join(self.name.replace(self.family, " ", 1).split())
        words = self.name.split()
        start = next((i for i, w in enumerate(words[:-1]) if i > 0 and w[0].islower()), len(words) - 1)
        return " ".join(words[start:]), " ".join(words[:start])


def author(value: str | dict[str, str]) -> Author:
    if isinstance(value, str):
        return Author(value)
    orcid = value.get("orcid")
    return Author(
        value["name"], value.get("affiliation"), orcid.removeprefix("https://orcid.org/") if orcid else None, value.get("family")
    )


@dataclass
class Version:
    lang: str
    path: Path
    meta: dict[str, Any]
    body: str

    @property
    def title(self) -> str:
        return plain(self.meta["title"])

    @property
    def subtitle(self) -> str | None:
        return plain(self.meta["subtitle"]) if self.meta.get("subtitle") else None

    @property
    def title_text(self) -> str:
        """Title and subtitle as one line, as indexers take them: 'Title: Subtitle' in English, 'Titre : Sous-titre'
        in French (a no-break space before the colon); 'Title: Part. Subtitle' after a title holding a colon, and
        only a space after one that ends its own sentence ('Why? An answer')."""
        if not self.subtitle:
            return self.title
        if self.title.endswith((".", "?", "!", "…", ":")):
            return f"{self.title} {self.subtitle}"
        if re.search(r":(\s|$)", self.title):
            return f"{self.title}. {self.subtitle}"
        return f"{self.title}{TITLE_COLON.get(self.lang, ': ')}{self.subtitle}"

    @property
    def abstract(self) -> str:
        return plain(self.meta["abstract"])

    @property
    def keywords(self) -> list[str]:
        return [str(k) for k in self.meta.get("keywords", [])]

    @property
    def slug(self) -> str:
        return self.meta.get("slug", self.path.name.split(".")[0])

    @property
    def has_body(self) -> bool:
        return bool(self.body.strip())

    @property
    def page(self) -> str:
        """The page's path in the output."""
        return f"{self.lang}/{ARTICLES_SEGMENT[self.lang]}/{self.slug}/index.html"


@dataclass
class Article:
    key: str
    versions: dict[str, Version]  # in the site's language order
    shared: dict[str, Any] = field(default_factory=dict)

    def text_lang(self, lang: str) -> str:
        """The language of the full text seen from the page in `lang` (the brief's rule, restated)."""
        if self.versions[lang].has_body:
            return lang
        return next((v.lang for v in self.versions.values() if v.has_body), lang)

    @property
    def authors(self) -> list[Author]:
        return [author(a) for a in self.shared.get("authors", [])]

    @property
    def date(self) -> date:
        return self.shared["date"]

    @property
    def updated(self) -> date | None:
        return self.shared.get("updated")

    @property
    def lastmod(self) -> date:
        return self.updated or self.date

    @property
    def paywalled(self) -> bool:
        return self.shared.get("access", "paywalled") == "paywalled"  # the sample's site.yaml default

    @property
    def pages(self) -> tuple[str | None, str | None]:
        if not self.shared.get("pages"):
            return None, None
        first, _, last = str(self.shared["pages"]).partition("-")
        return first.strip(), last.strip() or None


@dataclass
class Site:
    root: Path
    config: dict[str, Any]
    articles: list[Article]
    issues: dict[str, dict[str, Any]]

    @property
    def languages(self) -> list[str]:
        return list(self.config["languages"])

    @property
    def base_url(self) -> str:
        return self.config["base_url"].rstrip("/")

    def url(self, rel: str) -> str:
        """The absolute URL of an output file: fr/x/index.html -> https://…/fr/x/."""
        return f"{self.base_url}/{rel.removesuffix('index.html')}"

    def article_pages(self) -> list[tuple[Article, str]]:
        return [(a, lang) for a in self.articles for lang in a.versions]

    def issue_articles(self, issue_id: str) -> list[Article]:
        """An issue's articles in table-of-contents order: `order`, then date, then key."""
        inside = [a for a in self.articles if a.shared.get("issue") == issue_id]
        return sorted(inside, key=lambda a: (a.shared.get("order") is None, a.shared.get("order") or 0, a.date, a.key))


def read_site(root: Path) -> Site:
    """The site as its files say, read with PyYAML alone."""
    config = yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8"))
    languages = list(config["languages"])
    grouped: dict[str, dict[str, Version]] = {}
    for path in sorted((root / "content" / "articles").rglob("*.md")):
        key, lang, _ = path.name.rsplit(".", 2)
        meta, body = front_matter(path)
        grouped.setdefault(key, {})[lang] = Version(lang, path, meta, body)
    articles = []
    for key, versions in sorted(grouped.items()):
        ordered = {lang: versions[lang] for lang in languages if lang in versions}
        shared: dict[str, Any] = {}
        for version in ordered.values():
            for name in SHARED:
                if name in version.meta:
                    shared.setdefault(name, version.meta[name])
        articles.append(Article(key, ordered, shared))
    issues = {}
    for path in sorted((root / "content" / "issues").glob("*.yaml")):
        issues[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Site(root, config, articles, issues)


# ---- output -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Meta:
    key: str  # name= or property=
    content: str
    lang: str | None
    xml_lang: str | None
    attribute: str  # "name" or "property"


class HeadParser(HTMLParser):
    """The <meta>, <link> and JSON-LD <script> elements of a page, in order, and whether each was in <head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.metas: list[Meta] = []
        self.metas_outside_head: list[Meta] = []
        self.links: list[dict[str, str]] = []
        self.anchors: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self.text: list[str] = []
        self.refresh = False
        self.in_head = False
        self.in_body = False
        self.script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head, self.in_body = False, True
        elif tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.refresh = True
        elif tag == "meta" and ("name" in a or "property" in a):
            attribute = "name" if "name" in a else "property"
            meta = Meta(a[attribute], a.get("content", ""), a.get("lang"), a.get("xml:lang"), attribute)
            (self.metas if self.in_head else self.metas_outside_head).append(meta)
        elif tag == "link" and self.in_head:
            self.links.append(a)
        elif tag == "a":
            self.anchors.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self.script = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        elif tag == "script" and self.script is not None:
            self.json_ld.append("".join(self.script))
            self.script = None

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)
        elif self.in_body:
            self.text.append(data)


@dataclass
class Page:
    rel: str
    html: str
    metas: list[Meta]
    metas_outside_head: list[Meta]
    links: list[dict[str, str]]
    anchors: list[dict[str, str]]
    json_ld_sources: list[str]
    body_text: str
    redirect: bool  # a <meta http-equiv="refresh">: an alias, not a page

    def all(self, key: str) -> list[str]:
        return [m.content for m in self.metas if m.key == key]

    def one(self, key: str) -> str:
        values = self.all(key)
        assert len(values) == 1, f"{self.rel}: {len(values)} <meta> {key!r}, expected one: {values}"
        return values[0]

    def citation(self) -> list[tuple[str, str]]:
        return [(m.key, m.content) for m in self.metas if m.key.startswith("citation_")]

    @property
    def json_ld(self) -> list[dict[str, Any]]:
        return [json.loads(source) for source in self.json_ld_sources]

    def ld(self, kind: str) -> dict[str, Any]:
        found = [block for block in self.json_ld if block.get("@type") == kind]
        assert len(found) == 1, f"{self.rel}: {len(found)} JSON-LD {kind}, expected one"
        return found[0]

    @property
    def hreflang(self) -> dict[str, str]:
        """The page's translations as its head declares them (feeds, which carry a type, set aside)."""
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and "hreflang" in link and "type" not in link
        }

    @property
    def noindex(self) -> bool:
        return any(m.key == "robots" and "noindex" in m.content for m in self.metas)


def parse_page(out: Path, rel: str) -> Page:
    html = (out / rel).read_text(encoding="utf-8")
    parser = HeadParser()
    parser.feed(html)
    parser.close()
    body = " ".join("".join(parser.text).split())
    return Page(
        rel, html, parser.metas, parser.metas_outside_head, parser.links, parser.anchors, parser.json_ld, body, parser.refresh
    )


def html_pages(out: Path) -> list[str]:
    """Every HTML page of an output folder, relative, sorted (the search engine's own files left out)."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html") if "pagefind" not in p.parts)
