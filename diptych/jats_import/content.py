"""The text of the files an import writes: a version's YAML front matter in diptych's order, then its Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml


@dataclass(slots=True)
class Version:
    """One language version of the article, as its Markdown file gives it."""

    lang: str
    title: str | None = None
    subtitle: str | None = None
    abstract: str | None = None
    keywords: list[str] = field(default_factory=list)
    body: str = ""


class _Dumper(yaml.SafeDumper):
    """YAML with multi-line text as literal blocks (`_str`)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

FIELD_ORDER = ("title", "subtitle", "abstract", "keywords", "authors", "date", "updated", "issue", "pages", "doi")
FIELD_ORDER += ("license", "section", "access")


def markdown_file(v: Version, shared: dict) -> str:
    """A version's Markdown file: its front matter in FIELD_ORDER (the `shared` fields with its own), then its body."""
    fields = {"title": v.title, "subtitle": v.subtitle, "abstract": v.abstract, "keywords": v.keywords or None}
    fields |= {k: val for k, val in shared.items() if not k.startswith("_")}
    ordered = {k: fields[k] for k in FIELD_ORDER if fields.get(k) not in (None, "", [])}
    front = yaml_text(ordered)
    body = v.body.strip()
    return f"---\n{front}---\n" + (f"\n{body}\n" if body else "")


def yaml_text(fields: dict) -> str:
    """A mapping as block YAML, one key a line; lists and small mappings inside it in flow style."""
    return "".join(
        yaml.dump(
            {key: value},
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            width=100000,
            default_flow_style=None if isinstance(value, (list, dict)) else False,
        )
        for key, value in fields.items()
    )


def issue_file(fields: dict) -> str:
    """An issue's YAML file."""
    return yaml_text(fields)
