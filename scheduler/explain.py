"""Why not: what keeps a venue from an earlier start, and what rules out every venue when nothing fits.

- Reasons per venue: the smallest set of scenario elements that leaves the venue no start before a
  given moment (the deadline, or the winning proposal's start: "why not earlier?").
- The minimal conflict when nothing fits: elements that together rule out every venue.

The conflicts come from CP-SAT assumption literals (`solver.minimal_conflict`); this module only
decides what to ask and says the answers in the user's words. The nearest relaxations (single
edits, each searched again) are `relax`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .availability import EXPLAIN_BEYOND, Option, RuleBook, day_text, meeting_year, options
from .problem import Leader, Meeting, Problem, Source, Stop, Venue
from .results import Element
from .timegrid import IntervalSet, from_minute, to_minute
from .wording import clock

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
