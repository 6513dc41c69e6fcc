"""Odd things in content/articles/: each gives exit 0 with a warning naming it, or exit 1 with `path:line: message`
(path relative to the site) and the previous output untouched; never a traceback, never a hang."""

from __future__ import annotations

import os
import random
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults._helpers import NOBODY, as_nobody, assert_clean_failure, build_ok, is_root, run, tiny_site

ARTICLES = "content/articles"
HANG = 30  # seconds: a build of this tiny site takes well under one
VALID_FR = (
    "---\ntitle: Un autre article\nabstract: Un résumé.\ndate: 2019-06-02\naccess: free\n{extra}---\n"
    "Premier paragraphe.\n\nDeuxième paragraphe.\n"
)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """The tiny valid site, built once into out/: (site, out, snapshot of out)."""
    site = tiny_site(tmp_path / "site")
    out = tmp_path / "out"
    return site, out, build_ok(site, out)


def assert_reported(result: subprocess.CompletedProcess[str], out: Path, before: dict[str, bytes], rel: str) -> None:
    """`rel` (a regular expression for the site-relative path) is named in a warning (exit 0) or an error (exit 1)."""
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode == 1:
        assert_clean_failure(result, out, before)
        assert re.search(rf"^{rel}:\d+: \S", result.stderr, re.M), f"no '{rel}:LINE: message' in:\n{result.stderr}"
    else:
        assert result.returncode == 0, (result.returncode, result.stderr)
        assert re.search(rf"^{rel}(:\d+)?: warning: \S", result.stderr, re.M), (
            f"the build succeeded and said nothing about {rel}: {result.stdout.strip()!r}, stderr {result.stderr!r}"
        )


# ---- one odd file each ------------------------------------------------------------------------------------------------


def empty(articles: Path) -> str:
    (articles / "a.fr.md").write_bytes(b"")
    return rf"{ARTICLES}/a\.fr\.md"


def symlink_loop_folder(articles: Path) -> str:
    (articles / "loop").symlink_to(".")
    return rf"{ARTICLES}/loop"


def symlink_loop_file(articles: Path) -> str:
    (articles / "z.fr.md").symlink_to("z.fr.md")  # ELOOP when opened
    return rf"{ARTICLES}/z\.fr\.md"


def dangling_symlink(articles: Path) -> str:
    (articles / "b.fr.md").symlink_to("missing.fr.md")
    return rf"{ARTICLES}/b\.fr\.md"


def binary(articles: Path) -> str:
    data = random.Random(0).randbytes(4096)
    (articles / "c.fr.md").write_bytes(b"\x00\xff\xfe" + data + b"\x00" * 16)
    return rf"{ARTICLES}/c\.fr\.md"


def folder_named_like_an_article(articles: Path) -> str:
    (articles / "d.fr.md").mkdir()
    return rf"{ARTICLES}/d\.fr\.md"


def non_utf8_name(articles: Path, extra: str = "") -> str:
    try:
        with open(os.fsencode(articles) + b"/f\xff.fr.md", "wb") as file:
            file.write(VALID_FR.format(extra=extra).encode())
    except OSError as exc:  # some file systems refuse names that are not UTF-8
        pytest.skip(f"this file system refuses a non-UTF-8 file name: {exc}")
    return rf"{ARTICLES}/f\S*\.fr\.md"


def non_utf8_name_with_a_slug(articles: Path) -> str:
    return non_utf8_name(articles, extra="slug: f-slug\n")


def fifo(articles: Path) -> str:
    os.mkfifo(articles / "e.fr.md")
    return rf"{ARTICLES}/e\.fr\.md"


ODD: dict[str, Callable[[Path], str]] = {
    "empty-file": empty,
    "symlink-loop-folder": symlink_loop_folder,
    "symlink-loop-file": symlink_loop_file,
    "dangling-symlink": dangling_symlink,
    "binary-file": binary,
    "folder-named-like-an-article": folder_named_like_an_article,
    "non-utf8-file-name": non_utf8_name,
    "non-utf8-file-name-with-a-slug": non_utf8_name_with_a_slug,
    "fifo": fifo,
}


@pytest.mark.parametrize("make", ODD.values(), ids=ODD.keys())
def test_an_odd_file_is_named_never_a_traceback_never_a_hang(built, make: Callable[[Path], str]) -> None:
    site, out, before = built
    rel = make(site / ARTICLES)
    result = run(site, out, timeout=HANG)  # a hang fails the test (and the build is killed)
    assert_reported(result, out, before, rel)


# ---- a huge body ------------------------------------------------------------------------------------------------------

PARAGRAPH = "Un paragraphe assez long, avec *un peu* de **Markdown** et un [lien](https://example.org). " * 4 + "\n\n"
TWENTY_MB = 20 * 1024 * 1024


@pytest.mark.parametrize(
    "access, body",
    [
        ("paywalled", PARAGRAPH * (TWENTY_MB // len(PARAGRAPH))),  # many paragraphs; the public edition shows the teaser
        ("free", "mot " * (TWENTY_MB // 4)),  # one 20 MB paragraph, rendered whole
    ],
    ids=["paywalled-many-paragraphs", "free-one-paragraph"],
)
def test_a_20_mb_body_builds_or_fails_cleanly_in_reasonable_time(built, access: str, body: str) -> None:
    site, out, before = built
    text = VALID_FR.replace("access: free", f"access: {access}").format(extra="slug: huge\n") + body
    (site / ARTICLES / "huge.fr.md").write_text(text, encoding="utf-8")
    began = time.monotonic()
    result = run(site, out, timeout=60)
    seconds = time.monotonic() - began
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    if result.returncode == 0:
        page = out / "fr" / "articles" / "huge" / "index.html"
        assert page.is_file() and page.stat().st_size > 1000
    else:
        assert_reported(result, out, before, rf"{ARTICLES}/huge\.fr\.md")
    assert seconds < 60
    print(f"20 MB {access} body: exit {result.returncode} in {seconds:.1f} s")


# ---- an unreadable file -----------------------------------------------------------------------------------------------


def test_an_unreadable_file_is_a_clear_error(world: Path) -> None:
    """chmod 000 stops everyone but root. As root, the build runs as `nobody` (setpriv), so that the permission binds;
    without setpriv there is no honest way to make the file unreadable, and the test skips saying so."""
    site = tiny_site(world / "site")
    out = world / "parent" / "out"
    before = build_ok(site, out)
    prefix: list[str] = []
    if is_root():
        prefix = as_nobody()
        for path in [out.parent, *out.parent.rglob("*")]:
            os.chown(path, NOBODY, NOBODY, follow_symlinks=False)  # nobody may write the output, and read the site
    secret = site / ARTICLES / "u.fr.md"
    secret.write_text(VALID_FR.format(extra=""), encoding="utf-8")
    secret.chmod(0o000)
    probe = subprocess.run([*prefix, "cat", str(secret)], capture_output=True)
    assert probe.returncode != 0, "the probe could read a chmod 000 file"
    result = run(site, out, prefix=prefix)
    assert_reported(result, out, before, rf"{ARTICLES}/u\.fr\.md")
    assert "Permission denied" in result.stderr
