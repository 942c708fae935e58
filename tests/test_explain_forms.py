"""`explain` says what it proves, in the zone it says, with the words and years a person reads."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner, Result

from scheduler.cli import main

# A venue open Tue 10 – Thu 12 June 2025 that meets only on Saturdays, and a meeting not before Fri 13
# June: two separate reasons rule the venue out ({open, not_before} and {open, weekdays}).
SCENARIO = """\
version: 1
title: Not before
as_of: 2025-06-01T09:00
timezone: Europe/Amsterdam
places:
  hague: {name: The Hague, timezone: Europe/Amsterdam, coordinates: [52.0705, 4.3007]}
  tokyo: {name: Tokyo, timezone: Asia/Tokyo, coordinates: [35.6762, 139.6503]}
leaders:
  a: {name: Leader A, home: hague, holidays: {country: Netherlands}}
  b: {name: Leader B, home: hague}
venues:
  summit:
    name: Summit
    place: hague
    open: [{start: 2025-06-10T08:00, end: 2025-06-12T18:00}]
    weekdays: [sat]
meetings:
  talk:
    title: Talk
    participants: [a, b]
    duration: 1h
    not_before: 2025-06-13
    deadline: 2025-06-30
"""


SEOUL = SCENARIO.replace("\ntimezone: Europe/Amsterdam\n", "\ntimezone: Asia/Seoul\n")
"""The same, with naive scenario-level times in Seoul: the venue's zone and the scenario's differ."""


def run(tmp_path: Path, text: str, *args: str) -> Result:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, [args[0], str(path), *args[1:]])


def test_the_conflict_headline_claims_only_what_a_minimal_conflict_proves(tmp_path: Path) -> None:
    result = run(tmp_path, SCENARIO, "propose", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "drop any one and a meeting exists" not in result.stdout
    assert "together these rule out every venue, and each is needed among them" in result.stdout
    conflict = result.stdout.split("each is needed among them")[1]
    # not_before (line 22) and the open window (line 15) rule the venue out together, and neither alone does
    # (the window alone leaves Tue–Thu; not_before alone leaves Fri 13 onward): each is needed among them …
    assert "not before Fri 13 Jun 2025 00:00 CEST (scenario.yaml:22)" in conflict
    assert "Summit is open only Tue 10 Jun 08:00–Thu 12 Jun 18:00 CEST (scenario.yaml:15)" in conflict
    assert "meets only on sat" not in conflict
    # … but dropping not_before alone gives no meeting: the window holds no Saturday (line 16).
    unbounded = SCENARIO.replace("    not_before: 2025-06-13\n", "")
    without = run(tmp_path, unbounded, "propose", "--out", str(tmp_path / "o"))
    assert without.exit_code == 1
    assert "meets only on sat (scenario.yaml:16)" in without.stdout


def test_with_venue_a_naive_at_is_read_in_the_venues_zone_and_says_so(tmp_path: Path) -> None:
    # The scenario's zone is Asia/Seoul; the venue is in The Hague (CEST, +02:00 in June).
    document = json.loads(
        run(tmp_path, SEOUL, "explain", "--venue", "summit", "--at", "2025-06-11T10:00", "--json").stdout
    )
    (meeting,) = document["meetings"]
    assert meeting["at"] == "2025-06-11T10:00:00+02:00"
    assert meeting["read_in"] == "Europe/Amsterdam"
    text = run(tmp_path, SEOUL, "explain", "--venue", "summit", "--at", "2025-06-11T10:00").stdout
    assert "--at 2025-06-11T10:00 is read in Europe/Amsterdam, the zone of Summit (--venue)." in text
    assert "Summit at Wed 11 Jun 2025, 10:00 CEST" in text
    # without --venue: the scenario's zone, 10:00 KST = 03:00 CEST
    plain = json.loads(run(tmp_path, SEOUL, "explain", "--at", "2025-06-11T10:00", "--json").stdout)
    assert plain["meetings"][0]["at"] == "2025-06-11T10:00:00+09:00"
    # an explicit offset is not naive: nothing to say
    explicit = json.loads(
        run(tmp_path, SEOUL, "explain", "--venue", "summit", "--at", "2025-06-11T10:00+02:00", "--json").stdout
    )
    assert explicit["meetings"][0]["read_in"] is None


def test_a_date_only_before_means_the_end_of_that_day_like_a_deadline(tmp_path: Path) -> None:
    # 2025-06-11 in The Hague ends at Thu 12 Jun 00:00 CEST.
    result = run(tmp_path, SCENARIO, "explain", "--venue", "summit", "--before", "2025-06-11")
    assert "--before 2025-06-11 is a date: the end of that day in Europe/Amsterdam" in result.stdout
    assert "Wanted before Thu 12 Jun 2025, 00:00 CEST:" in result.stdout
    document = json.loads(
        run(tmp_path, SCENARIO, "explain", "--venue", "summit", "--before", "2025-06-11", "--json").stdout
    )
    assert document["meetings"][0]["before"] == "2025-06-12T00:00:00+02:00"


def test_explain_at_names_the_holiday_with_its_line_and_writes_travel_as_hours_and_minutes(tmp_path: Path) -> None:
    # Leader B flies in from Tokyo: his Tokyo stop ends Thu 25 Dec 2025 16:00 JST = 08:00 CET, one hour
    # before the meeting at 09:00 CET, far too short for the leg (about 15h40m with buffers).
    # 25 Dec is Christmas, a Dutch holiday for Leader A (holidays on line 9); and a Thursday, not a Saturday.
    text = SCENARIO.replace(
        "  b: {name: Leader B, home: hague}",
        "  b: {name: Leader B, home: hague, itinerary: [{place: tokyo, start: 2025-12-20, end: 2025-12-25T16:00}]}",
    ).replace("deadline: 2025-06-30", "deadline: 2026-06-30")  # holidays are read over the search: reach December
    result = run(tmp_path, text, "explain", "--venue", "summit", "--at", "2025-12-25T09:00")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"on one of Leader A's home holidays: NL holiday .* \(Thu 25 Dec 2025\) \(scenario\.yaml:9\)", result.stdout
    ), result.stdout
    travel = re.search(r"Leader B cannot travel tokyo → hague \((\w+)\) before the meeting", result.stdout)
    assert travel is not None, result.stdout
    assert re.fullmatch(r"\d+h\d+m", travel.group(1))  # e.g. 16h21m, never "981 min"
    assert " min)" not in result.stdout


def test_dates_carry_the_year_when_it_is_not_the_meetings(tmp_path: Path) -> None:
    # The meeting's earliest start is in 2025 (as_of): an open window in 2025 is written without the year,
    # one in 2026 with it.
    this_year = run(tmp_path, SCENARIO, "explain").stdout
    assert "Summit is open only Tue 10 Jun 08:00–Thu 12 Jun 18:00 CEST" in this_year
    later = SCENARIO.replace("2025-06-10T08:00, end: 2025-06-12T18:00", "2026-06-10T08:00, end: 2026-06-12T18:00")
    next_year = run(tmp_path, later, "explain").stdout
    assert "Summit is open only Wed 10 Jun 2026 08:00–Fri 12 Jun 2026 18:00 CEST" in next_year
