"""`propose --plot FILE`: the picture exists, has the size its lanes call for, and is not blank.

What it shows was checked by looking at it; these tests pin what a test can see: the size, that the
picture has ink in the places' colours and the proposal's gold, and the labels in the SVG text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from scheduler.plot import DPI, PALETTE, PROPOSED
from tests.test_cli import INFEASIBLE, korea, run, snapshot

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
    # The proposal is drawn gold; Seoul, Washington, Calgary and Kananaskis (the stops) in their place colours.
    assert _count(image, _rgb(PROPOSED)) > 500
    for place_colour in PALETTE[:4]:
        assert _count(image, _rgb(place_colour)) > 200, place_colour
    assert sorted(p.name for p in tmp_path.iterdir()) == ["korea", "out", "plan.png"], "no temporary files left"


def test_svg_plot_names_what_it_shows(tmp_path: Path) -> None:
    scenario = korea(tmp_path)
    picture = tmp_path / "plan.svg"
    assert run("propose", scenario, "--out", tmp_path / "out", "--plot", picture).exit_code == 0
    root = ET.parse(picture).getroot()
    assert root.tag.endswith("svg")
    # 15 in × 9.1 in in points (72 per inch): 1080 × 655.2.
    assert root.get("width") == "1080pt" and root.get("height") == "655.2pt"
    labels = " ".join(t for t in picture.read_text(encoding="utf-8").split("<!-- ")[1:])
    for label in (
        "Lee Jae-myung",
        "Donald J. Trump",
        "PROPOSED: Tue 17 Jun 08:00 MDT",
        "deadline",
        "later: Tue 24 Jun 08:00 CEST",
        "later: Fri 27 Jun 09:00 EDT",
        "Kananaskis",
        "UTC",
    ):
        assert label in labels, label


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
