"""How a moment and a length of time are written for a person: the one place that names a zone, says whose
clock a time is on, and writes a duration.

Every text the tool shows (the answer, the table, the .ics descriptions, the reasons, the picture)
writes local times through `clock`, so a zone is named the same way everywhere. The formats below differ
on purpose, each where its docstring says; the scenario's own duration syntax ("2d6h", "45m") is written
by `scenario.format_duration`, the serializer of the scenario format, which reads back as it writes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

WHEN = "%a %d %b %Y %H:%M %Z"


def zone_name(moment: datetime) -> str:
    """The zone's abbreviation at `moment` ("KST", "CEST"), or `UTC+08` / `UTC-03:30` for a zone that has none.

    The tz database writes a zone without a customary abbreviation as its offset ("+08"), which reads
    as a number on its own; prefixed with UTC it reads as the offset it is.
    """
    name = moment.tzname() or ""
    if name[:1] in ("+", "-"):
        sign, digits = name[0], name[1:]
        return f"UTC{sign}{digits[:2]}:{digits[2:]}" if len(digits) == 4 else f"UTC{sign}{digits}"
    return name or "UTC"


def clock(moment: datetime, pattern: str = WHEN) -> str:
    """`moment` formatted by `pattern` (strftime), with %Z written as `zone_name` says."""
    return moment.strftime(pattern.replace("%Z", zone_name(moment).replace("%", "%%")))


def when_text(moment: datetime) -> str:
    """A moment as the answer writes it: "Mon 16 Jun 2025, 10:00 MDT" (the text answer, the colour table, the
    withdrawn events and a relaxation's proposal). The reasons write `clock(moment)`, without the comma."""
    return clock(moment, "%a %d %b %Y, %H:%M %Z")


def day_text(value: datetime, year: int) -> str:
    """`Tue 24 Jun`, with the year when it is not the meeting's: `Fri 03 Dec 2027` (the rules' reasons and
    the assumptions' stop edges, where the time follows on its own clock)."""
    return f"{value:%a %d %b}" + (f" {value:%Y}" if value.year != year else "")


def meeting_span(start: datetime, end: datetime) -> str:
    """A meeting from start to end on the venue's clock, named by the end's zone: "Tue 17 Jun 2025 08:00–09:00 MDT"
    (the .ics description's "When:" line and the picture's close-up title)."""
    return f"{clock(start, '%a %d %b %Y %H:%M')}–{clock(end, '%H:%M %Z')}"


def home_time(leader: str, home: str) -> str:
    """Whose clock a time is on: "Mark Carney's time in Ottawa" (the time where the leader's office is,
    not a claim that the leader is at home then)."""
    return f"{leader}'s time in {home}"


def hours_minutes(minutes: int) -> str:
    """A travel time as a timetable writes it: "16h21m", "2h00m", "45m" (hours never turn into days; the
    travel-time reasons and the itinerary events' descriptions)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}m" if hours else f"{rest}m"


def span_text(delta: timedelta) -> str:
    """A length of time in words, to the minute: "21 days", "2 days 12 hours", "1 hour 30 minutes" (the rules'
    reasons, e.g. "21 days' notice"). `margin` drops the minutes once there are days."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (mins, "minute")]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n) or "0 minutes"


def margin(delta: timedelta) -> str:
    """'3 days 4 hours' — how long before the deadline (the answer, the table, the .ics description); minutes
    are left out once there are days, where `span_text` keeps them."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    parts += [f"{mins} minute{'s' if mins != 1 else ''}"] if mins and not days else []
    return " ".join(parts) or "0 minutes"


def counted(number: int, thing: str) -> str:
    """`1 venue`, `2 venues`, `0 busy blocks`: a count with its noun, plural unless it is one."""
    return f"{number:,} {thing}{'' if number == 1 else 's'}"
