"""Problem → Plan: solve each meeting, rank the answers, verify them, and say why other venues lost.

This is the controller the CLI calls. It imports the solver lazily, so the commands that never
solve stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .availability import Option, RuleBook, options
from .errors import VerificationError
from .explain import Element, Relaxation, meeting_conflict, relaxations, why_never, why_not_by
from .problem import Meeting, Problem, Venue
from .timegrid import IntervalSet, day_span, from_minute, local_date
from .verify import violations
from .wording import clock


@dataclass(frozen=True)
class Proposal:
    rank: int
    meeting: Meeting
    venue: Venue
    start: datetime  # in the venue's zone
    end: datetime


@dataclass(frozen=True)
class Rejection:
    """A venue that did not win, and why."""

    venue: Venue
    earliest: datetime | None  # its own earliest start before the deadline, if it has one
    beaten_by: datetime | None  # the winning start it could not match
    elements: tuple[Element, ...]  # what rules out an earlier start (or any start)
    after_deadline: datetime | None = None  # when it has no start: the first one past the deadline
    cut_short: bool = False  # the time limit stopped this venue's search: nothing was ruled out

    @property
    def reasons(self) -> tuple[str, ...]:
        """The rejection in the user's words: a headline, then each element with its line."""
        if self.cut_short:
            if self.earliest is None:
                return ("not ruled out: the time limit stopped the search here before a start was found",)
            return (f"possible from {_when(self.earliest)}; the time limit stopped the search, so earlier "
                    "starts here were not ruled out",)
        if self.earliest is not None and self.beaten_by is not None and self.earliest == self.beaten_by:
            return (
                f"possible at the same time, {_when(self.earliest)}; the meeting's venue order prefers the proposal",
            )
        if self.earliest is not None:
            head = f"possible, but later: from {_when(self.earliest)}"
            if self.elements and self.beaten_by is not None:
                head += f"; a start by {_when(self.beaten_by)} is ruled out by:"
            return (head, *map(str, self.elements))
        head = "no possible start before the deadline" if self.venue else "no possible start"
        if self.after_deadline is not None:
            head += f" (the first one after it: {_when(self.after_deadline)})"
        return (head + (":" if self.elements else ""), *map(str, self.elements))


def _when(value: datetime) -> str:
    return clock(value)


@dataclass
class MeetingPlan:
    meeting: Meeting
    proposals: list[Proposal]
    rejected: list[Rejection]
    proven: bool = True  # False: a time limit stopped the search; earlier slots not ruled out
    conflict: list[Element] = field(default_factory=list)  # when nothing fits
    relaxations: list[Relaxation] = field(default_factory=list)


@dataclass
class Plan:
    problem: Problem
    meetings: list[MeetingPlan] = field(default_factory=list)

    @property
    def status(self) -> str:
        found = [bool(m.proposals) for m in self.meetings]
        return "proposed" if all(found) else "partial" if any(found) else "infeasible"


def _ranked(opts: list[Option], earliest: dict[str, int | None]) -> list[tuple[int, Option]]:
    """Options that can be held, earliest start first, ties by the meeting's venue order."""
    found = [(start, o.rank, o) for o in opts if (start := earliest[o.venue.id]) is not None]
    return [(start, o) for start, _, o in sorted(found, key=lambda t: (t[0], t[1]))]


def _day(start: int, option: Option, problem: Problem) -> IntervalSet:
    zone = problem.zone_of(option.venue.place)
    return IntervalSet.between(*day_span(local_date(start, zone), zone))


def _proposal(problem: Problem, meeting: Meeting, rank: int, start: int, option: Option) -> Proposal:
    """A proposal, only after the independent verifier has accepted it."""
    zone = problem.zone_of(option.venue.place)
    begin = from_minute(start, zone)
    broken = violations(problem, meeting, option.venue, begin)
    if broken:
        raise VerificationError(
            f"internal error: the solver proposed {meeting.id} at {option.venue.id} {begin.isoformat()}, "
            f"which the verifier rejects: {'; '.join(broken)}. Please report this with the scenario."
        )
    return Proposal(rank, meeting, option.venue, begin, from_minute(start + option.duration, zone))


def plan(
    problem: Problem,
    *,
    top: int = 1,
    workers: int = 1,
    time_limit: float | None = None,
    explain: bool = True,
) -> Plan:
    """Solve every meeting; `top` asks for that many ranked proposals per meeting.

    With `explain`, every venue that did not win says why, and a meeting with no answer gets its
    minimal conflict and the nearest relaxations. `time_limit` bounds the time spent solving, over
    the whole plan (building the rules and explaining are not counted); a venue it cuts short is
    reported as not ruled out, and a meeting it leaves without an answer gets no conflict.
    """
    from .solver import SolveResult, solve  # the one place ortools gets imported

    spent = 0.0

    def remaining() -> float | None:
        return None if time_limit is None else time_limit - spent

    def counted(solved: SolveResult) -> SolveResult:
        nonlocal spent
        spent += solved.wall_time
        return solved

    result = Plan(problem)
    book = RuleBook(problem)
    for meeting in problem.meetings.values():
        opts = options(problem, meeting, book)
        solved = counted(solve(opts, workers=workers, time_limit=remaining()))
        proven = solved.proven
        picks = _ranked(opts, solved.earliest)
        taken = {o.venue.id: _day(s, o, problem) for s, o in picks}
        while len(picks) < top and picks:
            more = counted(solve(opts, taken=taken, workers=workers, time_limit=remaining()))
            proven &= more.proven
            extra = _ranked(opts, more.earliest)
            if not extra:
                break
            start, option = extra[0]
            picks.append((start, option))
            taken[option.venue.id] |= _day(start, option, problem)
        proposals = [_proposal(problem, meeting, rank, s, o) for rank, (s, o) in enumerate(picks[:top], 1)]
        mp = MeetingPlan(meeting, proposals, [], proven)
        winner = picks[0][0] if picks else None
        chosen = {p.venue.id for p in proposals}
        for option in opts:
            if option.venue.id in chosen:
                continue
            if option.venue.id in solved.unsettled:
                own = solved.earliest[option.venue.id]
                zone = problem.zone_of(option.venue.place)
                mp.rejected.append(
                    Rejection(
                        option.venue,
                        from_minute(own, zone) if own is not None else None,
                        from_minute(winner, zone) if winner is not None else None,
                        (),
                        cut_short=True,
                    )
                )
            else:
                mp.rejected.append(_rejection(problem, meeting, option, solved.earliest, winner, book, explain))
        if explain and not proposals and solved.proven:
            mp.conflict = meeting_conflict(problem, meeting, book)
            mp.relaxations = relaxations(problem, meeting, mp.conflict)
        result.meetings.append(mp)
    return result


def _rejection(
    problem: Problem,
    meeting: Meeting,
    option: Option,
    earliest: dict[str, int | None],
    winner: int | None,
    book: RuleBook,
    explain: bool,
) -> Rejection:
    zone = problem.zone_of(option.venue.place)
    own = earliest[option.venue.id]
    beaten_by = from_minute(winner, zone) if winner is not None else None
    if own is not None:
        asked = explain and winner is not None and own != winner
        elements = why_not_by(problem, meeting, option.venue, winner, book) if asked and winner is not None else []
        return Rejection(option.venue, from_minute(own, zone), beaten_by, tuple(elements))
    if not explain:
        return Rejection(option.venue, None, beaten_by, ())
    after, elements = why_never(problem, meeting, option.venue, book)
    return Rejection(
        option.venue, None, beaten_by, tuple(elements), from_minute(after, zone) if after is not None else None
    )
