"""YAML → Scenario. Every error names the file, the line and the key path.

YAML is read with a safe loader that keeps only YAML 1.2's plain scalars (no `no` → False, no
sexagesimal numbers, no timestamp guessing: times are parsed by the scenario models), rejects
duplicate keys, and caps nodes and depth before anything walks the data (alias bombs).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import InputError, ScenarioErrors, Where
from .filenames import clashes
from .files import NotARegularFile, read_file
from .place_checks import check_places
from .scenario import Scenario, UnknownKey
from .sourcemap import KeyPath, SourceMap, format_path

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's when installed) with YAML 1.2 core-schema scalars."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


@dataclass
class LoadedScenario:
    """A validated scenario with the file it came from and where each key stands."""

    scenario: Scenario
    source: SourceMap

    @property
    def folder(self) -> Path:
        return self.source.file.parent


def _to_python(node: yaml.Node, loader: _Loader, source: SourceMap, path: KeyPath, budget: list[int]) -> Any:
    budget[0] += 1
    if budget[0] > MAX_NODES:
        raise InputError(
            f"the YAML expands to more than {MAX_NODES:,} values (aliases?); refusing to read it",
            Where(str(source.file), node.start_mark.line + 1),
        )
    if len(path) > MAX_DEPTH:
        raise InputError(
            f"the YAML is nested more than {MAX_DEPTH} levels deep",
            Where(str(source.file), node.start_mark.line + 1, format_path(path)),
        )
    source.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    "keys must be plain text",
                    Where(str(source.file), key_node.start_mark.line + 1, format_path(path) or None),
                )
            key = _scalar(key_node, loader, source, path)
            key = str(key) if not isinstance(key, str) else key
            child = (*path, key)
            if key in result:
                raise InputError(
                    f"duplicate key {key!r} (first at line {source.lines[child]})",
                    Where(str(source.file), key_node.start_mark.line + 1, format_path(child)),
                )
            source.lines[child] = key_node.start_mark.line + 1
            result[key] = _to_python(value_node, loader, source, child, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, loader, source, (*path, i), budget) for i, item in enumerate(node.value)]
    return _scalar(node, loader, source, path)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline: a CR overwrites a shown line


def _scalar(node: yaml.Node, loader: _Loader, source: SourceMap, path: KeyPath) -> Any:
    """One value as YAML reads it; a value Python refuses (an integer of 5,000 digits) is an input error.

    Text may not hold control characters ("\\x1b" in a quoted string): they would reach the terminal
    and the calendar files, where RFC 5545 forbids them. Tab and newline are text (multi-line `what`);
    a carriage return is not: on a terminal it moves back over the line, so a name could show as another.
    """
    try:
        value = loader.construct_object(node)
    except (ValueError, OverflowError) as error:
        problem = f"cannot read this value: {error}"
    else:
        if not (isinstance(value, str) and (control := _CONTROL.search(value))):
            return value
        problem = f"text may not contain control characters (found U+{ord(control.group()):04X})"
    raise InputError(problem, Where(str(source.file), node.start_mark.line + 1, format_path(path) or None))


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def _count_nodes(text: str, file: Path) -> None:
    """Refuse a document of more than MAX_NODES nodes while parsing it, before they are all built.

    libyaml builds every node of a document before anything can count them: a 5 MB flow list of
    2.6 million numbers took 12 s and 860 MB. Events stream, so counting them stops early.
    """
    counter = _Loader(text)
    try:
        nodes = 0
        while counter.check_event():
            event = counter.get_event()
            if isinstance(event, _NODE_EVENTS):
                nodes += 1
                if nodes > MAX_NODES:
                    raise InputError(
                        f"the YAML has more than {MAX_NODES:,} values; refusing to read it",
                        Where(str(file), event.start_mark.line + 1 if event.start_mark else None),
                    )
    finally:
        counter.dispose()


def read_yaml(text: str, file: Path) -> tuple[Any, SourceMap]:
    """Parse YAML text into plain data and a map of key paths to lines."""
    source = SourceMap(file)
    loader = _Loader(text)
    try:
        if len(text) > 2 * MAX_NODES:  # denser text could hold more nodes than the cap
            _count_nodes(text, file)
        node = loader.get_single_node()
        if node is None:
            raise InputError("the file is empty; start from `schedule init` or the README's example", Where(str(file)))
        data = _to_python(node, loader, source, (), [0])
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", Where(str(file), line)) from None
    except yaml.YAMLError as error:
        raise InputError(f"YAML error: {error}", Where(str(file))) from None
    finally:
        loader.dispose()
    return data, source


def read_text(file: Path) -> str:
    try:
        raw = read_file(file, MAX_BYTES)  # never more than the limit: a 50 MB file stops here
    except FileNotFoundError:
        raise InputError("no such file; `schedule init` writes an example scenario.yaml", Where(str(file))) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a scenario file", Where(str(file))) from None
    except NotARegularFile as error:  # a pipe or a device (/dev/stdin, /dev/zero): it could block or never end
        raise InputError(f"is {error.kind}, not a scenario file", Where(str(file))) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", Where(str(file))) from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"the file is over {MAX_BYTES:,} bytes, the limit for a scenario", Where(str(file)))
    if b"\0" in raw:
        raise InputError("this is a binary file, not YAML", Where(str(file)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {error.start})", Where(str(file), line)) from None


def _validation_errors(error: ValidationError, source: SourceMap) -> list[InputError]:
    found = []
    for item in error.errors(include_url=False):
        path: KeyPath = tuple(p for p in item["loc"] if isinstance(p, int) or not _is_internal(p))
        message = item["msg"]
        if item["type"] == "extra_forbidden" and isinstance(item.get("input"), UnknownKey):
            message = item["input"].message
        elif item["type"] == "missing":
            message = "this key is required"
        found.append(InputError(message, source.where(path)))
    return found


def _is_internal(part: str) -> bool:
    """Pydantic adds validator names (e.g. `function-after[...]`, `date`) to error locations."""
    return "[" in part or part in {"date", "datetime", "str", "list", "dict", "tuple", "int", "float", "bool"}


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _listing(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _references(data: dict[str, Any], source: SourceMap) -> list[InputError]:
    """Every id the scenario mentions must be defined.

    Read from the plain data, so that a file with other mistakes still gets these errors in the same
    run; a value of the wrong kind (not text) is the models' error, not this check's.
    """
    errors: list[InputError] = []

    def check(value: Any, known: dict[str, Any], what: str, path: KeyPath) -> None:
        if isinstance(value, str) and value not in known:
            close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            errors.append(
                InputError(f"{what} {value!r} is not defined{hint}; known: {', '.join(known)}", source.where(path))
            )

    places, leaders, venues = (_mapping(data.get(key)) for key in ("places", "leaders", "venues"))
    for i, flight in enumerate(_listing(_mapping(data.get("travel")).get("flights"))):
        check(_mapping(flight).get("from"), places, "place", ("travel", "flights", i, "from"))
        check(_mapping(flight).get("to"), places, "place", ("travel", "flights", i, "to"))
    for lid, leader in leaders.items():
        leader = _mapping(leader)
        check(leader.get("home"), places, "place", ("leaders", lid, "home"))
        for i, stop in enumerate(_listing(leader.get("itinerary"))):
            check(_mapping(stop).get("place"), places, "place", ("leaders", lid, "itinerary", i, "place"))
    for vid, venue in venues.items():
        venue = _mapping(venue)
        check(venue.get("place"), places, "place", ("venues", vid, "place"))
        check(venue.get("host"), leaders, "leader", ("venues", vid, "host"))
    for mid, meeting in _mapping(data.get("meetings")).items():
        meeting = _mapping(meeting)
        participants = _listing(meeting.get("participants"))
        for i, who in enumerate(participants):
            check(who, leaders, "leader", ("meetings", mid, "participants", i))
        names = [who for who in participants if isinstance(who, str)]
        if len(set(names)) != len(names):
            errors.append(InputError("a leader is listed twice", source.where(("meetings", mid, "participants"))))
        for i, vid in enumerate(_listing(meeting.get("venues"))):
            check(vid, venues, "venue", ("meetings", mid, "venues", i))
        if meeting.get("venues") == []:
            errors.append(
                InputError(
                    "list at least one venue, or leave the key out to use all",
                    source.where(("meetings", mid, "venues")),
                )
            )
    return errors


def load_scenario(path: str | Path) -> LoadedScenario:
    """Read and validate a scenario file; raise ScenarioErrors listing every problem found."""
    file = Path(path)
    data, source = read_yaml(read_text(file), file)
    if not isinstance(data, dict):
        raise InputError(
            "expected a mapping of keys (version, title, places, leaders, ...) at the top", Where(str(file), 1)
        )
    return validate(data, source)


def validate(data: dict[str, Any], source: SourceMap) -> LoadedScenario:
    """Plain YAML data → a validated scenario (the models, then every id reference); ScenarioErrors if not."""
    errors = _references(data, source)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        errors = _validation_errors(error, source) + errors
    else:
        errors += check_places(scenario, source)  # coordinates and zone agree (place_checks.py)
        errors += [
            InputError(clash.message, source.where(clash.path))
            for clash in clashes(list(scenario.meetings), list(scenario.leaders))
        ]
    if errors:
        raise ScenarioErrors(errors)
    return LoadedScenario(scenario, source)
