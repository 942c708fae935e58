"""Plan → a picture of it: one timeline lane per leader and per candidate venue, readable at a glance.

For each meeting two panels share the same lanes: the whole planning period (where everyone is,
when each venue is open, the proposal, the alternatives and the deadline) and the proposal's day
up close (busy blocks, the flights in and out, and a clock row for UTC, the venue and each leader's
home). The x axis is UTC; the clock rows under the close-up translate it. matplotlib (Agg backend)
is imported only here, and this module only when a picture is asked for.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import matplotlib

matplotlib.use("Agg")

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from .journeys import Journey, journeys
from .plan import MeetingPlan, Plan, Proposal
from .timegrid import IntervalSet, dates_between, from_minute, local_days, local_windows, to_minute

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .problem import Meeting, Problem, Venue

FORMATS = (".png", ".svg", ".html")
WIDTH_INCHES = 15.0
DPI = 110
LANE_INCHES = 0.62
PANEL_EXTRA_INCHES = 1.1  # title, axis and breathing room of one panel
CLOCK_ROW_INCHES = 0.26  # one row of local clock labels under the close-up
HEADER_INCHES = 0.9  # figure title and legend

# Colour-blind-safe palette (Okabe–Ito), then tab10 for larger scenarios.
PALETTE = ["#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#999999"]
PROPOSED = "#FFD700"
DEADLINE = "#C0392B"
INK = "#222222"
LABEL_CHAR = 0.0046  # the width of one character of a 7.5 pt label, as a fraction of a panel's width


@dataclass(frozen=True)
class Lanes:
    """What each row of a panel shows, top to bottom: the meeting's leaders, then its candidate venues."""

    leaders: tuple[str, ...]
    venues: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.leaders) + len(self.venues)

    def y(self, index: int) -> float:
        return float(len(self) - 1 - index)


def figure_size(plan: Plan) -> tuple[int, int]:
    """The picture's size in pixels (the same for PNG and the SVG's viewBox): fixed width, a height per lane."""
    height = HEADER_INCHES + sum(_meeting_inches(mp, plan.problem) for mp in plan.meetings)
    return round(WIDTH_INCHES * DPI), round(height * DPI)


def _meeting_inches(mp: MeetingPlan, problem: Problem) -> float:
    overview, close_up = _panel_inches(mp)
    return overview + close_up


def _panel_inches(mp: MeetingPlan) -> tuple[float, float]:
    """Heights of a meeting's two panels: every lane in the overview; leaders, the chosen venue and clocks below."""
    leaders = len(mp.meeting.participants)
    overview = LANE_INCHES * (leaders + len(mp.meeting.venues)) + PANEL_EXTRA_INCHES
    clocks = 2 + leaders  # UTC, the venue, each leader's home
    close_up = LANE_INCHES * (leaders + 1) + PANEL_EXTRA_INCHES + CLOCK_ROW_INCHES * clocks
    return overview, close_up if mp.proposals else 0.0


def render(plan: Plan, suffix: str, zone: ZoneInfo | None = None) -> bytes:
    """The picture as PNG, SVG or an HTML page holding the SVG (by file suffix)."""
    figure = draw(plan)
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
    """The figure's bytes, the same for the same plan: no date stamp, fixed SVG ids."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if kind == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "summit-scheduler"}):
        figure.savefig(buffer, format=kind, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def draw(plan: Plan) -> Figure:
    problem = plan.problem
    width, height = figure_size(plan)
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    ratios = [inches for mp in plan.meetings for inches in _panel_inches(mp) if inches]
    axes = figure.subplots(len(ratios), 1, gridspec_kw={"height_ratios": ratios}, squeeze=False)[:, 0]
    colours = {place: PALETTE[i % len(PALETTE)] for i, place in enumerate(problem.places)}
    panels = iter(axes)
    for mp in plan.meetings:
        _overview(next(panels), problem, mp, colours)
        if mp.proposals:
            _close_up(next(panels), problem, mp, colours)
    figure.suptitle(problem.title, fontsize=13, fontweight="bold", x=0.01, ha="left")
    figure.legend(
        handles=_legend(problem, colours, plan),
        loc="outside lower center",
        ncols=len(problem.places) + 5,
        fontsize=8,
        frameon=False,
    )
    return figure


# --- the two panels ------------------------------------------------------------------------------


def _overview(ax: Axes, problem: Problem, mp: MeetingPlan, colours: dict[str, str]) -> None:
    meeting = mp.meeting
    first, last = _period(problem, mp)
    lanes = _lanes(ax, problem, meeting, meeting.venues, first, last, colours)
    ax.set_xlim(_num(first), _num(last))
    labels: dict[float, float] = {}
    for proposal in mp.proposals:
        _meeting_box(ax, lanes, proposal, "PROPOSED" if proposal.rank == 1 else f"option {proposal.rank}", labels)
    for rejection in mp.rejected:
        start = rejection.earliest or rejection.after_deadline
        if start is not None:
            alternative = Proposal(0, meeting, rejection.venue, start, start + meeting.duration)
            _meeting_box(ax, lanes, alternative, "later" if rejection.earliest else "after the deadline", labels)
    _deadline(ax, meeting, first, last)
    _markers(ax, problem, meeting, first, last)
    days = (last - first).days
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, -(-days // 20)), tz=UTC))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%a\n%d %b", tz=UTC))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    verdict = _verdict(problem, mp)
    ax.set_title(f"{meeting.title} — {verdict}   (days in UTC)", fontsize=10, loc="left")


def _close_up(ax: Axes, problem: Problem, mp: MeetingPlan, colours: dict[str, str]) -> None:
    meeting = mp.meeting
    chosen = mp.proposals[0]
    legs = [
        leg
        for lid in meeting.participants
        for leg in journeys(problem, problem.leaders[lid], chosen.venue.place, chosen.start, chosen.end)
    ]
    first = min([chosen.start - timedelta(hours=18), *(leg.depart - timedelta(hours=2) for leg in legs)])
    last = max([chosen.end + timedelta(hours=18), *(leg.arrive + timedelta(hours=2) for leg in legs)])
    first, last = max(first, chosen.start - timedelta(days=2)), min(last, chosen.end + timedelta(days=2))
    first, last = _floor_hour(first), _floor_hour(last) + timedelta(hours=1)
    lanes = _lanes(ax, problem, meeting, (chosen.venue.id,), first, last, colours)
    for leg in legs:
        _journey(ax, lanes, problem, leg)
    ax.set_xlim(_num(first), _num(last))
    _meeting_box(ax, lanes, chosen, "PROPOSED", {})
    _deadline(ax, meeting, first, last)
    _clock_rows(ax, problem, meeting, chosen, first, last)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    place = problem.places[chosen.venue.place]
    ax.set_title(
        f"Close-up: {chosen.venue.name}, {chosen.start:%a %d %b %Y %H:%M}–{chosen.end:%H:%M} {chosen.start:%Z} "
        f"({place.name}) — travel legs as placed around the meeting",
        fontsize=10,
        loc="left",
    )


def _period(problem: Problem, mp: MeetingPlan) -> tuple[datetime, datetime]:
    """From the start of the search to the last proposal or alternative (the deadline when it is near)."""
    start, end = problem.window(mp.meeting)
    shown = [p.end for p in mp.proposals] + [
        at + mp.meeting.duration for r in mp.rejected if (at := r.earliest or r.after_deadline) is not None
    ]
    latest = max(shown, default=min(end, start + timedelta(days=21)))
    if mp.meeting.deadline and mp.meeting.deadline - latest < timedelta(days=21):
        latest = max(latest, mp.meeting.deadline)
    first = start.astimezone(UTC).replace(hour=0, minute=0)
    last = latest.astimezone(UTC).replace(hour=0, minute=0) + timedelta(days=1)
    return first, last


# --- lanes ---------------------------------------------------------------------------------------


def _lanes(
    ax: Axes,
    problem: Problem,
    meeting: Meeting,
    venues: tuple[str, ...],
    first: datetime,
    last: datetime,
    colours: dict[str, str],
) -> Lanes:
    lanes = Lanes(tuple(meeting.participants), venues)
    span = (last - first).total_seconds()
    labels = []
    for i, lid in enumerate(lanes.leaders):
        leader = problem.leaders[lid]
        y = lanes.y(i)
        home = problem.places[leader.home]
        labels.append(f"{leader.name}\nhome: {home.name}")
        for stop in leader.stops:
            a, b = max(stop.start, first), min(stop.end, last)
            if a >= b:
                continue
            ax.add_patch(_box(a, b, y, 0.62, colours[stop.place], alpha=0.85, zorder=2))
            name = problem.places[stop.place].name.split(",")[0]
            text = f"{name} (holiday)" if stop.kind == "holiday" else name
            if (b - a).total_seconds() / span > 0.0055 * len(text) + 0.004:
                ax.annotate(
                    text,
                    (_num(a), y + 0.31),
                    xytext=(3, -2),
                    textcoords="offset points",
                    ha="left",
                    va="top",
                    fontsize=7.5,
                    color=INK,
                    zorder=9,
                    annotation_clip=True,
                )
        for block in leader.busy:
            a, b = max(block.start, first), min(block.end, last)
            if a < b:
                ax.add_patch(
                    _box(a, b, y - 0.08, 0.36, "none", hatch="////", edgecolor="#444444", zorder=3, linewidth=0.4)
                )
        ax.axhline(y - 0.5, color="#cccccc", linewidth=0.6, zorder=1)
    for j, vid in enumerate(lanes.venues):
        venue = problem.venues[vid]
        y = lanes.y(len(lanes.leaders) + j)
        labels.append(f"venue: {_short(venue.name)}\n{problem.places[venue.place].name}")
        for a_minute, b_minute in _venue_open(problem, venue, meeting, first, last):
            a, b = from_minute(a_minute), from_minute(b_minute)
            ax.add_patch(
                _box(
                    a,
                    b,
                    y,
                    0.5,
                    colours[venue.place],
                    alpha=0.35,
                    zorder=2,
                    edgecolor=colours[venue.place],
                    linewidth=0.6,
                )
            )
    ax.set_yticks([lanes.y(i) for i in range(len(lanes))], labels=labels, fontsize=8)
    ax.set_ylim(-0.6, len(lanes) - 0.4)
    ax.tick_params(axis="y", length=0)
    ax.xaxis_date(tz=UTC)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return lanes


def _venue_open(problem: Problem, venue: Venue, meeting: Meeting, first: datetime, last: datetime) -> IntervalSet:
    """When the venue itself would host (its windows, weekdays, hours, holidays and notice), leaders aside."""
    zone = problem.zone_of(venue.place)
    lo, hi = to_minute(first), to_minute(last)
    result = IntervalSet.between(max(lo, to_minute(problem.as_of + venue.notice)), hi)
    if venue.open is not None:
        result &= IntervalSet.of((to_minute(w.start), to_minute(w.end)) for w in venue.open)
    if venue.weekdays is not None:
        result &= local_days(zone, [d for d in dates_between(lo, hi, zone) if d.weekday() in venue.weekdays])
    if venue.hours:
        result &= local_windows(zone, venue.hours, lo, hi)
    if venue.closed:
        result -= local_days(zone, [h.day for h in venue.closed])
    return result


def _meeting_box(ax: Axes, lanes: Lanes, proposal: Proposal, kind: str, labels: dict[float, float]) -> None:
    """The chosen meeting (kind PROPOSED) filled gold on its venue's and its leaders' lanes; an alternative outlined.

    The label goes under the box, or above it when the last label under that lane (`labels`: lane → right
    end of its last label) would overlap. Call after the x limits are set.
    """
    chosen = kind == "PROPOSED"
    a, b = proposal.start, proposal.end
    rows = [lanes.y(lanes.leaders.index(lid)) for lid in proposal.meeting.participants if lid in lanes.leaders]
    venue_row = lanes.y(len(lanes.leaders) + lanes.venues.index(proposal.venue.id))
    width = _num(b) - _num(a)
    span = ax.get_xlim()[1] - ax.get_xlim()[0]
    minimum = span * 0.004
    if chosen:
        ax.axvspan(_num(a), _num(a) + max(width, minimum), color=PROPOSED, alpha=0.25, zorder=1)
        for y in [*rows, venue_row]:
            ax.add_patch(
                Rectangle(
                    (_num(a), y - 0.36),
                    max(width, minimum),
                    0.72,
                    facecolor=PROPOSED,
                    edgecolor=INK,
                    linewidth=1.2,
                    zorder=7,
                )
            )
    else:
        ax.add_patch(
            Rectangle(
                (_num(a), venue_row - 0.36),
                max(width, minimum),
                0.72,
                facecolor="none",
                edgecolor=INK,
                linewidth=1.1,
                linestyle="--",
                zorder=7,
            )
        )
    text = f"{kind}: {proposal.start:%a %d %b %H:%M %Z}"
    below = labels.get(venue_row, -float("inf")) < _num(a)
    if below:
        labels[venue_row] = _num(a) + span * LABEL_CHAR * len(text)
    ax.annotate(
        text,
        (_num(a), venue_row - 0.36 if below else venue_row + 0.36),
        xytext=(3, -9 if below else 2),
        textcoords="offset points",
        fontsize=7.5,
        fontweight="bold" if chosen else "normal",
        color=INK,
        zorder=8,
        annotation_clip=True,
    )


def _journey(ax: Axes, lanes: Lanes, problem: Problem, leg: Journey) -> None:
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
    ax.text(
        _mid(leg.depart, leg.arrive),
        y - 0.13,
        f"✈ {origin} → {destination} {hours}h{minutes:02d}",
        ha="center",
        va="top",
        fontsize=7,
        color=INK,
        zorder=6,
        clip_on=True,
    )


def _deadline(ax: Axes, meeting: Meeting, first: datetime, last: datetime) -> None:
    if meeting.deadline and first <= meeting.deadline <= last:
        ax.axvline(_num(meeting.deadline), color=DEADLINE, linewidth=1.4, linestyle="--", zorder=8)
        ax.annotate(
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


def _markers(ax: Axes, problem: Problem, meeting: Meeting, first: datetime, last: datetime) -> None:
    start, _ = problem.window(meeting)
    if first <= start <= last:
        ax.axvline(_num(start), color="#777777", linewidth=0.9, linestyle=":", zorder=8)
        ax.annotate(
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


def _clock_rows(
    ax: Axes, problem: Problem, meeting: Meeting, chosen: Proposal, first: datetime, last: datetime
) -> None:
    """Rows of clock labels under the close-up: UTC, the venue's clock, then each leader's home clock."""
    hours = (last - first).total_seconds() / 3600
    step = 3 if hours <= 60 else 6
    ticks = [first + timedelta(hours=h) for h in range(int(hours) + 1) if (first.hour + h) % step == 0]
    rows: list[tuple[str, ZoneInfo]] = [("UTC", ZoneInfo("UTC"))]
    rows.append(
        (f"venue ({problem.places[chosen.venue.place].name.split(',')[0]})", problem.zone_of(chosen.venue.place))
    )
    for lid in meeting.participants:
        leader = problem.leaders[lid]
        rows.append((f"{leader.name} at home", problem.zone_of(leader.home)))
    ax.set_xticks([_num(t) for t in ticks], labels=[])
    ax.tick_params(axis="x", length=4)
    points = CLOCK_ROW_INCHES * 72
    for number, (name, zone) in enumerate(rows):
        offset = -6 - points * number
        ax.annotate(
            f"{name}  {_abbreviation(zone, chosen.start)}",
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
        for index, tick in enumerate(ticks):
            ax.annotate(
                _clock(tick, zone, step, index == 0),
                (_num(tick), 0),
                xycoords=("data", "axes fraction"),
                xytext=(0, offset),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=7,
                annotation_clip=False,
            )


def _abbreviation(zone: ZoneInfo, instant: datetime) -> str:
    name = instant.astimezone(zone).tzname() or zone.key
    return "" if name == "UTC" else f"({name})" if name[0] not in "+-" else f"(UTC{name})"


def _clock(instant: datetime, zone: ZoneInfo, step: int, first: bool) -> str:
    """`15:00`, with the weekday on the row's first label and on the first label of each local day."""
    local = instant.astimezone(zone)
    return f"{local:%a %H:%M}" if first or local.hour < step else f"{local:%H:%M}"


# --- small helpers -------------------------------------------------------------------------------


def _legend(problem: Problem, colours: dict[str, str], plan: Plan) -> list[Any]:
    """The places drawn, and the marks: only those the picture uses."""
    from matplotlib.lines import Line2D

    used = {s.place for leader in problem.leaders.values() for s in leader.stops} | {
        v.place for v in problem.venues.values()
    }
    handles: list[Any] = [
        Patch(facecolor=colours[p], label=problem.places[p].name.split(",")[0]) for p in problem.places if p in used
    ]
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


def _verdict(problem: Problem, mp: MeetingPlan) -> str:
    if not mp.proposals:
        return "no feasible meeting"
    chosen = mp.proposals[0]
    return f"proposed: {chosen.venue.name}, {chosen.start:%a %d %b %Y %H:%M %Z}"


def _box(a: datetime, b: datetime, y: float, height: float, colour: str, **style: Any) -> Rectangle:
    return Rectangle((_num(a), y - height / 2), _num(b) - _num(a), height, facecolor=colour, **style)


def _num(value: datetime) -> float:
    return float(mdates.date2num(value.astimezone(UTC)))


def _mid(a: datetime, b: datetime) -> float:
    return (_num(a) + _num(b)) / 2


def _floor_hour(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _short(name: str) -> str:
    """A venue name short enough for a lane label: up to the first parenthesis or comma-qualified tail."""
    head = name.split(" (")[0]
    return head if len(head) <= 34 else head[:33] + "…"
