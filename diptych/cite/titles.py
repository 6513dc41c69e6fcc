"""A title and its subtitle joined as one, as the reference's language joins them."""

from __future__ import annotations

import re

from ..typography import Typography
from .reference import Reference, clean


def full_title(ref: Reference) -> str:
    """Title and subtitle as one, joined as the reference's language joins them (`join_title`, `ref.typography`)."""
    return join_title(ref.title, ref.subtitle, ref.typography)


def join_title(title: str, subtitle: str | None, rules: Typography | None) -> str:
    """A title and its subtitle as one line of plain text, the form citations and indexers take ("Title: Subtitle"),
    `rules` the typography rules of their language (None for a language without)."""
    title = clean(title)
    if not subtitle:
        return title
    return f"{title}{title_joint(title, rules)}{clean(subtitle)}"


# A colon that separates (followed by a space or ending the text), not one inside a word or a number ("3:2").
_SEPARATING_COLON = re.compile(r":(?=\s|$)")
# A sentence's end, then maybe closing quotes, guillemets and brackets, spaced or not: 'ends?”', '« Pourquoi ? »'.
_SENTENCE_END = re.compile(r"[.?!…:](?:\s*[”’\"'»›)\]}])*$")


def title_joint(title: str, rules: Typography | None) -> str:
    """What comes between a title and its subtitle: the one rule every format follows.

    Only a space after a title that ends its own sentence ("Why? An answer", "Pourquoi ? Une réponse", a closing quote
    or bracket after its end included: "« Pourquoi ? » Sous-titre"); a full stop
    after a title that holds a colon already ("Charts: a Survey. An Inquiry"); otherwise a colon, spaced as the
    language's typography rules space it (`rules`, the site's locales/LANG/typography.yaml, else the default one):
    ": " in English, " : " with a no-break space before the colon in French. A language without rules takes ": ".
    """
    title = clean(title)
    if _SENTENCE_END.search(title):
        return " "
    if _SEPARATING_COLON.search(title):
        return ". "
    return rules.text(": ", before=title) if rules else ": "
