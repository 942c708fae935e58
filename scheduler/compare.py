"""Two plans compared, meeting by meeting (`schedule compare`): each meeting's proposal before and after,
and each venue whose verdict changed, with the reasons compared without their file lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .wording import clock

if TYPE_CHECKING:
    from .plan import MeetingPlan, Plan


@dataclass(frozen=True)
class VenueChange:
    """How one venue's verdict changed: lines only before (removed) and only after (added)."""

    venue: str
    name: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True)
class MeetingChange:
    """One meeting in two plans: its proposal before and after (None: nothing fits) and each venue that changed."""

    meeting: str
    title: str
    before: str | None
    after: str | None
    venues: tuple[VenueChange, ...]
    unchanged: tuple[str, ...]  # venue ids whose verdict is the same
    only_in: str | None = None  # "before" or "after" when the other plan has no such meeting

    @property
    def changed(self) -> bool:
        return self.before != self.after or bool(self.venues) or self.only_in is not None


def compare(before: Plan, after: Plan) -> list[MeetingChange]:
    """What changed between two plans, meeting by meeting; reasons compared without their file lines."""
    plans = {
        "before": {mp.meeting.id: mp for mp in before.meetings},
        "after": {mp.meeting.id: mp for mp in after.meetings},
    }
    order = list(plans["before"]) + [mid for mid in plans["after"] if mid not in plans["before"]]
    changes = []
    for mid in order:
        old, new = plans["before"].get(mid), plans["after"].get(mid)
        if old is None or new is None:
            present = old or new
            assert present is not None
            only = "before" if new is None else "after"
            proposal = _proposal_words(present)
            changes.append(
                MeetingChange(
                    mid, present.meeting.title, proposal if old else None, proposal if new else None, (), (), only
                )
            )
            continue
        venues, unchanged = [], []
        for vid in dict.fromkeys([*old.meeting.venues, *new.meeting.venues]):
            was, now = _verdict(old, vid), _verdict(new, vid)
            if was == now:
                unchanged.append(vid)
                continue
            name = (after if vid in after.problem.venues else before).problem.venues[vid].name
            venues.append(
                VenueChange(vid, name, tuple(x for x in was if x not in now), tuple(x for x in now if x not in was))
            )
        changes.append(
            MeetingChange(
                mid, new.meeting.title, _proposal_words(old), _proposal_words(new), tuple(venues), tuple(unchanged)
            )
        )
    return changes


def _proposal_words(mp: MeetingPlan) -> str | None:
    if not mp.proposals:
        return None
    p = mp.proposals[0]
    return f"{p.venue.name}, {p.start:%a %d %b %Y %H:%M}–{p.end:%H:%M} {clock(p.start, '%Z')}"


def _verdict(mp: MeetingPlan, venue: str) -> list[str]:
    """A venue's verdict in a plan as lines: proposed, or the headline and each reason (without file lines)."""
    if venue not in mp.meeting.venues:
        return ["not a candidate venue"]
    if mp.proposals and mp.proposals[0].venue.id == venue:
        p = mp.proposals[0]
        return [f"proposed: {clock(p.start)}"]
    for rejection in mp.rejected:
        if rejection.venue.id == venue:
            return [rejection.reasons[0], *(element.text for element in rejection.elements)]
    return ["an option further down the ranking"]
