"""The registry: every rule of the scenario, in the order options list them and the verifier reports.

Rules of scope "meeting" are built once per option, then those of scope "leader" once per
participant, in the meeting's order of participants. Adding a rule: write its module (set form,
verifier check, wording) and put an instance here.
"""

from __future__ import annotations

from ..problem import Problem, Venue
from ..timegrid import IntervalSet
from .align import Align
from .base import RuleSpec
from .busy import Busy
from .closed import Closed
from .holidays import HomeHolidays
from .hours import LeaderHours, MeetingHours, VenueHours
from .notice import Notice
from .open import Open
from .presence import Firm, Presence
from .weekdays import Weekdays
from .window import Deadline, NotBefore

ALIGN = Align()

RULES: tuple[RuleSpec, ...] = (
    NotBefore(),
    Deadline(),
    Notice(),
    Open(),
    Weekdays(),
    VenueHours(),
    Closed(),
    MeetingHours(),
    ALIGN,
    LeaderHours(),
    HomeHolidays(),
    Busy(),
    Presence(),
    Firm(),
)


def venue_hosts(problem: Problem, venue: Venue, lo: int, hi: int) -> IntervalSet:
    """When the venue itself would host in [lo, hi) (its windows, weekdays, hours, holidays and notice),
    leaders aside: the intersection of the venue-only rules' `venue_time`. The picture and the briefing
    page shade it."""
    result = IntervalSet.between(lo, hi)
    for rule in RULES:
        if rule.venue_only:
            result &= rule.venue_time(problem, venue, lo, hi)
    return result
