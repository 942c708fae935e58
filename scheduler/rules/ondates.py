"""Plain datetime arithmetic for the rules' verifier checks: no time grid, no interval sets.

The checks state each rule a second time, independently of the set forms, so they share these
helpers with each other and with nothing the set forms use.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..problem import Busy
from ..values import format_duration


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def days_touched(start: datetime, end: datetime, zone: ZoneInfo) -> list[date]:
    """Local dates that [start, end) covers at least one minute of."""
    first = start.astimezone(zone).date()
    last = (end - timedelta(minutes=1)).astimezone(zone).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def covered(start: datetime, end: datetime, windows: list[tuple[datetime, datetime]]) -> bool:
    """Is every minute of [start, end) inside some window? Touching windows join: 09–12 and 12–18 are 09–18."""
    # In UTC: Python compares two times of one zone on the wall clock, which a DST fold makes ambiguous.
    reached, end = start.astimezone(UTC), end.astimezone(UTC)
    for opens, closes in sorted((a.astimezone(UTC), b.astimezone(UTC)) for a, b in windows):
        if opens > reached:
            break
        reached = max(reached, closes)
        if reached >= end:
            return True
    return reached >= end


def inside_hours(start: datetime, end: datetime, zone: ZoneInfo, hours: tuple[tuple[time, time | None], ...]) -> bool:
    """Does [start, end) lie inside the daily wall-clock hours (its end may touch the close)?"""
    first = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    windows = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        for opens, closes in hours:
            close_day = day + timedelta(days=1) if closes is None or closes <= opens else day
            windows.append(
                (datetime.combine(day, opens, tzinfo=zone), datetime.combine(close_day, closes or time(0), tzinfo=zone))
            )
    return covered(start, end, windows)


def earliest_free_start(busy: Iterable[Busy], earliest: datetime, latest: datetime, minutes: int) -> datetime | None:
    """The start of the earliest stretch of `minutes` inside [earliest, latest] that overlaps no busy block."""
    if minutes == 0:
        return earliest if earliest <= latest else None
    need = timedelta(minutes=minutes)
    cursor = earliest  # the stretch starts here or later
    for block in sorted(busy, key=lambda b: b.start):
        if block.end <= cursor:
            continue
        if block.start >= latest:
            break
        if block.start - cursor >= need:
            return cursor
        cursor = block.end
    return cursor if latest - cursor >= need else None


def length(minutes: int) -> str:
    """A travel time as the scenario writes durations (16h21m), never raw minutes."""
    return format_duration(timedelta(minutes=minutes))
