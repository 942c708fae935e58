"""The small scenario the hostile-input tests break, and how they run `propose` on what they made of it.

Shared by test_hostile, test_red_team_input, test_fuzz and test_determinism (test modules import from
here, never from one another).
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

from click.testing import CliRunner, Result

from scheduler.cli import main

LIMIT_S = 10.0

SCENARIO = """\
version: 1
title: Hostile input
as_of: 2025-06-06T18:00
timezone: Asia/Seoul
places:
  seoul: {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
  washington: {name: "Washington, D.C.", timezone: America/New_York, coordinates: [38.8977, -77.0365]}
leaders:
  lee: {name: Lee Jae-myung, home: seoul}
  trump: {name: Donald J. Trump, home: washington}
venues:
  white-house: {name: White House, place: washington, hours: "09:00-17:00"}
meetings:
  summit:
    title: Summit
    participants: [lee, trump]
    duration: 1h
    deadline: 2025-07-08
"""
# Lines: 1 version, 2 title, 3 as_of, 4 timezone, 5 places, 6 seoul, 7 washington, 8 leaders, 9 lee,
# 10 trump, 11 venues, 12 white-house, 13 meetings, 14 summit, 15 title, 16 participants, 17 duration,
# 18 deadline.


def edit(*changes: tuple[str, str], text: str = SCENARIO) -> str:
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} must occur once"
        text = text.replace(old, new)
    return text


def propose(
    tmp_path: Path, content: str | bytes, *args: str, scenario: Path | None = None, limit: float = LIMIT_S
) -> Result:
    """Run propose on `content` (written as tmp_path/scenario.yaml) and check what every run must keep.

    `limit` is a hang guard, not a speed target: how fast a large input is planned is measured by
    tests/bench/bench.py (the "1,000 venues" row), where a loaded machine cannot fail a build.
    """
    if scenario is None:
        scenario = tmp_path / "scenario.yaml"
        scenario.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["propose", str(scenario), "--out", str(tmp_path / "out"), *args])
    elapsed = time.perf_counter() - started
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output
    assert elapsed < limit, f"took {elapsed:.1f} s"
    return result


def with_calendar(tmp_path: Path, calendar: str) -> str:
    return edit(
        (
            "lee: {name: Lee Jae-myung, home: seoul}",
            f"lee: {{name: Lee Jae-myung, home: seoul, calendars: ['{calendar}']}}",
        )
    )


CITIES = {
    "seoul": ("Seoul", "Asia/Seoul", "[37.5665, 126.9780]"),
    "washington": ("Washington", "America/New_York", "[38.8977, -77.0365]"),
    "berlin": ("Berlin", "Europe/Berlin", "[52.52, 13.405]"),
    "delhi": ("New Delhi", "Asia/Kolkata", "[28.6139, 77.209]"),
}


def many_venues(count: int) -> str:
    """Two leaders and `count` venues in four cities, each needing a different notice (30 days and up)."""
    places = "".join(f"  {pid}: {{name: {n}, timezone: {z}, coordinates: {c}}}\n" for pid, (n, z, c) in CITIES.items())
    venues = "".join(
        f"  v{i:04d}: {{name: Venue {i}, place: {list(CITIES)[i % 4]}, hours: '09:00-17:00', "
        f"notice: {30 + i % 200}d}}\n"
        for i in range(count)
    )
    return (
        textwrap.dedent("""\
        version: 1
        title: Many venues
        as_of: 2025-01-06T09:00
        timezone: UTC
        places:
        """)
        + places
        + textwrap.dedent("""\
        leaders:
          a: {name: A, home: seoul, hours: "07:00-22:00"}
          b: {name: B, home: washington}
        venues:
        """)
        + venues
        + textwrap.dedent("""\
        meetings:
          m: {title: M, participants: [a, b], duration: 1h, deadline: 2025-12-31}
        """)
    )
