"""Regression tests for the input-side findings of the red team (reviews/red-team-2026-12.md, issue 13).

Each test rebuilds the report's input and names the finding it pins (F1, F5, …); each failed on
commit 9b5398b. The runs go through `propose()` of test_hostile: exit code 0, 1 or 2, no traceback,
within ten seconds.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from scheduler.calendars import _logical_lines
from tests.hostile_inputs import edit, propose, with_calendar


def calendar(*events: str, zones: str = "") -> str:
    """A calendar of `events` (each the inside of a VEVENT), with CRLF line ends."""
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//red team//EN\n{zones}{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n")


def run_with(tmp_path: Path, text: str, *changes: tuple[str, str]) -> tuple[int, str, str]:
    (tmp_path / "b.ics").write_text(text, encoding="utf-8", newline="")
    result = propose(tmp_path, edit(*changes, text=with_calendar(tmp_path, "b.ics")))
    return result.exit_code, result.stdout, result.stderr


# --- F5, F6, F7: runaway recurrences ---------------------------------------------------------------

EVERY = {
    "BYYEARDAY": ",".join(map(str, range(1, 367))),
    "BYMONTHDAY": ",".join(map(str, range(1, 32))),
    "BYHOUR": ",".join(map(str, range(24))),
    "BYMINUTE": ",".join(map(str, range(60))),
}


@pytest.mark.parametrize(
    "rule",
    [
        f"FREQ=YEARLY;BYYEARDAY={EVERY['BYYEARDAY']};BYHOUR={EVERY['BYHOUR']};BYMINUTE={EVERY['BYMINUTE']}",
        f"FREQ=MONTHLY;BYMONTHDAY={EVERY['BYMONTHDAY']};BYHOUR={EVERY['BYHOUR']};BYMINUTE={EVERY['BYMINUTE']}",
        f"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR={EVERY['BYHOUR']};BYMINUTE={EVERY['BYMINUTE']}",
        f"FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY={EVERY['BYMONTHDAY']};BYHOUR={EVERY['BYHOUR']}"
        f";BYMINUTE={EVERY['BYMINUTE']}",
        f"FREQ=YEARLY;BYWEEKNO={','.join(map(str, range(1, 54)))};BYDAY=MO,TU,WE,TH,FR,SA,SU;"
        f"BYHOUR={EVERY['BYHOUR']};BYMINUTE={EVERY['BYMINUTE']}",
    ],
    ids=["byyearday", "bymonthday", "byday", "bymonth", "byweekno"],
)
def test_f5_a_rule_whose_by_parts_multiply_its_steps_is_refused(tmp_path: Path, rule: str) -> None:
    """F5: a 12-line calendar ran `validate` for two minutes to 6 GB (MemoryError, exit 3).

    The rule yields every minute of every day: from DTSTART 2025-01-01 to the end of the window
    (deadline 2025-07-08, plus a day) that is 190 days × 1,440 = 273,600 occurrences, over the
    200,000 a rule may step (the report's five-year window only makes it worse). The old estimate
    counted FREQ × BYHOUR × BYMINUTE only: about 750 steps for YEARLY, 27 weeks × 1,440 = 39,000
    for WEEKLY, and let them through.
    """
    text = calendar(
        f"UID:minutes@red.team\nDTSTAMP:20250101T000000Z\nDTSTART:20250101T000000Z\n"
        f"DTEND:20250101T000030Z\nRRULE:{rule}\nSUMMARY:Every minute"
    )
    started = time.perf_counter()
    code, _, stderr = run_with(tmp_path, text)
    assert code == 2, stderr
    # The RRULE is line 9 of b.ics; lee's `calendars:` is line 9 of the scenario.
    assert stderr.startswith("error: b.ics:9: (from leaders.lee.calendars[0], line 9): "), stderr
    assert "repeats too often to expand: more than 200,000 times" in stderr
    assert time.perf_counter() - started < 10


def test_f5_a_rule_with_many_occurrences_inside_the_limit_is_still_read(tmp_path: Path) -> None:
    # Weekdays 09:00-09:30, every hour 9..16 (8 a day) from 2025-01-01: up to the end of the window
    # (2025-07-09) about 135 weekdays × 8 = 1,080 steps, far under the limit: read, and a plan is made.
    text = calendar(
        "UID:hours@red.team\nDTSTAMP:20250101T000000Z\nDTSTART;TZID=Asia/Seoul:20250101T090000\n"
        "DTEND;TZID=Asia/Seoul:20250101T093000\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,10,11,12,13,14,15,16\nSUMMARY:Hourly"
    )
    code, _, stderr = run_with(tmp_path, text)
    assert code == 0, stderr


@pytest.mark.parametrize("freq", ["MINUTELY;INTERVAL=2", "HOURLY", "DAILY", "WEEKLY"])
def test_f6_a_time_zone_rule_stepping_more_often_than_monthly_is_refused(tmp_path: Path, freq: str) -> None:
    """F6: STANDARD and DAYLIGHT each with FREQ=MINUTELY;INTERVAL=2 ran past 180 s and 3.5 GB.

    The guard only looked at VEVENT rules; now a VTIMEZONE rule must be YEARLY or MONTHLY (a zone
    changes its offset a few times a year), and the first bad one is named by its line (8).
    """
    zones = (
        "BEGIN:VTIMEZONE\nTZID:Evil\nBEGIN:STANDARD\nDTSTART:19700101T000000\n"
        f"RRULE:FREQ={freq}\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nEND:STANDARD\n"
        "BEGIN:DAYLIGHT\nDTSTART:19700101T000100\n"
        f"RRULE:FREQ={freq}\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0100\nEND:DAYLIGHT\nEND:VTIMEZONE\n"
    )
    text = calendar(
        "UID:evil@red.team\nDTSTAMP:20250101T000000Z\nDTSTART;TZID=Evil:20250610T090000\n"
        "DTEND;TZID=Evil:20250610T100000\nSUMMARY:Evil zone",
        zones=zones,
    )
    code, _, stderr = run_with(tmp_path, text)
    assert code == 2, stderr
    # Lines: 4 BEGIN:VTIMEZONE, 5 TZID, 6 BEGIN:STANDARD, 7 DTSTART, 8 RRULE.
    assert stderr.startswith("error: b.ics:8: (from leaders.lee.calendars[0], line 9): "), stderr
    assert "a time zone changes its offset at most monthly" in stderr


def test_f6_a_time_zone_rule_with_every_minute_of_a_yearly_day_is_refused(tmp_path: Path) -> None:
    # FREQ=YEARLY but BYMINUTE=0..59: 60 offset changes within one hour, never a real zone.
    zones = (
        "BEGIN:VTIMEZONE\nTZID:Evil\nBEGIN:STANDARD\nDTSTART:19700101T000000\n"
        f"RRULE:FREQ=YEARLY;BYMINUTE={EVERY['BYMINUTE']}\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\n"
        "END:STANDARD\nEND:VTIMEZONE\n"
    )
    text = calendar(
        "UID:evil@red.team\nDTSTAMP:20250101T000000Z\nDTSTART;TZID=Evil:20250610T090000\n"
        "DTEND;TZID=Evil:20250610T100000\nSUMMARY:Evil zone",
        zones=zones,
    )
    code, _, stderr = run_with(tmp_path, text)
    assert code == 2, stderr
    assert stderr.startswith("error: b.ics:8: (from leaders.lee.calendars[0], line 9): "), stderr
    assert "several BYMINUTE values" in stderr


def test_f6_a_real_time_zone_with_yearly_rules_is_still_read(tmp_path: Path) -> None:
    # Outlook's "Korea Standard Time"-like zone with a yearly DST rule pair (Europe-style dates):
    # 10 June 2025 09:00 there is daylight time, +0100 → 08:00 UTC = 17:00 in Seoul, busy 17:00-18:00.
    zones = (
        "BEGIN:VTIMEZONE\nTZID:Office\nBEGIN:STANDARD\nDTSTART:19701025T030000\n"
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nEND:STANDARD\n"
        "BEGIN:DAYLIGHT\nDTSTART:19700329T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\n"
        "TZOFFSETFROM:+0000\nTZOFFSETTO:+0100\nEND:DAYLIGHT\nEND:VTIMEZONE\n"
    )
    text = calendar(
        "UID:office@red.team\nDTSTAMP:20250101T000000Z\nDTSTART;TZID=Office:20250610T090000\n"
        "DTEND;TZID=Office:20250610T100000\nSUMMARY:Office",
        zones=zones,
    )
    code, _, stderr = run_with(tmp_path, text)
    assert code == 0, stderr


@pytest.mark.parametrize("interval", ["0", "-1"])
def test_f7_interval_zero_is_refused(tmp_path: Path, interval: str) -> None:
    """F7: `RRULE:FREQ=DAILY;INTERVAL=0` never steps on: killed after 180 s at 5 GB."""
    text = calendar(
        f"UID:zero@red.team\nDTSTAMP:20250101T000000Z\nDTSTART:20250101T000000Z\n"
        f"DTEND:20250101T010000Z\nRRULE:FREQ=DAILY;INTERVAL={interval}\nSUMMARY:Zero"
    )
    code, _, stderr = run_with(tmp_path, text)
    assert code == 2, stderr
    assert stderr.startswith("error: b.ics:9: (from leaders.lee.calendars[0], line 9): "), stderr
    assert "INTERVAL" in stderr and "positive integer" in stderr


# --- F8: unfolding ---------------------------------------------------------------------------------


def folded(parts: int) -> str:
    return "BEGIN:VCALENDAR\r\nSUMMARY:x\r\n" + " xxxx\r\n" * parts + "END:VCALENDAR\r\n"


def test_f8_unfolding_is_linear() -> None:
    """F8: one SUMMARY folded over 1M lines took 14 s, 2M 101 s, 4M (16 MB) 557 s: quadratic.

    Joined once, the time grows with the size. 400,000 folds must take under 8 times as long as
    100,000 (linear: 4 times; the quadratic code took 16 times and more), and the result is exact.
    """
    small, large = folded(100_000), folded(400_000)
    _logical_lines(small)  # warm up
    started = time.perf_counter()
    _logical_lines(small)
    small_s = time.perf_counter() - started
    started = time.perf_counter()
    lines = _logical_lines(large)
    large_s = time.perf_counter() - started
    assert lines == [(1, "BEGIN:VCALENDAR"), (2, "SUMMARY:x" + "xxxx" * 400_000), (400_003, "END:VCALENDAR")]
    assert large_s < 8 * small_s + 0.05, (small_s, large_s)


@pytest.mark.slow
def test_f8_a_16_mb_calendar_of_folded_lines_is_read_in_seconds() -> None:
    """The report's big-folded-4M: one DESCRIPTION folded over 4M lines, 16 MB, under the 20 MB limit.

    Before: 557 s. Now about 2 s on an idle machine (icalendar's own parsing most of it); a minute
    leaves room for a loaded one and is still far from quadratic.
    """
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from scheduler.calendars import parse_calendar

    body = "DESCRIPTION:x\r\n" + " xx\r\n" * 4_000_000
    text = calendar(
        "UID:big@red.team\nDTSTAMP:20250101T000000Z\nDTSTART:20250610T000000Z\nDTEND:20250610T010000Z\nSUMMARY:Big"
    ).replace("SUMMARY:Big\r\n", "SUMMARY:Big\r\n" + body)
    assert 16_000_000 < len(text) < 20 * 1024 * 1024
    started = time.perf_counter()
    read = parse_calendar(
        text.encode("utf-8"),
        "big.ics",
        ZoneInfo("Asia/Seoul"),
        datetime(2025, 6, 6, tzinfo=UTC),
        datetime(2025, 7, 9, tzinfo=UTC),
    )
    assert time.perf_counter() - started < 60
    assert [event.summary for event in read.events] == ["Big"]  # 10 June 00:00-01:00 UTC, inside the window


# --- F22: far past one-off events with DURATION -----------------------------------------------------


def test_f22_a_far_past_event_with_duration_is_not_parsed(tmp_path: Path) -> None:
    """F22: README says one-off events more than three days outside the window are not parsed; those
    with DURATION were (125,000 of them: 29 s and 1 GB, against 2.3 s with DTEND).

    A far one-off event with an unreadable GEO would be read and warned about ("ignored GEO") if it
    were parsed; it lies in 2010, so nothing is said. The second event starts three weeks before the
    window (as_of 2025-06-06) but lasts 30 days: it is read, and its unreadable GEO is warned about.
    """
    text = calendar(
        "UID:old@red.team\nDTSTAMP:20100101T000000Z\nDTSTART:20100301T090000Z\nDURATION:PT1M\n"
        "GEO:not-a-place\nSUMMARY:Old",
        "UID:long@red.team\nDTSTAMP:20250101T000000Z\nDTSTART:20250516T000000Z\nDURATION:P30D\n"
        "GEO:still-not-a-place\nSUMMARY:Long",
    )
    code, _, stderr = run_with(tmp_path, text)
    assert code == 0, stderr
    # Lines of b.ics: 4-11 the old event (9 its GEO), 12-19 the long one (17 its GEO): only line 17 is warned about.
    assert stderr == "warning: b.ics:17: ignored GEO: its value cannot be read\n"


# --- F1, F3: control characters --------------------------------------------------------------------

EVIL = "NATO \x1b]0;PWNED-TITLE\x07 \x1b[2J \x1b[31m RED \x1b[0m \x08\x08\x08 bell\x07 del\x7f c1\x9b"
EXAMPLE = Path(__file__).parent.parent / "calendars" / "korea-us-2025"


def test_f1_control_characters_in_a_calendar_reach_neither_the_terminal_nor_the_files(tmp_path: Path) -> None:
    """F1: an ESC/BEL/BS/DEL/C1 SUMMARY in trump.ics reached stdout (OSC title, clear screen) and every .ics,
    which the strict `ical` parser then rejected.

    The event keeps Trump busy through the NATO venue's opening (24-25 June in The Hague), so that venue's
    reason quotes it. Each control character becomes U+FFFD: ESC]0;PWNED-TITLE BEL → "�]0;PWNED-TITLE�".
    """
    import ical.calendar_stream
    import icalendar
    from click.testing import CliRunner

    from scheduler.cli import main

    for name in ("scenario.yaml", "lee.ics", "trump.ics"):
        (tmp_path / name).write_bytes((EXAMPLE / name).read_bytes())
    trump = (tmp_path / "trump.ics").read_text(encoding="utf-8")
    event = (
        "BEGIN:VEVENT\r\nSUMMARY:" + EVIL + "\r\nDTSTART;TZID=Europe/Amsterdam:20250624T070000\r\n"
        "DTEND;TZID=Europe/Amsterdam:20250625T190000\r\nDTSTAMP:20250606T090000Z\r\nUID:evil@red.team\r\n"
        "END:VEVENT\r\n"
    )
    (tmp_path / "trump.ics").write_text(
        trump.replace("END:VCALENDAR", event + "END:VCALENDAR"), encoding="utf-8", newline=""
    )
    out = tmp_path / "out"
    # --planner-notes: the files then quote the other venues' reasons too, where the event is named.
    for args in (
        ["propose", str(tmp_path / "scenario.yaml"), "--out", str(out), "--top", "3", "--no-color", "--planner-notes"],
        ["explain", str(tmp_path / "scenario.yaml"), "--venue", "nato-the-hague"],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "PWNED-TITLE" in result.stdout  # the event is quoted …
        assert "\ufffd]0;PWNED-TITLE\ufffd \ufffd[2J" in result.stdout  # … with every control character replaced
        assert not any((ord(c) < 32 and c not in "\n") or 0x7F <= ord(c) <= 0x9F for c in result.output)
    written = sorted(out.glob("*.ics"))
    assert written
    quoted = 0
    for path in written:
        data = path.read_text(encoding="utf-8")
        quoted += "PWNED-TITLE" in data
        assert not any((ord(c) < 32 and c not in "\r\n\t") or 0x7F <= ord(c) <= 0x9F for c in data), path.name
        ical.calendar_stream.IcsCalendarStream.calendar_from_ics(data)  # the strict parser accepts it
        icalendar.Calendar.from_ical(data)
    assert quoted  # the files did quote the event (in the other venues' reasons)


def test_f1_clean_text_replaces_controls_and_joins_lines() -> None:
    from scheduler.calendars import clean_text

    # Tab stays; CRLF, CR and LF become one space each; ESC, BEL, BS, DEL and C1 CSI become U+FFFD.
    assert clean_text("a\tb\r\nc\rd\ne\x1b[2J\x07\x08\x7f\x9bz") == "a\tb c d e\ufffd[2J\ufffd\ufffd\ufffd\ufffdz"


@pytest.mark.parametrize(
    "title",
    ['"Evil\\rATTENDEE:mailto:x@evil.example"', '"Evil\\r\\nATTENDEE:mailto:x@evil.example"'],
    ids=["bare-cr", "crlf"],
)
def test_f3_a_carriage_return_in_yaml_text_is_refused(tmp_path: Path, title: str) -> None:
    """F3: a CR in a YAML name reached the terminal, where it moves back over the line (display spoofing)."""
    result = propose(tmp_path, edit(("title: Summit", f"title: {title}"), text=with_calendar(tmp_path, "x.ics")))
    assert result.exit_code == 2
    # Line 15 is the meeting's title.
    assert result.stderr.startswith(
        f"error: {tmp_path / 'scenario.yaml'}:15: meetings.summit.title: text may not "
        "contain control characters (found U+000D)"
    ), result.stderr


def test_f3_a_scenario_with_crlf_line_ends_and_multi_line_text_is_still_read(tmp_path: Path) -> None:
    # Windows line ends are line breaks, not text; a block scalar keeps its newline (allowed).
    text = edit(("    title: Summit", "    title: |\n      Summit\n      second line")).replace("\n", "\r\n")
    result = propose(tmp_path, text)
    assert result.exit_code == 0, result.output


# --- F2: no file content in messages --------------------------------------------------------------

SECRET = "S3cr3t-Pa55w0rd-XYZ"


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (
            f"PATH=/usr/bin:/bin\x00SCHEDULE_CALDAV_PASSWORD={SECRET}\x00HOME=/root\x00",
            1,
            "not an iCalendar file: it does not start with BEGIN:VCALENDAR",
        ),
        (
            f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPASSWORD={SECRET}\r\nEND:VCALENDAR\r\n",
            3,
            "malformed iCalendar content: this line cannot be read",
        ),
        (
            f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\nPASSWORD={SECRET}\r\n",
            4,
            "this line is outside BEGIN:VCALENDAR",
        ),
        (
            f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:{SECRET}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            4,
            "DTSTART of this event cannot be read",
        ),
        (
            f"BEGIN:VCALENDAR\r\nBEGIN:{SECRET}\r\nEND:VCALENDAR\r\n",
            3,
            "END:VCALENDAR closes BEGIN:(a component not shown) of line 2",
        ),
    ],
    ids=["environ", "secret-line", "after-the-calendar", "secret-value", "secret-component"],
)
def test_f2_a_message_about_a_calendar_never_quotes_its_content(
    tmp_path: Path, content: str, line: int, words: str
) -> None:
    """F2: `/proc/self/environ` as a calendar printed the environment, CalDAV password included.

    The message names the file and the line, and says what is wrong, without a byte of the file.
    """
    (tmp_path / "x.ics").write_text(content, encoding="utf-8", newline="")
    result = propose(tmp_path, with_calendar(tmp_path, "x.ics"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: x.ics:{line}: (from leaders.lee.calendars[0], line 9): {words}"), (
        result.stderr
    )
    assert "S3cr3t" not in result.output and "PASSWORD" not in result.output


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_f2_proc_self_environ_as_a_calendar_does_not_print_the_environment(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(with_calendar(tmp_path, "/proc/self/environ"), encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SCHEDULE_CALDAV_PASSWORD": SECRET}
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "validate", str(scenario)],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(
        "error: /proc/self/environ:1: (from leaders.lee.calendars[0], line 9): not an iCalendar file"
    ), done.stderr
    assert "S3cr3t" not in done.stdout + done.stderr


# --- F19: text escaping ----------------------------------------------------------------------------


def test_f19_a_literal_backslash_n_round_trips_in_every_written_file(tmp_path: Path) -> None:
    r"""F19: the meeting title `M a,b;c\d\N e\n f\; g:h "q"` (backslashes literal) was written as
    `SUMMARY:M a\,b\;c\\d\n e\\n f\\\; g:h "q"`: icalendar's vText turns `\N` into a line break first.

    Escaped per RFC 5545 §3.3.11 (backslash, semicolon, comma, line break), both icalendar and the
    strict `ical` parser read back exactly the title that was written in the YAML.
    """
    import ical.calendar_stream
    import icalendar

    title = 'M a,b;c\\d\\N e\\n f\\; g:h "q"'
    yaml_title = "'" + title.replace("'", "''") + "'"  # single-quoted YAML: backslashes stay literal
    result = propose(tmp_path, edit(("    title: Summit", f"    title: {yaml_title}")))
    assert result.exit_code == 0, result.output
    summary = (tmp_path / "out" / "summit.ics").read_bytes().decode("utf-8")
    # Each backslash doubled, then `\;` and `\,` for the separators: no bare `\N` left to mean a line break.
    assert 'SUMMARY:M a\\,b\\;c\\\\d\\\\N e\\\\n f\\\\\\; g:h "q"\r\n' in summary
    for path in sorted((tmp_path / "out").glob("*.ics")):
        data = path.read_text(encoding="utf-8")
        by_icalendar = [str(event["SUMMARY"]) for event in icalendar.Calendar.from_ical(data).walk("VEVENT")]
        by_ical = [event.summary for event in ical.calendar_stream.IcsCalendarStream.calendar_from_ics(data).events]
        assert by_icalendar == by_ical
        assert any(title in summary for summary in by_icalendar), (path.name, by_icalendar)


# --- F15: ids whose files would be one file ---------------------------------------------------------

SECOND_MEETING = """\
  {mid}:
    title: Second
    participants: [lee, trump]
    duration: 1h
    deadline: 2025-07-08
"""


@pytest.mark.parametrize(
    ("first", "second", "blamed", "words"),
    [
        ("all-proposals", None, "all-proposals", "its file all-proposals.ics is the combined file of every proposal"),
        ("itinerary-lee", None, "itinerary-lee", "its file itinerary-lee.ics is leader lee's itinerary"),
        ("itinerary-trump", None, "itinerary-trump", "its file itinerary-trump.ics is leader trump's itinerary"),
        ("x", "x-option-2", "x-option-2", "its file x-option-2.ics is also meeting x's option 2"),
        ("x-option-2", "x", "x-option-2", "its file x-option-2.ics is also meeting x's option 2"),
        (
            "Summit",
            "summit",
            "summit",
            "its file summit.ics is meeting Summit's proposal Summit.ics (names that differ only in case are one file",
        ),
        ("CON", None, "CON", "is a Windows device name"),
        ("nul", None, "nul", "is a Windows device name"),
        ("com1", None, "com1", "is a Windows device name"),
        ("Lpt9.x", None, "Lpt9.x", "is a Windows device name"),
    ],
    ids=[
        "combined",
        "itinerary-lee",
        "itinerary-trump",
        "option",
        "option-first",
        "case",
        "CON",
        "nul",
        "com1",
        "lpt9-with-dot",
    ],
)
def test_f15_meeting_ids_whose_files_would_clash_are_refused(
    tmp_path: Path, first: str, second: str | None, blamed: str, words: str
) -> None:
    """F15: `all-proposals`, `itinerary-<leader>` and `<m>-option-<n>` silently overwrote other files (exit 0).

    Refused when the scenario is validated, naming the later id's line (exit 2, nothing written). The
    meeting `summit` is line 14; a second meeting is appended after the first's five lines (line 19).
    """
    text = edit(("  summit:\n", f"  {first}:\n"))
    if second is not None:
        text += SECOND_MEETING.format(mid=second)
    line = 14 if blamed == first else 19
    stderr = refused_clash(tmp_path, text, "--top", "2")
    assert stderr.startswith(f"error: {tmp_path / 'scenario.yaml'}:{line}: meetings.{blamed}: "), stderr
    assert words in stderr


def test_f15_leader_ids_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    # itinerary-Lee.ics and itinerary-lee.ics are one file on a case-insensitive file system.
    text = edit(
        (
            "  trump: {name: Donald J. Trump, home: washington}",
            "  trump: {name: Donald J. Trump, home: washington}\n  Lee: {name: Other Lee, home: seoul}",
        )
    )
    stderr = refused_clash(tmp_path, text)
    assert stderr.startswith(
        f"error: {tmp_path / 'scenario.yaml'}:11: leaders.Lee: leader id 'Lee': its file "
        "itinerary-Lee.ics is leader lee's itinerary itinerary-lee.ics"
    ), stderr


def test_f15_ids_that_only_look_like_generated_names_are_fine(tmp_path: Path) -> None:
    # No leader `review`, no meeting `x`, and option 51 is beyond --top's 50: none of these can clash.
    text = edit(("  summit:\n", "  itinerary-review:\n")) + SECOND_MEETING.format(mid="x-option-51")
    result = propose(tmp_path, text)
    assert result.exit_code == 0, result.output


def refused_clash(tmp_path: Path, text: str, *args: str) -> str:
    result = propose(tmp_path, text, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()
    return result.stderr


# --- F20: only IANA zones ---------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["localtime", "posixrules", "Factory"])
def test_f20_a_zone_that_is_not_iana_is_refused(tmp_path: Path, zone: str) -> None:
    """F20: `timezone: localtime` was accepted: the answer followed the machine's /etc/localtime, and the
    .ics said TZID:localtime, which no other client can resolve."""
    result = propose(tmp_path, edit(("timezone: America/New_York, coordinates", f"timezone: {zone}, coordinates")))
    assert result.exit_code == 2
    # Line 7 is washington's place.
    assert result.stderr.startswith(
        f"error: {tmp_path / 'scenario.yaml'}:7: places.washington.timezone: unknown time zone '{zone}'"
    ), result.stderr


def test_f20_the_set_flag_is_refused_too_naming_it(tmp_path: Path) -> None:
    result = propose(tmp_path, edit(), "--set", "places.washington.timezone=localtime")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: --set places.washington.timezone=localtime: places.washington.timezone: unknown time zone 'localtime'"
    ), result.stderr


@pytest.mark.parametrize("zone", ["Asia/Calcutta", "US/Eastern", "UTC", "Etc/GMT+5"])
def test_f20_legacy_iana_names_are_still_accepted(tmp_path: Path, zone: str) -> None:
    result = propose(tmp_path, edit(("timezone: Asia/Seoul\n", f"timezone: {zone}\n")))
    assert result.exit_code == 0, result.output


def test_f20_a_calendar_naming_localtime_in_x_wr_timezone_is_refused(tmp_path: Path) -> None:
    text = calendar(
        "UID:a@red.team\nDTSTAMP:20250101T000000Z\nDTSTART:20250610T090000\nDTEND:20250610T100000\nSUMMARY:Floating"
    ).replace("PRODID:-//red team//EN\r\n", "PRODID:-//red team//EN\r\nX-WR-TIMEZONE:localtime\r\n")
    code, _, stderr = run_with(tmp_path, text)
    assert code == 2
    assert stderr.startswith(
        "error: b.ics:4: (from leaders.lee.calendars[0], line 9): unknown time zone X-WR-TIMEZONE:localtime"
    ), stderr


# --- F17: numeric options ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "option", "value", "words"),
    [
        ("propose", "--time-limit", "nan", "'nan' is not a finite number of seconds"),
        ("propose", "--time-limit", "NaN", "'NaN' is not a finite number of seconds"),
        ("propose", "--time-limit", "inf", "'inf' is not a finite number of seconds"),
        ("propose", "--time-limit", "1e400", "'1e400' is not a finite number of seconds"),  # overflows to inf
        ("propose", "--time-limit", "-inf", "-inf is not in the range x>=0.01"),
        ("propose", "--time-limit", "-1", "-1.0 is not in the range x>=0.01"),
        ("propose", "--time-limit", "0", "0.0 is not in the range x>=0.01"),
        ("propose", "--top", "nan", "'nan' is not a valid integer"),
        ("propose", "--top", "0", "0 is not in the range 1<=x<=50"),
        ("propose", "--top", "51", "51 is not in the range 1<=x<=50"),
        ("propose", "--top", "1.5", "'1.5' is not a valid integer"),
        ("propose", "--workers", "inf", "'inf' is not a valid integer"),
        ("propose", "--workers", "0", "0 is not in the range 1<=x<=64"),
        ("propose", "--workers", "65", "65 is not in the range 1<=x<=64"),
        ("publish", "--top", "nan", "'nan' is not a valid integer"),
        ("publish", "--top", "0", "0 is not in the range 1<=x<=50"),
    ],
)
def test_f17_every_numeric_option_refuses_nan_inf_and_out_of_range(
    tmp_path: Path, command: str, option: str, value: str, words: str
) -> None:
    """F17: `--time-limit nan` passed click's FloatRange (NaN compares false) and CP-SAT answered MODEL_INVALID:
    exit 3. Every number on the command line is a usage error (exit 2) naming the option, before any work."""
    from click.testing import CliRunner

    from scheduler.cli import main

    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(edit(), encoding="utf-8")
    extra = ["--caldav", "http://127.0.0.1:9/cal/"] if command == "publish" else ["--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, [command, str(scenario), *extra, option, value])
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}'" in result.stderr and words in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


# --- F26: errors of a what-if flag name the flag ------------------------------------------------------


def test_f26_a_leave_far_in_the_future_names_the_flag_not_a_line_of_the_file(tmp_path: Path) -> None:
    """F26: `--leave trump@2999-01-01T00:00` was blamed on `scenario.yaml:47 … itinerary[3]`, the stop at
    home that the flag itself adds (its end, two years on, was in 3001).

    That stop now ends at the latest time a scenario may name (2999-12-31 23:59), so this run is valid.
    Leaving an hour before the end of 2999 from The Hague lands in Washington in 3000: refused, and the
    message names the flag.
    """
    from click.testing import CliRunner

    from scheduler.cli import main

    for name in ("scenario.yaml", "lee.ics", "trump.ics"):
        (tmp_path / name).write_bytes((EXAMPLE / name).read_bytes())
    scenario = str(tmp_path / "scenario.yaml")
    valid = CliRunner().invoke(main, ["validate", scenario, "--leave", "trump@2999-01-01T00:00"])
    assert valid.exit_code == 0, valid.output
    late = CliRunner().invoke(main, ["validate", scenario, "--leave", "trump@2999-12-31T23:00"])
    assert late.exit_code == 2
    assert late.stderr.startswith(
        "error: --leave trump@2999-12-31T23:00: leaders.trump.itinerary[3].start: years from 1900 to 2999 only"
    ), late.stderr
    assert "scenario.yaml" not in late.stderr


def test_f1_an_edited_earlier_file_cannot_put_control_characters_on_the_terminal(tmp_path: Path) -> None:
    """F1, the same path from an earlier run's file: `--top 2` then `--top 1` lists hold 2 as withdrawn,
    quoting its SUMMARY as the file now says it. Someone edited that file: the ESC and BEL become U+FFFD."""
    import ical.calendar_stream

    first = propose(tmp_path, edit(), "--top", "2")
    assert first.exit_code == 0, first.output
    for path in (tmp_path / "out").glob("*.ics"):  # hold 2 is in its own file, the combined one, the itineraries
        data = path.read_bytes().decode("utf-8")
        path.write_bytes(data.replace("SUMMARY:Summit (hold 2)", "SUMMARY:Summit \x1b]0;PWNED\x07 (hold 2)").encode())
    assert "PWNED" in (tmp_path / "out" / "summit-option-2.ics").read_text(encoding="utf-8")
    second = propose(tmp_path, edit(), "--top", "1")
    assert second.exit_code == 0, second.output
    assert "- Summit \ufffd]0;PWNED\ufffd (hold 2): Sat 07 Jun 2025" in second.stdout, second.stdout
    assert "\x1b" not in second.output and "\x07" not in second.output
    for path in sorted((tmp_path / "out").glob("*.ics")):  # the cancelled copies of hold 2 are clean too
        data = path.read_bytes().decode("utf-8")
        assert "\x1b" not in data and "\x07" not in data, path.name
        if "PWNED" in data:
            ical.calendar_stream.IcsCalendarStream.calendar_from_ics(data)


def test_f6_a_yearly_time_zone_rule_on_every_day_of_the_year_is_refused(tmp_path: Path) -> None:
    # FREQ=YEARLY;BYYEARDAY=1..366 steps 365 times in its first year (1970): a zone changes its offset at
    # most monthly; icalendar would walk it far past the window for an event's UNTIL or a late lookup.
    zones = (
        "BEGIN:VTIMEZONE\nTZID:Evil\nBEGIN:STANDARD\nDTSTART:19700101T000000\n"
        f"RRULE:FREQ=YEARLY;BYYEARDAY={EVERY['BYYEARDAY']}\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\n"
        "END:STANDARD\nEND:VTIMEZONE\n"
    )
    text = calendar(
        "UID:evil@red.team\nDTSTAMP:20250101T000000Z\nDTSTART;TZID=Evil:20250610T090000\n"
        "DTEND;TZID=Evil:20250610T100000\nSUMMARY:Evil zone",
        zones=zones,
    )
    code, _, stderr = run_with(tmp_path, text)
    assert code == 2, stderr
    assert stderr.startswith(
        "error: b.ics:8: (from leaders.lee.calendars[0], line 9): this time zone rule changes "
        "the offset more than 12 times in its first year"
    ), stderr
