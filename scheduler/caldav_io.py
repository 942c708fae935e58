"""Talking to a CalDAV server: every request bounded (bytes, time), one map of what can go wrong to a message.

Reading busy calendars: fetch the calendar's objects, read them as `calendars` reads a file.

The server only picks the objects that touch the window (a calendar-query REPORT, widened by a
day so that a server's own time-zone slips cannot drop one); every recurrence is expanded here, by
`calendars.parse_calendar`, exactly as for a file: servers differ in how well they expand.

The password comes from the environment variable the scenario names, never from the scenario. No
message carries it, and URLs are shown without user info.

`publish` (what to PUT and what to withdraw) talks to the server through the second half of this
module: the calendar check, the listing, and the same bounds and error map.
"""

from __future__ import annotations

import os
import re
import threading
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from . import calendars
from .calendars import CalendarEvent, CalendarRead, parse_calendar
from .errors import InputError, OutputError, Where
from .scenario import CalDAVCalendar

TIMEOUT_SECONDS = 30
"""How long to wait for the server to connect or answer before giving up."""

DEADLINE_SECONDS = 60
"""The most one request may take in all, from sending it to the last byte of the answer. TIMEOUT_SECONDS
bounds each wait; this bounds the whole, so a server that trickles its answer cannot keep the run going."""

SEARCH_MARGIN = timedelta(days=1)
"""The server is asked for a slightly wider window; the exact window is applied on this side."""

CALENDAR_TYPE = "{urn:ietf:params:xml:ns:caldav}calendar"
_HREFS = '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>'
_RESOURCETYPE = (
    '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>'
)

MAX_BYTES = calendars.MAX_BYTES
"""The most the server may send for one calendar, all its answers together (decompressed): as much as
a calendar file may hold. A hostile or broken server would otherwise make the run read without end."""

READ_CHUNK = 64 * 1024


def public_url(url: str) -> str:
    """`url` without user name or password: the form every message uses."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def read_caldav(
    calendar: CalDAVCalendar,
    home_zone: ZoneInfo,
    window_start: datetime,
    window_end: datetime,
    environ: Mapping[str, str] | None = None,
) -> CalendarRead:
    """The busy events of a CalDAV calendar collection overlapping [window_start, window_end).

    Errors are `InputError`s naming the URL (without credentials): connection refused or timed out,
    login refused, no such calendar, not a calendar, or malformed calendar data (with the object
    and its line).
    """
    url = public_url(calendar.caldav)
    password = _password(calendar, os.environ if environ is None else environ)
    objects = _fetch(calendar, url, password, window_start - SEARCH_MARGIN, window_end + SEARCH_MARGIN)
    return _parse(objects, url, home_zone, window_start, window_end)


def _password(calendar: CalDAVCalendar, environ: Mapping[str, str]) -> str | None:
    if calendar.password_env is None:
        return None
    password = environ.get(calendar.password_env)
    if not password:
        raise InputError(
            f"CalDAV calendar {public_url(calendar.caldav)}: the environment variable {calendar.password_env} "
            "(password_env) is not set",
            hint=f"set it before running, e.g. `read -s {calendar.password_env} && export {calendar.password_env}`",
        )
    return password


def _fetch(
    calendar: CalDAVCalendar, url: str, password: str | None, start: datetime, end: datetime
) -> list[tuple[str, str]]:
    """(name, iCalendar text) of each calendar object that touches [start, end)."""
    from caldav.davclient import DAVClient  # loaded only for scenarios that read a CalDAV server
    from caldav.elements import dav
    from caldav.lib import error

    budget = _Budget(MAX_BYTES)

    def too_much() -> InputError:
        return InputError(
            f"CalDAV calendar {url}: the server sent more than {budget.limit:,} bytes for this calendar, the limit",
            hint="narrow the planning window, or move old events out of this calendar",
        )

    def failure(message: str, hint: str) -> InputError:
        if budget.exceeded:  # whatever the client library made of the refused answer, this is why
            return too_much()
        return InputError(f"CalDAV calendar {url}: {_redacted(message, password)}", hint=hint)

    login = "check `username`" + (
        f" and the password in ${calendar.password_env}"
        if calendar.password_env
        else "; if the server needs a password, name its variable with password_env"
    )
    try:
        with DAVClient(
            calendar.caldav,
            username=calendar.username,
            password=password,
            timeout=TIMEOUT_SECONDS,
            enable_rfc6764=False,
        ) as client:
            bound(client.session, budget)
            collection = client.calendar(url=calendar.caldav)
            kinds: Any = collection.get_properties([dav.ResourceType()]).get("{DAV:}resourcetype") or []
            if CALENDAR_TYPE not in (kinds if isinstance(kinds, list) else [kinds]):
                raise failure(
                    "this URL is not a calendar (it may be the server or the account)",
                    "give the URL of one calendar collection, as your calendar app shows it in the "
                    "calendar's settings, e.g. https://caldav.example.org/dav/lee/work/",
                )
            found = collection.search(start=start, end=end, event=True, expand=False)
            objects = [
                (_object_name(url, str(item.url)), str(item.data if item.data is not None else item.load().data))
                for item in found
            ]
        if budget.exceeded:  # the library swallowed the refusal somewhere: do not go on with part of it
            raise too_much()
        return objects
    except InputError:
        raise
    except Exception as problem:
        explained = explain_failure(problem, budget)
        if explained is None:
            raise
        message, hint = explained
        if isinstance(problem, error.AuthorizationError):
            hint = login
        elif isinstance(problem, error.NotFoundError):
            hint = "check the URL: copy it from the calendar's settings in your calendar app"
        raise failure(message, hint) from None


def explain_failure(problem: BaseException, budget: _Budget) -> tuple[str, str] | None:
    """The one map from what went wrong talking to a CalDAV server to (what to say, a hint), for reading a
    calendar and for `publish` alike; None for an exception that is a bug of ours."""
    import niquests
    from caldav.lib import error
    from lxml import etree

    if budget.exceeded or isinstance(problem, _TooMuchData):
        return (
            f"the server sent more than {budget.limit:,} bytes, the limit",
            "narrow the planning window, or move old events out of this calendar",
        )
    if budget.too_slow or isinstance(problem, _TooSlow):
        return (
            f"the server did not finish its answer within {DEADLINE_SECONDS} s",
            "check that the server is up and not overloaded, then run again",
        )
    if isinstance(problem, error.AuthorizationError):
        return "the server refused the login (401/403)", "check the user name and the password"
    if isinstance(problem, error.NotFoundError):
        return "there is no calendar at this URL (404)", "check the URL"
    if isinstance(problem, error.DAVError):
        return (
            f"the server answered with an error: {_first_line(problem)}",
            "check that the URL is the calendar's CalDAV address, not its web page",
        )
    if isinstance(problem, niquests.exceptions.Timeout):
        return (
            f"the server did not answer within {TIMEOUT_SECONDS} s",
            "check that the server is up and reachable from here, then run again",
        )
    if isinstance(problem, niquests.exceptions.SSLError):
        return f"secure connection failed: {_first_line(problem)}", "check the server's certificate and the https URL"
    if isinstance(problem, niquests.exceptions.RequestException | OSError):
        return (
            f"cannot connect: {_reason(problem)}",
            "check that the server is running and the URL's host and port are right",
        )
    if isinstance(problem, etree.LxmlError | ValueError | UnreadableAnswer):  # e.g. a 207 that is not XML
        return (
            f"the server's answer cannot be read: {_first_line(problem)}",
            "check that the URL is a CalDAV calendar",
        )
    return None


class UnreadableAnswer(Exception):
    """An answer of the server that is not what CalDAV says it must be (e.g. a 207 without an XML body)."""


class _TooSlow(Exception):
    """One request went over DEADLINE_SECONDS."""


def bound(session: Any, budget: _Budget) -> None:
    """Every answer through `session` read by `budget` (the byte cap), and every request given up after
    DEADLINE_SECONDS in all, however slowly the server trickles its answer.

    Each request runs in a worker thread that the caller waits for at most DEADLINE_SECONDS; past it the
    caller raises and the worker, stuck on the server, is left to end with the process (a daemon thread).
    """
    session.hooks["response"].append(budget.read)
    send = session.send

    def send_within_deadline(request: Any, **kwargs: Any) -> Any:
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["answer"] = send(request, **kwargs)
            except BaseException as problem:  # handed to the caller below
                outcome["error"] = problem

        worker = threading.Thread(target=run, name="caldav-request", daemon=True)
        worker.start()
        worker.join(DEADLINE_SECONDS)
        if worker.is_alive():
            budget.too_slow = True
            raise _TooSlow
        if "error" in outcome:
            raise outcome["error"]
        return outcome["answer"]

    session.send = send_within_deadline


class _TooMuchData(Exception):
    """The answers for one calendar went over its `_Budget`."""


class _Budget:
    """A response hook that reads each answer of the server itself, and stops once they are over `limit` bytes.

    The CalDAV client reads whole answers into memory; this hook runs before it does (niquests calls
    `response` hooks before it loads the body) and reads the body in chunks instead, counting them
    across every answer for one calendar. Past the limit it drops the connection, and every later
    answer is refused unread.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.received = 0
        self.too_slow = False  # a request went over DEADLINE_SECONDS

    @property
    def exceeded(self) -> bool:
        return self.received > self.limit

    def read(self, response: Any, **_: Any) -> None:
        body = []
        if not self.exceeded and response.raw is not None:  # no raw: no body to read
            for chunk in response.iter_content(READ_CHUNK):
                self.received += len(chunk)
                if self.exceeded:
                    break
                body.append(chunk)
            response._content = b"".join(body)  # what `response.content` gives from now on
            response._content_consumed = True
        if self.exceeded:
            response.close()
            raise _TooMuchData
        body_text = response._content or b""  # unset (False) when there was nothing to read
        if response.status_code == 207 and not body_text.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise UnreadableAnswer("a 207 (Multi-Status) answer whose body is not XML")


def _parse(
    objects: list[tuple[str, str]], url: str, home_zone: ZoneInfo, window_start: datetime, window_end: datetime
) -> CalendarRead:
    """All objects in one pass of the reader; lines in errors and sources are mapped back to each object."""
    if not objects:
        return CalendarRead([], [])
    pieces, firsts, names = [], [], []
    line = 1
    for name, data in objects:
        piece = data if data.endswith("\n") else data + "\n"
        pieces.append(piece)
        firsts.append(line)
        names.append(name)
        line += piece.count("\n")
    text = "".join(pieces)

    def locate(line: int | None) -> Where:
        if line is None:
            return Where(url)
        index = bisect_right(firsts, line) - 1
        return Where(names[index], line - firsts[index] + 1)

    try:
        read = parse_calendar(text.encode("utf-8"), url, home_zone, window_start, window_end)
    except InputError as problem:
        problem.where = locate(problem.where.line if problem.where else None)
        raise

    def mapped(event: CalendarEvent) -> CalendarEvent:
        line = event.source[len(url) + 1 :]
        return replace(event, source=str(locate(int(line)))) if line.isdigit() else event

    at_line = re.compile(re.escape(url) + r":(\d+)")
    warnings = [at_line.sub(lambda found: str(locate(int(found.group(1)))), warning) for warning in read.warnings]
    return CalendarRead([mapped(event) for event in read.events], warnings, [mapped(event) for event in read.free])


def _object_name(collection: str, href: str) -> str:
    """The object's URL, shown as collection URL + object name."""
    name = unquote(urlsplit(href).path.rstrip("/").rpartition("/")[2])
    return collection.rstrip("/") + "/" + name


def _first_line(problem: BaseException) -> str:
    text = str(problem).strip().splitlines()
    return (text[0][:160] if text else type(problem).__name__) or type(problem).__name__


def _reason(problem: BaseException) -> str:
    """The operating system's words ("Connection refused"), not the retry wrappers around them."""
    text = str(problem)
    if found := re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text):
        return found.group(1).strip()
    if found := re.search(r"Failed to resolve '([^']+)'", text):
        return f"the host name {found.group(1)} cannot be found"
    if found := re.search(r"Caused by \w+\(['\"]?(?:<[^>]*>: )?([^'\"]+)", text):
        return found.group(1).strip()
    return _first_line(problem)


def _redacted(text: str, password: str | None) -> str:
    """Belt and braces: no library message should hold the password, but if one does, hide it."""
    return text.replace(password, "***") if password and len(password) >= 4 else text


# --- the transport of `publish` ------------------------------------------------------------------


def body_text(raw: Any) -> str:
    return raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)


def multistatus(answer: Any) -> Any:
    """The XML of a multistatus answer; a 207 without one is an answer that cannot be read."""
    if answer.tree is None:
        raise UnreadableAnswer(f"a {answer.status} answer without an XML body")
    return answer.tree


def listed_names(client: Any, collection: str, shown: str) -> set[str]:
    """The names of the objects the calendar `collection` holds (one PROPFIND of depth 1)."""
    listing = client.propfind(collection, props=_HREFS, depth=1)
    if listing.status != 207:
        raise refused(listing.status, "PROPFIND", shown)
    return {unquote(h.text.rstrip("/").rsplit("/", 1)[-1]) for h in multistatus(listing).iter("{DAV:}href") if h.text}


def check_calendar(client: Any, collection: str, shown: str, *, missing_ok: bool = False) -> bool:
    """True when `collection` is a calendar; False when nothing is there and `missing_ok`; else OutputError."""
    answer = client.propfind(collection, props=_RESOURCETYPE, depth=0)
    if answer.status == 404:
        if missing_ok:
            return False
        raise OutputError(
            f"no calendar at {shown}",
            hint="check the URL: it must name a calendar collection; --create-calendar makes it",
        )
    if answer.status != 207:
        raise refused(answer.status, "PROPFIND", shown)
    if CALENDAR_TYPE not in {element.tag for element in multistatus(answer).iter()}:
        raise OutputError(f"{shown} is not a calendar collection", hint="give the URL of the calendar itself")
    return True


def refused(status: int, method: str, shown: str, key: str | None = None) -> OutputError:
    what = f" for event {key}" if key else ""
    if status in (401, 403):
        return OutputError(
            f"the CalDAV server at {shown} refused the credentials ({status}){what}",
            hint="check --username and the password in the environment variable named by --password-env",
        )
    return OutputError(f"the CalDAV server at {shown} answered {status} to {method}{what}")


@contextmanager
def talking_to(shown: str, budget: _Budget) -> Iterator[None]:
    """Turn whatever goes wrong talking to the server (connection refused, a timeout, a trickle, too much
    data, an answer that is not XML, a refused login) into one clear OutputError, through the map that
    reading a calendar uses too (`explain_failure`)."""
    from caldav.lib.error import AuthorizationError

    try:
        yield
    except AuthorizationError:
        raise refused(401, "a request", shown) from None
    except OutputError:
        raise
    except Exception as error:
        explained = explain_failure(error, budget)
        if explained is None:
            raise
        message, hint = explained
        if message.startswith(("cannot connect", "the server did not answer")):
            raise OutputError(f"cannot reach the CalDAV server at {shown} ({message})", hint=hint) from None
        raise OutputError(f"the CalDAV server at {shown}: {message}", hint=hint) from None
