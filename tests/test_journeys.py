"""Travel legs around a meeting (scheduler.journeys), with every time worked out by hand.

The scenario is in UTC so the arithmetic is plain: home → venue is a 3h flight with 1h ground time
at each end (5h in all); venue ↔ next is 2h with 30m at each end (3h in all).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from scheduler.errors import VerificationError, Where
from scheduler.ics import calendar_files, journey_description
from scheduler.journeys import Journey, journeys, latest_free_start
from scheduler.loading import load_scenario
from scheduler.plan import MeetingPlan, Plan, Proposal, plan
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
    text = "".join(
        line
        for line in EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.lstrip().startswith("calendars:")
    )
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
    assert found == [
        (2, "lee", "inbound"),
        (2, "lee", "outbound"),
        (2, "trump", "inbound"),
        (3, "lee", "inbound"),
        (3, "lee", "outbound"),
        (3, "trump", "inbound"),
    ]


# --- legs across a change of clocks (issue 13, fuzz bug 1) ------------------------------------------

TRANSATLANTIC = """
version: 1
title: Across the Atlantic
as_of: 2025-01-01T00:00
timezone: UTC
places:
  london:   {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
  new-york: {name: New York, timezone: America/New_York, coordinates: [40.7128, -74.0060]}
travel:
  buffer: 2h
  flights:
    - {from: london, to: new-york, duration: 8h}
leaders:
  starmer: {name: Keir Starmer, home: london}
  adams: {name: Eric Adams, home: new-york}
venues:
  city-hall: {name: City Hall, place: new-york}
  downing-street: {name: Downing Street, place: london}
meetings:
  m: {title: Talks, participants: [starmer, adams], duration: 1h}
"""

NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")


def test_an_inbound_leg_across_new_york_s_spring_forward_takes_its_elapsed_time(
    load_yaml: Callable[..., Problem],
) -> None:
    problem = load_yaml(TRANSATLANTIC)
    # New York springs forward at 02:00 EST (07:00 UTC) on Sun 9 March 2025. A meeting at 12:00 EDT is
    # 16:00 UTC. London → New York is 2h + 8h + 2h = 12h, so Starmer leaves at 04:00 UTC (04:00 GMT),
    # takes off 06:00 UTC, lands 14:00 UTC (10:00 EDT) and is at the venue 16:00 UTC. On the wall clock
    # (12:00 minus 12h = 00:00 EST = 05:00 UTC) the leg would be an hour short.
    start = datetime(2025, 3, 9, 12, tzinfo=NEW_YORK)
    inbound, outbound = journeys(problem, problem.leaders["starmer"], "new-york", start, start + timedelta(hours=1))
    assert times(inbound) == tuple(datetime(2025, 3, 9, h, tzinfo=UTC) for h in (4, 6, 14, 16))
    # Back: 17:00 UTC (13:00 EDT) + 12h: ground to 19:00, flight to 03:00 UTC 10 March, home at 05:00 UTC.
    assert times(outbound) == (at(9, 17), at(9, 19), at(10, 3), at(10, 5))


def test_leg_times_are_utc_instants_whatever_zone_the_meeting_is_given_in(
    load_yaml: Callable[..., Problem],
) -> None:
    problem = load_yaml(TRANSATLANTIC)
    # The same meeting given in New York time, London time and UTC: the same legs, every time in UTC.
    start = datetime(2025, 3, 9, 16, tzinfo=UTC)
    found = {
        zone.key: journeys(
            problem,
            problem.leaders["starmer"],
            "new-york",
            start.astimezone(zone),
            (start + timedelta(hours=1)).astimezone(zone),
        )
        for zone in (NEW_YORK, LONDON, ZoneInfo("UTC"))
    }
    assert len({tuple(map(times, legs)) for legs in found.values()}) == 1
    assert all(moment.tzinfo is UTC for legs in found.values() for j in legs for moment in times(j))


def _itinerary_events(problem: Problem, venue: str, start: datetime) -> list[tuple[str, datetime, datetime]]:
    """(SUMMARY, start, end in UTC) of the visitor's itinerary file for the meeting [start, start + 1h) at `venue`:
    Starmer's in New York, Adams's in London."""
    meeting, where = problem.meetings["m"], problem.venues[venue]
    zone = problem.zone_of(where.place)
    proposal = Proposal(1, meeting, where, start.astimezone(zone), (start + timedelta(hours=1)).astimezone(zone))
    files = calendar_files(Plan(problem, [MeetingPlan(meeting, [proposal], [])]))
    visitor = "starmer" if venue == "city-hall" else "adams"
    calendar = Calendar.from_ical(files[f"itinerary-{visitor}.ics"].data)
    return [(str(e["SUMMARY"]), e.start.astimezone(UTC), e.end.astimezone(UTC)) for e in calendar.events]


CHANGES_OF_CLOCKS = [
    ("city-hall", datetime(2025, 3, 9, 7, tzinfo=UTC)),  # New York springs forward
    ("city-hall", datetime(2025, 11, 2, 6, tzinfo=UTC)),  # New York falls back
    ("downing-street", datetime(2025, 3, 30, 1, tzinfo=UTC)),  # London springs forward
    ("downing-street", datetime(2025, 10, 26, 1, tzinfo=UTC)),  # London falls back
]


# The quick set keeps the case that once failed (30m buffers, a 7h30m flight, New York springing forward).
@pytest.mark.parametrize(("buffer", "flight"), [pytest.param(120, 480, marks=pytest.mark.slow), (30, 450)])
@pytest.mark.parametrize(
    ("venue", "change"),
    [CHANGES_OF_CLOCKS[0], *(pytest.param(*c, marks=pytest.mark.slow) for c in CHANGES_OF_CLOCKS[1:])],
)
def test_itinerary_files_write_every_leg_at_its_elapsed_length_around_a_change_of_clocks(
    load_yaml: Callable[..., Problem], venue: str, change: datetime, buffer: int, flight: int
) -> None:
    """Meetings every 30 minutes from a day before to a day after a change of clocks at the venue, so that
    the change falls before, inside and after each part of the legs both ways: read back, every ground
    time and every flight takes its length, and the legs join the meeting without gap. (On the wall clock
    an 8h flight was written as 7h, and with 30m buffers and a 7h30m flight a meeting at 17:30 EST on
    8 March made a ground time that ended before it started: exit 3, InvalidCalendar.)"""
    text = TRANSATLANTIC.replace("buffer: 2h", f"buffer: {buffer}m").replace("duration: 8h", f"duration: {flight}m")
    problem = load_yaml(text)
    other = "London" if venue == "city-hall" else "New York"
    ground, air, hour = timedelta(minutes=buffer), timedelta(minutes=flight), timedelta(hours=1)
    for step in range(-48, 49):
        start = change + step * timedelta(minutes=30)
        events = _itinerary_events(problem, venue, start)
        assert [summary.split(" ")[0] for summary, _, _ in events] == [
            "Ground",
            "Travel",
            "Ground",
            "Talks",
            "Ground",
            "Travel",
            "Ground",
        ], events
        assert [end - begin for _, begin, end in events] == [ground, air, ground, hour, ground, air, ground]
        assert all(a[2] == b[1] for a, b in pairwise(events)), f"legs joined to the meeting at {start}"
        assert events[3][1] == start and other in events[1][0]


def test_leave_counts_the_flight_home_in_elapsed_time_across_a_change_of_clocks(tmp_path: Path) -> None:
    """`--leave` adds the leg home with the same UTC arithmetic as the itinerary files (`Leg.times`)."""
    from tests.helpers import run

    text = TRANSATLANTIC.replace(
        "starmer: {name: Keir Starmer, home: london}",
        "starmer:\n    name: Keir Starmer\n    home: london\n"
        "    itinerary: [{place: new-york, start: 2025-03-08T09:00, end: 2025-03-10T18:00}]",
    )
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    result = run("validate", tmp_path / "scenario.yaml", "--leave", "starmer@2025-03-08T22:00")
    # 22:00 falls in the New York stop: 22:00 EST = 03:00 UTC on 9 March. New York → London is 12h, so he is
    # home at 15:00 UTC = 15:00 GMT. On New York's wall clock (22:00 + 12h = 10:00 EDT = 14:00 UTC) he would
    # land an hour early, because New York springs forward that night.
    assert "home in London from Sun 09 Mar 2025 15:00 GMT" in result.output, result.output


# --- the trial's Canada–India case (issue 15): legs next to the meetings they serve ------------------

TRIAL = Path(__file__).parent / "data" / "trial" / "canada-india-2025.yaml"
IST, EST, MYT = ZoneInfo("Asia/Kolkata"), ZoneInfo("America/Toronto"), ZoneInfo("Asia/Kuala_Lumpur")


def _trial_plan() -> Plan:
    return plan(build_problem(load_scenario(TRIAL)), top=2, workers=1)


def test_trial_legs_sit_next_to_the_meetings_they_serve() -> None:
    """The trial found "Kuala Lumpur → New Delhi" ten days after the minister left KL and a flight to Niagara
    five days before the Niagara stop. Both legs are where the rule puts them, and next to the meeting."""
    result = _trial_plan()
    first, second = result.meetings[0].proposals
    # Only Hyderabad House can host between not_before (Thu 6 Nov 00:00 EST = 10:30 IST) and the deadline
    # (10 Nov); Jaishankar's Cabinet fills 08:00-13:00 IST, so rank 1 is Thu 6 Nov 13:00 IST (07:30 UTC)
    # and rank 2 the next morning, Fri 7 Nov 09:00 IST (03:30 UTC).
    assert (first.venue.id, first.start) == ("hyderabad-house", datetime(2025, 11, 6, 13, tzinfo=IST))
    assert (second.venue.id, second.start) == ("hyderabad-house", datetime(2025, 11, 7, 9, tzinfo=IST))
    problem = result.problem
    legs = {
        lid: journeys(problem, problem.leaders[lid], "new-delhi", first.start, first.end)
        for lid in ("anand", "jaishankar")
    }
    # Both last stood in Kuala Lumpur (ASEAN, to 28 and 27 Oct) and next stand in Niagara (11 Nov): in from
    # KL, out to Niagara. KL → New Delhi is 3,838 km at 800 km/h = 288 min (rounded up) + 2 x 2h ground
    # time = 8h48m; New Delhi → Niagara 11,665 km = 875 min + 4h = 18h35m.
    for lid in legs:
        assert [(j.direction, j.origin, j.destination) for j in legs[lid]] == [
            ("inbound", "kuala-lumpur", "new-delhi"),
            ("outbound", "new-delhi", "niagara"),
        ]
        assert [j.stop.place if j.stop else None for j in legs[lid]] == ["kuala-lumpur", "niagara"]
    anand_in, anand_out = legs["anand"]
    # Anand arrives right as the meeting starts (07:30 UTC): leaves 8h48m earlier, 22:42 UTC 5 Nov (06:42 MYT).
    assert times(anand_in) == (
        datetime(2025, 11, 5, 22, 42, tzinfo=UTC),
        datetime(2025, 11, 6, 0, 42, tzinfo=UTC),
        datetime(2025, 11, 6, 5, 30, tzinfo=UTC),
        datetime(2025, 11, 6, 7, 30, tzinfo=UTC),
    )
    assert anand_in.busy is None
    # ... and leaves as it ends (08:30 UTC = 14:00 IST), in Niagara 18h35m later: 03:05 UTC = 22:05 EST 6 Nov.
    assert (anand_out.depart, anand_out.arrive) == (first.end, datetime(2025, 11, 6, 22, 5, tzinfo=EST))
    assert anand_out.busy is None
    # Jaishankar cannot travel during Cabinet (08:00-13:00 IST): his leg in arrives when Cabinet starts,
    # 08:00 IST (02:30 UTC), the latest his busy time allows, and says so.
    jaishankar_in, jaishankar_out = legs["jaishankar"]
    assert jaishankar_in.arrive == datetime(2025, 11, 6, 8, tzinfo=IST)
    assert jaishankar_in.busy is not None and "Cabinet" in jaishankar_in.busy.source.what
    assert jaishankar_out.depart == first.end and jaishankar_out.busy is None
    # The hold (rank 2) has legs of its own, next to its own meeting (no Cabinet that day).
    for lid in ("anand", "jaishankar"):
        held_in, held_out = journeys(problem, problem.leaders[lid], "new-delhi", second.start, second.end)
        assert (held_in.arrive, held_out.depart) == (second.start, second.end)


def test_trial_leg_descriptions_say_where_from_where_to_how_long_and_why() -> None:
    result = _trial_plan()
    files = calendar_files(result)
    events = Calendar.from_ical(files["itinerary-jaishankar.ics"].data).events
    texts = {str(e["SUMMARY"]): str(e["DESCRIPTION"]) for e in events}
    inbound = texts["Travel Kuala Lumpur → New Delhi"]
    # Every event of one leg carries the same description.
    assert texts["Ground time in Kuala Lumpur before travel to New Delhi"] == inbound
    assert inbound.split("\n") == [
        "S. Jaishankar travels in from Kuala Lumpur for Canada–India foreign ministers' bilateral at Hyderabad "
        "House, New Delhi, Thu 06 Nov 2025 13:00 IST. Kuala Lumpur is the last place on the itinerary before the "
        "meeting (stop ended Mon 27 Oct 2025 20:00 UTC+08; the itinerary has nothing in between).",
        # Arrival 02:30 UTC less 2h ground time: lands 00:30 UTC = 06:00 IST; 288 min before: 19:42 UTC 5 Nov
        # = 03:42 MYT 6 Nov; the ground time in KL starts two hours before that, 01:42 MYT.
        "Leaves Kuala Lumpur Thu 06 Nov 2025 03:42 UTC+08, arrives in New Delhi Thu 06 Nov 2025 06:00 IST: "
        "4h48m flight (great circle, 3,838 km at 800 km/h).",
        "Ground time 2h00m at each end: from Thu 06 Nov 2025 01:42 UTC+08 in Kuala Lumpur, "
        "to Thu 06 Nov 2025 08:00 IST in New Delhi; 8h48m door to door.",
        "Booked to arrive 5h00m before the meeting, the latest that S. Jaishankar's busy time allows "
        "(S. Jaishankar busy: Cabinet, from Thu 06 Nov 2025 08:00 IST).",
    ]
    outbound = texts["Travel New Delhi → Niagara-on-the-Lake"].split("\n")
    assert outbound[0] == (
        "S. Jaishankar travels on to Niagara-on-the-Lake after Canada–India foreign ministers' bilateral at "
        "Hyderabad House, New Delhi (ends Thu 06 Nov 2025 14:00 IST). Niagara-on-the-Lake is the next place on the "
        "itinerary (stop from Tue 11 Nov 2025 12:00 EST; the itinerary has nothing in between)."
    )
    assert outbound[-1] == "Booked to leave right after the meeting."
    # The hold's legs say which meeting they serve.
    assert "bilateral (hold 2) at Hyderabad House" in texts["Travel Kuala Lumpur → New Delhi (hold 2)"]


def test_a_leg_from_home_says_so(lee_problem: Callable[..., Problem]) -> None:
    problem = lee_problem(itinerary="[]", busy="[]")
    meeting, venue = problem.meetings["m"], problem.venues["v"]
    proposal = Proposal(1, meeting, venue, at(10, 12), at(10, 13))
    (inbound, outbound) = journeys(problem, problem.leaders["lee"], "venue", at(10, 12), at(10, 13))
    text = journey_description(problem, proposal, inbound)
    # No stop at all: Lee comes from home and goes home (the 3h flight with 1h ground time each end).
    assert "Home is home: no itinerary stop comes before the meeting." in text
    assert "3h00m flight (flights table" in text and "5h00m door to door" in text
    assert "Home is home: no itinerary stop follows the meeting." in journey_description(problem, proposal, outbound)


def test_json_lists_the_legs_as_the_itinerary_files_hold_them(tmp_path: Path) -> None:
    from tests.helpers import run

    result = run("propose", TRIAL, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.stderr
    (proposal,) = json.loads(result.stdout)["proposals"]
    # Anand's legs of test_trial_legs_sit_next_to_the_meetings_they_serve, each end in its own zone.
    assert proposal["legs"]["anand"] == [
        {
            "direction": "inbound",
            "from": "kuala-lumpur",
            "to": "new-delhi",
            "depart": "2025-11-06T06:42:00+08:00",
            "takeoff": "2025-11-06T08:42:00+08:00",
            "landing": "2025-11-06T11:00:00+05:30",
            "arrive": "2025-11-06T13:00:00+05:30",
            "flight_minutes": 288,
            "ground_minutes": 120,
        },
        {
            "direction": "outbound",
            "from": "new-delhi",
            "to": "niagara",
            "depart": "2025-11-06T14:00:00+05:30",
            "takeoff": "2025-11-06T16:00:00+05:30",
            "landing": "2025-11-06T20:05:00-05:00",
            "arrive": "2025-11-06T22:05:00-05:00",
            "flight_minutes": 875,
            "ground_minutes": 120,
        },
    ]
    # The same instants as the events of her itinerary file: ground, flight, ground, meeting, ground, flight, ground.
    events = Calendar.from_ical((tmp_path / "out" / "itinerary-anand.ics").read_bytes()).events
    written = [e.start.astimezone(UTC) for e in events] + [events[-1].end.astimezone(UTC)]
    inbound, outbound = proposal["legs"]["anand"]
    expected = [
        inbound["depart"],
        inbound["takeoff"],
        inbound["landing"],
        inbound["arrive"],
        outbound["depart"],
        outbound["takeoff"],
        outbound["landing"],
        outbound["arrive"],
    ]
    assert written == [datetime.fromisoformat(t).astimezone(UTC) for t in expected]
    # Jaishankar's leg in arrives at 08:00 IST, before Cabinet.
    assert proposal["legs"]["jaishankar"][0]["arrive"] == "2025-11-06T08:00:00+05:30"
