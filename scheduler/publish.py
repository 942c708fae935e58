"""Proposals → a CalDAV calendar: one calendar object per UID, so a re-run replaces an event, never duplicates it.

Each proposal goes to `<collection>/<uid>.ics` with a plain PUT. What the server already holds
there sets the SEQUENCE, as an earlier file does for `propose` (raised only when the event moved).
A proposal an earlier publish of the scenario stored there and this run does not make is replaced by
its cancellation, as `propose` withdraws it from its files.
Credentials come from the caller (the CLI reads them from the environment); no message ever shows
a password or a URL that carries one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from .caldav_io import (
    MAX_BYTES,
    TIMEOUT_SECONDS,
    _Budget,
    body_text,
    bound,
    check_calendar,
    listed_names,
    public_url,
    refused,
    talking_to,
)
from .calendars import clean_text
from .errors import InputError, OutputError
from .ics import meeting_uids, proposal_objects, uid, withdrawn_object
from .reruns import WITHDRAWN, EarlierEvent, seen_in
from .results import Plan, Proposal
from .wording import clock


class PartlyPublished(OutputError):
    """A publish that failed after it had already changed the calendar: `done` lists what it changed."""

    def __init__(self, error: OutputError, done: list[Upload]):
        super().__init__(
            f"{error.message}; the calendar is now partly updated: {len(done)} event(s) were stored before "
            "this failure (listed on stdout)",
            error.where,
            hint="run publish again once the server works: it completes the update, and never duplicates",
        )
        self.done = done


@dataclass(frozen=True)
class Upload:
    what: str  # the event: "summit proposal: G7 Leaders' Summit, Tue 17 Jun 2025 08:00 MDT"
    uid: str
    url: str  # the event's URL, without credentials
    # "created", "moved" (replaced, SEQUENCE raised), "unchanged" (replaced as it was) or "withdrawn"
    # (an earlier publish's proposal this run does not make: replaced by its cancellation)
    action: str
    sequence: int


def publish(
    plan: Plan,
    url: str,
    *,
    username: str | None = None,
    password: str | None = None,
    alarm: timedelta | None = None,
    planner_notes: bool = False,
    dry_run: bool = False,
    create_calendar: bool = False,
) -> list[Upload]:
    """PUT every proposal of `plan` into the CalDAV calendar collection at `url`, and withdraw earlier ones.

    `dry_run`: read what the calendar holds and say what would be created, moved and withdrawn, but send
    nothing that writes (no PUT, no MKCALENDAR). `create_calendar`: when there is no collection at `url`,
    make it (MKCALENDAR) first. `planner_notes`: see `ics.description`.

    Raises InputError for a URL that is not http(s) or that carries a password, and OutputError
    (exit 2, naming the URL without credentials) when the server is down, refuses the
    credentials, has no calendar there (unless `create_calendar`), or rejects an event.
    """
    shown = public_url(url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"not a CalDAV calendar URL: {shown}", hint="give the calendar collection, e.g. https://host/dav/user/cal/"
        )
    if parts.password is not None:
        raise InputError(
            f"the URL {shown} carries a password",
            hint="remove it from the URL and put it in the environment variable named by --password-env",
        )
    if username is None and parts.username:
        username = unquote(parts.username)
    collection = public_url(url)
    if not collection.endswith("/"):
        collection += "/"

    from caldav.davclient import DAVClient  # lazily: a large import that only this command needs

    client = DAVClient(
        url=collection, username=username, password=password, enable_rfc6764=False, timeout=TIMEOUT_SECONDS
    )
    budget = _Budget(MAX_BYTES)  # every answer of the run counted against one cap, each request under a deadline
    bound(client.session, budget)
    proposals = [p for mp in plan.meetings for p in mp.proposals]
    uploads: list[Upload] = []  # what this run has changed on the server so far (or, dry, would change)
    try:
        with talking_to(shown, budget):
            made = _calendar_or_make(client, collection, shown, plan, create=create_calendar, dry_run=dry_run)
            there = made is None or not dry_run  # False: a dry run for a calendar still to be made (nothing to read)
            if made is not None:
                uploads.append(made)
            previous: dict[str, EarlierEvent] = {}
            for proposal in proposals if there else []:
                key = uid(plan, proposal)
                answer = client.request(_event_url(collection, key), "GET")
                if answer.status == 200:
                    previous.update(seen_in(body_text(answer.raw).encode("utf-8"), ours_only=False) or {})
                elif answer.status != 404:
                    raise refused(answer.status, "GET", shown)
            for key, proposal, data in proposal_objects(plan, previous, alarm=alarm, planner_notes=planner_notes):
                target = _event_url(collection, key)
                created = key not in previous
                if not dry_run:
                    answer = client.put(target, data.decode("utf-8"), {"Content-Type": "text/calendar; charset=utf-8"})
                    if answer.status not in (200, 201, 204):
                        raise refused(answer.status, "PUT", shown, key)
                    created = answer.status == 201
                sequence = seen.sequence if (seen := (seen_in(data) or {}).get(key)) else 0
                before = previous.get(key)
                unchanged = before is not None and before.sequence == sequence
                action = "created" if created else "unchanged" if unchanged else "moved"
                uploads.append(Upload(_what(proposal), key, target, action, sequence))
            if there:
                proposed = {upload.uid for upload in uploads}
                _withdraw(client, collection, shown, plan, proposed, uploads, dry_run=dry_run)
    except OutputError as error:
        if uploads and not dry_run:  # the calendar has changed already: say what, not only what failed
            raise PartlyPublished(error, uploads) from None
        raise
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the CLI's message must not say "nothing was written"
        if uploads and not dry_run:
            from .files import note_written

            note_written(f"{len(uploads)} event(s) were already stored in the CalDAV calendar at {shown}")
        raise
    return uploads


def _what(proposal: Proposal) -> str:
    label = "proposal" if proposal.rank == 1 else f"option {proposal.rank}"
    return f"{proposal.meeting.id} {label}: {proposal.venue.name}, {clock(proposal.start)}"


def _withdraw(
    client: Any,
    collection: str,
    shown: str,
    plan: Plan,
    proposed: set[str],
    uploads: list[Upload],
    *,
    dry_run: bool = False,
) -> None:
    """Cancel on the server each proposal of this scenario that an earlier publish stored and this run
    does not make (a smaller --top, a venue that stopped working, nothing fitting any more).

    The candidates are the UIDs this scenario's meetings can have; one PROPFIND lists which of them the
    calendar holds, and each is replaced by its cancellation (STATUS:CANCELLED, SEQUENCE raised), as a
    re-run of `propose` does in its files. One cancelled already is left as it is. Each withdrawal is
    added to `uploads` as soon as the server has it.
    """
    candidates = meeting_uids(plan) - proposed
    names = listed_names(client, collection, shown)
    for key in sorted(k for k in candidates if f"{k}.ics" in names):
        target = _event_url(collection, key)
        answer = client.request(target, "GET")
        if answer.status == 404:
            continue
        if answer.status != 200:
            raise refused(answer.status, "GET", shown, key)
        cancelled = withdrawn_object(plan, body_text(answer.raw).encode("utf-8"))
        if cancelled is None:
            continue
        item, data = cancelled
        if not dry_run:
            answer = client.put(target, data.decode("utf-8"), {"Content-Type": "text/calendar; charset=utf-8"})
            if answer.status not in (200, 201, 204):
                raise refused(answer.status, "PUT", shown, key)
        summary = clean_text(str(item.get("SUMMARY", ""))).removeprefix(WITHDRAWN)  # a server's text
        start = item.start
        when = clock(start) if isinstance(start, datetime) else str(start)
        uploads.append(Upload(f"{summary}, {when}", key, target, "withdrawn", int(item.sequence or 0)))


def report(uploads: list[Upload], *, dry_run: bool = False) -> str:
    """One line per uploaded event: what, when, what happened, where it went (with `dry_run`: what would)."""
    actions = {
        "moved": "moved, updated (SEQUENCE {})",
        "withdrawn": "withdrawn, now cancelled (SEQUENCE {})",
        "calendar created": "created (MKCALENDAR)",
    }
    if dry_run:
        actions = {
            "created": "would be created",
            "moved": "would be moved, updated (SEQUENCE {})",
            "unchanged": "unchanged, would be replaced as it is",
            "withdrawn": "would be withdrawn, cancelled (SEQUENCE {})",
            "calendar created": "would be created (MKCALENDAR)",
        }
    lines = [f"{u.what} — {actions.get(u.action, u.action).format(u.sequence)}: {u.url}" for u in uploads]
    return "\n".join(lines) + "\n" if lines else ""


def _event_url(collection: str, key: str) -> str:
    return f"{collection}{quote(key, safe='@')}.ics"


def _calendar_or_make(
    client: Any, collection: str, shown: str, plan: Plan, *, create: bool, dry_run: bool
) -> Upload | None:
    """Check that `collection` is a calendar; when nothing is there and `create`, make it (MKCALENDAR through
    the caldav library, named after the scenario), or with `dry_run` only say it would. The calendar made
    (or to make) as an Upload line; None when it was there already."""
    if check_calendar(client, collection, shown, missing_ok=create):
        return None
    if not dry_run:
        from caldav.collection import CalendarSet
        from caldav.lib.error import AuthorizationError, DAVError

        parent, _, name = collection.rstrip("/").rpartition("/")
        try:
            CalendarSet(client, url=parent + "/").make_calendar(
                name=plan.problem.title, cal_id=unquote(name), method="mkcalendar"
            )
        except AuthorizationError:
            raise
        except DAVError as error:
            raise OutputError(
                f"the CalDAV server at {shown} refused to create a calendar there ({type(error).__name__})",
                hint="create it in the server's web interface, or check that the URL's parent is your calendar home",
            ) from None
        if not check_calendar(client, collection, shown, missing_ok=True):
            raise OutputError(f"the CalDAV server at {shown} did not create the calendar")
    return Upload(f"calendar {plan.problem.title}", "", shown, "calendar created", 0)
