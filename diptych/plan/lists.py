"""A list across pages: its entries cut by `per_page`, and the page links each page shows."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from ..views import (
    Link,
)
from .pages import PAGES_AROUND, Draft, Pagination


def paginated(
    key: tuple,
    href: Callable[[int], str],
    lang: str,
    template: str,
    entries: Sequence[Callable[[], Any]],
    shown: Sequence[Any],
    per_page: int,
    deps: tuple = (),
    extra: Mapping[str, Any] | None = None,
    fallback: tuple | None = ("home",),
    lastmod: date | None = None,
) -> list[Draft]:
    """A long list cut into pages /x/, /x/page/2/ … (the 'page' segment is localised).

    Every page of a list changes when an entry is added (the entries shift), so all share the list's `lastmod`.
    """
    count = max(1, -(-len(entries) // per_page))
    drafts = []
    for number in range(1, count + 1):
        chunk = entries[(number - 1) * per_page : number * per_page]
        page_deps = (*deps, count, *shown[(number - 1) * per_page : number * per_page])

        def context(chunk=chunk, number=number) -> dict[str, Any]:
            pagination = Pagination(  # made when the page renders: the plan stays small for long lists
                number,
                count,
                href(number - 1) if number > 1 else None,
                href(number + 1) if number < count else None,
                tuple(Link(Markup(str(n)), href(n)) if n else None for n in page_numbers(number, count)),
            )
            return {"items": tuple(entry() for entry in chunk), "pagination": pagination, **(extra or {})}

        page_key = (*key, number)
        drafts.append(
            Draft(
                page_key,
                fallback if number == 1 else (*key, 1),
                href(number),
                lang,
                template,
                context,
                lastmod=lastmod,
                deps=page_deps,
            )
        )
    return drafts


def page_numbers(number: int, count: int) -> list[int | None]:
    """The pages page `number` of `count` links to: the first, the last and PAGES_AROUND on either side; None for a gap.

    Linking every page would make a list of N pages N links long on each of its N pages (the index of 2,000 authors).
    """
    near = {1, count, *range(number - PAGES_AROUND, number + PAGES_AROUND + 1)}
    numbers: list[int | None] = []
    last = 0
    for n in sorted(n for n in near if 1 <= n <= count):
        if n - last == 2:  # one page left out: show it rather than "…"
            numbers.append(n - 1)
        elif n - last > 2:
            numbers.append(None)
        numbers.append(n)
        last = n
    return numbers
