"""Every example of the README builds as written: the site.yaml example (with the crossref block it shows later),
the article's front matter, the issue's file. A test extracts them, so the README cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT, run_build, write_site

FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)


def examples(kind: str) -> list[str]:
    return [body for lang, body in FENCE.findall((ROOT / "README.md").read_text(encoding="utf-8")) if lang == kind]


def readme_site(folder: Path) -> Path:
    yaml = examples("yaml")
    (settings,) = [y for y in yaml if "base_url:" in y]
    (crossref,) = [y for y in yaml if y.startswith("crossref:")]
    (issue,) = [y for y in yaml if y.startswith("volume:")]
    (article,) = examples("markdown")
    issue_id = re.search(r"^issue: (\S+)", article, re.M)[1]
    return write_site(
        folder,
        {
            "site.yaml": settings + crossref,
            f"content/issues/{issue_id}.yaml": issue,
            "content/articles/alliance.fr.md": article,
        },
        site_yaml=None,
    )


def test_the_readme_has_the_examples_this_test_reads() -> None:
    assert len(examples("yaml")) >= 3 and len(examples("markdown")) == 1


def test_the_readme_examples_build_and_check_clean(tmp_path: Path) -> None:
    site = readme_site(tmp_path / "site")
    built = run_build("--site", site)
    assert built.returncode == 0, built.stderr
    assert "error" not in built.stderr, built.stderr
    checked = run_build("check", "--site", site)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("check: 0 error(s)"), checked.stdout + checked.stderr
