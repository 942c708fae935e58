"""The rule registry (`scheduler.rules`): every rule states its set form, its verifier check and its
wording; every rule an option holds comes from a registered rule; the picture, the solver's options
and the verifier all walk the same list.
"""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from scheduler.availability import RuleBook, options
from scheduler.loading import load_scenario
from scheduler.problem import build_problem
from scheduler.rules import RULES, At, Rule, RuleSpec, Visit
from scheduler.rules.base import minutes
from scheduler.timegrid import to_minute
from scheduler.verify import violations
from tests.helpers import GUEST_TRAVELS, LONDON_FROM_3_JUNE, guest_travels

ROOT = Path(__file__).resolve().parent.parent
KOREA_US = ROOT / "calendars" / "korea-us-2025" / "scenario.yaml"
PARTS = ("allowed", "check", "wording")


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_states_its_set_form_check_and_wording(rule: RuleSpec) -> None:
    # Each part is the rule's own code, not the abstract base's: RuleSpec's abstract methods make a
    # class that leaves one out impossible to instantiate, and this asserts each is defined on the rule.
    for part in PARTS:
        assert getattr(type(rule), part) is not getattr(RuleSpec, part), f"{rule.name} lacks its {part}"
    assert rule.scope in ("meeting", "leader")
    if rule.venue_only:  # the picture shades what a venue-only rule says of the venue's own time
        assert type(rule).venue_time is not RuleSpec.venue_time, f"{rule.name} lacks its venue_time"
        assert rule.scope == "meeting"


def test_a_rule_without_its_verifier_check_cannot_be_registered() -> None:
    class NoCheck(RuleSpec):
        name = "no_check"
        kinds = ("no_check",)
        scope = "meeting"

        def allowed(self, at: At) -> list[Rule]:
            return []

        def wording(self, at: At, item: Any = None) -> str:
            return "no check"

    with pytest.raises(TypeError, match="check"):
        NoCheck()  # type: ignore[abstract]


def test_registry_names_are_unique() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names)), names


def _kinds_made(problem) -> set[str]:
    made = set()
    book = RuleBook(problem)
    for meeting in problem.meetings.values():
        for detailed in (False, True):
            for option in options(problem, meeting, book, detailed):
                made |= {rule.kind for rule in option.rules}
    return made


def test_every_rule_kind_an_option_holds_belongs_to_a_registered_rule(load_yaml) -> None:
    registered = {kind for rule in RULES for kind in rule.kinds}
    # The bundled Korea–US scenario has bounds, notice, open windows, weekdays, hours, holidays, busy
    # time and itineraries; the firm-stop scenario of tests/test_firm.py adds a firm stop.
    korea = _kinds_made(build_problem(load_scenario(KOREA_US)))
    firm = _kinds_made(load_yaml(GUEST_TRAVELS, **guest_travels(LONDON_FROM_3_JUNE.replace("$firm", ", firm: true"))))
    assert korea | firm <= registered, (korea | firm) - registered
    # And every registered kind is made by one of them, so a kind renamed on one side fails here too.
    assert registered == korea | firm == {
        "not_before", "deadline", "notice", "open", "weekdays", "hours", "holiday", "busy", "presence", "firm"
    }  # fmt: skip


def test_verifier_runs_every_registered_check(monkeypatch: pytest.MonkeyPatch) -> None:
    # A rule that refuses everything, appended to the registry, is reported by `violations`: the
    # verifier walks the registry rather than a list of its own.
    class Never(RuleSpec):
        name = "never"
        kinds = ()
        scope = "leader"

        def allowed(self, at: At) -> list[Rule]:
            return []

        def check(self, visit: Visit) -> str | None:
            assert visit.leader is not None
            return f"never for {visit.leader.name}"

        def wording(self, at: At, item: Any = None) -> str:
            return "never"

    problem = build_problem(load_scenario(KOREA_US))
    meeting = next(iter(problem.meetings.values()))
    venue = problem.venues[meeting.venues[0]]
    start = datetime(2025, 6, 24, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    before = violations(problem, meeting, venue, start)
    monkeypatch.setattr("scheduler.verify.RULES", (*RULES, Never()))
    after = violations(problem, meeting, venue, start)
    names = [problem.leaders[lid].name for lid in meeting.participants]
    assert after == before + [f"never for {name}" for name in names]


def test_picture_shades_the_intersection_of_the_venue_only_rules() -> None:
    from scheduler.rules import venue_hosts

    problem = build_problem(load_scenario(KOREA_US))
    meeting = next(iter(problem.meetings.values()))
    first, last = problem.window(meeting)
    for vid in meeting.venues:
        venue = problem.venues[vid]
        shaded = venue_hosts(problem, venue, to_minute(first), to_minute(last + meeting.duration))
        # Every start the venue-only rules allow a meeting of this length lies in the shaded time, with
        # the whole meeting: the set forms and the picture read the same rules.
        at = At(RuleBook(problem), meeting, venue, *RuleBook(problem).window(meeting, False), False)
        d = minutes(meeting.duration)
        starts = None
        for rule in RULES:
            if rule.venue_only:
                for made in rule.allowed(at):
                    starts = made.allowed if starts is None else starts & made.allowed
        if starts is None:
            continue
        for a, b in starts:
            assert (shaded & type(shaded).between(a, b - 1 + d)).spans == ((a, b - 1 + d),), (vid, a, b)


def test_rules_package_does_not_import_the_solver() -> None:
    # `schedule validate` and `schema` load the rules' neighbours without ortools; the rules are plain Python.
    for path in (ROOT / "scheduler" / "rules").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith(("ortools", "solver")), path
                assert "solver" not in (node.module or "").split("."), path
            if isinstance(node, ast.Import):
                assert not any(alias.name.startswith("ortools") for alias in node.names), path


def test_readme_adding_a_rule_shows_the_notice_rule_as_it_is() -> None:
    # The README's "Adding a rule" example is the real file's class, not a paraphrase that drifts.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Adding a rule") :]
    snippet = section[section.index("```python\n") + len("```python\n") : section.index("```\n", 10)]
    assert snippet.startswith("class Notice(RuleSpec):")
    assert snippet in (ROOT / "scheduler" / "rules" / "notice.py").read_text(encoding="utf-8")
    assert "Notice()," in (ROOT / "scheduler" / "rules" / "registry.py").read_text(encoding="utf-8")
