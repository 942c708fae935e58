"""Leaders' calendars on a CalDAV server: a real Radicale on 127.0.0.1, started by the fixtures.

Calendars are uploaded one object per UID (as CalDAV requires), then a scenario that names the
collection must give exactly what the same calendars give as files. Failures — a refused login, a
server that is down or silent, a wrong URL — exit 2 with the URL (never a credential) and the YAML
line, and write nothing. Passwords only ever come from the environment.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from scheduler import caldav_io as caldav_source
from scheduler.caldav_io import public_url, read_caldav
from scheduler.errors import InputError
from scheduler.loading import load_scenario
from scheduler.plan import Plan, plan
from scheduler.problem import Problem, build_problem
from scheduler.scenario import CalDAVCalendar
from tests.helpers import DATA, ENV, entry, example_with, run, verified
from tests.realclients import AUTH_PASSWORD, AUTH_USER, RadicaleServer, caldav_put

EXAMPLE = Path(__file__).resolve().parents[1] / "calendars" / "korea-us-2025"
SCENARIOS = DATA / "calendars" / "scenarios"
SEOUL = ZoneInfo("Asia/Seoul")
JUNE = (datetime(2025, 6, 1, tzinfo=UTC), datetime(2025, 8, 1, tzinfo=UTC))
JUNE_AUGUST = (datetime(2025, 6, 1, tzinfo=UTC), datetime(2025, 9, 1, tzinfo=UTC))


def upload(server: RadicaleServer, ics: Path) -> str:
    """A fresh calendar holding the events of `ics`: one object per UID, with the file's calendar
    properties and VTIMEZONEs."""
    url = server.make_calendar()
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    by_uid: dict[str, list[icalendar.Component]] = {}
    for event in calendar.walk("VEVENT"):
        by_uid.setdefault(str(event["UID"]), []).append(event)
    for uid, events in by_uid.items():
        item = icalendar.Calendar()
        for name, value in calendar.property_items(recursive=False):
            if name not in ("BEGIN", "END"):
                item.add(name, value)  # VERSION, PRODID and e.g. Google's X-WR-TIMEZONE
        for component in [*calendar.walk("VTIMEZONE"), *events]:
            item.add_component(component)
        status = caldav_put(url, item.to_ical(), uid, auth=server.auth)
        assert status in (201, 204), f"PUT {uid} answered {status}"
    return url


def solved(scenario: Path) -> tuple[Problem, Plan]:
    problem = build_problem(load_scenario(scenario))
    return problem, verified(plan(problem, top=3, workers=1))


def answers(problem: Problem, result: Plan) -> dict[str, object]:
    """What must not depend on where the calendars come from: proposals, busy instants, stops."""
    return {
        "proposals": [(p.venue.id, p.start) for m in result.meetings for p in m.proposals],
        "rejected": [(r.venue.id, r.earliest) for m in result.meetings for r in m.rejected],
        "busy": {
            lid: sorted((b.start, b.end, b.source.what) for b in leader.busy) for lid, leader in problem.leaders.items()
        },
        "stops": {
            lid: [(s.place, s.start, s.end, s.kind) for s in leader.stops] for lid, leader in problem.leaders.items()
        },
    }


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(ENV, AUTH_PASSWORD)
    return AUTH_PASSWORD


# --- the same answers as from files ----------------------------------------------------------------


def test_example_read_from_caldav_gives_the_same_plan_as_from_files(
    tmp_path: Path, radicale_with_auth: RadicaleServer, password: str
) -> None:
    lee = upload(radicale_with_auth, EXAMPLE / "lee.ics")
    trump = upload(radicale_with_auth, EXAMPLE / "trump.ics")
    from_files = answers(*solved(EXAMPLE / "scenario.yaml"))
    from_caldav = answers(*solved(example_with(tmp_path, entry(lee), entry(trump))))
    assert from_caldav == from_files
    # G7 Kananaskis, Tue 17 June 08:00 MDT, as with the files.
    edmonton = ZoneInfo("America/Edmonton")
    assert from_caldav["proposals"][0] == ("g7-kananaskis", datetime(2025, 6, 17, 8, 0, tzinfo=edmonton))


@pytest.mark.parametrize(
    "fixture",
    [
        "in-tokyo-23-24-august.ics",
        "tokyo-summit-session.ics",
        "daily-with-moved-instance.ics",
        "google-export-mondays.ics",
        "custom-tzid-office-time.ics",
        "free-and-cancelled.ics",
    ],
)
def test_calendar_features_read_the_same_from_caldav(radicale: RadicaleServer, fixture: str) -> None:
    url = upload(radicale, SCENARIOS / fixture)
    window = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    from scheduler.calendars import read_calendar

    from_file = read_calendar(SCENARIOS / fixture, SEOUL, *window)
    from_server = read_caldav(CalDAVCalendar(caldav=url, username=radicale.username), SEOUL, *window)

    def instants(events: list) -> list[tuple[object, ...]]:
        return [(e.start, e.end, e.summary, e.location, e.geo, e.all_day, e.wall) for e in events]

    assert instants(from_server.events) == instants(from_file.events)
    assert instants(from_server.free) == instants(from_file.free)


def test_event_sources_name_the_object_on_the_server(radicale: RadicaleServer) -> None:
    url = upload(radicale, SCENARIOS / "tokyo-summit-session.ics")
    read = read_caldav(CalDAVCalendar(caldav=url, username=radicale.username), SEOUL, *JUNE_AUGUST)
    (event,) = read.events
    # Radicale keeps the object as <calendar>/<uid>.ics; the event starts at line 4 of what it returns.
    assert event.source.startswith(f"{url}tokyo-session@example.org.ics:")
    assert event.source.rpartition(":")[2].isdigit()


def test_propose_reads_caldav_with_the_password_from_the_environment(
    tmp_path: Path, radicale_with_auth: RadicaleServer
) -> None:
    lee = upload(radicale_with_auth, EXAMPLE / "lee.ics")
    trump = upload(radicale_with_auth, EXAMPLE / "trump.ics")
    scenario = example_with(tmp_path, entry(lee), entry(trump))
    result = run("propose", scenario, "--json", env={ENV: AUTH_PASSWORD})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["proposals"][0]["start"] == "2025-06-17T08:00:00-06:00"
    assert AUTH_PASSWORD not in result.stdout + result.stderr
    assert AUTH_PASSWORD not in scenario.read_text(encoding="utf-8")


def test_an_empty_calendar_is_no_busy_time(radicale: RadicaleServer) -> None:
    url = radicale.make_calendar()
    read = read_caldav(CalDAVCalendar(caldav=url, username=radicale.username), SEOUL, *JUNE)
    assert (read.events, read.free, read.warnings) == ([], [], [])


# --- failures: exit 2, the URL and the YAML line, nothing written ----------------------------------


def failing(tmp_path: Path, lee: str, env: dict[str, str | None]) -> str:
    """Run propose with Lee's calendar replaced; assert exit 2 and no output; return stderr."""
    scenario = example_with(tmp_path, lee, "trump.ics")
    out = tmp_path / "out"
    result = run("propose", scenario, "--out", out, env=env)
    assert result.exit_code == 2, result.output
    assert not out.exists()
    assert "leaders.lee.calendars[0]" in result.stderr
    assert f"{scenario}:" in result.stderr  # the YAML file and line
    return result.stderr


def test_a_wrong_password_is_refused_without_showing_it(tmp_path: Path, radicale_with_auth: RadicaleServer) -> None:
    url = radicale_with_auth.make_calendar()
    secret = "not-the-Pa55word"
    stderr = failing(tmp_path, entry(url), {ENV: secret})
    assert f"CalDAV calendar {url}: the server refused the login (401/403)" in stderr
    assert f"${ENV}" in stderr  # what to check next
    assert secret not in stderr


def test_a_missing_password_variable_is_named(tmp_path: Path, radicale_with_auth: RadicaleServer) -> None:
    url = radicale_with_auth.make_calendar()
    stderr = failing(tmp_path, entry(url), {ENV: None})
    assert f"the environment variable {ENV} (password_env) is not set" in stderr


def test_no_login_at_a_server_that_needs_one(tmp_path: Path, radicale_with_auth: RadicaleServer) -> None:
    url = radicale_with_auth.make_calendar()
    stderr = failing(tmp_path, entry(url, user=None, password_env=None), {})
    assert "refused the login" in stderr and "password_env" in stderr


def test_a_server_that_is_down(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/planner/lee/"
    stderr = failing(tmp_path, entry(url, password_env=None), {})
    assert f"CalDAV calendar {url}: cannot connect: Connection refused" in stderr


def test_a_calendar_that_does_not_exist(tmp_path: Path, radicale: RadicaleServer) -> None:
    url = radicale.calendar_url("no-such-calendar")
    stderr = failing(tmp_path, entry(url, user=radicale.username, password_env=None), {})
    assert f"CalDAV calendar {url}: there is no calendar at this URL (404)" in stderr


def test_an_account_url_is_not_a_calendar(tmp_path: Path, radicale: RadicaleServer) -> None:
    url = f"{radicale.url}{radicale.username}/"
    stderr = failing(tmp_path, entry(url, user=radicale.username, password_env=None), {})
    assert "this URL is not a calendar" in stderr


def padded_calendar(server: RadicaleServer, count: int, padding: int) -> tuple[str, int]:
    """A fresh calendar of `count` one-hour events in June 2025, each with `padding` bytes of DESCRIPTION, one
    object each; its URL and the size of the largest object."""
    url = server.make_calendar()
    largest = 0
    for i in range(count):
        item = icalendar.Calendar()
        item.add("VERSION", "2.0")
        item.add("PRODID", "-//summit-scheduler//tests//EN")
        event = icalendar.Event()
        event.add("UID", f"padded-{i}@example.org")
        event.add("DTSTAMP", datetime(2025, 1, 1, tzinfo=UTC))
        event.add("DTSTART", datetime(2025, 6, 8, i % 24, tzinfo=UTC))
        event.add("DTEND", datetime(2025, 6, 8, i % 24, 30, tzinfo=UTC))
        event.add("SUMMARY", f"Padded {i}")
        event.add("DESCRIPTION", "x" * padding)
        item.add_component(event)
        data = item.to_ical()
        largest = max(largest, len(data))
        assert caldav_put(url, data, f"padded-{i}@example.org", auth=server.auth) in (201, 204)
    return url, largest


def test_a_calendar_whose_answers_exceed_the_cap_is_refused(
    tmp_path: Path, radicale: RadicaleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Expected: 30 objects of ~2.3 KB, each far under a 50 KB cap but ~80 KB in the server's answers
    # together: exit 2, stderr "error: <scenario>:33: leaders.lee.calendars[0]: CalDAV calendar <url>: the
    # server sent more than 50,000 bytes for this calendar, the limit", nothing written (uncapped: exit 0).
    url, largest = padded_calendar(radicale, 30, 2_000)
    assert largest < 50_000 // 10  # no single object is near the cap: only the total is over it
    # Under the real 20 MB cap the same calendar is read whole: the refusal below is the cap's doing.
    read = read_caldav(CalDAVCalendar(caldav=url, username=radicale.username), SEOUL, *JUNE)
    assert len(read.events) == 30
    monkeypatch.setattr(caldav_source, "MAX_BYTES", 50_000)
    stderr = failing(tmp_path, entry(url, user=radicale.username, password_env=None), {})
    scenario = tmp_path / "korea" / "scenario.yaml"
    assert stderr.startswith(
        f"error: {scenario}:33: leaders.lee.calendars[0]: CalDAV calendar {url}: "
        "the server sent more than 50,000 bytes for this calendar, the limit\n"
    ), stderr


def test_the_cap_stops_reading_the_answer_once_past_it(
    radicale: RadicaleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Expected: InputError naming the URL and the cap; reading stops within two 1 KB chunks past a 20 KB cap
    # (all answers for this calendar counted), though the answers hold ~80 KB: never read whole, then counted.
    url, _ = padded_calendar(radicale, 30, 2_000)
    budgets: list[caldav_source._Budget] = []
    real_budget = caldav_source._Budget

    def recorded(limit: int) -> caldav_source._Budget:
        budgets.append(real_budget(limit))
        return budgets[-1]

    monkeypatch.setattr(caldav_source, "_Budget", recorded)
    monkeypatch.setattr(caldav_source, "MAX_BYTES", 20_000)
    monkeypatch.setattr(caldav_source, "READ_CHUNK", 1_024)
    with pytest.raises(InputError, match=r"the server sent more than 20,000 bytes for this calendar") as caught:
        read_caldav(CalDAVCalendar(caldav=url, username=radicale.username), SEOUL, *JUNE)
    assert str(caught.value).startswith(f"CalDAV calendar {url}: ")
    (budget,) = budgets
    assert 20_000 < budget.received <= 20_000 + 2 * 1_024
    assert budget.received < 60_000  # the REPORT alone is larger: it was not read to its end


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/planner/lee/"
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()


def test_a_server_that_does_not_answer_times_out(
    tmp_path: Path, silent_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(caldav_source, "TIMEOUT_SECONDS", 1)
    stderr = failing(tmp_path, entry(silent_server, password_env=None), {})
    assert f"CalDAV calendar {silent_server}: the server did not answer within 1 s" in stderr


def test_malformed_data_names_the_object_and_its_line() -> None:
    good = (SCENARIOS / "utc-morning.ics").read_text()
    broken = (DATA / "calendars" / "truncated.ics").read_text()
    url = "https://caldav.example.org/dav/lee/work/"
    with pytest.raises(InputError) as caught:
        caldav_source._parse([(f"{url}good.ics", good), (f"{url}broken.ics", broken)], url, SEOUL, *JUNE)
    # truncated.ics alone is reported at its own line: the same line within the second object.
    with pytest.raises(InputError) as alone:
        from scheduler.calendars import parse_calendar

        parse_calendar(broken.encode(), "truncated.ics", SEOUL, *JUNE)
    assert alone.value.where is not None and caught.value.where is not None
    assert (caught.value.where.file, caught.value.where.line) == (f"{url}broken.ics", alone.value.where.line)


# --- secrets stay out of the YAML, the messages and the logs ---------------------------------------


def test_a_password_in_the_yaml_is_refused(tmp_path: Path) -> None:
    scenario = example_with(
        tmp_path, "{caldav: 'https://caldav.example.org/dav/lee/work/', username: lee, password: hunter2}", "trump.ics"
    )
    result = run("validate", scenario)
    assert result.exit_code == 2
    assert "never write a password into the scenario" in result.stderr and "password_env" in result.stderr
    assert "leaders.lee.calendars[0]" in result.stderr
    assert "hunter2" not in result.stderr


def test_a_password_in_the_url_is_refused(tmp_path: Path) -> None:
    scenario = example_with(tmp_path, "{caldav: 'https://lee:hunter2@caldav.example.org/dav/lee/work/'}", "trump.ics")
    result = run("validate", scenario)
    assert result.exit_code == 2
    assert "contains a password" in result.stderr and "hunter2" not in result.stderr


def test_public_url_drops_user_info() -> None:
    assert (
        public_url("https://lee:pw@caldav.example.org:8443/dav/lee/?x=1#f")
        == "https://caldav.example.org:8443/dav/lee/?x=1"
    )
    assert public_url("http://[::1]:5232/a/") == "http://[::1]:5232/a/"


def test_the_password_never_reaches_the_log(
    radicale_with_auth: RadicaleServer, password: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = upload(radicale_with_auth, SCENARIOS / "utc-morning.ics")
    read = read_caldav(CalDAVCalendar(caldav=url, username=AUTH_USER, password_env=ENV), SEOUL, *JUNE)
    assert len(read.events) == 1
    with pytest.raises(InputError) as caught:
        read_caldav(
            CalDAVCalendar(caldav=url, username=AUTH_USER, password_env=ENV),
            SEOUL,
            *JUNE,
            environ={ENV: "another-Secret-9"},
        )
    assert caplog.records, "expected the client's debug log to be captured"
    assert password not in caplog.text and "another-Secret-9" not in caplog.text
    assert "another-Secret-9" not in str(caught.value)


def test_the_schema_offers_a_path_a_file_or_a_caldav_calendar_and_no_password() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    items = schema["$defs"]["Leader"]["properties"]["calendars"]["items"]["anyOf"]
    assert {"type": "string"} in items
    caldav = schema["$defs"]["CalDAVCalendar"]["properties"]
    assert set(caldav) == {"caldav", "username", "password_env", "locations"}
    assert all(field.get("description") for field in caldav.values())
