"""Many JATS files imported at once, and the files written under the site folder: whole, never over another's."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..errors import ContentError, Position, warning
from ..write import NewFilesFailed, write_all
from .article import import_article
from .content import issue_file
from .journal import SITE_FILE, Journal, site_file


def read_sources(paths: Iterable[Path]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The JATS files to import, (name, bytes) each, and a line for each that cannot be read."""
    sources, unreadable = [], []
    for path in paths:
        try:
            sources.append((str(path), path.read_bytes()))
        except OSError as exc:
            unreadable.append(f"{path}: cannot read: {exc.strerror}")
    return sources, unreadable


def import_files(sources: Iterable[tuple[str, bytes]]) -> tuple[dict[str, str], list[ContentError], list[ContentError]]:
    """Many JATS files: every file to write, warnings, and every error (two articles with the same key included)."""
    files: dict[str, str] = {}
    origin: dict[str, str] = {}
    issues: dict[str, tuple[dict, str]] = {}
    warnings: list[ContentError] = []
    errors: list[ContentError] = []
    journals: list[tuple[str, Journal | None]] = []
    for name, data in sources:
        result = import_article(data, name)
        warnings += result.warnings
        errors += result.errors
        journals.append((name, result.journal))
        for rel, text in result.files.items():
            if rel in files:
                errors.append(
                    ContentError(
                        Position(PurePosixPath(name)), f"{rel} would also come from {origin[rel]}: two articles with one key"
                    )
                )
            files[rel], origin[rel] = text, name
        if result.issue:
            ident, fields = result.issue
            if ident in issues:
                kept, first = issues[ident]
                titles = {**fields.get("title", {}), **kept.get("title", {})}
                clash = [k for k in ("volume", "number", "date") if k in kept and k in fields and kept[k] != fields[k]]
                clash += [lang for lang in fields.get("title", {}) if titles[lang] != fields["title"][lang]]
                if clash:
                    where = Position(PurePosixPath(name))
                    warnings.append(warning(where, f"issue {ident}: {', '.join(clash)} differ from {first}'s, which are kept"))
                if titles:
                    kept["title"] = titles
            else:
                issues[ident] = (dict(fields), name)
    for ident, (fields, _) in issues.items():
        files[f"content/issues/{ident}.yaml"] = issue_file(fields)
    if files and not errors:
        text, problems = site_file(_languages(files), journals)
        files[SITE_FILE] = text
        warnings += problems
    return files, warnings, errors


def _languages(files: dict[str, str]) -> list[str]:
    """The languages of the article versions imported: the most versions first, then as met."""
    met = [rel.rsplit(".", 2)[1] for rel in files if rel.startswith("content/articles/")]
    return sorted(dict.fromkeys(met), key=lambda lang: -met.count(lang))


def _there(path: Path) -> bool:
    """Something is at `path`: a file, or a symbolic link, even one leading nowhere (exists() follows links)."""
    return path.is_symlink() or path.exists()


def _differs(path: Path, text: str) -> bool:
    """The file at `path` is not `text` (one that cannot be read, or not as UTF-8, counts as different)."""
    try:
        return path.read_bytes() != text.encode("utf-8")
    except OSError:
        return True


def _in_the_way(into: Path, path: Path) -> tuple[Path, str] | None:
    """A folder on the way to `path` that is not one: a file, or under `into` a symbolic link (never followed out)."""
    for folder in reversed(into.parents):  # above `into`: its own, not followed
        if folder.exists() and not folder.is_dir():
            return folder, "is a file where a folder must be: nothing written"
    parts = path.parent.relative_to(into).parts
    for depth in range(len(parts) + 1):
        folder = into.joinpath(*parts[:depth])
        if depth and folder.is_symlink():
            return folder, "is a symbolic link where a folder must be: not followed, nothing written"
        if folder.exists() and not folder.is_dir():
            return folder, "is a file where a folder must be: nothing written"
    return None


def written(files: dict[str, str], into: Path) -> list[str]:
    """The files `write` writes under `into`: all, but site.yaml where the folder has one already, or a link by that
    name, live or dangling (the publisher's, never replaced by an import, not even with --force)."""
    return [rel for rel in files if not (rel == SITE_FILE and _there(into / rel))]


def write(files: dict[str, str], into: Path, *, force: bool = False) -> list[ContentError]:
    """Write the files under `into`, each whole or not at all; an existing different file is an error (nothing
    written) unless `force`, a symbolic link always (never the import's to replace); an existing site.yaml is left as
    it is (see `written`), a file that holds the text already is not written again. A file that comes meanwhile where
    there was none is never replaced either: site.yaml, or any file without `force`. A file or a symbolic link where
    a folder must be is an error at its path (a link is not followed out of `into`). All or none: a failure (a file
    come meanwhile, a full disk) is an error at its path, and what was written is undone, what was replaced put back."""
    chosen = written(files, into)
    errors: list[ContentError] = []
    blocked: set[Path] = set()  # the folders in the way, each said once
    new = set()  # the files that were not there when checked
    same = set()  # the files that hold the text already: not written again
    for rel in chosen:
        path = into / rel
        where = Position(PurePosixPath(str(path)))
        try:
            in_the_way = _in_the_way(into, path)
            if in_the_way is not None:
                if in_the_way[0] not in blocked:
                    blocked.add(in_the_way[0])
                    errors.append(ContentError(Position(PurePosixPath(str(in_the_way[0]))), in_the_way[1]))
            elif path.is_symlink():
                errors.append(ContentError(where, "is a symbolic link: not replaced, even with --force"))
            elif path.exists() and not path.is_file():
                errors.append(ContentError(where, "exists already and is not a file: not replaced"))
            elif not _there(path):
                new.add(rel)
            elif not _differs(path, files[rel]):
                same.add(rel)
            elif not force:
                errors.append(ContentError(where, "exists already: not overwritten (use --force)"))
        except OSError as exc:  # a name the file system refuses (too long), a folder that cannot be read
            errors.append(ContentError(where, f"cannot be written: {exc.strerror or exc}"))
    if errors:
        return errors
    changed = {rel: files[rel].encode("utf-8") for rel in chosen if rel not in same}
    try:  # all or none: a failure puts back what was there
        write_all(into, changed, new={rel for rel in changed if rel == SITE_FILE or (rel in new and not force)})
    except NewFilesFailed as failed:
        where = Position(PurePosixPath(str(failed.path)))
        kept = [
            ContentError(
                Position(PurePosixPath(str(path))), f"not put back ({cause.strerror}): what was there is in {aside.name}"
            )
            for path, aside, cause in failed.unrestored
        ]
        if isinstance(failed.cause, FileExistsError):
            return [ContentError(where, "appeared while the import was writing: not replaced"), *kept]
        return [ContentError(where, f"cannot be written: {failed.cause.strerror or failed.cause}"), *kept]
    return []
