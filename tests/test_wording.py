"""How times are written for a person (scheduler.wording): zone names, and whose clock a time is on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler.wording import clock, counted, home_time, zone_name

# 2025-11-07 04:30 UTC, a Friday in November (no summer time in the north): Thursday evening in Ottawa.
MOMENT = datetime(2025, 11, 7, 4, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/Toronto", "EST"),  # UTC−5 in November: the tz database has an abbreviation
        ("Asia/Kuala_Lumpur", "UTC+08"),  # the tz database writes "+08": shown with UTC before it
        ("America/Sao_Paulo", "UTC-03"),  # "-03"
        ("Asia/Kathmandu", "UTC+05:45"),  # "+0545": hours and minutes
        ("UTC", "UTC"),
    ],
)
def test_zone_name(zone: str, expected: str) -> None:
    assert zone_name(MOMENT.astimezone(ZoneInfo(zone))) == expected


def test_clock_writes_the_zone_name_in_place_of_percent_z() -> None:
    # 04:30 UTC is 12:30 in Kuala Lumpur (UTC+8) and 23:30 the day before in Ottawa (UTC−5).
    assert clock(MOMENT.astimezone(ZoneInfo("Asia/Kuala_Lumpur"))) == "Fri 07 Nov 2025 12:30 UTC+08"
    assert clock(MOMENT.astimezone(ZoneInfo("America/Toronto")), "%a %d %b %H:%M %Z") == "Thu 06 Nov 23:30 EST"


def test_home_time_says_whose_clock_not_where_the_leader_is() -> None:
    assert home_time("Mark Carney", "Ottawa") == "Mark Carney's time in Ottawa"


# --- the lengths of time and the moment formats gathered here (each where its docstring says) ----------


def test_when_text_and_meeting_span() -> None:
    from scheduler.wording import meeting_span, when_text

    # 04:30 UTC on Fri 7 Nov is 23:30 EST on Thu 6 Nov in Ottawa (UTC−5).
    evening = MOMENT.astimezone(ZoneInfo("America/Toronto"))
    assert when_text(evening) == "Thu 06 Nov 2025, 23:30 EST"
    # A one-hour meeting from then: ends 00:30 the next day; the zone is named once, after the end.
    assert meeting_span(evening, evening + timedelta(hours=1)) == "Thu 06 Nov 2025 23:30–00:30 EST"


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (45, "45m"),  # under an hour: minutes alone
        (120, "2h00m"),  # whole hours keep two minute digits, as a timetable does
        (981, "16h21m"),  # 16 × 60 + 21
        (1500, "25h00m"),  # a travel time never turns into days
    ],
)
def test_hours_minutes(minutes: int, expected: str) -> None:
    from scheduler.wording import hours_minutes

    assert hours_minutes(minutes) == expected


@pytest.mark.parametrize(
    ("minutes", "span", "before"),
    [
        (0, "0 minutes", "0 minutes"),
        (90, "1 hour 30 minutes", "1 hour 30 minutes"),  # under a day both keep the minutes
        (21 * 1440, "21 days", "21 days"),
        # 2 days, 12 hours and 5 minutes: span_text keeps the minutes, margin drops them once there are days.
        (2 * 1440 + 12 * 60 + 5, "2 days 12 hours 5 minutes", "2 days 12 hours"),
        (1440 + 60 + 1, "1 day 1 hour 1 minute", "1 day 1 hour"),  # singular units
    ],
)
def test_span_text_and_margin_differ_only_in_minutes_beside_days(minutes: int, span: str, before: str) -> None:
    from scheduler.wording import margin, span_text

    assert span_text(timedelta(minutes=minutes)) == span
    assert margin(timedelta(minutes=minutes)) == before


@pytest.mark.parametrize(
    ("number", "thing", "expected"),
    [
        (0, "busy block", "0 busy blocks"),
        (1, "venue", "1 venue"),
        (2, "meeting", "2 meetings"),
        (1200, "leader", "1,200 leaders"),
    ],
)
def test_counted_writes_the_plural_unless_there_is_one(number: int, thing: str, expected: str) -> None:
    # `validate` says "1 venue", not "1 venues" (nor "1 meeting(s)").
    assert counted(number, thing) == expected
