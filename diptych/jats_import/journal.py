"""The journal: what a file's journal-meta says of it, and the site.yaml an import writes from that."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree

from ..config import valid_issn
from ..errors import ContentError, Position, warning
from .content import yaml_text
from .inline import InlineConverter
from .text import LANG, plain, text_of


@dataclass(frozen=True, slots=True)
class Journal:
    """What a file's journal-meta says of its journal, for the site.yaml an import writes."""

    where: Position  # the journal-meta
    title: str | None = None  # the first journal-title
    titles: tuple[tuple[str, str], ...] = ()  # (language, title): journal-titles and trans-titles with an xml:lang
    issn: tuple[str, Position] | None = None  # print, or of no stated format
    eissn: tuple[str, Position] | None = None  # electronic
    publisher: str | None = None


def read_journal(conv: InlineConverter, meta: etree._Element | None) -> Journal | None:
    """The journal's titles, ISSNs and publisher from <journal-meta> (JATS 1.x, or 2.3's titles without a group)."""
    if meta is None:
        return None
    group = meta.find("journal-title-group")
    holder = group if group is not None else meta
    titles = [t for t in holder.findall("journal-title") if plain(t)]
    given = [(t.get(LANG), plain(t)) for t in titles]
    given += [(g.get(LANG), plain(g.find("trans-title"))) for g in holder.findall("trans-title-group")]
    issns: dict[str, tuple[str, Position]] = {}
    for element in meta.findall("issn"):
        kind = (element.get("publication-format") or element.get("pub-type") or "").lower()
        if text_of(element):
            issns.setdefault(
                "eissn" if kind in ("electronic", "epub", "online") else "issn", (text_of(element), conv.at(element))
            )
    return Journal(
        conv.at(meta),
        plain(titles[0]) if titles else None,
        tuple((lang.lower(), title) for lang, title in given if lang and title),
        issns.get("issn"),
        issns.get("eissn"),
        plain(meta.find("publisher/publisher-name")) or None,
    )


SITE_FILE = "site.yaml"
BASE_URL = "https://journal.example.org"  # a placeholder the build accepts: example.org names no one's site
TITLE = "Journal title"  # when no file's journal-meta gives one


def site_file(languages: list[str], journals: list[tuple[str, Journal | None]]) -> tuple[str, list[ContentError]]:
    """A minimal, commented site.yaml for the articles imported: their `languages`, the journal's `title` and
    `issn`/`eissn` from the first file's journal-meta, a `base_url` to replace; every other setting left to its
    default. Warnings: what the JATS lacks or gets wrong, and files of another journal than the first's."""
    warnings: list[ContentError] = []
    name, journal = journals[0] if journals else ("", None)
    for _, other in journals[1:]:
        if journal is not None and other is not None and _identity(other) != _identity(journal):
            message = f"the journal-meta names another journal ({_named(other)!r}) than {name}'s ({_named(journal)!r})"
            warnings.append(warning(other.where, message + ", which site.yaml takes"))
    if journal is None or (journal.title is None and not journal.titles):
        where = journal.where if journal is not None else Position(PurePosixPath(name))
        what = "no <journal-title> in the journal-meta" if journal is not None else "no <journal-meta>"
        warnings.append(warning(where, f"{what}: site.yaml's title is a placeholder, to replace"))
    title = _site_title(journal, languages)
    lines = [
        "# site.yaml, written by `diptych import-jats` from the JATS journal-meta. Check it and replace base_url,",
        '# then build. The README\'s "site.yaml" describes every setting; those not written keep their defaults.',
        "",
        '# The journal\'s title: one for every language, or one per language, {fr: "…", en: "…"}.',
        *(["# A placeholder: no file's journal-meta gives one."] if title == TITLE else []),
        yaml_text({"title": title}).rstrip("\n"),
        "# The site's address, for canonical URLs, the sitemap and the feeds: replace with the site's address.",
        yaml_text({"base_url": BASE_URL}).rstrip("\n"),
        "# The languages of the articles imported, the most versions first; the first is the default language.",
        yaml_text({"languages": languages}).rstrip("\n"),
    ]
    issns = [(key, given) for key, given in (("issn", journal and journal.issn), ("eissn", journal and journal.eissn)) if given]
    if issns:
        lines.append("# The journal's ISSNs: issn for print, eissn for the electronic edition.")
    for key, (value, where) in issns:
        valid = valid_issn(value)
        if valid:
            lines.append(yaml_text({key: valid}).rstrip("\n"))
        else:
            lines.append(f"# {key}: {value}    (not a valid ISSN: check it)")
            warnings.append(warning(where, f"ISSN {value!r} is not a valid ISSN (its check digit): left out of site.yaml"))
    publisher = journal.publisher if journal is not None and journal.publisher else "…"
    lines += [
        "",
        '# To set as needed (the README\'s "site.yaml"):',
        f"# publisher: {publisher}",
        "# description: {" + ", ".join(f'{lang}: "…"' for lang in languages) + "}",
        "# paywall:",
        "#   access: paywalled        # the articles' default: paywalled or free",
        "#   teaser_paragraphs: 3     # the teaser's length where a body has no paywall marker",
    ]
    return "\n".join(lines) + "\n", warnings


def _identity(journal: Journal) -> tuple[str | None, str | None, str | None]:
    return journal.title, journal.issn and journal.issn[0], journal.eissn and journal.eissn[0]


def _named(journal: Journal) -> str:
    """A journal as a warning names it: its title, else its ISSN."""
    return next((part for part in _identity(journal) if part), "no title")


def _site_title(journal: Journal | None, languages: list[str]) -> str | dict[str, str]:
    """The title in every language (the first title where the journal-meta gives none in that language); one string
    when it is the same in all."""
    if journal is None or (journal.title is None and not journal.titles):
        return TITLE
    given = dict(reversed(journal.titles))  # the first title given in a language
    fallback = journal.title or journal.titles[0][1]
    titles = {lang: given.get(lang, fallback) for lang in languages}
    return fallback if len(set(titles.values())) == 1 else titles
