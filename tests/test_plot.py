"""`propose --plot FILE`: the picture exists, has the size its lanes call for, and reads as a briefing.

What it shows was checked by looking at it; these tests pin what a test can see: the size, ink in the
places' colours and the proposal's gold, the labels as SVG text, the axis's zone, that no two rendered
labels overlap (on the example and on a dense generated scenario), stable colours far from the
proposal's gold, and a bounded picture for a scenario of thousands of venues.
"""

from __future__ import annotations

import hashlib
import math
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from scheduler.loading import load_scenario
from scheduler.plan import Plan, plan
from scheduler.plot import (
    DPI,
    MAX_LEADER_LANES,
    MAX_MEETINGS,
    MAX_VENUE_LANES,
    PALETTE,
    PROPOSED,
    draw,
    place_colours,
)
from scheduler.problem import build_problem
from tests.helpers import INFEASIBLE, korea, run, snapshot

SVG = "{http://www.w3.org/2000/svg}"

# Height of the example's picture, in inches: header 0.9; overview 0.62 × (2 leaders + 3 venues) + 1.1 = 4.2;
# close-up 0.62 × (2 leaders + the chosen venue) + 1.1 + 0.26 × 4 clock rows (UTC, venue, two homes) = 4.0.
# At 110 dpi: 15 in × 9.1 in = 1650 × 1001 px.
EXAMPLE_SIZE = (1650, 1001)
# Nothing fits: no close-up, 0.9 + 4.2 = 5.1 in → 561 px.
INFEASIBLE_SIZE = (1650, 561)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _count(image: Image.Image, colour: tuple[int, int, int]) -> int:
    """Pixels within a few levels of `colour` (antialiasing and alpha blending move edges a little)."""
    return sum(
        n
        for n, (r, g, b) in image.getcolors(maxcolors=1 << 24) or []
        if abs(r - colour[0]) + abs(g - colour[1]) + abs(b - colour[2]) <= 6
    )


def test_png_plot(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    picture = tmp_path / "plan.png"
    result = run("propose", scenario, "--out", tmp_path / "out", "--plot", picture)
    assert result.exit_code == 0, result.stderr
    assert f"picture: {picture}" in result.stderr
    image = Image.open(picture).convert("RGB")
    assert image.size == EXAMPLE_SIZE
    assert round(Image.open(picture).info.get("dpi", (DPI, DPI))[0]) == DPI
    colours = image.getcolors(maxcolors=1 << 24) or []
    white = sum(n for n, c in colours if c == (255, 255, 255))
    assert white < 0.9 * image.size[0] * image.size[1], "not blank"
    assert len(colours) > 50
    # The proposal is drawn gold; Seoul, Washington, Calgary and Kananaskis (the stops) in their place colours
    # (at least their legend swatches, about 24 × 9 px each, are drawn in the exact colour).
    assert _count(image, _rgb(PROPOSED)) > 500
    colours = place_colours(["seoul", "washington", "calgary", "kananaskis", "the-hague"])
    for place in ("seoul", "washington", "calgary", "kananaskis"):
        assert _count(image, _rgb(colours[place])) > 150, place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["korea", "out", "plan.png"], "no temporary files left"


def test_svg_plot_names_what_it_shows(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    picture = tmp_path / "plan.svg"
    assert run("propose", scenario, "--out", tmp_path / "out", "--plot", picture).exit_code == 0
    root = ET.parse(picture).getroot()
    assert root.tag.endswith("svg")
    # 15 in × 9.1 in in points (72 per inch): 1080 × 655.2.
    assert root.get("width") == "1080pt" and root.get("height") == "655.2pt"
    # Text is kept as text (svg.fonttype none): one <text> element per line, selectable and searchable.
    lines = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "<path" in picture.read_text(encoding="utf-8") and len(lines) > 50
    labels = " ".join(lines)
    for label in (
        "Lee Jae-myung",
        "Donald J. Trump",
        "PROPOSED: Tue 17 Jun 08:00 MDT",
        "deadline",
        "later: Tue 24 Jun 08:00 CEST",
        "later: Fri 27 Jun 09:00 EDT",
        "Kananaskis",
        "UTC",
        # The venues' names in full, wrapped onto lines of the lane label, never cut with "…".
        "venue: G7 Leaders' Summit, Kananaskis (sidelines)",
        "venue: NATO Summit, The Hague (sidelines)",
        "venue: Official visit to the White House",
        # The axis's zone: by default the proposed venue's (Kananaskis: America/Edmonton, MDT in June).
        "days and times in America/Edmonton (MDT)",
    ):
        assert label in labels, label
    assert "…" not in labels


def test_html_plot_holds_the_svg(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    picture = tmp_path / "plan.html"
    assert run("propose", scenario, "--out", tmp_path / "out", "--plot", picture).exit_code == 0
    page = picture.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "</html>" in page
    assert "<title>First Korea–US summit after the June 2025 election</title>" in page


def test_plot_shows_the_flights_of_a_what_if(tmp_path: Path) -> None:
    # Trump leaves the G7 and goes home, so the meeting is at the White House on 27 Jun. Lee's last stop is
    # Kananaskis (until 17 Jun): he flies Kananaskis → Washington (3,239 km at 800 km/h = 4h03m) and then home,
    # Washington → Seoul (14h in the flights table); the close-up labels both legs.
    scenario = korea(tmp_path)
    picture = tmp_path / "plan.svg"
    result = run("propose", scenario, "--out", tmp_path / "out", "--plot", picture, "--leave", "trump@2025-06-16T22:00")
    assert result.exit_code == 0, result.stderr
    svg = picture.read_text(encoding="utf-8")
    assert "Kananaskis → Washington 4h03" in svg and "Washington → Seoul 14h00" in svg


def test_plot_when_nothing_fits(tmp_path: Path) -> None:
    scenario = korea(tmp_path, INFEASIBLE)
    picture = tmp_path / "plan.png"
    result = run("propose", scenario, "--out", tmp_path / "out", "--plot", picture)
    assert result.exit_code == 1
    image = Image.open(picture).convert("RGB")
    assert image.size == INFEASIBLE_SIZE
    assert _count(image, _rgb(PROPOSED)) == 0, "no proposal drawn"


@pytest.mark.parametrize("name", ["plan.jpg", "plan"])
def test_plot_needs_a_known_format(name: str, tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    before = snapshot(tmp_path)
    result = run("propose", scenario, "--out", tmp_path / "out", "--plot", tmp_path / name)
    assert result.exit_code == 2
    assert "name the file .png, .svg or .html" in result.stderr
    assert snapshot(tmp_path) == before, "checked before anything is solved or written"


def test_plot_is_deterministic(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    for name in ("a.svg", "b.svg"):
        assert run("propose", scenario, "--out", tmp_path / "out", "--plot", tmp_path / name).exit_code == 0
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


# --- no two labels overlap -------------------------------------------------------------------------


def _drawn(figure: Figure) -> list[tuple[str, str, Bbox]]:
    """(panel, text, rendered box) of every text the figure draws: tick labels of ticks in view, titles, axis
    labels, annotations, the figure title and the legend. Rendered with Agg first, so the boxes are real."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    out_of_view: set[int] = set()
    for ax in figure.axes:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            low, high = sorted(limits)
            ticks = axis.get_major_ticks()
            out_of_view |= {id(t.label1) for t in ticks if not low - 1e-9 <= t.get_loc() <= high + 1e-9}
    found = []
    for text in figure.findobj(Text):
        if not text.get_visible() or not text.get_text() or id(text) in out_of_view:
            continue
        axes = text.axes
        panel = f"panel {figure.axes.index(axes)}" if axes is not None else "figure"
        found.append((panel, text.get_text(), text.get_window_extent(renderer)))
    return found


def _overlaps(figure: Figure) -> list[str]:
    """Every pair of drawn texts whose boxes share more than half a pixel each way (in any panel, or across
    panels), and every text not wholly inside the figure."""
    drawn = _drawn(figure)
    whole = figure.bbox
    problems = [
        f"{panel}: {text!r} outside the figure"
        for panel, text, box in drawn
        if box.x0 < whole.x0 - 0.5 or box.x1 > whole.x1 + 0.5 or box.y0 < whole.y0 - 0.5 or box.y1 > whole.y1 + 0.5
    ]
    for i, (panel_a, text_a, a) in enumerate(drawn):
        for panel_b, text_b, b in drawn[i + 1 :]:
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5:
                problems.append(f"{panel_a} {text_a!r} overlaps {panel_b} {text_b!r}")
    return problems


def _solved(scenario: Path, top: int = 1) -> Plan:
    return plan(build_problem(load_scenario(scenario)), top=top, workers=1)


@pytest.mark.parametrize(
    ("top", "zone", "changes"),
    [
        (1, None, ()),
        # The quick set draws the first and the last; the slow set every one.
        pytest.param(3, None, (), marks=pytest.mark.slow),
        pytest.param(3, "Asia/Kolkata", (), marks=pytest.mark.slow),  # a half-hour zone: ticks at 00:00, 03:00 … IST
        pytest.param(2, "UTC", (), marks=pytest.mark.slow),
        (1, None, (INFEASIBLE,)),  # nothing fits: the overview alone
    ],
)
def test_no_two_labels_of_the_example_overlap(
    tmp_path: Path, top: int, zone: str | None, changes: tuple[tuple[str, str], ...]
) -> None:
    result = _solved(korea(tmp_path, *changes), top)
    figure = draw(result, ZoneInfo(zone) if zone else None)
    texts = [text for _, text, _ in _drawn(figure)]
    assert any(text.startswith("PROPOSED") for text in texts) == (result.status == "proposed")
    assert _overlaps(figure) == []


def test_no_two_labels_of_the_example_overlap_when_trump_flies_home(tmp_path: Path) -> None:
    # The what-if of the README: the close-up has Lee's flights in and out of Washington with their labels.
    scenario = korea(tmp_path)
    picture = tmp_path / "plan.svg"
    assert (
        run(
            "propose",
            scenario,
            "--out",
            tmp_path / "out",
            "--plot",
            picture,
            "--leave",
            "trump@2025-06-16T22:00",
            "--top",
            "2",
        ).exit_code
        == 0
    )
    from scheduler.whatif import WhatIf

    loaded, _ = WhatIf((), (), ("trump@2025-06-16T22:00",), None).apply(load_scenario(scenario))
    figure = draw(plan(build_problem(loaded), top=2, workers=1))
    assert any("✈" in text for _, text, _ in _drawn(figure))
    assert _overlaps(figure) == []


CITIES = {
    "kuala-lumpur": ("Kuala Lumpur", "Asia/Kuala_Lumpur", (3.139, 101.6869)),  # "+08": shown as UTC+08
    "new-delhi": ("New Delhi", "Asia/Kolkata", (28.6139, 77.209)),
    "kathmandu": ("Kathmandu", "Asia/Kathmandu", (27.7172, 85.324)),
    "ottawa": ("Ottawa, Ontario", "America/Toronto", (45.4215, -75.6972)),
    "niagara": ("Niagara-on-the-Lake, Ontario", "America/Toronto", (43.2557, -79.0716)),
    "seoul": ("Seoul", "Asia/Seoul", (37.5665, 126.978)),
    "berlin": ("Berlin", "Europe/Berlin", (52.52, 13.405)),
    "brasilia": ("Brasília", "America/Sao_Paulo", (-15.7939, -47.8828)),
    "canberra": ("Canberra", "Australia/Sydney", (-35.2809, 149.13)),
    "nairobi": ("Nairobi", "Africa/Nairobi", (-1.2921, 36.8219)),
}
AS_OF = datetime(2025, 11, 3, 9, 0)


def dense(leaders: int = 14, venues: int = 16) -> dict[str, Any]:
    """Many leaders with itineraries and busy time, many venues with long names, and two meetings (so two
    overviews and two close-ups): the crowded picture the overlap test needs."""
    cities = list(CITIES)
    people: dict[str, Any] = {}
    for n in range(leaders):
        home = cities[n % len(cities)]
        away = cities[(n + 3) % len(cities)]
        start = AS_OF + timedelta(days=1 + n % 4)
        people[f"leader-{n:02d}"] = {
            "name": f"Prime Minister Alexandra Example-{n:02d} of {CITIES[home][0]}",
            "home": home,
            "itinerary": [
                {
                    "place": away,
                    "start": start.isoformat(timespec="minutes"),
                    "end": (start + timedelta(days=2)).isoformat(timespec="minutes"),
                    "what": "state visit",
                },
            ],
            "busy": [
                {
                    "start": (AS_OF + timedelta(days=d, hours=2 + n % 5)).isoformat(timespec="minutes"),
                    "end": (AS_OF + timedelta(days=d, hours=4 + n % 5)).isoformat(timespec="minutes"),
                    "timezone": CITIES[home][1],
                    "what": f"cabinet {d}",
                }
                for d in range(0, 12, 3)
            ],
        }
    halls = {
        f"venue-{n:02d}": {
            "name": f"G7 Foreign Ministers' Meeting number {n:02d}, {CITIES[cities[n % len(cities)]][0]} "
            "International Convention Centre, Great Hall (sidelines)",
            "place": cities[n % len(cities)],
            "hours": "08:00-20:00",
        }
        for n in range(venues)
    }
    return {
        "version": 1,
        "title": "Dense generated scenario: many leaders, many venues with long names, two meetings",
        "as_of": AS_OF.isoformat(timespec="minutes"),
        "timezone": "UTC",
        "places": {pid: {"name": n, "timezone": z, "coordinates": list(c)} for pid, (n, z, c) in CITIES.items()},
        "leaders": people,
        "venues": halls,
        "meetings": {
            "summit": {
                "title": "Summit of all",
                "participants": list(people),
                "duration": "2h",
                "align": "30m",
                "deadline": {
                    "at": (AS_OF + timedelta(days=40)).isoformat(timespec="minutes"),
                    "why": "before the year-end recess",
                },
            },
            "bilateral": {
                "title": "Kuala Lumpur–New Delhi bilateral",
                "participants": ["leader-00", "leader-01"],
                "duration": "1h",
                "venues": ["venue-00", "venue-01", "venue-02", "venue-03"],
            },
        },
    }


def _write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "dense" / "scenario.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.slow
def test_no_two_labels_of_a_dense_picture_overlap(tmp_path: Path) -> None:
    result = _solved(_write(tmp_path, dense()), top=2)
    assert result.status == "proposed" and all(mp.proposals for mp in result.meetings)
    figure = draw(result)
    # Two meetings: an overview and a close-up each.
    assert len(figure.axes) == 4
    texts = " ".join(text for _, text, _ in _drawn(figure))
    # 14 leaders and 16 venues: MAX_LEADER_LANES (12) and MAX_VENUE_LANES (12) drawn, the rest counted.
    assert "Not drawn: 4 more candidate venues and 2 more leaders" in texts
    # The second meeting's close-up has its clock rows (Kuala Lumpur has no abbreviation: UTC+08).
    assert "Prime Minister Alexandra Example-00 of Kuala Lumpur's time in Kuala Lumpur  (UTC+08)" in texts
    assert _overlaps(figure) == []


def test_a_dense_picture_names_venues_in_full(tmp_path: Path) -> None:
    result = _solved(_write(tmp_path, dense(leaders=3, venues=4)))
    figure = draw(result)
    lanes = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    venue = next(label for label in lanes if "number 01" in label)
    # Wrapped over lines, every word kept: the lines joined are the venue's name and its place.
    assert " ".join(venue.split("\n")) == (
        "venue: G7 Foreign Ministers' Meeting number 01, New Delhi International Convention Centre, Great Hall "
        "(sidelines) New Delhi"
    )
    assert all(len(line) <= 45 for line in venue.split("\n"))


# --- the axis: its zone, and the deadline ----------------------------------------------------------


def test_plot_zone_sets_the_day_axis(tmp_path: Path) -> None:
    result = _solved(korea(tmp_path))
    figure = draw(result, ZoneInfo("Asia/Seoul"))
    overview = figure.axes[0]
    assert overview.get_xlabel() == "days and times in Asia/Seoul (KST)"
    # Every day tick is midnight in Seoul (15:00 UTC the day before).
    ticks = [mdates.num2date(t).astimezone(ZoneInfo("Asia/Seoul")) for t in overview.get_xticks()]
    assert ticks and all((t.hour, t.minute) == (0, 0) for t in ticks)
    # The close-up's first clock row is Seoul's, labelled so.
    rows = [t.get_text() for t in figure.axes[1].texts if t.get_text().startswith("Asia/Seoul")]
    assert rows == ["Asia/Seoul  (KST)"]


def test_plot_zone_must_be_a_known_zone(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    before = snapshot(tmp_path)
    result = run(
        "propose", scenario, "--out", tmp_path / "out", "--plot", tmp_path / "p.png", "--plot-zone", "Mars/Olympus"
    )
    assert result.exit_code == 2
    assert "unknown time zone 'Mars/Olympus'" in result.stderr
    assert snapshot(tmp_path) == before, "checked before anything is solved or written"


def test_the_axis_always_reaches_the_deadline(tmp_path: Path) -> None:
    # The deadline moved to 31 Dec 2025: far beyond every alternative (the White House, 27 Jun), so before,
    # the axis stopped on 28 Jun. Now it runs to the end of 31 Dec in America/Edmonton (the proposed venue's).
    far = (
        "deadline: {at: 2025-07-09T00:01-04:00, why: reciprocal-tariff relief expires}",
        "deadline: {at: 2025-12-31T12:00-07:00, why: the year ends}",
    )
    result = _solved(korea(tmp_path, far))
    overview = draw(result).axes[0]
    right = mdates.num2date(overview.get_xlim()[1])
    assert right == datetime(2026, 1, 1, tzinfo=ZoneInfo("America/Edmonton")).astimezone(UTC)
    assert any(t.get_text() == "deadline" for t in overview.texts if t.get_visible())


# --- colours -----------------------------------------------------------------------------------------


def _lab(colour: str) -> tuple[float, float, float]:
    """sRGB → CIE L*a*b* (D65)."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    ]
    r, g, b = linear
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_place_colours_are_colour_blind_safe_and_far_from_the_proposal() -> None:
    # Paul Tol's "muted" scheme (colour-blind safe) without the entries near the gold: sand #DDCC77 is
    # ΔE 43 from #FFD700 and olive #999933 ΔE 45 (Okabe–Ito's orange #E69F00, used before, is ΔE 28).
    muted = {"#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499"}
    assert set(PALETTE) <= muted and len(PALETTE) == len(set(PALETTE)) >= 6
    for colour in PALETTE:
        assert math.dist(_lab(colour), _lab(PROPOSED)) >= 50, colour


def _slot(place: str) -> int:
    return int.from_bytes(hashlib.sha256(place.encode()).digest()[:8], "big") % len(PALETTE)


def test_a_place_keeps_its_colour_across_pictures_and_runs() -> None:
    # A place's colour is the palette entry its id hashes to (SHA-256): the same in every process (no
    # PYTHONHASHSEED), whatever other places a scenario has, as long as none of them takes it first.
    assert place_colours(["kuala-lumpur"]) == {"kuala-lumpur": PALETTE[_slot("kuala-lumpur")]}
    alone = {p: place_colours([p])[p] for p in ("kuala-lumpur", "seoul", "washington")}
    others = [p for p in CITIES if _slot(p) not in {_slot(q) for q in alone}]
    together = place_colours([*alone, *others])
    assert {p: together[p] for p in alone} == alone
    # The order the places come in does not matter.
    assert place_colours(reversed(list(together))) == together


def test_places_of_one_scenario_that_hash_alike_get_different_colours() -> None:
    # Two ids with the same slot: the first in sorted order keeps it, the second takes the next free entry.
    names = [f"place-{n}" for n in range(40)]
    first, second = next((a, b) for a in names for b in names if a < b and _slot(a) == _slot(b))
    colours = place_colours([second, first])
    assert colours[first] == PALETTE[_slot(first)]
    assert colours[second] == PALETTE[(_slot(first) + 1) % len(PALETTE)]
    # As many distinct colours as the palette has, before any repeats.
    many = place_colours(names[: len(PALETTE)])
    assert len(set(many.values())) == len(PALETTE)


# --- a bounded picture (red team F23) ----------------------------------------------------------------


@pytest.mark.slow
def test_a_scenario_of_thousands_of_venues_draws_a_bounded_picture(tmp_path: Path) -> None:
    # F23: 20,000 venues ran out of memory after 77 s. The picture now draws MAX_VENUE_LANES venue lanes and
    # says how many it left out, so its size does not grow with the venues: the same as for 12 venues.
    big = dense(leaders=2, venues=3000)
    del big["meetings"]["bilateral"]
    path = _write(tmp_path, big)
    picture = tmp_path / "big.svg"
    result = run("propose", path, "--out", tmp_path / "out", "--plot", picture)
    assert result.exit_code == 0, result.stderr
    root = ET.parse(picture).getroot()
    small = dense(leaders=2, venues=MAX_VENUE_LANES)
    del small["meetings"]["bilateral"]
    small_picture = tmp_path / "small.svg"
    assert run("propose", _write(tmp_path, small), "--out", tmp_path / "out2", "--plot", small_picture).exit_code == 0
    # One more caption line (what was left out): 0.26 in = 18.72 pt taller than the 12-venue picture (each
    # size rounded to whole pixels: within 72/110 pt).
    small_height = float(ET.parse(small_picture).getroot().get("height", "0").removesuffix("pt"))
    assert float(root.get("height", "0").removesuffix("pt")) == pytest.approx(small_height + 18.72, abs=72 / 110)
    lines = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Not drawn: 2,988 more candidate venues" in lines
    assert MAX_LEADER_LANES >= 2


@pytest.mark.slow
def test_a_plan_of_many_meetings_draws_the_first_six_and_says_so(tmp_path: Path) -> None:
    # Eight meetings of the same two leaders: MAX_MEETINGS (6) of them drawn, an overview and a close-up each.
    many = dense(leaders=2, venues=2)
    summit = many["meetings"].pop("summit")
    del many["meetings"]["bilateral"]
    many["meetings"] = {f"meeting-{n}": {**summit, "title": f"Meeting {n}"} for n in range(8)}
    figure = draw(_solved(_write(tmp_path, many)))
    assert MAX_MEETINGS == 6 and len(figure.axes) == 12
    assert any(text == f"{many['title']}   (showing 6 of 8 meetings)" for _, text, _ in _drawn(figure))
    assert _overlaps(figure) == []
