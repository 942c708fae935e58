"""What a proposal takes for granted about where a leader is, beyond his stated stops.

DESIGN.md "Firm stops": by default a leader may be at a stop's place before the stop starts or
after it ends, or go somewhere between stops, when travel allows. A protocol officer reads "Kuala
Lumpur from 14:00" as "arrives at 14:00", so an answer that relies on more says so, one line per
leader, with the stop's file:line. Plain Python on the resolved Problem: no rule engine, no solver.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .problem import Leader, Problem, Source, Stop
from .wording import clock, day_text

if TYPE_CHECKING:
    from .results import Plan, Proposal

Kind = Literal["early_arrival", "late_departure", "detour"]


@dataclass(frozen=True)
class Assumption:
    """One thing a proposal relies on that the leader's stops do not state."""

    leader: str  # leader id
    kind: Kind
    plain: str  # one line, for the counterpart: no file:line
    sources: tuple[Source, ...]  # the stops it leans on

    @property
    def text(self) -> str:
        """The line with the stops' file:line, for the planner."""
        return self.plain + _cite(self.sources)

    def as_json(self) -> dict[str, Any]:
        return {
            "leader": self.leader,
            "kind": self.kind,
            "text": self.text,
            "plain": self.plain,  # the line without file:line, for readers outside the planning team
            "where": [{"file": s.where.file, "line": s.where.line, "key": s.where.key} for s in self.sources],
        }


def _cite(sources: tuple[Source, ...]) -> str:
    places = []
    for source in sources:
        where = source.where
        if where.file and where.line:
            places.append(f"{Path(where.file).name}:{where.line}")
    return f" ({', '.join(places)})" if places else ""


def _arrival(stay: Stop) -> Source:
    """The line of the stop a stay starts with (a stay joins stops at one place: DESIGN.md "Settled readings")."""
    return min(stay.parts or (stay,), key=lambda part: part.start).source


def _departure(stay: Stop) -> Source:
    """The line of the stop a stay ends with."""
    return max(stay.parts or (stay,), key=lambda part: part.end).source


def _moment(problem: Problem, stop: Stop, instant: datetime, year: int) -> str:
    """A stop's edge on its place's clock; with the year only when it is not the meeting's."""
    local = instant.astimezone(problem.zone_of(stop.place))
    return f"{day_text(local, year)} {clock(local, '%H:%M %Z')}"


def leader_assumption(
    problem: Problem, leader: Leader, place: str, start: datetime, end: datetime
) -> Assumption | None:
    """What a meeting at `place` in [start, end) assumes of `leader`'s whereabouts (None: nothing).

    Inside a stop at the place, nothing. Outside every stop: staying on at the place of the stop
    before (late departure), being at the place of the stop after before it starts (early arrival),
    or else going to a place neither stop names (a detour). Home counts as the stop on a side that
    has none, and a meeting at home there assumes nothing; a leader without stops assumes nothing.
    """
    if any(s.place == place and s.start <= start and end <= s.end for s in leader.stops):
        return None
    before = max((s for s in leader.stops if s.end <= start), key=lambda s: s.end, default=None)
    after = min((s for s in leader.stops if s.start >= end), key=lambda s: s.start, default=None)
    name, there = leader.name, problem.places[place].name
    year = start.astimezone(problem.zone_of(place)).year
    if before is not None and before.place == place:
        leaning = [_departure(before)]
        also = ""
        if after is not None and after.place == place:
            leaning.append(_arrival(after))
            also = f" until the next stop there starts {_moment(problem, after, after.start, year)}"
        text = (
            f"relies on {name} staying in {there} after the stop there ends "
            f"{_moment(problem, before, before.end, year)}{also}"
        )
        return Assumption(leader.id, "late_departure", text, tuple(leaning))
    if after is not None and after.place == place:
        text = (
            f"relies on {name} arriving in {there} before the stop there starts "
            f"{_moment(problem, after, after.start, year)}"
        )
        return Assumption(leader.id, "early_arrival", text, (_arrival(after),))
    if (before is None or after is None) and place == leader.home:
        return None  # at home before the first stop or after the last
    if before is None and after is None:
        return None
    sides = []
    if before is not None:
        left = problem.places[before.place].name
        sides.append(f"after the stop in {left} ends {_moment(problem, before, before.end, year)}")
    if after is not None:
        right = problem.places[after.place].name
        sides.append(f"before the stop in {right} starts {_moment(problem, after, after.start, year)}")
    near = ((_departure(before),) if before else ()) + ((_arrival(after),) if after else ())
    text = f"relies on {name} travelling to {there} {' and '.join(sides)}"
    return Assumption(leader.id, "detour", text, near)


def assumptions(problem: Problem, proposal: Proposal) -> list[Assumption]:
    """Every participant's assumption for a proposal, in participant order."""
    found = []
    for lid in proposal.meeting.participants:
        leader = problem.leaders[lid]
        assumption = leader_assumption(problem, leader, proposal.venue.place, proposal.start, proposal.end)
        if assumption is not None:
            found.append(assumption)
    return found


def assumption_lines(plan: Plan, proposal: Proposal, indent: str, *, cite: bool = True) -> list[str]:
    """One line per leader whose presence the proposal takes beyond the stated stops (DESIGN.md "Firm stops"),
    with the stops' file:line unless it is written for the counterpart (`cite=False`)."""
    return [f"{indent}Assumption: {a.text if cite else a.plain}" for a in assumptions(plan.problem, proposal)]
