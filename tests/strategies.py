"""Random small scenarios for property tests: hypothesis strategies (and a seeded plain-random twin).

A scenario is generated as plain Python data — every time an integer minute since the epoch (UTC),
rendered into the YAML as a naive local time, an explicit offset, `Z` or a bare date — and dumped
to YAML text. Windows are 2–6 days around dates where something happens: a DST transition
(spring gaps and autumn folds, including Lord Howe's 30-minute shift and Santiago's change at
midnight), a public holiday, the date line or a year boundary. Instants are drawn uniformly, at
telling local clock times (around midnight and noon, inside gaps and folds) or right next to a
DST transition (`Moments`), so that rules meet at their edges often. Alongside the YAML,
`expected` records the instants each time was meant to resolve to, so tests can check that too.

The generator draws through a tiny `Pick` interface so the same code runs under hypothesis
(shrinkable) and under `random.Random(seed)` (for fixed-seed sweeps).
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import yaml
from hypothesis import strategies as st

T = TypeVar("T")
DAY = 1440
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# id: (name, zone, (lat, lon), holiday country)
POOL: dict[str, tuple[str, str, tuple[float, float], str]] = {
    "new-york": ("New York", "America/New_York", (40.7128, -74.0060), "US"),
    "washington": ("Washington, D.C.", "America/New_York", (38.8977, -77.0365), "US"),
    "los-angeles": ("Los Angeles", "America/Los_Angeles", (34.0522, -118.2437), "US"),
    "honolulu": ("Honolulu", "Pacific/Honolulu", (21.3069, -157.8583), "US"),
    "berlin": ("Berlin", "Europe/Berlin", (52.5200, 13.4050), "DE"),
    "bonn": ("Bonn", "Europe/Berlin", (50.7374, 7.0982), "DE"),
    "london": ("London", "Europe/London", (51.5074, -0.1278), "GB"),
    "seoul": ("Seoul", "Asia/Seoul", (37.5665, 126.9780), "KR"),
    "busan": ("Busan", "Asia/Seoul", (35.1796, 129.0756), "KR"),
    "delhi": ("New Delhi", "Asia/Kolkata", (28.6139, 77.2090), "IN"),
    "kathmandu": ("Kathmandu", "Asia/Kathmandu", (27.7172, 85.3240), "NP"),
    "sydney": ("Sydney", "Australia/Sydney", (-33.8688, 151.2093), "AU"),
    "lord-howe": ("Lord Howe Island", "Australia/Lord_Howe", (-31.5553, 159.0821), "AU"),
    "auckland": ("Auckland", "Pacific/Auckland", (-36.8485, 174.7633), "NZ"),
    "chatham": ("Chatham Islands", "Pacific/Chatham", (-43.9500, -176.5500), "NZ"),
    "santiago": ("Santiago", "America/Santiago", (-33.4489, -70.6693), "CL"),
    "kiritimati": ("Kiritimati", "Pacific/Kiritimati", (1.8700, -157.4300), "KI"),
    "pago-pago": ("Pago Pago", "Pacific/Pago_Pago", (-14.2756, -170.7020), "AS"),
}

# Dates where something happens, with the places that make it interesting.
ANCHORS: list[tuple[date, tuple[str, ...]]] = [
    (date(2025, 3, 1), ("seoul", "busan")),  # KR Independence Movement Day (Sat), 3 Mar substitute
    (date(2025, 3, 9), ("new-york", "washington", "los-angeles")),  # US spring forward
    (date(2025, 3, 30), ("berlin", "bonn", "london")),  # EU spring forward
    (date(2025, 4, 6), ("sydney", "lord-howe", "auckland", "chatham", "santiago")),  # southern fall back
    (date(2025, 4, 18), ("berlin", "london", "auckland", "sydney", "santiago")),  # Good Friday … Easter Monday
    (date(2025, 4, 25), ("auckland", "sydney")),  # Anzac Day
    (date(2025, 6, 15), ("seoul", "washington", "berlin")),  # the seed story's season
    (date(2025, 9, 7), ("santiago",)),  # Chile springs forward at midnight
    (date(2025, 9, 28), ("auckland", "chatham")),  # NZ spring forward
    (date(2025, 10, 5), ("sydney", "lord-howe", "seoul", "busan")),  # AU spring forward, Chuseok
    (date(2025, 10, 26), ("berlin", "bonn", "london", "auckland")),  # EU fall back, NZ Labour Day (27th)
    (date(2025, 11, 2), ("new-york", "washington", "los-angeles")),  # US fall back
    (date(2025, 11, 27), ("new-york", "washington", "pago-pago")),  # Thanksgiving
    (date(2025, 12, 31), ("kiritimati", "pago-pago", "auckland", "honolulu")),  # date line, New Year
]

HOURS = [
    "09:00-17:00",
    "08:00-20:00",
    "07:00-22:00",
    "10:00-16:00",
    "06:15-23:45",
    "08:00-12:00, 14:00-18:00",
    "22:00-06:00",
    "18:00-02:00",
    "01:00-04:00",
    "02:30-23:00",
    "00:30-03:30",
    "00:00-24:00",
    "00:00-12:00, 12:00-24:00",
    "20:00-08:00, 08:00-20:00",
    "00:00-01:30, 02:00-24:00",
]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
NOTICES = {"90m": 90, "6h": 360, "1d": DAY, "36h": 2160, "2d": 2 * DAY, "3d": 3 * DAY, "PT47H": 47 * 60}


# --- drawing -------------------------------------------------------------------------------------


class Pick(ABC):
    """The few kinds of choice the generator makes; hypothesis and a seeded random each supply `int`."""

    @abstractmethod
    def int(self, lo: int, hi: int) -> int:
        """A whole number in [lo, hi]."""

    def choice(self, items: Sequence[T]) -> T:
        return items[self.int(0, len(items) - 1)]

    def chance(self, percent: int) -> bool:
        """True with this probability; shrinks towards False."""
        return self.int(0, 99) >= 100 - percent

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        pool, out = list(items), []
        for _ in range(min(k, len(pool))):
            out.append(pool.pop(self.int(0, len(pool) - 1)))
        return out


class DrawPick(Pick):
    def __init__(self, draw: Any):
        self.draw = draw

    def int(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))


class RandomPick(Pick):
    def __init__(self, rng: random.Random):
        self.rng = rng

    def int(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)


# --- time rendering ------------------------------------------------------------------------------


def minute_of(value: datetime) -> int:
    return int((value.astimezone(UTC) - EPOCH).total_seconds() // 60)


def instant(minute: int) -> datetime:
    return EPOCH + timedelta(minutes=minute)


def resolve_wall(wall: datetime, zone: ZoneInfo) -> int:
    """A naive wall time in `zone`, read as the project does (fold=0: first occurrence / offset before a gap)."""
    return minute_of(wall.replace(tzinfo=zone, fold=0))


def midnight(day: date, zone: ZoneInfo) -> int:
    return resolve_wall(datetime.combine(day, time(0)), zone)


def render(pick: Pick, minute: int, zone: str, *, end: bool = False, dates: int = 0) -> tuple[str, int]:
    """Write an instant for a YAML field whose naive times are local to `zone`: (text, the instant it means).

    Mostly a naive local time (sometimes a nonexistent wall time that resolves to the same instant),
    else an explicit offset or Z; with `dates` percent chance a bare date, which moves the instant to
    the start of that local day (or, for an `end`, the end of the day holding the last minute).
    """
    z = ZoneInfo(zone)
    if dates and pick.chance(dates):
        if end:
            day = instant(minute - 1).astimezone(z).date()
            return day.isoformat(), midnight(day + timedelta(days=1), z)
        day = instant(minute).astimezone(z).date()
        return day.isoformat(), midnight(day, z)
    style = pick.choice(["naive", "naive", "naive", "naive", "offset", "Z"])
    if style == "naive":
        walls = []
        for probe in (minute, minute - 180, minute + 180):
            offset = instant(probe).astimezone(z).utcoffset()
            assert offset is not None
            wall = (instant(minute) + offset).replace(tzinfo=None)
            if resolve_wall(wall, z) == minute and wall not in walls:
                walls.append(wall)
        if walls:  # an instant in the second pass of a fold has no naive spelling
            return pick.choice(walls).isoformat(timespec="minutes"), minute
        style = "offset"
    if style == "offset":
        shown = pick.choice([zone, "UTC", "Asia/Kathmandu", "America/St_Johns"])
        return instant(minute).astimezone(ZoneInfo(shown)).isoformat(timespec="minutes"), minute
    return instant(minute).strftime("%Y-%m-%dT%H:%MZ"), minute


def duration_text(pick: Pick, minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    compact = (f"{hours}h" if hours else "") + (f"{mins}m" if mins or not hours else "")
    iso = "PT" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins or not hours else "")
    return pick.choice([compact, compact, f"{minutes}m", iso])


# --- the scenario --------------------------------------------------------------------------------


@dataclass
class Generated:
    """One random scenario: the YAML data and the instants its times were meant to be."""

    data: dict[str, Any]
    expected: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # hypothesis prints this for a failing example; the test notes the YAML
        return f"Generated({self.data.get('title')!r}, YAML in the notes below)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def text(self) -> str:
        return yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True, width=200)

    def write(self, folder: Path, name: str = "scenario.yaml") -> Path:
        path = folder / name
        path.write_text(self.text(), encoding="utf-8")
        return path


def _step(pick: Pick, lo: int, hi: int) -> int:
    """A span of minutes in [lo, hi], mostly on a 15-minute step, sometimes odd."""
    value = lo + pick.int(0, max(0, (hi - lo) // 15)) * 15
    if pick.chance(15):
        value += pick.int(1, 14)
    return min(value, hi)


# Clock times where rules meet: around midnight and noon (where touching windows meet), inside DST gaps
# and folds, and at the edges of common hours.
CLOCKS = [
    time(0, 0),
    time(23, 30),
    time(23, 45),
    time(11, 30),
    time(11, 45),
    time(12, 0),
    time(1, 30),
    time(2, 30),
    time(3, 0),
    time(2, 0),
    time(8, 0),
    time(7, 45),
    time(17, 30),
    time(19, 45),
]


def transitions(zone: str, lo: int, hi: int) -> list[int]:
    """The minutes in [lo, hi] at which the zone's UTC offset changes."""
    z = ZoneInfo(zone)
    found, probe = [], lo - lo % 60
    offset = instant(probe).astimezone(z).utcoffset()
    while probe < hi:
        after = instant(probe + 60).astimezone(z).utcoffset()
        if after != offset:
            found += [m for m in range(probe + 1, probe + 61) if instant(m).astimezone(z).utcoffset() == after][:1]
            offset = after
        probe += 60
    return [m for m in found if lo <= m <= hi]


@dataclass
class Moments:
    """Chooses instants: uniformly, at telling local clock times, or next to a DST transition (or to where two
    stops of one stay meet: `changes`)."""

    zones: list[str]
    lo: int
    hi: int
    changes: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        lo, hi = self.lo - 3 * DAY, self.hi + 3 * DAY
        self.changes = sorted({m for zone in self.zones for m in transitions(zone, lo, hi)})

    def at(self, pick: Pick, lo: int, hi: int, zone: str | None = None) -> int:
        """An instant in [lo, hi]."""
        kind = pick.int(0, 9)
        if kind >= 7 and hi > lo:
            z = ZoneInfo(zone or pick.choice(self.zones))
            first, last = instant(lo).astimezone(z).date(), instant(hi).astimezone(z).date()
            day = first + timedelta(days=pick.int(0, (last - first).days))
            wall = datetime.combine(day, pick.choice(CLOCKS), tzinfo=z).replace(fold=pick.int(0, 1))
            minute = minute_of(wall)
            if lo <= minute <= hi:
                return minute
        if kind >= 5 and hi > lo:
            near = [m for m in self.changes if lo - 60 <= m <= hi + 60]
            if near:
                minute = pick.choice(near) + pick.int(-4, 4) * 15
                if lo <= minute <= hi:
                    return minute
        return lo + _step(pick, 0, hi - lo)


def _same_place(pick: Pick, moments: Moments, floor: int, start: int, end: int, zone: str) -> tuple[int, int]:
    """Another stop at the place of the stop [start, end) that joins it into one stay (DESIGN.md "Settled
    readings"): nested inside it (a lunch inside the talks), touching its end (talks, then lunch) or its
    start (not before `floor`, where the previous stop ends), or overlapping its end."""
    kind = pick.choice(["nested", "after", "before", "overlap"])
    if kind == "nested" and end - start > 30:
        first = moments.at(pick, start, end - 15, zone)
        return first, moments.at(pick, first + 15, end, zone)
    if kind == "before" and start - 15 >= floor:
        return moments.at(pick, max(floor, start - DAY), start - 15, zone), start
    first = end if kind == "after" else moments.at(pick, max(start, end - 6 * 60), end, zone)
    return first, moments.at(pick, max(first, end) + 15, max(first, end) + DAY, zone)


TOUCHING_HOURS = {"00:00-24:00", "00:00-12:00, 12:00-24:00", "20:00-08:00, 08:00-20:00", "00:00-01:30, 02:00-24:00"}
COUNTRIES = ["US", "KR", "DE", "NZ"]


def generate(pick: Pick, avoid: frozenset[str] = frozenset()) -> Generated:
    """One scenario. `avoid` switches features off (to hunt for one bug while another is still open):
    "touching-hours" (hours windows that touch, also across midnight), "touching-open" (open windows
    that touch or overlap), "naive-as-of" (as_of as a local time, so that notice can cross DST),
    "stays" (a second stop at a stop's place, nested in it, touching or overlapping it).
    """
    hours_pool = [h for h in HOURS if not ("touching-hours" in avoid and h in TOUCHING_HOURS)]
    anchor, favourites = pick.choice(ANCHORS)
    place_ids = pick.sample(favourites, pick.int(1, min(3, len(favourites))))
    for pid in pick.sample(list(POOL), pick.int(1, 3)):
        if pid not in place_ids:
            place_ids.append(pid)
    zone_of = {pid: POOL[pid][1] for pid in place_ids}
    zones = sorted(set(zone_of.values()))
    scenario_zone = pick.choice([*[POOL[f][1] for f in favourites], *zones, "UTC", "Asia/Seoul"])

    w0 = minute_of(datetime.combine(anchor, time(0), tzinfo=UTC)) + _step(pick, -3 * DAY, DAY)
    w1 = w0 + pick.int(2, 6) * DAY
    moments = Moments(sorted({*zones, scenario_zone}), w0, w1)
    expected: dict[str, Any] = {"stops": {}, "busy": {}, "open": {}, "not_before": {}, "deadline": {}}

    data: dict[str, Any] = {"version": 1, "title": f"Random scenario around {anchor}"}
    as_of = moments.at(pick, w0 - 3 * DAY, w0)
    data["as_of"], expected["as_of"] = render(pick, as_of, scenario_zone)
    if "naive-as-of" in avoid:
        data["as_of"] = instant(as_of).strftime("%Y-%m-%dT%H:%MZ")
    data["timezone"] = scenario_zone
    data["places"] = {
        pid: {"name": POOL[pid][0], "timezone": POOL[pid][1], "coordinates": list(POOL[pid][2])} for pid in place_ids
    }

    travel: dict[str, Any] = {}
    if pick.chance(20):
        travel["speed"] = pick.choice(["900 km/h", "500 mph", "300 km/h"])
    if pick.chance(40):
        travel["buffer"] = pick.choice(["0m", "30m", "1h", "90m", "2h"])
    flights, pairs = [], set()
    for _ in range(pick.int(0, 4) if len(place_ids) > 1 else 0):
        a, b = pick.sample(place_ids, 2)
        if (a, b) in pairs or (b, a) in pairs:
            continue
        pairs.add((a, b))
        flight: dict[str, Any] = {"from": a, "to": b, "duration": duration_text(pick, _step(pick, 0, 16 * 60))}
        if pick.chance(40):
            flight["buffer"] = pick.choice(["0m", "15m", "45m", "1h"])
        if pick.chance(20):
            flight["one_way"] = True
        flights.append(flight)
    if flights:
        travel["flights"] = flights
    if travel:
        data["travel"] = travel

    leader_ids = ["lee", "trump", "merz"][: pick.int(2, 3)]
    leaders: dict[str, Any] = {}
    stop_places: list[str] = []
    for lid in leader_ids:
        home = pick.choice(place_ids)
        leader: dict[str, Any] = {"name": lid.title(), "home": home}
        if pick.chance(40):
            leader["holidays"] = {"country": POOL[home][3] if pick.chance(80) else pick.choice(COUNTRIES)}
            if pick.chance(50):
                leader["holidays"]["stay_home"] = True
        if pick.chance(30):
            leader["hours"] = pick.choice(hours_pool)
        stops, spans = [], []
        cursor = w0 - _step(pick, 0, 2 * DAY)
        for _ in range(pick.int(0, 3)):
            place = pick.choice(place_ids)
            zone = zone_of[place]
            start = cursor if pick.chance(20) else moments.at(pick, cursor + 15, cursor + 36 * 60, zone)
            end = moments.at(pick, start + 120, start + 3 * DAY, zone)
            start_text, start_at = render(pick, start, zone, dates=10)
            if spans and start_at < cursor:  # a bare date moved it back onto the previous stop
                start_text, start_at = render(pick, start, zone)
            end_text, end_at = render(pick, end, zone, end=True, dates=10)
            stops.append({"place": place, "start": start_text, "end": end_text})
            spans.append((place, start_at, end_at))
            stop_places.append(place)
            floor, cursor = cursor, end_at
            if "stays" not in avoid and pick.chance(30):  # a second stop at the place: one stay with the first
                extra = _same_place(pick, moments, floor, start_at, end_at, zone)
                extra_start, extra_start_at = render(pick, extra[0], zone)
                extra_end, extra_end_at = render(pick, extra[1], zone, end=True)
                row = {"place": place, "start": extra_start, "end": extra_end, "what": "same place"}
                stops.insert(pick.int(0, len(stops)), row)  # in any order in the YAML
                spans.append((place, extra_start_at, extra_end_at))
                cursor = max(cursor, extra_end_at)
                # Where the two stops meet is where a meeting spanning them is decided: draw instants there.
                moments.changes = sorted({*moments.changes, start_at, end_at, extra_start_at, extra_end_at})
        if stops:
            leader["itinerary"] = stops
        blocks, busy = [], []
        for _ in range(pick.int(0, 4)):
            zone = POOL[home][1]
            block: dict[str, Any] = {}
            if pick.chance(30):
                zone = block["timezone"] = pick.choice(sorted({*zones, "UTC", "Asia/Kathmandu"}))
            start = moments.at(pick, w0 - DAY, w1 + DAY, zone)
            end = moments.at(pick, start + 15, start + 10 * 60, zone)
            start_text, start_at = render(pick, start, zone, dates=8)
            end_text, end_at = render(pick, end, zone, end=True, dates=8)
            blocks.append({"start": start_text, "end": end_text, **block})
            busy.append((start_at, end_at))
        if blocks:
            leader["busy"] = blocks
        leaders[lid] = leader
        expected["stops"][lid] = spans
        expected["busy"][lid] = busy
    data["leaders"] = leaders

    venues: dict[str, Any] = {}
    for index in range(pick.int(1, 4)):
        vid = f"v{index + 1}"
        place = pick.choice(stop_places) if stop_places and pick.chance(60) else pick.choice(place_ids)
        zone = zone_of[place]
        venue: dict[str, Any] = {"name": f"Venue {index + 1} in {POOL[place][0]}", "place": place}
        if pick.chance(50):
            windows, spans = [], []
            start = moments.at(pick, w0 - DAY // 2, w1 - DAY // 2, zone)
            for _ in range(pick.int(1, 2)):
                end = moments.at(pick, start + 6 * 60, start + 3 * DAY, zone)
                start_text, start_at = render(pick, start, zone, dates=10)
                end_text, end_at = render(pick, end, zone, end=True, dates=10)
                windows.append({"start": start_text, "end": end_text})
                spans.append((start_at, end_at))
                kind = pick.int(5 if "touching-open" in avoid else 0, 9)
                if kind < 3:  # the next window touches this one
                    start = end_at
                elif kind < 5:  # or overlaps it
                    start = end_at - _step(pick, 15, 6 * 60)
                else:
                    start = end_at + _step(pick, 15, DAY)
            venue["open"] = windows
            expected["open"][vid] = spans
        if pick.chance(30):
            venue["weekdays"] = [d for d in WEEKDAYS if not pick.chance(30)]
        if pick.chance(40):
            venue["hours"] = pick.choice(hours_pool)
        if pick.chance(35):
            venue["notice"] = pick.choice(sorted(NOTICES))
        if pick.chance(30):
            venue["closed_on_holidays"] = POOL[place][3] if pick.chance(80) else pick.choice(COUNTRIES)
        if pick.chance(20):
            venue["host"] = pick.choice(leader_ids)
        venues[vid] = venue
    data["venues"] = venues

    meetings: dict[str, Any] = {}
    for index in range(pick.int(1, 3)):
        mid = f"m{index + 1}"
        meeting: dict[str, Any] = {
            "title": f"Meeting {index + 1}",
            "participants": leader_ids if len(leader_ids) == 2 or pick.chance(40) else pick.sample(leader_ids, 2),
            "duration": pick.choice(["30m", "45m", "1h", "90m", "2h", "PT1H15M", "50m"]),
            "align": pick.choice(["15m", "30m", "1h", "30m", "15m"]),
        }
        if pick.chance(30):
            meeting["hours"] = pick.choice(hours_pool)
        if pick.chance(60):
            not_before = moments.at(pick, w0, w0 + DAY)
            meeting["not_before"], expected["not_before"][mid] = render(pick, not_before, scenario_zone, dates=15)
        if pick.chance(60):
            meeting["venues"] = pick.sample(list(venues), pick.int(1, len(venues)))
        if all("open" in venues[v] for v in meeting.get("venues", venues)) and pick.chance(25):
            expected["deadline"][mid] = None  # no deadline: the venues' open windows bound the search
        else:
            deadline = moments.at(pick, w1 - DAY, w1)
            text, expected["deadline"][mid] = render(pick, deadline, scenario_zone, end=True, dates=15)
            meeting["deadline"] = {"at": text, "why": "it matters"} if pick.chance(50) else text
        meetings[mid] = meeting
    data["meetings"] = meetings
    # Firm stops are drawn last, so every scenario drawn before they existed stays as it was, only firmer.
    for leader in leaders.values():
        for stop in leader.get("itinerary", []):
            if pick.chance(30):
                stop["firm"] = True
        if leader.get("itinerary") and pick.chance(8):
            leader["firm_itinerary"] = True
    return Generated(data, expected)


@st.composite
def scenarios(draw: Any, avoid: frozenset[str] = frozenset()) -> Generated:
    """Hypothesis strategy: a random small scenario (see `generate`)."""
    return generate(DrawPick(draw), avoid)


def random_scenario(seed: int, avoid: frozenset[str] = frozenset()) -> Generated:
    """The same generator, driven by `random.Random(seed)`."""
    return generate(RandomPick(random.Random(seed)), avoid)
