"""What would it take: the nearest relaxations of a meeting that nothing fits.

Single concrete edits, one per element of the minimal conflict (plus a shorter meeting), each
applied to a copy of the problem and searched again by `search` (and so re-verified), ranked by how
small the change is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from .availability import RuleBook
from .problem import Leader, Meeting, Problem, Stop, Venue, join_stays
from .results import Element, Proposal, Relaxation
from .search import search
from .timegrid import from_minute
from .values import format_duration
from .wording import clock


def _only(problem: Problem, meeting: Meeting) -> Problem:
    return replace(problem, meetings={meeting.id: meeting})


def _first(problem: Problem) -> Proposal | None:
    """The edited problem's (one meeting's) first proposal, searched and verified like any other."""
    meeting = next(iter(problem.meetings.values()))
    proposals = search(problem, meeting, RuleBook(problem)).proposals
    return proposals[0] if proposals else None


def relaxations(problem: Problem, meeting: Meeting, conflict: list[Element], limit: int = 5) -> list[Relaxation]:
    """Single edits that make the meeting possible, smallest first.

    Each candidate comes from an element of the conflict (plus a shorter meeting), is applied to a
    copy of the problem, and is searched again by `search`, so its answer is verified.
    """
    base = _only(problem, meeting)
    found: list[Relaxation] = []

    def attempt(change: str, cost: timedelta, edited: Problem) -> None:
        proposal = _first(edited)
        if proposal is not None:
            found.append(Relaxation(change, cost, proposal))

    for element in conflict:
        kind, _, rest = element.key.partition(":")
        handler = _HANDLERS.get(kind)
        if handler:
            handler(base, meeting, rest, element, attempt)
    _shorter_meeting(base, meeting, attempt)
    best: dict[str, Relaxation] = {}
    for relax in found:
        best.setdefault(relax.change, relax)
    ranked = sorted(best.values(), key=lambda r: (r.cost, r.proposal.start, r.change))
    return ranked[:limit]


Attempt = Callable[[str, timedelta, Problem], None]

SKIP_MARGIN = timedelta(days=3)
"""Stops that end this long before the search can still decide where a leader flies from."""
MAX_SKIPS = 8


def _deadline(base: Problem, meeting: Meeting, _: str, element: Element, attempt: Attempt) -> None:
    assert meeting.deadline is not None
    open_ended = _first(replace(base, meetings={meeting.id: replace(meeting, deadline=None)}))
    if open_ended is None:
        return
    start = open_ended.start
    new = start + timedelta(minutes=1)
    shift = new - meeting.deadline
    edited = replace(base, meetings={meeting.id: replace(meeting, deadline=new)})
    shown = new.astimezone(base.zone)
    attempt(f"move the deadline {format_duration(shift)} later, to {clock(shown)}", shift, edited)


def _not_before(base: Problem, meeting: Meeting, _: str, element: Element, attempt: Attempt) -> None:
    assert meeting.not_before is not None
    edited = replace(base, meetings={meeting.id: replace(meeting, not_before=None)})
    proposal = _first(edited)
    if proposal is not None:
        attempt(
            f"drop not_before {clock(meeting.not_before.astimezone(base.zone))}",
            meeting.not_before - proposal.start,
            edited,
        )


def _with_venue(base: Problem, venue: Venue) -> Problem:
    return replace(base, venues={**base.venues, venue.id: venue})


def _with_leader(base: Problem, leader: Leader) -> Problem:
    return replace(base, leaders={**base.leaders, leader.id: leader})


def _notice(base: Problem, meeting: Meeting, vid: str, element: Element, attempt: Attempt) -> None:
    """The smallest cut: a notice that still reaches the venue's last possible start without notice."""
    from .solver import solve

    venue = base.venues[vid]
    free = _with_venue(base, replace(venue, notice=timedelta(0)))
    option = RuleBook(free).option(meeting, free.venues[vid], meeting.venues.index(vid))
    last = solve([option], latest=True).earliest[vid]
    if last is None:
        return
    reach = from_minute(last) - base.as_of
    new = timedelta(hours=max(0, int(reach.total_seconds() // 3600)))
    if new >= venue.notice:
        return
    attempt(
        f"shorten {venue.name}'s notice from {format_duration(venue.notice)} to {format_duration(new)}",
        venue.notice - new,
        _with_venue(base, replace(venue, notice=new)),
    )


def _busy(base: Problem, meeting: Meeting, rest: str, element: Element, attempt: Attempt) -> None:
    lid, _, index = rest.partition(":")
    if not index:
        return
    leader = base.leaders[lid]
    block = leader.busy[int(index)]
    busy = leader.busy[: int(index)] + leader.busy[int(index) + 1 :]
    attempt(
        f"free {element.text}{element.cite()}", block.end - block.start, _with_leader(base, replace(leader, busy=busy))
    )


def _holiday(base: Problem, meeting: Meeting, rest: str, element: Element, attempt: Attempt) -> None:
    lid, _, day = rest.partition(":")
    if not day:
        return
    leader = base.leaders[lid]
    holidays = tuple(h for h in leader.holidays if str(h.day) != day)
    written = [part for stay in leader.stops for part in stay.parts or (stay,)]  # a holiday may be part of a stay
    stops = join_stays(
        s
        for s in written
        if not (
            s.kind == "holiday"
            and s.source.where == element.sources[0].where
            and str(s.start.astimezone(base.zone_of(leader.home)).date()) == day
        )
    )
    attempt(
        f"let {leader.name} meet on {element.text}",
        timedelta(days=1),
        _with_leader(base, replace(leader, holidays=holidays, stops=tuple(stops))),
    )


def _closed(base: Problem, meeting: Meeting, rest: str, element: Element, attempt: Attempt) -> None:
    vid, _, day = rest.partition(":")
    if not day:
        return
    venue = base.venues[vid]
    closed = tuple(h for h in venue.closed if str(h.day) != day)
    attempt(
        f"open {venue.name} on {element.text.split(': ', 1)[-1]}",
        timedelta(days=1),
        _with_venue(base, replace(venue, closed=closed)),
    )


def _weekdays(base: Problem, meeting: Meeting, vid: str, element: Element, attempt: Attempt) -> None:
    from .values import WEEKDAYS

    venue = base.venues[vid]
    assert venue.weekdays is not None
    for day in range(7):
        if day not in venue.weekdays:
            attempt(
                f"let {venue.name} meet on {WEEKDAYS[day]}",
                timedelta(days=1),
                _with_venue(base, replace(venue, weekdays=venue.weekdays | {day})),
            )


def _stop_skips(base: Problem, meeting: Meeting, lid: str, element: Element, attempt: Attempt) -> None:
    leader = base.leaders[lid]
    first, last = meeting.window(base.as_of)
    written = [part for stay in leader.stops for part in stay.parts or (stay,)]  # a stay: skip one of its stops
    near = [
        i
        for i, stop in enumerate(written)
        if stop.kind != "holiday" and stop.end > first - SKIP_MARGIN and stop.start < last
    ]
    for index in near[:MAX_SKIPS]:  # a calendar can hold hundreds of stops: try those that can matter
        stop = written[index]
        stops = tuple(join_stays(written[:index] + written[index + 1 :]))
        where = stop.source.where
        cite = f" ({Path(where.file).name}:{where.line})" if where.file and where.line else ""
        attempt(
            f"let {leader.name} skip the stop in {base.places[stop.place].name}{cite}",
            stop.end - stop.start,
            _with_leader(base, replace(leader, stops=stops)),
        )


def _outside(stops: tuple[Stop, ...], proposal: Proposal) -> timedelta:
    """How far a meeting lies outside the nearest of `stops`: the size of the early arrival, late stay or detour."""
    return min((max(s.start - proposal.start, proposal.end - s.end, timedelta(0)) for s in stops), default=timedelta(0))


def _firm(base: Problem, meeting: Meeting, rest: str, element: Element, attempt: Attempt) -> None:
    """Let the leader arrive early and leave late at one firm stop (the firm key's line is in the element)."""
    lid, _, index = rest.partition(":")
    if not index:
        return
    leader = base.leaders[lid]
    stop = leader.stops[int(index)]
    loose = replace(stop, firm_arrival=None, firm_departure=None)
    edited = _with_leader(
        base, replace(leader, stops=(*leader.stops[: int(index)], loose, *leader.stops[int(index) + 1 :]))
    )
    proposal = _first(edited)
    if proposal is not None:
        attempt(
            f"let {leader.name} arrive early or leave late at the stop in {base.places[stop.place].name} "
            f"(drop firm{element.cite()})",
            _outside((stop,), proposal),
            edited,
        )


def _firm_itinerary(base: Problem, meeting: Meeting, lid: str, element: Element, attempt: Attempt) -> None:
    leader = base.leaders[lid]
    edited = _with_leader(base, replace(leader, firm_itinerary=None))
    proposal = _first(edited)
    if proposal is not None:
        attempt(
            f"let {leader.name} meet outside the itinerary's stops (drop firm_itinerary{element.cite()})",
            _outside(leader.stops, proposal),
            edited,
        )


def _finer_grid(base: Problem, meeting: Meeting, _: str, element: Element, attempt: Attempt) -> None:
    for step in (timedelta(minutes=15), timedelta(minutes=5), timedelta(minutes=1)):
        if step < meeting.align:
            edited = replace(base, meetings={meeting.id: replace(meeting, align=step)})
            attempt(
                f"allow starts on a {format_duration(step)} grid (align: {format_duration(step)})",
                meeting.align - step,
                edited,
            )


def _shorter_meeting(base: Problem, meeting: Meeting, attempt: Attempt) -> None:
    step = max(meeting.align, timedelta(minutes=15))
    length = meeting.duration - step
    tried = 0
    while length >= timedelta(minutes=15) and tried < 4:
        edited = replace(base, meetings={meeting.id: replace(meeting, duration=length)})
        attempt(f"shorten the meeting to {format_duration(length)}", meeting.duration - length, edited)
        length -= step
        tried += 1


_HANDLERS: dict[str, Callable[[Problem, Meeting, str, Element, Attempt], None]] = {
    "deadline": _deadline,
    "not_before": _not_before,
    "notice": _notice,
    "busy": _busy,
    "holiday": _holiday,
    "closed": _closed,
    "weekdays": _weekdays,
    "presence": _stop_skips,
    "firm": _firm,
    "firm_itinerary": _firm_itinerary,
    "align": _finer_grid,
}
