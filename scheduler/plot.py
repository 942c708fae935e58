"""Plan → a picture of it: one timeline lane per leader and per candidate venue, readable at a glance.

For each meeting two panels share the same lanes: the whole planning period (where everyone is,
when each venue is open, the proposal, the alternatives and the deadline) and the proposal's day
up close (busy blocks, the flights in and out, and rows of clock times: the axis's zone, the venue
and each leader's home time). The axis is in one zone the reader chooses (default: the proposed
venue's), and says which. No two labels overlap: after layout, each label is placed where it
collides with none placed before it (most important first), or left out. A place keeps one colour
in every picture, and a large scenario draws a bounded number of lanes and says how many it left
out. matplotlib (Agg backend) is imported only here, and this module only when a picture is asked for.
"""

from __future__ import annotations

import hashlib
import html
import io
import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import matplotlib

matplotlib.use("Agg")

from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from .journeys import Journey, journeys
from .plan import MeetingPlan, Plan, Proposal
from .rules import venue_hosts
from .timegrid import from_minute, to_minute
from .wording import clock, home_time, meeting_span, zone_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.transforms import Bbox

    from .problem import Meeting, Problem

FORMATS = (".png", ".svg", ".html")
WIDTH_INCHES = 15.0
DPI = 110
LANE_INCHES = 0.62  # one lane, for labels of up to four lines
LINE_INCHES = 0.14  # one more line of a lane label (7.5 pt type)
PANEL_EXTRA_INCHES = 1.1  # title, axis and breathing room of one panel
CLOCK_ROW_INCHES = 0.26  # one row of local clock labels under the close-up
HEADER_INCHES = 0.9  # figure title and legend
WRAP = 32  # characters per line of a lane label (longer names take more, up to three lines)

# The most lanes and meetings one picture draws (F23: a scenario of 20,000 venues must still draw): the
# proposed venues first, then those with the earliest alternatives, then the rest in scenario order.
MAX_VENUE_LANES = 12
MAX_LEADER_LANES = 12
MAX_MEETINGS = 6
MAX_LEGEND_PLACES = 16

# Paul Tol's colour-blind-safe "muted" scheme, without its sand and olive (too near the proposal's gold)
# and its grey (the colour of ground time): a place takes the colour its id hashes to.
PALETTE = ["#CC6677", "#332288", "#117733", "#88CCEE", "#882255", "#44AA99", "#AA4499"]
PROPOSED = "#FFD700"
DEADLINE = "#C0392B"
INK = "#222222"


# --- colours -------------------------------------------------------------------------------------


def place_colours(places: Iterable[str]) -> dict[str, str]:
    """Each place's colour: the palette entry its id hashes to (SHA-256, so the same in every run and every
    picture); when two places of the scenario hash to the same entry, the later id (in sorted order) takes
    the next free one, and only past the palette's size do colours repeat."""
    colours: dict[str, str] = {}
    for place in sorted(set(places)):
        start = int.from_bytes(hashlib.sha256(place.encode("utf-8")).digest()[:8], "big") % len(PALETTE)
        free = [PALETTE[(start + step) % len(PALETTE)] for step in range(len(PALETTE))]
        free = [c for c in free if c not in colours.values()] or [PALETTE[start]]
        colours[place] = free[0]
    return colours


def _ink_on(colour: str) -> str:
    """Dark text on a light fill, white on a dark one (WCAG relative luminance)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return INK if luminance > 0.18 else "#FFFFFF"


# --- what is drawn -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lanes:
    """What each row of a panel shows, top to bottom: the meeting's leaders, then its candidate venues."""

    leaders: tuple[str, ...]
    venues: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.leaders) + len(self.venues)

    def y(self, index: int) -> float:
        return float(len(self) - 1 - index)


@dataclass(frozen=True)
class Shown:
    """One meeting as the picture shows it: the leaders and venues drawn (bounded), and how many were left out."""

    plan: MeetingPlan
    leaders: tuple[str, ...]
    venues: tuple[str, ...]
    zone: ZoneInfo  # the zone of the day axis
    lines: int  # the most lines of any lane label

    @property
    def hidden_leaders(self) -> int:
        return len(self.plan.meeting.participants) - len(self.leaders)

    @property
    def hidden_venues(self) -> int:
        return len(self.plan.meeting.venues) - len(self.venues)


def _shown(problem: Problem, mp: MeetingPlan, zone: ZoneInfo | None) -> Shown:
    meeting = mp.meeting
    leaders = tuple(meeting.participants[:MAX_LEADER_LANES])
    wanted = [p.venue.id for p in mp.proposals]
    alternatives = [(at, r.venue.id) for r in mp.rejected if (at := r.earliest or r.after_deadline) is not None]
    wanted += [vid for _, vid in sorted(alternatives)]
    wanted += list(meeting.venues)
    chosen: list[str] = []
    for vid in wanted:
        if vid not in chosen and len(chosen) < MAX_VENUE_LANES:
            chosen.append(vid)
    venues = tuple(v for v in meeting.venues if v in chosen)
    if zone is None:
        zone = problem.zone_of(mp.proposals[0].venue.place) if mp.proposals else problem.zone
    labels = [_leader_label(problem, lid) for lid in leaders] + [_venue_label(problem, vid) for vid in venues]
    return Shown(mp, leaders, venues, zone, max((label.count("\n") + 1 for label in labels), default=1))


def _wrapped(text: str) -> list[str]:
    """A name on as few lines as fit WRAP characters, and at most three (a longer name widens them)."""
    width = max(WRAP, math.ceil(len(text) / 3) + 2)
    return textwrap.wrap(" ".join(text.split()), width=width, break_long_words=False) or [""]


def _leader_label(problem: Problem, lid: str) -> str:
    leader = problem.leaders[lid]
    return "\n".join(_wrapped(leader.name) + _wrapped(f"home: {problem.places[leader.home].name}"))


def _venue_label(problem: Problem, vid: str) -> str:
    venue = problem.venues[vid]
    return "\n".join(_wrapped(f"venue: {venue.name}") + _wrapped(problem.places[venue.place].name))


def _lane_inches(shown: Shown) -> float:
    return max(LANE_INCHES, LINE_INCHES * shown.lines + 0.06)


def _clock_rows(shown: Shown) -> int:
    return 2 + len(shown.leaders)  # the axis's zone, UTC or the venue, each leader's home


def _panel_inches(shown: Shown) -> tuple[float, float]:
    """Heights of a meeting's two panels: every lane in the overview; leaders, the chosen venue and clocks below."""
    lane = _lane_inches(shown)
    overview = lane * (len(shown.leaders) + len(shown.venues)) + PANEL_EXTRA_INCHES
    if shown.hidden_venues or shown.hidden_leaders:
        overview += CLOCK_ROW_INCHES  # the line that says what was left out
    close_up = lane * (len(shown.leaders) + 1) + PANEL_EXTRA_INCHES + CLOCK_ROW_INCHES * _clock_rows(shown)
    return overview, close_up if shown.plan.proposals else 0.0


def _all_shown(plan: Plan, zone: ZoneInfo | None) -> list[Shown]:
    return [_shown(plan.problem, mp, zone) for mp in plan.meetings[:MAX_MEETINGS]]


def figure_size(plan: Plan, zone: ZoneInfo | None = None) -> tuple[int, int]:
    """The picture's size in pixels (the same for PNG and the SVG's viewBox): fixed width, a height per lane."""
    height = HEADER_INCHES + sum(sum(_panel_inches(shown)) for shown in _all_shown(plan, zone))
    return round(WIDTH_INCHES * DPI), round(height * DPI)


# --- labels that must not overlap ----------------------------------------------------------------


@dataclass
class _Label:
    """Texts placed together (a clock column is one), the places to try, and the room it must stay in."""

    texts: list[Text]
    priority: int  # lower is placed first
    places: list[dict[str, Any]] = field(default_factory=list)  # Text properties to try, in order
    inside: bool = True  # within the panel's axes
    within: tuple[float, float] | None = None  # and within this x range (data), e.g. its stop's box


class _Labels:
    def __init__(self) -> None:
        self.by_axes: dict[Any, list[_Label]] = {}
        self.obstacles: dict[Any, list[Patch]] = {}

    def add(self, ax: Axes, label: _Label) -> None:
        self.by_axes.setdefault(ax, []).append(label)

    def avoid(self, ax: Axes, box: Patch) -> None:
        """A mark no label may cover (the proposed meeting)."""
        self.obstacles.setdefault(ax, []).append(box)

    def settle(self, figure: Figure) -> None:
        """Lay the figure out, then keep each label (most important first) at the first of its places that
        overlaps no label kept before it and stays in its room; a label with no such place is left out.
        The layout is then frozen, so the saved picture is the one checked."""
        canvas = FigureCanvasAgg(figure)
        figure.draw_without_rendering()
        figure.set_layout_engine("none")
        renderer = canvas.get_renderer()
        for ax, labels in self.by_axes.items():
            area = ax.get_window_extent(renderer)
            movable = {id(text) for label in labels for text in label.texts}
            kept = [t.get_window_extent(renderer) for t in panel_texts(ax) if id(t) not in movable]
            kept += [box.get_window_extent(renderer) for box in self.obstacles.get(ax, [])]
            for label in sorted(labels, key=lambda item: item.priority):
                for place in label.places or [{}]:
                    for text in label.texts:
                        _place(text, place)
                    boxes = [t.get_window_extent(renderer) for t in label.texts if t.get_text()]
                    if self._fits(ax, label, boxes, area, kept):
                        kept += boxes
                        break
                else:
                    for text in label.texts:
                        text.set_visible(False)

    @staticmethod
    def _fits(ax: Axes, label: _Label, boxes: list[Bbox], area: Bbox, kept: list[Bbox]) -> bool:
        if label.inside and not all(_contains(area, box) for box in boxes):
            return False
        if label.within is not None:
            left, right = (ax.transData.transform((x, 0))[0] for x in label.within)
            if any(box.x0 < left - 0.5 or box.x1 > right + 0.5 for box in boxes):
                return False
        return not any(overlap(box, other) for box in boxes for other in kept)


def _place(text: Text, place: dict[str, Any]) -> None:
    """Move a label: `xy` is an annotation's anchor, the rest are Text properties (position, ha, va, x)."""
    for key, value in place.items():
        if key == "xy":
            text.xy = value  # type: ignore[attr-defined]
        else:
            text.update({key: value})


def _contains(area: Bbox, box: Bbox) -> bool:
    return area.x0 - 0.5 <= box.x0 and box.x1 <= area.x1 + 0.5 and area.y0 - 0.5 <= box.y0 and box.y1 <= area.y1 + 0.5


def overlap(a: Bbox, b: Bbox) -> bool:
    """Two rendered text boxes overlap: they share more than half a pixel each way."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5


def panel_texts(ax: Axes) -> list[Text]:
    """Every text a panel draws: its titles, axis labels, the tick labels of the ticks in view, its own texts."""
    out_of_view: set[int] = set()
    for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        low, high = sorted(limits)
        out_of_view |= {id(t.label1) for t in axis.get_major_ticks() if not low - 1e-9 <= t.get_loc() <= high + 1e-9}
    return [t for t in ax.findobj(Text) if t.get_visible() and t.get_text() and id(t) not in out_of_view]


# --- the figure ----------------------------------------------------------------------------------


def render(plan: Plan, suffix: str, zone: ZoneInfo | None = None) -> bytes:
    """The picture as PNG, SVG or an HTML page holding the SVG (by file suffix); `zone`: the axis's zone."""
    figure = draw(plan, zone)
    if suffix == ".html":
        svg = _save(figure, "svg").decode("utf-8")
        svg = svg[svg.index("<svg") :]
        title = html.escape(plan.problem.title)
        page = (
            f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{title}</title></head>\n'
            f'<body style="margin:0;background:#fff">\n{svg}\n</body>\n</html>\n'
        )
        return page.encode("utf-8")
    return _save(figure, suffix.removeprefix("."))


def _save(figure: Figure, kind: str) -> bytes:
    """The figure's bytes, the same for the same plan: no date stamp, fixed SVG ids, text kept as text."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if kind == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "summit-scheduler", "svg.fonttype": "none"}):
        figure.savefig(buffer, format=kind, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def draw(plan: Plan, zone: ZoneInfo | None = None) -> Figure:
    """The figure, laid out and with its labels settled (see _Labels.settle)."""
    problem = plan.problem
    shown = _all_shown(plan, zone)
    width, height = figure_size(plan, zone)
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    ratios = [inches for s in shown for inches in _panel_inches(s) if inches]
    axes = figure.subplots(len(ratios), 1, gridspec_kw={"height_ratios": ratios}, squeeze=False)[:, 0]
    colours = place_colours(problem.places)
    labels = _Labels()
    panels = iter(axes)
    drawn: set[str] = set()
    for s in shown:
        drawn |= _overview(next(panels), problem, s, colours, labels)
        if s.plan.proposals:
            drawn |= _close_up(next(panels), problem, s, colours, labels)
    title = problem.title
    if len(plan.meetings) > len(shown):
        title += f"   (showing {len(shown)} of {len(plan.meetings)} meetings)"
    figure.suptitle(title, fontsize=13, fontweight="bold", x=0.01, ha="left")
    handles = _legend(problem, colours, plan, drawn)
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 8), fontsize=8, frameon=False)
    labels.settle(figure)
    return figure


# --- the two panels ------------------------------------------------------------------------------


def _overview(ax: Axes, problem: Problem, shown: Shown, colours: dict[str, str], labels: _Labels) -> set[str]:
    mp, zone = shown.plan, shown.zone
    meeting = mp.meeting
    first, last = _period(problem, mp, zone)
    lanes = Lanes(shown.leaders, shown.venues)
    ax.set_xlim(_num(first), _num(last))
    places = _lanes(ax, problem, shown, lanes, first, last, colours, labels)
    for proposal in mp.proposals:
        if proposal.venue.id in lanes.venues:
            kind = "PROPOSED" if proposal.rank == 1 else f"option {proposal.rank}"
            _meeting_box(ax, lanes, proposal, kind, labels)
    for rejection in mp.rejected:
        start = rejection.earliest or rejection.after_deadline
        if start is not None and rejection.venue.id in lanes.venues:
            alternative = Proposal(0, meeting, rejection.venue, start, start + meeting.duration)
            _meeting_box(ax, lanes, alternative, "later" if rejection.earliest else "after the deadline", labels)
    _deadline(ax, meeting, first, last, labels)
    _markers(ax, problem, meeting, first, last, labels)
    days = (last - first).days
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, -(-days // 20)), tz=zone))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%a\n%d %b", tz=zone))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    ax.set_xlabel(_zone_caption(zone, first) + _left_out(shown), fontsize=8, loc="left")
    ax.set_title(f"{meeting.title} — {_verdict(mp)}", fontsize=10, loc="left", wrap=True)
    return places


def _zone_caption(zone: ZoneInfo, moment: datetime) -> str:
    return f"days and times in {zone.key} ({zone_name(moment.astimezone(zone))})"


def _left_out(shown: Shown) -> str:
    parts = []
    if shown.hidden_venues:
        parts.append(f"{shown.hidden_venues:,} more candidate venues")
    if shown.hidden_leaders:
        parts.append(f"{shown.hidden_leaders:,} more leaders")
    if not parts:
        return ""
    return f"\nNot drawn: {' and '.join(parts)} (drawn: the proposed venues, the earliest others, the first leaders)"


def _close_up(ax: Axes, problem: Problem, shown: Shown, colours: dict[str, str], labels: _Labels) -> set[str]:
    mp = shown.plan
    meeting = mp.meeting
    chosen = mp.proposals[0]
    legs = [
        leg
        for lid in shown.leaders
        for leg in journeys(problem, problem.leaders[lid], chosen.venue.place, chosen.start, chosen.end)
    ]
    first = min([chosen.start - timedelta(hours=18), *(leg.depart - timedelta(hours=2) for leg in legs)])
    last = max([chosen.end + timedelta(hours=18), *(leg.arrive + timedelta(hours=2) for leg in legs)])
    first, last = max(first, chosen.start - timedelta(days=2)), min(last, chosen.end + timedelta(days=2))
    first, last = _floor_hour(first, shown.zone), _floor_hour(last, shown.zone) + timedelta(hours=1)
    lanes = Lanes(shown.leaders, (chosen.venue.id,))
    ax.set_xlim(_num(first), _num(last))
    places = _lanes(ax, problem, shown, lanes, first, last, colours, labels)
    for leg in legs:
        _journey(ax, lanes, problem, leg, labels)
    _meeting_box(ax, lanes, chosen, "PROPOSED", labels)
    _deadline(ax, meeting, first, last, labels)
    _clocks(ax, problem, shown, chosen, first, last, labels)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    place = problem.places[chosen.venue.place]
    ax.set_title(
        f"Close-up: {chosen.venue.name}, {meeting_span(chosen.start, chosen.end)} "
        f"({place.name}) — travel legs as placed around the meeting",
        fontsize=10,
        loc="left",
        wrap=True,
    )
    return places


def _period(problem: Problem, mp: MeetingPlan, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Whole days in `zone`, from the start of the search to the last proposal or alternative, and always
    to the deadline."""
    start, end = problem.window(mp.meeting)
    shown = [p.end for p in mp.proposals] + [
        at + mp.meeting.duration for r in mp.rejected if (at := r.earliest or r.after_deadline) is not None
    ]
    latest = max(shown, default=min(end, start + timedelta(days=21)))
    if mp.meeting.deadline:
        latest = max(latest, mp.meeting.deadline)
    first = datetime.combine(start.astimezone(zone).date(), time(), tzinfo=zone)
    last = datetime.combine(latest.astimezone(zone).date() + timedelta(days=1), time(), tzinfo=zone)
    return first, last


# --- lanes ---------------------------------------------------------------------------------------


def _lanes(
    ax: Axes,
    problem: Problem,
    shown: Shown,
    lanes: Lanes,
    first: datetime,
    last: datetime,
    colours: dict[str, str],
    labels: _Labels,
) -> set[str]:
    """Draw the lanes; the places drawn (for the legend)."""
    places: set[str] = set()
    for i, lid in enumerate(lanes.leaders):
        leader = problem.leaders[lid]
        y = lanes.y(i)
        for stop in leader.stops:
            a, b = max(stop.start, first), min(stop.end, last)
            if a >= b:
                continue
            places.add(stop.place)
            colour = colours[stop.place]
            ax.add_patch(_box(a, b, y, 0.62, colour, alpha=0.85, zorder=2))
            name = problem.places[stop.place].name.split(",")[0]
            text = ax.annotate(
                f"{name} (holiday)" if stop.kind == "holiday" else name,
                (_num(a), y + 0.31),
                xytext=(3, -2),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=7.5,
                color=_ink_on(colour),
                zorder=9,
            )
            spots = [
                {"xy": (_num(a), y + 0.31), "position": (3, -2), "ha": "left"},
                {"xy": (_num(b), y + 0.31), "position": (-3, -2), "ha": "right"},
            ]
            labels.add(ax, _Label([text], 8, spots, within=(_num(a), _num(b))))
        for block in leader.busy:
            a, b = max(block.start, first), min(block.end, last)
            if a < b:
                ax.add_patch(
                    _box(a, b, y - 0.08, 0.36, "none", hatch="////", edgecolor="#444444", zorder=3, linewidth=0.4)
                )
        ax.axhline(y - 0.5, color="#cccccc", linewidth=0.6, zorder=1)
    for j, vid in enumerate(lanes.venues):
        venue = problem.venues[vid]
        places.add(venue.place)
        y = lanes.y(len(lanes.leaders) + j)
        for a_minute, b_minute in venue_hosts(problem, venue, to_minute(first), to_minute(last)):
            a, b = from_minute(a_minute), from_minute(b_minute)
            colour = colours[venue.place]
            ax.add_patch(_box(a, b, y, 0.5, colour, alpha=0.35, zorder=2, edgecolor=colour, linewidth=0.6))
    ticks = [_leader_label(problem, lid) for lid in lanes.leaders] + [_venue_label(problem, v) for v in lanes.venues]
    ax.set_yticks([lanes.y(i) for i in range(len(lanes))], labels=ticks, fontsize=7.5)
    ax.set_ylim(-0.6, len(lanes) - 0.4)
    ax.tick_params(axis="y", length=0)
    ax.xaxis_date(tz=shown.zone)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return places


def _meeting_box(ax: Axes, lanes: Lanes, proposal: Proposal, kind: str, labels: _Labels) -> None:
    """The chosen meeting (kind PROPOSED) filled gold on its venue's and its leaders' lanes; an alternative
    outlined. Its label goes right of the box, else left of it, else above or below. Call after set_xlim."""
    chosen = kind == "PROPOSED"
    a, b = proposal.start, proposal.end
    rows = [lanes.y(lanes.leaders.index(lid)) for lid in proposal.meeting.participants if lid in lanes.leaders]
    venue_row = lanes.y(len(lanes.leaders) + lanes.venues.index(proposal.venue.id))
    span = ax.get_xlim()[1] - ax.get_xlim()[0]
    width = max(_num(b) - _num(a), span * 0.004)
    style: dict[str, Any] = (
        {"facecolor": PROPOSED, "edgecolor": INK, "linewidth": 1.2}
        if chosen
        else {"facecolor": "none", "edgecolor": INK, "linewidth": 1.1, "linestyle": "--"}
    )
    if chosen:
        ax.axvspan(_num(a), _num(a) + width, color=PROPOSED, alpha=0.25, zorder=1)
    for y in [*rows, venue_row] if chosen else [venue_row]:
        box = ax.add_patch(Rectangle((_num(a), y - 0.36), width, 0.72, zorder=7, **style))
        if chosen:
            labels.avoid(ax, box)
    left, right = _num(a), _num(a) + width
    text = ax.annotate(
        f"{kind}: {clock(proposal.start, '%a %d %b %H:%M %Z')}",
        (right, venue_row),
        xytext=(4, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=7.5,
        fontweight="bold" if chosen else "normal",
        color=INK,
        zorder=8,
        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
    )
    places = [
        {"xy": (right, venue_row), "position": (4, 0), "ha": "left", "va": "center"},
        {"xy": (left, venue_row), "position": (-4, 0), "ha": "right", "va": "center"},
        {"xy": (left, venue_row + 0.36), "position": (0, 2), "ha": "left", "va": "bottom"},
        {"xy": (left, venue_row - 0.36), "position": (0, -2), "ha": "left", "va": "top"},
    ]
    labels.add(ax, _Label([text], 3 if chosen else 5, places))


def _journey(ax: Axes, lanes: Lanes, problem: Problem, leg: Journey, labels: _Labels) -> None:
    """A travel leg on the leader's lane: ground time in grey, the flight an arrow labelled with where and how long."""
    y = lanes.y(lanes.leaders.index(leg.leader)) - 0.3
    for a, b in ((leg.depart, leg.takeoff), (leg.landing, leg.arrive)):
        if a < b:
            ax.add_patch(_box(a, b, y, 0.1, "#bbbbbb", zorder=5))
    ax.annotate(
        "",
        xy=(_num(leg.landing), y),
        xytext=(_num(leg.takeoff), y),
        arrowprops={"arrowstyle": "-|>", "color": INK, "linewidth": 1.6},
        zorder=6,
    )
    origin = problem.places[leg.origin].name.split(",")[0]
    destination = problem.places[leg.destination].name.split(",")[0]
    hours, minutes = divmod(leg.leg.flight, 60)
    middle = _mid(leg.depart, leg.arrive)
    low, high = ax.get_xlim()
    text = ax.text(
        middle,
        y - 0.13,
        f"✈ {origin} → {destination} {hours}h{minutes:02d}",
        ha="center",
        va="top",
        fontsize=7,
        color=INK,
        zorder=6,
    )
    places = [
        {"x": middle, "ha": "center"},
        {"x": low + (high - low) * 0.002, "ha": "left"},
        {"x": high - (high - low) * 0.002, "ha": "right"},
    ]
    labels.add(ax, _Label([text], 7, places))


def _deadline(ax: Axes, meeting: Meeting, first: datetime, last: datetime, labels: _Labels) -> None:
    if meeting.deadline and first <= meeting.deadline <= last:
        ax.axvline(_num(meeting.deadline), color=DEADLINE, linewidth=1.4, linestyle="--", zorder=8)
        text = ax.annotate(
            "deadline",
            (_num(meeting.deadline), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-3, -2),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=7.5,
            color=DEADLINE,
            zorder=9,
        )
        places = [{"position": (-3, -2), "ha": "right"}, {"position": (3, -2), "ha": "left"}]
        labels.add(ax, _Label([text], 4, places))


def _markers(ax: Axes, problem: Problem, meeting: Meeting, first: datetime, last: datetime, labels: _Labels) -> None:
    start, _ = problem.window(meeting)
    if first <= start <= last:
        ax.axvline(_num(start), color="#777777", linewidth=0.9, linestyle=":", zorder=8)
        text = ax.annotate(
            "search starts",
            (_num(start), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=7,
            color="#555555",
        )
        labels.add(ax, _Label([text], 6))


def _clocks(
    ax: Axes, problem: Problem, shown: Shown, chosen: Proposal, first: datetime, last: datetime, labels: _Labels
) -> None:
    """Rows of clock labels under the close-up: the axis's zone (its ticks), UTC or the venue's clock, then each
    leader's home time. Each column of labels is kept or left out whole."""
    zone = shown.zone
    hours = (last - first).total_seconds() / 3600
    step = 3 if hours <= 60 else 6
    ticks = [
        moment
        for h in range(int(hours) + 1)
        if (moment := first + timedelta(hours=h)).astimezone(zone).hour % step == 0
        and moment.astimezone(zone).minute == 0
    ]
    venue_zone = problem.zone_of(chosen.venue.place)
    venue_place = problem.places[chosen.venue.place].name.split(",")[0]
    rows: list[tuple[str, ZoneInfo]] = []
    if zone.key == venue_zone.key:
        rows += [(f"{zone.key}: venue ({venue_place})", zone), ("UTC", ZoneInfo("UTC"))]
    else:
        rows += [(zone.key, zone), (f"venue ({venue_place})", venue_zone)]
    for lid in shown.leaders:
        leader = problem.leaders[lid]
        home = problem.places[leader.home].name.split(",")[0]
        rows.append((home_time(leader.name, home), problem.zone_of(leader.home)))
    ax.set_xticks([_num(t) for t in ticks], labels=[])
    ax.tick_params(axis="x", length=4)
    points = CLOCK_ROW_INCHES * 72
    columns: list[list[Text]] = [[] for _ in ticks]
    for number, (name, row_zone) in enumerate(rows):
        offset = -6 - points * number
        abbreviation = zone_name(chosen.start.astimezone(row_zone))
        row_name = ax.annotate(
            name if abbreviation == "UTC" and name == "UTC" else f"{name}  ({abbreviation})",
            (0, 0),
            xycoords="axes fraction",
            xytext=(-8, offset),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=7.5,
            fontweight="bold",
            annotation_clip=False,
        )
        labels.add(ax, _Label([row_name], 1, inside=False))
        for index, tick in enumerate(ticks):
            columns[index].append(
                ax.annotate(
                    _clock(tick, row_zone, step, index == 0),
                    (_num(tick), 0),
                    xycoords=("data", "axes fraction"),
                    xytext=(0, offset),
                    textcoords="offset points",
                    ha="center",
                    va="top",
                    fontsize=7,
                    annotation_clip=False,
                )
            )
    for column in columns:
        labels.add(ax, _Label(column, 2, inside=False))


def _clock(instant: datetime, zone: ZoneInfo, step: int, first: bool) -> str:
    """`15:00`, with the weekday on the row's first label and on the first label of each local day."""
    local = instant.astimezone(zone)
    return f"{local:%a %H:%M}" if first or local.hour < step else f"{local:%H:%M}"


# --- small helpers -------------------------------------------------------------------------------


def _legend(problem: Problem, colours: dict[str, str], plan: Plan, drawn: set[str]) -> list[Any]:
    """The places drawn (at most MAX_LEGEND_PLACES, in scenario order), and the marks the picture uses."""
    from matplotlib.lines import Line2D

    places = [p for p in problem.places if p in drawn]
    handles: list[Any] = [
        Patch(facecolor=colours[p], label=problem.places[p].name.split(",")[0]) for p in places[:MAX_LEGEND_PLACES]
    ]
    if len(places) > MAX_LEGEND_PLACES:
        handles.append(Patch(facecolor="none", edgecolor="none", label=f"and {len(places) - MAX_LEGEND_PLACES:,} more"))
    handles.append(Patch(facecolor="none", edgecolor="#444444", hatch="////", label="busy"))
    if any(mp.proposals for mp in plan.meetings):
        handles += [
            Line2D([], [], color=INK, marker=">", linewidth=1.6, label="flight (grey: ground time)"),
            Patch(facecolor=PROPOSED, edgecolor=INK, label="proposed meeting"),
        ]
    if any(len(mp.proposals) > 1 or any(r.earliest or r.after_deadline for r in mp.rejected) for mp in plan.meetings):
        handles.append(Patch(facecolor="none", edgecolor=INK, linestyle="--", label="alternative"))
    if any(mp.meeting.deadline for mp in plan.meetings):
        handles.append(Line2D([], [], color=DEADLINE, linestyle="--", label="deadline"))
    return handles


def _verdict(mp: MeetingPlan) -> str:
    if not mp.proposals:
        return "no feasible meeting"
    chosen = mp.proposals[0]
    return f"proposed: {chosen.venue.name}, {clock(chosen.start)}"


def _box(a: datetime, b: datetime, y: float, height: float, colour: str, **style: Any) -> Rectangle:
    return Rectangle((_num(a), y - height / 2), _num(b) - _num(a), height, facecolor=colour, **style)


def _num(value: datetime) -> float:
    return float(mdates.date2num(value.astimezone(UTC)))


def _mid(a: datetime, b: datetime) -> float:
    return (_num(a) + _num(b)) / 2


def _floor_hour(value: datetime, zone: ZoneInfo) -> datetime:
    """The whole hour in `zone` at or before `value`, in UTC (so adding hours is elapsed time)."""
    return value.astimezone(zone).replace(minute=0, second=0, microsecond=0).astimezone(UTC)
