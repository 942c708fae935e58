"""Tests for scheduler.vtimezone: the generated VTIMEZONE must say what zoneinfo says.

Each case is serialized into a calendar beside a VEVENT, parsed back, and the offset the VTIMEZONE
implies is read by two interpreters that share no code with the module:

- the ``ical`` package, a strict independent parser: it parses the calendar and expands each
  observance's DTSTART/RRULE/RDATE to local onsets; the lines in ``_IcalOffsets`` then apply
  RFC 5545 section 3.6.5 (onset instant = local onset - TZOFFSETFROM, the latest onset wins).
  Its own ``IcsTimezoneInfo`` is not used: it looks up naive wall times, which cannot tell the
  two instants of a repeated hour apart, and it skips the DTSTART of an observance without
  RRULE, so it would read a plain ``STANDARD`` (Asia/Seoul) as UTC.
- icalendar's ``Timezone.to_tz(lookup_tzid=False)``, i.e. dateutil's ``tzical``, a separate
  implementation.  ``lookup_tzid=False`` matters: by default icalendar returns the zoneinfo zone
  for a known TZID and the test would compare zoneinfo with itself.  It is asked about zoneinfo's
  wall time (with ``fold`` set in a repeated hour) rather than the UTC instant, because its
  ``fromutc()`` assumes a constant standard offset and is off for up to hours around a change of
  standard offset (America/Nuuk in March 2023); the UTC reading is ical's job above.

The instants checked are every hour of the range plus, for every transition zoneinfo has and
every onset the VTIMEZONE has, the minute before, the minute itself and the minute after.
"""

from __future__ import annotations

import bisect
import itertools
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from scheduler.vtimezone import vtimezone

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)

# Zones of the brief, each for 2024-2027, plus zones that exercise the unusual cases.
ZONES_2024_2027 = [
    "Asia/Seoul",  # no DST
    "America/New_York",
    "America/Edmonton",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Dublin",  # negative DST in tzdata's main format
    "Australia/Sydney",  # southern hemisphere
    "Pacific/Auckland",
    "America/Santiago",  # transitions at 24:00 local; 2024 is the 2nd Sunday, later years the 1st
    "Asia/Kathmandu",  # +05:45, no DST
    "Australia/Lord_Howe",  # half-hour DST
    "Asia/Kolkata",
    "America/Sao_Paulo",  # no DST since 2019
    "UTC",
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/St_Johns",  # -03:30 / -02:30
    "America/Phoenix",  # no DST, unlike the rest of Mountain time
    "Asia/Beirut",  # transitions at 00:00 local
    "America/Havana",  # DAYLIGHT onset at 00:00 local
    "Africa/Casablanca",  # Ramadan suspensions: no weekday rule
    "Asia/Gaza",  # Ramadan-dependent spring dates
]
# Ranges in which the rule changes, so a single yearly rule cannot be right.
CHANGING = [
    ("Asia/Tehran", 2019, 2023),  # fixed Persian-calendar dates, DST abolished in 2022
    ("America/Sao_Paulo", 2016, 2020),  # DST ended in 2019
    ("America/Mexico_City", 2020, 2024),  # DST abolished in October 2022
    ("Asia/Amman", 2020, 2023),  # Friday 00:00 ("Thursday 24:00") rules, permanent +03 from Oct 2022
    ("America/Nuuk", 2022, 2025),  # moved to -02 in 2023, DST again from 2024
    ("America/Santiago", 2022, 2027),
    ("America/New_York", 2006, 2008),  # US rule change of 2007
    ("Australia/Lord_Howe", 1980, 1987),  # +10:00 until March 1981; DST of 1 h until 1985, of 30 min since
    ("Australia/Lord_Howe", 1988, 1994),  # March change moved from the 3rd to the 1st Sunday in 1990
    ("Australia/Lord_Howe", 1999, 2001),  # Sydney Olympics: DST from 27 Aug 2000, a one-off date
    ("America/New_York", 2025, 2025),  # a single year
    ("Australia/Sydney", 2025, 2025),
]
CASES = [(zone, 2024, 2027) for zone in ZONES_2024_2027] + CHANGING


@cache
def _ics(zone: str, first_year: int, last_year: int) -> str:
    """A whole calendar as bytes would be written: the VTIMEZONE and one VEVENT that uses it."""
    tz = ZoneInfo(zone)
    cal = icalendar.Calendar.new(prodid="-//summit-scheduler//tests//EN")
    cal.add_component(vtimezone(zone, first_year, last_year))
    cal.add_component(
        icalendar.Event.new(
            uid="vtimezone-test@summit-scheduler",
            stamp=datetime(2025, 1, 1, tzinfo=UTC),
            start=datetime(first_year, 7, 1, 9, tzinfo=tz),
            end=datetime(first_year, 7, 1, 10, tzinfo=tz),
            summary="Check",
        )
    )
    return cal.to_ical().decode()


class _IcalOffsets:
    """Offset at a UTC instant as implied by the VTIMEZONE, parsed and expanded by ``ical``."""

    def __init__(self, text: str, until: datetime) -> None:
        calendar = IcsCalendarStream.calendar_from_ics(text)  # raises on anything not RFC 5545
        (timezone,) = calendar.timezones
        onsets = []
        for observance in timezone.standard + timezone.daylight:
            assert observance.dtstart is not None
            # DTSTART is the first onset (RFC 5545 3.6.5); ical leaves it out when there is no RRULE.
            locals_ = {observance.dtstart, *itertools.takewhile(lambda d: d < until, observance.as_ruleset())}
            for local in locals_:
                assert isinstance(local, datetime)
                utc = (local - observance.tz_offset_from.offset).replace(tzinfo=UTC)
                onsets.append((utc, observance.tz_offset_to.offset))
        onsets.sort()
        self.instants = [utc for utc, _ in onsets]
        self.offsets = [offset for _, offset in onsets]

    def __call__(self, instant: datetime) -> timedelta | None:
        i = bisect.bisect_right(self.instants, instant)
        return self.offsets[i - 1] if i else None  # None: before every onset, i.e. undefined


def _zoneinfo_transitions(tz: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """Instants (to the minute) where zoneinfo's offset changes: an hourly scan, then minute by minute."""
    found = []
    for hour in _hours(start, end):
        if hour.astimezone(tz).utcoffset() != (hour + HOUR).astimezone(tz).utcoffset():
            minutes = (hour + n * MINUTE for n in range(1, 61))
            before = hour.astimezone(tz).utcoffset()
            found.append(next(m for m in minutes if m.astimezone(tz).utcoffset() != before))
    return found


def _hours(start: datetime, end: datetime) -> list[datetime]:
    return [start + n * HOUR for n in range(int((end - start) / HOUR))]


# Every hour of every case, checked two ways, is the slowest part of the suite: the quick set keeps the first case.
@pytest.mark.parametrize(
    ("zone", "first_year", "last_year"),
    [CASES[0], *(pytest.param(*case, marks=pytest.mark.slow) for case in CASES[1:])],
)
def test_offsets_match_zoneinfo(zone: str, first_year: int, last_year: int) -> None:
    tz = ZoneInfo(zone)
    start = datetime(first_year, 1, 1, tzinfo=tz).astimezone(UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=tz).astimezone(UTC)
    text = _ics(zone, first_year, last_year)
    by_ical = _IcalOffsets(text, until=datetime(last_year + 2, 1, 1))
    (parsed,) = icalendar.Calendar.from_ical(text).timezones
    by_dateutil = parsed.to_tz(lookup_tzid=False)
    assert not isinstance(by_dateutil, ZoneInfo)  # really the VTIMEZONE, not the zone looked up by name

    edges = _zoneinfo_transitions(tz, start, end) + [t for t in by_ical.instants if start <= t < end]
    instants = sorted({*_hours(start, end), *(e + d for e in edges for d in (-MINUTE, 0 * MINUTE, MINUTE))})
    instants = [t for t in instants if start <= t < end]
    assert len(instants) > 24 * 365 * (last_year - first_year + 1)
    wrong = []
    for t in instants:
        expected = t.astimezone(tz).utcoffset()  # the truth: zoneinfo
        wall = t.astimezone(tz)  # a wall time with fold=1 for the second pass through a repeated hour
        got = (by_ical(t), wall.replace(tzinfo=by_dateutil).utcoffset())
        if got != (expected, expected):
            wrong.append((t.isoformat(), expected, *got))
    assert not wrong[:5], f"{len(wrong)} instants wrong (utc, zoneinfo, ical, dateutil)"


@pytest.mark.parametrize(("zone", "first_year", "last_year"), CASES)
def test_vevent_survives_round_trip(zone: str, first_year: int, last_year: int) -> None:
    """The file is valid for both parsers and the event keeps its instant (and TZID, except UTC)."""
    text = _ics(zone, first_year, last_year)
    meeting = datetime(first_year, 7, 1, 9, tzinfo=ZoneInfo(zone))
    (event,) = icalendar.Calendar.from_ical(text).events
    assert meeting == event.DTSTART
    if zone != "UTC":  # icalendar writes UTC times with a Z, not a TZID
        assert event["DTSTART"].params["TZID"] == zone
    (strict_event,) = IcsCalendarStream.calendar_from_ics(text).events
    assert strict_event.dtstart == meeting


def _shape(zone: str, first_year: int, last_year: int) -> list[tuple[str, str, str, str, str]]:
    """(name, DTSTART, TZOFFSETFROM, TZOFFSETTO, RRULE parts sorted) per sub-component, parsed back."""
    (parsed,) = icalendar.Calendar.from_ical(_ics(zone, first_year, last_year)).timezones
    assert str(parsed["TZID"]) == zone
    return [
        (
            sub.name,
            sub.DTSTART.isoformat(),
            str(sub["TZOFFSETFROM"].to_ical()),
            str(sub["TZOFFSETTO"].to_ical()),
            ";".join(f"{key}={','.join(map(str, values))}" for key, values in sorted(sub.get("RRULE", {}).items())),
        )
        for sub in parsed.subcomponents
    ]


def test_new_york_2025_is_one_standard_and_one_daylight() -> None:
    assert sorted(_shape("America/New_York", 2025, 2025)) == [
        # US rule since 2007 (Energy Policy Act 2005): DST from the 2nd Sunday of March to the 1st
        # Sunday of November, at 02:00 local; EDT is -04:00, EST -05:00.
        ("DAYLIGHT", "2025-03-09T02:00:00", "-0500", "-0400", "BYDAY=2SU;BYMONTH=3;FREQ=YEARLY"),
        # DTSTART is 2024's onset (3 Nov 2024, 1st Sunday), so EST is in force on 1 Jan 2025.
        ("STANDARD", "2024-11-03T02:00:00", "-0400", "-0500", "BYDAY=1SU;BYMONTH=11;FREQ=YEARLY"),
    ]


def test_seoul_is_a_single_standard() -> None:
    # Korea has kept +09:00 (KST) without DST since 1988.
    assert _shape("Asia/Seoul", 2024, 2027) == [("STANDARD", "2024-01-01T00:00:00", "+0900", "+0900", "")]
    (parsed,) = icalendar.Calendar.from_ical(_ics("Asia/Seoul", 2024, 2027)).timezones
    assert str(parsed.standard[0]["TZNAME"]) == "KST"
    assert parsed.daylight == []


@pytest.mark.parametrize(
    ("zone", "offset"),
    [
        ("Asia/Kathmandu", "+0545"),  # Nepal: +05:45 since 1986
        ("Asia/Kolkata", "+0530"),  # India: +05:30, no DST
        ("UTC", "+0000"),
        ("America/Phoenix", "-0700"),  # Arizona does not observe DST
        ("America/Sao_Paulo", "-0300"),  # Brazil abolished DST in 2019
    ],
)
def test_zones_without_dst_are_a_single_standard(zone: str, offset: str) -> None:
    assert _shape(zone, 2024, 2027) == [("STANDARD", "2024-01-01T00:00:00", offset, offset, "")]


def test_sydney_daylight_starts_first_sunday_of_october() -> None:
    # NSW: AEDT (+11:00) from 02:00 on the 1st Sunday of October to 03:00 on the 1st Sunday of April.
    # DAYLIGHT is in force on 1 Jan 2024, so its DTSTART is the onset of 2023 (1 Oct 2023).
    assert sorted(_shape("Australia/Sydney", 2024, 2027)) == [
        ("DAYLIGHT", "2023-10-01T02:00:00", "+1000", "+1100", "BYDAY=1SU;BYMONTH=10;FREQ=YEARLY"),
        ("STANDARD", "2024-04-07T03:00:00", "+1100", "+1000", "BYDAY=1SU;BYMONTH=4;FREQ=YEARLY"),
    ]


def test_berlin_uses_last_sunday_rules() -> None:
    # EU (directive 2000/84/EC): CEST from the last Sunday of March to the last Sunday of October,
    # 01:00 UTC, i.e. 02:00 CET in spring and 03:00 CEST in autumn.
    assert sorted(_shape("Europe/Berlin", 2024, 2027)) == [
        ("DAYLIGHT", "2024-03-31T02:00:00", "+0100", "+0200", "BYDAY=-1SU;BYMONTH=3;FREQ=YEARLY"),
        ("STANDARD", "2023-10-29T03:00:00", "+0200", "+0100", "BYDAY=-1SU;BYMONTH=10;FREQ=YEARLY"),
    ]


def test_dublin_summer_time_is_the_daylight() -> None:
    # Ireland: IST (+01:00) is legally standard time and winter GMT is tzdata's negative DST, but
    # calendar clients expect DAYLIGHT to be the summer offset: IST from the last Sunday of March
    # (01:00 GMT) to the last Sunday of October (02:00 IST).
    assert sorted(_shape("Europe/Dublin", 2024, 2027)) == [
        ("DAYLIGHT", "2024-03-31T01:00:00", "+0000", "+0100", "BYDAY=-1SU;BYMONTH=3;FREQ=YEARLY"),
        ("STANDARD", "2023-10-29T02:00:00", "+0100", "+0000", "BYDAY=-1SU;BYMONTH=10;FREQ=YEARLY"),
    ]


def test_lord_howe_half_hour_daylight() -> None:
    # Lord Howe Island: +10:30, +11:00 in summer, switching at 02:00 local on the 1st Sundays of
    # October and April.
    assert sorted(_shape("Australia/Lord_Howe", 2024, 2027)) == [
        ("DAYLIGHT", "2023-10-01T02:00:00", "+1030", "+1100", "BYDAY=1SU;BYMONTH=10;FREQ=YEARLY"),
        ("STANDARD", "2024-04-07T02:00:00", "+1100", "+1030", "BYDAY=1SU;BYMONTH=4;FREQ=YEARLY"),
    ]


def test_lord_howe_march_rule_change_is_two_rules() -> None:
    # tzdata's "LH" rules: +11:00 ends at 02:00 local on the 3rd Sunday of March in 1988 and 1989
    # (20 Mar 1988, 19 Mar 1989), on the 1st Sunday from 1990 to 1995 (4 Mar 1990 ... 1 Mar 1992 ...
    # 6 Mar 1994, 5 Mar 1995); it starts at 02:00 on the last Sunday of October from 1987 on.  So the
    # 3rd-Sunday rule stops after COUNT=2, the 1st-Sunday rule runs on (1995 confirms it), and
    # DAYLIGHT starts from its 1987 onset (25 Oct 1987), the one in force on 1 Jan 1988.
    # On 1 Mar 1992 01:30-02:00 happens twice: 14:30 UTC (+11:00), then 15:00 UTC (+10:30).
    assert sorted(_shape("Australia/Lord_Howe", 1988, 1994)) == [
        ("DAYLIGHT", "1987-10-25T02:00:00", "+1030", "+1100", "BYDAY=-1SU;BYMONTH=10;FREQ=YEARLY"),
        ("STANDARD", "1988-03-20T02:00:00", "+1100", "+1030", "BYDAY=3SU;BYMONTH=3;COUNT=2;FREQ=YEARLY"),
        ("STANDARD", "1990-03-04T02:00:00", "+1100", "+1030", "BYDAY=1SU;BYMONTH=3;FREQ=YEARLY"),
    ]
    (parsed,) = icalendar.Calendar.from_ical(_ics("Australia/Lord_Howe", 1988, 1994)).timezones
    tz = parsed.to_tz(lookup_tzid=False)
    first, second = (datetime(1992, 3, 1, 1, 30, fold=fold, tzinfo=tz) for fold in (0, 1))
    assert first.astimezone(UTC) == datetime(1992, 2, 29, 14, 30, tzinfo=UTC)
    assert second.astimezone(UTC) == datetime(1992, 2, 29, 15, 0, tzinfo=UTC)


def test_rule_that_ends_in_range_is_limited() -> None:
    # Brazil's last DST ended on 17 Feb 2019 (3rd Sunday of February, 00:00 local): after that
    # no DAYLIGHT onset may follow, so every rule must stop (COUNT) inside the range.
    shape = _shape("America/Sao_Paulo", 2016, 2020)
    assert all("COUNT=" in rule for *_, rule in shape if rule)
    assert max(dtstart for name, dtstart, *_ in shape if name == "DAYLIGHT") < "2019"


def test_fixed_date_rules_fall_back_to_listed_onsets() -> None:
    # Iran switched at 00:00 on 1 Farvardin (22 Mar 2019, 21 Mar 2020, 22 Mar 2021: tzdata's "Iran"
    # rules), dates no weekday rule describes, so they are listed; no rule may run on unchecked.
    assert all("COUNT=" in rule for *_, rule in _shape("Asia/Tehran", 2019, 2021) if rule)
    (parsed,) = icalendar.Calendar.from_ical(_ics("Asia/Tehran", 2019, 2021)).timezones
    (daylight,) = parsed.daylight
    assert "RRULE" not in daylight
    listed = [daylight.DTSTART] + [rdate for rdate, _ in daylight.rdates]
    assert listed == [datetime(2019, 3, 22), datetime(2020, 3, 21), datetime(2021, 3, 22)]


def test_empty_range_is_rejected() -> None:
    with pytest.raises(ValueError, match="after"):
        vtimezone("Europe/Berlin", 2027, 2024)


def test_unknown_zone_is_rejected() -> None:
    with pytest.raises(ZoneInfoNotFoundError):
        vtimezone("Mars/Olympus_Mons", 2024, 2027)
