"""Public holidays from the `holidays` package, with a small on-disk cache.

Importing `holidays` loads every country it knows (≈0.2 s), which would dominate a run, so each
(country, subdivision, year) is cached as JSON under $XDG_CACHE_HOME/summit-scheduler, keyed by
the installed package's files: an upgrade of `holidays` invalidates the cache by itself.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import tempfile
from datetime import date
from pathlib import Path


class UnknownRegion(ValueError):
    """The holidays package has no such country or subdivision."""


def _cache_file() -> Path | None:
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    stamp = os.stat(spec.origin).st_mtime_ns
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "summit-scheduler" / f"holidays-{stamp}.json"


def _read(file: Path | None) -> dict[str, dict[str, str]]:
    if file is None:
        return {}
    try:
        data = json.loads(file.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(file: Path | None, data: dict[str, dict[str, str]]) -> None:
    """Best effort and atomic: a cache that cannot be written is simply not used next time."""
    if file is None:
        return
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, sort_keys=True)
        os.replace(temp, file)


def public_holidays(country: str, subdivision: str | None, years: range) -> dict[date, str]:
    """{date: name} of the public holidays of `country` (and `subdivision`) in `years`."""
    file = _cache_file()
    cache = _read(file)
    keys = {year: f"{country}|{subdivision or ''}|{year}" for year in years}
    missing = [year for year, key in keys.items() if key not in cache]
    if missing:
        import holidays  # slow: every country's rules load on first use

        try:
            table = holidays.country_holidays(country, subdiv=subdivision, years=missing)
        except NotImplementedError as error:
            if subdivision and "subdivision" in str(error):
                raise UnknownRegion(f"the holidays package has no subdivision {subdivision!r} of {country!r}") from None
            raise UnknownRegion(f"the holidays package has no country {country!r}") from None
        except Exception as error:  # unknown subdivisions raise plain exceptions
            raise UnknownRegion(str(error)) from None
        for year in missing:
            cache[keys[year]] = {day.isoformat(): name for day, name in table.items() if day.year == year}
        _write(file, cache)
    return {date.fromisoformat(day): name for key in keys.values() for day, name in cache[key].items()}
