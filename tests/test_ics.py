"""Calendar files (scheduler.ics): what each file holds, how re-runs update it, and that it reads back exactly.

Golden files: `tests/data/golden/korea-us-2025/` holds what `schedule propose --top 3 --alarm 1h` writes
for the bundled example with SOURCE_DATE_EPOCH=1750000000, byte for byte. When a change to the
output is intended, regenerate them with

    UPDATE_GOLDEN=1 pytest tests/test_ics.py -k golden

and review the diff like code.

Most other tests use the bundled example without its `calendars:` lines (as tests/test_cli.py does):
its proposal is the G7 in Kananaskis, Tue 17 June 2025 08:00–09:00 MDT (UTC−6) = 14:00–15:00 UTC;
with --top 3 the options are The Hague, Tue 24 June 08:00 CEST, and the White House, Fri 27 June
09:00 EDT.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from string import Template
from zoneinfo import ZoneInfo, available_timezones

import icalendar
import pytest
from click.testing import Result
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from scheduler.ics import PRODID, calendar_files, proposal_objects
from scheduler.loading import load_scenario
from scheduler.plan import MeetingPlan, Plan, Proposal
from scheduler.problem import Problem, build_problem
from tests.helpers import MOVE, RUN_FILES_TOP_3, examples, korea, run, snapshot

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "calendars" / "korea-us-2025"
GOLDEN = Path(__file__).parent / "data" / "golden" / "korea-us-2025"
GOLDEN_EPOCH = "1750000000"  # 2025-06-15T15:06:40Z, the DTSTAMP of every golden event
EDMONTON, AMSTERDAM, NEW_YORK, SEOUL = (
    ZoneInfo(z) for z in ("America/Edmonton", "Europe/Amsterdam", "America/New_York", "Asia/Seoul")
)


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def propose(scenario: Path, out: Path, *args: object, code: int = 0) -> Result:
    result = run("propose", scenario, "--out", out, *args)
    assert result.exit_code == code, result.stderr
    return result


def parse(data: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(data)
    assert isinstance(calendar, icalendar.Calendar)
    return calendar


def events_by_uid(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e.uid): e for e in parse(data).events}


def strict(data: bytes) -> list[tuple[str, datetime, datetime, int | None]]:
    """(UID, start, end, SEQUENCE) of each event as the strict `ical` parser reads the file."""
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    found = []
    for event in calendar.events:
        assert isinstance(event.dtstart, datetime) and isinstance(event.dtend, datetime)
        found.append((str(event.uid), event.dtstart, event.dtend, event.sequence))
    return found


# --- golden files ------------------------------------------------------------------------------


def test_golden_files_for_the_bundled_example(tmp_path: Path) -> None:
    workspace = tmp_path / "korea-us-2025"
    shutil.copytree(EXAMPLE, workspace, ignore=shutil.ignore_patterns("proposals"))
    out = tmp_path / "out"
    result = run(
        "propose",
        workspace / "scenario.yaml",
        "--out",
        out,
        "--top",
        "3",
        "--alarm",
        "1h",
        env={"SOURCE_DATE_EPOCH": GOLDEN_EPOCH},
    )
    assert result.exit_code == 0, result.stderr
    written = snapshot(out, recursive=False)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        GOLDEN.mkdir(parents=True)
        for name, data in written.items():
            (GOLDEN / name).write_bytes(data)
    # With its calendars the example has two options, not three: Lee's calendar keeps him in Seoul
    # during the NATO summit (its events there are stops in Seoul), so The Hague is out.
    assert sorted(written) == sorted(name for name in RUN_FILES_TOP_3 if name != "summit-option-3.ics")
    assert written == snapshot(GOLDEN, recursive=False), "output changed; if intended, regenerate with UPDATE_GOLDEN=1"
    for data in written.values():
        # CRLF line ends only, and every line (after folding) at most 75 octets.
        assert b"\n" not in data.replace(b"\r\n", b"")
        assert max(len(line) for line in data.split(b"\r\n")) <= 75
        # 1750000000 s after the epoch is 2025-06-15 15:06:40 UTC.
        assert set(re.findall(rb"DTSTAMP:(\S+)\r", data)) == {b"20250615T150640Z"}


# --- what one proposal file holds --------------------------------------------------------------


def test_a_proposal_file_has_everything_an_import_needs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out)
    data = (out / "summit.ics").read_bytes()
    calendar = parse(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["METHOD"]) == "PUBLISH"
    # One RRULE-style VTIMEZONE for the venue's zone: one STANDARD and one DAYLIGHT, each with a yearly rule.
    (zone,) = calendar.timezones
    assert str(zone["TZID"]) == "America/Edmonton"
    assert sorted(c.name for c in zone.subcomponents) == ["DAYLIGHT", "STANDARD"]
    assert all("RRULE" in c and "RDATE" not in c for c in zone.subcomponents)
    (event,) = calendar.events
    assert event.start == datetime(2025, 6, 17, 8, 0, tzinfo=EDMONTON)
    assert event.start.astimezone(UTC) == datetime(2025, 6, 17, 14, 0, tzinfo=UTC)  # 08:00 MDT, UTC−6
    assert event.end - event.start == timedelta(hours=1)
    assert b"DTSTART;TZID=America/Edmonton:20250617T080000\r\n" in data
    assert str(event["SUMMARY"]) == "Korea–US bilateral summit"
    assert str(event["LOCATION"]) == "G7 Leaders' Summit, Kananaskis (sidelines), Kananaskis, Alberta"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (51.083, -115.09)
    assert b"GEO:51.083;-115.09\r\n" in data  # lat;lon
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["TRANSP"]) == "OPAQUE"
    assert str(event["X-MICROSOFT-CDO-BUSYSTATUS"]) == "TENTATIVE"
    assert event.sequence == 0
    assert "ATTENDEE" not in event and b"ATTENDEE" not in data
    assert not event.subcomponents, "no VALARM unless --alarm"
    # Written for the counterpart: who, where, when at the venue and in each leader's home time
    # (14:00 UTC is 23:00 KST (UTC+9) in Seoul and 10:00 EDT (UTC−4) in Washington), and that it is a hold.
    assert str(event["DESCRIPTION"]).split("\n") == [
        "Korea–US bilateral summit — a tentative hold",
        "Who: Lee Jae-myung and Donald J. Trump",
        "Where: G7 Leaders' Summit, Kananaskis (sidelines), Kananaskis, Alberta",
        "When: Tue 17 Jun 2025 08:00–09:00 MDT (venue time, America/Edmonton)",
        "Lee Jae-myung's time in Seoul: Tue 17 Jun 2025 23:00 KST",
        "Donald J. Trump's time in Washington, D.C.: Tue 17 Jun 2025 10:00 EDT",
        "This is a tentative hold, not a confirmed meeting: please keep the time free.",
        "Proposed for: First Korea–US summit after the June 2025 election (summit-scheduler)",
    ]
    assert "scenario.yaml:" not in str(event["DESCRIPTION"]), "no file:line references for the counterpart"


def test_planner_notes_add_why_this_slot_and_why_the_other_venues_lost(tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out, "--planner-notes")
    (event,) = parse((out / "summit.ics").read_bytes()).events
    lines = str(event["DESCRIPTION"]).split("\n")
    # The counterpart's part comes first, unchanged; the planner's notes follow under their heading.
    notes = lines[lines.index("Planner notes:") + 1 :]
    assert lines[: lines.index("Planner notes:") - 1][-1].startswith("Proposed for: ")
    assert notes[0] == "Why this slot: the earliest start that every rule allows, verified independently."
    # 8 Jul 2025 00:00 EDT (04:00 UTC) − 17 Jun 14:00 UTC = 21 days 14 hours.
    assert notes[1] == "21 days 14 hours before the deadline (reciprocal-tariff relief expires)."
    # The two venues that lost, one line each, after the heading, with the scenario lines behind each reason.
    rejected = notes[notes.index("Other venues:") + 1 :]
    assert len(rejected) == 2
    assert rejected[0].startswith("- NATO Summit, The Hague (sidelines): possible, but later: from Tue 24 Jun 2025")
    assert rejected[1].startswith("- Official visit to the White House: possible, but later: from Fri 27 Jun 2025")
    # The 21 days' notice and as_of, where the test's copy of the example (without `calendars:`) has them.
    assert re.search(r"notice from as_of \(scenario\.yaml:\d+, scenario\.yaml:\d+\)$", rejected[1])


def test_alarm_adds_a_display_reminder_before_each_meeting(tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out, "--top", "2", "--alarm", "1h30m")
    for name in ("summit.ics", "summit-option-2.ics", "all-proposals.ics"):
        for event in parse((out / name).read_bytes()).events:
            (alarm,) = event.subcomponents
            assert alarm.name == "VALARM"
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert alarm["TRIGGER"].dt == -timedelta(hours=1, minutes=30)
            assert str(alarm["DESCRIPTION"]).startswith("Korea–US bilateral summit")


def test_alarm_that_is_not_a_duration_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("propose", korea(tmp_path), "--out", out, "--alarm", "soon")
    assert result.exit_code == 2
    assert "--alarm" in result.stderr
    assert not out.exists()


# --- the files of a run ------------------------------------------------------------------------


def test_a_run_writes_each_proposal_all_proposals_and_each_leader_s_itinerary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out, "--top", "3")
    files = snapshot(out, recursive=False)
    assert sorted(files) == sorted(RUN_FILES_TOP_3)
    singles = {name: events_by_uid(files[name]) for name in RUN_FILES_TOP_3[:3]}
    uids = [next(iter(events)) for events in singles.values()]
    assert len(set(uids)) == 3
    # The combined calendar carries the three events exactly as the single files do, and their three zones.
    combined = parse(files["all-proposals.ics"])
    assert [str(e.uid) for e in combined.events] == uids
    for events in singles.values():
        ((uid, event),) = events.items()
        assert events_by_uid(files["all-proposals.ics"])[uid].to_ical() == event.to_ical()
    assert sorted(str(z["TZID"]) for z in combined.timezones) == [
        "America/Edmonton",
        "America/New_York",
        "Europe/Amsterdam",
    ]
    # Both itineraries carry all three meetings (same UIDs, same events), with travel legs around them.
    for name in ("itinerary-lee.ics", "itinerary-trump.ics"):
        itinerary = events_by_uid(files[name])
        for uid, events in zip(uids, singles.values(), strict=True):
            assert itinerary[uid].to_ical() == events[uid].to_ical()
    # Every file reads in the strict parser, with the instants icalendar reads.
    for name, data in files.items():
        read = {uid: (start, end) for uid, start, end, _ in strict(data)}
        assert read == {str(e.uid): (e.start, e.end) for e in parse(data).events}, name


def test_trump_s_itinerary_to_the_hague_worked_by_hand(tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out, "--top", "2")
    events = parse((out / "itinerary-trump.ics").read_bytes()).events
    # Option 2 is The Hague, 24 June 08:00 CEST = 06:00 UTC. Trump's last stop before is Kananaskis (to
    # 17 June 22:00 MDT) and his next is The Hague itself, so one leg: Kananaskis → The Hague, great circle
    # 7,217 km at 800 km/h = 541.3 → 542 min (9h02m), plus 2h ground time at each end = 13h02m, as late as
    # possible: it ends at 06:00 UTC, so ground time 16:58–18:58 UTC on the 23rd (10:58–12:58 MDT), flight
    # 18:58 UTC → 04:00 UTC (12:58 MDT → 06:00 CEST), ground 04:00–06:00 UTC (06:00–08:00 CEST).
    summaries = [str(e["SUMMARY"]) for e in events]
    assert summaries == [
        "Korea–US bilateral summit",
        "Ground time in Kananaskis, Alberta before travel to The Hague (hold 2)",
        "Travel Kananaskis, Alberta → The Hague (hold 2)",
        "Ground time in The Hague after travel from Kananaskis, Alberta (hold 2)",
        "Korea–US bilateral summit (hold 2)",
    ]
    ground, flight, arrival = events[1:4]
    assert (ground.start, ground.end) == (
        datetime(2025, 6, 23, 10, 58, tzinfo=EDMONTON),
        datetime(2025, 6, 23, 12, 58, tzinfo=EDMONTON),
    )
    assert (flight.start, flight.end) == (
        datetime(2025, 6, 23, 12, 58, tzinfo=EDMONTON),
        datetime(2025, 6, 24, 6, 0, tzinfo=AMSTERDAM),
    )
    assert (arrival.start, arrival.end) == (
        datetime(2025, 6, 24, 6, 0, tzinfo=AMSTERDAM),
        datetime(2025, 6, 24, 8, 0, tzinfo=AMSTERDAM),
    )
    # Departure is written in the origin's zone, arrival in the destination's.
    assert str(flight["DTSTART"].params["TZID"]) == "America/Edmonton"
    assert str(flight["DTEND"].params["TZID"]) == "Europe/Amsterdam"
    assert "great circle, 7,217 km at 800 km/h" in str(flight["DESCRIPTION"])
    assert all(str(e["STATUS"]) == "TENTATIVE" and "ATTENDEE" not in e for e in events)


ITINERARY = """
version: 1
title: Itinerary by hand
as_of: 2025-06-01T00:00
timezone: Asia/Seoul
places:
  seoul:      {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
  washington: {name: "Washington, D.C.", timezone: America/New_York, coordinates: [38.8977, -77.0365]}
travel:
  buffer: 2h
  flights:
    - {from: seoul, to: washington, duration: 14h}
leaders:
  lee: {name: Lee Jae-myung, home: seoul}
  trump: {name: Donald J. Trump, home: washington}
venues:
  white-house:
    name: White House
    place: washington
    open: [{start: 2025-06-20T10:00, end: 2025-06-20T11:00}]
meetings:
  summit: {title: Summit, participants: [lee, trump], duration: 1h}
"""


def test_lee_s_itinerary_seoul_washington_and_back_worked_by_hand(
    write_yaml: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    propose(write_yaml(ITINERARY), out)
    written = sorted(snapshot(out, recursive=False))
    assert written == ["all-proposals.ics", "itinerary-lee.ics", "itinerary-trump.ics", "summit.ics"]
    events = parse((out / "itinerary-lee.ics").read_bytes()).events
    # The meeting: 20 June 10:00-11:00 EDT = 14:00-15:00 UTC. Seoul ↔ Washington is 14h + 2h at each end = 18h.
    # In, as late as possible: 19 Jun 20:00 UTC - 20 Jun 14:00 UTC: ground in Seoul 05:00-07:00 KST (UTC+9) on
    # the 20th, flight 07:00 KST → 08:00 EDT (UTC−4) the same day, ground in Washington 08:00-10:00 EDT.
    # Out, as early as possible: 15:00 UTC - 21 Jun 09:00 UTC: ground 11:00-13:00 EDT, flight 13:00 EDT →
    # 21 Jun 16:00 KST, ground in Seoul 16:00-18:00 KST.
    expected = [
        ("Ground time in Seoul before travel to Washington, D.C.", (2025, 6, 20, 5), SEOUL, (2025, 6, 20, 7), SEOUL),
        ("Travel Seoul → Washington, D.C.", (2025, 6, 20, 7), SEOUL, (2025, 6, 20, 8), NEW_YORK),
        (
            "Ground time in Washington, D.C. after travel from Seoul",
            (2025, 6, 20, 8),
            NEW_YORK,
            (2025, 6, 20, 10),
            NEW_YORK,
        ),
        ("Summit", (2025, 6, 20, 10), NEW_YORK, (2025, 6, 20, 11), NEW_YORK),
        (
            "Ground time in Washington, D.C. before travel to Seoul",
            (2025, 6, 20, 11),
            NEW_YORK,
            (2025, 6, 20, 13),
            NEW_YORK,
        ),
        ("Travel Washington, D.C. → Seoul", (2025, 6, 20, 13), NEW_YORK, (2025, 6, 21, 16), SEOUL),
        ("Ground time in Seoul after travel from Washington, D.C.", (2025, 6, 21, 16), SEOUL, (2025, 6, 21, 18), SEOUL),
    ]
    got = [(str(e["SUMMARY"]), e.start, e.end) for e in events]
    assert got == [(s, datetime(*a, tzinfo=za), datetime(*b, tzinfo=zb)) for s, a, za, b, zb in expected]
    assert [getattr(e.start.tzinfo, "key", None) for e in events] == [e[2].key for e in expected]
    assert [getattr(e.end.tzinfo, "key", None) for e in events] == [e[4].key for e in expected]
    # Trump lives in Washington: his itinerary is the meeting alone.
    (only,) = parse((out / "itinerary-trump.ics").read_bytes()).events
    assert str(only["SUMMARY"]) == "Summit"


# --- re-runs: same UID, SEQUENCE up only on a real change --------------------------------------


def _sequences(data: bytes) -> dict[str, int]:
    return {uid: int(event.sequence or 0) for uid, event in events_by_uid(data).items()}


def test_an_unchanged_re_run_rewrites_byte_identical_files(tmp_path: Path) -> None:
    scenario, out = korea(tmp_path), tmp_path / "out"
    propose(scenario, out, "--top", "3")
    first = snapshot(out, recursive=False)
    propose(scenario, out, "--top", "3")
    assert snapshot(out, recursive=False) == first


def test_a_moved_meeting_keeps_its_uid_and_raises_sequence_in_every_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out)
    before = snapshot(out, recursive=False)
    (uid,) = events_by_uid(before["summit.ics"])
    # Meeting hours from 10:00 instead of 08:00: the G7 proposal moves from 08:00 to 10:00 MDT.
    propose(korea(tmp_path, MOVE), out)
    moved = snapshot(out, recursive=False)
    event = events_by_uid(moved["summit.ics"])[uid]
    assert event.start == datetime(2025, 6, 17, 10, 0, tzinfo=EDMONTON)
    for name in ("summit.ics", "all-proposals.ics", "itinerary-lee.ics", "itinerary-trump.ics"):
        assert _sequences(moved[name])[uid] == 1, name
    # The same input again: nothing moved, SEQUENCE stays 1 and the bytes stay the same.
    propose(korea(tmp_path, MOVE), out)
    assert snapshot(out, recursive=False) == moved
    # Back to 08:00: another real change, SEQUENCE 2.
    propose(korea(tmp_path), out)
    assert _sequences((out / "summit.ics").read_bytes()) == {uid: 2}
    # The strict parser reads the same SEQUENCE.
    assert [s for _, _, _, s in strict((out / "summit.ics").read_bytes())] == [2]


def test_a_change_that_does_not_move_the_meeting_keeps_sequence(tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out, "--planner-notes")
    before = (out / "summit.ics").read_bytes()
    # Only the reason for the deadline changes: same time, same place, so SEQUENCE stays 0 (the text differs:
    # the planner's notes say the deadline's reason).
    why = ("why: reciprocal-tariff relief expires}", "why: tariff relief ends}")
    propose(korea(tmp_path, why), out, "--planner-notes")
    after = (out / "summit.ics").read_bytes()
    assert after != before
    assert set(_sequences(after).values()) == {0}


def test_sequence_counts_only_what_this_output_folder_has_seen(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    propose(korea(tmp_path), first)
    propose(korea(tmp_path, MOVE), first)
    propose(korea(tmp_path, MOVE), second)
    # The same moved proposal: SEQUENCE 1 where the earlier file was, 0 in a fresh folder; same UID.
    here, there = _sequences((first / "summit.ics").read_bytes()), _sequences((second / "summit.ics").read_bytes())
    assert list(here.values()) == [1] and list(there.values()) == [0]
    assert here.keys() == there.keys()


# --- withdrawn proposals: cancelled in every file that held them --------------------------------

# Without its calendars the example's --top 3 is the G7 (Tue 17 Jun 08:00 MDT), The Hague (hold 2,
# Tue 24 Jun 08:00 CEST) and the White House (hold 3, Fri 27 Jun 09:00 EDT). A re-run with --top 1
# proposes the G7 alone: holds 2 and 3 are withdrawn.
HOLD_2 = datetime(2025, 6, 24, 8, 0, tzinfo=AMSTERDAM)
HOLD_3 = datetime(2025, 6, 27, 9, 0, tzinfo=NEW_YORK)


def _statuses(data: bytes) -> dict[str, tuple[str, int, str]]:
    """UID → (STATUS, SEQUENCE, SUMMARY)."""
    return {
        uid: (str(e.get("STATUS")), int(e.sequence or 0), str(e.get("SUMMARY")))
        for uid, e in events_by_uid(data).items()
    }


def test_a_proposal_a_re_run_drops_is_cancelled_where_it_was_written(tmp_path: Path) -> None:
    scenario, out = korea(tmp_path), tmp_path / "out"
    propose(scenario, out, "--top", "3", "--alarm", "1h")
    before = snapshot(out, recursive=False)
    (hold_2,) = events_by_uid(before["summit-option-2.ics"])
    (hold_3,) = events_by_uid(before["summit-option-3.ics"])
    old_hold_2 = events_by_uid(before["summit-option-2.ics"])[hold_2]
    result = propose(scenario, out, "--json", "--alarm", "1h")
    after = snapshot(out, recursive=False)
    # Every earlier file is still there; summit.ics is what a --top 1 run writes anyway (its event did not
    # move, so it keeps SEQUENCE 0), byte for byte what a fresh folder gets.
    assert sorted(after) == sorted(RUN_FILES_TOP_3)
    fresh = tmp_path / "fresh"
    propose(scenario, fresh, "--alarm", "1h")
    assert after["summit.ics"] == (fresh / "summit.ics").read_bytes()
    # Each hold's own file now holds it cancelled: same UID, time and place, SEQUENCE 0 → 1, free time,
    # no reminder, marked in the title and the description.
    cancelled = events_by_uid(after["summit-option-2.ics"])[hold_2]
    assert _statuses(after["summit-option-2.ics"]) == {
        hold_2: ("CANCELLED", 1, "Withdrawn: Korea–US bilateral summit (hold 2)")
    }
    assert cancelled.start == HOLD_2 and cancelled.end == HOLD_2 + timedelta(hours=1)
    assert str(cancelled.get("LOCATION")) == str(old_hold_2.get("LOCATION"))
    assert str(cancelled.get("TRANSP")) == "TRANSPARENT" and str(cancelled.get("X-MICROSOFT-CDO-BUSYSTATUS")) == "FREE"
    assert not cancelled.walk("VALARM") and old_hold_2.walk("VALARM")
    assert str(cancelled.get("DESCRIPTION")).startswith("Withdrawn: a later run")
    assert _statuses(after["summit-option-3.ics"])[hold_3][:2] == ("CANCELLED", 1)
    # The combined calendar: the G7 as proposed, both holds cancelled.
    combined = _statuses(after["all-proposals.ics"])
    assert sorted(status for status, _, _ in combined.values()) == ["CANCELLED", "CANCELLED", "TENTATIVE"]
    # Each itinerary: the holds' meetings and their travel cancelled, the G7 trip as it was.
    for name in ("itinerary-lee.ics", "itinerary-trump.ics"):
        kept = events_by_uid((fresh / name).read_bytes()).keys()  # the G7 trip, as a --top 1 run writes it
        now = _statuses(after[name])
        assert now.keys() == _statuses(before[name]).keys() and kept < now.keys(), name
        assert {uid for uid, (status, _, _) in now.items() if status == "TENTATIVE"} == kept, name
        assert {now[uid][0] for uid in now.keys() - kept} == {"CANCELLED"}, name
    # Both parsers read every file.
    for data in after.values():
        strict(data)
    # The JSON lists each withdrawn event once with the files that now cancel it; the meetings first.
    withdrawn = json.loads(result.stdout)["withdrawn"]
    assert [w["start"] for w in withdrawn[:2]] == [HOLD_2.isoformat(), HOLD_3.isoformat()]
    assert sorted(Path(f).name for f in withdrawn[0]["files"]) == [
        "all-proposals.ics",
        "itinerary-lee.ics",
        "itinerary-trump.ics",
        "summit-option-2.ics",
    ]
    assert len({w["uid"] for w in withdrawn}) == len(withdrawn)


def test_withdrawing_again_changes_nothing_and_says_nothing(tmp_path: Path) -> None:
    scenario, out = korea(tmp_path), tmp_path / "out"
    propose(scenario, out, "--top", "3")
    first = propose(scenario, out)
    assert "Withdrawn (proposed by an earlier run, not by this one):" in first.stdout
    assert "  - Korea–US bilateral summit (hold 2): Tue 24 Jun 2025, 08:00 CEST" in first.stdout
    withdrawn_once = snapshot(out, recursive=False)
    # Cancelled already: the same bytes (SEQUENCE stays 1), and nothing new to report.
    again = propose(scenario, out)
    assert snapshot(out, recursive=False) == withdrawn_once
    assert "Withdrawn" not in again.stdout


def test_a_withdrawn_hold_proposed_again_is_a_change(tmp_path: Path) -> None:
    scenario, out = korea(tmp_path), tmp_path / "out"
    propose(scenario, out, "--top", "2")
    propose(scenario, out)
    propose(scenario, out, "--top", "2")
    # SEQUENCE 0 (proposed) → 1 (cancelled) → 2 (proposed again, at the same time).
    ((uid, (status, sequence, summary)),) = _statuses((out / "summit-option-2.ics").read_bytes()).items()
    assert (status, sequence, summary) == ("TENTATIVE", 2, "Korea–US bilateral summit (hold 2)")
    assert _statuses((out / "all-proposals.ics").read_bytes())[uid][:2] == ("TENTATIVE", 2)


def test_no_proposal_any_more_cancels_the_earlier_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out)
    before = snapshot(out, recursive=False)
    # The deadline moved before the G7: nothing fits (exit 1), and the folder must not go on proposing it.
    early = ("at: 2025-07-09T00:01-04:00", "at: 2025-06-10T00:00-04:00")
    result = propose(korea(tmp_path, early), out, code=1)
    after = snapshot(out, recursive=False)
    assert sorted(after) == sorted(before)
    for name, data in after.items():
        assert {status for status, _, _ in _statuses(data).values()} == {"CANCELLED"}, name
    assert "  - Korea–US bilateral summit: Tue 17 Jun 2025, 08:00 MDT" in result.stdout


def test_files_of_another_scenario_in_the_folder_are_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # Another scenario (another title, another meeting id) wrote into the same folder first.
    other = korea(tmp_path, ("title: First", "title: Other — First"), ("\n  summit:", "\n  other-summit:"))
    propose(other, out)
    theirs = (out / "other-summit.ics").read_bytes()
    shutil.move(other.parent, tmp_path / "other")
    propose(korea(tmp_path), out, "--top", "2")
    propose(korea(tmp_path), out)
    assert (out / "other-summit.ics").read_bytes() == theirs  # not ours to withdraw
    assert _statuses((out / "summit-option-2.ics").read_bytes()).popitem()[1][0] == "CANCELLED"
    # Another program's calendar there, under a name this run does not write, neither stops the run nor changes.
    foreign = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp//Outlook//EN\r\nEND:VCALENDAR\r\n"
    (out / "board-meetings.ics").write_bytes(foreign)
    propose(korea(tmp_path), out)
    assert (out / "board-meetings.ics").read_bytes() == foreign


# --- files that are not ours -------------------------------------------------------------------


@pytest.mark.parametrize(
    "foreign",
    [
        b"my notes, not a calendar\n",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp//Outlook//EN\r\nEND:VCALENDAR\r\n",
    ],
    ids=["text", "other-calendar"],
)
def test_a_file_not_written_by_us_is_not_overwritten_without_force(foreign: bytes, tmp_path: Path) -> None:
    scenario, out = korea(tmp_path), tmp_path / "out"
    out.mkdir()
    (out / "itinerary-lee.ics").write_bytes(foreign)
    result = propose(scenario, out, code=2)
    assert result.stderr.startswith("error: ")
    assert str(out / "itinerary-lee.ics") in result.stderr
    assert "--force" in result.stderr and "--out" in result.stderr
    assert result.stdout == ""
    assert snapshot(out, recursive=False) == {"itinerary-lee.ics": foreign}, "nothing written"
    # With --force the run replaces it with ours.
    propose(scenario, out, "--force")
    assert str(parse((out / "itinerary-lee.ics").read_bytes())["PRODID"]) == PRODID
    written = sorted(snapshot(out, recursive=False))
    assert written == ["all-proposals.ics", "itinerary-lee.ics", "itinerary-trump.ics", "summit.ics"]


def test_other_files_in_the_folder_are_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.ics").write_bytes(b"not ours, not a target\n")
    propose(korea(tmp_path), out)
    assert (out / "notes.ics").read_bytes() == b"not ours, not a target\n"


# --- text from the YAML round-trips ------------------------------------------------------------

TEXT = Template("""
version: 1
title: "Summit; \\"final\\", day 2\\n이재명 \\\\ 文在寅"
as_of: 2025-06-01T00:00
timezone: Asia/Seoul
places:
  seoul: {name: "서울, 대한민국; Seoul", timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
leaders:
  lee: {name: 이재명, home: seoul}
  moon: {name: "Moon, Jae-in; former\\npresident", home: seoul}
venues:
  blue-house: {name: "Blue House, annex; room 1\\nEND:VEVENT\\nBEGIN:VEVENT", place: seoul}
meetings:
  summit:
    title: "$title"
    participants: [lee, moon]
    duration: 1h
    not_before: 2025-06-02T09:00
""")
TITLE = 'Talks, \\"frank\\"; agenda:\\n1. trade\\\\tariffs — 이재명'


def test_commas_semicolons_newlines_and_hangul_round_trip(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(write_yaml(TEXT.substitute(title=TITLE)), out)
    data = (out / "summit.ics").read_bytes()
    # What the YAML strings say after YAML's own escapes.
    title = 'Talks, "frank"; agenda:\n1. trade\\tariffs — 이재명'
    venue = "Blue House, annex; room 1\nEND:VEVENT\nBEGIN:VEVENT"
    location = f"{venue}, 서울, 대한민국; Seoul"
    (event,) = parse(data).events
    assert str(event["SUMMARY"]) == title
    assert str(event["LOCATION"]) == location
    description = str(event["DESCRIPTION"])
    assert "이재명's time in 서울, 대한민국; Seoul: Mon 02 Jun 2025 09:00 KST" in description.split("\n")
    # A name with a newline stays on its line in the description: one line per leader.
    assert "Moon, Jae-in; former president's time in 서울, 대한민국; Seoul: Mon 02 Jun 2025 09:00 KST" in description
    # The strict parser reads the same text, and nobody's text made a second event.
    (strict_event,) = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events
    assert strict_event.summary == title
    assert strict_event.location == location
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 1  # the venue's "BEGIN:VEVENT" stays inside LOCATION, escaped
    for name in ("all-proposals.ics", "itinerary-lee.ics"):
        assert [str(e["SUMMARY"]) for e in parse((out / name).read_bytes()).events] == [title]


# --- instants: exact in every zone, including the repeated hour --------------------------------

ZONE_SCENARIO = Template("""
version: 1
title: Zone $zone
as_of: 1970-01-01T00:00Z
timezone: UTC
places:
  here: {name: Here, timezone: $zone, coordinates: [0, 0]}
leaders:
  a: {name: A, home: here}
  b: {name: B, home: here}
venues:
  v: {name: V, place: here}
meetings:
  m: {title: M, participants: [a, b], duration: 1h}
""")
_SCENARIOS = tempfile.TemporaryDirectory(prefix="ics-zones-")


@cache
def problem_in(zone: str) -> Problem:
    path = Path(_SCENARIOS.name) / f"{zone.replace('/', '_')}.yaml"
    path.write_text(ZONE_SCENARIO.substitute(zone=zone), encoding="utf-8")
    return build_problem(load_scenario(path))


def plan_at(zone: str, start: datetime, length: timedelta) -> Plan:
    """A plan whose one proposal is [start, start + length) at a venue in `zone` (no solver involved)."""
    problem = problem_in(zone)
    meeting, venue = problem.meetings["m"], problem.venues["v"]
    local = ZoneInfo(zone)
    proposal = Proposal(1, meeting, venue, start.astimezone(local), (start + length).astimezone(local))
    return Plan(problem, [MeetingPlan(meeting, [proposal], [])])


def written_instants(plan: Plan) -> tuple[tuple[datetime, datetime], tuple[datetime, datetime]]:
    """(start, end) in UTC as icalendar and as the strict parser read the proposal's file.

    In UTC, because Python's `==` between aware datetimes of different zones is False for a time in
    the first pass of a repeated hour (PEP 495), even at the same instant.
    """
    ((_, _, data),) = proposal_objects(plan)
    (event,) = parse(data).events
    ((_, start, end, _),) = strict(data)
    return (event.start.astimezone(UTC), event.end.astimezone(UTC)), (start.astimezone(UTC), end.astimezone(UTC))


def test_the_second_pass_of_a_repeated_hour_is_written_in_utc() -> None:
    # New York falls back on 2 Nov 2025: 01:30 happens at 05:30 UTC (EDT, UTC−4) and again at 06:30 UTC
    # (EST, UTC−5). A TZID time names the first; the second can only be written in UTC: 20251102T063000Z.
    second = datetime(2025, 11, 2, 6, 30, tzinfo=UTC)
    plan = plan_at("America/New_York", second, timedelta(hours=1))
    assert plan.meetings[0].proposals[0].start.fold == 1
    ((_, _, data),) = proposal_objects(plan)
    assert b"DTSTART:20251102T063000Z\r\n" in data
    assert b"DTEND;TZID=America/New_York:20251102T023000\r\n" in data  # 07:30 UTC = 02:30 EST, unambiguous
    assert written_instants(plan) == ((second, second + timedelta(hours=1)),) * 2
    # The first pass stays in local time.
    first = datetime(2025, 11, 2, 5, 30, tzinfo=UTC)
    first_plan = plan_at("America/New_York", first, timedelta(hours=1))
    ((_, _, data),) = proposal_objects(first_plan)
    assert b"DTSTART;TZID=America/New_York:20251102T013000\r\n" in data
    assert written_instants(first_plan) == ((first, first + timedelta(hours=1)),) * 2


ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


@settings(max_examples=examples(150), deadline=None, derandomize=True)  # CI runs the same examples every time
# Lord Howe's repeated half-hour, 1 Mar 1992: 01:30 local is 14:30 UTC (+11:00, first pass) and again
# 15:00 UTC (+10:30). 11,656,230 minutes after the epoch is 1992-02-29 14:30 UTC: the first pass.
@example(zone="Australia/Lord_Howe", start_minute=11_656_230, length=15)
@example(zone="Australia/Lord_Howe", start_minute=11_656_170, length=60)  # ends at 01:30 local, first pass
@given(
    zone=st.sampled_from(ZONES),
    start_minute=st.integers(
        min_value=int(datetime(1990, 1, 1, tzinfo=UTC).timestamp()) // 60,
        max_value=int(datetime(2037, 12, 1, tzinfo=UTC).timestamp()) // 60,
    ),
    length=st.integers(min_value=15, max_value=36 * 60),
)
def test_random_proposals_in_random_zones_read_back_at_their_instants(
    zone: str, start_minute: int, length: int
) -> None:
    start = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(minutes=start_minute)
    end = start + timedelta(minutes=length)
    by_icalendar, by_ical = written_instants(plan_at(zone, start, timedelta(minutes=length)))
    assert by_icalendar == (start, end)
    assert by_ical == (start, end)


def test_no_files_for_a_plan_without_proposals() -> None:
    problem = problem_in("Asia/Seoul")
    plan = Plan(problem, [MeetingPlan(problem.meetings["m"], [], [])])
    assert calendar_files(plan) == {}
