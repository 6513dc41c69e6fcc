"""Front matter values read as what they say, on tiny sites: an issue written as a number is that issue's key (an
error at its line when there is none, never a traceback), a share left to read is a whole number, a PDF path has no
empty segment."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_build, write_site

FRONT = "---\ntitle: Titre\nabstract: Résumé.\ndate: 2020-01-01\n{extra}---\n"


def article(extra: str = "", text: str = "Texte.\n") -> str:
    return FRONT.format(extra=extra) + text


def build(tmp_path: Path, files: dict[str, str]):
    site = write_site(tmp_path / "site", files)
    out = tmp_path / "out"
    return run_build("--site", site, "--out", out), out


def test_an_unknown_issue_written_as_a_number_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result, _ = build(tmp_path, {"content/articles/a.fr.md": article("issue: 2021\n")})
    assert result.returncode == 1
    assert "content/articles/a.fr.md:5: unknown issue '2021'" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_issue_written_as_a_number_that_exists_builds(tmp_path: Path) -> None:
    files = {"content/articles/a.fr.md": article("issue: 2021\n"), "content/issues/2021.yaml": "date: 2021-01-01\n"}
    result, out = build(tmp_path, files)
    assert result.returncode == 0, result.stderr
    assert (out / "fr" / "numeros" / "2021" / "index.html").is_file()


def test_remaining_percent_is_a_whole_number(tmp_path: Path) -> None:
    result, _ = build(tmp_path, {"content/articles/a.fr.md": article("remaining_percent: 0.4\n")})
    assert result.returncode == 1
    assert "content/articles/a.fr.md:5: 'remaining_percent' must be a whole number from 0 to 100, not a number" in result.stderr


def test_a_pdf_path_with_an_empty_segment_is_an_error(tmp_path: Path) -> None:
    result, _ = build(tmp_path, {"content/articles/a.fr.md": article("access: free\npdf: a//b.pdf\n")})
    assert result.returncode == 1
    assert "content/articles/a.fr.md:6: 'pdf' must be an http(s) URL or a .pdf file beside the article" in result.stderr
