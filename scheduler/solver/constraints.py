"""One function per rule; `add_all` calls them in one ordered list.

Every constraint is enforced only while its option is `held`, so a venue that cannot work leaves
`held` false instead of making the whole model infeasible.
"""

from __future__ import annotations

from collections.abc import Callable

from ..availability import Rule
from ..timegrid import IntervalSet
from .cpsat import Domain, IntVar, Model
from .variables import OptionVars


def domain(allowed: IntervalSet) -> Domain:
    """Half-open minute intervals → CP-SAT's closed ones."""
    return Domain.from_flat_intervals([bound for a, b in allowed for bound in (a, b - 1)])


def slot_domain(allowed: IntervalSet, align: int, residue: int) -> Domain:
    """The slots k whose start align·k + residue lies in `allowed` (ceil division at both ends)."""
    flat: list[int] = []
    for a, b in allowed:
        first, last = -((residue - a) // align), -((residue - b) // align) - 1
        if first <= last:
            flat += (first, last)
    return Domain.from_flat_intervals(flat)


def constrain(
    model: Model,
    ov: OptionVars,
    allowed: IntervalSet,
    enforced_by: list[IntVar],
    leapfrog: bool = False,
) -> None:
    """While every literal of `enforced_by` holds, the start lies in `allowed` (on the grid slot where it can).

    Where the literals are fixed before the search (a held option), a plain domain constraint is
    best: presolve intersects them all. Where they are assumptions decided during the search
    (`leapfrog`), the set becomes the domain of a fresh copy of the start tied to it by an enforced
    equality: CP-SAT skips the holes of a variable's own domain when it moves bounds, so the copies
    leapfrog to the first common start, where an enforced domain constraint would be searched value
    by value.
    """
    if ov.on_grid:
        (residue,) = {residue for _, _, residue in ov.option.grid.segments}
        target, values = ov.slot, slot_domain(allowed, ov.option.grid.align, residue)
    else:
        assert isinstance(ov.start, IntVar)
        target, values = ov.start, domain(allowed)
    if values.is_empty():
        model.add_bool_or([literal.Not() for literal in enforced_by])
        return
    if not leapfrog:
        model.add_linear_expression_in_domain(target, values).only_enforce_if(enforced_by)
        return
    copy = model.new_int_var_from_domain(values, f"{target.name}~{model.variable_count}")
    model.add(target == copy).only_enforce_if(enforced_by)


def rules(model: Model, ov: OptionVars) -> None:
    """Each scenario rule: the start lies in the set of starts the rule allows."""
    for rule in ov.option.rules:
        add_rule(model, ov, rule)


def add_rule(model: Model, ov: OptionVars, rule: Rule) -> None:
    constrain(model, ov, rule.allowed, [ov.held])


def alignment(model: Model, ov: OptionVars, keep: IntVar | None = None) -> None:
    """The start is on the venue's local-clock grid: start = align·slot + residue, per UTC-offset segment.

    `keep`, when given, makes the grid an element of conflict search that may be dropped.
    """
    if ov.on_grid:
        return  # the start is built on the grid
    segments = ov.option.grid.segments
    align = ov.option.grid.align
    enforced_by = [ov.held] if keep is None else [ov.held, keep]
    if len({residue for _, _, residue in segments}) == 1:
        model.add(ov.start == align * ov.slot + segments[0][2]).only_enforce_if(enforced_by)
        return
    in_segment = []
    for index, (start, end, residue) in enumerate(segments):
        literal = model.new_bool_var(f"segment[{ov.option.venue.id},{index}]")
        model.add_linear_expression_in_domain(ov.start, Domain(start, end - 1)).only_enforce_if(literal)
        model.add(ov.start == align * ov.slot + residue).only_enforce_if(literal)
        in_segment.append(literal)
    model.add_bool_or(in_segment).only_enforce_if(enforced_by)


def excluded(model: Model, ov: OptionVars, taken: IntervalSet) -> None:
    """Starts already proposed (for --top N distinct days) are off the table."""
    if taken:
        constrain(model, ov, taken.complement(ov.option.lo, ov.option.hi), [ov.held])


RULES: list[Callable[[Model, OptionVars], None]] = [rules, alignment]


def add_all(model: Model, options: list[OptionVars]) -> None:
    for ov in options:
        for rule in RULES:
            rule(model, ov)


def rules_under_assumptions(model: Model, ov: OptionVars, keep: dict[str, IntVar], hard: frozenset[str]) -> None:
    """Each rule holds only while its element's `keep` literal is assumed (for conflict search)."""
    for rule in ov.option.rules:
        literals = [ov.held] if rule.key in hard else [ov.held, keep[rule.key]]
        constrain(model, ov, rule.allowed, literals, leapfrog=True)
