"""A venue's `open` windows: the whole meeting lies inside one (touching windows join)."""

from __future__ import annotations

from typing import Any

from ..problem import Problem, Venue
from ..timegrid import IntervalSet, to_minute
from ..wording import clock
from .base import At, Rule, RuleSpec, Visit, day_text, meeting_year
from .ondates import covered


def _windows(venue: Venue) -> IntervalSet:
    assert venue.open is not None
    return IntervalSet.of((to_minute(w.start), to_minute(w.end)) for w in venue.open)


class Open(RuleSpec):
    name = "open"
    kinds = ("open",)
    scope = "meeting"
    venue_only = True

    def allowed(self, at: At) -> list[Rule]:
        venue = at.venue
        if venue.open is None:
            return []
        allowed = _windows(venue).starts_inside(at.d)
        return [at.rule(f"open:{venue.id}", "open", self.wording(at), allowed, *(w.source for w in venue.open))]

    def check(self, visit: Visit) -> str | None:
        venue = visit.venue
        if venue.open is not None and not covered(visit.start, visit.end, [(w.start, w.end) for w in venue.open]):
            return "outside every open window of the venue"
        return None

    def wording(self, at: At, item: Any = None) -> str:
        venue, zone = at.venue, at.zone
        assert venue.open is not None
        year = meeting_year(at.problem, at.meeting, zone)
        parts = []
        for w in venue.open:
            start, end = w.start.astimezone(zone), w.end.astimezone(zone)
            parts.append(f"{day_text(start, year)} {start:%H:%M}–{day_text(end, year)} {clock(end, '%H:%M %Z')}")
        listed = ", ".join(parts[:3]) + (f" and {len(parts) - 3} more windows" if len(parts) > 3 else "")
        return f"{venue.name} is open only {listed}"

    def venue_time(self, problem: Problem, venue: Venue, lo: int, hi: int) -> IntervalSet:
        return IntervalSet.between(lo, hi) if venue.open is None else _windows(venue)
