"""The scenario file's values: how a duration, a time, opening hours, a speed, weekdays, a time zone and a
country may be written, each a parser with its error and a serializer back to the written form.

The models in `scenario.py` use these as field types; other modules use the parsers directly (a
command-line duration, a time zone name).
"""

from __future__ import annotations

import contextlib
import difflib
import re
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

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
            "duration",
            "durations are limited to 10 years ({days} days), got '{value}'",
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
            "time_point",
            "years from {first} to {last} only, got '{value}'",
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
            "weekday",
            "not a weekday: '{word}' in '{value}'; write {forms}",
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
