"""The one place that turns aware datetimes into integer minutes (UTC) and back.

Everything the solver sees is a set of half-open `[start, end)` intervals of minutes since the
Unix epoch. Local wall-clock times are read with PEP 495 `fold=0`: an ambiguous time (autumn
fold) is its first occurrence; a nonexistent time (spring gap) is read with the offset in force
before the gap, so 02:30 on a spring-forward night in New York means 03:30 EDT.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MINUTES_PER_DAY = 1440


def to_minute(instant: datetime) -> int:
    """Minutes since the epoch of an aware instant (seconds are truncated)."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime reached the time grid")
    return int(instant.timestamp()) // 60


def from_minute(minute: int, zone: ZoneInfo | None = None) -> datetime:
    """The instant `minute`, shown in `zone` (UTC if none)."""
    instant = EPOCH + timedelta(minutes=minute)
    return instant.astimezone(zone) if zone else instant


def local(value: date | datetime, zone: ZoneInfo) -> datetime:
    """A naive wall-clock time (or a date's midnight) in `zone`; aware values are kept as they are."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone, fold=0)
    return datetime.combine(value, time(0), tzinfo=zone)


def resolve_start(value: date | datetime, zone: ZoneInfo) -> datetime:
    """A window's start: a date means the beginning of that local day."""
    return local(value, zone)


def resolve_end(value: date | datetime, zone: ZoneInfo) -> datetime:
    """A window's end: a date means the end of that local day (inclusive), i.e. the next midnight."""
    if isinstance(value, datetime):
        return local(value, zone)
    return datetime.combine(value + timedelta(days=1), time(0), tzinfo=zone)


def is_nonexistent(value: datetime) -> bool:
    """True when a naive-turned-aware wall time falls into a DST gap."""
    round_trip = value.astimezone(UTC).astimezone(value.tzinfo)
    return round_trip.replace(tzinfo=None) != value.replace(tzinfo=None)


def is_ambiguous(value: datetime) -> bool:
    """True when a wall time occurs twice (DST fold)."""
    return value.utcoffset() != value.replace(fold=1).utcoffset()


def local_date(minute: int, zone: ZoneInfo) -> date:
    return from_minute(minute, zone).date()


def day_span(day: date, zone: ZoneInfo) -> tuple[int, int]:
    """The minutes of one local day, from its midnight to the next."""
    start = to_minute(datetime.combine(day, time(0), tzinfo=zone))
    end = to_minute(datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone))
    return start, end


def dates_between(first: int, last: int, zone: ZoneInfo) -> Iterator[date]:
    """Every local date touched by the minutes [first, last], with a day's margin either side."""
    day = local_date(first, zone) - timedelta(days=1)
    end = local_date(last, zone) + timedelta(days=1)
    while day <= end:
        yield day
        day += timedelta(days=1)


@dataclass(frozen=True)
class IntervalSet:
    """A sorted union of disjoint, non-touching half-open intervals of minutes."""

    spans: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, spans: Iterable[tuple[int, int]]) -> IntervalSet:
        """Normalise any intervals: drop empty ones, sort, merge overlapping and touching ones."""
        merged: list[list[int]] = []
        for start, end in sorted(s for s in spans if s[0] < s[1]):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return cls(tuple((a, b) for a, b in merged))

    @classmethod
    def between(cls, start: int, end: int) -> IntervalSet:
        return cls(((start, end),)) if start < end else cls()

    def __bool__(self) -> bool:
        return bool(self.spans)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def __or__(self, other: IntervalSet) -> IntervalSet:
        return IntervalSet.of(self.spans + other.spans)

    def __and__(self, other: IntervalSet) -> IntervalSet:
        out = []
        i = j = 0
        a, b = self.spans, other.spans
        while i < len(a) and j < len(b):
            start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
            if start < end:
                out.append((start, end))
            if a[i][1] < b[j][1]:
                i += 1
            else:
                j += 1
        return IntervalSet(tuple(out))

    def __sub__(self, other: IntervalSet) -> IntervalSet:
        return self & other.complement(self.first_or(0), self.end_or(0))

    def complement(self, lo: int, hi: int) -> IntervalSet:
        """What of [lo, hi) this set does not cover."""
        out, cursor = [], lo
        for start, end in self.spans:
            if end <= lo or start >= hi:
                continue
            if start > cursor:
                out.append((cursor, start))
            cursor = max(cursor, end)
        if cursor < hi:
            out.append((cursor, hi))
        return IntervalSet(tuple(out))

    def first_or(self, default: int) -> int:
        return self.spans[0][0] if self.spans else default

    def end_or(self, default: int) -> int:
        return self.spans[-1][1] if self.spans else default

    def first(self) -> int | None:
        return self.spans[0][0] if self.spans else None

    def __contains__(self, minute: object) -> bool:
        if not isinstance(minute, int):
            return False
        i = bisect.bisect_right(self.spans, (minute, float("inf"))) - 1
        return i >= 0 and self.spans[i][0] <= minute < self.spans[i][1]

    def first_free_end(self, lo: int, hi: int, length: int) -> int | None:
        """The end of the earliest stretch of `length` minutes in [lo, hi) that this set leaves free."""
        cursor = lo
        i = max(0, bisect.bisect_right(self.spans, (lo, lo)) - 1)
        for start, end in self.spans[i:]:
            if end <= cursor:
                continue
            if min(start, hi) - cursor >= length:
                return cursor + length
            if start >= hi:
                break
            cursor = max(cursor, end)
        return cursor + length if hi - cursor >= length else None

    def last_free_start(self, lo: int, hi: int, length: int) -> int | None:
        """The start of the latest stretch of `length` minutes in [lo, hi) that this set leaves free."""
        cursor = hi
        i = bisect.bisect_left(self.spans, (hi, hi))
        for start, end in reversed(self.spans[:i]):
            if start >= cursor:
                continue
            if cursor - max(end, lo) >= length:
                return cursor - length
            if end <= lo:
                break
            cursor = min(cursor, start)
        return cursor - length if cursor - lo >= length else None

    def starts_inside(self, duration: int) -> IntervalSet:
        """Starts s such that [s, s + duration) lies wholly inside one interval of this set."""
        return IntervalSet(tuple((a, b - duration + 1) for a, b in self.spans if b - a >= duration))

    def starts_avoiding(self, duration: int, lo: int, hi: int) -> IntervalSet:
        """Starts s in [lo, hi) such that [s, s + duration) overlaps no interval of this set."""
        blocked = IntervalSet.of((a - duration + 1, b) for a, b in self.spans)
        return blocked.complement(lo, hi)

    def clip(self, lo: int, hi: int) -> IntervalSet:
        return self & IntervalSet.between(lo, hi)


def local_windows(zone: ZoneInfo, windows: Iterable[tuple[time, time | None]], first: int, last: int) -> IntervalSet:
    """Daily wall-clock windows (end None = 24:00; end <= start runs past midnight) over [first, last]."""
    spans = []
    for day in dates_between(first, last, zone):
        for start, end in windows:
            end_day = day + timedelta(days=1) if end is None or end <= start else day
            spans.append(
                (
                    to_minute(datetime.combine(day, start, tzinfo=zone)),
                    to_minute(datetime.combine(end_day, end or time(0), tzinfo=zone)),
                )
            )
    return IntervalSet.of(spans)


def local_days(zone: ZoneInfo, days: Iterable[date]) -> IntervalSet:
    """The union of whole local days."""
    return IntervalSet.of(day_span(day, zone) for day in days)


def offset_segments(zone: ZoneInfo, first: int, last: int) -> list[tuple[int, int, int]]:
    """[(start, end, utc_offset_minutes)] covering [first, last): where the zone's offset is constant.

    Built from per-year pieces that are computed once per zone and year and then reused, since
    explanations ask for many overlapping windows.
    """
    segments: list[tuple[int, int, int]] = []
    year = from_minute(first).year
    while True:
        for start, end, offset in _year_segments(zone.key, year):
            start, end = max(start, first), min(end, last)
            if start >= end:
                continue
            if segments and segments[-1][2] == offset and segments[-1][1] == start:
                segments[-1] = (segments[-1][0], end, offset)
            else:
                segments.append((start, end, offset))
        if _year_start(year + 1) >= last:
            return segments
        year += 1


def _year_start(year: int) -> int:
    """The first minute of a UTC year; years past datetime's range start at the end of time."""
    return to_minute(datetime(year, 1, 1, tzinfo=UTC)) if year <= MAXYEAR else 10**12


@lru_cache(maxsize=4096)
def _year_segments(zone_key: str, year: int) -> tuple[tuple[int, int, int], ...]:
    """One UTC year of a zone's offsets: sampled every 6 hours, each change bisected to its minute.

    No zone changes its offset twice within 6 hours.
    """
    zone = ZoneInfo(zone_key)
    first, last = _year_start(year), _year_start(year + 1)

    def offset(minute: int) -> int:
        delta = from_minute(minute, zone).utcoffset()
        assert delta is not None
        return int(delta.total_seconds() // 60)

    segments, seg_start, current = [], first, offset(first)
    probe = first
    while probe < last - 1:
        step_end = min(probe + 360, last - 1)
        if offset(step_end) != current:
            low, high = probe, step_end
            while high - low > 1:
                mid = (low + high) // 2
                low, high = (mid, high) if offset(mid) == current else (low, mid)
            segments.append((seg_start, high, current))
            seg_start, current = high, offset(high)
        probe = step_end
    segments.append((seg_start, last, current))
    return tuple(segments)
