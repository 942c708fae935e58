"""CP-SAT's answer to a solve, the same on both model layers (cp_model.proto's CpSolverStatus)."""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    UNKNOWN = 0
    MODEL_INVALID = 1
    FEASIBLE = 2
    INFEASIBLE = 3
    OPTIMAL = 4
