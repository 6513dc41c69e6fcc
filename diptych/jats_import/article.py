"""One JATS file as diptych content: the XML read, its versions gathered, their files' text, every warning."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree

from ..errors import ContentError, Position
from .body import Converter
from .content import Version, markdown_file
from .front import Versions, article_key, read_abstracts, read_titles, shared_fields
from .journal import Journal, read_journal
from .languages import base_languages
from .text import LANG, local_name, one_line, paragraph, plain


@dataclass(slots=True)
class Imported:
    """One JATS file converted: {relative path: text}, the issue (id, fields), warnings and errors, its journal."""

    files: dict[str, str]
    issue: tuple[str, dict] | None
    warnings: list[ContentError]
    errors: list[ContentError]
    journal: Journal | None = None


def import_article(xml: bytes, source: str) -> Imported:
    """One JATS file as diptych content: files by relative path (`content/articles/KEY.LANG.md`), and its issue."""
    conv = Converter(source)
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        message = re.sub(r",? line \d+, column \d+$", "", exc.msg or str(exc))
        conv.errors.append(ContentError(Position(PurePosixPath(source), line), f"not well-formed XML: {message}"))
        return Imported({}, None, [], conv.errors)
    if local_name(root) != "article":
        conv.error(root, f"not a JATS article: the root element is <{local_name(root)}>, not <article>")
        return Imported({}, None, [], conv.errors)
    meta = root.find("front/article-meta")
    if meta is None:
        conv.error(root, "not a JATS article: no <front>/<article-meta>")
        return Imported({}, None, [], conv.errors)
    if not base_languages(conv, root):
        return Imported({}, None, conv.warnings, conv.errors)
    lang = (root.get(LANG) or "").lower()
    if not lang:
        lang = "en"
        conv.warn(root, "the article has no xml:lang: English assumed")
    versions: dict[str, Version] = {lang: Version(lang)}

    def version(code: str | None) -> Version:
        code = (code or lang).lower()
        return versions.setdefault(code, Version(code))

    read_titles(conv, meta, lang, version)
    read_abstracts(conv, meta, lang, version)
    for group in meta.findall("kwd-group"):
        version(group.get(LANG)).keywords.extend(plain(k) for k in group.iter("kwd") if plain(k))
    shared = shared_fields(conv, meta)
    _collect_notes(conv, root, exclude_sub=True)
    versions[lang].body = _body(conv, root)
    for sub in root.findall("sub-article"):
        _sub_article(conv, sub, version, shared)
    for name in ("contrib-group", "kwd-group", "title-group"):  # metadata outside article-meta: not read
        for element in root.iterfind(f"front/{name}"):
            conv.not_converted(element)
    for element in meta:
        if isinstance(element.tag, str) and local_name(element) not in READ_IN_META:
            conv.warn(element, f"<{local_name(element)}> not converted")
    for element in root:
        if isinstance(element.tag, str) and local_name(element) not in ("front", "body", "back", "sub-article", "floats-group"):
            conv.not_converted(element)
    if root.find("floats-group") is not None:
        floats = root.find("floats-group")
        conv.warn(floats, "<floats-group> made blocks at the end of the body")
        versions[lang].body = "\n\n".join(filter(None, [versions[lang].body, *conv.blocks(floats, 1)]))
    key = article_key(shared.get("doi"), meta, source)
    if versions[lang].title is None:
        conv.error(meta, "the article has no title (<article-title> in <title-group>)")
    if "date" not in shared:
        conv.error(meta, "the article has no publication date (<pub-date>)")
    files: dict[str, str] = {}
    for code, v in versions.items():
        if v.title is None:
            conv.warn(meta, f"the {code} abstract or keywords have no title in {code}: that version is not written")
            continue
        if not v.abstract:
            if code == lang:
                conv.error(meta, "the article has no abstract (<abstract>): diptych requires one per version")
            else:
                conv.warn(meta, f"the {code} title has no abstract in {code}: that version is not written")
            continue
        files[f"content/articles/{key}.{code}.md"] = markdown_file(v, shared if code == lang else {})
    for graphic, href in conv.figures:
        conv.warn(graphic, f"figure {href!r}: put the file beside the article in content/articles/ before building")
    issue = shared.pop("_issue", None)
    if conv.errors:
        return Imported({}, None, conv.warnings, conv.errors)
    return Imported(files, issue, conv.warnings, [], read_journal(conv, root.find("front/journal-meta")))


READ_IN_META = {  # what the import maps, or (counts, self-uri) leaves out knowingly: the rest is named in a warning
    *("article-id", "article-categories", "title-group", "contrib-group", "aff", "aff-alternatives"),
    *("pub-date", "pub-date-not-available", "volume", "issue", "issue-title", "fpage", "lpage", "page-range"),
    *("elocation-id", "pub-history", "history", "permissions", "abstract", "trans-abstract", "kwd-group"),
    *("trans-title-group",),
    "counts",  # page and word counts: diptych counts its own
    "self-uri",  # the old platform's addresses
}


def _collect_notes(conv: Converter, root: etree._Element, *, exclude_sub: bool) -> None:
    """Every `fn` with an id in the text's back matter, so calls can find them."""
    conv.notes, conv.note_elements, conv.cited = {}, {}, set()
    for fn in root.iter("fn"):
        if exclude_sub and any(local_name(a) == "sub-article" for a in fn.iterancestors()):
            continue
        if fn.get("id") and not any(local_name(a) in ("author-notes", "table-wrap-foot") for a in fn.iterancestors()):
            conv.note_elements[fn.get("id")] = fn


def _body(conv: Converter, root: etree._Element) -> str:
    """The body, its back matter (acknowledgements, appendices, references) and footnotes, as Markdown."""
    known = dict(conv.note_elements)
    blocks: list[str] = []
    body = root.find("body")
    if body is not None:
        blocks.extend(conv.blocks(body, 1))
    back = root.find("back")
    if back is not None:
        for child in back:
            if not isinstance(child.tag, str) or local_name(child) in ("fn-group", "label", "title"):
                continue
            if local_name(child) == "app-group":
                blocks.extend(b for app in child for b in (conv.block(app, 1) or []))
            else:
                converted = conv.block(child, 1)
                if converted is None:
                    conv.not_converted(child)
                    converted = [paragraph(conv.inline(child))]
                blocks.extend(converted)
    uncited = [fid for fid in known if fid not in conv.cited]
    if uncited:
        conv.warn(known[uncited[0]], f"{len(uncited)} note(s) never called in the text: kept in a Notes section")
        blocks.append("## Notes")
        for fid in uncited:
            element = known[fid]
            blocks.extend(b for child in element if local_name(child) != "label" for b in (conv.block(child, 1) or []))
    notes = conv.footnotes()
    return "\n\n".join(b for b in [*blocks, *notes] if b.strip())


def _sub_article(conv: Converter, sub: etree._Element, version: Versions, shared: dict) -> None:
    """A SciELO translation: its title, abstract, keywords and body make the version in its language."""
    if sub.get("article-type") != "translation":
        conv.warn(sub, f"<sub-article article-type={sub.get('article-type')!r}> not converted, only translations are")
        return
    v = version(sub.get(LANG))
    stub = sub.find("front-stub")
    if stub is None:
        stub = sub.find("front/article-meta")
    if stub is not None:
        title = stub.find("title-group/article-title")
        if title is not None and plain(title):
            v.title = one_line(conv.inline(title, title=True))
        subtitle = stub.find("title-group/subtitle")
        if subtitle is not None and plain(subtitle):
            v.subtitle = one_line(conv.inline(subtitle, title=True))
        abstract = stub.find("abstract")
        if abstract is not None:
            saved, v.abstract = v.abstract, None
            read_abstracts(conv, _only(stub, "abstract"), v.lang, lambda code: v)
            if v.abstract is None:
                v.abstract = saved
        subject = stub.find("article-categories/subj-group/subject")
        if subject is not None and plain(subject) and isinstance(shared.get("section", {}), (dict, str)):
            section = shared.get("section")
            if isinstance(section, str):
                section = {(sub.getparent().get(LANG) or "en").lower(): section}
            shared["section"] = {**(section or {}), v.lang: plain(subject)}
        groups = stub.findall("kwd-group")
        if groups:
            v.keywords = [plain(k) for g in groups for k in g.iter("kwd") if plain(k)]
    _collect_notes(conv, sub, exclude_sub=False)
    v.body = _body(conv, sub)


def _only(parent: etree._Element, tag: str) -> etree._Element:
    """A detached copy of `parent` holding only its `tag` children (line numbers kept)."""
    holder = etree.Element("holder")
    for child in parent.findall(tag):
        holder.append(_copy(child))
    return holder


def _copy(element: etree._Element) -> etree._Element:
    """A deep copy of `element` whose elements keep their line numbers, for warnings at the right line."""
    twin = copy.deepcopy(element)
    for a, b in zip(element.iter(), twin.iter(), strict=True):
        b.sourceline = a.sourceline
    return twin
