"""Hold every option that can be held, each as early as possible.

The options of a meeting do not interact, so one weighted sum finds every venue's earliest start
in one solve: not holding an option costs more than any start could. The lexicographic choice
among venues (earliest start, then the meeting's venue order) is made from these optima.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from .variables import OptionVars


def earliest_everywhere(model: cp_model.CpModel, options: list[OptionVars]) -> None:
    terms = []
    for ov in options:
        span = ov.option.hi - ov.option.lo + 1
        # Held: cost = start - lo < span. Not held: cost = span, whatever the start.
        terms.append(span * (1 - ov.held) + (ov.start - ov.option.lo))
        model.add(ov.start == ov.option.lo).only_enforce_if(~ov.held)
    model.minimize(sum(terms))
