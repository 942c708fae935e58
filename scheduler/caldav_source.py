"""Busy calendars on a CalDAV server: fetch the calendar's objects, read them as `calendars` reads a file.

The server only picks the objects that touch the window (a calendar-query REPORT, widened by a
day so that a server's own time-zone slips cannot drop one); every recurrence is expanded here, by
`calendars.parse_calendar`, exactly as for a file: servers differ in how well they expand.

The password comes from the environment variable the scenario names, never from the scenario. No
message carries it, and URLs are shown without user info.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from . import calendars
from .calendars import CalendarEvent, CalendarRead, parse_calendar
from .errors import InputError, Where
from .scenario import CalDAVCalendar

TIMEOUT_SECONDS = 30
"""How long to wait for the server to connect or answer before giving up."""

SEARCH_MARGIN = timedelta(days=1)
"""The server is asked for a slightly wider window; the exact window is applied on this side."""

CALENDAR_TYPE = "{urn:ietf:params:xml:ns:caldav}calendar"

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
    import niquests  # loaded only for scenarios that read a CalDAV server
    from caldav.davclient import DAVClient
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
            hooks: Any = client.session.hooks
            hooks["response"].append(budget.read)
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
    except _TooMuchData:
        raise too_much() from None
    except error.AuthorizationError:
        raise failure("the server refused the login (401/403)", login) from None
    except error.NotFoundError:
        raise failure(
            "there is no calendar at this URL (404)",
            "check the URL: copy it from the calendar's settings in your calendar app",
        ) from None
    except error.DAVError as problem:
        raise failure(
            f"the server answered with an error: {_first_line(problem)}",
            "check that the URL is the calendar's CalDAV address, not its web page",
        ) from None
    except niquests.exceptions.Timeout:
        raise failure(
            f"the server did not answer within {TIMEOUT_SECONDS} s",
            "check that the server is up and reachable from here, then run again",
        ) from None
    except niquests.exceptions.SSLError as problem:
        raise failure(
            f"secure connection failed: {_first_line(problem)}", "check the server's certificate and the https URL"
        ) from None
    except (niquests.exceptions.RequestException, OSError) as problem:
        raise failure(
            f"cannot connect: {_reason(problem)}",
            "check that the server is running and the URL's host and port are right",
        ) from None
    except ValueError as problem:  # e.g. an answer that is not XML
        raise failure(
            f"the server's answer cannot be read: {_first_line(problem)}", "check that the URL is a CalDAV calendar"
        ) from None
    except Exception:
        if budget.exceeded:
            raise too_much() from None
        raise


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
