"""The portable model layer: the same calls as `cpsat_compiled`, on OR-Tools' documented `cp_model` API.

`cpsat.py` falls back to it when the installed OR-Tools is not a version the tests have covered, so
an upgrade costs start-up time (cp_model imports numpy and pandas: about 0.4 s) instead of a broken
solver. Only names from OR-Tools' published Python reference are used here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ortools.sat.python import cp_model
from ortools.util.python.sorted_interval_list import Domain

from .status import Status

__all__ = ["Domain", "IntVar", "LinearExpr", "Literal", "Model", "Solver", "Status"]

IntVar = cp_model.IntVar
LinearExpr = cp_model.LinearExpr
Literal = Any  # a Boolean variable or its negation (~x); cp_model types them as IntVar or its negation


class Constraint:
    """One constraint of the model, which `only_enforce_if` makes conditional."""

    def __init__(self, constraint: cp_model.Constraint) -> None:
        self.constraint = constraint

    def only_enforce_if(self, literals: Literal | Iterable[Literal]) -> Constraint:
        """The constraint holds while `literals` (one, or every one of several) are true."""
        several = list(literals) if isinstance(literals, Iterable) else [literals]
        self.constraint.only_enforce_if(several)
        return self


class Model:
    """A CP-SAT model: integer variables, linear constraints, clauses, assumptions and one objective."""

    def __init__(self) -> None:
        self.model = cp_model.CpModel()

    @property
    def variable_count(self) -> int:
        return len(self.model.proto.variables)

    def new_int_var(self, lo: int, hi: int, name: str) -> IntVar:
        return self.model.new_int_var(lo, hi, name)

    def new_int_var_from_domain(self, domain: Domain, name: str) -> IntVar:
        return self.model.new_int_var_from_domain(domain, name)

    def new_bool_var(self, name: str) -> IntVar:
        return self.model.new_bool_var(name)

    def add(self, relation: Any) -> Constraint:
        """A linear relation written with == on variables and expressions (a plain bool is a caller's bug)."""
        if isinstance(relation, bool):
            raise TypeError(f"not a linear relation: {relation!r}")
        return Constraint(self.model.add(relation))

    def add_linear_expression_in_domain(self, expression: Any, domain: Domain) -> Constraint:
        return Constraint(self.model.add_linear_expression_in_domain(expression, domain))

    def add_bool_or(self, literals: Iterable[Literal]) -> Constraint:
        """At least one of `literals` is true (none given: the constraint is false)."""
        return Constraint(self.model.add_bool_or(list(literals)))

    def add_assumptions(self, literals: Iterable[IntVar]) -> None:
        self.model.add_assumptions(list(literals))

    def minimize(self, expression: Any) -> None:
        self.model.minimize(expression)


class Solver:
    """One solve at a time; `parameters` are CP-SAT's SatParameters."""

    def __init__(self) -> None:
        self._solver = cp_model.CpSolver()
        self.parameters = self._solver.parameters
        self._solved = False

    def solve(self, model: Model) -> Status:
        self._solved = True
        return Status(int(self._solver.solve(model.model)))

    @property
    def response(self) -> Any:
        if not self._solved:
            raise RuntimeError("solve() has not been called")
        return self._solver.response_proto

    def value(self, expression: Any) -> int:
        if not self._solved:
            raise RuntimeError("solve() has not been called")
        return int(self._solver.value(expression))

    def sufficient_assumptions_for_infeasibility(self) -> list[int]:
        return list(self._solver.sufficient_assumptions_for_infeasibility())
