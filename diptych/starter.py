"""`diptych init DIR`: a new journal's folder that builds and checks clean at once.

The files are texts in the journal's languages: French and English have their own, any other language gets the
English text to translate, marked as such. Nothing is written unless every file can be: a folder that is not empty is
refused without --force, and a file that exists is never overwritten, --force or not.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from babel import Locale

from .config import base_url_problem, language_problem
from .write import NewFilesFailed, write_new

PLACEHOLDER_TITLE = {"fr": "Revue exemple", "en": "Example Journal"}


class StarterRefused(Exception):
    """Why init writes nothing: a folder not empty, a file that exists, a folder it cannot write."""


def languages(text: str) -> tuple[str, ...]:
    """`fr,en` -> ('fr', 'en'), by site.yaml's own rule for `languages`; ValueError in the publisher's words."""
    codes = tuple(code.strip() for code in text.split(",") if code.strip())
    if not codes or len(set(codes)) != len(codes):
        raise ValueError(f"{text!r}: name each language once, separated by commas, such as fr,en")
    for code in codes:
        problem = language_problem(code)
        if problem:
            raise ValueError(f"{problem} (write codes such as fr,en)")
    return codes


def title(text: str) -> str:
    """A journal's title as site.yaml takes one: some text, on one line; ValueError otherwise."""
    if any("\udc80" <= c <= "\udcff" for c in text):
        raise ValueError("the title is not UTF-8 text: check the terminal's encoding")
    if not text.strip() or not all(c.isprintable() for c in text):
        raise ValueError(f"{text!r}: a title is some text on one line")
    return text.strip()


def base_url(text: str) -> str:
    """An address site.yaml's base_url accepts, by its own rule; ValueError otherwise."""
    problem = base_url_problem(text)
    if problem:
        raise ValueError(f"{problem}, such as https://revue.example.org")
    return text


def create(
    folder: Path, *, languages: tuple[str, ...] = ("fr", "en"), title: str | None = None, base_url: str, force: bool = False
) -> list[str]:
    """Write the starter journal into `folder`; the relative paths written, in order. StarterRefused: nothing written."""
    files = {
        rel: text.encode("utf-8")
        for rel, text in starter_files(languages, title=title, base_url=base_url, today=datetime.date.today()).items()
    }  # encoded before anything is written
    if folder.exists() and not folder.is_dir():
        raise StarterRefused(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise StarterRefused(f"{folder} is not empty (--force writes beside what is there, never over a file)")
    for rel in files:
        for inside in [folder / rel, *(folder / rel).parents]:
            if inside == folder:
                break
            if inside.is_symlink():  # a link would take the starter's files out of the folder, or over another's
                raise StarterRefused(f"{inside} exists already" if inside == folder / rel else f"{inside} is a symbolic link")
            if inside == folder / rel and inside.exists():
                raise StarterRefused(f"{inside} exists already")
    try:
        write_new(folder, files)  # all or none
    except NewFilesFailed as failed:
        exc = failed.cause
        if isinstance(exc, (FileExistsError, NotADirectoryError)):  # a file came meanwhile, or stands where a folder must be
            raise StarterRefused(f"{exc.filename2 or exc.filename} exists already") from None
        raise StarterRefused(f"{failed.path} cannot be written: {exc.strerror}") from None
    return list(files)


def starter_files(languages: tuple[str, ...], *, title: str | None, base_url: str, today: datetime.date) -> dict[str, str]:
    """The starter's files, relative path -> text: a pure function of its arguments."""
    first = languages[0]
    issue = f"{today.year}-1"
    files = {
        "site.yaml": _site_yaml(languages, title, base_url),
        ".gitignore": GITIGNORE,
        "README.md": _readme(languages),
        f"content/issues/{issue}.yaml": _issue(languages, today),
    }
    for lang in languages[:2]:
        files[f"content/articles/first-article.{lang}.md"] = _article(lang, issue, today, shared=lang == first)
    files[f"content/articles/note.{first}.md"] = _note(first, issue, today)
    for lang in languages:
        files[f"content/pages/about.{lang}.md"] = _about(lang, today)
    return files


def _text(lang: str, texts: dict[str, str]) -> str:
    """French or English as written; any other language gets the English text, to translate."""
    return texts.get(lang) or texts["en"]


def _to_translate(lang: str) -> str:
    return "" if lang in ("fr", "en") else f"# TODO: translate this file into {Locale.parse(lang).english_name or lang}.\n"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: a title may hold a colon, a quote, a hash."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _site_yaml(languages: tuple[str, ...], title: str | None, base_url: str) -> str:
    titles = (
        _quoted(title)
        if title
        else "{" + ", ".join(f"{lang}: {_quoted(_text(lang, PLACEHOLDER_TITLE))}" for lang in languages) + "}"
    )
    return f"""\
# The journal's settings. Every setting is described in diptych's README, section "site.yaml".

# The title, one text for every language or one per language: {{fr: "…", en: "…"}}.
title: {titles}
# A sentence per language, for search engines and link previews (optional).
# description: {{{", ".join(f'{lang}: "…"' for lang in languages)}}}

# Where the site will be served from: absolute, and it may end in a folder (https://example.org/revue).
base_url: {_quoted(base_url)}

# The languages the journal publishes in; the first is the default one.
languages: [{", ".join(languages)}]

# publisher: "Éditions Exemple"
# issn: "2049-3630"      # the print ISSN, check digit verified; eissn: for the online one

paywall:
  access: paywalled      # the default access of an article: paywalled or free (an article may say otherwise)
  teaser_paragraphs: 3   # the teaser's length when a body has no <!-- paywall --> line
  # purchase_url: "https://shop.example.org/{{doi}}"    # the buy button; {{doi}} {{slug}} {{lang}} {{key}} are filled in
  # access_url: "https://access.example.org/login"      # institutional or subscriber access

# per_page: 20           # items per page of a long list

# The Crossref deposit (diptych crossref), once the journal has a DOI prefix:
# crossref:
#   depositor: "Éditions Exemple"
#   email: doi@example.org         # never published on the site
#   registrant: "Éditions Exemple"
"""


GITIGNORE = """\
# What diptych writes: never commit it.
output/
output-full/
.diptych-cache/
"""


def _issue(languages: tuple[str, ...], today: datetime.date) -> str:
    themes = {"fr": "Premier numéro", "en": "First issue"}
    title = "{" + ", ".join(f"{lang}: {_quoted(_text(lang, themes))}" for lang in languages) + "}"
    return f"""\
# An issue: its file name ({today.year}-1) is its identifier, which articles name in their `issue:` field.
volume: 1
number: 1
date: {today.isoformat()}
title: {title}   # optional: the issue's theme
"""


ARTICLE = {
    "fr": {
        "title": "Un premier article : ce que montre la page d’un article",
        "abstract": (
            "Ce résumé est public, comme celui de l’autre langue, que la page montre à côté. Remplacez ce fichier "
            "par le premier article de la revue : un fichier par langue, le même nom suivi de la langue."
        ),
        "keywords": "[revue, exemple]",
        "section": "Articles",
        "body": """\
Ce texte est le début de l’article : son *aperçu*, que tout lecteur peut lire. Il s’arrête à la ligne qui
marque la limite du texte réservé aux abonnés, plus bas.

## Ce que voit le lecteur

Les titres et les résumés dans les deux langues, cet aperçu, la part du texte qui reste à lire et le plan de
l’article, titres de la partie réservée compris.

<!-- paywall -->

Ce qui suit la ligne `<!-- paywall -->` n’est publié que dans l’édition des abonnés
(`diptych --edition full`) : aucun fichier public n’en contient le texte, seulement les titres, dans le plan.

## Ce que voit l’abonné

Le texte entier, dans l’édition des abonnés, que l’hébergeur sert derrière un accès réservé.
""",
    },
    "en": {
        "title": "A first article: what an article's page shows",
        "abstract": (
            "This abstract is public, as is the other language's, which the page shows beside it. Replace this file "
            "with the journal's first article: one file per language, the same name followed by the language."
        ),
        "keywords": "[journal, example]",
        "section": "Articles",
        "body": """\
This text is the opening of the article: its *teaser*, which every reader can read. It ends at the line that
marks where the subscribers' text begins, below.

## What a reader sees

Both titles and both abstracts, this teaser, the share of the text left to read, and the article's outline,
with the headings of the withheld part.

<!-- paywall -->

What follows the `<!-- paywall -->` line is published only in the subscriber edition
(`diptych --edition full`): no public file holds its text, only its headings, in the outline.

## What a subscriber sees

The whole text, in the subscriber edition, which the host serves behind a login.
""",
    },
}


def _article(lang: str, issue: str, today: datetime.date, *, shared: bool) -> str:
    """One version of the bilingual paywalled article; the shared fields (authors, date, issue) in the first only."""
    texts = ARTICLE.get(lang, ARTICLE["en"])
    common = (
        f"""\
authors:
  - {{name: Prénom Nom, affiliation: "Université exemple"}}
date: {today.isoformat()}
issue: {issue}
section: {_quoted(texts["section"])}
order: 1
access: paywalled
"""
        if shared
        else ""
    )
    return f"""\
---
{_to_translate(lang)}title: {_quoted(texts["title"])}
abstract: >-
  {texts["abstract"]}
keywords: {texts["keywords"]}
slug: {"premier-article" if lang == "fr" else "first-article"}
{common}---
{texts["body"]}"""


NOTE = {
    "fr": (
        "Une note dans une seule langue",
        "Une note publiée en une seule langue : les listes de l’autre langue la montrent, marquée de sa langue.",
        "Un article peut n’exister que dans une langue : un seul fichier, `note.fr.md`.",
    ),
    "en": (
        "A note in one language only",
        "A note published in one language only: the other language's lists show it, marked with its language.",
        "An article may exist in one language only: a single file, `note.en.md`.",
    ),
}


def _note(lang: str, issue: str, today: datetime.date) -> str:
    title, abstract, body = NOTE.get(lang, NOTE["en"])
    return f"""\
---
{_to_translate(lang)}title: {_quoted(title)}
abstract: {_quoted(abstract)}
keywords: {ARTICLE.get(lang, ARTICLE["en"])["keywords"]}
authors: [Prénom Nom]
date: {today.isoformat()}
issue: {issue}
order: 2
access: free
---
{body}
"""


ABOUT = {
    "fr": ("À propos", "a-propos", "La revue, sa rédaction et sa manière de publier.", "La revue"),
    "en": ("About", "about", "The journal, its editors and how it publishes.", "The journal"),
}


def _about(lang: str, today: datetime.date) -> str:
    title, slug, description, heading = ABOUT.get(lang, ABOUT["en"])
    slug = slug if lang in ABOUT else f"about-{lang.lower()}"
    return f"""\
---
{_to_translate(lang)}title: {_quoted(title)}
slug: {slug}
description: {_quoted(description)}
updated: {today.isoformat()}
---
{description}

## {heading}
"""


def _readme(languages: tuple[str, ...]) -> str:
    first = languages[0]
    return f"""\
# Our journal's site

This folder is the journal: `site.yaml` holds its settings, `content/` its issues, articles and pages.
[diptych](https://pypi.org/project/diptych/) builds it into `output/`, a folder any static host can serve.

## Every day

    diptych serve      # build, open http://127.0.0.1:8000/, rebuild and reload on each saved change
    diptych check      # every mistake, at its file and line, and every broken link; writes nothing
    diptych            # build the public site into output/
    diptych --edition full --out output-full   # the subscribers' edition, full texts included

A build that finds a mistake says `file:line: what is wrong` and leaves `output/` as it was.

## Adding an article

One file per language version in `content/articles/` (any subfolder): `alliance.{first}.md`,
`alliance.{languages[1] if len(languages) > 1 else "en"}.md`. Each starts with its front matter between two `---` lines (title,
abstract, keywords; the shared fields, authors, date, issue, in one of the files), then the text in Markdown.
Put a title that holds a colon in quotes: `title: "Titre : sous-titre"`.

For a paywalled article, the line `<!-- paywall -->` ends the public teaser; without it, the teaser is the first
three paragraphs (`paywall.teaser_paragraphs` in `site.yaml`). Nothing after it reaches a public file.

## Publishing

Upload `output/` to the host (`rsync -a --delete output/ host:/srv/journal/`). Serve `output-full/` only
behind the subscribers' login.
"""
