"""What a build tells its caller: the report at its end, and its progress on the way (pages done per language)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import ContentError

if TYPE_CHECKING:  # a type only: the plan is the flow's to import
    from .plan import PlannedPage


@dataclass(frozen=True, slots=True)
class Report:
    pages: dict[str, int]  # pages written per language
    warnings: tuple[ContentError, ...]
    seconds: float
    rendered: tuple[str, ...] = ()  # the pages this build rendered (their URLs); the others came from the cache
    reused: int = 0
    jobs: int = 1  # worker processes
    phases: tuple[tuple[str, float], ...] = ()  # (step, seconds): where the time went
    unchanged: bool = False  # nothing the build reads had changed: output/ was left as it was


@dataclass(frozen=True, slots=True)
class Tally:
    """How far a build is: pages done and to do, per language ('' for the pages in every language)."""

    done: Mapping[str, int]
    total: Mapping[str, int]
    reused: int  # of the done, those taken from the cache

    @property
    def finished(self) -> bool:
        return sum(self.done.values()) == sum(self.total.values())


Progress = Callable[[Tally], None]


class Clock:
    """Where a build's time goes, step by step (--verbose prints it)."""

    def __init__(self, started: float) -> None:
        self.last = started
        self.laps: list[tuple[str, float]] = []

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps.append((step, now - self.last))
        self.last = now


class Counting:
    """Counts the pages done, per language, and tells `progress` after each."""

    def __init__(self, pages: list[PlannedPage], progress: Progress | None) -> None:
        self.langs = ["" if page.every_language else page.lang for page in pages]
        self.total = Counter(self.langs)
        self.done: Counter[str] = Counter()
        self.reused = 0
        self.progress = progress

    def add(self, number: int, reused: bool) -> None:
        self.done[self.langs[number]] += 1
        self.reused += reused
        if self.progress is not None:
            self.progress(Tally(dict(self.done), dict(self.total), self.reused))
