"""The decision variables: for each option (meeting at a venue), whether it is held and when it starts."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from ..availability import Option


@dataclass
class OptionVars:
    option: Option
    held: cp_model.IntVar  # the option can be held (the solver makes it true wherever feasible)
    start: cp_model.IntVar  # start, in minutes since the epoch (UTC)
    slot: cp_model.IntVar  # start = align * slot + residue of the local-clock grid


def make_vars(model: cp_model.CpModel, options: list[Option]) -> list[OptionVars]:
    result = []
    for option in options:
        align = option.grid.align
        name = f"{option.meeting.id}@{option.venue.id}"
        result.append(
            OptionVars(
                option=option,
                held=model.new_bool_var(f"held[{name}]"),
                start=model.new_int_var(option.lo, max(option.lo, option.hi - 1), f"start[{name}]"),
                slot=model.new_int_var(option.lo // align - 1, option.hi // align + 1, f"slot[{name}]"),
            )
        )
    return result
