"""Pytest fixtures for real-calendar tests: Radicale servers started once per test session.

Enable them in the root `conftest.py` with `pytest_plugins = ["tests.conftest_realclients"]`
(or `from tests.conftest_realclients import *` in `tests/conftest.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

try:
    from tests.realclients import AUTH_PASSWORD, AUTH_USER, RadicaleServer, start_radicale
except ModuleNotFoundError as error:  # `tests/` itself is on sys.path (pytest "prepend", no __init__.py)
    if error.name not in ("tests", "tests.realclients"):
        raise
    from realclients import (  # type: ignore[import-not-found,no-redef,unused-ignore]
        AUTH_PASSWORD,
        AUTH_USER,
        RadicaleServer,
        start_radicale,
    )

__all__ = ["fresh_radicale", "radicale", "radicale_calendar", "radicale_with_auth"]


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    """A Radicale server without authentication (any user name works; calendars of `tester`)."""
    server = start_radicale(tmp_path_factory.mktemp("radicale"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def radicale_with_auth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    """A Radicale server that requires the password: user `planner`, password `s3cret`."""
    server = start_radicale(tmp_path_factory.mktemp("radicale-auth"), username=AUTH_USER, password=AUTH_PASSWORD)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def radicale_calendar(radicale: RadicaleServer) -> str:
    """URL of a fresh, empty calendar on the session's no-auth server, one per test."""
    return radicale.make_calendar()


@pytest.fixture
def fresh_radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    """A no-auth server of this test's own (≈0.3 s): for tests whose VTIMEZONEs must not leak into,
    or be shadowed by, what other tests PUT (vobject caches the first VTIMEZONE per TZID)."""
    server = start_radicale(tmp_path / "radicale")
    try:
        yield server
    finally:
        server.stop()
