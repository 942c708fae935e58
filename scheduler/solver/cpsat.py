"""The CP-SAT model layer the solver writes on, chosen once per process.

`cpsat_compiled` writes the CpModelProto on OR-Tools' compiled helper and keeps numpy and pandas
out of every run (0.3–0.5 s); it rests on a layer OR-Tools does not document, so it is used only on
the OR-Tools versions in `TESTED`. Any other version gets `cpsat_public`, the same calls on the
documented `cp_model` API: slower to start, never broken by an upgrade. The environment variable
SUMMIT_SCHEDULER_CPSAT=compiled|public overrides the choice (the tests run both).
"""

from __future__ import annotations

import os

import ortools

from .status import Status

TESTED = ("9.15.",)
"""OR-Tools versions (prefixes) whose compiled helper the solver tests have covered."""

LAYERS = ("compiled", "public")


VERSION: str = ortools.__version__  # type: ignore[attr-defined]


def chosen_layer(version: str = VERSION, override: str | None = None) -> str:
    """`compiled` on a tested OR-Tools version, `public` otherwise, unless overridden."""
    override = override if override is not None else os.environ.get("SUMMIT_SCHEDULER_CPSAT")
    if override in LAYERS:
        return override
    return "compiled" if version.startswith(TESTED) else "public"


LAYER = chosen_layer()

if LAYER == "compiled":
    from .cpsat_compiled import Domain, IntVar, LinearExpr, Literal, Model, Solver
else:  # pragma: no cover - exercised by the tests in a subprocess
    from .cpsat_public import Domain, IntVar, LinearExpr, Literal, Model, Solver  # type: ignore[assignment]

__all__ = ["LAYER", "Domain", "IntVar", "LinearExpr", "Literal", "Model", "Solver", "Status", "chosen_layer"]
