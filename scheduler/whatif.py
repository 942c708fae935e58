"""What-if: change a scenario for one run from the command line, without editing its file.

The edits apply to the validated scenario, before the problem is built, so a what-if run goes
through the same validation, solving and verification as an edited file would. They apply in a
fixed order, whatever the order on the command line:

1. `--set KEY.PATH=VALUE` (in the order given): the value is read as YAML and put at the key path
   (`meetings.summit.duration=45m`, `leaders.trump.itinerary[1].end=2025-06-16T22:00`).
2. `--as-of DATETIME`: the scenario's `as_of` (naive: the scenario's `timezone`).
3. `--drop-venue VENUE`: the venue and every mention of it in the meetings' `venues` lists go.
4. `--leave LEADER@DATETIME`: the leader leaves wherever they are at that moment and goes home.
   The itinerary stop that contains the moment ends at it, every stop starting at or after it is
   dropped, and a stop at home is added from the moment the leader lands there (the leg from the
   place they left, ground time included: the same leg the solver uses) to the end of the planning
   window. Outside any stop at that moment, the leader leaves the place of the last stop before it
   (home if none). A naive moment is local to where the leader is: read in the zone of the stop it
   falls in, and in the leader's home zone when it falls in none. Busy time and calendars are left
   as they are.

Errors name the flag that caused them (exit code 2, like any bad input).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic_core import PydanticCustomError

from .between import left_last
from .errors import InputError, ScenarioErrors, Where
from .loading import KeyPath, LoadedScenario, SourceMap, format_path, read_yaml, validate
from .scenario import Scenario, Stop
from .timegrid import resolve_end, resolve_start
from .travel import TravelTimes
from .values import YEARS, parse_time_point
from .wording import clock


@dataclass(frozen=True)
class WhatIf:
    """The what-if flags of one run, as typed."""

    sets: tuple[str, ...] = ()
    drop_venues: tuple[str, ...] = ()
    leaves: tuple[str, ...] = ()
    as_of: str | None = None

    def __bool__(self) -> bool:
        return bool(self.sets or self.drop_venues or self.leaves or self.as_of)

    def flags(self) -> list[str]:
        """The flags as they would be typed, in the order they apply."""
        return (
            [f"--set {text}" for text in self.sets]
            + ([f"--as-of {self.as_of}"] if self.as_of else [])
            + [f"--drop-venue {venue}" for venue in self.drop_venues]
            + [f"--leave {text}" for text in self.leaves]
        )

    def apply(self, loaded: LoadedScenario) -> tuple[LoadedScenario, list[str]]:
        """The scenario with these changes, re-validated, and a note for each change a reader might not expect."""
        if not self:
            return loaded, []
        data: dict[str, Any] = loaded.scenario.model_dump(mode="json", by_alias=True, exclude_unset=True)
        source = SourceMap(loaded.source.file, dict(loaded.source.lines))
        edited: list[tuple[str, KeyPath]] = []
        for text in self.sets:
            edited.append((f"--set {text}", _set(data, text)))
        if self.as_of is not None:
            _time_point(self.as_of, "--as-of")
            data["as_of"] = self.as_of
            edited.append((f"--as-of {self.as_of}", ("as_of",)))
        result = _validated(data, source, edited)
        if self.drop_venues:
            for venue in self.drop_venues:
                _drop_venue(data, source, venue)
            result = _validated(data, source, edited)
        notes: list[str] = []
        for text in self.leaves:
            notes += _leave(result.scenario, data, source, text)
            # The itinerary it rewrote (and the stop at home it added) is the flag's doing, not the file's.
            edited.append((f"--leave {text}", ("leaders", text.partition("@")[0], "itinerary")))
            result = _validated(data, source, edited)
        return result, notes


# --- --set ---------------------------------------------------------------------------------------

_INDEX = re.compile(r"\[(\d+)\]")


def _set(data: dict[str, Any], text: str) -> KeyPath:
    """Put the YAML value at the key path; return the path."""
    flag = f"--set {text}"
    key, equals, value_text = text.partition("=")
    if not equals or not key.strip():
        raise InputError("expected KEY.PATH=VALUE, e.g. --set meetings.summit.duration=45m", Where(flag))
    if not value_text.strip():
        raise InputError("give a value after '=' (null resets an optional key to its default)", Where(flag))
    value = read_yaml(value_text, Path(flag))[0]
    parts = _parts(key.strip())
    if not parts:  # only dots, say `--set ..=5`
        raise InputError("expected KEY.PATH=VALUE, e.g. --set meetings.summit.duration=45m", Where(flag))
    path: list[str | int] = []
    node: Any = data
    while parts:
        step, parts = _step(node, parts)
        if not parts:
            if isinstance(node, dict) or (isinstance(step, int) and 0 <= step < len(node)):
                node[step] = value
            else:
                raise InputError(f"{format_path(tuple(path))} has {len(node)} items, counted from 0", Where(flag))
            return (*path, step)
        node = _child(node, step, tuple(path), flag)
        path.append(step)
    raise AssertionError("unreachable: a key path has at least one part")


def _parts(key: str) -> list[str | int]:
    """`leaders.lee.itinerary[1].end` or `leaders.lee.itinerary.1.end` → its parts."""
    parts: list[str | int] = []
    for piece in key.split("."):
        head = _INDEX.split(piece)
        if head[0]:
            parts.append(int(head[0]) if head[0].isdigit() else head[0])
        parts += [int(number) for number in head[1::2]]
    return parts


def _step(node: Any, parts: list[str | int]) -> tuple[str | int, list[str | int]]:
    """The next key, joining dotted parts when an id itself contains dots (a place `st.johns`)."""
    if isinstance(node, dict):
        for size in range(len(parts), 1, -1):
            joined = ".".join(str(part) for part in parts[:size])
            if joined in node:
                return joined, parts[size:]
        return str(parts[0]), parts[1:]
    return parts[0], parts[1:]


def _child(node: Any, step: str | int, path: KeyPath, flag: str) -> Any:
    where = format_path(path) or "the scenario"
    if isinstance(node, dict):
        if step not in node:
            close = difflib.get_close_matches(str(step), [str(key) for key in node], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InputError(
                f"{where} has no key {str(step)!r}{hint}; it has: {', '.join(map(str, node))}", Where(flag)
            )
        return node[step]
    if isinstance(node, list):
        if not isinstance(step, int) or not 0 <= step < len(node):
            raise InputError(f"{where} is a list of {len(node)} items: use an index from 0, e.g. [0]", Where(flag))
        return node[step]
    raise InputError(f"{where} is a single value, not a mapping or a list", Where(flag))


# --- --as-of, --drop-venue -----------------------------------------------------------------------


def _time_point(text: str, flag: str) -> Any:
    try:
        return parse_time_point(text)
    except PydanticCustomError as error:
        raise InputError(error.message(), Where(flag)) from None


def _drop_venue(data: dict[str, Any], source: SourceMap, venue: str) -> None:
    flag = f"--drop-venue {venue}"
    venues: dict[str, Any] = data["venues"]
    if venue not in venues:
        close = difflib.get_close_matches(venue, list(venues), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise InputError(f"no venue {venue!r}{hint}; venues: {', '.join(venues)}", Where(flag))
    if len(venues) == 1:
        raise InputError("it is the only venue; nothing would be left to plan", Where(flag))
    del venues[venue]
    for mid, meeting in data["meetings"].items():
        listed = meeting.get("venues")
        if not listed or venue not in listed:
            continue
        kept = [i for i, vid in enumerate(listed) if vid != venue]
        if not kept:
            raise InputError(f"meeting {mid} lists no other venue; nothing would be left to plan", Where(flag))
        meeting["venues"] = [listed[i] for i in kept]
        _reindex(source, ("meetings", mid, "venues"), kept)


def _reindex(source: SourceMap, path: KeyPath, kept: list[int]) -> None:
    """After items of the list at `path` were removed, keep each remaining item's lines under its new index."""
    depth = len(path)
    moved = {old: new for new, old in enumerate(kept)}
    lines = {}
    for key, line in source.lines.items():
        index = key[depth] if key[:depth] == path and len(key) > depth else None
        if isinstance(index, int):
            if index not in moved:
                continue
            key = (*path, moved[index], *key[depth + 1 :])
        lines[key] = line
    source.lines = lines


# --- --leave -------------------------------------------------------------------------------------


def _leave(scenario: Scenario, data: dict[str, Any], source: SourceMap, text: str) -> list[str]:
    flag = f"--leave {text}"
    lid, at, when = text.partition("@")
    if not at or not lid or not when:
        raise InputError("expected LEADER@DATETIME, e.g. --leave trump@2025-06-16T22:00", Where(flag))
    if lid not in scenario.leaders:
        close = difflib.get_close_matches(lid, list(scenario.leaders), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise InputError(f"no leader {lid!r}{hint}; leaders: {', '.join(scenario.leaders)}", Where(flag))
    leader = scenario.leaders[lid]
    stops = [(stop, *_span(scenario, stop)) for stop in leader.itinerary]
    moment = _moment(scenario, lid, _time_point(when, flag), stops, flag)
    kept: list[int] = []
    itinerary: list[dict[str, Any]] = []
    notes: list[str] = []
    for i, (stop, start, end) in enumerate(stops):
        place = scenario.places[stop.place]
        shown = f"{place.name} {start.astimezone(ZoneInfo(place.timezone)):%a %d %b %H:%M}"
        row = data["leaders"][lid]["itinerary"][i]
        if start >= moment:
            notes.append(f"{leader.name}'s stop from {shown} is dropped")
            continue
        kept.append(i)
        if end <= moment:
            itinerary.append(row)
        else:
            local_end = moment.astimezone(ZoneInfo(place.timezone))
            itinerary.append({**row, "end": local_end.isoformat(timespec="minutes")})
            notes.append(f"{leader.name}'s stop in {place.name} now ends {clock(local_end)}")
    left = left_last([(start, end) for _, start, end in stops], moment)  # the stop the leader leaves from
    origin = stops[left][0].place if left is not None else leader.home
    travel = TravelTimes(scenario.travel, dict(scenario.places))
    *_, arrival = travel.leg(origin, leader.home).times(moment)  # elapsed time, also across a DST change
    home = scenario.places[leader.home]
    home_zone = ZoneInfo(home.timezone)
    itinerary.append(
        {
            "place": leader.home,
            "start": arrival.astimezone(home_zone).isoformat(timespec="minutes"),
            "end": min(_horizon(scenario, moment).astimezone(home_zone), _LAST.replace(tzinfo=home_zone)).isoformat(
                timespec="minutes"
            ),
            "what": f"back home ({flag})",
        }
    )
    notes.append(f"{leader.name} is home in {home.name} from {clock(arrival.astimezone(home_zone))}")
    notes = [f"{note} ({flag})" for note in notes]
    data["leaders"][lid]["itinerary"] = itinerary
    _reindex(source, ("leaders", lid, "itinerary"), kept)
    return notes


_LAST = datetime(YEARS[-1], 12, 31, 23, 59)  # the latest time a scenario may name


def _horizon(scenario: Scenario, moment: datetime) -> datetime:
    """After every search and explanation of the plan: the latest deadline (or the moment) plus two years."""
    deadlines = [
        resolve_end(meeting.deadline.at, ZoneInfo(scenario.timezone))
        for meeting in scenario.meetings.values()
        if meeting.deadline
    ]
    return max([moment, *deadlines]) + timedelta(days=2 * 366)


def _span(scenario: Scenario, stop: Stop) -> tuple[datetime, datetime]:
    zone = ZoneInfo(scenario.places[stop.place].timezone)
    return resolve_start(stop.start, zone), resolve_end(stop.end, zone)


def _moment(
    scenario: Scenario, lid: str, value: Any, stops: list[tuple[Stop, datetime, datetime]], flag: str
) -> datetime:
    """The instant of a --leave: as written if it has an offset, else local to where the leader is then."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    inside = {
        instant
        for stop, start, end in stops
        if start <= (instant := resolve_start(value, ZoneInfo(scenario.places[stop.place].timezone))) < end
    }
    if len(inside) > 1:
        raise InputError(
            "this local time falls in two stops of different time zones; give an offset, e.g. 2025-06-16T22:00-06:00",
            Where(flag),
        )
    if inside:
        return inside.pop()
    return resolve_start(value, ZoneInfo(scenario.places[scenario.leaders[lid].home].timezone))


# --- validation ----------------------------------------------------------------------------------


def _validated(data: dict[str, Any], source: SourceMap, edited: list[tuple[str, KeyPath]]) -> LoadedScenario:
    """Validate the changed data; an error at or below a changed key names the flag that changed it."""
    try:
        return validate(data, source)
    except ScenarioErrors as errors:
        raise ScenarioErrors([_blame(error, edited) for error in errors.errors]) from None


def _blame(error: InputError, edited: list[tuple[str, KeyPath]]) -> InputError:
    key = error.where.key if error.where else None
    for flag, path in reversed(edited):
        prefix = format_path(path)
        if key is not None and (key == prefix or key.startswith((prefix + ".", prefix + "["))):
            return InputError(error.message, Where(flag, None, key))
    return error
