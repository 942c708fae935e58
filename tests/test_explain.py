"""Why not, and what would it take: per-venue reasons, the minimal conflict, relaxations, --top N and
`schedule explain`.

The hand-worked scenarios live in tests/data/explain/, each with its story in the header; the
answer (which scenario elements conflict, and on which YAML lines they are written) is worked out
in a comment beside each assertion. Element keys are those of `scheduler.availability`
("open:<venue>", "presence:<leader>", "deadline:<meeting>", "busy:<leader>:<index>", ...).

Minimality is checked on the CP-SAT model itself, independently of the deletion filter that found
the conflict: the meeting's detailed options (every rule a separate element, the search running a
year past the deadline) are solved again with rules switched off by key, and a start must exist
(or must not). Relaxations are checked by editing the YAML the way the change says, loading it
afresh and running the independent verifier on the relaxation's proposal.

Times in comments: Z = UTC, MDT = UTC−6, EDT = UTC−4, CEST = UTC+2, KST = UTC+9.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from icalendar import Calendar

from scheduler.availability import Grid, Option, RuleBook, options
from scheduler.loading import load_scenario
from scheduler.plan import MeetingPlan, Rejection, plan
from scheduler.problem import Meeting, Problem, build_problem
from scheduler.results import Element, Relaxation
from scheduler.solver import solve
from scheduler.values import parse_duration
from scheduler.verify import violations
from tests.helpers import DATA, examples, run, scenario_text, verified
from tests.strategies import DrawPick, Generated, generate

EXPLAIN = DATA / "explain"
EXAMPLE = Path(__file__).resolve().parents[1] / "calendars" / "korea-us-2025" / "scenario.yaml"

KANANASKIS = ZoneInfo("America/Edmonton")
WASHINGTON = ZoneInfo("America/New_York")
THE_HAGUE = ZoneInfo("Europe/Amsterdam")
SEOUL = ZoneInfo("Asia/Seoul")
LONDON = ZoneInfo("Europe/London")


# --- helpers -------------------------------------------------------------------------------------


def load(name: str) -> Problem:
    return build_problem(load_scenario(EXPLAIN / name))


def explained(problem: Problem, top: int = 1) -> MeetingPlan:
    """The plan of the problem's only meeting, explanations on, every proposal verified."""
    result = verified(plan(problem, top=top, workers=1))
    (only,) = result.meetings
    return only


def keys(elements: Iterable[Element]) -> set[str]:
    return {element.key for element in elements}


def element(elements: Iterable[Element], key: str) -> Element:
    (found,) = [e for e in elements if e.key == key]
    return found


def lines(found: Element) -> set[int | None]:
    """The YAML (or .ics) lines an element cites."""
    return {source.where.line for source in found.sources}


def rejection(mp: MeetingPlan, venue: str) -> Rejection:
    (found,) = [r for r in mp.rejected if r.venue.id == venue]
    return found


def detailed(problem: Problem, meeting: Meeting) -> list[Option]:
    """The options conflict search runs on: every rule its own element, a year past the deadline."""
    return options(problem, meeting, RuleBook(problem), detailed=True)


def only_rules(opts: list[Option], kept: Callable[[str], bool]) -> list[Option]:
    """The options with just the rules whose key `kept` accepts; the start grid is element align:<meeting>."""
    return [
        replace(
            option,
            rules=tuple(rule for rule in option.rules if kept(rule.key)),
            grid=option.grid if kept(f"align:{option.meeting.id}") else Grid(1, ((option.lo, option.hi, 0),)),
        )
        for option in opts
    ]


def feasible(opts: list[Option]) -> bool:
    """Does some venue have a start (a fresh CP-SAT solve, not the conflict search)?"""
    return any(start is not None for start in solve(opts).earliest.values())


def assert_irreducible(problem: Problem, meeting: Meeting, conflict: set[str]) -> None:
    """The conflict's rules alone leave no start; without any one of them a start exists."""
    opts = detailed(problem, meeting)
    assert not feasible(only_rules(opts, lambda key: key in conflict)), f"{sorted(conflict)} alone leave a start"
    for dropped in conflict:
        rest = conflict - {dropped}
        assert feasible(only_rules(opts, lambda key, rest=rest: key in rest)), f"{sorted(rest)} still conflict"


def assert_each_element_necessary(problem: Problem, meeting: Meeting, conflict: set[str]) -> None:
    """The whole scenario has no start; with any one element of the conflict removed it has one."""
    opts = detailed(problem, meeting)
    assert not feasible(opts), "the scenario as written has a start"
    for dropped in conflict:
        assert feasible(only_rules(opts, lambda key, dropped=dropped: key != dropped)), f"still none without {dropped}"


def duration_words(text: str) -> timedelta:
    """'3 days', '60 hours', '2d12h' — the ways a change text states a duration."""
    text = text.strip()
    if found := re.fullmatch(r"(\d+) days?", text):
        return timedelta(days=int(found[1]))
    if found := re.fullmatch(r"(\d+(?:\.\d+)?) hours?", text):
        return timedelta(hours=float(found[1]))
    return parse_duration(text)


def relaxation(mp: MeetingPlan, pattern: str) -> Relaxation:
    """The one relaxation whose change matches `pattern`."""
    found = [r for r in mp.relaxations if re.search(pattern, r.change)]
    assert len(found) == 1, f"{pattern!r} in {[r.change for r in mp.relaxations]}"
    return found[0]


def edited(write_yaml: Callable[..., Path], name: str, old: str, new: str) -> Problem:
    """The fixture scenario with one line edited (`new` empty: the line removed), loaded afresh."""
    text = (EXPLAIN / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {name}"
    if new:
        text = text.replace(old, new)
    else:
        text = "".join(line for line in text.splitlines(keepends=True) if old not in line)
    return build_problem(load_scenario(write_yaml(text)))


def broken(problem: Problem, proposal: Any) -> list[str]:
    """What the verifier says of `proposal` in `problem` (venue and meeting looked up there, not carried over)."""
    return violations(problem, problem.meetings[proposal.meeting.id], problem.venues[proposal.venue.id], proposal.start)


def example_without_calendars(tmp_path: Path) -> Path:
    """The bundled example without its `calendars:` lines (so its answer does not depend on the .ics files)."""
    text = "".join(
        line
        for line in EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.lstrip().startswith("calendars:")
    )
    path = tmp_path / "korea" / "scenario.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    (number,) = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    return number


# --- 1. the hand-worked scenarios: the conflict, its lines and its words -----------------------


def test_leader_who_left_the_summit_early_and_one_who_arrived_late():
    mp = explained(load("left_summit_early.yaml"))
    # Lee is in Kananaskis 15 Jun 14:00Z – 16 Jun 16:00Z and flies straight home (no hour to spare);
    # Trump is there from 16 Jun 18:00Z. Without the open window both are free after 20 Jun 01:00Z
    # (Lee lands from Seoul) — before the 30 June deadline, so the deadline plays no part.
    assert mp.proposals == []
    assert keys(mp.conflict) == {"open:g7-kananaskis", "presence:lee", "presence:trump"}
    assert keys(rejection(mp, "g7-kananaskis").elements) == {"open:g7-kananaskis", "presence:lee", "presence:trump"}
    lee = element(mp.conflict, "presence:lee")
    # Cited: Lee's stops within a day of the times the other elements leave (Trump in Kananaskis,
    # 16 Jun 12:00 – 17 Jun 18:00 MDT): Kananaskis until 16 Jun 10:00 and Seoul from 17 Jun 11:00 KST
    # (16 Jun 20:00 MDT); his first Seoul stop ends 14 Jun 17:00 MDT, more than a day before.
    assert lines(lee) == {30, 31}
    assert "Lee Jae-myung" in lee.text and "itinerary" in lee.text
    assert "Kananaskis, Alberta only Sun 15 Jun 08:00–Mon 16 Jun 10:00 MDT" in lee.text  # the stop he cut short
    trump = element(mp.conflict, "presence:trump")
    assert lines(trump) == {36, 37}
    assert "Donald J. Trump" in trump.text and "Kananaskis, Alberta only Mon 16 Jun 12:00" in trump.text
    assert lines(element(mp.conflict, "open:g7-kananaskis")) == {43}


def test_deadline_one_day_too_early():
    mp = explained(load("deadline_one_day_early.yaml"))
    # The venue opens Tue 24 Jun 09:00 CEST; the deadline is Mon 23 Jun 09:00 CEST. Leaders without
    # stops can always get there, so only these two rules bind.
    assert keys(mp.conflict) == {"deadline:summit", "open:nato-the-hague"}
    deadline = element(mp.conflict, "deadline:summit")
    assert lines(deadline) == {28}
    assert "tariff talks close" in deadline.text and "Mon 23 Jun 2025 09:00 CEST" in deadline.text
    assert lines(element(mp.conflict, "open:nato-the-hague")) == {21}
    nato = rejection(mp, "nato-the-hague")
    assert nato.after_deadline == datetime(2025, 6, 24, 9, 0, tzinfo=THE_HAGUE)  # a day (and a bit) too late


def test_notice_that_lands_on_a_weekend():
    mp = explained(load("notice_on_a_weekend.yaml"))
    # Wed 4 Jun 10:00 EDT + 3 days = Sat 7 Jun 10:00; no weekend meetings; the deadline is the end of
    # Sunday. Without the notice: Wed 10:00; without the weekdays: Sat 10:00; without the deadline:
    # Mon 9 Jun 09:00. The hours (09:00–17:00) rule nothing out on their own terms.
    assert keys(mp.conflict) == {"notice:white-house", "weekdays:white-house", "deadline:summit"}
    notice = element(mp.conflict, "notice:white-house")
    assert 19 in lines(notice) and "3 days' notice" in notice.text
    weekdays = element(mp.conflict, "weekdays:white-house")
    assert lines(weekdays) == {20} and "mon, tue, wed, thu, fri" in weekdays.text
    assert lines(element(mp.conflict, "deadline:summit")) == {28}
    white_house = rejection(mp, "white-house")
    assert {"notice:white-house", "weekdays:white-house"} <= keys(white_house.elements)
    assert white_house.after_deadline == datetime(2025, 6, 9, 9, 0, tzinfo=WASHINGTON)


def test_flight_that_cannot_make_it():
    mp = explained(load("flight_too_late.yaml"))
    # Trump leaves Washington 16 Jun 14:00Z; 4h flight + 1h ground time at each end → Kananaskis
    # 20:00Z = 14:00 MDT, two hours after the slot (08:00–12:00 MDT) closes. Lee is there all along,
    # so his itinerary rules nothing out.
    assert keys(mp.conflict) == {"open:g7-kananaskis", "presence:trump"}
    assert keys(rejection(mp, "g7-kananaskis").elements) == {"open:g7-kananaskis", "presence:trump"}
    trump = element(mp.conflict, "presence:trump")
    assert lines(trump) == {29}  # the Washington stop
    for words in ("Donald J. Trump", "Washington, D.C.", "Kananaskis", "6h00m", "flights table, line 17"):
        assert words in trump.text, words
    assert lines(element(mp.conflict, "open:g7-kananaskis")) == {35}


def test_home_holiday():
    mp = explained(load("home_holiday.yaml"))
    # The only slot is Fri 6 Jun 09:00–18:00 KST: Korea's Memorial Day, one of Lee's home holidays.
    assert keys(mp.conflict) == {"holiday:lee:2025-06-06", "open:blue-house"}
    assert keys(rejection(mp, "blue-house").elements) == {"holiday:lee:2025-06-06", "open:blue-house"}
    holiday = element(mp.conflict, "holiday:lee:2025-06-06")
    assert lines(holiday) == {15}  # holidays: {country: KR}
    assert "Lee Jae-myung" in holiday.text and "Memorial Day" in holiday.text


def test_busy_block_names_the_block_that_is_in_the_way():
    mp = explained(load("busy_block.yaml"))
    # The slot is 16 Jun 08:00–18:00 MDT; block 1, the members-only day, fills 08:00–22:00 MDT.
    # Block 0 (a press call on 12 June) is not in the way.
    assert keys(mp.conflict) == {"busy:trump:1", "open:g7-kananaskis"}
    busy = element(mp.conflict, "busy:trump:1")
    assert lines(busy) == {17}
    assert "Donald J. Trump" in busy.text and "G7 members-only day" in busy.text


def test_busy_block_from_a_calendar_cites_the_ics_file_and_event():
    mp = explained(load("busy_from_calendar.yaml"))
    # trump.ics: a press call (BEGIN:VEVENT on line 4) and the members-only day (line 11).
    assert keys(mp.conflict) == {"busy:trump:1", "open:g7-kananaskis"}
    (source,) = element(mp.conflict, "busy:trump:1").sources
    assert Path(source.where.file or "").name == "trump.ics"
    assert source.where.line == 11
    assert "trump.ics:11" in str(element(mp.conflict, "busy:trump:1"))


def test_infeasible_venue_reasons_name_the_deadline_and_its_line():
    # The issue asks for "after the deadline "…"" with its YAML line among a venue's reasons: NATO is
    # ruled out only because its window opens after the deadline "tariff talks close" (line 28).
    reasons = " ".join(rejection(explained(load("deadline_one_day_early.yaml")), "nato-the-hague").reasons)
    assert "tariff talks close" in reasons
    assert "deadline_one_day_early.yaml:28" in reasons


def test_not_before_after_the_deadline_conflicts_with_it(load_yaml):
    mp = explained(
        load_yaml(
            """
            version: 1
            title: not_before after the deadline
            as_of: 2025-06-02T09:00
            timezone: Europe/London
            places:
              london: {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
            leaders:
              host: {name: Host, home: london}
              guest: {name: Guest, home: london}
            venues:
              hall: {name: Hall, place: london}
            meetings:
              talk:
                title: Talk
                participants: [host, guest]
                duration: 1h
                not_before: 2025-06-10
                deadline: 2025-06-09
            """
        )
    )
    # not before 10 Jun 00:00 BST, start before 10 Jun 00:00 BST (the end of 9 June): nothing else binds.
    assert keys(mp.conflict) == {"not_before:talk", "deadline:talk"}
    assert lines(element(mp.conflict, "not_before:talk")) == {17}
    assert lines(element(mp.conflict, "deadline:talk")) == {18}


# --- 2. the conflict is minimal ------------------------------------------------------------------

HAND_WORKED = {
    "left_summit_early.yaml": {"open:g7-kananaskis", "presence:lee", "presence:trump"},
    "deadline_one_day_early.yaml": {"deadline:summit", "open:nato-the-hague"},
    "notice_on_a_weekend.yaml": {"notice:white-house", "weekdays:white-house", "deadline:summit"},
    "flight_too_late.yaml": {"open:g7-kananaskis", "presence:trump"},
    "home_holiday.yaml": {"holiday:lee:2025-06-06", "open:blue-house"},
    "busy_block.yaml": {"busy:trump:1", "open:g7-kananaskis"},
    "busy_from_calendar.yaml": {"busy:trump:1", "open:g7-kananaskis"},
}


@pytest.mark.parametrize("name", sorted(HAND_WORKED))
def test_conflict_is_infeasible_and_each_element_is_needed(name):
    problem = load(name)
    (meeting,) = problem.meetings.values()
    conflict = keys(explained(problem).conflict)
    assert conflict == HAND_WORKED[name]
    assert_irreducible(problem, meeting, conflict)
    # Each scenario was built with a single conflict, so removing any of its elements from the whole
    # scenario (not only from the conflict) gives a meeting.
    assert_each_element_necessary(problem, meeting, conflict)


# Generator features that still trip solver/verifier disagreements hunted by tests/test_property.py (a
# VerificationError before any explanation); switched off so that a failure here is about explanations.
KNOWN_ELSEWHERE = frozenset({"touching-hours", "touching-open", "naive-as-of"})


@st.composite
def small_scenarios(draw: Any) -> Generated:
    return generate(DrawPick(draw), avoid=KNOWN_ELSEWHERE)


@settings(
    max_examples=examples(50),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(generated=small_scenarios())
def test_every_meeting_that_cannot_be_held_has_a_minimal_conflict(generated: Generated, tmp_path_factory):
    note(generated.text())
    problem = build_problem(load_scenario(generated.write(tmp_path_factory.mktemp("scenario"))))
    for mp in plan(problem, workers=1).meetings:
        event("a meeting cannot be held" if not mp.proposals else "a meeting is proposed")
        if mp.proposals:
            continue
        conflict = keys(mp.conflict)
        event(f"conflict of {len(conflict)} elements")
        assert conflict, f"{mp.meeting.id}: nothing fits, yet no conflict"
        assert_irreducible(problem, mp.meeting, conflict)
        for relax in mp.relaxations:  # the scenario as written has no meeting, so none of these may pass
            assert broken(problem, relax.proposal), f"{relax.change} passes without the change"


# --- 3. relaxations: re-solved with the change applied -------------------------------------------


def test_moving_the_deadline_gives_the_first_start_after_it(write_yaml):
    mp = explained(load("deadline_one_day_early.yaml"))
    move = relaxation(mp, r"deadline")
    # The venue opens 24 Jun 09:00 CEST; the smallest later deadline is 09:01, 1 day 1 minute later.
    shift = duration_words(re.search(r"move the deadline (\S+) later", move.change)[1])
    assert shift == timedelta(days=1, minutes=1)
    assert move.cost == shift
    assert move.proposal.start == datetime(2025, 6, 24, 9, 0, tzinfo=THE_HAGUE)
    moved = edited(write_yaml, "deadline_one_day_early.yaml", "at: 2025-06-23T09:00", "at: 2025-06-24T09:01")
    assert broken(moved, move.proposal) == []
    assert "does not start before the deadline" in broken(load("deadline_one_day_early.yaml"), move.proposal)
    not_enough = edited(write_yaml, "deadline_one_day_early.yaml", "at: 2025-06-23T09:00", "at: 2025-06-24T09:00")
    assert explained(not_enough).proposals == []  # a minute less is not enough


def test_shortening_the_notice_gives_a_meeting_that_passes_with_the_shorter_notice(write_yaml):
    mp = explained(load("notice_on_a_weekend.yaml"))
    shorten = relaxation(mp, r"notice")
    old, new = re.search(r"notice from (.+?) to (.+)$", shorten.change).groups()
    assert duration_words(old) == timedelta(days=3)
    shorter = duration_words(new)
    assert shorter < timedelta(days=3) and shorten.cost == timedelta(days=3) - shorter
    minutes = int(shorter.total_seconds() // 60)
    relaxed = edited(write_yaml, "notice_on_a_weekend.yaml", "notice: 3d", f"notice: {minutes}m")
    assert broken(relaxed, shorten.proposal) == []
    assert "too little notice" in broken(load("notice_on_a_weekend.yaml"), shorten.proposal)


def test_shortened_notice_is_the_smallest_change_that_works(write_yaml):
    # "Nearest relaxation": with 2 days' notice the visit lands on Fri 6 Jun 10:00 EDT (with up to
    # 2d6h, Fri 16:00). Cutting the notice to less than that is a bigger change than needed, so one
    # day more than the suggested notice must leave the week without a slot.
    shorten = relaxation(explained(load("notice_on_a_weekend.yaml")), r"notice")
    suggested = duration_words(re.search(r"notice from .+? to (.+)$", shorten.change)[1])
    one_day_more = int((suggested + timedelta(days=1)).total_seconds() // 60)
    still_works = edited(write_yaml, "notice_on_a_weekend.yaml", "notice: 3d", f"notice: {one_day_more}m")
    assert explained(still_works).proposals == [], f"{shorten.change}: a day less cut would do"


def test_notice_change_states_the_notice_as_written(write_yaml):
    # 60 hours from Wed 4 Jun 10:00 EDT is Fri 22:00, after hours: again nothing until Monday.
    problem = edited(write_yaml, "notice_on_a_weekend.yaml", "notice: 3d", "notice: 60h")
    shorten = relaxation(explained(problem), r"notice")
    old = re.search(r"notice from (.+?) to ", shorten.change)[1]
    assert duration_words(old) == timedelta(hours=60), shorten.change


def test_freeing_the_busy_block_gives_its_slot(write_yaml):
    mp = explained(load("busy_block.yaml"))
    free = relaxation(mp, r"members-only day")
    assert "busy_block.yaml:17" in free.change
    assert free.proposal.start == datetime(2025, 6, 16, 8, 0, tzinfo=KANANASKIS)  # the slot opens
    freed = edited(write_yaml, "busy_block.yaml", "what: G7 members-only day", "")
    assert broken(freed, free.proposal) == []
    assert any("G7 members-only day" in reason for reason in broken(load("busy_block.yaml"), free.proposal))


def test_letting_a_leader_meet_on_a_home_holiday(write_yaml):
    mp = explained(load("home_holiday.yaml"))
    allow = relaxation(mp, r"Memorial Day")
    assert allow.proposal.start == datetime(2025, 6, 6, 9, 0, tzinfo=SEOUL)
    without_holidays = edited(write_yaml, "home_holiday.yaml", "holidays: {country: KR}", "")
    assert broken(without_holidays, allow.proposal) == []
    assert any("home holidays" in reason for reason in broken(load("home_holiday.yaml"), allow.proposal))


def test_allowing_a_weekday(write_yaml):
    mp = explained(load("notice_on_a_weekend.yaml"))
    saturday = relaxation(mp, r"\bsat")
    assert saturday.proposal.start == datetime(2025, 6, 7, 10, 0, tzinfo=WASHINGTON)  # the notice ends Sat 10:00
    with_saturday = edited(
        write_yaml, "notice_on_a_weekend.yaml", "[mon, tue, wed, thu, fri]", "[mon, tue, wed, thu, fri, sat]"
    )
    assert broken(with_saturday, saturday.proposal) == []
    assert "on a weekday the venue does not meet" in broken(load("notice_on_a_weekend.yaml"), saturday.proposal)


def test_letting_a_leader_skip_a_stop(write_yaml):
    mp = explained(load("left_summit_early.yaml"))
    skip = relaxation(mp, r"Lee Jae-myung skip the stop in Seoul")
    # Without the Seoul stop (line 31) Lee may stay on in Kananaskis: Trump arrives 16 Jun 12:00 MDT.
    assert "left_summit_early.yaml:31" in skip.change
    assert skip.proposal.start == datetime(2025, 6, 16, 12, 0, tzinfo=KANANASKIS)
    stays = edited(write_yaml, "left_summit_early.yaml", "start: 2025-06-17T11:00", "")
    assert broken(stays, skip.proposal) == []
    assert broken(load("left_summit_early.yaml"), skip.proposal)


def test_shortening_the_meeting(load_yaml):
    problem = load_yaml(
        """
        version: 1
        title: A slot too short
        as_of: 2025-06-02T08:00
        timezone: Europe/London
        places:
          london: {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
        leaders:
          host: {name: Host, home: london}
          guest: {name: Guest, home: london}
        venues:
          hall: {name: Hall, place: london, open: [{start: 2025-06-03T10:00, end: 2025-06-03T10:45}]}
        meetings:
          talk: {title: Talk, participants: [host, guest], duration: 1h, deadline: 2025-06-30}
        """
    )
    mp = explained(problem)
    # A 45-minute window: the meeting must lose 15 minutes (on the 15-minute grid): 45m from 10:00.
    shorter = relaxation(mp, r"shorten the meeting to 45m$")
    assert shorter.cost == timedelta(minutes=15)
    assert mp.relaxations[0] is shorter
    meeting = replace(problem.meetings["talk"], duration=timedelta(minutes=45))
    assert violations(problem, meeting, problem.venues["hall"], shorter.proposal.start) == []


def test_relaxations_are_ranked_smallest_change_first():
    mp = explained(load("notice_on_a_weekend.yaml"))
    # the deadline +9h01m (Mon 09:00), a weekday (1 day each), the notice (by at least 18 hours)
    assert len(mp.relaxations) >= 3
    costs = [r.cost for r in mp.relaxations]
    assert costs == sorted(costs)
    assert mp.relaxations[0].change.startswith("move the deadline 9h1m later")


@pytest.mark.parametrize("name", sorted(HAND_WORKED))
def test_every_relaxation_fails_without_its_change(name):
    problem = load(name)
    mp = explained(problem)
    assert mp.relaxations, "a single change makes each of these scenarios work"
    for relax in mp.relaxations:
        assert broken(problem, relax.proposal), relax.change


# --- 4. per-venue reasons when a meeting is proposed: why not as early as the winner -------------


def test_later_venues_say_what_keeps_them_later(tmp_path):
    path = example_without_calendars(tmp_path)
    mp = explained(build_problem(load_scenario(path)))
    assert mp.proposals[0].start == datetime(2025, 6, 17, 8, 0, tzinfo=KANANASKIS)
    # Before Tue 17 Jun 08:00 MDT: The Hague is closed until 24 June; the White House needs 21 days'
    # notice from 6 Jun 18:00 KST (= 27 Jun 05:00 EDT) — its hours or weekdays are not needed to say so.
    nato, white_house = rejection(mp, "nato-the-hague"), rejection(mp, "white-house")
    assert keys(nato.elements) == {"open:nato-the-hague"}
    assert lines(element(nato.elements, "open:nato-the-hague")) == {line_of(path, "start: 2025-06-24T08:00")}
    assert keys(white_house.elements) == {"notice:white-house"}
    assert line_of(path, "notice: 21d") in lines(element(white_house.elements, "notice:white-house"))
    assert white_house.earliest == datetime(2025, 6, 27, 9, 0, tzinfo=WASHINGTON)
    assert any("21 days' notice" in reason for reason in white_house.reasons)


def test_venue_beaten_at_the_first_possible_minute_names_its_own_rule(load_yaml):
    mp = explained(
        load_yaml(
            """
            version: 1
            title: Beaten at as_of
            as_of: 2025-06-02T09:00
            timezone: Europe/London
            places:
              london: {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
            leaders:
              host: {name: Host, home: london}
              guest: {name: Guest, home: london}
            venues:
              alpha: {name: Alpha House, place: london}
              beta: {name: Beta House, place: london, notice: 1d}
            meetings:
              talk: {title: Talk, participants: [host, guest], duration: 1h, deadline: 2025-06-30}
            """
        )
    )
    # Alpha takes as_of itself, Mon 09:00 BST; Beta is a day later only because of its notice (line 12)
    # — not because of as_of, and certainly not because of the deadline four weeks on.
    beta = rejection(mp, "beta")
    assert beta.earliest == datetime(2025, 6, 3, 9, 0, tzinfo=LONDON)
    assert keys(beta.elements) == {"notice:beta"}


def test_venue_that_cannot_match_the_winning_start_names_what_rules_that_start_out(load_yaml):
    mp = explained(
        load_yaml(
            """
            version: 1
            title: Why not at the winning minute
            as_of: 2025-06-02T08:00
            timezone: Europe/London
            places:
              london: {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
            leaders:
              host: {name: Host, home: london}
              guest: {name: Guest, home: london}
            venues:
              alpha: {name: Alpha House, place: london, hours: "09:00-17:00"}
              beta:
                name: Beta House
                place: london
                notice: 1h
                open:
                  - {start: 2025-06-02T08:00, end: 2025-06-02T09:00}
                  - {start: 2025-06-02T09:15, end: 2025-06-02T17:00}
            meetings:
              talk: {title: Talk, participants: [host, guest], duration: 1h, deadline: 2025-06-30}
            """
        )
    )
    # Alpha wins at Mon 09:00 BST. Beta's notice runs to 09:00, which alone would allow 09:00 too; what
    # keeps Beta from matching 09:00 is its open windows (08:00 only, then from 09:15). Asked "why not
    # at 09:00 or earlier", both are needed: notice rules out 08:00, the gap 09:00–09:15 rules out 09:00.
    beta = rejection(mp, "beta")
    assert beta.earliest == datetime(2025, 6, 2, 9, 15, tzinfo=LONDON)
    assert keys(beta.elements) == {"notice:beta", "open:beta"}


# --- 5. --top N: ranked, distinct, verified alternatives -----------------------------------------

THREE_HOUSES = """
    version: 1
    title: Three houses
    as_of: 2025-06-02T08:00
    timezone: Europe/London
    places:
      london: {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
    leaders:
      host: {name: Host, home: london}
      guest: {name: Guest, home: london}
    venues:
      alpha: {name: Alpha House, place: london, hours: "09:00-17:00"}
      beta:  {name: Beta House, place: london, hours: "14:00-18:00"}
      gamma: {name: Gamma House, place: london, hours: "09:00-17:00", notice: 4d}
    meetings:
      talk: {title: Talk, participants: [host, guest], duration: 1h, deadline: 2025-06-30}
"""


def at(day: int, hour: int) -> datetime:
    return datetime(2025, 6, day, hour, 0, tzinfo=LONDON)


def test_top_n_gives_the_best_per_venue_first_then_further_days(solve_yaml):
    proposals = solve_yaml(THREE_HOUSES, top=5).meetings[0].proposals  # every one verified by solve_yaml
    # Mon 2 June: Alpha 09:00, Beta 14:00; Gamma's 4 days' notice runs to Fri 6 June 08:00 → 09:00.
    # Each venue's best comes first (Gamma's Friday before Alpha's Tuesday), then further days by start.
    assert [(p.rank, p.venue.id, p.start) for p in proposals] == [
        (1, "alpha", at(2, 9)),
        (2, "beta", at(2, 14)),
        (3, "gamma", at(6, 9)),
        (4, "alpha", at(3, 9)),
        (5, "beta", at(3, 14)),
    ]


def test_top_n_proposals_are_distinct_venue_days(solve_yaml):
    proposals = solve_yaml(THREE_HOUSES, top=9).meetings[0].proposals
    assert [p.rank for p in proposals] == list(range(1, 10))
    days = [(p.venue.id, p.start.date()) for p in proposals]
    assert len(set(days)) == len(days)


def test_top_n_stops_when_there_are_no_more_options(solve_yaml):
    text = THREE_HOUSES.replace("deadline: 2025-06-30", "deadline: 2025-06-03")
    proposals = solve_yaml(text, top=10).meetings[0].proposals
    # Before the end of Tue 3 June: Alpha and Beta on Monday and Tuesday; Gamma not before Friday.
    assert [(p.venue.id, p.start) for p in proposals] == [
        ("alpha", at(2, 9)),
        ("beta", at(2, 14)),
        ("alpha", at(3, 9)),
        ("beta", at(3, 14)),
    ]


def test_alternatives_are_written_as_tentative_holds(tmp_path):
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(scenario_text(THREE_HOUSES), encoding="utf-8")
    out = tmp_path / "out"
    assert run("propose", scenario, "--out", out, "--top", "3").exit_code == 0
    statuses = {}
    for path in out.glob("*.ics"):
        for item in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            statuses[str(item["UID"])] = str(item.get("STATUS"))
    assert len(statuses) >= 3
    assert set(statuses.values()) == {"TENTATIVE"}


# --- 6. schedule explain -------------------------------------------------------------------------

NOTICE = EXPLAIN / "notice_on_a_weekend.yaml"


def test_explain_venue_lists_what_rules_it_out_with_lines():
    result = run("explain", NOTICE, "--venue", "white-house")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Official visit to the White House (white-house)" in out
    assert "notice_on_a_weekend.yaml:19" in out and "3 days' notice" in out  # the notice
    assert "notice_on_a_weekend.yaml:20" in out  # the weekdays


def test_explain_at_a_moment_names_every_rule_it_breaks():
    # Thu 5 Jun 18:00 EDT: before the notice ends (Sat 10:00) and after the venue closes (17:00).
    result = run("explain", NOTICE, "--at", "2025-06-05T18:00")
    assert result.exit_code == 0, result.stderr
    assert "does not work" in result.stdout
    reasons = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("- ")]
    assert len(reasons) == 2, reasons
    assert any("notice" in reason for reason in reasons)
    assert any("hours" in reason for reason in reasons)


def test_explain_at_a_moment_as_json():
    result = run("explain", NOTICE, "--at", "2025-06-05T18:00", "--json")
    document = json.loads(result.stdout)
    (meeting,) = document["meetings"]
    assert meeting["meeting"] == "summit"
    (venue,) = meeting["venues"]
    assert venue["venue"] == "white-house" and venue["works"] is False
    assert venue["start"] == "2025-06-05T18:00:00-04:00"  # naive --at: the scenario's zone
    assert len(venue["violations"]) == 2


def test_explain_at_a_moment_past_the_deadline_names_only_the_deadline():
    # Mon 9 Jun 09:00 EDT: notice served, a weekday, in hours — but not before the end of Sunday.
    document = json.loads(run("explain", NOTICE, "--at", "2025-06-09T09:00-04:00", "--json").stdout)
    (venue,) = document["meetings"][0]["venues"]
    assert venue["works"] is False
    assert venue["violations"] == ["does not start before the deadline"]


def test_explain_json_lists_each_venue_with_its_elements():
    document = json.loads(run("explain", NOTICE, "--json").stdout)
    (meeting,) = document["meetings"]
    (venue,) = meeting["venues"]
    assert venue["venue"] == "white-house" and venue["earliest"] is None
    found = {item["element"]: item for item in venue["ruled_out_by"]}
    assert {"notice:white-house", "weekdays:white-house"} <= set(found)
    assert found["weekdays:white-house"]["where"][0]["line"] == 20


def test_explain_before_says_what_it_would_take(tmp_path):
    scenario = example_without_calendars(tmp_path)
    # Wanted before the G7 answer, Tue 17 Jun 08:00 MDT: the members-only day, Lee's arrival… and the
    # smallest change is to allow that very start (a minute later).
    result = run("explain", scenario, "--before", "2025-06-17T08:00-06:00")
    assert result.exit_code == 0, result.stderr
    assert "No feasible meeting" in result.stdout
    assert "G7 members-only day" in result.stdout
    assert "What would make it work" in result.stdout
    document = json.loads(run("explain", scenario, "--before", "2025-06-17T08:00-06:00", "--json").stdout)
    (meeting,) = document["meetings"]
    assert meeting["status"] == "infeasible"
    assert meeting["conflict"] and meeting["relaxations"]
    for relax in meeting["relaxations"]:
        assert relax["change"] and relax["proposal"]["start"]


def test_explain_before_does_not_cite_the_yaml_deadline_for_the_wanted_moment(tmp_path):
    scenario = example_without_calendars(tmp_path)
    document = json.loads(run("explain", scenario, "--before", "2025-06-17T08:00-06:00", "--json").stdout)
    (meeting,) = document["meetings"]
    (bound,) = [item for item in meeting["conflict"] if item["element"].startswith("deadline:")]
    # The bound is 17 June from the command line; line of `deadline:` in the YAML holds 9 July.
    deadline_line = line_of(scenario, "deadline: {at: 2025-07-09")
    assert deadline_line not in [where["line"] for where in bound["where"]], bound


def test_explain_json_ends_with_a_newline_like_propose_json():
    result = run("explain", NOTICE, "--json")
    json.loads(result.stdout)
    assert result.stdout.endswith("}\n")


def test_explain_unknown_venue_suggests_the_close_one():
    result = run("explain", NOTICE, "--venue", "white-hous")
    assert result.exit_code == 2
    assert "did you mean 'white-house'" in result.stderr
    assert result.stdout == ""


def test_explain_bad_moment_is_a_usage_error():
    result = run("explain", NOTICE, "--at", "tomorrow")
    assert result.exit_code == 2
    assert "--at" in result.stderr
    assert result.stdout == ""


def test_infeasible_propose_json_carries_rejected_conflict_and_relaxations(tmp_path):
    result = run("propose", EXPLAIN / "deadline_one_day_early.yaml", "--out", tmp_path / "out", "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["status"] == "infeasible" and document["proposals"] == []
    (nato,) = document["rejected"]
    assert nato["venue"] == "nato-the-hague" and nato["reasons"]
    assert {item["element"] for item in document["conflict"]} == {"deadline:summit", "open:nato-the-hague"}
    cited = {item["element"]: [where["line"] for where in item["where"]] for item in document["conflict"]}
    assert cited == {"deadline:summit": [28], "open:nato-the-hague": [21]}
    (move,) = document["relaxations"]
    assert move["change"].startswith("move the deadline 1d1m later")
    assert move["proposal"]["start"] == "2025-06-24T09:00:00+02:00"


def test_plan_without_explain_skips_the_conflict():
    mp = plan(load("deadline_one_day_early.yaml"), explain=False).meetings[0]
    assert mp.proposals == [] and mp.conflict == [] and mp.relaxations == []
    assert rejection(mp, "nato-the-hague").elements == ()


def test_explanations_do_not_change_the_answer(tmp_path):
    problem = build_problem(load_scenario(example_without_calendars(tmp_path)))
    fast, full = plan(problem, top=3, explain=False), plan(problem, top=3)
    assert [(p.venue.id, p.start) for p in fast.meetings[0].proposals] == [
        (p.venue.id, p.start) for p in full.meetings[0].proposals
    ]
