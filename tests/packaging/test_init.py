"""`diptych init DIR`: a new journal's folder that builds and checks clean at once, refuses a folder that is not empty,
and never overwrites a file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_build, snapshot

STARTER = [
    ".gitignore",
    "README.md",
    "content/articles/first-article.en.md",
    "content/articles/first-article.fr.md",
    "content/articles/note.fr.md",
    "content/issues/{year}-1.yaml",
    "content/pages/about.en.md",
    "content/pages/about.fr.md",
    "site.yaml",
]


def init(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_build("init", folder, *args)


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_new_journal_builds_without_a_warning_and_checks_clean(tmp_path: Path) -> None:
    journal = tmp_path / "revue"
    made = init(journal, "--title", "Revue d'essai : études", "--base-url", "https://revue.example.org/essai")
    assert made.returncode == 0, made.stderr
    year = next((journal / "content" / "issues").glob("*.yaml")).stem.split("-")[0]
    assert files(journal) == sorted(name.format(year=year) for name in STARTER)
    built = run_build("--site", journal)
    assert (built.returncode, built.stderr) == (0, ""), built.stderr
    checked = run_build("check", "--site", journal)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.splitlines() == ["content/articles/note.fr.md:1: warning: no English version (note.en.md)"]
    assert checked.stdout.startswith("check: 0 error(s), 1 warning(s)"), checked.stdout
    home = (journal / "output" / "fr" / "index.html").read_text()
    assert "Revue d’essai : études" in home or "Revue d'essai : études" in home


def test_the_starter_article_is_paywalled_at_its_marker(tmp_path: Path) -> None:
    journal = tmp_path / "revue"
    assert init(journal).returncode == 0
    source = (journal / "content/articles/first-article.fr.md").read_text()
    assert "\n<!-- paywall -->\n" in source
    withheld = "Le texte entier, dans l’édition des abonnés"
    assert withheld in source.split("\n<!-- paywall -->\n")[1]
    assert run_build("--site", journal).returncode == 0
    public = b"".join(snapshot(journal / "output").values()).decode("utf-8", "replace")
    assert withheld not in public
    page = (journal / "output/fr/articles/premier-article/index.html").read_text()
    assert "Ce que voit l’abonné" in page  # the withheld part's heading, in the outline
    assert "Il reste" in page  # the share left to read
    full = run_build("--site", journal, "--edition", "full")
    assert full.returncode == 0, full.stderr
    assert withheld in (journal / "output-full/fr/articles/premier-article/index.html").read_text()


def test_a_folder_that_is_not_empty_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    journal = tmp_path / "revue"
    journal.mkdir()
    (journal / "notes.txt").write_text("mine")
    result = init(journal)
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"init: {journal} is not empty (--force writes beside what is there, never over a file); nothing written"
    )
    assert files(journal) == ["notes.txt"]


def test_force_writes_beside_what_is_there_and_never_over_a_file(tmp_path: Path) -> None:
    journal = tmp_path / "revue"
    journal.mkdir()
    (journal / "notes.txt").write_text("mine")
    assert init(journal, "--force").returncode == 0
    assert (journal / "notes.txt").read_text() == "mine"
    assert "site.yaml" in files(journal)
    other = tmp_path / "other"
    other.mkdir()
    (other / "site.yaml").write_text("title: mine\n")
    refused = init(other, "--force")
    assert refused.returncode == 1
    assert refused.stderr.strip() == f"init: {other / 'site.yaml'} exists already; nothing written"
    assert files(other) == ["site.yaml"] and (other / "site.yaml").read_text() == "title: mine\n"


def test_a_file_that_cannot_be_written_undoes_the_others(tmp_path: Path) -> None:
    """content/pages is a file: the about pages, written last, cannot be; what was written before them is removed."""
    journal = tmp_path / "revue"
    (journal / "content").mkdir(parents=True)
    (journal / "content" / "pages").write_text("in the way")
    result = init(journal, "--force")
    assert result.returncode == 1
    assert result.stderr.strip() == f"init: {journal / 'content/pages'} exists already; nothing written"
    assert files(journal) == ["content/pages"]
    assert sorted(p.name for p in journal.rglob("*")) == ["content", "pages"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--languages", "fr,xx"], "argument --languages: 'xx' is not a language Babel knows (write codes such as fr,en)"),
        (["--languages", "fr,fr"], "argument --languages: 'fr,fr': name each language once, separated by commas, such as fr,en"),
        (["--base-url", "revue.example.org"], "argument --base-url: must be an absolute http(s) URL, not 'revue.example.org'"),
        (["--languages", "FR,en"], "argument --languages: 'FR' must be a lowercase code given once (write codes such as fr,en)"),
        (["--languages", "pt_BR,en"], "argument --languages: 'pt_BR' must be a lowercase code given once"),
        (["--languages", "root,en"], "argument --languages: 'root' is Babel's root locale, not a language"),
        (["--languages", "fr,und"], "argument --languages: 'und' stands for an undetermined language"),
        (["--base-url", "https://ex.org/\nlanguages: [de]"], "argument --base-url: must be an absolute http(s) URL"),
        (["--base-url", "https://ex.org: x"], "argument --base-url: must be an absolute http(s) URL"),
        (["--base-url", "https://ex.org/a#"], "argument --base-url: must be an absolute http(s) URL"),
        (["--base-url", "https://ex.org/a?"], "argument --base-url: must be an absolute http(s) URL"),
        (["--base-url", "https://ex.org:99999"], "argument --base-url: must be an absolute http(s) URL"),
        (["--title", "   "], "argument --title: '   ': a title is some text on one line"),
        (["--title", "Revue\nlanguages: [de]"], "argument --title: 'Revue\\nlanguages: [de]': a title is some text on one line"),
    ],
)
def test_a_wrong_option_is_refused_before_anything_is_written(tmp_path: Path, args: list[str], message: str) -> None:
    result = init(tmp_path / "revue", *args)
    assert result.returncode == 2
    assert message in result.stderr.splitlines()[-1], result.stderr
    assert not (tmp_path / "revue").exists()


def test_a_symbolic_link_inside_the_folder_is_never_followed(tmp_path: Path) -> None:
    """--force writes beside what is there; a link would take the starter's files out of the folder."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    journal = tmp_path / "revue"
    journal.mkdir()
    (journal / "content").symlink_to(elsewhere)
    result = init(journal, "--force")
    assert result.returncode == 1
    assert result.stderr.strip() == f"init: {journal / 'content'} is a symbolic link; nothing written"
    assert list(elsewhere.iterdir()) == [] and sorted(p.name for p in journal.iterdir()) == ["content"]


def test_any_settings_init_accepts_build_and_check(tmp_path: Path) -> None:
    """What init takes, site.yaml takes: a base URL with a folder and a port, a title YAML would misread."""
    journal = tmp_path / "revue"
    made = init(journal, "--title", "Revue « #1 » : {essais} & 'notes'", "--base-url", "http://localhost:8000/revue/")
    assert made.returncode == 0, made.stderr
    built = run_build("--site", journal)
    assert (built.returncode, built.stderr) == (0, ""), built.stderr
    checked = run_build("check", "--site", journal)
    assert checked.stdout.startswith("check: 0 error(s)"), checked.stdout + checked.stderr


def test_the_first_language_leads(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    assert init(journal, "--languages", "en,fr").returncode == 0
    assert "languages: [en, fr]" in (journal / "site.yaml").read_text()
    assert (journal / "content/articles/note.en.md").is_file() and not (journal / "content/articles/note.fr.md").exists()
    built = run_build("--site", journal)
    assert (built.returncode, built.stderr) == (0, ""), built.stderr


def test_a_language_without_starter_texts_gets_the_english_ones_to_translate(tmp_path: Path) -> None:
    journal = tmp_path / "revista"
    assert init(journal, "--languages", "es,en").returncode == 0
    article = (journal / "content/articles/first-article.es.md").read_text()
    assert "# TODO: translate this file into Spanish." in article
    built = run_build("--site", journal)
    assert built.returncode == 0, built.stderr
    assert (journal / "output/es/index.html").is_file()


def test_the_gitignore_keeps_what_diptych_writes_out_of_the_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    journal = tmp_path / "revue"
    assert init(journal).returncode == 0
    assert run_build("--site", journal).returncode == 0
    assert run_build("--site", journal, "--edition", "full").returncode == 0
    assert (journal / ".diptych-cache").is_dir()
    subprocess.run(["git", "init", "-q", str(journal)], check=True)
    status = subprocess.run(["git", "status", "--porcelain", "-uall"], cwd=journal, capture_output=True, text=True, check=True)
    listed = sorted(line[3:] for line in status.stdout.splitlines())
    year = next((journal / "content" / "issues").glob("*.yaml")).stem.split("-")[0]
    assert listed == sorted(name.format(year=year) for name in STARTER)  # the starter's files, nothing diptych wrote
