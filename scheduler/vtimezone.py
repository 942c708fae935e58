"""RRULE-style VTIMEZONE components built from the standard library's ``zoneinfo`` data.

Outlook desktop only understands a VTIMEZONE made of one STANDARD and one DAYLIGHT sub-component
with yearly RRULEs; icalendar's ``add_missing_timezones()`` writes one RDATE per transition
instead, which Outlook ignores and Radicale truncates.  ``vtimezone()`` recovers the yearly rules
from the transitions ``zoneinfo`` reports, so the common case comes out in the Outlook shape,
and falls back to several rule periods (RRULE with COUNT) or RDATE lists when the zone's history
in the requested years cannot be written as one rule, so the result is always correct.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

__all__ = ["vtimezone"]

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_HOUR = 3600  # seconds: the scan step; real transitions are months apart, never within one hour


@dataclass(frozen=True)
class _Kind:
    """What one STANDARD/DAYLIGHT sub-component states; the same for each onset it lists."""

    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


@dataclass
class _Run:
    """Onsets of one kind in consecutive years that one ``BYMONTH``/``BYDAY`` rule selects."""

    kind: _Kind
    onsets: list[datetime]  # local wall time in ``kind.offset_from``, as RFC 5545 wants DTSTART
    byday: str
    open_ended: bool = False


def vtimezone(zone: str, first_year: int, last_year: int) -> Timezone:
    """Return a VTIMEZONE for IANA ``zone`` that is exact from Jan 1 of ``first_year`` to Jan 1 of
    ``last_year + 1`` (local time).

    Outside that range it only extrapolates: the yearly rules simply continue and the first
    onset may be dated before the range.  Needs no network: ``zoneinfo`` data only.

    Raises ``ValueError`` for an empty range and ``zoneinfo.ZoneInfoNotFoundError`` for an unknown
    zone.
    """
    if first_year > last_year:
        raise ValueError(f"first_year {first_year} is after last_year {last_year}")
    tz = ZoneInfo(zone)
    start = int(datetime(first_year, 1, 1, tzinfo=tz).timestamp())
    end = int(datetime(last_year + 1, 1, 1, tzinfo=tz).timestamp())
    changes = _changes(tz, start, end)
    # Negative DST (Europe/Dublin's winter GMT) is written the traditional way, with summer time as
    # DAYLIGHT, because Outlook expects DAYLIGHT to be the larger offset: note the standard offsets
    # that have a negative DST period, then _daylight() flips both periods.
    negative = {_offset(tz, t) - _dst(tz, t) for t in [start, *changes] if _dst(tz, t) < _ZERO}
    onsets: dict[_Kind, list[datetime]] = {}
    for t in changes:
        kind = _kind(tz, t, negative)
        onsets.setdefault(kind, []).append(_local(t, kind.offset_from))
    runs = [run for kind, times in onsets.items() for run in _runs(kind, times)]
    for run in runs:
        # A rule may go on past the range only where zoneinfo confirms its next onset, so that no
        # one-off date (a Ramadan start) is extrapolated; within the range it adds nothing.
        nxt = _rule_date(run.onsets[-1].year + 1, run.onsets[-1], run.byday)
        if nxt is not None and (t := _utc(nxt, run.kind.offset_from)) >= end:
            run.open_ended = _kind(tz, t, negative) == run.kind
    if not _backdate(tz, start, runs):
        # No rule can be started before Jan 1 in the observance then in force: state it from Jan 1.
        offset = _offset(tz, start)
        initial = _Kind(offset, offset, _name(tz, start), _daylight(tz, start, negative))
        runs.append(_Run(initial, [datetime(first_year, 1, 1)], ""))
    return _component(zone, runs)


def _component(zone: str, runs: list[_Run]) -> Timezone:
    """The VTIMEZONE: one sub-component with an RRULE per rule, then one per kind for the rest."""
    vtz = Timezone()
    vtz.add("TZID", zone)
    singles: dict[_Kind, list[datetime]] = {}
    for run in sorted(runs, key=lambda r: r.onsets[0]):
        if len(run.onsets) == 1 and not run.open_ended:
            singles.setdefault(run.kind, []).extend(run.onsets)
            continue
        sub = _sub(run.kind, run.onsets[0])
        rule = vRecur(freq="YEARLY", bymonth=run.onsets[0].month, byday=run.byday)
        if not run.open_ended:
            rule["COUNT"] = len(run.onsets)  # COUNT, not UNTIL: see _runs()
        sub.add("RRULE", rule)
        vtz.add_component(sub)
    for kind, times in singles.items():  # the last resort: a list of onsets no rule describes
        sub = _sub(kind, times[0])
        if times[1:]:
            sub.add("RDATE", times[1:])
        vtz.add_component(sub)
    return vtz


_ZERO = timedelta(0)


def _offset(tz: ZoneInfo, t: int) -> timedelta:
    """UTC offset in ``tz`` at POSIX time ``t``."""
    return datetime.fromtimestamp(t, tz).utcoffset() or _ZERO


def _dst(tz: ZoneInfo, t: int) -> timedelta:
    """DST adjustment that zoneinfo reports at POSIX time ``t`` (negative for Europe/Dublin's winter)."""
    return datetime.fromtimestamp(t, tz).dst() or _ZERO


def _name(tz: ZoneInfo, t: int) -> str:
    """Abbreviation (TZNAME) in force at POSIX time ``t``."""
    return datetime.fromtimestamp(t, tz).tzname() or ""


def _local(t: int, offset: timedelta) -> datetime:
    """Naive wall time of POSIX time ``t`` in a fixed ``offset``."""
    return datetime.fromtimestamp(t, timezone(offset)).replace(tzinfo=None)


def _utc(local: datetime, offset: timedelta) -> int:
    """POSIX time of naive wall time ``local`` read in a fixed ``offset``."""
    return int((local - offset).replace(tzinfo=UTC).timestamp())


@lru_cache(maxsize=256)
def _changes(tz: ZoneInfo, start: int, end: int) -> tuple[int, ...]:
    """POSIX times in (start, end) where the UTC offset changes.

    The standard library has no public transitions API, so scan hourly and bisect each hour in
    which the offset differs down to the second (the first second of the new offset). Cached: a
    run writes the same zone into several files.
    """
    found = []
    for lo in range(start, end, _HOUR):
        hi = min(lo + _HOUR, end)
        before = _offset(tz, lo)
        if _offset(tz, hi) == before:
            continue
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if _offset(tz, mid) == before else (lo, mid)
        if hi < end:
            found.append(hi)
    return tuple(found)


def _daylight(tz: ZoneInfo, t: int, negative: set[timedelta]) -> bool:
    """Whether the observance at ``t`` is summer time (see the negative DST note above)."""
    dst = _dst(tz, t)
    return dst > _ZERO or (dst == _ZERO and _offset(tz, t) in negative)


def _kind(tz: ZoneInfo, t: int, negative: set[timedelta]) -> _Kind:
    """The observance that begins at POSIX time ``t``."""
    return _Kind(_offset(tz, t - 1), _offset(tz, t), _name(tz, t), _daylight(tz, t, negative))


def _bydays(day: datetime) -> list[str]:
    """``BYDAY`` values selecting ``day`` within its month: n-th weekday and, if it is, the last one.

    The last-weekday form comes first: on a tie it is the one to keep, as tzdata's "lastSun" rules
    are far more common than "Sun>=22" ones.
    """
    weekday = _DAYS[day.weekday()]
    forms = [f"{(day.day - 1) // 7 + 1}{weekday}"]
    if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
        forms.insert(0, f"-1{weekday}")
    return forms


def _rule_date(year: int, like: datetime, byday: str) -> datetime | None:
    """The onset that ``FREQ=YEARLY;BYMONTH=like.month;BYDAY=byday`` gives in ``year`` (None: none)."""
    weekday = _DAYS.index(byday[-2:])
    last = calendar.monthrange(year, like.month)[1]
    days = [d for d in range(1, last + 1) if date(year, like.month, d).weekday() == weekday]
    n = int(byday[:-2])
    if not 0 < abs(n) <= len(days):
        return None
    return datetime.combine(date(year, like.month, days[n - 1 if n > 0 else n]), like.time())


def _runs(kind: _Kind, onsets: list[datetime]) -> list[_Run]:
    """Split one kind's sorted onsets, greedily, into the fewest runs of consecutive years sharing
    month, wall time and a ``BYDAY`` form.

    Each run becomes its own RRULE with COUNT when it ends inside the range.  COUNT rather than
    UNTIL: RFC 5545 requires UNTIL in UTC here, and parsers that evaluate the rule against a floating
    DTSTART (dateutil, hence the ``ical`` package) reject that mix.
    """
    runs: list[_Run] = []
    i = 0
    while i < len(onsets):
        forms = _bydays(onsets[i])
        j = i + 1
        while j < len(onsets):
            prev, cur = onsets[j - 1], onsets[j]
            common = [f for f in forms if f in _bydays(cur)]
            same_slot = (cur.year, cur.month, cur.time()) == (prev.year + 1, prev.month, prev.time())
            if not (same_slot and common):
                break
            forms, j = common, j + 1
        runs.append(_Run(kind, onsets[i:j], forms[0]))
        i = j
    return runs


def _backdate(tz: ZoneInfo, start: int, runs: list[_Run]) -> bool:
    """Start the rule of the observance in force on Jan 1 one year earlier, where the rule puts it.

    That gives the Outlook shape (one STANDARD, one DAYLIGHT) instead of an extra sub-component
    that only states the offset on Jan 1.  It is exact within the range whether or not that
    earlier onset is the real one (it usually is): before Jan 1 only the offset it leaves in force
    matters, and that is the current one.
    """
    for run in runs:
        if (run.kind.offset_to, run.kind.name) != (_offset(tz, start), _name(tz, start)):
            continue
        earlier = _rule_date(run.onsets[0].year - 1, run.onsets[0], run.byday)
        if earlier is not None and _utc(earlier, run.kind.offset_from) < start:
            run.onsets.insert(0, earlier)
            return True
    return False


def _sub(kind: _Kind, dtstart: datetime) -> TimezoneStandard | TimezoneDaylight:
    """A STANDARD or DAYLIGHT sub-component for ``kind`` whose first onset is ``dtstart``."""
    sub = TimezoneDaylight() if kind.daylight else TimezoneStandard()
    sub.DTSTART = dtstart
    sub.TZOFFSETFROM = kind.offset_from
    sub.TZOFFSETTO = kind.offset_to
    sub.add("TZNAME", kind.name)
    return sub
