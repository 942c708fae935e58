"""Same input, same bytes: stdout and every written file, whatever the worker count or the process.

Each case runs `schedule propose` twice in fresh processes, in two copies of one workspace: once with
one CP-SAT worker and Python's hash seed 1, once with four workers and hash seed 2 (so neither thread
timing nor set and dict iteration order may leak into the answer). SOURCE_DATE_EPOCH is fixed, as a
release build would fix it; paths are relative, so the two folders print the same text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile_inputs import many_venues

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "calendars" / "korea-us-2025"
RUNS = [("1", "1"), ("4", "2")]  # (--workers, PYTHONHASHSEED)


def workspace(folder: Path, scenario: str | None) -> Path:
    """The bundled example (scenario and calendars), or a generated scenario, in `folder`."""
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("proposals"))
    if scenario is not None:
        (folder / "scenario.yaml").write_text(scenario, encoding="utf-8")
    return folder


def run(folder: Path, workers: str, seed: str, *args: str) -> tuple[int, bytes, dict[str, bytes]]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1750000000", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "propose", "scenario.yaml", "--out", "out", "--workers", workers, *args],
        cwd=folder,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    out = folder / "out"
    # the hidden versions of outputs.write_set aside: the files as a reader sees them
    shown = sorted(out.iterdir()) if out.exists() else []
    files = {p.name: p.read_bytes() for p in shown if p.name != ".summit-scheduler"}
    return done.returncode, done.stdout, files


@pytest.mark.parametrize(
    ("scenario", "args", "code"),
    [
        pytest.param(None, ["--top", "3"], 0, id="example-top-3"),
        # nothing fits by 10 June: per-venue reasons, the minimal conflict and relaxations, as JSON
        pytest.param(None, ["--json", "--set", "meetings.summit.deadline.at=2025-06-10"], 1, id="infeasible-json"),
        pytest.param(many_venues(30), ["--top", "2"], 0, id="30-venues", marks=pytest.mark.slow),
    ],
)
def test_one_and_four_workers_write_the_same_bytes(
    tmp_path: Path, scenario: str | None, args: list[str], code: int
) -> None:
    results = [run(workspace(tmp_path / f"run-{workers}", scenario), workers, seed, *args) for workers, seed in RUNS]
    (first_code, first_stdout, first_files), (second_code, second_stdout, second_files) = results
    assert first_code == second_code == code, first_stdout.decode()
    assert first_stdout == second_stdout
    assert sorted(first_files) == sorted(second_files)
    for name, data in first_files.items():
        assert data == second_files[name], f"{name} differs between the runs"
    if code == 0:
        assert first_files, "a proposal writes calendar files"
