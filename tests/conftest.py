"""Shared fixtures for the specification tests: write a scenario, solve it, and verify every answer.

Every solve in the tests goes through `solve_yaml`, which re-checks each proposal with the
independent verifier (`scheduler.verify.violations`) before a test sees it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from string import Template

import pytest

from scheduler.loading import load_scenario
from scheduler.plan import MeetingPlan, Plan, Proposal
from scheduler.problem import Problem, build_problem
from scheduler.verify import violations

pytest_plugins = ["tests.conftest_realclients"]

DATA = Path(__file__).parent / "data"


def scenario_text(text: str, **values: str) -> str:
    """Dedent a scenario; fill `$name` placeholders when values are given (YAML never uses `$`)."""
    text = textwrap.dedent(text).lstrip()
    return Template(text).substitute(values) if values else text


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


def verified(plan: Plan) -> Plan:
    """Assert that the verifier accepts every proposal and that each is shown in its venue's zone."""
    problem = plan.problem
    for meeting_plan in plan.meetings:
        for proposal in meeting_plan.proposals:
            broken = violations(problem, proposal.meeting, proposal.venue, proposal.start)
            assert broken == [], f"{proposal.meeting.id} at {proposal.venue.id} {proposal.start}: {broken}"
            zone = problem.places[proposal.venue.place].timezone
            assert getattr(proposal.start.tzinfo, "key", None) == zone, f"{proposal.start} is not in {zone}"
    return plan


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


def earliest(plan: Plan, meeting: str | None = None) -> Proposal:
    """The rank-1 proposal of the plan's only meeting (or of `meeting`); fails when there is none."""
    meeting_plan = _meeting_plan(plan, meeting)
    assert meeting_plan.proposals, f"no proposal for {meeting_plan.meeting.id}: {_rejections(plan, meeting)}"
    return meeting_plan.proposals[0]


def rejection(plan: Plan, venue: str, meeting: str | None = None) -> str:
    """Why `venue` was rejected, as one string; fails when the meeting was proposed or the venue not rejected."""
    meeting_plan = _meeting_plan(plan, meeting)
    assert meeting_plan.proposals == [], f"expected no proposal, got {meeting_plan.proposals[0].start}"
    reasons = _rejections(plan, meeting)
    assert venue in reasons, f"{venue} is not among the rejected venues {list(reasons)}"
    return reasons[venue]


def assert_rejected(plan: Plan, venue: str, *patterns: str, meeting: str | None = None) -> str:
    """Assert that nothing was proposed and `venue`'s reasons match every pattern (regex, any case).

    Patterns name the rule in the user's terms (its YAML key, a leader, a place), not exact wording.
    """
    reason = rejection(plan, venue, meeting)
    for pattern in patterns:
        assert re.search(pattern, reason, re.IGNORECASE), f"{pattern!r} not found in the reasons: {reason!r}"
    return reason


def _meeting_plan(plan: Plan, meeting: str | None) -> MeetingPlan:
    if meeting is None:
        assert len(plan.meetings) == 1, "name the meeting: the scenario has several"
        return plan.meetings[0]
    return next(m for m in plan.meetings if m.meeting.id == meeting)


def _rejections(plan: Plan, meeting: str | None) -> dict[str, str]:
    return {r.venue.id: " ".join(r.reasons) for r in _meeting_plan(plan, meeting).rejected}
