"""The names of the files a run writes, and the ids that would make two of them one file.

A run writes `<meeting>.ics` (its first proposal), `<meeting>-option-<n>.ics` (the others),
`all-proposals.ics` and `itinerary-<leader>.ics`. The scenario is checked against these names
when it is validated, so a meeting called `all-proposals`, `itinerary-lee` or `x-option-2` (beside
a meeting `x`) cannot silently overwrite another file. The files travel: ids that differ only in
case are one file on Windows and macOS, and Windows reserves device names (`CON.ics` is the console).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import MAX_TOP

COMBINED = "all-proposals.ics"
DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10))})
_OPTION = re.compile(r"(.+)-option-([1-9][0-9]*)")


def proposal_file(meeting_id: str, rank: int) -> str:
    return f"{meeting_id}.ics" if rank == 1 else f"{meeting_id}-option-{rank}.ics"


def itinerary_file(leader: str) -> str:
    return f"itinerary-{leader}.ics"


@dataclass(frozen=True)
class Clash:
    """An id whose file would be another's: the key path to blame and what to say."""

    path: tuple[str, ...]
    message: str


def clashes(meetings: list[str], leaders: list[str]) -> list[Clash]:
    """Every meeting or leader id whose file name another file of the run may also have (case ignored).

    The ids are taken in order (the combined file, then leaders, then meetings): a later id is blamed
    for a name an earlier one holds. A proposal beyond the first, `<m>-option-<n>.ics`, can only
    meet a name that is not itself an option of `m`, so those are checked by reading the names back.
    """
    found: list[Clash] = []
    owners: dict[str, tuple[str, str]] = {COMBINED.lower(): (COMBINED, "the combined file of every proposal")}
    named: list[tuple[str, tuple[str, ...]]] = []  # (file name, the key path of its id)
    for kind, ids, file, what in (
        ("leaders", leaders, itinerary_file, "leader {}'s itinerary"),
        ("meetings", meetings, lambda mid: proposal_file(mid, 1), "meeting {}'s proposal"),
    ):
        for id_ in ids:
            name = file(id_)
            path: tuple[str, ...] = (kind, id_)
            word = kind[:-1]
            if kind == "meetings" and id_.split(".")[0].upper() in DEVICES:
                found.append(
                    Clash(
                        path,
                        f"{word} id {id_!r} is a Windows device name: a file {name} cannot be "
                        "written or read there; choose another id",
                    )
                )
            if name.lower() in owners:
                held, owner = owners[name.lower()]
                case = (
                    f" {held} (names that differ only in case are one file on Windows and macOS)"
                    if held != name
                    else ""
                )
                found.append(Clash(path, f"{word} id {id_!r}: its file {name} is {owner}{case}; choose another id"))
                continue
            owners[name.lower()] = (name, what.format(id_))
            named.append((name, path))
    by_meeting = {mid.lower(): mid for mid in meetings}
    for name, path in named:
        option = _OPTION.fullmatch(name.removesuffix(".ics"))
        if option is None or int(option[2]) > MAX_TOP or option[1].lower() not in by_meeting:
            continue
        other = by_meeting[option[1].lower()]
        found.append(
            Clash(
                path,
                f"{path[0][:-1]} id {path[1]!r}: its file {name} is also meeting {other}'s option "
                f"{option[2]} (written with --top {option[2]} or more); choose another id",
            )
        )
    return found
