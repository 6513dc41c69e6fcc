"""Typography by rule sets per language: `locales/LANG/typography.yaml`, applied to the text of rendered pages.

A rule set is data: regular expressions and their replacements, run in order over every run of text of that
language on a page (a French fragment on an English page gets the French rules, and the reverse). A language
without a file keeps its text as written; a third language brings its own file, no code.

Only text is touched, and only its spaces: never markup, attribute values (but a page's meta description
and Open Graph title and description, which are text shown to readers), `code`, `pre`, `kbd`, `samp`,
`script`, `style`, or a URL or e-mail address inside the text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from babel import Locale

SKIP = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "math", "svg"})  # text left as written
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"})
TEXT_META = frozenset({"description", "og:title", "og:description", "twitter:title", "twitter:description"})
TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>", re.S)
ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?')
NOT_PROSE = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+|\bmailto:\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\bwww\.\S+", re.I)
KEPT = "\ue000"  # stands for a URL or an address while the rules run
CACHED_TEXTS = 50_000  # texts whose setting each Typography remembers: menus, titles, abstracts recur across pages
INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp",
     "small", "span", "strong", "sub", "sup", "time", "u", "var"}
)  # fmt: skip  # text runs on across these tags


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    find: re.Pattern[str]
    replace: str


@dataclass(frozen=True, slots=True)
class Typography:
    """One language's rules, compiled."""

    lang: str
    rules: tuple[Rule, ...]
    # (text, before) -> the text set; not part of the value. Bounded: the oldest entry goes first.
    _set: dict[tuple[str, str], str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def text(self, text: str, before: str = "") -> str:
        """Plain text with the rules applied; URLs and addresses are left as written. `before`: the character the
        text follows (the end of the previous run of text, across an inline tag), which the rules may look at."""
        key = (text, before)
        set_ = self._set.get(key)
        if set_ is None:
            set_ = self.text_uncached(text, before)
            if len(self._set) >= CACHED_TEXTS:
                del self._set[next(iter(self._set))]
            self._set[key] = set_
        return set_

    def text_uncached(self, text: str, before: str = "") -> str:
        """What `text` gives, computed every time."""
        kept: list[str] = []

        def keep(match: re.Match[str]) -> str:  # one private-use character stands for the URL while the rules run
            kept.append(match[0])
            return KEPT

        text = before + NOT_PROSE.sub(keep, text)
        for rule in self.rules:
            text = _sub(rule, text, len(before))
        parts = text[len(before) :].split(KEPT)
        return parts[0] + "".join(url + rest for url, rest in zip(kept, parts[1:], strict=True))


def _sub(rule: Rule, text: str, start: int) -> str:
    """`rule` applied to `text` from `start` on: what comes before is context the rule may look at, not change."""
    if not start:  # re.sub finds the same matches as finditer and expands the same template
        return rule.find.sub(rule.replace, text)
    return rule.find.sub(lambda match: match[0] if match.start() < start else match.expand(rule.replace), text)


def months_pattern(lang: str) -> str:
    """The language's month names (Babel, CLDR), as a regular expression's alternatives: for `{months}` in a rule."""
    locale = Locale.parse(lang)
    names = {name for width in ("wide", "abbreviated") for name in locale.months["format"][width].values()}
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


def compile_rules(lang: str, rules: list[tuple[str, str, str]]) -> Typography:
    """(name, find, replace) triples as a Typography; `{months}` in `find` is the language's month names.

    Raises re.error for a pattern that does not compile (its caller knows the file and line).
    """
    compiled = []
    for name, find, replace in rules:
        pattern = find.replace("{months}", f"(?:{months_pattern(lang)})") if "{months}" in find else find
        compiled.append(Rule(name, re.compile(pattern), replace))
    return Typography(lang, tuple(compiled))


def apply(page: str, lang: str, typography: Callable[[str], Typography | None]) -> str:
    """A rendered page with each run of text set by the rules of its language (`lang` is the page's).

    `typography(lang)` gives a language's rules, or None for a language without any. The markup, comments and
    every byte outside the text runs come out as they went in.
    """
    out: list[str] = []
    stack: list[tuple[str, str, bool]] = []  # (tag, language, inside a skipped element)
    open_tags: list[str] = []  # the tags of `stack`, to look one up fast
    current, skipping, start, last = lang, False, 0, ""
    for match in TOKEN.finditer(page):
        found = match.start()
        if found > start:  # a run of text (an empty one changes nothing)
            raw = page[start:found]
            rules = None if skipping else typography(current)
            out.append(raw if rules is None else _text(raw, rules, last))
            last = _last(raw, last)
        start = match.end()
        closing, tag, rest = match.group(1, 2, 3)
        if not tag:  # a comment or a doctype: the text before it is not what the next text follows
            last = ""
            out.append(match[0])
            continue
        tag = tag.lower()
        if tag not in INLINE:  # a new block: the text before it is not what the next text follows
            last = ""
        if closing:
            out.append(match[0])
            if tag in open_tags:  # a stray end tag closes nothing
                while stack.pop()[0] != tag:
                    open_tags.pop()
                open_tags.pop()
            current, skipping = (stack[-1][1], stack[-1][2]) if stack else (lang, False)
            continue
        if tag == "meta":
            attributes = dict(ATTRIBUTE.findall(rest))
            own = attributes.get("lang") or current
            out.append(_meta(match[0], attributes, typography(own)))
        else:
            # no attribute named lang without these letters: the attributes are only read when they are there
            own = (dict(ATTRIBUTE.findall(rest)).get("lang") if "lang" in rest else None) or current
            out.append(match[0])
        if tag in VOID or rest.rstrip().endswith("/"):
            continue
        stack.append((tag, own, skipping or tag in SKIP))
        open_tags.append(tag)
        current, skipping = own, skipping or tag in SKIP
        if tag in ("script", "style"):  # raw text: up to its end tag, as written
            end = page.find(f"</{tag}", start)
            end = len(page) if end < 0 else end
            out.append(page[start:end])
            start = end
    out.append(_text(page[start:], typography(current) if not skipping else None, last))
    return "".join(out)


def _last(raw: str, before: str) -> str:
    """The last character a run of text ends with (or the one before it, for a run of nothing)."""
    said = html.unescape(raw) if "&" in raw else raw
    return said[-1] if said else before


def _text(raw: str, typography: Typography | None, before: str = "") -> str:
    """A run of HTML text (entities and all) with the rules applied to what it says."""
    if typography is None or not raw.strip():
        return raw
    said = html.unescape(raw)
    set_ = typography.text(said, before)
    return raw if set_ == said else html.escape(set_, quote=False)


def _meta(tag: str, attributes: dict[str, str], typography: Typography | None) -> str:
    """A meta tag whose content readers see (description, Open Graph and Twitter titles and descriptions)."""
    name = attributes.get("name") or attributes.get("property") or ""
    if typography is None or name not in TEXT_META or "content" not in attributes:
        return tag
    said = html.unescape(attributes["content"])
    set_ = typography.text(said)
    if set_ == said:
        return tag
    return tag.replace(f'content="{attributes["content"]}"', f'content="{html.escape(set_)}"', 1)
