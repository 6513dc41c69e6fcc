"""Issue 4, item 3: slugs, keys, aliases, issue ids, names and figure paths cannot write outside the output folder.

Each case is a small site whose one hostile value tries to climb out (`../../x`, `..%2f`, an absolute path,
`con`, a very long segment). The build may reject it (a `path:line: message`, no traceback) or accept it;
either way every file under the test's folder that is not in out/ (or the site's own cache) must be exactly
as it was before the build, no file named after the case may appear anywhere under pytest's base folder
outside out/, and every file in out/ must resolve inside out/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run_build, write_site

LONG = "a" * 300


def article(front: str = "", body: str = "Un paragraphe.\n") -> str:
    return f"---\ntitle: Titre\nabstract: Résumé.\ndate: 2020-01-01\naccess: free\n{front}---\n{body}"


CASES: dict[str, dict[str, str]] = {
    "slug-dotdot": {"content/articles/a.fr.md": article("slug: ../../../../pwned-slug\n")},
    "slug-encoded": {"content/articles/a.fr.md": article("slug: ..%2f..%2f..%2fpwned-slug-enc\n")},
    "slug-absolute": {"content/articles/a.fr.md": article("slug: /tmp/pwned-slug-abs\n")},
    "slug-backslash": {"content/articles/a.fr.md": article("slug: '..\\\\..\\\\pwned-slug-bs'\n")},
    "slug-con": {"content/articles/a.fr.md": article("slug: con\n")},
    "slug-long": {"content/articles/a.fr.md": article(f"slug: {LONG}\n")},
    "key-encoded": {"content/articles/..%2f..%2fpwned-key.fr.md": article()},
    "key-dots": {"content/articles/..pwned-key-dots.fr.md": article()},
    "key-long": {f"content/articles/{'k' * 240}.fr.md": article()},
    "key-con-with-slug": {"content/articles/con.fr.md": article("slug: pwned-con\n")},
    "alias-dotdot": {"content/articles/a.fr.md": article("aliases: [/../../../../pwned-alias/]\n")},
    "alias-inner-dotdot": {"content/articles/a.fr.md": article("aliases: [/fr/../../../../pwned-alias-in/]\n")},
    "alias-encoded": {"content/articles/a.fr.md": article("aliases: [/fr/%2e%2e/%2e%2e/%2e%2e/pwned-alias-enc/]\n")},
    "alias-encoded-slash": {"content/articles/a.fr.md": article("aliases: [/fr/..%2f..%2f..%2fpwned-alias-pct/]\n")},
    "alias-protocol-relative": {"content/articles/a.fr.md": article("aliases: [//pwned-alias-host/x/]\n")},
    "alias-backslash": {"content/articles/a.fr.md": article("aliases: ['/fr/..\\\\..\\\\..\\\\pwned-alias-bs/']\n")},
    "alias-file": {"content/articles/a.fr.md": article("aliases: [/fr/../../pwned-alias-file.html]\n")},
    "alias-absolute-tmp": {"content/articles/a.fr.md": article("aliases: [/tmp/pwned-alias-tmp/]\n")},
    "alias-long": {"content/articles/a.fr.md": article(f"aliases: [/fr/{LONG}/]\n")},
    "alias-con": {"content/articles/a.fr.md": article("aliases: [/fr/con/, /con/]\n")},
    "alias-theme-file": {"content/articles/a.fr.md": article("aliases: [/static/style.css]\n")},
    "issue-ref-dotdot": {"content/articles/a.fr.md": article("issue: ../../../pwned-issue\n")},
    "issue-id-encoded": {
        "content/issues/..%2f..%2fpwned-issue-id.yaml": "date: 2020-01-01\n",
        "content/articles/a.fr.md": article("issue: ..%2f..%2fpwned-issue-id\n"),
    },
    "issue-id-long": {
        f"content/issues/{'i' * 240}.yaml": "date: 2020-01-01\n",
        "content/articles/a.fr.md": article(f"issue: {'i' * 240}\n"),
    },
    "page-slug-dotdot": {"content/pages/p.fr.md": "---\ntitle: P\nslug: ../../../pwned-page\n---\nTexte.\n"},
    "page-key-encoded": {"content/pages/..%2f..%2fpwned-page-key.fr.md": "---\ntitle: P\n---\nTexte.\n"},
    "page-slug-long": {"content/pages/p.fr.md": f"---\ntitle: P\nslug: {LONG}\n---\nTexte.\n"},
    "author-dotdot": {"content/articles/a.fr.md": article("authors: [../../../../pwned-author]\n")},
    "author-long": {"content/articles/a.fr.md": article(f"authors: [{'Ann ' * 80}]\n")},
    "keyword-dotdot": {"content/articles/a.fr.md": article("keywords: [../../../../pwned-keyword, /etc/pwned-kw]\n")},
    "keyword-long": {"content/articles/a.fr.md": article(f"keywords: ['{'mot ' * 80}']\n")},
    "figure-dotdot": {"content/articles/a.fr.md": article(body="![x](../../../outside-pwned.png)\n")},
    "figure-absolute": {"content/articles/a.fr.md": article(body="![x](/ABS/outside-pwned.png)\n")},
    "figure-encoded": {"content/articles/a.fr.md": article(body="![x](&#46;&#46;/&#46;&#46;/outside-pwned.png)\n")},
    "figure-percent": {"content/articles/a.fr.md": article(body="![x](%2e%2e/%2e%2e/outside-pwned.png)\n")},
    "figure-raw-html": {"content/articles/a.fr.md": article(body='<img src="../../outside-pwned.png">\n')},
    "figure-inner-dotdot": {"content/articles/a.fr.md": article(body="![x](sub/../../../outside-pwned.png)\n")},
    "pdf-dotdot": {"content/articles/a.fr.md": article("pdf: ../../outside-pwned.pdf\n")},
    "pdf-absolute": {"content/articles/a.fr.md": article("pdf: /ABS/outside-pwned.pdf\n")},
}

SECRET = b"OUTSIDE-FILE-SECRET-BYTES"


def _state(folder: Path, skip: list[Path]) -> dict[str, bytes | None]:
    """Every file and folder under `folder` (not following symlinks), but those under `skip`."""
    state: dict[str, bytes | None] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not any((here / d) == s for s in skip)]
        for d in dirnames:
            state[(here / d).relative_to(folder).as_posix() + "/"] = None
        for name in filenames:
            path = here / name
            state[path.relative_to(folder).as_posix()] = (
                path.read_bytes() if not path.is_symlink() else b"->" + os.readlink(path).encode()
            )
    return state


@pytest.mark.parametrize("case", sorted(CASES))
def test_paths_stay_inside_output(case: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    deep = tmp_path / "d1" / "d2" / "d3" / "d4" / "d5"
    site = deep / "site"
    files = dict(CASES[case])
    files.setdefault("content/articles/b.fr.md", article())
    files = {rel.replace("/ABS/", f"{tmp_path}/"): text.replace("/ABS/", f"{tmp_path}/") for rel, text in files.items()}
    write_site(site, files)
    for where in (tmp_path, deep, site, site / "content"):  # files a path could reach by climbing
        (where / "outside-pwned.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET)
        (where / "outside-pwned.pdf").write_bytes(b"%PDF-1.4\n" + SECRET)
    out = deep / "out"
    before = _state(tmp_path, [out, site / ".diptych-cache"])

    result = run_build("--site", site, "--out", out)

    assert "Traceback" not in result.stderr, f"{case}: the build crashed instead of reporting an error:\n{result.stderr[-3000:]}"
    if result.returncode != 0:
        assert "build failed" in result.stderr and ":" in result.stderr, result.stderr
    after = _state(tmp_path, [out, site / ".diptych-cache"])
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k, ...) != after.get(k, ...))
    assert not changed, f"{case}: written outside out/: {changed[:20]}"

    def inside_a_case(path: Path) -> bool:  # under some case's out/ or site/ (d5/out, d5/site), or a canary
        parts = path.parts
        return path.name.startswith("outside-pwned") or any(
            parts[i] == "d5" and parts[i + 1] in ("out", "site") for i in range(len(parts) - 1)
        )

    escaped = [p for p in tmp_path_factory.getbasetemp().rglob("*pwned*") if not inside_a_case(p)]
    assert not escaped, f"{case}: files named after the case outside out/: {escaped[:10]}"
    if out.exists():
        root = out.resolve()
        for path in out.rglob("*"):
            assert path.resolve().is_relative_to(root), f"{case}: {path} resolves outside out/"
            assert not path.is_symlink(), f"{case}: {path} is a symbolic link"
            if path.is_file():
                assert SECRET not in path.read_bytes(), f"{case}: {path} publishes a file from outside content/"
