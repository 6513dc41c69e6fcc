"""The README's nginx snippet, run as written on 127.0.0.1: the subscriber edition behind a login."""

from __future__ import annotations

import base64
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
ARTICLE = "/fr/articles/cartographier-archipel-des-brumes/"


def readme_snippet() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- nginx: begin -->\n```nginx\n(.*?)```\n<!-- nginx: end -->", text, re.S)
    assert block, "the README has no nginx snippet between its markers"
    return block[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, auth: str | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)


@pytest.fixture(scope="module")
def nginx(tmp_path_factory: pytest.TempPathFactory):
    if NGINX is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing in CI: scripts/test installs Debian's nginx-light")
        pytest.skip("nginx is not installed (scripts/test installs Debian's nginx-light)")
    root = tmp_path_factory.mktemp("nginx")
    out = root / "output-full"
    assert run_build("--site", ROOT, "--out", out, "--edition", "full").returncode == 0
    password = subprocess.run(["openssl", "passwd", "-apr1", "s3cret"], capture_output=True, text=True, check=True).stdout.strip()
    (root / "htpasswd").write_text(f"abonne:{password}\n")
    port = free_port()
    server = readme_snippet()
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("/srv/revue/output-full", str(out)),
        ("/etc/nginx/revue-abonnes.htpasswd", str(root / "htpasswd")),
    ):
        assert old in server, f"the snippet no longer says {old!r}: update this test with it"
        server = server.replace(old, new)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private temporary folder
    (root / "nginx.conf").write_text(
        f"{user}daemon off;\npid {root}/nginx.pid;\nerror_log {root}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {root};\n{server}\n}}\n"
    )
    process = subprocess.Popen([NGINX, "-p", str(root), "-c", str(root / "nginx.conf")], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            fetch(base + "/")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"nginx did not start: {process.stderr.read() if process.stderr else ''}")
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_without_a_login_nothing_is_served(nginx: str) -> None:
    status, body, _ = fetch(nginx + ARTICLE)
    assert status == 401
    assert "réservée aux abonnés" not in body


def test_a_subscriber_reads_the_full_text_marked_noindex(nginx: str) -> None:
    status, body, headers = fetch(nginx + ARTICLE, auth="abonne:s3cret")
    assert status == 200
    assert "Cette phrase est réservée aux abonnés." in body
    assert headers.get("X-Robots-Tag") == "noindex, nofollow"


def test_a_wrong_password_is_refused(nginx: str) -> None:
    assert fetch(nginx + ARTICLE, auth="abonne:wrong")[0] == 401


def test_a_missing_page_gets_the_sites_404_page(nginx: str) -> None:
    status, body, _ = fetch(nginx + "/fr/nulle-part/", auth="abonne:s3cret")
    assert status == 404
    assert "Page introuvable" in body
