"""Flight times between places: the scenario's table first, else a great-circle estimate."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .places import km_between
from .scenario import Place, Travel
from .wording import hours_minutes as _hm


def great_circle_km(a: Place, b: Place) -> float:
    """Haversine distance between two places."""
    return km_between(a.coordinates, b.coordinates)


@dataclass(frozen=True)
class Leg:
    """One journey: flight minutes plus ground buffer minutes at each end."""

    origin: str
    destination: str
    flight: int
    buffer: int
    basis: str  # "no travel", "flights table (line N)" or "great circle, N km at S km/h"

    @property
    def total(self) -> int:
        return self.flight + 2 * self.buffer if self.origin != self.destination else 0

    def times(self, depart: datetime) -> tuple[datetime, datetime, datetime, datetime]:
        """(depart, takeoff, landing, arrive) of the leg leaving at `depart`, as UTC instants.

        Elapsed minutes, whatever the clocks do on the way: Python adds a timedelta to a time in a
        zone on the wall clock, so a leg across a DST change must be counted in UTC. Every leg time
        of the program comes from here and is shown in a local zone only when written.
        """
        depart = depart.astimezone(UTC)
        takeoff = depart + timedelta(minutes=self.buffer)
        landing = takeoff + timedelta(minutes=self.flight)
        return depart, takeoff, landing, landing + timedelta(minutes=self.buffer)

    def length(self) -> str:
        """ "14h46m (10h46m flight + 2h00m ground time at each end; great circle, 8,608 km at 800 km/h)"."""
        if self.origin == self.destination:
            return "no travel"
        return (
            f"{_hm(self.total)} ({_hm(self.flight)} flight + {_hm(self.buffer)} ground time at each end; {self.basis})"
        )


class TravelTimes:
    """Answers "how long from A to B" for one scenario; legs are cached."""

    def __init__(self, travel: Travel, places: dict[str, Place], flight_lines: dict[int, int | None] | None = None):
        self._travel = travel
        self._places = places
        self._table: dict[tuple[str, str], tuple[int, int, str]] = {}
        for index, flight in enumerate(travel.flights):
            buffer = int((flight.buffer if flight.buffer is not None else travel.buffer).total_seconds() // 60)
            minutes = int(flight.duration.total_seconds() // 60)
            line = (flight_lines or {}).get(index)
            basis = f"flights table, line {line}" if line else "flights table"
            directions = [(flight.from_, flight.to)] + ([] if flight.one_way else [(flight.to, flight.from_)])
            for key in directions:
                # An explicit one-way entry wins over the mirror of a two-way one.
                if key not in self._table or key == (flight.from_, flight.to):
                    self._table[key] = (minutes, buffer, basis)
        self._cache: dict[tuple[str, str], Leg] = {}

    def leg(self, origin: str, destination: str) -> Leg:
        key = (origin, destination)
        if key not in self._cache:
            self._cache[key] = self._compute(origin, destination)
        return self._cache[key]

    def _compute(self, origin: str, destination: str) -> Leg:
        if origin == destination:
            return Leg(origin, destination, 0, 0, "no travel")
        if (origin, destination) in self._table:
            minutes, buffer, basis = self._table[(origin, destination)]
            return Leg(origin, destination, minutes, buffer, basis)
        km = great_circle_km(self._places[origin], self._places[destination])
        minutes = math.ceil(km / self._travel.speed * 60)
        buffer = int(self._travel.buffer.total_seconds() // 60)
        return Leg(origin, destination, minutes, buffer, f"great circle, {km:,.0f} km at {self._travel.speed:g} km/h")
