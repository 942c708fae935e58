"""Warnings about input that is valid but probably not what was meant (a day saved, not an error).

- A leader or venue that no meeting uses: often a typo in `participants` or `venues` elsewhere.
- An unescaped comma in an input calendar's LOCATION that changes which place the event matches:
  RFC 5545 makes `,` in a text value a separator unless written `\\,`. The calendar library reads
  the line as one text, and so does the place matcher ("National Mall, Washington, D.C." → the place
  named "Washington, D.C."); a strict reader takes the pieces apart. When the two readings match
  different places, the event's whereabouts hang on the writer's sloppiness: say so with file:line.
"""

from __future__ import annotations

from pathlib import Path

from .files import read_file
from .loading import SourceMap
from .scenario import Scenario
from .whereabouts import PlaceMatcher


def unused(scenario: Scenario, source: SourceMap) -> list[str]:
    """Leaders in no meeting's participants; venues in no meeting's candidates (no `venues:` means all)."""
    warnings: list[str] = []
    meetings = scenario.meetings.values()
    taking_part = {lid for meeting in meetings for lid in meeting.participants}
    for lid in scenario.leaders:
        if lid not in taking_part:
            warnings.append(f"{source.where(('leaders', lid))}: leader {lid!r} takes part in no meeting")
    if all(meeting.venues is not None for meeting in meetings):
        candidates = {vid for meeting in meetings for vid in meeting.venues or ()}
        for vid in scenario.venues:
            if vid not in candidates:
                warnings.append(f"{source.where(('venues', vid))}: venue {vid!r} is in no meeting's venues")
    return warnings


def _unfolded(text: str) -> list[tuple[int, str]]:
    """The content lines of an .ics text with their first line number (RFC 5545 §3.1 unfolding)."""
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + line[1:])
        else:
            lines.append((number, line))
    return lines


def _location_value(line: str) -> str | None:
    """The raw value of a LOCATION line (after its parameters, which may quote a ':'), else None."""
    name = line.split(";", 1)[0].split(":", 1)[0]
    if name.strip().upper() != "LOCATION":
        return None
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[index + 1 :]
    return None


_ESCAPES = {"\\": "\\", ",": ",", ";": ";", "n": "\n", "N": "\n"}


def _pieces(raw: str) -> list[str]:
    """The text value split at its unescaped commas, each piece unescaped."""
    pieces, current, index = [], "", 0
    while index < len(raw):
        char = raw[index]
        if char == "\\" and index + 1 < len(raw):
            current += _ESCAPES.get(raw[index + 1], raw[index + 1])
            index += 2
            continue
        if char == ",":
            pieces.append(current)
            current = ""
        else:
            current += char
        index += 1
    return [*pieces, current]


def location_commas(path: Path, label: str, matcher: PlaceMatcher, limit: int) -> list[str]:
    """A warning for each LOCATION whose unescaped commas change the places it matches (`label:line`)."""
    try:
        text = read_file(path, limit).decode("utf-8", errors="replace")
    except OSError:
        return []  # the calendar reader has already said what is wrong with the file
    warnings = []
    for number, line in _unfolded(text):
        raw = _location_value(line)
        if raw is None:
            continue
        pieces = _pieces(raw)
        if len(pieces) < 2:
            continue
        whole = ",".join(pieces).strip()
        as_one = matcher.candidates(whole, None)
        apart = tuple(dict.fromkeys(pid for piece in pieces for pid in matcher.candidates(piece.strip(), None)))
        if set(as_one) != set(apart):
            read = ", ".join(as_one) or "no place"
            strict = ", ".join(apart) or "no place"
            warnings.append(
                f"{label}:{number}: LOCATION {whole!r} has an unescaped comma: read as one text (as here) it matches "
                f"{read}, taken apart at the comma (as RFC 5545 reads it) {strict}; write the comma as '\\,' "
                "so every calendar reads it the same"
            )
    return warnings
