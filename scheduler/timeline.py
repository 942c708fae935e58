"""A meeting's timeline as inline SVG with real text: one lane per leader and per candidate venue.

Drawn from the `--json` document's `context` (no matplotlib): the leaders' whereabouts and busy time,
when each venue would host, the proposal in gold, the other options and venues' earliest starts
outlined, the deadline in red, and day ticks at midnight in the display zone (the proposal's venue).
The page holds two drawings of each timeline, one laid out for a desktop or A4 width and one for a
phone, so that text keeps a readable size on both; CSS shows the one that fits.

Text widths are estimated from the character count (generously, so that nothing spills past the
drawing's right edge); a label that would not fit where it belongs is left out rather than overlap.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

# Colour-blind-safe (Okabe–Ito) for places; the proposal's gold and the deadline's red are kept apart from them.
PALETTE = ["#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#999999", "#E69F00", "#F0E442"]
PROPOSED = "#FFD23F"
DEADLINE = "#B3261E"
INK = "#1f2328"
MUTED = "#59636e"

FONT = 13  # lane labels
SMALL = 11  # ticks and notes on the drawing
LINE = 17  # one line of lane label
BAR = 22  # the height of a lane's band
NOTE = 15  # the line under a band for the meeting labels
GAP = 10  # between lanes
PAD = 4  # left and right
AXIS = 22  # the day labels on top
DEADLINE_ROW = 16  # the deadline's label under the day labels
STYLES = {"name": ' font-weight="700"', "detail": f' fill="{MUTED}"'}


@dataclass(frozen=True)
class Layout:
    """One drawing's width in user units (CSS pixels at full size) and the class the page's CSS toggles."""

    width: int
    variant: str  # "wide" (desktop and print) or "narrow" (phone)


WIDE = Layout(920, "wide")
NARROW = Layout(360, "narrow")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of a sans-serif text's width: wide enough for capitals and bold."""
    return len(text) * size * (0.64 if bold else 0.6)


def place_colours(context: dict[str, Any]) -> dict[str, str]:
    """One colour per place, by the scenario's order of places: the same in every timeline of the page."""
    return {pid: PALETTE[i % len(PALETTE)] for i, pid in enumerate(context["places"])}


def display_place(context: dict[str, Any], meeting: dict[str, Any], proposals: list[dict[str, Any]]) -> str:
    """The place whose days are drawn: the proposal's venue, else the meeting's first venue."""
    venue = proposals[0]["venue"] if proposals else meeting["venues"][0]
    return str(context["venues"][venue]["place"])


def display_zone(context: dict[str, Any], meeting: dict[str, Any], proposals: list[dict[str, Any]]) -> ZoneInfo:
    return ZoneInfo(context["places"][display_place(context, meeting, proposals)]["timezone"])


@dataclass
class _Canvas:
    layout: Layout
    first: datetime
    last: datetime
    parts: list[str] = field(default_factory=list)

    def x(self, instant: datetime) -> float:
        span = (self.last - self.first).total_seconds()
        share = (instant - self.first).total_seconds() / span
        return PAD + min(1.0, max(0.0, share)) * (self.layout.width - 2 * PAD)

    def right(self) -> float:
        return self.layout.width - PAD

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: int = SMALL,
        anchor: str = "start",
        weight: str = "normal",
        colour: str = INK,
    ) -> None:
        bold = ' font-weight="700"' if weight == "bold" else ""
        self.add(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{colour}"{bold}>'
            f"{html.escape(content)}</text>"
        )

    def rect(self, a: float, b: float, y: float, height: float, fill: str, extra: str = "") -> None:
        self.add(
            f'<rect x="{a:.1f}" y="{y:.1f}" width="{max(b - a, 0.0):.1f}" height="{height:.1f}" fill="{fill}"{extra}/>'
        )


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def _place_name(context: dict[str, Any], pid: str) -> str:
    return str(context["places"][pid]["name"])


def _short(name: str) -> str:
    return name.split(",")[0]


def svg(
    context: dict[str, Any],
    meeting: dict[str, Any],
    proposals: list[dict[str, Any]],
    rejected: list[dict[str, Any]],
    layout: Layout,
    number: int,
) -> str:
    """The meeting's timeline drawn for one layout; `number` keeps the drawing's ids unique on the page."""
    zone = display_zone(context, meeting, proposals)
    period_start = _at(meeting["period"]["start"]).astimezone(zone)
    period_end = _at(meeting["period"]["end"]).astimezone(zone)
    first = _midnight(period_start.date(), zone)
    last = _midnight(period_end.date() + timedelta(days=1), zone)
    canvas = _Canvas(layout, first, last)
    colours = place_colours(context)

    lanes: list[tuple[str, str]] = [("leader", lid) for lid in meeting["participants"]]
    lanes += [("venue", vid) for vid in meeting["timeline_venues"]]
    top = AXIS + DEADLINE_ROW + 4
    rows: dict[tuple[str, str], float] = {}  # lane → y of its band
    y = top
    label_lines: list[tuple[float, list[list[tuple[str, str]]]]] = []
    for kind, key in lanes:
        lines = _label(context, kind, key, layout.width - 2 * PAD)
        label_lines.append((y, lines))
        y += LINE * len(lines)
        rows[(kind, key)] = y
        y += BAR + NOTE + GAP
    height = y

    days = _day_ticks(canvas, zone, top, height - GAP)
    for row_top, lines in label_lines:
        for index, segments in enumerate(lines):
            spans = "".join(f"<tspan{STYLES[style]}>{html.escape(part)}</tspan>" for part, style in segments)
            canvas.add(
                f'<text x="{PAD}" y="{row_top + LINE * (index + 1) - 4:.1f}" font-size="{FONT}" '
                f'fill="{INK}">{spans}</text>'
            )
    for (kind, key), row in rows.items():
        canvas.rect(PAD, canvas.right(), row, BAR, "#f3f4f6")
        if kind == "leader":
            _leader_band(canvas, context, key, row, colours)
        else:
            _venue_band(canvas, context, key, row, colours)
    notes: dict[float, list[tuple[float, float]]] = {}
    chosen = [p for p in proposals if p["rank"] == 1]
    for p in chosen:
        a, b = canvas.x(_at(p["start"])), canvas.x(_at(p["end"]))
        b = max(b, a + 3)
        canvas.rect(a, b, top, height - GAP - top, PROPOSED, ' fill-opacity="0.35"')
        for lid in p["participants"]:
            if ("leader", lid) in rows:
                canvas.rect(a, b, rows[("leader", lid)] - 2, BAR + 4, PROPOSED, f' stroke="{INK}" stroke-width="1.2"')
    for p in proposals:
        band = rows.get(("venue", p["venue"]))
        if band is None:
            continue
        a, b = canvas.x(_at(p["start"])), canvas.x(_at(p["end"]))
        b = max(b, a + 3)
        if p["rank"] == 1:
            canvas.rect(a, b, band - 2, BAR + 4, PROPOSED, f' stroke="{INK}" stroke-width="1.2"')
            label = f"Proposed: {_clock(_at(p['start']), p['timezone'])}"
        else:
            dashed = f' stroke="{INK}" stroke-width="1.2" stroke-dasharray="3 2"'
            canvas.rect(a, b, band - 2, BAR + 4, "#ffffff", dashed)
            label = f"Option {p['rank']}: {_clock(_at(p['start']), p['timezone'])}"
        _note(canvas, notes, band, a, label, bold=p["rank"] == 1)
    for r in rejected:
        band = rows.get(("venue", r["venue"]))
        at = r.get("earliest") or r.get("after_deadline")
        if band is None or at is None:
            continue
        start = _at(at)
        if any(p["venue"] == r["venue"] for p in proposals) or start > last:
            continue
        a = canvas.x(start)
        b = max(canvas.x(start + timedelta(minutes=meeting["duration_minutes"])), a + 3)
        canvas.rect(a, b, band - 2, BAR + 4, "#ffffff", f' stroke="{MUTED}" stroke-width="1.2" stroke-dasharray="3 2"')
        zone_name = context["places"][context["venues"][r["venue"]]["place"]]["timezone"]
        word = "Possible later" if r.get("earliest") else "First after the deadline"
        _note(canvas, notes, band, a, f"{word}: {_clock(start, zone_name)}", bold=False)
    _deadline(canvas, meeting, zone, top, height - GAP)

    where = _short(_place_name(context, display_place(context, meeting, proposals)))
    label = f"Timeline of {meeting['title']}: days in {where} time"
    ident = f"timeline-{number}-{layout.variant}"
    return (
        f'<svg class="timeline {layout.variant}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width} '
        f'{height:.0f}" role="img" aria-labelledby="{ident}" font-family="inherit">'
        f'<title id="{ident}">{html.escape(label)}</title>'
        f"{''.join(days)}{''.join(canvas.parts)}</svg>"
    )


def _label(context: dict[str, Any], kind: str, key: str, width: float) -> list[list[tuple[str, str]]]:
    """A lane's label as lines of (text, style) segments: the name in bold, then where, wrapped by words."""
    if kind == "leader":
        leader = context["leaders"][key]
        name, details = leader["name"], [f"home: {_place_name(context, leader['home'])}"]
    else:
        venue = context["venues"][key]
        name, details = venue["name"], [_place_name(context, venue["place"])]
        if venue.get("host"):
            details[0] += ","
            details.append(f"host: {context['leaders'][venue['host']]['name']}")
    words = [(w, "name") for w in name.split()] + [("·", "detail")]
    for detail in details:  # a place or a host stays on one line when it fits on one
        unbroken = text_width(" " + detail, FONT) <= width
        words += [(detail, "detail")] if unbroken else [(w, "detail") for w in detail.split()]
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for word, style in words:
        needed = text_width(" " + word, FONT, bold=style == "name")
        if lines[-1] and used + needed > width:
            lines.append([])
            used = 0.0
        piece = word if not lines[-1] else " " + word
        if lines[-1] and lines[-1][-1][1] == style:
            lines[-1][-1] = (lines[-1][-1][0] + piece, style)
        else:
            lines[-1].append((piece, style))
        used += needed
    return lines


def _day_ticks(canvas: _Canvas, zone: ZoneInfo, top: float, bottom: float) -> list[str]:
    """A line at each local midnight; a label on every k-th day, k chosen so that labels never overlap."""
    first, last = canvas.first, canvas.last
    days = [first.date() + timedelta(days=i) for i in range((last.date() - first.date()).days + 1)]
    day_width = (canvas.layout.width - 2 * PAD) / max(1, len(days) - 1)
    label_width = text_width("Wed 30 Sep", SMALL) + 8
    step = max(1, math.ceil(label_width / day_width))
    if step > 7:
        step = 7 * math.ceil(step / 7)  # weeks: label Mondays
    parts = []
    for day in days:
        x = canvas.x(_midnight(day, zone))
        labelled = (day.toordinal() - 1) % step == 0
        if labelled or day_width >= 4:
            colour = "#c9ced6" if labelled else "#e6e8eb"
            parts.append(
                f'<line x1="{x:.1f}" y1="{AXIS - 8}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{colour}" '
                'stroke-width="1"/>'
            )
        if labelled and x + label_width <= canvas.right() and day != days[-1]:
            parts.append(
                f'<text x="{x + 3:.1f}" y="{AXIS - 10}" font-size="{SMALL}" fill="{MUTED}">'
                f"{day:%a} {day.day} {day:%b}</text>"
            )
    return parts


def _leader_band(canvas: _Canvas, context: dict[str, Any], lid: str, band: float, colours: dict[str, str]) -> None:
    leader = context["leaders"][lid]
    for stop in leader["stops"]:
        a, b = canvas.x(_at(stop["start"])), canvas.x(_at(stop["end"]))
        if b - a < 0.5:
            continue
        canvas.rect(a, b, band, BAR, colours.get(stop["place"], "#999999"), ' fill-opacity="0.55"')
        name = _short(_place_name(context, stop["place"])) + (" (holiday)" if stop.get("kind") == "holiday" else "")
        if text_width(name, SMALL) + 6 <= b - a:
            canvas.text(a + 3, band + BAR / 2 + 4, name)
    for block in leader["busy"]:
        a, b = canvas.x(_at(block["start"])), canvas.x(_at(block["end"]))
        if b > a:
            canvas.rect(a, max(b, a + 1), band + BAR - 6, 6, "#3a3f45")


def _venue_band(canvas: _Canvas, context: dict[str, Any], vid: str, band: float, colours: dict[str, str]) -> None:
    venue = context["venues"][vid]
    colour = colours.get(venue["place"], "#999999")
    for window in venue["available"] or []:
        a, b = canvas.x(_at(window["start"])), canvas.x(_at(window["end"]))
        if b > a:
            canvas.rect(a, max(b, a + 1), band + 4, BAR - 8, colour, ' fill-opacity="0.45"')


def _note(
    canvas: _Canvas, notes: dict[float, list[tuple[float, float]]], band: float, x: float, label: str, bold: bool
) -> None:
    """A meeting's label under its band, kept inside the drawing; left out if it would overlap another."""
    width = text_width(label, SMALL, bold)
    start = min(x, canvas.right() - width)
    if start < PAD:
        return
    taken = notes.setdefault(band, [])
    if any(start < b + 6 and a < start + width + 6 for a, b in taken):
        return
    taken.append((start, start + width))
    canvas.text(start, band + BAR + NOTE - 2, label, weight="bold" if bold else "normal")


def _deadline(canvas: _Canvas, meeting: dict[str, Any], zone: ZoneInfo, top: float, bottom: float) -> None:
    if not meeting.get("deadline"):
        return
    at = _at(meeting["deadline"])
    x = canvas.x(at)
    canvas.add(
        f'<line x1="{x:.1f}" y1="{top - 2:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{DEADLINE}" '
        'stroke-width="1.5" stroke-dasharray="5 3"/>'
    )
    label = f"Deadline {_clock(at, zone.key)}"
    width = text_width(label, SMALL, bold=True)
    fits_left = x - 4 - width >= PAD
    canvas.text(
        x - 4 if fits_left else min(x + 4, canvas.right() - width),
        AXIS + DEADLINE_ROW - 4,
        label,
        anchor="end" if fits_left else "start",
        weight="bold",
        colour=DEADLINE,
    )


def _clock(instant: datetime, zone_name: str) -> str:
    local = instant.astimezone(ZoneInfo(zone_name))
    return f"{local:%a} {local.day} {local:%b %H:%M} {zone_abbreviation(local)}"


def zone_abbreviation(local: datetime) -> str:
    """The zone's abbreviation, or `UTC+08` where the zone has none (tzdata writes `+08`)."""
    name = local.tzname() or ""
    return f"UTC{name}" if name[:1] in "+-" else name
