"""Problem → Plan: the planner's controller. For each meeting: search (solve, rank, verify), then say
why the other venues lost (explain), then, when nothing fits, the conflict and the nearest
relaxations (relax).

The result types live in `results` (re-exported here for the callers that name them through `plan`).
"""

from __future__ import annotations

from .availability import Option, RuleBook
from .explain import meeting_conflict, why_never, why_not_by
from .problem import Meeting, Problem
from .relax import relaxations
from .results import MeetingPlan, Plan, Proposal, Rejection
from .search import Budget, search
from .timegrid import from_minute

__all__ = ["MeetingPlan", "Plan", "Proposal", "Rejection", "plan"]


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
    budget = Budget(time_limit)
    result = Plan(problem)
    book = RuleBook(problem)
    for meeting in problem.meetings.values():
        found = search(problem, meeting, book, top=top, workers=workers, budget=budget)
        solved, winner = found.first, found.winner
        mp = MeetingPlan(meeting, found.proposals, [], found.proven)
        chosen = {p.venue.id for p in found.proposals}
        for option in found.options:
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
        if explain and not found.proposals and solved.proven:
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
