"""The scenario file's contract: pydantic models, with a description on every field.

These models only say what the YAML may contain. They keep times as written (a naive time is
local to its context); `problem.py` resolves them into aware instants.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from datetime import date, datetime, time, timedelta
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
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

# --- value types -------------------------------------------------------------------------------

_DURATION_PART = re.compile(r"(\d+)\s*(min|w|d|h|m|s)", re.IGNORECASE)
_ISO_DURATION = re.compile(
    r"^P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "min": 60, "s": 1}


MAX_DURATION_DAYS = 3653
"""Ten years: longer than any plan may look ahead, and far from where date arithmetic overflows."""


def _bounded(seconds: int, value: Any) -> timedelta:
    if seconds > MAX_DURATION_DAYS * 86400:
        raise PydanticCustomError(
            "duration", "durations are limited to 10 years ({days} days), got '{value}'",
            {"days": f"{MAX_DURATION_DAYS:,}", "value": value},
        )
    return timedelta(seconds=seconds)


def parse_duration(value: Any) -> timedelta:
    """Read `90m`, `1h30m`, `21d`, `2w` or ISO 8601 (`PT1H30M`, `P21D`), up to ten years."""
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError(
            "duration",
            "expected a duration such as 90m, 1h30m, 21d or PT1H30M, got '{value}'",
            {"value": value},
        )
    text = value.strip()
    iso = _ISO_DURATION.match(text)
    if iso and any(iso.groupdict().values()):
        parts = {k: int(v or 0) for k, v in iso.groupdict().items()}
        return _bounded(sum(parts[unit] * _UNIT_SECONDS[unit] for unit in parts), value)
    compact = text.replace(" ", "")
    matches = list(_DURATION_PART.finditer(compact))
    if not matches or "".join(m.group(0) for m in matches) != compact:
        raise PydanticCustomError(
            "duration",
            "expected a duration such as 90m, 1h30m, 21d or PT1H30M, got '{value}'",
            {"value": value},
        )
    return _bounded(sum(int(m.group(1)) * _UNIT_SECONDS[m.group(2).lower()] for m in matches), value)


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
            "examples": ["90m", "1h30m", "21d", "PT1H30M"],
            "pattern": r"^(\d+\s*(min|w|d|h|m|s)\s*)+$|^P",
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

_HOURS_PART = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_hours(value: Any) -> tuple[tuple[time, time | None], ...]:
    """`"09:00-17:00"`, several windows `"08:00-12:00, 14:00-18:00"` or a list of them.

    An end of `24:00` (kept as None) means midnight at the end of the day; an end at or before the
    start runs past midnight into the next day.
    """
    if isinstance(value, tuple):
        return value
    items = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else None
    if not items:
        raise PydanticCustomError("hours", 'expected local hours such as "09:00-17:00"')
    windows = []
    for item in items:
        match = _HOURS_PART.match(str(item))
        if not match:
            raise PydanticCustomError(
                "hours", "expected local hours such as \"09:00-17:00\", got '{value}'", {"value": item}
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
                {"type": "string", "examples": ["09:00-17:00", "08:00-12:00, 14:00-18:00"]},
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

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        max_length=64,
        description="An id: letters, digits, '-', '_' and '.', starting with a letter or digit.",
    ),
]


# --- models ------------------------------------------------------------------------------------


class Strict(BaseModel):
    """Every scenario object: unknown keys are errors, with a did-you-mean."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            known = {f.alias or name for name, f in cls.model_fields.items()} | set(cls.model_fields)
            for key in data:
                if key not in known:
                    close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    raise PydanticCustomError(
                        "unknown_key",
                        "unknown key '{key}'{hint}; expected one of: {known}",
                        {"key": str(key), "hint": hint, "known": ", ".join(sorted(known))},
                    )
        return data


class Place(Strict):
    """A city or site."""

    name: str = Field(description='Display name, e.g. "Kananaskis, Alberta".')
    timezone: TimeZoneName = Field(description="IANA time zone of the place, e.g. America/Edmonton.")
    coordinates: tuple[Annotated[float, Field(ge=-90, le=90)], Annotated[float, Field(ge=-180, le=180)]] = Field(
        description="[latitude, longitude] in degrees; used for great-circle flight estimates."
    )


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

    speed: Speed = Field(default=800.0, description='Cruising speed for great-circle estimates, e.g. "800 km/h".')
    buffer: NonNegativeDuration = Field(
        default=timedelta(hours=2), description="Ground time at each end of a flight (default 2h)."
    )
    flights: list[Flight] = Field(
        default_factory=list,
        description="Explicit leg durations; they win over the estimate, in both directions unless one_way.",
    )


class LeaderHolidays(Strict):
    """Public holidays of the leader's country (from the `holidays` package)."""

    country: str = Field(description="ISO 3166 country code, e.g. KR.", min_length=2, max_length=3)
    subdivision: str | None = Field(default=None, description="Optional state or province code, e.g. DC.")
    stay_home: bool = Field(
        default=False,
        description="If true, the leader is at home for the whole local day of each holiday "
        "(explicit itinerary stops win).",
    )


class VenueHolidays(Strict):
    """Public holidays on which a venue is closed."""

    country: str = Field(description="ISO 3166 country code, e.g. US.", min_length=2, max_length=3)
    subdivision: str | None = Field(default=None, description="Optional state or province code.")


class Stop(Strict):
    """Where a leader is known to be; naive times are local to the stop's place."""

    place: str = Field(description="Place id.")
    start: TimePoint = Field(description="Arrival: a date (its start) or a date and time.")
    end: TimePoint = Field(description="Departure: a date (the end of that day) or a date and time.")
    what: str | None = Field(default=None, description="What the leader does there (shown in explanations).")


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
    weekdays: list[Weekday] | None = Field(
        default=None, description="Venue-local weekdays allowed, e.g. [mon, tue, wed, thu, fri]; default: all."
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
    places: dict[Identifier, Place] = Field(min_length=1, description="Places by id.")
    travel: Travel = Field(default_factory=Travel, description="Flight times and ground buffers.")
    leaders: dict[Identifier, Leader] = Field(min_length=2, description="Leaders by id.")
    venues: dict[Identifier, Venue] = Field(min_length=1, description="Candidate venues by id, in order of preference.")
    meetings: dict[Identifier, Meeting] = Field(min_length=1, description="Meetings to schedule, by id.")
