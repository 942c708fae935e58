"""The fast model layer: CP-SAT's CpModelProto written on OR-Tools' compiled `cp_model_helper`.

`ortools.sat.python.cp_model` is a thin Python layer over `cp_model_helper`, the compiled module
that holds the model proto, variables, expressions and the solve wrapper. That layer imports pandas
and numpy for its series helpers (`new_int_var_series` and the like), and its model base class
imports numpy when a model is made: together 0.4 s of every run, four fifths of the cost of
importing the solver, for code we never call. The model here is the CpModelProto itself, filled in
field by field as cp_model.proto documents it (variables with domains; linear constraints with
enforcement literals; clauses; assumptions; a linear objective), with the helper's own variables
and expressions. That layer is not OR-Tools' documented Python API: `cpsat.py` uses it only on the
OR-Tools versions the tests have covered (`TESTED`), and the public `cp_model` layer
(`cpsat_public.py`) otherwise. The solver tests run every call here on both layers.
"""

from __future__ import annotations

from collections.abc import Iterable

from ortools.sat.python import cp_model_helper as cmh
from ortools.util.python.sorted_interval_list import Domain

from .status import Status

__all__ = ["Domain", "IntVar", "LinearExpr", "Literal", "Model", "Solver", "Status"]

IntVar = cmh.IntVar
LinearExpr = cmh.LinearExpr
Literal = cmh.Literal  # a Boolean variable or its negation (~x)

INT64 = (-(2**63), 2**63 - 1)  # a domain bound at either end is infinite: the offset does not move it


class Constraint:
    """One constraint of the model, which `only_enforce_if` makes conditional."""

    def __init__(self, proto: cmh.ConstraintProto) -> None:
        self.proto = proto

    def only_enforce_if(self, literals: Literal | Iterable[Literal]) -> Constraint:
        """The constraint holds while `literals` (one, or every one of several) are true."""
        several = [literals] if isinstance(literals, cmh.Literal) else literals
        self.proto.enforcement_literal.extend(literal.index for literal in several)
        return self


class Model:
    """A CP-SAT model: integer variables, linear constraints, clauses, assumptions and one objective."""

    def __init__(self) -> None:
        self.proto = cmh.CpModelProto()

    @property
    def variable_count(self) -> int:
        return len(self.proto.variables)

    def new_int_var(self, lo: int, hi: int, name: str) -> cmh.IntVar:
        return self.new_int_var_from_domain(Domain(lo, hi), name)

    def new_int_var_from_domain(self, domain: Domain, name: str) -> cmh.IntVar:
        return cmh.IntVar(self.proto).with_name(name).with_domain(domain)

    def new_bool_var(self, name: str) -> cmh.IntVar:
        return self.new_int_var(0, 1, name)

    def add(self, relation: cmh.BoundedLinearExpression | bool) -> Constraint:
        """A linear relation written with == on variables and expressions: sum + offset ∈ bounds.

        (The stubs type `x == 1` as bool; at run time it is a BoundedLinearExpression. A plain bool,
        as from `x == x`, would be a bug in the caller.)
        """
        if not isinstance(relation, cmh.BoundedLinearExpression):
            raise TypeError(f"not a linear relation: {relation!r}")
        constraint = self.proto.constraints.add()
        constraint.linear.vars.extend(var.index for var in relation.vars)
        constraint.linear.coeffs.extend(relation.coeffs)
        offset = relation.offset
        constraint.linear.domain.extend(
            bound if bound in INT64 else bound - offset for bound in relation.bounds.flattened_intervals()
        )
        return Constraint(constraint)

    def add_linear_expression_in_domain(self, expression: cmh.LinearExpr, domain: Domain) -> Constraint:
        return self.add(cmh.BoundedLinearExpression(expression, domain))

    def add_bool_or(self, literals: Iterable[Literal]) -> Constraint:
        """At least one of `literals` is true (none given: the constraint is false)."""
        constraint = self.proto.constraints.add()
        constraint.bool_or.literals.extend(literal.index for literal in literals)
        return Constraint(constraint)

    def add_assumptions(self, literals: Iterable[cmh.IntVar]) -> None:
        self.proto.assumptions.extend(literal.index for literal in literals)

    def minimize(self, expression: cmh.LinearExpr) -> None:
        flat = cmh.FlatIntExpr(expression)
        objective = self.proto.objective
        objective.vars.extend(var.index for var in flat.vars)
        objective.coeffs.extend(flat.coeffs)
        objective.offset = flat.offset
        objective.scaling_factor = 1.0


class Solver:
    """One solve at a time; `parameters` are CP-SAT's SatParameters."""

    def __init__(self) -> None:
        self.parameters = cmh.SatParameters()
        self._response: cmh.CpSolverResponse | None = None

    def solve(self, model: Model) -> Status:
        wrapper = cmh.SolveWrapper()
        wrapper.set_parameters(self.parameters)
        self._response = wrapper.solve(model.proto)
        return Status(int(self._response.status))

    @property
    def response(self) -> cmh.CpSolverResponse:
        if self._response is None:
            raise RuntimeError("solve() has not been called")
        return self._response

    def value(self, expression: cmh.LinearExpr) -> int:
        return cmh.ResponseHelper.value(self.response, expression)

    def sufficient_assumptions_for_infeasibility(self) -> list[int]:
        return cmh.ResponseHelper.sufficient_assumptions_for_infeasibility(self.response)
