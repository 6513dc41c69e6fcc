"""Inspect every file of a built site for anything that could run or load, with html.parser (not grep).

A finding is (file, offset, message, snippet). Each is attributed to the content that produced it by the
nearest marker before it in the file (`Q017Z` or `V017V` for vector 17), since every test value carries one.
Texts that follow a `V017V` marker (in text nodes and in text-like attributes) are collected as *regions*, to
check that a field shown as text kept its `<` and `>` as text.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

MARKER = re.compile(r"[QV](\d{3})[ZV]")
FIELD_MARKER = re.compile(r"V(\d{3})V")

BASE = "https://revue.example.org"

# Never acceptable from content, wherever they appear. script, meta, link, title and base have their own rules.
FORBIDDEN_TAGS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "style", "svg", "math", "form", "input", "button",
    "select", "textarea", "template", "noscript", "xmp", "plaintext", "noembed", "noframes", "isindex", "keygen",
    "portal", "base", "set", "animate", "handler", "listener", "import",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "poster", "srcset", "background", "data", "codebase", "cite",
    "longdesc", "dynsrc", "lowsrc", "ping", "manifest", "icon", "to", "from", "values", "by", "archive", "classid",
    "imagesrcset", "itemtype", "profile", "usemap",
}  # fmt: skip
BAD_SCHEME = re.compile(r"(javascript|vbscript|livescript|mocha|data):")
BAD_STYLE = re.compile(r"expression|url\(|javascript|vbscript|behavio|binding|@import|animation|\\")
LINK_RELS = {"canonical", "alternate", "icon", "stylesheet", "prev", "next", "license", "author", "manifest", "preload"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"}
TEXT_ATTRIBUTES = {"content", "title", "alt", "aria-label"}
# The theme's own scripts, loaded by the search page only: fixed addresses, never from content.
THEME_SCRIPTS = {"/pagefind/pagefind-ui.js", "/static/search.js"}
# What the raw scan leaves to the parser: JSON-LD blocks (checked as JSON with no '<') and the theme's scripts.
VETTED = re.compile(
    r'<script type="application/ld\+json">[^<]*</script>|<script src="(?:/pagefind/pagefind-ui\.js|/static/search\.js)" defer></script>'
)
RAW_FORBIDDEN = re.compile(
    r"<\s*/?\s*(?:script(?![^>]*application/ld\+json)|iframe|frame|object|embed|applet|style|svg|math|form|base|"
    r"textarea|xmp|plaintext|noscript|template|input|button)\b",
    re.I,
)


@dataclass
class Finding:
    file: str
    offset: int
    message: str
    snippet: str
    vector: int | None = None

    def __str__(self) -> str:
        who = f"vector #{self.vector}" if self.vector is not None else "no vector"
        return f"{self.file} @{self.offset} ({who}): {self.message}\n      markup: {self.snippet!r}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    regions: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # vector -> [(file, text after marker)]
    files: list[str] = field(default_factory=list)


def _normalized_url(value: str) -> str:
    """What a browser reads as the scheme (WHATWG URL parser): leading and trailing C0 controls and spaces
    stripped, every tab and newline removed, letter case ignored. (A space inside is kept: 'jav ascript:' is no
    scheme.)"""
    return re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21)))).lower()


class _Scanner(HTMLParser):
    def __init__(self, name: str, text: str, report: Report, fragment: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.name, self.text, self.report, self.fragment = name, text, report, fragment
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.stack: list[str] = []
        self.in_body = fragment
        self.titles = 0
        self.ids: set[str] = set()
        self.captures: list[list] = []  # [depth, vector, parts]
        self.citation: int | None = None  # the depth of the "how to cite" paragraph, while inside it
        self.script: tuple[int, dict[str, str | None]] | None = None

    # -- helpers
    def position(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def find(self, message: str, offset: int | None = None) -> None:
        at = self.position() if offset is None else offset
        self.report.findings.append(Finding(self.name, at, message, self.text[at : at + 160]))

    # -- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check_tag(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)
            if "citation" in (dict(attrs).get("class") or "").split() and self.citation is None:
                self.citation = len(self.stack)
        if tag == "body":
            self.in_body = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check_tag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        if self.citation is not None and len(self.stack) < self.citation:
            self.citation = None
        self.close_captures()

    def check_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs}
        if tag in FORBIDDEN_TAGS:
            self.find(f"forbidden tag <{tag}>")
        if tag == "script":
            if self.in_body or self.fragment:
                self.find("<script>")
            elif values.get("type") == "application/ld+json" and "src" not in values:
                self.script = (self.position(), values)
            elif set(values) != {"src", "defer"} or values["src"] not in THEME_SCRIPTS or not self.name.endswith(SEARCH_PAGES):
                self.find(f"<script> not the theme's: {values!r}")
        if tag == "title":
            self.titles += 1
            if self.in_body or self.titles > 1:
                self.find("<title> outside the head, or a second one")
        if tag == "meta":
            self.check_meta(values)
        if tag == "link":
            rel = (values.get("rel") or "").lower().split()
            href = values.get("href") or ""
            if self.in_body or not rel or not set(rel) <= LINK_RELS or not _same_site(href):
                self.find(f"<link> not the theme's: rel={values.get('rel')!r} href={href!r}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.find(f"event-handler attribute {name}={value!r} on <{tag}>")
            if name in URL_ATTRIBUTES or "href" in name:
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in name else [value]
                for url in urls:
                    if BAD_SCHEME.match(_normalized_url(url)):
                        self.find(f"dangerous URL in {name}={value!r} on <{tag}>")
            if name == "style" and BAD_STYLE.search(re.sub(r"\s|/\*.*?\*/", "", value.lower())):
                self.find(f"dangerous style={value!r} on <{tag}>")
            if name == "srcdoc":
                self.find(f"srcdoc on <{tag}>")
            if name == "id":
                if value in self.ids:
                    self.find(f"duplicate id {value!r} (DOM clobbering: ids are diptych's own)")
                self.ids.add(value)
            # citation_author holds the name turned round ("Family, Given"): the text after a marker is not the field's
            if name in TEXT_ATTRIBUTES and not (tag == "meta" and values.get("name") == "citation_author"):
                self.note_regions(value, attribute=True)

    def check_meta(self, values: dict[str, str | None]) -> None:
        if self.in_body:
            self.find("<meta> in the body")
            return
        equiv = values.get("http-equiv")
        if equiv is None:
            return
        content = values.get("content") or ""
        target = re.match(r"^\s*0\s*;\s*url=(.*)$", content, re.I | re.S)
        if equiv.lower() != "refresh" or not target or not _same_site(target[1]):
            self.find(f"<meta http-equiv={equiv!r} content={content!r}>")

    # -- text
    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script" and self.script is not None:
            at, _ = self.script
            if "<" in data:
                self.find("'<' inside a JSON-LD script (could close it)", at)
            try:
                json.loads(data)
            except ValueError:
                self.find("a JSON-LD script that is not JSON", at)
            return
        for capture in self.captures:
            capture[2].append(data)
        if self.citation is None:  # a citation gives names turned round and initials, not the fields as written
            self.note_regions(data)

    def note_regions(self, data: str, attribute: bool = False) -> None:
        for match in FIELD_MARKER.finditer(data):
            if attribute:
                self.report.regions.setdefault(int(match[1]), []).append((self.name, data[match.end() :]))
            else:
                self.captures.append([len(self.stack), int(match[1]), [data[match.end() :]]])

    def close_captures(self) -> None:
        keep = []
        for depth, vector, parts in self.captures:
            if len(self.stack) < depth:
                self.report.regions.setdefault(vector, []).append((self.name, "".join(parts)))
            else:
                keep.append([depth, vector, parts])
        self.captures = keep

    def close(self) -> None:
        super().close()
        self.stack = []
        self.close_captures()

    # -- the rest
    def handle_comment(self, data: str) -> None:
        if "[if" in data.lower() or "<" in data or ">" in data:
            self.find(f"a comment carrying markup or a conditional comment: {data[:80]!r}")

    def unknown_decl(self, data: str) -> None:
        self.find(f"a CDATA section or unknown declaration: {data[:80]!r}")

    def handle_decl(self, decl: str) -> None:
        if decl.lower() != "doctype html" or self.fragment:
            self.find(f"declaration <!{decl[:80]}>")

    def handle_pi(self, data: str) -> None:
        self.find(f"processing instruction <?{data[:80]}>")


def _same_site(href: str) -> bool:
    href = href.strip()
    return (href.startswith("/") and not href.startswith("//")) or href == BASE or href.startswith(BASE + "/")


def scan_html(name: str, text: str, report: Report, fragment: bool = False) -> None:
    start = len(report.findings)
    scanner = _Scanner(name, text, report, fragment)
    scanner.feed(text)
    scanner.close()
    vetted = VETTED.sub(lambda m: " " * len(m[0]), text) if not fragment else text  # same offsets
    for match in RAW_FORBIDDEN.finditer(vetted):  # a second opinion that does not depend on html.parser's reading
        report.findings.append(
            Finding(name, match.start(), "raw forbidden tag opening", text[match.start() : match.start() + 160])
        )
    if fragment:  # a fragment inside a feed or an index: attribute by the markers of the fragment itself
        markers = [(m.start(), int(m[1])) for m in MARKER.finditer(text)]
        for finding in report.findings[start:]:
            before = [vector for at, vector in markers if at <= finding.offset] or [vector for _, vector in markers[:1]]
            finding.vector = before[-1] if before else None
            finding.offset = -1


def scan_xml(name: str, text: str, report: Report) -> None:
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        report.findings.append(Finding(name, 0, f"XML that does not parse (injected markup?): {exc}", text[:160]))
        return
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        atom = isinstance(element.tag, str) and element.tag.startswith("{http://www.w3.org/2005/Atom}")
        # a sitemap's hreflang alternates: <xhtml:link rel="alternate"> to a page of the site
        hreflang = element.tag == "{http://www.w3.org/1999/xhtml}link" and name.startswith("sitemap")
        hreflang = hreflang and element.get("rel") == "alternate" and _same_site(element.get("href", ""))
        if local in FORBIDDEN_TAGS | {"script", "meta"} or (local == "link" and not atom and not hreflang):
            report.findings.append(Finding(name, 0, f"element <{local}> in XML", ET.tostring(element)[:160].decode()))
        for attr, value in element.attrib.items():
            attr = attr.rsplit("}", 1)[-1].lower()
            if attr.startswith("on"):
                report.findings.append(Finding(name, 0, f"XML attribute {attr}={value!r}", value[:160]))
            if (attr in URL_ATTRIBUTES or "href" in attr) and BAD_SCHEME.match(_normalized_url(value)):
                report.findings.append(Finding(name, 0, f"dangerous URL {attr}={value!r} in XML", value[:160]))
        if element.text and (
            element.get("type") in ("html", "xhtml") or local in ("content", "summary", "description", "encoded")
        ):
            scan_html(f"{name} <{local}>", element.text, report, fragment=True)


def scan_json(name: str, text: str, report: Report) -> None:
    try:
        data = json.loads(text)
    except ValueError as exc:
        report.findings.append(Finding(name, 0, f"JSON that does not parse: {exc}", text[:160]))
        return

    def walk(value, path: str) -> None:
        if isinstance(value, str):
            if "<" in value or ":" in value:
                scan_html(f"{name} {path}", value, report, fragment=True)
                if BAD_SCHEME.match(_normalized_url(value)) and re.search(r"url|href|src|link", path, re.I):
                    report.findings.append(Finding(name, 0, f"dangerous URL in JSON {path}", value[:160]))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}")

    walk(data, "$")


BINARY = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".ico", ".woff", ".woff2"}
SEARCH_PAGES = ("fr/recherche/index.html", "en/search/index.html")
PAGEFIND_MAGIC = b"pagefind_dcd"


def scan_pagefind(name: str, raw: bytes, report: Report) -> bool:
    """Pagefind's files: fragments (gzip, then JSON: each page's text, title and URL) are scanned as JSON; the
    word index and the search engine (gzip CBOR, wasm) hold no markup, only checked for none. False: not Pagefind's data.

    A fragment's `content` and `meta.title` are the page's text, not HTML: `<img …>` written as text in a title is
    text there too, and Pagefind's script escapes it when it builds an excerpt (proven in the browser)."""
    if not name.startswith("pagefind/") or not (".pf_" in name or name.rsplit("/", 1)[-1].startswith("wasm.")):
        return False
    data = gzip.decompress(raw)
    data = data[len(PAGEFIND_MAGIC) :] if data.startswith(PAGEFIND_MAGIC) else data
    if name.endswith(".pf_fragment"):  # text, which Pagefind escapes when it shows it (tests/e2e/test_search.py)
        fragment = json.loads(data)
        for key in ("url",):
            if not _same_site(fragment.get(key, "")) or BAD_SCHEME.match(_normalized_url(fragment.get(key, ""))):
                report.findings.append(Finding(name, 0, f"Pagefind fragment {key} not of the site", str(fragment.get(key))[:160]))
    elif name.endswith((".pf_index", ".pf_meta")) and re.search(rb"<\s*/?\s*script|javascript:", data, re.I):
        report.findings.append(Finding(name, 0, "markup in Pagefind's word index", data[:160].decode("latin-1")))
    return True


def scan_output(out: Path, theme_static: Path) -> Report:
    """Scan every file of a built site; attribute each finding to the marker before it."""
    report = Report()
    theme = {p.read_bytes() for p in theme_static.rglob("*") if p.is_file()}
    vendor = pagefind_program()
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        name = path.relative_to(out).as_posix()
        report.files.append(name)
        raw = path.read_bytes()
        if scan_pagefind(name, raw, report):
            continue
        if name.startswith("pagefind/") and raw in vendor:
            continue  # Pagefind's own program, the same bytes for any site
        if path.suffix.lower() in BINARY:
            if raw.lstrip()[:1] == b"<" or b"<script" in raw.lower() or b"<svg" in raw.lower():
                report.findings.append(Finding(name, 0, "markup in a file published as binary", raw[:160].decode("latin-1")))
            continue
        if name.startswith("static/") and raw in theme:
            continue  # the theme's own asset, byte for byte
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            report.findings.append(Finding(name, 0, "an unexpected non-UTF-8 file", raw[:160].decode("latin-1")))
            continue
        start = len(report.findings)
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm") or (not suffix and text.lstrip().lower().startswith("<!doctype")):
            scan_html(name, text, report)
        elif suffix in (".xml", ".atom", ".rss"):
            scan_xml(name, text, report)
        elif suffix == ".json":
            scan_json(name, text, report)
        elif suffix in (".ris", ".bib"):
            pass  # reference files: the fields' text as written, for reference managers; served as downloads, never as HTML
        else:
            for match in RAW_FORBIDDEN.finditer(text):
                report.findings.append(
                    Finding(name, match.start(), "forbidden tag in a text file", text[match.start() : match.start() + 160])
                )
            for match in BAD_SCHEME.finditer(text.lower()):
                report.findings.append(
                    Finding(name, match.start(), "script URL in a text file", text[match.start() : match.start() + 160])
                )
        markers = [(m.start(), int(m[1])) for m in MARKER.finditer(text)]
        for finding in report.findings[start:]:
            if finding.offset < 0:
                continue  # attributed within its fragment
            before = [vector for at, vector in markers if at <= finding.offset]
            if before and finding.offset > 0:
                finding.vector = before[-1]
            elif not finding.offset:  # no offset known (XML, JSON): the markers inside the snippet
                inside = MARKER.search(finding.snippet)
                finding.vector = int(inside[1]) if inside else None
    return report


@cache
def pagefind_program() -> frozenset[bytes]:
    """The files Pagefind writes whatever the site (its scripts and styles): an index of one harmless page."""
    from diptych.search import SearchIndex

    index = SearchIndex()
    try:
        index.add("/fr/a/", b'<html lang="fr"><body><main data-pagefind-body><p>mot</p></main></body></html>')
        return frozenset(data for path, data in index.files() if path.suffix in (".js", ".css"))
    finally:
        index.close()
