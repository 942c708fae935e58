"""How times are written for a person (scheduler.wording): zone names, and whose clock a time is on."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from scheduler.wording import clock, home_time, zone_name

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
