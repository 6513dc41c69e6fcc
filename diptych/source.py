"""Read source files: UTF-8 text, YAML with line numbers, front matter."""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Position

MARKER = "---"


class _Loader(yaml.SafeLoader):
    """Safe YAML, with dates left as strings so that we check them ourselves, with a line."""


class _FastLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):
    """The same, parsed by libyaml (about ten times faster): for text it reads without error."""


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ODD_BREAKS = ("\x85", "\u2028", "\u2029")  # line ends to YAML, not to editors: lines counted by the pure-Python loader


@dataclass(frozen=True, slots=True)
class Field:
    """A top-level value of a YAML mapping and the line of its key."""

    value: Any
    line: int


@dataclass(frozen=True, slots=True)
class Document:
    """A Markdown file split into its front matter fields and its body."""

    where: Position  # the file, line 1
    fields: dict[str, Field]
    body: str
    body_line: int  # the line where the body starts


def read_text(path: Path, where: Position) -> tuple[str | None, list[ContentError]]:
    """A file's text, or an error saying where it is not UTF-8."""
    if path.exists() and not path.is_file():  # a FIFO or a device would block or never end
        return None, [ContentError(where, "not a regular file: a folder, a pipe or a device cannot be read as content")]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [ContentError(where, f"cannot read the file: {exc.strerror}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [ContentError(where.at(line), f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8")]
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), []


def parse_yaml(text: str, where: Position, first_line: int = 1) -> tuple[dict[str, Field] | None, list[ContentError]]:
    """A YAML mapping's fields with their lines; `first_line` is the file line of the text's first line."""
    offset = first_line - 1
    fast, node = _compose_fast(text)
    try:
        if not fast:  # an error, or a text whose lines libyaml counts differently: read again for exact lines
            node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + offset
        return None, [
            ContentError(where.at(line), f"a control character YAML does not allow ({_codepoint(exc.character)}); remove it")
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = _line(mark) + offset if mark else where.line
        said = _in_words(exc, text.split("\n")[_line(mark) - 1] if mark else "", mark.column if mark else 0)
        if said is not None:
            return None, [ContentError(where.at(line), said)]
        problem = exc.problem or exc.context or "malformed YAML"
        if exc.problem and exc.context and exc.context_mark and exc.context_mark.index != getattr(mark, "index", None):
            problem = f"{problem} ({exc.context} on line {_line(exc.context_mark) + offset})"
        return None, [ContentError(where.at(line), f"malformed YAML: {problem}")]
    if node is None:
        return {}, []
    if not isinstance(node, yaml.MappingNode):
        return None, [ContentError(where.at(_line(node.start_mark) + offset), "expected a mapping of 'key: value' lines")]
    errors = _duplicate_keys(node, where, offset)
    loader = _Loader("")
    fields: dict[str, Field] = {}
    unread = False  # a value YAML could not build: the mapping is not read, so no field is reported missing after it
    for key_node, value_node in node.value:
        line = _line(key_node.start_mark) + offset
        try:
            key = loader.construct_object(key_node, deep=True)
            value = loader.construct_object(value_node, deep=True)
        except yaml.MarkedYAMLError as exc:
            unread = True
            mark = exc.problem_mark or exc.context_mark
            at = _line(mark) + offset if mark else line
            if "tag" in (exc.problem or ""):
                said = (
                    f"YAML reads a value beginning with '!' as a tag ({(exc.problem or '').split('tag ', 1)[-1]}): put"
                    " the whole value in double quotes"
                )
            else:
                said = f"malformed YAML: {exc.problem or exc.context}"
            errors.append(ContentError(where.at(at), said))
            continue
        except yaml.YAMLError as exc:
            unread = True
            errors.append(ContentError(where.at(line), f"malformed YAML: {str(exc).splitlines()[0]}"))
            continue
        except ValueError:  # a number of thousands of digits: Python refuses to read it
            errors.append(ContentError(where.at(line), "a value too large to read (a number of thousands of digits?)"))
            continue
        if not isinstance(key, str):
            errors.append(ContentError(where.at(line), f"a key must be text, not {shown(key)}"))
            continue
        if key not in fields:
            fields[key] = Field(value, line)
    return (None if unread else fields), errors


# key: value (the value's trailing spaces are stripped in code: a lazy value before \s*$ is quadratic in them)
FIELD_LINE = re.compile(r"^\s*(?:-\s+)?(?P<key>[^\s#'\"{\[][^:]*?):[ \t]+(?P<value>.*)$")
COMMENT = re.compile(r"\s#")  # where YAML begins a comment in a plain value
EXAMPLE_LENGTH = 60  # a value longer than this is cut in the example of a message


def _in_words(exc: yaml.MarkedYAMLError, line: str, column: int) -> str | None:
    """The commonest YAML mistakes of a publisher, said in a publisher's words with the fix; None for the others.

    `line` is the text of the line where YAML stopped, `column` where on it."""
    problem = exc.problem or ""
    field = FIELD_LINE.match(line)
    if problem.startswith("found character '\\t'"):
        return "a tab: YAML is indented with spaces, never tabs; replace the tab with spaces"
    if problem == "mapping values are not allowed here":
        if field is not None and field.end("key") < column:  # a ': ' inside a value written after its key
            key, value = field["key"], COMMENT.split(field["value"], maxsplit=1)[0].strip()
            shown = value if len(value) <= EXAMPLE_LENGTH else value[:EXAMPLE_LENGTH].rstrip() + "…"
            quoted = '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"'
            return (
                f"the value of '{key}' holds ': ', which YAML takes for the start of another field: put the whole value"
                f" in double quotes, like {key}: {quoted}"
            )
        if line[:1].isspace():
            return (
                "this line is indented, so YAML reads it as the rest of the value above, and it holds ': ': begin each"
                " field at the start of its line, and put a value that holds ': ' in double quotes"
            )
    if problem.startswith("expected <block end>, but found") and field is not None and field["value"].lstrip()[:1] == "'":
        return (
            f"the value of '{field['key']}' is in single quotes and holds another one (an apostrophe?), where YAML ends"
            " it: write the apostrophe twice ('') or put the value in double quotes"
        )
    return None


def _compose_fast(text: str) -> tuple[bool, yaml.Node | None]:
    """(True, the YAML's node tree) by libyaml, or (False, None) when the careful loader must read it."""
    if _FastLoader is _Loader or any(mark in text for mark in ODD_BREAKS):
        return False, None
    try:
        return True, yaml.compose(text, Loader=_FastLoader)
    except (yaml.YAMLError, ValueError):
        return False, None


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 80, 80


def shown(value: object) -> str:
    """A value in a message, bounded whatever it is (a YAML alias bomb prints in a line)."""
    return _REPR.repr(value)


def _line(mark: yaml.Mark) -> int:
    """A mark's line counted in newlines, as editors count them (YAML also breaks lines at NEL, U+2028 and U+2029)."""
    buffer = getattr(mark, "buffer", None)
    return buffer.count("\n", 0, mark.index) + 1 if isinstance(buffer, str) else mark.line + 1


def _codepoint(character: int | str) -> str:
    return f"U+{character if isinstance(character, int) else ord(character):04X}"


def _duplicate_keys(node: yaml.Node, where: Position, offset: int, seen_nodes: set[int] | None = None) -> list[ContentError]:
    """Every key given twice in one mapping, at any depth (PyYAML silently keeps the last); each node once."""
    seen_nodes = set() if seen_nodes is None else seen_nodes
    if id(node) in seen_nodes:
        return []
    seen_nodes.add(id(node))
    errors: list[ContentError] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = _line(key_node.start_mark) + offset
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    errors.append(
                        ContentError(
                            where.at(line),
                            f"duplicate key '{key_node.value}' (first given on line {seen[key_node.value]})",
                        )
                    )
                else:
                    seen[key_node.value] = line
            errors += _duplicate_keys(value_node, where, offset, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            errors += _duplicate_keys(item, where, offset, seen_nodes)
    return errors


def parse_document(text: str, where: Position) -> tuple[Document | None, list[ContentError]]:
    """Split `---` front matter from the Markdown body and parse it."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != MARKER:
        return None, [ContentError(where.at(1), "the file must begin with front matter: a '---' line, YAML, then '---'")]
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == MARKER), None)
    if closing is None:
        return None, [ContentError(where.at(1), "the front matter has no closing '---' line")]
    fields, errors = parse_yaml("\n".join(lines[1:closing]), where, first_line=2)
    if fields is None:
        return None, errors
    body = "\n".join(lines[closing + 1 :])
    return Document(where.at(1), fields, body, closing + 2), errors
