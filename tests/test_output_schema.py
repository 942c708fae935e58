"""The `propose --json` document is typed (scheduler/output.py) and `schedule schema --output` prints its schema.

Each real document below is parsed back by the model and printed again: with `extra="forbid"` on every
model, a key the renderer writes that the model does not describe, or a value of another type, fails
here; and printing the parsed model must give the very bytes `propose --json` printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scheduler.cli import main
from scheduler.output import OutputDocument

ROOT = Path(__file__).resolve().parents[1]
KOREA = ROOT / "calendars" / "korea-us-2025" / "scenario.yaml"
TRIAL = ROOT / "tests" / "data" / "trial" / "canada-india-2025.yaml"


def _run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    return result.exit_code, result.stdout


def _schema() -> dict[str, Any]:
    code, out = _run("schema", "--output")
    assert code == 0
    document = json.loads(out)
    assert isinstance(document, dict)
    return document


# (scenario, extra flags, status): the bundled example fits (proposed); a deadline of 16 June, before any
# venue's first start, leaves nothing (infeasible, so `conflict` and `relaxations` appear); the trial fits.
CASES = [
    (KOREA, [], "proposed"),
    (KOREA, ["--top", "3"], "proposed"),
    (KOREA, ["--set", "meetings.summit.deadline=2025-06-16"], "infeasible"),
    (TRIAL, [], "proposed"),
]


@pytest.mark.parametrize(
    ("scenario", "flags", "status"), CASES, ids=["korea", "korea-top3", "korea-infeasible", "trial"]
)
def test_real_json_documents_round_trip_through_the_output_model(
    scenario: Path, flags: list[str], status: str, tmp_path: Path
) -> None:
    _, out = _run("propose", scenario, "--json", "--out", tmp_path, *flags)
    model = OutputDocument.model_validate_json(out)
    assert model.status == status
    assert model.text() == out  # byte for byte: same keys, order, indentation and nulls
    keys = list(json.loads(out))
    if status == "proposed":
        # A feasible plan leaves conflict and relaxations out altogether (DESIGN.md), not null.
        assert keys == ["status", "proposals", "rejected", "withdrawn", "warnings", "context"]
    else:
        assert keys == [
            "status",
            "proposals",
            "rejected",
            "conflict",
            "relaxations",
            "withdrawn",
            "warnings",
            "context",
        ]
        # A relaxation's proposal belongs to an edited scenario, so it carries no legs.
        assert model.relaxations
        assert all("legs" not in r["proposal"] for r in json.loads(out)["relaxations"])
    if "--top" in flags:
        # --top asks for up to three; each option is ranked in turn after the proposal.
        ranks = [p.rank for p in model.proposals]
        assert len(ranks) > 1 and ranks == list(range(1, len(ranks) + 1))


def test_the_model_refuses_a_key_it_does_not_describe(tmp_path: Path) -> None:
    _, out = _run("propose", KOREA, "--json", "--out", tmp_path)
    document = json.loads(out)
    document["proposals"][0]["surprise"] = 1
    with pytest.raises(ValueError, match="surprise"):
        OutputDocument.model_validate(document)


def test_schema_output_describes_every_field_and_the_document_keys() -> None:
    document = _schema()
    assert document["$id"].endswith("output-v1.schema.json")
    assert list(document["properties"]) == [
        "status",
        "proposals",
        "rejected",
        "conflict",
        "relaxations",
        "withdrawn",
        "warnings",
        "context",
    ]
    # conflict and relaxations appear only when nothing fits, so they are not required.
    assert set(document["required"]) == {"status", "proposals", "rejected", "withdrawn", "warnings", "context"}
    objects = {"(top)": document, **document["$defs"]}
    missing = [
        f"{name}.{key}"
        for name, node in objects.items()
        for key, field in node.get("properties", {}).items()
        if not field.get("description")
    ]
    assert missing == []
    # The legs' keys are written as in the document ("from", "to"), not as the model's attribute names.
    assert {"from", "to"} <= set(document["$defs"]["Leg"]["properties"])


def test_schema_without_output_is_still_the_scenario_schema() -> None:
    code, out = _run("schema")
    assert code == 0
    assert json.loads(out)["$id"].endswith("scenario-v1.schema.json")


PROBE = """
import sys
from scheduler.cli import main
try:
    main(["schema", "--output"], prog_name="schedule")
except SystemExit as stop:
    code = stop.code
loaded = [name for name in sys.modules if name == "ortools" or name.startswith("ortools.")]
sys.exit(99 if loaded else code)
"""


def test_schema_output_does_not_import_ortools(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr  # 99 would mean ortools was loaded
