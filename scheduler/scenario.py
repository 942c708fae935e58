"""The scenario file's contract: pydantic models, with a description on every field.

These models only say what the YAML may contain. They keep times as written (a naive time is
local to its context); `problem.py` resolves them into aware instants.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

# --- value types -------------------------------------------------------------------------------

_ISO_DURATION = re.compile(
    r"^P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_UNIT_WORDS = {
    "w": ("w", "wk", "wks", "week", "weeks"),
    "d": ("d", "day", "days"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "m": ("m", "min", "mins", "minute", "minutes"),
    "s": ("s", "sec", "secs", "second", "seconds"),
}
_UNIT = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
_DURATION_PART = re.compile(r"\s*(?:(?:,|and\b)\s*)?(\d+(?:\.\d+)?)\s*([a-z]+)?", re.IGNORECASE)
_CLOCK_DURATION = re.compile(r"^(\d+):([0-5]\d)$")
DURATION_FORMS = "90m, 1h30m, 1.5h, 90 minutes, 90 mins, 1 hour 30, 2 hrs, 3 weeks, 21d, 1:30 or PT1H30M"
"""The forms a duration may take, for error messages (the README's table lists the same)."""


MAX_DURATION_DAYS = 3653
"""Ten years: longer than any plan may look ahead, and far from where date arithmetic overflows."""


def _bounded(seconds: int | Fraction, value: Any) -> timedelta:
    if seconds > MAX_DURATION_DAYS * 86400:
        raise PydanticCustomError(
            "duration", "durations are limited to 10 years ({days} days), got '{value}'",
            {"days": f"{MAX_DURATION_DAYS:,}", "value": value},
        )
    if seconds % 60:
        raise PydanticCustomError("duration", "durations are counted in whole minutes, got '{value}'", {"value": value})
    return timedelta(seconds=int(seconds))


def _not_a_duration(value: Any, why: str = "") -> PydanticCustomError:
    return PydanticCustomError(
        "duration",
        "expected a duration such as {forms}, got '{value}'{why}",
        {"forms": DURATION_FORMS, "value": value, "why": f" ({why})" if why else ""},
    )


def _duration_parts(text: str) -> list[tuple[str, str | None]]:
    """`1 hour and 30 minutes` → [("1", "hour"), ("30", "minutes")]; None if the text is anything else."""
    parts: list[tuple[str, str | None]] = []
    position = 0
    while position < len(text):
        match = _DURATION_PART.match(text, position)
        if match is None or match.end() == position:
            return []
        parts.append((match.group(1), match.group(2)))
        position = match.end()
        if text[position:].strip() == "":
            break
    return parts


def parse_duration(value: Any) -> timedelta:
    """Read a duration as people write it (see DURATION_FORMS), up to ten years, in whole minutes.

    Units come largest first, each once; a bare number may follow hours only (`1 hour 30` is 90
    minutes); a decimal stands alone (`1.5h`). Anything else is refused rather than guessed.
    """
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str) or not value.strip():
        why = "a number alone has no unit: write 90m or 2h" if isinstance(value, int | float) else ""
        raise _not_a_duration(value, why)
    text = value.strip()
    iso = _ISO_DURATION.match(text)
    if iso and any(iso.groupdict().values()):
        counts = {k: int(v or 0) for k, v in iso.groupdict().items()}
        return _bounded(sum(counts[unit] * _UNIT_SECONDS[unit] for unit in counts), value)
    clock = _CLOCK_DURATION.match(text)
    if clock:
        return _bounded(int(clock.group(1)) * 3600 + int(clock.group(2)) * 60, value)
    parts = _duration_parts(text)
    if not parts:
        raise _not_a_duration(value)
    seconds = Fraction(0)
    previous: str | None = None
    for number, word in parts:
        if word is None:
            if previous != "h" or len(parts) == 1:
                why = "a number alone has no unit" if len(parts) == 1 else "a bare number may follow hours only"
                raise _not_a_duration(value, why)
            unit = "m"
            if "." in number or int(number) > 59:
                raise _not_a_duration(value, "minutes after the hours are a whole number below 60")
        else:
            found = _UNIT.get(word.lower())
            if found is None:
                raise _not_a_duration(value, f"unknown unit '{word}'")
            unit = found
        order = list(_UNIT_SECONDS)
        if previous is not None and order.index(unit) <= order.index(previous):
            raise _not_a_duration(value, "give each unit once, largest first")
        if "." in number and len(parts) > 1:
            raise _not_a_duration(value, "a decimal stands alone, as in 1.5h")
        seconds += Fraction(number) * _UNIT_SECONDS[unit]
        previous = unit
    return _bounded(seconds, value)


def format_duration(value: timedelta) -> str:
    """A duration the way the scenario file writes it: 2d6h, 45m."""
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    text = (f"{days}d" if days else "") + (f"{hours}h" if hours else "") + (f"{mins}m" if mins else "")
    return text or "0m"


def _whole_minutes(value: timedelta) -> timedelta:
    if value.total_seconds() % 60:
        raise PydanticCustomError("duration", "durations are counted in whole minutes")
    return value


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    AfterValidator(_whole_minutes),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": f"A duration: {DURATION_FORMS}.",
            "examples": ["90m", "1h30m", "1.5h", "90 minutes", "1 hour 30", "2 hrs", "3 weeks", "1:30", "PT1H30M"],
        }
    ),
]


def _positive(value: timedelta) -> timedelta:
    if value <= timedelta(0):
        raise PydanticCustomError("duration", "must be longer than zero")
    return value


PositiveDuration = Annotated[Duration, AfterValidator(_positive)]


def _non_negative(value: timedelta) -> timedelta:
    if value < timedelta(0):
        raise PydanticCustomError("duration", "must not be negative")
    return value


NonNegativeDuration = Annotated[Duration, AfterValidator(_non_negative)]


YEARS = range(1900, 3000)
"""Years a time may name: room on both sides for every margin the program adds (no date overflows)."""


def _in_years(value: date | datetime, written: Any) -> date | datetime:
    if value.year not in YEARS:
        raise PydanticCustomError(
            "time_point", "years from {first} to {last} only, got '{value}'",
            {"first": YEARS.start, "last": YEARS.stop - 1, "value": str(written)},
        )
    return value


def parse_time_point(value: Any) -> date | datetime:
    """An ISO date (`2025-06-07`) or date-time (`2025-06-16T13:00`, with optional offset or Z), 1900–2999."""
    if isinstance(value, date):  # a datetime too
        return _in_years(value, value)
    if isinstance(value, str):
        text = value.strip()
        parsed: date | datetime | None = None
        with contextlib.suppress(ValueError):
            day_only = re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)
            parsed = date.fromisoformat(text) if day_only else datetime.fromisoformat(text)
        if isinstance(parsed, datetime) and (parsed.second or parsed.microsecond):
            raise PydanticCustomError("time_point", "times are counted in whole minutes: '{value}'", {"value": value})
        if parsed is not None:
            return _in_years(parsed, value)
    raise PydanticCustomError(
        "time_point",
        "expected a date (2025-06-07) or a date and time (2025-06-16T13:00, optionally with an offset "
        "such as -04:00 or Z), got '{value}'",
        {"value": value},
    )


def _format_time_point(value: date | datetime) -> str:
    return value.isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat()


TimePoint = Annotated[
    date | datetime,
    BeforeValidator(parse_time_point),
    PlainSerializer(_format_time_point, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["2025-06-07", "2025-06-16T13:00", "2025-07-09T00:01-04:00"]}),
]

_ZONES: frozenset[str] | None = None


def iana_zones() -> frozenset[str]:
    """The names of the IANA time zone database (legacy links such as Asia/Calcutta included).

    From the tzdata package's list, the same on every machine: the folder zoneinfo also searches
    holds `localtime` (this machine's /etc/localtime, so the answer would depend on the machine) and
    `posixrules`. `Factory` is IANA's placeholder for "zone not set" (offset 0, named -00).
    """
    global _ZONES
    if _ZONES is None:
        with contextlib.suppress(OSError, ModuleNotFoundError):
            from importlib.resources import files

            _ZONES = frozenset(files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())
        if not _ZONES:
            _ZONES = frozenset(available_timezones()) - {"localtime", "posixrules"}
        _ZONES -= {"Factory"}
    return _ZONES


def check_time_zone(value: Any) -> str:
    """An IANA time zone name such as `Asia/Seoul` (UTC is allowed too)."""
    if not isinstance(value, str):
        raise PydanticCustomError("time_zone", "expected an IANA time zone name such as Asia/Seoul")
    try:
        if value not in iana_zones():
            raise ZoneInfoNotFoundError(value)
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        close = difflib.get_close_matches(value, sorted(iana_zones()), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        from .zones import abbreviation_hint

        hint = abbreviation_hint(value) or hint  # IST names zones, not a zone spelled like it (MST)
        raise PydanticCustomError(
            "time_zone",
            "unknown time zone '{value}'{hint}; use an IANA name such as Europe/Amsterdam",
            {"value": value, "hint": hint},
        ) from None
    return value


TimeZoneName = Annotated[
    str,
    BeforeValidator(check_time_zone),
    WithJsonSchema({"type": "string", "examples": ["Asia/Seoul", "America/New_York"]}),
]

_HOURS_PART = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*(?:-|–|—|\bto\b)\s*(\d{1,2}):(\d{2})\s*$", re.IGNORECASE)
HOURS_FORMS = '"09:00-17:00", "09:00–17:00", "09:00 to 17:00", several "08:00-12:00, 14:00-18:00"'


def parse_hours(value: Any) -> tuple[tuple[time, time | None], ...]:
    """`"09:00-17:00"` (or with `–`, `—`, `to`), several windows `"08:00-12:00, 14:00-18:00"` or a list of them.

    An end of `24:00` (kept as None) means midnight at the end of the day; an end at or before the
    start runs past midnight into the next day.
    """
    if isinstance(value, tuple):
        return value
    items = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else None
    if not items:
        raise PydanticCustomError("hours", "expected local hours such as {forms}", {"forms": HOURS_FORMS})
    windows = []
    for item in items:
        match = _HOURS_PART.match(str(item))
        if not match:
            raise PydanticCustomError(
                "hours", "expected local hours such as {forms}, got '{value}'", {"forms": HOURS_FORMS, "value": item}
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
            raise PydanticCustomError("hours", "not a clock time in '{value}'", {"value": item})
        start = time(h1, m1)
        end = None if h2 == 24 else time(h2, m2)
        if end == start:
            raise PydanticCustomError(
                "hours", "an hours window needs a start and a later end: '{value}'", {"value": item}
            )
        windows.append((start, end))
    return tuple(windows)


def _format_hours(value: tuple[tuple[time, time | None], ...]) -> str:
    return ", ".join(f"{a:%H:%M}-{b:%H:%M}" if b else f"{a:%H:%M}-24:00" for a, b in value)


Hours = Annotated[
    tuple[tuple[time, time | None], ...],
    BeforeValidator(parse_hours),
    PlainSerializer(_format_hours, return_type=str),
    WithJsonSchema(
        {
            "oneOf": [
                {
                    "type": "string",
                    "examples": ["09:00-17:00", "09:00–17:00", "9:00 to 17:00", "08:00-12:00, 14:00-18:00"],
                },
                {"type": "array", "items": {"type": "string"}},
            ]
        }
    ),
]

_SPEED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(km/h|kmh|kph|mph|kn|knots)\s*$", re.IGNORECASE)
_SPEED_FACTOR = {"km/h": 1.0, "kmh": 1.0, "kph": 1.0, "mph": 1.609344, "kn": 1.852, "knots": 1.852}


def parse_speed(value: Any) -> float:
    """A cruising speed such as `800 km/h`, `500 mph` or `430 kn`, kept in km/h."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError("speed", 'give the speed with a unit, e.g. "800 km/h"')
    match = _SPEED.match(str(value))
    if not match:
        raise PydanticCustomError("speed", "expected a speed such as \"800 km/h\", got '{value}'", {"value": value})
    kmh = float(match.group(1)) * _SPEED_FACTOR[match.group(2).lower()]
    if kmh <= 0:
        raise PydanticCustomError("speed", "the speed must be above zero")
    return kmh


Speed = Annotated[
    float,
    BeforeValidator(parse_speed),
    PlainSerializer(lambda kmh: f"{kmh:g} km/h", return_type=str),
    WithJsonSchema({"type": "string", "examples": ["800 km/h", "500 mph"]}),
]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_RANGE = re.compile(r"^\s*([a-z]+)\s*(?:-|–|—|\bto\b)\s*([a-z]+)\s*$", re.IGNORECASE)
WEEKDAY_FORMS = "mon, Monday, MON, tues, thurs, a range mon-fri or Mon–Fri, or a list [mon, wed, fri]"


def _weekday(word: str, written: Any) -> int:
    """`mon`, `Monday`, `TUES`, `thurs`: the day whose full name the word begins (three letters or more)."""
    text = word.strip().casefold()
    text = "wed" if text == "weds" else text
    found = [i for i, name in enumerate(_DAY_NAMES) if len(text) >= 3 and name.startswith(text)]
    if len(found) != 1:
        raise PydanticCustomError(
            "weekday", "not a weekday: '{word}' in '{value}'; write {forms}",
            {"word": word.strip(), "value": written, "forms": WEEKDAY_FORMS},
        )
    return found[0]


def parse_weekdays(value: Any) -> list[Weekday]:
    """Weekdays as people write them: names in any case, full or short, and ranges (`mon-fri`, `fri-mon` wraps).

    A string may hold several, separated by commas (`"mon, wed, fri"`); the result is in week order,
    each day once.
    """
    if isinstance(value, str):
        items: list[Any] = value.split(",")  # "" is one empty item: not a weekday
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise PydanticCustomError("weekday", "expected weekdays such as {forms}", {"forms": WEEKDAY_FORMS})
    days: set[int] = set()
    for item in items:
        if not isinstance(item, str):
            raise PydanticCustomError(
                "weekday", "expected weekdays such as {forms}, got '{value}'", {"forms": WEEKDAY_FORMS, "value": item}
            )
        span = _DAY_RANGE.match(item)
        if span:
            first, last = _weekday(span.group(1), item), _weekday(span.group(2), item)
            days.update((first + step) % 7 for step in range((last - first) % 7 + 1))
        else:
            days.add(_weekday(item, item))
    return [WEEKDAYS[i] for i in sorted(days)]


Weekdays = Annotated[
    list[Weekday],
    BeforeValidator(parse_weekdays),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "string", "examples": ["mon-fri", "Mon–Fri", "mon, wed, fri"]},
                {"type": "array", "items": {"type": "string"}, "examples": [["mon", "tue", "wed", "thu", "fri"]]},
            ]
        }
    ),
]


def parse_country(value: Any) -> str:
    """A holiday country as ISO 3166 alpha-2 (`CA`), alpha-3 (`CAN`) or its English name (`Canada`) → `CA`.

    Names come from the `holidays` package's own registry of the countries it supports (so a
    country it has no holidays for is refused here, by name); codes pass as written, upper-cased,
    and the holidays lookup checks them.
    """
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError("country", "expected a country code such as CA or a name such as Canada")
    text = value.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    names, shown = _country_names()
    key = _country_key(text)
    if key in names:
        return names[key]
    close = difflib.get_close_matches(text.title(), shown, n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise PydanticCustomError(
        "country",
        "unknown country '{value}'{hint}; write an ISO code such as CA, CAN, or the English name such as Canada",
        {"value": value, "hint": hint},
    )


def _country_key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.casefold())


_COUNTRY_NAMES: tuple[dict[str, str], list[str]] | None = None


def _country_names() -> tuple[dict[str, str], list[str]]:
    """{normalised name or alpha-3 code: alpha-2 code} and the names as shown, from the holidays registry."""
    global _COUNTRY_NAMES
    if _COUNTRY_NAMES is None:
        from holidays.registry import COUNTRIES

        found: dict[str, str] = {}
        shown: list[str] = []
        for module, (class_name, alpha2, alpha3, *aliases) in COUNTRIES.items():
            spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)
            shown.append(spaced)
            for name in (module.replace("_", " "), spaced, alpha3, *aliases):
                if not name.startswith("Holidays"):
                    found.setdefault(_country_key(name), alpha2)
        _COUNTRY_NAMES = (found, sorted(shown))
    return _COUNTRY_NAMES


Country = Annotated[
    str,
    BeforeValidator(parse_country),
    WithJsonSchema({"type": "string", "examples": ["CA", "CAN", "Canada", "United States"]}),
]

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        max_length=64,
        description="An id: letters, digits, '-', '_' and '.', starting with a letter or digit.",
    ),
]


# --- models ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnknownKey:
    """Stands in for the value of a key the model does not know, so that pydantic's own `extra_forbidden`
    error for it carries the did-you-mean, while every other key of the object is still validated."""

    message: str


class Strict(BaseModel):
    """Every scenario object: unknown keys are errors, with a did-you-mean."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            known = {f.alias or name for name, f in cls.model_fields.items()} | set(cls.model_fields)
            unknown = [key for key in data if key not in known]
            if unknown:
                data = dict(data)
                for key in unknown:
                    close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    data[key] = UnknownKey(f"unknown key '{key}'{hint}; expected one of: {', '.join(sorted(known))}")
        return data


def _place_schema(schema: dict[str, Any]) -> None:
    """A place gives name and coordinates, or a city or an airport to look them up by."""
    schema.pop("required", None)
    schema["anyOf"] = [{"required": ["name", "coordinates"]}, {"required": ["city"]}, {"required": ["airport"]}]


def _place_shorthand(value: Any) -> Any:
    """`"Kananaskis, Canada"` is short for `{city: "Kananaskis, Canada"}`, `"YYC"` for `{airport: YYC}`."""
    if isinstance(value, str):
        text = value.strip()
        return {"airport": text} if re.fullmatch(r"[A-Z]{3}|[A-Z]{4}", text) else {"city": text}
    return value


def _place_error(key: str, kind: str, message: str, context: dict[str, Any], value: Any) -> ValidationError:
    """An error at one key of a place, raised from the place's own validator (so it names that key)."""
    error = PydanticCustomError(kind, message, context)
    return ValidationError.from_exception_data("Place", [InitErrorDetails(type=error, loc=(key,), input=value)])


def _swapped_coordinates(value: Any) -> None:
    """A latitude beyond ±90 whose longitude would make a latitude: the two were swapped."""
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int | float) for v in value):
        latitude, longitude = value
        if abs(latitude) > 90:
            swap = f"; did you swap latitude and longitude? [{longitude}, {latitude}]" if abs(longitude) <= 90 else ""
            raise _place_error(
                "coordinates",
                "coordinates",
                "coordinates are [latitude, longitude]: latitude {latitude} is outside -90..90{swap}",
                {"latitude": latitude, "swap": swap},
                value,
            )


class Place(Strict):
    """A city or site: written out, or by name (a city or an airport) and looked up in offline data."""

    model_config = ConfigDict(json_schema_extra=_place_schema)

    name: str = Field(description='Display name, e.g. "Kananaskis, Alberta"; default: the city or airport\'s name.')
    timezone: TimeZoneName = Field(
        description="IANA time zone of the place, e.g. America/Edmonton; default: the city's or airport's, "
        "else the zone at the coordinates."
    )
    coordinates: tuple[Annotated[float, Field(ge=-90, le=90)], Annotated[float, Field(ge=-180, le=180)]] = Field(
        description="[latitude, longitude] in degrees; used for great-circle flight estimates; default: the city's "
        "or airport's."
    )
    city: str | None = Field(
        default=None,
        description='Look the place up by city name, e.g. Calgary or "Niagara Falls, Canada" '
        "(GeoNames places of 500+ people).",
    )
    country: str | None = Field(
        default=None, description="Country of the city, to tell same-named cities apart: CA, CAN or Canada."
    )
    airport: str | None = Field(
        default=None, description="Look the place up by airport code: YYC (IATA) or CYYC (ICAO)."
    )

    @model_validator(mode="wrap")
    @classmethod
    def _look_up(cls, data: Any, handler: Any) -> Place:
        """Fill what a place written by name leaves out; explicit keys win."""
        data = _place_shorthand(data)
        if isinstance(data, dict) and set(data) <= set(cls.model_fields):
            _swapped_coordinates(data.get("coordinates"))
            data = _resolved_place(data)
        return handler(data)


def _resolved_place(data: dict[str, Any]) -> dict[str, Any]:
    """The place with what its city or airport gives; an unknown zone is named from the coordinates first."""
    from . import places

    zone = data.get("timezone")
    if isinstance(zone, str) and not places.is_zone(zone):
        coordinates = data.get("coordinates")
        try:
            near = (float(coordinates[0]), float(coordinates[1])) if coordinates is not None else None
        except (TypeError, ValueError, IndexError, KeyError):
            near = None
        hint = places.zone_hint(zone, near)
        message = "unknown time zone '{value}'; {hint}"
        raise _place_error("timezone", "time_zone", message, {"value": zone, "hint": hint}, zone)
    if data.get("country") is not None and data.get("city") is None:
        raise _place_error("country", "place", "country goes with city, e.g. {city: Ottawa, country: CA}", {},
                           data["country"])
    if all(key in data for key in ("name", "timezone", "coordinates")):
        return data  # nothing left to look up (a what-if re-validation reads no data either)
    needs_lookup = data.get("city") is not None or data.get("airport") is not None
    if not needs_lookup and ("timezone" in data or "coordinates" not in data):
        return data
    try:
        return places.resolve(data)
    except places.LookupFailed as error:
        raise _place_error(error.key, "place", "{problem}", {"problem": str(error)}, data.get(error.key)) from None


class Flight(Strict):
    """An explicit flight (or drive) time between two places."""

    from_: str = Field(alias="from", description="Place id the leg starts from.")
    to: str = Field(description="Place id the leg goes to.")
    duration: NonNegativeDuration = Field(description="Time in the air (or on the road), e.g. 14h.")
    buffer: NonNegativeDuration | None = Field(
        default=None, description="Ground time at each end of this leg; default: travel.buffer."
    )
    one_way: bool = Field(default=False, description="If true, the entry applies only from → to.")


class Travel(Strict):
    """How long it takes a leader to get from one place to another."""

    speed: Speed = Field(
        default=800.0,
        description='Cruising speed for great-circle estimates, e.g. "800 km/h".',
        json_schema_extra={"default": "800 km/h"},  # as the file writes it: a bare 800 is refused
    )
    buffer: NonNegativeDuration = Field(
        default=timedelta(hours=2), description="Ground time at each end of a flight (default 2h)."
    )
    flights: list[Flight] = Field(
        default_factory=list,
        description="Explicit leg durations; they win over the estimate, in both directions unless one_way.",
    )


class LeaderHolidays(Strict):
    """Public holidays of the leader's country (from the `holidays` package)."""

    country: Country = Field(description="ISO 3166 country code or English name, e.g. KR, KOR or South Korea.")
    subdivision: str | None = Field(default=None, description="Optional state or province code, e.g. DC.")
    stay_home: bool = Field(
        default=False,
        description="If true, the leader is at home for the whole local day of each holiday "
        "(explicit itinerary stops win).",
    )


class VenueHolidays(Strict):
    """Public holidays on which a venue is closed."""

    country: Country = Field(description="ISO 3166 country code or English name, e.g. US, USA or United States.")
    subdivision: str | None = Field(default=None, description="Optional state or province code.")


class Stop(Strict):
    """Where a leader is known to be; naive times are local to the stop's place."""

    place: str = Field(description="Place id.")
    start: TimePoint = Field(description="Arrival: a date (its start) or a date and time.")
    end: TimePoint = Field(description="Departure: a date (the end of that day) or a date and time.")
    what: str | None = Field(default=None, description="What the leader does there (shown in explanations).")
    firm: bool = Field(
        default=False,
        description="If true, the leader is at this place, next to this stop, only inside it: he arrives at `start` "
        "and leaves at `end` (no meeting here just before or after it, and the legs out and in are flown at those "
        "moments). Default false: he may arrive early or leave late when travel allows, and an answer that relies "
        "on it says so.",
    )


class BusyBlock(Strict):
    """Time a leader cannot meet or travel; naive times are in the leader's home zone unless `timezone`."""

    start: TimePoint = Field(description="Start: a date (its start) or a date and time.")
    end: TimePoint = Field(description="End: a date (the end of that day) or a date and time.")
    timezone: TimeZoneName | None = Field(
        default=None, description="Zone of naive times; default: the leader's home zone."
    )
    what: str | None = Field(default=None, description="What it is (shown in explanations).")


_LOCATIONS_DESCRIPTION = (
    "If true (default), an event whose LOCATION or GEO matches a place of the scenario also says the leader "
    "is there: it becomes an itinerary stop (see the README's matching rule). False: busy time only."
)


class CalendarFile(Strict):
    """An .ics file of busy time (`calendars: [lee.ics]` is short for `[{file: lee.ics}]`)."""

    file: str = Field(min_length=1, description="Path of the .ics file, relative to the scenario file.")
    locations: bool = Field(default=True, description=_LOCATIONS_DESCRIPTION)


def _environment_name(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        raise PydanticCustomError(
            "password_env",
            "password_env names an environment variable (letters, digits and _), e.g. CALDAV_PASSWORD; got '{value}'",
            {"value": value},
        )
    return value


def _no_secrets(data: Any) -> Any:
    """A password in the YAML would be shared with everyone who gets the scenario: refuse it."""
    if isinstance(data, dict):
        if "password" in data:
            raise PydanticCustomError(
                "secret_in_yaml",
                "never write a password into the scenario: put it in an environment variable and name that "
                "variable with password_env (e.g. password_env: CALDAV_PASSWORD, then export CALDAV_PASSWORD=...)",
            )
        url = data.get("caldav")
        if isinstance(url, str) and urlsplit(url.strip()).password is not None:
            raise PydanticCustomError(
                "secret_in_yaml",
                "the caldav URL contains a password: remove 'user:password@' from it and use username and "
                "password_env instead",
            )
    return data


def _check_caldav_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError(
            "caldav_url", "expected the calendar's http(s) URL, e.g. https://caldav.example.org/dav/lee/work/"
        )
    return value.strip()


class CalDAVCalendar(Strict):
    """A calendar collection on a CalDAV server, read at every run; the password comes from the environment."""

    caldav: Annotated[str, AfterValidator(_check_caldav_url)] = Field(
        description="URL of the calendar collection (not of the server or the account), "
        "e.g. https://caldav.example.org/dav/lee/work/."
    )
    username: str | None = Field(default=None, description="User name to log in with; default: no login.")
    password_env: Annotated[str, AfterValidator(_environment_name)] | None = Field(
        default=None,
        description="Name of the environment variable holding the password (never the password itself).",
    )
    locations: bool = Field(default=True, description=_LOCATIONS_DESCRIPTION)

    @model_validator(mode="before")
    @classmethod
    def _no_password(cls, data: Any) -> Any:
        return _no_secrets(data)

    @model_validator(mode="after")
    def _login_has_a_user(self) -> CalDAVCalendar:
        if self.password_env is not None and self.username is None:
            raise PydanticCustomError("caldav_login", "password_env needs a username to log in with")
        return self


def _calendar_shorthand(value: Any) -> Any:
    """`lee.ics` is short for `{file: lee.ics}`."""
    if isinstance(value, str):
        return {"file": value}
    if not isinstance(value, dict | CalendarFile | CalDAVCalendar):
        raise PydanticCustomError(
            "calendar", "a calendar is an .ics path, {file: PATH} or {caldav: URL, username: ..., password_env: VAR}"
        )
    return value


def _calendar_kind(value: Any) -> str:
    """Which model reads a `calendars:` item; the brackets keep the tag out of error key paths."""
    if isinstance(value, dict):
        caldav = "caldav" in value or "password" in value or "password_env" in value or "username" in value
        return "[caldav]" if caldav else "[file]"
    return "[caldav]" if isinstance(value, CalDAVCalendar) else "[file]"


CalendarSource = Annotated[
    Annotated[CalendarFile, Tag("[file]")] | Annotated[CalDAVCalendar, Tag("[caldav]")],
    Discriminator(_calendar_kind),
    BeforeValidator(_calendar_shorthand, json_schema_input_type=str | CalendarFile | CalDAVCalendar),
]


class Leader(Strict):
    """A participant."""

    name: str = Field(description="Full name.")
    role: str | None = Field(default=None, description="Title, e.g. President of the United States.")
    home: str = Field(description="Place id of home: where the leader is when no stop says otherwise.")
    holidays: LeaderHolidays | None = Field(
        default=None, description="Home public holidays: no meetings on those local days."
    )
    calendars: list[CalendarSource] = Field(
        default_factory=list,
        description="Busy calendars: .ics file paths (relative to the scenario file), {file: ..., locations: ...} "
        "or {caldav: URL, username: ..., password_env: VAR, locations: ...}.",
    )
    hours: Hours | None = Field(
        default=None, description='Hours the leader accepts, local to the meeting\'s place, e.g. "07:00-22:00".'
    )
    itinerary: list[Stop] = Field(default_factory=list, description="Stops where the leader is known to be.")
    busy: list[BusyBlock] = Field(default_factory=list, description="Busy blocks.")
    firm_itinerary: bool = Field(
        default=False,
        description="If true, every stop of the leader is firm (see a stop's `firm`) and he meets only inside his "
        "stops: no detours between them. Default false.",
    )


class Window(Strict):
    """A window of time; naive times are local to its context."""

    start: TimePoint = Field(description="Start: a date (its start) or a date and time.")
    end: TimePoint = Field(description="End: a date (the end of that day) or a date and time.")


def _country_shorthand(value: Any) -> Any:
    """`closed_on_holidays: US` is short for `{country: US}`."""
    return {"country": value} if isinstance(value, str) else value


class Venue(Strict):
    """A candidate way to meet: a place plus its rules."""

    name: str = Field(description='Display name, e.g. "NATO Summit, The Hague (sidelines)".')
    place: str = Field(description="Place id.")
    open: list[Window] | None = Field(
        default=None, description="Windows (venue-local) when meetings can happen; default: always."
    )
    weekdays: Weekdays | None = Field(
        default=None,
        description="Venue-local weekdays allowed, e.g. [mon, tue, wed, thu, fri] or mon-fri; default: all.",
    )
    hours: Hours | None = Field(default=None, description='Venue-local hours, e.g. "09:00-17:00".')
    notice: NonNegativeDuration = Field(
        default=timedelta(0), description="Lead time: the meeting starts no earlier than as_of + notice."
    )
    host: str | None = Field(default=None, description="Leader id who receives the visit (shown in outputs).")
    closed_on_holidays: Annotated[
        VenueHolidays | None, BeforeValidator(_country_shorthand, json_schema_input_type=str | VenueHolidays | None)
    ] = Field(default=None, description="Closed on this country's public holidays (venue-local days), e.g. US.")


class Deadline(Strict):
    """A named instant the meeting must start before."""

    at: TimePoint = Field(description="The instant (naive: scenario timezone); a date means the end of that day.")
    why: str | None = Field(default=None, description='Why it matters, e.g. "tariff relief expires".')


def _divides_day(value: timedelta) -> timedelta:
    """A grid counted from local midnight repeats every day only if its step divides 24 hours."""
    if timedelta(days=1) % value:
        raise PydanticCustomError(
            "align",
            "align must divide 24 hours (e.g. 5m, 10m, 15m, 20m, 30m, 1h, 2h), got {value}",
            {"value": format_duration(value)},
        )
    return value


def _deadline_shorthand(value: Any) -> Any:
    """`deadline: 2025-07-08` is short for `{at: 2025-07-08}`."""
    return {"at": value} if value is not None and not isinstance(value, dict | Deadline) else value


class Meeting(Strict):
    """Who meets, for how long, and by when."""

    title: str = Field(description="Title shown in calendars.")
    participants: list[str] = Field(min_length=2, description="Leader ids (two for a bilateral; more allowed).")
    duration: PositiveDuration = Field(description="Length, e.g. 1h or 45m.")
    align: Annotated[PositiveDuration, AfterValidator(_divides_day)] = Field(
        default=timedelta(minutes=15),
        description="Start grid on the venue's local clock from local midnight (30m → :00 and :30).",
        examples=["15m", "30m", "1h"],
    )
    hours: Hours | None = Field(default=None, description="Venue-local hours the meeting must lie within.")
    not_before: TimePoint | None = Field(default=None, description="Earliest start (naive: scenario timezone).")
    deadline: Annotated[
        Deadline | None, BeforeValidator(_deadline_shorthand, json_schema_input_type=str | Deadline | None)
    ] = Field(default=None, description="The meeting must start before this instant (a bare time means {at: ...}).")
    venues: list[str] | None = Field(
        default=None, description="Candidate venue ids in order of preference; default: all, in YAML order."
    )


class Scenario(Strict):
    """A planning situation: leaders, places, venues and the meetings to schedule."""

    version: Literal[1] = Field(description="Format version; must be 1.")
    title: str = Field(description="What this plan is about.")
    as_of: TimePoint | None = Field(
        default=None,
        description="When the plan is made (naive: scenario timezone); notice counts from here. Default: now.",
    )
    timezone: TimeZoneName = Field(description="Zone for naive scenario-level times (as_of, not_before, deadline).")
    places: dict[
        Identifier, Annotated[Place, BeforeValidator(_place_shorthand, json_schema_input_type=str | Place)]
    ] = Field(min_length=1, description='Places by id: written out, {city: ...}, {airport: ...} or "City, Country".')
    travel: Travel = Field(default_factory=Travel, description="Flight times and ground buffers.")
    leaders: dict[Identifier, Leader] = Field(min_length=2, description="Leaders by id.")
    venues: dict[Identifier, Venue] = Field(min_length=1, description="Candidate venues by id, in order of preference.")
    meetings: dict[Identifier, Meeting] = Field(min_length=1, description="Meetings to schedule, by id.")
