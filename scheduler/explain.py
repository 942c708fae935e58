"""Why not, and what would it take.

- Reasons per venue: the smallest set of scenario elements that leaves the venue no start before a
  given moment (the deadline, or the winning proposal's start: "why not earlier?").
- The minimal conflict when nothing fits: elements that together rule out every venue.
- The nearest relaxations: single concrete edits, each re-planned through the whole pipeline (and
  so re-verified), ranked by how small the change is.

The conflicts come from CP-SAT assumption literals (`solver.minimal_conflict`); this module only
decides what to ask and says the answers in the user's words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .availability import EXPLAIN_BEYOND, Option, RuleBook, day_text, meeting_year, options
from .problem import Leader, Meeting, Problem, Source, Stop, Venue, join_stays
from .timegrid import IntervalSet, from_minute, to_minute
from .values import format_duration
from .wording import clock

if TYPE_CHECKING:
    from .plan import Proposal


@dataclass(frozen=True)
class Element:
    """One scenario element that takes part in a conflict, in the user's words."""

    key: str
    text: str
    sources: tuple[Source, ...]

    def cite(self) -> str:
        """Where it was written: `scenario.yaml:53`, `trump.ics:40`, up to three places."""
        places = []
        for source in self.sources:
            where = source.where
            if where.file and where.line:
                text = f"{Path(where.file).name}:{where.line}"
                if text not in places:
                    places.append(text)
        if not places:
            return ""
        more = f" and {len(places) - 3} more" if len(places) > 3 else ""
        return f" ({', '.join(places[:3])}{more})"

    def __str__(self) -> str:
        return self.text + self.cite()

    def as_json(self) -> dict[str, object]:
        return {
            "element": self.key,
            "what": self.text,
            "where": [{"file": s.where.file, "line": s.where.line, "key": s.where.key} for s in self.sources[:10]],
        }


def _when(minute: int, zone_name: str) -> str:
    from zoneinfo import ZoneInfo

    return clock(from_minute(minute, ZoneInfo(zone_name)))


SHOWN_STOPS = 3
NEARBY = 24 * 60
"""Stops within a day of a candidate time are the ones that keep a leader away from it."""


def _elements(problem: Problem, option_list: list[Option], keys: list[str]) -> list[Element]:
    """The conflict's keys as Elements, presence elements told as the leader's whereabouts."""
    found = []
    for key in keys:
        if key.startswith("align:"):
            meeting = problem.meetings[key.partition(":")[2]]
            step = int(meeting.align.total_seconds() // 60)
            where = problem.source.where(("meetings", meeting.id, "align"))
            found.append(
                Element(
                    key, f"starts only on the {step}-minute grid of the local clock (align)", (Source("align", where),)
                )
            )
            continue
        option, rule = next((o, r) for o in option_list for r in o.rules if r.key == key)
        if rule.kind == "presence" and rule.leader:
            # The times the conflict's other elements leave open are where the itinerary bites.
            others = IntervalSet.between(option.lo, option.hi)
            for other in option.rules:
                if other.key in keys and other.key != key:
                    others &= other.allowed
            text, stops = _whereabouts(problem, problem.leaders[rule.leader], option, others)
            cited = tuple(part.source for stop in stops for part in stop.parts or (stop,))  # a stay: each stop
            found.append(Element(key, text, cited or rule.sources))
            continue
        found.append(Element(key, rule.text, rule.sources))
    return found


def _whereabouts(problem: Problem, leader: Leader, option: Option, candidates: IntervalSet) -> tuple[str, list[Stop]]:
    """Where the itinerary has the leader around the candidate times, and the flights that would be needed."""
    place = option.venue.place
    name = problem.places[place].name
    reach = IntervalSet.of((a - NEARBY, b + option.duration + NEARBY) for a, b in candidates)
    near = [s for s in leader.stops if reach & IntervalSet.between(to_minute(s.start), to_minute(s.end))]
    if not near:
        return f"{leader.name} cannot get to {name} in time (itinerary and travel)", []
    shown = near[:SHOWN_STOPS]
    parts, legs = [], []
    year = meeting_year(problem, option.meeting, problem.zone_of(place))
    for stop in shown:
        where = problem.places[stop.place].name
        zone = problem.zone_of(stop.place)
        begin, end = stop.start.astimezone(zone), stop.end.astimezone(zone)
        span = (
            f"{day_text(begin, year)} {begin:%H:%M}–{clock(end, '%H:%M %Z')}"
            if begin.date() == end.date()
            else f"{day_text(begin, year)} {begin:%H:%M}–{day_text(end, year)} {clock(end, '%H:%M %Z')}"
        )
        parts.append(f"in {where} {'only ' if stop.place == place else ''}{span}")
        leg = problem.travel.leg(stop.place, place)
        text = f"{where} → {name} takes {leg.length()}"
        if stop.place != place and text not in legs:
            legs.append(text)
    more = f"; {len(near) - len(shown)} more stops" if len(near) > len(shown) else ""
    flights = f"; {'; '.join(legs)}" if legs else ""
    return f"{leader.name} cannot be in {name} then (itinerary and travel): {', '.join(parts)}{more}{flights}", shown


def why_not_by(problem: Problem, meeting: Meeting, venue: Venue, until: int, book: RuleBook) -> list[Element]:
    """Elements that together leave `venue` no start at or before minute `until`.

    The search runs from as_of, so not_before and the deadline are elements like any other.
    """
    from .solver import minimal_conflict

    lo = to_minute(problem.as_of)
    if until < lo:
        return []
    option = book.option(meeting, venue, meeting.venues.index(venue.id), detailed=True, window=(lo, until + 1))
    return _elements(problem, [option], minimal_conflict([option]) or [])


def first_after_deadline(problem: Problem, meeting: Meeting, venue: Venue, book: RuleBook) -> int | None:
    """The venue's first start within a year after the deadline (None without a deadline, or if none)."""
    from .solver import solve

    if meeting.deadline is None:
        return None
    lo, _ = book.window(meeting, detailed=False)
    later = book.option(
        meeting, venue, meeting.venues.index(venue.id), window=(lo, to_minute(meeting.deadline + EXPLAIN_BEYOND))
    )
    return solve([later]).earliest[venue.id]


def why_never(problem: Problem, meeting: Meeting, venue: Venue, book: RuleBook) -> tuple[int | None, list[Element]]:
    """For a venue with no start before the deadline: its first start after it, and what rules out any earlier."""
    after = first_after_deadline(problem, meeting, venue, book)
    if after is not None:
        return after, why_not_by(problem, meeting, venue, after, book)
    _, hi = book.window(meeting, detailed=True)
    return None, why_not_by(problem, meeting, venue, hi - 1, book)


def meeting_conflict(problem: Problem, meeting: Meeting, book: RuleBook) -> list[Element]:
    """A minimal set of elements that together rule out every venue (the deadline among them)."""
    from .solver import minimal_conflict

    option_list = options(problem, meeting, book, detailed=True)
    keys = minimal_conflict(option_list)
    return _elements(problem, option_list, keys or [])


# --- relaxations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relaxation:
    """One concrete edit and the earliest meeting it gives (re-planned and verified)."""

    change: str
    cost: timedelta  # how big the edit is, for ranking
    proposal: Proposal


def _only(problem: Problem, meeting: Meeting) -> Problem:
    return replace(problem, meetings={meeting.id: meeting})


def _first(problem: Problem) -> Proposal | None:
    from .plan import plan

    result = plan(problem, explain=False)
    proposals = result.meetings[0].proposals
    return proposals[0] if proposals else None


def relaxations(problem: Problem, meeting: Meeting, conflict: list[Element], limit: int = 5) -> list[Relaxation]:
    """Single edits that make the meeting possible, smallest first.

    Each candidate comes from an element of the conflict (plus a shorter meeting), is applied to a
    copy of the problem, and is planned again by the normal pipeline, so its answer is verified.
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


def at_moment(problem: Problem, meeting: Meeting, venue: Venue, start: datetime) -> list[str]:
    """Every rule a meeting at `venue` from `start` would break, spelled out (the verifier's words)."""
    from .verify import violations

    return violations(problem, meeting, venue, start)


@dataclass(frozen=True)
class VenueStory:
    """One venue of one meeting: its earliest start, and what rules out anything earlier."""

    venue: Venue
    earliest: datetime | None
    elements: list[Element]
    after_deadline: datetime | None


def venue_story(problem: Problem, meeting: Meeting, venue: Venue, book: RuleBook) -> VenueStory:
    """Why `venue` cannot host `meeting` earlier than it does (or at all before the deadline)."""
    from .solver import solve

    zone = problem.zone_of(venue.place)
    option = book.option(meeting, venue, meeting.venues.index(venue.id))
    start = solve([option]).earliest[venue.id]
    if start is not None:
        return VenueStory(venue, from_minute(start, zone), why_not_by(problem, meeting, venue, start - 1, book), None)
    after, elements = why_never(problem, meeting, venue, book)
    return VenueStory(venue, None, elements, from_minute(after, zone) if after is not None else None)
