"""`python build.py serve`: build, serve the output on 127.0.0.1, rebuild on every change and reload the open pages.

The output folder is served as a static host serves it; only the responses change: each HTML page gets a reload
script (and, while the last build failed, a panel listing its errors), never the files written.
"""

from __future__ import annotations

import argparse
import html
import inspect
import mimetypes
import re
import secrets
import socketserver
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from watchfiles import Change, watch

from . import build
from .errors import BuildFailed

HOST = "127.0.0.1"  # a preview for the editor at this machine, never for the network
WATCHED = ("site.yaml", "content", "templates", "locales")  # what a build reads from the site folder
STEP_MS = 50  # a change is taken once the files have been quiet this long...
DEBOUNCE_MS = 100  # ...or this long after the first change, whichever comes first
TICK_MS = 100  # how often an idle watcher wakes: its first wake says it is watching
PING_SECONDS = 15  # a comment on an idle event stream, so that proxies keep it open
PREFIX = "/__diptych/"  # the server's own URLs, beside the site's
EDITOR_TEMP = re.compile(r"(~|\.sw[a-p]x?|\.tmp|___jb_(tmp|old)___)$|^(#.*#|4913)$")  # vim, emacs, JetBrains
BODY_OPEN = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
BODY_CLOSE = re.compile(rb"</body\s*>", re.IGNORECASE)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".pagefind": "application/octet-stream",
    ".txt": "text/plain; charset=utf-8",
    ".ris": "application/x-research-info-systems",
    ".bib": "application/x-bibtex",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff2": "font/woff2",
}

RELOAD_JS = b"""\
// Served by `python build.py serve` only, never written into the site: reload this page after each rebuild.
(() => {
  const script = document.currentScript;
  const query = new URLSearchParams({ run: script.dataset.run, since: script.dataset.generation });
  const events = new EventSource(`/__diptych/events?${query}`);
  events.addEventListener("rebuilt", () => {
    events.close();
    location.reload();
  });
})();
"""

PANEL_CSS = b"""\
/* The build-failed panel of `python build.py serve`, above the page's own styles. */
.diptych-failed {
  all: revert;
  display: block;
  position: relative;
  z-index: 2147483647;
  margin: 0;
  padding: 1rem max(1rem, env(safe-area-inset-left));
  background: #fff0f0;
  color: #5c0011;
  border-bottom: 0.25rem solid #b00020;
  font: 1rem/1.5 system-ui, sans-serif;
  text-align: start;
}
.diptych-failed h2 { all: revert; margin: 0 0 0.5rem; font: bold 1.25rem/1.3 system-ui, sans-serif; color: inherit; }
.diptych-failed p { all: revert; margin: 0 0 0.5rem; }
.diptych-failed pre {
  all: revert;
  margin: 0;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  font: 0.9rem/1.5 ui-monospace, monospace;
  color: inherit;
}
"""

NO_SITE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>No site yet · diptych serve</title>
</head>
<body>
<main><p>No site has been built into {out} yet.</p></main>
</body>
</html>
"""


class Preview:
    """What the server shows: the output folder, the last build's errors, and a generation bumped after every build."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.run = secrets.token_hex(4)  # a page from an earlier run of serve reloads at once
        self.generation = 0
        self.errors: tuple[str, ...] = ()
        self.stopping = False
        self._changed = threading.Condition()

    def finished(self, errors: Iterable[str]) -> None:
        """A build has ended, with these errors (none: it succeeded); wake every event stream."""
        with self._changed:
            self.errors = tuple(errors)
            self.generation += 1
            self._changed.notify_all()

    def state(self) -> tuple[int, tuple[str, ...]]:
        with self._changed:
            return self.generation, self.errors

    def wait(self, since: int, timeout: float) -> int:
        """The generation, once it is past `since`, or after `timeout` seconds, or at once when stopping."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation > since or self.stopping, timeout)
            return self.generation

    def stop(self) -> None:
        with self._changed:
            self.stopping = True
            self._changed.notify_all()


class PreviewServer(ThreadingHTTPServer):
    """One thread per request; event streams end when the preview stops."""

    daemon_threads = True

    def __init__(self, port: int, preview: Preview) -> None:
        self.preview = preview
        super().__init__((HOST, port), PreviewHandler)

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # HTTPServer's would look up the host name: slow on a closed network
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that went away is no error
            super().handle_error(request, client_address)


class PreviewHandler(BaseHTTPRequestHandler):
    """The output folder as a static host serves it, plus the reload script, its event stream and the error panel."""

    server: PreviewServer
    server_version = "diptych-serve"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for builds and their errors."""

    def _answer(self, body: bool) -> None:
        preview = self.server.preview
        url = urlsplit(self.path)
        if url.path == PREFIX + "events" and body:
            return self._events(preview, parse_qs(url.query))
        if url.path == PREFIX + "reload.js":
            return self._send(HTTPStatus.OK, TYPES[".js"], RELOAD_JS, body)
        if url.path == PREFIX + "serve.css":
            return self._send(HTTPStatus.OK, TYPES[".css"], PANEL_CSS, body)
        generation, errors = preview.state()  # before reading the file: a rebuild in between reloads the page once more
        segments = url_segments(url.path)
        if segments is None:
            return self._send(HTTPStatus.BAD_REQUEST, TYPES[".txt"], b"refused: outside the site\n", body)
        root = preview.out.resolve()
        if not root.is_dir():
            page = NO_SITE.format(out=html.escape(str(preview.out))).encode()
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, TYPES[".html"], page, body, (preview.run, generation, errors))
        found = locate(root, segments, url.path.endswith("/"))
        if found == "folder":
            location = "/" + "".join(quote(segment) + "/" for segment in segments) + (f"?{url.query}" if url.query else "")
            return self._send(HTTPStatus.MOVED_PERMANENTLY, TYPES[".txt"], b"", body, headers={"Location": location})
        status, path = (HTTPStatus.OK, found) if isinstance(found, Path) else (HTTPStatus.NOT_FOUND, root / "404.html")
        try:
            data, kind = path.read_bytes(), content_type(path.name)
        except OSError:  # no 404.html, or a file gone in a rebuild's swap
            data, kind = b"<!DOCTYPE html>\n<title>Not found</title>\n<h1>Not found</h1>\n", TYPES[".html"]
        self._send(status, kind, data, body, (preview.run, generation, errors))

    def _send(
        self,
        status: HTTPStatus,
        kind: str,
        data: bytes,
        body: bool,
        page: tuple[str, int, tuple[str, ...]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        if page is not None and kind.startswith("text/html"):
            data = served_page(data, *page)
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")  # a reload must show the page just built
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.wfile.write(data)
        except ConnectionError:
            self.close_connection = True

    def _events(self, preview: Preview, query: dict[str, list[str]]) -> None:
        """Server-sent events: `rebuilt` after each build, a ping comment while idle, until the browser leaves."""
        run, given = query.get("run", [preview.run])[0], query.get("since", [""])[0]
        since = preview.state()[0]
        if run != preview.run:
            since = -1  # the page was served by an earlier run of serve: reload it now
        elif given.isascii() and given.isdigit():
            since = int(given)  # a build that ended while the page loaded reloads it
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(b"retry: 1000\n\n")  # reconnect within a second when serve restarts
            while not preview.stopping:
                generation = preview.wait(since, PING_SECONDS)
                if preview.stopping:
                    break
                if generation > since:
                    self.wfile.write(f"event: rebuilt\ndata: {generation}\n\n".encode())
                    since = generation
                else:
                    self.wfile.write(b": ping\n\n")
        except ConnectionError:
            pass
        self.close_connection = True


def url_segments(path: str) -> list[str] | None:
    """The decoded segments of a URL path; None for a path that would leave the folder (`..`, `%2e%2e`, `%2f`)."""
    if not path.startswith("/"):
        return None
    segments = [unquote(segment, errors="replace") for segment in path.split("/") if segment]
    if any(segment in (".", "..") or any(c in segment for c in "/\\\0") for segment in segments):
        return None
    return segments


def locate(root: Path, segments: list[str], trailing_slash: bool) -> Path | str | None:
    """The file a static host answers with: a folder's index.html; "folder" for a folder named without its
    trailing slash; None for nothing, a folder without index.html, or a link leading out of `root`."""
    found = _inside(root, root.joinpath(*segments))
    if found is not None and found.is_dir():
        if segments and not trailing_slash:
            return "folder"
        found = _inside(root, found / "index.html")
    elif trailing_slash:
        return None
    return found if found is not None and found.is_file() else None


def _inside(root: Path, path: Path) -> Path | None:
    """The real path of `path`, links followed, if it exists inside `root`."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a name too long, a link loop
        return None
    return real if real == root or root in real.parents else None


def content_type(name: str) -> str:
    """What a static host would say: the usual types, Pagefind's index files as bytes."""
    suffix = Path(name).suffix.lower()
    if suffix.startswith(".pf_"):
        return "application/octet-stream"
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def served_page(page: bytes, run: str, generation: int, errors: tuple[str, ...]) -> bytes:
    """An HTML page as served: the reload script before the end of its body and, after a failed build, the panel
    listing the errors at its top."""
    script = f'<script src="{PREFIX}reload.js" data-run="{run}" data-generation="{generation}"></script>\n'.encode()
    closes = list(BODY_CLOSE.finditer(page))
    at = closes[-1].start() if closes else len(page)
    page = page[:at] + script + page[at:]
    if errors:
        opening = BODY_OPEN.search(page)
        at = opening.end() if opening else page.find(script)
        page = page[:at] + error_panel(errors) + page[at:]
    return page


def error_panel(errors: tuple[str, ...]) -> bytes:
    """The failed build's errors, as `path:line: message` lines, at the top of a page."""
    lines = html.escape("\n".join(errors))
    return (
        f'\n<link rel="stylesheet" href="{PREFIX}serve.css">\n'
        '<aside role="alert" class="diptych-failed" lang="en" aria-labelledby="diptych-failed-heading">\n'
        '<h2 id="diptych-failed-heading">The build failed</h2>\n'
        f"<p>{len(errors)} error(s). This is the last good build; save a fix and this page reloads.</p>\n"
        f"<pre>{lines}</pre>\n"
        "</aside>\n"
    ).encode()


def relevant(site: Path, out: Path) -> Callable[[Change, str], bool]:
    """Changes that can change the site: in site.yaml, content/, templates/ or locales/, but not in the output,
    the cache, a hidden file or an editor's temporary file."""
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
    """Watch the site folder's top level (site.yaml), and content/, templates/ and locales/ (watched anew when one
    of them appears or goes) until `stop`; returns once both watch, or after 5 s."""
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
            for found in _watch(watching, keep, _Either(stop, restart), ready_tree, recursive=True):
                changes.add(path for _, path in found)

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
    """watchfiles' changes, ready set at its first (empty) tick, until `stop`."""
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


def rebuild(site: Path, out: Path, preview: Preview, options: dict[str, object], *, quiet: bool, why: str = "") -> None:
    """One build: its errors on stderr and in the preview; a summary line unless quiet."""
    try:
        report = build(site, out, **options)
    except BuildFailed as failed:
        errors = [str(error) for error in failed.errors]
    except Exception as exc:  # a bug or a full disk: say so, and keep serving the last good site
        traceback.print_exc()
        errors = [f"diptych could not build the site: {type(exc).__name__}: {exc}"]
    else:
        preview.finished(())
        if not quiet:
            for warning in report.warnings:
                print(f"{warning.where}: warning: {warning.message}", file=sys.stderr)
            print(f"{'re' if why else ''}built {sum(report.pages.values())} pages in {report.seconds:.2f} s{why}", flush=True)
        return
    for line in errors:
        print(line, file=sys.stderr)
    kept = "serving the last good site" if out.is_dir() else "nothing to serve until it builds"
    print(f"build failed: {len(errors)} error(s); {kept}", file=sys.stderr, flush=True)
    preview.finished(errors)


def build_options(args: argparse.Namespace) -> dict[str, object]:
    """build()'s keyword arguments: the edition, and its cache unless --no-cache (where build() has one)."""
    options: dict[str, object] = {"edition": args.edition}
    if "cache" in inspect.signature(build).parameters:
        options["cache"] = not getattr(args, "no_cache", False)
    return options


def port_number(text: str) -> int:
    """--port: 0 to 65535 (0: any free port)."""
    port = int(text)
    if not 0 <= port <= 65535:
        raise ValueError(text)
    return port


def serve_command(args: argparse.Namespace) -> int:
    """`serve`: build, serve on 127.0.0.1, rebuild on each change, until Ctrl-C."""
    site: Path = args.site
    out: Path = args.out if args.out is not None else site / ("output" if args.edition == "public" else "output-full")
    quiet = getattr(args, "quiet", False)
    preview = Preview(out)
    try:
        server = PreviewServer(args.port, preview)
    except OSError as exc:
        print(f"serve: cannot listen on {HOST}:{args.port}: {exc.strerror} (--port 0 takes any free port)", file=sys.stderr)
        return 1
    stop, changes = threading.Event(), Changes()
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="diptych-serve", daemon=True)
    watchers: list[threading.Thread] = []
    try:
        watchers = start_watchers(site, out, changes, stop)
        options = build_options(args)
        rebuild(site, out, preview, options, quiet=quiet)
        serving.start()
        print(f"serving {site.resolve()} at http://{HOST}:{server.server_port}/ (Ctrl-C to stop)", flush=True)
        while True:
            changed = changes.take(timeout=0.5)
            if changed:
                names = [str(Path(path).relative_to(site.resolve())) for path in changed]
                why = f" ({', '.join(names[:3])}{', …' if len(names) > 3 else ''})"
                rebuild(site, out, preview, options, quiet=quiet, why=why)
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
