"""`publish --dry-run` and `publish --create-calendar` against a real Radicale server on 127.0.0.1.

The bundled example without its `calendars:` lines (tests/test_ics.py): with --top 2 the proposal is the G7,
Tue 17 Jun 2025 08:00 MDT, and option 2 The Hague, Tue 24 Jun 2025 08:00 CEST. MOVE moves the G7 proposal to
10:00 MDT.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import icalendar
import pytest

from tests.helpers import MOVE, korea, publish
from tests.realclients import AUTH_USER, RadicaleServer, caldav_count, caldav_get, caldav_request


@pytest.fixture(autouse=True)
def _no_caldav_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SOURCE_DATE_EPOCH", "SCHEDULE_CALDAV_PASSWORD", "SCHEDULE_CALDAV_USERNAME"):
        monkeypatch.delenv(name, raising=False)


def _uids(stdout: str) -> list[str]:
    return [line.rsplit("/", 1)[1].removesuffix(".ics") for line in stdout.splitlines()]


def _contents(server: RadicaleServer, url: str, uids: list[str]) -> list[bytes]:
    return [caldav_get(url, uid, auth=server.auth) for uid in uids]


def test_a_dry_run_on_an_empty_calendar_says_what_would_be_created_and_writes_nothing(
    radicale_with_auth: RadicaleServer, tmp_path: Path
) -> None:
    url = radicale_with_auth.make_calendar()
    result = publish(korea(tmp_path), url, "--username", AUTH_USER, "--top", "2", "--dry-run")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        "summit proposal: G7 Leaders' Summit, Kananaskis (sidelines), Tue 17 Jun 2025 08:00 MDT "
        "— would be created: " + url
    )
    assert lines[1].startswith(
        "summit option 2: NATO Summit, The Hague (sidelines), Tue 24 Jun 2025 08:00 CEST — would be created: " + url
    )
    assert "dry run: nothing was written to the server" in result.stderr
    assert caldav_count(url, auth=radicale_with_auth.auth) == 0  # read back: still empty


def test_a_dry_run_says_what_would_move_and_be_withdrawn_and_the_calendar_is_unchanged(
    radicale_with_auth: RadicaleServer, tmp_path: Path
) -> None:
    url = radicale_with_auth.make_calendar()
    first = publish(korea(tmp_path), url, "--username", AUTH_USER, "--top", "2")
    assert first.exit_code == 0, first.stderr
    uids = _uids(first.stdout)
    before = _contents(radicale_with_auth, url, uids)
    # Without --top 2 and with the G7 moved to 10:00 MDT: the proposal would move (SEQUENCE 0 → 1) and option 2
    # would be withdrawn (replaced by its cancellation, SEQUENCE 0 → 1).
    result = publish(korea(tmp_path, MOVE), url, "--username", AUTH_USER, "--dry-run")
    assert result.exit_code == 0, result.stderr
    moved, withdrawn = result.stdout.splitlines()
    assert moved.startswith(
        "summit proposal: G7 Leaders' Summit, Kananaskis (sidelines), Tue 17 Jun 2025 10:00 MDT "
        "— would be moved, updated (SEQUENCE 1): "
    )
    assert withdrawn.startswith(
        "Korea–US bilateral summit (hold 2), Tue 24 Jun 2025 08:00 CEST — would be withdrawn, cancelled (SEQUENCE 1): "
    )
    # Read back: the same two objects, byte for byte (Radicale serves what was stored).
    assert caldav_count(url, auth=radicale_with_auth.auth) == 2
    assert _contents(radicale_with_auth, url, uids) == before
    # The real run then does what the dry run said.
    real = publish(korea(tmp_path, MOVE), url, "--username", AUTH_USER)
    assert [line.split(": http")[0] for line in real.stdout.splitlines()] == [
        moved.split(": http")[0].replace("would be moved, updated", "moved, updated"),
        withdrawn.split(": http")[0].replace("would be withdrawn, cancelled", "withdrawn, now cancelled"),
    ]


def test_create_calendar_makes_the_calendar_then_uploads(radicale_with_auth: RadicaleServer, tmp_path: Path) -> None:
    url = radicale_with_auth.calendar_url(f"summit-{uuid.uuid4().hex[:8]}")
    # Without the flag: nothing there is an error that names the way out.
    missing = publish(korea(tmp_path), url, "--username", AUTH_USER)
    assert missing.exit_code == 2
    assert f"no calendar at {url}" in missing.stderr and "--create-calendar" in missing.stderr
    # A dry run with the flag says it would make it, and makes nothing.
    dry = publish(korea(tmp_path), url, "--username", AUTH_USER, "--create-calendar", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    made, created = dry.stdout.splitlines()
    assert made == f"calendar First Korea–US summit after the June 2025 election — would be created (MKCALENDAR): {url}"
    assert "— would be created: " in created
    assert caldav_request("PROPFIND", url, headers={"Depth": "0"}, auth=radicale_with_auth.auth)[0] == 404
    # For real: the calendar is made (a calendar collection, named after the scenario), then the proposal PUT in it.
    result = publish(korea(tmp_path), url, "--username", AUTH_USER, "--create-calendar")
    assert result.exit_code == 0, result.stderr
    made, created = result.stdout.splitlines()
    assert made == f"calendar First Korea–US summit after the June 2025 election — created (MKCALENDAR): {url}"
    assert " — created: " in created
    status, answer = caldav_request("PROPFIND", url, headers={"Depth": "0"}, auth=radicale_with_auth.auth)
    assert status == 207 and b"calendar" in answer and b"First Korea" in answer
    assert caldav_count(url, auth=radicale_with_auth.auth) == 1
    # Once it exists the flag changes nothing: no second calendar line, the event replaced as it was.
    again = publish(korea(tmp_path), url, "--username", AUTH_USER, "--create-calendar")
    assert again.exit_code == 0 and len(again.stdout.splitlines()) == 1 and "unchanged" in again.stdout


def test_publish_with_planner_notes_stores_them(radicale_with_auth: RadicaleServer, tmp_path: Path) -> None:
    url = radicale_with_auth.make_calendar()
    plain = publish(korea(tmp_path), url, "--username", AUTH_USER)
    (uid,) = _uids(plain.stdout)
    event = icalendar.Calendar.from_ical(caldav_get(url, uid, auth=radicale_with_auth.auth)).events[0]
    assert "Planner notes:" not in str(event["DESCRIPTION"])
    noted = publish(korea(tmp_path), url, "--username", AUTH_USER, "--planner-notes")
    assert noted.exit_code == 0, noted.stderr
    event = icalendar.Calendar.from_ical(caldav_get(url, uid, auth=radicale_with_auth.auth)).events[0]
    assert "\nPlanner notes:\nWhy this slot: the earliest start" in str(event["DESCRIPTION"])
