"""A brute-force oracle: the earliest (start, venue) of a meeting, found by trying every minute.

It states DESIGN.md's rules a third time (after the solver's interval sets and `verify.py`), in
the plainest form: every instant is an integer minute since the Unix epoch (UTC); per-minute facts
("is this minute busy?", "which venue-local date and clock time is this minute?") are painted into
arrays with zoneinfo, minute by minute; a start is accepted only if every rule holds for it, and
the scan walks the meeting's window one minute at a time, venue by venue.

It imports nothing from the rule engine (`scheduler.rules`, `scheduler.availability`, `scheduler.timegrid`,
`scheduler.solver`, `scheduler.verify`): it reads only the resolved `Problem` — instants, places,
venues, meetings, stops as written (stay_home holidays included, with their firm edges) — and the
travel table's leg minutes (`problem.travel.leg(a, b).total`: data, not rules).

Conventions (DESIGN.md "Concepts" and "Time semantics"):

- windows are half-open `[start, end)`; a meeting `[s, s + d)` touches a local date if any of its
  minutes falls on it;
- a daily `hours` window opens at its clock time on a local day and closes at its closing time that
  day (the next day when it runs past midnight; 24:00 is the next midnight); a meeting must lie
  inside the windows of every hours rule and inside the venue's open windows, where windows of one
  rule that touch or overlap join (see `WINDOWS_JOIN`);
- clock times become instants as RFC 5545 and PEP 495 `fold=0` read them — an ambiguous time is its
  first occurrence, a nonexistent one takes the offset in force before the gap — the convention
  `problem.py` uses for every naive time in the YAML;
- durations are elapsed time: the notice rule is `start >= as_of + notice` in minutes, whatever the
  clocks do in between.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduler.problem import NO_DEADLINE_HORIZON, Leader, Meeting, Problem, Venue

DAY = 1440
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

WINDOWS_JOIN = True
"""How "a meeting lies wholly inside the windows" reads when two windows of one rule touch or overlap.

True: every minute of the meeting lies in some window of the rule, so 09:00-12:00 and 12:00-18:00
admit 11:30-12:30, and `00:00-24:00` admits a meeting across midnight (how the solver reads it, and
`verify.py` since commit 40d581c). False: the meeting lies wholly inside a single window. Itinerary
stops always join this way, but only at one place (DESIGN.md "Settled readings"): stops at one place
that touch or overlap are one stay, and a meeting inside a stay needs no travel. The oracle joins them
itself, from the stops as written (each stay's `parts`).
"""


def to_min(instant: datetime) -> int:
    """An aware instant as whole minutes since the epoch (UTC)."""
    assert instant.tzinfo is not None, "the oracle only handles aware instants"
    seconds = (instant.astimezone(UTC) - EPOCH).total_seconds()
    assert seconds % 60 == 0, f"{instant} is not a whole minute"
    return int(seconds // 60)


def from_min(minute: int, zone: ZoneInfo | None = None) -> datetime:
    """The instant `minute`, shown in `zone` (UTC if none)."""
    return datetime.fromtimestamp(minute * 60, zone or UTC)


def wall_instant(day: date, clock: time, zone: ZoneInfo) -> int:
    """A clock time on a local day as an instant (fold=0: first occurrence; offset before a gap)."""
    return to_min(datetime.combine(day, clock, tzinfo=zone).replace(fold=0))


def minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


@dataclass(frozen=True)
class Answer:
    """The oracle's answer for one meeting."""

    earliest: dict[str, int | None]  # venue id -> that venue's earliest start (minute), or None
    best: tuple[int, str] | None  # (start minute, venue id): earliest start, ties by venue order

    def best_datetime(self) -> datetime | None:
        return from_min(self.best[0]) if self.best else None


Check = Callable[..., "str | list[str] | None"]


class Oracle:
    """Scans the minutes of one problem. Build once per Problem, then ask per meeting."""

    def __init__(self, problem: Problem):
        self.p = problem
        self.as_of = to_min(problem.as_of)
        windows = [self.window(m) for m in problem.meetings.values()]
        longest = max(minutes(m.duration) for m in problem.meetings.values())
        # Every minute a meeting can cover, with a day's margin either side.
        self.base = min(lo for lo, _ in windows) - DAY
        self.length = max(max(hi for _, hi in windows) + longest + DAY - self.base, 1)
        self._walls: dict[str, list[datetime]] = {}
        self._painted: dict[tuple, bytearray] = {}
        self._daily: dict[tuple, list[tuple[int, int]]] = {}
        self._leaders: dict[str, _LeaderTime] = {}

    # --- the window ------------------------------------------------------------------------------

    def window(self, meeting: Meeting) -> tuple[int, int]:
        """[lo, hi): starts from max(as_of, not_before) until before the deadline (else the default horizon)."""
        lo = self.as_of
        if meeting.not_before is not None:
            lo = max(lo, to_min(meeting.not_before))
        if meeting.deadline is not None:
            return lo, to_min(meeting.deadline)
        hi = lo + minutes(NO_DEADLINE_HORIZON)
        # Without a deadline, stop where every venue's last open window ends (no start after that
        # lies inside an open window): scanning a year minute by minute would be too slow.
        ends = []
        for vid in meeting.venues:
            venue = self.p.venues[vid]
            if venue.open is None:
                return lo, hi
            ends.append(max((to_min(w.end) for w in venue.open), default=lo))
        return lo, min(hi, max(ends, default=hi))

    # --- per-minute facts, painted over [base, base + length) --------------------------------------

    def walls(self, zone: ZoneInfo) -> list[datetime]:
        """The wall clock of every minute in `zone`, minute by minute."""
        if zone.key not in self._walls:
            self._walls[zone.key] = [from_min(self.base + i, zone) for i in range(self.length)]
        return self._walls[zone.key]

    def painted(self, key: tuple, bad: Callable[[datetime], bool], zone: ZoneInfo) -> bytearray:
        """1 for each minute whose wall clock in `zone` is `bad`."""
        if key not in self._painted:
            self._painted[key] = bytearray([1 if bad(wall) else 0 for wall in self.walls(zone)])
        return self._painted[key]

    def misaligned(self, zone: ZoneInfo, align: int) -> bytearray:
        return self.painted(("align", zone.key, align), lambda w: (w.hour * 60 + w.minute) % align != 0, zone)

    def on_dates(self, zone: ZoneInfo, days: frozenset[date]) -> bytearray:
        return self.painted(("dates", zone.key, days), lambda w: w.date() in days, zone)

    def off_weekdays(self, zone: ZoneInfo, weekdays: frozenset[int]) -> bytearray:
        return self.painted(("weekdays", zone.key, weekdays), lambda w: w.weekday() not in weekdays, zone)

    def daily(self, zone: ZoneInfo, hours: tuple[tuple[time, time | None], ...]) -> list[tuple[int, int]]:
        """Every daily hours window in `zone` around the painted range, as [open, close) minutes."""
        key = (zone.key, hours)
        if key not in self._daily:
            spans = []
            day = from_min(self.base, zone).date() - timedelta(days=2)
            last = from_min(self.base + self.length, zone).date() + timedelta(days=2)
            while day <= last:
                for opens, closes in hours:
                    close_day = day + timedelta(days=1) if closes is None or closes <= opens else day
                    spans.append((wall_instant(day, opens, zone), wall_instant(close_day, closes or time(0), zone)))
                day += timedelta(days=1)
            self._daily[key] = spans
        return self._daily[key]

    def uncovered(self, spans: list[tuple[int, int]]) -> bytearray:
        """1 for each minute that no span covers."""
        key = ("uncovered", tuple(spans))
        if key not in self._painted:
            marks = bytearray(b"\1" * self.length)
            for a, b in spans:
                a, b = max(a - self.base, 0), min(b - self.base, self.length)
                if a < b:
                    marks[a:b] = bytes(b - a)
            self._painted[key] = marks
        return self._painted[key]

    def leader_time(self, leader: Leader) -> _LeaderTime:
        if leader.id not in self._leaders:
            self._leaders[leader.id] = _LeaderTime(self.p, leader, self.base, self.base + self.length)
        return self._leaders[leader.id]

    # --- the scan --------------------------------------------------------------------------------

    def earliest(self, meeting_id: str) -> Answer:
        meeting = self.p.meetings[meeting_id]
        found = {vid: self.first_start(meeting, self.p.venues[vid]) for vid in meeting.venues}
        best = None
        for vid in meeting.venues:  # in venue order: a later venue wins only with a strictly earlier start
            start = found[vid]
            if start is not None and (best is None or start < best[0]):
                best = (start, vid)
        return Answer(found, best)

    def first_start(self, meeting: Meeting, venue: Venue) -> int | None:
        """The earliest minute of the window at which every rule holds for `venue`."""
        lo, hi = self.window(meeting)
        check = self.checker(meeting, venue)
        # Every minute of the window is tried; the painted alignment only skips the off-grid ones faster.
        off_grid = self.misaligned(self.p.zone_of(venue.place), minutes(meeting.align))
        i = lo - self.base
        while True:
            i = off_grid.find(0, i, hi - self.base)
            if i < 0:
                return None
            if check(self.base + i) is None:
                return self.base + i
            i += 1

    def checker(self, meeting: Meeting, venue: Venue) -> Check:
        """`check(s)` -> None if a meeting at `venue` from minute `s` breaks no rule, else the first rule it
        breaks; `check(s, True)` -> the list of every rule it breaks. Each reason starts with the rule's
        key: window, grid, notice, open, weekdays, venue-hours, meeting-hours, venue-holiday, and per
        leader hours[id], holiday[id], busy[id], presence[id] (itinerary and travel)."""
        p, base = self.p, self.base
        lo, hi = self.window(meeting)
        d = minutes(meeting.duration)
        align = minutes(meeting.align)
        zone = p.zone_of(venue.place)
        walls = self.walls(zone)

        def clear(marks: bytearray, s: int) -> bool:
            """No marked minute within the meeting [s, s + d)."""
            return marks.find(1, s - base, s + d - base) == -1

        def inside(spans: list[tuple[int, int]], s: int) -> bool:
            """The meeting lies inside the rule's windows: every minute in one of them (WINDOWS_JOIN),
            or all of them in a single one."""
            if WINDOWS_JOIN:
                return clear(self.uncovered(spans), s)
            return any(a <= s and s + d <= b for a, b in spans)

        off_weekdays = self.off_weekdays(zone, venue.weekdays) if venue.weekdays is not None else None
        closed = self.on_dates(zone, frozenset(h.day for h in venue.closed)) if venue.closed else None
        hour_rules = [
            (name, self.daily(zone, hours))
            for name, hours in (("venue hours", venue.hours), ("meeting hours", meeting.hours))
            if hours
        ]
        open_windows = None if venue.open is None else [(to_min(w.start), to_min(w.end)) for w in venue.open]
        notice_from = self.as_of + minutes(venue.notice)
        people = []
        for lid in meeting.participants:
            leader = p.leaders[lid]
            hours = self.daily(zone, leader.hours) if leader.hours else None
            holidays = (
                self.on_dates(p.zone_of(leader.home), frozenset(h.day for h in leader.holidays))
                if leader.holidays
                else None
            )
            people.append((leader, hours, holidays, self.leader_time(leader)))

        def check(s: int, every: bool = False) -> str | list[str] | None:
            if not lo <= s < hi:
                return ["window: outside the meeting's window"] if every else "window: outside the meeting's window"
            broken: list[str] = []
            wall = walls[s - base]
            if (wall.hour * 60 + wall.minute) % align:
                broken.append(f"grid: {wall:%H:%M} is off the {align}-minute grid")
            if s < notice_from:
                broken.append(f"notice: before as_of + notice ({from_min(notice_from, zone):%Y-%m-%d %H:%M %Z})")
            if open_windows is not None and not inside(open_windows, s):
                broken.append("open: not inside the open windows")
            if off_weekdays is not None and not clear(off_weekdays, s):
                broken.append("weekdays: touches a weekday the venue does not meet")
            for name, spans in hour_rules:
                if not inside(spans, s):
                    broken.append(f"{name.replace(' ', '-')}: not inside the {name}")
            if closed is not None and not clear(closed, s):
                broken.append("venue-holiday: touches a venue holiday")
            for leader, hours, holidays, presence in people:
                if broken and not every:
                    break
                if hours is not None and not inside(hours, s):
                    broken.append(f"hours[{leader.id}]: not inside the leader's hours")
                if holidays is not None and not clear(holidays, s):
                    broken.append(f"holiday[{leader.id}]: touches one of the leader's home holidays")
                broken += (reason.replace("[]", f"[{leader.id}]", 1) for reason in presence.check(s, d, venue.place))
            if every:
                return broken
            return broken[0] if broken else None

        return check


class _LeaderTime:
    """One leader's busy minutes and itinerary, and the travel rule between them."""

    def __init__(self, problem: Problem, leader: Leader, lo: int, hi: int):
        self.problem, self.leader = problem, leader
        # The stops as written (a joined stay's parts), not the problem's stays: the oracle joins stops at
        # one place that touch or overlap itself, by painting the minutes each place has (`at_place`).
        written = [part for stay in leader.stops for part in stay.parts or (stay,)]
        self.stops = [(s.place, to_min(s.start), to_min(s.end)) for s in written]
        # (firm start?, firm end?) of each stop as written: DESIGN.md "Firm stops"
        self.firm = [(s.firm_arrival is not None, s.firm_departure is not None) for s in written]
        busy = [(to_min(b.start), to_min(b.end)) for b in leader.busy]
        longest = max((problem.travel.leg(a, b).total for a in problem.places for b in problem.places), default=0)
        # Paint busy minutes over everything that matters, with room for a leg beyond it, so that the
        # painted range's own ends can stand for -inf / +inf (no stop before / after the meeting).
        points = [lo, hi, *(x for span in busy for x in span), *(x for _, a, b in self.stops for x in (a, b))]
        self.base = min(points) - longest - DAY
        self.top = max(points) + longest + DAY
        self.busy = bytearray(self.top - self.base)
        for a, b in busy:
            self.busy[a - self.base : b - self.base] = b"\1" * (b - a)
        self.at_place: dict[str, bytearray] = {}  # 1 for each minute some stop at the place covers
        for at, a, b in self.stops:
            marks = self.at_place.setdefault(at, bytearray(self.top - self.base))
            marks[a - self.base : b - self.base] = b"\1" * (b - a)

    def free_run(self, start: int, end: int, length: int) -> bool:
        """Is there a stretch of `length` minutes within [start, end) that overlaps no busy block?"""
        if length == 0:
            return start <= end
        return self.busy.find(bytes(length), start - self.base, end - self.base) != -1

    def check(self, s: int, d: int, place: str) -> list[str]:
        """What keeps the leader from a meeting at `place` in [s, s + d) (empty: nothing)."""
        e = s + d
        broken = []
        if self.busy.find(1, s - self.base, e - self.base) != -1:
            broken.append("busy[]: overlaps busy time")
        if place in self.at_place and self.at_place[place].find(0, s - self.base, e - self.base) == -1:
            return broken  # every minute inside stops at the venue's place: one stay
        if any(a < e and s < b for _, a, b in self.stops):
            return [*broken, "presence[]: a stop overlaps the meeting (and none holds it wholly at the venue's place)"]
        before = [(b, at) for at, a, b in self.stops if b <= s]
        after = [(a, at) for at, a, b in self.stops if a >= e]
        free_from, origin = max(before) if before else (self.base, self.leader.home)
        free_until, destination = min(after) if after else (self.top, self.leader.home)
        leg_in = self.problem.travel.leg(origin, place).total if origin != place else 0
        leg_out = self.problem.travel.leg(place, destination).total if destination != place else 0
        if not self.free_run(free_from, s, leg_in):
            broken.append(f"presence[]: no {leg_in} free minutes to travel {origin} -> {place}")
        if not self.free_run(e, free_until, leg_out):
            broken.append(f"presence[]: no {leg_out} free minutes to travel {place} -> {destination}")
        return broken + self.firm_check(s, e, place)

    def firm_check(self, s: int, e: int, place: str) -> list[str]:
        """Firm stops, for a meeting [s, e) outside every stop: a firm itinerary allows none; next to a firm
        end (start) the leader is not at the stop's place, and the leg to (from) the meeting's place
        leaves at that end (lands at that start), every minute of it free."""
        if self.leader.firm_itinerary is not None:
            return ["firm[]: a firm itinerary meets only inside its stops"]
        broken = []
        before = [(b, i) for i, (_, a, b) in enumerate(self.stops) if b <= s]
        after = [(a, i) for i, (_, a, b) in enumerate(self.stops) if a >= e]
        # The edge next to the meeting is firm when a stop at that edge is (stops as written may end
        # or start together, one of them firm).
        if before and any(self.firm[i][1] for b, i in before if b == max(before)[0]):
            end, i = max(before)
            origin = self.stops[i][0]
            leg = self.problem.travel.leg(origin, place).total
            if origin == place:
                broken.append(f"firm[]: stays in {place} after a firm stop there ends")
            elif end + leg > s or self.busy.find(1, end - self.base, end + leg - self.base) != -1:
                broken.append(f"firm[]: the {leg}-minute leg {origin} -> {place} cannot leave at the firm end")
        if after and any(self.firm[i][0] for a, i in after if a == min(after)[0]):
            start, i = min(after)
            destination = self.stops[i][0]
            leg = self.problem.travel.leg(place, destination).total
            if destination == place:
                broken.append(f"firm[]: in {place} before a firm stop there starts")
            elif e > start - leg or self.busy.find(1, start - leg - self.base, start - self.base) != -1:
                broken.append(f"firm[]: the {leg}-minute leg {place} -> {destination} cannot land at the firm start")
        return broken


def oracle_answers(problem: Problem) -> dict[str, Answer]:
    """The oracle's answer for every meeting of a problem."""
    oracle = Oracle(problem)
    return {mid: oracle.earliest(mid) for mid in problem.meetings}
