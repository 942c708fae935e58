"""What-if flags: each gives the same answer as the equivalent edit of the YAML, and errors name the flag.

Every test runs the bundled example without its `calendars:` lines (`korea` from test_cli), whose
answer is the G7 in Kananaskis, Tue 17 Jun 2025 08:00 MDT; the NATO summit could host from Tue 24 Jun
08:00 CEST and the White House (21 days' notice from Fri 6 Jun 18:00 KST) from Fri 27 Jun 09:00 EDT.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scheduler.loading import load_scenario
from scheduler.whatif import WhatIf, _parts
from tests.helpers import korea, run, snapshot

LEAVE_EDIT = [
    # Trump's Kananaskis stop ends at 22:00 local, his Hague stop goes, and he is home from landing:
    # Kananaskis → Washington is 3,239 km at 800 km/h = 243 min (rounded up) + 2 × 2h ground time = 8h03m,
    # so 22:00 MDT (04:00 UTC, 17 Jun) + 8h03m = 12:03 UTC = 08:03 EDT; the home stop runs to the latest
    # deadline + 2 × 366 days = 2027-07-11 00:01 EDT.
    (
        "- {place: kananaskis, start: 2025-06-15T20:30, end: 2025-06-17T22:00, what: G7 Leaders' Summit}",
        "- {place: kananaskis, start: 2025-06-15T20:30, end: 2025-06-16T22:00, what: G7 Leaders' Summit}",
    ),
    (
        "- {place: the-hague, start: 2025-06-24T19:30, end: 2025-06-25T15:00, what: NATO Summit}",
        "- {place: washington, start: 2025-06-17T08:03, end: 2027-07-11T00:01}",
    ),
]


def edited(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """The example with `changes` made to the YAML, in its own folder."""
    (tmp_path / "edited").mkdir()
    return korea(tmp_path / "edited", *changes)


def propose(scenario: Path, *flags: str, out: Path) -> dict[str, Any]:
    result = run("propose", scenario, "--out", out, "--json", *flags)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def answer(document: dict[str, Any]) -> dict[str, Any]:
    """What must agree between a what-if run and the edited file: status, proposals, each venue's earliest start."""
    return {
        "status": document["status"],
        "proposals": [(p["venue"], p["start"], p["end"], p["home_start"]) for p in document["proposals"]],
        "rejected": [(r["venue"], r["earliest"], r["after_deadline"]) for r in document["rejected"]],
    }


def test_set_duration_equals_editing_the_yaml(tmp_path: Path) -> None:
    # 45 minutes changes the end, not the start: 08:00 is the first start Lee's Kananaskis stop (07:00) and
    # the meeting hours (08:00) allow; so 08:00–08:45 MDT.
    base = korea(tmp_path)
    changed = edited(tmp_path, ("duration: 1h\n", "duration: 45m\n"))
    flagged = propose(base, "--set", "meetings.summit.duration=45m", out=tmp_path / "a")
    expected = propose(changed, out=tmp_path / "b")
    assert answer(flagged) == answer(expected)
    assert flagged["proposals"][0]["start"] == "2025-06-17T08:00:00-06:00"
    assert flagged["proposals"][0]["end"] == "2025-06-17T08:45:00-06:00"


def test_set_with_a_list_index_equals_editing_the_yaml(tmp_path: Path) -> None:
    # Ending Trump's Kananaskis stop at 22:00 on the 16th leaves him free afterwards (no stop until The Hague
    # on the 24th), so he may stay: still the G7 at 08:00 on the 17th (the README's "without the Washington stop").
    base = korea(tmp_path)
    changed = edited(tmp_path, (LEAVE_EDIT[0][0], LEAVE_EDIT[0][1]))
    for key in ("leaders.trump.itinerary[1].end", "leaders.trump.itinerary.1.end"):
        flagged = propose(base, "--set", f"{key}=2025-06-16T22:00", out=tmp_path / "a")
        assert answer(flagged) == answer(propose(changed, out=tmp_path / "b"))
        assert flagged["proposals"][0]["start"] == "2025-06-17T08:00:00-06:00"


def test_drop_venue_equals_editing_the_yaml(tmp_path: Path) -> None:
    # Without the G7 the earliest is the NATO summit's first hour, Tue 24 Jun 08:00 CEST.
    base = korea(tmp_path)
    changed = edited(
        tmp_path,
        ("venues: [g7-kananaskis, nato-the-hague, white-house]", "venues: [nato-the-hague, white-house]"),
    )
    flagged = propose(base, "--drop-venue", "g7-kananaskis", out=tmp_path / "a")
    assert answer(flagged) == answer(propose(changed, out=tmp_path / "b"))
    assert [(p["venue"], p["start"]) for p in flagged["proposals"]] == [("nato-the-hague", "2025-06-24T08:00:00+02:00")]
    assert [r["venue"] for r in flagged["rejected"]] == ["white-house"]


def test_as_of_equals_editing_the_yaml(tmp_path: Path) -> None:
    # Planned on 1 Jun 09:00 KST (00:00 UTC), the White House's 21 days' notice ends 22 Jun 00:00 UTC = Sat 21 Jun
    # 20:00 EDT; weekdays and hours 09:00–17:00 make it Mon 23 Jun 09:00 EDT. The G7 still wins.
    base = korea(tmp_path)
    changed = edited(tmp_path, ("as_of: 2025-06-06T18:00", "as_of: 2025-06-01T09:00"))
    flagged = propose(base, "--as-of", "2025-06-01T09:00", out=tmp_path / "a")
    assert answer(flagged) == answer(propose(changed, out=tmp_path / "b"))
    white_house = next(r for r in flagged["rejected"] if r["venue"] == "white-house")
    assert white_house["earliest"] == "2025-06-23T09:00:00-04:00"


def test_leave_equals_ending_the_stop_dropping_later_ones_and_going_home(tmp_path: Path) -> None:
    # Trump gone from Kananaskis at 22:00 on the 16th (the G7 members-only day fills it until then) and home in
    # Washington from 08:03 EDT on the 17th: no G7, no NATO; the White House from Fri 27 Jun 09:00 EDT.
    base = korea(tmp_path)
    changed = edited(tmp_path, *LEAVE_EDIT)
    result = run("propose", base, "--out", tmp_path / "a", "--json", "--leave", "trump@2025-06-16T22:00")
    assert result.exit_code == 0, result.stderr
    flagged = json.loads(result.stdout)
    assert answer(flagged) == answer(propose(changed, out=tmp_path / "b"))
    assert [(p["venue"], p["start"]) for p in flagged["proposals"]] == [("white-house", "2025-06-27T09:00:00-04:00")]
    assert "Kananaskis, Alberta now ends Mon 16 Jun 2025 22:00 MDT" in result.stderr
    assert "The Hague Tue 24 Jun 19:30 is dropped" in result.stderr
    assert "home in Washington, D.C. from Tue 17 Jun 2025 08:03 EDT" in result.stderr


def test_leave_reads_a_naive_moment_where_the_leader_is(tmp_path: Path) -> None:
    # 22:00 falls in Trump's Kananaskis stop, so it is 22:00 MDT (−06:00), the same instant as the explicit offset.
    base = korea(tmp_path)
    naive = propose(base, "--leave", "trump@2025-06-16T22:00", out=tmp_path / "a")
    explicit = propose(base, "--leave", "trump@2025-06-16T22:00-06:00", out=tmp_path / "b")
    assert answer(naive) == answer(explicit)


def test_leave_between_stops_goes_home_from_the_last_stop(tmp_path: Path) -> None:
    # 10:00 on 16 Jun is in no stop of Lee's when read in each stop's zone (Seoul ends 08:00 KST, Calgary starts
    # 12:30 MDT), so it is read at home: 10:00 KST. He left Seoul already at home (no flight), so he is home from
    # 10:00 KST on and his Calgary and Kananaskis stops go: no venue abroad can be reached, nothing fits.
    base = korea(tmp_path)
    result = run("propose", base, "--out", tmp_path / "a", "--json", "--leave", "lee@2025-06-16T10:00")
    assert result.exit_code == 1, result.stderr
    assert json.loads(result.stdout)["status"] == "infeasible"
    assert "home in Seoul from Mon 16 Jun 2025 10:00 KST" in result.stderr


def test_flags_combine_in_a_fixed_order(tmp_path: Path) -> None:
    # --set first, then --drop-venue: the G7 dropped and a 30-minute meeting gives NATO 24 Jun 08:00–08:30 CEST.
    base = korea(tmp_path)
    document = propose(
        base, "--drop-venue", "g7-kananaskis", "--set", "meetings.summit.duration=30m", out=tmp_path / "a"
    )
    (proposal,) = document["proposals"]
    assert (proposal["venue"], proposal["start"], proposal["end"]) == (
        "nato-the-hague",
        "2025-06-24T08:00:00+02:00",
        "2025-06-24T08:30:00+02:00",
    )


def test_no_flags_change_nothing(tmp_path: Path) -> None:
    """The scenario goes through the models and back unchanged: setting a value to itself is a no-op."""
    base = korea(tmp_path)
    loaded = load_scenario(base)
    same, notes = WhatIf(sets=("title=First Korea–US summit after the June 2025 election",)).apply(loaded)
    assert same.scenario == loaded.scenario and notes == []
    assert propose(base, out=tmp_path / "a") == propose(base, "--set", "travel.speed=800 km/h", out=tmp_path / "a")


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (
            ["--set", "meetings.summit.duration=45x"],
            "--set meetings.summit.duration=45x: meetings.summit.duration: expected a duration",
        ),
        (["--set", "meetings.sumit.duration=45m"], "meetings has no key 'sumit' (did you mean 'summit'?)"),
        (
            ["--set", "venues.white-house.notise=3d"],
            "--set venues.white-house.notise=3d: venues.white-house.notise: "
            "unknown key 'notise' (did you mean 'notice'?)",
        ),
        (["--set", "leaders.lee.itinerary[7].end=2025-06-20"], "is a list of 3 items"),
        (["--set", "meetings.summit.duration"], "expected KEY.PATH=VALUE"),
        (["--set", "meetings.summit.duration="], "give a value after '='"),
        (["--set", "venues.white-house.host=trum"], "leader 'trum' is not defined (did you mean 'trump'?)"),
        (["--as-of", "yesterday"], "--as-of: expected a date"),
        (["--drop-venue", "g7"], "--drop-venue g7: no venue 'g7'"),
        (["--leave", "trum@2025-06-16T22:00"], "no leader 'trum' (did you mean 'trump'?)"),
        (["--leave", "trump-2025-06-16"], "expected LEADER@DATETIME"),
        (["--leave", "trump@tomorrow"], "--leave trump@tomorrow: expected a date"),
    ],
    ids=[
        "bad-value",
        "bad-path",
        "unknown-key",
        "bad-index",
        "no-equals",
        "no-value",
        "bad-reference",
        "as-of",
        "drop-unknown",
        "leave-unknown",
        "leave-format",
        "leave-time",
    ],
)
@pytest.mark.parametrize("command", ["propose", "validate", "explain"])
def test_bad_what_if_exits_2_naming_the_flag(command: str, flags: list[str], message: str, tmp_path: Path) -> None:
    base = korea(tmp_path)
    before = snapshot(tmp_path)
    result = run(command, base, *flags)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert result.stdout == ""
    assert snapshot(tmp_path) == before, "nothing is written"


def test_dropping_every_venue_of_a_meeting_is_refused(tmp_path: Path) -> None:
    base = korea(tmp_path)
    result = run(
        "validate",
        base,
        "--drop-venue",
        "g7-kananaskis",
        "--drop-venue",
        "nato-the-hague",
        "--drop-venue",
        "white-house",
    )
    assert result.exit_code == 2
    assert "--drop-venue white-house: it is the only venue" in result.stderr


def test_validate_with_what_if(tmp_path: Path) -> None:
    base = korea(tmp_path)
    result = run("validate", base, "--set", "meetings.summit.duration=45m")
    assert result.exit_code == 0, result.stderr
    assert "valid (with the what-if changes)" in result.stdout
    assert "45m" not in base.read_text(encoding="utf-8"), "the file is not touched"


def test_explain_with_what_if(tmp_path: Path) -> None:
    # With the G7 dropped, explain reports on the other two venues only.
    base = korea(tmp_path)
    result = run("explain", base, "--drop-venue", "g7-kananaskis")
    assert result.exit_code == 0, result.stderr
    assert "G7" not in result.stdout
    assert "NATO Summit, The Hague (sidelines) (nato-the-hague): earliest Tue 24 Jun 2025" in result.stdout


def test_key_paths() -> None:
    assert _parts("leaders.lee.itinerary[1].end") == ["leaders", "lee", "itinerary", 1, "end"]
    assert _parts("leaders.lee.itinerary.1.end") == ["leaders", "lee", "itinerary", 1, "end"]
    assert _parts("travel.flights[0][1]") == ["travel", "flights", 0, 1]


def test_a_dotted_id_is_reached_whole(tmp_path: Path) -> None:
    # A place id with a dot (`st.johns`) is found as one key, not as `st` then `johns`.
    base = korea(
        tmp_path,
        (
            "  the-hague:  {name: The Hague,",
            "  st.johns: {name: X, timezone: America/St_Johns, "
            "coordinates: [47.56, -52.71]}\n  the-hague:  {name: "
            "The Hague,",
        ),
    )
    result = run("validate", base, "--set", "places.st.johns.name=St. John's")
    assert result.exit_code == 0, result.stderr


# --- compare -------------------------------------------------------------------------------------


def test_compare_with_a_what_if(tmp_path: Path) -> None:
    # Dropping the G7 moves the proposal to NATO, Tue 24 Jun 08:00–09:00 CEST. The G7 line goes; NATO's verdict
    # turns from "later" to proposed; the White House is still possible from Fri 27 Jun 09:00 EDT, but what it is
    # measured against moves from the old winner, 17 Jun 08:00 MDT = 10:00 EDT, to the new one, 24 Jun 08:00 CEST
    # = 02:00 EDT.
    base = korea(tmp_path)
    result = run("compare", base, "--drop-venue", "g7-kananaskis")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"after:  {base} with --drop-venue g7-kananaskis" in out
    assert "Proposal changed:  G7 Leaders' Summit, Kananaskis (sidelines), Tue 17 Jun 2025 08:00–09:00 MDT" in out
    assert "→ NATO Summit, The Hague (sidelines), Tue 24 Jun 2025 08:00–09:00 CEST" in out
    assert "− proposed: Tue 17 Jun 2025 08:00 MDT" in out
    assert "+ not a candidate venue" in out
    assert "+ proposed: Tue 24 Jun 2025 08:00 CEST" in out
    white_house = out[out.index("Official visit to the White House (white-house):") :]
    assert "− possible, but later: from Fri 27 Jun 2025 09:00 EDT; a start by Tue 17 Jun 2025 10:00 EDT" in white_house
    assert "+ possible, but later: from Fri 27 Jun 2025 09:00 EDT; a start by Tue 24 Jun 2025 02:00 EDT" in white_house


def test_compare_lists_unchanged_venues(tmp_path: Path) -> None:
    # A 45-minute meeting keeps every start: the proposal's end moves (08:45), each venue keeps its verdict.
    base = korea(tmp_path)
    result = run("compare", base, "--set", "meetings.summit.duration=45m")
    assert result.exit_code == 0, result.stderr
    assert "→ G7 Leaders' Summit, Kananaskis (sidelines), Tue 17 Jun 2025 08:00–08:45 MDT" in result.stdout
    assert "Unchanged: g7-kananaskis, nato-the-hague, white-house" in result.stdout


def test_compare_two_files_equals_compare_with_flags(tmp_path: Path) -> None:
    """The report on an edited copy and on the same edit as flags differ only in the `after:` header."""
    base = korea(tmp_path)
    changed = edited(tmp_path, *LEAVE_EDIT)
    files = run("compare", base, changed)
    flags = run("compare", base, "--leave", "trump@2025-06-16T22:00")
    assert files.exit_code == flags.exit_code == 0, files.stderr + flags.stderr
    body = [line for line in files.stdout.splitlines() if not line.startswith("after:")]
    assert body == [line for line in flags.stdout.splitlines() if not line.startswith("after:")]
    assert "→ Official visit to the White House, Fri 27 Jun 2025 09:00–10:00 EDT" in files.stdout


def test_compare_the_same_scenario_reports_no_change(tmp_path: Path) -> None:
    base = korea(tmp_path)
    result = run("compare", base, base)
    assert result.exit_code == 0, result.stderr
    assert "Proposal unchanged: G7 Leaders' Summit, Kananaskis (sidelines), Tue 17 Jun 2025 08:00–09:00 MDT" in (
        result.stdout
    )
    assert result.stdout.rstrip().endswith("No change: the same proposals, for the same reasons.")


def test_compare_needs_something_to_compare(tmp_path: Path) -> None:
    result = run("compare", korea(tmp_path))
    assert result.exit_code == 2
    assert "nothing to compare: give a second scenario or what-if flags" in result.stderr


def test_compare_in_colour_marks_changes(tmp_path: Path) -> None:
    result = run("compare", korea(tmp_path), "--drop-venue", "g7-kananaskis", "--color")
    assert result.exit_code == 0
    assert "\x1b[31m" in result.stdout and "\x1b[32m" in result.stdout  # red for −, green for +


def compare_json(*args: object) -> dict[str, Any]:
    result = run("compare", *args, "--json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_compare_json_with_a_what_if(tmp_path: Path) -> None:
    # The facts of test_compare_with_a_what_if as JSON. Before: the G7, Tue 17 Jun 08:00–09:00 MDT (UTC−6) = 23:00 KST
    # for Lee, 10:00 EDT for Trump. After: NATO, Tue 24 Jun 08:00–09:00 CEST (UTC+2) = 06:00 UTC = 15:00 KST, 02:00 EDT;
    # the deadline 9 Jul 00:01 EDT = 04:01 UTC is 14 days 22h01m = 21,481 minutes after it.
    base = korea(tmp_path)
    document = compare_json(base, "--drop-venue", "g7-kananaskis")
    assert (document["before"], document["after"]) == (str(base), f"{base} with --drop-venue g7-kananaskis")
    assert document["changed"] is True
    (meeting,) = document["meetings"]
    assert (meeting["meeting"], meeting["only_in"], meeting["changed"], meeting["proposal_changed"]) == (
        "summit",
        None,
        True,
        True,
    )
    before, after = meeting["before"], meeting["after"]
    assert (before["venue"], before["start"], before["end"], before["timezone"]) == (
        "g7-kananaskis",
        "2025-06-17T08:00:00-06:00",
        "2025-06-17T09:00:00-06:00",
        "America/Edmonton",
    )
    assert before["home_start"] == {"lee": "2025-06-17T23:00:00+09:00", "trump": "2025-06-17T10:00:00-04:00"}
    assert (after["venue"], after["start"], after["end"], after["timezone"]) == (
        "nato-the-hague",
        "2025-06-24T08:00:00+02:00",
        "2025-06-24T09:00:00+02:00",
        "Europe/Amsterdam",
    )
    assert after["home_start"] == {"lee": "2025-06-24T15:00:00+09:00", "trump": "2025-06-24T02:00:00-04:00"}
    assert after["deadline_margin_minutes"] == 21481 and after["files"] == []
    venues = {venue["venue"]: venue for venue in meeting["venues"]}
    assert list(venues) == ["g7-kananaskis", "nato-the-hague", "white-house"] and meeting["unchanged"] == []
    assert (venues["g7-kananaskis"]["gone"], venues["g7-kananaskis"]["new"]) == (
        ["proposed: Tue 17 Jun 2025 08:00 MDT"],
        ["not a candidate venue"],
    )
    assert venues["nato-the-hague"]["new"] == ["proposed: Tue 24 Jun 2025 08:00 CEST"]
    # The White House keeps its 21 days' notice line; only its headline moves, from the old winner's 10:00 EDT on
    # the 17th to the new one's 02:00 EDT on the 24th.
    assert (venues["white-house"]["gone"], venues["white-house"]["new"]) == (
        ["possible, but later: from Fri 27 Jun 2025 09:00 EDT; a start by Tue 17 Jun 2025 10:00 EDT is ruled out by:"],
        ["possible, but later: from Fri 27 Jun 2025 09:00 EDT; a start by Tue 24 Jun 2025 02:00 EDT is ruled out by:"],
    )


def test_compare_json_says_what_the_text_says(tmp_path: Path) -> None:
    """Each reason gone and new in the document is a − and + line of the text, and no other lines are."""
    base = korea(tmp_path)
    flags = ("--leave", "trump@2025-06-16T22:00")
    text = run("compare", base, *flags).stdout
    document = compare_json(base, *flags)
    (meeting,) = document["meetings"]
    marked = [line.strip() for line in text.splitlines() if line.strip().startswith(("−", "+"))]
    from_json = [
        f"{sign} {line}"
        for venue in meeting["venues"]
        for sign, key in (("−", "gone"), ("+", "new"))
        for line in venue[key]
    ]
    # Trump home from 08:03 EDT on the 17th: the G7 loses "proposed" and gains a headline and three reasons (his
    # members-only day, Lee's and Trump's whereabouts), NATO swaps two lines for two, the White House's headline
    # and notice line give way to "proposed": 1 + 4 + 2 + 2 + 2 + 1 = 12.
    assert marked == from_json and len(marked) == 12
    assert "→ Official visit to the White House, Fri 27 Jun 2025 09:00–10:00 EDT" in text
    assert (meeting["after"]["venue"], meeting["after"]["start"]) == ("white-house", "2025-06-27T09:00:00-04:00")
    # Colour never reaches the document.
    assert (
        run("compare", base, *flags, "--json", "--color").stdout
        == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    )


def test_compare_json_proposals_are_propose_json_entries(tmp_path: Path) -> None:
    """The proposal before and after has the shape and the values of propose's `proposals` entry (no files)."""
    base = korea(tmp_path)
    (meeting,) = compare_json(base, "--drop-venue", "g7-kananaskis")["meetings"]
    (before,) = propose(base, out=tmp_path / "a")["proposals"]
    (after,) = propose(base, "--drop-venue", "g7-kananaskis", out=tmp_path / "b")["proposals"]
    assert meeting["before"] == {**before, "files": []}
    assert meeting["after"] == {**after, "files": []}


def test_compare_json_when_nothing_fits_after(tmp_path: Path) -> None:
    # A deadline of 10 Jun (the end of that day, Seoul: Wed 11 Jun 00:00 KST) is before every venue's first start:
    # the G7 from 17 Jun, NATO from 24 Jun, the White House from 27 Jun. After is null; every venue changed.
    base = korea(tmp_path)
    (meeting,) = compare_json(base, "--set", "meetings.summit.deadline.at=2025-06-10")["meetings"]
    assert meeting["before"]["venue"] == "g7-kananaskis" and meeting["after"] is None
    assert meeting["proposal_changed"] is True and meeting["unchanged"] == []
    g7 = next(venue for venue in meeting["venues"] if venue["venue"] == "g7-kananaskis")
    assert g7["gone"] == ["proposed: Tue 17 Jun 2025 08:00 MDT"]
    assert g7["new"][:2] == [
        "no possible start before the deadline (the first one after it: Tue 17 Jun 2025 08:00 MDT):",
        "the deadline Wed 11 Jun 2025 00:00 KST (reciprocal-tariff relief expires)",
    ]


def test_compare_json_of_the_same_scenario_reports_no_change(tmp_path: Path) -> None:
    base = korea(tmp_path)
    document = compare_json(base, base)
    assert document["changed"] is False
    (meeting,) = document["meetings"]
    assert meeting["changed"] is False and meeting["proposal_changed"] is False and meeting["venues"] == []
    assert meeting["unchanged"] == ["g7-kananaskis", "nato-the-hague", "white-house"]
    assert meeting["before"] == meeting["after"] and meeting["after"]["start"] == "2025-06-17T08:00:00-06:00"


# --- publish ---------------------------------------------------------------------------------------


def test_publish_with_a_bad_what_if_exits_2_naming_the_flag_before_any_upload(tmp_path: Path) -> None:
    # The what-if is applied before the server is contacted: nothing listens on port 9 of 127.0.0.1, and the error
    # is the flag's, not "cannot reach the CalDAV server".
    base = korea(tmp_path)
    url = "http://127.0.0.1:9/planner/summit/"
    result = run("publish", base, "--caldav", url, "--drop-venue", "g7")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "--drop-venue g7: no venue 'g7'" in result.stderr
    assert "cannot reach" not in result.stderr and result.stdout == ""
