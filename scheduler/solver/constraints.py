"""One function per rule; `add_all` calls them in one ordered list.

Every constraint is enforced only while its option is `held`, so a venue that cannot work leaves
`held` false instead of making the whole model infeasible.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model
from ortools.util.python.sorted_interval_list import Domain

from ..availability import Rule
from ..timegrid import IntervalSet
from .variables import OptionVars


def domain(allowed: IntervalSet) -> Domain:
    """Half-open minute intervals → CP-SAT's closed ones."""
    return Domain.from_flat_intervals([bound for a, b in allowed for bound in (a, b - 1)])


def rules(model: cp_model.CpModel, ov: OptionVars) -> None:
    """Each scenario rule: the start lies in the set of starts the rule allows."""
    for rule in ov.option.rules:
        add_rule(model, ov, rule)


def add_rule(model: cp_model.CpModel, ov: OptionVars, rule: Rule) -> cp_model.Constraint:
    return model.add_linear_expression_in_domain(ov.start, domain(rule.allowed)).only_enforce_if(ov.held)


def alignment(model: cp_model.CpModel, ov: OptionVars) -> None:
    """The start is on the venue's local-clock grid: start = align·slot + residue, per UTC-offset segment."""
    segments = ov.option.grid.segments
    align = ov.option.grid.align
    if len({residue for _, _, residue in segments}) == 1:
        model.add(ov.start == align * ov.slot + segments[0][2]).only_enforce_if(ov.held)
        return
    in_segment = []
    for index, (start, end, residue) in enumerate(segments):
        literal = model.new_bool_var(f"segment[{ov.option.venue.id},{index}]")
        model.add_linear_expression_in_domain(ov.start, Domain(start, end - 1)).only_enforce_if(literal)
        model.add(ov.start == align * ov.slot + residue).only_enforce_if(literal)
        in_segment.append(literal)
    model.add_bool_or(in_segment).only_enforce_if(ov.held)


def excluded(model: cp_model.CpModel, ov: OptionVars, taken: IntervalSet) -> None:
    """Starts already proposed (for --top N distinct days) are off the table."""
    if taken:
        allowed = taken.complement(ov.option.lo, ov.option.hi)
        model.add_linear_expression_in_domain(ov.start, domain(allowed)).only_enforce_if(ov.held)


RULES: list[Callable[[cp_model.CpModel, OptionVars], None]] = [rules, alignment]


def add_all(model: cp_model.CpModel, options: list[OptionVars]) -> None:
    for ov in options:
        for rule in RULES:
            rule(model, ov)
