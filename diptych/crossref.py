"""A Crossref deposit (schema 5.3.1) of the whole journal, one issue or one corrected article.

Metadata only: titles, abstracts, authors, dates, pages, licence and DOI, from an article's public fields; no body
text, teaser or withheld, reaches this module. The deposit carries the depositor's e-mail: it is written where
the publisher asks, never into the published output.

Choices the schema leaves open, made here:
- The DOI resolves to the article's page in the language of its full text (`metadata.text_lang` seen from the
  site's first language); that version's title comes first, with `language` on `journal_article`.
- The other versions' titles are further `titles` elements (up to 20 are allowed), as Crossref advises for
  metadata in several languages: `original_language_title` is for the registration of a translation only.
  5.3.1 gives a title no language of its own; each abstract has its `xml:lang`.
- Elements follow the XSD's sequences exactly (`journal_article`: titles, contributors, jats:abstract,
  publication_date, pages, ai:program, doi_data). Titles keep their emphasis as Crossref's face markup (`i`,
  `b`, `sup`, `sub`, `tt`); abstracts are JATS paragraphs keeping italics, bold, superscripts and subscripts.
- `head/timestamp` is the deposit's version number, which Crossref requires to grow from one deposit of a DOI
  to the next: the time of the run (UTC, YYYYMMDDhhmmss) unless given; `doi_batch_id` names what is deposited
  and that timestamp, so the same input and timestamp give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

from lxml import etree
from lxml import html as lxml_html

from . import markup
from .cite import page_range, split_name
from .config import CrossrefSettings, SiteConfig
from .errors import ContentError, Position
from .metadata import license_url
from .models import Article, Author, Issue, Site, Version
from .urls import Urls
from .views import main_version

VERSION = "5.3.1"
CR = "http://www.crossref.org/schema/5.3.1"
JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
AI = "http://www.crossref.org/AccessIndicators.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = f"{CR} https://www.crossref.org/schemas/crossref{VERSION}.xsd"
NSMAP = {None: CR, "jats": JATS, "ai": AI, "xsi": XSI}

SECTION_HINT = "crossref: {depositor: NAME, email: ADDRESS, registrant: NAME}"
TIMESTAMP = "%Y%m%d%H%M%S"
NAME = re.compile(r"[^\d?]*[^?\s]+[^\d]*")  # given_name and surname in the XSD, once spaces are collapsed
NAME_LENGTH = 60
SUFFIX_LENGTH = 10  # Crossref's suffix: "junior, senior, III"
YEARS = range(1400, 2201)  # xrefYear
FACES = {"em": "i", "i": "i", "strong": "b", "b": "b", "sup": "sup", "sub": "sub", "code": "tt"}  # titles
JATS_FACES = {"em": "italic", "i": "italic", "strong": "bold", "b": "bold", "sup": "sup", "sub": "sub", "code": "monospace"}
BLOCKS = {
    *("p", "div", "blockquote", "pre", "hr", "figure", "figcaption"),
    *("ul", "ol", "li", "dl", "dt", "dd"),
    *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th"),
    *(f"h{n}" for n in range(1, 7)),
}
XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # what XML 1.0 cannot hold
SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not \s: no-break and thin spaces are the text's own
ARTICLES = Position(PurePosixPath("content/articles"))


@dataclass(frozen=True, slots=True)
class Deposit:
    xml: bytes  # the doi_batch document, UTF-8
    dois: tuple[str, ...]  # the DOIs it registers, in document order
    warnings: tuple[ContentError, ...]  # articles left out (no DOI), licences left out (not a URL)


def timestamp_now() -> str:
    """The current time as Crossref's timestamp: YYYYMMDDhhmmss, UTC."""
    return datetime.now(UTC).strftime(TIMESTAMP)


def valid_timestamp(text: str) -> bool:
    """YYYYMMDDhhmmss, a real time."""
    if not re.fullmatch(r"[0-9]{14}", text):  # ASCII: strptime would read fullwidth digits too
        return False
    try:
        datetime.strptime(text, TIMESTAMP)
    except ValueError:
        return False
    return True


def deposit(
    site: Site, urls: Urls, *, timestamp: str, issue: str | None = None, article: str | None = None
) -> tuple[Deposit | None, list[ContentError]]:
    """The deposit of the whole journal, of one issue, or of one article (within its issue, if it has one)."""
    settings = site.config.crossref
    if settings is None:
        return None, [ContentError(Position(PurePosixPath("site.yaml")), f"no 'crossref' section: add {SECTION_HINT}")]
    chosen, errors = select(site, issue, article)
    if errors:
        return None, errors
    warnings = [ContentError(shared_at(a, "doi"), "no DOI: not deposited") for a in chosen if not a.doi]
    registered = [a for a in chosen if a.doi]
    if not registered:
        scope = f"of issue {issue!r} " if issue else ""
        return None, [ContentError(ARTICLES, f"nothing to deposit: no article {scope}has a DOI")]
    errors = [error for a in registered for error in schema_errors(a, site.issues)]
    if errors:
        return None, errors
    warnings += [
        ContentError(
            shared_at(a, "license"),
            f"the licence {a.license!r} is neither a URL nor a Creative Commons identifier: not deposited",
        )
        for a in registered
        if a.license and not license_url(a.license)
    ]
    scope = f"article-{article}" if article else f"issue-{issue}" if issue else "journal"
    root = etree.Element(etree.QName(CR, "doi_batch"), nsmap=NSMAP)
    root.set("version", VERSION)
    root.set(etree.QName(XSI, "schemaLocation"), SCHEMA_LOCATION)
    root.append(head(settings, f"diptych-{scope[:60]}-{timestamp}", timestamp))
    body = _sub(root, "body")
    dois: list[str] = []
    for issue_id, articles in groups(registered, site.issues):
        body.append(journal(site.config, site.issues[issue_id] if issue_id else None, articles, urls))
        dois += [a.doi for a in articles if a.doi]
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Deposit(xml, tuple(dois), tuple(warnings)), []


def select(site: Site, issue: str | None, article: str | None) -> tuple[list[Article], list[ContentError]]:
    """The articles asked for: one by its key, an issue's, or all; an unknown key or issue is an error."""
    if article is not None:
        found = [a for a in site.articles if a.key == article]
        if not found:
            return [], [
                ContentError(ARTICLES, f"no article has the key {article!r} (keys: {_listed(a.key for a in site.articles)})")
            ]
        if not found[0].doi:
            return [], [ContentError(shared_at(found[0], "doi"), "no DOI: nothing to deposit")]
        return found, []
    if issue is not None:
        if issue not in site.issues:
            where = Position(PurePosixPath("content/issues"))
            return [], [ContentError(where, f"no issue {issue!r} (issues: {_listed(site.issues)})")]
        return [a for a in site.articles if a.issue == issue], []
    return list(site.articles), []


def _listed(names) -> str:
    names = list(names)
    return ", ".join(names[:12]) + (", …" if len(names) > 12 else "") if names else "none"


def shared_at(article: Article, name: str) -> Position:
    """Where an article's shared field is written; where it would be written (the file holding `date`) if it is not."""
    for field in (name, "date"):
        for version in article.versions.values():
            if field in version.lines:
                return version.at(field) if field == name else version.where
    return next(iter(article.versions.values())).where


def schema_errors(article: Article, issues: Mapping[str, Issue]) -> list[ContentError]:
    """What Crossref's schema refuses although diptych accepts it: long or odd names, dates out of 1400-2200."""
    errors = []
    for author in article.authors:
        family, given, suffix = split_name(author)
        if len(suffix) > SUFFIX_LENGTH:
            errors.append(
                ContentError(
                    shared_at(article, "authors"),
                    f"author {author.name!r}: Crossref takes a suffix of at most {SUFFIX_LENGTH} characters",
                )
            )
        for part, value in (("family name", family), ("given name", given)):
            value = " ".join(value.split())
            if value and (len(value) > NAME_LENGTH or not NAME.fullmatch(value)):
                errors.append(
                    ContentError(
                        shared_at(article, "authors"),
                        f"author {author.name!r}: Crossref takes a {part} of at most {NAME_LENGTH} characters, "
                        "without '?' and not beginning or ending with digits",
                    )
                )
    if article.date.year not in YEARS:
        errors.append(ContentError(shared_at(article, "date"), "Crossref takes dates from the years 1400 to 2200"))
    issue = issues.get(article.issue) if article.issue else None
    if issue and issue.date.year not in YEARS:
        errors.append(ContentError(issue.where, "Crossref takes dates from the years 1400 to 2200"))
    return errors


def groups(articles: Sequence[Article], issues: Mapping[str, Issue]) -> list[tuple[str | None, list[Article]]]:
    """Articles by issue, issues by date, each issue's in its order; articles outside any issue last."""
    ordered = sorted(issues.values(), key=lambda i: (i.date, i.id))
    out: list[tuple[str | None, list[Article]]] = []
    for issue in [*ordered, None]:
        issue_id = issue.id if issue else None
        members = [a for a in articles if a.issue == issue_id]
        if members:
            out.append((issue_id, sorted(members, key=lambda a: (a.order is None, a.order or 0, a.date, a.key))))
    return out


# ---- elements, in the XSD's order ----------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, text: str | None = None, ns: str = CR, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, etree.QName(ns, tag), attributes)
    if text is not None:
        element.text = _xml(text)
    return element


def _xml(text: str) -> str:
    """Text XML can carry."""
    return XML_ILLEGAL.sub("", text)


def head(settings: CrossrefSettings, batch_id: str, timestamp: str) -> etree._Element:
    element = etree.Element(etree.QName(CR, "head"))
    _sub(element, "doi_batch_id", batch_id)
    _sub(element, "timestamp", timestamp)
    depositor = _sub(element, "depositor")
    _sub(depositor, "depositor_name", settings.depositor)
    _sub(depositor, "email_address", settings.email)
    _sub(element, "registrant", settings.registrant)
    return element


def language(lang: str) -> str | None:
    """The ISO 639-1 code Crossref's `language` attribute takes: 'pt' of 'pt-br'; None for a longer code."""
    primary = re.split(r"[-_]", lang)[0].lower()
    return primary if len(primary) == 2 else None


def journal(config: SiteConfig, issue: Issue | None, articles: Sequence[Article], urls: Urls) -> etree._Element:
    """One journal element: the journal, the issue (if any), its articles."""
    element = etree.Element(etree.QName(CR, "journal"))
    metadata = _sub(element, "journal_metadata")
    if language(config.default_language):
        metadata.set("language", language(config.default_language))  # type: ignore[arg-type]
    first = config.title[config.default_language]
    _sub(metadata, "full_title", first)  # Crossref matches the journal by its first title: always the same
    for other in dict.fromkeys(config.title[lang] for lang in config.languages[1:10]):
        if other != first:
            _sub(metadata, "full_title", other)
    if config.abbreviation:
        _sub(metadata, "abbrev_title", config.abbreviation)
    if config.issn:
        _sub(metadata, "issn", config.issn, media_type="print")
    if config.eissn:
        _sub(metadata, "issn", config.eissn, media_type="electronic")
    if issue is not None:
        element.append(journal_issue(issue, config))
    for article in articles:
        element.append(journal_article(article, urls))
    return element


def journal_issue(issue: Issue, config: SiteConfig) -> etree._Element:
    element = etree.Element(etree.QName(CR, "journal_issue"))
    theme = issue.title.get(config.default_language)
    if theme:
        _title(_sub(element, "titles"), "title", theme)
    element.append(publication_date(issue.date))
    if issue.volume is not None:
        _sub(_sub(element, "journal_volume"), "volume", str(issue.volume))
    if issue.number is not None:
        _sub(element, "issue", str(issue.number))
    return element


def publication_date(day: date) -> etree._Element:
    element = etree.Element(etree.QName(CR, "publication_date"), media_type="online")
    _sub(element, "month", f"{day.month:02d}")
    _sub(element, "day", f"{day.day:02d}")
    _sub(element, "year", f"{day.year:04d}")
    return element


def journal_article(article: Article, urls: Urls) -> etree._Element:
    main = main_version(article)
    versions = [main, *(v for v in article.versions.values() if v is not main)]
    element = etree.Element(etree.QName(CR, "journal_article"), publication_type="full_text")
    if language(main.lang):
        element.set("language", language(main.lang))  # type: ignore[arg-type]
    for version in versions:  # the full text's title first; the others as further titles (see the module's doc)
        titles = _sub(element, "titles")
        _title(titles, "title", version.title)
        if version.subtitle:
            _title(titles, "subtitle", version.subtitle)
    if article.authors:
        contributors = _sub(element, "contributors")
        for n, author in enumerate(article.authors):
            contributors.append(person(author, "first" if n == 0 else "additional"))
    for version in versions:
        element.append(abstract(version))
    element.append(publication_date(article.date))
    first, last = page_range(article.pages)
    if first:
        pages = _sub(element, "pages")
        _sub(pages, "first_page", first)
        if last:
            _sub(pages, "last_page", last)
    licence = license_url(article.license)
    if licence or not article.paywalled:
        program = _sub(element, "program", ns=AI, name="AccessIndicators")
        if not article.paywalled:
            _sub(program, "free_to_read", ns=AI)
        if licence:
            _sub(program, "license_ref", licence, ns=AI, applies_to="vor", start_date=article.date.isoformat())
    doi_data = _sub(element, "doi_data")
    _sub(doi_data, "doi", article.doi)
    _sub(doi_data, "resource", urls.absolute(urls.article(main.lang, main.slug)))
    return element


def person(author: Author, sequence: str) -> etree._Element:
    element = etree.Element(etree.QName(CR, "person_name"), sequence=sequence, contributor_role="author")
    family, given, suffix = split_name(author)
    if given:
        _sub(element, "given_name", given)
    _sub(element, "surname", family)
    if suffix:
        _sub(element, "suffix", suffix)
    if author.affiliation:
        _sub(_sub(_sub(element, "affiliations"), "institution"), "institution_name", author.affiliation)
    if author.orcid:
        _sub(element, "ORCID", f"https://orcid.org/{author.orcid}")
    return element


# ---- Markdown to Crossref's face markup and to JATS paragraphs -------------------------------------


def _title(parent: etree._Element, name: str, text: str) -> None:
    """A title or subtitle: inline Markdown, its emphasis kept as face markup."""
    element = _sub(parent, name)
    _copy_inline(_fragment(markup.inline(text)), element, FACES, CR)
    _tidy(element)


def abstract(version: Version) -> etree._Element:
    """A version's abstract as `jats:abstract` with its `xml:lang`: one `jats:p` per paragraph (or list item, cell…)."""
    element = etree.Element(etree.QName(JATS, "abstract"))
    element.set(etree.QName(XML, "lang"), version.lang)
    for paragraph in _paragraphs(_fragment(markup.block(version.abstract))):
        element.append(paragraph)
    return element


def _fragment(html: str) -> etree._Element:
    return lxml_html.fragment_fromstring(html, create_parent="div")


def _append(target: etree._Element, text: str | None) -> None:
    if not text:
        return
    text = _xml(text)
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text


def _copy_inline(source: etree._Element, target: etree._Element, faces: Mapping[str, str], ns: str) -> None:
    """The text of `source` into `target`, its emphasis mapped by `faces`; other tags dropped, their text kept."""
    _append(target, source.text)
    for child in source:
        _inline_child(child, target, faces, ns)


def _inline_child(child: etree._Element, target: etree._Element, faces: Mapping[str, str], ns: str) -> None:
    tag = child.tag if isinstance(child.tag, str) else None  # comments and processing instructions: tail only
    if tag == "br":
        _append(target, " ")
    elif tag in faces:
        _copy_inline(child, etree.SubElement(target, etree.QName(ns, faces[tag])), faces, ns)
    elif tag:
        _copy_inline(child, target, faces, ns)
    _append(target, child.tail)


def _paragraphs(container: etree._Element) -> list[etree._Element]:
    """One `jats:p` per run of inline content; block elements (lists, quotes, tables) taken apart into their runs."""
    out: list[etree._Element] = []
    run = etree.Element(etree.QName(JATS, "p"))

    def flush() -> None:
        nonlocal run
        _tidy(run)
        if "".join(run.itertext()).strip():
            out.append(run)
        run = etree.Element(etree.QName(JATS, "p"))

    _append(run, container.text)
    for child in container:
        if isinstance(child.tag, str) and child.tag in BLOCKS:
            flush()
            out += _paragraphs(child)
            _append(run, child.tail)
        else:
            _inline_child(child, run, JATS_FACES, JATS)
    flush()
    return out


def _tidy(element: etree._Element) -> None:
    """Runs of spaces and line breaks made one space, none at either end."""
    nodes = list(element.iter())
    for node in nodes:
        if node.text:
            node.text = SPACES.sub(" ", node.text)
        if node.tail and node is not element:
            node.tail = SPACES.sub(" ", node.tail)
    if element.text:
        element.text = element.text.lstrip(" ")
    last = element[-1] if len(element) else None
    if last is not None and last.tail:
        last.tail = last.tail.rstrip(" ")
    elif last is None and element.text:
        element.text = element.text.rstrip(" ")


# ---- where a deposit may be written ------------------------------------------------------------------


def refused_destination(path: Path, site_dir: Path, out: Path | None = None) -> str | None:
    """Why the deposit may not be written at `path` (it carries an e-mail: never where the build publishes or reads)."""
    target, site = path.resolve(), site_dir.resolve()
    if target.is_dir():
        return f"{path} is a folder; name the deposit file, e.g. -o deposit.xml"
    folders = [out.resolve()] if out is not None else []
    if site in target.parents:
        top = target.relative_to(site).parts[0]
        if top.lstrip(".").startswith("output"):  # output/, output-full/, and their staging folders
            folders.append(site / top)
        if top in ("content", "templates", "locales"):
            return f"{path} is inside the site's {top}/, which the build reads and publishes from; write the deposit elsewhere"
    for folder in folders:
        if folder in target.parents:
            return f"{path} is inside the published output {folder}; the deposit carries an e-mail: write it elsewhere"
    return None
