"""The real-calendar harness itself: Radicale answers CalDAV as expected, khal lists local times.

The files here are built with icalendar 7 and carry `add_missing_timezones()` VTIMEZONEs, which
Radicale's vobject mangles (see tests.realclients): they go to servers of their own, never to the
shared session server.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

try:
    from tests.realclients import (
        RadicaleServer,
        RealClientError,
        caldav_count,
        caldav_get,
        caldav_put,
        caldav_report_between,
        caldav_request,
        khal_import_and_list,
        running_radicale,
        start_radicale,
    )

    fixtures_module = "tests.conftest_realclients"
except ModuleNotFoundError as error:  # `tests/` itself is on sys.path (pytest "prepend", no __init__.py)
    if error.name not in ("tests", "tests.realclients"):
        raise
    from realclients import (  # type: ignore[import-not-found,no-redef,unused-ignore]
        RadicaleServer,
        RealClientError,
        caldav_count,
        caldav_get,
        caldav_put,
        caldav_report_between,
        caldav_request,
        khal_import_and_list,
        running_radicale,
        start_radicale,
    )

    fixtures_module = "conftest_realclients"

# The project's conftest normally loads the fixtures already; load them here only if it has not
# (registering an already-imported module again makes pytest warn that it cannot rewrite it).
_loaded = any(name in sys.modules for name in ("tests.conftest_realclients", "conftest_realclients"))
pytest_plugins = [] if _loaded else [fixtures_module]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC
UID = "harness-planning@summit-scheduler.test"
STAMP = dt.datetime(2026, 1, 1, tzinfo=UTC)
# 18:00-19:00 CEST (UTC+2) on Monday 15 June 2026 = 16:00-17:00 UTC.
MEETING_START = dt.datetime(2026, 6, 15, 18, 0, tzinfo=AMSTERDAM)
MEETING_END = dt.datetime(2026, 6, 15, 19, 0, tzinfo=AMSTERDAM)


def meeting_ics(
    start: dt.datetime = MEETING_START, end: dt.datetime = MEETING_END, *, with_vtimezone: bool = True
) -> bytes:
    calendar = icalendar.Calendar.new(prodid="-//summit-scheduler//harness test//EN", uid="harness-calendar")
    calendar.add_component(icalendar.Event.new(uid=UID, stamp=STAMP, start=start, end=end, summary="Planning summit"))
    if with_vtimezone:
        calendar.add_missing_timezones()
    ics: bytes = calendar.to_ical()
    return ics


def only_event(ics_bytes: bytes) -> icalendar.Event:
    events = icalendar.Calendar.from_ical(ics_bytes).events
    assert len(events) == 1
    return events[0]


def amsterdam_day(day: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(2026, 6, day, tzinfo=AMSTERDAM)
    return start, start + dt.timedelta(days=1)


def utc_hours_with_the_meeting(calendar_url: str) -> list[int]:
    """Which UTC hours of 15 June the server's own time-range filter puts the meeting in."""
    return [
        hour
        for hour in range(14, 20)
        if caldav_report_between(
            calendar_url,
            dt.datetime(2026, 6, 15, hour, 0, tzinfo=UTC),
            dt.datetime(2026, 6, 15, hour, 59, tzinfo=UTC),
        )
    ]


@pytest.fixture(scope="module")
def amsterdam_radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path_factory.mktemp("radicale-amsterdam")) as server:
        yield server


# --------------------------------------------------------------------------- Radicale


def test_session_server_listens_on_localhost_and_makes_empty_calendars(
    radicale: RadicaleServer, radicale_calendar: str
) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", radicale.url)
    assert radicale_calendar.startswith(f"{radicale.url}tester/")
    assert caldav_count(radicale_calendar) == 0
    assert radicale.make_calendar() != radicale_calendar


def test_put_then_get_returns_the_same_start_instant(amsterdam_radicale: RadicaleServer) -> None:
    calendar_url = amsterdam_radicale.make_calendar()

    assert caldav_put(calendar_url, meeting_ics(), UID) == 201

    event = only_event(caldav_get(calendar_url, UID))
    assert str(event.uid) == UID
    assert event.start == MEETING_START  # aware datetimes compare as instants
    assert isinstance(event.start, dt.datetime)
    assert event.start.astimezone(UTC) == dt.datetime(2026, 6, 15, 16, 0, tzinfo=UTC)
    assert event.end == MEETING_END


def test_second_put_of_the_same_uid_replaces_the_event(amsterdam_radicale: RadicaleServer) -> None:
    calendar_url = amsterdam_radicale.make_calendar()
    moved_start = MEETING_START + dt.timedelta(hours=2)

    assert caldav_put(calendar_url, meeting_ics(), UID) == 201
    assert caldav_put(calendar_url, meeting_ics(moved_start, MEETING_END + dt.timedelta(hours=2)), UID) == 204

    assert caldav_count(calendar_url) == 1
    assert only_event(caldav_get(calendar_url, UID)).start == moved_start


def test_report_finds_the_event_only_in_a_range_that_contains_it(amsterdam_radicale: RadicaleServer) -> None:
    calendar_url = amsterdam_radicale.make_calendar()
    caldav_put(calendar_url, meeting_ics(), UID)

    # Whole Amsterdam days: robust to the hour Radicale's vobject gets wrong for this VTIMEZONE.
    found = caldav_report_between(calendar_url, *amsterdam_day(15))
    assert [only_event(data).start for data in found] == [MEETING_START]
    assert caldav_report_between(calendar_url, *amsterdam_day(16)) == []
    assert caldav_report_between(calendar_url, *amsterdam_day(14)) == []


def test_report_refuses_naive_bounds(radicale_calendar: str) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        caldav_report_between(radicale_calendar, dt.datetime(2026, 6, 15), dt.datetime(2026, 6, 16))


def test_radicale_keeps_the_first_vtimezone_per_tzid_for_the_whole_process(
    fresh_radicale: RadicaleServer, tmp_path: Path
) -> None:
    # add_missing_timezones() lists Amsterdam's DST starts in one multi-valued RDATE; vobject keeps
    # only the first value (1978), so this server believes 2026 has no DST: 18:00 is taken as
    # CET (UTC+1) = 17:00 UTC instead of the true 16:00 UTC.
    first = fresh_radicale.make_calendar()
    caldav_put(first, meeting_ics(), UID)
    assert utc_hours_with_the_meeting(first) == [17]
    # The mangled zone is cached by TZID: a later file without VTIMEZONE inherits the wrong hour.
    second = fresh_radicale.make_calendar()
    caldav_put(second, meeting_ics(with_vtimezone=False), UID)
    assert utc_hours_with_the_meeting(second) == [17]
    # A server that sees the same file first without VTIMEZONE gets the true hour.
    with running_radicale(tmp_path / "clean") as clean:
        calendar_url = clean.make_calendar()
        caldav_put(calendar_url, meeting_ics(with_vtimezone=False), UID)
        assert utc_hours_with_the_meeting(calendar_url) == [16]


def test_stopped_server_leaves_no_process_behind(tmp_path: Path) -> None:
    with running_radicale(tmp_path) as server:
        pid = server.pid
        os.kill(pid, 0)  # running
    assert server.process.returncode is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_server_that_cannot_start_reports_radicale_s_own_error(tmp_path: Path) -> None:
    (tmp_path / "collections").write_text("a file where the storage folder should be")

    with pytest.raises(RealClientError, match=r"(?s)Radicale exited with code 1.*File exists"):
        start_radicale(tmp_path)


def test_helpers_only_talk_to_127_0_0_1() -> None:
    for url in ("http://example.org/tester/calendar/", "http://localhost:5232/tester/calendar/"):
        with pytest.raises(ValueError, match="only talks to"):
            caldav_put(url, meeting_ics(), UID)


# --------------------------------------------------------------------------- password-protected server


def test_password_server_rejects_missing_or_wrong_credentials(radicale_with_auth: RadicaleServer) -> None:
    calendar_url = radicale_with_auth.calendar_url("rejected")

    assert caldav_request("MKCALENDAR", calendar_url)[0] == 401
    assert caldav_request("MKCALENDAR", calendar_url, auth=("planner", "wrong"))[0] == 401
    assert caldav_put(calendar_url, meeting_ics(with_vtimezone=False), UID) == 401


def test_password_server_accepts_planner_with_the_password(radicale_with_auth: RadicaleServer) -> None:
    assert radicale_with_auth.auth == ("planner", "s3cret")
    calendar_url = radicale_with_auth.make_calendar()
    ics = meeting_ics(with_vtimezone=False)

    assert caldav_put(calendar_url, ics, UID, auth=("planner", "s3cret")) == 201
    assert only_event(caldav_get(calendar_url, UID, auth=("planner", "s3cret"))).start == MEETING_START
    # Credentials may also travel in the URL.
    with_userinfo = calendar_url.replace("http://", "http://planner:s3cret@")
    assert caldav_count(with_userinfo) == 1
    assert caldav_request("GET", f"{calendar_url}{UID}.ics")[0] == 401


# --------------------------------------------------------------------------- khal


def test_khal_lists_the_event_at_seoul_local_time(tmp_path: Path) -> None:
    ics_path = tmp_path / "meeting.ics"
    ics_path.write_bytes(meeting_ics())

    lines = khal_import_and_list(ics_path, "Asia/Seoul", dt.date(2026, 6, 15), days=3)

    # 18:00-19:00 CEST (UTC+2) = 16:00-17:00 UTC = 01:00-02:00 KST (UTC+9, no DST) the next day.
    assert lines == ["2026-06-16 01:00 2026-06-16 02:00 Planning summit"]


def test_khal_lists_nothing_outside_the_requested_days(tmp_path: Path) -> None:
    ics_path = tmp_path / "meeting.ics"
    ics_path.write_bytes(meeting_ics())

    # In Seoul the meeting is on 16 June; 15 June alone is empty.
    assert khal_import_and_list(ics_path, "Asia/Seoul", dt.date(2026, 6, 15), days=1) == []
