"""A language with more pages than one search index may hold (site.yaml's `search_index_pages`) is indexed in parts,
spans of volumes searched together (diptych/search/parts.py): a reader finds what one index lets them find, no part
holds withheld text, and the parts follow the edits as one index does (a delta over them, or all made again).

The sample's French index holds 8 pages (5 articles of volume 75, the others outside any volume): with parts of at
most 3 pages, volume 75 is cut by address and the rest make a last part.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import diptych
from diptych.search.parts import folder, part_number, spans
from tests.conftest import SITE_YAML, snapshot, write_site
from tests.pagefind_files import findable, hidden, parts, read_bundle, reading, unpacked
from tests.site.test_leak import WITHHELD, normal
from tests.site.test_search_delta import CARTES, compacted, edit, marker_moved_up, rebuild, sample, search_files, search_text
from tests.site.test_search_index import engine

WORD = re.compile(r"\w+")
LIMIT = 3


def in_parts(site: Path, limit: int = LIMIT) -> Path:
    path = site / "site.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"search_index_pages: {limit}\n", encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def parted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample in parts of 3 pages, built cold, and in one index: (parts, one)."""
    work = tmp_path_factory.mktemp("parts")
    one = sample(work / "one")
    diptych.build(one, work / "one-out", cache=False)
    site = in_parts(sample(work / "site"))
    diptych.build(site, work / "out", cache=False)
    return work / "out", work / "one-out"


# ---- the spans, on their own ------------------------------------------------------------------------------------


def test_parts_are_spans_of_whole_volumes_oldest_first_within_the_limit() -> None:
    pages = [(f"/a/{v}-{n}/", v) for v, count in ((3, 2), (1, 2), (2, 1), (4, 3)) for n in range(count)]
    assert spans(pages, 3) == [
        ["/a/1-0/", "/a/1-1/", "/a/2-0/"],
        ["/a/3-0/", "/a/3-1/"],
        ["/a/4-0/", "/a/4-1/", "/a/4-2/"],
    ]
    assert spans(pages, 100) == [sorted(href for href, _ in pages)], "under the limit: one index"


def test_pages_outside_any_volume_come_last() -> None:
    pages = [("/p/about/", None), ("/a/1/", 1), ("/a/2/", 2), ("/p/subscribe/", None)]
    assert spans(pages, 2) == [["/a/1/", "/a/2/"], ["/p/about/", "/p/subscribe/"]]


def test_a_volume_larger_than_a_part_is_cut_by_address_and_no_part_exceeds_the_limit() -> None:
    pages = [("/a/0/", 1), *((f"/b/{n}/", 2) for n in range(5)), ("/c/0/", 3)]
    cut = spans(pages, 2)
    assert cut == [["/a/0/"], ["/b/0/", "/b/1/"], ["/b/2/", "/b/3/"], ["/b/4/", "/c/0/"]]
    assert all(len(part) <= 2 for part in cut)
    assert sorted(href for part in cut for href in part) == sorted(href for href, _ in pages)


def test_a_new_volume_changes_only_the_last_part() -> None:
    pages = [(f"/a/{v}-{n}/", v) for v in range(1, 7) for n in range(3)]
    newer = [*pages, *((f"/a/7-{n}/", 7) for n in range(3))]
    before, after = spans(pages, 7), spans(newer, 7)
    assert after[: len(before) - 1] == before[:-1]


def test_the_parts_folders_are_the_index_then_numbered() -> None:
    assert [folder("pagefind", n) for n in range(3)] == ["pagefind", "pagefind-2", "pagefind-3"]
    from pathlib import PurePosixPath

    assert part_number("pagefind", PurePosixPath("pagefind/fragment/x.pf_fragment")) == 0
    assert part_number("pagefind", PurePosixPath("pagefind-12/pagefind-entry.json")) == 11
    assert part_number("pagefind", PurePosixPath("pagefind-delta/pagefind-entry.json")) is None


# ---- the sample in parts ----------------------------------------------------------------------------------------


def test_a_language_past_the_limit_is_indexed_in_parts_searched_together(parted: tuple[Path, Path]) -> None:
    out, one = parted
    found = parts(out)
    assert set(found) == {"fr", "en"} and all(len(folders) >= 2 for folders in found.values()), found
    for lang, folders in found.items():
        for name in ["pagefind", *folders]:
            bundle = read_bundle(out / name)
            pages = [url for url in bundle.urls[lang] if "/_diptych_vocabulary_/" not in url]
            assert 1 <= len(pages) <= LIMIT, f"{name} holds {len(pages)} {lang} pages"
    assert findable(out) == findable(one), "every page and word found in the parts is found in one index, and only those"
    assert not parts(one) and not (one / "pagefind-2").exists()


def test_a_part_carries_only_its_index_the_search_page_runs_the_first_ones_program(parted: tuple[Path, Path]) -> None:
    out, _ = parted
    for name in {f for folders in parts(out).values() for f in folders}:
        assert not [p for p in (out / name).rglob("*") if p.suffix in (".js", ".css")], f"{name} carries a program"
        assert (out / name / "pagefind-entry.json").is_file()
    module = (out / "pagefind/diptych/pagefind.js").read_text(encoding="utf-8")
    assert '"parts":["pagefind-2"' in module


def test_no_part_holds_a_word_only_a_withheld_sentence_has(parted: tuple[Path, Path]) -> None:
    out, _ = parted
    public = {w.casefold() for p in sorted(out.rglob("*.html")) for w in WORD.findall(normal(p.read_text(encoding="utf-8")))}
    own = {w.casefold() for sentence in WITHHELD for w in WORD.findall(normal(sentence))} - public
    assert len(own) >= 10, sorted(own)
    files = [p for p in sorted(out.glob("pagefind*/**/*")) if p.is_file() and not engine(p.relative_to(out).as_posix())]
    assert any(p.parent.name == "fragment" for p in files) and any(p.parts[-3].startswith("pagefind-") for p in files)
    for path in files:
        text = unpacked(path).decode("utf-8", errors="replace")
        found = own & {w.casefold() for w in WORD.findall(text)}
        assert not found, f"words of withheld sentences in {path.relative_to(out)}: {sorted(found)}"
    assert not any(normal(sentence).encode() in search_text(out) for sentence in WITHHELD)


def test_two_builds_in_parts_are_byte_identical(parted: tuple[Path, Path], tmp_path: Path) -> None:
    out, _ = parted
    site = in_parts(sample(tmp_path / "site"))
    diptych.build(site, tmp_path / "out")  # with the cache this time: the same bytes
    assert snapshot(tmp_path / "out") == snapshot(out)


def test_an_edit_over_parts_is_a_delta_and_finds_what_a_cold_build_finds(tmp_path: Path) -> None:
    site = in_parts(sample(tmp_path / "site"))
    out = tmp_path / "out"
    diptych.build(site, out)
    before = {rel: data for rel, data in search_files(out).items() if not rel.startswith("pagefind/diptych/")}
    edit(site, CARTES, "## Une géographie contestée\n", "## Une géographie contestée\n\nUne phrase zorglub ajoutée.\n")
    rebuild(site, out, tmp_path / "cold")
    assert (out / "pagefind-delta").is_dir() and len(hidden(out)["fr"]) == 2, "the page hidden, and the page of words"
    after = search_files(out)
    assert {rel: after[rel] for rel in before} == before, "every part kept as it was"
    assert set(parts(out)) == set(parts(tmp_path / "cold"))


def test_a_marker_moved_up_over_parts_makes_every_part_again_without_the_withheld_text(tmp_path: Path) -> None:
    site = in_parts(sample(tmp_path / "site"))
    out = tmp_path / "out"
    diptych.build(site, out)
    edit(site, CARTES, "## Une géographie contestée\n", "## Une géographie contestée\n\nUne phrase zorglub ajoutée.\n")
    diptych.build(site, out)
    assert (out / "pagefind-delta").is_dir(), "first a delta over the parts"
    assert "relevé pour chacune".encode() in search_text(out)
    marker_moved_up(site)
    rebuild(site, out, tmp_path / "cold")
    compacted(out, tmp_path / "cold")
    assert parts(out) == parts(tmp_path / "cold") and set(parts(out)) == {"fr", "en"}
    assert "relevé pour chacune".encode() not in search_text(out), "the newly withheld text is in a part"


def test_search_index_pages_must_be_a_positive_number(tmp_path: Path) -> None:
    site = sample(tmp_path / "site")
    path = site / "site.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "search_index_pages: 0\n", encoding="utf-8")
    with pytest.raises(diptych.BuildFailed) as failed:
        diptych.build(site, tmp_path / "out")
    assert any("search_index_pages" in error.message and error.where.path.name == "site.yaml" for error in failed.value.errors)
    assert not (tmp_path / "out").exists()


def twins(tmp_path: Path, bodies: list[str], limit: int) -> Path:
    """A French site of free articles outside any issue (so no volume label in their text), with the same title and
    abstract, whose bodies are given: cut by address into parts."""
    files = {
        f"content/articles/a{n}.fr.md": f'---\ntitle: "Article commun"\nabstract: "Résumé commun."\ndate: 20{10 + n}-02-01\n'
        f"access: free\nslug: article-{n}\n---\n\n{body}\n"
        for n, body in enumerate(bodies)
    }
    site = write_site(tmp_path / "site", files, SITE_YAML.replace("[fr, en]", "[fr]").replace(', en: "Test Journal"', ""))
    return in_parts(site, limit)


@pytest.mark.parametrize(
    "bodies",
    [["Texte commun ici."] * 4, ["Texte commun — ici.", "Texte commun ici.", "Texte commun ici.", "Texte — commun ici."]],
    ids=["the same words", "a dash more"],
)
def test_parts_that_lack_no_word_need_no_page_of_words(tmp_path: Path, bodies: list[str]) -> None:
    """Pagefind leaves out a page without a word: a part lacking no other part's word (or only a piece without a
    word, a dash) has no page of words, and the build does not look for one."""
    site = twins(tmp_path, bodies, limit=2)
    diptych.build(site, tmp_path / "out", cache=False)
    assert parts(tmp_path / "out") == {"fr": ["pagefind-2"]}
    assert reading(tmp_path / "out")["fr"]["words"] == []
    one = twins(tmp_path / "one", bodies, limit=100)
    diptych.build(one, tmp_path / "one-out", cache=False)
    assert findable(tmp_path / "out") == findable(tmp_path / "one-out")


def test_no_more_pagefinds_run_at_once_than_the_build_has_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind's memory is bounded by a part times the Pagefinds at once: those follow --jobs (and the cores this
    process may use), not the machine's count of cores."""
    import pagefind_bin

    real, log = pagefind_bin.get_executable(), tmp_path / "runs.log"
    slow = tmp_path / "pagefind"
    slow.write_text(f'#!/bin/sh\necho "+ $$" >> {log}\nsleep 0.3\n"{real}" "$@"\ns=$?\necho "- $$" >> {log}\nexit $s\n', "utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: slow)
    site = in_parts(sample(tmp_path / "site"))
    diptych.build(site, tmp_path / "out", cache=False, jobs=1)
    running, most, runs = 0, 0, 0
    for line in log.read_text(encoding="utf-8").splitlines():
        running += 1 if line.startswith("+") else -1
        runs += line.startswith("+")
        most = max(most, running)
    assert runs >= 6 and most == 1, f"{runs} Pagefind runs, at most {most} at once with jobs=1"
