"""Where a leader is between stops (`between.left_last`, `around`, `gaps`): the one statement that the
presence rule's set form, the itinerary legs and `--leave` share."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from scheduler.between import around, gaps, left_last
from scheduler.journeys import journeys
from scheduler.loading import load_scenario
from scheduler.problem import build_problem
from tests.helpers import GUEST_TRAVELS, LONDON_FROM_3_JUNE, guest_travels

KOREA_US = Path(__file__).resolve().parent.parent / "calendars" / "korea-us-2025" / "scenario.yaml"


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2025, 6, day, hour, tzinfo=UTC)


def test_left_last_takes_the_stop_left_latest_and_one_that_holds_the_moment_is_left_at_it() -> None:
    spans = [(at(1), at(3)), (at(4), at(6)), (at(10), at(12))]
    assert left_last(spans, at(1)) is None  # nothing has begun before 1 June 00:00: home
    assert left_last(spans, at(3, 12)) == 0  # between the first and second stop
    assert left_last(spans, at(5)) == 1  # inside the second: left at the moment, later than the first's end
    assert left_last(spans, at(10)) == 1  # the third starts at the moment itself: not reached
    assert left_last([(at(1), at(5)), (at(2), at(5))], at(6)) == 0  # a tie keeps the first


def test_gaps_and_around_on_the_bundled_example() -> None:
    problem = build_problem(load_scenario(KOREA_US))
    for leader in problem.leaders.values():
        found = gaps(leader)
        # One gap more than stops: home → first stop, between each pair, last stop → home.
        assert len(found) == len(leader.stops) + 1
        assert found[0].origin == leader.home and found[-1].destination == leader.home
        for gap in found[1:-1]:
            assert gap.before is leader.stops[gap.index - 1] and gap.after is leader.stops[gap.index]
        for gap in found:
            if gap.before is not None and gap.after is not None and gap.before.end < gap.after.start:
                # A meeting in the middle of a gap sees that gap's stops on either side.
                middle = gap.before.end + (gap.after.start - gap.before.end) / 2
                assert around(leader, middle, middle) == gap


def test_the_itinerary_legs_fly_between_the_places_around_says(solve_yaml) -> None:
    # The guest (home Seoul) has a loose London stop from 3 June 12:00; the earliest meeting in London
    # is before it (2 June 01:00 BST), so he flies in from home and on into his London stop.
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(LONDON_FROM_3_JUNE.replace("$firm", "")))
    problem = plan.problem
    proposal = plan.meetings[0].proposals[0]
    guest = problem.leaders["guest"]
    where = around(guest, proposal.start, proposal.end)
    assert (where.origin, where.destination) == ("seoul", "london")
    legs = journeys(problem, guest, proposal.venue.place, proposal.start, proposal.end)
    # Inbound Seoul → London; outbound London → London is no leg at all.
    assert [(leg.direction, leg.origin, leg.destination) for leg in legs] == [("inbound", "seoul", "london")]
