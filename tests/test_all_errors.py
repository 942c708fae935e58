"""All the errors of a file in one run: each with file, line and key, in line order, at most 20 shown."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from scheduler.cli import main

VALID = """\
version: 1
title: Three mistakes
as_of: 2025-06-06T18:00
timezone: Asia/Seoul
places:
  seoul: {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
  washington: {name: "Washington, D.C.", timezone: America/New_York, coordinates: [38.8977, -77.0365]}
leaders:
  lee: {name: Lee Jae-myung, home: seoul, holidays: {country: KR}}
  trump: {name: Donald J. Trump, home: washington}
venues:
  white-house: {name: White House, place: washington, weekdays: mon-fri, hours: "09:00-17:00"}
meetings:
  summit:
    title: Summit
    participants: [lee, trump]
    duration: 1h
    deadline: 2025-07-08
"""


def run(tmp_path: Path, text: str, command: str = "validate") -> tuple[int, list[str]]:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, [command, str(path), "--out", str(tmp_path / "out")] if command == "propose" else [command, str(path)]
    )
    return result.exit_code, result.stderr.splitlines()


def test_the_valid_file_is_valid(tmp_path: Path) -> None:
    code, errors = run(tmp_path, VALID)
    assert (code, errors) == (0, [])


def test_three_mistakes_are_reported_in_one_run_in_line_order(tmp_path: Path) -> None:
    # Three kinds of mistake, written bottom-up so that the order found differs from the line order:
    # line 17, a duration with a stray number; line 12, an unknown key; line 10, an undefined place.
    text = (
        VALID.replace("duration: 1h", "duration: 90 minutes 3")
        .replace('hours: "09:00-17:00"', 'hourz: "09:00-17:00"')
        .replace("home: washington", "home: washingtn")
    )
    for command in ("validate", "propose"):
        code, errors = run(tmp_path, text, command)
        assert code == 2
        file = tmp_path / "scenario.yaml"
        assert [line.split(": ", 2)[1] for line in errors] == [
            f"{file}:10",
            f"{file}:12",
            f"{file}:17",
        ], errors
        assert errors[0].startswith(f"error: {file}:10: leaders.trump.home: place 'washingtn' is not defined")
        assert "(did you mean 'washington'?)" in errors[0]
        assert errors[1].startswith(f"error: {file}:12: venues.white-house.hourz: unknown key 'hourz'")
        assert errors[2].startswith(f"error: {file}:17: meetings.summit.duration: expected a duration")
        assert not (tmp_path / "out").exists()  # nothing written


def test_an_unknown_key_no_longer_hides_the_other_errors_of_its_object(tmp_path: Path) -> None:
    """Before, the unknown key stopped the venue's validation: the bad weekday on the same line went unseen."""
    text = VALID.replace("weekdays: mon-fri", "weekdays: funday, opne: []")
    code, errors = run(tmp_path, text)
    assert code == 2
    assert len(errors) == 2, errors
    assert "venues.white-house.weekdays: not a weekday: 'funday'" in errors[0]
    assert "venues.white-house.opne: unknown key 'opne' (did you mean 'open'?)" in errors[1]


def test_at_most_twenty_errors_are_shown_and_the_rest_counted(tmp_path: Path) -> None:
    # 25 participants that are not leaders (plus the two real ones): 25 errors, 20 shown, "5 more".
    ghosts = ", ".join(f"ghost{i:02d}" for i in range(25))
    text = VALID.replace("participants: [lee, trump]", f"participants: [lee, trump, {ghosts}]")
    code, errors = run(tmp_path, text)
    assert code == 2
    assert len(errors) == 21
    assert "meetings.summit.participants[2]: leader 'ghost00' is not defined" in errors[0]
    assert "meetings.summit.participants[21]: leader 'ghost19'" in errors[19]
    assert errors[20] == "error: ... and 5 more errors (correct these first)"
