"""How a moment is written for a person: the one place that names a zone and says whose clock a time is on.

Every text the tool shows (the answer, the table, the .ics descriptions, the reasons, the picture)
writes local times through `clock`, so a zone is named the same way everywhere.
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


def home_time(leader: str, home: str) -> str:
    """Whose clock a time is on: "Mark Carney's time in Ottawa" (the time where the leader's office is,
    not a claim that the leader is at home then)."""
    return f"{leader}'s time in {home}"


def margin(delta: timedelta) -> str:
    """'3 days 4 hours' — how long before the deadline."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    parts += [f"{mins} minute{'s' if mins != 1 else ''}"] if mins and not days else []
    return " ".join(parts) or "0 minutes"
