"""The travel legs around a proposed meeting, for the leaders' itinerary calendars.

The rule is the presence rule's (`rules/presence.py`; where the leader comes from and goes on to is
`between.around`): a leader who is not inside an itinerary stop at the meeting's place flies in
from the place of the latest stop that ended before the meeting (home if none) and on to the place of
the next stop (home if none). A leg is ground time at the origin,
the flight, and ground time at the destination; none of it may overlap the leader's busy time.
Among the times that rule allows, the inbound leg is placed as late as possible and the outbound leg
as early as possible, so the itinerary keeps the leader where the plan has them for as long as it can;
next to a firm stop the leg leaves at the stop's end or lands at its start (DESIGN.md "Firm stops").

Every time here is a UTC instant (the leg's own arithmetic is `Leg.times`): a leg that crosses a
DST change takes its elapsed minutes, and the writers show it in local zones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Literal

from .between import around
from .errors import VerificationError
from .problem import Busy, Leader, Problem, Stop
from .rules.ondates import earliest_free_start
from .travel import Leg

_FAR = timedelta(days=10_000)  # "no stop before/after": the same open bound the verifier uses


@dataclass(frozen=True)
class Journey:
    """One leg of a leader's trip, in UTC: ground time [depart, takeoff), flight, ground time [landing, arrive).

    Why it is there and then, for the people who book it: `stop` is the itinerary stay the leader comes
    from (inbound) or goes on to (outbound), None for home; `busy` is the busy time that keeps the leg
    from joining the meeting (the first block between arrival and the meeting, or the last between the
    meeting and departure), None when it does.
    """

    leader: str
    direction: Literal["inbound", "outbound"]
    leg: Leg
    depart: datetime
    takeoff: datetime
    landing: datetime
    arrive: datetime
    stop: Stop | None = None
    busy: Busy | None = None

    @property
    def origin(self) -> str:
        return self.leg.origin

    @property
    def destination(self) -> str:
        return self.leg.destination


def journeys(problem: Problem, leader: Leader, place: str, start: datetime, end: datetime) -> list[Journey]:
    """The legs `leader` travels to be at `place` for the meeting [start, end): none, inbound, outbound or both.

    Raises VerificationError when a leg does not fit, which the verifier would have refused.
    """
    start, end = start.astimezone(UTC), end.astimezone(UTC)  # elapsed-time arithmetic below
    if any(s.place == place and s.start <= start and end <= s.end for s in leader.stops):
        return []  # the itinerary already has the leader there
    where = around(leader, start, end)
    before, after = where.before, where.after
    found = []
    inbound = problem.travel.leg(where.origin, place)
    if inbound.total:
        depart = latest_free_start(leader.busy, before.end if before else start - _FAR, start, inbound.total)
        if before is not None and before.firm_departure is not None and depart is not None:
            depart = before.end  # a firm stop is left at its end (the verifier checked that leg is free)
        if depart is None:
            raise _no_room(leader, inbound, "before")
        journey = _journey(leader, "inbound", inbound, depart, before)
        waits = [b for b in leader.busy if journey.arrive <= b.start < start]
        found.append(replace(journey, busy=min(waits, key=lambda b: b.start, default=None)))
    outbound = problem.travel.leg(place, where.destination)
    if outbound.total:
        depart = earliest_free_start(leader.busy, end, after.start if after else end + _FAR, outbound.total)
        if after is not None and after.firm_arrival is not None and depart is not None:
            depart = after.start - timedelta(minutes=outbound.total)  # a firm stop is reached at its start
        if depart is None:
            raise _no_room(leader, outbound, "after")
        waits = [b for b in leader.busy if end < b.end <= depart]
        journey = _journey(leader, "outbound", outbound, depart, after)
        found.append(replace(journey, busy=max(waits, key=lambda b: b.end, default=None)))
    return found


def latest_free_start(busy: Iterable[Busy], earliest: datetime, latest: datetime, minutes: int) -> datetime | None:
    """The start of the latest stretch of `minutes` inside [earliest, latest] that overlaps no busy block."""
    need = timedelta(minutes=minutes)
    earliest, cursor = earliest.astimezone(UTC), latest.astimezone(UTC)  # the stretch ends at cursor or earlier
    for block in sorted(busy, key=lambda b: b.end, reverse=True):
        if block.start >= cursor:
            continue
        if block.end <= earliest:
            break
        if cursor - block.end >= need:
            return cursor - need
        cursor = block.start
    return cursor - need if cursor - earliest >= need else None


def _journey(
    leader: Leader, direction: Literal["inbound", "outbound"], leg: Leg, depart: datetime, stop: Stop | None
) -> Journey:
    return Journey(leader.id, direction, leg, *leg.times(depart), stop=stop)


def _no_room(leader: Leader, leg: Leg, when: str) -> VerificationError:
    return VerificationError(
        f"internal error: no time for {leader.name} to travel {leg.origin} → {leg.destination} "
        f"({leg.total} min) {when} the meeting, yet the proposal was verified. Please report this with the scenario."
    )
