"""Warnings that save a day: valid input that is probably not what was meant."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from scheduler.loading import load_scenario
from scheduler.problem import build_problem

SCENARIO = """\
version: 1
title: Warnings
as_of: 2025-06-06T18:00
timezone: Asia/Seoul
places:
  seoul: {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
  dc: {name: "Washington, D.C.", timezone: America/New_York, coordinates: [38.8977, -77.0365]}
  tokyo: {name: Tokyo, timezone: Asia/Tokyo, coordinates: [35.6762, 139.6503]}
leaders:
  lee: {name: Lee Jae-myung, home: seoul, calendars: [lee.ics]}
  trump: {name: Donald J. Trump, home: dc}
  ishiba: {name: Ishiba Shigeru, home: tokyo}
venues:
  white-house: {name: White House, place: dc}
  tokyo-visit: {name: Visit to Tokyo, place: tokyo}
meetings:
  summit:
    title: Summit
    participants: [lee, trump]
    duration: 1h
    deadline: 2025-07-08
    venues: [white-house]
"""

EVENT = """\
BEGIN:VEVENT\r
UID:{uid}\r
DTSTAMP:20250601T000000Z\r
DTSTART:20250{month}10T010000Z\r
DTEND:20250{month}10T020000Z\r
SUMMARY:Visit\r
LOCATION:{location}\r
END:VEVENT\r
"""


def calendar(*locations: str) -> str:
    # Events in July and August: outside the search, the comma is still worth a warning.
    events = "".join(
        EVENT.format(uid=f"e{i}", month=7 + i % 2, location=location) for i, location in enumerate(locations)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n"


def warnings(tmp_path: Path, scenario: str = SCENARIO, *locations: str) -> list[str]:
    (tmp_path / "scenario.yaml").write_text(scenario, encoding="utf-8")
    (tmp_path / "lee.ics").write_text(calendar(*locations), encoding="utf-8", newline="")
    problem = build_problem(load_scenario(tmp_path / "scenario.yaml"), now=datetime(2025, 6, 6, tzinfo=UTC))
    return problem.warnings


def test_a_leader_and_a_venue_no_meeting_uses(tmp_path: Path) -> None:
    # ishiba (line 12) is in no meeting; tokyo-visit (line 15) is not in summit's venues, the only meeting.
    found = warnings(tmp_path)
    file = tmp_path / "scenario.yaml"
    assert found == [
        f"{file}:12: leaders.ishiba: leader 'ishiba' takes part in no meeting",
        f"{file}:15: venues.tokyo-visit: venue 'tokyo-visit' is in no meeting's venues",
    ]


def test_a_meeting_without_venues_uses_them_all(tmp_path: Path) -> None:
    scenario = SCENARIO.replace("    venues: [white-house]\n", "").replace("[lee, trump]", "[lee, trump, ishiba]")
    assert warnings(tmp_path, scenario) == []


def test_an_unescaped_comma_that_changes_the_place_is_warned_with_its_line(tmp_path: Path) -> None:
    # Line numbers: 3 header lines, then 8 lines per event; LOCATION is the 7th line of an event.
    # Event 0 (lines 4-11): "Washington, D.C." unescaped: as one text it is the place dc; its pieces
    #   "Washington" and "D.C." match no place → warned, line 10.
    # Event 1 (lines 12-19): "Hotel Okura, Tokyo": as one text and as pieces it is tokyo → no warning.
    # Event 2 (lines 20-27): "Washington\, D.C." written as RFC 5545 has it → no warning.
    scenario = SCENARIO.replace("[lee, trump]", "[lee, trump, ishiba]").replace("    venues: [white-house]\n", "")
    found = warnings(tmp_path, scenario, "Washington, D.C.", "Hotel Okura, Tokyo", "Washington\\, D.C.")
    assert len(found) == 1, found
    assert found[0].startswith("lee.ics:10: LOCATION 'Washington, D.C.' has an unescaped comma: ")
    assert (
        "read as one text (as here) it matches dc, taken apart at the comma (as RFC 5545 reads it) no place"
        in (found[0])
    )
