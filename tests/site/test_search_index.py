"""The search index keeps the first promise: Pagefind's files hold the public text of the pages, never withheld text.

Pagefind's files are gzip-compressed, with a 12-byte `pagefind_dcd` magic inside, so a raw grep finds nothing:
each is decompressed first. Fragments are JSON (a page's URL and its whole indexed text); indexes and metadata
are CBOR, read here by a small decoder. An index holds words as Pagefind's stemmer leaves them ("hydrograph",
not "hydrographes"), so the words of a withheld sentence are turned into Pagefind's own words by the same
binary before they are looked for in the word list.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections import defaultdict
from html import escape
from pathlib import Path

import pytest
from pagefind_bin import get_executable

from diptych import build, prepare
from tests.conftest import ROOT, run_build, snapshot, write_site
from tests.pagefind_files import Bundle, read_bundle, unpacked
from tests.site.test_leak import TEASERS, WITHHELD, forms, normal

LANGUAGES = ("fr", "en")
WORD = re.compile(r"\w+")
SEARCHED = ("article.html", "page.html")  # the templates whose pages carry data-pagefind-body


def pagefind_words(pages: dict[tuple[str, str], str]) -> dict[tuple[str, str], set[str]]:
    """Pagefind's own words (stemmed, folded) for each text, indexed as a page of its language: {(lang, name): text}."""
    binary = get_executable()
    assert binary is not None, "Pagefind's binary is not installed (pip install 'pagefind[bin]')"
    with tempfile.TemporaryDirectory() as tmp:
        site, bundle = Path(tmp, "site"), Path(tmp, "bundle")
        for (lang, name), text in pages.items():
            page = site / lang / name / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(
                f'<html lang="{lang}"><head><meta charset="utf-8"></head><body data-pagefind-body><p>{escape(text)}</p></body></html>',
                "utf-8",
            )
        run = subprocess.run(
            [str(binary), "--site", str(site), "--output-path", str(bundle), "--silent"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        read = read_bundle(bundle)
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lang, words in read.words.items():
        for word, urls in words.items():
            for url in urls:
                found[(lang, url.strip("/").split("/")[1])].add(word)
    return found


def words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(normal(text))}


# ---- the sample site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def public(sample_output: Path) -> Bundle:
    return read_bundle(sample_output / "pagefind")


@pytest.fixture(scope="module")
def full_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The subscriber edition of the sample: full texts, for a host behind a login."""
    out = tmp_path_factory.mktemp("full") / "output"
    result = run_build("--site", ROOT, "--edition", "full", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def distinctive(sample_output: Path) -> dict[str, dict[str, set[str]]]:
    """For each withheld sentence, per language: Pagefind's words for its words found in no public HTML text, less
    Pagefind's words for the public text (a public "sondages" and a withheld "sondes" would share one, "sond")."""
    public_text = "\n".join(normal(p.read_text(encoding="utf-8")) for p in sorted(sample_output.rglob("*.html")))
    public_words = words(public_text)
    pages = {(lang, "public"): public_text for lang in LANGUAGES}
    own = {f"s{i}": sorted(words(sentence) - public_words) for i, sentence in enumerate(WITHHELD)}
    pages |= {(lang, name): " ".join(ws) for name, ws in own.items() if ws for lang in LANGUAGES}
    stems = pagefind_words(pages)
    return {
        sentence: {lang: stems[(lang, f"s{i}")] - stems[(lang, "public")] for lang in LANGUAGES}
        for i, sentence in enumerate(WITHHELD)
    }


def test_every_public_file_decompressed_holds_no_withheld_sentence(sample_output: Path) -> None:
    scanned = pagefind = 0
    for path in sorted(p for p in sample_output.rglob("*") if p.is_file()):
        rel = path.relative_to(sample_output).as_posix()
        text = unpacked(path).decode("utf-8", errors="replace")
        flat = normal(text)
        for sentence in WITHHELD:
            for form in forms(sentence):
                assert form not in text, f"withheld text in {rel}: {sentence!r}"
            assert normal(sentence) not in flat, f"withheld text in {rel} (tags and spaces set aside): {sentence!r}"
        scanned += 1
        pagefind += rel.startswith("pagefind/") and rel.endswith((".pf_fragment", ".pf_index", ".pf_meta"))
    assert scanned > 50
    assert pagefind >= 10, "the scan must reach the index's fragments, indexes and metadata"


def engine(rel: str) -> bool:
    """Pagefind's program (scripts, styles, WebAssembly), the same for any site: its English comments are no content."""
    return rel.startswith("pagefind/") and "/" not in rel.removeprefix("pagefind/") and rel.endswith((".js", ".css", ".pagefind"))


def test_the_search_engine_files_hold_no_content(sample_output: Path, full_output: Path) -> None:
    """The same bytes in the public and subscriber editions: nothing of either edition's text is written into them."""
    public, full = snapshot(sample_output), snapshot(full_output)
    files = sorted(rel for rel in public if engine(rel))
    assert "pagefind/pagefind-worker.js" in files and "pagefind/wasm.fr.pagefind" in files
    assert [rel for rel in files if public[rel] != full.get(rel)] == []


def test_no_public_file_decompressed_holds_a_word_only_a_withheld_sentence_has(sample_output: Path) -> None:
    """The words themselves, unstemmed, in every file once gunzipped (the engine's files aside, checked above):
    fragments keep the text as it is written, and the index its accented words."""
    public_words = words("\n".join(normal(p.read_text(encoding="utf-8")) for p in sorted(sample_output.rglob("*.html"))))
    own = {w for sentence in WITHHELD for w in words(sentence) - public_words}
    assert len(own) >= 10, f"too few words only the withheld sentences have: {sorted(own)}"
    for path in sorted(
        p for p in sample_output.rglob("*") if p.is_file() and not engine(p.relative_to(sample_output).as_posix())
    ):
        found = own & {w.casefold() for w in WORD.findall(unpacked(path).decode("utf-8", errors="replace"))}
        assert not found, f"words of withheld sentences in {path.relative_to(sample_output)}: {sorted(found)}"


@pytest.mark.parametrize("sentence", WITHHELD)
def test_no_index_holds_a_word_only_a_withheld_sentence_has(
    public: Bundle, full_output: Path, distinctive: dict[str, dict[str, set[str]]], sentence: str
) -> None:
    """Its words, as Pagefind stems them in each language, are in neither word list; the subscriber index has them."""
    own = distinctive[sentence]
    assert any(own.values()), f"every word of {sentence!r} is also public: nothing to look for"
    for lang in LANGUAGES:
        leaked = {word: sorted(public.words[lang][word]) for word in own[lang] if word in public.words[lang]}
        assert not leaked, f"the {lang} index holds words of {sentence!r}: {leaked}"
    full = read_bundle(full_output / "pagefind")
    assert any(own[lang] & full.words[lang].keys() for lang in LANGUAGES), (
        f"the subscriber index lacks the words of {sentence!r}, {own}: the check above would see no leak"
    )


@pytest.mark.parametrize(("page", "sentence"), sorted(TEASERS.items()))
def test_each_teaser_is_in_its_page_fragment(public: Bundle, page: str, sentence: str) -> None:
    url = "/" + page.removesuffix("index.html")
    assert url in public.fragments, f"{url} is not indexed"
    assert normal(sentence) in normal(public.fragments[url]["content"])


def test_each_language_indexes_its_articles_and_free_standing_pages(sample_output: Path, public: Bundle) -> None:
    planned = prepare(ROOT).pages
    for lang in LANGUAGES:
        hrefs = sorted(page.href for page in planned if page.lang == lang and page.template in SEARCHED)
        assert all((sample_output / href.strip("/") / "index.html").is_file() for href in hrefs)
        assert len(hrefs) >= 7
        assert public.entry["languages"][lang]["page_count"] == len(hrefs)
        assert sorted(public.urls[lang]) == hrefs
    assert public.entry["languages"].keys() == set(LANGUAGES)


def test_the_notice_and_the_citation_are_not_indexed(sample_output: Path, public: Bundle) -> None:
    """`data-pagefind-ignore`: the paywall notice and how to cite are on the page, not in its indexed text."""
    url = "/fr/articles/relations-militaires-russie-belarus/"
    shown = normal((sample_output / url.strip("/") / "index.html").read_text(encoding="utf-8"))
    indexed = normal(public.fragments[url]["content"])
    for text in ["Il reste 93 % de l'article à lire", "Citer cet article", "Exporter la référence", "BibTeX"]:
        assert text in shown
        assert text not in indexed, f"{text!r} is indexed"


def test_the_subscriber_index_holds_the_withheld_sentences(full_output: Path) -> None:
    """The full texts are for subscribers: their index has what the public one must not, so its absence there means something."""
    full = read_bundle(full_output / "pagefind")
    content = "\n".join(normal(fragment["content"]) for fragment in full.fragments.values())
    missing = [sentence for sentence in WITHHELD if normal(sentence) not in content]
    assert not missing, f"not in the subscriber edition's index: {missing}"


# ---- identical rebuilds ------------------------------------------------------------------------
# tests/site/test_determinism.py compares every file of two builds, pagefind/ included; Pagefind orders the
# languages of pagefind-entry.json at random, which one more build finds only half the time. Checked here without luck.


def test_the_entry_file_is_written_in_its_one_sorted_form(sample_output: Path) -> None:
    data = (sample_output / "pagefind" / "pagefind-entry.json").read_bytes()
    canonical = json.dumps(json.loads(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    assert data == canonical


def test_rebuilds_give_the_same_pagefind_files(tmp_path: Path, sample_output: Path) -> None:
    reference = {k: v for k, v in snapshot(sample_output).items() if k.startswith("pagefind/")}
    assert "pagefind/pagefind-entry.json" in reference and len(reference) > 20
    for n in range(4):
        build(ROOT, tmp_path / str(n))
        again = {k: v for k, v in snapshot(tmp_path / str(n)).items() if k.startswith("pagefind/")}
        assert again.keys() == reference.keys()
        differ = sorted(k for k in reference if again[k] != reference[k])
        assert not differ, f"build {n + 2} wrote other bytes in {differ}"


# ---- other sites -------------------------------------------------------------------------------

ARTICLE = """\
    ---
    title: Un article
    abstract: Un résumé.
    authors: [Jeanne Morvan]
    date: 2019-06-12
    ---

    Premier paragraphe public.

    Second paragraphe public.

    Troisième paragraphe, réservé.
    """

PAGE = """\
    ---
    title: À propos
    slug: a-propos
    ---

    Une page libre.
    """


def test_a_site_in_a_subfolder_links_its_results_inside_it(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"content/articles/article.fr.md": ARTICLE, "content/pages/a-propos.fr.md": PAGE},
        site_yaml="title: {fr: Revue}\nbase_url: https://example.org/revue\nlanguages: [fr]\n"
        "paywall:\n  access: paywalled\n  teaser_paragraphs: 2\n",
    )
    build(site, tmp_path / "out")
    read = read_bundle(tmp_path / "out" / "pagefind")
    assert len(read.fragments) == 2
    for url in read.fragments:
        assert url.startswith("/revue/fr/"), url
        assert (tmp_path / "out" / url.removeprefix("/revue/") / "index.html").is_file(), url
    article = next(fragment["content"] for url, fragment in read.fragments.items() if "/articles/" in url)
    assert "Premier paragraphe public" in article
    assert "Troisième paragraphe" not in article


def test_a_site_with_nothing_to_search_publishes_no_index(tmp_path: Path) -> None:
    """Pagefind refuses an empty site; diptych then writes no pagefind/ folder (diptych/search.py, `files`)."""
    site = write_site(tmp_path / "site", {"content/issues/1.yaml": "volume: 1\nnumber: 1\ndate: 2019-06-01\n"})
    build(site, tmp_path / "out")
    assert (tmp_path / "out" / "fr" / "index.html").is_file()
    assert not (tmp_path / "out" / "pagefind").exists()


def test_a_site_with_nothing_to_search_links_no_missing_file(tmp_path: Path) -> None:
    """Its search pages must not load the index's script and style that were not written (a 404, a console error)."""
    site = write_site(tmp_path / "site", {"content/issues/1.yaml": "volume: 1\nnumber: 1\ndate: 2019-06-01\n"})
    out = tmp_path / "out"
    build(site, out)
    for path in sorted(out.rglob("*.html")):
        for link in re.findall(r'(?:src|href)="(/[^"#?]*)"', path.read_text(encoding="utf-8")):
            target = out / link.lstrip("/")
            assert target.is_file() or (target / "index.html").is_file(), f"{path.relative_to(out)} links {link}: missing"


def test_a_missing_pagefind_binary_is_a_clear_error_and_the_output_stays(tmp_path: Path, monkeypatch) -> None:
    """Pagefind's binary gone (a broken install): the build fails with one `site.yaml: search index: …` line that
    says how to mend it, and the previous output is left as it was."""
    import pagefind_bin

    from diptych.errors import BuildFailed

    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": ARTICLE})
    out = tmp_path / "out"
    build(site, out)
    before = snapshot(out)

    def gone():
        raise FileNotFoundError("Could not find any of [pagefind]")

    monkeypatch.setattr(pagefind_bin, "get_executable", gone)
    with pytest.raises(BuildFailed) as failed:
        build(site, out, cache=False)  # with the cache, an unchanged site needs no Pagefind: its index is kept
    [error] = failed.value.errors
    assert str(error.where.path) == "site.yaml"
    assert "search index: Pagefind could not run" in error.message
    # what to install, installed copy or clone alike: no requirements.txt beside an installed diptych
    assert error.message.endswith('(reinstall Pagefind where diptych is installed: pip install "pagefind[bin]==1.5.2")')
    assert snapshot(out) == before


def test_the_pagefind_the_message_names_is_the_one_pinned() -> None:
    from diptych.search import PAGEFIND

    assert f'"{PAGEFIND}",' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert PAGEFIND in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()


def test_a_pagefind_killed_by_a_signal_says_so_and_not_to_reinstall(tmp_path: Path, monkeypatch) -> None:
    """A Pagefind ended by a signal (the kernel's out-of-memory killer sends SIGKILL) did not fail for want of an
    installation: the message names the signal and memory, and the output stays."""
    import pagefind_bin

    from diptych.errors import BuildFailed

    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": ARTICLE})
    out = tmp_path / "out"
    build(site, out)
    before = snapshot(out)
    killed = tmp_path / "pagefind"
    killed.write_text("#!/bin/sh\nkill -9 $$\n", encoding="utf-8")
    killed.chmod(0o755)
    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: killed)
    with pytest.raises(BuildFailed) as failed:
        build(site, out, cache=False)
    [error] = failed.value.errors
    assert str(error.where.path) == "site.yaml"
    assert "Pagefind was killed by signal 9 (SIGKILL)" in error.message and "memory" in error.message
    assert "reinstall" not in error.message
    assert snapshot(out) == before


def test_a_title_that_says_the_index_mark_marks_no_page_and_keeps_the_delta(tmp_path: Path) -> None:
    """A title written "data-pagefind-body" shows on the home and list pages, escaped: they are not pages to index
    (Pagefind does not take them), so the index's pages are what Pagefind indexed and an edit still makes a delta."""
    article = ARTICLE.replace("title: Un article", 'title: "Le data-pagefind-body, un article"', 1)
    assert article != ARTICLE
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": article})
    out = tmp_path / "out"
    build(site, out)
    path = site / "content/articles/a.fr.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Premier paragraphe public.", "Premier paragraphe public, allongé.", 1), encoding="utf-8")
    build(site, out)
    assert (out / "pagefind-delta").is_dir(), "an added sentence keeps the whole index and a delta"
