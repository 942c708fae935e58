"""The model layers (scheduler/solver/cpsat_compiled.py, which writes CpModelProto fields itself, and
cpsat_public.py on OR-Tools' documented API): each call, checked by solving, on both layers.

Every case is small enough to work out by hand; the expected answer is in the comment beside it.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from scheduler.solver import cpsat
from scheduler.solver.status import Status

EXAMPLE = Path(__file__).parent.parent / "calendars" / "korea-us-2025" / "scenario.yaml"


@pytest.fixture(params=cpsat.LAYERS)
def cp(request: pytest.FixtureRequest) -> ModuleType:
    """Each model layer in turn: the compiled fast path and the public cp_model fallback."""
    return importlib.import_module(f"scheduler.solver.cpsat_{request.param}")


def solved(cp: ModuleType, model: Any) -> Any:
    solver = cp.Solver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == Status.OPTIMAL
    return solver


def test_domain_variable_and_objective_offset(cp: ModuleType) -> None:
    # x ∈ {3..5} ∪ {9..12}; minimise 2x + 7 with x ≥ 6 (as x ∈ [6, 20]): x = 9, objective 25.
    model = cp.Model()
    x = model.new_int_var_from_domain(cp.Domain.from_flat_intervals([3, 5, 9, 12]), "x")
    model.add_linear_expression_in_domain(x, cp.Domain(6, 20))
    model.minimize(2 * x + 7)
    solver = solved(cp, model)
    assert solver.value(x) == 9
    assert solver.response.objective_value == 25


def test_linear_relation_moves_its_offset_to_the_bounds(cp: ModuleType) -> None:
    # x == 3y + 2 with y ∈ [1, 4] and x ∈ [0, 100], minimising x: y = 1, x = 5. (The relation is
    # x − 3y − 2 == 0; written without the offset it would be x − 3y == 0 and give x = 3.)
    model = cp.Model()
    x, y = model.new_int_var(0, 100, "x"), model.new_int_var(1, 4, "y")
    model.add(x == 3 * y + 2)
    model.minimize(x)
    solver = solved(cp, model)
    assert (solver.value(x), solver.value(y)) == (5, 1)


def test_expression_in_a_domain_with_an_offset(cp: ModuleType) -> None:
    # 10k + 4 ∈ [30, 60], minimising k: 10k ∈ [26, 56], so k ∈ {3, 4, 5}: k = 3, start 34.
    model = cp.Model()
    k = model.new_int_var(0, 10, "k")
    model.add_linear_expression_in_domain(10 * k + 4, cp.Domain(30, 60))
    model.minimize(k)
    solver = solved(cp, model)
    assert solver.value(10 * k + 4) == 34


def test_enforcement_by_a_literal_and_by_its_negation(cp: ModuleType) -> None:
    # b → x ≥ 8 and ¬b → x ≤ 2, with b forced true: x is at least 8; minimising x gives 8.
    # Forced false instead, the other side holds and maximising x gives 2.
    for held, expected in ((1, 8), (0, 2)):
        model = cp.Model()
        x, b = model.new_int_var(0, 10, "x"), model.new_bool_var("b")
        model.add_linear_expression_in_domain(x, cp.Domain(8, 10)).only_enforce_if(b)
        model.add_linear_expression_in_domain(x, cp.Domain(0, 2)).only_enforce_if(~b)
        model.add(b == held)
        model.minimize(x if held else -x)
        assert solved(cp, model).value(x) == expected


def test_several_enforcement_literals_all_must_hold(cp: ModuleType) -> None:
    # (a ∧ b) → x == 7; a forced true, b free, minimising x: b false leaves x free, so x = 0.
    model = cp.Model()
    x, a, b = model.new_int_var(0, 10, "x"), model.new_bool_var("a"), model.new_bool_var("b")
    model.add(x == 7).only_enforce_if([a, b])
    model.add(a == 1)
    model.minimize(x)
    solver = solved(cp, model)
    assert (solver.value(x), solver.value(b)) == (0, 0)


def test_clause_and_an_empty_clause(cp: ModuleType) -> None:
    # a ∨ b with a's cost 1 and b's cost 2, minimised: a = 1, b = 0, objective 1.
    model = cp.Model()
    a, b = model.new_bool_var("a"), model.new_bool_var("b")
    model.add_bool_or([a, b])
    model.minimize(cp.LinearExpr.sum([a, 2 * b]))
    solver = solved(cp, model)
    assert (solver.value(a), solver.value(b)) == (1, 0)
    # No literal at all: the clause is false, the model infeasible.
    empty = cp.Model()
    empty.new_bool_var("c")
    empty.add_bool_or([])
    assert cp.Solver().solve(empty) == Status.INFEASIBLE


def test_assumptions_give_the_conflicting_ones(cp: ModuleType) -> None:
    # keep1 → x ≤ 3, keep2 → x ≥ 5, keep3 → x ≥ 1: the first two cannot both hold, the third is
    # compatible with either, so the sufficient assumptions are {keep1, keep2} (presolve off,
    # one worker, as minimal_conflict asks).
    model = cp.Model()
    x = model.new_int_var(0, 10, "x")
    keep = [model.new_bool_var(f"keep{i}") for i in (1, 2, 3)]
    model.add_linear_expression_in_domain(x, cp.Domain(0, 3)).only_enforce_if(keep[0])
    model.add_linear_expression_in_domain(x, cp.Domain(5, 10)).only_enforce_if(keep[1])
    model.add_linear_expression_in_domain(x, cp.Domain(1, 10)).only_enforce_if(keep[2])
    model.add_assumptions(keep)
    solver = cp.Solver()
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_presolve = False
    assert solver.solve(model) == Status.INFEASIBLE
    core = set(solver.sufficient_assumptions_for_infeasibility())
    assert {keep[0].index, keep[1].index} <= core
    assert solver.solve(model) == Status.INFEASIBLE  # a solver can be asked again


def test_a_plain_bool_is_refused(cp: ModuleType) -> None:
    # `x == x` is evaluated by Python to True, not to a relation: adding it would be a silent no-op.
    model = cp.Model()
    with pytest.raises(TypeError, match="not a linear relation"):
        model.add(True)
    with pytest.raises(RuntimeError, match="solve"):
        cp.Solver().value(model.new_int_var(0, 1, "x"))


@pytest.mark.parametrize(
    ("version", "override", "expected"),
    [
        ("9.15.6755", None, "compiled"),  # the version the compiled layer was written and tested on
        ("9.16.0", None, "public"),  # an upgrade the tests have not covered: the documented API
        ("10.0.1", None, "public"),
        ("9.14.6206", None, "public"),  # older than the compiled layer knows
        ("9.15.6755", "public", "public"),  # the tests' override wins either way
        ("9.16.0", "compiled", "compiled"),
        ("9.15.6755", "bogus", "compiled"),  # an unknown override is ignored
    ],
)
def test_the_layer_follows_the_tested_versions(version: str, override: str | None, expected: str) -> None:
    assert cpsat.chosen_layer(version, override or "") == expected


def _run(layer: str, out: Path, *args: str) -> tuple[int, str, dict[str, bytes]]:
    env = {**os.environ, "SUMMIT_SCHEDULER_CPSAT": layer, "SOURCE_DATE_EPOCH": "1750000000"}
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", *args, "--out", str(out)], capture_output=True, text=True, env=env
    )
    files = {p.name: p.read_bytes() for p in sorted(out.glob("*.ics"))} if out.exists() else {}
    return done.returncode, done.stdout.replace(str(out), "OUT"), files


@pytest.mark.parametrize(
    ("args", "code"),
    [
        # Feasible (exit 0): ranked options and the reasons for the other venues.
        (["propose", str(EXAMPLE), "--top", "3"], 0),
        # Infeasible (exit 1): nothing fits before the 16th (README, "What would it take"), so the
        # minimal conflict and the relaxations are searched too.
        (["propose", str(EXAMPLE), "--set", "meetings.summit.deadline=2025-06-16", "--json"], 1),
    ],
)
def test_both_layers_give_byte_identical_answers(args: list[str], code: int, tmp_path: Path) -> None:
    # The whole pipeline (earliest starts, conflict cores, relaxations) on the public layer must say
    # and write exactly what it says and writes on the compiled one.
    compiled = _run("compiled", tmp_path / "compiled", *args)
    public = _run("public", tmp_path / "public", *args)
    assert compiled[0] == code
    assert compiled[1]  # an answer was printed
    assert public == compiled
