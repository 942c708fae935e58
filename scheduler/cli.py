"""The `schedule` command. Thin: each command parses its options, calls its function in `commands`, and prints
what it returns; one error boundary at the edge.

stdout is data (the answer or the JSON document); stderr is talk (warnings and errors).
Exit codes: 0 a proposal was made; 1 no feasible meeting; 2 bad input or usage; 3 internal error.
"""

from __future__ import annotations

import errno
import json
import math
import os
import sys
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from . import MAX_TOP
from .errors import ScenarioErrors, SchedulerError

if TYPE_CHECKING:
    from .commands import Answer

F = TypeVar("F", bound=Callable[..., Any])


class _Terminated(KeyboardInterrupt):
    """SIGTERM (timeout, systemd, docker): handled like Ctrl-C, with its own exit code."""


class _StdoutFailed(Exception):
    """Writing the answer to stdout failed (a full disk, a closed pipe): the run's work itself is done."""

    def __init__(self, error: OSError):
        super().__init__(error.strerror)
        self.error = error


class _Stdout:
    """sys.stdout during a command: a character its encoding lacks becomes a replacement character
    (e.g. cp1252 has no "−"), and a failed write is reported as such, not as a bug."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except UnicodeEncodeError:
            encoding = getattr(self._stream, "encoding", None) or "utf-8"
            return int(self._stream.write(text.encode(encoding, "replace").decode(encoding)))
        except OSError as error:
            raise _StdoutFailed(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise _StdoutFailed(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _terminate(signum: int, frame: Any) -> None:
    raise _Terminated


def _silence_stdout(stream: Any) -> None:
    """After stdout failed: point it at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # no file descriptor (a test's captured stdout)
        return


def _interruption(error: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl-C or SIGTERM behind `error` (itself, or what caused it), if any."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _interrupted(interrupt: KeyboardInterrupt, written: list[str]) -> NoReturn:
    """Ctrl-C (exit code 130) or SIGTERM (143), saying truly what was written for good."""
    code = 143 if isinstance(interrupt, _Terminated) else 130
    what = "terminated" if code == 143 else "interrupted"
    if written:
        click.echo(f"{what}; {'; '.join(written)}, the answer was not shown", err=True)
    else:
        click.echo(f"{what}; nothing was written", err=True)
    sys.exit(code)


def _boundary(command: F) -> F:
    """Turn our errors into a message on stderr and an exit code; never a traceback.

    Ctrl-C and SIGTERM say what is true: nothing was written, or (after the switch, see outputs.py) that
    the files were written. stdout that cannot take the answer (a full disk: exit code 2; a closed pipe:
    exit code 141, quietly) is reported as that, after the files were written.
    """

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        import signal
        import threading

        from .files import committed, forget_committed

        forget_committed()
        real_stdout = sys.stdout
        sys.stdout = _Stdout(real_stdout)
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
        try:
            try:
                return command(*args, **kwargs)
            finally:
                sys.stdout.flush()
        except SchedulerError as error:
            for line in error.lines() if isinstance(error, ScenarioErrors) else [str(error)]:
                click.echo(f"error: {line}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt as interrupt:
            _interrupted(interrupt, committed())
        except _StdoutFailed as failure:
            _silence_stdout(real_stdout)
            if failure.error.errno == errno.EPIPE:  # the reader went away (e.g. `| head`): not an error to report
                sys.exit(141)
            done = " (the files were written)" if committed() else ""
            click.echo(f"error: cannot write the answer to standard output: {failure.error.strerror}{done}", err=True)
            sys.exit(2)
        except Exception as error:  # a bug: say so plainly; SCHEDULE_DEBUG=1 shows the traceback
            if (cause := _interruption(error)) is not None:
                # Ctrl-C inside a C extension's import (ortools) comes out as "ImportError: initialization
                # failed", caused by the KeyboardInterrupt: an interruption all the same, not a bug
                _interrupted(cause, committed())
            if os.environ.get("SCHEDULE_DEBUG"):
                raise
            click.echo(
                f"internal error (a bug, please report it with the scenario): {type(error).__name__}: {error}\n"
                "  hint: run again with SCHEDULE_DEBUG=1 to see the traceback",
                err=True,
            )
            sys.exit(3)
        finally:
            sys.stdout = real_stdout
            if main_thread:
                signal.signal(signal.SIGTERM, previous)

    return run  # type: ignore[return-value]


def _say(line: str) -> None:
    click.echo(line, err=True)


def _print(answer: Answer) -> None:
    """Print a command's answer (see commands.Answer): the text, the talk that follows it, the exit code."""
    if answer.text:
        click.echo(answer.text, nl=False, color=True if answer.styled else None)
    for line in answer.after:
        _say(line)
    if answer.code is not None:
        sys.exit(answer.code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summit-scheduler", prog_name="schedule")
def main() -> None:
    """Find the earliest moment leaders can meet, across venues and time zones, and write it as calendar files.

    \b
    Example:
      schedule init my-summit && cd my-summit
      schedule propose            # reads ./scenario.yaml, writes proposals/*.ics
    """


def _duration(context: click.Context, parameter: click.Parameter, value: str | None) -> timedelta | None:
    """A click callback reading durations the way the scenario does (1h, 90m, PT1H30M)."""
    from pydantic_core import PydanticCustomError

    from .values import parse_duration

    if value is None:
        return None
    try:
        return parse_duration(value)
    except PydanticCustomError as error:
        raise click.BadParameter(str(error)) from None


SCENARIO = click.argument(
    "scenario", type=click.Path(path_type=Path, dir_okay=False), default="scenario.yaml", required=False
)

WHAT_IF = [
    click.option(
        "--set",
        "sets",
        multiple=True,
        metavar="KEY.PATH=VALUE",
        help="What-if: change one value of the scenario for this run (read as YAML; repeatable), "
        "e.g. --set meetings.summit.duration=45m or --set leaders.trump.itinerary[1].end=2025-06-16T22:00.",
    ),
    click.option(
        "--as-of",
        "as_of",
        metavar="DATETIME",
        help="What-if: plan as of this moment (naive: the scenario's timezone), e.g. --as-of 2025-06-10T09:00.",
    ),
    click.option(
        "--drop-venue",
        "drop_venues",
        multiple=True,
        metavar="VENUE",
        help="What-if: leave this venue out (repeatable), e.g. --drop-venue g7-kananaskis.",
    ),
    click.option(
        "--leave",
        "leaves",
        multiple=True,
        metavar="LEADER@DATETIME",
        help="What-if: the leader leaves wherever they are at that moment and flies home: the stop that contains "
        "it ends then, later stops are dropped, and the leader is home from landing on (naive: local time where "
        "the leader is), e.g. --leave trump@2025-06-16T22:00.",
    ),
]


def _what_if(command: F) -> F:
    """The what-if flags: change the scenario for this run only (the file is not touched)."""

    @wraps(command)
    def run(
        *args: Any,
        sets: tuple[str, ...],
        as_of: str | None,
        drop_venues: tuple[str, ...],
        leaves: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        from .whatif import WhatIf

        return command(*args, what_if=WhatIf(sets, drop_venues, leaves, as_of), **kwargs)

    for option in reversed(WHAT_IF):
        run = option(run)
    return run  # type: ignore[return-value]


def _plot_file(context: click.Context, parameter: click.Parameter, value: Path | None) -> Path | None:
    """--plot FILE: the picture's format comes from the suffix, checked before anything is solved."""
    formats = (".png", ".svg", ".html")
    if value is not None and value.suffix.lower() not in formats:
        raise click.BadParameter(f"name the file .png, .svg or .html (got {value.name!r}), e.g. --plot plan.png")
    return value


def _report_file(context: click.Context, parameter: click.Parameter, value: Path | None) -> Path | None:
    """--report FILE / -o FILE: an HTML page, checked before anything is solved."""
    from .report import SUFFIXES

    if value is not None and value.suffix.lower() not in SUFFIXES:
        raise click.BadParameter(f"name the file .html (got {value.name!r}), e.g. --report plan.html")
    return value


def _zone(context: click.Context, parameter: click.Parameter, value: str | None) -> Any:
    """--plot-zone ZONE: an IANA zone name (as the scenario's), checked before anything is solved."""
    from zoneinfo import ZoneInfo

    from pydantic_core import PydanticCustomError

    from .values import check_time_zone

    if value is None:
        return None
    try:
        return ZoneInfo(check_time_zone(value))
    except PydanticCustomError as error:
        raise click.BadParameter(str(error)) from None


def _use_colour(colour: bool | None) -> bool:
    """--color/--no-color win; else colour only on a terminal, and never with NO_COLOR set or TERM=dumb."""
    if colour is not None:
        return colour
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


class FiniteFloatRange(click.FloatRange):
    """A FloatRange that refuses `nan` and `inf` (FloatRange lets NaN through: every comparison with it is false)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number of seconds, e.g. 10 or 0.5", param, ctx)
        return number


def _top(help: str) -> Callable[[F], F]:
    return click.option("--top", type=click.IntRange(1, MAX_TOP), default=1, show_default=True, help=help)


ALARM = click.option(
    "--alarm",
    callback=_duration,
    metavar="DURATION",
    help="Add a reminder this long before each meeting (e.g. 1h, 30m).",
)

PLANNER_NOTES = click.option(
    "--planner-notes",
    is_flag=True,
    help="Write the planner's notes into each meeting's description too: why this slot, the deadline margin "
    "and why each other venue lost, with the scenario lines (file:line). By default the description is "
    "written for the counterpart: who meets, where, when in each home time, that it is a tentative hold.",
)

COLOUR = click.option(
    "--color/--no-color",
    "colour",
    default=None,
    help="Tables in colour (default: only on a terminal, and not when NO_COLOR is set), e.g. --no-color.",
)


@main.command()
@SCENARIO
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the .ics files (default: proposals/ beside the scenario).",
)
@_top("How many ranked proposals per meeting (best per venue first, then further days).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of the table.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="CP-SAT worker threads (the answer does not depend on it).",
)
@click.option(
    "--time-limit",
    type=FiniteFloatRange(min=0.01),
    default=None,
    help="Stop the solver after this many seconds; the best verified answer so far is shown.",
)
@ALARM
@click.option("--force", is_flag=True, help="Overwrite .ics files in the folder that summit-scheduler did not write.")
@click.option(
    "--plot",
    type=click.Path(path_type=Path, dir_okay=False),
    callback=_plot_file,
    metavar="FILE",
    help="Also draw the plan: a timeline per leader and venue (.png, .svg or .html), e.g. --plot plan.png.",
)
@click.option(
    "--plot-zone",
    "plot_zone",
    callback=_zone,
    metavar="ZONE",
    help="The time zone of the picture's day axis (default: the zone of the proposed venue), "
    "e.g. --plot-zone Asia/Seoul.",
)
@click.option(
    "--report",
    type=click.Path(path_type=Path, dir_okay=False),
    callback=_report_file,
    metavar="FILE",
    help="Also write a briefing page: one self-contained HTML file with the answer, the options in each "
    "leader's home time, why other venues lost, a timeline and links to the .ics files, e.g. --report plan.html.",
)
@PLANNER_NOTES
@COLOUR
@_what_if
@_boundary
def propose(
    scenario: Path,
    out: Path | None,
    top: int,
    as_json: bool,
    workers: int,
    time_limit: float | None,
    alarm: timedelta | None,
    force: bool,
    plot: Path | None,
    plot_zone: Any,
    report: Path | None,
    planner_notes: bool,
    colour: bool | None,
    what_if: Any,
) -> None:
    """Propose the earliest feasible meeting and write it as .ics files.

    \b
    Example:
      schedule propose calendars/korea-us-2025/scenario.yaml --top 3 --alarm 1h
      schedule propose scenario.yaml --json > answer.json
      schedule propose --plot plan.png                 # and draw it
      schedule propose --report plan.html              # and write a briefing page
    \b
    What-if, without editing the file:
      schedule propose --leave trump@2025-06-16T22:00   # he leaves the G7 early and flies home
      schedule propose --set meetings.summit.duration=45m --drop-venue white-house
    """
    from . import commands

    width = None
    if not as_json and _use_colour(colour):
        import shutil

        width = shutil.get_terminal_size().columns
    _print(
        commands.propose(
            scenario,
            what_if,
            _say,
            out=out,
            top=top,
            as_json=as_json,
            workers=workers,
            time_limit=time_limit,
            alarm=alarm,
            force=force,
            plot=plot,
            plot_zone=plot_zone,
            report=report,
            planner_notes=planner_notes,
            table_width=width,
        )
    )


@main.command()
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    callback=_report_file,
    metavar="FILE",
    help="Where to write the page (default: the document's name with .html, beside it).",
)
@_boundary
def report(document: Path, output: Path | None) -> None:
    """Write the briefing page of a saved `propose --json` document: one self-contained HTML file.

    The page links to the .ics files the document lists, relative to where the page is written
    (relative paths in the document are read from the current folder, as propose wrote them).

    \b
    Example:
      schedule propose scenario.yaml --json > plan.json
      schedule report plan.json -o plan.html
    """
    from . import commands

    _print(commands.report(document, output, _say))


@main.command()
@SCENARIO
@_what_if
@_boundary
def validate(scenario: Path, what_if: Any) -> None:
    """Check the scenario and its calendars without solving.

    \b
    Example:
      schedule validate calendars/korea-us-2025/scenario.yaml
      schedule validate --set meetings.summit.duration=45m   # would this edit be valid?
    """
    from . import commands

    _print(commands.validate(scenario, what_if, _say))


@main.command()
@SCENARIO
@click.option("--meeting", "meeting_id", help="Only this meeting (default: every meeting).")
@click.option("--venue", "venue_id", help="Only this venue: its earliest start and what rules out anything earlier.")
@click.option(
    "--at",
    "at_text",
    metavar="DATETIME",
    help="Check this start (naive: the scenario's timezone) and spell out every rule it breaks.",
)
@click.option(
    "--before",
    "before_text",
    metavar="DATETIME",
    help="Wanted before this moment: what rules it out, and what would make it possible.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of text.")
@_what_if
@_boundary
def explain(
    scenario: Path,
    meeting_id: str | None,
    venue_id: str | None,
    at_text: str | None,
    before_text: str | None,
    as_json: bool,
    what_if: Any,
) -> None:
    """Explain why a venue, or a given moment, does not work.

    \b
    Examples:
      schedule explain scenario.yaml                          # every venue: why not earlier
      schedule explain scenario.yaml --venue white-house      # why not earlier at the White House
      schedule explain scenario.yaml --at 2025-06-16T10:00-06:00
      schedule explain scenario.yaml --before 2025-06-16      # what would it take to meet by then
      schedule explain scenario.yaml --leave trump@2025-06-16T22:00 --venue nato-the-hague
    """
    from . import commands

    _print(
        commands.explain(
            scenario,
            what_if,
            _say,
            meeting_id=meeting_id,
            venue_id=venue_id,
            at_text=at_text,
            before_text=before_text,
            as_json=as_json,
        )
    )


@main.command()
@click.option("--output", "output", is_flag=True, help="Print the schema of the `propose --json` document instead.")
@_boundary
def schema(output: bool) -> None:
    """Print the JSON Schema of the scenario file (point your editor's YAML language server at it).

    \b
    Example:
      schedule schema > scenario.schema.json
      schedule schema --output > output.schema.json
    """
    if output:
        from .output import output_schema

        click.echo(json.dumps(output_schema(), indent=2, ensure_ascii=False))
        return
    from .scenario import Scenario

    document = Scenario.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["$id"] = "https://summit-scheduler.invalid/scenario-v1.schema.json"
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@main.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True, help="Show at most this many.")
@_boundary
def places(query: str, limit: int) -> None:
    """Search the offline place data: cities (GeoNames, 500+ people) and airports (IATA/ICAO codes).

    Prints each match with its country, population or airport code, time zone and coordinates, and
    how to write it in a scenario. Exit code 0 when something matches, 1 when nothing does.

    \b
    Examples:
      schedule places Ottawa
      schedule places "Niagara Falls, Canada"
      schedule places YYC
    """
    from .places import STORE, search

    found = search(query, limit)
    STORE.flush()
    if not found:
        click.echo(
            f"no city or airport matches {query!r} in the offline data (GeoNames places of 500 people or more, "
            "airportsdata); try part of the name, a nearby airport, or write the place with coordinates",
            err=True,
        )
        sys.exit(1)
    for candidate in found:
        click.echo(f"{candidate.written():45} {candidate.describe()}")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), default=".", required=False)
@click.option("--example", help="Which bundled example to copy (default: korea-us-2025; see --list).")
@click.option("--blank", is_flag=True, help="Write a short commented template: every key a first scenario needs.")
@click.option("--list", "listing", is_flag=True, help="List the bundled examples and what each is about.")
@click.option("--force", is_flag=True, help="Replace files of the same name already in FOLDER.")
@_boundary
def init(folder: Path, example: str | None, blank: bool, listing: bool, force: bool) -> None:
    """Start a workspace: copy a bundled example (a scenario and the leaders' calendars) into FOLDER.

    \b
    Examples:
      schedule init my-summit && cd my-summit && schedule propose
      schedule init --list                     # the bundled examples
      schedule init my-summit --blank          # a commented template to fill in
    """
    from .errors import InputError
    from .workspace import DEFAULT_EXAMPLE
    from .workspace import init as copy_example
    from .workspace import listing as examples

    if listing:
        found = examples()
        width = max(len(name) for name, _ in found)
        for name, description in found:
            click.echo(f"{name:<{width}}  {description}")
        click.echo("(or --blank: a commented template to fill in)", err=True)
        return
    if blank and example is not None:
        raise InputError("choose --blank or --example, not both", hint="schedule init my-summit --blank")
    written = copy_example(folder, example or DEFAULT_EXAMPLE, force, blank=blank)
    click.echo(f"wrote {', '.join(path.name for path in written)} into {folder}")
    here = "" if folder == Path() else f"cd {folder} && "
    click.echo(f"next: {here}schedule propose        (edit scenario.yaml, then run it again)", err=True)


@main.command()
@click.argument("before", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("after", type=click.Path(path_type=Path, dir_okay=False), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of text.")
@COLOUR
@_what_if
@_boundary
def compare(before: Path, after: Path | None, as_json: bool, colour: bool | None, what_if: Any) -> None:
    """Show what changes between two scenarios, or between a scenario and a what-if of it.

    For each meeting: the proposal before and after, and for each venue the reasons that went (−)
    and came (+). The what-if flags change AFTER (AFTER defaults to BEFORE). Exit code 0.

    \b
    Examples:
      schedule compare scenario.yaml scenario-v2.yaml
      schedule compare scenario.yaml --leave trump@2025-06-16T22:00
      schedule compare scenario.yaml --drop-venue g7-kananaskis --json
    """
    from . import commands

    answer = commands.compare(before, after, what_if, _say, as_json=as_json)
    if not as_json and _use_colour(colour):
        painted = "".join(_paint(line) for line in answer.text.splitlines(keepends=True))
        click.echo(painted, nl=False, color=True)
    else:
        click.echo(answer.text, nl=False)


def _paint(line: str) -> str:
    stripped = line.lstrip()
    colour = "red" if stripped.startswith("−") else "green" if stripped.startswith(("+", "→")) else None
    return click.style(line, fg=colour) if colour else click.style(line, bold=True) if line[:1].strip() else line


@main.command()
@SCENARIO
@click.option(
    "--caldav",
    "url",
    required=True,
    metavar="URL",
    help="The CalDAV calendar collection to upload to (no password in the URL).",
)
@click.option(
    "--username",
    envvar="SCHEDULE_CALDAV_USERNAME",
    help="CalDAV user name (default: $SCHEDULE_CALDAV_USERNAME, or the user in the URL).",
)
@click.option(
    "--password-env",
    default="SCHEDULE_CALDAV_PASSWORD",
    show_default=True,
    metavar="VAR",
    help="Name of the environment variable that holds the password (the password itself is never an option).",
)
@_top("How many ranked proposals per meeting to upload.")
@ALARM
@PLANNER_NOTES
@click.option(
    "--dry-run",
    is_flag=True,
    help="Read the calendar and print what would be created, moved and withdrawn; write nothing to the server.",
)
@click.option(
    "--create-calendar",
    is_flag=True,
    help="When there is no calendar at the URL, make it (MKCALENDAR), named after the scenario's title.",
)
@_what_if
@_boundary
def publish(
    scenario: Path,
    url: str,
    username: str | None,
    password_env: str,
    top: int,
    alarm: timedelta | None,
    planner_notes: bool,
    dry_run: bool,
    create_calendar: bool,
    what_if: Any,
) -> None:
    """Solve like `propose` and upload each proposal to a CalDAV calendar (a re-run updates, never duplicates).

    \b
    Example:
      export SCHEDULE_CALDAV_PASSWORD=...   # never on the command line
      schedule publish scenario.yaml --caldav https://dav.example.org/cal/planner/summit/ --username planner
      schedule publish scenario.yaml --caldav https://dav.example.org/cal/planner/summit/ --drop-venue white-house
      schedule publish scenario.yaml --caldav https://dav.example.org/cal/planner/summit/ --dry-run
      schedule publish scenario.yaml --caldav https://dav.example.org/cal/planner/summit/ --create-calendar
    """
    from . import commands

    def show(text: str) -> None:
        click.echo(text, nl=False)

    _print(
        commands.publish(
            scenario,
            what_if,
            _say,
            show,
            url=url,
            username=username,
            password=os.environ.get(password_env) or None,
            top=top,
            alarm=alarm,
            planner_notes=planner_notes,
            dry_run=dry_run,
            create_calendar=create_calendar,
        )
    )
