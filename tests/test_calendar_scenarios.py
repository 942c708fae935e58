"""Leaders' calendars in whole scenarios: each feature of the .ics reader decides a meeting.

Each test reads a named fixture under tests/data/calendars/scenarios/ and solves a small scenario;
the expected earliest meeting is worked out in a comment. Every solve is re-checked by the verifier
(`solve_yaml`). In the first world two leaders live in one city and meet at its office, so only Ana's
calendar decides; in the second Ana lives in Washington and her calendar may put her in Tokyo.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from string import Template
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.cli import main
from scheduler.errors import ScenarioErrors
from scheduler.plan import Plan
from scheduler.problem import Problem
from scheduler.scenario import Place
from scheduler.timegrid import IntervalSet, to_minute
from scheduler.whereabouts import PlaceMatcher
from tests.helpers import DATA, earliest, examples, verified

CALENDARS = DATA / "calendars"
SCENARIOS = CALENDARS / "scenarios"
EXAMPLE = Path(__file__).resolve().parents[1] / "calendars" / "korea-us-2025" / "scenario.yaml"

SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
REYKJAVIK = ZoneInfo("Atlantic/Reykjavik")
EDMONTON = ZoneInfo("America/Edmonton")

PLACES = """
places:
  seoul: {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
  tokyo: {name: Tokyo, timezone: Asia/Tokyo, coordinates: [35.6762, 139.6503]}
  washington: {name: "Washington, D.C.", timezone: America/New_York, coordinates: [38.8977, -77.0365]}
  berlin: {name: Berlin, timezone: Europe/Berlin, coordinates: [52.5200, 13.4050]}
  reykjavik: {name: Reykjavik, timezone: Atlantic/Reykjavik, coordinates: [64.1466, -21.9426]}
"""

# World 1: Ana and Ben both live in `home` and meet at its office, 1 h on a 30-minute grid,
# 09:00–18:00 local; only Ana's calendar decides when.
AT_HOME = """
version: 1
title: Calendar feature
as_of: 2025-01-01T00:00Z
timezone: UTC
$places
leaders:
  ana: {name: Ana, home: $home, calendars: ['$calendar']$ana}
  ben: {name: Ben, home: $home}
venues:
  office: {name: Office, place: $office$venue}
meetings:
  talk: {title: Talk, participants: [ana, ben], duration: 1h, align: 30m, hours: "09:00-18:00", not_before: $not_before}
"""

# World 2: Ana lives in Washington (17h39m from Tokyo: 10,907 km at 800 km/h = 819 min, plus
# 2 h ground time at each end); Ben lives in Washington; they meet at the White House.
ABROAD = """
version: 1
title: Calendar whereabouts
as_of: 2025-08-20T00:00Z
timezone: UTC
$places
leaders:
  ana:
    name: Ana
    home: washington
    calendars: [$calendars]
    itinerary: [$itinerary]
  ben: {name: Ben, home: washington}
venues:
  white-house: {name: White House, place: washington}
meetings:
  talk: {title: Talk, participants: [ana, ben], duration: 1h, align: 30m, hours: "09:00-18:00", not_before: $not_before}
"""


def at_home(name: str, home: str, not_before: str, venue: str = "", ana: str = "", office: str = "") -> dict[str, str]:
    return {
        "places": PLACES,
        "home": home,
        "calendar": str(SCENARIOS / name),
        "not_before": not_before,
        "venue": venue,
        "ana": ana,
        "office": office or home,
    }


def abroad(name: str, not_before: str, locations: bool = True, itinerary: str = "") -> dict[str, str]:
    calendar = f"{{file: '{SCENARIOS / name}', locations: {str(locations).lower()}}}"
    return {"places": PLACES, "calendars": calendar, "not_before": not_before, "itinerary": itinerary}


def start_of(plan: Plan) -> datetime:
    return earliest(plan).start


# --- busy time from each calendar feature ---------------------------------------------------------


def test_weekly_series_with_exdate_frees_the_excluded_tuesday(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(
        AT_HOME, **at_home("weekly-tuesdays-exdate.ics", "berlin", "2025-06-01", venue=", weekdays: [tue]")
    )
    # Tuesdays only. The series fills 08:00–18:00 CEST on 3, 10, 17 and 24 June, but EXDATE removes
    # 10 June: Tue 3 June is full, Tue 10 June is free from 09:00.
    assert start_of(plan) == datetime(2025, 6, 10, 9, 0, tzinfo=BERLIN)


def test_rdate_instances_are_busy_like_the_first(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(AT_HOME, **at_home("rdate-days.ics", "reykjavik", "2025-06-02"))
    # DTSTART 2 June 09:00–18:00 UTC and RDATEs 3 and 4 June 09:00 UTC, each 9 hours: Reykjavik is
    # UTC+0, so the meeting hours of 2–4 June are all taken; Thu 5 June 09:00 GMT.
    assert start_of(plan) == datetime(2025, 6, 5, 9, 0, tzinfo=REYKJAVIK)


def test_recurrence_id_override_shortens_one_day(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(AT_HOME, **at_home("daily-with-moved-instance.ics", "seoul", "2025-06-02"))
    # Daily 09:00–18:00 KST, 2–6 June; the RECURRENCE-ID override makes 4 June 09:00–12:00 only.
    # Mon 2 and Tue 3 June are full: Wed 4 June 12:00 KST.
    assert start_of(plan) == datetime(2025, 6, 4, 12, 0, tzinfo=SEOUL)


def test_all_day_event_blocks_the_leaders_home_day_not_the_venues(solve_yaml: Callable[..., Plan]) -> None:
    values = at_home(
        "all-day-tuesday.ics",
        "seoul",
        "2025-06-03T03:00Z",
        ana=", itinerary: [{place: seoul, start: 2025-06-01, end: 2025-06-10}]",
    )
    plan = solve_yaml(AT_HOME.replace("home: $home, calendars", "home: washington, calendars"), **values)
    # Ana lives in Washington but is in Seoul. Her all-day Tue 3 June is the Washington day:
    # 04:00 UTC 3 June to 04:00 UTC 4 June = 13:00 KST 3 June to 13:00 KST 4 June. From not_before
    # (12:00 KST 3 June) the hour 12:00–13:00 KST is still free. (Read as the Seoul day, or as a
    # UTC day, 3 June would be lost and the answer 4 June 13:00 KST.)
    assert start_of(plan) == datetime(2025, 6, 3, 12, 0, tzinfo=SEOUL)


def test_floating_times_are_home_time_with_a_warning(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(AT_HOME, **at_home("floating-day.ics", "seoul", "2025-06-02"))
    # 09:00–17:00 without a zone is Seoul time for Ana, who lives there: Mon 2 June 17:00 KST.
    # (Read as UTC it would be 18:00–02:00 KST and 09:00 would be free.)
    assert start_of(plan) == datetime(2025, 6, 2, 17, 0, tzinfo=SEOUL)
    assert any("floating" in warning and "Asia/Seoul" in warning for warning in plan.problem.warnings)


def test_google_export_keeps_local_time_across_dst(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(
        AT_HOME, **at_home("google-export-mondays.ics", "washington", "2025-03-10", venue=", weekdays: [mon]")
    )
    # Google writes the Monday series in UTC (14:00Z = 09:00 EST on 3 March) with X-WR-TIMEZONE
    # America/New_York: it stays 09:00–17:00 New York time after the 9 March change, so Mon 10 March
    # is busy 09:00–17:00 EDT and the meeting is at 17:00 EDT. (Kept in UTC: 10:00–18:00 EDT, and
    # 09:00 would be free.)
    assert start_of(plan) == datetime(2025, 3, 10, 17, 0, tzinfo=NEW_YORK)


def test_vtimezone_defined_in_the_file_is_used(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(AT_HOME, **at_home("custom-tzid-office-time.ics", "seoul", "2025-06-01T15:00Z"))
    # TZID "Office Time" is no IANA zone; its VTIMEZONE says +05:45. 03:30–12:15 there on 2 June is
    # 21:45 UTC 1 June to 06:30 UTC = 06:45–15:30 KST: Mon 2 June 15:30 KST. (Floating: 03:30–12:15
    # KST → 12:30; UTC: 12:30–21:15 KST → 09:00.)
    assert start_of(plan) == datetime(2025, 6, 2, 15, 30, tzinfo=SEOUL)


def test_utc_times_are_read_as_utc(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(AT_HOME, **at_home("utc-morning.ics", "seoul", "2025-06-01T15:00Z"))
    # 00:00–06:00Z = 09:00–15:00 KST: Mon 2 June 15:00 KST.
    assert start_of(plan) == datetime(2025, 6, 2, 15, 0, tzinfo=SEOUL)


def test_transparent_and_cancelled_events_leave_time_free(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(AT_HOME, **at_home("free-and-cancelled.ics", "seoul", "2025-06-01T15:00Z"))
    # Busy 09:00–12:00 KST; the free (TRANSPARENT) reading time and the cancelled trip, both
    # 12:00–18:00, block nothing: Mon 2 June 12:00 KST.
    assert start_of(plan) == datetime(2025, 6, 2, 12, 0, tzinfo=SEOUL)


def test_weekly_series_in_new_york_crosses_the_march_dst_change(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(
        AT_HOME, **at_home("dst-new-york-mondays.ics", "washington", "2025-03-10", venue=", weekdays: [mon]")
    )
    # 09:00–17:00 New York time every Monday from 3 March (EST); on Mon 10 March (EDT since 9 March)
    # still 09:00–17:00 local = 13:00–21:00Z: the meeting is at 17:00 EDT. (Kept at the first
    # instance's UTC offset, it would be 10:00–18:00 EDT and 09:00 would be free.)
    assert start_of(plan) == datetime(2025, 3, 10, 17, 0, tzinfo=NEW_YORK)


def test_weekly_series_in_berlin_crosses_the_october_dst_change(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(AT_HOME, **at_home("dst-berlin-mondays.ics", "berlin", "2025-10-27", venue=", weekdays: [mon]"))
    # 09:00–17:00 Berlin time every Monday from 20 October (CEST); on Mon 27 October (CET since
    # 26 October) still 09:00–17:00 local = 08:00–16:00Z: 17:00 CET. (At CEST's offset it would be
    # 08:00–16:00 CET, and 16:00 would be free.)
    assert start_of(plan) == datetime(2025, 10, 27, 17, 0, tzinfo=BERLIN)


def test_calendar_entry_may_be_a_mapping_with_file(solve_yaml: Callable[..., Plan]) -> None:
    values = at_home("utc-morning.ics", "seoul", "2025-06-01T15:00Z")
    plan = solve_yaml(AT_HOME.replace("['$calendar']", "[{file: '$calendar', locations: false}]"), **values)
    # The same calendar as test_utc_times_are_read_as_utc, written as {file: ...}.
    assert start_of(plan) == datetime(2025, 6, 2, 15, 0, tzinfo=SEOUL)


# --- where the calendar says the leader is ---------------------------------------------------------


def test_a_calendar_alone_says_in_tokyo_23_24_august(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(ABROAD, **abroad("in-tokyo-23-24-august.ics", "2025-08-23T04:00Z"))
    # A free (TRANSPARENT) all-day "Trip to Japan", LOCATION Tokyo, 23–24 August: a stop in Tokyo for
    # the Tokyo days, 00:00 JST 23 Aug (15:00Z 22 Aug) to 00:00 JST 25 Aug (15:00Z 24 Aug); free, so
    # not busy. From not_before (00:00 EDT 23 Aug) Ana is in Tokyo; she can leave at 15:00Z 24 Aug and
    # land 17h39m later, 08:39Z = 04:39 EDT 25 Aug: Mon 25 Aug 09:00 EDT. (Read as Washington days,
    # the stop would end at 04:00Z 25 Aug and she would land at 17:39 EDT: 26 Aug.)
    assert start_of(plan) == datetime(2025, 8, 25, 9, 0, tzinfo=NEW_YORK)
    (stop,) = plan.problem.leaders["ana"].stops
    assert (stop.place, stop.kind) == ("tokyo", "calendar")
    assert plan.problem.leaders["ana"].busy == ()


def test_with_locations_false_the_same_calendar_only_blocks_time(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(ABROAD, **abroad("in-tokyo-23-24-august.ics", "2025-08-23T04:00Z", locations=False))
    # No stop, and the free trip blocks nothing: Ana is at home, Sat 23 Aug 09:00 EDT.
    assert start_of(plan) == datetime(2025, 8, 23, 9, 0, tzinfo=NEW_YORK)


def test_a_located_event_is_a_stop_and_busy_time(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(ABROAD, **abroad("tokyo-summit-session.ics", "2025-08-22T04:00Z"))
    # "Summit session", LOCATION "Hotel Okura, Tokyo", 10:00–12:00 JST 23 Aug = 01:00–03:00Z = 21:00–23:00
    # EDT 22 Aug. To be in Tokyo then, a Washington meeting must end by 01:00Z − 17h39m = 07:21Z
    # (03:21 EDT) 22 Aug: nothing within 09:00–18:00. After it she lands at 03:00Z + 17h39m = 20:39Z
    # = 16:39 EDT 23 Aug: Sat 23 Aug 17:00 EDT.
    assert start_of(plan) == datetime(2025, 8, 23, 17, 0, tzinfo=NEW_YORK)
    ana = plan.problem.leaders["ana"]
    session = (datetime(2025, 8, 23, 1, 0, tzinfo=UTC), datetime(2025, 8, 23, 3, 0, tzinfo=UTC))
    assert [(s.place, s.start, s.end) for s in ana.stops] == [("tokyo", *session)]
    assert [(b.start, b.end) for b in ana.busy] == [session]
    assert str(ana.stops[0].source) == "calendar: Ana in Tokyo (Summit session) (tokyo-summit-session.ics:4)"


def test_without_locations_the_session_is_busy_time_at_home(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(ABROAD, **abroad("tokyo-summit-session.ics", "2025-08-22T04:00Z", locations=False))
    # Busy 21:00–23:00 EDT 22 Aug, but at home: Fri 22 Aug 09:00 EDT.
    assert start_of(plan) == datetime(2025, 8, 22, 9, 0, tzinfo=NEW_YORK)


def test_geo_within_5_km_of_a_place_is_a_stop_there(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(ABROAD, **abroad("tokyo-session-geo-only.ics", "2025-08-22T04:00Z"))
    # LOCATION "Conference centre" names no place, but GEO 35.6812;139.6671 is 1.6 km from Tokyo's
    # coordinates: the same stop as test_a_located_event_is_a_stop_and_busy_time, Sat 23 Aug 17:00 EDT.
    assert start_of(plan) == datetime(2025, 8, 23, 17, 0, tzinfo=NEW_YORK)


def test_an_ambiguous_location_is_no_stop_and_a_warning(solve_yaml: Callable[..., Plan]) -> None:
    plan = solve_yaml(ABROAD, **abroad("ambiguous-location.ics", "2025-08-22T04:00Z"))
    # LOCATION "Tokyo" but GEO in Seoul: two places, so no stop; the session is busy time only and
    # Ana is at home: Fri 22 Aug 09:00 EDT.
    assert start_of(plan) == datetime(2025, 8, 22, 9, 0, tzinfo=NEW_YORK)
    assert plan.problem.leaders["ana"].stops == ()
    (warning,) = [w for w in plan.problem.warnings if "several places" in w]
    assert "ambiguous-location.ics:4" in warning and "seoul, tokyo" in warning


def test_the_explicit_itinerary_wins_over_a_calendar_stop_elsewhere(solve_yaml: Callable[..., Plan]) -> None:
    itinerary = "{place: washington, start: 2025-08-23, end: 2025-08-23, what: National Guard review}"
    plan = solve_yaml(ABROAD, **abroad("in-tokyo-23-24-august.ics", "2025-08-23T04:00Z", itinerary=itinerary))
    # The YAML keeps Ana in Washington all of 23 Aug (04:00Z 23 Aug – 04:00Z 24 Aug), inside the Tokyo
    # trip (15:00Z 22 Aug – 15:00Z 24 Aug): the itinerary wins, with a warning, and the meeting is
    # Sat 23 Aug 09:00 EDT. What is left of the trip stays a stop in Tokyo on either side.
    assert start_of(plan) == datetime(2025, 8, 23, 9, 0, tzinfo=NEW_YORK)
    stops = [(s.place, s.start, s.end, s.kind) for s in plan.problem.leaders["ana"].stops]
    assert stops == [
        ("tokyo", datetime(2025, 8, 22, 15, tzinfo=UTC), datetime(2025, 8, 23, 4, tzinfo=UTC), "calendar"),
        ("washington", datetime(2025, 8, 23, 4, tzinfo=UTC), datetime(2025, 8, 24, 4, tzinfo=UTC), "itinerary"),
        ("tokyo", datetime(2025, 8, 24, 4, tzinfo=UTC), datetime(2025, 8, 24, 15, tzinfo=UTC), "calendar"),
    ]
    (warning,) = [w for w in plan.problem.warnings if "the itinerary wins" in w]
    assert "in-tokyo-23-24-august.ics:4" in warning and "National Guard review" in warning


def test_calendar_stops_at_one_place_that_touch_become_one_stop(load_yaml: Callable[..., Problem]) -> None:
    problem = load_yaml(ABROAD, **abroad("back-to-back-in-tokyo.ics", "2025-08-22T04:00Z"))
    # Plenary 10:00–12:00 JST (LOCATION "tokyo", the place id) and press conference 12:00–14:00 JST
    # ("Press centre, TOKYO"): one stop in Tokyo, 01:00–05:00Z 23 Aug.
    stops = [(s.place, s.start, s.end) for s in problem.leaders["ana"].stops]
    assert stops == [("tokyo", datetime(2025, 8, 23, 1, tzinfo=UTC), datetime(2025, 8, 23, 5, tzinfo=UTC))]


def test_a_calendar_stop_extends_the_itinerary_stop_it_touches(load_yaml: Callable[..., Problem]) -> None:
    itinerary = "{place: tokyo, start: 2025-08-23T00:00, end: 2025-08-23T11:00}"
    problem = load_yaml(ABROAD, **abroad("back-to-back-in-tokyo.ics", "2025-08-22T04:00Z", itinerary=itinerary))
    # The YAML stop in Tokyo ends at 11:00 JST; the calendar keeps her there until 14:00 JST (05:00Z).
    (stop,) = problem.leaders["ana"].stops
    assert (stop.place, stop.start, stop.end, stop.kind) == (
        "tokyo",
        datetime(2025, 8, 22, 15, tzinfo=UTC),
        datetime(2025, 8, 23, 5, tzinfo=UTC),
        "itinerary",
    )


def test_calendar_events_in_two_places_at_once_are_an_error(load_yaml: Callable[..., Problem]) -> None:
    with pytest.raises(ScenarioErrors) as caught:
        load_yaml(ABROAD, **abroad("two-places-at-once.ics", "2025-08-22T04:00Z"))
    # Working lunch in Tokyo 10:00–12:00 JST and address in Seoul 11:00–13:00 KST overlap.
    (error,) = caught.value.errors
    assert "two places at once" in error.message
    assert "two-places-at-once.ics:4" in error.message and "two-places-at-once.ics:12" in str(error)
    assert "locations: false" in (error.hint or "")


# --- the matching rule -----------------------------------------------------------------------------


@pytest.fixture
def matcher() -> PlaceMatcher:
    places = {
        "tokyo": Place(name="Tokyo", timezone="Asia/Tokyo", coordinates=(35.6762, 139.6503)),
        "washington": Place(name="Washington, D.C.", timezone="America/New_York", coordinates=(38.8977, -77.0365)),
        "the-hague": Place(name="The Hague", timezone="Europe/Amsterdam", coordinates=(52.0705, 4.3007)),
    }
    return PlaceMatcher(places)


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("Tokyo", ("tokyo",)),  # the place name
        ("  tokyo ", ("tokyo",)),  # case and spaces do not matter
        ("the-hague", ("the-hague",)),  # the place id
        ("Hotel Okura, Tokyo", ("tokyo",)),  # a comma-separated part
        ("Hotel Okura,Tokyo, Japan", ("tokyo",)),
        ("National Mall, Washington, D.C.", ("washington",)),  # a name with a comma: whole parts, in order
        ("Huis ten Bosch Palace, The  Hague", ("the-hague",)),
        ("Tokyo Tower", ()),  # a word inside a part is not enough
        ("D.C.", ()),  # part of a place name is not enough
        ("WASHINGTON", ("washington",)),  # ... but this one is also the place id
        ("Tokyo, The Hague", ("tokyo", "the-hague")),  # two places: ambiguous
        ("", ()),
    ],
)
def test_location_matching_rule(matcher: PlaceMatcher, location: str, expected: tuple[str, ...]) -> None:
    assert matcher.candidates(location, None) == expected


def test_geo_matches_within_5_km_only(matcher: PlaceMatcher) -> None:
    # 1.6 km and 6.0 km east of Tokyo's coordinates (great circle).
    assert matcher.candidates(None, (35.6812, 139.6671)) == ("tokyo",)
    assert matcher.candidates(None, (35.6762, 139.7170)) == ()
    # LOCATION and GEO agreeing is one place; disagreeing is two.
    assert matcher.candidates("Tokyo", (35.6812, 139.6671)) == ("tokyo",)
    assert matcher.candidates("Tokyo", (52.0705, 4.3007)) == ("tokyo", "the-hague")


# --- bad calendars: exit 2, the calendar named, nothing written ------------------------------------


@pytest.mark.parametrize(
    ("fixture", "where"),
    [
        ("garbage.ics", "garbage.ics:1"),
        ("truncated.ics", "truncated.ics:"),
        ("unknown-tzid.ics", "unknown-tzid.ics:"),
        ("no-such-file.ics", "no-such-file.ics"),
    ],
)
def test_a_bad_calendar_stops_propose_with_exit_2_and_writes_nothing(
    write_yaml: Callable[..., Path], tmp_path: Path, fixture: str, where: str
) -> None:
    values = at_home("utc-morning.ics", "seoul", "2025-06-01T15:00Z")
    values["calendar"] = str(CALENDARS / fixture)
    scenario = write_yaml(AT_HOME, **values)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["propose", str(scenario), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert where in result.stderr
    assert "leaders.ana.calendars[0]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


# --- the bundled example ---------------------------------------------------------------------------


def test_the_example_calendars_keep_the_g7_answer(tmp_path: Path) -> None:
    folder = tmp_path / "korea"
    shutil.copytree(EXAMPLE.parent, folder, ignore=shutil.ignore_patterns("proposals"))
    result = CliRunner().invoke(main, ["propose", str(folder / "scenario.yaml"), "--json"])
    assert result.exit_code == 0, result.stderr
    # Lee's calendar puts him in Kananaskis for the outreach session 10:00–13:00 MDT on 17 June (inside
    # his itinerary stop there) and Trump's G7 working sessions start at 10:00 MDT: 08:00 MDT is first.
    proposal = json.loads(result.stdout)["proposals"][0]
    assert (proposal["venue"], proposal["start"]) == ("g7-kananaskis", "2025-06-17T08:00:00-06:00")
    assert "warning" not in result.stderr


def test_the_example_calendar_keeps_lee_in_seoul_during_the_nato_summit() -> None:
    from scheduler.loading import load_scenario
    from scheduler.problem import build_problem

    lee = build_problem(load_scenario(EXAMPLE)).leaders["lee"]
    # His cabinet meeting on Tue 24 June (10:00–12:00 KST) and the Korean War commemoration on
    # 25 June (10:00–12:00 KST) name Seoul: calendar stops there.
    seoul = [
        (s.start.astimezone(SEOUL), s.end.astimezone(SEOUL))
        for s in lee.stops
        if s.kind == "calendar" and s.place == "seoul"
    ]
    for day in (24, 25):
        assert (datetime(2025, 6, day, 10, tzinfo=SEOUL), datetime(2025, 6, day, 12, tzinfo=SEOUL)) in seoul


# --- property: a calendar and the same busy time written as YAML blocks agree ---------------------

PROPERTY_EXAMPLES = int(os.environ.get("SUMMIT_CALENDAR_EXAMPLES", examples(40)))  # 4 under `dev`
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Seoul", "Asia/Kathmandu", "UTC"]
FIRST_DAY = date(2025, 3, 7)  # the window holds the March changes of New York (9th) and Berlin (30th)

PROPERTY_SCENARIO = """
version: 1
title: Calendar or YAML
as_of: 2025-03-01T00:00Z
timezone: UTC
$places
leaders:
  ana:
    name: Ana
    home: $home
    $busy
  ben: {name: Ben, home: $home}
venues:
  office: {name: Office, place: $home}
meetings:
  talk: {title: Talk, participants: [ana, ben], duration: $duration, align: 15m,
         not_before: 2025-03-07, deadline: 2025-04-05}
"""


@st.composite
def busy_events(draw: st.DrawFn) -> dict[str, object]:
    """One busy event: timed (possibly a daily series, possibly in a DST gap or fold) or all-day."""
    day = FIRST_DAY + timedelta(days=draw(st.integers(0, 28)))
    if draw(st.integers(0, 4)) == 0:
        return {"all_day": True, "day": day, "days": draw(st.integers(1, 2))}
    start = datetime.combine(day, time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45]))))
    return {
        "all_day": False,
        "zone": draw(st.sampled_from(ZONES)),
        "start": start,
        "end": start + timedelta(minutes=draw(st.integers(1, 48)) * 15),
        "count": draw(st.integers(1, 4)),
    }


def as_ics(events: list[dict[str, object]]) -> bytes:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//summit-scheduler//property test//EN")
    calendar.add("version", "2.0")
    for n, item in enumerate(events):
        event = icalendar.Event()
        event.add("uid", f"busy-{n}@example.org")
        event.add("dtstamp", datetime(2025, 1, 1, tzinfo=UTC))
        event.add("summary", f"Busy {n}")
        if item["all_day"]:
            day = item["day"]
            assert isinstance(day, date)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=item["days"]))  # type: ignore[operator]
        else:
            zone = ZoneInfo(str(item["zone"]))
            event.add("dtstart", item["start"].replace(tzinfo=zone))  # type: ignore[attr-defined]
            event.add("dtend", item["end"].replace(tzinfo=zone))  # type: ignore[attr-defined]
            if item["count"] != 1:
                event.add("rrule", {"freq": "daily", "count": item["count"]})
        calendar.add_component(event)
    return calendar.to_ical()


def as_yaml_blocks(events: list[dict[str, object]]) -> str:
    """The same busy time as YAML blocks: a series is one block per day at the same wall-clock time."""
    blocks = []
    for item in events:
        if item["all_day"]:
            day = item["day"]
            assert isinstance(day, date)
            last = day + timedelta(days=int(item["days"]) - 1)  # type: ignore[call-overload]
            blocks.append(f"{{start: {day}, end: {last}}}")  # date-only: the leader's home days
            continue
        for repeat in range(int(item["count"])):  # type: ignore[call-overload]
            shift = timedelta(days=repeat)
            start, end = item["start"] + shift, item["end"] + shift  # type: ignore[operator]
            blocks.append(f"{{start: {start:%Y-%m-%dT%H:%M}, end: {end:%Y-%m-%dT%H:%M}, timezone: {item['zone']}}}")
    return "busy: [" + ", ".join(blocks) + "]"


@settings(
    max_examples=PROPERTY_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    events=st.lists(busy_events(), min_size=1, max_size=6),
    home=st.sampled_from(["seoul", "washington", "berlin"]),
    duration=st.sampled_from(["30m", "1h", "3h"]),
)
def test_a_calendar_and_the_same_yaml_blocks_give_the_same_proposals(
    tmp_path_factory: pytest.TempPathFactory, events: list[dict[str, object]], home: str, duration: str
) -> None:
    from scheduler.loading import load_scenario
    from scheduler.plan import plan
    from scheduler.problem import build_problem

    folder = tmp_path_factory.mktemp("property")
    (folder / "busy.ics").write_bytes(as_ics(events))
    answers = []
    for busy in ("calendars: [busy.ics]", as_yaml_blocks(events)):
        scenario = folder / "scenario.yaml"
        scenario.write_text(
            Template(textwrap.dedent(PROPERTY_SCENARIO)).substitute(
                places=PLACES, home=home, busy=busy, duration=duration
            ),
            encoding="utf-8",
        )
        problem = build_problem(load_scenario(scenario))
        result = verified(plan(problem, top=3, workers=1))
        answers.append([(p.venue.id, p.start) for m in result.meetings for p in m.proposals])
        answers.append(sorted((b.start, b.end) for b in problem.leaders["ana"].busy))
    calendar_proposals, calendar_busy, yaml_proposals, yaml_busy = answers
    assert calendar_proposals == yaml_proposals
    # The same instants, up to how they are split into blocks.
    assert IntervalSet.of((to_minute(a), to_minute(b)) for a, b in calendar_busy) == IntervalSet.of(
        (to_minute(a), to_minute(b)) for a, b in yaml_busy
    )
