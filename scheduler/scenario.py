"""The scenario file's contract: pydantic models, with a description on every field.

These models only say what the YAML may contain; how each value may be written (a duration, a time,
hours, weekdays, a speed, a zone, a country) is in `values.py`. They keep times as written (a naive time is
local to its context); `problem.py` resolves them into aware instants.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .values import (
    Country,
    Hours,
    Identifier,
    NonNegativeDuration,
    PositiveDuration,
    Speed,
    TimePoint,
    TimeZoneName,
    Weekdays,
    format_duration,
)

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
        raise _place_error(
            "country", "place", "country goes with city, e.g. {city: Ottawa, country: CA}", {}, data["country"]
        )
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
