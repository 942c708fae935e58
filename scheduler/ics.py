"""Proposal → icalendar objects → bytes. icalendar does all the encoding; no ICS text is written by hand."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from icalendar.enums import STATUS, TRANSP

from .plan import Plan, Proposal
from .render import home_times, margin
from .vtimezone import vtimezone

PRODID = "-//summit-scheduler//summit-scheduler 1//EN"
_NAMESPACE = uuid.UUID("5b0bd7e2-5f8e-4c43-9a57-0c7c1b5f3a10")


def stamp(plan: Plan) -> datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH when set, else the scenario's as_of — never the wall clock, so runs reproduce."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return plan.problem.as_of.astimezone(UTC)


def uid(plan: Plan, proposal: Proposal) -> str:
    """Stable across re-runs that move the meeting: derived from the scenario's title, the meeting and the rank."""
    key = f"{plan.problem.title}\n{proposal.meeting.id}\n{proposal.rank}"
    return f"{uuid.uuid5(_NAMESPACE, key)}@summit-scheduler"


def description(plan: Plan, proposal: Proposal) -> str:
    problem = plan.problem
    lines = [f"Proposed by summit-scheduler for: {problem.title}"]
    if proposal.rank > 1:
        lines.append(f"Alternative {proposal.rank} (a tentative hold).")
    for lid, at_home in home_times(plan, proposal).items():
        leader = problem.leaders[lid]
        lines.append(f"{leader.name} at home ({problem.places[leader.home].name}): {at_home:%a %d %b %Y %H:%M %Z}")
    meeting = proposal.meeting
    if meeting.deadline:
        why = f" ({meeting.deadline_why})" if meeting.deadline_why else ""
        lines.append(f"{margin(meeting.deadline - proposal.start)} before the deadline{why}.")
    plan_for = next(m for m in plan.meetings if m.meeting.id == meeting.id)
    if plan_for.rejected and proposal.rank == 1:
        lines.append("Other venues:")
        lines += [f"- {r.venue.name}: {'; '.join(r.reasons)}" for r in plan_for.rejected]
    return "\n".join(lines)


def event(plan: Plan, proposal: Proposal) -> Event:
    problem = plan.problem
    place = problem.places[proposal.venue.place]
    title = proposal.meeting.title if proposal.rank == 1 else f"{proposal.meeting.title} (hold {proposal.rank})"
    item = Event.new(
        uid=uid(plan, proposal),
        stamp=stamp(plan),
        start=proposal.start,
        end=proposal.end,
        summary=title,
        location=f"{proposal.venue.name}, {place.name}",
        description=description(plan, proposal),
        status=STATUS.TENTATIVE,
        transparency=TRANSP.OPAQUE,
        sequence=0,
    )
    item.add("geo", (place.coordinates[0], place.coordinates[1]))
    item.add("x-microsoft-cdo-busystatus", "TENTATIVE")
    return item


def calendar(plan: Plan, proposals: list[Proposal], name: str) -> Calendar:
    calendar_uid = uuid.uuid5(_NAMESPACE, "\n".join([plan.problem.title, name]))
    cal = Calendar.new(prodid=PRODID, name=name, uid=str(calendar_uid))
    cal.add("method", "PUBLISH")
    zones = sorted({problem_zone for p in proposals if (problem_zone := plan.problem.places[p.venue.place].timezone)})
    years = [p.start.year for p in proposals] + [(p.end + timedelta(days=1)).year for p in proposals]
    for zone in zones:
        cal.add_component(vtimezone(zone, min(years), max(years)))
    for proposal in proposals:
        cal.add_component(event(plan, proposal))
    return cal


def proposal_bytes(plan: Plan, proposal: Proposal) -> bytes:
    name = f"{proposal.meeting.title} — {proposal.venue.name}"
    return calendar(plan, [proposal], name).to_ical()


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def calendar_files(plan: Plan) -> dict[str, tuple[bytes, list[tuple[str, int]]]]:
    """Every file a run writes: name → (bytes, the (meeting, rank) proposals it carries)."""
    files: dict[str, tuple[bytes, list[tuple[str, int]]]] = {}
    for mp in plan.meetings:
        for proposal in mp.proposals:
            rank = proposal.rank
            name = f"{mp.meeting.id}.ics" if rank == 1 else f"{mp.meeting.id}-option-{rank}.ics"
            files[name] = (proposal_bytes(plan, proposal), [(mp.meeting.id, rank)])
    return files
