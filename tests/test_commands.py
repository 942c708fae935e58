"""The commands layer: each command returns its answer and says its talk through `say`; the CLI prints
exactly that answer and nothing of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler import commands
from scheduler.whatif import WhatIf
from tests.helpers import korea, run


def test_validate_returns_its_answer_and_says_the_what_if_notes_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = korea(tmp_path)
    said: list[str] = []
    what_if = WhatIf(drop_venues=("g7-kananaskis",), leaves=("trump@2025-06-16T22:00",))
    answer = commands.validate(scenario, what_if, said.append)
    # The example has 2 leaders and 3 venues; one dropped leaves 2.
    assert answer.text.startswith(f"{scenario}: valid (with the what-if changes) — 2 leaders, 2 venues, 1 meeting")
    assert answer.text.endswith("\n") and answer.code is None and not answer.styled
    # --leave says what it did to the itinerary, ending with the home landing, each note naming its flag.
    assert said and all(
        line.startswith("what-if: ") and line.endswith("(--leave trump@2025-06-16T22:00)") for line in said
    )
    assert " is home in " in said[-1]
    # Nothing is printed by the command itself: printing is the CLI's job.
    assert capsys.readouterr() == ("", "")


def test_the_cli_prints_the_propose_answer_as_the_command_returns_it(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    out = tmp_path / "out"
    answer = commands.propose(scenario, WhatIf(), lambda line: None, out=out)
    # The example has an answer (exit code 0) and writes one calendar file per proposal into `out` first.
    assert answer.code == 0
    assert sorted(p.name for p in out.glob("*.ics"))
    # The same run through the CLI (same folder: the same files again, nothing withdrawn) prints that text.
    result = run("propose", scenario, "--out", out, "--no-color")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == answer.text


def test_compare_without_a_second_scenario_or_flags_is_refused_before_loading(tmp_path: Path) -> None:
    from scheduler.errors import InputError

    missing = tmp_path / "nowhere.yaml"  # never read: the refusal comes first
    with pytest.raises(InputError, match="nothing to compare"):
        commands.compare(missing, None, WhatIf(), lambda line: None)
