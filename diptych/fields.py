"""Small checks of YAML values, each returning (value, errors) so one run reports every problem."""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from .errors import ContentError, Position
from .source import Field, shown

Checked = tuple[Any, list[ContentError]]
Check = Callable[[Field, Position, str], Checked]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# What no page nor XML file can hold (XML 1.0's excluded characters, which lxml refuses and HTML reads as errors): the
# C0 controls but tab and newline (a carriage return is gone when a file is read), lone surrogates, U+FFFE and U+FFFF;
# and what HTML forbids though XML 1.0 allows it (the Nu HTML Checker's "Forbidden code point"): DEL and the C1
# controls (a text once read in the wrong encoding), the noncharacters (U+FDD0-U+FDEF, each plane's last two); written
# as they are (a YAML escape: "\x01") or as a character reference, which Markdown leaves for HTML to decode.
_NONCHARACTERS = (*range(0xFDD0, 0xFDF0), *(plane + end for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF)))
_CONTROLS = (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))
UNHOLDABLE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in (*_CONTROLS, *_NONCHARACTERS)) + r"\ud800-\udfff]|&#(?:[0-9]+|[xX][0-9a-fA-F]+);"
)


# What UNHOLDABLE finds begins with one of these (or is a lone surrogate, which UTF-8 cannot encode): a text that
# holds none of them is let through by searches of the string itself, three times faster than the pattern's (a
# character past the string's widest is not searched at all: the astral noncharacters cost a French text nothing).
_TELLTALES = (*(chr(c) for c in (*_CONTROLS, *_NONCHARACTERS)), "&#")


def unholdable(text: str) -> tuple[int, str] | None:
    """The first thing in `text` no page nor XML file can hold: (where it starts, what it is, in words)."""
    if not any(telltale in text for telltale in _TELLTALES) and _encodes(text):
        return None
    for found in UNHOLDABLE.finditer(text):
        mark = found[0]
        if not mark.startswith("&#"):
            return found.start(), _named(ord(mark))
        code = int(mark[3:-1], 16) if mark[2] in "xX" else int(mark[2:-1])
        # HTML reads &#0;, a surrogate and what lies past Unicode as U+FFFD: those are harmless
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF and UNHOLDABLE.fullmatch(chr(code)):
            return found.start(), f"{mark}, {_named(code)}"
    return None


def _named(code: int) -> str:
    what = "a noncharacter" if code in _NONCHARACTERS else "a control character"
    return f"{what} (U+{code:04X})"


def _encodes(text: str) -> bool:
    """No lone surrogate in `text` (a YAML escape "\\ud800" makes one; a file read as UTF-8 never does)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _type_name(value: Any) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__
    )


def _wrong(field: Field, where: Position, name: str, expected: str) -> Checked:
    return None, [ContentError(where.at(field.line), f"'{name}' must be {expected}, not {_type_name(field.value)}")]


def text(field: Field, where: Position, name: str) -> Checked:
    """A non-empty string (numbers are accepted as their text: `pages: 12`)."""
    value = field.value
    if isinstance(value, bool) or value is None:
        return _wrong(field, where, name, "text")
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return _wrong(field, where, name, "text")
    if not value.strip():
        return None, [ContentError(where.at(field.line), f"'{name}' is empty")]
    if (bad := unholdable(value)) is not None:
        said = f"'{name}' holds {bad[1]}, which no page nor XML file can hold; remove it"
        return None, [ContentError(where.at(field.line), said)]
    return value.strip(), []


def line(field: Field, where: Position, name: str) -> Checked:
    """Text on one line (titles, names)."""
    value, errors = text(field, where, name)
    if value is not None and "\n" in value:
        return None, [ContentError(where.at(field.line), f"'{name}' must be on one line")]
    return value, errors


def integer(field: Field, where: Position, name: str) -> Checked:
    if isinstance(field.value, bool) or not isinstance(field.value, int):
        return _wrong(field, where, name, "a whole number")
    return field.value, []


def day(field: Field, where: Position, name: str) -> Checked:
    """A date written YYYY-MM-DD."""
    raw = field.value
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw.strip()):
        try:
            return date.fromisoformat(raw.strip()), []
        except ValueError:
            pass
    return None, [ContentError(where.at(field.line), f"'{name}' must be a real date written YYYY-MM-DD, not {shown(raw)}")]


def slug(field: Field, where: Position, name: str) -> Checked:
    value, errors = text(field, where, name)
    if value is not None and not SLUG.match(value):
        return None, [ContentError(where.at(field.line), f"'{name}' {value!r} is not a plain URL segment: {SLUG_RULE}")]
    return value, errors


SLUG_RULE = "use lowercase letters a-z, digits and single hyphens, like 'une-alliance-2019'"


def web_url(field: Field, where: Position, name: str) -> Checked:
    """An absolute http(s) URL: never javascript:, data: or another scheme."""
    value, errors = line(field, where, name)
    if value is not None and not re.match(r"^https?://[^\s/]+", value, re.I):
        return None, [ContentError(where.at(field.line), f"'{name}' must be an absolute http(s) URL, not {value!r}")]
    return value, errors


def url_template(*names: str) -> Check:
    """An http(s) URL with {placeholders} taken from `names`."""

    def check(field: Field, where: Position, name: str) -> Checked:
        value, errors = web_url(field, where, name)
        if value is None:
            return None, errors
        try:
            parts = [part for part in string.Formatter().parse(value) if part[1] is not None]
            if any(spec or conversion for _, _, spec, conversion in parts):
                return None, [ContentError(where.at(field.line), f"'{name}': write placeholders plainly, like {{doi}}")]
            used = [part[1] for part in parts]
        except ValueError as exc:
            return None, [ContentError(where.at(field.line), f"'{name}': {exc} (write {{{{ and }}}} for a brace)")]
        unknown = [u for u in used if u not in names]
        if unknown:
            allowed = ", ".join(f"{{{n}}}" for n in names)
            return None, [
                ContentError(where.at(field.line), f"'{name}': unknown placeholder {{{unknown[0]}}} (known: {allowed})")
            ]
        return value, []

    return check


def one_of(*choices: str) -> Check:
    def check(field: Field, where: Position, name: str) -> Checked:
        if field.value not in choices:
            return None, [
                ContentError(where.at(field.line), f"'{name}' must be one of {', '.join(choices)}, not {shown(field.value)}")
            ]
        return field.value, []

    return check


def list_of(item: Check) -> Check:
    """A list whose every item passes `item` (a single value is taken as a list of one)."""

    def check(field: Field, where: Position, name: str) -> Checked:
        values = field.value if isinstance(field.value, list) else [field.value]
        out, errors = [], []
        for value in values:
            checked, problems = item(Field(value, field.line), where, name)
            errors += problems
            if checked is not None:
                out.append(checked)
        return tuple(out), errors

    return check


def percent(field: Field, where: Position, name: str) -> Checked:
    value = field.value
    if isinstance(value, bool) or not isinstance(value, int):
        return _wrong(field, where, name, "a whole number from 0 to 100")
    if not 0 <= value <= 100:
        return None, [ContentError(where.at(field.line), f"'{name}' must be between 0 and 100, not {value}")]
    return value, []


def localized(languages: Iterable[str], required: bool = True) -> Check:
    """Text per language, `{fr: …, en: …}`; a plain string stands for every language."""
    languages = tuple(languages)

    def check(field: Field, where: Position, name: str) -> Checked:
        value = field.value
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            plain, errors = line(field, where, name)
            return ({lang: plain for lang in languages} if plain else None), errors
        if not isinstance(value, dict):
            return _wrong(field, where, name, "text or a mapping of languages to text")
        out, errors = {}, []
        for lang, item in value.items():
            if lang not in languages:
                errors.append(
                    ContentError(
                        where.at(field.line),
                        f"'{name}' has language {shown(lang)}, not in site.yaml's languages ({', '.join(languages)})",
                    )
                )
                continue
            checked, problems = line(Field(item, field.line), where, f"{name}.{lang}")
            errors += problems
            if checked is not None:
                out[lang] = checked
        missing = [lang for lang in languages if lang not in value]
        if required and missing:
            errors.append(ContentError(where.at(field.line), f"'{name}' lacks the language(s) {', '.join(missing)}"))
        return out, errors

    return check


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known field a misspelt name most likely means (`keywrods` -> `keywords`), if one is close enough."""
    if not isinstance(name, str):
        return None
    by_last = {k.rsplit(".", 1)[-1]: k for k in known}  # crossref.emial: its own part compared, not the prefix
    found = difflib.get_close_matches(name.rsplit(".", 1)[-1].lower(), list(by_last), n=1, cutoff=0.6)
    return by_last[found[0]] if found else None


def unknown_field(name: str, known: Iterable[str]) -> str:
    """The message for a field no schema knows: the closest known one first, then all of them."""
    known = sorted(known)
    meant = closest(name, known)
    guess = f": did you mean '{meant}'?" if meant else ""
    named = name if len(name) <= 80 else name[:80] + "…"  # a name of a megabyte is not printed whole
    return f"unknown field '{named}'{guess} (known fields: {', '.join(known)})"


def check_fields(
    fields: dict[str, Field], where: Position, schema: dict[str, tuple[Check, bool]]
) -> tuple[dict[str, Any], list[ContentError]]:
    """Check every field against `schema` (name -> (check, required)); unknown names are errors."""
    values: dict[str, Any] = {}
    errors: list[ContentError] = []
    for name, field in fields.items():
        if name not in schema:
            errors.append(ContentError(where.at(field.line), unknown_field(name, schema)))
            continue
        if field.value is None:
            if schema[name][1]:
                errors.append(ContentError(where.at(field.line), f"'{name}' is empty"))
            continue
        value, problems = schema[name][0](field, where, name)
        errors += problems
        if value is not None:
            values[name] = value
    for name, (_, required) in schema.items():
        if required and name not in fields:
            errors.append(ContentError(where, f"missing required field '{name}'"))
    return values, errors
