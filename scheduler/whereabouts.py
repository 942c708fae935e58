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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .scenario import Place
from .travel import great_circle_km

if TYPE_CHECKING:  # problem imports this module (through checks)
    from .problem import Leader, Stop

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


# --- where a leader is between stops --------------------------------------------------------------


@dataclass(frozen=True)
class Between:
    """Where a leader is outside their stops: the stop that ended before (None: home) and the next one
    (None: home). `index` is the next stop's position in `leader.stops` (its length when home)."""

    before: Stop | None
    after: Stop | None
    index: int
    home: str

    @property
    def origin(self) -> str:
        """The place the leader comes from: the stop before, else home."""
        return self.before.place if self.before else self.home

    @property
    def destination(self) -> str:
        """The place the leader goes on to: the next stop, else home."""
        return self.after.place if self.after else self.home


def gaps(leader: Leader) -> list[Between]:
    """Every stretch outside the leader's stops, in order: home → first stop, …, last stop → home."""
    stops = leader.stops
    return [
        Between(stops[i - 1] if i else None, stops[i] if i < len(stops) else None, i, leader.home)
        for i in range(len(stops) + 1)
    ]


def left_last(spans: Sequence[tuple[datetime, datetime]], moment: datetime) -> int | None:
    """Which stop (by index into `spans`, each its start and end) the leader last left by `moment`: among
    those begun before it, the one left latest, a stop that holds the moment being left at it (the
    first such on a tie); None when there is none and the leader comes from home."""
    found: int | None = None
    for i, (start, end) in enumerate(spans):
        if start < moment and (found is None or min(end, moment) > min(spans[found][1], moment)):
            found = i
    return found


def around(leader: Leader, start: datetime, end: datetime) -> Between:
    """The stops on either side of a meeting [start, end) outside every stop: the one left last by `start`,
    the first that starts at `end` or later (compared as instants, so in effect in UTC)."""
    stops = leader.stops
    before = left_last([(s.start, s.end) for s in stops], start)
    coming = [i for i, s in enumerate(stops) if s.start >= end]
    after = min(coming, key=lambda i: stops[i].start, default=None)
    return Between(
        stops[before] if before is not None else None,
        stops[after] if after is not None else None,
        after if after is not None else len(stops),
        leader.home,
    )
