"""The `schedule` command line: answers, the --json document, .ics output, exit codes and lazy imports.

The bundled example (calendars/korea-us-2025) is used without its `calendars:` lines, so these tests
do not depend on the leaders' .ics files; its answer is then the G7 in Kananaskis, 17 June 08:00 MDT.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
import pytest

from scheduler.cli import main
from scheduler.loading import load_scenario
from scheduler.problem import build_problem
from scheduler.verify import violations
from tests.helpers import INFEASIBLE, korea, run, snapshot

BAD = Path(__file__).parent / "data" / "bad"

DESIGN_TOP_LEVEL_KEYS = ["version", "title", "as_of", "timezone", "places", "travel", "leaders", "venues", "meetings"]
# Keys of DESIGN.md's reference format below the top level, reached from a top-level key through the schema.
DESIGN_NESTED_KEYS = {
    ("places", "*"): ["name", "timezone", "coordinates"],
    ("travel",): ["speed", "buffer", "flights"],
    ("travel", "flights", "[]"): ["from", "to", "duration", "buffer", "one_way"],
    ("leaders", "*"): ["name", "role", "home", "holidays", "calendars", "hours", "itinerary", "busy"],
    ("leaders", "*", "holidays"): ["country", "stay_home"],
    ("leaders", "*", "itinerary", "[]"): ["place", "start", "end"],
    ("leaders", "*", "busy", "[]"): ["start", "end", "timezone", "what"],
    ("venues", "*"): ["name", "place", "open", "host", "notice", "weekdays", "hours", "closed_on_holidays"],
    ("venues", "*", "open", "[]"): ["start", "end"],
    ("meetings", "*"): ["title", "participants", "duration", "align", "hours", "not_before", "deadline", "venues"],
    ("meetings", "*", "deadline"): ["at", "why"],
}


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


# --- propose: the answer -----------------------------------------------------------------------


def test_propose_prints_the_answer(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    result = run("propose", scenario, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "G7 Leaders' Summit, Kananaskis" in out
    assert "Kananaskis, Alberta" in out
    (when,) = [line for line in out.splitlines() if "17 Jun 2025, 08:00" in line]
    assert "09:00" in when and "America/Edmonton" in when
    # Each leader's home time (whose clock, not where the leader is): 14:00 UTC is 23:00 KST and 10:00 EDT.
    (lee,) = [line for line in out.splitlines() if "Lee Jae-myung's time in Seoul:" in line]
    assert lee.strip() == "Lee Jae-myung's time in Seoul: Tue 17 Jun 2025, 23:00 KST"
    (trump,) = [line for line in out.splitlines() if "Donald J. Trump's time in" in line]
    assert trump.strip() == "Donald J. Trump's time in Washington, D.C.: Tue 17 Jun 2025, 10:00 EDT"


def test_propose_json_document(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    out = tmp_path / "out"
    result = run("propose", scenario, "--out", out, "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["status"] == "proposed"
    (proposal,) = document["proposals"]
    expected = {
        "rank": 1,
        "meeting": "summit",
        "venue": "g7-kananaskis",
        "place": "kananaskis",
        "start": "2025-06-17T08:00:00-06:00",
        "end": "2025-06-17T09:00:00-06:00",
        "timezone": "America/Edmonton",
        "participants": ["lee", "trump"],
        "home_start": {"lee": "2025-06-17T23:00:00+09:00", "trump": "2025-06-17T10:00:00-04:00"},
    }
    assert {key: proposal[key] for key in expected} == expected
    # The proposal's own file first, then the files that also carry it: all proposals, each leader's itinerary.
    files = [Path(f) for f in proposal["files"]]
    assert [f.name for f in files] == ["summit.ics", "all-proposals.ics", "itinerary-lee.ics", "itinerary-trump.ics"]
    assert all(f.parent.resolve() == out.resolve() and f.is_file() for f in files)
    assert isinstance(document["rejected"], list)
    for rejection in document["rejected"]:
        assert rejection["venue"] in {"nato-the-hague", "white-house"}
        assert rejection["reasons"] and all(isinstance(r, str) and r for r in rejection["reasons"])
    assert "Traceback" not in result.stderr


def test_propose_writes_ics_into_out(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    out = tmp_path / "deep" / "out"
    result = run("propose", scenario, "--out", out, "--json")
    assert result.exit_code == 0, result.stderr
    files = json.loads(result.stdout)["proposals"][0]["files"]
    shown = sorted(p.name for p in out.iterdir() if p.name != ".summit-scheduler")  # write_set's versions aside
    assert (
        shown
        == sorted(Path(f).name for f in files)
        == [
            "all-proposals.ics",
            "itinerary-lee.ics",
            "itinerary-trump.ics",
            "summit.ics",
        ]
    )
    data = (out / "summit.ics").read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"STATUS:TENTATIVE" in data
    assert not (scenario.parent / "proposals").exists(), "--out replaces the default folder"


def test_propose_writes_ics_beside_the_scenario_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = korea(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run("propose", scenario)
    assert result.exit_code == 0, result.stderr
    assert (scenario.parent / "proposals" / "summit.ics").is_file()
    assert list(elsewhere.iterdir()) == []


def test_propose_reads_scenario_yaml_in_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = korea(tmp_path)
    monkeypatch.chdir(scenario.parent)
    result = run("propose", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["proposals"][0]["venue"] == "g7-kananaskis"
    assert (scenario.parent / "proposals" / "summit.ics").is_file()


def test_output_files_are_byte_identical_across_runs(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    out = tmp_path / "out"
    first = run("propose", scenario, "--out", out, "--top", "3", "--json")
    assert first.exit_code == 0, first.stderr
    files = snapshot(out)
    assert sorted(files) == [
        "all-proposals.ics",
        "itinerary-lee.ics",
        "itinerary-trump.ics",
        "summit-option-2.ics",
        "summit-option-3.ics",
        "summit.ics",
    ]
    second = run("propose", scenario, "--out", out, "--top", "3", "--json")
    assert second.exit_code == 0, second.stderr
    assert snapshot(out) == files
    assert second.stdout == first.stdout
    # ... and the same bytes in another folder: nothing depends on where the files go.
    other = tmp_path / "other"
    assert run("propose", scenario, "--out", other, "--top", "3").exit_code == 0
    assert snapshot(other) == files


def _dtstamps(data: bytes) -> list[bytes]:
    return re.findall(rb"^DTSTAMP:(\S+)\r$", data, flags=re.MULTILINE)


@pytest.mark.parametrize("epoch", [1_700_000_000, 1_750_000_000])
def test_source_date_epoch_sets_dtstamp(epoch: int, tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    plain, stamped = tmp_path / "plain", tmp_path / "stamped"
    assert run("propose", scenario, "--out", plain, "--top", "2").exit_code == 0
    result = run("propose", scenario, "--out", stamped, "--top", "2", env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.exit_code == 0, result.stderr
    expected = datetime.fromtimestamp(epoch, UTC).strftime("%Y%m%dT%H%M%SZ").encode()
    before, after = snapshot(plain), snapshot(stamped)
    assert sorted(after) == [
        "all-proposals.ics",
        "itinerary-lee.ics",
        "itinerary-trump.ics",
        "summit-option-2.ics",
        "summit.ics",
    ]
    for name, data in after.items():
        stamps = _dtstamps(data)
        assert stamps and set(stamps) == {expected}, (name, stamps)
        # Only the DTSTAMP follows the epoch; everything else stays as it was.
        strip = re.compile(rb"^DTSTAMP:.*\r\n", flags=re.MULTILINE)
        assert strip.sub(b"", data) == strip.sub(b"", before[name])


def test_top_3_gives_three_verified_proposals(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    result = run("propose", scenario, "--out", tmp_path / "out", "--top", "3", "--json")
    assert result.exit_code == 0, result.stderr
    proposals = json.loads(result.stdout)["proposals"]
    assert [p["rank"] for p in proposals] == [1, 2, 3]
    assert len({(p["venue"], p["start"]) for p in proposals}) == 3
    assert proposals[0]["venue"] == "g7-kananaskis"
    assert proposals[0]["start"] == "2025-06-17T08:00:00-06:00"
    starts = [datetime.fromisoformat(p["start"]) for p in proposals]
    assert starts[0] == min(starts), "rank 1 is the earliest"
    problem = build_problem(load_scenario(scenario))
    for proposal, start in zip(proposals, starts, strict=True):
        meeting = problem.meetings[proposal["meeting"]]
        venue = problem.venues[proposal["venue"]]
        assert datetime.fromisoformat(proposal["end"]) - start == meeting.duration
        assert violations(problem, meeting, venue, start) == [], proposal
        own = "summit.ics" if proposal["rank"] == 1 else f"summit-option-{proposal['rank']}.ics"
        assert Path(proposal["files"][0]).name == own
        assert all(Path(f).is_file() for f in proposal["files"])


# --- no feasible meeting -----------------------------------------------------------------------


def test_infeasible_exits_1_with_every_venue_rejected(tmp_path: Path) -> None:
    scenario = korea(tmp_path, INFEASIBLE)
    out = tmp_path / "out"
    result = run("propose", scenario, "--out", out, "--json")
    assert result.exit_code == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["status"] == "infeasible"
    assert document["proposals"] == []
    assert [r["venue"] for r in document["rejected"]] == ["g7-kananaskis", "nato-the-hague", "white-house"]
    for rejection in document["rejected"]:
        assert rejection["reasons"] and all(isinstance(r, str) and r for r in rejection["reasons"])
    assert not out.exists() or not any(p.suffix == ".ics" for p in out.rglob("*"))


def test_infeasible_text_names_every_venue(tmp_path: Path) -> None:
    scenario = korea(tmp_path, INFEASIBLE)
    result = run("propose", scenario, "--out", tmp_path / "out")
    assert result.exit_code == 1
    for name in ("G7 Leaders' Summit, Kananaskis", "NATO Summit, The Hague", "Official visit to the White House"):
        assert name in result.stdout


def test_infeasible_json_carries_conflict_and_relaxations(tmp_path: Path) -> None:
    """DESIGN.md: when nothing fits the document also carries "conflict" and "relaxations"."""
    scenario = korea(tmp_path, INFEASIBLE)
    result = run("propose", scenario, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["conflict"], "the minimal conflicting set"
    assert all(isinstance(item, dict | str) for item in document["conflict"])
    assert document["relaxations"]
    for relaxation in document["relaxations"]:
        assert relaxation["change"]
        assert relaxation["proposal"]["start"]


# --- bad input and bad output folders ----------------------------------------------------------

BAD_INPUT = [
    # (fixture, "line: key path" the message must name) — lines counted in tests/test_loading.py
    pytest.param("undefined-place.yaml", "15: leaders.trump.home", id="undefined-place"),
    pytest.param("unknown-key.yaml", "20: venues.white-house.notise", id="unknown-key"),
    pytest.param("stop-end-before-start.yaml", "16: leaders.lee.itinerary[0].end", id="stop-end-before-start"),
    pytest.param("duplicate-key.yaml", "16: leaders.trump.home", id="duplicate-key"),
]


@pytest.mark.parametrize(("fixture", "where"), BAD_INPUT)
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_bad_input_exits_2_and_writes_nothing(fixture: str, where: str, as_json: bool, tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    shutil.copyfile(BAD / fixture, scenario)
    out = tmp_path / "out"
    result = run("propose", scenario, "--out", out, *(["--json"] if as_json else []))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert f"{scenario}:{where}" in result.stderr
    assert result.stdout == ""
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


def test_bad_input_leaves_an_existing_out_folder_unchanged(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    out = tmp_path / "out"
    assert run("propose", scenario, "--out", out, "--top", "2").exit_code == 0
    before = snapshot(out)
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("home: seoul", "home: seol"), encoding="utf-8")
    result = run("propose", scenario, "--out", out, "--top", "3")
    assert result.exit_code == 2
    assert f"{scenario}:" in result.stderr and "leaders.lee.home" in result.stderr
    assert snapshot(out) == before


def test_bad_input_default_out_is_not_created(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    shutil.copyfile(BAD / "bad-duration.yaml", scenario)
    result = run("propose", scenario)
    assert result.exit_code == 2
    assert f"{scenario}:24: meetings.summit.duration" in result.stderr
    assert not (tmp_path / "proposals").exists()


def test_out_below_a_regular_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"not a folder\n")
    out = blocker / "out"
    result = run("propose", scenario, "--out", out, "--json")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert str(out) in result.stderr
    assert result.stdout == ""
    assert blocker.read_bytes() == b"not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "korea"]
    assert sorted(p.name for p in scenario.parent.iterdir()) == ["scenario.yaml"]


def test_out_that_is_a_regular_file_exits_2(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    target = tmp_path / "out.ics"
    target.write_bytes(b"keep me\n")
    result = run("propose", scenario, "--out", target)
    assert result.exit_code == 2
    assert result.stderr.strip()
    assert target.read_bytes() == b"keep me\n"


def test_failed_write_leaves_no_file_half_written_or_partly_replaced(tmp_path: Path) -> None:
    """A folder in the way of the last file: nothing may be written (DESIGN: no files written on exit 2)."""
    scenario = korea(tmp_path)
    out = tmp_path / "out"
    (out / "summit-option-3.ics").mkdir(parents=True)
    result = run("propose", scenario, "--out", out, "--top", "3")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert sorted(p.name for p in out.iterdir()) == ["summit-option-3.ics"], "no .ics and no temporary files"


# --- commands that must not load the solver ----------------------------------------------------

PROBE = """
import sys
from scheduler.cli import main
try:
    main(sys.argv[1:], prog_name="schedule")
except SystemExit as stop:
    code = stop.code
else:
    code = 0
loaded = sorted(name for name in sys.modules if name == "ortools" or name.startswith("ortools."))
if loaded:
    print("ortools was imported:", loaded[:3], file=sys.stderr)
    sys.exit(99)
sys.exit(code)
"""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["validate", "{good}"], 0),
        (["validate", "{bad}"], 2),
        (["schema"], 0),
        (["--help"], 0),
        (["validate", "--help"], 0),
        (["schema", "--help"], 0),
        (["propose", "--help"], 0),
    ],
    ids=["validate", "validate-bad", "schema", "help", "validate-help", "schema-help", "propose-help"],
)
def test_light_commands_do_not_import_ortools(args: list[str], code: int, tmp_path: Path) -> None:
    good = korea(tmp_path)
    bad = BAD / "undefined-place.yaml"
    argv = [a.format(good=good, bad=bad) for a in args]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert "ortools was imported" not in done.stderr
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    if args == ["validate", "{good}"]:
        assert "valid" in done.stdout


HEAVY_PROBE = PROBE.replace('name == "ortools" or name.startswith("ortools.")', 'name in ("numpy", "pandas")').replace(
    "ortools was imported", "numpy or pandas was imported"
)


@pytest.mark.parametrize("command", [["propose", "--out", "out"], ["explain"]], ids=["propose", "explain"])
def test_solving_does_not_import_numpy_or_pandas(command: list[str], tmp_path: Path) -> None:
    """cp_model.py imports both (0.4 s of every run); the solver layer writes the model proto without it."""
    assert "numpy or pandas" in HEAVY_PROBE and "ortools" not in HEAVY_PROBE.split("loaded =")[1]
    scenario = korea(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", HEAVY_PROBE, *command[:1], str(scenario), *command[1:]],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert "numpy or pandas was imported" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert "Kananaskis" in done.stdout  # it did solve: the G7 is the answer


def test_validate_good_scenario(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    result = run("validate", scenario)
    assert result.exit_code == 0, result.stderr
    assert str(scenario) in result.stdout
    assert not (scenario.parent / "proposals").exists()


# --- schema ------------------------------------------------------------------------------------


def _schema() -> dict[str, Any]:
    result = run("schema")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return document


def _resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow $ref and the non-null branch of anyOf/oneOf until an object or array schema."""
    while True:
        if "$ref" in node:
            name = node["$ref"].removeprefix("#/$defs/")
            node = document["$defs"][name]
            continue
        branches = [b for b in node.get("anyOf", node.get("oneOf", [])) if b.get("type") != "null"]
        refs = [b for b in branches if "$ref" in b or b.get("type") in ("object", "array")]
        if not node.get("properties") and not node.get("items") and refs:
            node = refs[0]
            continue
        return node


def _child(document: dict[str, Any], node: dict[str, Any], step: str) -> dict[str, Any]:
    node = _resolve(document, node)
    if step == "*":
        values = node.get("additionalProperties") or next(iter(node.get("patternProperties", {}).values()))
        return _resolve(document, values)
    if step == "[]":
        return _resolve(document, node["items"])
    return _resolve(document, node["properties"][step])


def _types(document: dict[str, Any], node: dict[str, Any]) -> set[str]:
    """Every JSON type a schema node admits (through $ref, anyOf and oneOf)."""
    if "$ref" in node:
        return _types(document, document["$defs"][node["$ref"].removeprefix("#/$defs/")])
    found: set[str] = set()
    for branch in node.get("anyOf", []) + node.get("oneOf", []):
        found |= _types(document, branch)
    kind = node.get("type")
    found |= set(kind) if isinstance(kind, list) else {kind} if kind else set()
    if "const" in node:
        found.add(type(node["const"]).__name__)
    return found


def test_schema_has_every_top_level_key_of_the_reference_format() -> None:
    document = _schema()
    assert document.get("type") == "object"
    assert set(DESIGN_TOP_LEVEL_KEYS) <= set(document["properties"])
    assert {"version", "title", "timezone", "places", "leaders", "venues", "meetings"} <= set(document["required"])


@pytest.mark.parametrize("path", list(DESIGN_NESTED_KEYS), ids=[".".join(p) for p in DESIGN_NESTED_KEYS])
def test_schema_has_the_nested_keys_of_the_reference_format(path: tuple[str, ...]) -> None:
    document = _schema()
    node: dict[str, Any] = document
    for step in path:
        node = _child(document, node, step)
    assert set(DESIGN_NESTED_KEYS[path]) <= set(node["properties"]), path


def test_every_schema_field_has_a_description() -> None:
    document = _schema()
    objects = {"(top)": document, **document["$defs"]}
    missing = [
        f"{name}.{key}"
        for name, node in objects.items()
        for key, field in node.get("properties", {}).items()
        if not field.get("description")
    ]
    assert missing == []
    assert all(node.get("description") for node in objects.values() if node.get("properties"))


def test_schema_accepts_the_shorthands_of_the_reference_format() -> None:
    """DESIGN.md writes `closed_on_holidays: US` and the scenario accepts a bare date as deadline; an editor
    validating against the schema must accept them too."""
    document = _schema()
    venue = _child(document, document["properties"]["venues"], "*")
    assert "string" in _types(document, venue["properties"]["closed_on_holidays"])
    meeting = _child(document, document["properties"]["meetings"], "*")
    assert "string" in _types(document, meeting["properties"]["deadline"])


# --- help --------------------------------------------------------------------------------------


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def test_there_are_commands() -> None:
    assert {"propose", "validate", "schema"} <= set(main.commands)


@pytest.mark.parametrize("command", _commands(main), ids=lambda c: " ".join(c) or "schedule")
def test_every_command_help_has_an_example(command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Example" in result.stdout, f"`schedule {' '.join(command)} --help` shows no example"
