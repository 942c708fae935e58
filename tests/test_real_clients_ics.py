"""The generated calendar files in real clients: a Radicale CalDAV server, the khal terminal calendar,
and `schedule publish` uploading to Radicale. Everything runs on 127.0.0.1 (see tests/realclients.py).

The files are those of the bundled example without its `calendars:` lines, `--top 3`:
  rank 1 G7 Kananaskis, Tue 17 Jun 2025 08:00–09:00 MDT (UTC−6) = 14:00–15:00 UTC
  rank 2 NATO The Hague, Tue 24 Jun 2025 08:00–09:00 CEST (UTC+2) = 06:00–07:00 UTC
  rank 3 White House,    Fri 27 Jun 2025 09:00–10:00 EDT (UTC−4) = 13:00–14:00 UTC
Our VTIMEZONEs are RRULE-style, which Radicale's vobject reads correctly, so the shared session
server is used.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.helpers import MOVE, RUN_FILES_TOP_3, korea, publish, run
from tests.realclients import (
    AUTH_PASSWORD,
    AUTH_USER,
    RadicaleServer,
    caldav_count,
    caldav_get,
    caldav_put,
    caldav_report_between,
    khal_import_and_list,
)

EXPECTED_UTC = {
    1: (datetime(2025, 6, 17, 14, 0, tzinfo=UTC), datetime(2025, 6, 17, 15, 0, tzinfo=UTC)),
    2: (datetime(2025, 6, 24, 6, 0, tzinfo=UTC), datetime(2025, 6, 24, 7, 0, tzinfo=UTC)),
    3: (datetime(2025, 6, 27, 13, 0, tzinfo=UTC), datetime(2025, 6, 27, 14, 0, tzinfo=UTC)),
}


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("SCHEDULE_CALDAV_PASSWORD", raising=False)
    monkeypatch.delenv("SCHEDULE_CALDAV_USERNAME", raising=False)


def propose(scenario: Path, out: Path, *args: object) -> list[dict[str, object]]:
    result = run("propose", scenario, "--out", out, "--json", *args)
    assert result.exit_code == 0, result.stderr
    proposals: list[dict[str, object]] = json.loads(result.stdout)["proposals"]
    return proposals


def objects(data: bytes) -> dict[str, bytes]:
    """One calendar object per UID, as a CalDAV client stores a file's events: the event and its zones."""
    calendar = icalendar.Calendar.from_ical(data)
    zones = {str(z["TZID"]): z for z in calendar.timezones}
    found = {}
    for event in calendar.events:
        single = icalendar.Calendar.new(prodid=str(calendar["PRODID"]), uid=f"object-{event.uid}")
        used = {str(event[p].params["TZID"]) for p in ("DTSTART", "DTEND") if "TZID" in event[p].params}
        for tzid in sorted(used):
            single.add_component(zones[tzid])
        single.add_component(event)
        found[str(event.uid)] = single.to_ical()
    return found


def only_event(data: bytes) -> icalendar.Event:
    (event,) = icalendar.Calendar.from_ical(data).events
    return event


def instants(event: icalendar.Event) -> tuple[datetime, datetime]:
    return event.start.astimezone(UTC), event.end.astimezone(UTC)


# --- Radicale ----------------------------------------------------------------------------------


def test_every_generated_event_round_trips_through_radicale(radicale_calendar: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proposals = propose(korea(tmp_path), out, "--top", "3")
    # the hidden versions of outputs.write_set aside
    assert sorted(p.name for p in out.iterdir() if p.name != ".summit-scheduler") == sorted(RUN_FILES_TOP_3)
    # One PUT per UID: a meeting appears in its own file, the combined file and both itineraries, but is one
    # object on the server.
    written: dict[str, icalendar.Event] = {}
    for name in RUN_FILES_TOP_3:
        for uid, data in objects((out / name).read_bytes()).items():
            if uid not in written:
                assert caldav_put(radicale_calendar, data, uid) == 201, (name, uid)
                written[uid] = only_event(data)
    assert caldav_count(radicale_calendar) == len(written)
    # GET gives back every event at the instants the file states.
    for uid, event in written.items():
        assert instants(only_event(caldav_get(radicale_calendar, uid))) == instants(event), uid
    # The proposals are where the plan put them, and the server's own time-range search finds each meeting
    # alone in its hour: the travel legs around it touch it but do not overlap (half-open).
    for proposal in proposals:
        start, end = EXPECTED_UTC[int(str(proposal["rank"]))]
        assert (datetime.fromisoformat(str(proposal["start"])), datetime.fromisoformat(str(proposal["end"]))) == (
            start,
            end,
        )
        found = [only_event(data) for data in caldav_report_between(radicale_calendar, start, end)]
        assert [instants(e) for e in found] == [(start, end)]
        assert str(found[0]["STATUS"]) == "TENTATIVE"


def test_a_re_run_replaces_the_event_on_the_server_and_never_duplicates_it(
    radicale_calendar: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out)
    first = (out / "summit.ics").read_bytes()
    (uid,) = objects(first)
    assert caldav_put(radicale_calendar, first, uid) == 201
    # Meeting hours from 10:00: the proposal moves to 10:00 MDT = 16:00 UTC, same UID, SEQUENCE 1.
    propose(korea(tmp_path, MOVE), out)
    moved = (out / "summit.ics").read_bytes()
    assert list(objects(moved)) == [uid]
    assert caldav_put(radicale_calendar, moved, uid) == 204  # replaced
    assert caldav_count(radicale_calendar) == 1
    stored = only_event(caldav_get(radicale_calendar, uid))
    assert instants(stored) == (datetime(2025, 6, 17, 16, 0, tzinfo=UTC), datetime(2025, 6, 17, 17, 0, tzinfo=UTC))
    assert stored.sequence == 1
    # Nothing is left at the old hour (14:00-15:00 UTC); the new hour has the one event.
    assert caldav_report_between(radicale_calendar, *EXPECTED_UTC[1]) == []
    assert len(caldav_report_between(radicale_calendar, *instants(stored))) == 1


# --- khal --------------------------------------------------------------------------------------


def khal_lines(events: list[icalendar.Event], zone: str) -> list[str]:
    """What khal should print for these events in `zone`: "start end summary", in order of start."""
    local = ZoneInfo(zone)
    rows = sorted((e.start.astimezone(local), e.end.astimezone(local), str(e["SUMMARY"])) for e in events)
    return [f"{start:%Y-%m-%d %H:%M} {end:%Y-%m-%d %H:%M} {summary}" for start, end, summary in rows]


@pytest.mark.slow
def test_khal_lists_every_file_at_the_times_it_states(tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out, "--top", "3")
    # Listed in Seoul, a zone none of the venues uses, so every time is converted.
    for name in RUN_FILES_TOP_3:
        events = icalendar.Calendar.from_ical((out / name).read_bytes()).events
        listed = khal_import_and_list(out / name, "Asia/Seoul", date(2025, 6, 15), days=16)
        assert listed == khal_lines(events, "Asia/Seoul"), name


@pytest.mark.parametrize(
    ("zone", "line"),
    [
        # 14:00-15:00 UTC is 23:00-24:00 KST (UTC+9) and 08:00-09:00 MDT (UTC−6).
        ("Asia/Seoul", "2025-06-17 23:00 2025-06-18 00:00 Korea–US bilateral summit"),
        ("America/Edmonton", "2025-06-17 08:00 2025-06-17 09:00 Korea–US bilateral summit"),
    ],
)
def test_khal_lists_the_proposal_at_local_times_worked_by_hand(zone: str, line: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out)
    assert khal_import_and_list(out / "summit.ics", zone, date(2025, 6, 17), days=2) == [line]


def test_khal_shows_a_flight_from_its_departure_to_its_arrival(tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out, "--top", "2")
    listed = khal_import_and_list(out / "itinerary-trump.ics", "Europe/Amsterdam", date(2025, 6, 23), days=2)
    # Trump's leg to The Hague (worked out in tests/test_ics.py): ground 16:58-18:58 UTC on the 23rd, flight
    # 18:58 UTC → 04:00 UTC, ground to 06:00 UTC; the meeting 06:00-07:00 UTC. In Amsterdam (CEST, UTC+2):
    assert listed == [
        "2025-06-23 18:58 2025-06-23 20:58 Ground time in Kananaskis, Alberta before travel to The Hague (hold 2)",
        "2025-06-23 20:58 2025-06-24 06:00 Travel Kananaskis, Alberta → The Hague (hold 2)",
        "2025-06-24 06:00 2025-06-24 08:00 Ground time in The Hague after travel from Kananaskis, Alberta (hold 2)",
        "2025-06-24 08:00 2025-06-24 09:00 Korea–US bilateral summit (hold 2)",
    ]


@pytest.mark.slow
def test_khal_imports_a_withdrawn_hold_as_withdrawn(tmp_path: Path) -> None:
    out = tmp_path / "out"
    propose(korea(tmp_path), out, "--top", "2")
    propose(korea(tmp_path), out)  # --top 1: hold 2 (The Hague, Tue 24 Jun 08:00-09:00 CEST) is withdrawn
    listed = khal_import_and_list(out / "summit-option-2.ics", "Europe/Amsterdam", date(2025, 6, 24), days=1)
    assert listed == ["2025-06-24 08:00 2025-06-24 09:00 Withdrawn: Korea–US bilateral summit (hold 2)"]
    # In the combined calendar the G7 proposal stays as it was, beside the withdrawn hold.
    listed = khal_import_and_list(out / "all-proposals.ics", "Europe/Amsterdam", date(2025, 6, 17), days=8)
    assert listed == [
        "2025-06-17 16:00 2025-06-17 17:00 Korea–US bilateral summit",  # 08:00 MDT = 14:00 UTC = 16:00 CEST
        "2025-06-24 08:00 2025-06-24 09:00 Withdrawn: Korea–US bilateral summit (hold 2)",
    ]


# --- schedule publish --------------------------------------------------------------------------


def test_publish_uploads_each_proposal_and_a_re_run_replaces_them(
    radicale_with_auth: RadicaleServer, tmp_path: Path
) -> None:
    calendar_url = radicale_with_auth.make_calendar()
    auth = radicale_with_auth.auth
    result = publish(korea(tmp_path), calendar_url, "--username", AUTH_USER, "--top", "2")
    assert result.exit_code == 0, result.stderr
    assert AUTH_PASSWORD not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all("created" in line and calendar_url in line for line in lines)
    assert caldav_count(calendar_url, auth=auth) == 2
    uids = [line.rsplit("/", 1)[1].removesuffix(".ics") for line in lines]
    for rank, uid in enumerate(uids, 1):
        stored = caldav_get(calendar_url, uid, auth=auth)
        assert instants(only_event(stored)) == EXPECTED_UTC[rank]
        assert b"METHOD" not in stored  # RFC 4791: no METHOD in a stored calendar object
    # Again, unchanged: both replaced as they were.
    again = publish(korea(tmp_path), calendar_url, "--username", AUTH_USER, "--top", "2")
    assert again.exit_code == 0, again.stderr
    assert all("unchanged" in line for line in again.stdout.splitlines())
    # The meeting moves (10:00 MDT = 16:00 UTC): same UID replaced with SEQUENCE 1; still two events.
    moved = publish(korea(tmp_path, MOVE), calendar_url, "--username", AUTH_USER, "--top", "2")
    assert moved.exit_code == 0, moved.stderr
    assert "moved, updated (SEQUENCE 1)" in moved.stdout.splitlines()[0]
    assert caldav_count(calendar_url, auth=auth) == 2
    event = only_event(caldav_get(calendar_url, uids[0], auth=auth))
    assert instants(event) == (datetime(2025, 6, 17, 16, 0, tzinfo=UTC), datetime(2025, 6, 17, 17, 0, tzinfo=UTC))
    assert event.sequence == 1


def test_publish_withdraws_an_option_a_re_run_no_longer_makes(
    radicale_with_auth: RadicaleServer, tmp_path: Path
) -> None:
    # --top 2 stores the G7 proposal and option 2 (The Hague, Tue 24 Jun 08:00 CEST = 06:00 UTC); a re-run
    # without --top proposes the G7 alone, so option 2 is replaced by its cancellation: SEQUENCE 0 → 1.
    calendar_url = radicale_with_auth.make_calendar()
    auth = radicale_with_auth.auth
    first = publish(korea(tmp_path), calendar_url, "--username", AUTH_USER, "--top", "2")
    assert first.exit_code == 0, first.stderr
    option_2 = first.stdout.splitlines()[1].rsplit("/", 1)[1].removesuffix(".ics")
    result = publish(korea(tmp_path), calendar_url, "--username", AUTH_USER)
    assert result.exit_code == 0, result.stderr
    proposal_line, withdrawn_line = result.stdout.splitlines()
    assert "unchanged" in proposal_line
    assert withdrawn_line.startswith(
        "Korea–US bilateral summit (hold 2), Tue 24 Jun 2025 08:00 CEST — withdrawn, now cancelled (SEQUENCE 1): "
    )
    assert caldav_count(calendar_url, auth=auth) == 2  # replaced, not deleted: a client that synced it sees why
    event = only_event(caldav_get(calendar_url, option_2, auth=auth))
    assert (str(event.get("STATUS")), event.sequence) == ("CANCELLED", 1)
    assert instants(event) == (datetime(2025, 6, 24, 6, 0, tzinfo=UTC), datetime(2025, 6, 24, 7, 0, tzinfo=UTC))
    # Again: cancelled already, so left as it is and not reported.
    again = publish(korea(tmp_path), calendar_url, "--username", AUTH_USER)
    assert again.exit_code == 0 and len(again.stdout.splitlines()) == 1
    assert only_event(caldav_get(calendar_url, option_2, auth=auth)).sequence == 1
    # --top 2 again: option 2 comes back as a change (SEQUENCE 2), tentative.
    back = publish(korea(tmp_path), calendar_url, "--username", AUTH_USER, "--top", "2")
    assert "moved, updated (SEQUENCE 2)" in back.stdout.splitlines()[1]
    event = only_event(caldav_get(calendar_url, option_2, auth=auth))
    assert (str(event.get("STATUS")), event.sequence) == ("TENTATIVE", 2)


def test_publish_takes_the_user_name_from_the_environment(radicale_with_auth: RadicaleServer, tmp_path: Path) -> None:
    calendar_url = radicale_with_auth.make_calendar()
    result = run(
        "publish",
        korea(tmp_path),
        "--caldav",
        calendar_url,
        "--password-env",
        "MY_DAV_SECRET",
        env={"SCHEDULE_CALDAV_USERNAME": AUTH_USER, "MY_DAV_SECRET": AUTH_PASSWORD},
    )
    assert result.exit_code == 0, result.stderr
    assert caldav_count(calendar_url, auth=radicale_with_auth.auth) == 1


def test_publish_with_a_wrong_password_exits_2_and_names_the_url(
    radicale_with_auth: RadicaleServer, tmp_path: Path
) -> None:
    calendar_url = radicale_with_auth.make_calendar()
    result = publish(korea(tmp_path), calendar_url, "--username", AUTH_USER, password="not-the-password")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert calendar_url in result.stderr and "refused the credentials" in result.stderr
    assert "not-the-password" not in result.stdout + result.stderr
    assert caldav_count(calendar_url, auth=radicale_with_auth.auth) == 0


def test_publish_refuses_a_password_in_the_url(radicale_with_auth: RadicaleServer, tmp_path: Path) -> None:
    calendar_url = radicale_with_auth.make_calendar()
    with_password = calendar_url.replace("http://", f"http://{AUTH_USER}:{AUTH_PASSWORD}@")
    result = publish(korea(tmp_path), with_password)
    assert result.exit_code == 2
    assert calendar_url in result.stderr and "carries a password" in result.stderr
    assert AUTH_PASSWORD not in result.stdout + result.stderr
    assert caldav_count(calendar_url, auth=radicale_with_auth.auth) == 0


def test_publish_to_a_server_that_is_down_exits_2(radicale_with_auth: RadicaleServer, tmp_path: Path) -> None:
    from tests.realclients import _free_port

    url = f"http://127.0.0.1:{_free_port()}/{AUTH_USER}/summit/"  # nothing listens there
    result = publish(korea(tmp_path), url, "--username", AUTH_USER)
    assert result.exit_code == 2
    assert f"cannot reach the CalDAV server at {url}" in result.stderr
    assert AUTH_PASSWORD not in result.stdout + result.stderr


def test_publish_to_something_that_is_not_a_calendar_exits_2(
    radicale_with_auth: RadicaleServer, tmp_path: Path
) -> None:
    home = f"{radicale_with_auth.url}{AUTH_USER}/"  # the user's collection, not a calendar in it
    result = publish(korea(tmp_path), home, "--username", AUTH_USER)
    assert result.exit_code == 2
    assert f"{home} is not a calendar collection" in result.stderr
    missing = f"{radicale_with_auth.url}{AUTH_USER}/no-such-calendar/"
    result = publish(korea(tmp_path), missing, "--username", AUTH_USER)
    assert result.exit_code == 2
    assert f"no calendar at {missing}" in result.stderr


def test_publish_without_a_feasible_meeting_uploads_nothing_and_withdraws_the_earlier_one(
    radicale_with_auth: RadicaleServer, tmp_path: Path
) -> None:
    calendar_url = radicale_with_auth.make_calendar()
    too_soon = (
        "deadline: {at: 2025-07-09T00:01-04:00, why: reciprocal-tariff relief expires}",
        "deadline: {at: 2025-06-10, why: too soon for any venue}",
    )
    result = publish(korea(tmp_path, too_soon), calendar_url, "--username", AUTH_USER)
    assert result.exit_code == 1
    assert "No feasible meeting" in result.stdout
    assert caldav_count(calendar_url, auth=radicale_with_auth.auth) == 0
    # The G7 proposal published, then the deadline moves before it: nothing fits (exit 1), and the stored
    # proposal is replaced by its cancellation (SEQUENCE 1), still at Tue 17 Jun 14:00 UTC.
    first = publish(korea(tmp_path), calendar_url, "--username", AUTH_USER)
    uid = first.stdout.strip().rsplit("/", 1)[1].removesuffix(".ics")
    result = publish(korea(tmp_path, too_soon), calendar_url, "--username", AUTH_USER)
    assert result.exit_code == 1
    withdrawn = "Korea–US bilateral summit, Tue 17 Jun 2025 08:00 MDT — withdrawn, now cancelled (SEQUENCE 1)"
    assert withdrawn in result.stdout
    event = only_event(caldav_get(calendar_url, uid, auth=radicale_with_auth.auth))
    assert (str(event.get("STATUS")), event.sequence) == ("CANCELLED", 1)
    assert instants(event)[0] == datetime(2025, 6, 17, 14, 0, tzinfo=UTC)


def test_publish_uploads_the_what_if_answer_in_place_of_the_published_one(
    radicale_with_auth: RadicaleServer, tmp_path: Path
) -> None:
    calendar_url = radicale_with_auth.make_calendar()
    auth = radicale_with_auth.auth
    scenario = korea(tmp_path)
    first = publish(scenario, calendar_url, "--username", AUTH_USER)
    assert first.exit_code == 0, first.stderr
    (uid,) = [line.rsplit("/", 1)[1].removesuffix(".ics") for line in first.stdout.splitlines()]
    assert instants(only_event(caldav_get(calendar_url, uid, auth=auth))) == EXPECTED_UTC[1]  # the G7
    # Without the G7 the answer is The Hague, Tue 24 Jun 2025 08:00–09:00 CEST = 06:00–07:00 UTC (rank 2 above).
    # The UID comes from the scenario's title, the meeting and the rank, so the what-if answer replaces the G7
    # event: the same object, moved, SEQUENCE 1, still one event on the server. The file is not touched.
    text = scenario.read_text(encoding="utf-8")
    result = publish(scenario, calendar_url, "--username", AUTH_USER, "--drop-venue", "g7-kananaskis")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "summit proposal: NATO Summit, The Hague (sidelines), Tue 24 Jun 2025 08:00 CEST — "
        f"moved, updated (SEQUENCE 1): {calendar_url}{uid}.ics\n"
    )
    assert caldav_count(calendar_url, auth=auth) == 1
    event = only_event(caldav_get(calendar_url, uid, auth=auth))
    assert instants(event) == EXPECTED_UTC[2] and event.sequence == 1
    assert scenario.read_text(encoding="utf-8") == text


def test_publish_with_leave_prints_the_what_if_notes(radicale_with_auth: RadicaleServer, tmp_path: Path) -> None:
    # Trump leaves Kananaskis at 22:00 MDT on the 16th and is home from 08:03 EDT on the 17th (tests/test_whatif.py):
    # the White House, Fri 27 Jun 2025 09:00–10:00 EDT = 13:00–14:00 UTC (rank 3 above) is uploaded.
    calendar_url = radicale_with_auth.make_calendar()
    result = publish(korea(tmp_path), calendar_url, "--username", AUTH_USER, "--leave", "trump@2025-06-16T22:00")
    assert result.exit_code == 0, result.stderr
    assert "what-if: Donald J. Trump is home in Washington, D.C. from Tue 17 Jun 2025 08:03 EDT" in result.stderr
    (line,) = result.stdout.splitlines()
    assert line.startswith("summit proposal: Official visit to the White House, Fri 27 Jun 2025 09:00 EDT — created")
    uid = line.rsplit("/", 1)[1].removesuffix(".ics")
    assert instants(only_event(caldav_get(calendar_url, uid, auth=radicale_with_auth.auth))) == EXPECTED_UTC[3]


def test_publish_help_has_an_example() -> None:
    result = run("publish", "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "SCHEDULE_CALDAV_PASSWORD" in result.stdout
