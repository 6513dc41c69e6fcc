"""`python build.py check`: every problem of the site, nothing written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import ROOT, SITE_YAML, run_build, snapshot, write_site

FRONT = "---\ntitle: Titre\nabstract: Résumé.\ndate: 2020-01-01\n{extra}---\n"


def article(extra: str = "", text: str = "Texte.\n") -> str:
    return FRONT.format(extra=extra) + text


def test_the_sample_site_checks_clean_with_its_translation_report() -> None:
    result = run_build("check", "--site", ROOT)
    assert result.returncode == 0, result.stderr
    assert "content/articles/notes/lettre.fr.md:1: warning: no English version (lettre.en.md)" in result.stderr
    assert result.stdout.startswith("check: 0 error(s), 1 warning(s), 91 pages, in ")


def test_check_writes_nothing(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": article()})
    before = snapshot(site)
    assert run_build("check", "--site", site).returncode == 0
    assert snapshot(site) == before
    assert not (site / "output").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_broken_links_anchors_and_missing_figures_are_errors_at_their_line(tmp_path: Path) -> None:
    body = "Un.\n\nVoir [ailleurs](/fr/articles/nulle-part/).\n\nEt [là](#nulle-part), puis ![figure](absente.png).\n\nEt [b](../b/#section).\n"
    files = {
        "content/articles/a.fr.md": article("access: free\n", body),
        "content/articles/b.fr.md": article("access: free\n", "## Section\n\nTexte.\n"),
    }
    site = write_site(tmp_path / "site", files)
    result = run_build("check", "--site", site)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "content/articles/a.fr.md:9: a link on /fr/articles/a/ leads nowhere: /fr/articles/nulle-part/" in lines
    assert (
        "content/articles/a.fr.md:11: a link on /fr/articles/a/ goes to #nulle-part, which /fr/articles/a/ does not have" in lines
    )
    assert any(line.startswith("content/articles/a.fr.md:11: cannot publish 'absente.png'") for line in lines)
    assert not any("../b/#section" in line for line in lines)  # that one leads somewhere
    assert result.stdout.startswith("check: 3 error(s), ")


def test_a_link_to_a_withheld_heading_leads_nowhere_on_the_public_site(tmp_path: Path) -> None:
    files = {
        "content/articles/a.fr.md": article("access: free\n", "Voir [la suite](../b/#la-suite).\n"),
        "content/articles/b.fr.md": article("", "Un.\n\n<!-- paywall -->\n\n## La suite\n\nDeux.\n"),
    }
    result = run_build("check", "--site", write_site(tmp_path / "site", files))
    assert result.returncode == 1
    assert (
        "content/articles/a.fr.md:7: a link on /fr/articles/a/ goes to #la-suite, which /fr/articles/b/ does not have"
        in result.stderr
    )


def test_duplicate_dois_are_errors_naming_both_articles(tmp_path: Path) -> None:
    files = {"content/articles/a.fr.md": article("doi: 10.1234/x\n"), "content/articles/b.fr.md": article("doi: 10.1234/X\n")}
    result = run_build("check", "--site", write_site(tmp_path / "site", files))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "content/articles/b.fr.md:5: the DOI 10.1234/X is already another article's" in lines
    assert "content/articles/a.fr.md:5: see also" in lines


def test_missing_translations_and_keywords_are_warnings_and_exit_0(tmp_path: Path) -> None:
    files = {
        "content/articles/a.fr.md": article("keywords: [un]\n"),
        "content/articles/b.en.md": "---\ntitle: B\nabstract: B.\ndate: 2020-01-02\n---\nText.\n",
        "content/pages/p.fr.md": "---\ntitle: Page\n---\nTexte.\n",
    }
    result = run_build("check", "--site", write_site(tmp_path / "site", files))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "content/articles/a.fr.md:1: warning: no English version (a.en.md)" in lines
    assert "content/articles/b.en.md:1: warning: no French version (b.fr.md)" in lines
    assert "content/articles/b.en.md:1: warning: no keywords" in lines
    assert "content/pages/p.fr.md:1: warning: no English version (p.en.md)" in lines


def test_json_for_editorial_tooling(tmp_path: Path) -> None:
    files = {"content/articles/a.fr.md": "---\ntitle: Titre\ndate: 2020-13-01\n---\n"}
    result = run_build("check", "--site", write_site(tmp_path / "site", files), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert {
        "path": "content/articles/a.fr.md",
        "line": 3,
        "message": "'date' must be a real date written YYYY-MM-DD, not '2020-13-01'",
        "also": [],
    } in report["errors"]
    assert any(e["message"] == "missing required field 'abstract'" for e in report["errors"])
    assert report["pages"] == 0 and isinstance(report["seconds"], float)


PAYWALL_ON_OUR_HOST = SITE_YAML + (
    '  access_url: "https://revue.example.org/login"\n  purchase_url: "https://revue.example.org/boutique/{key}"\n'
)


def test_a_login_or_shop_page_on_the_sites_own_host_is_not_a_broken_link(tmp_path: Path) -> None:
    """Issue 14: paths the build does not write to, on the site's host, belong to another program there."""
    body = "Un.\n\nDeux, voir [mon compte](https://revue.example.org/compte) et [la boutique](/boutique/).\n\nTrois.\n\nQuatre.\n"
    files = {"content/articles/a.fr.md": article("", body), "content/articles/a.en.md": article("", "One.\n")}
    site = write_site(tmp_path / "site", files, site_yaml=PAYWALL_ON_OUR_HOST)
    result = run_build("check", "--site", site)
    assert result.returncode == 0, result.stderr
    assert "leads nowhere" not in result.stderr
    assert result.stdout.startswith("check: 0 error(s), ")
    assert (
        "content/articles/a.fr.md:8: warning: a link on /fr/articles/a/ goes to /boutique/ on this site's host" in result.stderr
    )
    assert run_build("--site", site, "--out", tmp_path / "out").returncode == 0  # the build agrees


def test_a_link_into_a_language_folder_of_the_site_that_leads_nowhere_is_still_an_error(tmp_path: Path) -> None:
    body = "Un.\n\nVoir [ici](https://revue.example.org/en/nowhere/) et [là](/fr/numeros/2031/).\n"
    files = {"content/articles/a.fr.md": article("access: free\n", body)}
    site = write_site(tmp_path / "site", files, site_yaml=PAYWALL_ON_OUR_HOST)
    result = run_build("check", "--site", site)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "content/articles/a.fr.md:9: a link on /fr/articles/a/ leads nowhere: https://revue.example.org/en/nowhere/" in lines
    assert "content/articles/a.fr.md:9: a link on /fr/articles/a/ leads nowhere: /fr/numeros/2031/" in lines
    assert result.stdout.startswith("check: 2 error(s), ")


def test_a_paywall_setting_that_leads_nowhere_in_the_sites_pages_is_one_error_at_its_line_in_site_yaml(tmp_path: Path) -> None:
    settings = SITE_YAML + '  access_url: "https://revue.example.org/fr/connexion/"\n'
    files = {
        "content/articles/a.fr.md": article("", "Un.\n\nDeux.\n\nTrois.\n"),
        "content/articles/b.fr.md": article("", "Un.\n\nDeux.\n\nTrois.\n"),
    }
    result = run_build("check", "--site", write_site(tmp_path / "site", files, site_yaml=settings))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "site.yaml:7: 'paywall.access_url' leads nowhere: https://revue.example.org/fr/connexion/ is in the site's own"
        " pages (/fr/), where the build writes no such page"
    )
    assert result.stdout.startswith("check: 1 error(s), ")


SUBFOLDER = SITE_YAML.replace("https://revue.example.org", "https://example.org/revue")


def test_a_text_link_on_the_sites_host_outside_its_pages_is_a_warning_at_its_line(tmp_path: Path) -> None:
    """Not an error (another program may serve it), but no longer silent: the language forgotten or mistyped."""
    body = "Un.\n\nVoir [a](/articles/a/) et [b](/fe/articles/a/).\n"
    files = {"content/articles/a.fr.md": article("access: free\n", body)}
    site = write_site(tmp_path / "site", files, site_yaml=PAYWALL_ON_OUR_HOST)  # its /login and /boutique/: no warning
    result = run_build("check", "--site", site)
    assert result.returncode == 0, result.stderr
    note = "on this site's host, which is no page the site builds (fine if another program serves it there)"
    lines = result.stderr.splitlines()
    assert f"content/articles/a.fr.md:9: warning: a link on /fr/articles/a/ goes to /articles/a/ {note}" in lines
    assert f"content/articles/a.fr.md:9: warning: a link on /fr/articles/a/ goes to /fe/articles/a/ {note}" in lines
    assert not any("login" in line or "boutique" in line for line in lines)  # the paywall settings' links
    assert result.stdout.startswith("check: 0 error(s), ")


def test_a_first_segment_that_is_a_folder_of_the_site_in_other_letters_or_empty_is_an_error(tmp_path: Path) -> None:
    body = "Un.\n\nVoir [a](/revue/FR/articles/a/), [b](/revue//fr/nowhere/), [c](/revue/articles/a/) et [d](/login).\n"
    files = {"content/articles/a.fr.md": article("access: free\n", body)}
    result = run_build("check", "--site", write_site(tmp_path / "site", files, site_yaml=SUBFOLDER))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "no keywords" not in line and "English version" not in line]
    assert lines == [
        "content/articles/a.fr.md:9: a link on /revue/fr/articles/a/ leads nowhere: /revue//fr/nowhere/",
        "content/articles/a.fr.md:9: a link on /revue/fr/articles/a/ leads nowhere: /revue/FR/articles/a/",
        "content/articles/a.fr.md:9: warning: a link on /revue/fr/articles/a/ goes to /revue/articles/a/ on this site's"
        " host, which is no page the site builds (fine if another program serves it there)",
    ]  # /login is outside the site's base path: its parent's, not checked
    assert result.stdout.startswith("check: 2 error(s), ")


def test_the_sites_host_written_differently_is_still_the_site(tmp_path: Path) -> None:
    """http beside https, letters in capitals, the scheme's own port: the same site; another port is another site."""
    body = (
        "Un.\n\nVoir [a](http://revue.example.org/fr/nowhere/), [b](https://Revue.Example.org/fr/nowhere2/),"
        " [c](https://revue.example.org:443/fr/nowhere3/), [d](http://revue.example.org:80/fr/nowhere4/)"
        " et [e](https://revue.example.org:8443/fr/nowhere5/).\n"
    )
    files = {"content/articles/a.fr.md": article("access: free\n", body)}
    result = run_build("check", "--site", write_site(tmp_path / "site", files))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "warning:" not in line]
    assert errors == [
        f"content/articles/a.fr.md:9: a link on /fr/articles/a/ leads nowhere: {href}"
        for href in (
            "http://revue.example.org/fr/nowhere/",
            "http://revue.example.org:80/fr/nowhere4/",
            "https://Revue.Example.org/fr/nowhere2/",
            "https://revue.example.org:443/fr/nowhere3/",
        )
    ]


def test_a_broken_link_in_an_abstract_is_said_beside_a_broken_paywall_setting_it_looks_like(tmp_path: Path) -> None:
    settings = SUBFOLDER + '  purchase_url: "https://example.org/revue/{lang}/boutique/{slug}"\n'
    abstract = "abstract: Voir [ici](https://example.org/revue/fr/boutique/autre).\n"
    files = {
        "content/articles/a.fr.md": FRONT.replace("abstract: Résumé.\n", abstract).format(extra="") + "Un.\n\nDeux.\n\nTrois.\n"
    }
    result = run_build("check", "--site", write_site(tmp_path / "site", files, site_yaml=settings))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert (
        "site.yaml:7: 'paywall.purchase_url' leads nowhere: https://example.org/revue/{lang}/boutique/{slug} is in the"
        " site's own pages (/revue/fr/), where the build writes no such page"
    ) in lines
    assert any(
        line.startswith("content/articles/a.fr.md:")
        and line.endswith(" leads nowhere: https://example.org/revue/fr/boutique/autre")
        for line in lines
    ), result.stderr


def test_a_broken_link_in_a_text_shown_on_two_pages_is_one_error_in_the_file_that_writes_it(tmp_path: Path) -> None:
    """The French abstract is shown on the English page too, the French body as well when the English version has
    none: each broken link said once, in a.fr.md, at the abstract's line and the body's."""
    abstract = "abstract: Voir [là](/fr/nulle-part/).\n"
    body = "Un.\n\nDeux, voir [ailleurs](/fr/ailleurs/).\n\nTrois.\n"
    files = {
        "content/articles/a.fr.md": FRONT.replace("abstract: Résumé.\n", abstract).format(extra="access: free\n") + body,
        "content/articles/a.en.md": article("access: free\n", ""),
    }
    result = run_build("check", "--site", write_site(tmp_path / "site", files))
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "warning:" not in line] == [
        "content/articles/a.fr.md:3: a link on /fr/articles/a/ leads nowhere: /fr/nulle-part/",
        "content/articles/a.fr.md:9: a link on /fr/articles/a/ leads nowhere: /fr/ailleurs/",
    ]
    assert result.stdout.startswith("check: 2 error(s), ")


FIGURES = (
    'Premier `fig.png`, bigfig.png et `<img src="cafe.png">` dans le texte.\n\n'
    "```\n![code](fig.png) <img src='brut.png'>\n```\n\n"
    'Deuxième ![a](fig.png) et <img src="caf&eacute;.png" alt="c">.\n\n'
    'Voir [la carte][carte], <IMG SRC=brut.png alt="b"> et <img alt="q" src=\'quote.png\'>.\n\n'
    "[carte]: carte.png\n"
)


def test_a_missing_figure_is_at_the_line_that_refers_to_it_not_one_that_merely_names_it(tmp_path: Path) -> None:
    """Not in a code span or a code block, nor inside a longer name: where Markdown or HTML refers to the file."""
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": article("access: free\n", FIGURES)})
    result = run_build("check", "--site", site)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "cannot publish" in line] == [
        f"content/articles/a.fr.md:{line}: cannot publish '{name}' beside this article: No such file or directory"
        for line, name in [(13, "café.png"), (13, "fig.png"), (15, "brut.png"), (15, "quote.png"), (17, "carte.png")]
    ]


def test_the_build_reports_every_missing_figure_as_check_does_and_keeps_its_output(tmp_path: Path) -> None:
    files = {"content/articles/a.fr.md": article("access: free\n", FIGURES)}
    files["content/articles/b.fr.md"] = article("access: free\n", "Voir ![b](b.png).\n")
    site = write_site(tmp_path / "site", files)
    out = tmp_path / "out"
    assert (
        run_build("--site", write_site(tmp_path / "first", {"content/articles/a.fr.md": article()}), "--out", out).returncode == 0
    )
    before = snapshot(out)
    checked = [line for line in run_build("check", "--site", site).stderr.splitlines() if "cannot publish" in line]
    result = run_build("--site", site, "--out", out)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [*checked, f"build failed: 6 error(s); {out} is left as it was"]
    assert checked[-1] == "content/articles/b.fr.md:7: cannot publish 'b.png' beside this article: No such file or directory"
    assert snapshot(out) == before


def test_a_link_shown_as_code_is_not_checked(tmp_path: Path) -> None:
    body = 'Un `<a href="/fr/nulle-part/">` exemple.\n\n```html\n<a href="/fr/ailleurs/">lien</a>\n```\n'
    result = run_build(
        "check", "--site", write_site(tmp_path / "site", {"content/articles/a.fr.md": article("access: free\n", body)})
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("check: 0 error(s), ")


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100e221bc33"
    "0000000049454e44ae426082"
)


def test_a_figure_whose_name_is_percent_encoded_in_the_text_is_the_file_of_that_name(tmp_path: Path) -> None:
    """![carte](ma%20carte.png) is the file 'ma carte.png', as the browser asks the server for it."""
    body = "Voir ![carte](ma%20carte.png) et ![plan](<mon plan.png>).\n"
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": article("access: free\n", body)})
    for name in ("ma carte.png", "mon plan.png"):
        (site / "content/articles" / name).write_bytes(PNG)
    result = run_build("check", "--site", site)
    assert result.returncode == 0, result.stderr
    assert run_build("--site", site, "--out", tmp_path / "out").returncode == 0
    assert (tmp_path / "out/fr/articles/a/ma carte.png").read_bytes() == PNG
    assert (tmp_path / "out/fr/articles/a/mon plan.png").read_bytes() == PNG
    page = (tmp_path / "out/fr/articles/a/index.html").read_text(encoding="utf-8")
    images = re.findall(r"<img\b[^>]*>", page)
    assert len(images) == 2 and all('width="' in image and 'height="' in image for image in images), images  # sized
