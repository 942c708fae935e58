"""A venue's `weekdays`: every local day the meeting touches is one of them."""

from __future__ import annotations

from typing import Any

from ..problem import Problem, Venue
from ..timegrid import IntervalSet, dates_between, local_days
from ..values import WEEKDAYS
from .base import At, Rule, RuleSpec, Visit
from .ondates import days_touched


class Weekdays(RuleSpec):
    name = "weekdays"
    kinds = ("weekdays",)
    scope = "meeting"
    venue_only = True

    def allowed(self, at: At) -> list[Rule]:
        venue, zone, d, lo, hi = at.venue, at.zone, at.d, at.lo, at.hi
        if venue.weekdays is None:
            return []
        weekdays = venue.weekdays

        def compute() -> IntervalSet:
            days = [day for day in dates_between(lo, hi + d, zone) if day.weekday() in weekdays]
            return local_days(zone, days).starts_inside(d)

        allowed = at.book.memo(("weekdays", zone.key, weekdays, d, lo, hi), compute)
        return [at.rule(f"weekdays:{venue.id}", "weekdays", self.wording(at), allowed, venue.weekdays_source)]

    def check(self, visit: Visit) -> str | None:
        weekdays = visit.venue.weekdays
        if weekdays is not None and any(
            d.weekday() not in weekdays for d in days_touched(visit.start, visit.end, visit.zone)
        ):
            return "on a weekday the venue does not meet"
        return None

    def wording(self, at: At, item: Any = None) -> str:
        assert at.venue.weekdays is not None
        return f"{at.venue.name} meets only on {', '.join(WEEKDAYS[i] for i in sorted(at.venue.weekdays))}"

    def venue_time(self, problem: Problem, venue: Venue, lo: int, hi: int) -> IntervalSet:
        if venue.weekdays is None:
            return IntervalSet.between(lo, hi)
        zone = problem.zone_of(venue.place)
        return local_days(zone, [d for d in dates_between(lo, hi, zone) if d.weekday() in venue.weekdays])
