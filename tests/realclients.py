"""Real calendar clients for tests: a throw-away Radicale CalDAV server, plain CalDAV calls, and khal.

A file that parses is not yet a file that imports. These helpers hand generated `.ics` bytes to real
software (the Radicale server and the khal terminal calendar) so tests can check what a user would
see. Everything runs offline: the server listens on 127.0.0.1 only and the helpers refuse any other
host. Radicale re-serializes what it stores, so compare instants, not text.

Radicale's vobject keeps the first VTIMEZONE it sees for a TZID for the life of the server process
(and keeps only the first value of a multi-valued RDATE, which is what `add_missing_timezones()`
writes). Such a VTIMEZONE shifts later server-side time-range answers for that TZID by an hour, so
a test that PUTs a VTIMEZONE unlike the project's own uses a server of its own (`running_radicale`
or the `fresh_radicale` fixture), not the shared session server.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import datetime as dt
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from xml.etree import ElementTree

LOCALHOST = "127.0.0.1"
START_TIMEOUT_SECONDS = 15.0
HTTP_TIMEOUT_SECONDS = 10.0

NO_AUTH_USER = "tester"
AUTH_USER = "planner"
AUTH_PASSWORD = "s3cret"

# khal prints `{start}`/`{end}` with `datetimeformat` (timed events) or `dateformat` (all-day events).
KHAL_DATE_FORMAT = "%Y-%m-%d"
KHAL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
KHAL_LIST_FORMAT = "{start} {end} {title}"
KHAL_CALENDAR_NAME = "harness"

_DAV = "DAV:"
_CALDAV = "urn:ietf:params:xml:ns:caldav"
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")

Auth = tuple[str, str]


class RealClientError(RuntimeError):
    """A real client (server, CalDAV call or khal run) did not do what the test needed."""


# --------------------------------------------------------------------------- Radicale server


class RadicaleServer:
    """A running Radicale subprocess; `url` ends with `/`, calendars live under `/<username>/`."""

    def __init__(
        self,
        process: subprocess.Popen[bytes],
        port: int,
        workdir: Path,
        log_path: Path,
        username: str,
        password: str | None,
    ) -> None:
        self.process = process
        self.port = port
        self.url = f"http://{LOCALHOST}:{port}/"
        self.workdir = workdir
        self.storage_folder = workdir / "collections"
        self.log_path = log_path
        self.username = username
        self.password = password
        self._calendar_count = 0

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def requires_password(self) -> bool:
        return self.password is not None

    @property
    def auth(self) -> Auth:
        """Basic-auth credentials of the calendar owner (any password works when auth is off)."""
        return (self.username, self.password if self.password is not None else "unused")

    def log(self) -> str:
        """What Radicale wrote to stdout/stderr so far (for failure messages)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def calendar_url(self, name: str) -> str:
        return f"{self.url}{quote(self.username, safe='')}/{quote(name, safe='')}/"

    def make_calendar(self, name: str | None = None, displayname: str | None = None) -> str:
        """MKCALENDAR a fresh, empty calendar collection owned by `username`; return its URL."""
        if name is None:
            self._calendar_count += 1
            name = f"calendar-{self._calendar_count}-{uuid.uuid4().hex[:8]}"
        url = self.calendar_url(name)
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<C:mkcalendar xmlns:D="{_DAV}" xmlns:C="{_CALDAV}"><D:set><D:prop>'
            f"<D:displayname>{_xml_text(displayname or name)}</D:displayname>"
            '<C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>'
            "</D:prop></D:set></C:mkcalendar>"
        )
        status, answer = caldav_request(
            "MKCALENDAR",
            url,
            body=body.encode("utf-8"),
            headers={"Content-Type": "application/xml; charset=utf-8"},
            auth=self.auth,
        )
        if status != 201:
            raise RealClientError(f"MKCALENDAR {url} answered {status}: {answer[:500]!r}\nRadicale log:\n{self.log()}")
        return url

    def is_running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """Terminate the server by its PID, wait for it, kill it if it does not go. Idempotent."""
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)


def start_radicale(
    workdir: Path,
    *,
    username: str = NO_AUTH_USER,
    password: str | None = None,
    timeout: float = START_TIMEOUT_SECONDS,
) -> RadicaleServer:
    """Start Radicale on a free port of 127.0.0.1 with its storage and config inside `workdir`.

    Without `password`, authentication is off (`[auth] type = none`: any user name works).
    With `password`, a plain-text htpasswd file holds the single user `username`.
    Returns once the server answers HTTP; raises RealClientError with Radicale's log otherwise.
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    last_error: RealClientError | None = None
    for attempt in range(3):
        # The free port is chosen before Radicale binds it; another process may grab it in between,
        # so a bind failure is retried on a new port.
        port = _free_port()
        config_path = _write_radicale_config(workdir, port, username, password)
        log_path = workdir / f"radicale-{attempt}.log"
        with log_path.open("wb") as log_file:
            process = subprocess.Popen(
                [sys.executable, "-m", "radicale", "--config", str(config_path)],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=_radicale_env(workdir),
                cwd=workdir,
            )
        server = RadicaleServer(process, port, workdir, log_path, username, password)
        atexit.register(server.stop)
        try:
            _wait_until_answering(server, timeout)
        except RealClientError as error:
            server.stop()
            last_error = error
            if "in use" in server.log().lower():
                continue
            raise
        return server
    assert last_error is not None
    raise last_error


@contextlib.contextmanager
def running_radicale(
    workdir: Path | None = None, *, username: str = NO_AUTH_USER, password: str | None = None
) -> Iterator[RadicaleServer]:
    """`with running_radicale() as server:` — a server that is stopped (by PID) on exit."""
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="radicale-")))
        server = start_radicale(workdir, username=username, password=password)
        stack.callback(server.stop)
        yield server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOCALHOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _write_radicale_config(workdir: Path, port: int, username: str, password: str | None) -> Path:
    if password is None:
        auth = "type = none\n"
    else:
        htpasswd = workdir / "users.htpasswd"
        htpasswd.write_text(f"{username}:{password}\n", encoding="utf-8")
        auth = (
            "type = htpasswd\n"
            f"htpasswd_filename = {htpasswd}\n"
            "htpasswd_encryption = plain\n"
            # No penalty sleep after a wrong password: tests check 401s on purpose.
            "delay = 0\n"
        )
    config_path = workdir / "radicale.config"
    config_path.write_text(
        "[server]\n"
        f"hosts = {LOCALHOST}:{port}\n"
        "[auth]\n"
        f"{auth}"
        "[rights]\n"
        "type = owner_only\n"
        "[web]\n"
        "type = none\n"
        "[storage]\n"
        f"filesystem_folder = {workdir / 'collections'}\n"
        "[logging]\n"
        "level = error\n",
        encoding="utf-8",
    )
    return config_path


def _radicale_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("RADICALE_CONFIG", None)
    env["HOME"] = str(workdir)
    env["XDG_CONFIG_HOME"] = str(workdir / "xdg-config")
    env["XDG_DATA_HOME"] = str(workdir / "xdg-data")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _wait_until_answering(server: RadicaleServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if not server.is_running():
            raise RealClientError(
                f"Radicale exited with code {server.process.returncode} before answering on "
                f"{server.url}\nRadicale log:\n{server.log()}"
            )
        connection = http.client.HTTPConnection(LOCALHOST, server.port, timeout=1.0)
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except OSError:
            pass
        finally:
            connection.close()
        if time.monotonic() > deadline:
            raise RealClientError(
                f"Radicale did not answer on {server.url} within {timeout:.0f} s\nRadicale log:\n{server.log()}"
            )
        time.sleep(0.02)


# --------------------------------------------------------------------------- CalDAV calls


def caldav_request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    auth: Auth | None = None,
) -> tuple[int, bytes]:
    """One HTTP request to the local server; returns (status, body). Never raises on HTTP errors.

    Credentials come from `auth`, else from `http://user:password@127.0.0.1:PORT/...` in the URL,
    else none are sent.
    """
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != LOCALHOST or parts.port is None:
        raise ValueError(f"the test harness only talks to http://{LOCALHOST}:PORT/, not {url!r}")
    if auth is None and parts.username is not None:
        auth = (unquote(parts.username), unquote(parts.password or ""))
    request_headers = dict(headers or {})
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        request_headers["Authorization"] = f"Basic {token}"
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    connection = http.client.HTTPConnection(LOCALHOST, parts.port, timeout=HTTP_TIMEOUT_SECONDS)
    try:
        connection.request(method, target, body=body, headers=request_headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def event_url(calendar_url: str, uid: str) -> str:
    """Where one event lives: `<calendar>/<uid>.ics` (the UID percent-encoded)."""
    return f"{calendar_url.rstrip('/')}/{quote(uid, safe='@')}.ics"


def caldav_put(calendar_url: str, ics_bytes: bytes, uid: str, *, auth: Auth | None = None) -> int:
    """PUT one calendar object as `<calendar>/<uid>.ics`; 201 = created, 204 = replaced."""
    status, _ = caldav_request(
        "PUT",
        event_url(calendar_url, uid),
        body=ics_bytes,
        headers={"Content-Type": "text/calendar; charset=utf-8"},
        auth=auth,
    )
    return status


def caldav_get(calendar_url: str, uid: str, *, auth: Auth | None = None) -> bytes:
    """GET `<calendar>/<uid>.ics` as the server re-serialized it; RealClientError unless 200."""
    url = event_url(calendar_url, uid)
    status, body = caldav_request("GET", url, auth=auth)
    if status != 200:
        raise RealClientError(f"GET {url} answered {status}: {body[:500]!r}")
    return body


def caldav_report_between(
    calendar_url: str, start: dt.datetime, end: dt.datetime, *, auth: Auth | None = None
) -> list[bytes]:
    """REPORT calendar-query for VEVENTs overlapping [start, end); the calendar-data of each match.

    `start` and `end` must be timezone-aware. The server decides the overlap (recurrences are
    expanded by Radicale's vobject, which has bugs: keep recurrence checks on the client side).
    """
    body = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<C:calendar-query xmlns:D="{_DAV}" xmlns:C="{_CALDAV}">'
        "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
        '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
        f'<C:time-range start="{_caldav_utc(start)}" end="{_caldav_utc(end)}"/>'
        "</C:comp-filter></C:comp-filter></C:filter>"
        "</C:calendar-query>"
    )
    responses = _multistatus("REPORT", calendar_url, body, auth, f"{{{_CALDAV}}}calendar-data", what="calendar-query")
    return [data.encode("utf-8") for href, data in sorted(responses.items()) if data]


def caldav_count(calendar_url: str, *, auth: Auth | None = None) -> int:
    """How many calendar objects (one per UID) the collection holds (PROPFIND, Depth 1)."""
    body = (
        f'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="{_DAV}"><D:prop><D:getetag/></D:prop></D:propfind>'
    )
    responses = _multistatus("PROPFIND", calendar_url, body, auth, f"{{{_DAV}}}getetag", what="PROPFIND")
    collection = unquote(urlsplit(calendar_url).path).rstrip("/")
    return sum(1 for href in responses if unquote(urlsplit(href).path).rstrip("/") != collection)


def _multistatus(method: str, url: str, body: str, auth: Auth | None, prop: str, *, what: str) -> dict[str, str]:
    """Send a Depth-1 request answered by 207 Multi-Status; map each href to the text of `prop`."""
    status, answer = caldav_request(
        method,
        url,
        body=body.encode("utf-8"),
        headers={"Content-Type": "application/xml; charset=utf-8", "Depth": "1"},
        auth=auth,
    )
    if status != 207:
        raise RealClientError(f"{what} on {url} answered {status}: {answer[:500]!r}")
    found: dict[str, str] = {}
    for response in ElementTree.fromstring(answer).iter(f"{{{_DAV}}}response"):
        href = response.findtext(f"{{{_DAV}}}href", default="")
        value = ""
        for propstat in response.iter(f"{{{_DAV}}}propstat"):
            if " 200 " not in propstat.findtext(f"{{{_DAV}}}status", default=""):
                continue
            element = propstat.find(f"{{{_DAV}}}prop/{prop}")
            if element is not None:
                value = element.text or ""
        found[href] = value
    return found


def _caldav_utc(moment: dt.datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"time-range bounds must be timezone-aware, got {moment!r}")
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- khal


def khal_executable() -> list[str]:
    """The venv's `khal` next to the running interpreter (or `python -m khal` as a fallback)."""
    script = Path(sys.executable).parent / "khal"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "khal"]


def khal_import_and_list(
    ics_path: str | os.PathLike[str],
    local_timezone: str,
    start_date: dt.date,
    days: int,
    *,
    once: bool = True,
) -> list[str]:
    """Import a file into a fresh khal calendar, then list `days` days from `start_date`.

    Each returned line is `KHAL_LIST_FORMAT`, i.e. "YYYY-MM-DD HH:MM YYYY-MM-DD HH:MM title" in
    `local_timezone` (all-day events print dates only). `once` prints an event spanning several
    days once instead of under each day. The config, vdir and database live in a temporary folder
    and XDG_CONFIG_HOME/XDG_DATA_HOME point there, so no real user configuration is read.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    ics_path = Path(ics_path).resolve()
    with tempfile.TemporaryDirectory(prefix="khal-") as folder:
        root = Path(folder)
        config_path = _write_khal_config(root, local_timezone)
        env = _khal_env(root)
        log_path = root / "khal.log"
        options = ["-c", str(config_path), "--no-color", "-v", "WARNING", "-l", str(log_path)]
        common = [*khal_executable(), *options]
        _run_khal([*common, "import", "--batch", "-a", KHAL_CALENDAR_NAME, str(ics_path)], env, log_path)
        listing = [
            *common,
            "list",
            "--format",
            KHAL_LIST_FORMAT,
            "--day-format",
            "",
            *(["--once"] if once else []),
            start_date.strftime(KHAL_DATE_FORMAT),
            f"{days}d",
        ]
        output = _run_khal(listing, env, log_path)
    lines = (_ANSI_ESCAPE.sub("", line).rstrip() for line in output.splitlines())
    return [line for line in lines if line]


def _write_khal_config(root: Path, local_timezone: str) -> Path:
    vdir = root / "calendars" / KHAL_CALENDAR_NAME
    vdir.mkdir(parents=True)
    config_path = root / "khal.conf"
    config_path.write_text(
        "[calendars]\n"
        f"[[{KHAL_CALENDAR_NAME}]]\n"
        f"path = {vdir}\n"
        "type = calendar\n"
        "[locale]\n"
        f"local_timezone = {local_timezone}\n"
        f"default_timezone = {local_timezone}\n"
        "timeformat = %H:%M\n"
        f"dateformat = {KHAL_DATE_FORMAT}\n"
        f"longdateformat = {KHAL_DATE_FORMAT}\n"
        f"datetimeformat = {KHAL_DATETIME_FORMAT}\n"
        f"longdatetimeformat = {KHAL_DATETIME_FORMAT}\n"
        "[sqlite]\n"
        f"path = {root / 'khal.db'}\n",
        encoding="utf-8",
    )
    return config_path


def _khal_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["HOME"] = str(root)
    env["XDG_CONFIG_HOME"] = str(root / "xdg-config")
    env["XDG_DATA_HOME"] = str(root / "xdg-data")
    env["XDG_CACHE_HOME"] = str(root / "xdg-cache")
    env["LC_ALL"] = "C.UTF-8"
    env["TZ"] = "UTC"
    return env


def _run_khal(command: list[str], env: dict[str, str], log_path: Path) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    if result.returncode != 0:
        raise RealClientError(
            f"khal failed (exit {result.returncode}): {' '.join(command)}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}\nlog:\n{log}"
        )
    return result.stdout
