"""A meeting's `align`: it starts on the venue's local clock grid (every 15 minutes by default).

Its set form is not an interval set but a `Grid` (a 15-minute grid over a year would be tens of
thousands of points): on a wall clock with UTC offset o, local minute-of-day ≡ 0 (mod align) ⇔
s ≡ −o (mod align). `Option.grid` holds it; `allowed` makes no interval rule.
"""

from __future__ import annotations

from typing import Any

from ..timegrid import offset_segments
from .base import At, Grid, Rule, RuleSpec, Visit, minutes


class Align(RuleSpec):
    name = "align"
    kinds = ()
    scope = "meeting"

    def allowed(self, at: At) -> list[Rule]:
        return []  # the grid is the option's `grid`, built by `grid`

    def grid(self, at: At) -> Grid:
        zone, align, lo, hi = at.zone, minutes(at.meeting.align), at.lo, at.hi
        return at.book.memo(
            ("grid", zone.key, align, lo, hi),
            lambda: Grid(align, tuple((a, b, (-offset) % align) for a, b, offset in offset_segments(zone, lo, hi))),
        )

    def check(self, visit: Visit) -> str | None:
        wall = visit.start.astimezone(visit.zone)
        align = int(visit.meeting.align.total_seconds() // 60)
        if (wall.hour * 60 + wall.minute) % align or wall.second:
            return f"{wall:%H:%M} is not on the {align}-minute grid of the local clock"
        return None

    def wording(self, at: At, item: Any = None) -> str:
        return f"on the {minutes(at.meeting.align)}-minute grid of the local clock at {at.place_name}"
