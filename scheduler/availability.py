"""The scenario's rules as sets of allowed start minutes, one set per rule, for each (meeting, venue).

Plain Python on the time grid: no solver here. The solver turns each rule into a constraint; the
explanations name the rules that empty a venue's set. Alignment is not a set of intervals but a
grid (`Grid`), because a 15-minute grid over a year would be tens of thousands of points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .problem import Leader, Meeting, Problem, Source, Venue
from .scenario import WEEKDAYS
from .timegrid import IntervalSet, dates_between, local_days, local_windows, offset_segments, to_minute
from .wording import clock

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


class RuleBook:
    """Builds the rules of every option of a problem, computing what venues share only once."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self._cache: dict[tuple[object, ...], Any] = {}

    def _memo(self, key: tuple[object, ...], compute: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def busy(self, leader: Leader) -> IntervalSet:
        """The leader's busy time as one set of minutes."""
        return self._memo(
            ("busy", leader.id), lambda: IntervalSet.of((to_minute(b.start), to_minute(b.end)) for b in leader.busy)
        )

    def grid(self, zone: ZoneInfo, align: int, lo: int, hi: int) -> Grid:
        """On a wall clock with offset o, local minute-of-day ≡ 0 (mod align) ⇔ s ≡ −o (mod align)."""
        return self._memo(
            ("grid", zone.key, align, lo, hi),
            lambda: Grid(align, tuple((a, b, (-offset) % align) for a, b, offset in offset_segments(zone, lo, hi))),
        )

    def hours(
        self, zone: ZoneInfo, hours: tuple[tuple[time, time | None], ...], d: int, lo: int, hi: int
    ) -> IntervalSet:
        """Starts that keep a meeting of `d` minutes inside daily wall-clock `hours`: one per zone, not per venue."""
        return self._memo(
            ("hours", zone.key, hours, d, lo, hi), lambda: local_windows(zone, hours, lo, hi + d).starts_inside(d)
        )

    def weekdays(self, zone: ZoneInfo, weekdays: frozenset[int], d: int, lo: int, hi: int) -> IntervalSet:
        """Starts that keep a meeting of `d` minutes on the zone's local `weekdays`."""

        def compute() -> IntervalSet:
            days = [day for day in dates_between(lo, hi + d, zone) if day.weekday() in weekdays]
            return local_days(zone, days).starts_inside(d)

        return self._memo(("weekdays", zone.key, weekdays, d, lo, hi), compute)

    def presence(self, leader: Leader, place: str, duration: int, lo: int, hi: int) -> IntervalSet:
        """Starts at which `leader` can be at `place` for the whole meeting.

        Either wholly inside a stop there, or wholly outside every stop with time to fly in from the
        previous stop (home if none) and on to the next (home if none); the legs, ground buffers
        included, may not overlap busy time, but the leader may leave early and wait. No stop is firm
        here: `firm_presence` adds that rule, and `firm_rules` states the difference.
        """
        return self.firm_presence(leader, place, duration, lo, hi, frozenset())

    # --- firm stops (DESIGN.md "Firm stops") ------------------------------------------------------

    def firm_presence(
        self, leader: Leader, place: str, duration: int, lo: int, hi: int, chosen: frozenset[int] | None
    ) -> IntervalSet:
        """`presence` when the chosen stops (by index; None: every stop) are firm at the edges that say so.

        Next to a firm edge the leader is not at the stop's place outside the stop: no meeting there
        in the gap on that side, and a leg to or from another place is flown at the edge itself (it
        leaves at a firm `end`, lands at a firm `start`), so it must fit there, clear of busy time.
        With `firm_itinerary` every stop is firm and there are no meetings outside stops at all.
        No stop chosen (`frozenset()`) is the loose rule, `presence`.
        """
        return self._memo(
            ("presence", leader.id, place, duration, lo, hi, chosen),
            lambda: self._presence(leader, place, duration, lo, hi, chosen),
        )

    def _presence(
        self, leader: Leader, place: str, duration: int, lo: int, hi: int, chosen: frozenset[int] | None
    ) -> IntervalSet:
        far = max(1, hi - lo) * 4 + 10**6
        busy = self.busy(leader)
        allowed: list[tuple[int, int]] = []
        itinerary = leader.firm_itinerary is not None
        previous_place, previous_end, leaves_firm = leader.home, lo - far, False
        for index, stop in enumerate((*leader.stops, None)):
            picked = stop is not None and (chosen is None or index in chosen)
            arrives_firm = picked and stop is not None and (itinerary or stop.firm_arrival is not None)
            next_place = stop.place if stop else leader.home
            next_start = to_minute(stop.start) if stop else hi + far
            if not (itinerary and chosen is None):
                allowed += self._gap(
                    busy,
                    (previous_place, previous_end, leaves_firm),
                    place,
                    (next_place, next_start, arrives_firm),
                    duration,
                )
            if stop is None:
                break
            start, end = to_minute(stop.start), to_minute(stop.end)
            if stop.place == place:
                allowed += IntervalSet.between(start, end).starts_inside(duration)
            previous_place, previous_end = stop.place, end
            leaves_firm = picked and (itinerary or stop.firm_departure is not None)
        return IntervalSet.of(allowed)

    def _gap(
        self,
        busy: IntervalSet,
        before: tuple[str, int, bool],
        place: str,
        after: tuple[str, int, bool],
        duration: int,
    ) -> IntervalSet:
        """Starts in the gap between two stops that leave room for both legs: (place, edge minute, firm?)
        of the stop on either side."""
        origin, gap_start, leaves_firm = before
        destination, gap_end, arrives_firm = after
        if gap_end - gap_start < duration:
            return IntervalSet()
        if (leaves_firm and origin == place) or (arrives_firm and destination == place):
            return IntervalSet()  # he would be at a firm stop's place outside it
        leg_in = self.problem.travel.leg(origin, place).total
        leg_out = self.problem.travel.leg(place, destination).total
        if leaves_firm:  # the leg out of the stop leaves at its end
            arrive = busy.first_free_end(gap_start, gap_start + leg_in, leg_in) if leg_in else gap_start
        else:
            arrive = gap_start if leg_in == 0 else busy.first_free_end(gap_start, gap_end, leg_in)
        if arrives_firm:  # the leg into the stop lands at its start
            leave = busy.last_free_start(gap_end - leg_out, gap_end, leg_out) if leg_out else gap_end
        else:
            leave = gap_end if leg_out == 0 else busy.last_free_start(gap_start, gap_end, leg_out)
        if arrive is None or leave is None:
            return IntervalSet()
        return IntervalSet.between(arrive, leave - duration + 1)

    def firm_rules(self, leader: Leader, place: str, d: int, lo: int, hi: int, detailed: bool) -> list[Rule]:
        """The leader's firm stops as rules: each allows every start but those that lean on a firm edge.

        Kept apart from `presence` (which allows arriving early and leaving late), so that an
        explanation names the `firm` key that bites. Detailed mode has one rule per firm stop.
        """
        if leader.firm_itinerary is None and not any(s.firm_arrival or s.firm_departure for s in leader.stops):
            return []
        loose = self.presence(leader, place, d, lo, hi)
        name, lid = leader.name, leader.id
        place_name = self.problem.places[place].name

        def rule(key: str, text: str, sources: tuple[Source, ...], chosen: frozenset[int] | None) -> Rule:
            leaning = loose - self.firm_presence(leader, place, d, lo, hi, chosen)
            return Rule(key, "firm", text, sources, leaning.complement(lo, hi), lid)

        if leader.firm_itinerary is not None:
            text = (
                f"{name}'s itinerary is firm: meetings only inside its stops "
                "(no arriving early, leaving late or detours)"
            )
            return [rule(f"firm_itinerary:{lid}", text, (leader.firm_itinerary,), None)]
        firm = [(i, s) for i, s in enumerate(leader.stops) if s.firm_arrival or s.firm_departure]
        if not detailed:
            sources = tuple(src for _, s in firm for src in dict.fromkeys((s.firm_arrival, s.firm_departure)) if src)
            text = f"{name}'s firm stops (no arriving early or leaving late) for {place_name}"
            return [rule(f"firm:{lid}", text, sources, None)]
        found = []
        for index, stop in firm:
            zone = self.problem.zone_of(stop.place)
            begin, end = stop.start.astimezone(zone), stop.end.astimezone(zone)
            span = f"{begin:%a %d %b %H:%M}–{clock(end, '%a %d %b %H:%M %Z')}"
            text = (
                f"{name}'s stop in {self.problem.places[stop.place].name} ({span}) is firm: "
                "no arriving early or leaving late"
            )
            sources = tuple(src for src in dict.fromkeys((stop.firm_arrival, stop.firm_departure)) if src)
            found.append(rule(f"firm:{lid}:{index}", text, sources, frozenset({index})))
        return found

    def leader_rules(self, leader: Leader, d: int, lo: int, hi: int, detailed: bool) -> list[Rule]:
        """The rules of one leader that do not depend on the venue: home holidays and busy time.

        `detailed` gives one rule per holiday and per busy block (for explanations), else one each.
        """

        def compute() -> list[Rule]:
            home_zone = self.problem.zone_of(leader.home)
            lid, name = leader.id, leader.name
            found = []
            if detailed:
                for h in leader.holidays:
                    days = local_days(home_zone, [h.day]).starts_avoiding(d, lo, hi)
                    found.append(
                        Rule(
                            f"holiday:{lid}:{h.day}",
                            "holiday",
                            f"{name}'s home {h.source.what}",
                            (h.source,),
                            days,
                            lid,
                        )
                    )
                for i, b in enumerate(leader.busy):
                    begin, end = to_minute(b.start), to_minute(b.end)
                    if end <= lo - d or begin >= hi + d:
                        continue  # cannot touch a meeting that starts in [lo, hi)
                    busy = IntervalSet.between(begin, end).starts_avoiding(d, lo, hi)
                    found.append(Rule(f"busy:{lid}:{i}", "busy", b.source.what, (b.source,), busy, lid))
                return found
            if leader.holidays:
                days = local_days(home_zone, [h.day for h in leader.holidays]).starts_avoiding(d, lo, hi)
                sources = tuple(h.source for h in leader.holidays)
                found.append(Rule(f"holiday:{lid}", "holiday", f"{name}'s home holidays", sources, days, lid))
            if leader.busy:
                busy = self.busy(leader).starts_avoiding(d, lo, hi)
                sources = tuple(b.source for b in leader.busy)
                found.append(Rule(f"busy:{lid}", "busy", f"{name}'s busy time", sources, busy, lid))
            return found

        return self._memo(("leader", leader.id, d, lo, hi, detailed), compute)

    def window(self, meeting: Meeting, detailed: bool) -> tuple[int, int]:
        """The minutes a start is searched in: to the deadline, or (detailed) a year past it."""
        first, last = meeting.window(self.problem.as_of)
        if detailed:
            return to_minute(self.problem.as_of), to_minute(last + EXPLAIN_BEYOND)
        return to_minute(first), to_minute(last)

    def option(
        self,
        meeting: Meeting,
        venue: Venue,
        rank: int,
        detailed: bool = False,
        window: tuple[int, int] | None = None,
    ) -> Option:
        """Every rule that bears on holding `meeting` at `venue`, as sets of allowed starts.

        Normal mode bounds the search by not_before and the deadline and merges each kind of rule;
        detailed mode (for explanations) makes those bounds rules of their own, searches a year
        past the deadline, and keeps every busy block and holiday a separate rule.
        """
        problem = self.problem
        lo, hi = window or self.window(meeting, detailed)
        d = minutes(meeting.duration)
        zone = problem.zone_of(venue.place)
        place_name = problem.places[venue.place].name
        mid, vid = meeting.id, venue.id
        rules: list[Rule] = []

        def add(
            key: str, kind: str, text: str, allowed: IntervalSet, *sources: Source | None, leader: str | None = None
        ) -> None:
            rules.append(Rule(key, kind, text, tuple(s for s in sources if s), allowed.clip(lo, hi), leader))

        if detailed and meeting.not_before:
            add(
                f"not_before:{mid}",
                "not_before",
                f"not before {clock(meeting.not_before.astimezone(problem.zone))}",
                IntervalSet.between(to_minute(meeting.not_before), hi),
                meeting.not_before_source,
            )
        if detailed and meeting.deadline:
            add(
                f"deadline:{mid}",
                "deadline",
                _deadline_text(meeting, problem.zone),
                IntervalSet.between(lo, to_minute(meeting.deadline)),
                meeting.deadline_source,
            )
        if venue.notice:
            earliest = to_minute(problem.as_of + venue.notice)
            add(
                f"notice:{vid}",
                "notice",
                f"{venue.name} needs {possessive(span_text(venue.notice))} notice from as_of",
                IntervalSet.between(earliest, hi),
                venue.notice_source,
                problem.as_of_source,
            )
        if venue.open is not None:
            windows = IntervalSet.of((to_minute(w.start), to_minute(w.end)) for w in venue.open)
            add(
                f"open:{vid}",
                "open",
                f"{venue.name} is open only {_windows_text(venue, zone, meeting_year(problem, meeting, zone))}",
                windows.starts_inside(d),
                *(w.source for w in venue.open),
            )
        if venue.weekdays is not None:
            names = ", ".join(WEEKDAYS[i] for i in sorted(venue.weekdays))
            add(
                f"weekdays:{vid}",
                "weekdays",
                f"{venue.name} meets only on {names}",
                self.weekdays(zone, venue.weekdays, d, lo, hi),
                venue.weekdays_source,
            )
        if venue.hours:
            add(
                f"hours:venue:{vid}",
                "hours",
                f"{venue.name} hours {_hours_text(venue.hours)}",
                self.hours(zone, venue.hours, d, lo, hi),
                venue.hours_source,
            )
        if venue.closed and detailed:
            for h in venue.closed:
                add(
                    f"closed:{vid}:{h.day}",
                    "holiday",
                    f"{venue.name} is closed: {h.source.what}",
                    local_days(zone, [h.day]).starts_avoiding(d, lo, hi),
                    h.source,
                )
        elif venue.closed:
            closed = local_days(zone, [h.day for h in venue.closed]).starts_avoiding(d, lo, hi)
            add(
                f"closed:{vid}",
                "holiday",
                f"{venue.name} is closed on public holidays",
                closed,
                *(h.source for h in venue.closed),
            )
        if meeting.hours:
            hours = self.hours(zone, meeting.hours, d, lo, hi)
            add(
                f"hours:meeting:{mid}",
                "hours",
                f"meeting hours {_hours_text(meeting.hours)} at {place_name}",
                hours,
                meeting.hours_source,
            )
        for lid in meeting.participants:
            leader = problem.leaders[lid]
            if leader.hours:
                hours = self.hours(zone, leader.hours, d, lo, hi)
                add(
                    f"hours:leader:{lid}",
                    "hours",
                    f"{leader.name}'s hours {_hours_text(leader.hours)} at {place_name}",
                    hours,
                    leader.hours_source,
                    leader=lid,
                )
            rules += [
                replace(r, allowed=r.allowed.clip(lo, hi)) for r in self.leader_rules(leader, d, lo, hi, detailed)
            ]
            add(
                f"presence:{lid}",
                "presence",
                f"{leader.name} must be in {place_name} (itinerary and travel)",
                self.presence(leader, venue.place, d, lo, hi),
                *(s.source for s in leader.stops),
                leader=lid,
            )
            rules += [
                replace(r, allowed=r.allowed.clip(lo, hi))
                for r in self.firm_rules(leader, venue.place, d, lo, hi, detailed)
            ]
        if detailed:  # a rule that allows the whole window explains nothing
            rules = [r for r in rules if r.allowed.spans != ((lo, hi),)]
        return Option(meeting, venue, rank, lo, hi, d, tuple(rules), self.grid(zone, minutes(meeting.align), lo, hi))


def _deadline_text(meeting: Meeting, zone: ZoneInfo) -> str:
    assert meeting.deadline is not None
    why = f" ({meeting.deadline_why})" if meeting.deadline_why else ""
    return f"the deadline {clock(meeting.deadline.astimezone(zone))}{why}"


def _hours_text(hours: tuple[tuple[time, time | None], ...]) -> str:
    return ", ".join(f"{a:%H:%M}–{b:%H:%M}" if b else f"{a:%H:%M}–24:00" for a, b in hours)


def meeting_year(problem: Problem, meeting: Meeting, zone: ZoneInfo) -> int:
    """The year of the meeting: of its earliest possible start (as_of or not_before), in `zone`."""
    return problem.window(meeting)[0].astimezone(zone).year


def day_text(value: datetime, year: int) -> str:
    """`Tue 24 Jun`, with the year when it is not the meeting's: `Fri 03 Dec 2027`."""
    return f"{value:%a %d %b}" + (f" {value:%Y}" if value.year != year else "")


def _windows_text(venue: Venue, zone: ZoneInfo, year: int) -> str:
    assert venue.open is not None
    parts = []
    for w in venue.open:
        start, end = w.start.astimezone(zone), w.end.astimezone(zone)
        parts.append(f"{day_text(start, year)} {start:%H:%M}–{day_text(end, year)} {clock(end, '%H:%M %Z')}")
    return ", ".join(parts[:3]) + (f" and {len(parts) - 3} more windows" if len(parts) > 3 else "")


def possessive(text: str) -> str:
    """ "1 day" → "1 day's", "21 days" → "21 days'" (as in "21 days' notice")."""
    return text + ("'" if text.endswith("s") else "'s")


def span_text(delta: timedelta) -> str:
    """A length of time in words: "21 days", "2 days 12 hours", "1 hour 30 minutes"."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (mins, "minute")]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n) or "0 minutes"


def options(problem: Problem, meeting: Meeting, book: RuleBook | None = None, detailed: bool = False) -> list[Option]:
    """Every candidate venue of a meeting, in its order of preference."""
    book = book or RuleBook(problem)
    return [book.option(meeting, problem.venues[vid], rank, detailed) for rank, vid in enumerate(meeting.venues)]
