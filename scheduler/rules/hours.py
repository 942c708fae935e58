"""Daily wall-clock hours, at the venue's place: the venue's, the meeting's and each leader's `hours`.

The meeting lies wholly inside the hours (its end may touch the close). The three share one set per
zone and hours (`RuleBook.hours`), not one per venue.
"""

from __future__ import annotations

from typing import Any

from ..problem import Problem, Venue
from ..timegrid import IntervalSet, local_windows
from .base import At, Rule, RuleSpec, Visit, hours_text
from .ondates import inside_hours


class VenueHours(RuleSpec):
    name = "venue_hours"
    kinds = ("hours",)
    scope = "meeting"
    venue_only = True

    def allowed(self, at: At) -> list[Rule]:
        venue = at.venue
        if not venue.hours:
            return []
        allowed = at.book.hours(at.zone, venue.hours, at.d, at.lo, at.hi)
        return [at.rule(f"hours:venue:{venue.id}", "hours", self.wording(at), allowed, venue.hours_source)]

    def check(self, visit: Visit) -> str | None:
        hours = visit.venue.hours
        if hours and not inside_hours(visit.start, visit.end, visit.zone, hours):
            return "outside the venue's hours"
        return None

    def wording(self, at: At, item: Any = None) -> str:
        return f"{at.venue.name} hours {hours_text(at.venue.hours or ())}"

    def venue_time(self, problem: Problem, venue: Venue, lo: int, hi: int) -> IntervalSet:
        if not venue.hours:
            return IntervalSet.between(lo, hi)
        return local_windows(problem.zone_of(venue.place), venue.hours, lo, hi)


class MeetingHours(RuleSpec):
    name = "meeting_hours"
    kinds = ("hours",)
    scope = "meeting"

    def allowed(self, at: At) -> list[Rule]:
        meeting = at.meeting
        if not meeting.hours:
            return []
        allowed = at.book.hours(at.zone, meeting.hours, at.d, at.lo, at.hi)
        return [at.rule(f"hours:meeting:{meeting.id}", "hours", self.wording(at), allowed, meeting.hours_source)]

    def check(self, visit: Visit) -> str | None:
        hours = visit.meeting.hours
        if hours and not inside_hours(visit.start, visit.end, visit.zone, hours):
            return "outside the meeting's hours"
        return None

    def wording(self, at: At, item: Any = None) -> str:
        return f"meeting hours {hours_text(at.meeting.hours or ())} at {at.place_name}"


class LeaderHours(RuleSpec):
    name = "leader_hours"
    kinds = ("hours",)
    scope = "leader"

    def allowed(self, at: At) -> list[Rule]:
        leader = at.leader
        assert leader is not None
        if not leader.hours:
            return []
        allowed = at.book.hours(at.zone, leader.hours, at.d, at.lo, at.hi)
        text = self.wording(at)
        return [at.rule(f"hours:leader:{leader.id}", "hours", text, allowed, leader.hours_source, leader=True)]

    def check(self, visit: Visit) -> str | None:
        leader = visit.leader
        assert leader is not None
        if leader.hours and not inside_hours(visit.start, visit.end, visit.zone, leader.hours):
            return f"outside {leader.name}'s hours"
        return None

    def wording(self, at: At, item: Any = None) -> str:
        assert at.leader is not None
        return f"{at.leader.name}'s hours {hours_text(at.leader.hours or ())} at {at.place_name}"
