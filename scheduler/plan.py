"""Problem → Plan: solve each meeting, rank the answers, verify them, and say why other venues lost.

This is the controller the CLI calls; it is the only module that imports the solver (lazily).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from .availability import Option, Rule, options
from .errors import VerificationError
from .problem import Meeting, Problem, Venue
from .timegrid import IntervalSet, day_span, from_minute, local_date
from .verify import violations


@dataclass(frozen=True)
class Proposal:
    rank: int
    meeting: Meeting
    venue: Venue
    start: datetime  # in the venue's zone
    end: datetime


@dataclass(frozen=True)
class Rejection:
    venue: Venue
    reasons: tuple[str, ...]
    earliest: datetime | None  # the venue's own earliest start, when it has one


@dataclass
class MeetingPlan:
    meeting: Meeting
    proposals: list[Proposal]
    rejected: list[Rejection]
    proven: bool = True  # False: a time limit stopped the search; earlier slots not ruled out


@dataclass
class Plan:
    problem: Problem
    meetings: list[MeetingPlan] = field(default_factory=list)

    @property
    def status(self) -> str:
        found = [bool(m.proposals) for m in self.meetings]
        return "proposed" if all(found) else "partial" if any(found) else "infeasible"


def conflicting_rules(option: Option) -> list[Rule]:
    """A minimal set of the option's rules that together allow no start (deletion filter)."""
    kept: list[Rule] = []
    cumulative = IntervalSet.between(option.lo, option.hi)
    for rule in option.rules:
        kept.append(rule)
        cumulative &= rule.allowed
        if not cumulative:
            break
    else:
        return []
    core = list(kept)
    for rule in kept[:-1]:
        trial = [r for r in core if r is not rule]
        remaining = IntervalSet.between(option.lo, option.hi)
        for r in trial:
            remaining &= r.allowed
        if not remaining:
            core = trial
    return core


def _describe(rule: Rule) -> str:
    lines = sorted(
        {
            s.where.line
            for s in rule.sources
            if s.where.line and s.where.file and s.where.file.endswith((".yaml", ".yml"))
        }
    )
    others = len(rule.sources) - len(lines)
    cite = ""
    if lines:
        shown = ", ".join(map(str, lines[:4])) + (f" and {len(lines) - 4} more" if len(lines) > 4 else "")
        cite = f" (line{'s' if len(lines) > 1 else ''} {shown})"
    if others > 0 and not lines:
        cite = f" ({others} calendar entr{'ies' if others > 1 else 'y'})"
    return rule.text + cite


def _search_window(option: Option, zone_name: str) -> str:
    zone = ZoneInfo(zone_name)
    first, last = from_minute(option.lo, zone), from_minute(option.hi, zone)
    end = "the deadline" if option.meeting.deadline else "the end of the search"
    return f"between {first:%a %d %b %Y %H:%M %Z} and {end} ({last:%a %d %b %Y %H:%M %Z})"


def _rejection_reasons(option: Option, allowed: IntervalSet, zone_name: str) -> tuple[str, ...]:
    window = _search_window(option, zone_name)
    if option.hi <= option.lo:
        return (f"the search window is empty: not_before/as_of is not before the deadline ({window})",)
    if not allowed:
        core = conflicting_rules(option)
        if len(core) == 1:
            return (f"{_describe(core[0])}: no possible start {window}",)
        return (f"no start {window} satisfies all of: " + "; ".join(_describe(r) for r in core),)
    return (f"no start on the {option.grid.align}-minute grid of the local clock fits the open times",)


def plan(problem: Problem, *, top: int = 1, workers: int = 1, time_limit: float | None = None) -> Plan:
    """Solve every meeting; `top` asks for that many ranked proposals per meeting."""
    from .solver import solve  # the one place ortools gets imported

    result = Plan(problem)
    for meeting in problem.meetings.values():
        opts = options(problem, meeting)
        solved = solve(opts, workers=workers, time_limit=time_limit)
        proven = solved.proven
        zone = {o.venue.id: problem.zone_of(o.venue.place) for o in opts}
        found = sorted(
            ((start, o.rank, o) for o in opts if (start := solved.earliest[o.venue.id]) is not None),
            key=lambda t: (t[0], t[1]),
        )
        picks = [(start, o) for start, _, o in found]
        taken = {
            o.venue.id: IntervalSet.between(*day_span(local_date(s, zone[o.venue.id]), zone[o.venue.id]))
            for s, o in picks
        }
        while len(picks) < top and picks:
            more = solve(opts, taken=taken, workers=workers, time_limit=time_limit)
            proven &= more.proven
            extra = sorted(
                ((s, o.rank, o) for o in opts if (s := more.earliest[o.venue.id]) is not None),
                key=lambda t: (t[0], t[1]),
            )
            if not extra:
                break
            start, _, option = extra[0]
            picks.append((start, option))
            vid = option.venue.id
            taken[vid] = taken[vid] | IntervalSet.between(*day_span(local_date(start, zone[vid]), zone[vid]))
        proposals = []
        for rank, (start, option) in enumerate(picks[:top], 1):
            begin = from_minute(start, zone[option.venue.id])
            broken = violations(problem, meeting, option.venue, begin)
            if broken:
                raise VerificationError(
                    f"internal error: the solver proposed {meeting.id} at {option.venue.id} {begin.isoformat()}, "
                    f"which the verifier rejects: {'; '.join(broken)}. Please report this with the scenario."
                )
            end = from_minute(start + option.duration, zone[option.venue.id])
            proposals.append(Proposal(rank, meeting, option.venue, begin, end))
        chosen = {p.venue.id for p in proposals}
        rejected = []
        for option in opts:
            if option.venue.id in chosen:
                continue
            earliest = solved.earliest[option.venue.id]
            if earliest is not None:
                when = from_minute(earliest, zone[option.venue.id])
                rejected.append(
                    Rejection(option.venue, (f"possible, but later: from {when:%a %d %b %Y %H:%M %Z}",), when)
                )
            else:
                reasons = _rejection_reasons(option, option.allowed(), problem.places[option.venue.place].timezone)
                rejected.append(Rejection(option.venue, reasons, None))
        result.meetings.append(MeetingPlan(meeting, proposals, rejected, proven))
    return result
