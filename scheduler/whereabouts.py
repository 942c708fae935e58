"""Where a leader is: an event's LOCATION or GEO matched to a place of the scenario, and the stops on
either side of a time outside the itinerary (the one place that decides where legs start and end).

The matching rule (also in the README, "Calendars"):

- LOCATION equals a place id or a place name, compared case-insensitively with spaces trimmed and
  runs of spaces collapsed; or
- the place name is one or more whole comma-separated parts of LOCATION, in order: "Hotel Okura,
  Tokyo" matches the place named "Tokyo", "National Mall, Washington, D.C." the place named
  "Washington, D.C." — but "Tokyo Tower" does not match "Tokyo"; or
- GEO lies within 5 km (great circle) of the place's coordinates.

Every place matched either way is a candidate. Exactly one: the event puts the leader there.
Two or more (say LOCATION names one place and GEO lies at another): ambiguous, the event only
blocks time, and the user gets a warning. No match is the common case (an office, a street
address) and says nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from .scenario import Place
from .travel import great_circle_km

GEO_RADIUS_KM = 5.0
"""GEO within this great-circle distance of a place's coordinates matches the place."""


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _parts(text: str) -> tuple[str, ...]:
    return tuple(part for part in (_normal(piece) for piece in text.split(",")) if part)


def _contains(parts: tuple[str, ...], run: tuple[str, ...]) -> bool:
    """Is `run` a contiguous sequence of `parts`?"""
    return bool(run) and any(parts[i : i + len(run)] == run for i in range(len(parts) - len(run) + 1))


class PlaceMatcher:
    """Matches events to the places of one scenario; answers are cached (a series repeats its LOCATION)."""

    def __init__(self, places: Mapping[str, Place]):
        self.places = dict(places)
        self._names = {pid: (_normal(pid), _normal(place.name), _parts(place.name)) for pid, place in places.items()}
        self._cache: dict[tuple[str | None, tuple[float, float] | None], tuple[str, ...]] = {}

    def candidates(self, location: str | None, geo: tuple[float, float] | None) -> tuple[str, ...]:
        """Ids of the places the event matches, in the scenario's order."""
        key = (location, geo)
        if key not in self._cache:
            self._cache[key] = tuple(pid for pid in self.places if self._matches(pid, location, geo))
        return self._cache[key]

    def _matches(self, pid: str, location: str | None, geo: tuple[float, float] | None) -> bool:
        ident, name, name_parts = self._names[pid]
        if location:
            text = _normal(location)
            if text in (ident, name) or _contains(_parts(location), name_parts):
                return True
        if geo is not None:
            here = Place.model_construct(name="", timezone="UTC", coordinates=geo)
            return great_circle_km(here, self.places[pid]) <= GEO_RADIUS_KM
        return False


def describe(location: str | None, geo: tuple[float, float] | None) -> str:
    """How an event said where it is, for messages."""
    said = [f"LOCATION {location!r}"] if location else []
    said += [f"GEO {geo[0]:g};{geo[1]:g}"] if geo else []
    return " and ".join(said)
