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
from re import _constants as sre  # the standard parser of patterns and its names, to read what a rule needs
from re import _parser as sre_parse

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
    # character classes a match of `find` needs in the text (see `needs`): a text without one is left to the next rule
    needs: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)


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

        start = len(before)
        text = before + (NOT_PROSE.sub(keep, text) if may_keep(text) else text)
        for rule in self.rules:
            for need in rule.needs:
                if need.search(text) is None:  # the rule cannot match: the text stays as it is
                    break
            else:
                text = _sub(rule, text, start)
        text = text[start:]
        if not kept and KEPT not in text:
            return text
        parts = text.split(KEPT)
        return parts[0] + "".join(url + rest for url, rest in zip(kept, parts[1:], strict=True))


def may_keep(text: str) -> bool:
    """Whether NOT_PROSE may find something in `text`: all it finds holds a colon ('://', 'mailto:'), an '@' (an
    address) or 'www.' in any case. The texts without are spared its search, which costs more than these."""
    return ":" in text or "@" in text or "www." in text.lower()


def _sub(rule: Rule, text: str, start: int) -> str:
    """`rule` applied to `text` from `start` on: what comes before is context the rule may look at, not change."""
    if not start:  # re.sub finds the same matches as finditer and expands the same template
        return rule.find.sub(rule.replace, text)
    return rule.find.sub(lambda match: match[0] if match.start() < start else match.expand(rule.replace), text)


CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}


def needs(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], ...]:
    """Character classes each of which any match of `pattern` finds somewhere in the text: in what it consumes for
    sure, or in what a lookahead or lookbehind it must pass sees. A text without one of them cannot match.

    Only what is certain is read: parts that are optional, alternatives, negative lookarounds and flagged groups are
    passed over, and a case-insensitive pattern needs nothing (every rule then runs, as without this).
    """
    if pattern.flags & (re.IGNORECASE | re.LOCALE):
        return ()
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError):
        return ()
    classes: list[str] = []
    _needed(list(parsed), classes)
    # characters named one by one first: the rarer, and a search that fails ends the check
    ordered = sorted(dict.fromkeys(classes), key=lambda c: c.startswith("^") or "\\" in c.replace("\\U", ""))
    return tuple(re.compile(f"[{c}]", pattern.flags & re.ASCII) for c in ordered)


def _needed(items: list, classes: list[str]) -> None:
    """The classes of `items` (a parsed sequence, every item of which a match goes through) into `classes`."""
    for op, av in items:
        if op is sre.LITERAL:
            classes.append(_char(av))
        elif op is sre.NOT_LITERAL:
            classes.append(f"^{_char(av)}")
        elif op is sre.IN:
            members = _members(av)
            if members:
                classes.append(members)
        elif op is sre.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            if not add_flags and not del_flags:
                _needed(list(sub), classes)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _, sub = av
            if low >= 1:
                _needed(list(sub), classes)
        elif op is sre.ATOMIC_GROUP:
            _needed(list(av), classes)
        elif op is sre.ASSERT:  # a lookahead or lookbehind that must match: what it sees is in the text too
            _needed(list(av[1]), classes)


def _members(items: list) -> str | None:
    """A parsed character set as the inside of a [...] class; None for one this does not read."""
    parts = []
    for op, av in items:
        if op is sre.NEGATE and not parts:
            parts.append("^")
        elif op is sre.LITERAL:
            parts.append(_char(av))
        elif op is sre.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is sre.CATEGORY and av in CATEGORIES:
            parts.append(CATEGORIES[av])
        else:
            return None
    return "".join(parts) if parts and parts != ["^"] else None


def _char(code: int) -> str:
    return f"\\U{code:08x}"


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
        find = re.compile(pattern)
        compiled.append(Rule(name, find, replace, needs(find)))
    return Typography(lang, tuple(compiled))


def check_replace(find: re.Pattern[str], replace: str) -> None:
    """Raises re.error when `replace` is no replacement for `find` (a group it does not have, a bad escape), as
    re.sub would at the first match only: tried on a pattern with the same groups, which matches the empty text."""
    names = {index: name for name, index in find.groupindex.items()}
    twin = re.compile("".join(f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, find.groups + 1)))
    match = twin.match("")
    assert match is not None  # empty groups match the empty text
    try:
        match.expand(replace)
    except IndexError as exc:  # a group name it does not have
        raise re.error(str(exc)) from None


def apply(page: str, lang: str, typography: Callable[[str], Typography | None]) -> str:
    """A rendered page with each run of text set by the rules of its language (`lang` is the page's).

    `typography(lang)` gives a language's rules, or None for a language without any. The markup, comments and
    every byte outside the text runs come out as they went in.
    """
    out: list[str] = []  # the page up to `copied`, in pieces: what is unchanged is copied in long slices
    copied = 0
    stack: list[tuple[str, str, bool]] = []  # (tag, language, inside a skipped element)
    open_tags: list[str] = []  # the tags of `stack`, to look one up fast
    current, skipping, start, last = lang, False, 0, ""
    rules = typography(current)  # the rules of `current` (None while skipping), looked up when `current` changes
    for match in TOKEN.finditer(page):
        found = match.start()
        if found > start:  # a run of text (an empty one changes nothing)
            raw = page[start:found]
            if raw.isspace():  # only spaces and line breaks between two tags: nothing to set, the last one is known
                last = raw[-1]
            else:
                if rules is not None:
                    set_ = _text(raw, rules, last)
                    if set_ is not raw:
                        out += (page[copied:start], set_)
                        copied = found
                last = _last(raw, last)
        elif found < start:  # a tag inside a script's or a style's text, copied with it: copied once more, as ever
            out.append(page[copied:start])
            copied = found
        start = match.end()
        closing, tag, rest = match.group(1, 2, 3)
        if not tag:  # a comment or a doctype: the text before it is not what the next text follows
            last = ""
            continue
        if not tag.islower():
            tag = tag.lower()
        if tag not in INLINE:  # a new block: the text before it is not what the next text follows
            last = ""
        if closing:
            if tag in open_tags:  # a stray end tag closes nothing
                while stack.pop()[0] != tag:
                    open_tags.pop()
                open_tags.pop()
            current, skipping = (stack[-1][1], stack[-1][2]) if stack else (lang, False)
            rules = None if skipping else typography(current)
            continue
        if tag == "meta":
            attributes = dict(ATTRIBUTE.findall(rest))
            own = attributes.get("lang") or current
            written = match[0]
            set_ = _meta(written, attributes, typography(own))
            if set_ is not written:
                out += (page[copied:found], set_)
                copied = start
        else:
            # no attribute named lang without these letters: the attributes are only read when they are there
            own = (dict(ATTRIBUTE.findall(rest)).get("lang") if "lang" in rest else None) or current
        if tag in VOID or (rest and rest.rstrip().endswith("/")):
            continue
        skip = skipping or tag in SKIP
        stack.append((tag, own, skip))
        open_tags.append(tag)
        if own != current or skip != skipping:
            current, skipping = own, skip
            rules = None if skipping else typography(current)
        if tag in ("script", "style"):  # raw text: up to its end tag, as written
            end = page.find(f"</{tag}", start)
            start = len(page) if end < 0 else end
    raw = page[start:]
    set_ = _text(raw, typography(current) if not skipping else None, last)
    if set_ is not raw:
        out += (page[copied:start], set_)
        copied = len(page)
    out.append(page[copied:])
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
