"""The briefing page: `propose --report FILE` and `schedule report DOC.json`, read as text and in a real browser.

The bundled example's answer (worked out in README "A worked example"): the G7 sidelines in Kananaskis,
Tue 17 Jun 2025 08:00–09:00 MDT (UTC−6) = 14:00 UTC = 23:00 KST in Seoul (UTC+9) = 10:00 EDT in
Washington (UTC−4); option 2 the White House, Fri 27 Jun 09:00 EDT. NATO in The Hague has no start.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scheduler.report import page
from tests.helpers import run

from .report_browser import EXAMPLE, ROOT, browser, chromium, visit

ARTIFACTS = ROOT / "tests" / "artifacts"


def example(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """The bundled example (with its calendars) copied to tmp_path/korea, with `changes` made to the YAML."""
    folder = tmp_path / "korea"
    folder.mkdir(exist_ok=True)
    for source in EXAMPLE.parent.glob("*.ics"):
        (folder / source.name).write_bytes(source.read_bytes())
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} must occur once in the example"
        text = text.replace(old, new)
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    return folder / "scenario.yaml"


TOO_SOON = (
    "deadline: {at: 2025-07-09T00:01-04:00, why: reciprocal-tariff relief expires}",
    "deadline: {at: 2025-06-10, why: too soon for any venue}",
)


class _Page(HTMLParser):
    """The page's visible text, its tags, and its links and sources (what a browser would fetch or follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.sources: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        self.sources += [value or "" for key, value in attrs if key in ("src", "srcset", "data", "poster")]
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(data: bytes) -> _Page:
    parsed = _Page()
    parsed.feed(data.decode("utf-8"))
    parsed.text = [" ".join(" ".join(parsed.text).split())]  # a space between elements, as a reader sees
    return parsed


def text_of(data: bytes) -> str:
    return parse(data).text[0]


@pytest.fixture(scope="module")
def proposed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """propose --top 2 --json --report on the example: (the page, the saved document, the page's bytes)."""
    tmp_path = tmp_path_factory.mktemp("proposed")
    scenario = example(tmp_path)
    page_file = tmp_path / "briefing" / "plan.html"
    result = run("propose", scenario, "--out", tmp_path / "out", "--top", "2", "--json", "--report", page_file)
    assert result.exit_code == 0, result.stderr
    document = tmp_path / "plan.json"
    document.write_text(result.stdout, encoding="utf-8")
    return page_file, document, page_file.read_bytes()


# --- one code path, deterministic --------------------------------------------------------------


def test_report_of_the_saved_document_is_the_same_bytes_as_propose_report(
    proposed: tuple[Path, Path, bytes], tmp_path: Path
) -> None:
    page_file, document, data = proposed
    again = page_file.parent / "again.html"  # beside the first, so the relative links are the same
    result = run("report", document, "-o", again)
    assert result.exit_code == 0, result.stderr
    assert again.read_bytes() == data
    again.unlink()


def test_report_is_byte_identical_across_runs(proposed: tuple[Path, Path, bytes], tmp_path: Path) -> None:
    _, _, data = proposed
    scenario = example(tmp_path)
    second = tmp_path / "briefing" / "plan.html"
    result = run("propose", scenario, "--out", tmp_path / "out", "--top", "2", "--report", second)
    assert result.exit_code == 0, result.stderr
    # The same scenario in another folder: only the folder differs, and the links are relative to the page.
    assert second.read_bytes() == data


def test_report_default_name_is_the_document_with_html(proposed: tuple[Path, Path, bytes]) -> None:
    _, document, _ = proposed
    result = run("report", document)
    assert result.exit_code == 0, result.stderr
    assert document.with_suffix(".html").is_file()
    assert "report: " in result.stderr


# --- what the page says ------------------------------------------------------------------------


def test_answer_paragraph_gives_the_venue_time_and_each_home_time(proposed: tuple[Path, Path, bytes]) -> None:
    _, _, data = proposed
    answer = re.search(rb'<p class="answer">(.*?)</p>', data, re.S)
    assert answer is not None
    words = text_of(answer.group(1))
    assert "Lee Jae-myung and Donald J. Trump can meet at the earliest on " in words
    assert "Tuesday 17 June 2025, 08:00–09:00 MDT (local time)" in words
    assert "Venue: G7 Leaders' Summit, Kananaskis (sidelines), in Kananaskis, Alberta." in words
    # 08:00 MDT = 14:00 UTC → 23:00 KST (UTC+9) and 10:00 EDT (UTC−4), the same day in both homes.
    assert "Tue 17 Jun, 23:00 KST in Seoul and Tue 17 Jun, 10:00 EDT in Washington, D.C." in words
    # Deadline Wed 9 Jul 00:01 EDT = Tue 8 Jul 22:01 MDT; from Tue 17 Jun 08:00 MDT: 21 days 14 h 1 min,
    # said as "21 days 14 hours" (minutes are dropped once there are days).
    assert "21 days 14 hours before the deadline, Tue 8 Jul 2025, 22:01 MDT (reciprocal-tariff relief expires)." in (
        words
    )
    assert "1 further option is listed below." in words
    assert ".." not in words  # "Washington, D.C." ends a sentence with one full stop


def test_options_show_each_leaders_home_time(proposed: tuple[Path, Path, bytes]) -> None:
    _, _, data = proposed
    words = text_of(data)
    # Option 2: Fri 27 Jun 09:00 EDT (13:00 UTC) = 22:00 KST the same day.
    for expected in (
        "Proposed G7 Leaders' Summit, Kananaskis (sidelines) Kananaskis, Alberta Local time at the venue "
        "Tue 17 Jun 2025, 08:00–09:00 MDT Lee Jae-myung’s time in Seoul Tue 17 Jun 2025, 23:00 KST "
        "Donald J. Trump’s time in Washington, D.C. Tue 17 Jun 2025, 10:00 EDT",
        "Option 2 Official visit to the White House Washington, D.C., host: Donald J. Trump Local time at the venue "
        "Fri 27 Jun 2025, 09:00–10:00 EDT Lee Jae-myung’s time in Seoul Fri 27 Jun 2025, 22:00 KST",
    ):
        assert expected in words


def test_other_venues_lose_in_plain_words_without_file_and_line(proposed: tuple[Path, Path, bytes]) -> None:
    _, _, data = proposed
    words = text_of(data)
    assert "NATO Summit, The Hague (sidelines) No possible start before the deadline:" in words
    assert "NATO Summit, The Hague (sidelines) is open only Tue 24 Jun 08:00–Wed 25 Jun 18:00 CEST" in words
    assert "Lee Jae-myung cannot be in The Hague then" in words
    assert not re.search(r"\w+\.(yaml|ics):\d+", words), "file:line references are for the planner, not this page"


def test_links_are_relative_and_reach_the_calendar_files(proposed: tuple[Path, Path, bytes]) -> None:
    page_file, _, data = proposed
    links = parse(data).links
    # The page is in briefing/, the .ics files in out/ beside it: each link goes up one folder.
    assert sorted(links) == [
        "../out/all-proposals.ics",
        "../out/itinerary-lee.ics",
        "../out/itinerary-trump.ics",
        "../out/summit-option-2.ics",
        "../out/summit.ics",
    ]
    assert all((page_file.parent / link).is_file() for link in links)


def test_page_is_self_contained(proposed: tuple[Path, Path, bytes]) -> None:
    _, _, data = proposed
    parsed = parse(data)
    assert parsed.sources == []
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parsed.tags)
    assert b"url(" not in data and b"@import" not in data and b"@font-face" not in data
    # The only absolute URL is the SVG namespace name, which is never fetched.
    assert set(re.findall(rb"https?://[^\"' )]+", data)) == {b"http://www.w3.org/2000/svg"}


def test_timeline_is_svg_with_real_text(proposed: tuple[Path, Path, bytes]) -> None:
    _, _, data = proposed
    drawings = re.findall(rb"<svg.*?</svg>", data, re.S)
    assert len(drawings) == 2  # one meeting, drawn for a wide and for a narrow screen
    for drawing in drawings:
        assert b"<path" not in drawing  # no glyph outlines
        texts = [text_of(t) for t in re.findall(rb"<text[^>]*>.*?</text>", drawing, re.S)]
        assert "Proposed: Tue 17 Jun 08:00 MDT" in texts
        assert "Option 2: Fri 27 Jun 09:00 EDT" in texts
        # Wed 9 Jul 00:01 EDT, drawn in the venue's zone (Kananaskis, UTC−6).
        assert "Deadline Tue 8 Jul 22:01 MDT" in texts
        assert "Lee Jae-myung home: Seoul" in " ".join(texts).replace(" · ", " ")
        assert "Fri 27 Jun" in texts or "Mon 23 Jun" in texts  # day ticks labelled in the venue's zone


def test_timeline_draws_a_few_venues_of_many(tmp_path: Path) -> None:
    from .hostile_inputs import many_venues

    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(many_venues(12), encoding="utf-8")
    page_file = tmp_path / "plan.html"
    result = run("propose", scenario, "--out", tmp_path / "out", "--top", "2", "--report", page_file)
    assert result.exit_code == 0, result.stderr
    data = page_file.read_bytes()
    wide = re.search(rb'<svg class="timeline wide".*?</svg>', data, re.S)
    assert wide is not None
    lanes = [text_of(t) for t in re.findall(rb"<text[^>]*><tspan.*?</text>", wide.group(0), re.S)]
    # The proposals are Venue 0 and Venue 1 (the least notice: 30 and 31 days); the lanes are the two leaders,
    # then 8 of the 12 venues: the proposals' venues first, then the others in the meeting's order.
    assert [lane.split(" · ")[0] for lane in lanes] == ["A", "B", *(f"Venue {i}" for i in range(8))]
    assert "(8 of the 12 venues drawn, the proposals’ venues first)" in text_of(data)
    # Why the other ten lost is listed for each, drawn or not: Venue 2 to Venue 11 are possible only later.
    assert re.findall(r"<h4>(Venue \d+)</h4>\n<p>Possible, but later", data.decode()) == [
        f"Venue {i}" for i in range(2, 12)
    ]


def test_scenario_text_is_escaped(tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    scenario = example(
        tmp_path,
        ("title: First Korea–US summit after the June 2025 election", f"title: '{hostile}'"),
        ("name: Official visit to the White House", "name: 'White House <b>visit</b>'"),
    )
    page_file = tmp_path / "plan.html"
    result = run("propose", scenario, "--out", tmp_path / "out", "--report", page_file)
    assert result.exit_code == 0, result.stderr
    data = page_file.read_bytes()
    parsed = parse(data)
    assert not {"script", "img", "b"} & set(parsed.tags)
    assert hostile in parsed.text[0]  # shown as written, as text
    assert "White House <b>visit</b>" in parsed.text[0]


def test_no_feasible_meeting_says_why_and_what_would_work(tmp_path: Path) -> None:
    scenario = example(tmp_path, TOO_SOON)
    page_file = tmp_path / "plan.html"
    result = run("propose", scenario, "--out", tmp_path / "out", "--report", page_file)
    assert result.exit_code == 1
    words = text_of(page_file.read_bytes())
    # A date as deadline runs to the end of that day in the scenario's zone: Wed 11 Jun 00:00 KST.
    assert (
        "No time before the deadline, Wed 11 Jun 2025, 00:00 KST (too soon for any venue), works for "
        "Lee Jae-myung and Donald J. Trump at any of the 3 candidate venues."
    ) in words
    assert "Why nothing fits" in words and "What would make it work" in words
    assert "move the deadline" in words
    assert "Options" not in words and "Calendar files" not in words


def test_travel_legs_and_assumptions_of_the_trial_case(tmp_path: Path) -> None:
    """The Canada–India trial: both ministers fly from Kuala Lumpur to the meeting in New Delhi."""
    page_file = tmp_path / "plan.html"
    trial = ROOT / "tests" / "data" / "trial" / "canada-india-2025.yaml"
    result = run("propose", trial, "--out", tmp_path / "out", "--report", page_file)
    assert result.exit_code == 0, result.stderr
    words = text_of(page_file.read_bytes())
    assert "Thursday 6 November 2025, 13:00–14:00 IST" in words
    # The leg into the meeting arrives as it starts, 13:00 IST = 07:30 UTC, after 2h ground time; the flight
    # lands 05:30 UTC, takes off 4h48 earlier at 00:42 UTC; the 2h before it start at 22:42 UTC on 5 Nov,
    # 06:42 on 6 Nov in Kuala Lumpur (UTC+08, a zone without an abbreviation).
    assert (
        "Anita Anand, Kuala Lumpur → New Delhi, leaves Thu 6 Nov 2025, 06:42 UTC+08, arrives Thu 6 Nov 2025, "
        "13:00 IST, 4h48 in the air and 2h00 on the ground at each end"
    ) in words
    assert (
        "Assumes: relies on Anita Anand travelling to New Delhi after the stop in Kuala Lumpur ends "
        "Tue 28 Oct 18:00 UTC+08"
    ) in words
    assert not re.search(r"\w+\.(yaml|ics):\d+", words), "file:line references are for the planner, not this page"


def test_legs_of_another_shape_are_still_shown(proposed: tuple[Path, Path, bytes]) -> None:
    page_file, document_file, _ = proposed
    document = json.loads(document_file.read_text(encoding="utf-8"))
    document["proposals"][0]["legs"] = [{"summary": "Kananaskis → Seoul <after the meeting>"}, "by motorcade"]
    document["proposals"][0]["assumptions"] = ["Trump stays at the G7 <all day>", {"what": "no motorcade delays"}]
    words = text_of(page(document, page_file.parent))
    assert "Travel Kananaskis → Seoul <after the meeting> by motorcade" in words
    assert "Assumes: Trump stays at the G7 <all day> no motorcade delays" in words


# --- bad input: exit 2, a clear message, nothing written ---------------------------------------


def test_report_option_must_name_an_html_file(tmp_path: Path) -> None:
    result = run("propose", EXAMPLE, "--out", tmp_path / "out", "--report", tmp_path / "plan.pdf")
    assert result.exit_code == 2
    assert "name the file .html" in result.stderr
    assert list(tmp_path.iterdir()) == []  # checked before anything is solved or written


def test_report_of_invalid_json_names_file_and_line(tmp_path: Path) -> None:
    document = tmp_path / "plan.json"
    document.write_text('{\n  "status": "proposed",\n  "proposals": [,]\n}\n', encoding="utf-8")
    result = run("report", document)
    assert result.exit_code == 2
    assert f"{document}:3: not valid JSON" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_report_of_another_document_names_the_missing_key(tmp_path: Path) -> None:
    document = tmp_path / "compare.json"
    document.write_text('{"before": "a", "after": "b", "changed": false, "meetings": []}\n', encoding="utf-8")
    result = run("report", document, "-o", tmp_path / "plan.html")
    assert result.exit_code == 2
    assert "not a `schedule propose --json` document: no 'status' key" in result.stderr
    assert "hint: save one with: schedule propose --json > plan.json" in result.stderr
    assert not (tmp_path / "plan.html").exists()


def test_report_of_an_edited_document_that_lost_a_venue(proposed: tuple[Path, Path, bytes], tmp_path: Path) -> None:
    _, document_file, _ = proposed
    document = json.loads(document_file.read_text(encoding="utf-8"))
    del document["context"]["venues"]["white-house"]  # option 2 is there: its name is now unknown
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document), encoding="utf-8")
    result = run("report", edited)
    assert result.exit_code == 2
    assert "not a complete `schedule propose --json` document (KeyError: 'white-house')" in result.stderr
    assert not edited.with_suffix(".html").exists()


def test_report_of_a_missing_file(tmp_path: Path) -> None:
    result = run("report", tmp_path / "nothing.json")
    assert result.exit_code == 2
    assert "nothing.json: no such file" in result.stderr


# --- in a real browser -------------------------------------------------------------------------


def _need_browser() -> None:
    """Skip without chromium or playwright, with the reason; in CI (CI set) they must be there: fail."""
    missing = None
    if chromium() is None:
        missing = "chromium is not installed (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed (pip install -e '.[test]')"
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {missing}")
    if missing:
        pytest.skip(missing)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("case", ["proposed", "no-feasible-meeting"])
def test_page_in_headless_chromium(case: str, proposed: tuple[Path, Path, bytes], tmp_path: Path) -> None:
    _need_browser()
    if case == "proposed":
        page_file = proposed[0]
        wanted = "Tuesday 17 June 2025, 08:00–09:00 MDT"  # the proposal's time, as text on the page
    else:
        page_file = tmp_path / "plan.html"
        result = run("propose", example(tmp_path, TOO_SOON), "--out", tmp_path / "out", "--report", page_file)
        assert result.exit_code == 1
        wanted = "No time before the deadline, Wed 11 Jun 2025, 00:00 KST"
    with browser() as context:
        for width in (390, 1280):
            shot = ARTIFACTS / f"report-{case}-{width}px.png"
            seen = visit(context, page_file, width, shot)
            print(f"screenshot: {shot}")
            assert seen.console_errors == []
            assert seen.failed == []
            assert seen.requests == [page_file.resolve().as_uri()]  # nothing but the page itself
            assert wanted in " ".join(seen.text.split())
            assert seen.overflowing == [], f"wider than the {width}px viewport: {seen.overflowing}"
            assert shot.stat().st_size > 10_000  # a real picture, not an empty page
