"""Proposals → a CalDAV calendar: one calendar object per UID, so a re-run replaces an event, never duplicates it.

Each proposal goes to `<collection>/<uid>.ics` with a plain PUT. What the server already holds
there sets the SEQUENCE, as an earlier file does for `propose` (raised only when the event moved).
Credentials come from the caller (the CLI reads them from the environment); no message ever shows
a password or a URL that carries one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from .caldav_source import public_url
from .errors import InputError, OutputError
from .ics import Seen, proposal_objects, seen_in, uid
from .plan import Plan, Proposal

TIMEOUT_SECONDS = 30
_CALDAV_CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"
_RESOURCETYPE = (
    '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>'
)


@dataclass(frozen=True)
class Upload:
    proposal: Proposal
    uid: str
    url: str  # the event's URL, without credentials
    action: str  # "created", "moved" (replaced, SEQUENCE raised) or "unchanged" (replaced as it was)
    sequence: int


def publish(
    plan: Plan,
    url: str,
    *,
    username: str | None = None,
    password: str | None = None,
    alarm: timedelta | None = None,
) -> list[Upload]:
    """PUT every proposal of `plan` into the CalDAV calendar collection at `url`.

    Raises InputError for a URL that is not http(s) or that carries a password, and OutputError
    (exit 2, naming the URL without credentials) when the server is down, refuses the
    credentials, has no calendar there, or rejects an event.
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
    proposals = [p for mp in plan.meetings for p in mp.proposals]
    with _talking_to(shown):
        _check_calendar(client, collection, shown)
        previous: dict[str, Seen] = {}
        for proposal in proposals:
            key = uid(plan, proposal)
            answer = client.request(_event_url(collection, key), "GET")
            if answer.status == 200:
                previous.update(seen_in(_text(answer.raw).encode("utf-8"), ours_only=False) or {})
            elif answer.status != 404:
                raise _refused(answer.status, "GET", shown)
        uploads = []
        for key, proposal, data in proposal_objects(plan, previous, alarm=alarm):
            target = _event_url(collection, key)
            answer = client.put(target, data.decode("utf-8"), {"Content-Type": "text/calendar; charset=utf-8"})
            if answer.status not in (200, 201, 204):
                raise _refused(answer.status, "PUT", shown, key)
            sequence = seen.sequence if (seen := (seen_in(data) or {}).get(key)) else 0
            before = previous.get(key)
            unchanged = before is not None and before.sequence == sequence
            action = "created" if answer.status == 201 else "unchanged" if unchanged else "moved"
            uploads.append(Upload(proposal, key, target, action, sequence))
    return uploads


def report(uploads: list[Upload]) -> str:
    """One line per uploaded proposal: what, when, where it went."""
    lines = []
    for upload in uploads:
        p = upload.proposal
        label = "proposal" if p.rank == 1 else f"option {p.rank}"
        action = f"moved, updated (SEQUENCE {upload.sequence})" if upload.action == "moved" else upload.action
        lines.append(f"{p.meeting.id} {label}: {p.venue.name}, {p.start:%a %d %b %Y %H:%M %Z} — {action}: {upload.url}")
    return "\n".join(lines) + "\n" if lines else ""


def _event_url(collection: str, key: str) -> str:
    return f"{collection}{quote(key, safe='@')}.ics"


def _text(raw: Any) -> str:
    return raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)


def _check_calendar(client: Any, collection: str, shown: str) -> None:
    answer = client.propfind(collection, props=_RESOURCETYPE, depth=0)
    if answer.status == 404:
        raise OutputError(f"no calendar at {shown}", hint="check the URL: it must name a calendar collection")
    if answer.status != 207:
        raise _refused(answer.status, "PROPFIND", shown)
    if _CALDAV_CALENDAR not in {element.tag for element in answer.tree.iter()}:
        raise OutputError(f"{shown} is not a calendar collection", hint="give the URL of the calendar itself")


def _refused(status: int, method: str, shown: str, key: str | None = None) -> OutputError:
    what = f" for event {key}" if key else ""
    if status in (401, 403):
        return OutputError(
            f"the CalDAV server at {shown} refused the credentials ({status}){what}",
            hint="check --username and the password in the environment variable named by --password-env",
        )
    return OutputError(f"the CalDAV server at {shown} answered {status} to {method}{what}")


@contextmanager
def _talking_to(shown: str) -> Iterator[None]:
    """Turn the client's exceptions (connection refused, timeout, 401) into one clear OutputError."""
    from caldav.lib.error import AuthorizationError, DAVError

    try:
        yield
    except AuthorizationError:
        raise _refused(401, "a request", shown) from None
    except (OSError, DAVError) as error:
        text = str(error).lower()
        why = (
            "connection refused" if "refused" in text else "timed out" if "timed out" in text else type(error).__name__
        )
        raise OutputError(
            f"cannot reach the CalDAV server at {shown} ({why})",
            hint="check that the server is running and the URL is right",
        ) from None
