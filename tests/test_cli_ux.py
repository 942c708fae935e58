"""The command line as a planner meets it: `init`, the table, help with examples, fast and light startup."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from scheduler.cli import main
from scheduler.loading import load_scenario
from scheduler.plan import plan
from scheduler.problem import build_problem
from scheduler.render import table, text
from tests.helpers import EXAMPLE, INFEASIBLE, korea, run, snapshot

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BUNDLED = sorted(p.name for p in EXAMPLE.iterdir() if p.is_file() and p.suffix in {".yaml", ".ics"})


# --- init ----------------------------------------------------------------------------------------


def test_init_copies_the_bundled_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "my-summit"
    result = run("init", folder)
    assert result.exit_code == 0, result.stderr
    assert BUNDLED == ["lee.ics", "scenario.yaml", "trump.ics"]
    assert sorted(p.name for p in folder.iterdir()) == BUNDLED, "no proposals/ folder, nothing else"
    for name in BUNDLED:
        assert (folder / name).read_bytes() == (EXAMPLE / name).read_bytes()
    assert "next: cd " in result.stderr and "schedule propose" in result.stderr


def test_init_then_propose_with_no_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The copied workspace works as it is: `schedule propose` reads ./scenario.yaml and its calendars.
    monkeypatch.chdir(tmp_path)
    assert run("init").exit_code == 0
    result = run("propose", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["proposals"][0]["venue"] == "g7-kananaskis"
    assert (tmp_path / "proposals" / "summit.ics").is_file()


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "scenario.yaml").write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("init", tmp_path)
    assert result.exit_code == 2
    assert "would overwrite scenario.yaml" in result.stderr
    assert "--force" in result.stderr, "the message says what to do next"
    assert snapshot(tmp_path) == before


def test_init_force_replaces(tmp_path: Path) -> None:
    (tmp_path / "scenario.yaml").write_text("mine\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("keep\n", encoding="utf-8")
    result = run("init", tmp_path, "--force")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "scenario.yaml").read_bytes() == (EXAMPLE / "scenario.yaml").read_bytes()
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep\n"


def test_init_unknown_example(tmp_path: Path) -> None:
    result = run("init", tmp_path / "x", "--example", "nowhere")
    assert result.exit_code == 2
    assert "no bundled example 'nowhere'; examples: korea-us-2025" in result.stderr
    assert not (tmp_path / "x").exists()


# --- the table -----------------------------------------------------------------------------------


def test_plain_text_when_not_a_terminal(tmp_path: Path) -> None:
    # CliRunner's stdout is not a terminal: the plain text of render.text, no colour codes, no box drawing.
    scenario = korea(tmp_path)
    result = run("propose", scenario, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    problem = build_problem(load_scenario(scenario))
    # The file lines aside (each proposal's own, then one line for the run-wide calendars), it is text().
    written = ("Calendar file:", "Also written:")
    without_files = [
        line
        for line in result.stdout.splitlines(keepends=True)
        if not line.startswith(written, 4) and not line.startswith(written)
    ]
    assert "".join(without_files).rstrip("\n") == text(plan(problem), {}).rstrip("\n")
    assert "\x1b[" not in result.stdout and "┃" not in result.stdout


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {}])
def test_no_color_flag_and_env_give_plain_text(env: dict[str, str], tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    flags = [] if env else ["--no-color"]
    result = run("propose", scenario, "--out", tmp_path / "out", *flags, env=env)
    assert "\x1b[" not in result.stdout and "┃" not in result.stdout


def test_color_table(tmp_path: Path) -> None:
    # The table: weekday dates in the venue's zone, each leader's home time beside it, the deadline margin:
    # 17 Jun 08:00 MDT (14:00 UTC) is 23:00 KST and 10:00 EDT; the deadline 9 Jul 00:01 EDT (04:01 UTC) is
    # 21 days 14 hours 1 minute later, shown as "21 days 14 hours".
    scenario = korea(tmp_path)
    result = run("propose", scenario, "--out", tmp_path / "out", "--color", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" in result.stdout and "┃" in result.stdout
    plain = ANSI.sub("", result.stdout)
    rows = [line for line in plain.splitlines() if line.startswith("│ 1 ")]
    assert len(rows) == 1
    row = rows[0]
    for cell in (
        "G7 Leaders' Summit",
        "Tue 17 Jun 2025",
        "Tue 17 Jun 2025, 23:00 KST",
        "Tue 17 Jun 2025, 10:00 EDT",
        "21 days 14 hours",
    ):
        assert cell in row, cell
    assert "08:00–09:00 MDT" in plain
    assert "Lee Jae-myung's time in Seoul" in plain
    assert "Deadline: Wed 09 Jul 2025, 13:01 KST — reciprocal-tariff relief expires" in plain
    assert "Other venues" in plain and "possible, but later: from Tue 24 Jun 2025 08:00 CEST" in plain
    assert "Calendar file (proposal):" in plain


def test_table_keeps_every_fact_of_the_text_when_nothing_fits(tmp_path: Path) -> None:
    # The infeasible example: the table shows the verdict, each venue's reasons, the conflict and the relaxations.

    problem = build_problem(load_scenario(korea(tmp_path, INFEASIBLE)))
    result = plan(problem)
    plain = ANSI.sub("", table(result, {}, width=300))
    assert "No feasible meeting." in plain
    for rejection in result.meetings[0].rejected:
        assert rejection.venue.name in plain and rejection.reasons[0] in plain
    assert "Why nothing fits" in plain and "What would make it work" in plain
    for relax in result.meetings[0].relaxations:
        assert relax.change in plain


def test_table_shows_brackets_in_scenario_text_and_what_was_withdrawn(tmp_path: Path) -> None:
    # Square brackets are rich's markup; in a scenario they are text. Without the calendars, --top 2 holds
    # The Hague (Tue 24 Jun 08:00 CEST) as option 2; the run after it without --top withdraws that hold.
    scenario = korea(tmp_path, ("title: Korea–US bilateral summit", 'title: "Korea–US summit [draft] [/]"'))
    out = tmp_path / "out"
    assert run("propose", scenario, "--out", out, "--top", "2").exit_code == 0
    result = run("propose", scenario, "--out", out, "--color", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    plain = ANSI.sub("", result.stdout)
    assert "Korea–US summit [draft] [/]" in plain
    assert "Withdrawn (proposed by an earlier run, not by this one):" in plain
    assert "  - Korea–US summit [draft] [/] (hold 2): Tue 24 Jun 2025, 08:00 CEST" in plain


def test_json_is_the_same_with_color(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    plain = run("propose", scenario, "--out", tmp_path / "a", "--json")
    coloured = run("propose", scenario, "--out", tmp_path / "a", "--json", "--color")
    assert plain.stdout == coloured.stdout
    json.loads(coloured.stdout)


# --- help ----------------------------------------------------------------------------------------


def _commands() -> list[str]:
    return sorted(main.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_and_option_has_help(command: str) -> None:
    cmd = main.commands[command]
    assert cmd.help and "Example" in cmd.help, f"`schedule {command}` has no example"
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert param.help, f"`schedule {command} {param.opts[0]}` has no help text"


WHAT_IF_FLAGS = ["--set", "--as-of", "--drop-venue", "--leave"]


@pytest.mark.parametrize("command", ["propose", "explain", "validate", "compare", "publish"])
def test_what_if_flags_and_their_examples(command: str) -> None:
    """The what-if option group: on each command that plans, each flag with an example (`e.g.`)."""
    result = run(command, "--help")
    assert result.exit_code == 0
    options = {opt: param for param in main.commands[command].params for opt in param.opts}
    for flag in WHAT_IF_FLAGS:
        assert flag in options, f"{command} lacks {flag}"
        assert "e.g. " + flag in (options[flag].help or ""), f"{command} {flag} has no example"
    assert "--leave" in result.stdout and "--set" in result.stdout


def test_plot_and_colour_options_have_examples() -> None:
    options = {opt: param for param in main.commands["propose"].params for opt in param.opts}
    assert "e.g. --plot plan.png" in (options["--plot"].help or "")
    assert "e.g. --no-color" in (options["--color"].help or "")


# --- startup -------------------------------------------------------------------------------------

HEAVY = ("ortools", "pydantic", "rich", "matplotlib", "icalendar", "yaml")
PROBE = """
import sys
from scheduler.cli import main
try:
    main(sys.argv[2:], prog_name="schedule")
except SystemExit as stop:
    code = stop.code or 0
else:
    code = 0
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1].split(",")))
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
sys.exit(code)
"""


def probe(heavy: tuple[str, ...], *args: str, cwd: Path) -> str:
    """Run `schedule ARGS` in a fresh interpreter; the heavy modules it imported, comma-separated."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(heavy), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return next(line for line in done.stderr.splitlines() if line.startswith("HEAVY:")).removeprefix("HEAVY:")


@pytest.mark.parametrize(
    "args",
    [["--help"], ["propose", "--help"], ["compare", "--help"], ["init", "--help"], ["explain", "--help"]],
    ids=" ".join,
)
def test_help_imports_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    """`--help` must answer fast: none of the solver, the models, rich, matplotlib or icalendar is imported."""
    assert probe(HEAVY, *args, cwd=tmp_path) == ""


def test_validate_and_schema_do_not_import_the_solver_or_the_plotter(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    light = ("ortools", "matplotlib", "rich")
    assert probe(light, "validate", str(scenario), "--leave", "trump@2025-06-16T22:00", cwd=tmp_path) == ""
    assert probe(light, "schema", cwd=tmp_path) == ""
