"""content/issues/*.yaml read into Issues, by their ids."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from .. import fields as f
from ..config import SiteConfig
from ..errors import ContentError
from ..models import Issue
from ..source import parse_yaml, read_text
from .files import listed


def load_issues(site_dir: Path, config: SiteConfig) -> tuple[dict[str, Issue], list[ContentError]]:
    """content/issues/: each file an Issue, named by its file, sorted by id."""
    issues: dict[str, Issue] = {}
    errors: list[ContentError] = []
    schema: dict[str, tuple[f.Check, bool]] = {
        "volume": (f.integer, False),
        "number": (f.integer, False),
        "date": (f.day, True),
        "title": (f.localized(config.languages, required=False), False),
    }
    for path, where in listed(site_dir, "issues", ".yaml"):
        issue_id = path.name.removesuffix(".yaml")
        if not f.SLUG.match(issue_id):
            errors.append(
                ContentError(where, f"the issue id {issue_id!r} (its file name) is not a plain URL segment: {f.SLUG_RULE}")
            )
            continue
        if issue_id in issues:
            first = issues[issue_id].where
            errors.append(ContentError(where, f"duplicate issue id {issue_id!r}", also=(first,)))
            continue
        text, problems = read_text(path, where)
        fields = None
        if text is not None:
            fields, problems = parse_yaml(text, where)
        errors += problems
        if fields is None:
            continue
        values, problems = f.check_fields(fields, where, schema)
        errors += problems
        if not problems:
            issues[issue_id] = Issue(
                issue_id,
                where,
                values.get("volume"),
                values.get("number"),
                values["date"],
                MappingProxyType(values.get("title", {})),
            )
    return dict(sorted(issues.items())), errors
