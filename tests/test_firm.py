"""Firm stops and the assumptions an answer makes (DESIGN.md "Firm stops", issue 14).

Feasible / infeasible / feasible triplets as in test_rules.py: the loose answer (the leader may
arrive early, leave late or make a detour, and the answer says so), the firm one that rules it out,
and the firm one that fits again once the rest of the scenario allows it. Then the Canada–India
case of the issue, run through the CLI: text, --json and the .ics description.

Times in comments: Z = UTC, BST = UTC+1 (London in June), KST = UTC+9, JST = UTC+9, IST = UTC+5:30,
MYT = UTC+8 (Kuala Lumpur; tzdata prints "+08"). 2 June 2025 is a Monday. Travel: buffer 1h at each
end; Seoul ↔ London 12h in the flights table, so 14h with buffers; Tokyo → London by great circle
9,559 km at 800 km/h = 717 min, so 837 min = 13h57m with buffers.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from scheduler.assumptions import assumptions
from scheduler.cli import main
from scheduler.loading import load_scenario
from scheduler.problem import build_problem
from scheduler.verify import violations
from tests.helpers import DATA, GUEST_TRAVELS, LONDON_FROM_3_JUNE, assert_rejected, earliest, guest_travels

LONDON = ZoneInfo("Europe/London")
KUALA_LUMPUR = ZoneInfo("Asia/Kuala_Lumpur")


def line_of(path: Path, text: str) -> int:
    """The line of the scenario that holds `text` (where its flow-style stop, and so its `firm` key, is)."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def kinds(plan) -> list[tuple[str, str]]:
    proposal = earliest(plan)
    return [(a.leader, a.kind) for a in assumptions(plan.problem, proposal)]


# --- arriving early ------------------------------------------------------------------------------


def test_loose_stop_lets_the_guest_arrive_early_and_says_so(solve_yaml):
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(LONDON_FROM_3_JUNE.replace("$firm", "")))
    # No stop before London: he flies in from home (Seoul) whenever he likes, so the first grid start
    # after as_of (00:00Z = 01:00 BST, Mon 2 June) — 35 hours before his London stop starts.
    assert earliest(plan).start == datetime(2025, 6, 2, 1, 0, tzinfo=LONDON)
    assert kinds(plan) == [("guest", "early_arrival")]
    (assumption,) = assumptions(plan.problem, earliest(plan))
    assert "arriving in London before the stop there starts Tue 03 Jun 12:00 BST" in assumption.text


def test_firm_stop_forbids_arriving_early(solve_yaml):
    guest = LONDON_FROM_3_JUNE.replace("$firm", ", firm: true")
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(guest, deadline="2025-06-03T11:00"))
    # Before 12:00 on 3 June he is not in London (firm: he lands at 12:00), and the deadline is 11:00.
    assert_rejected(plan, "hall", r"stop in London .* is firm", r"deadline")


def test_firm_stop_meets_from_its_start(solve_yaml):
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(LONDON_FROM_3_JUNE.replace("$firm", ", firm: true")))
    # Inside the stop from its start: Tue 3 June 12:00 BST, and inside a stop nothing is assumed.
    assert earliest(plan).start == datetime(2025, 6, 3, 12, 0, tzinfo=LONDON)
    assert kinds(plan) == []


# --- leaving late --------------------------------------------------------------------------------

LONDON_UNTIL_2_JUNE = "itinerary: [{place: london, start: 2025-06-01T00:00, end: 2025-06-02T06:00$firm}]"
HOST_BUSY_UNTIL = "busy: [{start: 2025-06-02T00:00, end: 2025-06-02T$until}]"


def test_loose_stop_lets_the_guest_stay_on_and_says_so(solve_yaml):
    guest = LONDON_UNTIL_2_JUNE.replace("$firm", "")
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(guest, HOST_BUSY_UNTIL.replace("$until", "08:00")))
    # The host is busy until 08:00 BST; the guest's stop ended at 06:00 and he stays on: 08:00 BST.
    assert earliest(plan).start == datetime(2025, 6, 2, 8, 0, tzinfo=LONDON)
    assert kinds(plan) == [("guest", "late_departure")]
    (assumption,) = assumptions(plan.problem, earliest(plan))
    assert "staying in London after the stop there ends Mon 02 Jun 06:00 BST" in assumption.text


def test_firm_stop_forbids_leaving_late(solve_yaml):
    guest = LONDON_UNTIL_2_JUNE.replace("$firm", ", firm: true")
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(guest, HOST_BUSY_UNTIL.replace("$until", "08:00")))
    # Inside the stop (to 06:00) the host is busy; after it he leaves London at 06:00 and no later
    # stop brings him back: nothing fits.
    assert_rejected(plan, "hall", r"is firm", r"Host busy")


def test_firm_stop_still_meets_inside_it(solve_yaml):
    guest = LONDON_UNTIL_2_JUNE.replace("$firm", ", firm: true")
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(guest, HOST_BUSY_UNTIL.replace("$until", "05:00")))
    # The host is free from 05:00 BST; 05:00–06:00 ends exactly at the stop's end (half-open).
    assert earliest(plan).start == datetime(2025, 6, 2, 5, 0, tzinfo=LONDON)
    assert kinds(plan) == []


LONDON_TWICE = (
    "itinerary: [{place: london, start: 2025-06-01T00:00, end: 2025-06-02T06:00}, "
    "{place: london, start: 2025-06-04T00:00, end: 2025-06-05T00:00$firm}]"
)


def test_staying_on_between_two_stops_at_one_place_cites_both(solve_yaml):
    guest = LONDON_TWICE.replace("$firm", "")
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(guest, HOST_BUSY_UNTIL.replace("$until", "08:00")))
    # 08:00 BST Mon 2 June, between his two London stops: he stays on after the first, up to the second.
    assert earliest(plan).start == datetime(2025, 6, 2, 8, 0, tzinfo=LONDON)
    (assumption,) = assumptions(plan.problem, earliest(plan))
    assert assumption.kind == "late_departure"
    assert (
        "after the stop there ends Mon 02 Jun 06:00 BST until the next stop there starts Wed 04 Jun 00:00 BST"
        in assumption.text
    )
    assert len(assumption.sources) == 2  # both stops, both lines


def test_a_firm_start_also_forbids_staying_on_up_to_it(solve_yaml):
    guest = LONDON_TWICE.replace("$firm", ", firm: true")
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(guest, HOST_BUSY_UNTIL.replace("$until", "08:00")))
    # Staying in London up to the second stop would be arriving early for it, which is firm; inside
    # the first stop the host is busy: the second stop's start, 00:00 BST Wed 4 June.
    assert earliest(plan).start == datetime(2025, 6, 4, 0, 0, tzinfo=LONDON)
    assert kinds(plan) == []


# --- a firm end pins the leg out ---------------------------------------------------------------

TOKYO_THEN_SEOUL = (
    "itinerary: [{place: tokyo, start: 2025-06-01T00:00, end: 2025-06-02T09:00$firm}, "
    "{place: seoul, start: 2025-06-06, end: 2025-06-08}], "
    "busy: [{start: 2025-06-02T09:00, end: 2025-06-02T10:00, what: breakfast}]"  # home zone: 00:00–01:00Z
)


def test_loose_stop_lets_the_guest_leave_after_his_breakfast(solve_yaml):
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(TOKYO_THEN_SEOUL.replace("$firm", "")))
    # Tokyo ends 00:00Z; busy to 01:00Z, so the 13h57m leg leaves at 01:00Z and lands 14:57Z =
    # 15:57 BST: 16:00 BST on the 15-minute grid. London is a detour between Tokyo and Seoul.
    assert earliest(plan).start == datetime(2025, 6, 2, 16, 0, tzinfo=LONDON)
    assert kinds(plan) == [("guest", "detour")]
    (assumption,) = assumptions(plan.problem, earliest(plan))
    assert re.search(
        r"travelling to London after the stop in Tokyo ends Mon 02 Jun 09:00 JST and before "
        r"the stop in Seoul starts Fri 06 Jun 00:00 KST \(scenario.yaml:\d+, scenario.yaml:\d+\)",
        assumption.text,
    ), assumption.text


def test_firm_end_makes_the_leg_leave_at_once(solve_yaml):
    guest = TOKYO_THEN_SEOUL.replace("$firm", ", firm: true")
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(guest, deadline="2025-06-05"))
    # The leg out of a firm Tokyo stop leaves at its end, 00:00Z, but breakfast is 00:00–01:00Z;
    # before the Seoul stop (6 June, past the deadline) London is out of reach.
    assert_rejected(plan, "hall", r"stop in Tokyo .* is firm")


def test_firm_end_then_the_next_gap(solve_yaml):
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(TOKYO_THEN_SEOUL.replace("$firm", ", firm: true")))
    # After the (not firm) Seoul stop, which ends at the end of 8 June KST = 15:00Z: 14h to London,
    # landing 05:00Z 9 June = 06:00 BST, Mon 9 June.
    assert earliest(plan).start == datetime(2025, 6, 9, 6, 0, tzinfo=LONDON)


# --- a firm itinerary ------------------------------------------------------------------------------

TOKYO_AND_SEOUL = (
    "$firm itinerary: [{place: tokyo, start: 2025-06-01T00:00, end: 2025-06-02T09:00}, $london"
    "{place: seoul, start: 2025-06-06, end: 2025-06-08}]"
)


def test_loose_itinerary_allows_a_detour(solve_yaml):
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(TOKYO_AND_SEOUL.replace("$firm", "").replace("$london", "")))
    # Leaves Tokyo at 00:00Z, lands 13:57Z = 14:57 BST: 15:00 BST, a detour.
    assert earliest(plan).start == datetime(2025, 6, 2, 15, 0, tzinfo=LONDON)
    assert kinds(plan) == [("guest", "detour")]


def test_firm_itinerary_forbids_detours(solve_yaml):
    guest = TOKYO_AND_SEOUL.replace("$firm", "firm_itinerary: true,").replace("$london", "")
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(guest))
    # No stop in London and no meetings outside stops: nothing fits, and the reason is the key.
    assert_rejected(plan, "hall", r"itinerary is firm")


def test_firm_itinerary_meets_inside_its_stops(solve_yaml):
    london = "{place: london, start: 2025-06-03T10:00, end: 2025-06-03T18:00}, "
    guest = TOKYO_AND_SEOUL.replace("$firm", "firm_itinerary: true,").replace("$london", london)
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels(guest))
    # Inside the London stop from its start: Tue 3 June 10:00 BST.
    assert earliest(plan).start == datetime(2025, 6, 3, 10, 0, tzinfo=LONDON)
    assert kinds(plan) == []


def test_no_assumption_at_home_or_without_stops(solve_yaml):
    # The host has no stops and meets at home; the guest lives in Seoul and has no stops either.
    plan = solve_yaml(GUEST_TRAVELS, **guest_travels("hours: '00:00-24:00'"))
    assert kinds(plan) == []


# --- the verifier, on its own --------------------------------------------------------------------


def test_verify_refuses_a_start_that_leans_on_a_firm_stop(write_yaml):
    path = write_yaml(GUEST_TRAVELS, **guest_travels(LONDON_FROM_3_JUNE.replace("$firm", ", firm: true")))
    problem = build_problem(load_scenario(path))
    meeting, venue = problem.meetings["talk"], problem.venues["hall"]
    # 3 June 10:00 BST: two hours before the firm stop starts, in London.
    stop = f"itinerary stop: Guest in London (scenario.yaml:{line_of(path, 'guest:')})"
    assert violations(problem, meeting, venue, datetime(2025, 6, 3, 10, 0, tzinfo=LONDON)) == [
        f"Guest would be in london before the firm {stop} starts"
    ]
    # From 12:00 it is inside the stop.
    assert violations(problem, meeting, venue, datetime(2025, 6, 3, 12, 0, tzinfo=LONDON)) == []


# --- the case: Canada–India in Kuala Lumpur, through the CLI ------------------------------

KL = DATA / "firm" / "canada_india_kl.yaml"
FIRM_KL = ("what: East Asia Summit}", "what: East Asia Summit, firm: true}")


def kl_scenario(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = KL.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "canada_india_kl.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def propose(path: Path, *args: str):
    return CliRunner().invoke(main, ["propose", str(path), "--out", str(path.parent / "out"), *args])


def test_kl_as_written_arrives_early_and_says_so(tmp_path: Path) -> None:
    path = kl_scenario(tmp_path)
    stop_line = line_of(path, "place: kuala-lumpur, start: 2025-10-26T14:00")
    result = propose(path)
    assert result.exit_code == 0, result.output
    # His New Delhi stop ends Sat 25 Oct 17:00 IST = 11:30Z; New Delhi → Kuala Lumpur is 3,838 km at
    # 800 km/h = 288 min + 2h + 2h = 8h48m: he can land by 20:18Z = Sun 26 Oct 04:18 MYT. Anand is in
    # KL from Sat 20:00; the venue opens Sun 08:00: 08:00 MYT, six hours before his KL stop starts.
    assert "Sun 26 Oct 2025, 08:00–09:00 UTC+08" in result.output
    expected = (
        "Assumption: relies on Subrahmanyam Jaishankar arriving in Kuala Lumpur before the stop there "
        f"starts Sun 26 Oct 14:00 UTC+08 (canada_india_kl.yaml:{stop_line})"
    )
    assert expected in result.output
    # The .ics is written for the counterpart: the same line without the scenario's file:line.
    description = (tmp_path / "out" / "ministers.ics").read_bytes().replace(b"\r\n ", b"").decode()
    counterpart = expected.split(" (canada_india_kl.yaml:")[0]
    assert counterpart.replace(",", "\\,") + "\\n" in description
    assert "canada_india_kl.yaml" not in description


def test_kl_table_prints_the_assumption_under_the_table(tmp_path: Path) -> None:
    from scheduler.plan import plan
    from scheduler.render import table

    problem = build_problem(load_scenario(kl_scenario(tmp_path)))
    shown = re.sub(r"\x1b\[[0-9;]*m", "", table(plan(problem, workers=1), {}, width=400))
    # The same line as the text answer (see above), below the table, for the one proposal.
    assert (
        "Assumption: relies on Subrahmanyam Jaishankar arriving in Kuala Lumpur before the stop there starts "
        "Sun 26 Oct 14:00 UTC+08 (canada_india_kl.yaml:" in shown
    )


def test_kl_json_lists_the_assumption(tmp_path: Path) -> None:
    path = kl_scenario(tmp_path)
    result = propose(path, "--json")
    assert result.exit_code == 0, result.output
    (proposal,) = json.loads(result.output)["proposals"]
    (assumption,) = proposal["assumptions"]
    assert assumption["leader"] == "jaishankar"
    assert assumption["kind"] == "early_arrival"
    assert assumption["text"].startswith("relies on Subrahmanyam Jaishankar arriving in Kuala Lumpur")
    line = line_of(path, "place: kuala-lumpur, start: 2025-10-26T14:00")
    assert assumption["where"] == [{"file": str(path), "line": line, "key": "leaders.jaishankar.itinerary[1]"}]


def test_kl_with_a_firm_stop_moves_after_14_00(tmp_path: Path) -> None:
    result = propose(kl_scenario(tmp_path, FIRM_KL), "--json")
    assert result.exit_code == 0, result.output
    (proposal,) = json.loads(result.output)["proposals"]
    # Firm: he is in Kuala Lumpur only from 14:00; busy 14:00–15:30 (ASEAN–India session); on the
    # 30-minute grid: 15:30 MYT. Inside his stop: nothing assumed.
    assert proposal["start"] == "2025-10-26T15:30:00+08:00"
    assert proposal["assumptions"] == []


def test_kl_firm_stop_is_named_when_nothing_fits(tmp_path: Path) -> None:
    path = kl_scenario(tmp_path, FIRM_KL, ("deadline: {at: 2025-10-31,", "deadline: {at: 2025-10-26T15:00,"))
    result = propose(path)
    # Firm from 14:00, busy to 15:30, and a deadline at 15:00: nothing fits (exit 1). The conflict
    # names the firm key's line, and dropping it gives back 08:00.
    assert result.exit_code == 1, result.output
    line = line_of(path, "place: kuala-lumpur, start: 2025-10-26T14:00")
    assert re.search(
        rf"Jaishankar's stop in Kuala Lumpur \(Sun 26 Oct 14:00–Mon 27 Oct 21:00 UTC\+08\) is firm: "
        rf"no arriving early or leaving late \(canada_india_kl.yaml:{line}\)",
        result.output,
    )
    assert re.search(
        r"let Subrahmanyam Jaishankar arrive early or leave late at the stop in Kuala Lumpur "
        rf"\(drop firm \(canada_india_kl.yaml:{line}\)\)\n\s+→ ASEAN Summit, Kuala Lumpur \(sidelines\), "
        r"Sun 26 Oct 2025, 08:00 UTC\+08",
        result.output,
    )


@pytest.mark.parametrize(
    ("model", "key", "says"),
    [("Stop", "firm", "he arrives at `start` and leaves at `end`"), ("Leader", "firm_itinerary", "no detours")],
)
def test_schema_describes_the_firm_keys(model: str, key: str, says: str) -> None:
    result = CliRunner().invoke(main, ["schema"])
    field = json.loads(result.output)["$defs"][model]["properties"][key]
    assert field["default"] is False  # loose unless the scenario says otherwise
    assert says in field["description"]
