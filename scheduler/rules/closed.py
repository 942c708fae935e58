"""A venue's `closed_on_holidays`: the meeting touches no local day the venue is closed."""

from __future__ import annotations

from typing import Any

from ..problem import Holiday, Problem, Venue
from ..timegrid import IntervalSet, local_days
from .base import At, Rule, RuleSpec, Visit
from .ondates import days_touched


class Closed(RuleSpec):
    name = "closed"
    kinds = ("holiday",)
    scope = "meeting"
    venue_only = True

    def allowed(self, at: At) -> list[Rule]:
        venue, zone, d, lo, hi = at.venue, at.zone, at.d, at.lo, at.hi
        if not venue.closed:
            return []
        if at.detailed:
            return [
                at.rule(
                    f"closed:{venue.id}:{h.day}",
                    "holiday",
                    self.wording(at, h),
                    local_days(zone, [h.day]).starts_avoiding(d, lo, hi),
                    h.source,
                )
                for h in venue.closed
            ]
        closed = local_days(zone, [h.day for h in venue.closed]).starts_avoiding(d, lo, hi)
        return [at.rule(f"closed:{venue.id}", "holiday", self.wording(at), closed, *(h.source for h in venue.closed))]

    def check(self, visit: Visit) -> str | None:
        closed = {h.day: h for h in visit.venue.closed}
        shut = [closed[d] for d in days_touched(visit.start, visit.end, visit.zone) if d in closed]
        return f"the venue is closed for a public holiday: {shut[0].source}" if shut else None

    def wording(self, at: At, item: Any = None) -> str:
        if isinstance(item, Holiday):
            return f"{at.venue.name} is closed: {item.source.what}"
        return f"{at.venue.name} is closed on public holidays"

    def venue_time(self, problem: Problem, venue: Venue, lo: int, hi: int) -> IntervalSet:
        if not venue.closed:
            return IntervalSet.between(lo, hi)
        return local_days(problem.zone_of(venue.place), [h.day for h in venue.closed]).complement(lo, hi)
