"""Busy time from the leaders' input calendars (.ics), expanded inside a window.

`icalendar` parses, `recurring_ical_events` expands RRULE/RDATE/EXDATE/RECURRENCE-ID and repairs
Google's X-WR-TIMEZONE exports. This module adds what a scheduler needs on top: which events are
busy, all-day and floating times read in the leader's home zone, minute-exact bounds, the line of
each event in its file, and an `InputError` naming file and line instead of a traceback, including
for things both libraries silently accept (an unknown TZID becomes a floating time, an end before
the start is swapped, a second event with the same UID is dropped).

Free (TRANSP:TRANSPARENT) events are not busy, but one that names a LOCATION or GEO still says
where the leader is ("in Tokyo 23–24 August", marked free): those come back apart, in `free`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events
import x_wr_timezone
from dateutil.rrule import rrulestr
from icalendar import Component
from icalendar.parser import Contentline
from icalendar.timezone import tzp
from recurring_ical_events.util import compare_greater, convert_to_datetime

from .errors import InputError, Where
from .files import NotARegularFile, read_file
from .values import iana_zones

TIME_PROPERTIES = frozenset({"DTSTART", "DTEND", "DURATION", "RRULE", "EXRULE", "RDATE", "EXDATE", "RECURRENCE-ID"})
ZONED_PROPERTIES = ("DTSTART", "DTEND", "RECURRENCE-ID", "RDATE", "EXDATE")
SINGLE_PROPERTIES = {"DTSTART": date, "DTEND": date, "RECURRENCE-ID": date, "DURATION": timedelta}
# Floating and all-day events are compared with the window before we give them a zone: widen the
# query by more than any UTC offset, then keep exactly what overlaps the window.
MARGIN = timedelta(days=1)
# What icalendar and recurring_ical_events were seen to raise on malformed input (fuzzed): ValueError and
# its subclasses by design; the others from their internals, e.g. an assert on a VTIMEZONE's content or
# a parameter given twice.
PARSE_ERRORS = (ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError)
RECURRING = frozenset({"RRULE", "RDATE", "EXRULE"})
FAR = timedelta(days=3)
MAX_STEPS = 200_000
"""The most steps a recurrence rule may take from its DTSTART to the end of the window: a daily rule
for five centuries, an hourly one for twenty years. FREQ=SECONDLY over a year would be 30 million
occurrences (the expansion never ends); such a rule is refused before it is expanded. The steps
are counted while the rule is walked (`_Reader.count_steps`), so BYDAY, BYMONTHDAY, BYYEARDAY and
the like cannot multiply them unseen; an estimate from FREQ and INTERVAL refuses the worst first."""
ZONE_FREQUENCIES = ("YEARLY", "MONTHLY")
"""A time zone changes its offset a few times a year: a VTIMEZONE rule repeating more often is nonsense,
and icalendar would walk every step of it from 1970 (FREQ=MINUTELY: millions)."""
PERIOD_DAYS = {
    "SECONDLY": 1 / 86400,
    "MINUTELY": 1 / 1440,
    "HOURLY": 1 / 24,
    "DAILY": 1,
    "WEEKLY": 7,
    "MONTHLY": 28,
    "YEARLY": 365,
}
MAX_LENGTH = timedelta(days=3653)
MAX_BYTES = 20 * 1024 * 1024
"""The largest calendar file read: years of a busy leader's events fit many times over; reading it takes seconds."""
"""One-off events further than this outside the window are not parsed (more than any UTC offset)."""
OWN_UID = "\x00line "  # cannot occur in a UID read from text
EXPORT_HINT = "export or download the calendar again as an .ics (iCalendar) file"


@dataclass(frozen=True)
class CalendarEvent:
    """One busy occurrence: [start, end) in whole minutes, in UTC.

    UTC because Python compares two datetimes of the same zone by wall clock, which is wrong across a
    DST fold; in UTC every comparison is between instants.
    """

    start: datetime
    end: datetime
    summary: str
    location: str | None
    geo: tuple[float, float] | None
    uid: str | None
    source: str
    all_day: bool
    wall: tuple[date, date] | None = None
    """All-day and floating events belong to no zone: their start and end as written (dates or naive
    date-times), so that `in_zone` can read them where the leader turns out to be."""

    def in_zone(self, zone: ZoneInfo) -> CalendarEvent:
        """This event with its all-day days or floating times read in `zone` (others are unchanged)."""
        if self.wall is None:
            return self
        begin, finish = self.wall
        return replace(self, start=_floor_minute(_instant(begin, zone)), end=_ceil_minute(_instant(finish, zone)))


@dataclass(frozen=True)
class CalendarRead:
    """The busy events of one calendar file inside the window, and what the user should know.

    `free` holds the transparent events that name a LOCATION or GEO: not busy time, but evidence of
    where the leader is.
    """

    events: list[CalendarEvent]
    warnings: list[str]
    free: list[CalendarEvent] = field(default_factory=list)


@dataclass
class _Block:
    """A BEGIN…END block of the raw text: its line and the first line of each property."""

    name: str
    line: int
    depth: int = 0
    props: dict[str, int] = field(default_factory=dict)
    end: int = 0
    rules: list[int] = field(default_factory=list)  # the line of every RRULE, not only the first


Line = tuple[int, str]
C = TypeVar("C", bound=Component)


def read_calendar(
    path: Path, home_zone: ZoneInfo, window_start: datetime, window_end: datetime, label: str | None = None
) -> CalendarRead:
    """Read a calendar file; `label` (default: the path as given) names it in sources and errors."""
    name = label if label is not None else str(path)
    try:
        data = read_file(path, MAX_BYTES)  # never more than the limit: a huge file stops here
    except FileNotFoundError:
        raise InputError(
            "calendar file not found",
            Where(file=name),
            hint="check the file name in `calendars:` (paths are relative to the scenario)",
        ) from None
    except IsADirectoryError:
        raise InputError(
            "this is a folder, not a calendar file", Where(file=name), hint="name an .ics file in `calendars:`"
        ) from None
    except NotARegularFile as error:  # a pipe or a device (/dev/stdin, /dev/zero): it could block or never end
        raise InputError(
            f"this is {error.kind}, not a calendar file", Where(file=name), hint="name an .ics file in `calendars:`"
        ) from None
    except OSError as error:
        raise InputError(
            f"cannot read the calendar file: {error.strerror or error}",
            Where(file=name),
            hint="check that the file exists and is readable",
        ) from None
    if len(data) > MAX_BYTES:
        raise InputError(
            f"the calendar file is over {MAX_BYTES:,} bytes, the limit",
            Where(file=name),
            hint="export only the months around the planning window",
        ) from None
    return parse_calendar(data, name, home_zone, window_start, window_end)


def parse_calendar(
    data: bytes, name: str, home_zone: ZoneInfo, window_start: datetime, window_end: datetime
) -> CalendarRead:
    """Busy events of iCalendar `data` overlapping [window_start, window_end), sorted."""
    if window_start.tzinfo is None or window_end.tzinfo is None:
        raise ValueError("the window must be time-zone aware")
    text = _decode(data, name)
    lines = _logical_lines(text)
    blocks = _check_structure(lines, name)
    _check_zone_rules(blocks, lines, name, window_end)
    far = _far_from(blocks, lines, window_start, window_end)
    if far:
        blocks = [block for block in blocks if block.line not in far]
        text = _blanked(text, [(line, end) for line, end in far.items()])
    calendars = _parse(text, lines, name)
    reader = _Reader(name, home_zone, lines, (window_start, window_end))
    # Blocks and components pair up in document order; if they ever disagree, lines stay unknown.
    calendar_blocks = _paired([block for block in blocks if block.depth == 0], calendars)
    vevent_blocks = _paired(
        [block for block in blocks if block.name == "VEVENT"],
        [component for calendar in calendars for component in calendar.walk("VEVENT")],
    )
    for component, block in vevent_blocks:
        reader.check(component, block)
    standard = [_to_standard(calendar, block, name) for calendar, block in calendar_blocks]
    reader.remember(
        [component for calendar in standard for component in calendar.walk("VEVENT")],
        [block for _, block in vevent_blocks],
    )
    busy: list[CalendarEvent] = []
    free: list[CalendarEvent] = []
    for calendar in standard:
        for occurrence in reader.expand(calendar, window_start - MARGIN, window_end + MARGIN):
            event = reader.event(occurrence)
            if event is not None:
                (busy if _is_busy(occurrence) else free).append(event)
    for events in (busy, free):
        events.sort(key=lambda event: (event.start, event.end, event.summary))
    return CalendarRead(busy, reader.warnings(), free)


def _far_from(blocks: list[_Block], lines: list[Line], window_start: datetime, window_end: datetime) -> dict[int, int]:
    """First and last line of each event that cannot touch the window, judged by the dates it names.

    A long-lived calendar holds years of events; icalendar would spend most of the reading time
    parsing them, to no purpose. Left out before parsing: an event that does not recur (no RRULE,
    RDATE or EXRULE) and has a UID of its own, or a moved instance (RECURRENCE-ID without RANGE)
    that moves from and to far outside, whose DTSTART (DTEND, or DTSTART plus DURATION) lies more
    than `FAR` after (before) the window. Their structure is still checked; an event whose dates
    cannot be read this simply is parsed as usual, so its errors are still reported.
    """
    text = dict(lines)
    events = [block for block in blocks if block.name == "VEVENT"]
    uids = Counter(text[block.props["UID"]].rpartition(":")[2].strip() for block in events if "UID" in block.props)
    first_day, last_day = window_start.date() - FAR, window_end.date() + FAR

    def outside(start: date | None, end: date | None) -> bool:
        return start is not None and end is not None and (start > last_day or end < first_day)

    far: dict[int, int] = {}
    for block in events:
        props = block.props
        if RECURRING & props.keys() or "UID" not in props or "DTSTART" not in props:
            continue
        start = _day(text[props["DTSTART"]])
        end = _day(text[props["DTEND"]]) if "DTEND" in props else start
        if "DURATION" in props and "DTEND" not in props:
            end = _ends(start, text[props["DURATION"]])
        if "RECURRENCE-ID" in props:
            moved_from = text[props["RECURRENCE-ID"]]
            if "RANGE=" in moved_from.upper() or not outside(_day(moved_from), _day(moved_from)):
                continue
        elif uids[text[props["UID"]].rpartition(":")[2].strip()] != 1:
            continue
        if outside(start, end):
            far[block.line] = block.end
    return far


def _day(line: str) -> date | None:
    """The date a DTSTART/DTEND line names (its first 8 digits), or None if it is not that simple."""
    found = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:T\d{6}Z?)?", line.rpartition(":")[2].strip())
    try:
        return date(int(found[1]), int(found[2]), int(found[3])) if found else None
    except ValueError:
        return None


def _ends(start: date | None, line: str) -> date | None:
    """The last day an event from `start` lasting a DURATION line reaches, or None if it is not that simple."""
    try:
        length = icalendar.vDuration.from_ical(line.rpartition(":")[2].strip())
        return start + timedelta(days=length.days + 1) if start is not None and length >= timedelta(0) else None
    except (ValueError, OverflowError):
        return None


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the physical lines of each (first, last) span emptied: line numbers stay as they were."""
    physical = re.split(r"(\r?\n)", text)  # lines at even indexes, their line ends at odd ones
    for first, last in spans:
        for number in range(first, last + 1):
            physical[2 * (number - 1)] = ""
    return "".join(physical)


def _paired(blocks: list[_Block], components: list[C]) -> list[tuple[C, _Block]]:
    if len(blocks) != len(components):
        blocks = [_Block(blocks[0].name if blocks else "", 0)] * len(components)
    return list(zip(components, blocks, strict=True))


def _decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x})",
            Where(file=name, line=line),
            hint="export the calendar again as UTF-8, or convert it (e.g. iconv -t UTF-8)",
        ) from None
    if not text.strip():
        raise InputError("the calendar file is empty", Where(file=name), hint=EXPORT_HINT)
    return text


def _logical_lines(text: str) -> list[Line]:
    """Unfolded content lines with the number of their first physical line (RFC 5545 §3.1)."""
    lines: list[Line] = []
    parts: list[str] = []  # the pieces of the line being unfolded, joined once: linear in the file's size
    first = 0
    for number, physical in enumerate(re.split(r"\r?\n", text), start=1):
        if physical[:1] in (" ", "\t") and parts:
            parts.append(physical[1:])
        elif physical.strip():
            if parts:
                lines.append((first, "".join(parts)))
            first, parts = number, [physical]
    if parts:
        lines.append((first, "".join(parts)))
    return lines


def _check_structure(lines: list[Line], name: str) -> list[_Block]:
    """BEGIN/END nesting, so a truncated or spliced file is reported at the right line."""
    first_line, first = lines[0]
    if first.strip().upper() != "BEGIN:VCALENDAR":
        raise InputError(
            "not an iCalendar file: it does not start with BEGIN:VCALENDAR",
            Where(file=name, line=first_line),
            hint=EXPORT_HINT,
        )
    blocks: list[_Block] = []
    stack: list[_Block] = []
    for number, text in lines:
        key, _, value = text.partition(":")
        prop = key.split(";", 1)[0].strip().upper()
        value = value.strip().upper()
        if prop == "BEGIN":
            if not stack and value != "VCALENDAR":
                raise InputError(
                    f"BEGIN:{_component(value)} outside a calendar (after END:VCALENDAR)",
                    Where(file=name, line=number),
                    hint=EXPORT_HINT,
                )
            stack.append(_Block(value, number, len(stack)))
            blocks.append(stack[-1])
        elif prop == "END":
            if not stack:
                raise InputError(
                    f"END:{_component(value)} without a matching BEGIN", Where(file=name, line=number), hint=EXPORT_HINT
                )
            opened = stack.pop()
            opened.end = number
            if opened.name != value:
                raise InputError(
                    f"END:{_component(value)} closes BEGIN:{_component(opened.name)} of line {opened.line}",
                    Where(file=name, line=number),
                    hint=EXPORT_HINT,
                )
        elif stack:
            stack[-1].props.setdefault(prop, number)
            if prop == "RRULE":
                stack[-1].rules.append(number)
        elif prop != "X-COMMENT":  # the one property icalendar accepts outside a calendar
            raise InputError(
                "this line is outside BEGIN:VCALENDAR … END:VCALENDAR", Where(file=name, line=number), hint=EXPORT_HINT
            )
    if stack:
        raise InputError(
            f"the file ends inside BEGIN:{stack[-1].name} of line {stack[-1].line}: it looks truncated",
            Where(file=name, line=lines[-1][0]),
            hint=EXPORT_HINT,
        )
    return blocks


def _check_zone_rules(blocks: list[_Block], lines: list[Line], name: str, window_end: datetime) -> None:
    """Refuse a VTIMEZONE rule that would step too often, before icalendar builds the zone from it.

    Only FREQ=YEARLY or MONTHLY with a positive INTERVAL and one BYHOUR/BYMINUTE/BYSECOND at most,
    stepping at most 12 times in its first year (once a month); then its steps from the zone's
    DTSTART to the end of the window are counted, up to MAX_STEPS.
    """
    text = dict(lines)
    for block in blocks:
        if block.name not in ("STANDARD", "DAYLIGHT"):
            continue
        for number in block.rules:
            value = text[number].partition(":")[2].strip()
            parts = dict(part.partition("=")[::2] for part in value.upper().split(";"))
            where = Where(file=name, line=number)
            hint = "a time zone rule looks like RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU; export the calendar again"
            if parts.get("FREQ") not in ZONE_FREQUENCIES:
                raise InputError(
                    f"a time zone ({block.name}) rule with FREQ={parts.get('FREQ', '')}: a time zone "
                    "changes its offset at most monthly (FREQ=YEARLY or MONTHLY)",
                    where,
                    hint=hint,
                )
            interval = parts.get("INTERVAL", "1")
            if not interval.isdigit() or int(interval) < 1:
                raise InputError(f"INTERVAL={interval}: RFC 5545 makes INTERVAL a positive integer", where, hint=hint)
            for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
                if "," in parts.get(part, ""):
                    raise InputError(
                        f"a time zone ({block.name}) rule with several {part} values: an offset "
                        "changes once on its day",
                        where,
                        hint=hint,
                    )
            start = _naive(text.get(block.props.get("DTSTART", 0), ""))
            if start is None:
                continue  # left to the parser, which reports a DTSTART it cannot read
            try:
                rule = rrulestr(value, dtstart=start)
            except (ValueError, TypeError, OverflowError):
                continue  # left to the parser, which reports a rule it cannot read
            if _steps_beyond(rule, start + timedelta(days=366), 12):  # icalendar looks beyond the window too
                raise InputError(
                    "this time zone rule changes the offset more than 12 times in its first year", where, hint=hint
                )
            stop = (window_end + MARGIN).replace(tzinfo=None)
            if _steps_beyond(rule, stop, MAX_STEPS):
                raise InputError(
                    f"this time zone rule steps more than {MAX_STEPS:,} times from its DTSTART to the "
                    "end of the planning window",
                    where,
                    hint=hint,
                )


def _naive(line: str) -> datetime | None:
    """The naive date-time of a DTSTART line such as `DTSTART:19701025T030000`, or None."""
    found = re.fullmatch(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})", line.rpartition(":")[2].strip())
    try:
        if found is None:
            return None
        year, month, day, hour, minute, second = (int(group) for group in found.groups())
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _steps_beyond(rule: Any, stop: datetime, limit: int) -> bool:
    """Whether `rule` yields more than `limit` occurrences up to `stop`, walking at most `limit + 1` of them."""
    for count, moment in enumerate(rule, start=1):
        if compare_greater(moment, stop):
            return False
        if count > limit:
            return True
    return False


def _parse(text: str, lines: list[Line], name: str) -> list[icalendar.Calendar]:
    # icalendar caches every custom VTIMEZONE process-wide by TZID, first definition wins: without a
    # reset, a second file defining the same TZID differently would be read with the first one's
    # rules, and a file using that TZID without defining it would not be caught as unknown.
    tzp.use(tzp.name)
    try:
        return icalendar.Calendar.from_ical(text, multiple=True)
    except OSError as error:  # zoneinfo opens "Europe/" as a file and finds a folder
        folder = Path(str(error.filename)).name
        pattern = re.compile(rf"TZID=\"?/?{re.escape(folder)}/?\"?[:;]")
        line = next((number for number, text in lines if pattern.search(text)), None)
        raise InputError(
            f"unknown time zone TZID={_shown(folder)}: that is a region, not a zone",
            Where(file=name, line=line),
            hint="use a full IANA zone name such as Europe/Berlin",
        ) from error
    except PARSE_ERRORS as error:
        raise InputError(
            "malformed iCalendar content: this line cannot be read",
            Where(file=name, line=_error_line(lines, str(error))),
            hint=EXPORT_HINT,
        ) from error


def _error_line(lines: list[Line], message: str) -> int | None:
    """Best effort: the first line icalendar cannot split, else a line the message quotes."""
    for number, text in lines:
        try:
            Contentline(text).parts()
        except ValueError:
            return number
    fragments = [a or b for a, b in re.findall(r"'([^']{3,})'|\"([^\"]{3,})\"", message)]
    fragments.append(message.rpartition(": ")[2].strip("'\" "))
    for fragment in filter(lambda fragment: len(fragment) >= 3, fragments):
        for number, text in lines:
            if fragment in text:
                return number
    return None


def _rule_line(lines: list[Line], rule: str) -> int | None:
    """The RRULE line holding every part of `rule` (re-serialized, so its parts may be reordered)."""
    parts = rule.split(";")
    for number, text in lines:
        if rule and text[:6].upper() in ("RRULE:", "RRULE;") and all(part in text for part in parts):
            return number
    return None


def _to_standard(calendar: Component, block: _Block, name: str) -> Component:
    """Google's X-WR-TIMEZONE repair, after checking the zone it names exists."""
    zone = calendar.get("X-WR-TIMEZONE")
    if zone is not None:
        try:
            if str(zone) not in iana_zones():  # not `localtime`: the answer would depend on the machine
                raise ZoneInfoNotFoundError(str(zone))
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise InputError(
                f"unknown time zone X-WR-TIMEZONE:{_shown(str(zone))}",
                Where(file=name, line=block.props.get("X-WR-TIMEZONE", block.line)),
                hint="use an IANA zone name such as Europe/Berlin",
            ) from None
    return x_wr_timezone.to_standard(calendar)


def _dt(component: Component, prop: str) -> Any:
    """The value of a date/time property (icalendar types `get()` as a union of every property type)."""
    value: Any = component.get(prop)
    return None if value is None else value.dt


def _is_busy(component: Component) -> bool:
    return (
        str(component.get("STATUS", "")).upper() != "CANCELLED"
        and str(component.get("TRANSP", "")).upper() != "TRANSPARENT"
    )


def _is_read(component: Component) -> bool:
    """Busy, or free but saying where the leader is; cancelled events say nothing."""
    return _is_busy(component) or (
        str(component.get("STATUS", "")).upper() != "CANCELLED" and ("LOCATION" in component or "GEO" in component)
    )


def _key(component: Component) -> tuple[str | None, object]:
    uid = component.get("UID")
    return (str(uid) if uid is not None else None, _dt(component, "RECURRENCE-ID"))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAK = re.compile(r"\r\n|[\r\n]")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _+./@-]{0,63}")


def clean_text(text: str, lines: bool = False) -> str:
    """Text from a calendar (a file or a CalDAV server), safe to print and to write into a calendar.

    A calendar is someone else's text: an ESC in a SUMMARY would reach the terminal (setting its
    title, clearing the screen) and every written .ics, where RFC 5545 allows no control
    characters. A line break becomes a space (names are shown on one line), or with `lines` a
    newline; every other control character — C0 but TAB, DEL and C1 — becomes U+FFFD (�), so the
    reader sees something was there.
    """
    return _CONTROL.sub("\ufffd", _BREAK.sub("\n" if lines else " ", text))


COMPONENTS = frozenset(
    {
        "VCALENDAR",
        "VEVENT",
        "VTODO",
        "VJOURNAL",
        "VFREEBUSY",
        "VTIMEZONE",
        "STANDARD",
        "DAYLIGHT",
        "VALARM",
        "VAVAILABILITY",
        "AVAILABLE",
        "VLOCATION",
        "VRESOURCE",
        "PARTICIPANT",
    }
)


def _component(name: str) -> str:
    """A component's name as a message may quote it: one RFC 5545 knows, else a placeholder."""
    return name if name in COMPONENTS else "(a component not shown)"


def _shown(name: str) -> str:
    """A name from a calendar (a TZID, a UID, a component) as a message may quote it, else a placeholder.

    Messages never quote a calendar's content: a file that is not what it seems (/proc/self/environ)
    would print its secrets. A short name of letters, digits, spaces and `_+./@-` is shown, to be found.
    """
    return name if _NAME.fullmatch(name) else "(a name not shown)"


class _Reader:
    """Checks the components of one file and turns its occurrences into `CalendarEvent`s."""

    def __init__(self, name: str, home_zone: ZoneInfo, lines: list[Line], window: tuple[datetime, datetime]):
        self.name = name
        self.window = window
        self.home_zone = home_zone
        self.lines = lines
        self.sources: dict[tuple[str | None, object], tuple[Component, int] | None] = {}
        self.notes: list[str] = []
        self.floating = 0
        self.without_end = 0

    def where(self, line: int | None) -> Where:
        return Where(file=self.name, line=line or None)

    def check(self, component: Component, block: _Block) -> None:
        """Reject what the libraries would misread or trip over; remember the component's line."""
        for prop, message in component.errors:
            line = block.props.get(prop, block.line) if prop else _error_line(self.lines, message)
            if prop is None or prop in TIME_PROPERTIES:
                raise InputError(
                    f"{_shown(prop) if prop else 'a line'} of this event cannot be read",
                    self.where(line),
                    hint="correct the value, or export the calendar again",
                )
            self.notes.append(f"{Where(self.name, line or None)}: ignored {_shown(prop)}: its value cannot be read")
        if "DTSTART" not in component:
            raise InputError(
                "event without DTSTART: its time is unknown",
                self.where(block.line),
                hint="give the event a DTSTART, or delete it",
            )
        for prop, kind in SINGLE_PROPERTIES.items():
            value: Any = component.get(prop)
            if isinstance(value, list) or (value is not None and not isinstance(value.dt, kind)):
                what = "more than one" if isinstance(value, list) else "a wrong type of"
                raise InputError(
                    f"{what} {prop} in this event",
                    self.where(block.props.get(prop, block.line)),
                    hint=f"keep one {prop}, a date or date-time (DURATION: e.g. PT1H)",
                )
        rules: Any = component.get("RRULE", [])
        for rule in rules if isinstance(rules, list) else [rules]:
            if "FREQ" not in rule:
                raise InputError(
                    "RRULE without FREQ",
                    self.where(block.props.get("RRULE", block.line)),
                    hint="a rule needs FREQ, e.g. RRULE:FREQ=WEEKLY;BYDAY=MO",
                )
        for prop in ("RRULE", "EXRULE"):
            found: Any = component.get(prop, [])
            for rule in found if isinstance(found, list) else [found]:
                interval = rule.get("INTERVAL", [1])[0]
                if not isinstance(interval, int) or interval < 1:  # INTERVAL=0 never steps on: it runs forever
                    raise InputError(
                        f"{prop} with INTERVAL={interval}: RFC 5545 makes INTERVAL a positive integer",
                        self.where(block.props.get(prop, block.line)),
                        hint="leave INTERVAL out (every period) or give 1, 2, …",
                    )
                steps = self.steps(rule, _dt(component, "DTSTART"))
                if steps > MAX_STEPS:
                    raise InputError(
                        f"this event repeats too often to expand: about {steps:,.0f} times from its "
                        f"DTSTART to the end of the planning window (at most {MAX_STEPS:,})",
                        self.where(block.props.get(prop, block.line)),
                        hint="a calendar of meetings repeats by the day or week; check FREQ and INTERVAL",
                    )
        self.check_length(component, block)
        if _is_read(component):
            self.check_zones(component, block)
            self.check_order(component, block)

    def check_length(self, component: Component, block: _Block) -> None:
        """An event of a thousand years (DTSTART in the year 1) overflows the expansion's date arithmetic."""
        start, end, length = _dt(component, "DTSTART"), _dt(component, "DTEND"), _dt(component, "DURATION")
        try:
            if end is not None and isinstance(start, datetime) == isinstance(end, datetime):
                length = self.instant(end) - self.instant(start)
            too_long = isinstance(length, timedelta) and abs(length) > MAX_LENGTH
        except OverflowError:
            too_long = True
        if too_long:
            prop = "DTEND" if end is not None else "DURATION" if length is not None else "DTSTART"
            raise InputError(
                "this event lasts more than 10 years",
                self.where(block.props.get(prop, block.line)),
                hint="correct DTSTART, DTEND or DURATION",
            )

    def steps(self, rule: Any, start: Any) -> float:
        """Roughly how many occurrences the rule's expansion walks through up to the end of the window."""
        try:
            period = PERIOD_DAYS[str(rule["FREQ"][0]).upper()] * max(1, int(rule.get("INTERVAL", [1])[0]))
            first = self.instant(start)
            last = self.window[1] + MARGIN
            if rule.get("UNTIL"):
                last = min(last, self.instant(rule["UNTIL"][0]))
            per_period = 1
            for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
                per_period *= max(1, len(rule.get(part, [])))
            walked = max(0.0, (last - first).total_seconds() / 86400 / period) * per_period
            return min(walked, int(rule["COUNT"][0])) if rule.get("COUNT") else walked
        except (*PARSE_ERRORS, OverflowError):
            return 0  # left to the expansion, which reports what it cannot read

    def remember(self, components: list[Component], blocks: list[_Block]) -> None:
        """Index the (X-WR-repaired) components by UID and RECURRENCE-ID, to name each event's line.

        Two events with one UID and no RECURRENCE-ID break RFC 5545, and recurring_ical_events
        would silently keep only the first: the later one gets a UID of its own (its line added),
        so its busy time still counts, and the user is told.
        """
        for component, block in zip(components, blocks, strict=True):
            key = _key(component)
            if key in self.sources and key[0] is not None and key[1] is None:
                first = self.sources[key]
                self.notes.append(
                    f"{self.where(block.line)}: a second event with UID {_shown(key[0])} and no "
                    "RECURRENCE-ID"
                    f"{f' (the first is at line {first[1]})' if first else ''}: read as an event of "
                    "its own; to move one instance of a series, give it RECURRENCE-ID"
                )
                component["UID"] = f"{key[0]}{OWN_UID}{block.line}"  # `event` takes the suffix off again
                key = _key(component)
            self.sources[key] = None if key in self.sources else (component, block.line)

    def check_zones(self, component: Component, block: _Block) -> None:
        """icalendar leaves a time naive when its TZID is neither IANA, Windows nor in the file."""
        for prop in ZONED_PROPERTIES:
            values: Any = component.get(prop, [])
            for value in values if isinstance(values, list) else [values]:
                tzid = value.params.get("TZID")
                times = [item.dt for item in value.dts] if hasattr(value, "dts") else [value.dt]
                times = [item[0] if isinstance(item, tuple) else item for item in times]
                if tzid and any(isinstance(t, datetime) and t.tzinfo is None for t in times):
                    raise InputError(
                        f"unknown time zone TZID={_shown(str(tzid))} in {prop}: it is not an IANA zone and no "
                        "VTIMEZONE in the file defines it",
                        self.where(block.props.get(prop, block.line)),
                        hint="use an IANA zone name (e.g. America/New_York) or add its VTIMEZONE",
                    )

    def check_order(self, component: Component, block: _Block) -> None:
        """RFC 5545: DTEND has DTSTART's value type and is not earlier (recurring_ical_events swaps)."""
        start: date = _dt(component, "DTSTART")
        if "DTEND" in component:
            end: date = _dt(component, "DTEND")
            line = block.props.get("DTEND", block.line)
            if isinstance(start, datetime) != isinstance(end, datetime):
                raise InputError(
                    "DTSTART and DTEND differ in type: one is a date, the other a date-time",
                    self.where(line),
                    hint="give both a date (all-day) or both a date-time",
                )
            if self.instant(end) < self.instant(start):
                raise InputError(
                    f"event ends ({end}) before it starts ({start})",
                    self.where(line),
                    hint="swap or correct DTSTART and DTEND",
                )
        elif "DURATION" in component and _dt(component, "DURATION") < timedelta(0):
            raise InputError(
                f"event has a negative DURATION ({_dt(component, 'DURATION')})",
                self.where(block.props.get("DURATION", block.line)),
                hint="a duration must be positive, e.g. PT1H",
            )

    def expand(self, calendar: Component, start: datetime, end: datetime) -> list[Component]:
        try:
            query = recurring_ical_events.of(calendar)
            for series in query.series:
                self.count_steps(series, end)
            return query.between(start, end)
        except (*PARSE_ERRORS, OverflowError) as error:  # OverflowError: an event from the year 1, say
            line = _rule_line(self.lines, str(getattr(error, "rule", "")))
            raise InputError(
                f"cannot expand the recurring events ({type(error).__name__})",
                self.where(line),
                hint="correct the RRULE/RDATE/EXDATE, or export again",
            ) from error

    def count_steps(self, series: Any, end: datetime) -> None:
        """Walk each rule of a series up to `end`, counting: more than MAX_STEPS is refused.

        The walk is the expansion's own (recurring_ical_events' dateutil rules, which cache what
        they yield), so the count is exact whatever BY* parts the rule has, and `between` then
        reuses the cached occurrences instead of walking them again.
        """
        recurrence = series.recurrence
        if not recurrence.has_core:
            return
        stop = convert_to_datetime(end, recurrence.tzinfo)
        for rule in recurrence.rrules[1:]:  # the first is the set of RDATEs, as many as the file lists
            if _steps_beyond(rule, stop, MAX_STEPS):
                uid = _shown(str(recurrence.core.uid).partition(OWN_UID)[0])
                source = self.sources.get((recurrence.core.uid, None))
                line = _rule_line(self.lines, getattr(rule, "string", "")) or (source[1] if source else None)
                raise InputError(
                    f"this event repeats too often to expand: more than {MAX_STEPS:,} times from "
                    f"its DTSTART to the end of the planning window (UID {uid})",
                    self.where(line),
                    hint="a calendar of meetings repeats by the day or week; check FREQ and the BY… parts",
                )

    def instant(self, value: date) -> datetime:
        return _instant(value, self.home_zone)

    def event(self, occurrence: Component) -> CalendarEvent | None:
        """The `CalendarEvent` of one occurrence in the window, or None if it is neither busy nor located."""
        if not _is_read(occurrence):
            return None
        source = self.sources.get(_key(occurrence)) or self.sources.get((_key(occurrence)[0], None))
        begin: date = _dt(occurrence, "DTSTART")
        finish: date = _dt(occurrence, "DTEND") if "DTEND" in occurrence else begin
        all_day = not isinstance(begin, datetime)
        if all_day:  # a DTEND equal to DTSTART still means that one day
            finish = finish if finish > begin else begin + timedelta(days=1)
        start, end = _floor_minute(self.instant(begin)), _ceil_minute(self.instant(finish))
        window_start, window_end = self.window
        if not (start < window_end and (end > window_start if end > start else start >= window_start)):
            return None
        if end <= start:  # RFC 5545 §3.6.1: a DATE-TIME DTSTART alone is an instant, not busy time
            if source and "DTEND" not in source[0] and "DURATION" not in source[0]:
                self.without_end += 1
            return None
        floating = isinstance(begin, datetime) and begin.tzinfo is None
        self.floating += floating
        geo: Any = occurrence.get("GEO")
        location = str(occurrence.get("LOCATION", "")).strip()
        uid = _key(occurrence)[0]
        return CalendarEvent(
            start=start,
            end=end,
            summary=clean_text(str(occurrence.get("SUMMARY", ""))).strip() or "(no title)",
            location=clean_text(location) or None,
            geo=(geo.latitude, geo.longitude) if isinstance(geo, icalendar.vGeo) else None,
            uid=uid.partition(OWN_UID)[0] if uid else None,
            source=f"{self.name}:{source[1]}" if source and source[1] else self.name,
            all_day=all_day,
            wall=(begin, finish) if all_day or floating else None,
        )

    def warnings(self) -> list[str]:
        notes = list(self.notes)
        if self.floating:
            notes.append(
                f"{self.name}: {self.floating} event(s) have floating times (no time zone): read as "
                f"{self.home_zone} local time; give them a TZID to be sure"
            )
        if self.without_end:
            notes.append(
                f"{self.name}: skipped {self.without_end} event(s) with a start time but no end: "
                "RFC 5545 makes them instants that block no time; add DTEND or DURATION"
            )
        return notes


def _instant(value: date, zone: ZoneInfo) -> datetime:
    """The UTC instant of a DATE (local midnight in `zone`) or a (floating) DATE-TIME.

    fold=0 is RFC 5545 §3.3.5: a repeated local time is its first occurrence, a skipped one uses
    the offset before the gap.
    """
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=zone)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def _floor_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _ceil_minute(moment: datetime) -> datetime:
    floor = _floor_minute(moment)
    return floor if floor == moment else floor + timedelta(minutes=1)


__all__ = ["CalendarEvent", "CalendarRead", "clean_text", "parse_calendar", "read_calendar"]
