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
    latest: bool = False,
) -> SolveResult:
    """The earliest (or, with `latest`, the last) start at every venue of one meeting, in one solve."""
    model = cp_model.CpModel()
    variables = make_vars(model, options)
    constraints.add_all(model, variables)
    for ov in variables:
        constraints.excluded(model, ov, (taken or {}).get(ov.option.venue.id, IntervalSet()))
    objective.earliest_everywhere(model, variables, latest)
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


def _conflict_model(
    options: list[Option], keys: list[str], hard: frozenset[str]
) -> tuple[cp_model.CpModel, dict[str, cp_model.IntVar]]:
    """Every option, with only the rules named in `keys` (or `hard`), each behind an assumption literal."""
    model = cp_model.CpModel()
    variables = make_vars(model, options)
    keep = {key: model.new_bool_var(f"keep[{key}]") for key in keys}
    for ov in variables:
        constraints.rules_under_assumptions(model, ov, keep, hard)
        align = keep.get(f"align:{ov.option.meeting.id}")
        if align is not None:
            constraints.alignment(model, ov, align)
    model.add_bool_or([ov.held for ov in variables])
    model.add_assumptions(list(keep.values()))
    return model, keep


def minimal_conflict(options: list[Option], hard: frozenset[str] = frozenset()) -> list[str] | None:
    """Keys of a minimal set of rules that together leave every option impossible; None if one works.

    One assumption literal per scenario element (rule key). CP-SAT's sufficient assumptions give a
    first core, asked for as OR-Tools advises: presolve off, one worker, no objective. A deletion
    filter then shrinks it until removing any element makes an option feasible.
    Rules whose key is in `hard` are not negotiable and never part of the answer.
    """
    elements = {rule.key for option in options for rule in option.rules} - hard
    keys = sorted(elements) + sorted({f"align:{o.meeting.id}" for o in options if o.grid.align > 1})
    model, keep = _conflict_model(options, keys, hard)
    explainer = cp_model.CpSolver()
    explainer.parameters.num_workers = 1
    explainer.parameters.cp_model_presolve = False
    if explainer.solve(model) != cp_model.INFEASIBLE:
        return None
    by_index = {literal.index: key for key, literal in keep.items()}
    core = sorted(by_index[i] for i in explainer.sufficient_assumptions_for_infeasibility() if i in by_index)

    def infeasible(active: list[str]) -> bool:
        """No option has a start under the rules in `active`: decided on the rules' own sets of starts.

        The same sets the model constrains, intersected directly: exact, and fast enough to ask
        once per element of the core.
        """
        kept = set(active) | hard
        return all(option.first_start(kept, f"align:{option.meeting.id}" in kept) is None for option in options)

    if not infeasible(core):  # the core CP-SAT reports is sufficient; stay safe all the same
        core = list(keys)
    for key in list(core):
        trial = [k for k in core if k != key]
        if infeasible(trial):
            core = trial
    return core
