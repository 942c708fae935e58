"""What a run found, as plain data: proposals, the venues that lost and why, conflicts, relaxations.

Only data (and how a rejection reads). Nothing here solves, explains or writes: the search, the
explanations, the renderers and the calendar writers all read these types, so this module imports
nothing from the pipeline above `problem`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .problem import Meeting, Problem, Source, Venue
from .wording import clock


@dataclass(frozen=True)
class Proposal:
    rank: int
    meeting: Meeting
    venue: Venue
    start: datetime  # in the venue's zone
    end: datetime


@dataclass(frozen=True)
class Element:
    """One scenario element that takes part in a conflict, in the user's words."""

    key: str
    text: str
    sources: tuple[Source, ...]

    def cite(self) -> str:
        """Where it was written: `scenario.yaml:53`, `trump.ics:40`, up to three places."""
        places = []
        for source in self.sources:
            where = source.where
            if where.file and where.line:
                text = f"{Path(where.file).name}:{where.line}"
                if text not in places:
                    places.append(text)
        if not places:
            return ""
        more = f" and {len(places) - 3} more" if len(places) > 3 else ""
        return f" ({', '.join(places[:3])}{more})"

    def __str__(self) -> str:
        return self.text + self.cite()

    def as_json(self) -> dict[str, object]:
        return {
            "element": self.key,
            "what": self.text,
            "where": [{"file": s.where.file, "line": s.where.line, "key": s.where.key} for s in self.sources[:10]],
        }


@dataclass(frozen=True)
class Relaxation:
    """One concrete edit and the earliest meeting it gives (re-planned and verified)."""

    change: str
    cost: timedelta  # how big the edit is, for ranking
    proposal: Proposal


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
            return (
                f"possible from {clock(self.earliest)}; the time limit stopped the search, so earlier "
                "starts here were not ruled out",
            )
        if self.earliest is not None and self.beaten_by is not None and self.earliest == self.beaten_by:
            return (
                f"possible at the same time, {clock(self.earliest)}; the meeting's venue order prefers the proposal",
            )
        if self.earliest is not None:
            head = f"possible, but later: from {clock(self.earliest)}"
            if self.elements and self.beaten_by is not None:
                head += f"; a start by {clock(self.beaten_by)} is ruled out by:"
            return (head, *map(str, self.elements))
        head = "no possible start before the deadline" if self.venue else "no possible start"
        if self.after_deadline is not None:
            head += f" (the first one after it: {clock(self.after_deadline)})"
        return (head + (":" if self.elements else ""), *map(str, self.elements))


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


def home_times(plan: Plan, proposal: Proposal) -> dict[str, datetime]:
    """The proposal's start as each participant's staff at home see it."""
    problem = plan.problem
    return {
        lid: proposal.start.astimezone(problem.zone_of(problem.leaders[lid].home))
        for lid in proposal.meeting.participants
    }


@dataclass(frozen=True)
class Withdrawal:
    """An event an earlier run proposed in the output folder and this run does not: now cancelled there."""

    uid: str
    summary: str  # as it was proposed
    start: datetime
    end: datetime
    files: tuple[Path, ...]  # the files that now hold it cancelled
    travel: bool  # a travel or ground-time event of an itinerary, not a meeting

    def as_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "summary": self.summary,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "files": [str(f) for f in self.files],
            "travel": self.travel,
        }
