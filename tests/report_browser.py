"""Open a report page in Debian's headless chromium (driven by playwright; no downloaded browser build).

Used by tests/test_report.py, and run as a script to redraw the README's screenshot:

    python -m tests.report_browser      # writes calendars/korea-us-2025/report.png
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "calendars" / "korea-us-2025" / "scenario.yaml"
README_SCREENSHOT = ROOT / "calendars" / "korea-us-2025" / "report.png"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Every element's right edge against the viewport's width: what sticks out to the right, as "tag: text".
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > width)
    .map(e => e.tagName + ': ' + (e.textContent || '').trim().slice(0, 60));
}"""


def chromium() -> str | None:
    """Debian's chromium, if installed."""
    found = shutil.which("chromium")
    return found or ("/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)


@dataclass
class Visit:
    """What a page did when loaded at one width."""

    width: int
    text: str  # the rendered text of the body, as a reader sees it
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # requests that failed
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    overflowing: list[str] = field(default_factory=list)


@contextmanager
def browser() -> Iterator[Any]:
    """A persistent chromium context in a fresh user-data-dir, closed afterwards."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    assert executable is not None, "chromium is not installed (apt-get install chromium)"
    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=ARGS
        )
        try:
            yield context
        finally:
            context.close()


def visit(context: Any, page_file: Path, width: int, screenshot: Path | None = None) -> Visit:
    """Load `page_file` at `width` CSS pixels, record what it asked for and logged, and take a full-page shot."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    seen = Visit(width, "")
    page.on("console", lambda message: seen.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
    page.on("requestfailed", lambda request: seen.failed.append(request.url))
    page.on("request", lambda request: seen.requests.append(request.url))
    page.goto(page_file.resolve().as_uri(), wait_until="load")
    seen.text = page.inner_text("body")
    seen.overflowing = page.evaluate(OVERFLOW)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    return seen


def main() -> None:
    """Redraw the README's screenshot from the bundled example, by the same code as `propose --report`."""
    from click.testing import CliRunner

    from scheduler.cli import main as schedule

    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        page_file = Path(folder) / "plan.html"
        result = CliRunner().invoke(
            schedule,
            [
                "propose",
                str(EXAMPLE),
                "--out",
                str(Path(folder) / "proposals"),
                "--top",
                "2",
                "--report",
                str(page_file),
            ],
        )
        assert result.exit_code == 0, result.output
        with browser() as context:
            seen = visit(context, page_file, 1000, README_SCREENSHOT)
    problems = seen.console_errors + seen.failed + seen.overflowing
    assert not problems, problems
    print(f"wrote {README_SCREENSHOT.relative_to(ROOT)}")


if __name__ == "__main__":
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    main()
