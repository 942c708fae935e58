"""An independent check of a proposal: the rules stated a second time, on datetimes, without the solver.

Each rule's check lives beside its set form in `scheduler.rules`, but is its own code: nothing in a
check uses the time grid, the interval sets or OR-Tools; each rule is checked directly at the
proposed instant. This module runs every registered rule's check. The CLI refuses to show a
proposal this module rejects.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .problem import Meeting, Problem, Venue
from .rules.base import Visit
from .rules.ondates import earliest_free_start
from .rules.registry import RULES

__all__ = ["earliest_free_start", "violations"]


def violations(problem: Problem, meeting: Meeting, venue: Venue, start: datetime) -> list[str]:
    """Every rule the meeting at `venue` from `start` breaks; empty means the proposal is sound."""
    problems: list[str] = []
    start = start.astimezone(UTC)  # elapsed-time arithmetic and comparisons happen in UTC
    end = start + meeting.duration

    if venue.id not in meeting.venues:
        problems.append(f"{venue.id} is not a candidate venue of {meeting.id}")
    if start < problem.as_of:
        problems.append("starts before as_of")
    visit = Visit(problem, meeting, venue, start, end)
    problems += [reason for rule in RULES if rule.scope == "meeting" and (reason := rule.check(visit))]
    for lid in meeting.participants:
        for_leader = Visit(problem, meeting, venue, start, end, problem.leaders[lid])
        problems += [reason for rule in RULES if rule.scope == "leader" and (reason := rule.check(for_leader))]
    return problems
