"""The `schedule` command. Thin: each command calls library functions; one error boundary at the edge.

stdout is data (the answer or the JSON document); stderr is talk (warnings and errors).
Exit codes: 0 a proposal was made; 1 no feasible meeting; 2 bad input or usage; 3 internal error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import SchedulerError

F = TypeVar("F", bound=Callable[..., Any])


def _boundary(command: F) -> F:
    """Turn our errors into a message on stderr and an exit code; never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SchedulerError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was written", err=True)
            sys.exit(130)

    return run  # type: ignore[return-value]


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


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

    from .scenario import parse_duration

    if value is None:
        return None
    try:
        return parse_duration(value)
    except PydanticCustomError as error:
        raise click.BadParameter(str(error)) from None


SCENARIO = click.argument(
    "scenario", type=click.Path(path_type=Path, dir_okay=False), default="scenario.yaml", required=False
)


@main.command()
@SCENARIO
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the .ics files (default: proposals/ beside the scenario).",
)
@click.option(
    "--top",
    type=click.IntRange(1, 50),
    default=1,
    show_default=True,
    help="How many ranked proposals per meeting (best per venue first, then further days).",
)
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
    type=click.FloatRange(min=0.01),
    default=None,
    help="Stop the solver after this many seconds; the best verified answer so far is shown.",
)
@click.option(
    "--alarm",
    callback=_duration,
    metavar="DURATION",
    help="Add a reminder this long before each meeting (e.g. 1h, 30m).",
)
@click.option("--force", is_flag=True, help="Overwrite .ics files in the folder that summit-scheduler did not write.")
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
) -> None:
    """Propose the earliest feasible meeting and write it as .ics files.

    \b
    Example:
      schedule propose calendars/korea-us-2025/scenario.yaml --top 3 --alarm 1h
      schedule propose scenario.yaml --json > answer.json
    """
    from .ics import calendar_files
    from .loading import load_scenario
    from .outputs import write_all
    from .plan import plan
    from .problem import build_problem
    from .render import json_text, text

    problem = build_problem(load_scenario(scenario))
    _warn(problem.warnings)
    result = plan(problem, top=top, workers=workers, time_limit=time_limit)
    folder = out if out is not None else scenario.parent / "proposals"
    outputs = calendar_files(result, folder, force=force, alarm=alarm)
    written = write_all(folder, {name: data for name, (data, _) in outputs.items()}) if outputs else []
    files: dict[tuple[str, int], list[Path]] = {}
    for path in written:
        for key in outputs[path.name][1]:
            files.setdefault(key, []).append(path)
    click.echo(json_text(result, files) if as_json else text(result, files), nl=False)
    sys.exit(0 if result.status == "proposed" else 1)


@main.command()
@SCENARIO
@_boundary
def validate(scenario: Path) -> None:
    """Check the scenario and its calendars without solving.

    \b
    Example:
      schedule validate calendars/korea-us-2025/scenario.yaml
    """
    from .loading import load_scenario
    from .problem import build_problem

    problem = build_problem(load_scenario(scenario))
    _warn(problem.warnings)
    busy = sum(len(leader.busy) for leader in problem.leaders.values())
    click.echo(
        f"{scenario}: valid — {len(problem.leaders)} leaders, {len(problem.venues)} venues, "
        f"{len(problem.meetings)} meeting(s), {busy} busy blocks"
    )


@main.command()
@_boundary
def schema() -> None:
    """Print the JSON Schema of the scenario file (point your editor's YAML language server at it).

    \b
    Example:
      schedule schema > scenario.schema.json
    """
    from .scenario import Scenario

    document = Scenario.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["$id"] = "https://summit-scheduler.invalid/scenario-v1.schema.json"
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))

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
@click.option(
    "--top",
    type=click.IntRange(1, 50),
    default=1,
    show_default=True,
    help="How many ranked proposals per meeting to upload.",
)
@click.option("--alarm", callback=_duration, metavar="DURATION", help="Add a reminder this long before each meeting.")
@_boundary
def publish(
    scenario: Path, url: str, username: str | None, password_env: str, top: int, alarm: timedelta | None
) -> None:
    """Solve like `propose` and upload each proposal to a CalDAV calendar (a re-run updates, never duplicates).

    \b
    Example:
      export SCHEDULE_CALDAV_PASSWORD=...   # never on the command line
      schedule publish scenario.yaml --caldav https://dav.example.org/cal/planner/summit/ --username planner
    """
    import os

    from .loading import load_scenario
    from .plan import plan
    from .problem import build_problem
    from .publish import publish as upload
    from .publish import report
    from .render import text

    problem = build_problem(load_scenario(scenario))
    _warn(problem.warnings)
    result = plan(problem, top=top)
    if result.status == "infeasible":
        click.echo(text(result, {}), nl=False)
        sys.exit(1)
    uploads = upload(result, url, username=username, password=os.environ.get(password_env) or None, alarm=alarm)
    click.echo(report(uploads), nl=False)
    sys.exit(0 if result.status == "proposed" else 1)
