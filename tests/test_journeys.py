"""Travel legs around a meeting (scheduler.journeys), with every time worked out by hand.

The scenario is in UTC so the arithmetic is plain: home → venue is a 3h flight with 1h ground time
at each end (5h in all); venue ↔ next is 2h with 30m at each end (3h in all).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scheduler.errors import VerificationError, Where
from scheduler.journeys import Journey, journeys, latest_free_start
from scheduler.loading import load_scenario
from scheduler.plan import plan
from scheduler.problem import Busy, Problem, Source, build_problem
from scheduler.verify import earliest_free_start, violations

EXAMPLE = Path(__file__).resolve().parents[1] / "calendars" / "korea-us-2025" / "scenario.yaml"

SCENARIO = """
version: 1
title: Journeys
as_of: 2025-03-01T00:00
timezone: UTC
places:
  home:  {name: Home, timezone: UTC, coordinates: [0, 0]}
  venue: {name: Venue City, timezone: UTC, coordinates: [0, 10]}
  next:  {name: Next Stop, timezone: UTC, coordinates: [0, 20]}
travel:
  speed: 800 km/h
  buffer: 1h
  flights:
    - {from: home, to: venue, duration: 3h}
    - {from: venue, to: next, duration: 2h, buffer: 30m}
leaders:
  lee:
    name: Lee
    home: home
    itinerary: $itinerary
    busy: $busy
  kim:
    name: Kim
    home: venue
venues:
  v: {name: V, place: venue}
meetings:
  m: {title: M, participants: [lee, kim], duration: 1h}
"""

NEXT_STOP = "[{place: next, start: 2025-03-12T00:00, end: 2025-03-14T00:00}]"
BREAKFAST = "[{start: 2025-03-10T06:00, end: 2025-03-10T07:00, what: breakfast}]"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def lee_problem(load_yaml: Callable[..., Problem]) -> Callable[..., Problem]:
    def load(itinerary: str = NEXT_STOP, busy: str = BREAKFAST) -> Problem:
        return load_yaml(SCENARIO, itinerary=itinerary, busy=busy)

    return load


def times(journey: Journey) -> tuple[datetime, datetime, datetime, datetime]:
    return journey.depart, journey.takeoff, journey.landing, journey.arrive


def test_inbound_as_late_as_possible_and_outbound_as_early_as_possible(lee_problem: Callable[..., Problem]) -> None:
    problem = lee_problem()
    legs = journeys(problem, problem.leaders["lee"], "venue", at(10, 12), at(10, 13))
    # No stop before 10 March: Lee comes from home. 5h ending at the 12:00 start: 07:00-12:00, which only
    # touches breakfast (06:00-07:00, half-open). Ground 07:00-08:00, flight 08:00-11:00, ground 11:00-12:00.
    # Next stop `next` from 12 March: 3h from the 13:00 end: ground 13:00-13:30, flight 13:30-15:30, ground to 16:00.
    assert [(j.direction, j.origin, j.destination) for j in legs] == [
        ("inbound", "home", "venue"),
        ("outbound", "venue", "next"),
    ]
    assert times(legs[0]) == (at(10, 7), at(10, 8), at(10, 11), at(10, 12))
    assert times(legs[1]) == (at(10, 13), at(10, 13, 30), at(10, 15, 30), at(10, 16))


def test_inbound_leg_moves_before_busy_time(lee_problem: Callable[..., Problem]) -> None:
    problem = lee_problem()
    (inbound, _) = journeys(problem, problem.leaders["lee"], "venue", at(10, 11), at(10, 12))
    # Ending at 11:00 the 5h leg would start at 06:00 and overlap breakfast (06:00-07:00); the latest
    # free 5h ends when breakfast starts: 01:00-06:00 (ground to 02:00, flight to 05:00, ground to 06:00).
    assert times(inbound) == (at(10, 1), at(10, 2), at(10, 5), at(10, 6))


def test_outbound_leg_waits_for_busy_time_to_end(lee_problem: Callable[..., Problem]) -> None:
    problem = lee_problem(busy="[{start: 2025-03-10T14:00, end: 2025-03-10T15:00, what: press}]")
    (_, outbound) = journeys(problem, problem.leaders["lee"], "venue", at(10, 12), at(10, 13))
    # 13:00-16:00 would overlap the press (14:00-15:00); the earliest free 3h starts at 15:00.
    assert times(outbound) == (at(10, 15), at(10, 15, 30), at(10, 17, 30), at(10, 18))


def test_the_previous_stop_is_the_origin_and_home_the_last_destination(lee_problem: Callable[..., Problem]) -> None:
    problem = lee_problem(itinerary="[{place: next, start: 2025-03-08T00:00, end: 2025-03-09T00:00}]", busy="[]")
    legs = journeys(problem, problem.leaders["lee"], "venue", at(10, 12), at(10, 13))
    # After the stop at `next` (ended 9 March) Lee flies next → venue (the table entry, both ways: 3h),
    # 09:00-12:00; with no stop after, home: venue → home is the home → venue entry reversed, 5h, 13:00-18:00.
    assert [(j.origin, j.destination) for j in legs] == [("next", "venue"), ("venue", "home")]
    assert times(legs[0]) == (at(10, 9), at(10, 9, 30), at(10, 11, 30), at(10, 12))
    assert times(legs[1]) == (at(10, 13), at(10, 14), at(10, 17), at(10, 18))


def test_no_legs_inside_a_stop_at_the_place_or_for_a_leader_at_home(lee_problem: Callable[..., Problem]) -> None:
    problem = lee_problem()
    # 12 March 10:00 at `next` lies inside Lee's stop there.
    assert journeys(problem, problem.leaders["lee"], "next", at(12, 10), at(12, 11)) == []
    # Kim lives at the venue and has no stops: home → venue is no travel at all.
    assert journeys(problem, problem.leaders["kim"], "venue", at(10, 12), at(10, 13)) == []


def test_a_leg_without_buffer_is_travel_only(load_yaml: Callable[..., Problem]) -> None:
    text = SCENARIO.replace("duration: 2h, buffer: 30m", "duration: 90m, buffer: 0m")
    problem = load_yaml(text, itinerary=NEXT_STOP, busy="[]")
    (_, outbound) = journeys(problem, problem.leaders["lee"], "venue", at(10, 12), at(10, 13))
    # A motorcade: 90 minutes, no ground time: 13:00-14:30 with takeoff = depart and landing = arrive.
    assert times(outbound) == (at(10, 13), at(10, 13), at(10, 14, 30), at(10, 14, 30))


def test_no_room_for_a_leg_is_an_internal_error(lee_problem: Callable[..., Problem]) -> None:
    problem = lee_problem(itinerary="[{place: next, start: 2025-03-10T14:00, end: 2025-03-14T00:00}]", busy="[]")
    # The next stop starts at 14:00, one hour after the meeting; the 3h leg cannot fit: verify rejects this
    # meeting, so journeys must not invent a leg.
    assert violations(problem, problem.meetings["m"], problem.venues["v"], at(10, 12))
    with pytest.raises(VerificationError, match="venue → next"):
        journeys(problem, problem.leaders["lee"], "venue", at(10, 12), at(10, 13))


def _busy(*spans: tuple[datetime, datetime]) -> list[Busy]:
    return [Busy(start, end, Source("busy", Where())) for start, end in spans]


def test_free_stretch_search_in_both_directions() -> None:
    busy = _busy((at(1, 2), at(1, 4)), (at(1, 3), at(1, 6)), (at(1, 9), at(1, 10)))
    # Busy covers 02:00-06:00 (two overlapping blocks) and 09:00-10:00.
    # Latest 2h stretch ending by 12:00: 10:00-12:00. Latest 3h: 10:00-12:00 is too short, 06:00-09:00 fits.
    assert latest_free_start(busy, at(1, 0), at(1, 12), 120) == at(1, 10)
    assert latest_free_start(busy, at(1, 0), at(1, 12), 180) == at(1, 6)
    # Latest 4h: nothing after 02:00 fits, and before 02:00 there are only 2h: none.
    assert latest_free_start(busy, at(1, 0), at(1, 12), 240) is None
    # Earliest 2h from 00:00: 00:00-02:00. Earliest 3h: 06:00-09:00. Earliest 2h from 05:00: 06:00.
    assert earliest_free_start(busy, at(1, 0), at(1, 12), 120) == at(1, 0)
    assert earliest_free_start(busy, at(1, 0), at(1, 12), 180) == at(1, 6)
    assert earliest_free_start(busy, at(1, 5), at(1, 12), 120) == at(1, 6)
    # Earliest 4h before 12:00: none (the gaps are 2h, 3h and 2h).
    assert earliest_free_start(busy, at(1, 0), at(1, 12), 240) is None


def test_legs_of_the_bundled_example_obey_the_verifier_s_rule(tmp_path: Path) -> None:
    """Every leg of the top 3 proposals of the Korea–US example (without its .ics calendars) lies outside
    every stop and busy block, takes exactly its flight plus two buffers, and ends before / starts after
    the meeting."""
    text = "".join(line for line in EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.lstrip().startswith("calendars:"))
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    problem = build_problem(load_scenario(tmp_path / "scenario.yaml"))
    found = []
    for proposal in plan(problem, top=3, workers=1).meetings[0].proposals:
        for lid in proposal.meeting.participants:
            leader = problem.leaders[lid]
            for journey in journeys(problem, leader, proposal.venue.place, proposal.start, proposal.end):
                found.append((proposal.rank, lid, journey.direction))
                assert journey.arrive - journey.depart == timedelta(minutes=journey.leg.total)
                assert not any(b.start < journey.arrive and journey.depart < b.end for b in leader.busy)
                assert not any(s.start < journey.arrive and journey.depart < s.end for s in leader.stops)
                if journey.direction == "inbound":
                    assert journey.arrive <= proposal.start
                else:
                    assert journey.depart >= proposal.end
    # Rank 1 (Kananaskis, 17 June) lies inside both leaders' Kananaskis stops: no travel. Rank 2 (The Hague,
    # 24 June 08:00): Lee flies in from Kananaskis and home to Seoul; Trump flies in from Kananaskis and his
    # next stop is in The Hague (no leg). Rank 3 (White House, 27 June): Lee in from Kananaskis and home;
    # Trump's last stop was The Hague (to 25 June), so he flies in, and with no stop after he stays at home.
    assert found == [(2, "lee", "inbound"), (2, "lee", "outbound"), (2, "trump", "inbound"),
                     (3, "lee", "inbound"), (3, "lee", "outbound"), (3, "trump", "inbound")]
