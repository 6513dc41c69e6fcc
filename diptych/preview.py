"""The HTTP side of `python build.py serve`: the output folder as a static host serves it, on 127.0.0.1 only.

Only the responses differ from the files: each HTML page gets a reload script (and, while the last build failed, a
panel listing its errors), never the files written. The script listens to server-sent events on the same port.
Only requests for this server's own host are answered (127.0.0.1, localhost or [::1], with its port): a page of
another site whose name was made to point at 127.0.0.1 (DNS rebinding) gets a refusal, never a file, so it cannot read
the preview (with `--edition full`, the subscribers' full texts).
"""

from __future__ import annotations

import html
import mimetypes
import re
import secrets
import socketserver
import sys
import threading
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

HOST = "127.0.0.1"  # a preview for the editor at this machine, never for the network
OWN_NAMES = ("127.0.0.1", "localhost", "[::1]")  # as a browser names this machine: no other name, not even `localhost.`
PREFIX = "/__diptych/"  # the server's own URLs, beside the site's
PING_SECONDS = 15  # a comment on an idle event stream, so that nothing between closes it
BODY_OPEN = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
BODY_CLOSE = re.compile(rb"</body\s*>", re.IGNORECASE)
TYPES = {  # what a static host says; text in UTF-8, and the types Python's table lacks
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ris": "application/x-research-info-systems",
    ".bib": "application/x-bibtex",
}

RELOAD_JS = b"""\
// Served by `python build.py serve` only, never written into the site: reload this page after each build that
// changed it (the server knows which pages a build changed, from the page's path).
(() => {
  const script = document.currentScript;
  const query = new URLSearchParams({ run: script.dataset.run, since: script.dataset.generation, page: location.pathname });
  const listen = () => {
    const events = new EventSource(`/__diptych/events?${query}`);
    events.addEventListener("rebuilt", () => {
      events.close();
      location.reload();
    });
    events.addEventListener("error", () => {
      if (events.readyState === EventSource.CLOSED) setTimeout(listen, 1000); // serve stopped: wait for it to restart
    });
  };
  listen();
})();
"""

PANEL_CSS = b"""\
/* The build-failed panel of `python build.py serve`, above the page's own styles. */
.diptych-failed {
  all: revert;
  display: block;
  position: sticky; /* in view however far down the reloaded page opens (browsers restore the scroll position) */
  top: 0;
  max-height: 50vh;
  overflow: auto;
  z-index: 2147483647;
  margin: 0;
  padding: 1rem;
  background: #fff0f0;
  color: #5c0011;
  border-bottom: 0.25rem solid #b00020;
  font: 1rem/1.5 system-ui, sans-serif;
  text-align: start;
}
.diptych-failed h2 { all: revert; margin: 0 0 0.5rem; font: bold 1.25rem/1.3 system-ui, sans-serif; color: inherit; }
.diptych-failed p { all: revert; margin: 0 0 0.5rem; }
.diptych-failed pre { all: revert; margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font: 0.9rem/1.5 ui-monospace, monospace; }
"""

NO_SITE = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>No site yet · diptych serve</title></head>
<body>
<main><p>No site has been built into {out} yet.</p></main>
</body>
</html>
"""

NOT_FOUND = b"<!DOCTYPE html>\n<title>Not found</title>\n<h1>Not found</h1>\n"


class Preview:
    """What the server shows: the output folder, the last build's errors, and a generation bumped after every build.

    Between an edit and the end of the whole build it starts, the edit's pages (first.edited_pages) are served from
    memory in place of their files (`show`). Each generation remembers which pages it changed, so that an open page
    reloads only when it did (or when that is not known: after a failed build, or one not preceded by edit-first
    pages, every page reloads)."""

    HISTORY = 64  # generations remembered; a page older than that reloads

    def __init__(self, out: Path) -> None:
        self.out = out
        self.run = secrets.token_hex(4)  # a page served by an earlier run of serve reloads at once
        self.generation = 0
        self.errors: tuple[str, ...] = ()
        self.shown: dict[str, bytes] = {}  # output-relative path -> an edit's page, until the whole build ends
        self.stopping = False
        self._changed = threading.Condition()
        self._touched: dict[int, frozenset[str] | None] = {}  # generation -> the pages it changed (None: any)

    def show(self, files: dict[str, bytes], touched: Iterable[str]) -> None:
        """Serve these files (an edit's pages, by output-relative path) instead of the output's until the build
        ends; wake the event streams of the pages `touched` (those whose bytes they change)."""
        with self._changed:
            self.shown = dict(files)
            self._next(frozenset(touched))

    def finished(self, errors: Iterable[str], changed: Iterable[str] | None = None) -> None:
        """A build has ended with these errors (none: it succeeded) and changed these pages (output-relative paths;
        None: any); the edit's pages served until now are dropped. Wake the event streams."""
        with self._changed:
            failed, self.errors = bool(self.errors), tuple(errors)
            self.shown = {}
            self._next(None if self.errors or failed or changed is None else frozenset(changed))

    def _next(self, touched: frozenset[str] | None) -> None:
        self.generation += 1
        self._touched[self.generation] = touched
        self._touched.pop(self.generation - self.HISTORY, None)
        self._changed.notify_all()

    def state(self) -> tuple[int, tuple[str, ...], dict[str, bytes]]:
        with self._changed:
            return self.generation, self.errors, self.shown

    def touches(self, since: int, generation: int, page: str | None) -> bool:
        """Whether the builds after `since` up to `generation` changed `page` (an output-relative path; None: a
        page not known, which any build may change)."""
        with self._changed:
            for number in range(since + 1, generation + 1):
                touched = self._touched.get(number)
                if touched is None or page is None or page in touched:
                    return True
            return False

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
    """One thread per request, on 127.0.0.1; `port` 0 takes any free port (see `server_port`)."""

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
    """GET and HEAD: the site's files, the reload script, its event stream and the panel's style."""

    server: PreviewServer
    server_version = "diptych-serve"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for builds and their errors."""

    def parse_request(self) -> bool:
        """The request line and headers, then the Host rule, before any path or method is looked at: a request for
        another host has its refusal and nothing else, so that a page of another site whose name was made to point at
        127.0.0.1 (DNS rebinding) reads nothing of the preview, not even its event stream or error panel."""
        if not super().parse_request():
            return False
        refused = host_refusal(self.headers.get_all("Host") or [], self.path, self.server.server_port)
        if refused is None:
            return True
        self.close_connection = True
        self._send(*refused, body=self.command != "HEAD")
        return False

    def _answer(self, body: bool) -> None:
        preview = self.server.preview
        url = urlsplit(self.path)
        if url.path == PREFIX + "events" and body:
            return self._events(preview, parse_qs(url.query))
        if url.path == PREFIX + "reload.js":
            return self._send(HTTPStatus.OK, TYPES[".js"], RELOAD_JS, body)
        if url.path == PREFIX + "serve.css":
            return self._send(HTTPStatus.OK, TYPES[".css"], PANEL_CSS, body)
        segments = url_segments(url.path)
        if segments is None:
            return self._send(HTTPStatus.BAD_REQUEST, TYPES[".txt"], b"refused: outside the site\n", body)
        generation, errors, shown = preview.state()  # before reading the file: a build in between reloads it again
        page = (preview.run, generation, errors)
        root = preview.out.resolve()
        if not root.is_dir():
            data = NO_SITE.format(out=html.escape(str(preview.out))).encode()
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, TYPES[".html"], served_page(data, *page), body)
        slash, index = url.path.endswith("/"), "/".join([*segments, "index.html"])
        named = index if slash or not segments else "/".join(segments)
        if named in shown:  # an edit's page, written or not yet (a slug changed): as the build will write it
            kind = content_type(named)
            data = served_page(shown[named], *page) if kind.startswith("text/html") else shown[named]
            return self._send(HTTPStatus.OK, kind, data, body)
        found = "folder" if index in shown else locate(root, segments, slash)  # the slash-less name of one, too
        if found == "folder":  # as a static host does: /fr/articles/x -> /fr/articles/x/
            location = "/" + "".join(quote(segment) + "/" for segment in segments) + (f"?{url.query}" if url.query else "")
            return self._send(HTTPStatus.MOVED_PERMANENTLY, TYPES[".txt"], b"", body, {"Location": location})
        status, path = (HTTPStatus.OK, found) if isinstance(found, Path) else (HTTPStatus.NOT_FOUND, root / "404.html")
        try:
            data, kind = path.read_bytes(), content_type(path.name)
        except OSError:  # no 404.html, or a file gone in a build's swap
            data, kind = NOT_FOUND, TYPES[".html"]
        if kind.startswith("text/html"):
            data = served_page(data, *page)
        self._send(status, kind, data, body)

    def _send(self, status: HTTPStatus, kind: str, data: bytes, body: bool, headers: dict[str, str] | None = None) -> None:
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
        since = preview.state()[0]
        given = query.get("since", [""])[0]
        page = _page_file(preview.out, query.get("page", [""])[0])
        if query.get("run", [preview.run])[0] != preview.run:
            since = -1  # the page was served by an earlier run of serve: reload it now
        elif given.isascii() and given.isdigit():
            since = int(given)  # a build that ended while the page loaded reloads it
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(b"retry: 1000\n\n")  # reconnect within a second when serve restarts
            self.wfile.flush()
            while not preview.stopping:
                generation = preview.wait(since, PING_SECONDS)
                if preview.stopping:
                    break
                if generation > since and preview.touches(since, generation, page):
                    self.wfile.write(f"event: rebuilt\ndata: {generation}\n\n".encode())
                    since = generation
                elif generation > since:  # a build that did not change this page
                    since = generation
                else:
                    self.wfile.write(b": ping\n\n")
                self.wfile.flush()
        except ConnectionError:
            pass
        self.close_connection = True


def _page_file(out: Path, path: str) -> str | None:
    """The output-relative file a page's URL path is served from; None when there is none (the 404 page)."""
    segments = url_segments(path)
    root = out.resolve()
    found = locate(root, segments, path.endswith("/")) if segments is not None else None
    return found.relative_to(root).as_posix() if isinstance(found, Path) else None


def host_refusal(hosts: list[str], target: str, port: int) -> tuple[HTTPStatus, str, bytes] | None:
    """The answer refusing a request whose Host headers (`hosts`) or absolute URL (`target`, when not a path) name
    another host or port than this server's; None for a request to answer."""
    own = "serve answers only requests for " + " or ".join(f"{name}:{port}" for name in OWN_NAMES)
    if len(hosts) != 1:  # HTTP/1.0 allows none; every browser sends one, and without it nothing says the host meant
        why = "no Host header" if not hosts else "more than one Host header"
        return HTTPStatus.BAD_REQUEST, TYPES[".txt"], f"refused: {why}; {own}\n".encode()
    url = None if target.startswith("/") else urlsplit(target)
    if not own_host(hosts[0], port) or (url is not None and not (url.scheme == "http" and own_host(url.netloc, port))):
        return HTTPStatus.MISDIRECTED_REQUEST, TYPES[".txt"], f"refused: {own}\n".encode()
    return None


def own_host(value: str, port: int) -> bool:
    """Whether a Host header names this server: 127.0.0.1, localhost or [::1], with the port bound (none: port 80)."""
    host = value.strip(" \t").lower()
    names = [f"{name}:{port}" for name in OWN_NAMES] + (list(OWN_NAMES) if port == 80 else [])
    return host.isascii() and host in names


def url_segments(path: str) -> list[str] | None:
    """The decoded segments of a URL path; None for a path that would leave the folder (`..`, `%2e%2e`, `%2f`, `%5c`)."""
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
    """The real path of `path`, links followed, if it exists inside `root` (itself resolved)."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a name too long, a link loop
        return None
    return real if real == root or root in real.parents else None


def content_type(name: str) -> str:
    """What a static host would say: the usual types; Pagefind's index files, and anything unknown, as bytes."""
    suffix = Path(name).suffix.lower()
    if suffix == ".pagefind" or suffix.startswith(".pf_"):
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
    """The failed build's errors as `path:line: message` lines, escaped: a message is text, never markup."""
    lines = html.escape("\n".join(errors))
    return (
        f'\n<link rel="stylesheet" href="{PREFIX}serve.css">\n'
        '<aside role="alert" class="diptych-failed" lang="en" aria-labelledby="diptych-failed-heading">\n'
        '<h2 id="diptych-failed-heading">The build failed</h2>\n'
        f"<p>{len(errors)} error(s). This is the last good build; save a fix and this page reloads.</p>\n"
        f"<pre>{lines}</pre>\n"
        "</aside>\n"
    ).encode()
