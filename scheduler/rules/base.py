"""What every rule of the scenario is made of, and the shapes the solver and the verifier read.

A rule (`RuleSpec`) states three things side by side, in its own module of this package:

- its **set form**, `allowed`: the meeting starts it allows, as `Rule`s holding interval sets of
  minutes on the time grid (what the solver turns into constraints and the explanations intersect);
- its **verifier check**, `check`: the same rule stated a second time, independently, on datetimes at
  one proposed instant (no time grid, no interval sets), returning the message of a violation;
- its **wording**, `wording`: the rule in the user's words, as explanations show it.

A rule that depends only on the venue (`venue_only`) also says when the venue itself would host
(`venue_time`), which the picture shades. Plain Python: nothing here imports the solver.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, ClassVar, Literal, Protocol
from zoneinfo import ZoneInfo

from ..problem import Leader, Meeting, Problem, Source, Venue
from ..timegrid import IntervalSet
from ..wording import day_text as day_text

EXPLAIN_BEYOND = timedelta(days=366)
"""How far past the deadline explanations look, to say how much later a venue would work."""


def minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


@dataclass(frozen=True)
class Rule:
    """One rule of the scenario, as the set of meeting starts it allows."""

    key: str  # names the scenario element(s): shared by every venue the element bears on
    kind: str
    text: str  # the rule in the user's words
    sources: tuple[Source, ...]
    allowed: IntervalSet
    leader: str | None = None


@dataclass(frozen=True)
class Grid:
    """Starts on the venue's local clock grid: within [start, end) the UTC offset is `offset` minutes."""

    align: int
    segments: tuple[tuple[int, int, int], ...]  # (start, end, residue): allowed s ≡ residue (mod align)


@dataclass(frozen=True)
class Option:
    """One way to hold a meeting: at one venue, with every rule that bears on its start."""

    meeting: Meeting
    venue: Venue
    rank: int  # position in the meeting's venue list (tie-break)
    lo: int  # first minute a start may take
    hi: int  # starts are < hi
    duration: int
    rules: tuple[Rule, ...]
    grid: Grid

    def allowed(self) -> IntervalSet:
        """The intersection of every rule (ignoring the grid)."""
        result = IntervalSet.between(self.lo, self.hi)
        for rule in self.rules:
            result &= rule.allowed
            if not result:
                break
        return result

    def first_start(self, keys: set[str], aligned: bool = True) -> int | None:
        """The earliest start under only the rules whose key is in `keys` (and the grid if `aligned`)."""
        allowed = IntervalSet.between(self.lo, self.hi)
        for rule in self.rules:
            if rule.key in keys:
                allowed &= rule.allowed
                if not allowed:
                    return None
        return self.first_aligned(allowed) if aligned else allowed.first()

    def first_aligned(self, allowed: IntervalSet | None = None) -> int | None:
        """The earliest start that every rule and the grid allow: the direct interval-intersection answer."""
        for start, end in allowed if allowed is not None else self.allowed():
            for seg_start, seg_end, residue in self.grid.segments:
                a, b = max(start, seg_start), min(end, seg_end)
                if a < b:
                    first = a + (residue - a) % self.grid.align
                    if first < b:
                        return first
        return None


class Book(Protocol):
    """What a rule's set form asks of the rule book (`book.RuleBook`): the problem, and what venues share."""

    problem: Problem

    def memo(self, key: tuple[object, ...], compute: Callable[[], Any]) -> Any: ...

    def busy(self, leader: Leader) -> IntervalSet: ...

    def hours(
        self, zone: ZoneInfo, hours: tuple[tuple[time, time | None], ...], d: int, lo: int, hi: int
    ) -> IntervalSet: ...


@dataclass(frozen=True)
class At:
    """What a rule's set form is built for: one meeting at one venue over the starts [lo, hi).

    `leader` is the participant a leader rule is built for (None for a meeting or venue rule);
    `detailed` is the explanations' mode (one rule per busy block or holiday, bounds as rules).
    """

    book: Book
    meeting: Meeting
    venue: Venue
    lo: int
    hi: int
    detailed: bool
    leader: Leader | None = None

    @property
    def problem(self) -> Problem:
        return self.book.problem

    @property
    def d(self) -> int:
        return minutes(self.meeting.duration)

    @property
    def zone(self) -> ZoneInfo:
        return self.problem.zone_of(self.venue.place)

    @property
    def place_name(self) -> str:
        return self.problem.places[self.venue.place].name

    def rule(
        self, key: str, kind: str, text: str, allowed: IntervalSet, *sources: Source | None, leader: bool = False
    ) -> Rule:
        """A rule of this option: its set clipped to [lo, hi), the sources that are given."""
        lid = self.leader.id if leader and self.leader is not None else None
        return Rule(key, kind, text, tuple(s for s in sources if s), allowed.clip(self.lo, self.hi), lid)


@dataclass(frozen=True)
class Visit:
    """What a rule's verifier check looks at: the meeting at `venue` over [start, end), both UTC."""

    problem: Problem
    meeting: Meeting
    venue: Venue
    start: datetime
    end: datetime
    leader: Leader | None = None

    @property
    def zone(self) -> ZoneInfo:
        return self.problem.zone_of(self.venue.place)


class RuleSpec(ABC):
    """One rule of the scenario: its set form, its verifier check and its wording, side by side."""

    name: ClassVar[str]  # the rule's name in the registry
    kinds: ClassVar[tuple[str, ...]]  # the `Rule.kind` values its set form produces
    scope: ClassVar[Literal["meeting", "leader"]]  # built once per option, or once per participant
    venue_only: ClassVar[bool] = False  # depends only on the venue: the picture shades `venue_time`

    @abstractmethod
    def allowed(self, at: At) -> list[Rule]:
        """The set form: the rules this one makes for the option `at` (none when it does not apply)."""

    @abstractmethod
    def check(self, visit: Visit) -> str | None:
        """The verifier's statement: why the meeting `visit` breaks the rule, or None when it keeps it."""

    @abstractmethod
    def wording(self, at: At, item: Any = None) -> str:
        """The rule in the user's words for `at` (`item`: the one busy block, holiday, … in detailed mode)."""

    def venue_time(self, problem: Problem, venue: Venue, lo: int, hi: int) -> IntervalSet:
        """The minutes of [lo, hi) in which the venue itself would host, as far as this rule goes.

        Only for `venue_only` rules; the default (every minute) is right for a rule that does not
        restrict the venue's own time.
        """
        return IntervalSet.between(lo, hi)


def hours_text(hours: tuple[tuple[time, time | None], ...]) -> str:
    return ", ".join(f"{a:%H:%M}–{b:%H:%M}" if b else f"{a:%H:%M}–24:00" for a, b in hours)


def meeting_year(problem: Problem, meeting: Meeting, zone: ZoneInfo) -> int:
    """The year of the meeting: of its earliest possible start (as_of or not_before), in `zone`."""
    return problem.window(meeting)[0].astimezone(zone).year


def possessive(text: str) -> str:
    """ "1 day" → "1 day's", "21 days" → "21 days'" (as in "21 days' notice")."""
    return text + ("'" if text.endswith("s") else "'s")
