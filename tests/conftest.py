"""Shared fixtures for the specification tests: write a scenario, solve it, and verify every answer.

The plain helpers (`verified`, `earliest`, `assert_rejected`, `run`, `korea`, ...) live in
`tests/helpers.py`; test modules import from there, never from one another.

Every solve in the tests goes through `solve_yaml`, which re-checks each proposal with the
independent verifier (`scheduler.verify.violations`) before a test sees it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from scheduler.loading import load_scenario
from scheduler.plan import Plan
from scheduler.problem import Problem, build_problem
from tests.helpers import DATA, scenario_text, verified

pytest_plugins = ["tests.conftest_realclients"]


# Hypothesis profiles. `ci` keeps the full numbers the issues pin (300 solver-vs-oracle examples,
# 250 fuzzed scenarios, ...); `dev`, the default outside CI, runs a tenth of them. Both are
# derandomized: the same examples on every run. CI sets `CI` (to "true"); `HYPOTHESIS_PROFILE`
# names a profile explicitly. Tests that pass their own count take it through `helpers.examples`,
# which scales it by the active profile's `max_examples` (100 under `ci`: the count unchanged).
settings.register_profile("ci", max_examples=100, derandomize=True, deadline=None)
settings.register_profile("dev", max_examples=10, derandomize=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    """Write a scenario to `tmp_path/scenario.yaml` (placeholders filled) and return its path."""

    def write(text: str, **values: str) -> Path:
        path = tmp_path / "scenario.yaml"
        path.write_text(scenario_text(text, **values), encoding="utf-8")
        return path

    return write


@pytest.fixture
def load_yaml(write_yaml: Callable[..., Path]) -> Callable[..., Problem]:
    """Load and resolve a scenario as `schedule validate` does; any input error fails the test."""

    def load(text: str, **values: str) -> Problem:
        return build_problem(load_scenario(write_yaml(text, **values)))

    return load


@pytest.fixture
def solve_yaml(load_yaml: Callable[..., Problem]) -> Callable[..., Plan]:
    """Scenario text → Plan (one worker: deterministic), every proposal re-checked by the verifier."""
    from scheduler.plan import plan

    def solve(text: str, top: int = 1, **values: str) -> Plan:
        return verified(plan(load_yaml(text, **values), top=top, workers=1))

    return solve


@pytest.fixture
def solve_file(load_yaml: Callable[..., Problem]) -> Callable[[str], Plan]:
    """A named fixture scenario under tests/data/ (e.g. "rules/white_house.yaml") → verified Plan."""
    from scheduler.plan import plan

    def solve(name: str) -> Plan:
        return verified(plan(build_problem(load_scenario(DATA / name)), workers=1))

    return solve
