"""What each command does, apart from its options and its printing (khal's controllers pattern).

One function per command of `schedule`: it loads the scenario, plans, writes the files, and returns
the `Answer` — the text for standard output and the exit code. `cli.py` only parses the options,
calls one of these and prints what it returns. Talk that belongs on standard error as it happens
(what-if notes, warnings, which files were written) goes through `say`; `publish`, which can fail
half-way against a server, shows what is already true through `show` before an error.

Heavy modules (the solver, the picture, the CalDAV client) are imported inside the commands that
use them, so `--help`, `validate` and `schema` stay fast.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .problem import Problem
    from .whatif import WhatIf

Say = Callable[[str], None]
"""A line for standard error, said as it happens."""


@dataclass(frozen=True)
class Answer:
    """What a command leaves to print: `text` for standard output (as is, newline included), then `after`
    (lines for standard error), and the exit code (None: the command's normal end, 0)."""

    text: str = ""
    code: int | None = None
    styled: bool = False  # the text carries terminal colours
    after: tuple[str, ...] = ()


def load(scenario: Path, what_if: WhatIf, say: Say) -> Problem:
    """Load, apply the what-if flags, resolve; the what-if notes and the warnings are said on the way."""
    from .loading import load_scenario
    from .problem import build_problem

    loaded, notes = what_if.apply(load_scenario(scenario))
    for note in notes:
        say(f"what-if: {note}")
    problem = build_problem(loaded)
    for warning in problem.warnings:
        say(f"warning: {warning}")
    return problem


def propose(
    scenario: Path,
    what_if: WhatIf,
    say: Say,
    *,
    out: Path | None = None,
    top: int = 1,
    as_json: bool = False,
    workers: int = 1,
    time_limit: float | None = None,
    alarm: timedelta | None = None,
    force: bool = False,
    plot: Path | None = None,
    plot_zone: Any = None,
    report: Path | None = None,
    planner_notes: bool = False,
    table_width: int | None = None,
) -> Answer:
    """`schedule propose`: plan, write the calendar files (and the picture and the page), and answer as JSON,
    as a coloured table `table_width` wide, or as plain text. Exit code 0 when every meeting has a proposal."""
    from .files import write_all, write_set
    from .ics import calendar_files, withdrawals
    from .plan import plan
    from .render import json_text, table, text

    problem = load(scenario, what_if, say)
    result = plan(problem, top=top, workers=workers, time_limit=time_limit)
    picture = None
    if plot is not None:
        from .plot import render

        picture = render(result, plot.suffix.lower(), plot_zone)  # drawn before anything is written
    folder = out if out is not None else scenario.parent / "proposals"
    outputs = calendar_files(result, folder, force=force, alarm=alarm, planner_notes=planner_notes)
    written = write_set(folder, {name: output.data for name, output in outputs.items()}) if outputs else []
    files: dict[tuple[str, int], list[Path]] = {}
    for path in written:
        for key in outputs[path.name].carries:
            files.setdefault(key, []).append(path)
    withdrawn = withdrawals(result, outputs, folder)
    if plot is not None and picture is not None:
        write_all(plot.parent, {plot.name: picture})
        say(f"picture: {plot}")
    if report is not None:
        from .render import document
        from .report import page

        write_all(report.parent, {report.name: page(document(result, files, withdrawn), report.parent)})
        say(f"report: {report}")
    code = 0 if result.status == "proposed" else 1
    if as_json:
        return Answer(json_text(result, files, withdrawn), code)
    if table_width is not None:
        return Answer(table(result, files, table_width, withdrawn), code, styled=True)
    return Answer(text(result, files, withdrawn), code)


def report(document: Path, output: Path | None, say: Say) -> Answer:
    """`schedule report`: the briefing page of a saved `propose --json` document, written beside it or to `output`."""
    from .errors import InputError, Where
    from .files import write_all
    from .report import page, read_document

    target = output if output is not None else document.with_suffix(".html")
    if target.absolute() == document.absolute():
        raise InputError("the page would overwrite the document", Where(str(document)), hint="name it with -o")
    saved = read_document(document)
    try:
        data = page(saved, target.parent)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise InputError(
            f"not a complete `schedule propose --json` document ({type(error).__name__}: {error})",
            Where(str(document)),
            hint="save it again with: schedule propose --json > plan.json",
        ) from None
    write_all(target.parent, {target.name: data})
    say(f"report: {target}")
    return Answer()


def validate(scenario: Path, what_if: WhatIf, say: Say) -> Answer:
    """`schedule validate`: the scenario and its calendars read and checked, nothing solved."""
    from .place_checks import resolution_notes
    from .wording import counted

    problem = load(scenario, what_if, say)
    busy = sum(len(leader.busy) for leader in problem.leaders.values())
    changed = " (with the what-if changes)" if what_if else ""
    lines = [
        f"{scenario}: valid{changed} — {counted(len(problem.leaders), 'leader')}, "
        f"{counted(len(problem.venues), 'venue')}, {counted(len(problem.meetings), 'meeting')}, "
        f"{counted(busy, 'busy block')}"
    ]
    lines += [f"  place {note}" for note in resolution_notes(problem.places, problem.source)]
    return Answer("".join(line + "\n" for line in lines))


def explain(
    scenario: Path,
    what_if: WhatIf,
    say: Say,
    *,
    meeting_id: str | None = None,
    venue_id: str | None = None,
    at_text: str | None = None,
    before_text: str | None = None,
    as_json: bool = False,
) -> Answer:
    """`schedule explain`: why a venue, or a given moment, does not work (text, or the same facts as JSON)."""
    problem = load(scenario, what_if, say)
    said, document = explanation(problem, meeting_id, venue_id, at_text, before_text)
    shown = json.dumps(document, indent=2, ensure_ascii=False) if as_json else said.rstrip("\n")
    return Answer(shown + "\n")


def compare(before: Path, after: Path | None, what_if: WhatIf, say: Say, *, as_json: bool = False) -> Answer:
    """`schedule compare`: what changes between two scenarios, or a scenario and a what-if of it (AFTER defaults
    to BEFORE; the what-if flags change AFTER)."""
    from .compare import compare as changes_between
    from .errors import InputError
    from .plan import plan
    from .render import comparison_json, comparison_text
    from .whatif import WhatIf

    if after is None and not what_if:
        raise InputError(
            "nothing to compare: give a second scenario or what-if flags",
            hint="schedule compare scenario.yaml --drop-venue white-house",
        )
    first = plan(load(before, WhatIf(), say))
    second = plan(load(after or before, what_if, say))
    label = str(after or before) + (" with " + " ".join(what_if.flags()) if what_if else "")
    changes = changes_between(first, second)
    if as_json:
        return Answer(comparison_json(changes, first, second, str(before), label))
    return Answer(comparison_text(changes, str(before), label))


def publish(
    scenario: Path,
    what_if: WhatIf,
    say: Say,
    show: Say,
    *,
    url: str,
    username: str | None,
    password: str | None,
    top: int = 1,
    alarm: timedelta | None = None,
    planner_notes: bool = False,
    dry_run: bool = False,
    create_calendar: bool = False,
) -> Answer:
    """`schedule publish`: plan like propose and upload each proposal to a CalDAV calendar.

    What is already true goes out through `show` before the upload can fail: the answer when nothing fits,
    and what the server holds when the upload stops half-way (then the error is raised).
    """
    from .plan import plan
    from .publish import PartlyPublished
    from .publish import publish as upload
    from .publish import report as uploaded
    from .render import text

    problem = load(scenario, what_if, say)
    result = plan(problem, top=top)
    if result.status == "infeasible":
        show(text(result, {}))
    # Even when nothing fits: what an earlier publish stored is withdrawn.
    try:
        uploads = upload(
            result,
            url,
            username=username,
            password=password,
            alarm=alarm,
            planner_notes=planner_notes,
            dry_run=dry_run,
            create_calendar=create_calendar,
        )
    except PartlyPublished as error:  # what the server holds now, then the error
        show(uploaded(error.done))
        raise
    after = ("dry run: nothing was written to the server",) if dry_run else ()
    return Answer(uploaded(uploads, dry_run=dry_run), 0 if result.status == "proposed" else 1, after=after)


# --- explain -------------------------------------------------------------------------------------


def _pick(known: dict[str, Any], wanted: str | None, what: str) -> list[str]:
    """The ids to report on: all, or the one asked for (which must exist)."""
    import difflib

    from .errors import InputError

    if wanted is None:
        return list(known)
    if wanted not in known:
        close = difflib.get_close_matches(wanted, list(known), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise InputError(f"no {what} {wanted!r}{hint}; known: {', '.join(known)}")
    return [wanted]


def _moment(text: str, zone: Any, option: str, end: bool = False) -> tuple[datetime, bool]:
    """A command-line moment, naive times read in `zone`; a date alone is its start, or with `end` its end
    (like a date-only deadline). Also: was it naive (so that the output can say which zone read it)?"""
    from pydantic_core import PydanticCustomError

    from .errors import InputError
    from .timegrid import resolve_end, resolve_start
    from .values import parse_time_point

    try:
        value = parse_time_point(text)
    except PydanticCustomError as error:
        raise InputError(f"{option}: {error.message()}") from None
    naive = not isinstance(value, datetime) or value.tzinfo is None
    resolved = resolve_end(value, zone) if end else resolve_start(value, zone)
    return resolved.astimezone(zone), naive


def _read_in(problem: Any, venue_id: str | None) -> tuple[Any, str]:
    """The zone of naive --at/--before times: the venue's with --venue, else the scenario's; and how to say so."""
    from zoneinfo import ZoneInfo

    if venue_id is not None and venue_id in problem.venues:
        venue = problem.venues[venue_id]
        zone = problem.zone_of(venue.place)
        return zone, f"{zone.key}, the zone of {venue.name} (--venue)"
    zone = ZoneInfo(problem.zone.key)
    return zone, f"{zone.key}, the scenario's timezone"


def explanation(
    problem: Any, meeting_id: str | None, venue_id: str | None, at_text: str | None, before_text: str | None
) -> tuple[str, dict[str, Any]]:
    """`schedule explain`: text for a person and the same facts as a JSON document."""
    from dataclasses import replace

    from .availability import RuleBook
    from .errors import Where
    from .explain import at_moment, venue_story
    from .plan import plan
    from .problem import Source
    from .render import document, meeting_text, when_text

    book = RuleBook(problem)
    zone, said = _read_in(problem, venue_id)
    lines: list[str] = []
    meetings_json: list[dict[str, Any]] = []
    for mid in _pick(problem.meetings, meeting_id, "meeting"):
        meeting = problem.meetings[mid]
        venues = _pick({v: problem.venues[v] for v in meeting.venues}, venue_id, f"venue of meeting {mid}")
        lines.append(f"{meeting.title} ({mid})")
        entry: dict[str, Any] = {"meeting": mid, "venues": []}
        if at_text:
            at, naive = _moment(at_text, zone, "--at")
            entry["at"] = at.isoformat()
            entry["read_in"] = zone.key if naive else None
            if naive:
                lines.append(f"  --at {at_text.strip()} is read in {said}.")
            for vid in venues:
                venue = problem.venues[vid]
                local_at = at.astimezone(problem.zone_of(venue.place))
                broken = at_moment(problem, meeting, venue, at)
                works = "works" if not broken else "does not work:"
                lines.append(f"  {venue.name} at {when_text(local_at)}: {works}")
                lines += [f"    - {reason}" for reason in broken]
                entry["venues"].append(
                    {"venue": vid, "start": local_at.isoformat(), "works": not broken, "violations": broken}
                )
        elif before_text:
            before, naive = _moment(before_text, zone, "--before", end=True)
            if naive:
                day = "a date: the end of that day in" if "T" not in before_text.upper() else "read in"
                lines.append(f"  --before {before_text.strip()} is {day} {said}.")
            deadline = min(meeting.deadline, before) if meeting.deadline else before
            wanted_by = Source("wanted by (--before)", Where("<command line>", None, "--before"))
            narrowed = replace(
                meeting,
                deadline=deadline,
                deadline_why="wanted by (--before)",
                deadline_source=wanted_by,
                venues=tuple(venues),
            )
            wanted = replace(problem, meetings={mid: narrowed})
            result = plan(wanted)
            mp = result.meetings[0]
            entry["before"] = before.isoformat()
            entry["read_in"] = zone.key if naive else None
            lines.append(f"  Wanted before {when_text(before)}:")
            lines += ["  " + line for line in meeting_text(result, mp, {})[1:]]
            left_out = ("warnings", "withdrawn", "context")
            entry.update({k: v for k, v in document(result, {}).items() if k not in left_out})
        else:
            for vid in venues:
                story = venue_story(problem, meeting, problem.venues[vid], book)
                head = (
                    f"earliest {when_text(story.earliest)}"
                    if story.earliest
                    else "no possible start before the deadline"
                    + (f" (the first one after it: {when_text(story.after_deadline)})" if story.after_deadline else "")
                )
                lines.append(f"  {story.venue.name} ({vid}): {head}")
                if story.elements:
                    lines.append("    earlier is ruled out by:" if story.earliest else "    ruled out by:")
                    lines += [f"    - {element}" for element in story.elements]
                entry["venues"].append(
                    {
                        "venue": vid,
                        "earliest": story.earliest.isoformat() if story.earliest else None,
                        "after_deadline": story.after_deadline.isoformat() if story.after_deadline else None,
                        "ruled_out_by": [e.as_json() for e in story.elements],
                    }
                )
        meetings_json.append(entry)
    return "\n".join(lines) + "\n", {"meetings": meetings_json, "warnings": list(problem.warnings)}
