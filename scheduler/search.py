"""One meeting → its ranked, verified proposals: solve, rank the venues' earliest starts, verify each pick.

No explanations here (that is `explain`) and no re-planning of edited problems (that is `relax`):
`plan` runs this for each meeting, and `relax` runs it on each edited copy. The solver is imported
lazily, so the commands that never solve stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .availability import Option, RuleBook, options
from .errors import VerificationError
from .problem import Meeting, Problem
from .results import Proposal
from .timegrid import IntervalSet, day_span, from_minute, local_date
from .verify import violations

if TYPE_CHECKING:
    from .solver import SolveResult


class Budget:
    """The solving time a whole run may spend (None: no limit), and what it has spent so far."""

    def __init__(self, limit: float | None = None):
        self.limit = limit
        self.spent = 0.0

    def remaining(self) -> float | None:
        return None if self.limit is None else self.limit - self.spent

    def counted(self, solved: SolveResult) -> SolveResult:
        self.spent += solved.wall_time
        return solved


@dataclass
class Found:
    """What the search found for one meeting."""

    options: list[Option]  # every venue's option, in the meeting's venue order
    first: SolveResult  # the first solve: each venue's own earliest start, and which the time limit cut short
    proposals: list[Proposal]  # ranked, each accepted by the verifier
    proven: bool  # False: a time limit stopped some solve; earlier slots were not ruled out
    winner: int | None  # the first proposal's start minute (None: nothing fits)


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


def search(
    problem: Problem,
    meeting: Meeting,
    book: RuleBook,
    *,
    top: int = 1,
    workers: int = 1,
    budget: Budget | None = None,
) -> Found:
    """`meeting`'s `top` best proposals: the earliest start over all venues first (ties by venue order), then
    the next earliest on another day of a venue already taken, or at another venue."""
    from .solver import solve  # the one place the planner gets ortools imported

    budget = budget if budget is not None else Budget()
    opts = options(problem, meeting, book)
    solved = budget.counted(solve(opts, workers=workers, time_limit=budget.remaining()))
    proven = solved.proven
    picks = _ranked(opts, solved.earliest)
    taken = {o.venue.id: _day(s, o, problem) for s, o in picks}
    while len(picks) < top and picks:
        more = budget.counted(solve(opts, taken=taken, workers=workers, time_limit=budget.remaining()))
        proven &= more.proven
        extra = _ranked(opts, more.earliest)
        if not extra:
            break
        start, option = extra[0]
        picks.append((start, option))
        taken[option.venue.id] |= _day(start, option, problem)
    proposals = [_proposal(problem, meeting, rank, s, o) for rank, (s, o) in enumerate(picks[:top], 1)]
    return Found(opts, solved, proposals, proven, picks[0][0] if picks else None)
