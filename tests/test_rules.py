"""Every scheduling rule, pinned by tiny scenarios: feasible; infeasible when the rule is violated;
feasible when it is respected, with the earliest start worked out by hand beside each assertion.

Most scenarios are one venue and two leaders (`one_venue`); only the line that carries the rule
under test changes from test to test. Times in comments: Z = UTC, BST = UTC+1 (London in June),
EDT = UTC-4, KST = UTC+9, JST = UTC+9, NPT = UTC+5:45. 2 June 2025 is a Monday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler.errors import ScenarioErrors
from tests.helpers import assert_rejected, earliest, scenario_text

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
KATHMANDU = ZoneInfo("Asia/Kathmandu")

ONE_VENUE = """
    version: 1
    title: One venue, one rule
    as_of: $as_of
    timezone: $timezone
    places:
      london:     {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
      seoul:      {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
      washington: {name: "Washington, D.C.", timezone: America/New_York, coordinates: [38.8977, -77.0365]}
      tokyo:      {name: Tokyo, timezone: Asia/Tokyo, coordinates: [35.6762, 139.6503]}
      kathmandu:  {name: Kathmandu, timezone: Asia/Kathmandu, coordinates: [27.7172, 85.3240]}
    travel:
      buffer: 1h
      flights: [{from: seoul, to: london, duration: 12h}]
    leaders:
      host:  {name: Host, home: $place, $host}
      guest: {name: Guest, home: $guest_home, $guest}
    venues:
      hall: {name: Hall, place: $place, $venue}
    meetings:
      talk: {title: Bilateral, participants: [host, guest], duration: $duration, deadline: $deadline, $meeting}
"""

ZONES = {
    "london": "Europe/London",
    "washington": "America/New_York",
    "tokyo": "Asia/Tokyo",
    "kathmandu": "Asia/Kathmandu",
}

GUEST_IN_LONDON_FROM_SEOUL = "itinerary: [{place: london, start: 2025-06-01, end: 2025-06-30}]"
"""The guest lives in Seoul (home zone KST) but is in London all June (a date-only end: through 30 June)."""


def one_venue(
    *,
    place: str = "london",
    timezone: str | None = None,
    as_of: str = "2025-06-02T00:00Z",
    venue: str = "",
    meeting: str = "",
    host: str = "",
    guest: str = "",
    guest_home: str | None = None,
    duration: str = "1h",
    deadline: str | None = None,
) -> str:
    """One venue ("hall") at `place`; host and guest live there unless `guest_home` says otherwise.

    Unless a test sets its own, the deadline is the end of the 30th day after as_of: every answer
    here lies well within it, and a short search keeps the suite fast.
    """
    return scenario_text(
        ONE_VENUE,
        place=place,
        timezone=timezone or ZONES[place],
        as_of=as_of,
        venue=venue,
        meeting=meeting,
        host=host,
        guest=guest,
        guest_home=guest_home or place,
        duration=duration,
        deadline=deadline or f"{date.fromisoformat(as_of[:10]) + timedelta(days=30)}",
    )


# --- venue open windows -------------------------------------------------------------------------


def test_a_venue_without_rules_takes_the_meeting_at_as_of(solve_yaml):
    first = earliest(solve_yaml(one_venue()))
    assert first.venue.id == "hall"
    assert first.start == datetime(2025, 6, 2, 1, 0, tzinfo=LONDON)  # as_of 00:00Z = 01:00 BST, on the 15m grid
    assert first.end == datetime(2025, 6, 2, 2, 0, tzinfo=LONDON)


def test_open_window_gives_its_first_minute(solve_yaml):
    plan = solve_yaml(one_venue(venue="open: [{start: 2025-06-03T10:00, end: 2025-06-03T12:00}]"))
    assert earliest(plan).start == datetime(2025, 6, 3, 10, 0, tzinfo=LONDON)  # naive window = London time


def test_open_window_shorter_than_the_meeting_rejects_the_venue(solve_yaml):
    plan = solve_yaml(one_venue(venue="open: [{start: 2025-06-03T10:00, end: 2025-06-03T10:45}]"))
    assert_rejected(plan, "hall", r"\bopen\b")  # 45 min window, 1h meeting


def test_meeting_moves_to_the_first_open_window_long_enough(solve_yaml):
    plan = solve_yaml(
        one_venue(
            venue="open: [{start: 2025-06-03T10:00, end: 2025-06-03T10:45}, "
            "{start: 2025-06-04T14:00, end: 2025-06-04T16:00}]"
        )
    )
    assert earliest(plan).start == datetime(2025, 6, 4, 14, 0, tzinfo=LONDON)  # 3 June too short → 4 June 14:00


def test_meeting_may_end_exactly_when_the_open_window_closes(solve_yaml):
    plan = solve_yaml(one_venue(venue="open: [{start: 2025-06-03T10:00, end: 2025-06-03T11:00}]"))
    assert earliest(plan).start == datetime(2025, 6, 3, 10, 0, tzinfo=LONDON)  # [10:00, 11:00) fills [10:00, 11:00)


def test_touching_open_windows_join_into_one_opening(solve_yaml):
    # 10:00–10:45 and 10:45–12:00 touch: the venue is open 10:00–12:00 without a break, so the 1h
    # meeting takes 10:00 even though neither window alone holds it.
    plan = solve_yaml(
        one_venue(
            venue="open: [{start: 2025-06-03T10:00, end: 2025-06-03T10:45}, "
            "{start: 2025-06-03T10:45, end: 2025-06-03T12:00}]"
        )
    )
    assert earliest(plan).start == datetime(2025, 6, 3, 10, 0, tzinfo=LONDON)


def test_open_windows_with_a_gap_do_not_join(solve_yaml):
    # 10:00–10:45 and 10:50–12:00: a five-minute break, so the meeting waits for 10:50 → 11:00 on the 15m grid.
    plan = solve_yaml(
        one_venue(
            venue="open: [{start: 2025-06-03T10:00, end: 2025-06-03T10:45}, "
            "{start: 2025-06-03T10:50, end: 2025-06-03T12:00}]"
        )
    )
    assert earliest(plan).start == datetime(2025, 6, 3, 11, 0, tzinfo=LONDON)


def test_touching_hours_windows_join_across_the_lunch_line(solve_yaml):
    # Hours "09:00-12:00, 12:00-17:00" are one working day: with the host busy until 11:30 the
    # meeting takes 11:30–12:30 across the line between the two windows.
    plan = solve_yaml(
        one_venue(
            venue='hours: "09:00-12:00, 12:00-17:00"',
            host="busy: [{start: 2025-06-03T00:00, end: 2025-06-03T11:30}]",
            as_of="2025-06-03T00:00Z",
        )
    )
    assert earliest(plan).start == datetime(2025, 6, 3, 11, 30, tzinfo=LONDON)


# --- weekdays (venue-local) ---------------------------------------------------------------------
# as_of 2025-06-01T12:00Z is Sunday 21:00 JST in Tokyo (and still Sunday in UTC until midnight).


def test_weekdays_without_the_rule_take_sunday_evening(solve_yaml):
    plan = solve_yaml(one_venue(place="tokyo", as_of="2025-06-01T12:00Z"))
    assert earliest(plan).start == datetime(2025, 6, 1, 21, 0, tzinfo=TOKYO)  # 12:00Z = Sun 21:00 JST


def test_weekdays_with_no_allowed_day_before_the_deadline_reject_the_venue(solve_yaml):
    plan = solve_yaml(
        one_venue(place="tokyo", as_of="2025-06-01T12:00Z", venue="weekdays: [sat]", deadline="2025-06-06")
    )  # deadline: end of Fri 6 June, JST
    assert_rejected(plan, "hall", r"\bsat(urday)?s?\b|weekday")


def test_weekdays_follow_the_venue_local_date(solve_yaml):
    plan = solve_yaml(one_venue(place="tokyo", as_of="2025-06-01T12:00Z", venue="weekdays: [mon]"))
    # Monday begins at 00:00 JST = Sun 15:00Z (still Sunday in UTC and in London)
    assert earliest(plan).start == datetime(2025, 6, 2, 0, 0, tzinfo=TOKYO)


def test_meeting_may_not_run_past_midnight_into_a_day_the_venue_does_not_meet(solve_yaml):
    plan = solve_yaml(one_venue(place="tokyo", as_of="2025-06-01T14:30Z", venue="weekdays: [sun]"))
    # 14:30Z = Sun 23:30 JST; 23:30–00:30 would end on Monday → next Sunday, 8 June 00:00 JST
    assert earliest(plan).start == datetime(2025, 6, 8, 0, 0, tzinfo=TOKYO)


# --- venue hours (venue-local) ------------------------------------------------------------------


def test_venue_hours_open_the_day(solve_yaml):
    plan = solve_yaml(one_venue(venue='hours: "09:00-17:00"'))
    assert earliest(plan).start == datetime(2025, 6, 2, 9, 0, tzinfo=LONDON)  # as_of 01:00 BST → 09:00 BST


def test_venue_hours_shorter_than_the_meeting_reject_the_venue(solve_yaml):
    plan = solve_yaml(one_venue(venue='hours: "09:00-17:00"', duration="9h"))
    assert_rejected(plan, "hall", r"\bhall\b.*\bhours\b")  # 8h of hours, 9h meeting


def test_venue_hours_move_a_late_meeting_to_the_next_morning(solve_yaml):
    plan = solve_yaml(one_venue(venue='hours: "09:00-17:00"', as_of="2025-06-02T15:30Z"))
    # 15:30Z = 16:30 BST; 16:30–17:30 passes the close → Tue 3 June 09:00 BST
    assert earliest(plan).start == datetime(2025, 6, 3, 9, 0, tzinfo=LONDON)


def test_meeting_may_end_exactly_at_closing_time(solve_yaml):
    plan = solve_yaml(one_venue(venue='hours: "09:00-17:00"', as_of="2025-06-02T15:00Z"))
    assert earliest(plan).start == datetime(2025, 6, 2, 16, 0, tzinfo=LONDON)  # 16:00–17:00 BST touches the close


def test_venue_hours_past_midnight_run_into_the_next_day(solve_yaml):
    plan = solve_yaml(one_venue(venue='hours: "22:00-02:00"', duration="2h"))
    # as_of 01:00 BST: 01:00–03:00 passes 02:00 → Mon 22:00 BST (22:00–24:00 inside 22:00–02:00)
    assert earliest(plan).start == datetime(2025, 6, 2, 22, 0, tzinfo=LONDON)


def test_venue_hours_with_several_windows_use_one_that_fits(solve_yaml):
    plan = solve_yaml(one_venue(venue='hours: "08:00-09:00, 14:00-18:00"', duration="2h"))
    assert earliest(plan).start == datetime(2025, 6, 2, 14, 0, tzinfo=LONDON)  # 08–09 too short for 2h → 14:00


# --- meeting hours (venue-local, not the scenario timezone) ------------------------------------
# The scenario timezone is Seoul, the venue is in Washington: as_of 00:00Z = Sun 1 June 20:00 EDT.


def test_meeting_hours_are_read_on_the_venue_clock(solve_yaml):
    plan = solve_yaml(one_venue(place="washington", timezone="Asia/Seoul", meeting='hours: "14:00-15:00"'))
    # 14:00 EDT Mon 2 June = 18:00Z (read in Seoul, 14:00 KST would be 01:00 EDT)
    assert earliest(plan).start == datetime(2025, 6, 2, 14, 0, tzinfo=NEW_YORK)


def test_meeting_hours_shorter_than_the_meeting_reject_the_venue(solve_yaml):
    plan = solve_yaml(
        one_venue(place="washington", timezone="Asia/Seoul", meeting='hours: "14:00-15:00"', duration="2h")
    )
    assert_rejected(plan, "hall", "meeting hours")


def test_meeting_hours_and_venue_hours_both_apply(solve_yaml):
    plan = solve_yaml(
        one_venue(
            place="washington", timezone="Asia/Seoul", venue='hours: "09:00-12:00"', meeting='hours: "11:00-18:00"'
        )
    )
    assert earliest(plan).start == datetime(2025, 6, 2, 11, 0, tzinfo=NEW_YORK)  # 09–12 ∩ 11–18 = 11–12 EDT


# --- leader hours (local to the meeting's place, not the leader's home) -------------------------
# The guest lives in Seoul but is in London all June; as_of 00:00Z = 01:00 BST = 09:00 KST.


def test_leader_hours_are_read_on_the_clock_where_the_meeting_is(solve_yaml):
    plan = solve_yaml(one_venue(guest_home="seoul", guest=GUEST_IN_LONDON_FROM_SEOUL + ', hours: "09:00-18:00"'))
    # 09:00 BST = 08:00Z (in Seoul time, 09:00–18:00 KST would allow 01:00 BST at once)
    assert earliest(plan).start == datetime(2025, 6, 2, 9, 0, tzinfo=LONDON)


def test_leader_hours_that_never_overlap_reject_the_venue(solve_yaml):
    plan = solve_yaml(
        one_venue(
            guest_home="seoul", guest=GUEST_IN_LONDON_FROM_SEOUL + ', hours: "09:00-12:00"', host='hours: "13:00-17:00"'
        )
    )
    assert_rejected(plan, "hall", "guest's hours", "host's hours")


def test_meeting_waits_for_the_later_leader_hours(solve_yaml):
    plan = solve_yaml(
        one_venue(
            guest_home="seoul", guest=GUEST_IN_LONDON_FROM_SEOUL + ', hours: "09:00-12:00"', host='hours: "11:00-17:00"'
        )
    )
    assert earliest(plan).start == datetime(2025, 6, 2, 11, 0, tzinfo=LONDON)  # 09–12 ∩ 11–17 = 11:00 BST


# --- align (the venue's local clock, from local midnight) ---------------------------------------
# as_of 2025-06-02T08:07Z = 09:07 BST.


def test_default_alignment_is_a_quarter_hour(solve_yaml):
    plan = solve_yaml(one_venue(as_of="2025-06-02T08:07Z"))
    assert earliest(plan).start == datetime(2025, 6, 2, 9, 15, tzinfo=LONDON)  # 09:07 → next :15 → 09:15 BST


def test_align_30m_starts_on_the_hour_or_half_hour(solve_yaml):
    plan = solve_yaml(one_venue(as_of="2025-06-02T08:07Z", meeting="align: 30m"))
    assert earliest(plan).start == datetime(2025, 6, 2, 9, 30, tzinfo=LONDON)  # 09:07 → 09:30 BST


def test_align_with_no_grid_point_in_the_open_window_rejects_the_venue(solve_yaml):
    plan = solve_yaml(one_venue(venue="open: [{start: 2025-06-02T10:15, end: 2025-06-02T11:30}]", meeting="align: 1h"))
    # a 1h meeting may start 10:15–10:30 BST; no full hour among them
    assert_rejected(plan, "hall", "grid|align")


def test_align_30m_in_a_quarter_hour_zone_follows_the_local_clock(solve_yaml):
    plan = solve_yaml(one_venue(place="kathmandu", meeting="align: 30m"))
    # as_of 00:00Z = 05:45 NPT (UTC+5:45): 00:00Z is on the UTC grid but not the local one → 06:00 NPT = 00:15Z
    first = earliest(plan)
    assert first.start == datetime(2025, 6, 2, 6, 0, tzinfo=KATHMANDU)
    assert first.start.astimezone(UTC) == datetime(2025, 6, 2, 0, 15, tzinfo=UTC)


def test_align_that_does_not_divide_a_day_is_rejected_with_the_line(load_yaml):
    # A grid counted from local midnight only repeats daily if its step divides 24 hours; 50m does not
    # (1440 / 50 = 28.8), so the scenario is refused rather than given a grid that drifts day by day.
    with pytest.raises(ScenarioErrors) as caught:
        load_yaml(one_venue(venue='hours: "09:00-10:00"', meeting="align: 50m", duration="20m"))
    assert "meetings.talk.align" in str(caught.value)
    assert "divide 24 hours" in str(caught.value)


# --- notice (elapsed time from as_of) -----------------------------------------------------------
# as_of 2025-06-02T18:00Z = Mon 19:00 BST.


def test_no_notice_allows_a_start_at_as_of(solve_yaml):
    plan = solve_yaml(one_venue(as_of="2025-06-02T18:00Z"))
    assert earliest(plan).start == datetime(2025, 6, 2, 19, 0, tzinfo=LONDON)


def test_notice_longer_than_the_time_to_the_deadline_rejects_the_venue(solve_yaml):
    plan = solve_yaml(one_venue(as_of="2025-06-02T18:00Z", venue="notice: 3d", deadline="2025-06-04T00:00Z"))
    assert_rejected(plan, "hall", "notice")  # as_of + 3d = 5 June 18:00Z, after the deadline


def test_notice_of_one_day_is_24_hours_not_the_next_calendar_day(solve_yaml):
    plan = solve_yaml(one_venue(as_of="2025-06-02T18:00Z", venue="notice: 1d"))
    assert earliest(plan).start == datetime(2025, 6, 3, 19, 0, tzinfo=LONDON)  # 18:00Z + 24h = Tue 19:00 BST


def test_notice_in_hours_counts_from_the_as_of_minute(solve_yaml):
    plan = solve_yaml(one_venue(as_of="2025-06-02T18:00Z", venue="notice: 36h"))
    assert earliest(plan).start == datetime(2025, 6, 4, 7, 0, tzinfo=LONDON)  # 18:00Z + 36h = Wed 06:00Z = 07:00 BST


# --- venue closed on holidays (venue-local date) ------------------------------------------------
# as_of 2025-07-04T05:00Z = Fri 4 July 01:00 EDT, US Independence Day.


def test_venue_open_on_a_holiday_without_the_rule(solve_yaml):
    plan = solve_yaml(one_venue(place="washington", as_of="2025-07-04T05:00Z"))
    assert earliest(plan).start == datetime(2025, 7, 4, 1, 0, tzinfo=NEW_YORK)


def test_venue_closed_for_the_only_day_before_the_deadline_is_rejected(solve_yaml):
    plan = solve_yaml(
        one_venue(
            place="washington",
            as_of="2025-07-04T05:00Z",
            venue="closed_on_holidays: US",
            deadline="2025-07-04",
        )
    )  # deadline: end of 4 July, EDT
    assert_rejected(plan, "hall", "closed", "holiday|independence")


def test_venue_closed_on_a_holiday_reopens_at_local_midnight(solve_yaml):
    plan = solve_yaml(one_venue(place="washington", as_of="2025-07-04T05:00Z", venue="closed_on_holidays: US"))
    # 4 July ends at 00:00 EDT 5 July = 04:00Z (at 02:00Z on 5 July it is still 4 July in Washington)
    assert earliest(plan).start == datetime(2025, 7, 5, 0, 0, tzinfo=NEW_YORK)


# --- leader holidays (the leader's home-zone date) ----------------------------------------------
# The guest lives in Seoul (KR holidays), is in London all June. KR Memorial Day is Fri 6 June:
# 00:00–24:00 KST = 5 June 15:00Z – 6 June 15:00Z. as_of 2025-06-05T15:00Z = Thu 16:00 BST.


def test_leader_without_holidays_meets_at_as_of(solve_yaml):
    plan = solve_yaml(one_venue(as_of="2025-06-05T15:00Z", guest_home="seoul", guest=GUEST_IN_LONDON_FROM_SEOUL))
    assert earliest(plan).start == datetime(2025, 6, 5, 16, 0, tzinfo=LONDON)


def test_leader_holiday_until_the_deadline_rejects_the_venue(solve_yaml):
    plan = solve_yaml(
        one_venue(
            as_of="2025-06-05T15:00Z",
            guest_home="seoul",
            deadline="2025-06-06T15:00Z",
            guest=GUEST_IN_LONDON_FROM_SEOUL + ", holidays: {country: KR}",
        )
    )
    assert_rejected(plan, "hall", "guest", "holiday")


def test_leader_holiday_is_counted_on_the_home_date(solve_yaml):
    plan = solve_yaml(
        one_venue(
            as_of="2025-06-05T15:00Z",
            guest_home="seoul",
            guest=GUEST_IN_LONDON_FROM_SEOUL + ", holidays: {country: KR}",
        )
    )
    # 5 June 16:00 BST is already 6 June in Seoul; the holiday ends 7 June 00:00 KST = 6 June 15:00Z = 16:00 BST
    assert earliest(plan).start == datetime(2025, 6, 6, 16, 0, tzinfo=LONDON)


# --- stay_home holidays (the leader is held at home for the whole local day) --------------------
# The guest lives in Seoul; Seoul → London is 12h + 2 × 1h buffer = 14h. KR Memorial Day, Fri 6 June,
# is 5 June 15:00Z – 6 June 15:00Z. as_of 2025-06-06T00:00Z = 09:00 KST on the holiday.


def test_holiday_without_stay_home_only_blocks_meetings(solve_yaml):
    plan = solve_yaml(one_venue(as_of="2025-06-06T00:00Z", guest_home="seoul", guest="holidays: {country: KR}"))
    # no stop holds the guest, so he may already be in London; the holiday ends 6 June 15:00Z = 16:00 BST
    assert earliest(plan).start == datetime(2025, 6, 6, 16, 0, tzinfo=LONDON)


def test_stay_home_holiday_makes_a_meeting_abroad_that_day_impossible(solve_yaml):
    plan = solve_yaml(
        one_venue(
            as_of="2025-06-06T00:00Z",
            guest_home="seoul",
            deadline="2025-06-07T05:00Z",
            guest="holidays: {country: KR, stay_home: true}",
        )
    )
    assert_rejected(plan, "hall", "guest", "london")  # the flight lands at 05:00Z (next test)


def test_stay_home_holiday_makes_the_flight_wait_until_the_day_ends(solve_yaml):
    plan = solve_yaml(
        one_venue(as_of="2025-06-06T00:00Z", guest_home="seoul", guest="holidays: {country: KR, stay_home: true}")
    )
    # at home until 7 June 00:00 KST = 6 June 15:00Z; + 14h → lands 7 June 05:00Z = 06:00 BST
    assert earliest(plan).start == datetime(2025, 6, 7, 6, 0, tzinfo=LONDON)


def test_stay_home_holiday_needs_the_flight_home_before_it(solve_yaml):
    plan = solve_yaml(
        one_venue(
            as_of="2025-06-04T20:00Z",
            guest_home="seoul",
            meeting='hours: "09:00-17:00"',
            guest="holidays: {country: KR, stay_home: true}",
        )
    )
    # 5 June 09:00 BST = 08:00Z, but he must leave London by 5 June 15:00Z − 14h = 01:00Z to be home for the
    # holiday → after it: lands 7 June 05:00Z = 06:00 BST → hours → Sat 7 June 09:00 BST
    assert earliest(plan).start == datetime(2025, 6, 7, 9, 0, tzinfo=LONDON)


def test_explicit_itinerary_wins_over_stay_home(load_yaml, solve_yaml):
    text = one_venue(
        as_of="2025-06-06T00:00Z",
        guest_home="seoul",
        guest=GUEST_IN_LONDON_FROM_SEOUL + ", holidays: {country: KR, stay_home: true}",
    )
    # in London by the itinerary, but still no meeting on the home holiday → 6 June 15:00Z = 16:00 BST
    assert earliest(solve_yaml(text)).start == datetime(2025, 6, 6, 16, 0, tzinfo=LONDON)
    assert any("the itinerary wins" in warning for warning in load_yaml(text).warnings)


# --- busy blocks (naive: the leader's home zone; `timezone:` overrides) --------------------------
# The guest lives in Seoul, is in London all June. as_of 2025-06-02T08:00Z = 09:00 BST = 17:00 KST.


def test_leader_without_busy_time_meets_at_as_of(solve_yaml):
    plan = solve_yaml(one_venue(as_of="2025-06-02T08:00Z", guest_home="seoul", guest=GUEST_IN_LONDON_FROM_SEOUL))
    assert earliest(plan).start == datetime(2025, 6, 2, 9, 0, tzinfo=LONDON)


def test_busy_time_until_the_deadline_rejects_the_venue(solve_yaml):
    plan = solve_yaml(
        one_venue(
            as_of="2025-06-02T08:00Z",
            guest_home="seoul",
            deadline="2025-06-03T15:00Z",
            guest=GUEST_IN_LONDON_FROM_SEOUL + ", busy: [{start: 2025-06-02, end: 2025-06-03}]",
        )
    )
    # date-only busy in KST: 2 June 00:00 – 4 June 00:00 KST = 1 June 15:00Z – 3 June 15:00Z
    assert_rejected(plan, "hall", "guest", "busy")


def test_naive_busy_block_is_in_the_leader_home_zone(solve_yaml):
    plan = solve_yaml(
        one_venue(
            as_of="2025-06-02T08:00Z",
            guest_home="seoul",
            guest=GUEST_IN_LONDON_FROM_SEOUL + ", busy: [{start: 2025-06-02T09:00, end: 2025-06-02T18:00}]",
        )
    )
    # 09:00–18:00 KST = 00:00Z–09:00Z → starts when it ends: 09:00Z = 10:00 BST
    assert earliest(plan).start == datetime(2025, 6, 2, 10, 0, tzinfo=LONDON)


def test_busy_block_timezone_overrides_the_home_zone(solve_yaml):
    plan = solve_yaml(
        one_venue(
            as_of="2025-06-02T08:00Z",
            guest_home="seoul",
            guest=GUEST_IN_LONDON_FROM_SEOUL + ", busy: [{start: 2025-06-02T09:00, end: 2025-06-02T18:00, "
            "timezone: Europe/London}]",
        )
    )
    assert earliest(plan).start == datetime(2025, 6, 2, 18, 0, tzinfo=LONDON)  # 09:00–18:00 BST → 18:00 BST


def test_busy_block_with_an_offset_ignores_the_home_zone(solve_yaml):
    plan = solve_yaml(
        one_venue(
            as_of="2025-06-02T08:00Z",
            guest_home="seoul",
            guest=GUEST_IN_LONDON_FROM_SEOUL + ", busy: [{start: 2025-06-02T08:00Z, end: 2025-06-02T12:00Z}]",
        )
    )
    assert earliest(plan).start == datetime(2025, 6, 2, 13, 0, tzinfo=LONDON)  # free from 12:00Z = 13:00 BST


# --- itinerary stops ----------------------------------------------------------------------------
# The guest's itinerary leaves no slack: Seoul until 06:00 KST 3 June (= 2 June 21:00Z) + 12h flight
# (no buffers) lands 09:00Z = 10:00 BST, when the London stop begins; the next Seoul stop begins
# 08:00 KST 4 June = 3 June 23:00Z, so he leaves London at 11:00Z = 12:00 BST at the latest.

ITINERARY = """
    version: 1
    title: Itinerary stops
    as_of: 2025-06-02T00:00Z
    timezone: UTC
    places:
      seoul:  {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
      london: {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
    travel:
      buffer: 0m
      flights: [{from: seoul, to: london, duration: 12h}]
    leaders:
      host: {name: Host, home: london}
      guest:
        name: Guest
        home: seoul
        itinerary:
          - {place: seoul, start: 2025-06-01T00:00, end: 2025-06-03T06:00}
          - {place: london, start: 2025-06-03T10:00, end: $london_end}
          - {place: seoul, start: 2025-06-04T08:00, end: 2025-06-30T00:00}
    venues:
      hall: {name: Hall, place: london, $venue}
    meetings:
      talk: {title: Bilateral, participants: [host, guest], duration: $duration, deadline: 2025-06-10}
"""


def test_meeting_takes_place_inside_the_stop_at_the_venue(solve_yaml):
    plan = solve_yaml(ITINERARY, london_end="2025-06-03T12:00", venue="", duration="1h")
    assert earliest(plan).start == datetime(2025, 6, 3, 10, 0, tzinfo=LONDON)  # the London stop opens 10:00 BST


def test_meeting_longer_than_the_stop_at_the_venue_is_rejected(solve_yaml):
    plan = solve_yaml(ITINERARY, london_end="2025-06-03T12:00", venue="", duration="3h")
    assert_rejected(plan, "hall", "guest", "london", "itinerary")  # 2h stop, 3h meeting


def test_meeting_cannot_straddle_the_end_of_a_stop(solve_yaml):
    plan = solve_yaml(
        ITINERARY,
        london_end="2025-06-03T11:00",
        duration="1h",
        venue="open: [{start: 2025-06-03T10:30, end: 2025-06-03T18:00}]",
    )
    # stop 10:00–11:00 BST, then free in London until 12:00 BST; 10:30–11:30 would be half in the stop and half
    # out → wholly outside it: 11:00–12:00 BST, and the 12h flight still lands in Seoul at 08:00 KST
    assert earliest(plan).start == datetime(2025, 6, 3, 11, 0, tzinfo=LONDON)


# --- travel legs --------------------------------------------------------------------------------
# Two places on the equator, 10° of longitude apart: 6371.0088 km × π/18 = 1111.95 km; at 800 km/h that is
# 83.4 min → 84 min (rounded up). Default buffer 30m at each end. The guest leaves West at 10:00Z.

TRAVEL = """
    version: 1
    title: Travel legs
    as_of: 2025-06-02T00:00Z
    timezone: UTC
    places:
      west: {name: West Point, timezone: UTC, coordinates: [0.0, 0.0]}
      east: {name: East Point, timezone: UTC, coordinates: [0.0, 10.0]}
    travel: {speed: 800 km/h, buffer: 30m, flights: [$flights]}
    leaders:
      host: {name: Host, home: east}
      guest:
        name: Guest
        home: west
        itinerary:
          - {place: west, start: 2025-06-01T00:00, end: 2025-06-02T10:00}
          $later_stop
        busy: [$busy]
    venues:
      hall: {name: East Hall, place: east}
    meetings:
      talk: {title: Bilateral, participants: [host, guest], duration: 1h, align: 1m, deadline: 2025-06-03}
"""


def travel(flights: str = "", busy: str = "", later_stop: str = "") -> str:
    return scenario_text(TRAVEL, flights=flights, busy=busy, later_stop=later_stop)


def at_utc(hour: int, minute: int) -> datetime:
    return datetime(2025, 6, 2, hour, minute, tzinfo=ZoneInfo("UTC"))


def test_great_circle_leg_rounds_up_to_the_minute(solve_yaml):
    # 84 min + 2 × 30 min = 144 min → 10:00Z + 2h24m = 12:24Z
    assert earliest(solve_yaml(travel())).start == at_utc(12, 24)


def test_onward_leg_that_cannot_fit_before_the_next_stop_rejects_the_venue(solve_yaml):
    plan = solve_yaml(travel(later_stop="- {place: west, start: 2025-06-02T15:00, end: 2025-06-04}"))
    # lands 12:24Z, meets until 13:24Z, needs 144 min back → 15:48Z, after the 15:00Z stop
    assert_rejected(plan, "hall", "guest", "east point")


def test_onward_leg_that_fits_before_the_next_stop_allows_the_meeting(solve_yaml):
    plan = solve_yaml(travel(later_stop="- {place: west, start: 2025-06-02T16:00, end: 2025-06-04}"))
    assert earliest(plan).start == at_utc(12, 24)  # 12:24–13:24Z, back at West 15:48Z, before 16:00Z


def test_flights_table_wins_over_the_great_circle(solve_yaml):
    plan = solve_yaml(travel(flights="{from: west, to: east, duration: 3h}"))
    assert earliest(plan).start == at_utc(14, 0)  # 3h + 2 × 30 min = 4h → 14:00Z


def test_flights_table_applies_in_both_directions(solve_yaml):
    plan = solve_yaml(travel(flights="{from: east, to: west, duration: 3h}"))
    assert earliest(plan).start == at_utc(14, 0)  # the east → west entry serves west → east: 14:00Z


def test_one_way_flight_does_not_apply_in_reverse(solve_yaml):
    plan = solve_yaml(travel(flights="{from: east, to: west, duration: 3h, one_way: true}"))
    assert earliest(plan).start == at_utc(12, 24)  # west → east falls back to the great circle: 12:24Z


def test_flight_buffer_overrides_the_default_for_its_leg(solve_yaml):
    plan = solve_yaml(travel(flights="{from: west, to: east, duration: 1h30m, buffer: 0m}"))
    assert earliest(plan).start == at_utc(11, 30)  # motorcade 1h30m, no ground time → 11:30Z


def test_travel_may_not_overlap_busy_time(solve_yaml):
    plan = solve_yaml(travel(busy="{start: 2025-06-02T11:00, end: 2025-06-02T11:30}"))
    # only 60 min free before the call (10:00–11:00Z) for a 144 min leg → leaves 11:30Z, lands 13:54Z
    assert earliest(plan).start == at_utc(13, 54)


def test_ground_buffers_may_not_overlap_busy_time(solve_yaml):
    plan = solve_yaml(travel(busy="{start: 2025-06-02T12:00, end: 2025-06-02T12:30}"))
    # the flight lands 11:54Z, but the arrival buffer (11:54–12:24Z) overlaps the 12:00Z call → leaves
    # 12:30Z, lands 14:54Z (if buffers could overlap busy time, the answer would be 12:30Z)
    assert earliest(plan).start == at_utc(14, 54)


def test_long_haul_worked_example(solve_file):
    first = earliest(solve_file("rules/seoul_to_washington.yaml"))
    # leaves the Seoul stop 08:00 KST 10 June = 9 June 23:00Z; leg 14h + 2 × 2h = 18h → lands 10 June 17:00Z
    # = 13:00 EDT; hours 09–17 and align 30m → 13:00 EDT
    assert first.venue.id == "white-house"
    assert first.start == datetime(2025, 6, 10, 13, 0, tzinfo=NEW_YORK)


# --- not_before (naive: the scenario timezone) --------------------------------------------------
# The scenario timezone is Seoul, the venue is in London.


def test_naive_not_before_is_in_the_scenario_timezone(solve_yaml):
    plan = solve_yaml(one_venue(timezone="Asia/Seoul", meeting="not_before: 2025-06-10T09:00"))
    assert earliest(plan).start == datetime(2025, 6, 10, 1, 0, tzinfo=LONDON)  # 09:00 KST = 00:00Z = 01:00 BST


def test_date_only_not_before_is_the_start_of_that_day(solve_yaml):
    plan = solve_yaml(one_venue(timezone="Asia/Seoul", meeting="not_before: 2025-06-10"))
    assert earliest(plan).start == datetime(2025, 6, 9, 16, 0, tzinfo=LONDON)  # 10 June 00:00 KST = 9 June 15:00Z


def test_not_before_with_an_offset_ignores_the_scenario_timezone(solve_yaml):
    plan = solve_yaml(one_venue(timezone="Asia/Seoul", meeting="not_before: 2025-06-10T09:00+01:00"))
    assert earliest(plan).start == datetime(2025, 6, 10, 9, 0, tzinfo=LONDON)


def test_not_before_after_the_deadline_rejects_the_venue(solve_yaml):
    plan = solve_yaml(one_venue(timezone="Asia/Seoul", meeting="not_before: 2025-06-10", deadline="2025-06-09"))
    assert_rejected(plan, "hall", "not[_ ]before")


# --- deadline (start strictly before; date-only = end of day; offsets win) ----------------------
# The venue is open 10:00–12:00 BST on 3 June (= 09:00Z–11:00Z).

OPEN_3_JUNE = "open: [{start: 2025-06-03T10:00, end: 2025-06-03T12:00}]"


def test_deadline_after_the_first_start_allows_it(solve_yaml):
    plan = solve_yaml(one_venue(venue=OPEN_3_JUNE, deadline="2025-06-03T10:15"))
    assert earliest(plan).start == datetime(2025, 6, 3, 10, 0, tzinfo=LONDON)  # 10:00 < 10:15


def test_meeting_must_start_strictly_before_the_deadline(solve_yaml):
    plan = solve_yaml(one_venue(venue=OPEN_3_JUNE, deadline="{at: 2025-06-03T10:00, why: talks close}"))
    assert_rejected(plan, "hall", "deadline")  # 10:00 is not before 10:00


def test_date_only_deadline_means_the_end_of_that_day(solve_yaml):
    plan = solve_yaml(
        one_venue(venue="open: [{start: 2025-06-03T20:00, end: 2025-06-03T22:00}]", deadline="2025-06-03")
    )
    assert earliest(plan).start == datetime(2025, 6, 3, 20, 0, tzinfo=LONDON)  # 20:00 < 4 June 00:00 BST


def test_date_only_deadline_excludes_the_next_day(solve_yaml):
    plan = solve_yaml(
        one_venue(venue="open: [{start: 2025-06-04T00:00, end: 2025-06-04T02:00}]", deadline="2025-06-03")
    )
    assert_rejected(plan, "hall", "deadline")  # 4 June 00:00 BST is not before 4 June 00:00 BST


def test_naive_deadline_is_in_the_scenario_timezone(solve_yaml):
    too_early = solve_yaml(one_venue(timezone="Asia/Seoul", venue=OPEN_3_JUNE, deadline="2025-06-03T18:00"))
    assert_rejected(too_early, "hall", "deadline")  # 18:00 KST = 09:00Z = 10:00 BST: not before 10:00 BST
    in_time = solve_yaml(one_venue(timezone="Asia/Seoul", venue=OPEN_3_JUNE, deadline="2025-06-03T18:15"))
    assert earliest(in_time).start == datetime(2025, 6, 3, 10, 0, tzinfo=LONDON)  # 18:15 KST = 09:15Z


def test_deadline_offset_wins_over_the_scenario_timezone(solve_yaml):
    plan = solve_yaml(one_venue(timezone="Asia/Seoul", venue=OPEN_3_JUNE, deadline="2025-06-03T10:15+01:00"))
    assert earliest(plan).start == datetime(2025, 6, 3, 10, 0, tzinfo=LONDON)  # 09:15Z, not 10:15 KST = 01:15Z


# --- tie-break and several meetings -------------------------------------------------------------

TWO_VENUES = """
    version: 1
    title: Ties
    as_of: 2025-06-02T08:00Z
    timezone: Europe/London
    places:
      london: {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
    leaders:
      host:  {name: Host, home: london}
      guest: {name: Guest, home: london}
    venues:
      zeta:  {name: Zeta House, place: london, $zeta}
      alpha: {name: Alpha House, place: london}
    meetings:
      talk: {title: Bilateral, participants: [host, guest], duration: 1h, deadline: 2025-06-30, $venues}
"""


def test_tie_breaks_by_the_meeting_venue_order(solve_yaml):
    plan = solve_yaml(TWO_VENUES, zeta="", venues="venues: [alpha, zeta]")
    first = earliest(plan)
    assert (first.venue.id, first.start) == ("alpha", datetime(2025, 6, 2, 9, 0, tzinfo=LONDON))  # both 09:00 BST


def test_tie_breaks_by_yaml_order_when_the_meeting_lists_no_venues(solve_yaml):
    plan = solve_yaml(TWO_VENUES, zeta="", venues="")
    first = earliest(plan)
    assert (first.venue.id, first.start) == ("zeta", datetime(2025, 6, 2, 9, 0, tzinfo=LONDON))  # zeta comes first


def test_earlier_start_wins_over_venue_order(solve_yaml):
    plan = solve_yaml(TWO_VENUES, zeta='hours: "14:00-18:00"', venues="venues: [zeta, alpha]")
    first = earliest(plan)
    assert (first.venue.id, first.start) == ("alpha", datetime(2025, 6, 2, 9, 0, tzinfo=LONDON))  # zeta: 14:00


def test_tied_venues_are_ranked_in_venue_order(solve_yaml):
    plan = solve_yaml(TWO_VENUES, zeta="", venues="", top=2)
    ranked = [(p.rank, p.venue.id, p.start) for p in plan.meetings[0].proposals]
    nine = datetime(2025, 6, 2, 9, 0, tzinfo=LONDON)
    assert ranked == [(1, "zeta", nine), (2, "alpha", nine)]


SEVERAL_MEETINGS = """
    version: 1
    title: Several meetings
    as_of: 2025-06-02T00:00Z
    timezone: Europe/London
    places:
      london: {name: London, timezone: Europe/London, coordinates: [51.5074, -0.1278]}
    leaders:
      host:  {name: Host, home: london}
      guest: {name: Guest, home: london}
      aide:  {name: Aide, home: london, hours: "13:00-18:00"}
    venues:
      hall: {name: Hall, place: london}
    meetings:
      breakfast: {title: Breakfast, participants: [host, guest], duration: 1h, hours: "08:00-09:00",
                  deadline: 2025-06-30}
      lunch: {title: Lunch, participants: [host, aide], duration: 1h, hours: "12:00-14:00", deadline: 2025-06-30}
      marathon: {title: Marathon, participants: [guest, aide], duration: 3h, hours: "12:00-14:00", deadline: 2025-06-30}
"""


def test_several_meetings_are_solved_independently(solve_yaml):
    plan = solve_yaml(SEVERAL_MEETINGS)
    assert [m.meeting.id for m in plan.meetings] == ["breakfast", "lunch", "marathon"]  # YAML order
    assert earliest(plan, "breakfast").start == datetime(2025, 6, 2, 8, 0, tzinfo=LONDON)
    assert earliest(plan, "lunch").start == datetime(2025, 6, 2, 13, 0, tzinfo=LONDON)  # 12–14 ∩ aide 13–18
    assert_rejected(plan, "hall", "meeting hours", meeting="marathon")  # 3h never fits 12:00–14:00
    assert plan.status == "partial"
