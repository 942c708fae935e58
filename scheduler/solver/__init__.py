"""CP-SAT: the only package that imports ortools. Import it lazily (`from .solver import solve`)."""

from .build import SolveResult, minimal_conflict, solve

__all__ = ["SolveResult", "minimal_conflict", "solve"]
