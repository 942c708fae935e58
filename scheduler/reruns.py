"""What earlier runs said: the state a re-run carries over, shared by the files `propose` writes and by `publish`.

An earlier file of ours (known by its PRODID) or a calendar object a CalDAV server holds tells, for each
UID, its SEQUENCE, when and where the event was and whether it was cancelled (`EarlierEvent`). From that a re-run
keeps an unmoved event's SEQUENCE, raises a moved one's, and withdraws an event it no longer proposes:
the same UID, time and place, STATUS:CANCELLED (`withdrawn`). `earlier_files` finds the files an
earlier run left in an output folder, and refuses to replace one that is not ours.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from icalendar import Alarm, Calendar, Event, vText
from icalendar.enums import STATUS, TRANSP

from .calendars import MAX_BYTES
from .errors import OutputError, Where
from .files import NotARegularFile, read_file
from .plan import Plan

OURS = "-//summit-scheduler//"  # any version of ours: the PRODID prefix that marks a file we may replace
_HEAD = 4096  # PRODID comes second in every calendar we write
OWN_MAX_BYTES = 256 * 1024 * 1024
"""The most of an earlier file of ours (known by the PRODID in its head) that is read back: our own files
may be larger than a calendar we accept as input (20 MB), e.g. with 25,000 venues. A larger one is still
ours to replace, but what it said (its SEQUENCEs, what it proposed) is not carried over."""
MAX_SEQUENCE = 2**31 - 1  # RFC 5545 INTEGER: a SEQUENCE at it stays there
SCENARIO = "X-SUMMIT-SCHEDULER-SCENARIO"  # on every calendar: which scenario (by title) wrote it
WITHDRAWN = "Withdrawn: "  # the SUMMARY prefix of a cancelled proposal
WITHDRAWN_NOTE = "Withdrawn: a later run of summit-scheduler no longer proposes this."  # its DESCRIPTION's first line
NAMESPACE = uuid.UUID("5b0bd7e2-5f8e-4c43-9a57-0c7c1b5f3a10")  # of every UID and calendar UID we derive


@dataclass(frozen=True)
class EarlierEvent:
    """What an earlier file of ours said about one UID: enough to tell whether the event really moved."""

    sequence: int
    material: tuple[datetime, datetime, str]  # start and end (UTC) and LOCATION
    cancelled: bool = False  # STATUS:CANCELLED: a withdrawn proposal


def scenario_id(plan: Plan) -> str:
    """The scenario, as the UIDs know it (by its title): the files in a folder that a re-run may withdraw."""
    return str(uuid.uuid5(NAMESPACE, plan.problem.title))


def is_ours(calendar: Calendar) -> bool:
    return str(calendar.get("PRODID", "")).startswith(OURS)


def parsed(data: bytes, *, ours_only: bool = True) -> Calendar | None:
    """The calendar in `data`; None when it is not one (or, with `ours_only`, not one of ours)."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError:
        return None
    if not isinstance(calendar, Calendar) or (ours_only and not is_ours(calendar)):
        return None
    return calendar


def earlier_events(calendars: Iterable[Calendar]) -> dict[str, EarlierEvent]:
    """UID → what the calendars say about it (the highest SEQUENCE wins)."""
    found: dict[str, EarlierEvent] = {}
    for calendar in calendars:
        for event in calendar.events:
            try:
                seen = EarlierEvent(sequence_of(event), material(event), cancelled(event))
            except (TypeError, ValueError, AttributeError):
                continue  # an event we cannot read is treated as new
            key = str(event.uid)
            if key not in found or seen.sequence > found[key].sequence:
                found[key] = seen
    return found


def seen_in(data: bytes, *, ours_only: bool = True) -> dict[str, EarlierEvent] | None:
    """UID → what the calendar `data` says about it; None when it is not a calendar (of ours, with `ours_only`).

    A CalDAV server may rewrite PRODID when it stores an event, so `publish` reads what it holds
    without `ours_only`.
    """
    calendar = parsed(data, ours_only=ours_only)
    return None if calendar is None else earlier_events([calendar])


def earlier_files(folder: Path, names: Iterable[str], plan: Plan, *, force: bool = False) -> dict[str, Calendar]:
    """The calendars an earlier run left in `folder` that this run rewrites: name → calendar.

    Those are the files among `names` (the ones this run writes) and every other `.ics` file there
    that an earlier run of this same scenario wrote (it may hold proposals this run withdraws). A file
    among `names` that is not ours (another program's calendar, a note, anything without our PRODID)
    is never replaced without `force`: OutputError, before anything is written.
    """
    names = set(names)
    candidates = set(names)
    if folder.is_dir():
        candidates |= {path.name for path in folder.glob("*.ics")}
    found: dict[str, Calendar] = {}
    for name in sorted(candidates):
        path = folder / name
        if not path.exists():
            continue
        try:
            data = read_file(path, MAX_BYTES)
        except (NotARegularFile, IsADirectoryError):
            continue  # a folder, a pipe, a device: never ours, never read (writing over a folder fails later)
        except OSError as error:
            if name not in names:
                continue  # a file we cannot read, under a name this run does not write: left alone
            raise OutputError(f"cannot read the existing file: {error.strerror}", Where(str(path))) from None
        ours = OURS.encode() in data[:_HEAD]
        if name not in names and not ours:
            continue  # another program's file, under a name this run does not write
        if len(data) > MAX_BYTES and ours:  # our own file, larger than an input calendar may be
            try:
                data = read_file(path, OWN_MAX_BYTES)
            except OSError as error:
                raise OutputError(f"cannot read the existing file: {error.strerror}", Where(str(path))) from None
            if len(data) > OWN_MAX_BYTES:
                continue  # ours, and replaced, but too large to read back
        calendar = parsed(data) if len(data) <= MAX_BYTES or ours else None
        if calendar is None:
            if name in names and not force:
                raise OutputError(
                    "exists and was not written by summit-scheduler (no matching PRODID); nothing was written",
                    Where(str(path)),
                    hint="use --force to overwrite it, or choose another folder with --out",
                )
            continue
        if name in names or str(calendar.get(SCENARIO, "")) == scenario_id(plan):
            found[name] = calendar
    return found


def sequence_of(event: Event) -> int:
    """The event's SEQUENCE, read leniently (a hand-edited file): 0 when unreadable, at most MAX_SEQUENCE."""
    try:
        return min(max(int(event.sequence or 0), 0), MAX_SEQUENCE)
    except (TypeError, ValueError):
        return 0


def raised(sequence: int) -> int:
    return min(sequence + 1, MAX_SEQUENCE)


def has_times(event: Event) -> bool:
    """Whether the event says when it is (DTSTART, and an end): one without cannot be withdrawn, only dropped."""
    try:
        return event.start is not None and event.end is not None
    except ValueError:  # icalendar's IncompleteComponent, or a value that does not parse
        return False


def cancelled(event: Event) -> bool:
    return str(event.get("STATUS", "")).upper() == "CANCELLED"


def material(event: Event) -> tuple[datetime, datetime, str]:
    start, end = event.start, event.end
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        raise TypeError("not a timed event")
    return (start.astimezone(UTC), end.astimezone(UTC), str(event.get("LOCATION", "")))


def next_sequence(previous: Mapping[str, EarlierEvent], key: str, material: tuple[datetime, datetime, str]) -> int:
    """0 for a new UID; the old SEQUENCE when the event did not move; one more when it did."""
    seen = previous.get(key)
    if seen is None:
        return 0
    return seen.sequence if seen.material == material and not seen.cancelled else raised(seen.sequence)


def withdrawn(earlier: Event, previous: Mapping[str, EarlierEvent], stamp: datetime) -> Event:
    """An event an earlier run proposed and this one does not, cancelled: the same UID, time and place,
    STATUS:CANCELLED and SEQUENCE one higher (kept when it was cancelled already), shown as free time
    and without its reminder. Cancelling a cancelled event changes nothing, so re-runs are byte-identical.
    """
    item = Event.from_ical(earlier.to_ical())
    assert isinstance(item, Event)
    seen = previous.get(str(item.uid))
    sequence = sequence_of(item)
    if seen is not None:
        sequence = seen.sequence if seen.cancelled else raised(seen.sequence)
    item.subcomponents = [c for c in item.subcomponents if not isinstance(c, Alarm)]
    summary, text = str(item.get("SUMMARY", "")), str(item.get("DESCRIPTION", ""))
    for name, value in (
        ("SUMMARY", vText(summary if summary.startswith(WITHDRAWN) else WITHDRAWN + summary)),
        ("DESCRIPTION", vText(text if text.startswith(WITHDRAWN_NOTE) else f"{WITHDRAWN_NOTE}\n{text}")),
        ("STATUS", STATUS.CANCELLED),
        ("TRANSP", TRANSP.TRANSPARENT),
        ("X-MICROSOFT-CDO-BUSYSTATUS", vText("FREE")),
        ("DTSTAMP", stamp),
    ):
        item.pop(name, None)
        item.add(name, value)
    item.sequence = sequence
    return item
