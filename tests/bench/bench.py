"""Benchmark: wall time and peak memory of whole commands, against a baseline. Run by hand:

    python tests/bench/bench.py [--runs 7]

Each row runs a command several times in a fresh process and prints the median and best wall
time, the peak resident memory, and the ratio of the median to the row's baseline. The floor for
`schedule propose` is importing the solver (`import ortools.sat.python.cp_model`), as the issue
sets it; the row after it shows how much of that our solver layer loads (the compiled module
without cp_model.py's numpy and pandas, see scheduler/solver/cpsat.py). `schedule explain` is
measured against `schedule propose` (target: at most twice as long), and the minimal conflict of a
generated infeasible scenario with 30 venues and 500 busy blocks against a limit in seconds
(target: under 10 s).

The heavy-calendars row gives two leaders five years of daily and weekly series plus 2,000 one-off
events each (`heavy_calendars.py`, generated afresh into a temporary folder with a fixed seed) and a
365-day horizon; its targets are absolute: under 3 s wall and 400 MB peak memory. Three generated
scenarios (`scenarios.py`, fixed seeds) follow: a 365-day horizon on a 1-minute grid with two leaders
× 5,000 busy events and 50 venues (target: under 5 s wall and 500 MB), ten participants and 20
venues, and 1,000 venues.

The second table sets our solve against its floor, for one meeting, in a fresh process after the
imports and after loading the scenario (neither is timed):

- floor: the direct interval-intersection computation of the same earliest slot. Build every rule
  of every venue as a set of allowed start minutes (`RuleBook`, `options`), intersect each venue's
  sets and take the first start on its local-clock grid (`Option.first_aligned`); the earliest
  over the venues wins, ties to the meeting's venue order. Nothing can answer faster without
  computing less than the rules themselves.
- ours: `plan(problem, explain=False)`: the same rule sets, then CP-SAT for each venue, then the
  independent verifier.

Both must name the same venue and minute (checked). `rules s` is the part of both spent building the
rule sets. Target: ours within 3× the floor on every row.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml
from heavy_calendars import write_workspace  # tests/bench/ is on sys.path when run as a script
from scenarios import write as write_scenarios

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "calendars" / "korea-us-2025" / "scenario.yaml"
PYTHON = sys.executable
SCHEDULE = [PYTHON, "-m", "scheduler"]
STARTUP_LIMIT_S = 0.3  # `schedule --help`: commands import the solver, the models, rich and matplotlib lazily
HEAVY = "schedule propose (5-year calendars ×2, 365 d)"
HEAVY_LIMITS = (3.0, 400.0)  # seconds wall (median), MB peak
GENERATED = {  # scenarios.py name → row
    "busy-year": "schedule propose (365 d, 1-min grid, 2×5,000 busy, 50 venues)",
    "many-leaders": "schedule propose (10 participants, 20 venues)",
    "many-venues": "schedule propose (1,000 venues)",
}
BUSY_YEAR_LIMITS = (5.0, 500.0)  # seconds wall (median), MB peak
SOLVE_RATIO_LIMIT = 3.0
# The compiled layer that scheduler/solver/cpsat.py writes models with: cp_model.py minus numpy and pandas.
LAYER_IMPORT = "import ortools.sat.python.cp_model_helper, ortools.util.python.sorted_interval_list"

# Times our solve and its floor on one scenario (see the module docstring); prints one JSON line.
SOLVE_VS_FLOOR = """
import json, resource, statistics, sys, time
from scheduler.availability import RuleBook, options
from scheduler.loading import load_scenario
from scheduler.plan import plan
from scheduler.problem import build_problem
from scheduler.timegrid import to_minute
import scheduler.solver  # OR-Tools imported before anything is timed

problem = build_problem(load_scenario(sys.argv[1]))
meeting = next(iter(problem.meetings.values()))

def rules():
    book = RuleBook(problem)
    return options(problem, meeting, book)

def floor():
    found = [(start, o.rank, o.venue.id) for o in rules() if (start := o.first_aligned()) is not None]
    return min(found)[::2] if found else None

def ours():
    proposals = plan(problem, explain=False).meetings[0].proposals
    return (to_minute(proposals[0].start), proposals[0].venue.id) if proposals else None

times = {"rules": [], "floor": [], "ours": []}
answers = {}
for run in range(int(sys.argv[2]) + 1):  # the first round warms caches (zones, holidays) and is not counted
    for name, compute in (("rules", rules), ("floor", floor), ("ours", ours)):
        started = time.perf_counter()
        answers[name] = compute()
        if run:
            times[name].append(time.perf_counter() - started)
assert answers["ours"] == answers["floor"], answers
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({**{name: statistics.median(t) for name, t in times.items()}, "peak_mb": peak}))
"""


CONFLICT_CITIES = {
    "seoul": ("Seoul", "Asia/Seoul", [37.5665, 126.9780]),
    "washington": ("Washington, D.C.", "America/New_York", [38.8977, -77.0365]),
    "berlin": ("Berlin", "Europe/Berlin", [52.5200, 13.4050]),
    "london": ("London", "Europe/London", [51.5074, -0.1278]),
    "tokyo": ("Tokyo", "Asia/Tokyo", [35.6762, 139.6503]),
    "delhi": ("New Delhi", "Asia/Kolkata", [28.6139, 77.2090]),
}
CONFLICT_LEADERS = {"lee": "seoul", "trump": "washington", "merz": "berlin"}

# Loads the scenario and times only the minimal-conflict search (what `propose` runs when nothing fits,
# before it tries relaxations); fails loudly if the scenario turned out feasible.
CONFLICT_SEARCH = """
import sys, time
from scheduler.availability import RuleBook
from scheduler.explain import meeting_conflict
from scheduler.loading import load_scenario
from scheduler.problem import build_problem
problem = build_problem(load_scenario(sys.argv[1]))
conflict = meeting_conflict(problem, problem.meetings["summit"], RuleBook(problem))
assert conflict, "the benchmark scenario must be infeasible"
"""


def conflict_scenario(venues: int = 30, busy: int = 500, seed: int = 30500) -> dict[str, object]:
    """A three-leader meeting that fits nowhere before the deadline, each venue for its own reasons.

    Venue i is open for two days in June; a third need 30 days' notice (past the 28 June deadline),
    a third are open over a weekend but meet on weekdays only, and a third have 09:00–17:00 hours that
    one leader's programme (08:00–18:00 local, both days) fills. The other busy blocks (to `busy` in
    all) are scattered over June by a seeded generator, so the scenario is the same on every run.
    """
    rng = random.Random(seed)
    blocks: dict[str, list[dict[str, str]]] = {lid: [] for lid in CONFLICT_LEADERS}
    venue_data: dict[str, dict[str, object]] = {}
    cities = list(CONFLICT_CITIES)
    for i in range(venues):
        place = cities[i % len(cities)]
        day = date(2025, 6, 4) + timedelta(days=(i * 7) % 24)
        venue: dict[str, object] = {"name": f"Venue {i + 1}", "place": place}
        if i % 3 == 0:
            venue["notice"] = "30d"
        elif i % 3 == 1:
            day += timedelta(days=(5 - day.weekday()) % 7)  # the Saturday on or after
            venue["weekdays"] = ["mon", "tue", "wed", "thu", "fri"]
        else:
            venue["hours"] = "09:00-17:00"
            leader = list(CONFLICT_LEADERS)[(i // 3) % len(CONFLICT_LEADERS)]
            for offset in (0, 1):
                busy_day = day + timedelta(days=offset)
                blocks[leader].append(
                    {
                        "start": f"{busy_day}T08:00",
                        "end": f"{busy_day}T18:00",
                        "timezone": CONFLICT_CITIES[place][1],
                        "what": f"programme at venue {i + 1}",
                    }
                )
        venue["open"] = [{"start": f"{day}T00:00", "end": f"{day + timedelta(days=2)}T00:00"}]
        venue_data[f"venue-{i + 1:02d}"] = venue
    count = sum(map(len, blocks.values()))
    while count < busy:
        leader = rng.choice(list(CONFLICT_LEADERS))
        start = datetime(2025, 6, 1) + timedelta(minutes=15 * rng.randrange(30 * 96))
        end = start + timedelta(minutes=15 * rng.randint(2, 12))
        count += 1
        blocks[leader].append(
            {
                "start": start.isoformat(timespec="minutes"),
                "end": end.isoformat(timespec="minutes"),
                "what": f"engagement {count}",
            }
        )
    return {
        "version": 1,
        "title": f"{venues} venues, {busy} busy blocks, nothing fits",
        "as_of": "2025-06-02T00:00Z",
        "timezone": "UTC",
        "places": {pid: {"name": n, "timezone": z, "coordinates": c} for pid, (n, z, c) in CONFLICT_CITIES.items()},
        "leaders": {
            lid: {"name": lid.title(), "home": home, "busy": blocks[lid]} for lid, home in CONFLICT_LEADERS.items()
        },
        "venues": venue_data,
        "meetings": {
            "summit": {
                "title": "Three-way summit",
                "participants": list(CONFLICT_LEADERS),
                "duration": "1h",
                "deadline": "2025-06-28",
            }
        },
    }


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
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
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
    parser.add_argument(
        "--heavy-runs",
        type=int,
        default=3,
        help="timed runs of the generated scenarios and of solve versus floor (default 3)",
    )
    parser.add_argument(
        "--conflict-runs",
        type=int,
        default=3,
        help="timed runs of the 30-venue minimal conflict (default 3; each may take a while)",
    )
    args = parser.parse_args()
    out = tempfile.mkdtemp(prefix="bench-")
    conflict = Path(out) / "conflict-30-venues.yaml"
    conflict.write_text(yaml.safe_dump(conflict_scenario(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1750000000"}
    floor = measure([PYTHON, "-c", "import ortools.sat.python.cp_model"], args.runs, env)
    helper = measure([PYTHON, "-c", LAYER_IMPORT], args.runs, env)
    heavy_scenario = write_workspace(Path(out) / "heavy")
    heavy = measure([*SCHEDULE, "propose", str(heavy_scenario), "--out", str(Path(out) / "heavy-out")], args.runs, env)
    propose = measure([*SCHEDULE, "propose", str(EXAMPLE), "--out", out], args.runs, env)
    generated = write_scenarios(Path(out) / "generated")
    big = {
        name: measure([*SCHEDULE, "propose", str(path), "--out", str(Path(out) / f"{name}-out")], args.heavy_runs, env)
        for name, path in generated.items()
    }
    # (name, measure, baseline, target: at most this many times the baseline, or under this many seconds)
    rows: list[tuple[str, Measure, Measure, float | None, float | None]] = [
        ("floor: import ortools.sat.python.cp_model", floor, floor, None, None),
        ("what propose loads of OR-Tools: cp_model_helper, Domain", helper, floor, None, None),
        ("startup: schedule --help", measure([*SCHEDULE, "--help"], args.runs, env), floor, None, STARTUP_LIMIT_S),
        (
            "schedule validate (example)",
            measure([*SCHEDULE, "validate", str(EXAMPLE)], args.runs, env),
            floor,
            None,
            None,
        ),
        ("schedule propose (example)", propose, floor, 1.5, None),
        (
            "schedule explain (example), × propose",
            measure([*SCHEDULE, "explain", str(EXAMPLE)], args.runs, env),
            propose,
            2.0,
            None,
        ),
        (
            "minimal conflict: 30 venues, 500 busy blocks",
            measure([PYTHON, "-c", CONFLICT_SEARCH, str(conflict)], args.conflict_runs, env),
            floor,
            None,
            10.0,
        ),
        (HEAVY, heavy, floor, None, None),
        *(
            (GENERATED[name], m, floor, None, BUSY_YEAR_LIMITS[0] if name == "busy-year" else None)
            for name, m in big.items()
        ),
    ]
    print(f"{'command':64} {'median s':>9} {'best s':>8} {'peak MB':>8} {'× base':>8}  target")
    for name, m, base, target, limit in rows:
        ratio = m.median / base.median
        verdict = ""
        if target is not None:
            verdict = f"≤ {target}× {'ok' if ratio <= target else 'MISSED'}"
        if limit is not None:
            verdict = f"< {limit:g} s {'ok' if m.median < limit else 'MISSED'}"
        print(f"{name:64} {m.median:9.3f} {m.best:8.3f} {m.peak_mb:8.1f} {ratio:8.2f}  {verdict}".rstrip())

    for name, m, (seconds, megabytes) in (
        (HEAVY, heavy, HEAVY_LIMITS),
        (GENERATED["busy-year"], big["busy-year"], BUSY_YEAR_LIMITS),
    ):
        met = m.median < seconds and m.peak_mb < megabytes
        print(f"{name}: < {seconds:g} s and < {megabytes:g} MB {'ok' if met else 'MISSED'}")

    print()
    print(
        f"{'solve vs floor (one meeting, after imports and loading)':64} {'rules s':>9} {'floor s':>8} "
        f"{'ours s':>8} {'× floor':>8} {'peak MB':>8}  target"
    )
    for name, path in (
        ("seed example (korea-us-2025)", EXAMPLE),
        ("5-year calendars ×2, 365 d", heavy_scenario),
        *((GENERATED[key].removeprefix("schedule propose ")[1:-1], path) for key, path in generated.items()),
    ):
        done = subprocess.run(
            [PYTHON, "-c", SOLVE_VS_FLOOR, str(path), str(args.heavy_runs)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        row = json.loads(done.stdout)
        ratio = row["ours"] / row["floor"]
        verdict = f"≤ {SOLVE_RATIO_LIMIT:g}× {'ok' if ratio <= SOLVE_RATIO_LIMIT else 'MISSED'}"
        print(
            f"{name:64} {row['rules']:9.3f} {row['floor']:8.3f} {row['ours']:8.3f} {ratio:8.2f} "
            f"{row['peak_mb']:8.1f}  {verdict}"
        )


if __name__ == "__main__":
    main()
