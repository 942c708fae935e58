"""A leader's home holidays: the meeting touches no local day (at the leader's home) that is one."""

from __future__ import annotations

from typing import Any

from ..problem import Holiday
from ..timegrid import local_days
from .base import At, Rule, RuleSpec, Visit
from .ondates import days_touched


class HomeHolidays(RuleSpec):
    name = "home_holidays"
    kinds = ("holiday",)
    scope = "leader"

    def allowed(self, at: At) -> list[Rule]:
        leader = at.leader
        assert leader is not None
        if not leader.holidays:
            return []
        d, lo, hi = at.d, at.lo, at.hi
        home_zone = at.problem.zone_of(leader.home)

        def compute() -> list[Rule]:
            if at.detailed:
                return [
                    at.rule(
                        f"holiday:{leader.id}:{h.day}",
                        "holiday",
                        self.wording(at, h),
                        local_days(home_zone, [h.day]).starts_avoiding(d, lo, hi),
                        h.source,
                        leader=True,
                    )
                    for h in leader.holidays
                ]
            days = local_days(home_zone, [h.day for h in leader.holidays]).starts_avoiding(d, lo, hi)
            sources = tuple(h.source for h in leader.holidays)
            return [at.rule(f"holiday:{leader.id}", "holiday", self.wording(at), days, *sources, leader=True)]

        return at.book.memo(("holiday", leader.id, d, lo, hi, at.detailed), compute)

    def check(self, visit: Visit) -> str | None:
        leader = visit.leader
        assert leader is not None
        holidays = {h.day: h for h in leader.holidays}
        home = visit.problem.zone_of(leader.home)
        days_off = [holidays[d] for d in days_touched(visit.start, visit.end, home) if d in holidays]
        return f"on one of {leader.name}'s home holidays: {days_off[0].source}" if days_off else None

    def wording(self, at: At, item: Any = None) -> str:
        assert at.leader is not None
        if isinstance(item, Holiday):
            return f"{at.leader.name}'s home {item.source.what}"
        return f"{at.leader.name}'s home holidays"
