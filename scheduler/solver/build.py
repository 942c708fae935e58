"""Wire variables, constraints and objective into one CP-SAT model and solve it."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from ..availability import Option
from ..timegrid import IntervalSet
from . import constraints, objective
from .variables import make_vars


@dataclass(frozen=True)
class SolveResult:
    """Each option's earliest start (None: the venue cannot work), and whether that is proven."""

    earliest: dict[str, int | None]  # venue id → start minute
    proven: bool  # False when the time limit stopped the search early
    wall_time: float


def solve(
    options: list[Option],
    *,
    taken: dict[str, IntervalSet] | None = None,
    workers: int = 1,
    time_limit: float | None = None,
    seed: int = 0,
) -> SolveResult:
    """The earliest start at every venue of one meeting, in one solve."""
    model = cp_model.CpModel()
    variables = make_vars(model, options)
    constraints.add_all(model, variables)
    for ov in variables:
        constraints.excluded(model, ov, (taken or {}).get(ov.option.venue.id, IntervalSet()))
    objective.earliest_everywhere(model, variables)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if time_limit:
        solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # The model always has a solution (hold nothing); anything else means the limit hit first.
        return SolveResult({ov.option.venue.id: None for ov in variables}, False, solver.wall_time)
    earliest = {
        ov.option.venue.id: solver.value(ov.start) if solver.boolean_value(ov.held) else None for ov in variables
    }
    return SolveResult(earliest, status == cp_model.OPTIMAL, solver.wall_time)
