"""The scenario's places checked against the place data: each zone agrees with its coordinates, and what
`validate` says a place written by name was resolved to.

Above the scenario's models (it reads a whole Scenario), while `places` — the offline data the models
look places up in — stays below them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from .errors import InputError
from .places import STORE, _coordinates_text, _offset_text, _offsets, find_airport, find_city, zone_at
from .scenario import Place, Scenario
from .sourcemap import SourceMap


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
