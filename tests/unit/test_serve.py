"""serve and preview: URL parsing, the Host rule, injection into served pages, the error panel, what is watched, and
the server itself on 127.0.0.1 (no browser: see tests/e2e/test_serve_reload.py)."""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from watchfiles import Change

from diptych.preview import (
    PREFIX,
    Preview,
    PreviewServer,
    content_type,
    error_panel,
    locate,
    own_host,
    served_page,
    url_segments,
)
from diptych.serve import Changes, differing, port_number, relevant

SECRET = "SECRET-OUTSIDE-THE-OUTPUT"
PAGE = (
    b'<!DOCTYPE html>\n<html lang="fr">\n<head><title>t</title></head>\n<body class="article">\n<p>texte</p>\n</body>\n</html>\n'
)


# URLs


@pytest.mark.parametrize(
    ("path", "segments"),
    [
        ("/", []),
        ("/fr/articles/x/", ["fr", "articles", "x"]),
        ("/fr//articles/x", ["fr", "articles", "x"]),
        ("/caf%C3%A9/index.html", ["café", "index.html"]),
        ("/a%20b.pdf", ["a b.pdf"]),
        ("/..x/", ["..x"]),  # a name that starts with two dots is only a name
    ],
)
def test_url_segments_decodes_a_path(path: str, segments: list[str]) -> None:
    assert url_segments(path) == segments


TRAVERSALS = [  # paths that climb out of the output folder, plainly or encoded
    "/../site.yaml",
    "/fr/../../site.yaml",
    "/%2e%2e/site.yaml",
    "/%2E%2E/site.yaml",
    "/fr/..%2f..%2fsite.yaml",
    "/..%5csite.yaml",
]


@pytest.mark.parametrize(
    "path",
    [
        *TRAVERSALS,
        "/.%2e/site.yaml",
        "/fr/%2e%2e%2F%2e%2e%2Fsite.yaml",
        "/fr/..%5c..%5csite.yaml",
        "/%2fetc%2fpasswd",
        "/index.html%00.txt",
        "/./index.html",
        "site.yaml",
    ],
)
def test_url_segments_refuses_a_way_out(path: str) -> None:
    assert url_segments(path) is None


def test_locate_answers_as_a_static_host(tmp_path: Path) -> None:
    root = tmp_path / "out"
    (root / "fr" / "articles" / "x").mkdir(parents=True)
    (root / "fr" / "articles" / "x" / "index.html").write_text("x")
    (root / "empty").mkdir()
    (root / "robots.txt").write_text("r")
    root = root.resolve()
    assert locate(root, ["fr", "articles", "x"], True) == root / "fr" / "articles" / "x" / "index.html"
    assert locate(root, ["fr", "articles", "x"], False) == "folder"
    assert locate(root, ["robots.txt"], False) == root / "robots.txt"
    assert locate(root, ["robots.txt"], True) is None  # a file is not a folder
    assert locate(root, ["empty"], True) is None
    assert locate(root, ["missing.html"], False) is None


def test_locate_refuses_a_link_leading_out(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(SECRET)
    root = tmp_path / "out"
    root.mkdir()
    (root / "leak.yaml").symlink_to(tmp_path / "site.yaml")
    (root / "up").symlink_to(tmp_path, target_is_directory=True)
    root = root.resolve()
    assert locate(root, ["leak.yaml"], False) is None
    assert locate(root, ["up", "site.yaml"], False) is None
    assert locate(root, ["up"], True) is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("style.3f2a.css", "text/css; charset=utf-8"),
        ("feed.xml", "application/xml"),
        ("fig.png", "image/png"),
        ("en_8f3a.pf_meta", "application/octet-stream"),
        ("pagefind-entry.json", "application/json"),
        ("article.ris", "application/x-research-info-systems"),
        ("no-suffix", "application/octet-stream"),
    ],
)
def test_content_type(name: str, kind: str) -> None:
    assert content_type(name) == kind


# The Host rule: only this server's own names are answered, so that a page of another site whose name was made to
# point at 127.0.0.1 (DNS rebinding) cannot read the preview


@pytest.mark.parametrize(
    ("host", "port"),
    [
        ("127.0.0.1:8000", 8000),
        ("localhost:8000", 8000),
        ("[::1]:8000", 8000),
        ("LocalHost:8000", 8000),  # a host name is case-insensitive
        ("127.0.0.1:8000 \t", 8000),  # the whitespace a header's value may end with is not part of it
        ("127.0.0.1:54321", 54321),  # the port bound, whatever it is (--port 0)
        ("127.0.0.1", 80),  # no port: port 80, as a browser writes it
        ("localhost", 80),
        ("[::1]", 80),
        ("localhost:80", 80),
    ],
)
def test_own_host_accepts_this_servers_names_with_its_port(host: str, port: int) -> None:
    assert own_host(host, port)


@pytest.mark.parametrize(
    "host",
    [
        "",
        "evil.example:8000",
        "evil.example",
        "127.0.0.1.evil.example:8000",
        "localhost.evil.example:8000",
        "evil.example.localhost:8000",
        "localhost.:8000",  # the absolute form of the name: refused, as nothing prints it
        "127.0.0.1:8001",  # another port
        "127.0.0.1:80",
        "127.0.0.1",  # no port: port 80
        "localhost",
        "[::1]",
        "127.0.0.1:08000",
        "127.0.0.1:8000:8000",
        "127.0.0.1:",
        ":8000",
        "127.0.0.2:8000",  # loopback too, but not the address printed
        "0.0.0.0:8000",
        "127.1:8000",
        "2130706433:8000",
        "[::ffff:127.0.0.1]:8000",
        "[0:0:0:0:0:0:0:1]:8000",
        "::1:8000",
        "[::1%lo]:8000",
        "user@127.0.0.1:8000",
        "127.0.0.1:8000,evil.example:8000",
        "127.0.0.1:8000 evil.example",
        "127.0.0.1:８０００",  # digits, but not ASCII ones
    ],
)
def test_own_host_refuses_any_other_host_or_port(host: str) -> None:
    assert not own_host(host, 8000)


def test_port_number() -> None:
    assert port_number("0") == 0
    assert port_number("8000") == 8000
    for text in ("-1", "65536", "http"):
        with pytest.raises(ValueError):
            port_number(text)


# Injection into served pages


def test_the_reload_script_goes_before_the_end_of_the_body() -> None:
    served = served_page(PAGE, "abcd", 7, ())
    script = f'<script src="{PREFIX}reload.js" data-run="abcd" data-generation="7"></script>\n'.encode()
    assert served == PAGE.replace(b"</body>", script + b"</body>")
    assert b"diptych-failed" not in served


def test_the_reload_script_finds_the_last_body_end_in_any_case() -> None:
    page = b"<html><BODY><script>const s = '</body>';</script><p>x</p></BODY >\n</html>"
    served = served_page(page, "r", 1, ())
    assert served.index(b"reload.js") > served.index(b"<p>x</p>")
    assert served.index(b"reload.js") < served.index(b"</BODY >")


def test_a_page_without_a_body_gets_the_script_at_its_end() -> None:
    served = served_page(b"<!DOCTYPE html><title>redirect</title>", "r", 1, ())
    assert served.startswith(b"<!DOCTYPE html><title>redirect</title><script src=")


def test_after_a_failed_build_the_panel_opens_the_body() -> None:
    errors = ("content/articles/a.fr.md:3: malformed YAML", "content/articles/b.en.md:1: missing required field 'date'")
    served = served_page(PAGE, "r", 2, errors)
    assert served.index(b'<body class="article">') < served.index(b"diptych-failed") < served.index(b"<p>texte</p>")
    document = lxml.html.fromstring(served)
    assert document.xpath("string(//aside[@role='alert']//pre)") == "\n".join(errors)
    assert len(document.xpath("//script")) == 1


def test_an_error_message_is_text_never_markup() -> None:
    message = "content/a.fr.md:2: unknown field '<script>alert(1)</script><img src=x onerror=alert(2)>'"
    panel = error_panel((message,))
    assert b"<script>alert" not in panel
    assert b"<img" not in panel
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in panel
    document = lxml.html.fromstring(served_page(PAGE, "r", 2, (message,)))
    assert document.xpath("string(//pre)") == message  # shown as it was written
    assert document.xpath("//img") == []
    assert [s.get("src") for s in document.xpath("//script")] == [f"{PREFIX}reload.js"]


# What is watched


def test_relevant_keeps_the_sources_and_drops_the_rest(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    keep = relevant(site, site / "output")
    site = site.resolve()
    kept = [
        "site.yaml",
        "content/articles/a.fr.md",
        "content/articles/fig.png",
        "templates/base.html",
        "locales/fr/LC_MESSAGES/messages.po",
        "content",
        "content/articles/sedentary/a.fr.md",  # a folder named like sed's temporary file: only a file name is one
        "content/articles/sedAb3xQ9.md",  # an extension: not sed's
        "content/articles/sedAb3xQ",
    ]
    dropped = [
        "output/fr/index.html",
        ".diptych-cache/pages.db",
        ".diptych-x1y2/fr/index.html",
        "README.md",
        "build.py",
        "site.yaml.swp",
        "content/articles/.a.fr.md.swp",
        "content/articles/a.fr.md~",
        "content/articles/#a.fr.md#",
        "content/articles/4913",
        "content/articles/a.fr.md___jb_tmp___",
        "content/.git/index",
        "templates/base.html.tmp",
        "content/articles/sedAb3xQ9",  # sed -i's: sed and 6 letters or digits, renamed onto the file it edits
        "locales/fr/LC_MESSAGES/sed0k2LmZ",
    ]
    for rel in kept:
        assert keep(Change.modified, str(site / rel)), rel
    for rel in dropped:
        assert not keep(Change.modified, str(site / rel)), rel
    assert not keep(Change.added, str(tmp_path.resolve() / "elsewhere.md"))


def test_relevant_drops_an_output_folder_inside_content(tmp_path: Path) -> None:
    keep = relevant(tmp_path, tmp_path / "content" / "out")
    assert not keep(Change.added, str(tmp_path.resolve() / "content" / "out" / "index.html"))
    assert keep(Change.added, str(tmp_path.resolve() / "content" / "outline.fr.md"))


def test_changes_are_gathered_until_taken() -> None:
    changes = Changes()
    assert changes.take(timeout=0.01) == []
    changes.add(["/s/b.md", "/s/a.md"])
    changes.add(["/s/a.md"])
    assert changes.take(timeout=0.01) == ["/s/a.md", "/s/b.md"]
    assert changes.take(timeout=0.01) == []


# The server on 127.0.0.1


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[PreviewServer, Path]]:
    """A preview of tmp/out (with a site.yaml holding a secret beside it) on a free port."""
    (tmp_path / "site.yaml").write_text(f"title: {SECRET}\n")
    out = tmp_path / "out"
    (out / "fr" / "articles" / "x").mkdir(parents=True)
    (out / "fr" / "articles" / "x" / "index.html").write_bytes(PAGE)
    (out / "404.html").write_bytes(b"<!DOCTYPE html><html><body><h1>Introuvable</h1></body></html>")
    (out / "robots.txt").write_text("User-agent: *\n")
    preview = Preview(out)
    preview.finished(())
    httpd = PreviewServer(0, preview)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd, out
    finally:
        preview.stop()
        httpd.shutdown()
        httpd.server_close()


def get(httpd: PreviewServer, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET a path exactly as written (no client-side normalisation of `..`); Host is 127.0.0.1:PORT unless given."""
    connection = http.client.HTTPConnection("127.0.0.1", httpd.server_port, timeout=5)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def exchange(httpd: PreviewServer, request: str) -> bytes:
    """A request sent byte for byte as written, and the whole answer, up to the server closing the connection."""
    with socket.create_connection(("127.0.0.1", httpd.server_port), timeout=5) as sock:
        sock.sendall(request.encode())
        received = b""
        while chunk := sock.recv(4096):
            received += chunk
    return received


def test_the_server_listens_on_127_0_0_1_only(server: tuple[PreviewServer, Path]) -> None:
    httpd, _ = server
    assert httpd.server_address[0] == "127.0.0.1"
    assert httpd.server_port > 0


def test_a_page_is_served_with_the_script_and_left_alone_on_disk(server: tuple[PreviewServer, Path]) -> None:
    httpd, out = server
    status, headers, body = get(httpd, "/fr/articles/x/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert b"<p>texte</p>" in body
    assert b"/__diptych/reload.js" in body
    assert (out / "fr" / "articles" / "x" / "index.html").read_bytes() == PAGE


def test_other_files_are_served_as_they_are(server: tuple[PreviewServer, Path]) -> None:
    httpd, _ = server
    assert get(httpd, "/robots.txt")[2] == b"User-agent: *\n"
    status, headers, body = get(httpd, f"{PREFIX}reload.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and b"EventSource" in body


def test_a_folder_without_its_slash_is_redirected(server: tuple[PreviewServer, Path]) -> None:
    status, headers, _ = get(server[0], "/fr/articles/x?q=1")
    assert status == 301
    assert headers["Location"] == "/fr/articles/x/?q=1"


def test_a_missing_page_is_the_sites_404_with_the_script(server: tuple[PreviewServer, Path]) -> None:
    status, _, body = get(server[0], "/fr/nowhere/")
    assert status == 404
    assert b"Introuvable" in body and b"reload.js" in body


@pytest.mark.parametrize("path", TRAVERSALS)
def test_a_path_out_of_the_output_is_refused(server: tuple[PreviewServer, Path], path: str) -> None:
    status, _, body = get(server[0], path)
    assert status == 400
    assert SECRET.encode() not in body


def test_a_link_out_of_the_output_is_not_followed(server: tuple[PreviewServer, Path]) -> None:
    httpd, out = server
    (out / "leak.yaml").symlink_to(out.parent / "site.yaml")
    status, _, body = get(httpd, "/leak.yaml")
    assert status == 404
    assert SECRET.encode() not in body


def test_after_a_failed_build_pages_carry_the_panel(server: tuple[PreviewServer, Path]) -> None:
    httpd, _ = server
    httpd.preview.finished(["content/articles/x.fr.md:2: malformed YAML <here>"])
    body = get(httpd, "/fr/articles/x/")[2]
    assert b"content/articles/x.fr.md:2: malformed YAML &lt;here&gt;" in body
    assert b"<p>texte</p>" in body  # the last good page, below the panel
    httpd.preview.finished([])
    assert b"diptych-failed" not in get(httpd, "/fr/articles/x/")[2]


def test_the_event_stream_says_rebuilt_after_a_build(server: tuple[PreviewServer, Path]) -> None:
    httpd, _ = server
    preview = httpd.preview
    with socket.create_connection(("127.0.0.1", httpd.server_port), timeout=5) as sock:
        generation = preview.state()[0]
        request = (
            f"GET {PREFIX}events?run={preview.run}&since={generation} HTTP/1.1\r\nHost: 127.0.0.1:{httpd.server_port}\r\n\r\n"
        )
        sock.sendall(request.encode())
        received = b""
        while b"retry: 1000\n\n" not in received:
            received += sock.recv(4096)
        assert b"text/event-stream" in received
        assert b"event: rebuilt" not in received  # nothing built since the page was served
        preview.finished(())
        while b"\n\n" not in received.split(b"retry: 1000\n\n", 1)[1]:
            received += sock.recv(4096)
        assert f"event: rebuilt\ndata: {generation + 1}\n\n".encode() in received


def test_a_page_from_an_earlier_run_reloads_at_once(server: tuple[PreviewServer, Path]) -> None:
    httpd, _ = server
    with socket.create_connection(("127.0.0.1", httpd.server_port), timeout=5) as sock:
        sock.sendall(f"GET {PREFIX}events?run=0ld0ld&since=99 HTTP/1.1\r\nHost: localhost:{httpd.server_port}\r\n\r\n".encode())
        received = b""
        while b"event: rebuilt" not in received:
            chunk = sock.recv(4096)
            assert chunk, received
            received += chunk


# The server refuses a request for another host, on every path


FORGED = [  # what a page of another site sends once its name points at 127.0.0.1
    "evil.example:{port}",
    "127.0.0.1.evil.example:{port}",
    "localhost.:{port}",
    "127.0.0.1:{other}",
]
SERVED = [b"texte", b"Introuvable", b"User-agent", b"__diptych", b"EventSource", b"retry:", b"diptych-failed"]


def refused(httpd: PreviewServer, method: str, path: str, host: str) -> bytes:
    """The answer to a request with this Host, checked to be the refusal: 421, plain text, never cached."""
    connection = http.client.HTTPConnection("127.0.0.1", httpd.server_port, timeout=5)
    try:
        connection.request(method, path, headers={"Host": host})
        response = connection.getresponse()
        assert response.status == 421, response.status  # before the body: an event stream would not end
        assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
        assert response.getheader("Cache-Control") == "no-store"
        return response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "path", ["/fr/articles/x/", "/robots.txt", "/fr/nowhere/", f"{PREFIX}events?since=0", f"{PREFIX}reload.js"]
)
@pytest.mark.parametrize("forged", FORGED)
def test_a_request_for_another_host_is_refused(server: tuple[PreviewServer, Path], forged: str, path: str) -> None:
    httpd, _ = server
    body = refused(httpd, "GET", path, forged.format(port=httpd.server_port, other=httpd.server_port + 1))
    assert body.startswith(b"refused:")
    for served in SERVED:
        assert served not in body


def test_a_request_for_another_host_sees_no_error_panel(server: tuple[PreviewServer, Path]) -> None:
    httpd, _ = server
    httpd.preview.finished(["content/articles/x.fr.md:2: malformed YAML"])
    body = refused(httpd, "GET", "/fr/articles/x/", f"evil.example:{httpd.server_port}")
    assert b"malformed" not in body and b"content/articles" not in body


def test_a_head_request_for_another_host_is_refused(server: tuple[PreviewServer, Path]) -> None:
    httpd, _ = server
    assert refused(httpd, "HEAD", "/fr/articles/x/", f"evil.example:{httpd.server_port}") == b""


@pytest.mark.parametrize(
    ("request_head", "status"),
    [
        ("GET /fr/articles/x/ HTTP/1.0\r\n\r\n", 400),  # no Host, as HTTP/1.0 allows: refused all the same
        ("GET /fr/articles/x/ HTTP/1.1\r\n\r\n", 400),
        ("GET /fr/articles/x/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example:{port}\r\n\r\n", 400),
        ("GET /fr/articles/x/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: 127.0.0.1:{port}\r\n\r\n", 400),
        ("GET /fr/articles/x/ HTTP/1.1\r\nHost: \r\n\r\n", 421),
        ("GET /fr/articles/x/ HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: keep-alive\r\n\r\n", 421),
        ("GET http://evil.example:{port}/fr/articles/x/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n", 421),
        ("POST /fr/articles/x/ HTTP/1.1\r\nHost: evil.example:{port}\r\nContent-Length: 0\r\n\r\n", 421),
    ],
)
def test_a_request_without_this_servers_host_is_refused(
    server: tuple[PreviewServer, Path], request_head: str, status: int
) -> None:
    httpd, _ = server
    answer = exchange(httpd, request_head.format(port=httpd.server_port))
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0].split(b" ")[1] == str(status).encode(), head
    assert body.startswith(b"refused:")
    for served in SERVED:
        assert served not in body


@pytest.mark.parametrize(
    "request_head",
    [
        "GET /fr/articles/x/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n",
        "GET /fr/articles/x/ HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n",
        "GET /fr/articles/x/ HTTP/1.1\r\nHost: [::1]:{port}\r\n\r\n",
        "GET /fr/articles/x/ HTTP/1.0\r\nHost: LOCALHOST:{port}\r\n\r\n",
        "GET http://127.0.0.1:{port}/fr/articles/x/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n",
    ],
)
def test_this_servers_own_names_are_answered(server: tuple[PreviewServer, Path], request_head: str) -> None:
    httpd, _ = server
    answer = exchange(httpd, request_head.format(port=httpd.server_port))
    assert answer.startswith(b"HTTP/1.0 200 "), answer[:200]
    assert b"<p>texte</p>" in answer


# An edit's pages first (serve's edit-first pages), and reloads of the pages a build changed


def _stream(httpd: PreviewServer, page: str) -> socket.socket:
    """An open event stream for the page at URL path `page`, past its opening `retry:` line."""
    preview = httpd.preview
    sock = socket.create_connection(("127.0.0.1", httpd.server_port), timeout=5)
    since = preview.state()[0]
    query = f"run={preview.run}&since={since}&page={page}"
    sock.sendall(f"GET {PREFIX}events?{query} HTTP/1.1\r\nHost: 127.0.0.1:{httpd.server_port}\r\n\r\n".encode())
    received = b""
    while b"retry: 1000\n\n" not in received:
        received += sock.recv(4096)
    return sock


def _event(sock: socket.socket) -> bytes:
    """The next event on a stream (pings aside), or b"" when none comes within half a second."""
    sock.settimeout(0.5)
    received = b""
    try:
        while b"event: rebuilt" not in received or not received.endswith(b"\n\n"):
            chunk = sock.recv(4096)
            assert chunk, received
            received += chunk
    except TimeoutError:
        assert b"event:" not in received, received
        return b""
    return received


def test_an_edits_pages_are_served_from_memory_until_the_build_ends(server: tuple[PreviewServer, Path]) -> None:
    httpd, out = server
    httpd.preview.show(
        {"fr/articles/x/index.html": PAGE.replace(b"texte", b"texte corrig\xc3\xa9")}, ["fr/articles/x/index.html"]
    )
    status, _, body = get(httpd, "/fr/articles/x/")
    assert status == 200 and "texte corrigé".encode() in body and b"/__diptych/reload.js" in body
    assert (out / "fr/articles/x/index.html").read_bytes() == PAGE  # shown, never written
    httpd.preview.finished(())
    assert b"corrig" not in get(httpd, "/fr/articles/x/")[2]  # the build's file again


def test_an_open_page_reloads_only_after_a_build_that_changed_it(server: tuple[PreviewServer, Path]) -> None:
    httpd, out = server
    (out / "fr" / "autre").mkdir(parents=True)
    (out / "fr" / "autre" / "index.html").write_bytes(PAGE)
    preview = httpd.preview
    edited, other, missing = _stream(httpd, "/fr/articles/x/"), _stream(httpd, "/fr/autre/"), _stream(httpd, "/fr/nulle-part/")
    try:
        preview.show({"fr/articles/x/index.html": PAGE}, ["fr/articles/x/index.html"])  # the edit's pages, first
        assert b"event: rebuilt" in _event(edited)
        assert _event(other) == b""
        assert b"event: rebuilt" in _event(missing)  # a page served by the 404 page: any build may change it
        preview.finished((), changed={"fr/autre/index.html"})  # the build after them changed another page only
        assert _event(edited) == b""
        assert b"event: rebuilt" in _event(other)
        preview.finished(["content/articles/x.fr.md:2: malformed YAML"], changed=set())  # failed: every page
        assert b"event: rebuilt" in _event(edited) and b"event: rebuilt" in _event(other)
        preview.finished((), changed=set())  # fixed: every page loses its panel
        assert b"event: rebuilt" in _event(edited) and b"event: rebuilt" in _event(other)
        preview.finished(())  # changes not known: every page
        assert f"data: {preview.state()[0]}\n\n".encode() in _event(edited)
        assert b"event: rebuilt" in _event(other)
    finally:
        for sock in (edited, other, missing):
            sock.close()


def test_showing_an_edit_reloads_only_the_pages_whose_bytes_it_changes(tmp_path: Path) -> None:
    """A save that changes one page of those shown (or none: a file saved as it was) touches that page only."""
    out = tmp_path / "out"
    (out / "fr" / "autre").mkdir(parents=True)
    (out / "fr" / "autre" / "index.html").write_bytes(PAGE)
    (out / "fr" / "x.html").write_bytes(PAGE)
    files = {"fr/x.html": PAGE, "fr/autre/index.html": PAGE.replace(b"texte", b"autre"), "fr/nouveau/index.html": PAGE}
    assert differing(out, files) == {"fr/autre/index.html", "fr/nouveau/index.html"}
    assert differing(out, {"fr/x.html": PAGE}) == set()


def test_a_page_shown_at_a_new_address_is_served_before_the_build_writes_it(server: tuple[PreviewServer, Path]) -> None:
    """A slug changed: the page's new URL answers from the edit's pages, not 404, until the build has written it."""
    httpd, out = server
    httpd.preview.show({"fr/articles/nouveau/index.html": PAGE.replace(b"texte", b"nouveau")}, ["fr/articles/nouveau/index.html"])
    status, _, body = get(httpd, "/fr/articles/nouveau/")
    assert status == 200 and b"<p>nouveau</p>" in body and b"/__diptych/reload.js" in body
    assert not (out / "fr/articles/nouveau").exists()


def test_a_page_shown_at_a_new_address_named_without_its_slash_is_redirected(server: tuple[PreviewServer, Path]) -> None:
    httpd, _ = server
    httpd.preview.show({"fr/articles/nouveau/index.html": PAGE}, ["fr/articles/nouveau/index.html"])
    status, headers, _ = get(httpd, "/fr/articles/nouveau?x=1")
    assert status == 301 and headers["Location"] == "/fr/articles/nouveau/?x=1"
