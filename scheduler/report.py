"""The `--json` document → one self-contained HTML page a minister's office can open and forward.

No network: the CSS is inline, the timelines are inline SVG with real text, and the only links are
relative ones to the `.ics` files written beside the page. Every text from the scenario is escaped.
`propose --report` builds the same document as `propose --json` and renders it here, so the page of a
run and the page of its saved document are the same bytes.

The page is a list of sections, each a function of the document: the answer and options of each
meeting (with its timeline), then the calendar files, what was withdrawn, and the warnings.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from .errors import InputError, Where
from .timeline import NARROW, PROPOSED, WIDE, display_place, display_zone, place_colours, svg, zone_abbreviation

SUFFIXES = (".html", ".htm")

Section = Callable[[dict[str, Any], Path], str]


def read_document(path: Path) -> dict[str, Any]:
    """A saved `propose --json` document; a clear error (file, line, key) when it is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            "no such file", Where(str(path)), hint="save one with: schedule propose --json > plan.json"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {getattr(error, 'strerror', None) or error}", Where(str(path))) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg}", Where(str(path), error.lineno)) from None
    if not isinstance(document, dict):
        raise InputError("not a `schedule propose --json` document (expected a JSON object)", Where(str(path), 1))
    for key in ("status", "proposals", "rejected", "context"):
        if key not in document:
            raise InputError(
                f"not a `schedule propose --json` document: no {key!r} key",
                Where(str(path), None, key),
                hint="save one with: schedule propose --json > plan.json",
            )
    return document


def page(document: dict[str, Any], folder: Path) -> bytes:
    """The page for `document`, its links relative to `folder` (where the page will be written)."""
    context = document["context"]
    sections: list[Section] = [_header, _meetings, _calendar_files, _withdrawn, _warnings]
    body = "".join(section(document, folder) for section in sections)
    title = html.escape(context["title"])
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title} — briefing</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    ).encode()


# --- sections ------------------------------------------------------------------------------------


def _header(document: dict[str, Any], folder: Path) -> str:
    context = document["context"]
    as_of = _at(context["as_of"]).astimezone(ZoneInfo(context["timezone"]))
    status = {"proposed": "Proposed", "partial": "Partly proposed", "infeasible": "No feasible meeting"}
    return (
        f'<header>\n<p class="kicker">Briefing · {_e(status.get(document["status"], document["status"]))} · '
        f"as planned on {_e(_long(as_of))}</p>\n<h1>{_e(context['title'])}</h1>\n</header>\n"
    )


def _meetings(document: dict[str, Any], folder: Path) -> str:
    context = document["context"]
    out = []
    for number, meeting in enumerate(context["meetings"]):
        mid = meeting["id"]
        proposals = [p for p in document["proposals"] if p["meeting"] == mid]
        rejected = [r for r in document["rejected"] if r["meeting"] == mid]
        conflict = [c for c in document.get("conflict", []) if c.get("meeting") == mid]
        relaxations = [x for x in document.get("relaxations", []) if x.get("meeting") == mid]
        parts = [f'<section class="meeting">\n<h2>{_e(meeting["title"])}</h2>\n']
        parts.append(_answer(context, meeting, proposals))
        if proposals:
            parts.append('<h3>Options</h3>\n<div class="options">\n')
            parts += [_option(context, meeting, p, folder) for p in proposals]
            parts.append("</div>\n")
        if conflict:
            parts.append(
                "<h3>Why nothing fits</h3>\n<p>These together rule out every venue; "
                "drop any one of them and a meeting exists:</p>\n<ul>\n"
            )
            parts += [f"<li>{_e(item['what'])}</li>\n" for item in conflict]
            parts.append("</ul>\n")
        if relaxations:
            parts.append("<h3>What would make it work</h3>\n<p>One change each, smallest first:</p>\n<ol>\n")
            for relax in relaxations:
                p = relax["proposal"]
                venue = context["venues"][p["venue"]]["name"]
                parts.append(
                    f"<li>{_e(relax['change'])} — then {_e(venue)}, {_e(_when(p['start'], p['timezone']))}</li>\n"
                )
            parts.append("</ol>\n")
        if rejected:
            parts.append(_rejected(context, rejected))
        parts.append(_timeline(context, meeting, proposals, rejected, number))
        parts.append("</section>\n")
        out.append("".join(parts))
    return "".join(out)


def _answer(context: dict[str, Any], meeting: dict[str, Any], proposals: list[dict[str, Any]]) -> str:
    """The answer in one paragraph: who, where, when in the venue's time and each leader's home time."""
    names = _names(context, meeting["participants"])
    deadline = _deadline_text(meeting)
    if not proposals:
        venues = len(meeting["venues"])
        by = (
            f" before the deadline, {_when(meeting['deadline'], context['timezone'])}{deadline},"
            if meeting.get("deadline")
            else ""
        )
        return (
            f'<p class="answer">No time{_e(by)} works for {_e(names)} at any of the {venues} candidate '
            f"venue{'s' if venues != 1 else ''}. Below: what rules it out, and what would make it work.</p>\n"
        )
    p = proposals[0]
    venue = context["venues"][p["venue"]]
    place = context["places"][venue["place"]]["name"]
    homes = [
        f"{_when(start, _home_zone(context, lid), year=False)} in {_home_name(context, lid)}"
        for lid, start in p["home_start"].items()
    ]
    sentences = [f"Venue: {venue['name']}, in {place}", f"At home that is {_and(homes)}"]
    if p.get("deadline_margin_minutes") is not None and meeting.get("deadline"):
        sentences.append(
            f"This is {_margin(p['deadline_margin_minutes'])} before the deadline, "
            f"{_when(meeting['deadline'], p['timezone'])}{deadline}"
        )
    if not p.get("proven_earliest", True):
        sentences.append("The search was stopped by its time limit: an earlier time was not ruled out")
    more = len(proposals) - 1
    if more:
        sentences.append(f"{more} further option{'s are' if more != 1 else ' is'} listed below")
    text = f"{_e(names)} can meet at the earliest on <strong>{_e(_long_when(p))}</strong> (local time). " + " ".join(
        _e(_full_stop(sentence)) for sentence in sentences
    )
    return f'<p class="answer">{text}</p>\n'


def _option(context: dict[str, Any], meeting: dict[str, Any], p: dict[str, Any], folder: Path) -> str:
    venue = context["venues"][p["venue"]]
    place = context["places"][venue["place"]]["name"]
    chosen = p["rank"] == 1
    label = "Proposed" if chosen else f"Option {p['rank']}"
    end = _at(p["end"]).astimezone(ZoneInfo(p["timezone"]))
    rows = [
        f'<p class="rank">{label}</p>\n<h4>{_e(venue["name"])}</h4>\n',
        f'<p class="where">{_e(place)}{_e(", host: " + _leader(context, venue["host"])) if venue.get("host") else ""}'
        "</p>\n",
        f'<dl class="homes">\n<dt>Local time at the venue</dt><dd class="when"><time datetime="{_e(p["start"])}">'
        f"{_e(_when(p['start'], p['timezone'], end=end))}</time></dd>\n",
    ]
    for lid, start in p["home_start"].items():
        rows.append(
            f"<dt>{_e(_possessive(_leader(context, lid)))} time in {_e(_home_name(context, lid))}</dt>"
            f"<dd>{_e(_when(start, _home_zone(context, lid)))}</dd>\n"
        )
    rows.append("</dl>\n")
    if p.get("deadline_margin_minutes") is not None:
        rows.append(f'<p class="muted">{_e(_margin(p["deadline_margin_minutes"]))} before the deadline</p>\n')
    if not p.get("proven_earliest", True):
        rows.append('<p class="note">The time limit stopped the search: an earlier time was not ruled out.</p>\n')
    legs = _legs(p.get("legs"))
    if legs:
        rows.append('<p class="travel-head">Travel</p>\n<ul class="travel">\n')
        rows += [f"<li>{_e(_leg(context, leader, leg))}</li>\n" for leader, leg in legs]
        rows.append("</ul>\n")
    assumptions = p.get("assumptions") or []
    if assumptions:
        rows.append('<div class="note"><p>Assumes:</p>\n<ul>\n')
        rows += [f"<li>{_e(_plain(item))}</li>\n" for item in assumptions]
        rows.append("</ul></div>\n")
    own = [f for f in p.get("files", []) if not Path(f).name.startswith(("all-", "itinerary-"))]
    for file in own:
        rows.append(f'<p class="file">Calendar file: {_link(file, folder)}</p>\n')
    return f'<article class="option{" chosen" if chosen else ""}">\n{"".join(rows)}</article>\n'


def _rejected(context: dict[str, Any], rejected: list[dict[str, Any]]) -> str:
    parts = ["<h3>Why not the other venues</h3>\n"]
    for r in rejected:
        venue = context["venues"][r["venue"]]
        headline = r["reasons"][0].rstrip(":") if r.get("reasons") else ""
        parts.append(
            f'<div class="venue">\n<h4>{_e(venue["name"])}</h4>\n'
            f"<p>{_e(_sentence(headline))}{':' if r.get('elements') else ''}</p>\n"
        )
        if r.get("elements"):
            parts.append("<ul>\n")
            parts += [f"<li>{_e(element['what'])}</li>\n" for element in r["elements"]]
            parts.append("</ul>\n")
        parts.append("</div>\n")
    return "".join(parts)


def _timeline(
    context: dict[str, Any],
    meeting: dict[str, Any],
    proposals: list[dict[str, Any]],
    rejected: list[dict[str, Any]],
    number: int,
) -> str:
    zone = display_zone(context, meeting, proposals)
    zone_place = context["places"][display_place(context, meeting, proposals)]["name"]
    start = _at(meeting["period"]["start"]).astimezone(zone)
    drawings = "\n".join(svg(context, meeting, proposals, rejected, layout, number) for layout in (WIDE, NARROW))
    colours = place_colours(context)
    drawn, venues = len(meeting["timeline_venues"]), len(meeting["venues"])
    left_out = f" ({drawn} of the {venues} venues drawn, the proposals’ venues first)" if drawn < venues else ""
    shown = {stop["place"] for lid in meeting["participants"] for stop in context["leaders"][lid]["stops"]}
    shown |= {context["venues"][vid]["place"] for vid in meeting["timeline_venues"]}
    keys = [
        f'<li><span class="swatch" style="background:{colours[pid]}"></span>{_e(place["name"])}</li>'
        for pid, place in context["places"].items()
        if pid in shown
    ]
    if proposals:
        keys.append(
            f'<li><span class="swatch" style="background:{PROPOSED};border:1px solid #1f2328"></span>'
            "proposed meeting</li>"
        )
    if len(proposals) > 1 or any(r.get("earliest") or r.get("after_deadline") for r in rejected):
        keys.append('<li><span class="swatch dashed"></span>another option, or a venue’s first possible start</li>')
    keys += [
        '<li><span class="swatch busy"></span>busy</li>',
        '<li><span class="swatch blank"></span>no itinerary stop</li>',
        '<li><span class="swatch pale"></span>paler, on a venue’s lane: when it would host</li>',
    ]
    if meeting.get("deadline"):
        keys.append('<li><span class="swatch deadline"></span>deadline</li>')
    return (
        f'<h3>Timeline</h3>\n<figure class="timeline">\n{drawings}\n<figcaption>Days at midnight in '
        f"{_e(zone_place)} time ({_e(zone_abbreviation(start))}). Leaders’ lanes show where each one is; "
        f"venue lanes show when the venue would host{_e(left_out)}.</figcaption>\n"
        f'<ul class="legend">{"".join(keys)}</ul>\n'
        "</figure>\n"
    )


def _calendar_files(document: dict[str, Any], folder: Path) -> str:
    files = {f for p in document["proposals"] for f in p.get("files", [])}
    shared = sorted((f for f in files if Path(f).name.startswith(("all-", "itinerary-"))), key=lambda f: Path(f).name)
    if not shared:
        return ""
    items = "".join(f"<li>{_link(f, folder)} — {_e(_describe_file(document, Path(f).name))}</li>\n" for f in shared)
    return (
        '<section class="files">\n<h2>Calendar files</h2>\n<p>Tentative holds, to import into a calendar '
        f"(written beside this page):</p>\n<ul>\n{items}</ul>\n</section>\n"
    )


def _withdrawn(document: dict[str, Any], folder: Path) -> str:
    withdrawn = document.get("withdrawn") or []
    if not withdrawn:
        return ""
    items = "".join(
        f"<li>{_e(w['summary'])}: {_e(_when(w['start'], None))}</li>\n" for w in withdrawn if not w.get("travel")
    )
    travel = sum(bool(w.get("travel")) for w in withdrawn)
    if travel:
        items += f"<li>{travel} travel and ground-time event{'s' if travel != 1 else ''} of the itineraries</li>\n"
    return (
        '<section class="withdrawn">\n<h2>Withdrawn</h2>\n<p>Proposed by an earlier run and not by this one; '
        f"the calendar files now hold them cancelled:</p>\n<ul>\n{items}</ul>\n</section>\n"
    )


def _warnings(document: dict[str, Any], folder: Path) -> str:
    warnings = document.get("warnings") or []
    if not warnings:
        return ""
    items = "".join(f"<li>{_e(w)}</li>\n" for w in warnings)
    return f'<section class="warnings">\n<h2>Warnings</h2>\n<ul>\n{items}</ul>\n</section>\n'


# --- words ---------------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _when(text: str, zone_name: str | None, *, end: datetime | None = None, year: bool = True) -> str:
    """`Tue 17 Jun 2025, 08:00–09:00 MDT`, in the given zone (None: as written)."""
    value = _at(text)
    local = value.astimezone(ZoneInfo(zone_name)) if zone_name else value
    day = f"{local:%a} {local.day} {local:%b}" + (f" {local:%Y}, " if year else ", ")
    clock = f"{local:%H:%M}" + (f"–{end:%H:%M}" if end is not None else "")
    return f"{day}{clock} {zone_abbreviation(local)}"


def _long(value: datetime) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}, {value:%H:%M} {zone_abbreviation(value)}"


def _long_when(p: dict[str, Any]) -> str:
    zone = ZoneInfo(p["timezone"])
    start, end = _at(p["start"]).astimezone(zone), _at(p["end"]).astimezone(zone)
    return f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M}–{end:%H:%M} {zone_abbreviation(start)}"


def _margin(minutes: int) -> str:
    from .wording import margin

    return margin(timedelta(minutes=minutes))


def _deadline_text(meeting: dict[str, Any]) -> str:
    why = meeting.get("deadline_why")
    return f" ({why})" if why else ""


def _leader(context: dict[str, Any], lid: str) -> str:
    return str(context["leaders"][lid]["name"])


def _names(context: dict[str, Any], ids: list[str]) -> str:
    return _and([_leader(context, lid) for lid in ids])


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _possessive(name: str) -> str:
    return name + ("’" if name.endswith("s") else "’s")


def _home_zone(context: dict[str, Any], lid: str) -> str:
    return str(context["places"][context["leaders"][lid]["home"]]["timezone"])


def _home_name(context: dict[str, Any], lid: str) -> str:
    return str(context["places"][context["leaders"][lid]["home"]]["name"])


def _full_stop(text: str) -> str:
    """End a sentence with one full stop, also after a name that ends in one ("Washington, D.C.")."""
    return text if text.endswith(".") else text + "."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plain(item: Any) -> str:
    """An entry the page does not know the shape of, in words: its text, else its fields."""
    if isinstance(item, dict):
        for key in ("plain", "what", "text", "summary", "description"):
            if isinstance(item.get(key), str):
                return str(item[key])
        return "; ".join(f"{key}: {value}" for key, value in item.items() if not isinstance(value, dict | list))
    return str(item)


def _legs(legs: Any) -> list[tuple[str | None, Any]]:
    """The proposal's legs as (leader id, leg): `{"lee": [leg, …], …}` by leader, or one list."""
    if isinstance(legs, dict):
        return [(leader, leg) for leader, each in legs.items() for leg in each or []]
    return [(None, leg) for leg in legs or []]


def _leg(context: dict[str, Any], leader: str | None, leg: Any) -> str:
    """A travel leg in words: its own description when it has one, else who goes where, when and how long."""
    if not isinstance(leg, dict):
        return str(leg)
    for key in ("summary", "description", "what", "text"):
        if isinstance(leg.get(key), str):
            return str(leg[key])
    places = context["places"]
    origin = leg.get("from") or leg.get("origin")
    destination = leg.get("to") or leg.get("destination")
    parts = []
    who = leader or leg.get("leader")
    if isinstance(who, str) and who in context["leaders"]:
        parts.append(_leader(context, who))
    if origin and destination:
        names = [places.get(pid, {}).get("name", pid) for pid in (origin, destination)]
        parts.append(" → ".join(names))
    depart = leg.get("depart") or leg.get("start")
    if isinstance(depart, str):
        zone = places.get(origin, {}).get("timezone") if origin else None
        parts.append(f"leaves {_when(depart, zone)}")
    arrive = leg.get("arrive") or leg.get("end")
    if isinstance(arrive, str):
        zone = places.get(destination, {}).get("timezone") if destination else None
        parts.append(f"arrives {_when(arrive, zone)}")
    if isinstance(leg.get("flight_minutes"), int):
        flight = f"{leg['flight_minutes'] // 60}h{leg['flight_minutes'] % 60:02d} in the air"
        ground = leg.get("ground_minutes")
        if isinstance(ground, int) and ground:
            flight += f" and {ground // 60}h{ground % 60:02d} on the ground at each end"
        parts.append(flight)
    return ", ".join(parts) if parts else _plain(leg)


def _link(file: str, folder: Path) -> str:
    """A relative link from the page's folder to a file, and its name as the text."""
    relative = Path(os.path.relpath(Path(file).absolute(), folder.absolute()))
    href = quote(PurePosixPath(*relative.parts).as_posix())
    return f'<a href="{_e(href)}">{_e(Path(file).name)}</a>'


def _describe_file(document: dict[str, Any], name: str) -> str:
    leaders = document["context"]["leaders"]
    if name.startswith("itinerary-"):
        lid = name.removeprefix("itinerary-").removesuffix(".ics")
        if lid in leaders:
            return f"{_possessive(leaders[lid]['name'])} itinerary: the meeting and the travel around it"
        return "an itinerary"
    return "every proposal in one calendar"


CSS = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--gold:#ffd23f;--paper:#fff;--soft:#f6f8fa}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--paper);color:var(--ink);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans","DejaVu Sans",sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0 1rem}
h2{font-size:1.3rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:2px solid var(--ink)}
h3{font-size:1.05rem;margin:1.5rem 0 .5rem}
h4{font-size:1rem;margin:.1rem 0}
p,ul,ol,dl{margin:.4rem 0}
a{color:#0b57d0;overflow-wrap:anywhere}
.kicker{color:var(--muted);font-size:.9rem;margin:0;text-transform:uppercase;letter-spacing:.04em}
.answer{font-size:1.1rem;background:var(--soft);border-left:4px solid var(--gold);padding:.75rem 1rem;margin:.5rem 0}
.muted{color:var(--muted)}
.options{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:.75rem;align-items:start}
.option{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;min-width:0}
.option.chosen{border:2px solid var(--ink);box-shadow:inset 0 4px 0 var(--gold)}
.rank{font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:0}
.chosen .rank{color:var(--ink)}
.where{color:var(--muted);margin-top:0}
.when{font-weight:700;font-size:1.05rem}
.homes{display:grid;grid-template-columns:1fr;gap:0}
.homes dt{color:var(--muted);font-size:.85rem;margin-top:.3rem}
.homes dd{margin:0}
.travel-head{font-weight:700;margin-bottom:0}
.travel{padding-left:1.2rem;font-size:.95rem}
.note{background:#fff8e1;border-radius:4px;padding:.4rem .6rem;font-size:.95rem}
.note ul{padding-left:1.2rem;margin:0}
.venue{border-left:3px solid var(--line);padding:.1rem 0 .1rem .75rem;margin:.75rem 0}
.venue ul{padding-left:1.2rem}
ul,ol{padding-left:1.4rem}
li{margin:.15rem 0;overflow-wrap:anywhere}
figure.timeline{margin:.5rem 0 0}
svg.timeline{display:block;width:100%;height:auto;font-family:inherit}
svg.narrow{display:none}
figcaption{color:var(--muted);font-size:.9rem;margin-top:.25rem}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.85rem;color:var(--muted)}
.legend li{display:flex;align-items:center;gap:.35rem;margin:0}
.swatch{display:inline-block;width:1.1rem;height:.8rem;border-radius:2px;flex:none}
.swatch.dashed{border:1.5px dashed var(--ink);background:#fff}
.swatch.busy{background:#3a3f45;height:.35rem}
.swatch.pale{background:linear-gradient(90deg,#a9d8f3,#b3dccf,#e2b9d3)}
.swatch.blank{background:#f3f4f6;border:1px solid #d0d7de}
.swatch.deadline{width:0;height:1rem;border-left:2px dashed #b3261e;border-radius:0}
.warnings li{color:#7a4b00}
@media (max-width:600px){
body{font-size:15px}
main{padding:1rem .75rem 2rem}
h1{font-size:1.35rem}
.answer{font-size:1rem;padding:.6rem .75rem}
svg.wide{display:none}
svg.narrow{display:block}
}
@media print{
@page{size:A4;margin:15mm}
body{font-size:10.5pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:none;padding:0}
svg.wide{display:block}
svg.narrow{display:none}
h2,h3,h4{break-after:avoid}
.option,.venue,figure.timeline,.answer{break-inside:avoid}
a{color:inherit;text-decoration:none}
a[href]::after{content:" (" attr(href) ")";color:var(--muted);font-size:.85em}
}
"""
