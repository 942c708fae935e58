"""Plan → icalendar objects → bytes. icalendar does all the encoding; no ICS text is written by hand.

A run writes one calendar per proposal, one with every proposal (`all-proposals.ics`) and one trip
per leader (`itinerary-<leader>.ics`: the meetings with the travel legs around them). Every event
keeps its UID across re-runs; when a re-run into the same folder moves an event, its SEQUENCE goes
up, and an unchanged event keeps it, so an unchanged plan rewrites byte-identical files. An event an
earlier run of the same scenario wrote there that this run no longer proposes is withdrawn: every
file that held it now holds it cancelled (STATUS:CANCELLED, SEQUENCE raised), so importing the file
again clears it from a calendar. What an earlier run wrote, the SEQUENCE policy and how an event is
cancelled live in `reruns`, which `publish` shares.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vText
from icalendar.enums import STATUS, TRANSP

from . import MAX_TOP, reruns
from .assumptions import assumption_lines
from .calendars import clean_text
from .filenames import COMBINED, itinerary_file, proposal_file
from .journeys import Journey, journeys
from .problem import Problem
from .reruns import NAMESPACE, SCENARIO, WITHDRAWN, EarlierEvent, earlier_files, scenario_id
from .results import MeetingPlan, Plan, Proposal, Withdrawal, home_times
from .vtimezone import vtimezone
from .wording import clock, home_time, margin, meeting_span
from .wording import hours_minutes as _hm

PRODID = "-//summit-scheduler//summit-scheduler 1//EN"

Key = tuple[str, int]  # (meeting id, rank): one proposal
Coordinates = tuple[float, float] | None


# --- identity and time ---------------------------------------------------------------------------


def stamp(plan: Plan) -> datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH when set, else the scenario's as_of — never the wall clock, so runs reproduce."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return plan.problem.as_of.astimezone(UTC)


def _uid(plan: Plan, *identity: str) -> str:
    return f"{uuid.uuid5(NAMESPACE, chr(10).join([plan.problem.title, *identity]))}@summit-scheduler"


def uid(plan: Plan, proposal: Proposal) -> str:
    """Stable across re-runs that move the meeting: derived from the scenario's title, the meeting and the rank."""
    return _uid(plan, proposal.meeting.id, str(proposal.rank))


def meeting_uids(plan: Plan) -> set[str]:
    """Every UID a proposal of this scenario's meetings may have (each rank --top allows)."""
    return {_uid(plan, mid, str(rank)) for mid in plan.problem.meetings for rank in range(1, MAX_TOP + 1)}


def journey_uid(plan: Plan, proposal: Proposal, journey: Journey, part: str) -> str:
    """One travel event: the proposal, the leader, inbound/outbound and which part (ground time or flight)."""
    return _uid(plan, "itinerary", journey.leader, proposal.meeting.id, str(proposal.rank), journey.direction, part)


def _written(moment: datetime) -> datetime:
    """The value to write: local time in its zone, or UTC for the second pass of a repeated hour.

    RFC 5545 reads a repeated local time as its first occurrence, so a time in the second pass
    (PEP 495 fold=1) can only be stated exactly in UTC.
    """
    if moment.replace(fold=0).astimezone(UTC) != moment.astimezone(UTC):
        return moment.astimezone(UTC)
    return moment


# --- events ---------------------------------------------------------------------------------------


class _Writer:
    """Builds the events of one run; every event with a given UID comes out the same in every file."""

    def __init__(
        self, plan: Plan, previous: Mapping[str, EarlierEvent], alarm: timedelta | None, *, planner_notes: bool = False
    ):
        self.plan = plan
        self.planner_notes = planner_notes
        self.problem = plan.problem
        self.stamp = stamp(plan)
        self.previous = previous
        self.alarm = alarm

    def _event(self, key: str, start: datetime, end: datetime, summary: str, location: str, description: str) -> Event:
        item = Event.new(
            uid=key,
            stamp=self.stamp,
            start=_written(start),
            end=_written(end),
            summary=summary,
            location=location,
            description=description,
            status=STATUS.TENTATIVE,
            transparency=TRANSP.OPAQUE,
            sequence=0,
        )
        item.sequence = reruns.next_sequence(self.previous, key, reruns.material(item))
        return item

    def meeting(self, proposal: Proposal) -> Event:
        place = self.problem.places[proposal.venue.place]
        item = self._event(
            uid(self.plan, proposal),
            proposal.start,
            proposal.end,
            _title(proposal),
            f"{proposal.venue.name}, {place.name}",
            description(self.plan, proposal, planner_notes=self.planner_notes),
        )
        item.add("geo", (place.coordinates[0], place.coordinates[1]))
        item.add("x-microsoft-cdo-busystatus", "TENTATIVE")
        if self.alarm is not None:
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("trigger", -self.alarm)
            reminder.add("description", f"{_title(proposal)} — {place.name}")
            item.add_component(reminder)
        return item

    def journey(self, proposal: Proposal, journey: Journey) -> list[Event]:
        """Ground time at the origin, the flight (departure in the origin's zone, arrival in the destination's),
        ground time at the destination; a leg without buffer (a motorcade) is the travel alone."""
        problem = self.problem
        origin, destination = problem.places[journey.origin], problem.places[journey.destination]
        here, there = ZoneInfo(origin.timezone), ZoneInfo(destination.timezone)
        leg = journey.leg
        hold = f" (hold {proposal.rank})" if proposal.rank > 1 else ""
        route = f"{origin.name} → {destination.name}"
        text = journey_description(problem, proposal, journey)
        events: list[Event] = []

        def add(part: str, start: datetime, end: datetime, summary: str, location: str, geo: Coordinates) -> None:
            item = self._event(journey_uid(self.plan, proposal, journey, part), start, end, summary, location, text)
            if geo is not None:
                item.add("geo", geo)
            item.add("x-microsoft-cdo-busystatus", "TENTATIVE")
            events.append(item)

        if leg.buffer:
            add(
                "ground-origin",
                journey.depart.astimezone(here),
                journey.takeoff.astimezone(here),
                f"Ground time in {origin.name} before travel to {destination.name}{hold}",
                origin.name,
                origin.coordinates,
            )
        add(
            "travel",
            journey.takeoff.astimezone(here),
            journey.landing.astimezone(there),
            f"Travel {route}{hold}",
            route,
            None,
        )
        if leg.buffer:
            add(
                "ground-destination",
                journey.landing.astimezone(there),
                journey.arrive.astimezone(there),
                f"Ground time in {destination.name} after travel from {origin.name}{hold}",
                destination.name,
                destination.coordinates,
            )
        return events


def journey_description(problem: Problem, proposal: Proposal, journey: Journey) -> str:
    """What a travel office needs to book a leg: why it is there, where from and to, when, for how long,
    and why then (right next to the meeting, or as near as the leader's busy time allows)."""
    origin, destination = problem.places[journey.origin], problem.places[journey.destination]
    here, there = ZoneInfo(origin.timezone), ZoneInfo(destination.timezone)
    leader, leg, stop = problem.leaders[journey.leader], journey.leg, journey.stop
    meeting = f"{_title(proposal)} at {proposal.venue.name}"
    if journey.direction == "inbound":
        why = f"{leader.name} travels in from {origin.name} for {meeting}, {_at(proposal.start)}. " + (
            f"{origin.name} is the last place on the itinerary before the meeting (stop ended "
            f"{_at(stop.end, here)}; the itinerary has nothing in between)."
            if stop
            else f"{origin.name} is home: no itinerary stop comes before the meeting."
        )
    else:
        why = f"{leader.name} travels on to {destination.name} after {meeting} (ends {_at(proposal.end)}). " + (
            f"{destination.name} is the next place on the itinerary (stop from {_at(stop.start, there)}; the "
            "itinerary has nothing in between)."
            if stop
            else f"{destination.name} is home: no itinerary stop follows the meeting."
        )
    lines = [
        why,
        f"Leaves {origin.name} {_at(journey.takeoff, here)}, arrives in {destination.name} "
        f"{_at(journey.landing, there)}: {_hm(leg.flight)} {'flight' if leg.buffer else 'travel'} ({leg.basis}).",
        f"Ground time {_hm(leg.buffer)} at each end: from {_at(journey.depart, here)} in {origin.name}, "
        f"to {_at(journey.arrive, there)} in {destination.name}; {_hm(leg.total)} door to door."
        if leg.buffer
        else f"No ground time at either end; {_hm(leg.total)} door to door.",
    ]
    busy = journey.busy
    if journey.direction == "inbound":
        early = proposal.start - journey.arrive
        lines.append(
            f"Booked to arrive {_hm(int(early.total_seconds() // 60))} before the meeting, the latest that "
            f"{leader.name}'s busy time allows ({busy.source.what}, from {_at(busy.start, there)})."
            if busy
            else "Booked to arrive right before the meeting."
        )
    else:
        late = journey.depart - proposal.end
        lines.append(
            f"Booked to leave {_hm(int(late.total_seconds() // 60))} after the meeting, as soon as "
            f"{leader.name}'s busy time allows ({busy.source.what}, until {_at(busy.end, here)})."
            if busy
            else "Booked to leave right after the meeting."
        )
    return "\n".join(_one_line(line) for line in lines)


def _at(moment: datetime, zone: ZoneInfo | None = None) -> str:
    return clock(moment.astimezone(zone) if zone else moment)


def _title(proposal: Proposal) -> str:
    return proposal.meeting.title if proposal.rank == 1 else f"{proposal.meeting.title} (hold {proposal.rank})"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _reasons(reasons: tuple[str, ...]) -> str:
    """A rejection on one line: the headline, then its details separated by semicolons."""
    if not reasons:
        return ""
    headline, *details = reasons
    return " ".join([headline, "; ".join(details)]) if details else headline


def _meeting_plan(plan: Plan, proposal: Proposal) -> MeetingPlan:
    return next(m for m in plan.meetings if m.meeting.id == proposal.meeting.id)


def description(plan: Plan, proposal: Proposal, *, planner_notes: bool = False) -> str:
    """What the event says, written for the counterpart's office: who meets, where, when in each leader's
    home time, and that it is a tentative hold. With `planner_notes`, also why this slot: the deadline
    margin and why each other venue lost, with the scenario lines (file:line) behind each reason."""
    lines = _for_the_counterpart(plan, proposal)
    if planner_notes:
        lines += ["", "Planner notes:", *_for_the_planner(plan, proposal)]
    return "\n".join(lines)


def _for_the_counterpart(plan: Plan, proposal: Proposal) -> list[str]:
    problem = plan.problem
    meeting = proposal.meeting
    place = problem.places[proposal.venue.place]
    names = [problem.leaders[lid].name for lid in meeting.participants]
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    lines = [
        _one_line(f"{meeting.title} — a tentative hold"),
        _one_line(f"Who: {who}"),
        _one_line(f"Where: {proposal.venue.name}, {place.name}"),
        _one_line(f"When: {meeting_span(proposal.start, proposal.end)} (venue time, {place.timezone})"),
    ]
    for lid, at_home in home_times(plan, proposal).items():
        leader = problem.leaders[lid]
        lines.append(_one_line(f"{home_time(leader.name, problem.places[leader.home].name)}: {clock(at_home)}"))
    lines += [_one_line(line) for line in assumption_lines(plan, proposal, "", cite=False)]
    if proposal.venue.host:
        lines.append(_one_line(f"Host: {problem.leaders[proposal.venue.host].name}"))
    if proposal.rank == 1:
        lines.append("This is a tentative hold, not a confirmed meeting: please keep the time free.")
    else:
        first = _meeting_plan(plan, proposal).proposals[0]
        lines.append(
            _one_line(
                f"This is back-up hold {proposal.rank}, not a confirmed meeting; the first choice is "
                f"{first.venue.name}, {clock(first.start)}."
            )
        )
    lines.append(_one_line(f"Proposed for: {problem.title} (summit-scheduler)"))
    return lines


def _for_the_planner(plan: Plan, proposal: Proposal) -> list[str]:
    """Why this slot and not another: the verification, the deadline margin, each other venue's reasons."""
    meeting = proposal.meeting
    meeting_plan = _meeting_plan(plan, proposal)
    if proposal.rank == 1:
        earliest = "the earliest start" if meeting_plan.proven else "the earliest start found before the time limit"
        lines = [f"Why this slot: {earliest} that every rule allows, verified independently."]
    else:
        lines = [
            f"Why this slot: option {proposal.rank} of the ranked proposals (the best start at each other venue "
            "first, then later days), verified independently."
        ]
    if meeting.deadline:
        why = f" ({meeting.deadline_why})" if meeting.deadline_why else ""
        lines.append(_one_line(f"{margin(meeting.deadline - proposal.start)} before the deadline{why}."))
    lines += [_one_line(line) for line in assumption_lines(plan, proposal, "")]
    if meeting_plan.rejected:
        lines.append("Other venues:")
        lines += [_one_line(f"- {r.venue.name}: {_reasons(r.reasons)}") for r in meeting_plan.rejected]
    return lines


# --- calendars and files ---------------------------------------------------------------------------


def calendar(plan: Plan, name: str, events: list[Event], *, method: str | None = "PUBLISH") -> Calendar:
    """One VCALENDAR: METHOD (PUBLISH for files people import; none for a CalDAV object, RFC 4791 4.1),
    an RRULE-style VTIMEZONE for each zone its events use, then the events."""
    cal = Calendar.new(prodid=PRODID, method=method, uid=str(uuid.uuid5(NAMESPACE, f"{plan.problem.title}\n{name}")))
    # icalendar 7 types NAME and X-WR-CALNAME as unknown and writes them unescaped (a newline in a title
    # would break the file): give them as TEXT, which RFC 7986 says they are.
    cal.add("NAME", vText(name))
    cal.add("X-WR-CALNAME", vText(name))
    cal.add(SCENARIO, vText(scenario_id(plan)))
    years: dict[str, list[int]] = {}
    for item in events:
        for moment in (item.start, item.end):
            zone = getattr(moment.tzinfo, "key", None) if isinstance(moment, datetime) else None
            if zone:
                years.setdefault(zone, []).append(moment.year)
    for zone in sorted(years):
        cal.add_component(vtimezone(zone, min(years[zone]), max(years[zone])))
    for item in events:
        cal.add_component(item)
    _exact_text(cal)
    return cal


class _Text(vText):
    """TEXT escaped as RFC 5545 §3.3.11 says, and nothing more.

    icalendar's vText first turns a literal backslash-N into a line break (its shorthand for one),
    so "Room B\\North wing" would come back as two lines. Here a backslash is always a backslash.
    """

    def to_ical(self) -> bytes:
        text = str(self).replace("\r\n", "\n").replace("\r", "\n")
        escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        return escaped.encode("utf-8")


def _exact_text(cal: Calendar) -> None:
    """Every TEXT value of `cal` (and its components) written by `_Text`, just before it is serialized.

    Cleaned of control characters on the way (RFC 5545 allows none): a withdrawn event is copied
    from an earlier file, which anyone may have edited.
    """
    for component in cal.walk():
        for name, value in list(component.items()):
            if type(value) is vText:
                component[name] = _Text(clean_text(value, lines=True), params=value.params)
            elif isinstance(value, list) and any(type(item) is vText for item in value):
                component[name] = [
                    _Text(clean_text(item, lines=True), params=item.params) if type(item) is vText else item
                    for item in value
                ]


def file_names(plan: Plan) -> list[str]:
    """Every file a run of `plan` writes, in order: the proposals, the combined calendar, the itineraries."""
    proposals = [p for mp in plan.meetings for p in mp.proposals]
    if not proposals:
        return []
    leaders = [lid for lid in plan.problem.leaders if any(lid in p.meeting.participants for p in proposals)]
    return (
        [proposal_file(p.meeting.id, p.rank) for p in proposals] + [COMBINED] + [itinerary_file(lid) for lid in leaders]
    )


def proposal_objects(
    plan: Plan,
    previous: Mapping[str, EarlierEvent] | None = None,
    *,
    alarm: timedelta | None = None,
    planner_notes: bool = False,
) -> list[tuple[str, Proposal, bytes]]:
    """(UID, proposal, calendar bytes) for each proposal: one calendar object per UID, as CalDAV stores them
    (so without METHOD)."""
    writer = _Writer(plan, previous or {}, alarm, planner_notes=planner_notes)
    found = []
    for mp in plan.meetings:
        for proposal in mp.proposals:
            item = writer.meeting(proposal)
            name = f"{proposal.meeting.title} — {proposal.venue.name}"
            found.append((str(item.uid), proposal, calendar(plan, name, [item], method=None).to_ical()))
    return found


def withdrawn_object(plan: Plan, data: bytes) -> tuple[Event, bytes] | None:
    """A CalDAV object holding one proposal (as `publish` stored it), cancelled as `calendar_files` cancels
    an event in a file: (the cancelled event, the object to PUT back). None when the object is cancelled
    already or is not one event we can read."""
    earlier = reruns.parsed(data, ours_only=False)  # a server may rewrite PRODID
    if earlier is None or len(earlier.events) != 1:
        return None
    if reruns.cancelled(earlier.events[0]) or not reruns.has_times(earlier.events[0]):
        return None
    item = reruns.withdrawn(earlier.events[0], reruns.earlier_events([earlier]), stamp(plan))
    return item, calendar(plan, f"{plan.problem.title} — withdrawn proposals", [item], method=None).to_ical()


@dataclass(frozen=True)
class CalendarFile:
    """One file of a run: its bytes, the proposals it carries, and the earlier events it cancels from now on
    (those cancelled by an earlier run already are in `data`, not in `withdrawn`)."""

    data: bytes
    carries: list[Key]
    withdrawn: list[Event]


def calendar_files(
    plan: Plan,
    folder: Path | None = None,
    *,
    force: bool = False,
    alarm: timedelta | None = None,
    planner_notes: bool = False,
) -> dict[str, CalendarFile]:
    """Every file a run writes, by name.

    With `folder`, the files of ours already there set each event's SEQUENCE (raised only when the
    event moved), a file there that is not ours stops the run unless `force` (see earlier_files), and
    the events that an earlier run of this scenario wrote there and this run no longer proposes are
    withdrawn: each file that held one holds it cancelled, and such a file is rewritten even when this
    run has nothing else for it (or no proposal at all). With `planner_notes` the meetings' descriptions
    also say why each slot (see `description`).
    """
    names = file_names(plan)
    earlier = earlier_files(folder, names, plan, force=force) if folder is not None else {}
    writer = _Writer(plan, reruns.earlier_events(earlier.values()), alarm, planner_notes=planner_notes)
    problem = plan.problem
    proposals = [p for mp in plan.meetings for p in mp.proposals]
    meetings = {(p.meeting.id, p.rank): writer.meeting(p) for p in proposals}
    contents: dict[str, tuple[str, list[Event], list[Key]]] = {}  # file → (calendar name, events, proposals)
    for proposal in proposals:
        key = (proposal.meeting.id, proposal.rank)
        contents[proposal_file(*key)] = (f"{proposal.meeting.title} — {proposal.venue.name}", [meetings[key]], [key])
    if proposals:
        contents[COMBINED] = (f"{problem.title} — all proposals", list(meetings.values()), list(meetings))
    for lid, leader in problem.leaders.items():
        if itinerary_file(lid) not in names:
            continue
        events: list[Event] = []
        carried: list[Key] = []
        for proposal in proposals:
            if lid not in proposal.meeting.participants:
                continue
            legs = journeys(problem, leader, proposal.venue.place, proposal.start, proposal.end)
            inbound = [e for j in legs if j.direction == "inbound" for e in writer.journey(proposal, j)]
            outbound = [e for j in legs if j.direction == "outbound" for e in writer.journey(proposal, j)]
            events += [*inbound, meetings[(proposal.meeting.id, proposal.rank)], *outbound]
            carried.append((proposal.meeting.id, proposal.rank))
        contents[itinerary_file(lid)] = (f"{leader.name} — itinerary for {problem.title}", events, carried)
    proposed = {str(item.uid) for _, events, _ in contents.values() for item in events}
    files: dict[str, CalendarFile] = {}
    for name in [*contents, *sorted(set(earlier) - set(contents))]:
        title, events, carried = contents.get(name, ("", [], []))
        before = earlier.get(name)
        gone: list[Event] = []  # what the file held before and this run does not propose
        if before is not None and str(before.get(SCENARIO, "")) == scenario_id(plan):
            # what the file held and this run does not propose; an event of it that says not when it is
            # (a hand-edited file) cannot be withdrawn, and is dropped
            gone = [item for item in before.events if str(item.uid) not in proposed and reruns.has_times(item)]
            title = title or f"{problem.title} — withdrawn proposals"
        if events or gone:
            cancelled = [reruns.withdrawn(item, writer.previous, writer.stamp) for item in gone]
            newly = [item for was, item in zip(gone, cancelled, strict=True) if not reruns.cancelled(was)]
            files[name] = CalendarFile(calendar(plan, title, events + cancelled).to_ical(), carried, newly)
    return files


def withdrawals(plan: Plan, files: Mapping[str, CalendarFile], folder: Path) -> list[Withdrawal]:
    """Each withdrawn event once, with the files that now cancel it: meetings by start, then the travel."""
    meetings = meeting_uids(plan)
    found: dict[str, Withdrawal] = {}
    for name, written in files.items():
        for item in written.withdrawn:
            key = str(item.uid)
            if key in found:
                found[key] = replace(found[key], files=(*found[key].files, folder / name))
                continue
            summary = clean_text(str(item.get("SUMMARY", ""))).removeprefix(WITHDRAWN)  # an edited file: not trusted
            start, end = item.start, item.end
            if not isinstance(start, datetime) or not isinstance(end, datetime):
                continue  # not one of our timed events
            found[key] = Withdrawal(key, summary, start, end, (folder / name,), key not in meetings)
    return sorted(found.values(), key=lambda w: (w.travel, w.start.astimezone(UTC), w.summary, w.uid))
