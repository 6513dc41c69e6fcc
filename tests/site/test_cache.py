"""The build cache (.diptych-cache/): what it re-renders, and that no state of it ever spoils a build.

Every build here is compared with a build of the same files without the cache (`cold`), byte for byte.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import diptych
from diptych import cache as cache_module
from diptych.cache import FOLDER
from diptych.errors import BuildFailed
from tests.conftest import ROOT, copy_sample, run_build, snapshot
from tests.faults._helpers import slow_site
from tests.pagefind_files import assert_same_site

ESSAI_FR = "content/articles/essai.fr.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the sample site, with no cache yet."""
    return copy_sample(tmp_path / "site")


def cold(site: Path, tmp_path: Path) -> Path:
    out = tmp_path / f"cold-{time.monotonic_ns()}"
    diptych.build(site, out, cache=False)
    return out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pages_linking(out: Path, hrefs: set[str]) -> set[str]:
    """The pages (by URL) whose HTML links to one of `hrefs`, or is one of them: an oracle read from the output."""
    found = set()
    for page in out.rglob("index.html"):
        href = "/" + page.parent.relative_to(out).as_posix() + "/"
        href = "/" if href == "/./" else href
        html = page.read_text(encoding="utf-8")
        if href in hrefs or any(f'href="{h}"' in html for h in hrefs):
            found.add(href)
    return found


def test_without_the_cache_nothing_is_read_or_written(site: Path, tmp_path: Path) -> None:
    report = diptych.build(site, tmp_path / "out", cache=False)
    assert not (site / FOLDER).exists()
    assert len(report.rendered) == sum(report.pages.values()) and report.reused == 0


def test_a_rebuild_with_nothing_changed_leaves_the_output_alone(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    backdate(site)  # files written seconds before a build are looked at again by the next (racy)
    first = diptych.build(site, out)
    assert (site / FOLDER / "CACHEDIR.TAG").is_file()
    backdate(site / ESSAI_FR, by=5)  # its time changed, not its bytes: looked at, nothing rendered
    again = diptych.build(site, out)
    assert again.rendered == () and again.reused == sum(first.pages.values()) and not again.unchanged
    inode = out.stat().st_ino
    third = diptych.build(site, out)
    assert third.unchanged and third.pages == first.pages and third.warnings == first.warnings
    assert out.stat().st_ino == inode  # not even swapped
    assert_same_site(out, cold(site, tmp_path))


def backdate(path: Path, by: int = 10) -> None:
    """Set a file's times (or every file's under a folder) `by` seconds back."""
    then = time.time_ns() - by * 10**9
    for each in [path, *path.rglob("*")] if path.is_dir() else [path]:
        os.utime(each, ns=(then, then))


def test_one_article_edited_renders_exactly_the_pages_that_show_it(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    diptych.build(site, out)
    edit(site / ESSAI_FR, "Une petite marine peut-elle", "Une toute petite marine peut-elle")
    report = diptych.build(site, out)
    own = {"/fr/articles/dissuasion-en-mer/"} | {h for h in _article_hrefs(out, "essai")}
    expected = pages_linking(out, own)
    assert set(report.rendered) == expected, set(report.rendered) ^ expected
    assert 0 < len(report.rendered) < sum(report.pages.values()) / 3
    assert_same_site(out, cold(site, tmp_path))


def _article_hrefs(out: Path, key: str) -> set[str]:
    """The URLs of an article's pages, read from the JATS or RIS files named after it? No: from their canonical."""
    found = set()
    for page in (out / "fr" / "articles").glob("*/index.html"):
        if "dissuasion" in page.parent.name:
            found.add(f"/fr/articles/{page.parent.name}/")
    for page in (out / "en" / "articles").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        if 'hreflang="fr" href="https://revue.example.org/fr/articles/dissuasion-en-mer/"' in html:
            found.add(f"/en/articles/{page.parent.name}/")
    assert len(found) == 2, found
    return found


def test_a_template_change_renders_the_pages_that_use_it_and_no_other(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    diptych.build(site, out)
    (site / "templates").mkdir()
    page = (ROOT / "templates" / "page.html").read_text(encoding="utf-8")
    (site / "templates" / "page.html").write_text(page.replace("{% block main %}", "{% block main %}<!-- v2 -->", 1))
    report = diptych.build(site, out)
    free_standing = {h for h in report.rendered if "/articles/" not in h}
    assert set(report.rendered) == free_standing and len(report.rendered) == 4, report.rendered  # 2 pages x 2 languages
    assert_same_site(out, cold(site, tmp_path))


def test_a_catalog_change_renders_again_and_shows(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    diptych.build(site, out)
    catalog = site / "locales/fr/LC_MESSAGES/messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Article outline"\nmsgstr "Sommaire"\n'
    )
    report = diptych.build(site, out)
    assert report.rendered and not report.unchanged
    assert "Sommaire" in (out / "fr/articles/dissuasion-en-mer/index.html").read_text(encoding="utf-8")
    assert_same_site(out, cold(site, tmp_path))


def test_a_damaged_cache_is_a_slower_build_never_a_wrong_one(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    diptych.build(site, out)
    root = next((site / FOLDER).glob("v*"))
    objects = sorted(p for p in (root / "objects").rglob("*") if p.is_file())
    for path in random.Random(1).sample(objects, len(objects) // 3):
        path.unlink()  # objects lost
    (root / "pages-public.json").write_bytes(b'{"code": "x", "pages": [1, 2')  # an index cut short
    for stamp in root.glob("stamp-*.json"):
        stamp.write_text("{}")
    for source in list((next(root.glob("sources-*"))).rglob("*"))[:5]:
        if source.is_file():
            source.write_bytes(b"\x80\x04not a pickle")
    edit(site / ESSAI_FR, "Une petite marine", "Une marine")
    diptych.build(site, out)
    assert_same_site(out, cold(site, tmp_path))
    shutil.rmtree(site / FOLDER)  # deleted between two builds
    diptych.build(site, out)
    assert_same_site(out, cold(site, tmp_path))


def test_a_cache_written_by_another_diptych_is_not_read(site: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    first = diptych.build(site, out)
    monkeypatch.setattr(cache_module, "code_digest", lambda: "another-version")
    again = diptych.build(site, out)
    assert not again.unchanged and len(again.rendered) == sum(first.pages.values())
    assert_same_site(out, cold(site, tmp_path))


def test_an_output_changed_by_hand_is_built_again(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    diptych.build(site, out)
    (out / "fr" / "index.html").unlink()
    page = out / "en" / "index.html"
    data = page.read_bytes()
    page.unlink()
    page.write_bytes(data.replace(b"<main", b"<main data-x", 1))  # another file at that path
    report = diptych.build(site, out)
    assert not report.unchanged
    assert_same_site(out, cold(site, tmp_path))


def test_a_change_that_keeps_size_and_time_is_still_seen(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = site / ESSAI_FR
    before = path.stat()
    diptych.build(site, out)
    edit(path, "Une petite marine", "Une PETITE marine")  # as many bytes
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the time it had
    report = diptych.build(site, out)
    assert not report.unchanged and report.rendered
    assert b"PETITE" in (out / "fr/articles/dissuasion-en-mer/index.html").read_bytes()


def test_a_failed_incremental_build_leaves_the_output_as_it_was(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    diptych.build(site, out)
    before = snapshot(out)
    edit(site / ESSAI_FR, "title:", "title: [unclosed")
    with pytest.raises(BuildFailed):
        diptych.build(site, out)
    assert snapshot(out) == before
    edit(site / ESSAI_FR, "title: [unclosed", "title:")
    report = diptych.build(site, out)
    assert snapshot(out) == before and report.rendered == ()


def test_the_command_says_what_the_cache_did(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_build("--site", site, "--out", out)
    assert first.returncode == 0 and " rendered" in first.stdout
    edit(site / ESSAI_FR, "Une petite marine", "Une marine")
    verbose = run_build("--site", site, "--out", out, "--verbose")
    assert "rendered /fr/articles/dissuasion-en-mer/" in verbose.stdout and "from the cache" in verbose.stdout
    time.sleep(RACY_WAIT)
    quiet = run_build("--site", site, "--out", out, "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    same = run_build("--site", site, "--out", out)
    assert same.stdout.startswith("nothing changed"), same.stdout
    bypass = run_build("--site", site, "--out", out, "--no-cache")
    assert "from the cache" not in bypass.stdout and not bypass.stdout.startswith("nothing changed")


RACY_WAIT = 2.1  # seconds: a file changed closer than this to a build is looked at again by the next


# ---- killed while it fills the cache ---------------------------------------------------------------------------------


def test_a_build_killed_while_filling_the_cache_never_spoils_the_next(tmp_path: Path) -> None:
    site = slow_site(tmp_path / "site", 40)
    out = tmp_path / "out"
    command = [sys.executable, str(ROOT / "build.py"), "--site", str(site), "--out", str(out)]
    began = time.monotonic()
    assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
    duration = time.monotonic() - began
    draw = random.Random(7)
    for round_ in range(6):
        article = site / f"content/articles/{draw.randrange(40):04d}.fr.md"
        article.write_text(article.read_text(encoding="utf-8") + f"\nAjout {round_}.\n", encoding="utf-8")
        if round_ % 2:
            shutil.rmtree(site / FOLDER, ignore_errors=True)  # a cold build's many writes, killed
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(draw.uniform(0.2, 1.0) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
        assert_same_site(out, cold(site, tmp_path), f"round {round_}: the build after a kill differs from a cold one")


def test_files_from_the_cache_have_the_modes_of_files_written_afresh(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    diptych.build(site, out)
    backdate(site / "site.yaml", by=5)  # everything from the cache, search index included
    assert diptych.build(site, out).rendered == ()
    fresh = tmp_path / "fresh"
    diptych.build(site, fresh, cache=False)

    def modes(folder: Path) -> dict[str, int]:
        return {p.relative_to(folder).as_posix(): p.stat().st_mode for p in folder.rglob("*")}

    assert modes(out) == modes(fresh)
    assert all(mode & 0o004 for mode in modes(out).values())  # a web server running as another user reads them


def test_a_file_saved_while_it_is_parsed_is_not_kept_under_the_bytes_before(site: Path, tmp_path: Path, monkeypatch) -> None:
    """The parsed form of a file saved again between its hashing and its parsing is not kept under the first bytes'
    hash: the site put back to those bytes would read the later text's parse, and fail at every build."""
    from diptych.load import parse

    path = site / "content/articles/phares.fr.md"
    first = path.read_bytes()
    edit(path, "se dressent aujourd’hui six phares.", "se dressent aujourd’hui six phares, relus.")
    later = path.read_bytes()
    read = parse.read_document

    def saved_again(at: Path, where):  # the editor saves once more as the build reads the file
        if at.name == path.name:
            path.write_bytes(first)
        return read(at, where)

    monkeypatch.setattr(parse, "read_document", saved_again)
    diptych.build(site, tmp_path / "out", jobs=1)
    monkeypatch.undo()
    path.write_bytes(later)  # the bytes hashed during that build, read again
    diptych.build(site, tmp_path / "out", jobs=1)
    assert_same_site(tmp_path / "out", cold(site, tmp_path))


def test_the_collector_keeps_what_each_record_names_a_search_vocabulary_included() -> None:
    from diptych.cache import PageRecord, SearchRecord

    page = PageRecord((("fr/index.html", "p1"),))
    whole = SearchRecord((("pagefind/a", "s1"),), pages=(("/fr/", "p1"),), ids=(("/fr/", "fr_1"),), vocabulary="v1")
    delta = SearchRecord((("pagefind/a", "s1"), ("pagefind-delta/b", "d1")), base="k1", stale=("fr_1",), delta=("fr_2",))
    index = {"pages": {"k": page.as_json()}, "search": {"k1": whole.as_json(), "k2": delta.as_json(), "odd": [1, 2]}}
    assert cache_module._named(index) == {"p1", "s1", "v1", "d1"}  # a record of another format names nothing
