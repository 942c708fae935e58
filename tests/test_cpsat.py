"""The model layer (scheduler/solver/cpsat.py) writes CpModelProto fields itself: each call, checked by solving.

Every case is small enough to work out by hand; the expected answer is in the comment beside it.
"""

from __future__ import annotations

import pytest

from scheduler.solver.cpsat import Domain, LinearExpr, Model, Solver, Status


def solved(model: Model) -> Solver:
    solver = Solver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == Status.OPTIMAL
    return solver


def test_domain_variable_and_objective_offset() -> None:
    # x ∈ {3..5} ∪ {9..12}; minimise 2x + 7 with x ≥ 6 (as x ∈ [6, 20]): x = 9, objective 25.
    model = Model()
    x = model.new_int_var_from_domain(Domain.from_flat_intervals([3, 5, 9, 12]), "x")
    model.add_linear_expression_in_domain(x, Domain(6, 20))
    model.minimize(2 * x + 7)
    solver = solved(model)
    assert solver.value(x) == 9
    assert solver.response.objective_value == 25


def test_linear_relation_moves_its_offset_to_the_bounds() -> None:
    # x == 3y + 2 with y ∈ [1, 4] and x ∈ [0, 100], minimising x: y = 1, x = 5. (The relation is
    # x − 3y − 2 == 0; written without the offset it would be x − 3y == 0 and give x = 3.)
    model = Model()
    x, y = model.new_int_var(0, 100, "x"), model.new_int_var(1, 4, "y")
    model.add(x == 3 * y + 2)
    model.minimize(x)
    solver = solved(model)
    assert (solver.value(x), solver.value(y)) == (5, 1)


def test_expression_in_a_domain_with_an_offset() -> None:
    # 10k + 4 ∈ [30, 60], minimising k: 10k ∈ [26, 56], so k ∈ {3, 4, 5}: k = 3, start 34.
    model = Model()
    k = model.new_int_var(0, 10, "k")
    model.add_linear_expression_in_domain(10 * k + 4, Domain(30, 60))
    model.minimize(k)
    solver = solved(model)
    assert solver.value(10 * k + 4) == 34


def test_enforcement_by_a_literal_and_by_its_negation() -> None:
    # b → x ≥ 8 and ¬b → x ≤ 2, with b forced true: x is at least 8; minimising x gives 8.
    # Forced false instead, the other side holds and maximising x gives 2.
    for held, expected in ((1, 8), (0, 2)):
        model = Model()
        x, b = model.new_int_var(0, 10, "x"), model.new_bool_var("b")
        model.add_linear_expression_in_domain(x, Domain(8, 10)).only_enforce_if(b)
        model.add_linear_expression_in_domain(x, Domain(0, 2)).only_enforce_if(~b)
        model.add(b == held)
        model.minimize(x if held else -x)
        assert solved(model).value(x) == expected


def test_several_enforcement_literals_all_must_hold() -> None:
    # (a ∧ b) → x == 7; a forced true, b free, minimising x: b false leaves x free, so x = 0.
    model = Model()
    x, a, b = model.new_int_var(0, 10, "x"), model.new_bool_var("a"), model.new_bool_var("b")
    model.add(x == 7).only_enforce_if([a, b])
    model.add(a == 1)
    model.minimize(x)
    solver = solved(model)
    assert (solver.value(x), solver.value(b)) == (0, 0)


def test_clause_and_an_empty_clause() -> None:
    # a ∨ b with a's cost 1 and b's cost 2, minimised: a = 1, b = 0, objective 1.
    model = Model()
    a, b = model.new_bool_var("a"), model.new_bool_var("b")
    model.add_bool_or([a, b])
    model.minimize(LinearExpr.sum([a, 2 * b]))
    solver = solved(model)
    assert (solver.value(a), solver.value(b)) == (1, 0)
    # No literal at all: the clause is false, the model infeasible.
    empty = Model()
    empty.new_bool_var("c")
    empty.add_bool_or([])
    assert Solver().solve(empty) == Status.INFEASIBLE


def test_assumptions_give_the_conflicting_ones() -> None:
    # keep1 → x ≤ 3, keep2 → x ≥ 5, keep3 → x ≥ 1: the first two cannot both hold, the third is
    # compatible with either, so the sufficient assumptions are {keep1, keep2} (presolve off,
    # one worker, as minimal_conflict asks).
    model = Model()
    x = model.new_int_var(0, 10, "x")
    keep = [model.new_bool_var(f"keep{i}") for i in (1, 2, 3)]
    model.add_linear_expression_in_domain(x, Domain(0, 3)).only_enforce_if(keep[0])
    model.add_linear_expression_in_domain(x, Domain(5, 10)).only_enforce_if(keep[1])
    model.add_linear_expression_in_domain(x, Domain(1, 10)).only_enforce_if(keep[2])
    model.add_assumptions(keep)
    solver = Solver()
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_presolve = False
    assert solver.solve(model) == Status.INFEASIBLE
    core = set(solver.sufficient_assumptions_for_infeasibility())
    assert {keep[0].index, keep[1].index} <= core
    assert solver.solve(model) == Status.INFEASIBLE  # a solver can be asked again


def test_a_plain_bool_is_refused() -> None:
    # `x == x` is evaluated by Python to True, not to a relation: adding it would be a silent no-op.
    model = Model()
    with pytest.raises(TypeError, match="not a linear relation"):
        model.add(True)
    with pytest.raises(RuntimeError, match="solve"):
        Solver().value(model.new_int_var(0, 1, "x"))
