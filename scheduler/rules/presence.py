"""Where the leaders are: the itinerary and the travel between places (`presence`), and firm stops.

**Presence.** A leader can be at the venue's place for the whole meeting either wholly inside a stop
there, or wholly outside every stop with time to fly in from the previous stop (home if none) and on
to the next (home if none); the legs, ground buffers included, may not overlap busy time, but the
leader may leave early and wait. Which stops those are is `between.gaps`/`around`, the one
statement of it that the itinerary files, `--leave` and the picture share; the verifier states it
again, independently.

**Firm stops** (DESIGN.md "Firm stops"). Next to a firm edge the leader is not at the stop's place
outside the stop: no meeting there in the gap on that side, and a leg to or from another place is
flown at the edge itself (it leaves at a firm `end`, lands at a firm `start`), so it must fit there,
clear of busy time. With `firm_itinerary` every stop is firm and there are no meetings outside
stops at all. The firm rule allows every start but those that lean on a firm edge, kept apart from
presence so that an explanation names the `firm` key that bites.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..between import gaps
from ..problem import Leader, Problem, Source, Stop
from ..timegrid import IntervalSet, to_minute
from ..wording import clock
from .base import At, Rule, RuleSpec, Visit
from .ondates import covered, earliest_free_start, length, overlaps

# --- the set form --------------------------------------------------------------------------------


def presence(at: At, chosen: frozenset[int] | None = frozenset()) -> IntervalSet:
    """Starts at which `at.leader` can be at the venue's place for the whole meeting, when the chosen
    stops (by index; None: every stop) are firm at the edges that say so; none chosen is the loose rule."""
    leader = at.leader
    assert leader is not None
    place, d, lo, hi = at.venue.place, at.d, at.lo, at.hi
    return at.book.memo(
        ("presence", leader.id, place, d, lo, hi, chosen),
        lambda: _presence(at.book.problem, at.book.busy(leader), leader, place, d, lo, hi, chosen),
    )


def _presence(
    problem: Problem,
    busy: IntervalSet,
    leader: Leader,
    place: str,
    duration: int,
    lo: int,
    hi: int,
    chosen: frozenset[int] | None,
) -> IntervalSet:
    far = max(1, hi - lo) * 4 + 10**6
    allowed: list[tuple[int, int]] = []
    itinerary = leader.firm_itinerary is not None
    for gap in gaps(leader):
        before, after = gap.before, gap.after
        leaves_firm = (
            before is not None
            and (chosen is None or gap.index - 1 in chosen)
            and (itinerary or before.firm_departure is not None)
        )
        arrives_firm = (
            after is not None
            and (chosen is None or gap.index in chosen)
            and (itinerary or after.firm_arrival is not None)
        )
        gap_start = to_minute(before.end) if before else lo - far
        gap_end = to_minute(after.start) if after else hi + far
        if not (itinerary and chosen is None):
            allowed += _gap(
                problem,
                busy,
                (gap.origin, gap_start, leaves_firm),
                place,
                (gap.destination, gap_end, arrives_firm),
                duration,
            )
        if after is not None and after.place == place:
            allowed += IntervalSet.between(to_minute(after.start), to_minute(after.end)).starts_inside(duration)
    return IntervalSet.of(allowed)


def _gap(
    problem: Problem,
    busy: IntervalSet,
    before: tuple[str, int, bool],
    place: str,
    after: tuple[str, int, bool],
    duration: int,
) -> IntervalSet:
    """Starts in the gap between two stops that leave room for both legs: (place, edge minute, firm?)
    of the stop on either side."""
    origin, gap_start, leaves_firm = before
    destination, gap_end, arrives_firm = after
    if gap_end - gap_start < duration:
        return IntervalSet()
    if (leaves_firm and origin == place) or (arrives_firm and destination == place):
        return IntervalSet()  # he would be at a firm stop's place outside it
    leg_in = problem.travel.leg(origin, place).total
    leg_out = problem.travel.leg(place, destination).total
    if leaves_firm:  # the leg out of the stop leaves at its end
        arrive = busy.first_free_end(gap_start, gap_start + leg_in, leg_in) if leg_in else gap_start
    else:
        arrive = gap_start if leg_in == 0 else busy.first_free_end(gap_start, gap_end, leg_in)
    if arrives_firm:  # the leg into the stop lands at its start
        leave = busy.last_free_start(gap_end - leg_out, gap_end, leg_out) if leg_out else gap_end
    else:
        leave = gap_end if leg_out == 0 else busy.last_free_start(gap_start, gap_end, leg_out)
    if arrive is None or leave is None:
        return IntervalSet()
    return IntervalSet.between(arrive, leave - duration + 1)


class Presence(RuleSpec):
    name = "presence"
    kinds = ("presence",)
    scope = "leader"

    def allowed(self, at: At) -> list[Rule]:
        leader = at.leader
        assert leader is not None
        sources = (s.source for s in leader.stops)
        return [at.rule(f"presence:{leader.id}", "presence", self.wording(at), presence(at), *sources, leader=True)]

    def check(self, visit: Visit) -> str | None:
        # The stops as written, not the problem's joined stays: stops at one place that touch or overlap are
        # one stay here because `covered` joins them, a second statement of that rule.
        problem, leader, venue, start, end = visit.problem, visit.leader, visit.venue, visit.start, visit.end
        assert leader is not None
        stops = [part for stay in leader.stops for part in stay.parts or (stay,)]
        if covered(start, end, [(s.start, s.end) for s in stops if s.place == venue.place]):
            return None
        overlapping = [s for s in stops if overlaps(s.start, s.end, start, end)]
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
            return f"{leader.name} cannot travel {origin} → {venue.place} ({length(leg_in)}) before the meeting"
        if earliest_free_start(leader.busy, end, after.start if after else end + far, leg_out) is None:
            return f"{leader.name} cannot travel {venue.place} → {destination} ({length(leg_out)}) after the meeting"
        return None

    def wording(self, at: At, item: Any = None) -> str:
        assert at.leader is not None
        return f"{at.leader.name} must be in {at.place_name} (itinerary and travel)"


class Firm(RuleSpec):
    name = "firm"
    kinds = ("firm",)
    scope = "leader"

    def allowed(self, at: At) -> list[Rule]:
        """Detailed mode has one rule per firm stop, else one for the leader's firm stops (or itinerary)."""
        leader = at.leader
        assert leader is not None
        if leader.firm_itinerary is None and not any(s.firm_arrival or s.firm_departure for s in leader.stops):
            return []
        loose = presence(at)
        lid = leader.id

        def rule(key: str, text: str, sources: tuple[Source, ...], chosen: frozenset[int] | None) -> Rule:
            leaning = loose - presence(at, chosen)
            return at.rule(key, "firm", text, leaning.complement(at.lo, at.hi), *sources, leader=True)

        if leader.firm_itinerary is not None:
            return [rule(f"firm_itinerary:{lid}", self.wording(at), (leader.firm_itinerary,), None)]
        firm = [(i, s) for i, s in enumerate(leader.stops) if s.firm_arrival or s.firm_departure]
        if not at.detailed:
            sources = tuple(src for _, s in firm for src in dict.fromkeys((s.firm_arrival, s.firm_departure)) if src)
            return [rule(f"firm:{lid}", self.wording(at), sources, None)]
        found = []
        for index, stop in firm:
            sources = tuple(src for src in dict.fromkeys((stop.firm_arrival, stop.firm_departure)) if src)
            found.append(rule(f"firm:{lid}:{index}", self.wording(at, stop), sources, frozenset({index})))
        return found

    def check(self, visit: Visit) -> str | None:
        """Checked only for a meeting outside every stop (inside one, nothing is assumed; overlapping one,
        the presence check already refuses). A leg out of a firm end leaves at that end, a leg into a firm
        start lands at that start, and neither may overlap busy time."""
        problem, leader, venue, start, end = visit.problem, visit.leader, visit.venue, visit.start, visit.end
        assert leader is not None
        if any(s.place == venue.place and s.start <= start and end <= s.end for s in leader.stops):
            return None
        if any(overlaps(s.start, s.end, start, end) for s in leader.stops):
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
            if flown[1] > start or (leg and any(overlaps(b.start, b.end, *flown) for b in leader.busy)):
                return f"{leader.name} cannot leave the firm {before.source} at its end and reach {venue.place} in time"
        if after is not None and after.firm_arrival is not None:
            if after.place == venue.place:
                return f"{leader.name} would be in {venue.place} before the firm {after.source} starts"
            leg = timedelta(minutes=problem.travel.leg(venue.place, after.place).total)
            flown = (after.start - leg, after.start)
            if end > flown[0] or (leg and any(overlaps(b.start, b.end, *flown) for b in leader.busy)):
                return f"{leader.name} cannot leave {venue.place} and land for the firm {after.source} at its start"
        return None

    def wording(self, at: At, item: Any = None) -> str:
        leader, problem = at.leader, at.problem
        assert leader is not None
        if leader.firm_itinerary is not None:
            return (
                f"{leader.name}'s itinerary is firm: meetings only inside its stops "
                "(no arriving early, leaving late or detours)"
            )
        if isinstance(item, Stop):
            zone = problem.zone_of(item.place)
            begin, end = item.start.astimezone(zone), item.end.astimezone(zone)
            span = f"{begin:%a %d %b %H:%M}–{clock(end, '%a %d %b %H:%M %Z')}"
            return (
                f"{leader.name}'s stop in {problem.places[item.place].name} ({span}) is firm: "
                "no arriving early or leaving late"
            )
        return f"{leader.name}'s firm stops (no arriving early or leaving late) for {at.place_name}"
