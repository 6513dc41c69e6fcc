"""A title and its subtitle joined as one, as the reference's language joins them."""

from __future__ import annotations

import re
from functools import cache

from ..theme import DEFAULTS, load_typography
from ..typography import Typography
from .reference import Reference, clean


def full_title(ref: Reference) -> str:
    """Title and subtitle as one, joined as the reference's language joins them (`join_title`)."""
    return join_title(ref.title, ref.subtitle, ref.lang)


def join_title(title: str, subtitle: str | None, lang: str) -> str:
    """A title and its subtitle as one line of plain text, the form citations and indexers take ("Title: Subtitle")."""
    title = clean(title)
    if not subtitle:
        return title
    return f"{title}{title_joint(title, lang)}{clean(subtitle)}"


# A colon that separates (followed by a space or ending the text), not one inside a word or a number ("3:2").
_SEPARATING_COLON = re.compile(r":(?=\s|$)")
# A sentence's end, then maybe closing quotes, guillemets and brackets, spaced or not: 'ends?”', '« Pourquoi ? »'.
_SENTENCE_END = re.compile(r"[.?!…:](?:\s*[”’\"'»›)\]}])*$")


def title_joint(title: str, lang: str) -> str:
    """What comes between a title and its subtitle: the one rule every format follows.

    Only a space after a title that ends its own sentence ("Why? An answer", "Pourquoi ? Une réponse", a closing quote
    or bracket after its end included: "« Pourquoi ? » Sous-titre"); a full stop
    after a title that holds a colon already ("Charts: a Survey. An Inquiry"); otherwise a colon, spaced as the
    language's typography rules space it (locales/LANG/typography.yaml): ": " in English, " : " with a no-break
    space before the colon in French. A language without rules takes ": ".
    """
    title = clean(title)
    if _SENTENCE_END.search(title):
        return " "
    if _SEPARATING_COLON.search(title):
        return ". "
    rules = _typography(lang)
    return rules.text(": ", before=title) if rules else ": "


@cache
def _typography(lang: str) -> Typography | None:
    """The default typography rules of a language (the project's own locales/), None for a language without."""
    rules, _ = load_typography(DEFAULTS, lang)  # the project's own files, checked by every build that loads them
    return rules
