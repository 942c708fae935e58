"""The `propose --json` document as typed models: what each key holds, and its JSON Schema.

`render.document` builds an `OutputDocument` and `render.json_text` prints it; `schedule schema --output`
prints `output_schema()`. The models describe the document DESIGN.md specifies; their field order is
the document's key order. Times are ISO 8601 strings with the offset of the zone named beside them.
Keys a document may leave out (`conflict`, `relaxations`, a relaxation's proposal's `legs`) are left
out when unset, so the printed document holds exactly the keys it always held.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "https://summit-scheduler.invalid/output-v1.schema.json"

Moment = str
"""An ISO 8601 date and time with its UTC offset, e.g. "2025-06-16T10:00:00-06:00"."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Where(_Model):
    """A place in the user's input a fact came from (any part may be unknown)."""

    file: str | None = Field(description="The input file, as given on the command line or found in the scenario.")
    line: int | None = Field(description="The 1-based line in that file.")
    key: str | None = Field(description="The key path in the scenario, e.g. `leaders.carney.stops[2].start`.")


class Element(_Model):
    """One fact of the scenario or its calendars that rules out a start."""

    element: str = Field(description="A stable key for the fact (rule kind, leader, venue, …).")
    what: str = Field(description="The fact in words, as the text answer writes it.")
    where: list[Where] = Field(description="Where in the input the fact is stated (at most ten places).")


class ConflictElement(_Model):
    """One fact of a meeting's minimal conflict: together these rule out every venue."""

    meeting: str = Field(description="The meeting's id.")
    element: str = Field(description="A stable key for the fact (rule kind, leader, venue, …).")
    what: str = Field(description="The fact in words, as the text answer writes it.")
    where: list[Where] = Field(description="Where in the input the fact is stated (at most ten places).")


class Assumption(_Model):
    """Something the proposal takes for granted about a leader's travel that the scenario does not say."""

    leader: str = Field(description="The leader's id.")
    kind: Literal["early_arrival", "late_departure", "detour"] = Field(
        description="early_arrival: arrives before the stop begins; late_departure: leaves after it ends; "
        "detour: leaves a stop to come to the venue and goes back."
    )
    text: str = Field(description="The assumption in words, with the file:line it rests on.")
    plain: str = Field(description="The same line without file:line, for readers outside the planning team.")
    where: list[Where] = Field(description="The scenario lines the assumption rests on.")


class Leg(_Model):
    """One travel leg to or from the venue, as the itinerary files hold it."""

    direction: Literal["inbound", "outbound"] = Field(description="inbound: to the venue; outbound: back from it.")
    origin: str = Field(alias="from", description="The place id the leg starts at.")
    destination: str = Field(alias="to", description="The place id the leg ends at.")
    depart: Moment = Field(description="When the leader leaves for the airport, in the origin's zone.")
    takeoff: Moment = Field(description="When the flight leaves, in the origin's zone.")
    landing: Moment = Field(description="When the flight lands, in the destination's zone.")
    arrive: Moment = Field(description="When the leader arrives after ground time, in the destination's zone.")
    flight_minutes: int = Field(description="Minutes in the air.")
    ground_minutes: int = Field(description="Minutes of ground time at each end.")


class Proposal(_Model):
    """One proposed meeting: rank 1 is the earliest; further ranks are the options of `--top`."""

    rank: int = Field(description="1 for the proposal, 2, 3, … for the further options.")
    meeting: str = Field(description="The meeting's id.")
    venue: str = Field(description="The venue's id.")
    place: str = Field(description="The id of the place the venue is at.")
    start: Moment = Field(description="The meeting's start, in the venue's zone.")
    end: Moment = Field(description="The meeting's end, in the venue's zone.")
    timezone: str = Field(description="The venue's IANA time zone.")
    participants: list[str] = Field(description="The ids of the leaders who meet.")
    home_start: dict[str, Moment] = Field(
        description="The start as each participant's office sees it: leader id → time in the leader's home zone."
    )
    host: str | None = Field(description="The id of the leader who hosts at this venue, or null.")
    deadline_margin_minutes: int | None = Field(
        description="Minutes from the start to the meeting's deadline, or null when it has none."
    )
    proven_earliest: bool = Field(
        description="True when the search proved nothing earlier fits; false when the time limit stopped it."
    )
    files: list[str] = Field(description="The calendar files written for this proposal (paths).")
    assumptions: list[Assumption] = Field(description="What the proposal takes for granted about travel.")
    legs: dict[str, list[Leg]] | None = Field(
        default=None,
        description="Each participant's travel legs around the meeting (leader id → legs). "
        "Absent on a relaxation's proposal, which belongs to an edited scenario.",
    )


class Rejection(_Model):
    """A venue that did not win, and why."""

    meeting: str = Field(description="The meeting's id.")
    venue: str = Field(description="The venue's id.")
    reasons: list[str] = Field(description="The headline, then the details, as the text answer writes them.")
    elements: list[Element] = Field(description="The facts that rule out an earlier start (or any start).")
    earliest: Moment | None = Field(description="The venue's own earliest start before the deadline, or null.")
    after_deadline: Moment | None = Field(
        description="When the venue has no start before the deadline: its first start past it, or null."
    )


class Relaxation(_Model):
    """One concrete change to the scenario and the earliest meeting it gives (re-planned and verified)."""

    meeting: str = Field(description="The meeting's id.")
    change: str = Field(description="The change in words.")
    cost_minutes: int = Field(description="How big the change is, in minutes; relaxations come smallest first.")
    proposal: Proposal = Field(description="The meeting the changed scenario gives (without legs).")


class Withdrawal(_Model):
    """An event an earlier run proposed that this run took back (cancelled in the files listed)."""

    uid: str = Field(description="The event's UID.")
    summary: str = Field(description="The event's summary line.")
    start: Moment = Field(description="The event's start.")
    end: Moment = Field(description="The event's end.")
    files: list[str] = Field(description="The files in which it is now cancelled.")
    travel: bool = Field(description="True for a travel or ground-time event of an itinerary, not a meeting.")


class Period(_Model):
    """A span of time."""

    start: Moment = Field(description="Where the span starts.")
    end: Moment = Field(description="Where the span ends.")


class Place(_Model):
    """A place of the scenario."""

    name: str = Field(description="The place's name.")
    timezone: str = Field(description="The place's IANA time zone.")


class Stop(_Model):
    """Where a leader is, clipped to the briefing's timelines."""

    place: str = Field(description="The place id.")
    start: Moment = Field(description="When the stop starts (or the timelines do).")
    end: Moment = Field(description="When the stop ends (or the timelines do).")
    kind: Literal["itinerary", "holiday", "calendar"] = Field(
        description="Where the stop comes from: the itinerary, a public holiday at home, or a calendar."
    )


class Leader(_Model):
    """A leader of the scenario, with the whereabouts the briefing's timelines show."""

    name: str = Field(description="The leader's name.")
    role: str | None = Field(description="The leader's role, or null.")
    home: str = Field(description="The place id of the leader's office.")
    stops: list[Stop] = Field(description="The leader's stops within the timelines.")
    busy: list[Period] = Field(description="The leader's busy times within the timelines.")


class Venue(_Model):
    """A venue one of the meetings may use."""

    name: str = Field(description="The venue's name.")
    place: str = Field(description="The id of the place the venue is at.")
    host: str | None = Field(description="The id of the leader who hosts there, or null.")
    available: list[Period] | None = Field(
        description="When the venue's own rules (hours, closures, host) allow a meeting within the timelines; "
        "null for a venue no timeline draws."
    )


class Meeting(_Model):
    """A meeting of the scenario, with what its timeline shows."""

    id: str = Field(description="The meeting's id.")
    title: str = Field(description="The meeting's title.")
    participants: list[str] = Field(description="The ids of the leaders who meet.")
    duration_minutes: int = Field(description="The meeting's length in minutes.")
    venues: list[str] = Field(description="The ids of the venues it may use, in the scenario's order.")
    timeline_venues: list[str] = Field(description="The venues its timeline draws: the proposals' first.")
    search_start: Moment = Field(description="The earliest start the search considered.")
    deadline: Moment | None = Field(description="The meeting's deadline, or null.")
    deadline_why: str | None = Field(description="Why the deadline is what it is, or null.")
    period: Period = Field(description="The span its timeline covers.")


class Context(_Model):
    """Names, zones and timelines: enough to draw the briefing page from the document alone."""

    title: str | None = Field(description="The scenario's title.")
    as_of: Moment = Field(description="The moment the plan is made at, in the scenario's zone.")
    timezone: str = Field(description="The scenario's IANA time zone.")
    places: dict[str, Place] = Field(description="Every place: id → name and zone.")
    leaders: dict[str, Leader] = Field(description="Every leader: id → name, office and whereabouts.")
    venues: dict[str, Venue] = Field(description="The venues the meetings may use: id → venue.")
    meetings: list[Meeting] = Field(description="Each meeting and its timeline.")


class OutputDocument(_Model):
    """The document `schedule propose --json` prints (DESIGN.md)."""

    model_config = ConfigDict(title="summit-scheduler propose --json output")

    status: Literal["proposed", "partial", "infeasible"] = Field(
        description="proposed: every meeting fits; partial: some do; infeasible: none does."
    )
    proposals: list[Proposal] = Field(description="Every proposal of every meeting, by meeting, then rank.")
    rejected: list[Rejection] = Field(description="The venues that did not win, and why.")
    conflict: list[ConflictElement] | None = Field(
        default=None,
        description="Present unless the status is proposed: the facts that together rule out every venue.",
    )
    relaxations: list[Relaxation] | None = Field(
        default=None,
        description="Present unless the status is proposed: single changes that would make a meeting fit.",
    )
    withdrawn: list[Withdrawal] = Field(description="What this run took back from the output folder.")
    warnings: list[str] = Field(description="Warnings about the input.")
    context: Context = Field(description="Names, zones and timelines for the briefing page.")

    def data(self) -> dict[str, Any]:
        """The document as plain JSON values: keys in field order, unset optional keys left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def text(self) -> str:
        """The document as printed: two-space indent, non-ASCII kept, a final newline."""
        return json.dumps(self.data(), ensure_ascii=False, indent=2) + "\n"


def output_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the `propose --json` document."""
    document = OutputDocument.model_json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["$id"] = SCHEMA_ID
    return document
