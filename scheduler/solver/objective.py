"""Hold every option that can be held, each as early as possible.

The options of a meeting do not interact, so one weighted sum finds every venue's earliest start
in one solve: not holding an option costs more than any start could. The lexicographic choice
among venues (earliest start, then the meeting's venue order) is made from these optima.
"""

from __future__ import annotations

from .cpsat import LinearExpr, Model
from .variables import OptionVars


def earliest_everywhere(model: Model, options: list[OptionVars], latest: bool = False) -> None:
    """`latest` turns it round (each venue's last possible start), which sizes the smallest relaxations."""
    terms = []
    for ov in options:
        span = ov.option.hi - ov.option.lo + 1
        # Held: cost = distance from the preferred end < span. Not held: cost = span, whatever the start.
        distance = (ov.option.hi - 1 - ov.start) if latest else (ov.start - ov.option.lo)
        terms.append(span * (1 - ov.held) + distance)
        # Not held: pin the start to its least value, so the cost of not holding is one number.
        pin = ov.slot if ov.on_grid else ov.start
        model.add(pin == (ov.first_slot if ov.on_grid else ov.option.lo)).only_enforce_if(~ov.held)
    model.minimize(LinearExpr.sum(terms))
