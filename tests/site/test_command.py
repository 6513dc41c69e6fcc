"""`python build.py`: relative --site and --out, and the summary line."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_build, write_site

ARTICLE = "---\ntitle: Un\nabstract: Résumé.\ndate: 2019-06-12\nauthors: [Jeanne Morvan]\n---\n\nUn.\n\nDeux.\n\nTrois.\n"
CONTENT = {
    "content/articles/a.fr.md": ARTICLE,
    "content/articles/a.en.md": "---\ntitle: One\nabstract: Abstract.\n---\n",
    "content/articles/b.fr.md": ARTICLE.replace("title: Un", "title: Deux"),
}
SUMMARY = re.compile(
    r"^built (\d+) pages \(en (\d+), fr (\d+), (\d+) in every language\) into (.+): (\d+) rendered, "
    r"(\d+) warning\(s\), in (\d+\.\d\d) s$"
)


def test_relative_site_and_out_from_another_folder(tmp_path: Path) -> None:
    write_site(tmp_path / "journal" / "site", CONTENT)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_build("--site", "../journal/site", "--out", "../journal/public", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "journal" / "public"
    assert (out / "index.html").is_file()
    assert (out / "fr" / "articles" / "a" / "index.html").is_file()
    assert not (elsewhere / "public").exists() and list(elsewhere.iterdir()) == []
    assert not (tmp_path / "journal" / "site" / "output").exists()


def test_out_defaults_to_output_in_the_site_folder(tmp_path: Path) -> None:
    write_site(tmp_path / "site", CONTENT)
    result = run_build("--site", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "output" / "fr" / "index.html").is_file()


def test_the_summary_line_counts_pages_per_language_warnings_and_time(tmp_path: Path) -> None:
    write_site(tmp_path / "site", CONTENT)
    out = tmp_path / "out"
    result = run_build("--site", tmp_path / "site", "--out", out)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    match = SUMMARY.match(lines[0])
    assert match, lines[0]
    total, en, fr, shared, into, rendered, warnings, seconds = match.groups()
    assert rendered == total  # a first build: no cache yet, every page rendered
    html = [p.relative_to(out).as_posix() for p in out.rglob("*.html")]
    assert int(fr) == sum(1 for p in html if p.startswith("fr/"))
    assert int(en) == sum(1 for p in html if p.startswith("en/"))
    assert int(shared) == sum(1 for p in html if "/" not in p)  # the landing page and 404.html
    assert int(total) == len(html) == int(fr) + int(en) + int(shared)
    assert into == str(out)
    assert int(warnings) == 0 and result.stderr == ""
    assert 0 < float(seconds) < 60


def test_warnings_are_counted_in_the_summary_and_printed_with_their_file(tmp_path: Path) -> None:
    # a paywalled article shorter than its teaser gives everything away: a warning, not an error
    short = "---\ntitle: Court\nabstract: Résumé.\ndate: 2019-06-12\n---\n\nUn seul paragraphe.\n"
    write_site(tmp_path / "site", {**CONTENT, "content/articles/court.fr.md": short})
    result = run_build("--site", tmp_path / "site", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    match = SUMMARY.match(result.stdout.strip())
    assert match and match[7] == "1", result.stdout
    assert "content/articles/court.fr.md" in result.stderr and "warning" in result.stderr
