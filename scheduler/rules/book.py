"""Builds every option of a problem by walking the rule registry, computing what venues share only once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from ..problem import Leader, Meeting, Problem, Venue
from ..timegrid import IntervalSet, local_windows, to_minute
from .base import EXPLAIN_BEYOND, At, Option, Rule, minutes
from .registry import ALIGN, RULES


class RuleBook:
    """Builds the rules of every option of a problem; the sets rules share are cached here."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self._cache: dict[tuple[object, ...], Any] = {}

    def memo(self, key: tuple[object, ...], compute: Callable[[], Any]) -> Any:
        """`compute()` once per key: options of one problem share zones, leaders and windows."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def busy(self, leader: Leader) -> IntervalSet:
        """The leader's busy time as one set of minutes."""
        return self.memo(
            ("busy", leader.id), lambda: IntervalSet.of((to_minute(b.start), to_minute(b.end)) for b in leader.busy)
        )

    def hours(
        self, zone: ZoneInfo, hours: tuple[tuple[time, time | None], ...], d: int, lo: int, hi: int
    ) -> IntervalSet:
        """Starts that keep a meeting of `d` minutes inside daily wall-clock `hours`: one per zone, not per venue."""
        return self.memo(
            ("hours", zone.key, hours, d, lo, hi), lambda: local_windows(zone, hours, lo, hi + d).starts_inside(d)
        )

    def window(self, meeting: Meeting, detailed: bool) -> tuple[int, int]:
        """The minutes a start is searched in: to the deadline, or (detailed) a year past it."""
        first, last = meeting.window(self.problem.as_of)
        if detailed:
            return to_minute(self.problem.as_of), to_minute(last + EXPLAIN_BEYOND)
        return to_minute(first), to_minute(last)

    def option(
        self,
        meeting: Meeting,
        venue: Venue,
        rank: int,
        detailed: bool = False,
        window: tuple[int, int] | None = None,
    ) -> Option:
        """Every rule that bears on holding `meeting` at `venue`, as sets of allowed starts.

        Normal mode bounds the search by not_before and the deadline and merges each kind of rule;
        detailed mode (for explanations) makes those bounds rules of their own, searches a year
        past the deadline, and keeps every busy block and holiday a separate rule.
        """
        lo, hi = window or self.window(meeting, detailed)
        at = At(self, meeting, venue, lo, hi, detailed)
        rules: list[Rule] = []
        for spec in RULES:
            if spec.scope == "meeting":
                rules += spec.allowed(at)
        for lid in meeting.participants:
            for_leader = At(self, meeting, venue, lo, hi, detailed, self.problem.leaders[lid])
            for spec in RULES:
                if spec.scope == "leader":
                    rules += spec.allowed(for_leader)
        if detailed:  # a rule that allows the whole window explains nothing
            rules = [r for r in rules if r.allowed.spans != ((lo, hi),)]
        return Option(meeting, venue, rank, lo, hi, minutes(meeting.duration), tuple(rules), ALIGN.grid(at))


def options(problem: Problem, meeting: Meeting, book: RuleBook | None = None, detailed: bool = False) -> list[Option]:
    """Every candidate venue of a meeting, in its order of preference."""
    book = book or RuleBook(problem)
    return [book.option(meeting, problem.venues[vid], rank, detailed) for rank, vid in enumerate(meeting.venues)]
