"""Benchmark: wall time and peak memory of whole commands, against a baseline. Run by hand:

    python tests/bench/bench.py [--runs 7]

Each row runs a command several times in a fresh process and prints the median and best wall
time, the peak resident memory, and the ratio of the median to the row's baseline. The floor for
`schedule propose` is importing the solver (`import ortools.sat.python.cp_model`): nothing that
uses CP-SAT can start faster.

The heavy-calendars row gives two leaders five years of daily and weekly series plus 2,000 one-off
events each (`heavy_calendars.py`, generated afresh into a temporary folder with a fixed seed) and a
365-day horizon; its targets are absolute: under 3 s wall and 400 MB peak memory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from heavy_calendars import write_workspace  # tests/bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "calendars" / "korea-us-2025" / "scenario.yaml"
PYTHON = sys.executable
SCHEDULE = [PYTHON, "-m", "scheduler"]
STARTUP_LIMIT_S = 0.3  # `schedule --help`: commands import the solver, the models, rich and matplotlib lazily
HEAVY = "schedule propose (5-year calendars ×2, 365 d)"
HEAVY_LIMITS = (3.0, 400.0)  # seconds wall (median), MB peak


@dataclass
class Measure:
    median: float
    best: float
    peak_mb: float


def measure(command: list[str], runs: int, env: dict[str, str] | None = None) -> Measure:
    """Run `command` `runs` times (after one warm-up), each in a fresh process."""
    walls, peaks = [], []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=env, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"benchmark command failed: {' '.join(command)}")
        if attempt:  # the first run warms the disk cache and the holiday cache
            walls.append(elapsed)
            peaks.append(usage.ru_maxrss / 1024)
    return Measure(statistics.median(walls), min(walls), max(peaks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per row (default 7)")
    args = parser.parse_args()
    out = tempfile.mkdtemp(prefix="bench-")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1750000000"}
    floor = measure([PYTHON, "-c", "import ortools.sat.python.cp_model"], args.runs, env)
    heavy_scenario = write_workspace(Path(out) / "heavy")
    heavy = measure([*SCHEDULE, "propose", str(heavy_scenario), "--out", str(Path(out) / "heavy-out")], args.runs, env)
    rows = [
        ("floor: import ortools.sat.python.cp_model", floor, floor, None),
        ("startup: schedule --help", measure([*SCHEDULE, "--help"], args.runs, env), floor, None),
        ("schedule validate (example)", measure([*SCHEDULE, "validate", str(EXAMPLE)], args.runs, env), floor, None),
        ("schedule propose (example)",
         measure([*SCHEDULE, "propose", str(EXAMPLE), "--out", out], args.runs, env), floor, 1.5),
        (HEAVY, heavy, floor, None),
    ]
    print(f"{'command':46} {'median s':>9} {'best s':>8} {'peak MB':>8} {'× floor':>8}  target")
    for name, m, base, target in rows:
        ratio = m.median / base.median
        verdict = "" if target is None else f"≤ {target}× {'ok' if ratio <= target else 'MISSED'}"
        if name.startswith("startup:"):
            verdict = f"< {STARTUP_LIMIT_S:g} s {'ok' if m.median < STARTUP_LIMIT_S else 'MISSED'}"
        print(f"{name:46} {m.median:9.3f} {m.best:8.3f} {m.peak_mb:8.1f} {ratio:8.2f}  {verdict}")

    seconds, megabytes = HEAVY_LIMITS
    met = heavy.median < seconds and heavy.peak_mb < megabytes
    print(f"{HEAVY}: < {seconds:g} s and < {megabytes:g} MB {'ok' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
