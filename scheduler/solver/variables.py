"""The decision variables: for each option (meeting at a venue), whether it is held and when it starts."""

from __future__ import annotations

from dataclasses import dataclass

from ..availability import Option
from .cpsat import IntVar, LinearExpr, Model


@dataclass
class OptionVars:
    option: Option
    held: IntVar  # the option can be held (the solver makes it true wherever feasible)
    start: LinearExpr  # start, in minutes since the epoch (UTC)
    slot: IntVar  # start = align * slot + residue of the local-clock grid
    on_grid: bool  # start is align * slot + residue by construction (one residue, grid not negotiable)
    first_slot: int  # the least value of `slot`


def make_vars(model: Model, options: list[Option], grid_negotiable: bool = False) -> list[OptionVars]:
    """One held literal and one start per option.

    Where the grid has a single residue and is not up for negotiation, the start is the expression
    align·slot + residue of the slot variable itself: every rule then lands on the slot's domain and
    the objective on the same variable, which CP-SAT propagates without searching value by value.
    """
    result = []
    for option in options:
        align = option.grid.align
        name = f"{option.meeting.id}@{option.venue.id}"
        held = model.new_bool_var(f"held[{name}]")
        residues = {residue for _, _, residue in option.grid.segments}
        if len(residues) == 1 and not grid_negotiable:
            (residue,) = residues
            first = -((residue - option.lo) // align)  # ceil((lo - residue) / align)
            last = max(first, (option.hi - 1 - residue) // align)
            slot = model.new_int_var(first, last, f"slot[{name}]")
            result.append(OptionVars(option, held, align * slot + residue, slot, True, first))
            continue
        start = model.new_int_var(option.lo, max(option.lo, option.hi - 1), f"start[{name}]")
        first = option.lo // align - 1
        slot = model.new_int_var(first, option.hi // align + 1, f"slot[{name}]")
        result.append(OptionVars(option, held, start, slot, False, first))
    return result
