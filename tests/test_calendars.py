"""Reading the leaders' busy calendars: recurrences, zones, all-day days, and clear errors.

Every expected instant is worked out by hand in a comment beside its assertion.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scheduler.calendars import CalendarEvent, CalendarRead, parse_calendar, read_calendar
from scheduler.errors import InputError

DATA = Path(__file__).parent / "data" / "calendars"
SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
YEAR_END = datetime(2026, 1, 1, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def read(name: str, zone: ZoneInfo = SEOUL, start: datetime = YEAR_START, end: datetime = YEAR_END) -> CalendarRead:
    return read_calendar(DATA / name, zone, start, end, label=name)


def parse(
    body: str, zone: ZoneInfo = SEOUL, name: str = "inline.ics", start: datetime = YEAR_START, end: datetime = YEAR_END
) -> CalendarRead:
    """`body` between BEGIN:VCALENDAR and END:VCALENDAR; line 4 is the first line of `body`."""
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//tests//EN\n{body.strip()}\nEND:VCALENDAR\n"
    return parse_calendar(text.encode(), name, zone, start, end)


def event(start: str, end: str, summary: str = "Busy", uid: str = "e@example.org", extra: str = "") -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20250101T000000Z",
        f"DTSTART{start}",
        f"DTEND{end}",
        f"SUMMARY:{summary}",
        *filter(None, extra.split("\n")),
        "END:VEVENT",
    ]
    return "\n".join(line for line in lines if not line.endswith(("DTEND", "DTSTART")))


def spans(result: CalendarRead) -> list[tuple[datetime, datetime]]:
    return [(item.start, item.end) for item in result.events]


def input_error(body: str, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as caught:
        parse(body, **kwargs)  # type: ignore[arg-type]
    return caught.value


# --- recurrences -----------------------------------------------------------------------------------


def test_weekly_rrule_skips_the_exdate_instance() -> None:
    result = read("weekly-rrule-exdate.ics")
    # Tuesdays 3, 10, 17, 24 June 10:00–11:30 CEST (UTC+2) = 08:00–09:30 UTC; EXDATE removes 10 June.
    assert spans(result) == [
        (utc(2025, 6, 3, 8), utc(2025, 6, 3, 9, 30)),
        (utc(2025, 6, 17, 8), utc(2025, 6, 17, 9, 30)),
        (utc(2025, 6, 24, 8), utc(2025, 6, 24, 9, 30)),
    ]
    assert {item.source for item in result.events} == {"weekly-rrule-exdate.ics:4"}
    assert result.events[0].location == "Bundeskanzleramt"
    assert result.warnings == []


def test_rdate_adds_instances_with_the_series_duration() -> None:
    result = read("rdate.ics")
    # DTSTART 2 June 14:00Z plus RDATEs 5 June 14:00Z and 9 June 09:00Z, each lasting DTEND-DTSTART = 1 h.
    assert spans(result) == [
        (utc(2025, 6, 2, 14), utc(2025, 6, 2, 15)),
        (utc(2025, 6, 5, 14), utc(2025, 6, 5, 15)),
        (utc(2025, 6, 9, 9), utc(2025, 6, 9, 10)),
    ]


def test_recurrence_id_override_moves_one_instance() -> None:
    result = read("recurrence-id-override.ics")
    # Mondays 09:00 KST (UTC+9) = 00:00 UTC on 2 and 16 June; the 9 June instance moves to
    # Tuesday 10 June 14:00–15:00 KST = 05:00–06:00 UTC.
    assert spans(result) == [
        (utc(2025, 6, 2, 0), utc(2025, 6, 2, 1)),
        (utc(2025, 6, 10, 5), utc(2025, 6, 10, 6)),
        (utc(2025, 6, 16, 0), utc(2025, 6, 16, 1)),
    ]
    assert [item.summary for item in result.events][1] == "Senior staff meeting (moved)"
    # The moved instance points at its own VEVENT (line 12), the others at the series (line 4).
    assert [item.source for item in result.events] == [
        "recurrence-id-override.ics:4",
        "recurrence-id-override.ics:12",
        "recurrence-id-override.ics:4",
    ]


# --- all-day events --------------------------------------------------------------------------------


def test_all_day_event_blocks_the_whole_local_day_in_the_home_zone() -> None:
    memorial_day = read("all-day.ics").events[0]
    # 6 June in Seoul: 00:00 KST 6 June = 15:00 UTC 5 June, to 00:00 KST 7 June = 15:00 UTC 6 June.
    assert (memorial_day.start, memorial_day.end) == (utc(2025, 6, 5, 15), utc(2025, 6, 6, 15))
    assert memorial_day.all_day
    assert memorial_day.start.tzinfo == UTC
    assert memorial_day.source == "all-day.ics:4"


def test_all_day_event_without_dtend_lasts_one_day() -> None:
    no_end = read("all-day.ics").events[1]
    # 12 June in Seoul: 11 June 15:00 UTC to 12 June 15:00 UTC (RFC 5545 §3.6.1: one day).
    assert (no_end.start, no_end.end) == (utc(2025, 6, 11, 15), utc(2025, 6, 12, 15))


def test_all_day_event_follows_the_home_zone_of_the_leader() -> None:
    memorial_day = read("all-day.ics", zone=NEW_YORK).events[0]
    # 6 June in Washington (EDT, UTC-4): 04:00 UTC 6 June to 04:00 UTC 7 June.
    assert (memorial_day.start, memorial_day.end) == (utc(2025, 6, 6, 4), utc(2025, 6, 7, 4))


def test_multi_day_all_day_event_ends_at_midnight_after_its_last_day() -> None:
    result = read("multi-day-all-day.ics", zone=NEW_YORK)
    # 16–18 June (DTEND 19 June exclusive) in New York, EDT: 16 June 04:00 UTC to 19 June 04:00 UTC.
    assert spans(result) == [(utc(2025, 6, 16, 4), utc(2025, 6, 19, 4))]
    assert result.events[0].all_day


def test_all_day_event_on_the_spring_forward_day_lasts_23_hours() -> None:
    result = parse(event(";VALUE=DATE:20250309", ";VALUE=DATE:20250310"), zone=NEW_YORK)
    # 9 March 00:00 EST = 05:00 UTC; 10 March 00:00 EDT = 04:00 UTC: 23 hours.
    assert spans(result) == [(utc(2025, 3, 9, 5), utc(2025, 3, 10, 4))]


def test_all_day_event_with_dtend_equal_to_dtstart_still_blocks_that_day() -> None:
    result = parse(event(";VALUE=DATE:20250606", ";VALUE=DATE:20250606"))
    # Some exporters write DTEND = DTSTART for one day; 6 June KST = 5 June 15:00 to 6 June 15:00 UTC.
    assert spans(result) == [(utc(2025, 6, 5, 15), utc(2025, 6, 6, 15))]


# --- time zones ------------------------------------------------------------------------------------


def test_floating_times_are_read_in_the_home_zone_with_one_warning() -> None:
    result = read("floating.ics")
    # 4 June 09:00–10:00 KST = 00:00–01:00 UTC; 5 June 15:00–16:30 KST = 06:00–07:30 UTC.
    assert spans(result) == [(utc(2025, 6, 4, 0), utc(2025, 6, 4, 1)), (utc(2025, 6, 5, 6), utc(2025, 6, 5, 7, 30))]
    assert len(result.warnings) == 1
    assert "floating.ics" in result.warnings[0]
    assert "2 event(s)" in result.warnings[0]
    assert "Asia/Seoul" in result.warnings[0]


def test_google_export_with_x_wr_timezone_keeps_local_time_across_dst() -> None:
    result = read("google-x-wr-timezone.ics", zone=SEOUL)
    # DTSTART 3 March 14:00Z is 09:00 EST; X-WR-TIMEZONE makes the rule repeat at 09:00 New York time:
    # 09:00 EST = 14:00 UTC on 3 March; 09:00 EDT = 13:00 UTC on 10 and 17 March (DST from 9 March).
    # Without the repair the UTC rule would stay at 14:00 UTC.
    assert spans(result) == [
        (utc(2025, 3, 3, 14), utc(2025, 3, 3, 15)),
        (utc(2025, 3, 10, 13), utc(2025, 3, 10, 14)),
        (utc(2025, 3, 17, 13), utc(2025, 3, 17, 14)),
    ]
    assert result.warnings == []


def test_custom_vtimezone_with_a_windows_name_is_used() -> None:
    result = read("custom-vtimezone.ics")
    # "Eastern Standard Time" from the file's VTIMEZONE: 6 March 09:00 EST (-5) = 14:00 UTC;
    # 13 March 09:00 EDT (-4, second Sunday of March = 9 March) = 13:00 UTC.
    assert spans(result) == [(utc(2025, 3, 6, 14), utc(2025, 3, 6, 15)), (utc(2025, 3, 13, 13), utc(2025, 3, 13, 14))]
    assert [item.source for item in result.events] == ["custom-vtimezone.ics:20", "custom-vtimezone.ics:27"]


def custom_zone(offset: str) -> str:
    return (
        "BEGIN:VTIMEZONE\nTZID:Protocol Office Time\nBEGIN:STANDARD\nDTSTART:19700101T000000\n"
        f"TZOFFSETFROM:{offset}\nTZOFFSETTO:{offset}\nEND:STANDARD\nEND:VTIMEZONE\n"
    )


ZONED_EVENT = event(";TZID=Protocol Office Time:20250604T090000", ";TZID=Protocol Office Time:20250604T100000")


def test_each_file_uses_its_own_definition_of_a_custom_tzid() -> None:
    # icalendar caches VTIMEZONEs process-wide by TZID; each file must still use its own definition.
    first = parse(custom_zone("+0500") + ZONED_EVENT, name="first.ics")
    second = parse(custom_zone("-0300") + ZONED_EVENT, name="second.ics")
    # 09:00 at +05:00 = 04:00 UTC; 09:00 at -03:00 = 12:00 UTC.
    assert spans(first) == [(utc(2025, 6, 4, 4), utc(2025, 6, 4, 5))]
    assert spans(second) == [(utc(2025, 6, 4, 12), utc(2025, 6, 4, 13))]


def test_a_custom_tzid_defined_only_in_another_file_is_unknown() -> None:
    parse(custom_zone("+0500") + ZONED_EVENT, name="defines.ics")
    error = input_error(ZONED_EVENT, name="uses.ics")
    assert "uses.ics:7" in str(error)  # the DTSTART line of the event
    assert "Protocol Office Time" in str(error)


def test_windows_tzid_without_vtimezone_maps_to_its_iana_zone() -> None:
    result = parse(
        event(";TZID=W. Europe Standard Time:20250604T090000", ";TZID=W. Europe Standard Time:20250604T100000")
    )
    # icalendar maps the Windows name to Europe/Berlin: 09:00 CEST (+2) = 07:00 UTC.
    assert spans(result) == [(utc(2025, 6, 4, 7), utc(2025, 6, 4, 8))]


def test_utc_event_keeps_summary_location_geo_and_uid() -> None:
    result = read("utc.ics")
    assert result.events == [
        CalendarEvent(
            start=utc(2025, 6, 4, 12),
            end=utc(2025, 6, 4, 13),
            summary="Press conference",
            location="Blue House briefing room",
            geo=(37.5866, 126.9748),
            uid="press-conference@example.org",
            source="utc.ics:4",
            all_day=False,
        )
    ]


def test_weekly_series_in_new_york_follows_the_march_dst_change() -> None:
    result = read("dst-new-york.ics")
    # 09:00 EST = 14:00 UTC before 9 March; 09:00 EDT = 13:00 UTC after.
    assert [item.start for item in result.events] == [
        utc(2025, 2, 24, 14),
        utc(2025, 3, 3, 14),
        utc(2025, 3, 10, 13),
        utc(2025, 3, 17, 13),
    ]
    assert all(item.end - item.start == timedelta(hours=1) for item in result.events)
    assert all(item.start.astimezone(NEW_YORK).hour == 9 for item in result.events)


def test_times_are_returned_in_utc_so_same_zone_comparisons_are_exact() -> None:
    body = event(";TZID=America/New_York:20251102T013000", ";TZID=America/New_York:20251102T014500")
    # 2 November 2025: 01:00–02:00 happens twice in New York. RFC 5545 §3.3.5: the first occurrence,
    # 01:30 EDT = 05:30 UTC to 01:45 EDT = 05:45 UTC.
    result = parse(body)
    assert spans(result) == [(utc(2025, 11, 2, 5, 30), utc(2025, 11, 2, 5, 45))]
    assert all(item.start.tzinfo == UTC and item.end.tzinfo == UTC for item in result.events)


def test_local_time_skipped_by_dst_uses_the_offset_before_the_gap() -> None:
    body = event(";TZID=America/New_York:20250309T023000", ";TZID=America/New_York:20250309T040000")
    # 9 March 2025 02:30 does not exist in New York. RFC 5545 §3.3.5: read with the offset before the
    # gap (EST, -5) = 07:30 UTC (03:30 EDT); 04:00 EDT = 08:00 UTC.
    assert spans(parse(body)) == [(utc(2025, 3, 9, 7, 30), utc(2025, 3, 9, 8))]


def test_weekly_series_in_berlin_follows_the_october_dst_change() -> None:
    result = read("dst-berlin.ics")
    # 09:00 CEST (+2) = 07:00 UTC on 13 and 20 October; after 26 October 09:00 CET (+1) = 08:00 UTC.
    assert spans(result) == [
        (utc(2025, 10, 13, 7), utc(2025, 10, 13, 8)),
        (utc(2025, 10, 20, 7), utc(2025, 10, 20, 8)),
        (utc(2025, 10, 27, 8), utc(2025, 10, 27, 9)),
    ]


# --- what is busy ----------------------------------------------------------------------------------


def test_transparent_events_are_not_busy() -> None:
    result = read("transparent.ics")
    # Only the opaque 10:00–11:00 UTC call remains.
    assert [item.summary for item in result.events] == ["Bilateral call"]
    assert result.events[0].source == "transparent.ics:12"


def test_cancelled_events_and_cancelled_instances_are_not_busy() -> None:
    result = read("cancelled.ics")
    # Daily brief 2, 3, 4 June 08:00–08:30 UTC, minus the cancelled 3 June instance; the dinner is cancelled.
    assert spans(result) == [(utc(2025, 6, 2, 8), utc(2025, 6, 2, 8, 30)), (utc(2025, 6, 4, 8), utc(2025, 6, 4, 8, 30))]


def test_timed_event_without_end_or_duration_is_skipped_with_a_warning() -> None:
    result = read("no-end.ics")
    # RFC 5545 §3.6.1: a DATE-TIME DTSTART without DTEND/DURATION is an instant. The lunch has
    # DURATION PT1H30M: 10:00–11:30 UTC.
    assert spans(result) == [(utc(2025, 6, 4, 10), utc(2025, 6, 4, 11, 30))]
    assert len(result.warnings) == 1
    assert "no-end.ics" in result.warnings[0]
    assert "1 event(s)" in result.warnings[0]


def test_seconds_are_floored_at_the_start_and_rounded_up_at_the_end() -> None:
    result = read("seconds.ics")
    # 09:00:30–09:59:10 UTC becomes 09:00–10:00: busy time is never shortened.
    assert spans(result) == [(utc(2025, 6, 4, 9), utc(2025, 6, 4, 10))]


def test_vtodo_and_vjournal_are_ignored() -> None:
    body = (
        "BEGIN:VTODO\nUID:t@example.org\nDTSTAMP:20250101T000000Z\nDTSTART:20250604T090000Z\n"
        "DUE:20250604T100000Z\nSUMMARY:Task\nEND:VTODO\n"
        "BEGIN:VJOURNAL\nUID:j@example.org\nDTSTAMP:20250101T000000Z\nDTSTART:20250604T090000Z\n"
        "SUMMARY:Journal\nEND:VJOURNAL\n" + event(":20250605T090000Z", ":20250605T100000Z")
    )
    result = parse(body)
    assert spans(result) == [(utc(2025, 6, 5, 9), utc(2025, 6, 5, 10))]
    assert result.events[0].source == "inline.ics:17"


def test_free_events_that_say_where_are_kept_apart_from_busy_ones() -> None:
    body = "\n".join(
        [
            event(
                ";VALUE=DATE:20250823",
                ";VALUE=DATE:20250825",
                "Trip to Japan",
                "t@x",
                "LOCATION:Tokyo\nTRANSP:TRANSPARENT",
            ),
            event(":20250823T010000Z", ":20250823T020000Z", "Reminder", "r@x", "TRANSP:TRANSPARENT"),
            event(":20250823T030000Z", ":20250823T040000Z", "Dinner", "d@x", "LOCATION:Tokyo\nSTATUS:CANCELLED"),
        ]
    )
    result = parse(body)
    # Only the free trip names a place: it is not busy, but kept in `free`. The free reminder says
    # nothing of where, and a cancelled event says nothing at all.
    assert result.events == []
    (trip,) = result.free
    assert (trip.summary, trip.location, trip.all_day) == ("Trip to Japan", "Tokyo", True)


def test_in_zone_reads_all_day_and_floating_events_where_the_leader_is() -> None:
    body = (
        event(";VALUE=DATE:20250823", ";VALUE=DATE:20250825", uid="a@x")
        + "\n"
        + event(":20250823T100000", ":20250823T120000", uid="f@x")
        + "\n"
        + event(":20250823T100000Z", ":20250823T120000Z", uid="u@x")
    )
    all_day, utc_event, floating = parse(body, zone=NEW_YORK).events  # by start: 04:00, 10:00, 14:00 UTC
    tokyo = ZoneInfo("Asia/Tokyo")
    # 23–24 August as Tokyo days: 22 Aug 15:00 UTC to 24 Aug 15:00 UTC (New York days: 04:00 UTC).
    assert (all_day.start, all_day.end) == (utc(2025, 8, 23, 4), utc(2025, 8, 25, 4))
    assert (all_day.in_zone(tokyo).start, all_day.in_zone(tokyo).end) == (utc(2025, 8, 22, 15), utc(2025, 8, 24, 15))
    # Floating 10:00–12:00: 14:00–16:00 UTC in New York, 01:00–03:00 UTC in Tokyo.
    assert (floating.in_zone(tokyo).start, floating.in_zone(tokyo).end) == (utc(2025, 8, 23, 1), utc(2025, 8, 23, 3))
    assert utc_event.in_zone(tokyo) == utc_event


def test_a_second_event_with_the_same_uid_is_read_with_a_warning() -> None:
    body = "\n".join(
        [
            event(":20250604T090000Z", ":20250604T100000Z", "First", "same@x"),
            event(":20250605T090000Z", ":20250605T100000Z", "Second", "same@x"),
        ]
    )
    result = parse(body)
    # RFC 5545 allows one event per UID (plus RECURRENCE-ID overrides); recurring_ical_events alone
    # would drop the second. Both stay busy, each with its own line (4 and 11), and the user is told.
    assert [(item.summary, item.source, item.uid) for item in result.events] == [
        ("First", "inline.ics:4", "same@x"),
        ("Second", "inline.ics:11", "same@x"),
    ]
    (warning,) = result.warnings
    assert "inline.ics:11" in warning and "same@x" in warning and "line 4" in warning


# --- the bundled example ---------------------------------------------------------------------------


def test_the_bundled_example_calendars_recur_with_exceptions_and_moved_instances() -> None:
    example = Path(__file__).resolve().parents[1] / "calendars" / "korea-us-2025"
    june = (utc(2025, 6, 1), utc(2025, 7, 1))
    lee = read_calendar(example / "lee.ics", SEOUL, *june)
    mondays = [item.start.astimezone(SEOUL) for item in lee.events if "Senior secretaries" in item.summary]
    # Weekly on Mondays at 09:00 KST from 9 June; EXDATE drops 16 June (he leaves for Canada) and a
    # RECURRENCE-ID override moves 23 June to 14:00.
    assert [m.strftime("%d %H:%M") for m in mondays] == ["09 09:00", "23 14:00", "30 09:00"]
    trump = read_calendar(example / "trump.ics", NEW_YORK, *june)
    lunches = [item.start.astimezone(NEW_YORK) for item in trump.events if "lunch" in item.summary]
    # Thursdays 12:30 EDT; EXDATE drops 19 June (Juneteenth), 26 June moves to 13:30.
    assert [m.strftime("%d %H:%M") for m in lunches] == ["05 12:30", "12 12:30", "26 13:30"]
    assert lee.warnings == trump.warnings == []


# --- long calendars: events far from the window are not parsed ------------------------------------


def test_far_away_one_off_events_are_skipped_but_lines_stay_exact() -> None:
    body = "\n".join(
        [
            event(":20190604T090000Z", ":20190604T100000Z", "Long ago", "old@x", "X-BROKEN;=:not parsed"),
            event(":20250604T090000Z", ":20250604T100000Z", "In the window", "now@x"),
            event(":20310604T090000Z", ":20310604T100000Z", "Far ahead", "later@x"),
        ]
    )
    result = parse(body)
    # The 2019 and 2031 events are left out before parsing: the broken line, an error in a 2019 window,
    # is never read. The 2025 event keeps its own line, 12.
    assert [(item.summary, item.source) for item in result.events] == [("In the window", "inline.ics:12")]
    assert result.warnings == []


def test_far_away_events_with_unreadable_dates_are_still_parsed_and_reported() -> None:
    with pytest.raises(InputError) as caught:
        parse(event(":2019-06-04 09:00", ":20190604T100000Z", "Long ago", "old@x"))
    assert caught.value.where is not None and caught.value.where.line == 7


def test_a_series_and_its_moved_instances_are_always_parsed() -> None:
    body = "\n".join(
        [
            event(
                ";TZID=Asia/Seoul:20190603T090000",
                ";TZID=Asia/Seoul:20190603T100000",
                "Weekly",
                "w@x",
                "RRULE:FREQ=WEEKLY;COUNT=400",
            ),
            event(
                ";TZID=Asia/Seoul:20350101T090000",
                ";TZID=Asia/Seoul:20350101T100000",
                "Moved far away",
                "w@x",
                "RECURRENCE-ID;TZID=Asia/Seoul:20250602T090000",
            ),
            event(
                ";TZID=Asia/Seoul:20250609T150000",
                ";TZID=Asia/Seoul:20250609T160000",
                "Moved from far away",
                "w@x",
                "RECURRENCE-ID;TZID=Asia/Seoul:20190610T090000",
            ),
        ]
    )
    result = parse(body, start=utc(2025, 6, 1), end=utc(2025, 6, 15))
    # The series started in 2019: its master is read. Monday 2 June moved out to 2035: gone from the
    # window. 9 June keeps its 09:00 KST instance (00:00 UTC) and gains the instance moved in from
    # 2019 at 15:00 KST (06:00 UTC).
    assert spans(result) == [(utc(2025, 6, 9, 0), utc(2025, 6, 9, 1)), (utc(2025, 6, 9, 6), utc(2025, 6, 9, 7))]


# --- window, order, sources ------------------------------------------------------------------------


def test_only_events_overlapping_the_half_open_window_are_returned() -> None:
    body = "\n".join(
        [
            event(":20250604T080000Z", ":20250604T090000Z", "ends at window start", "a@x"),
            event(":20250604T083000Z", ":20250604T093000Z", "overlaps window start", "b@x"),
            event(":20250604T113000Z", ":20250604T123000Z", "overlaps window end", "c@x"),
            event(":20250604T120000Z", ":20250604T130000Z", "starts at window end", "d@x"),
        ]
    )
    result = parse(body, start=utc(2025, 6, 4, 9), end=utc(2025, 6, 4, 12))
    # Window [09:00, 12:00) UTC: touching at either end is not overlapping; events are not clipped.
    assert [item.summary for item in result.events] == ["overlaps window start", "overlaps window end"]
    assert result.events[0].start == utc(2025, 6, 4, 8, 30)


def test_all_day_and_floating_events_near_the_window_edge_use_the_home_zone() -> None:
    body = (
        event(";VALUE=DATE:20250605", ";VALUE=DATE:20250606", uid="a@x")
        + "\n"
        + event(":20250605T080000", ":20250605T090000", uid="f@x")
    )
    # Window [5 June 00:00 UTC, 5 June 23:00 UTC). In Seoul the all-day 5 June is 4 June 15:00 UTC to
    # 5 June 15:00 UTC; floating 08:00 KST is 4 June 23:00 UTC, ending 5 June 00:00 UTC: touching, out.
    result = parse(body, start=utc(2025, 6, 5, 0), end=utc(2025, 6, 5, 23))
    assert spans(result) == [(utc(2025, 6, 4, 15), utc(2025, 6, 5, 15))]
    assert result.warnings == []  # the floating event lies outside the window


def test_events_are_sorted_by_start_end_and_summary() -> None:
    body = "\n".join(
        [
            event(":20250604T100000Z", ":20250604T110000Z", "later", "a@x"),
            event(":20250604T090000Z", ":20250604T110000Z", "long", "b@x"),
            event(":20250604T090000Z", ":20250604T100000Z", "short b", "c@x"),
            event(":20250604T090000Z", ":20250604T100000Z", "short a", "d@x"),
        ]
    )
    assert [item.summary for item in parse(body).events] == ["short a", "short b", "long", "later"]


def test_crlf_and_lf_files_read_alike() -> None:
    data = (DATA / "recurrence-id-override.ics").read_bytes()
    assert b"\r\n" not in data
    crlf = data.replace(b"\n", b"\r\n")
    assert parse_calendar(crlf, "recurrence-id-override.ics", SEOUL, YEAR_START, YEAR_END) == read(
        "recurrence-id-override.ics"
    )


def test_folded_lines_are_read_and_counted_from_their_first_line() -> None:
    body = event(":20250604T090000Z", ":20250604T100000Z", "A very long summary that an exporter\n  folded")
    result = parse(body)
    assert result.events[0].summary == "A very long summary that an exporter folded"
    assert result.events[0].source == "inline.ics:4"


def test_source_is_the_path_as_given_without_a_label(tmp_path: Path) -> None:
    path = tmp_path / "lee.ics"
    path.write_bytes((DATA / "utc.ics").read_bytes())
    result = read_calendar(path, SEOUL, YEAR_START, YEAR_END)
    assert result.events[0].source == f"{path}:4"


def test_several_calendars_in_one_file_are_all_read() -> None:
    one = (DATA / "utc.ics").read_text()
    two = (DATA / "seconds.ics").read_text()
    result = parse_calendar((one + two).encode(), "both.ics", SEOUL, YEAR_START, YEAR_END)
    # The call at 09:00 UTC (line 4 of the second calendar, after 13 lines = 17), then the press
    # conference at 12:00 UTC (line 4).
    assert [item.source for item in result.events] == ["both.ics:17", "both.ics:4"]


def test_broken_geo_is_ignored_with_a_warning() -> None:
    result = parse(event(":20250604T090000Z", ":20250604T100000Z", extra="GEO:somewhere"))
    assert result.events[0].geo is None
    assert any("inline.ics:10" in warning and "GEO" in warning for warning in result.warnings)


def test_a_naive_window_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_calendar(b"BEGIN:VCALENDAR\nEND:VCALENDAR\n", "x.ics", SEOUL, datetime(2025, 1, 1), YEAR_END)


# --- broken files ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "where", "words"),
    [
        ("truncated.ics", "truncated.ics:14", "truncated"),  # the last line; BEGIN:VEVENT of line 11 never ends
        ("garbage.ics", "garbage.ics:1", "not an iCalendar file"),
        ("unknown-tzid.ics", "unknown-tzid.ics:7", "Mars/Olympus_Mons"),
        ("end-before-start.ics", "end-before-start.ics:8", "before it starts"),
    ],
)
def test_broken_fixture_is_an_input_error_naming_file_and_line(name: str, where: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read(name)
    assert where in str(caught.value)
    assert words in str(caught.value)
    assert caught.value.hint  # says what to do next


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found") as caught:
        read_calendar(tmp_path / "nobody.ics", SEOUL, YEAR_START, YEAR_END, label="nobody.ics")
    assert str(caught.value).startswith("nobody.ics: ")


def test_a_folder_is_not_a_calendar(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder"):
        read_calendar(tmp_path, SEOUL, YEAR_START, YEAR_END)


def test_non_utf8_file_names_the_line_of_the_bad_byte() -> None:
    data = (DATA / "utc.ics").read_bytes().replace(b"Press conference", b"Pr\xe8s conference")
    with pytest.raises(InputError, match="UTF-8") as caught:
        parse_calendar(data, "latin1.ics", SEOUL, YEAR_START, YEAR_END)
    assert "latin1.ics:9" in str(caught.value)  # the SUMMARY line


def test_utf8_byte_order_mark_is_accepted() -> None:
    data = b"\xef\xbb\xbf" + (DATA / "utc.ics").read_bytes()
    assert parse_calendar(data, "utc.ics", SEOUL, YEAR_START, YEAR_END) == read("utc.ics")


@pytest.mark.parametrize("data", [b"", b"  \n\n"])
def test_empty_file_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match="empty") as caught:
        parse_calendar(data, "empty.ics", SEOUL, YEAR_START, YEAR_END)
    assert "empty.ics" in str(caught.value)


def test_malformed_line_is_reported_at_its_line() -> None:
    error = input_error(event(":20250604T090000Z", ":20250604T100000Z") + "\nthis line is no property")
    assert "inline.ics:11" in str(error)
    assert "malformed" in str(error)


def test_broken_line_inside_an_event_is_reported_at_its_line() -> None:
    error = input_error(event(":20250604T090000Z", ":20250604T100000Z", extra="no colon here"))
    assert "inline.ics:10" in str(error)


def test_broken_dtstart_value_is_reported_at_its_line() -> None:
    error = input_error(event(":2025-06-04 09:00", ":20250604T100000Z"))
    assert "inline.ics:7" in str(error)
    assert "DTSTART" in str(error)


def test_end_closing_the_wrong_component_names_both_lines() -> None:
    error = input_error(event(":20250604T090000Z", ":20250604T100000Z").replace("END:VEVENT", "END:VTODO"))
    assert "inline.ics:10" in str(error)
    assert "BEGIN:VEVENT of line 4" in str(error)


def test_text_after_the_calendar_is_reported() -> None:
    data = (DATA / "utc.ics").read_bytes() + b"X-TRAILING:junk\n"
    with pytest.raises(InputError, match="outside") as caught:
        parse_calendar(data, "utc.ics", SEOUL, YEAR_START, YEAR_END)
    assert "utc.ics:14" in str(caught.value)


def test_unknown_x_wr_timezone_is_reported() -> None:
    body = "X-WR-TIMEZONE:Atlantis/Capital\n" + event(":20250604T090000Z", ":20250604T100000Z")
    error = input_error(body)
    assert "inline.ics:4" in str(error)
    assert "Atlantis/Capital" in str(error)


def test_tzid_naming_a_region_is_reported() -> None:
    error = input_error(event(";TZID=Europe/:20250604T090000", ";TZID=Europe/:20250604T100000"))
    assert "inline.ics:7" in str(error)


def test_dtstart_date_with_dtend_date_time_is_reported() -> None:
    error = input_error(event(";VALUE=DATE:20250604", ":20250604T100000Z"))
    assert "inline.ics:8" in str(error)
    assert "date" in str(error)


def test_negative_duration_is_reported() -> None:
    body = event(":20250604T090000Z", "", extra="DURATION:-PT1H")
    error = input_error(body)
    assert "inline.ics:9" in str(error)
    assert "DURATION" in str(error)


def test_event_without_dtstart_is_reported() -> None:
    error = input_error(event("", ":20250604T100000Z"))
    assert "inline.ics:4" in str(error)
    assert "DTSTART" in str(error)


def test_duplicate_dtstart_is_reported() -> None:
    error = input_error(event(":20250604T090000Z", ":20250604T100000Z", extra="DTSTART:20250604T080000Z"))
    assert "inline.ics:7" in str(error)
    assert "more than one DTSTART" in str(error)


def test_rrule_without_freq_is_reported() -> None:
    error = input_error(event(":20250604T090000Z", ":20250604T100000Z", extra="RRULE:COUNT=3"))
    assert "inline.ics:10" in str(error)
    assert "FREQ" in str(error)


def test_end_before_start_of_a_cancelled_event_is_ignored() -> None:
    # Not busy, so not read: an error there would block the user for nothing.
    body = event(":20250604T100000Z", ":20250604T090000Z", extra="STATUS:CANCELLED")
    assert parse(body).events == []


def test_every_truncation_of_every_fixture_reads_or_fails_cleanly() -> None:
    # "Never a traceback": cut each file after every line; each cut must read or raise InputError.
    for path in sorted(DATA.glob("*.ics")):
        lines = path.read_bytes().splitlines(keepends=True)
        for cut in range(len(lines) + 1):
            try:
                result = parse_calendar(b"".join(lines[:cut]), path.name, SEOUL, YEAR_START, YEAR_END)
            except InputError as error:
                assert path.name in str(error)
            else:
                assert all(item.start < item.end for item in result.events)


# --- an independent parser agrees ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "dst-new-york.ics",
        "dst-berlin.ics",
        "weekly-rrule-exdate.ics",
        "recurrence-id-override.ics",
        "custom-vtimezone.ics",
        "utc.ics",
    ],
)
def test_the_ical_package_sees_the_same_instants(name: str) -> None:
    calendar_stream = pytest.importorskip("ical.calendar_stream")
    calendar = calendar_stream.IcsCalendarStream.calendar_from_ics((DATA / name).read_text())
    timeline = calendar.timeline_tz(ZoneInfo("UTC"))
    theirs = [(item.start_datetime, item.end_datetime) for item in timeline.overlapping(YEAR_START, YEAR_END)]
    assert spans(read(name)) == theirs
