"""Where a leader is outside their stops: the stop (or stay) that ended before, the next one, home when none.

One statement, in instants (so in effect in UTC), shared by the presence rule (`rules/presence.py`), the
itinerary legs (`journeys.py`, which the `.ics` files and the picture draw) and `--leave` (`whatif.py`).
The verifier keeps its own independent statement of the journey rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .problem import Leader, Stop


@dataclass(frozen=True)
class Between:
    """Where a leader is outside their stops: the stop that ended before (None: home) and the next one
    (None: home). `index` is the next stop's position in `leader.stops` (its length when home)."""

    before: Stop | None
    after: Stop | None
    index: int
    home: str

    @property
    def origin(self) -> str:
        """The place the leader comes from: the stop before, else home."""
        return self.before.place if self.before else self.home

    @property
    def destination(self) -> str:
        """The place the leader goes on to: the next stop, else home."""
        return self.after.place if self.after else self.home


def gaps(leader: Leader) -> list[Between]:
    """Every stretch outside the leader's stops, in order: home → first stop, …, last stop → home."""
    stops = leader.stops
    return [
        Between(stops[i - 1] if i else None, stops[i] if i < len(stops) else None, i, leader.home)
        for i in range(len(stops) + 1)
    ]


def left_last(spans: Sequence[tuple[datetime, datetime]], moment: datetime) -> int | None:
    """Which stop (by index into `spans`, each its start and end) the leader last left by `moment`: among
    those begun before it, the one left latest, a stop that holds the moment being left at it (the
    first such on a tie); None when there is none and the leader comes from home."""
    found: int | None = None
    for i, (start, end) in enumerate(spans):
        if start < moment and (found is None or min(end, moment) > min(spans[found][1], moment)):
            found = i
    return found


def around(leader: Leader, start: datetime, end: datetime) -> Between:
    """The stops on either side of a meeting [start, end) outside every stop: the one left last by `start`,
    the first that starts at `end` or later (compared as instants, so in effect in UTC)."""
    stops = leader.stops
    before = left_last([(s.start, s.end) for s in stops], start)
    coming = [i for i, s in enumerate(stops) if s.start >= end]
    after = min(coming, key=lambda i: stops[i].start, default=None)
    return Between(
        stops[before] if before is not None else None,
        stops[after] if after is not None else None,
        after if after is not None else len(stops),
        leader.home,
    )
