"""Reading scenarios: every input error names the file, the line and the key path; odd-but-valid YAML reads right.

Each broken scenario lives in tests/data/bad/, one defect per file, named after the defect. Every file
starts with a one-line `# defect:` comment, so the minimal scenario's lines are shifted down by one;
the expected line of each case is counted in the comment beside it.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from scheduler.cli import main
from scheduler.errors import InputError, ScenarioErrors
from scheduler.loading import load_scenario, read_yaml
from scheduler.problem import Problem, build_problem
from scheduler.values import parse_duration

BAD = Path(__file__).parent / "data" / "bad"

MINIMAL = """\
version: 1
title: Minimal bilateral
as_of: 2025-06-06T18:00
timezone: Asia/Seoul
places:
  seoul: {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
  washington: {name: "Washington, D.C.", timezone: America/New_York, coordinates: [38.8977, -77.0365]}
  oslo: {name: Oslo, timezone: Europe/Oslo, coordinates: [59.9139, 10.7522]}
leaders:
  lee:
    name: Lee Jae-myung
    home: seoul
  trump:
    name: Donald J. Trump
    home: washington
venues:
  white-house:
    name: White House
    place: washington
meetings:
  summit:
    title: Summit
    participants: [lee, trump]
    duration: 1h
"""


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(text: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} must occur once in the scenario"
        text = text.replace(old, new)
    return text


def resolve(path: Path) -> Problem:
    """Everything `schedule validate` checks, through the library API."""
    return build_problem(load_scenario(path))


# (fixture, expected line or None, expected key path or None, fragments the message must contain)
CASES = [
    # line 11: `    name: Lee Jae-myung: President` (1 comment, 2 version, ..., 9 leaders, 10 lee, 11 name)
    pytest.param("yaml-syntax-error.yaml", 11, None, ["YAML syntax error"], id="yaml-syntax"),
    # line 16: the second `home:` of trump (13 trump, 14 name, 15 home: washington, 16 home: seoul)
    pytest.param(
        "duplicate-key.yaml", 16, "leaders.trump.home", ["duplicate key 'home'", "line 15"], id="duplicate-key"
    ),
    # line 20: `notise: 21d` (16 venues, 17 white-house, 18 name, 19 place, 20 notise)
    pytest.param(
        "unknown-key.yaml",
        20,
        "venues.white-house.notise",
        ["unknown key 'notise'", "did you mean 'notice'"],
        id="unknown-key",
    ),
    # line 23: `participants: lee` (20 meetings, 21 summit, 22 title, 23 participants)
    pytest.param("wrong-type.yaml", 23, "meetings.summit.participants", ["list"], id="wrong-type"),
    # line 13: the `trump:` mapping that lacks `home` (10 lee, 11 name, 12 home, 13 trump, 14 name)
    pytest.param("missing-required-key.yaml", 13, "leaders.trump.home", ["required"], id="missing-key"),
    # line 24: `duration: an hour` (21 summit, 22 title, 23 participants, 24 duration)
    pytest.param("bad-duration.yaml", 24, "meetings.summit.duration", ["an hour", "90m"], id="bad-duration"),
    # line 15: `start: 2025-06-31T10:00` (12 home, 13 itinerary, 14 - place, 15 start)
    pytest.param("bad-time.yaml", 15, "leaders.lee.itinerary[0].start", ["2025-06-31T10:00"], id="bad-time"),
    # line 8: the washington place (6 places, 7 seoul, 8 washington)
    pytest.param(
        "unknown-time-zone.yaml",
        8,
        "places.washington.timezone",
        ["America/New_Yrok", "did you mean 'America/New_York'"],
        id="unknown-time-zone",
    ),
    # line 15: `home: washingtn` (13 trump, 14 name, 15 home)
    pytest.param(
        "undefined-place.yaml",
        15,
        "leaders.trump.home",
        ["'washingtn'", "did you mean 'washington'"],
        id="undefined-place",
    ),
    # line 23: `participants: [lee, trunp]`, second item
    pytest.param(
        "undefined-leader.yaml",
        23,
        "meetings.summit.participants[1]",
        ["'trunp'", "did you mean 'trump'"],
        id="undefined-leader",
    ),
    # line 25: `venues: [white-hose]` (24 duration, 25 venues)
    pytest.param(
        "undefined-venue.yaml",
        25,
        "meetings.summit.venues[0]",
        ["'white-hose'", "did you mean 'white-house'"],
        id="undefined-venue",
    ),
    # line 16: `end: 2025-06-09T10:00` (13 itinerary, 14 - place, 15 start, 16 end)
    pytest.param(
        "stop-end-before-start.yaml",
        16,
        "leaders.lee.itinerary[0].end",
        ["must end after it starts"],
        id="stop-end-before-start",
    ),
    # line 15: `end: 2025-06-10T09:00` (13 busy, 14 - start, 15 end)
    pytest.param(
        "busy-end-before-start.yaml",
        15,
        "leaders.lee.busy[0].end",
        ["must end after it starts"],
        id="busy-end-before-start",
    ),
    # line 22: `end: 2025-06-19` (19 place, 20 open, 21 - start, 22 end); the end of 19 June is 20 June 00:00,
    # which is the start: an empty window
    pytest.param(
        "window-end-before-start.yaml",
        22,
        "venues.white-house.open[0].end",
        ["must end after it starts"],
        id="window-end-before-start",
    ),
    # line 15: the second stop, in Washington (13 itinerary, 14 seoul stop, 15 washington stop)
    pytest.param(
        "overlapping-stops.yaml",
        15,
        "leaders.lee.itinerary[1]",
        ["overlap", "Seoul", "Washington"],
        id="overlapping-stops",
    ),
    # no line in an empty file (or one of comments only)
    pytest.param("empty.yaml", None, None, ["empty"], id="empty"),
    pytest.param("only-comments.yaml", None, None, ["empty"], id="only-comments"),
    # line 3: `title: Caf\xe9 summit` (1 comment, 2 version, 3 title)
    pytest.param("non-utf8.yaml", 3, None, ["UTF-8"], id="non-utf8"),
    pytest.param("binary-garbage.yaml", None, None, ["binary"], id="binary-garbage"),
    # line 2: `version: 2`
    pytest.param("version-2.yaml", 2, "version", ["1"], id="version-2"),
]


def expected_prefix(path: Path, line: int | None, key: str | None) -> str:
    """How the message must begin: `file:line: key.path: ` (parts that do not exist are left out)."""
    head = f"{path}:{line}" if line is not None else str(path)
    return f"{head}: {key}: " if key else f"{head}: "


@pytest.mark.parametrize(("fixture", "line", "key", "fragments"), CASES)
def test_input_error_names_file_line_and_key(
    fixture: str, line: int | None, key: str | None, fragments: list[str]
) -> None:
    path = BAD / fixture
    with pytest.raises(InputError) as caught:
        resolve(path)
    error = caught.value
    message = str(error)
    prefix = expected_prefix(path, line, key)
    assert any(text.startswith(prefix) for text in message.splitlines()), f"expected {prefix!r} in:\n{message}"
    for fragment in fragments:
        assert fragment in message
    if isinstance(error, ScenarioErrors):
        # One defect, one message: no cascade of follow-on errors.
        assert len(error.errors) == 1, message
    assert error.exit_code == 2


@pytest.mark.parametrize(("fixture", "line", "key", "fragments"), CASES)
def test_validate_exits_2_with_the_message_on_stderr(
    fixture: str, line: int | None, key: str | None, fragments: list[str]
) -> None:
    path = BAD / fixture
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: "), result.stderr
    assert expected_prefix(path, line, key) in result.stderr
    assert "Traceback" not in result.stderr
    assert result.exc_info is None or result.exc_info[0] is SystemExit
    assert result.stdout == ""


def test_bad_fixtures_are_all_covered() -> None:
    """Every broken scenario in tests/data/bad has a case here (the alias bomb has its own test)."""
    covered = {case.values[0] for case in CASES} | {"alias-bomb.yaml"}
    assert {p.name for p in BAD.iterdir()} == covered


def test_alias_bomb_fails_fast() -> None:
    path = BAD / "alias-bomb.yaml"
    began = time.perf_counter()
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert time.perf_counter() - began < 2.0
    message = str(caught.value)
    assert message.startswith(f"{path}:")
    assert "alias" in message


def test_alias_bomb_through_the_cli_exits_2_fast() -> None:
    began = time.perf_counter()
    result = CliRunner().invoke(main, ["validate", str(BAD / "alias-bomb.yaml")])
    assert time.perf_counter() - began < 2.0
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_minimal_scenario_is_valid(tmp_path: Path) -> None:
    """The base of the fixtures in tests/data/bad (plus a place in Oslo) loads cleanly."""
    problem = resolve(write(tmp_path, MINIMAL))
    assert set(problem.leaders) == {"lee", "trump"}


# --- YAML 1.2 scalars --------------------------------------------------------------------------


def test_country_code_no_stays_a_string(tmp_path: Path) -> None:
    """YAML 1.1 reads a bare NO as False; Norway must stay "NO"."""
    text = edit(
        MINIMAL,
        ("    home: seoul\n", "    home: seoul\n    holidays: {country: NO}\n"),
        (
            "    place: washington\n",
            "    place: washington\n  oslo-visit:\n    name: Oslo visit\n    place: oslo\n    closed_on_holidays: NO\n",
        ),
    )
    loaded = load_scenario(write(tmp_path, text))
    assert loaded.scenario.leaders["lee"].holidays is not None
    assert loaded.scenario.leaders["lee"].holidays.country == "NO"
    closed = loaded.scenario.venues["oslo-visit"].closed_on_holidays
    assert closed is not None
    assert closed.country == "NO"
    problem = build_problem(loaded)
    # Norway's holidays were found: Constitution Day, 17 May 2025, is among the venue's closed days.
    assert date(2025, 5, 17) in {h.day for h in problem.venues["oslo-visit"].closed}


@pytest.mark.parametrize("word", ["no", "No", "yes", "on", "off", "y", "n"])
def test_yaml_11_booleans_are_strings(word: str, tmp_path: Path) -> None:
    data, _ = read_yaml(f"country: {word}\n", tmp_path / "x.yaml")
    assert data == {"country": word}


def test_clock_times_are_not_sexagesimal(tmp_path: Path) -> None:
    """YAML 1.1 reads 1:30 as 90 and 190:20:30 as 685230; here they stay text."""
    data, _ = read_yaml("a: 07:00\nb: 1:30\nc: 190:20:30\nd: 07:00-22:00\ne: 2025-06-07\n", tmp_path / "x.yaml")
    assert data == {"a": "07:00", "b": "1:30", "c": "190:20:30", "d": "07:00-22:00", "e": "2025-06-07"}


def test_unquoted_hours_parse(tmp_path: Path) -> None:
    text = edit(
        MINIMAL,
        ("    home: seoul\n", "    home: seoul\n    hours: 07:00-22:00\n"),
        ("    place: washington\n", "    place: washington\n    hours: 09:00-17:00\n"),
        ("    duration: 1h\n", "    duration: 1h\n    hours: [08:00-12:00, 14:00-18:00]\n"),
    )
    scenario = load_scenario(write(tmp_path, text)).scenario
    assert scenario.leaders["lee"].hours == (
        (datetime.strptime("07:00", "%H:%M").time(), datetime.strptime("22:00", "%H:%M").time()),
    )
    hours = scenario.venues["white-house"].hours
    assert hours is not None
    assert [(a.strftime("%H:%M"), b and b.strftime("%H:%M")) for a, b in hours] == [("09:00", "17:00")]
    hours = scenario.meetings["summit"].hours
    assert hours is not None
    assert [(a.strftime("%H:%M"), b and b.strftime("%H:%M")) for a, b in hours] == [
        ("08:00", "12:00"),
        ("14:00", "18:00"),
    ]


def test_scalars_in_booleans_and_numbers_still_work(tmp_path: Path) -> None:
    text = edit(MINIMAL, ("    home: seoul\n", "    home: seoul\n    holidays: {country: KR, stay_home: true}\n"))
    scenario = load_scenario(write(tmp_path, text)).scenario
    assert scenario.leaders["lee"].holidays is not None
    assert scenario.leaders["lee"].holidays.stay_home is True
    assert scenario.places["seoul"].coordinates == (37.5665, 126.9780)
    assert scenario.version == 1


# --- durations ---------------------------------------------------------------------------------

DURATIONS = [
    ("90m", timedelta(minutes=90)),
    ("1h30m", timedelta(minutes=90)),
    ("21d", timedelta(days=21)),
    ("PT1H30M", timedelta(minutes=90)),
    ("P21D", timedelta(days=21)),
    ("1h", timedelta(hours=1)),
]


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_durations_parse(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_durations_in_a_scenario(text: str, expected: timedelta, tmp_path: Path) -> None:
    scenario_text = edit(
        MINIMAL,
        ("    duration: 1h\n", f"    duration: {text}\n"),
        ("    place: washington\n", f"    place: washington\n    notice: {text}\n"),
        ("places:\n", f"travel:\n  flights:\n    - {{from: seoul, to: washington, duration: {text}}}\nplaces:\n"),
    )
    scenario = load_scenario(write(tmp_path, scenario_text)).scenario
    assert scenario.meetings["summit"].duration == expected
    assert scenario.venues["white-house"].notice == expected
    assert scenario.travel.flights[0].duration == expected


def test_duration_in_minutes_spelt_min() -> None:
    """`min` is one of the parser's units (and the JSON Schema's pattern accepts `90min`), so it must parse."""
    assert parse_duration("90min") == timedelta(minutes=90)


def test_zero_meeting_duration_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, edit(MINIMAL, ("    duration: 1h\n", "    duration: 0m\n")))
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    # line 24: `duration: 0m` (MINIMAL has no comment line: 5 places, 6 seoul, 7 washington, 8 oslo, 9 leaders,
    # ..., 20 meetings, 21 summit, 22 title, 23 participants, 24 duration)
    assert f"{path}:24: meetings.summit.duration: " in str(caught.value)


# --- date-only times ---------------------------------------------------------------------------


@pytest.mark.parametrize("deadline", ["2025-07-08", "{at: 2025-07-08, why: tariff relief expires}"])
def test_date_only_deadline_means_the_end_of_that_day(deadline: str, tmp_path: Path) -> None:
    text = edit(MINIMAL, ("    duration: 1h\n", f"    duration: 1h\n    deadline: {deadline}\n"))
    problem = resolve(write(tmp_path, text))
    # Naive scenario-level times are in the scenario's timezone (Asia/Seoul); "must start before" the
    # end of 8 July is "before 9 July 00:00".
    assert problem.meetings["summit"].deadline == datetime(2025, 7, 9, 0, 0, tzinfo=ZoneInfo("Asia/Seoul"))


def test_date_only_stop_covers_whole_days(tmp_path: Path) -> None:
    stop = "      - {place: seoul, start: 2025-06-10, end: 2025-06-11}\n"
    text = edit(MINIMAL, ("    home: washington\n", f"    home: washington\n    itinerary:\n{stop}"))
    problem = resolve(write(tmp_path, text))
    (resolved,) = problem.leaders["trump"].stops
    seoul = ZoneInfo("Asia/Seoul")
    assert resolved.start == datetime(2025, 6, 10, 0, 0, tzinfo=seoul)
    assert resolved.end == datetime(2025, 6, 12, 0, 0, tzinfo=seoul)
