"""Helpers shared by the test modules (test modules import from here, never from each other)."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path
from string import Template

from click.testing import CliRunner, Result
from hypothesis import settings

from scheduler.plan import MeetingPlan, Plan, Proposal
from scheduler.verify import violations
from tests.realclients import AUTH_PASSWORD, AUTH_USER

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "calendars" / "korea-us-2025"  # the bundled example, its scenario.yaml and calendars

# The `ci` profile's max_examples (tests/conftest.py): under it `examples(n)` is n itself.
CI_EXAMPLES = 100


def examples(full: int) -> int:
    """`full`, the count CI runs, scaled by the active hypothesis profile (at least 1).

    Under `ci` (max_examples 100) this is `full` itself; under `dev` (max_examples 10) a tenth of it:
    300 solver-vs-oracle examples become 30, 250 fuzzed scenarios 25.
    """
    return max(1, full * settings.default.max_examples // CI_EXAMPLES)


def scenario_text(text: str, **values: str) -> str:
    """Dedent a scenario; fill `$name` placeholders when values are given (YAML never uses `$`)."""
    text = textwrap.dedent(text).lstrip()
    return Template(text).substitute(values) if values else text


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


# --- the bundled example, and edits of it for `korea` ------------------------------------------

# Meeting hours from 10:00 instead of 08:00 in the bundled example: the G7 proposal moves to 10:00 MDT.
MOVE = ('hours: "08:00-22:00"         # venue-local', 'hours: "10:00-22:00"         # venue-local')
# The files `propose --top 3` writes for the bundled example.
RUN_FILES_TOP_3 = [
    "summit.ics",
    "summit-option-2.ics",
    "summit-option-3.ics",
    "all-proposals.ics",
    "itinerary-lee.ics",
    "itinerary-trump.ics",
]

# An edit of the bundled example (for `korea`): a deadline too soon for any venue.
INFEASIBLE = (
    "deadline: {at: 2025-07-09T00:01-04:00, why: reciprocal-tariff relief expires}",
    "deadline: {at: 2025-06-10, why: too soon for any venue}",
)


# --- a guest who flies in to a host (test_firm, test_rule_registry, test_whereabouts_between) -----

GUEST_TRAVELS = """
    version: 1
    title: Firm stops
    as_of: 2025-06-02T00:00Z
    timezone: Europe/London
    places:
      london: {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
      seoul:  {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
      tokyo:  {name: Tokyo, timezone: Asia/Tokyo, coordinates: [35.6762, 139.6503]}
    travel:
      buffer: 1h
      flights: [{from: seoul, to: london, duration: 12h}]
    leaders:
      host: {name: Host, home: london, $host}
      guest: {name: Guest, home: seoul, $guest}
    venues:
      hall: {name: Hall, place: london}
    meetings:
      talk: {title: Bilateral, participants: [host, guest], duration: 1h, deadline: $deadline}
"""


def guest_travels(guest: str, host: str = "", deadline: str = "2025-07-02") -> dict[str, str]:
    return {"guest": guest, "host": host, "deadline": deadline}


LONDON_FROM_3_JUNE = "itinerary: [{place: london, start: 2025-06-03T12:00, end: 2025-06-05T12:00$firm}]"


# --- the command line, in-process --------------------------------------------------------------


def run(*args: object, env: dict[str, str | None] | None = None) -> Result:
    """`schedule *args` through click's CliRunner; fails on a traceback or an exception other than exit."""
    from scheduler.cli import main  # imported when a test runs a command, not when conftest loads

    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    return result


def korea(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """The bundled example without `calendars:` lines (and with `changes`), as tmp_path/korea/scenario.yaml."""
    text = (EXAMPLE / "scenario.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if not line.lstrip().startswith("calendars:")]
    assert len(lines) - len(kept) == 2, "the example should list calendars for both leaders"
    text = "".join(kept)
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} must occur once in the example"
        text = text.replace(old, new)
    folder = tmp_path / "korea"
    folder.mkdir(exist_ok=True)
    path = folder / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path, recursive: bool = True) -> dict[str, bytes]:
    """The files as a reader sees them (the hidden versions of outputs.write_set aside), by relative path.

    `recursive` takes every file and folder below `folder` (folders as empty bytes); otherwise only
    the files directly in it, by name.
    """
    if not folder.exists():
        return {}
    if not recursive:
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != ".summit-scheduler"}
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"")
        for p in sorted(folder.rglob("*"))
        if ".summit-scheduler" not in p.parts
    }


def publish(scenario: Path, url: str, *args: object, password: str | None = AUTH_PASSWORD) -> Result:
    """`schedule publish scenario --caldav url *args`, the password in the environment."""
    return run("publish", scenario, "--caldav", url, *args, env={"SCHEDULE_CALDAV_PASSWORD": password})


# --- CalDAV calendars in a scenario --------------------------------------------------------------

ENV = "SUMMIT_TEST_CALDAV_PASSWORD"  # the password_env the scenarios in the CalDAV tests name


def entry(url: str, user: str | None = AUTH_USER, password_env: str | None = ENV, locations: bool = True) -> str:
    """A `calendars:` item naming a CalDAV collection, as YAML flow text."""
    fields = (
        [f"caldav: '{url}'"]
        + ([f"username: {user}"] if user else [])
        + ([f"password_env: {password_env}"] if password_env else [])
        + [f"locations: {str(locations).lower()}"]
    )
    return "{" + ", ".join(fields) + "}"


def example_with(tmp_path: Path, lee: str, trump: str) -> Path:
    """The bundled example with its calendars: lines replaced."""
    folder = tmp_path / "korea"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("proposals"))
    scenario = folder / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    for old, new in (("[lee.ics]", f"[{lee}]"), ("[trump.ics]", f"[{trump}]")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    scenario.write_text(text, encoding="utf-8")
    return scenario
