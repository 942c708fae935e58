"""A heavy calendar workload for the benchmark: two leaders with five years of busy calendars.

Each leader's .ics holds daily (every day, or Monday to Friday) and weekly recurring series over
2023–2027 (with EXDATEs and moved instances) and 2,000 one-off events (some all-day, some free, some
in another zone, some located in the home city) plus a free trip to Tokyo every quarter, generated
with a fixed seed through `icalendar`. The scenario asks for a meeting within a 365-day horizon.
Run as a script to write the workspace:

    python tests/bench/heavy_calendars.py FOLDER
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

SEED = 20250606
FIRST_DAY = date(2023, 1, 1)
LAST_DAY = date(2027, 12, 31)
ONE_OFFS = 2000

SCENARIO = """\
version: 1
title: Benchmark — five years of calendars, one-year horizon
as_of: 2025-01-06T09:00
timezone: Asia/Seoul
places:
  seoul: {name: Seoul, timezone: Asia/Seoul, coordinates: [37.5665, 126.9780]}
  washington: {name: "Washington, D.C.", timezone: America/New_York, coordinates: [38.8977, -77.0365]}
  tokyo: {name: Tokyo, timezone: Asia/Tokyo, coordinates: [35.6762, 139.6503]}
  honolulu: {name: Honolulu, timezone: Pacific/Honolulu, coordinates: [21.3069, -157.8583]}
leaders:
  lee:
    name: Leader of Korea
    home: seoul
    holidays: {country: KR, stay_home: true}
    hours: "07:00-22:00"
    calendars: [lee.ics]
  trump:
    name: Leader of the United States
    home: washington
    holidays: {country: US}
    calendars: [trump.ics]
venues:
  tokyo-summit: {name: Summit in Tokyo, place: tokyo, hours: "09:00-18:00", weekdays: [mon, tue, wed, thu, fri]}
  honolulu: {name: Meeting in Honolulu, place: honolulu, notice: 30d, hours: "08:00-17:00"}
  white-house: {name: White House, place: washington, host: trump, notice: 21d, hours: "09:00-17:00",
                weekdays: [mon, tue, wed, thu, fri], closed_on_holidays: US}
meetings:
  summit:
    title: Summit
    participants: [lee, trump]
    duration: 2h
    align: 30m
    not_before: 2025-01-06
    deadline: 2026-01-06
"""


def _series(
    zone: ZoneInfo, uid: str, summary: str, first: date, start: time, minutes: int, rule: dict, rng: random.Random
) -> list[icalendar.Event]:
    """A series over the five years, with some instances excluded and a few moved."""
    begin = datetime.combine(first, start, tzinfo=zone)
    master = icalendar.Event()
    master.add("uid", uid)
    master.add("dtstamp", datetime(2023, 1, 1, tzinfo=UTC))
    master.add("summary", summary)
    master.add("dtstart", begin)
    master.add("dtend", begin + timedelta(minutes=minutes))
    master.add("rrule", {**rule, "until": datetime.combine(LAST_DAY, time(23, 59), tzinfo=UTC)})
    step = 1 if rule["freq"] == "daily" else 7
    days = (LAST_DAY - first).days // step
    picked = sorted(rng.sample(range(1, days), 60))
    for n in picked[:40]:
        master.add("exdate", begin + timedelta(days=n * step))
    events = [master]
    for n in picked[40:]:
        moved = icalendar.Event()
        moved.add("uid", uid)
        moved.add("dtstamp", datetime(2023, 1, 1, tzinfo=UTC))
        moved.add("summary", f"{summary} (moved)")
        moved.add("recurrence-id", begin + timedelta(days=n * step))
        new_start = begin + timedelta(days=n * step, hours=rng.choice([-2, 2, 3]))
        moved.add("dtstart", new_start)
        moved.add("dtend", new_start + timedelta(minutes=minutes))
        events.append(moved)
    return events


def calendar(leader: str, zone_name: str, city: str, rng: random.Random) -> bytes:
    zone = ZoneInfo(zone_name)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//summit-scheduler//benchmark//EN")
    cal.add("version", "2.0")
    weekdays = ["MO", "TU", "WE", "TH", "FR"]
    daily = [
        ("Morning intelligence briefing", time(7, 30), 30, {}),
        ("Policy lunch", time(12, 30), 60, {"byday": weekdays}),
        ("Evening review", time(19, 0), 60, {"byday": weekdays}),
    ]
    weekly = [
        ("Cabinet meeting", time(10, 0), 120, "TU"),
        ("Senior staff", time(9, 0), 60, "MO"),
        ("Security council", time(15, 0), 90, "WE"),
        ("Economic briefing", time(16, 0), 60, "TH"),
        ("Press availability", time(11, 0), 45, "FR"),
        ("Weekly address", time(10, 0), 60, "SA"),
    ]
    events: list[icalendar.Event] = []
    for n, (summary, start, minutes, days) in enumerate(daily):
        events += _series(
            zone, f"{leader}-daily-{n}@bench", summary, FIRST_DAY, start, minutes, {"freq": "daily", **days}, rng
        )
    for n, (summary, start, minutes, day) in enumerate(weekly):
        first = FIRST_DAY + timedelta(days=n)
        events += _series(
            zone, f"{leader}-weekly-{n}@bench", summary, first, start, minutes, {"freq": "weekly", "byday": day}, rng
        )
    total_days = (LAST_DAY - FIRST_DAY).days
    trips = {FIRST_DAY + timedelta(days=d) for d in range(45, total_days, 90)}
    for trip in sorted(trips):  # a free all-day trip to Tokyo every quarter: a stop there, not busy
        event = icalendar.Event()
        event.add("uid", f"{leader}-trip-{trip}@bench")
        event.add("dtstamp", datetime(2023, 1, 1, tzinfo=UTC))
        event.add("summary", "Visit to Japan")
        event.add("location", "Tokyo")
        event.add("transp", "TRANSPARENT")
        event.add("dtstart", trip)
        event.add("dtend", trip + timedelta(days=2))
        events.append(event)
    near_trip = {trip + timedelta(days=d) for trip in trips for d in range(-2, 4)}
    for n in range(ONE_OFFS):
        day = FIRST_DAY + timedelta(days=rng.randrange(total_days))
        event = icalendar.Event()
        event.add("uid", f"{leader}-one-off-{n}@bench")
        event.add("dtstamp", datetime(2023, 1, 1, tzinfo=UTC))
        event.add("summary", f"Engagement {n}")
        kind = rng.random()
        if kind < 0.05:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        else:
            where = ZoneInfo("UTC") if kind < 0.15 else zone
            start = datetime.combine(day, time(rng.randrange(6, 21), rng.choice([0, 15, 30, 45])), tzinfo=where)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=rng.choice([30, 45, 60, 90, 120, 180])))
        if rng.random() < 0.05:
            event.add("transp", "TRANSPARENT")
        if rng.random() < 0.2 and day not in near_trip:
            event.add("location", f"Office of the leader, {city}")
        events.append(event)
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def write_workspace(folder: Path) -> Path:
    """Write the scenario and both calendars into `folder`; return the scenario's path."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    (folder / "lee.ics").write_bytes(calendar("lee", "Asia/Seoul", "Seoul", rng))
    (folder / "trump.ics").write_bytes(calendar("trump", "America/New_York", "Washington, D.C.", rng))
    scenario = folder / "scenario.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    return scenario


if __name__ == "__main__":
    print(write_workspace(Path(sys.argv[1])))
