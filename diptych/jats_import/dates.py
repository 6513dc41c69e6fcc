"""JATS dates as days: the publication date, the last correction's."""

from __future__ import annotations

import datetime
import re

from lxml import etree

from .inline import InlineConverter
from .text import local_name, text_of, whole_number

MONTHS = {m: n for n, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
PUB_DATE_ORDER = (
    lambda d: d.get("date-type") == "pub" and d.get("publication-format") == "electronic",
    lambda d: d.get("date-type") == "pub",
    lambda d: d.get("pub-type") == "epub",
    lambda d: d.get("pub-type") == "ppub",
    lambda d: d.get("pub-type") == "epub-ppub",
    lambda d: d.get("date-type") not in ("collection",) and d.get("pub-type") not in ("collection",),
)


def date_of(conv: InlineConverter, element: etree._Element) -> datetime.date | None:
    """A JATS date (its iso-8601-date, else year, month and day) as a day; the first month or day where one is missing."""
    iso = element.get("iso-8601-date")
    if iso and re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", iso):
        try:
            return datetime.date.fromisoformat(iso)
        except ValueError:
            pass
    year, month, day = (text_of(element.find(t)) for t in ("year", "month", "day"))
    if whole_number(year) is None:
        conv.warn(element, f"<{local_name(element)}> without a year: not converted")
        return None
    month_n, day_n = whole_number(month) or MONTHS.get(month[:3].lower(), 0), whole_number(day)
    if not (month_n and day_n is not None):
        conv.warn(element, f"<{local_name(element)}> without {'a month' if not month_n else 'a day'}: the first is assumed")
    try:
        return datetime.date(int(year), month_n or 1, day_n if month_n and day_n is not None else 1)
    except (ValueError, OverflowError):
        conv.warn(element, f"<{local_name(element)}> is not a date: not converted")
        return None


def pub_date(conv: InlineConverter, meta: etree._Element) -> datetime.date | None:
    """The article's publication date: the electronic one first, then by PUB_DATE_ORDER, never the issue's."""
    dates = meta.findall("pub-date")
    for choose in PUB_DATE_ORDER:
        chosen = next((d for d in dates if choose(d)), None)
        if chosen is not None:
            return date_of(conv, chosen)
    return date_of(conv, dates[0]) if dates else None


def last_update(conv: InlineConverter, meta: etree._Element) -> datetime.date | None:
    """The day of the article's last correction or update, from its publication history, if it has one."""
    days = []
    for event in meta.iterfind("pub-history/event"):
        if (event.get("event-type") or "").lower() in ("corrected", "correction", "revised-publication", "updated"):
            date = next(iter(event.iter("date")), None)
            if date is not None:
                days.append(date_of(conv, date))
    for date in meta.iterfind("history/date"):
        if (date.get("date-type") or "") in ("corrected", "rev-recd-corrected", "updated"):
            days.append(date_of(conv, date))
    days = [d for d in days if d]
    return max(days) if days else None
