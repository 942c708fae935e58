"""`schedule init`: copy a bundled example workspace (a scenario and its leaders' calendars) into a folder.

The examples are the repository's `calendars/` folder, installed as the package `scheduler.examples`
(pyproject.toml maps it), so an editable install and a regular one read the same files.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from .errors import InputError, OutputError, Where
from .files import write_all

BLANK = """\
# A first scenario: two leaders, one venue, one meeting, with placeholder data that already works.
# Replace the names, places and dates with yours, then `schedule validate` and `schedule propose`.
# Every key: `schedule schema`, and "The scenario file" in the README.
version: 1
title: First bilateral meeting          # what the plan is about (also part of the calendar UIDs)
as_of: 2026-01-05T09:00                 # when the plan is made: notice counts from here (default: now)
timezone: Europe/Brussels               # zone of as_of, not_before and deadline when they give no offset

places:                                 # each city or site: IANA zone and [latitude, longitude]
  brussels: {name: Brussels, timezone: Europe/Brussels, coordinates: [50.8503, 4.3517]}
  ottawa:   {name: Ottawa, timezone: America/Toronto, coordinates: [45.4215, -75.6972]}

travel:
  speed: 800 km/h                       # great-circle estimate for any leg not in flights
  buffer: 2h                            # ground time at each end of a flight
  flights: []                           # explicit legs win, e.g. - {from: ottawa, to: brussels, duration: 7h}

leaders:
  host:
    name: Host Leader                   # shown in answers and calendars
    role: Prime Minister
    home: brussels                      # where the leader is when no itinerary stop says otherwise
    holidays: {country: Belgium}        # no meetings on home public holidays (a name or a code: BE)
    hours: "08:00-20:00"                # hours the leader accepts, local to the meeting's place
    calendars: []                       # busy time from .ics files beside this one, e.g. [host.ics]
    itinerary: []                       # where the leader is known to be, e.g. - {place: ottawa, start: ..., end: ...}
    busy: []                            # e.g. - {start: 2026-01-06T09:00, end: 2026-01-06T12:00, what: cabinet}
  guest:
    name: Guest Leader
    home: ottawa
    holidays: {country: CA}
    # Not firm: the guest may fly in early or stay on, and an answer that relies on it says so
    # (firm: true on a stop forbids that). Naive times are local to the stop's place.
    itinerary:
      - {place: brussels, start: 2026-01-12T08:00, end: 2026-01-14T18:00, what: conference}

venues:
  brussels-visit:
    name: Visit to Brussels
    place: brussels
    host: host                          # the leader who receives the visit
    notice: 1 week                      # lead time after as_of
    weekdays: mon-fri
    hours: 09:00–18:00                  # venue-local
    closed_on_holidays: Belgium         # closed on the host country's public holidays

meetings:
  first-meeting:
    title: First bilateral meeting
    participants: [host, guest]
    duration: 1 hour
    align: 30m                          # starts on :00 and :30 of the venue's clock
    deadline: {at: 2026-02-27, why: placeholder reason}   # must start before it; a date means its end
    venues: [brussels-visit]            # candidates, best first (default: every venue, in file order)
"""
"""`schedule init --blank`: every key a first scenario needs, each with a comment, and data that proposes."""

DEFAULT_EXAMPLE = "korea-us-2025"


def examples() -> dict[str, Traversable]:
    """The bundled workspaces by name: every folder of `calendars/` with a scenario.yaml."""
    root = files("scheduler.examples")
    return {
        folder.name: folder
        for folder in sorted(root.iterdir(), key=lambda f: f.name)
        if folder.is_dir() and (folder / "scenario.yaml").is_file()
    }


def describe(folder: Traversable) -> str:
    """An example's one-line description: its scenario's title."""
    import yaml

    try:
        data = yaml.safe_load(folder.joinpath("scenario.yaml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "(its scenario.yaml cannot be read)"
    title = data.get("title") if isinstance(data, dict) else None
    return str(title) if title else "(no title)"


def listing() -> list[tuple[str, str]]:
    """(name, description) of each bundled example."""
    return [(name, describe(folder)) for name, folder in examples().items()]


def workspace_files(example: str) -> dict[str, bytes]:
    """The files a newcomer starts from: the scenario and the calendars beside it (no generated proposals/)."""
    known = examples()
    if example not in known:
        raise InputError(f"no bundled example {example!r}; examples: {', '.join(known)}", Where("--example"))
    folder = known[example]
    return {
        item.name: item.read_bytes()
        for item in sorted(folder.iterdir(), key=lambda f: f.name)
        if item.is_file() and item.name.endswith((".yaml", ".ics"))
    }


def init(folder: Path, example: str = DEFAULT_EXAMPLE, force: bool = False, blank: bool = False) -> list[Path]:
    """Write the example's files (or, `blank`, the template as scenario.yaml) into `folder`.

    An existing file is never overwritten unless `force`.
    """
    content = {"scenario.yaml": BLANK.encode("utf-8")} if blank else workspace_files(example)
    existing = [name for name in content if (folder / name).exists()]
    if existing and not force:
        raise OutputError(
            f"would overwrite {', '.join(existing)}",
            Where(str(folder)),
            hint="choose an empty folder (schedule init NEW-FOLDER), or add --force to replace them",
        )
    return write_all(folder, content)
