"""Templates cannot reach withheld text: nothing reachable from what a template receives holds it.

Not a look at the output, which test_leak.py does, but at the inputs: every object a template is
given (its context, its page, the environment's globals) is walked, through dataclass fields,
mappings, sequences, partials and object attributes, and no string met on the way may hold a
withheld sentence. A template that tried `page.context.args[0].versions.fr.body` would find nothing.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from diptych.config import load_config
from diptych.load import load_content
from diptych.load.body import read_body
from diptych.plan import plan_site
from diptych.prepare import _languages, _page_links, _typography  # noqa: I001 (the build's own steps)
from diptych.render import Renderer
from diptych.theme import static_files
from tests.conftest import ROOT
from tests.site.test_leak import WITHHELD


def strings(root: Any) -> list[str]:
    """Every string reachable from `root`."""
    found: list[str] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        value = stack.pop()
        if id(value) in seen or value is None or isinstance(value, bool | int | float | bytes):
            continue
        seen.add(id(value))
        if isinstance(value, str | Path):
            found.append(str(value))
        elif isinstance(value, Mapping):
            stack += list(value.keys()) + list(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            stack += list(value)
        elif isinstance(value, functools.partial):
            stack += [value.func, *value.args, *value.keywords.values()]
        elif dataclasses.is_dataclass(value):
            stack += [getattr(value, f.name) for f in dataclasses.fields(value)]
        elif callable(value) and hasattr(value, "__closure__") and value.__closure__:
            stack += [cell.cell_contents for cell in value.__closure__]
        elif hasattr(value, "__dict__") and not isinstance(value, type):
            stack += list(vars(value).values())
    return found


def test_nothing_a_template_receives_reaches_the_withheld_text() -> None:
    config, errors = load_config(ROOT)
    assert config is not None and not errors
    site, errors = load_content(ROOT, config)
    assert site is not None and not errors
    assert any(
        sentence in read_body(ROOT, v.body) for sentence in WITHHELD[:2] for a in site.articles for v in a.versions.values()
    )  # the models lead to it (a body is read from its file: models.Body)
    translations, urls, _, _ = _languages(ROOT, config)
    typography, _ = _typography(ROOT, config)
    pages, _ = plan_site(site, urls, translations, typography)
    css_name, _ = static_files(ROOT)
    renderer = Renderer(ROOT, config, urls, translations, css_name, _page_links(site, urls))
    reachable = strings(
        [renderer.envs[lang].globals.get(name) for lang in config.languages for name in ("journal", "urls", "nav_pages")]
    )
    article_pages = 0
    for page in pages:
        context = renderer.template_context(page, page.context())
        article_pages += "article" in context
        reachable += strings(context)
    assert article_pages >= 10
    for sentence in WITHHELD:
        holders = [text for text in reachable if sentence in text]
        assert not holders, f"a template could reach withheld text: {sentence!r} in {holders[0][:120]!r}"


def test_nothing_a_template_receives_reaches_the_crossref_depositors_email() -> None:
    """site.yaml's `crossref:` settings are never published: the deposit carries them, no page. Templates receive a
    view of the journal (what a page shows of it), not the settings, so not even a template written to print the
    depositor's e-mail could find it."""
    config, errors = load_config(ROOT)
    assert config is not None and not errors
    assert config.crossref is not None and "@" in config.crossref.email  # the sample site does hold one
    site, errors = load_content(ROOT, config)
    assert site is not None and not errors
    translations, urls, _, _ = _languages(ROOT, config)
    typography, _ = _typography(ROOT, config)
    pages, _ = plan_site(site, urls, translations, typography)
    css_name, _ = static_files(ROOT)
    renderer = Renderer(ROOT, config, urls, translations, css_name, _page_links(site, urls))
    reachable = strings([dict(renderer.envs[lang].globals) for lang in config.languages])
    for page in pages:
        reachable += strings(renderer.template_context(page, page.context()))
    holders = [text for text in reachable if config.crossref.email in text]
    assert not holders, f"a template could reach the Crossref depositor's e-mail {config.crossref.email!r}"
