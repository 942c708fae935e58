"""The forms a person types are understood, and everything the tool prints reads back to the same value."""

from __future__ import annotations

import typing
from datetime import time, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter
from pydantic_core import PydanticCustomError

from scheduler import scenario as models
from scheduler import values
from scheduler.availability import _hours_text, span_text
from scheduler.travel import _hm
from scheduler.values import (
    WEEKDAYS,
    _format_hours,
    format_duration,
    parse_country,
    parse_duration,
    parse_hours,
    parse_weekdays,
)
from scheduler.wording import margin

# --- durations ---------------------------------------------------------------------------------

SPOKEN = [
    ("90 minutes", 90),
    ("90 mins", 90),
    ("45 min", 45),
    ("1.5h", 90),  # 1.5 × 60
    ("1.5 hours", 90),
    ("1 hour 30", 90),  # a bare number after hours is minutes
    ("1 hour and 30 minutes", 90),
    ("1 hour", 60),
    ("2 hrs", 120),
    ("3 weeks", 3 * 7 * 1440),
    ("1:30", 90),  # h:mm
    ("0:45", 45),
    ("90m", 90),
    ("1h30m", 90),
    ("1H30M", 90),
    ("21d", 21 * 1440),
    ("2w", 2 * 7 * 1440),
    ("PT1H30M", 90),
    ("P21D", 21 * 1440),
    ("2.5 days", 60 * 60),  # 2.5 × 24 h = 60 h
    ("21 days 14 hours", 21 * 1440 + 14 * 60),  # as the answer prints the margin before a deadline
    ("14h46m", 14 * 60 + 46),  # as a leg's length is printed
    ("2h00m", 120),
]


@pytest.mark.parametrize(("text", "minutes"), SPOKEN)
def test_spoken_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


REFUSED = [
    ("1.5.h", ""),  # two decimal points: not a number
    ("90 minutes 3", "a bare number may follow hours only"),  # 3 what?
    ("90", "a number alone has no unit"),  # minutes or hours?
    ("2d 3", "a bare number may follow hours only"),
    ("30m 1h", "largest first"),
    ("1h 2h", "largest first"),  # hours twice
    ("1 hour 90", "below 60"),
    ("1.5h 30m", "a decimal stands alone"),
    ("3 fortnights", "unknown unit 'fortnights'"),
    ("1:75", ""),  # not minutes of an hour
    ("", ""),
]


@pytest.mark.parametrize(("text", "why"), REFUSED)
def test_ambiguous_or_nonsense_durations_are_refused_with_the_accepted_forms(text: str, why: str) -> None:
    with pytest.raises(PydanticCustomError) as caught:
        parse_duration(text)
    message = str(caught.value)
    assert why in message
    # the error lists what would have been accepted
    for form in ("90m", "1h30m", "1.5h", "90 minutes", "1 hour 30", "1:30", "PT1H30M"):
        assert form in message


def test_a_duration_that_is_not_whole_minutes_is_refused() -> None:
    # 1.51 h = 90.6 minutes
    with pytest.raises(PydanticCustomError, match="whole minutes"):
        parse_duration("1.51h")


MINUTES = st.integers(min_value=0, max_value=values.MAX_DURATION_DAYS * 1440)


@given(MINUTES)
def test_every_duration_the_scenario_form_prints_reads_back(minutes: int) -> None:
    value = timedelta(minutes=minutes)
    assert parse_duration(format_duration(value)) == value


@given(MINUTES)
def test_every_length_in_words_reads_back(minutes: int) -> None:
    """`span_text` writes notice and other lengths: "21 days", "1 hour 30 minutes"."""
    value = timedelta(minutes=minutes)
    assert parse_duration(span_text(value)) == value


@given(MINUTES)
def test_every_margin_before_a_deadline_reads_back_to_what_it_says(minutes: int) -> None:
    """`margin` leaves out the minutes once there are days ("3 days 4 hours"): it reads back to that."""
    value = timedelta(minutes=minutes)
    stated = value - timedelta(minutes=minutes % 60) if minutes >= 1440 else value
    assert parse_duration(margin(value)) == stated


@given(st.integers(min_value=0, max_value=100 * 60))
def test_every_leg_length_reads_back(minutes: int) -> None:
    assert parse_duration(_hm(minutes)) == timedelta(minutes=minutes)


# --- hours -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["10:00-18:00", "10:00–18:00", "10:00—18:00", "10:00 - 18:00", "10:00 to 18:00", "10:00 TO 18:00"]
)
def test_hours_with_a_hyphen_an_en_dash_or_to(text: str) -> None:
    assert parse_hours(text) == ((time(10), time(18)),)


def test_hours_refused_list_the_accepted_forms() -> None:
    with pytest.raises(PydanticCustomError) as caught:
        parse_hours("10 till 18")
    assert "09:00–17:00" in str(caught.value) and "09:00 to 17:00" in str(caught.value)


CLOCK = st.builds(time, st.integers(0, 23), st.integers(0, 59))
WINDOW = st.tuples(CLOCK, st.one_of(st.none(), CLOCK)).filter(lambda w: w[0] != w[1])


@given(st.lists(WINDOW, min_size=1, max_size=4).map(tuple))
def test_every_hours_value_the_tool_prints_reads_back(hours: tuple[tuple[time, time | None], ...]) -> None:
    """Both forms: the scenario's (`09:00-17:00`, as in --json and the schema) and the answers' (`09:00–17:00`)."""
    assert parse_hours(_format_hours(hours)) == hours
    assert parse_hours(_hours_text(hours)) == hours


# --- weekdays ----------------------------------------------------------------------------------

WORKWEEK = ["mon", "tue", "wed", "thu", "fri"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("mon-fri", WORKWEEK),
        ("Mon–Fri", WORKWEEK),
        ("monday to friday", WORKWEEK),
        (["Monday", "TUE", "Wednesday", "thurs", "fri"], WORKWEEK),
        (["tues", "weds"], ["tue", "wed"]),
        ("fri-mon", ["mon", "fri", "sat", "sun"]),  # a range wraps round the weekend, kept in week order
        ("sat, sun", ["sat", "sun"]),
        (["mon", "Mon", "monday"], ["mon"]),  # each day once
    ],
)
def test_weekdays_in_any_case_full_or_short_and_ranges(value: Any, expected: list[str]) -> None:
    assert parse_weekdays(value) == expected


@pytest.mark.parametrize("value", ["mo", "s", "funday", "mon-", ["mon", 3], ""])
def test_nonsense_weekdays_are_refused(value: Any) -> None:
    with pytest.raises(PydanticCustomError, match="mon-fri"):
        parse_weekdays(value)


@given(st.sets(st.sampled_from(range(7)), min_size=1))
def test_every_weekday_list_the_tool_prints_reads_back(days: set[int]) -> None:
    """The answers print `meets only on mon, tue, wed`; the relaxations `meet on sat`."""
    names = [WEEKDAYS[i] for i in sorted(days)]
    assert parse_weekdays(", ".join(names)) == names
    assert parse_weekdays(names) == names


# --- holiday countries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("CA", "CA"),
        ("ca", "CA"),
        ("CAN", "CA"),  # alpha-3
        ("Canada", "CA"),
        ("canada", "CA"),
        ("India", "IN"),
        ("United States", "US"),
        ("united-states", "US"),
        ("South Korea", "KR"),
        ("Korea", "KR"),  # the holidays package's own alias
        ("United Kingdom", "GB"),
    ],
)
def test_holiday_countries_by_code_or_name(text: str, code: str) -> None:
    assert parse_country(text) == code


def test_an_unknown_country_suggests_names() -> None:
    with pytest.raises(PydanticCustomError) as caught:
        parse_country("Canda")
    assert "did you mean Canada" in str(caught.value)


def test_every_country_the_holidays_package_supports_is_read_by_its_name() -> None:
    """The names come from the package's registry: each of its countries, spelt as its class, gives its code."""
    import re

    from holidays.registry import COUNTRIES

    for class_name, alpha2, alpha3, *_ in COUNTRIES.values():
        name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)  # SouthKorea → South Korea
        assert parse_country(name) == alpha2, name
        assert parse_country(alpha3) == alpha2, alpha3


# --- the schema's examples ---------------------------------------------------------------------


def _models() -> list[type[BaseModel]]:
    return [
        value
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, models.Strict) and value is not models.Strict
    ]


def _examples(schema: Any) -> list[Any]:
    found: list[Any] = []
    if isinstance(schema, dict):
        found += schema.get("examples", [])
        for key in ("anyOf", "oneOf"):
            for part in schema.get(key, []):
                found += _examples(part)
    return found


def test_every_example_in_the_schema_is_read_by_its_own_field() -> None:
    """`schedule schema` shows examples and defaults for durations, hours, weekdays, countries, times: each validates.

    Each field's examples are validated by that field's own type, so a schema example the parser
    refuses (or a parser form the schema would flag) fails here.
    """
    checked = 0
    for model in _models():
        properties = model.model_json_schema()["properties"]
        hints = typing.get_type_hints(model, include_extras=True)
        for name, field in model.model_fields.items():
            schema = properties[field.alias or name]
            adapter = TypeAdapter(hints[name])  # the annotation with its validators
            shown = _examples(schema) + ([schema["default"]] if schema.get("default") is not None else [])
            for example in shown:  # the defaults too: a duration's is written PT15M
                adapter.validate_python(example)
                checked += 1
    # at least the durations (9 each on several fields), hours (4) and weekdays (3 + 1) are there
    assert checked > 40
