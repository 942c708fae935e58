"""A venue's `notice`: the meeting starts at least that long after `as_of`."""

from __future__ import annotations

from typing import Any

from ..problem import Problem, Venue
from ..timegrid import IntervalSet, to_minute
from ..wording import span_text
from .base import At, Rule, RuleSpec, Visit, possessive


class Notice(RuleSpec):
    name = "notice"
    kinds = ("notice",)
    scope = "meeting"
    venue_only = True

    def allowed(self, at: At) -> list[Rule]:
        venue, problem = at.venue, at.problem
        if not venue.notice:
            return []
        allowed = IntervalSet.between(to_minute(problem.as_of + venue.notice), at.hi)
        return [
            at.rule(
                f"notice:{venue.id}", "notice", self.wording(at), allowed, venue.notice_source, problem.as_of_source
            )
        ]

    def check(self, visit: Visit) -> str | None:
        return "too little notice" if visit.start < visit.problem.as_of + visit.venue.notice else None

    def wording(self, at: At, item: Any = None) -> str:
        return f"{at.venue.name} needs {possessive(span_text(at.venue.notice))} notice from as_of"

    def venue_time(self, problem: Problem, venue: Venue, lo: int, hi: int) -> IntervalSet:
        return IntervalSet.between(max(lo, to_minute(problem.as_of + venue.notice)), hi)
