"""Time semantics, pinned: daylight-saving gaps and folds (both hemispheres), zones without DST,
the date line, notice that lands on a weekend or holiday, and date-only starts and ends.

Naive local times are read as scheduler/timegrid.py documents (PEP 495 `fold=0`): an ambiguous
time is its first occurrence; a time in a spring gap is read with the offset in force before the
gap (02:30 on 9 March 2025 in New York is 02:30 EST = 07:30Z = 03:30 EDT). Every start and end is
asserted as an instant (UTC) and, where the clock matters, with its offset.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.helpers import assert_rejected, earliest, scenario_text

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
SEOUL = ZoneInfo("Asia/Seoul")
KOLKATA = ZoneInfo("Asia/Kolkata")
PAGO_PAGO = ZoneInfo("Pacific/Pago_Pago")

EDT, EST = timedelta(hours=-4), timedelta(hours=-5)
AEDT, AEST = timedelta(hours=11), timedelta(hours=10)

CITY = """
    version: 1
    title: One venue
    as_of: $as_of
    timezone: $timezone
    places:
      new-york:  {name: New York, timezone: America/New_York, coordinates: [40.7128, -74.0060]}
      london:    {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
      sydney:    {name: Sydney, timezone: Australia/Sydney, coordinates: [-33.8688, 151.2093]}
      seoul:     {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
      new-delhi: {name: New Delhi, timezone: Asia/Kolkata, coordinates: [28.6139, 77.2090]}
      lord-howe: {name: Lord Howe Island, timezone: Australia/Lord_Howe, coordinates: [-31.5553, 159.0821]}
    leaders:
      host:  {name: Host, home: $place, $host}
      guest: {name: Guest, home: $place}
    venues:
      hall: {name: Hall, place: $place, $venue}
    meetings:
      talk: {title: Bilateral, participants: [host, guest], duration: $duration, deadline: $deadline, $meeting}
"""

ZONES = {
    "new-york": "America/New_York",
    "london": "Europe/London",
    "sydney": "Australia/Sydney",
    "seoul": "Asia/Seoul",
    "new-delhi": "Asia/Kolkata",
    "lord-howe": "Australia/Lord_Howe",
}


def city(
    place: str,
    *,
    as_of: str,
    venue: str = "",
    meeting: str = "",
    host: str = "",
    duration: str = "1h",
    timezone: str | None = None,
) -> str:
    """One venue ("hall") at `place`, where both leaders live; naive scenario times in the place's zone.

    The deadline is the end of the 30th day after as_of: every answer here lies well within it.
    """
    return scenario_text(
        CITY,
        place=place,
        as_of=as_of,
        timezone=timezone or ZONES[place],
        venue=venue,
        meeting=meeting,
        host=host,
        duration=duration,
        deadline=f"{date.fromisoformat(as_of[:10]) + timedelta(days=30)}",
    )


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- spring gap: New York, Sunday 9 March 2025, 02:00 EST → 03:00 EDT -----------------------------


def test_window_start_inside_the_spring_gap_is_read_with_the_offset_before_the_gap(load_yaml, solve_yaml):
    text = city("new-york", as_of="2025-03-08T00:00Z", venue="open: [{start: 2025-03-09T02:30, end: 2025-03-09T06:00}]")
    first = earliest(solve_yaml(text))
    assert first.start.astimezone(UTC) == utc(2025, 3, 9, 7, 30)  # 02:30 read as EST = 07:30Z
    assert first.start == datetime(2025, 3, 9, 3, 30, tzinfo=NEW_YORK)  # shown as 03:30 EDT
    assert first.start.utcoffset() == EDT
    assert any("does not exist" in warning for warning in load_yaml(text).warnings)


def test_busy_block_ending_inside_the_spring_gap_ends_at_0330_edt(solve_yaml):
    plan = solve_yaml(
        city("new-york", as_of="2025-03-09T05:00Z", host="busy: [{start: 2025-03-09T00:00, end: 2025-03-09T02:30}]")
    )
    # busy 00:00 EST (05:00Z) – 02:30 "EST" (07:30Z) → free at 07:30Z = 03:30 EDT
    assert earliest(plan).start.astimezone(UTC) == utc(2025, 3, 9, 7, 30)


SPRING_GAP_ITINERARY = """
    version: 1
    title: A New York stop that ends inside the spring gap
    as_of: 2025-03-01T00:00Z
    timezone: America/New_York
    places:
      new-york: {name: New York, timezone: America/New_York, coordinates: [40.7128, -74.0060]}
      london:   {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
    travel:
      buffer: 0m
      flights: [{from: london, to: new-york, duration: 5h}]
    leaders:
      host: {name: Host, home: new-york}
      guest:
        name: Guest
        home: london
        itinerary:
          - {place: london, start: 2025-03-01, end: 2025-03-09T00:00}
          - {place: new-york, start: 2025-03-09T00:00, end: 2025-03-09T02:30}
          - {place: london, start: 2025-03-09T12:30, end: 2025-03-20}
    venues:
      hall: {name: Hall, place: new-york}
    meetings:
      talk: {title: Bilateral, participants: [host, guest], duration: 2h30m, deadline: 2025-03-12}
"""


def test_itinerary_stop_ending_inside_the_spring_gap(solve_yaml):
    first = earliest(solve_yaml(SPRING_GAP_ITINERARY))
    # leaves London 00:00 GMT = 00:00Z, lands 05:00Z = 00:00 EST, exactly when the New York stop begins; the
    # stop ends at 02:30 "EST" = 07:30Z, and the 5h flight back lands 12:30Z for the London stop: 2.5 real hours,
    # just enough for a 2h30m meeting from 00:00 EST (read with EDT, 02:30 would leave only 1h30m)
    assert first.start == datetime(2025, 3, 9, 0, 0, tzinfo=NEW_YORK)
    assert first.start.astimezone(UTC) == utc(2025, 3, 9, 5)


def test_venue_hours_follow_the_clock_after_the_spring_change(solve_yaml):
    plan = solve_yaml(city("new-york", as_of="2025-03-08T22:00Z", venue='hours: "09:00-17:00"'))
    first = earliest(plan)
    # Sat 17:00 EST → Sun 09:00 EDT = 13:00Z (on Saturday 09:00 was 14:00Z)
    assert first.start == datetime(2025, 3, 9, 9, 0, tzinfo=NEW_YORK)
    assert first.start.astimezone(UTC) == utc(2025, 3, 9, 13)


def test_hours_window_across_the_spring_gap_is_an_hour_shorter(solve_yaml):
    plan = solve_yaml(city("new-york", as_of="2025-03-09T05:00Z", venue='hours: "01:00-04:00"', duration="3h"))
    # 01:00 EST (06:00Z) – 04:00 EDT (08:00Z) is 2 real hours: no room for 3h → Mon 10 March 01:00 EDT = 05:00Z
    first = earliest(plan)
    assert first.start == datetime(2025, 3, 10, 1, 0, tzinfo=NEW_YORK)
    assert first.start.astimezone(UTC) == utc(2025, 3, 10, 5)


def test_meeting_across_the_spring_gap_ends_after_its_real_duration(solve_yaml):
    plan = solve_yaml(city("new-york", as_of="2025-03-09T05:00Z", venue='hours: "01:00-04:00"', duration="2h"))
    first = earliest(plan)
    assert first.start.astimezone(UTC) == utc(2025, 3, 9, 6)  # 01:00 EST
    assert first.end.astimezone(UTC) == utc(2025, 3, 9, 8)  # + 2 real hours = 08:00Z = 04:00 EDT (not 03:00 EDT)
    assert first.end.utcoffset() == EDT


def test_alignment_skips_the_missing_hour(solve_yaml):
    plan = solve_yaml(city("new-york", as_of="2025-03-09T06:50Z", meeting="align: 30m"))
    first = earliest(plan)
    # 06:50Z = 01:50 EST; ten minutes later the clock reads 03:00 EDT (07:00Z), on the :00/:30 grid
    assert first.start == datetime(2025, 3, 9, 3, 0, tzinfo=NEW_YORK)
    assert first.start.astimezone(UTC) == utc(2025, 3, 9, 7)


def test_notice_across_the_spring_change_counts_elapsed_hours(solve_yaml):
    plan = solve_yaml(city("new-york", as_of="2025-03-08T12:00", venue="notice: 1d"))
    # naive as_of: 12:00 EST = 17:00Z; + 24h = 9 March 17:00Z = 13:00 EDT (not 12:00 EDT, 23 hours later)
    assert earliest(plan).start.astimezone(UTC) == utc(2025, 3, 9, 17)


def test_notice_from_a_utc_as_of_across_the_spring_change(solve_yaml):
    plan = solve_yaml(city("new-york", as_of="2025-03-08T17:00Z", venue="notice: 1d"))
    assert earliest(plan).start == datetime(2025, 3, 9, 13, 0, tzinfo=NEW_YORK)  # 17:00Z + 24h = 13:00 EDT


# --- autumn fold: New York, Sunday 2 November 2025, 02:00 EDT → 01:00 EST -------------------------
# 01:00–02:00 happens twice: first EDT (05:00Z–06:00Z), then EST (06:00Z–07:00Z).


def test_ambiguous_window_start_means_the_first_occurrence(load_yaml, solve_yaml):
    text = city("new-york", as_of="2025-11-01T00:00Z", venue="open: [{start: 2025-11-02T01:30, end: 2025-11-02T03:00}]")
    first = earliest(solve_yaml(text))
    assert first.start.astimezone(UTC) == utc(2025, 11, 2, 5, 30)  # 01:30 EDT, the first 01:30
    assert first.start.utcoffset() == EDT
    assert any("happens twice" in warning for warning in load_yaml(text).warnings)


def test_one_hour_meeting_at_0130_on_the_fold_night_ends_at_0130_standard_time(solve_yaml):
    plan = solve_yaml(
        city("new-york", as_of="2025-11-01T00:00Z", venue="open: [{start: 2025-11-02T01:30, end: 2025-11-02T03:00}]")
    )
    first = earliest(plan)
    assert first.start.astimezone(UTC) == utc(2025, 11, 2, 5, 30)  # 01:30 EDT
    assert first.end.astimezone(UTC) == utc(2025, 11, 2, 6, 30)  # + 1 real hour = 01:30 EST (not 02:30 EST)
    assert first.end.utcoffset() == EST


def test_meeting_may_end_at_the_second_0130(solve_yaml):
    plan = solve_yaml(
        city(
            "new-york",
            as_of="2025-11-01T00:00Z",
            venue="open: [{start: 2025-11-02T01:30, end: 2025-11-02T01:30-05:00}]",
        )
    )
    # the window is 05:30Z–06:30Z: one real hour, which the 1h meeting fills exactly
    assert earliest(plan).start.astimezone(UTC) == utc(2025, 11, 2, 5, 30)


def test_explicit_offset_picks_the_second_occurrence(solve_yaml):
    plan = solve_yaml(
        city(
            "new-york",
            as_of="2025-11-01T00:00Z",
            venue="open: [{start: 2025-11-02T01:30-05:00, end: 2025-11-02T03:00}]",
        )
    )
    first = earliest(plan)
    assert first.start.astimezone(UTC) == utc(2025, 11, 2, 6, 30)  # 01:30 EST, the second 01:30
    assert first.start.utcoffset() == EST


def test_window_opening_at_the_first_0145_includes_the_second_0130(solve_yaml):
    plan = solve_yaml(
        city("new-york", as_of="2025-11-02T06:30Z", venue="open: [{start: 2025-11-02T01:45, end: 2025-11-02T03:00}]")
    )
    # the window opens 01:45 EDT = 05:45Z; as_of 06:30Z is the second 01:30 (EST), 45 minutes later, inside it
    first = earliest(plan)
    assert first.start.astimezone(UTC) == utc(2025, 11, 2, 6, 30)
    assert first.start.utcoffset() == EST


def test_hours_window_across_the_fold_is_an_hour_longer(solve_yaml):
    plan = solve_yaml(city("new-york", as_of="2025-11-01T12:00Z", venue='hours: "00:00-03:00"', duration="4h"))
    # on 2 November 00:00 EDT (04:00Z) – 03:00 EST (08:00Z) is 4 real hours; every other night has 3
    first = earliest(plan)
    assert first.start.astimezone(UTC) == utc(2025, 11, 2, 4)
    assert first.end.astimezone(UTC) == utc(2025, 11, 2, 8)


# --- southern hemisphere: Sydney, Sunday 6 April 2025, 03:00 AEDT → 02:00 AEST ---------------------


def test_sydney_venue_hours_follow_the_end_of_daylight_saving(solve_yaml):
    plan = solve_yaml(city("sydney", as_of="2025-04-05T07:00Z", venue='hours: "09:00-17:00"'))
    first = earliest(plan)
    # 07:00Z = Sat 18:00 AEDT → Sun 09:00 AEST = Sat 23:00Z (on Saturday 09:00 was 22:00Z)
    assert first.start == datetime(2025, 4, 6, 9, 0, tzinfo=SYDNEY)
    assert first.start.astimezone(UTC) == utc(2025, 4, 5, 23)
    assert first.start.utcoffset() == AEST


def test_sydney_ambiguous_time_means_the_first_occurrence(solve_yaml):
    plan = solve_yaml(
        city("sydney", as_of="2025-04-05T00:00Z", venue="open: [{start: 2025-04-06T02:30, end: 2025-04-06T05:00}]")
    )
    first = earliest(plan)
    assert first.start.astimezone(UTC) == utc(2025, 4, 5, 15, 30)  # 02:30 AEDT (+11), the first 02:30
    assert first.start.utcoffset() == AEDT


def test_sydney_time_in_the_spring_gap_is_read_with_the_offset_before_it(solve_yaml):
    plan = solve_yaml(
        city("sydney", as_of="2025-10-04T00:00Z", venue="open: [{start: 2025-10-05T02:30, end: 2025-10-05T06:00}]")
    )
    first = earliest(plan)
    # 5 October 02:00 AEST → 03:00 AEDT; 02:30 read as AEST (+10) = 4 Oct 16:30Z = 03:30 AEDT
    assert first.start.astimezone(UTC) == utc(2025, 10, 4, 16, 30)
    assert first.start == datetime(2025, 10, 5, 3, 30, tzinfo=SYDNEY)


def test_half_hour_daylight_saving_shift_keeps_the_grid_on_the_local_hour(solve_yaml):
    plan = solve_yaml(city("lord-howe", as_of="2025-04-05T15:10Z", meeting="align: 1h"))
    # Lord Howe Island, 6 April 2025: 02:00 (+11) → 01:30 (+10:30) at 15:00Z; 15:10Z = 01:40 local →
    # 02:00 local (+10:30) = 15:30Z (the grid from before the change would give 16:00Z = 02:30 local)
    first = earliest(plan)
    assert first.start.astimezone(UTC) == utc(2025, 4, 5, 15, 30)
    assert first.start == datetime(2025, 4, 6, 2, 0, tzinfo=ZoneInfo("Australia/Lord_Howe"))


# --- zones without daylight saving ----------------------------------------------------------------


def test_seoul_hours_keep_their_utc_time_while_new_york_changes(solve_yaml):
    plan = solve_yaml(city("seoul", as_of="2025-03-08T01:00Z", venue='hours: "09:00-10:00"'), top=3)
    # 09:00 KST = 00:00Z every day, also on 9 March when New York springs forward
    starts = [p.start.astimezone(UTC) for p in plan.meetings[0].proposals]
    assert starts == [utc(2025, 3, 9, 0), utc(2025, 3, 10, 0), utc(2025, 3, 11, 0)]
    assert all(p.start.utcoffset() == timedelta(hours=9) for p in plan.meetings[0].proposals)


def test_kolkata_half_hour_offset_aligns_on_the_local_hour(solve_yaml):
    plan = solve_yaml(city("new-delhi", as_of="2025-06-02T00:00Z", meeting="align: 1h"))
    first = earliest(plan)
    # 00:00Z = 05:30 IST → 06:00 IST = 00:30Z
    assert first.start == datetime(2025, 6, 2, 6, 0, tzinfo=KOLKATA)
    assert first.start.astimezone(UTC) == utc(2025, 6, 2, 0, 30)


def test_kolkata_hours_are_read_at_plus_0530(solve_yaml):
    plan = solve_yaml(city("new-delhi", as_of="2025-06-02T00:00Z", venue='hours: "09:30-17:30"'))
    assert earliest(plan).start.astimezone(UTC) == utc(2025, 6, 2, 4)  # 09:30 IST = 04:00Z


# --- the date line: Pago Pago (UTC-11), with leaders from Seoul (UTC+9) and Washington (UTC-4) ------
# The meeting day is the venue-local date; a leader's holiday is the date at home.

DATE_LINE = """
    version: 1
    title: Talks in Pago Pago
    as_of: $as_of
    timezone: UTC
    places:
      seoul:      {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
      washington: {name: "Washington, D.C.", timezone: America/New_York, coordinates: [38.8977, -77.0365]}
      pago-pago:  {name: Pago Pago, timezone: Pacific/Pago_Pago, coordinates: [-14.2756, -170.7020]}
    leaders:
      lee:
        name: Lee Jae-myung
        home: seoul
        $lee_holidays
        itinerary: [{place: pago-pago, start: 2025-06-25, end: 2025-08-31}]
      trump:
        name: Donald J. Trump
        home: washington
        $trump_holidays
        itinerary: [{place: pago-pago, start: 2025-06-25, end: 2025-08-31}]
    venues:
      fono: {name: Fono Building, place: pago-pago, $venue}
    meetings:
      talks: {title: Pacific talks, participants: [lee, trump], duration: 1h, deadline: 2025-08-31}
"""


def date_line(*, as_of: str, venue: str = "", lee_holidays: str = "", trump_holidays: str = "") -> str:
    return scenario_text(DATE_LINE, as_of=as_of, venue=venue, lee_holidays=lee_holidays, trump_holidays=trump_holidays)


def test_venue_weekday_follows_the_venue_date_across_the_date_line(solve_yaml):
    first = earliest(solve_yaml(date_line(as_of="2025-08-02T09:00Z", venue="weekdays: [fri]")))
    # 2 August 09:00Z is Friday 1 August 22:00 in Pago Pago, already Saturday in Seoul and in Washington
    assert first.start == datetime(2025, 8, 1, 22, 0, tzinfo=PAGO_PAGO)
    assert first.start.astimezone(SEOUL).date() == date(2025, 8, 2)
    assert first.start.astimezone(NEW_YORK).date() == date(2025, 8, 2)


def test_venue_holiday_follows_the_venue_date_across_the_date_line(solve_yaml):
    first = earliest(solve_yaml(date_line(as_of="2025-07-05T09:00Z", venue="closed_on_holidays: US")))
    # 5 July 09:00Z is still 4 July (22:00) in Pago Pago, though 5 July in Seoul and Washington → closed until
    # 5 July 00:00 SST = 11:00Z
    assert first.start == datetime(2025, 7, 5, 0, 0, tzinfo=PAGO_PAGO)
    assert first.start.astimezone(UTC) == utc(2025, 7, 5, 11)


def test_leader_holiday_ends_at_home_midnight_while_the_venue_date_is_still_the_holiday(solve_yaml):
    first = earliest(solve_yaml(date_line(as_of="2025-07-04T20:00Z", trump_holidays="holidays: {country: US}")))
    # 4 July ends in Washington at 00:00 EDT 5 July = 04:00Z, which is 4 July 17:00 in Pago Pago
    assert first.start == datetime(2025, 7, 4, 17, 0, tzinfo=PAGO_PAGO)
    assert first.start.astimezone(UTC) == utc(2025, 7, 5, 4)


def test_leader_holiday_at_home_blocks_a_day_that_is_ordinary_at_the_venue(solve_yaml):
    first = earliest(solve_yaml(date_line(as_of="2025-08-14T15:00Z", lee_holidays="holidays: {country: KR}")))
    # 14 Aug 15:00Z is 15 August 00:00 KST (Liberation Day) but 14 Aug 04:00 in Pago Pago; the holiday ends
    # 16 Aug 00:00 KST = 15 Aug 15:00Z = 15 Aug 04:00 SST
    assert first.start == datetime(2025, 8, 15, 4, 0, tzinfo=PAGO_PAGO)
    assert first.start.astimezone(UTC) == utc(2025, 8, 15, 15)


# --- notice landing on a weekend or holiday: a White House visit ---------------------------------
# Weekdays mon–fri, 09:00–17:00, closed on US holidays, 21 days' notice; naive as_of = Washington time.

WHITE_HOUSE = """
    version: 1
    title: Official visit to the White House
    as_of: $as_of
    timezone: America/New_York
    places:
      seoul:      {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
      washington: {name: "Washington, D.C.", timezone: America/New_York, coordinates: [38.8977, -77.0365]}
    leaders:
      lee:
        name: Lee Jae-myung
        home: seoul
        itinerary: [{place: washington, start: 2025-05-01, end: 2025-12-31}]
      trump: {name: Donald J. Trump, home: washington}
    venues:
      white-house:
        name: Official visit to the White House
        place: washington
        host: trump
        notice: 21d
        weekdays: [mon, tue, wed, thu, fri]
        hours: "09:00-17:00"
        closed_on_holidays: US
    meetings:
      summit: {title: Korea–US bilateral summit, participants: [lee, trump], duration: 1h, deadline: $deadline}
"""


def test_notice_ending_on_a_working_morning_gives_that_minute(solve_yaml):
    first = earliest(solve_yaml(WHITE_HOUSE, as_of="2025-06-02T10:07", deadline="2025-12-31"))
    assert first.start == datetime(2025, 6, 23, 10, 15, tzinfo=NEW_YORK)  # Mon 2 June 10:07 + 21d → Mon 23 June 10:15


def test_notice_ending_on_friday_evening_moves_to_monday_morning(solve_yaml):
    first = earliest(solve_yaml(WHITE_HOUSE, as_of="2025-05-30T18:00", deadline="2025-12-31"))
    # Fri 30 May 18:00 + 21d = Fri 20 June 18:00 EDT, after hours; Sat, Sun closed → Mon 23 June 09:00 EDT
    assert first.start == datetime(2025, 6, 23, 9, 0, tzinfo=NEW_YORK)


def test_notice_ending_on_the_eve_of_independence_day_skips_the_holiday_and_weekend(solve_yaml):
    first = earliest(solve_yaml(WHITE_HOUSE, as_of="2025-06-12T18:00", deadline="2025-12-31"))
    # Thu 12 June 18:00 + 21d = Thu 3 July 18:00 EDT, after hours; Fri 4 July holiday; weekend → Mon 7 July 09:00
    assert first.start == datetime(2025, 7, 7, 9, 0, tzinfo=NEW_YORK)


def test_notice_across_the_autumn_change_counts_elapsed_days(solve_yaml):
    first = earliest(solve_yaml(WHITE_HOUSE, as_of="2025-10-20T10:00", deadline="2025-12-31"))
    # Mon 20 Oct 10:00 EDT = 14:00Z; + 21 × 24h = Mon 10 Nov 14:00Z = 09:00 EST (clocks went back on 2 Nov)
    assert first.start.astimezone(UTC) == utc(2025, 11, 10, 14)
    assert first.start == datetime(2025, 11, 10, 9, 0, tzinfo=NEW_YORK)


def test_notice_that_runs_past_the_deadline_rejects_the_white_house(solve_yaml):
    plan = solve_yaml(WHITE_HOUSE, as_of="2025-06-12T18:00", deadline="2025-07-04")
    # the earliest slot is Mon 7 July (above); a deadline at the end of 4 July leaves none
    assert_rejected(plan, "white-house", "notice", "deadline")


# --- date-only start and end ----------------------------------------------------------------------


def test_date_only_window_end_is_the_end_of_that_day(solve_yaml):
    plan = solve_yaml(
        city(
            "london",
            as_of="2025-06-01T00:00Z",
            meeting='hours: "23:00-24:00"',
            venue="open: [{start: 2025-06-03T20:00, end: 2025-06-03}]",
        )
    )
    first = earliest(plan)
    assert first.start == datetime(2025, 6, 3, 23, 0, tzinfo=LONDON)  # 23:00–24:00 BST fits a window to midnight
    assert first.end == datetime(2025, 6, 4, 0, 0, tzinfo=LONDON)


def test_date_only_window_start_is_the_beginning_of_that_day(solve_yaml):
    plan = solve_yaml(city("london", as_of="2025-06-01T00:00Z", venue="open: [{start: 2025-06-03, end: 2025-06-04}]"))
    first = earliest(plan)
    assert first.start == datetime(2025, 6, 3, 0, 0, tzinfo=LONDON)  # 00:00 BST = 2 June 23:00Z
    assert first.start.astimezone(UTC) == utc(2025, 6, 2, 23)


def test_date_only_busy_block_covers_the_whole_home_day(solve_yaml):
    plan = solve_yaml(city("london", as_of="2025-06-02T08:00Z", host="busy: [{start: 2025-06-02, end: 2025-06-02}]"))
    assert earliest(plan).start == datetime(2025, 6, 3, 0, 0, tzinfo=LONDON)  # busy all Monday → Tue 00:00 BST
