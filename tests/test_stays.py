"""Itinerary stops at one place that touch or overlap are one stay (DESIGN.md "Settled readings"; issue 13,
fuzz bugs 2 and 3).

Merz receives Lee in Berlin. Lee's itinerary has him in Berlin for talks 08:00–12:00 and lunch 12:00–13:00
(touching), or for talks 08:00–13:00 with lunch 12:00–12:30 inside them (nested). The venue opens at 11:30,
so the earliest hour is 11:30–12:30 CEST, which lies in the stay but in neither stop alone. Outside the stay
Lee would have to fly in from Seoul (about 8,100 km: hours, not minutes), and an earlier stop keeps him in
Seoul until 06:00 CEST, so no start before the stay can be reached by travel either.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scheduler.errors import ScenarioErrors, Where
from scheduler.journeys import journeys
from scheduler.plan import Plan
from scheduler.problem import Problem, Source, Stop, join_stays
from scheduler.verify import violations
from tests.helpers import earliest
from tests.oracle import Oracle, from_min, to_min

BERLIN = ZoneInfo("Europe/Berlin")
EXAMPLE = Path(__file__).parent.parent / "calendars" / "korea-us-2025" / "scenario.yaml"

SCENARIO = """
version: 1
title: Stays
as_of: 2025-06-01T00:00
timezone: Europe/Berlin
places:
  berlin: {name: Berlin, timezone: Europe/Berlin, coordinates: [52.52, 13.405]}
  seoul:  {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.978]}
  paris:  {name: Paris, timezone: Europe/Paris, coordinates: [48.8566, 2.3522]}
leaders:
  lee:
    name: Lee
    home: seoul
    itinerary:
      - {place: seoul, start: 2025-06-10T00:00, end: 2025-06-16T13:00}
$stops
  merz: {name: Merz, home: berlin}
venues:
  chancellery: {name: Chancellery, place: berlin, open: [{start: 2025-06-16T11:30, end: 2025-06-16T20:00}]}
meetings:
  m: {title: Talks, participants: [lee, merz], duration: 1h, align: 30m}
"""

TOUCHING = """\
      - {place: berlin, start: 2025-06-16T08:00, end: 2025-06-16T12:00, what: talks}
      - {place: berlin, start: 2025-06-16T12:00, end: 2025-06-16T13:00, what: lunch}"""
NESTED = """\
      - {place: berlin, start: 2025-06-16T08:00, end: 2025-06-16T13:00, what: talks}
      - {place: berlin, start: 2025-06-16T12:00, end: 2025-06-16T12:30, what: lunch}"""
NESTED_LUNCH_FIRST = """\
      - {place: berlin, start: 2025-06-16T12:00, end: 2025-06-16T12:30, what: lunch}
      - {place: berlin, start: 2025-06-16T08:00, end: 2025-06-16T13:00, what: talks}"""


@pytest.mark.parametrize("stops", [TOUCHING, NESTED, NESTED_LUNCH_FIRST], ids=["touching", "nested", "nested-first"])
def test_a_meeting_may_span_two_stops_at_one_place(solve_yaml: Callable[..., Plan], stops: str) -> None:
    plan = solve_yaml(SCENARIO.replace("$stops", stops))
    # 11:30–12:30 CEST lies in the Berlin stay 08:00–13:00 (both cases); the venue opens at 11:30: 11:30.
    proposal = earliest(plan)
    assert proposal.start == datetime(2025, 6, 16, 11, 30, tzinfo=BERLIN)
    # Inside the stay: no travel around the meeting.
    assert journeys(plan.problem, plan.problem.leaders["lee"], "berlin", proposal.start, proposal.end) == []
    # The oracle agrees (it joins the stops itself, from the stops as written).
    answer = Oracle(plan.problem).earliest("m")
    assert answer.best == (to_min(proposal.start), "chancellery"), from_min(answer.best[0]) if answer.best else None


@pytest.mark.parametrize("stops", [TOUCHING, NESTED], ids=["touching", "nested"])
def test_the_stay_keeps_the_stops_as_written(load_yaml: Callable[..., Problem], stops: str) -> None:
    problem = load_yaml(SCENARIO.replace("$stops", stops))
    seoul, stay = problem.leaders["lee"].stops
    # One stay in Berlin, 08:00–13:00 CEST (06:00–11:00 UTC): the talks (the earliest stop, whose source it
    # keeps) to the end of whichever stop ends last; the talks and the lunch are its parts.
    assert (stay.place, stay.start, stay.end) == (
        "berlin",
        datetime(2025, 6, 16, 6, tzinfo=UTC),
        datetime(2025, 6, 16, 11, tzinfo=UTC),
    )
    assert stay.source.what == "itinerary stop: Lee in Berlin (talks)"
    assert [part.source.what for part in stay.parts] == [
        "itinerary stop: Lee in Berlin (talks)",
        "itinerary stop: Lee in Berlin (lunch)",
    ]
    assert seoul.parts == ()


def test_the_verifier_and_the_oracle_join_the_stops_themselves(load_yaml: Callable[..., Problem]) -> None:
    """The verifier and the oracle read the stops as written, not the problem's stays: given the two stops
    unjoined, both still accept 11:30 (the second statement of the rule does not lean on the first)."""
    problem = load_yaml(SCENARIO.replace("$stops", TOUCHING))
    lee = problem.leaders["lee"]
    seoul, stay = lee.stops
    unjoined = replace(problem, leaders={**problem.leaders, "lee": replace(lee, stops=(seoul, *stay.parts))})
    start = datetime(2025, 6, 16, 11, 30, tzinfo=BERLIN)
    assert violations(unjoined, unjoined.meetings["m"], unjoined.venues["chancellery"], start) == []
    assert Oracle(unjoined).earliest("m").best == (to_min(start), "chancellery")
    # 13:00 (outside the stay, flying on to Seoul) is fine too; 11:00 is not: the venue is closed.
    assert violations(unjoined, unjoined.meetings["m"], unjoined.venues["chancellery"], start.replace(hour=13)) == []
    assert "outside every open window of the venue" in violations(
        unjoined, unjoined.meetings["m"], unjoined.venues["chancellery"], start.replace(hour=11, minute=0)
    )


def test_a_meeting_running_past_the_stay_still_needs_travel(load_yaml: Callable[..., Problem]) -> None:
    problem = load_yaml(SCENARIO.replace("$stops", TOUCHING))
    # 12:30–13:30 runs past the stay's end (13:00) while the stay holds Lee until then: no.
    broken = violations(
        problem, problem.meetings["m"], problem.venues["chancellery"], datetime(2025, 6, 16, 12, 30, tzinfo=BERLIN)
    )
    assert any("is held by" in reason for reason in broken), broken


def test_stops_at_two_places_that_overlap_are_still_an_error(load_yaml: Callable[..., Problem]) -> None:
    stops = NESTED + "\n      - {place: paris, start: 2025-06-16T12:45, end: 2025-06-16T18:00, what: summit}"
    with pytest.raises(ScenarioErrors) as caught:
        load_yaml(SCENARIO.replace("$stops", stops))
    # Paris from 12:45 overlaps the Berlin talks (to 13:00): the message names those two stops, not the lunch.
    (error,) = caught.value.errors
    assert "itinerary stops overlap" in error.message and "one place at a time" in error.message
    assert "Lee in Berlin (talks)" in error.message and "Lee in Paris (summit)" in error.message
    assert error.where is not None and error.where.key == "leaders.lee.itinerary[3]"


def _stop(place: str, start: int, end: int, what: str) -> Stop:
    return Stop(
        place, datetime(2025, 6, 16, start, tzinfo=UTC), datetime(2025, 6, 16, end, tzinfo=UTC), Source(what, Where())
    )


def test_join_stays() -> None:
    talks, lunch = _stop("berlin", 8, 12, "talks"), _stop("berlin", 12, 13, "lunch")
    dinner, paris = _stop("berlin", 14, 16, "dinner"), _stop("paris", 16, 18, "summit")
    inside = _stop("berlin", 9, 10, "inside")
    # Touching at one place: one stay 08–13 with both parts; a gap (13–14) keeps the dinner apart, and a
    # stop elsewhere that touches (Paris from 16:00) is never joined.
    joined = join_stays([paris, lunch, dinner, talks])
    assert [(s.place, s.start.hour, s.end.hour, s.source.what) for s in joined] == [
        ("berlin", 8, 13, "talks"),
        ("berlin", 14, 16, "dinner"),
        ("paris", 16, 18, "summit"),
    ]
    assert joined[0].parts == (talks, lunch) and joined[1].parts == ()
    # Nested: the stay is the outer stop; joining again changes nothing (parts are not nested in parts).
    (stay,) = join_stays([inside, talks, lunch])
    assert (stay.start.hour, stay.end.hour, stay.parts) == (8, 13, (talks, inside, lunch))
    assert join_stays([stay]) == [stay]
    later = _stop("berlin", 13, 14, "later")
    assert join_stays([stay, later])[0].parts == (talks, inside, lunch, later)
    # Every other field of the earliest stop survives (a field added later too, as `replace` keeps it).
    holiday = replace(_stop("berlin", 6, 8, "holiday"), kind="holiday")
    assert join_stays([talks, holiday])[0].kind == "holiday"


def test_a_stay_is_firm_at_an_edge_where_a_stop_at_that_edge_is() -> None:
    # Talks 08–12 (firm: he lands at 08:00) and lunch 12–13 (firm: he leaves at 13:00) touch: one stay
    # 08–13, firm at both of its edges; the talks' own end and the lunch's own start lie inside the stay
    # and bind nothing.
    talks, lunch = _stop("berlin", 8, 12, "talks"), _stop("berlin", 12, 13, "lunch")
    arrive, leave = Source("firm talks", Where()), Source("firm lunch", Where())
    firm_talks = replace(talks, firm_arrival=arrive)
    firm_lunch = replace(lunch, firm_departure=leave)
    (stay,) = join_stays([firm_lunch, firm_talks])
    assert (stay.firm_arrival, stay.firm_departure) == (arrive, leave)
    # Only the talks firm (at both of their edges): the stay's arrival is firm, its departure (the lunch's
    # end) is not.
    both = replace(talks, firm_arrival=arrive, firm_departure=arrive)
    (stay,) = join_stays([both, lunch])
    assert (stay.firm_arrival, stay.firm_departure) == (arrive, None)
    # A stop nested inside an unfirm one and firm itself makes no edge of the stay firm.
    inner = replace(_stop("berlin", 9, 10, "inner"), firm_arrival=arrive, firm_departure=arrive)
    (stay,) = join_stays([talks, inner])
    assert (stay.firm_arrival, stay.firm_departure) == (None, None)
    # Two stops ending together, one of them firm: that edge is firm.
    (stay,) = join_stays([talks, replace(_stop("berlin", 10, 12, "end"), firm_departure=leave)])
    assert stay.firm_departure == leave


def test_a_stay_joined_from_a_holiday_and_a_stop_cites_both_and_each_can_be_skipped() -> None:
    # The bundled example: Lee stays home on 3 June 2025 (a Korean public holiday, election day, with
    # `stay_home`), and his itinerary has him in Seoul from 4 June 00:00 to 16 June 08:00 KST. The two
    # touch, so they are one stay in Seoul from 3 June. Asked to meet before the 16th, the conflict names
    # that stay with both lines (the holidays key and the itinerary stop), and one relaxation skips the
    # itinerary stop itself (the holiday stays): with Seoul free from 4 June he flies the 14h35m to
    # Kananaskis in time for Trump's Sunday 15 June (18:30 MDT, README "What would it take").
    from click.testing import CliRunner

    from scheduler.cli import main

    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    holiday = 1 + next(i for i, line in enumerate(text) if "holidays: {country: KR, stay_home: true}" in line)
    stop = 1 + next(i for i, line in enumerate(text) if "place: seoul, start: 2025-06-04T00:00" in line)
    result = CliRunner().invoke(main, ["explain", str(EXAMPLE), "--before", "2025-06-16", "--json"])
    assert result.exit_code == 0, result.output  # explain answers the question, feasible or not
    (meeting,) = json.loads(result.stdout)["meetings"]
    presence = next(item for item in meeting["conflict"] if item["element"] == "presence:lee")
    assert "in Seoul Tue 03 Jun 00:00–Mon 16 Jun 08:00 KST" in presence["what"]
    lines = [where["line"] for where in presence["where"] if where["file"].endswith("scenario.yaml")]
    assert holiday in lines and stop in lines
    changes = [relaxation["change"] for relaxation in meeting["relaxations"]]
    assert f"let Lee Jae-myung skip the stop in Seoul (scenario.yaml:{stop})" in changes
