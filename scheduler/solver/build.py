"""Wire variables, constraints and objective into CP-SAT models and solve them."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..availability import Option
from ..timegrid import IntervalSet
from . import constraints, cpsat, objective
from .variables import make_vars


@dataclass(frozen=True)
class SolveResult:
    """Each option's earliest start (None: the venue cannot work), and whether that is proven."""

    earliest: dict[str, int | None]  # venue id → start minute
    proven: bool  # False when the time limit stopped the search early
    wall_time: float
    unsettled: frozenset[str] = field(default_factory=frozenset)  # venues the time limit cut short


def cp_solver(workers: int = 1, time_limit: float | None = None, seed: int = 0) -> cpsat.Solver:
    """A CP-SAT solver that leaves Ctrl-C to Python.

    By default CP-SAT catches SIGINT: the search stops as if a time limit were reached (so an
    interrupted run would go on to write its files), and afterwards SIGINT is left at the system
    default (so a later Ctrl-C kills the process before a write can roll back). With catching off,
    Ctrl-C raises KeyboardInterrupt in Python as soon as the running solve returns.
    """
    solver = cpsat.Solver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.catch_sigint_signal = False
    if time_limit is not None:
        solver.parameters.max_time_in_seconds = time_limit
    return solver


def solve(
    options: list[Option],
    *,
    taken: dict[str, IntervalSet] | None = None,
    workers: int = 1,
    time_limit: float | None = None,
    seed: int = 0,
    latest: bool = False,
) -> SolveResult:
    """The earliest (or, with `latest`, the last) start at every venue of one meeting.

    The options of a meeting do not interact, so each is its own small model. (In one model CP-SAT
    had to prove a sum of independent optima: seconds per venue, minutes for 25 venues.)
    `time_limit` bounds the whole call; a venue it cuts short is `unsettled`: its start, if any, is
    not proven earliest, and a venue left without one was not ruled out.
    """
    began = time.perf_counter()
    earliest: dict[str, int | None] = {}
    unsettled: set[str] = set()
    for option in options:
        vid = option.venue.id
        budget = None if time_limit is None else time_limit - (time.perf_counter() - began)
        if option.lo >= option.hi:  # not_before at or after the deadline: no start to search
            earliest[vid] = None
            continue
        if budget is not None and budget <= 0:
            earliest[vid] = None
            unsettled.add(vid)
            continue
        earliest[vid], optimal = _solve_one(
            option, (taken or {}).get(vid, IntervalSet()), workers, budget, seed, latest
        )
        if not optimal:
            unsettled.add(vid)
    return SolveResult(earliest, not unsettled, time.perf_counter() - began, frozenset(unsettled))


def _solve_one(
    option: Option, taken: IntervalSet, workers: int, time_limit: float | None, seed: int, latest: bool
) -> tuple[int | None, bool]:
    """One option's earliest (or last) start, and whether CP-SAT proved it."""
    model = cpsat.Model()
    variables = make_vars(model, [option])
    ov = variables[0]
    # Alone in its model, the option is simply held: every rule becomes a hard constraint that
    # presolve intersects at once, and "no start" is CP-SAT proving the model infeasible.
    model.add(ov.held == 1)
    constraints.add_all(model, variables)
    constraints.excluded(model, ov, taken)
    objective.earliest_everywhere(model, variables, latest)
    solver = cp_solver(workers, time_limit, seed)
    status = solver.solve(model)
    if status == cpsat.Status.INFEASIBLE:
        return None, True
    if status == cpsat.Status.UNKNOWN:
        return None, False  # the time limit came first: not ruled out
    if status not in (cpsat.Status.OPTIMAL, cpsat.Status.FEASIBLE):  # a bug, never to be shown as "no start"
        raise RuntimeError(f"CP-SAT refused the model of {option.venue.id}: {status.name}")
    return solver.value(ov.start), status == cpsat.Status.OPTIMAL


def _conflict_model(
    options: list[Option], keys: list[str], hard: frozenset[str]
) -> tuple[cpsat.Model, dict[str, cpsat.IntVar]]:
    """Every option, with only the rules named in `keys` (or `hard`), each behind an assumption literal."""
    model = cpsat.Model()
    variables = make_vars(model, options, grid_negotiable=True)
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
    explainer = cp_solver()
    explainer.parameters.cp_model_presolve = False
    if explainer.solve(model) != cpsat.Status.INFEASIBLE:
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
