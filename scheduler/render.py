"""Plan → text a person reads, or the JSON document of DESIGN.md."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .assumptions import assumption_lines, assumptions
from .journeys import journeys
from .output import OutputDocument
from .results import MeetingPlan, Plan, Proposal, Withdrawal, home_times
from .wording import home_time, margin, when_text, zone_name

if TYPE_CHECKING:
    from .compare import MeetingChange


CONFLICT_HEADLINE = (
    "Why nothing fits — together these rule out every venue, and each is needed among them "
    "(other rules may rule it out as well, so dropping one alone is not always enough)"
)
"""What a minimal conflict proves: jointly sufficient, each needed among them; not that it is the only conflict."""


def _offset(value: datetime) -> str:
    delta = value.utcoffset() or timedelta(0)
    sign = "+" if delta >= timedelta(0) else "−"
    minutes = abs(int(delta.total_seconds() // 60))
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _split_files(files: dict[tuple[str, int], list[Path]]) -> tuple[dict[tuple[str, int], list[Path]], list[Path]]:
    """Each proposal's own file, and the run-wide ones (combined calendar, itineraries) listed once."""
    shared = sorted({p for paths in files.values() for p in paths if p.name.startswith(("all-", "itinerary-"))})
    own = {key: [p for p in paths if p not in shared] for key, paths in files.items()}
    return own, shared


def _also_written(shared: list[Path]) -> list[str]:
    if not shared:
        return []
    return [f"Also written: {', '.join(p.name for p in shared)} (in {shared[0].parent})"]


def _withdrawn(withdrawn: list[Withdrawal]) -> list[str]:
    """What this run took back from the output folder: each meeting, then the travel around them as a count."""
    if not withdrawn:
        return []
    lines = ["Withdrawn (proposed by an earlier run, not by this one):"]
    lines += [f"  - {w.summary}: {when_text(w.start)}" for w in withdrawn if not w.travel]
    travel = sum(w.travel for w in withdrawn)
    if travel:
        lines.append(f"  - {travel} travel and ground-time event{'s' if travel != 1 else ''} of the itineraries")
    files = sorted({f for w in withdrawn for f in w.files}, key=lambda f: f.name)
    lines.append(f"  Now cancelled in {', '.join(f.name for f in files)} (in {files[0].parent}):")
    lines.append("  import those again to clear them from a calendar.")
    return lines


def text(plan: Plan, files: dict[tuple[str, int], list[Path]], withdrawn: list[Withdrawal] | None = None) -> str:
    own, shared = _split_files(files)
    lines: list[str] = []
    for mp in plan.meetings:
        lines += meeting_text(plan, mp, own)
        lines.append("")
    lines += _also_written(shared)
    lines += _withdrawn(withdrawn or [])
    return "\n".join(lines).rstrip() + "\n"


def meeting_text(plan: Plan, mp: MeetingPlan, files: dict[tuple[str, int], list[Path]]) -> list[str]:
    problem = plan.problem
    meeting = mp.meeting
    out = [f"{meeting.title} ({meeting.id}) — {', '.join(problem.leaders[p].name for p in meeting.participants)}"]
    if not mp.proposals:
        out.append("  No feasible meeting.")
    for proposal in mp.proposals:
        place = problem.places[proposal.venue.place]
        label = "Proposed" if proposal.rank == 1 else f"Option {proposal.rank}"
        out.append(f"  {label}: {proposal.venue.name} — {place.name}")
        out.append(
            f"    {proposal.start:%a %d %b %Y, %H:%M}–{proposal.end:%H:%M} {zone_name(proposal.start)} "
            f"({_offset(proposal.start)}, {place.timezone})"
        )
        for lid, at_home in home_times(plan, proposal).items():
            leader = problem.leaders[lid]
            out.append(f"    {home_time(leader.name, problem.places[leader.home].name)}: {when_text(at_home)}")
        out += assumption_lines(plan, proposal, "    ")
        if proposal.venue.host:
            out.append(f"    Host: {problem.leaders[proposal.venue.host].name}")
        if meeting.deadline:
            why = f" ({meeting.deadline_why})" if meeting.deadline_why else ""
            out.append(f"    {margin(meeting.deadline - proposal.start)} before the deadline{why}")
        for path in files.get((meeting.id, proposal.rank), []):
            out.append(f"    Calendar file: {path}")
    if mp.rejected:
        out.append("  Other venues:")
        for rejection in mp.rejected:
            headline, *details = rejection.reasons
            out.append(f"    {rejection.venue.name} ({rejection.venue.id}): {headline}")
            out += [f"      - {detail}" for detail in details]
    if mp.conflict:
        out.append(f"  {CONFLICT_HEADLINE}:")
        out += [f"    - {element}" for element in mp.conflict]
    if mp.relaxations:
        out.append("  What would make it work (one change each, smallest first):")
        for number, relax in enumerate(mp.relaxations, 1):
            p = relax.proposal
            out.append(f"    {number}. {relax.change}")
            out.append(f"       → {p.venue.name}, {when_text(p.start)}")
    elif not mp.proposals and mp.conflict:
        out.append("  No single change found that makes it work.")
    if not mp.proven:
        out.append("  Note: the time limit stopped the search; earlier slots were not ruled out.")
    return out


def table(
    plan: Plan, files: dict[tuple[str, int], list[Path]], width: int = 100, withdrawn: list[Withdrawal] | None = None
) -> str:
    """The answer as coloured tables for a terminal (rich): the same facts as `text`, which stays the plain form."""
    files, shared = _split_files(files)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    problem = plan.problem
    buffer = io.StringIO()
    # No markup: titles, names and reasons come from the scenario, and "[draft]" there is text, not a style.
    console = Console(
        file=buffer, force_terminal=True, color_system="standard", width=width, highlight=False, markup=False
    )
    for mp in plan.meetings:
        meeting = mp.meeting
        names = ", ".join(problem.leaders[p].name for p in meeting.participants)
        console.print(Text.assemble((meeting.title, "bold"), f" ({meeting.id}) — {names}"))
        if meeting.deadline:
            why = f" — {meeting.deadline_why}" if meeting.deadline_why else ""
            console.print(f"Deadline: {when_text(meeting.deadline.astimezone(problem.zone))}{why}", style="dim")
        if mp.proposals:
            grid = Table(show_lines=True, header_style="bold")
            grid.add_column("#", justify="right")
            grid.add_column("Venue")
            grid.add_column("When (venue time)")
            for lid in meeting.participants:
                leader = problem.leaders[lid]
                grid.add_column(home_time(leader.name, problem.places[leader.home].name))
            grid.add_column("Before the deadline")
            for proposal in mp.proposals:
                place = problem.places[proposal.venue.place]
                venue = Text(proposal.venue.name, style="bold green" if proposal.rank == 1 else "")
                venue.append(f"\n{place.name}", style="dim")
                if proposal.venue.host:
                    venue.append(f"\nhost: {problem.leaders[proposal.venue.host].name}", style="dim")
                when = (
                    f"{proposal.start:%a %d %b %Y}\n{proposal.start:%H:%M}–{proposal.end:%H:%M} "
                    f"{zone_name(proposal.start)}\n({_offset(proposal.start)}, {place.timezone})"
                )
                homes = [when_text(at_home) for at_home in home_times(plan, proposal).values()]
                before = margin(meeting.deadline - proposal.start) if meeting.deadline else "no deadline"
                grid.add_row(str(proposal.rank), venue, when, *homes, before)
            console.print(grid)
            for proposal in mp.proposals:
                label = "" if proposal.rank == 1 else f" (option {proposal.rank})"
                for line in assumption_lines(plan, proposal, ""):
                    console.print(line.replace("Assumption:", f"Assumption{label}:", 1), style="yellow")
            for proposal in mp.proposals:
                for path in files.get((meeting.id, proposal.rank), []):
                    console.print(
                        f"Calendar file ({'proposal' if proposal.rank == 1 else f'option {proposal.rank}'}): {path}"
                    )
        else:
            console.print("No feasible meeting.", style="bold red")
        if mp.rejected:
            others = Table(title="Other venues", title_justify="left", show_lines=True, header_style="bold")
            others.add_column("Venue")
            others.add_column("Why not")
            for rejection in mp.rejected:
                headline, *details = rejection.reasons
                reasons = Text(headline, style="yellow" if rejection.earliest else "red")
                for detail in details:
                    reasons.append(f"\n• {detail}")
                others.add_row(Text(f"{rejection.venue.name}\n({rejection.venue.id})"), reasons)
            console.print(others)
        if mp.conflict:
            console.print(f"{CONFLICT_HEADLINE}:", style="bold")
            for element in mp.conflict:
                console.print(f"  • {element}")
        if mp.relaxations:
            console.print("What would make it work (one change each, smallest first):", style="bold")
            for number, relax in enumerate(mp.relaxations, 1):
                console.print(
                    f"  {number}. {relax.change}\n     → {relax.proposal.venue.name}, {when_text(relax.proposal.start)}"
                )
        elif not mp.proposals and mp.conflict:
            console.print("No single change found that makes it work.")
        if not mp.proven:
            console.print("Note: the time limit stopped the search; earlier slots were not ruled out.", style="yellow")
        console.print()
    for line in _also_written(shared):
        console.print(line)
    for number, line in enumerate(_withdrawn(withdrawn or [])):
        console.print(line, style="bold yellow" if number == 0 else None)
    return buffer.getvalue().rstrip("\n") + "\n"


def comparison_text(changes: list[MeetingChange], before: str, after: str) -> str:
    """`schedule compare`: each meeting's proposal before → after, each venue's reasons gone (−) and new (+)."""
    lines = [f"before: {before}", f"after:  {after}", ""]
    for change in changes:
        lines.append(f"{change.title} ({change.meeting})")
        if change.only_in:
            lines.append(f"  only {change.only_in}: {change.before or change.after or 'no feasible meeting'}")
            lines.append("")
            continue
        was, now = change.before or "no feasible meeting", change.after or "no feasible meeting"
        if was == now:
            lines.append(f"  Proposal unchanged: {now}")
        else:
            lines += [f"  Proposal changed:  {was}", f"                 → {now}"]
        for venue in change.venues:
            lines.append(f"  {venue.name} ({venue.venue}):")
            lines += [f"    − {line}" for line in venue.removed]
            lines += [f"    + {line}" for line in venue.added]
        if change.unchanged:
            lines.append(f"  Unchanged: {', '.join(change.unchanged)}")
        lines.append("")
    if not any(change.changed for change in changes):
        lines.append("No change: the same proposals, for the same reasons.")
    return "\n".join(lines).rstrip() + "\n"


def comparison_json(changes: list[MeetingChange], first: Plan, second: Plan, before: str, after: str) -> str:
    """`schedule compare --json`: the facts of `comparison_text` as one JSON document.

    `first` and `second` are the plans `changes` was made from; each meeting's proposal before and after
    is the `proposals` entry of propose's document (no files: compare writes none), null when nothing fits.
    """
    plans = ({mp.meeting.id: mp for mp in first.meetings}, {mp.meeting.id: mp for mp in second.meetings})

    def proposal(plan: Plan, mp: MeetingPlan | None) -> dict[str, Any] | None:
        return _proposal_json(plan, mp.proposals[0], mp.proven, []) if mp and mp.proposals else None

    meetings = [
        {
            "meeting": change.meeting,
            "title": change.title,
            "only_in": change.only_in,
            "changed": change.changed,
            "proposal_changed": change.before != change.after,
            "before": proposal(first, plans[0].get(change.meeting)),
            "after": proposal(second, plans[1].get(change.meeting)),
            "venues": [
                {"venue": venue.venue, "name": venue.name, "gone": list(venue.removed), "new": list(venue.added)}
                for venue in change.venues
            ],
            "unchanged": list(change.unchanged),
        }
        for change in changes
    ]
    document = {
        "before": before,
        "after": after,
        "changed": any(change.changed for change in changes),
        "meetings": meetings,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def legs_json(plan: Plan, p: Proposal) -> dict[str, list[dict[str, Any]]]:
    """Each participant's travel legs around the proposal, as the itinerary files hold them: the times of
    departure and take-off in the origin's zone, of landing and arrival in the destination's."""
    problem = plan.problem
    found: dict[str, list[dict[str, Any]]] = {}
    for lid in p.meeting.participants:
        found[lid] = []
        for j in journeys(problem, problem.leaders[lid], p.venue.place, p.start, p.end):
            here, there = problem.zone_of(j.origin), problem.zone_of(j.destination)
            found[lid].append(
                {
                    "direction": j.direction,
                    "from": j.origin,
                    "to": j.destination,
                    "depart": j.depart.astimezone(here).isoformat(),
                    "takeoff": j.takeoff.astimezone(here).isoformat(),
                    "landing": j.landing.astimezone(there).isoformat(),
                    "arrive": j.arrive.astimezone(there).isoformat(),
                    "flight_minutes": j.leg.flight,
                    "ground_minutes": j.leg.buffer,
                }
            )
    return found


def _proposal_json(plan: Plan, p: Proposal, proven: bool, files: list[Path], *, legs: bool = True) -> dict[str, Any]:
    """One proposal; `legs` False for a relaxation's proposal, which belongs to an edited scenario."""
    return {
        "rank": p.rank,
        "meeting": p.meeting.id,
        "venue": p.venue.id,
        "place": p.venue.place,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "timezone": plan.problem.places[p.venue.place].timezone,
        "participants": list(p.meeting.participants),
        "home_start": {lid: t.isoformat() for lid, t in home_times(plan, p).items()},
        "host": p.venue.host,
        "deadline_margin_minutes": int((p.meeting.deadline - p.start).total_seconds() // 60)
        if p.meeting.deadline
        else None,
        "proven_earliest": proven,
        "files": [str(f) for f in files],
        "assumptions": [a.as_json() for a in assumptions(plan.problem, p)],
    } | ({"legs": legs_json(plan, p)} if legs else {})


def output_document(
    plan: Plan, files: dict[tuple[str, int], list[Path]], withdrawn: list[Withdrawal] | None = None
) -> OutputDocument:
    """The `--json` document (DESIGN.md) as its typed model: building it checks every key against `output.py`."""
    return OutputDocument.model_validate(_document_data(plan, files, withdrawn))


def document(
    plan: Plan, files: dict[tuple[str, int], list[Path]], withdrawn: list[Withdrawal] | None = None
) -> dict[str, Any]:
    """The `--json` document (DESIGN.md) as plain JSON values, exactly as `json_text` prints it."""
    return output_document(plan, files, withdrawn).data()


def _document_data(
    plan: Plan, files: dict[tuple[str, int], list[Path]], withdrawn: list[Withdrawal] | None = None
) -> dict[str, Any]:
    """The values of the `--json` document, key by key, for `OutputDocument` to check."""
    from .briefing import context

    proposals: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    conflict: list[dict[str, Any]] = []
    relaxations: list[dict[str, Any]] = []
    for mp in plan.meetings:
        for p in mp.proposals:
            proposals.append(_proposal_json(plan, p, mp.proven, files.get((p.meeting.id, p.rank), [])))
        for r in mp.rejected:
            rejected.append(
                {
                    "meeting": mp.meeting.id,
                    "venue": r.venue.id,
                    "reasons": list(r.reasons),
                    "elements": [e.as_json() for e in r.elements],
                    "earliest": r.earliest.isoformat() if r.earliest else None,
                    "after_deadline": r.after_deadline.isoformat() if r.after_deadline else None,
                }
            )
        conflict += [{"meeting": mp.meeting.id, **e.as_json()} for e in mp.conflict]
        relaxations += [
            {
                "meeting": mp.meeting.id,
                "change": x.change,
                "cost_minutes": int(x.cost.total_seconds() // 60),
                "proposal": _proposal_json(plan, x.proposal, True, [], legs=False),
            }
            for x in mp.relaxations
        ]
    document: dict[str, Any] = {"status": plan.status, "proposals": proposals, "rejected": rejected}
    if plan.status != "proposed":
        document["conflict"] = conflict
        document["relaxations"] = relaxations
    document["withdrawn"] = [w.as_json() for w in withdrawn or []]
    document["warnings"] = list(plan.problem.warnings)
    document["context"] = context(plan)  # names, zones and timelines: enough to draw the report page
    return document


def json_text(plan: Plan, files: dict[tuple[str, int], list[Path]], withdrawn: list[Withdrawal] | None = None) -> str:
    return output_document(plan, files, withdrawn).text()
