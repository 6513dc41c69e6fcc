"""The theme as the build reads it, the site's files over the defaults: its templates' folders, static files,
gettext catalogs and typography rules. The read side: nothing after loading reads these files."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .errors import ContentError, Position
from .hashing import digest

if TYPE_CHECKING:  # the readers of catalogs and rules import Babel and PyYAML where they read: the stamp and the
    import yaml  # cache need this module's folders and digests only, before anything is read or rendered
    from babel.support import NullTranslations

    from .typography import Typography

_INSTALLED = Path(__file__).resolve().parent / "_theme"  # where a wheel carries them (pyproject.toml maps them)
# The default theme: templates/ and locales/, inside an installed package, or beside the package in the repository.
DEFAULTS = _INSTALLED if (_INSTALLED / "templates").is_dir() else Path(__file__).resolve().parent.parent
DOMAIN = "messages"
STATIC = "static"


def catalog_paths(site_dir: Path, lang: str) -> list[Path]:
    """The .po files for a language, defaults first, the site's own last (it wins)."""
    candidates = [DEFAULTS / "locales", site_dir / "locales"]
    paths = [folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po" for folder in dict.fromkeys(c.resolve() for c in candidates)]
    return [p for p in paths if p.is_file()]


def load_translations(site_dir: Path, lang: str) -> tuple[NullTranslations, list[ContentError]]:
    """The merged catalog of a language, compiled in memory from the .po files (no .mo needed)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    merged: Translations | None = None
    errors: list[ContentError] = []
    for path in catalog_paths(site_dir, lang):
        try:
            with path.open("rb") as fp:
                catalog = read_po(fp, locale=lang, domain=DOMAIN, abort_invalid=True)
        except Exception as exc:  # babel raises PoFileError, or ValueError on a bad header
            lineno = getattr(exc, "lineno", None)  # babel counts lines from 0
            where = Position(PurePosixPath(_shown(path, site_dir)), lineno + 1 if isinstance(lineno, int) else None)
            problem = re.sub(r" on \d+$", "", str(exc))  # the line is in the position, counted from 1
            errors.append(ContentError(where, f"cannot read this catalog: {problem}"))
            continue
        shown = PurePosixPath(_shown(path, site_dir))
        for message, problems in catalog.check():  # placeholders that differ from the message's, and the like
            errors += [
                ContentError(Position(shown, message.lineno), f"{problem} (in the translation of {message.id!r})")
                for problem in problems
            ]
        buffer = BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        translations = Translations(fp=buffer, domain=DOMAIN)
        merged = translations if merged is None else merged.merge(translations)
    return (merged if merged is not None else NullTranslations()), errors


def _shown(path: Path, site_dir: Path) -> str:
    try:
        return path.relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def template_dirs(site_dir: Path) -> list[Path]:
    """The site's templates/ first, then the defaults: the first file found wins."""
    dirs = [site_dir / "templates", DEFAULTS / "templates"]
    return [d for d in dict.fromkeys(p.resolve() for p in dirs) if d.is_dir()]


def static_files(site_dir: Path) -> tuple[str, list[tuple[PurePosixPath, bytes]]]:
    """The theme's static files (the site's over the defaults), and the stylesheet's published name.

    The stylesheet is named by a hash of its content, so browsers may cache it for ever.
    """
    found: dict[PurePosixPath, Path] = {}
    for folder in reversed(template_dirs(site_dir)):  # defaults first, the site's own win
        for path in sorted((folder / STATIC).rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                found[PurePosixPath(path.relative_to(folder).as_posix())] = path
    files, css_name = [], ""
    for rel, path in sorted(found.items()):
        data = path.read_bytes()
        if rel == PurePosixPath(STATIC, "style.css"):
            rel = rel.with_name(f"style.{hashlib.sha256(data).hexdigest()[:10]}.css")
            css_name = rel.as_posix()
        files.append((rel, data))
    return css_name, files


def typography_path(site_dir: Path, lang: str) -> Path | None:
    """A language's typography rules: the site's own file, else the default one, else none."""
    for folder in (site_dir / "locales", DEFAULTS / "locales"):
        path = folder / lang / "typography.yaml"
        if path.is_file():
            return path
    return None


def load_typography(site_dir: Path, lang: str) -> tuple[Typography | None, list[ContentError]]:
    """A language's typography rules, compiled; None when it has none. Every mistake with its line."""
    import yaml

    from .typography import check_replace, compile_rules

    path = typography_path(site_dir, lang)
    if path is None:
        return None, []
    where = Position(PurePosixPath(_shown(path, site_dir)))
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [ContentError(where.at(mark.line + 1 if mark else 1), f"cannot read these typography rules: {exc}")]
    rules = _mapping(root).get("rules") if root is not None else None
    if not isinstance(rules, yaml.SequenceNode):
        return None, [ContentError(where, "typography rules are a list under `rules:`, each {name, find, replace}")]
    triples, errors = [], []
    for node in rules.value:
        fields = {k: v.value for k, v in _mapping(node).items() if isinstance(v, yaml.ScalarNode)}
        line = where.at(node.start_mark.line + 1)
        if not {"find", "replace"} <= fields.keys():
            errors.append(ContentError(line, "a typography rule needs `find` and `replace`"))
            continue
        try:
            one = compile_rules(lang, [(fields.get("name", ""), fields["find"], fields["replace"])])
        except re.error as exc:
            errors.append(ContentError(line, f"this rule's `find` is not a regular expression: {exc}"))
            continue
        try:
            check_replace(one.rules[0].find, fields["replace"])
        except re.error as exc:
            errors.append(ContentError(line, f"this rule's `replace` does not fit its `find`: {exc}"))
            continue
        triples.append((fields.get("name", ""), fields["find"], fields["replace"]))
    return (compile_rules(lang, triples) if not errors else None), errors


def _mapping(node: yaml.Node) -> dict[str, yaml.Node]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def tree_digest(folders: Iterable[Path], pattern: str = "*") -> str:
    """The hash of every file under the folders (their paths and bytes), in a stable order."""
    parts: list[bytes | str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def settings_digest(site_dir: Path) -> str:
    """site.yaml's bytes and every catalog (the site's and the defaults'), as one hash: part of each page's cache key."""
    return digest((site_dir / "site.yaml").read_bytes(), tree_digest([site_dir / "locales", DEFAULTS / "locales"]))
