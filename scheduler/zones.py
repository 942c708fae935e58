"""The time zone abbreviations people write (IST, EST, CET) and the tz database zones that use them.

Plain zoneinfo: imports nothing from the package, so the scenario's models can name these in a hint
without importing the place data above them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

_REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Arctic/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Abbreviation (IST, EST, CET, ...) → the zones that used it in the last five years.

    Computed from zoneinfo: each region zone is read on the 15th of every third month.
    """
    year = date.today().year
    samples = [datetime(y, m, 15, 12, tzinfo=UTC) for y in range(year - 5, year + 1) for m in (1, 4, 7, 10)]
    table: dict[str, set[str]] = {}
    for name in available_timezones():
        if not name.startswith(_REGIONS):
            continue
        zone = ZoneInfo(name)
        for sample in samples:
            abbreviation = sample.astimezone(zone).tzname()
            if abbreviation and abbreviation.isalpha():
                table.setdefault(abbreviation, set()).add(name)
    return {abbreviation: tuple(sorted(zones)) for abbreviation, zones in table.items()}


def abbreviation_hint(value: str) -> str:
    """` (IST is an abbreviation, used by Asia/Kolkata, ...)` when the name is one, else ``."""
    meanings = abbreviations().get(value.strip().upper())
    if not meanings:
        return ""
    shown = ", ".join(meanings[:8]) + (f" and {len(meanings) - 8} more" if len(meanings) > 8 else "")
    return f" ({value.strip().upper()} is an abbreviation, used by {shown})"
