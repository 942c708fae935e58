"""A leader's busy time (calendars and `busy` entries): the meeting overlaps none of it."""

from __future__ import annotations

from typing import Any

from ..problem import Busy as BusyBlock
from ..timegrid import IntervalSet, to_minute
from .base import At, Rule, RuleSpec, Visit
from .ondates import overlaps


class Busy(RuleSpec):
    name = "busy"
    kinds = ("busy",)
    scope = "leader"

    def allowed(self, at: At) -> list[Rule]:
        leader = at.leader
        assert leader is not None
        if not leader.busy:
            return []
        d, lo, hi = at.d, at.lo, at.hi

        def compute() -> list[Rule]:
            if not at.detailed:
                busy = at.book.busy(leader).starts_avoiding(d, lo, hi)
                sources = tuple(b.source for b in leader.busy)
                return [at.rule(f"busy:{leader.id}", "busy", self.wording(at), busy, *sources, leader=True)]
            found = []
            for i, b in enumerate(leader.busy):
                begin, end = to_minute(b.start), to_minute(b.end)
                if end <= lo - d or begin >= hi + d:
                    continue  # cannot touch a meeting that starts in [lo, hi)
                blocked = IntervalSet.between(begin, end).starts_avoiding(d, lo, hi)
                found.append(
                    at.rule(f"busy:{leader.id}:{i}", "busy", self.wording(at, b), blocked, b.source, leader=True)
                )
            return found

        return at.book.memo(("busy-rules", leader.id, d, lo, hi, at.detailed), compute)

    def check(self, visit: Visit) -> str | None:
        assert visit.leader is not None
        for block in visit.leader.busy:
            if overlaps(block.start, block.end, visit.start, visit.end):
                return f"overlaps {block.source}"
        return None

    def wording(self, at: At, item: Any = None) -> str:
        if isinstance(item, BusyBlock):
            return item.source.what
        assert at.leader is not None
        return f"{at.leader.name}'s busy time"
