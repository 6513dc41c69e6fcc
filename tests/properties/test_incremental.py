"""Incremental builds equal cold builds: after any sequence of edits, each built with the cache, the output is byte
for byte what a build without the cache makes of the same files, but for how the search index is split (a whole
index and a delta of the pages edited since, diptych/search/delta.py): there a reader must find the same pages for
every word (tests/pagefind_files.py, `findable`).

The edits are those a publisher makes: a word in a teaser or in the withheld part, a title, a keyword, an issue's
title, an article added or removed, a figure replaced, a file saved unchanged, a template or a catalog overridden,
the settings changed, an edit undone. Each sequence starts from a copy of the sample site with an empty cache.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import diptych
from diptych.errors import BuildFailed
from tests.conftest import ROOT, snapshot
from tests.pagefind_files import assert_same_site

BUDGET = max(4, settings.default.max_examples // 8)  # each example builds the sample up to ten times
ARTICLES = (
    "content/articles/essai.fr.md",
    "content/articles/essai.en.md",
    "content/articles/phares.fr.md",
    "content/articles/2019/russie-belarus/alliance.fr.md",
    "content/articles/2019/detroits.en.md",
)


def _sub(site: Path, rel: str, pattern: str, replacement: str) -> None:
    path = site / rel
    if path.exists():
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE), encoding="utf-8")


def teaser_word(site: Path, rel: str, token: str) -> None:
    _sub(site, rel, r"\A(---\n(?:.*\n)*?---\n)", rf"\1\nParagraphe {token} ajouté en tête.\n\n")


def withheld_word(site: Path, rel: str, token: str) -> None:
    path = site / rel
    if path.exists():
        path.write_text(path.read_text(encoding="utf-8") + f"\nUne phrase {token} ajoutée à la fin.\n", encoding="utf-8")


def title(site: Path, rel: str, token: str) -> None:
    _sub(site, rel, r"^title: (\"?)", rf"title: \g<1>{token} ")


def keyword(site: Path, rel: str, token: str) -> None:
    _sub(site, rel, r"^keywords: \[", f"keywords: [{token}, ")


def issue_title(site: Path, rel: str, token: str) -> None:
    _sub(site, "content/issues/2019-2.yaml", r'fr: "', f'fr: "{token} ')


def remove(site: Path, rel: str, token: str) -> None:
    (site / rel).unlink(missing_ok=True)


def add_article(site: Path, rel: str, token: str) -> None:
    (site / f"content/articles/neuf-{token}.fr.md").write_text(
        f'---\ntitle: "Article {token}"\nabstract: "Résumé {token}."\nauthors: [Jeanne {token.capitalize()}]\n'
        f"date: 2019-07-0{len(token) % 9 + 1}\nissue: 2019-3\nkeywords: [phares, {token}]\n---\n\n"
        f"Premier paragraphe {token}.\n\nSecond paragraphe.\n\nTroisième.\n\n## Suite\n\nRetenu {token}.\n",
        encoding="utf-8",
    )


def figure(site: Path, rel: str, token: str) -> None:
    path = site / "content/articles/phare-schema.png"
    path.write_bytes(path.read_bytes() + token.encode())  # after the PNG's end: the same image, other bytes


def touch(site: Path, rel: str, token: str) -> None:
    path = site / rel
    if path.exists():
        path.write_bytes(path.read_bytes())


def template(site: Path, rel: str, token: str) -> None:
    path = site / "templates/article.html"
    source = path if path.exists() else ROOT / "templates/article.html"
    text = source.read_text(encoding="utf-8")
    path.parent.mkdir(exist_ok=True)
    path.write_text(text.replace("{% block main %}", f"{{% block main %}}<!-- {token} -->", 1), encoding="utf-8")


def catalog(site: Path, rel: str, token: str) -> None:
    path = site / "locales/fr/LC_MESSAGES/messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Article outline"\nmsgstr "Plan {token}"\n'
    )


def setting(site: Path, rel: str, token: str) -> None:
    _sub(site, "site.yaml", r"teaser_paragraphs: \d+", f"teaser_paragraphs: {len(token) % 3 + 2}")


def undo(site: Path, rel: str, token: str) -> None:
    original = ROOT / rel
    if original.exists():
        shutil.copyfile(original, site / rel)


EDITS = [teaser_word, withheld_word, title, keyword, issue_title, remove, add_article, figure, touch, template, catalog]
EDITS += [setting, undo]
edit = st.tuples(st.sampled_from(EDITS), st.sampled_from(ARTICLES), st.text("abcdefghij", min_size=3, max_size=6))


def sample_copy(into: Path) -> Path:
    into.mkdir(parents=True)
    shutil.copyfile(ROOT / "site.yaml", into / "site.yaml")
    shutil.copytree(ROOT / "content", into / "content")
    return into


@settings(max_examples=BUDGET, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(edit, min_size=1, max_size=4))
def test_any_sequence_of_incremental_builds_gives_the_cold_build(tmp_path_factory, edits) -> None:
    work = tmp_path_factory.mktemp("incremental")
    site = sample_copy(work / "site")
    out = work / "out"
    diptych.build(site, out)
    for step, (change, rel, token) in enumerate(edits):
        before = snapshot(site / "content")
        change(site, rel, token)
        shown = change in (title, keyword, issue_title, add_article) and snapshot(site / "content") != before
        note(f"step {step}: {change.__name__}({rel}, {token})")
        cold = work / f"cold-{step}"
        previous = snapshot(out)
        try:
            report = diptych.build(site, out)
        except BuildFailed as failed:  # an edit may break the content (an article left without its date, say)
            with pytest.raises(BuildFailed) as without_cache:
                diptych.build(site, cold, cache=False)
            assert [str(e) for e in failed.errors] == [str(e) for e in without_cache.value.errors]
            assert snapshot(out) == previous  # and the failed build left the output as it was
            continue
        diptych.build(site, cold, cache=False)
        built = snapshot(out)
        assert_same_site(out, cold, f"after {[(c.__name__, r, t) for c, r, t in edits[: step + 1]]}")
        if shown:  # the edit did reach the site: the comparison is not between two stale outputs
            assert any(token.encode() in data for data in built.values()), f"{change.__name__}: {token} not in the output"
        assert report.reused or report.unchanged or change in (setting, template, catalog)
