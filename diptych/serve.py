"""`python build.py serve`: build, serve the output on 127.0.0.1, rebuild on every change and reload the open pages.

The watching and rebuilding live here; the HTTP side (reload script, event stream, error panel) in preview.py.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from watchfiles import Change, watch

from .edition import Edition
from .errors import BuildFailed
from .pipeline import build, prepared_site
from .preview import HOST, Preview, PreviewServer
from .report import Report
from .summary import summary
from .write import output_folder

if TYPE_CHECKING:
    from .first import Shown
    from .prepare import Prepared

WATCHED = ("site.yaml", "content", "templates", "locales")  # what a build reads from the site folder
STEP_MS = 50  # a change is taken once the files have been quiet this long...
DEBOUNCE_MS = 100  # ...or this long after the first change, whichever comes first
TICK_MS = 100  # how often an idle watcher wakes: its first wake says it is watching
EDITOR_TEMP = re.compile(r"(~|\.sw[a-p]x?|\.tmp|___jb_(tmp|old)___)$|^(#.*#|4913)$")  # vim, emacs, JetBrains
SED_TEMP = re.compile(r"^sed[A-Za-z0-9]{6}$")  # sed -i's file beside the one it edits, renamed onto it: a file name only


def port_number(text: str) -> int:
    """--port: 0 to 65535 (0: any free port)."""
    port = int(text)
    if not 0 <= port <= 65535:
        raise ValueError(text)
    return port


def serve_command(
    site: Path,
    out: Path | None,
    *,
    edition: Edition | str = Edition.PUBLIC,
    port: int = 8000,
    cache: bool = True,
    jobs: int | None = None,
    quiet: bool = False,
) -> int:
    """`serve`: build `site` into `out` (None: the edition's default folder), serve it on 127.0.0.1:`port` (0: any
    free port), rebuild on each change, until Ctrl-C. `cache`, `jobs`: as for build(); `quiet`: no summary lines."""
    edition = Edition(edition)  # a name ("full") from a caller outside the package
    out = output_folder(site, edition, out)
    preview = Preview(out)
    try:
        server = PreviewServer(port, preview)
    except OSError as exc:
        print(f"serve: cannot listen on {HOST}:{port}: {exc.strerror} (--port 0 takes any free port)", file=sys.stderr)
        return 1
    stop, changes = threading.Event(), Changes()
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="diptych-serve", daemon=True)
    watchers: list[threading.Thread] = []
    held = Held()
    try:
        watchers = start_watchers(site, out, changes, stop)  # before the first build: an edit during it is not lost
        options = {"edition": edition, "cache": cache, "jobs": jobs}
        rebuild(site, out, options, preview, held, quiet=quiet)
        serving.start()
        print(f"serving {site.resolve()} at http://{HOST}:{server.server_port}/ (Ctrl-C to stop)", flush=True)
        while True:
            reap()
            changed = changes.take(timeout=0.5)
            if changed:
                names = [Path(path).relative_to(site.resolve()).as_posix() for path in changed]
                why = f" ({', '.join(names[:3])}{', …' if len(names) > 3 else ''})"
                shown = show_first(held, changed, preview, why, quiet=quiet)
                rebuild(site, out, options, preview, held, shown, why=why, quiet=quiet)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        preview.stop()
        if serving.is_alive():
            server.shutdown()
        server.server_close()
        for watcher in watchers:
            watcher.join(timeout=2)
    print("stopped", file=sys.stderr, flush=True)
    return 0


class Held:
    """The prepared site of serve's last good build, which an edit's pages are rendered from (first.py)."""

    def __init__(self) -> None:
        self.prepared: Prepared | None = None
        self._fresh = False  # kept, and not yet warmed and frozen

    def keep(self, prepared: Prepared) -> None:
        """Hold this prepared site (build(hold=) gives it), in place of the earlier one."""
        self.prepared, self._fresh = prepared, True

    def drop(self) -> None:
        self.prepared, self._fresh = None, False

    def settle(self) -> None:
        """Once the build is announced: warm the held site's renderer (first.warm) and freeze its objects out of the
        garbage collector's reach (gc.freeze), the earlier site's unfrozen and collected first, so a long serve keeps
        one site, not one per build. Left in reach, each collection while an edit's pages render walks the whole
        site again: a third of the time to show an edit at 1,000 articles. (A build that forks workers freezes and
        unfreezes everything itself, parallel.fork_map: that is why each build's site is settled after it.)"""
        if not self._fresh or self.prepared is None:
            return
        from .first import warm

        gc.unfreeze()
        gc.collect()
        warm(self.prepared)
        gc.freeze()
        self._fresh = False


def show_first(held: Held, changed: list[str], preview: Preview, why: str, *, quiet: bool = False) -> Shown | None:
    """The pages an edit of article files shows, rendered and served before the whole build (None: nothing to show
    first, the whole build alone answers the change)."""
    if held.prepared is None:
        return None
    from .first import edited_pages

    try:
        shown = edited_pages(held.prepared, [Path(path) for path in changed])
    except Exception:  # edit-first is an advance on the build, never its judge: the build says what is wrong
        traceback.print_exc()
        return None
    if shown is None:
        return None
    preview.show(shown.files, differing(preview.out, shown.files))
    if not quiet:
        count = len(shown.pages)
        print(f"shown first: {count} page{'s' if count != 1 else ''} in {shown.seconds:.2f} s{why}", flush=True)
    return shown


def rebuild(
    site: Path,
    out: Path,
    options: dict,
    preview: Preview,
    held: Held,
    shown: Shown | None = None,
    *,
    why: str = "",
    quiet: bool = False,
) -> None:
    """One build (incremental inside build()): its errors on stderr and in the preview, or (unless `quiet`) a summary
    line. `options`: build()'s edition, cache and jobs, from the command line; `held`: keeps the prepared site of a
    build that succeeded (serve's first build prepares it even when nothing changed); `shown`: the edit's pages served
    first, if any, so that only the pages the build changed beyond them reload."""
    before = held.prepared
    try:
        report = build(site, out, **options, hold=held.keep)
        if held.prepared is None:  # nothing changed, so nothing was prepared: prepare it once, for the next edit
            held.keep(prepared_site(site, **options))
    except BuildFailed as failed:
        errors = [str(error) for error in failed.errors]
    except Exception as exc:  # a bug or a full disk: say so, and keep serving the last good site
        traceback.print_exc()
        errors = [f"diptych could not build the site: {type(exc).__name__}: {exc}"]
    else:
        assert held.prepared is not None
        preview.finished(
            (), None if shown is None or before is None else changed_pages(report, before, held.prepared, shown, out)
        )
        for warning in report.warnings:
            print(warning, file=sys.stderr)
        if not quiet:
            print(summary(report, out, again=bool(why)) + why, flush=True)
        held.settle()
        return
    held.drop()  # the next good build prepares it again
    for line in errors:
        print(line, file=sys.stderr)
    kept = "serving the last good site" if out.is_dir() else "nothing to serve until it builds"
    print(f"build failed: {len(errors)} error(s); {kept}", file=sys.stderr, flush=True)
    preview.finished(errors)


def changed_pages(report: Report, before: Prepared, after: Prepared, shown: Shown, out: Path) -> set[str]:
    """The pages a build changed (output-relative paths) after an edit's pages were shown first from `before`: those
    it rendered besides them, those it no longer has (a slug changed: an open copy reloads to the 404), and those of
    them whose built bytes differ from the ones shown (an edit undone, a later save)."""
    rendered = set(report.rendered)
    paths = {str(page.path) for page in after.pages}
    changed = {str(page.path) for page in after.pages if page.href in rendered} - set(shown.files)
    changed |= {str(page.path) for page in before.pages} - paths
    return changed | differing(out, shown.files)


def differing(out: Path, files: Mapping[str, bytes]) -> set[str]:
    """Those of `files` (output-relative path -> bytes) that the output folder does not hold as they are."""
    changed = set()
    for rel, data in files.items():
        try:
            same = (out / rel).read_bytes() == data
        except OSError:  # not there (a new page), or not a file
            same = False
        if not same:
            changed.add(rel)
    return changed


def reap() -> None:
    """Collect the children that have ended. Each build with a cache hands the previous output to a remover process
    (write.remove_later) that outlives the build and that nothing waits for: in a serve that runs for hours, each
    would stay defunct. Called between builds, from the thread that runs them, so no other wait is pending (the
    build's workers and Pagefind are waited for inside it)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # no child left
            return
        if pid == 0:  # children, all still running
            return


def relevant(site: Path, out: Path) -> Callable[[Change, str], bool]:
    """Changes that can change the site: in site.yaml, content/, templates/ or locales/, but not in the output,
    the cache, a hidden file or an editor's temporary file (sed -i's too: its rename onto the file is the change)."""
    site, out = site.resolve(), out.resolve()

    def keep(change: Change, name: str) -> bool:
        path = Path(name)
        if path == out or out in path.parents:
            return False
        try:
            parts = path.relative_to(site).parts
        except ValueError:
            return False
        if not parts or parts[0] not in WATCHED or (parts[0] == "site.yaml" and len(parts) > 1):
            return False
        if SED_TEMP.match(parts[-1]):
            return False
        return not any(part.startswith(".") or EDITOR_TEMP.search(part) for part in parts)

    return keep


class Changes:
    """Changed files, gathered by the watchers until the builder takes them."""

    def __init__(self) -> None:
        self._paths: set[str] = set()
        self._lock = threading.Lock()
        self._pending = threading.Event()

    def add(self, paths: Iterable[str]) -> None:
        with self._lock:
            self._paths.update(paths)
            self._pending.set()

    def take(self, timeout: float) -> list[str]:
        """The files changed since the last call, waiting up to `timeout` seconds for one."""
        if not self._pending.wait(timeout):
            return []
        with self._lock:
            paths, self._paths = sorted(self._paths), set()
            self._pending.clear()
        return paths


class _Either:
    """Set when any of its events is: one stop_event for watchfiles."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


def start_watchers(site: Path, out: Path, changes: Changes, stop: threading.Event) -> list[threading.Thread]:
    """Watch the site folder's top level (site.yaml, and folders that come or go) and, recursively, content/,
    templates/ and locales/, until `stop`; returns once both watch, or after 5 s.

    Two watchers, because the top level is watched alone: the output folder and the cache, often inside the site
    folder, are rewritten by every build, and a file watched by itself is lost when an editor saves by renaming."""
    keep, root = relevant(site, out), site.resolve()
    restart, ready_top, ready_tree = threading.Event(), threading.Event(), threading.Event()

    def folders() -> list[Path]:
        return [root / name for name in WATCHED[1:] if (root / name).is_dir()]

    def top() -> None:
        watching = folders()
        for found in _watch([root], keep, _Either(stop), ready_top, recursive=False):
            changes.add(path for _, path in found)
            if folders() != watching:
                watching = folders()
                restart.set()

    def tree() -> None:
        while not stop.is_set():
            restart.clear()
            watching = folders()
            if not watching:  # the top-level watcher says when one appears
                ready_tree.set()
                restart.wait(0.5)
                continue
            try:
                for found in _watch(watching, keep, _Either(stop, restart), ready_tree, recursive=True):
                    changes.add(path for _, path in found)
            except FileNotFoundError:  # a folder gone between listing and watching: list again
                restart.wait(0.5)

    threads = [threading.Thread(target=top, name="diptych-watch-site"), threading.Thread(target=tree, name="diptych-watch")]
    for thread in threads:
        thread.daemon = True
        thread.start()
    for ready in (ready_top, ready_tree):
        ready.wait(5)
    return threads


def _watch(
    paths: list[Path], keep: Callable[[Change, str], bool], stop: _Either, ready: threading.Event, *, recursive: bool
) -> Iterator[set[tuple[Change, str]]]:
    """watchfiles' changes until `stop`; `ready` is set at its first (empty) tick."""
    for found in watch(
        *paths,
        watch_filter=keep,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        rust_timeout=TICK_MS,
        yield_on_timeout=True,
        raise_interrupt=False,
        recursive=recursive,
    ):
        ready.set()
        if found:
            yield found
