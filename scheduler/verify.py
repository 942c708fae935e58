"""An independent check of a proposal: the rules stated a second time, on datetimes, without the solver.

Nothing here uses the time grid, the interval sets or OR-Tools: each rule is checked directly at
the proposed instant. The CLI refuses to show a proposal this module rejects.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .problem import Busy, Leader, Meeting, Problem, Stop, Venue
from .scenario import format_duration


def _overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def _days_touched(start: datetime, end: datetime, zone: ZoneInfo) -> list[date]:
    """Local dates that [start, end) covers at least one minute of."""
    first = start.astimezone(zone).date()
    last = (end - timedelta(minutes=1)).astimezone(zone).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _covered(start: datetime, end: datetime, windows: list[tuple[datetime, datetime]]) -> bool:
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


def _inside_hours(start: datetime, end: datetime, zone: ZoneInfo, hours: tuple[tuple[time, time | None], ...]) -> bool:
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
    return _covered(start, end, windows)


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


def _presence(problem: Problem, leader: Leader, venue: Venue, start: datetime, end: datetime) -> str | None:
    # The stops as written, not the problem's joined stays: stops at one place that touch or overlap are
    # one stay here because `_covered` joins them, a second statement of that rule.
    stops = [part for stay in leader.stops for part in stay.parts or (stay,)]
    if _covered(start, end, [(s.start, s.end) for s in stops if s.place == venue.place]):
        return None
    overlapping = [s for s in stops if _overlaps(s.start, s.end, start, end)]
    if overlapping:
        return f"{leader.name} is held by {overlapping[0].source} and cannot be in {venue.place} then"
    before: Stop | None = max((s for s in stops if s.end <= start), key=lambda s: s.end, default=None)
    after: Stop | None = min((s for s in stops if s.start >= end), key=lambda s: s.start, default=None)
    origin = before.place if before else leader.home
    destination = after.place if after else leader.home
    leg_in = problem.travel.leg(origin, venue.place).total
    leg_out = problem.travel.leg(venue.place, destination).total
    far = timedelta(days=10_000)
    if earliest_free_start(leader.busy, before.end if before else start - far, start, leg_in) is None:
        return f"{leader.name} cannot travel {origin} → {venue.place} ({_length(leg_in)}) before the meeting"
    if earliest_free_start(leader.busy, end, after.start if after else end + far, leg_out) is None:
        return f"{leader.name} cannot travel {venue.place} → {destination} ({_length(leg_out)}) after the meeting"
    return None


def _length(minutes: int) -> str:
    """A travel time as the scenario writes durations (16h21m), never raw minutes."""
    return format_duration(timedelta(minutes=minutes))


def _firm(problem: Problem, leader: Leader, venue: Venue, start: datetime, end: datetime) -> str | None:
    """The firm-stop rule: next to a firm edge the leader is at the stop's place only inside the stop.

    Checked only for a meeting outside every stop (inside one, nothing is assumed; overlapping one,
    `_presence` already refuses). A leg out of a firm end leaves at that end, a leg into a firm start
    lands at that start, and neither may overlap busy time.
    """
    if any(s.place == venue.place and s.start <= start and end <= s.end for s in leader.stops):
        return None
    if any(_overlaps(s.start, s.end, start, end) for s in leader.stops):
        return None
    if leader.firm_itinerary is not None:
        return f"{leader.firm_itinerary}: {leader.name} meets only inside an itinerary stop"
    before: Stop | None = max((s for s in leader.stops if s.end <= start), key=lambda s: s.end, default=None)
    after: Stop | None = min((s for s in leader.stops if s.start >= end), key=lambda s: s.start, default=None)
    if before is not None and before.firm_departure is not None:
        if before.place == venue.place:
            return f"{leader.name} would stay in {venue.place} after the firm {before.source} ends"
        leg = timedelta(minutes=problem.travel.leg(before.place, venue.place).total)
        flown = (before.end, before.end + leg)
        if flown[1] > start or (leg and any(_overlaps(b.start, b.end, *flown) for b in leader.busy)):
            return f"{leader.name} cannot leave the firm {before.source} at its end and reach {venue.place} in time"
    if after is not None and after.firm_arrival is not None:
        if after.place == venue.place:
            return f"{leader.name} would be in {venue.place} before the firm {after.source} starts"
        leg = timedelta(minutes=problem.travel.leg(venue.place, after.place).total)
        flown = (after.start - leg, after.start)
        if end > flown[0] or (leg and any(_overlaps(b.start, b.end, *flown) for b in leader.busy)):
            return f"{leader.name} cannot leave {venue.place} and land for the firm {after.source} at its start"
    return None


def violations(problem: Problem, meeting: Meeting, venue: Venue, start: datetime) -> list[str]:
    """Every rule the meeting at `venue` from `start` breaks; empty means the proposal is sound."""
    problems: list[str] = []
    start = start.astimezone(UTC)  # elapsed-time arithmetic and comparisons happen in UTC
    end = start + meeting.duration
    zone = problem.zone_of(venue.place)
    wall = start.astimezone(zone)

    if venue.id not in meeting.venues:
        problems.append(f"{venue.id} is not a candidate venue of {meeting.id}")
    if start < problem.as_of:
        problems.append("starts before as_of")
    if meeting.not_before and start < meeting.not_before:
        problems.append("starts before not_before")
    if meeting.deadline and not start < meeting.deadline:
        problems.append("does not start before the deadline")
    if start < problem.as_of + venue.notice:
        problems.append("too little notice")
    if venue.open is not None and not _covered(start, end, [(w.start, w.end) for w in venue.open]):
        problems.append("outside every open window of the venue")
    if venue.weekdays is not None and any(d.weekday() not in venue.weekdays for d in _days_touched(start, end, zone)):
        problems.append("on a weekday the venue does not meet")
    if venue.hours and not _inside_hours(start, end, zone, venue.hours):
        problems.append("outside the venue's hours")
    closed = {h.day: h for h in venue.closed}
    shut = [closed[d] for d in _days_touched(start, end, zone) if d in closed]
    if shut:
        problems.append(f"the venue is closed for a public holiday: {shut[0].source}")
    if meeting.hours and not _inside_hours(start, end, zone, meeting.hours):
        problems.append("outside the meeting's hours")
    align = int(meeting.align.total_seconds() // 60)
    if (wall.hour * 60 + wall.minute) % align or wall.second:
        problems.append(f"{wall:%H:%M} is not on the {align}-minute grid of the local clock")
    for lid in meeting.participants:
        leader = problem.leaders[lid]
        if leader.hours and not _inside_hours(start, end, zone, leader.hours):
            problems.append(f"outside {leader.name}'s hours")
        home = problem.zone_of(leader.home)
        holidays = {h.day: h for h in leader.holidays}
        days_off = [holidays[d] for d in _days_touched(start, end, home) if d in holidays]
        if days_off:
            problems.append(f"on one of {leader.name}'s home holidays: {days_off[0].source}")
        for block in leader.busy:
            if _overlaps(block.start, block.end, start, end):
                problems.append(f"overlaps {block.source}")
                break
        reason = _presence(problem, leader, venue, start, end)
        if reason:
            problems.append(reason)
        reason = _firm(problem, leader, venue, start, end)
        if reason:
            problems.append(reason)
    return problems
