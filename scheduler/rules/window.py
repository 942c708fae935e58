"""A meeting's own bounds: not before `not_before`, and starting before its `deadline`.

In normal mode they bound the search window (`RuleBook.window`) and make no rule; in detailed mode
(explanations search a year past the deadline) each is a rule of its own, so that an explanation
can say "the deadline" is what a later venue breaks.
"""

from __future__ import annotations

from typing import Any

from ..timegrid import IntervalSet, to_minute
from ..wording import clock
from .base import At, Rule, RuleSpec, Visit


class NotBefore(RuleSpec):
    name = "not_before"
    kinds = ("not_before",)
    scope = "meeting"

    def allowed(self, at: At) -> list[Rule]:
        meeting = at.meeting
        if not (at.detailed and meeting.not_before):
            return []
        allowed = IntervalSet.between(to_minute(meeting.not_before), at.hi)
        return [at.rule(f"not_before:{meeting.id}", "not_before", self.wording(at), allowed, meeting.not_before_source)]

    def check(self, visit: Visit) -> str | None:
        not_before = visit.meeting.not_before
        return "starts before not_before" if not_before and visit.start < not_before else None

    def wording(self, at: At, item: Any = None) -> str:
        assert at.meeting.not_before is not None
        return f"not before {clock(at.meeting.not_before.astimezone(at.problem.zone))}"


class Deadline(RuleSpec):
    name = "deadline"
    kinds = ("deadline",)
    scope = "meeting"

    def allowed(self, at: At) -> list[Rule]:
        meeting = at.meeting
        if not (at.detailed and meeting.deadline):
            return []
        allowed = IntervalSet.between(at.lo, to_minute(meeting.deadline))
        return [at.rule(f"deadline:{meeting.id}", "deadline", self.wording(at), allowed, meeting.deadline_source)]

    def check(self, visit: Visit) -> str | None:
        deadline = visit.meeting.deadline
        return "does not start before the deadline" if deadline and not visit.start < deadline else None

    def wording(self, at: At, item: Any = None) -> str:
        meeting = at.meeting
        assert meeting.deadline is not None
        why = f" ({meeting.deadline_why})" if meeting.deadline_why else ""
        return f"the deadline {clock(meeting.deadline.astimezone(at.problem.zone))}{why}"
