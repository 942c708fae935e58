"""Scenario → Problem: every time resolved to an aware instant, every rule tied to where it was written.

The Problem is plain data that knows nothing of OR-Tools. The rule engine (`availability`), the
solver and the independent verifier all read it, so none of them ever meets a naive time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from .checks import unused
from .errors import InputError, ScenarioErrors, Where
from .loading import LoadedScenario, SourceMap
from .public_holidays import UnknownRegion, public_holidays
from .scenario import CalDAVCalendar, CalendarFile, LeaderHolidays, Place, Scenario, VenueHolidays
from .timegrid import is_ambiguous, is_nonexistent, local, resolve_end, resolve_start
from .travel import TravelTimes
from .values import WEEKDAYS
from .wording import clock

if TYPE_CHECKING:
    from .calendars import CalendarRead

NO_DEADLINE_HORIZON = timedelta(days=366)
"""How far ahead the search looks when a meeting has no deadline."""

MAX_SEARCH = timedelta(days=5 * 365 + 2)
"""The longest a search may run, from as_of to its end: five years. Beyond it a date is far more likely a
typo (2125 for 2025) than a plan, and the work (calendars, holidays, hours) grows with every day."""

CALENDAR_MARGIN = timedelta(days=40)
"""Calendars and holidays are read this far either side of the search, so travel before and after counts."""


@dataclass(frozen=True)
class Source:
    """What a rule is, in the user's words, and where it was written."""

    what: str
    where: Where

    def __str__(self) -> str:
        line = f"line {self.where.line}" if self.where.line else ""
        file = Path(self.where.file).name if self.where.file else ""
        at = f"{file}:{self.where.line}" if file and line else file
        return f"{self.what} ({at})" if at else self.what


@dataclass(frozen=True)
class Stop:
    place: str
    start: datetime
    end: datetime
    source: Source
    kind: Literal["itinerary", "holiday", "calendar"] = "itinerary"
    # Where `firm: true` was written (None: not firm). Two edges, so that a stay joined from several stops
    # takes its arrival's firmness from its first stop and its departure's from its last.
    firm_arrival: Source | None = None
    firm_departure: Source | None = None
    parts: tuple[Stop, ...] = ()  # a stay: the stops at this place it joins, as written (empty: one stop)


def join_stays(stops: Iterable[Stop]) -> list[Stop]:
    """The stops in time order, those at one place that touch or overlap joined into one stay.

    DESIGN.md "Settled readings": Berlin 08:00–12:00 (talks) and 12:00–13:00 (lunch), or a lunch
    nested inside the talks, are one stay in Berlin, and a meeting may span them. A stay is its
    earliest stop (`replace` keeps every field, its source and kind among them) ending when the latest
    ends, with the stops it joins in `parts`; it is firm at an edge where a stop at that edge is firm.
    Stops at two places that overlap are left as they are: the caller reports them.
    """
    stays: list[Stop] = []
    for stop in sorted(stops, key=lambda s: (s.start, s.end)):
        last = stays[-1] if stays else None
        if last is not None and last.place == stop.place and stop.start <= last.end:
            parts = (*(last.parts or (last,)), *(stop.parts or (stop,)))
            # Firm edges are the stay's own: its arrival is its first start, its departure its last end
            # (a stop that starts or ends with it, firm, makes that edge firm).
            arrival = last.firm_arrival or (stop.firm_arrival if stop.start == last.start else None)
            departure = (
                stop.firm_departure
                if stop.end > last.end
                else last.firm_departure or (stop.firm_departure if stop.end == last.end else None)
            )
            end = max(last.end, stop.end)
            stays[-1] = replace(last, end=end, parts=parts, firm_arrival=arrival, firm_departure=departure)
        else:
            stays.append(stop)
    return stays


@dataclass(frozen=True)
class Busy:
    start: datetime
    end: datetime
    source: Source


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str
    source: Source


@dataclass(frozen=True)
class Leader:
    id: str
    name: str
    role: str | None
    home: str
    hours: tuple[tuple[time, time | None], ...] | None
    hours_source: Source | None
    holidays: tuple[Holiday, ...]  # home-zone dates
    stops: tuple[Stop, ...]  # stays (join_stays): sorted, non-overlapping; stay_home holidays and calendar stops too
    busy: tuple[Busy, ...]  # sorted by start
    firm_itinerary: Source | None = None  # where `firm_itinerary: true` was written (None: not set)


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    source: Source


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    place: str
    open: tuple[Window, ...] | None
    weekdays: frozenset[int] | None  # 0 = Monday
    weekdays_source: Source | None
    hours: tuple[tuple[time, time | None], ...] | None
    hours_source: Source | None
    notice: timedelta
    notice_source: Source | None
    host: str | None
    closed: tuple[Holiday, ...]  # venue-local dates


@dataclass(frozen=True)
class Meeting:
    id: str
    title: str
    participants: tuple[str, ...]
    duration: timedelta
    align: timedelta
    hours: tuple[tuple[time, time | None], ...] | None
    hours_source: Source | None
    not_before: datetime | None
    not_before_source: Source | None
    deadline: datetime | None
    deadline_why: str | None
    deadline_source: Source | None
    venues: tuple[str, ...]
    source: Source

    def window(self, as_of: datetime) -> tuple[datetime, datetime]:
        """[earliest, latest) instants a start may take: from as_of/not_before to the deadline or a year on."""
        first = max(as_of, self.not_before) if self.not_before else as_of
        return first, self.deadline if self.deadline else first + NO_DEADLINE_HORIZON


@dataclass
class Problem:
    title: str
    as_of: datetime
    as_of_source: Source
    zone: ZoneInfo
    places: dict[str, Place]
    leaders: dict[str, Leader]
    venues: dict[str, Venue]
    meetings: dict[str, Meeting]
    travel: TravelTimes
    source: SourceMap
    warnings: list[str] = field(default_factory=list)

    def zone_of(self, place: str) -> ZoneInfo:
        return ZoneInfo(self.places[place].timezone)

    def window(self, meeting: Meeting) -> tuple[datetime, datetime]:
        return meeting.window(self.as_of)


class _Resolver:
    """Builds a Problem; collects every error instead of stopping at the first."""

    def __init__(self, loaded: LoadedScenario, now: datetime | None):
        self.scenario: Scenario = loaded.scenario
        self.sources = loaded.source
        self.folder = loaded.folder
        self.now = now
        self.errors: list[InputError] = []
        self.warnings: list[str] = []

    def source(self, what: str, *path: str | int) -> Source:
        return Source(what, self.sources.where(tuple(path)))

    def instant(self, value: date | datetime, zone: ZoneInfo, *path: str | int, end: bool = False) -> datetime:
        resolved = resolve_end(value, zone) if end else resolve_start(value, zone)
        if isinstance(value, datetime) and value.tzinfo is None:
            where = self.sources.where(tuple(path))
            if is_nonexistent(resolved):
                shown = resolved.astimezone(UTC).astimezone(zone)
                self.warnings.append(
                    f"{where}: {value:%Y-%m-%d %H:%M} does not exist in {zone.key} "
                    f"(clocks jump forward); read as {clock(shown, '%H:%M %Z')}"
                )
            elif is_ambiguous(resolved):
                self.warnings.append(
                    f"{where}: {value:%Y-%m-%d %H:%M} happens twice in {zone.key} "
                    f"(clocks fall back); read as the first, {clock(resolved, '%H:%M %Z')}"
                )
        # Stored in UTC: Python compares and adds to two times of one zone on the wall clock.
        return resolved.astimezone(UTC)

    def span(
        self, start: date | datetime, end: date | datetime, zone: ZoneInfo, *path: str | int
    ) -> tuple[datetime, datetime] | None:
        first = self.instant(start, zone, *path, "start")
        last = self.instant(end, zone, *path, "end", end=True)
        if last <= first:
            self.errors.append(
                InputError(
                    f"must end after it starts: ends {clock(last, '%Y-%m-%d %H:%M %Z')}, "
                    f"starts {clock(first, '%Y-%m-%d %H:%M %Z')}",
                    self.sources.where((*path, "end")),
                )
            )
            return None
        return first, last

    def zone_of(self, place: str) -> ZoneInfo:
        return ZoneInfo(self.scenario.places[place].timezone)

    def build(self) -> Problem:
        sc = self.scenario
        zone = ZoneInfo(sc.timezone)
        if sc.as_of is not None:
            as_of = self.instant(sc.as_of, zone, "as_of")
        else:
            as_of = (self.now or datetime.now(UTC)).replace(second=0, microsecond=0)
        meetings = {mid: self.meeting(mid, zone) for mid in sc.meetings}
        self.check_search(meetings, as_of, zone)
        if self.errors:  # before calendars and holidays are read over a window that makes no sense
            raise ScenarioErrors(self.errors)
        windows = [m.window(as_of) for m in meetings.values()]
        span = (min(w[0] for w in windows) - CALENDAR_MARGIN, max(w[1] for w in windows) + CALENDAR_MARGIN)
        leaders = {lid: self.leader(lid, span) for lid in sc.leaders}
        venues = {vid: self.venue(vid, span) for vid in sc.venues}
        if self.errors:
            raise ScenarioErrors(self.errors)
        self.warnings += unused(sc, self.sources)
        flight_lines = {i: self.sources.line(("travel", "flights", i)) for i in range(len(sc.travel.flights))}
        return Problem(
            title=sc.title,
            as_of=as_of,
            as_of_source=self.source("as_of", "as_of"),
            zone=zone,
            places=dict(sc.places),
            leaders=leaders,
            venues=venues,
            meetings=meetings,
            travel=TravelTimes(sc.travel, dict(sc.places), flight_lines),
            source=self.sources,
            warnings=self.warnings,
        )

    def check_search(self, meetings: dict[str, Meeting], as_of: datetime, zone: ZoneInfo) -> None:
        """Each meeting's search runs from as_of to its deadline: the deadline not already past, and not decades off.

        (A not_before at or after the deadline is a conflict between two rules, which the plan explains.)
        """

        def shown(instant: datetime) -> str:
            return f"{clock(instant.astimezone(zone), '%Y-%m-%d %H:%M %Z')}"

        as_of_line = self.sources.line(("as_of",))
        as_of_text = f"as_of {shown(as_of)}" + (f" (line {as_of_line})" if as_of_line else " (now)")
        for mid, meeting in meetings.items():
            _, last = meeting.window(as_of)
            path = ("meetings", mid)
            if meeting.deadline is not None and meeting.deadline <= as_of:
                self.errors.append(
                    InputError(
                        f"the deadline {shown(meeting.deadline)} is not after {as_of_text}: it has passed when the "
                        "plan is made",
                        self.sources.where((*path, "deadline")),
                        hint="check the year of the deadline and of as_of",
                    )
                )
            elif last - as_of > MAX_SEARCH:
                line = self.sources.line((*path, "not_before"))
                end = (
                    f"the deadline {shown(last)}"
                    if meeting.deadline
                    else f"a year after not_before {shown(last - NO_DEADLINE_HORIZON)} (line {line})"
                )
                self.errors.append(
                    InputError(
                        f"the search would run {(last - as_of).days / 365.25:,.0f} years, from {as_of_text} to "
                        f"{end}; plans may look at most 5 years ahead",
                        self.sources.where((*path, "deadline" if meeting.deadline else "not_before")),
                        hint="check the year of the deadline, as_of and not_before",
                    )
                )

    def meeting(self, mid: str, zone: ZoneInfo) -> Meeting:
        m = self.scenario.meetings[mid]
        path = ("meetings", mid)
        not_before = self.instant(m.not_before, zone, *path, "not_before") if m.not_before else None
        deadline = self.instant(m.deadline.at, zone, *path, "deadline", "at", end=True) if m.deadline else None
        why = m.deadline.why if m.deadline else None
        return Meeting(
            id=mid,
            title=m.title,
            participants=tuple(m.participants),
            duration=m.duration,
            align=m.align,
            hours=m.hours,
            hours_source=self.source("meeting hours", *path, "hours") if m.hours else None,
            not_before=not_before,
            not_before_source=self.source("not_before", *path, "not_before") if not_before else None,
            deadline=deadline,
            deadline_why=why,
            deadline_source=self.source(f'deadline "{why}"' if why else "deadline", *path, "deadline")
            if deadline
            else None,
            venues=tuple(m.venues) if m.venues else tuple(self.scenario.venues),
            source=self.source(f"meeting {mid}", *path),
        )

    def holidays(
        self, rule: LeaderHolidays | VenueHolidays, span: tuple[datetime, datetime], *path: str | int
    ) -> tuple[Holiday, ...]:
        first, last = span[0].date() - timedelta(days=2), span[1].date() + timedelta(days=2)
        try:
            table = public_holidays(rule.country.upper(), rule.subdivision, range(first.year, last.year + 1))
        except UnknownRegion as error:
            key = "subdivision" if rule.subdivision and "subdiv" in str(error).lower() else "country"
            self.errors.append(InputError(str(error), self.sources.where((*path, key))))
            return ()
        src = self.sources.where(tuple(path))
        return tuple(
            Holiday(day, name, Source(f"{rule.country.upper()} holiday {name} ({day:%a %d %b %Y})", src))
            for day, name in sorted(table.items())
            if first <= day <= last
        )

    def leader(self, lid: str, span: tuple[datetime, datetime]) -> Leader:
        spec = self.scenario.leaders[lid]
        path = ("leaders", lid)
        home_zone = self.zone_of(spec.home)
        stops: list[Stop] = []
        for i, stop in enumerate(spec.itinerary):
            resolved = self.span(stop.start, stop.end, self.zone_of(stop.place), *path, "itinerary", i)
            if resolved:
                what = f"{spec.name} in {self.scenario.places[stop.place].name}" + (
                    f" ({stop.what})" if stop.what else ""
                )
                firm = self.source(f"firm stop: {what}", *path, "itinerary", i, "firm") if stop.firm else None
                source = self.source(f"itinerary stop: {what}", *path, "itinerary", i)
                stops.append(Stop(stop.place, *resolved, source, firm_arrival=firm, firm_departure=firm))
        stops.sort(key=lambda s: s.start)
        for before, after in pairwise(join_stays(stops)):  # at one place they are one stay; at two, an error
            if after.start < before.end:
                clash = next(part for part in before.parts or (before,) if part.end > after.start)
                first = after.parts[0] if after.parts else after
                self.errors.append(
                    InputError(
                        f"itinerary stops overlap: {clash.source} and {first.source}; "
                        "a leader is in one place at a time",
                        first.source.where,
                    )
                )
        busy: list[Busy] = []
        for i, block in enumerate(spec.busy):
            zone = ZoneInfo(block.timezone) if block.timezone else home_zone
            resolved = self.span(block.start, block.end, zone, *path, "busy", i)
            if resolved:
                label = f"busy: {block.what}" if block.what else "busy block"
                busy.append(Busy(*resolved, self.source(f"{spec.name} {label}", *path, "busy", i)))
        calendar_busy, calendar_stops = self.calendars(lid, home_zone, span)
        busy += calendar_busy
        busy.sort(key=lambda b: (b.start, b.end))
        if calendar_stops:
            stops = self.calendar_stops(spec.name, stops, calendar_stops)
        holidays: tuple[Holiday, ...] = ()
        if spec.holidays:
            holidays = self.holidays(spec.holidays, span, *path, "holidays")
            if spec.holidays.stay_home:
                stops = self.stay_home(spec.name, spec.home, home_zone, holidays, stops)
        stops = join_stays(stops)
        return Leader(
            id=lid,
            name=spec.name,
            role=spec.role,
            home=spec.home,
            hours=spec.hours,
            hours_source=self.source(f"{spec.name}'s hours", *path, "hours") if spec.hours else None,
            holidays=holidays,
            stops=tuple(stops),
            busy=tuple(busy),
            firm_itinerary=self.source(f"{spec.name}'s firm itinerary", *path, "firm_itinerary")
            if spec.firm_itinerary
            else None,
        )

    def read_calendar(
        self,
        entry: CalendarFile | CalDAVCalendar,
        home_zone: ZoneInfo,
        span: tuple[datetime, datetime],
        *path: str | int,
    ) -> CalendarRead | None:
        """One `calendars:` item; its errors name the calendar and, in their key, the YAML line."""
        from .calendars import read_calendar  # icalendar is loaded only for scenarios that use it

        try:
            if isinstance(entry, CalDAVCalendar):
                from .caldav_io import read_caldav

                return read_caldav(entry, home_zone, *span)
            return read_calendar(self.folder / entry.file, home_zone, *span, label=entry.file)
        except InputError as error:
            written = self.sources.where(tuple(path))
            if error.where is None:
                error.where = written
            elif error.where.key is None:
                error.where = Where(error.where.file, error.where.line, f"(from {written.key}, line {written.line})")
            self.errors.append(error)
            return None

    def calendars(
        self, lid: str, home_zone: ZoneInfo, span: tuple[datetime, datetime]
    ) -> tuple[list[Busy], list[Stop]]:
        """Busy blocks from the leader's calendars, and a stop for each event that names a place.

        An event matched to a place (see `whereabouts`) is a stop there *and*, unless it is free
        (TRANSP:TRANSPARENT), busy time: a summit session in Tokyo means he is in Tokyo and busy. Its
        all-day days or floating times are then read in that place's zone, not the home zone.
        """
        from .calendars import MAX_BYTES as CALENDAR_BYTES
        from .checks import location_commas
        from .whereabouts import PlaceMatcher, describe

        spec = self.scenario.leaders[lid]
        matcher = PlaceMatcher(self.scenario.places)
        busy: list[Busy] = []
        stops: list[Stop] = []
        ambiguous: dict[tuple[str, str, str], int] = {}
        for i, entry in enumerate(spec.calendars):
            read = self.read_calendar(entry, home_zone, span, "leaders", lid, "calendars", i)
            if read is None:
                continue
            self.warnings.extend(read.warnings)
            if isinstance(entry, CalendarFile) and entry.locations:
                self.warnings += location_commas(self.folder / entry.file, entry.file, matcher, CALENDAR_BYTES)
            located = read.events + read.free if entry.locations else read.events
            for n, event in enumerate(located):
                where = _event_where(event.source)
                places = matcher.candidates(event.location, event.geo) if entry.locations else ()
                if len(places) == 1:
                    event = event.in_zone(self.zone_of(places[0]))
                    what = f"{spec.name} in {self.scenario.places[places[0]].name} ({event.summary})"
                    stops.append(
                        Stop(places[0], event.start, event.end, Source(f"calendar: {what}", where), "calendar")
                    )
                elif places:
                    key = (event.source, f"{event.summary!r}: {describe(event.location, event.geo)}", ", ".join(places))
                    ambiguous[key] = ambiguous.get(key, 0) + 1
                if n < len(read.events):
                    busy.append(Busy(event.start, event.end, Source(f"{spec.name} busy: {event.summary}", where)))
        for (source, said, names), count in ambiguous.items():
            times = f" ({count} times)" if count > 1 else ""
            self.warnings.append(
                f"{source}: {said} matches several places ({names}){times}: not used as a stop, only as busy time; "
                "make the LOCATION name one place"
            )
        return busy, stops

    def calendar_stops(self, name: str, itinerary: list[Stop], found: list[Stop]) -> list[Stop]:
        """The itinerary with the stops the calendars found.

        Calendar stops that overlap or touch at one place become one stop; overlapping at two places
        they are an error naming both events. The explicit itinerary wins over a calendar stop at
        another place (with a warning, as over a stay_home holiday); a calendar stop at the place of
        an itinerary stop it overlaps or touches extends that stop.
        """
        groups: list[list[Stop]] = []
        ends: list[datetime] = []  # of each group
        clashes: dict[tuple[Source, Source], list[Stop]] = {}
        for stop in sorted(found, key=lambda s: (s.start, s.end)):
            if groups and stop.start <= ends[-1] and groups[-1][0].place == stop.place:
                groups[-1].append(stop)
                ends[-1] = max(ends[-1], stop.end)
            elif groups and stop.start < ends[-1]:
                other = next(s for s in reversed(groups[-1]) if s.end > stop.start)
                clashes.setdefault((other.source, stop.source), []).append(stop)
            else:
                groups.append([stop])
                ends.append(stop.end)
        for (first, second), clashing in clashes.items():
            zone = self.zone_of(clashing[0].place)
            more = f" (and {len(clashing) - 1} more times)" if len(clashing) > 1 else ""
            self.errors.append(
                InputError(
                    f"calendar events put {name} in two places at once: {first} and {second}, "
                    f"{clock(clashing[0].start.astimezone(zone))}{more}",
                    second.where,
                    hint="correct the LOCATION of one event, or set `locations: false` on one of the calendars",
                )
            )
        pieces: list[Stop] = []
        overruled: dict[tuple[Source, Source], int] = {}
        for group, end in zip(groups, ends, strict=True):
            stop = replace(group[0], end=end)
            parts = [(stop.start, stop.end)]
            for explicit in itinerary:
                if explicit.start < stop.end and stop.start < explicit.end and explicit.place != stop.place:
                    key = (stop.source, explicit.source)
                    overruled[key] = overruled.get(key, 0) + 1
                parts = [
                    p for a, b in parts for p in ((a, min(b, explicit.start)), (max(a, explicit.end), b)) if p[0] < p[1]
                ]
            pieces += [replace(stop, start=a, end=b) for a, b in parts]
        for (calendar, winner), count in overruled.items():
            times = f" ({count} times)" if count > 1 else ""
            self.warnings.append(f"{calendar.where}: {calendar.what} overlaps the {winner}{times}; the itinerary wins")
        merged: list[Stop] = []
        for stop in sorted(itinerary + pieces, key=lambda s: s.start):
            last = merged[-1] if merged else None
            if last and last.place == stop.place and stop.start <= last.end and "calendar" in (last.kind, stop.kind):
                kept = last if last.kind != "calendar" else stop
                merged[-1] = replace(kept, start=last.start, end=max(last.end, stop.end))
            else:
                merged.append(stop)
        return merged

    def stay_home(
        self, name: str, home: str, zone: ZoneInfo, holidays: tuple[Holiday, ...], stops: list[Stop]
    ) -> list[Stop]:
        """A stay_home holiday is a stop at home for its local day, minus any explicit stop (those win)."""
        added: list[Stop] = []
        for holiday in holidays:
            start, end = local(holiday.day, zone).astimezone(UTC), resolve_end(holiday.day, zone).astimezone(UTC)
            pieces = [(start, end)]
            for stop in stops:
                if stop.start < end and start < stop.end and stop.place != home:
                    self.warnings.append(
                        f"{stop.source.where}: {name}'s itinerary overlaps the home holiday "
                        f"{holiday.name} ({holiday.day}); the itinerary wins"
                    )
                pieces = [p for a, b in pieces for p in ((a, min(b, stop.start)), (max(a, stop.end), b)) if p[0] < p[1]]
            added += [
                Stop(home, a, b, Source(f"{name} at home for {holiday.name}", holiday.source.where), "holiday")
                for a, b in pieces
            ]
        return sorted(stops + added, key=lambda s: s.start)

    def venue(self, vid: str, span: tuple[datetime, datetime]) -> Venue:
        spec = self.scenario.venues[vid]
        path = ("venues", vid)
        zone = self.zone_of(spec.place)
        windows = None
        if spec.open is not None:
            windows = tuple(
                Window(*resolved, self.source(f"{spec.name} open window", *path, "open", i))
                for i, w in enumerate(spec.open)
                if (resolved := self.span(w.start, w.end, zone, *path, "open", i))
            )
        weekdays = frozenset(WEEKDAYS.index(d) for d in spec.weekdays) if spec.weekdays is not None else None
        closed = (
            self.holidays(spec.closed_on_holidays, span, *path, "closed_on_holidays") if spec.closed_on_holidays else ()
        )
        return Venue(
            id=vid,
            name=spec.name,
            place=spec.place,
            open=windows,
            weekdays=weekdays,
            weekdays_source=self.source(f"{spec.name} weekdays", *path, "weekdays") if weekdays is not None else None,
            hours=spec.hours,
            hours_source=self.source(f"{spec.name} hours", *path, "hours") if spec.hours else None,
            notice=spec.notice,
            notice_source=self.source(f"{spec.name} notice", *path, "notice") if spec.notice else None,
            host=spec.host,
            closed=closed,
        )


def _event_where(source: str) -> Where:
    """`file:line` (or `URL:line`) of a calendar event as a Where."""
    file, _, line = source.rpartition(":")
    return Where(file, int(line)) if line.isdigit() and file else Where(source)


def build_problem(loaded: LoadedScenario, now: datetime | None = None) -> Problem:
    """Resolve a validated scenario; raise ScenarioErrors with every problem found."""
    return _Resolver(loaded, now).build()
