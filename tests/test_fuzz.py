"""Fuzzing: broken versions of valid scenarios and calendars never end in a traceback.

Hypothesis takes a valid scenario (or one of the calendar fixtures in tests/data/calendars) and
breaks it a few ways at once: keys dropped, renamed or added, values swapped for hostile ones
(times in a DST gap, 31 June, the year 1, durations of minus an hour or of a century, ids with
`../`, text with control characters, huge numbers), lines deleted, duplicated or cut, stray
characters and bytes inserted. `schedule propose` then runs in-process on the result. The property:
exit code 0, 1 or 2 — never 3 (an internal error) — with the answer on stdout or a message on stderr
naming the input, never a traceback, and nothing written when the input is refused.

The examples are derandomized (the same ones on every run) and small, so 750 of them run in CI.
"""

from __future__ import annotations

import copy
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from scheduler.cli import main
from scheduler.loading import read_yaml
from tests.helpers import examples
from tests.hostile_inputs import SCENARIO

ROOT = Path(__file__).resolve().parents[1]
CALENDARS = sorted((Path(__file__).parent / "data" / "calendars").glob("*.ics"))
# The counts CI runs; a local run (the `dev` hypothesis profile) runs a tenth of each (tests/helpers.py).
SCENARIO_EXAMPLES = examples(250)
ODD_EXAMPLES = examples(250)
CALENDAR_EXAMPLES = examples(250)
STAYS_AND_LEGS_EXAMPLES = examples(100)

EXAMPLE = "".join(  # the bundled example without its calendars (they are fuzzed on their own below)
    line
    for line in (ROOT / "calendars" / "korea-us-2025" / "scenario.yaml").read_text("utf-8").splitlines(True)
    if not line.lstrip().startswith("calendars:")
)
# The shapes of issue 13's fuzz bugs, for the mutations to start from: a leg across New York's spring-forward
# (30m ground time, a 7h30m flight: on the wall clock a ground time ended before it began, exit 3), and
# stops at one place that touch and nest (one stay; a nested stop was exit 2).
ACROSS_THE_ATLANTIC = """\
version: 1
title: Across the Atlantic
as_of: 2025-03-01T00:00
timezone: Europe/London
places:
  london: {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
  new-york: {name: New York, timezone: America/New_York, coordinates: [40.7128, -74.006]}
  berlin: {name: Berlin, timezone: Europe/Berlin, coordinates: [52.52, 13.405]}
travel:
  buffer: 30m
  flights:
    - {from: london, to: new-york, duration: 7h30m}
leaders:
  starmer:
    name: Keir Starmer
    home: london
    itinerary:
      - {place: berlin, start: 2025-03-05T08:00, end: 2025-03-05T12:00, what: talks}
      - {place: berlin, start: 2025-03-05T12:00, end: 2025-03-05T13:00, what: lunch}
      - {place: berlin, start: 2025-03-05T09:00, end: 2025-03-05T10:00, what: breakfast}
  adams:
    name: Eric Adams
    home: new-york
venues:
  city-hall: {name: City Hall, place: new-york, open: [{start: 2025-03-08T17:30, end: 2025-03-08T22:00}]}
meetings:
  m: {title: Talks, participants: [starmer, adams], duration: 1h, align: 30m}
"""
SEEDS = [SCENARIO, EXAMPLE]

ODD_TIMES = [
    "2025-03-09T02:30",
    "2025-11-02T01:30",
    "2025-03-30T02:30",
    "2025-10-26T02:30",
    "2025-06-15",
    "2025-06-16T22:00",
    "2025-06-17T08:00-06:00",
    "2025-06-16T22:00Z",
    "2025-06-07T00:00+14:00",
    "2025-06-25T23:59-12:00",
    "2025-12-31T23:59",
    "2026-01-01",
    "2025-06-06T18:00",
    "2025-06-06",
    "2030-06-01",
]
BROKEN_TIMES = [
    "2025-02-29",
    "2025-06-31",
    "2025-06-06T24:00",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "3000-01-01",
    "2125-06-01",
    "2020-01-01",
    "2025-06-06T18:00:30",
    "2025-06-06T18:00+25:00",
    "",
    "now",
]
ODD_DURATIONS = [
    "1m",
    "5m",
    "15m",
    "20m",
    "1h",
    "90m",
    "23h59m",
    "1d",
    "2w",
    "PT45M",
    "P1W",
    "0m",
    "30d",
    "3653d",
    "1h 30m",
]
BROKEN_DURATIONS = [
    "-1h",
    "7m",
    "PT0S",
    "PT",
    "P",
    "100000d",
    "99999999999999999999d",
    "1h30",
    "90",
    "15s",
    "1.5h",
    "3654d",
    "m",
]
ODD_HOURS = [
    "00:00-24:00",
    "22:00-02:00",
    "09:00-09:01",
    "23:59-00:00",
    "08:00-12:00, 12:00-18:00",
    "12:00-08:00",
    "09:00-17:00, 10:00-11:00",
    "02:00-03:00",
    "01:00-02:00",
]
BROKEN_HOURS = ["25:00-26:00", "09:00-09:00", "9-17", ""]
ODD_ZONES = [
    "Pacific/Kiritimati",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Etc/GMT+12",
    "UTC",
    "Europe/Dublin",
    "Africa/Casablanca",
    "America/Santiago",
    "Antarctica/Troll",
]
BROKEN_ZONES = ["Mars/Olympus_Mons", "../../etc/passwd", ""]
HOSTILE_TEXT = [
    "",
    " ",
    "../../etc/passwd",
    "a/b",
    "..",
    "\x1b[31m",
    "nul\x00",
    "\u202e",
    "x" * 300,
    "Ünïcödé ✈",
    "a, b; c",
    "line\nbreak",
    "no",
    "~",
    "null",
    "true",
    "1e3",
    "#",
    "- item",
    "key: value",
]
HOSTILE_SCALARS: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    10**30,
    10**400,
    1.5,
    float("inf"),
    float("nan"),
    [],
    {},
    [None],
    {"a": 1},
    [37.5, 126.9],
    [91, 0],
    [0, 181],
    ["lee", "lee"],
    ["nowhere"],
]
# key → (odd but valid values, broken ones)
BY_KEY: dict[str, tuple[list[Any], list[Any]]] = {
    **dict.fromkeys(["start", "end", "as_of", "not_before", "at", "deadline"], (ODD_TIMES, BROKEN_TIMES)),
    **dict.fromkeys(["duration", "align", "notice", "buffer"], (ODD_DURATIONS, BROKEN_DURATIONS)),
    "hours": (ODD_HOURS, BROKEN_HOURS),
    "timezone": (ODD_ZONES, BROKEN_ZONES),
    "weekdays": (["sat", "sun", "mon"], ["Mon", "xyz", 1]),
    "country": (["US", "KR", "DE", "GB", "JP", "us"], ["XX", "", "USA"]),
    "subdivision": (["DC", "CA", None], ["ZZ"]),
    "coordinates": ([[0, 0], [90, 180], [-90, -180], [37.5665, 126.978], [-33.87, 151.21]], [[91, 0], [0]]),
    "speed": (["1 km/h", "100000 km/h", "500 mph", "10 kn", "0.5 km/h"], ["0 km/h", "fast"]),
    "stay_home": ([True, False], ["yes"]),
    "one_way": ([True, False], [2]),
    "version": ([1], [2, "1"]),
}

Path_ = tuple[str | int, ...]


def paths(data: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every key path in the data, containers and leaves."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


def parent_and_key(data: Any, path: Path_) -> tuple[Any, str | int]:
    for part in path[:-1]:
        data = data[part]
    return data, path[-1]


REFERENCES = {"place", "home", "from", "to", "host", "participants", "venues"}
TEXT_KEYS = {"name", "title", "what", "why", "role"}
KNOWN_KEYS = set(BY_KEY) | REFERENCES | TEXT_KEYS


def _key(path: Path_) -> str:
    named = [part for part in path if isinstance(part, str)]
    return named[-1] if named else ""


def same_kind(data: dict[str, Any], path: Path_, broken: bool) -> list[Any]:
    """Values of the kind the key holds: times for times, ids of places for places, and so on."""
    key = _key(path)
    ids = {
        kind: list(data.get(kind) or {}) if isinstance(data.get(kind), dict) else []
        for kind in ("places", "leaders", "venues")
    }
    if key in ("place", "home", "from", "to"):
        return ["nowhere"] if broken else ids["places"] or ["nowhere"]
    if key in ("host", "participants"):
        return ["nobody"] if broken else ids["leaders"] or ["nobody"]
    if key == "venues" and path[0] == "meetings":
        return ["closed-venue"] if broken else ids["venues"] or ["closed-venue"]
    if key in TEXT_KEYS:
        return HOSTILE_TEXT
    odd, wrong = BY_KEY.get(key, (HOSTILE_SCALARS, HOSTILE_SCALARS))
    return wrong if broken else odd


@st.composite
def data_mutation(draw: st.DrawFn, data: dict[str, Any], odd_only: bool = False) -> str:
    """Change the plain data of a scenario once, most often to another value of the same kind.

    `odd_only` keeps to odd but well-formed values of each key's own kind, and to repeated and
    swapped list items, so that most of the results are valid scenarios that reach the solver.
    """
    everything = paths(data)[1:]
    if odd_only:  # the values of known kinds, and list items to repeat or swap
        everything = [p for p in everything if isinstance(p[-1], int) or _key(p) in KNOWN_KEYS]
    if not everything:
        return "nothing left to change"
    path = draw(st.sampled_from(everything))
    parent, key = parent_and_key(data, path)
    actions = ["same-kind"] * 6 + (
        ["swap", "repeat"] if odd_only else ["hostile", "delete", "rename", "add", "copy", "swap", "repeat", "clash"]
    )
    action = draw(st.sampled_from(actions))
    if action == "same-kind":
        broken = not odd_only and draw(st.integers(0, 3)) == 0
        parent[key] = copy.deepcopy(draw(st.sampled_from(same_kind(data, path, broken))))
    elif action == "hostile":
        parent[key] = copy.deepcopy(
            draw(
                st.one_of(
                    st.sampled_from(HOSTILE_SCALARS + HOSTILE_TEXT), st.text(max_size=12), st.integers(-(10**6), 10**6)
                )
            )
        )
    elif action == "delete":
        del parent[key]
    elif action == "rename" and isinstance(key, str):
        cut = draw(st.integers(0, max(0, len(key) - 1)))
        parent[key[:cut] + draw(st.sampled_from(["", "x", "_", "../"])) + key[cut + 1 :]] = parent.pop(key)
    elif action == "add" and isinstance(parent[key], dict):
        extra = draw(st.sampled_from(["extra", "timezone", "end", "start", "..", "deadline", "hours", "notice"]))
        parent[key][extra] = copy.deepcopy(draw(st.sampled_from(same_kind(data, (*path, extra), broken=False))))
    elif action == "copy":
        source_parent, source_key = parent_and_key(data, draw(st.sampled_from(everything)))
        if source_key in source_parent if isinstance(source_parent, dict) else source_key < len(source_parent):
            parent[key] = source_parent[source_key]
    elif action == "clash":
        return draw(id_clash(data))
    elif action == "swap" and isinstance(parent, list) and len(parent) > 1:
        other = draw(st.integers(0, len(parent) - 1))
        parent[key], parent[other] = parent[other], parent[key]
    elif action == "repeat" and isinstance(parent, list):
        parent.insert(draw(st.integers(0, len(parent))), parent[key])
    return f"{action} {'.'.join(map(str, path))} → {parent.get(key, '(gone)') if isinstance(parent, dict) else ''}"


@st.composite
def id_clash(draw: st.DrawFn, data: dict[str, Any]) -> str:
    """Rename a meeting or a leader to an id whose output file another file has (F15)."""
    meetings = data.get("meetings") if isinstance(data.get("meetings"), dict) else {}
    leaders = data.get("leaders") if isinstance(data.get("leaders"), dict) else {}
    kind, ids = draw(st.sampled_from([("meetings", meetings), ("leaders", leaders)]))
    if not ids:
        return "no ids to clash"
    old = draw(st.sampled_from(sorted(ids)))
    others = [mid for mid in meetings if mid != old] or ["m"]
    new = draw(
        st.sampled_from(
            [
                "all-proposals",
                "ALL-PROPOSALS",
                *(f"itinerary-{lid}" for lid in leaders),
                f"{draw(st.sampled_from(others))}-option-2",
                old.upper(),
                old.title(),
                "CON",
                "nul",
                "com1",
                "LPT9.x",
                "aux",
                f"{old}-option-50",
            ]
        )
    )
    ids[new] = ids.pop(old)
    return f"clash {kind}.{old} → {new}"


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str:
    """Change the text: a line deleted, doubled, swapped or re-indented; characters inserted; the end cut."""
    lines = text.splitlines(keepends=True)
    where = draw(st.integers(0, max(0, len(lines) - 1)))
    action = draw(st.sampled_from(["delete", "double", "swap", "indent", "insert", "cut"]))
    if action == "delete" and lines:
        del lines[where]
    elif action == "double" and lines:
        lines.insert(where, lines[where])
    elif action == "swap" and len(lines) > 1:
        other = draw(st.integers(0, len(lines) - 1))
        lines[where], lines[other] = lines[other], lines[where]
    elif action == "indent" and lines:
        lines[where] = draw(st.sampled_from(["", " ", "  ", "\t", "    "])) + lines[where].lstrip(" ")
    elif action == "insert":
        at = draw(st.integers(0, len(text)))
        piece = draw(
            st.sampled_from(
                [
                    ":",
                    "-",
                    "[",
                    "{",
                    "}",
                    "&a ",
                    "*a",
                    "!!python/none ",
                    "%",
                    "@",
                    "`",
                    "#",
                    "'",
                    '"',
                    "\t",
                    "\\",
                    "\ufeff",
                    "\x00",
                    "\x85",
                    "\ud800",
                    "<<: ",
                    "? ",
                ]
            )
        )
        return text[:at] + piece + text[at:]
    elif action == "cut":
        return text[: draw(st.integers(0, len(text)))]
    return "".join(lines)


@st.composite
def broken_scenarios(draw: st.DrawFn, odd_only: bool = False, seeds: tuple[str, ...] = tuple(SEEDS)) -> bytes:
    """A seed scenario after one to three changes to its data and (now and then) one or two to its text."""
    seed = draw(st.sampled_from(seeds))
    data, _ = read_yaml(seed, Path("seed.yaml"))
    for _ in range(draw(st.integers(1, 3))):
        note(draw(data_mutation(data, odd_only)))
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200)
    if odd_only:
        return text.encode("utf-8")
    for _ in range(draw(st.sampled_from([0] * 8 + [1, 2]))):
        text = draw(text_mutation(text))
    encoded = text.encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 19)) == 0:  # a stray byte that is not UTF-8
        at = draw(st.integers(0, len(encoded)))
        encoded = encoded[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe2\x82"])) + encoded[at:]
    return encoded


def check_propose(folder: Path, scenario: Path) -> None:
    """The property: exit 0, 1 or 2, a message, never a traceback; nothing written on exit 2."""
    out = folder / "out"
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["propose", str(scenario), "--out", str(out)])
    elapsed = time.perf_counter() - started
    note(f"exit {result.exit_code}; stderr: {result.stderr[:500]!r}")
    event(f"exit {result.exit_code}")
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output
    assert elapsed < 10, f"took {elapsed:.1f} s"
    if result.exit_code == 2:
        assert result.stderr.startswith("error: "), result.stderr
        assert result.stdout == ""
        assert not out.exists()
    else:
        assert result.stdout.strip(), "an answer or the reasons there is none"
    # No control character reaches the terminal or a written calendar (F1, F3): text from a calendar is
    # cleaned, text from the YAML refused; the .ics has only its CRLF line ends (and tabs, which TEXT allows).
    assert not CONTROL.search(result.output.replace("\n", "").replace("\t", "")), repr(result.output[:500])
    for written in sorted(out.glob("*.ics")) if out.exists() else []:
        data = written.read_bytes().decode("utf-8").replace("\r\n", "").replace("\t", "")
        assert not CONTROL.search(data), written.name


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@settings(
    max_examples=SCENARIO_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(content=broken_scenarios())
def test_broken_scenarios_never_end_in_a_traceback(tmp_path_factory: Any, content: bytes) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    scenario = folder / "scenario.yaml"
    scenario.write_bytes(content)
    check_propose(folder, scenario)


@pytest.mark.slow
@settings(
    max_examples=ODD_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(content=broken_scenarios(odd_only=True))
def test_odd_but_valid_scenarios_are_planned_or_explained(tmp_path_factory: Any, content: bytes) -> None:
    """Times in DST gaps and folds, zones at +14 and +05:45, hours past midnight, one-minute grids, week-long
    meetings, repeated stops: most of these are valid and go through the solver, the verifier and the .ics."""
    folder = tmp_path_factory.mktemp("fuzz")
    scenario = folder / "scenario.yaml"
    scenario.write_bytes(content)
    check_propose(folder, scenario)


@pytest.mark.slow
@settings(
    max_examples=STAYS_AND_LEGS_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(content=broken_scenarios(odd_only=True, seeds=(ACROSS_THE_ATLANTIC,)))
def test_legs_across_a_change_of_clocks_and_stays_are_planned_or_explained(
    tmp_path_factory: Any, content: bytes
) -> None:
    """Odd but valid variations of issue 13's fuzz shapes (a leg across a change of clocks, stops at one place
    that touch and nest) go through the solver, the verifier and the itinerary files: never exit 3."""
    folder = tmp_path_factory.mktemp("fuzz")
    scenario = folder / "scenario.yaml"
    scenario.write_bytes(content)
    check_propose(folder, scenario)


HOSTILE_PROPERTIES = {
    "DTSTART": [
        "20250230T000000",
        "00010101T000000Z",
        "99991231T235959Z",
        "2025",
        "20250604T250000",
        "20250604",
        "20250604T090000Z/PT1H",
        "",
    ],
    "DTEND": ["20250101T000000Z", "20250604T085959Z", "99991231", "20250604T0900", "x"],
    "RRULE": [
        "FREQ=SECONDLY",
        "FREQ=MINUTELY;INTERVAL=1",
        "FREQ=DAILY;COUNT=-1",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=DAILY;UNTIL=00010101",
        "FREQ=YEARLY;BYMONTH=13",
        "FREQ=MONTHLY;BYMONTHDAY=31;INTERVAL=0",
        "FREQ=DAILY;UNTIL=20250101T000000Z",
        "FREQ=HOURLY;COUNT=100000",
        "COUNT=3",
        "FREQ=FOO",
        "",
        # runaway rules the red team found (F5, F6, F7): BY* parts multiplying the steps, a zero INTERVAL,
        # and (on a VTIMEZONE's line) a zone changing its offset every other minute
        # (every second of every day: over the 200,000 steps within three days, whatever the DTSTART)
        f"FREQ=YEARLY;BYYEARDAY={','.join(map(str, range(1, 367)))};BYHOUR={','.join(map(str, range(24)))}"
        f";BYMINUTE={','.join(map(str, range(60)))};BYSECOND={','.join(map(str, range(60)))}",
        f"FREQ=MONTHLY;BYMONTHDAY={','.join(map(str, range(1, 32)))};BYHOUR={','.join(map(str, range(24)))}"
        f";BYMINUTE={','.join(map(str, range(60)))};BYSECOND={','.join(map(str, range(60)))}",
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=MINUTELY;INTERVAL=2",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;INTERVAL=0",
    ],
    "EXDATE": ["20250610T100000", "garbage", "00010101T000000Z"],
    "DURATION": ["-P1D", "P99999999D", "PT", "P1W", "PT0S"],
    "TZID": ["Mars/Olympus_Mons", "", "../../etc/passwd", "Eastern Standard Time"],
    "LOCATION": ["Seoul", "Washington, D.C.", "", "\\,\\;", "x" * 5000, "Seoul \x1b[2J\x07", "Tokyo\x7f\x9b"],
    # control characters (F1): an OSC title, a clear screen, BEL, BS, DEL, a C1 CSI, a literal backslash-N (F19)
    "SUMMARY": [
        "\x1b]0;PWNED\x07 title",
        "\x1b[2J\x1b[31mred\x1b[0m",
        "back\x08\x08space",
        "del\x7f c1\x9b[2J",
        "Room B\\North wing",
        "tab\there",
    ],
    "GEO": ["37.5665;126.9780", "91;181", "a;b", "1", ""],
    "RECURRENCE-ID": ["20250610T100000", "19700101T000000Z", "x"],
    "STATUS": ["CANCELLED", "TENTATIVE", ""],
    "TRANSP": ["TRANSPARENT", "OPAQUE", "x"],
}


@st.composite
def calendar_mutation(draw: st.DrawFn, text: str) -> str:
    """Change one property value to a hostile one, or the text at large."""
    lines = text.splitlines(keepends=True)
    named = [i for i, line in enumerate(lines) if line.split(":")[0].split(";")[0] in HOSTILE_PROPERTIES]
    if named and draw(st.booleans()):
        i = draw(st.sampled_from(named))
        name, _, _ = lines[i].partition(":")
        base = name.split(";")[0]
        if base != "TZID" and draw(st.integers(0, 3)) == 0 and ";TZID=" in name:
            name = name.split(";TZID=")[0] + ";TZID=" + draw(st.sampled_from(HOSTILE_PROPERTIES["TZID"]))
        lines[i] = f"{name}:{draw(st.sampled_from(HOSTILE_PROPERTIES.get(base, [''])))}\r\n"
        return "".join(lines)
    if draw(st.booleans()):
        extra = draw(
            st.sampled_from(
                [
                    "BEGIN:VEVENT\r\n",
                    "END:VEVENT\r\n",
                    "END:VCALENDAR\r\n",
                    " folded continuation\r\n",
                    "RRULE:FREQ=DAILY\r\n",
                    "UID:dup@example.org\r\n",
                    "DTSTART:20250605T090000Z\r\n",
                    "X-" + "y" * 200 + ":z\r\n",
                ]
            )
        )
        lines.insert(draw(st.integers(0, len(lines))), extra)
        return "".join(lines)
    return draw(text_mutation(text))


@st.composite
def broken_calendars(draw: st.DrawFn) -> tuple[str, bytes, bool]:
    """One of the calendar fixtures after one to three changes; and whether it says where the leader is."""
    fixture = draw(st.sampled_from(CALENDARS))
    text = fixture.read_bytes().decode("utf-8", errors="surrogateescape")
    for _ in range(draw(st.integers(1, 3))):
        text = draw(calendar_mutation(text))
    note(f"from {fixture.name}:\n{text[:3000]}")
    return fixture.name, text.encode("utf-8", errors="surrogateescape"), draw(st.booleans())


CALENDAR_SCENARIO = """\
version: 1
title: Calendar fuzz
as_of: 2025-06-01T09:00
timezone: Asia/Seoul
places:
  seoul: {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
  washington: {name: "Washington, D.C.", timezone: America/New_York, coordinates: [38.8977, -77.0365]}
  tokyo: {name: Tokyo, timezone: Asia/Tokyo, coordinates: [35.6762, 139.6503]}
leaders:
  lee: {name: Lee Jae-myung, home: seoul, calendars: [{file: fuzz.ics, locations: $locations}]}
  trump: {name: Donald J. Trump, home: washington}
venues:
  tokyo: {name: Tokyo summit, place: tokyo, hours: "09:00-18:00"}
meetings:
  summit: {title: Summit, participants: [lee, trump], duration: 1h, deadline: 2025-07-15}
"""


@pytest.mark.slow
@settings(
    max_examples=CALENDAR_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(calendar=broken_calendars())
def test_broken_calendars_never_end_in_a_traceback(tmp_path_factory: Any, calendar: tuple[str, bytes, bool]) -> None:
    _, content, locations = calendar
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "fuzz.ics").write_bytes(content)
    scenario = folder / "scenario.yaml"
    scenario.write_text(CALENDAR_SCENARIO.replace("$locations", str(locations).lower()), encoding="utf-8")
    check_propose(folder, scenario)


# --- output file names (F15) ---------------------------------------------------------------------

ID_PIECES = [
    "a",
    "A",
    "x",
    "lee",
    "LEE",
    "all-proposals",
    "itinerary-",
    "-option-",
    "2",
    "50",
    "51",
    "con",
    "Nul",
    "com1",
    ".",
    "-",
]


@settings(max_examples=examples(300), deadline=None, derandomize=True, database=None)
@given(
    meetings=st.lists(
        st.lists(st.sampled_from(ID_PIECES), min_size=1, max_size=4).map("".join), min_size=1, max_size=4, unique=True
    ),
    leaders=st.lists(
        st.lists(st.sampled_from(ID_PIECES), min_size=1, max_size=3).map("".join), min_size=1, max_size=3, unique=True
    ),
)
def test_file_name_clashes_are_found_exactly_as_a_brute_force_listing_finds_them(
    meetings: list[str], leaders: list[str]
) -> None:
    """`filenames.clashes` reads names back instead of listing every option; list them all and compare.

    Every file a run may write — each meeting's 50 options, the combined file, each leader's itinerary —
    is listed with its owner; a clash is a name (case ignored) with two owners, or a meeting whose file
    name starts with a Windows device name. Some id must be blamed exactly when such a clash exists.
    """
    from scheduler import MAX_TOP
    from scheduler.filenames import COMBINED, DEVICES, clashes, itinerary_file, proposal_file

    owners: dict[str, set[str]] = {COMBINED.lower(): {"combined"}}
    for lid in leaders:
        owners.setdefault(itinerary_file(lid).lower(), set()).add(f"leader {lid}")
    for mid in meetings:
        for rank in range(1, MAX_TOP + 1):
            owners.setdefault(proposal_file(mid, rank).lower(), set()).add(f"meeting {mid}")
    shared = {name for name, who in owners.items() if len(who) > 1}
    devices = {mid for mid in meetings if mid.split(".")[0].upper() in DEVICES}
    found = clashes(meetings, leaders)
    note(f"shared {sorted(shared)}; devices {sorted(devices)}; found {[c.message for c in found]}")
    assert bool(found) == bool(shared or devices)
    assert {c.path[1] for c in found if "device" in c.message} == devices
