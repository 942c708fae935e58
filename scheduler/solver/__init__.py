"""CP-SAT: the only package that imports ortools. Import it lazily (`from .solver import solve`)."""

from .build import SolveResult, solve

__all__ = ["SolveResult", "solve"]
