"""Plan → the facts a briefing page needs beside the proposals: names, zones, and what each timeline shows.

`propose --json` carries them as its `context` key, so `schedule report` can draw the page from the
document alone, and `propose --report` draws it from the very same document.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from .problem import Problem
from .results import MeetingPlan, Plan
from .rules import venue_hosts
from .timegrid import from_minute, to_minute

NO_DEADLINE_SPAN = timedelta(days=21)
"""Without a deadline the timeline runs this far past the search start when nothing later is shown."""

AFTER_DEADLINE_SHOWN = timedelta(days=14)
"""A venue's first start past the deadline is drawn only when it is this close to the deadline."""

VENUE_LANES = 8
"""A timeline draws at most this many venue lanes: the proposals' venues, then the others in the meeting's order."""

MARGIN = timedelta(days=1)
"""Whereabouts and venue hours are kept this far either side of a timeline, so a day rounded outward is full."""


def context(plan: Plan) -> dict[str, Any]:
    """The names, zones and timeline data of the plan's meetings, as plain JSON values."""
    problem = plan.problem
    meetings = [_meeting(problem, mp) for mp in plan.meetings]
    periods = [
        (datetime.fromisoformat(m["period"]["start"]), datetime.fromisoformat(m["period"]["end"])) for m in meetings
    ]
    lo = min((a for a, _ in periods), default=problem.as_of) - MARGIN
    hi = max((b for _, b in periods), default=problem.as_of) + MARGIN
    drawn = {vid for m in meetings for vid in m["timeline_venues"]}
    return {
        "title": problem.title,
        "as_of": problem.as_of.astimezone(problem.zone).isoformat(),
        "timezone": problem.zone.key,
        "places": {pid: {"name": place.name, "timezone": place.timezone} for pid, place in problem.places.items()},
        "leaders": {
            lid: {
                "name": leader.name,
                "role": leader.role,
                "home": leader.home,
                "stops": [
                    {"place": s.place, "start": _iso(max(s.start, lo)), "end": _iso(min(s.end, hi)), "kind": s.kind}
                    for s in leader.stops
                    if s.start < hi and s.end > lo
                ],
                "busy": [
                    {"start": _iso(max(b.start, lo)), "end": _iso(min(b.end, hi))}
                    for b in leader.busy
                    if b.start < hi and b.end > lo
                ],
            }
            for lid, leader in problem.leaders.items()
        },
        "venues": {
            vid: {
                "name": venue.name,
                "place": venue.place,
                "host": venue.host,
                "available": [
                    {"start": _iso(from_minute(a)), "end": _iso(from_minute(b))}
                    for a, b in venue_hosts(problem, venue, to_minute(lo), to_minute(hi))
                ]
                if vid in drawn
                else None,
            }
            for vid, venue in problem.venues.items()
            if any(vid in mp.meeting.venues for mp in plan.meetings)
        },
        "meetings": meetings,
    }


def _meeting(problem: Problem, mp: MeetingPlan) -> dict[str, Any]:
    meeting = mp.meeting
    start, _ = problem.window(meeting)
    return {
        "id": meeting.id,
        "title": meeting.title,
        "participants": list(meeting.participants),
        "duration_minutes": int(meeting.duration.total_seconds() // 60),
        "venues": list(meeting.venues),
        "timeline_venues": _lanes(mp),
        "search_start": _iso(start),
        "deadline": _iso(meeting.deadline) if meeting.deadline else None,
        "deadline_why": meeting.deadline_why,
        "period": {"start": _iso(start), "end": _iso(_period_end(mp, start))},
    }


def _lanes(mp: MeetingPlan) -> list[str]:
    """The venues a timeline draws: those of the proposals, then the others in the meeting's order, up to a few."""
    ranked = list(dict.fromkeys([p.venue.id for p in mp.proposals] + list(mp.meeting.venues)))
    return ranked[:VENUE_LANES]


def _period_end(mp: MeetingPlan, start: datetime) -> datetime:
    """Where the meeting's timeline ends: the deadline, or later if a proposal or alternative shown lies beyond."""
    meeting = mp.meeting
    shown = [p.end for p in mp.proposals]
    shown += [r.earliest + meeting.duration for r in mp.rejected if r.earliest is not None]
    if meeting.deadline:
        shown += [
            r.after_deadline + meeting.duration
            for r in mp.rejected
            if r.after_deadline is not None and r.after_deadline - meeting.deadline <= AFTER_DEADLINE_SHOWN
        ]
        return max([meeting.deadline, *shown])
    return max([start + NO_DEADLINE_SPAN, *shown])


def _iso(value: datetime) -> str:
    return value.isoformat()
