"""Generated scenarios for the benchmark's solve-versus-floor rows (fixed seeds: the same file every run).

`busy_year` — two leaders with 5,000 busy events each over a 365-day horizon, starts on a 1-minute
grid, 50 venues in ten cities (hours, weekdays, notice, open windows, holidays). `many_leaders` — ten
participants in ten cities with 400 busy events each, 20 venues, a 120-day horizon. `many_venues` —
two leaders with 500 busy events each and 1,000 venues, a 365-day horizon. Run as a script to write
them into a folder:

    python tests/bench/scenarios.py FOLDER
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

CITIES: dict[str, tuple[str, str, tuple[float, float], str]] = {
    "seoul": ("Seoul", "Asia/Seoul", (37.5665, 126.9780), "KR"),
    "washington": ("Washington, D.C.", "America/New_York", (38.8977, -77.0365), "US"),
    "berlin": ("Berlin", "Europe/Berlin", (52.5200, 13.4050), "DE"),
    "london": ("London", "Europe/London", (51.5074, -0.1278), "GB"),
    "tokyo": ("Tokyo", "Asia/Tokyo", (35.6762, 139.6503), "JP"),
    "delhi": ("New Delhi", "Asia/Kolkata", (28.6139, 77.2090), "IN"),
    "kathmandu": ("Kathmandu", "Asia/Kathmandu", (27.7172, 85.3240), "NP"),
    "sydney": ("Sydney", "Australia/Sydney", (-33.8688, 151.2093), "AU"),
    "sao-paulo": ("São Paulo", "America/Sao_Paulo", (-23.5505, -46.6333), "BR"),
    "honolulu": ("Honolulu", "Pacific/Honolulu", (21.3069, -157.8583), "US"),
}
AS_OF = datetime(2025, 1, 6, 9, 0)


def _places() -> dict[str, dict[str, Any]]:
    return {pid: {"name": n, "timezone": z, "coordinates": list(c)} for pid, (n, z, c, _) in CITIES.items()}


def _busy(rng: random.Random, count: int, days: int, what: str) -> list[dict[str, str]]:
    """`count` busy events on weekdays over `days` days from as_of, at any minute of the home working day.

    Weekends stay free, so leaders can fly; on a weekday an event starts between 06:00 and 21:59 home
    time and lasts 10 minutes to 2 hours.
    """
    weekdays = [d for d in range(days) if (AS_OF.date() + timedelta(days=d)).weekday() < 5]
    blocks = []
    for n in range(count):
        day = AS_OF.date() + timedelta(days=rng.choice(weekdays))
        start = datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randrange(6 * 60, 22 * 60))
        end = start + timedelta(minutes=rng.randrange(10, 121))
        blocks.append(
            {
                "start": start.isoformat(timespec="minutes"),
                "end": end.isoformat(timespec="minutes"),
                "what": f"{what} {n + 1}",
            }
        )
    blocks.sort(key=lambda b: b["start"])
    return blocks


def _venues(rng: random.Random, count: int, days: int) -> dict[str, dict[str, Any]]:
    """`count` venues cycling through the cities, each with its own mix of rules."""
    venues: dict[str, dict[str, Any]] = {}
    cities = list(CITIES)
    for i in range(count):
        place = cities[i % len(cities)]
        venue: dict[str, Any] = {"name": f"Venue {i + 1} in {CITIES[place][0]}", "place": place}
        kind = i % 5
        if kind in (0, 1):
            venue["hours"] = rng.choice(["09:00-17:00", "08:30-12:00, 13:30-18:00", "10:00-20:00"])
            venue["weekdays"] = ["mon", "tue", "wed", "thu", "fri"]
        if kind in (1, 2):
            venue["notice"] = f"{rng.randrange(7, 60)}d"
        if kind == 3:
            first = AS_OF.date() + timedelta(days=rng.randrange(10, days - 10))
            venue["open"] = [
                {
                    "start": (first + timedelta(days=k * 30)).isoformat(),
                    "end": (first + timedelta(days=k * 30 + 2)).isoformat(),
                }
                for k in range(3)
                if k * 30 + 2 < days
            ]
        if kind in (0, 4):
            venue["closed_on_holidays"] = CITIES[place][3]
        venues[f"venue-{i + 1:04d}" if count > 99 else f"venue-{i + 1:02d}"] = venue
    return venues


def busy_year(seed: int = 365_5000) -> dict[str, Any]:
    """Two leaders × 5,000 busy events, a 365-day horizon, a 1-minute grid, 50 venues."""
    rng = random.Random(seed)
    days = 365
    return {
        "version": 1,
        "title": "Benchmark — 365 days, 1-minute grid, 2 leaders × 5,000 busy events, 50 venues",
        "as_of": AS_OF.isoformat(timespec="minutes"),
        "timezone": "UTC",
        "places": _places(),
        "leaders": {
            "lee": {
                "name": "Leader of Korea",
                "home": "seoul",
                "holidays": {"country": "KR"},
                "hours": "07:00-22:00",
                "busy": _busy(rng, 5000, days, "engagement"),
            },
            "trump": {
                "name": "Leader of the United States",
                "home": "washington",
                "holidays": {"country": "US"},
                "busy": _busy(rng, 5000, days, "engagement"),
            },
        },
        "venues": _venues(rng, 50, days),
        "meetings": {
            "summit": {
                "title": "Summit",
                "participants": ["lee", "trump"],
                "duration": "47m",
                "align": "1m",
                "hours": "07:00-21:00",
                "deadline": (AS_OF.date() + timedelta(days=days)).isoformat(),
            },
        },
    }


def many_leaders(seed: int = 10_20) -> dict[str, Any]:
    """Ten participants (one per city) × 400 busy events, 20 venues, a 120-day horizon."""
    rng = random.Random(seed)
    days = 120
    leaders = {
        f"leader-{pid}": {
            "name": f"Leader of {name}",
            "home": pid,
            "hours": "07:00-23:00",
            "busy": _busy(rng, 400, days, "engagement"),
        }
        for pid, (name, _, _, _) in CITIES.items()
    }
    return {
        "version": 1,
        "title": "Benchmark — 10 participants, 20 venues, 120 days",
        "as_of": AS_OF.isoformat(timespec="minutes"),
        "timezone": "UTC",
        "places": _places(),
        "leaders": leaders,
        "venues": _venues(rng, 20, days),
        "meetings": {
            "summit": {
                "title": "Ten-way summit",
                "participants": list(leaders),
                "duration": "1h",
                "align": "15m",
                "deadline": (AS_OF.date() + timedelta(days=days)).isoformat(),
            },
        },
    }


def many_venues(seed: int = 1000) -> dict[str, Any]:
    """Two leaders × 500 busy events, 1,000 venues, a 365-day horizon."""
    rng = random.Random(seed)
    days = 365
    scenario = busy_year(seed)
    scenario["title"] = "Benchmark — 1,000 venues, 2 leaders × 500 busy events, 365 days"
    for leader in scenario["leaders"].values():
        leader["busy"] = _busy(rng, 500, days, "engagement")
    scenario["venues"] = _venues(rng, 1000, days)
    scenario["meetings"]["summit"]["align"] = "15m"
    return scenario


SCENARIOS = {"busy-year": busy_year, "many-leaders": many_leaders, "many-venues": many_venues}


def write(folder: Path) -> dict[str, Path]:
    """Write every scenario into `folder`; their paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, build in SCENARIOS.items():
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(build(), sort_keys=False, allow_unicode=True, width=200), encoding="utf-8")
        paths[name] = path
    return paths


if __name__ == "__main__":
    for written in write(Path(sys.argv[1])).values():
        print(written)
