"""Presenting the roadmap: a text table, a Markdown table, a Mermaid gantt chart, JSON.

The Mermaid output is a ``gantt`` chart (it renders in Markdown on code hosts):
``dateFormat YYYY-MM-DD``, one ``section`` per group, one task per element
with an id (``t1``, ``t2``... in the roadmap's order) and its start and end
days, and a last section of milestones where the single points of failure
change. Task names keep letters of every script as they are; any other
character that could mean something to Mermaid's gantt grammar (``:`` ends a
name, ``#`` and ``;`` are entity syntax, ``%`` starts a comment...) is written
as a ``#NNN;`` entity code, as in the flowchart output.
"""

from __future__ import annotations

import datetime
import unicodedata
from typing import Any, TextIO

from ictarch import __version__, formatting, i18n
from ictarch.i18n import _
from ictarch.jsonwriter import write_json
from ictarch.markdown import code, escape_markdown, table
from ictarch.model.lifecycle import Status
from ictarch.printable import one_line
from ictarch.roadmap import Milestone, Roadmap, RoadmapItem

ROADMAP_JSON_FORMAT = 1


def _day(day: datetime.date | None) -> str:
    return formatting.date(day)


def milestone_text(milestone: Milestone) -> str:
    targets = ", ".join(milestone.targets)
    if milestone.becomes:
        return _("from {date}, {element} becomes a single point of failure of {targets}").format(
            date=formatting.date(milestone.date), element=milestone.element, targets=targets
        )
    return _("from {date}, {element} is no longer a single point of failure of {targets}").format(
        date=formatting.date(milestone.date), element=milestone.element, targets=targets
    )


def _headers() -> list[str]:
    return [_("Group"), _("Element"), _("Name"), _("Status"), _("Since"), _("Until")]


def report_text(roadmap: Roadmap, out: TextIO) -> None:
    rows = [
        [
            # a layer by its name in Vietnamese, by its id in English (as the reports always did)
            one_line(group.name) if i18n.current_language() != "en" else group.id,
            item.id,
            one_line(item.name),
            formatting.status(item.status),
            _day(item.since),
            _day(item.until),
        ]
        for group in roadmap.groups
        for item in group.items
    ]
    out.write(
        _("Roadmap of {name} ({id})").format(name=one_line(roadmap.name), id=roadmap.architecture)
        + "\n"
    )
    if roadmap.released:
        out.write(_("released: {date}").format(date=formatting.date(roadmap.released)) + "\n")
    out.write("\n")
    headers = _headers()
    widths = [max(len(row[n]) for row in [headers, *rows]) for n in range(len(headers))]
    for row in [headers, ["-" * width for width in widths], *rows]:
        out.write(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            + "\n"
        )
    out.write("\n" + _("Risk changes:") + "\n")
    if not roadmap.milestones:
        out.write("  " + _("none: no date changes a single point of failure.") + "\n")
    for milestone in roadmap.milestones:
        out.write(f"  {milestone_text(milestone)}\n")


def report_markdown(roadmap: Roadmap, out: TextIO) -> None:
    out.write(
        "## " + escape_markdown(_("Roadmap of {name}").format(name=one_line(roadmap.name))) + "\n\n"
    )
    if roadmap.released:
        out.write(
            escape_markdown(_("released: {date}").format(date=formatting.date(roadmap.released)))
            + "\n\n"
        )
    rows = [
        [
            group.name,
            code(item.id),
            item.name,
            formatting.status(item.status),
            _day(item.since),
            _day(item.until),
        ]
        for group in roadmap.groups
        for item in group.items
    ]
    out.write(table(_headers(), rows))
    out.write("\n### " + escape_markdown(_("Risk changes")) + "\n\n")
    if not roadmap.milestones:
        out.write(escape_markdown(_("none: no date changes a single point of failure.")) + "\n")
    for milestone in roadmap.milestones:
        out.write(f"- {escape_markdown(milestone_text(milestone))}\n")


def roadmap_to_json(roadmap: Roadmap) -> dict[str, Any]:
    window = roadmap.window
    return {
        "ictarch": __version__,
        "format": ROADMAP_JSON_FORMAT,
        "architecture": roadmap.architecture,
        "group_by": roadmap.group_by,
        "released": _day(roadmap.released) or None,
        "window": {"start": window[0].isoformat(), "end": window[1].isoformat()}
        if window
        else None,
        "dates": [day.isoformat() for day in roadmap.dates],
        "groups": [
            {
                "id": group.id,
                "name": group.name,
                "elements": [
                    {
                        "id": item.id,
                        "name": item.name,
                        "layer": item.layer,
                        "status": item.status.value,
                        "since": _day(item.since) or None,
                        "until": _day(item.until) or None,
                    }
                    for item in group.items
                ],
            }
            for group in roadmap.groups
        ],
        "milestones": [
            {
                "date": milestone.date.isoformat(),
                "element": milestone.element,
                "change": "becomes-single-point-of-failure"
                if milestone.becomes
                else "no-longer-single-point-of-failure",
                "targets": list(milestone.targets),
            }
            for milestone in roadmap.milestones
        ],
    }


def report_json(roadmap: Roadmap, out: TextIO) -> None:
    write_json(roadmap_to_json(roadmap), out, levels=4)
    out.write("\n")


# -- Mermaid gantt ------------------------------------------------------------------------

_GANTT_SAFE = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-_/()'+!?=@"
)
_KEYWORDS = (
    "title",
    "section",
    "dateformat",
    "axisformat",
    "tickinterval",
    "excludes",
    "includes",
    "todaymarker",
    "inclusiveenddates",
    "topaxis",
    "weekday",
    "weekend",
    "acctitle",
    "accdescr",
    "click",
    "gantt",
)
_TAGS = {Status.BUILDING: "active", Status.DEPRECATED: "crit", Status.RETIRED: "done"}


def gantt_text(text: str) -> str:
    """Text for a gantt title, section or task name: one line, no gantt syntax in it."""
    out: list[str] = []
    for character in one_line(text):
        printable_letter = ord(character) > 127 and unicodedata.category(character)[0] not in "CZ"
        if character in _GANTT_SAFE or printable_letter:
            out.append(character)
        else:
            out.append(f"#{ord(character)};")
    result = "".join(out).strip() or "-"
    if result.lower().startswith(_KEYWORDS):
        result = "· " + result  # a name must not read as a gantt statement
    return result


def bar(
    item: RoadmapItem, window: tuple[datetime.date, datetime.date]
) -> tuple[datetime.date, datetime.date] | None:
    """The days an element's task spans, or None when the roadmap cannot place it.

    Without ``since``, an element that has started (its status is neither planned
    nor building) starts with the window; without ``until``, one that is not
    retired runs to the end of the window. A planned element without ``since``
    and a retired one without ``until`` have no place on the time axis."""
    start = item.since or (None if item.status.not_yet else window[0])
    end = item.until or (None if item.status is Status.RETIRED else window[1])
    if start is None or end is None:
        return None
    if end <= start:  # at least a day long, short of the last day there is
        if start == datetime.date.max:
            start -= datetime.timedelta(days=1)
        end = start + datetime.timedelta(days=1)
    return start, end


def report_mermaid(roadmap: Roadmap, out: TextIO) -> None:
    lines = [
        "gantt",
        f"    title {gantt_text(_('Roadmap of {name}').format(name=roadmap.name))}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
    ]
    window = roadmap.window
    number = 0
    undated: list[str] = []
    for group in roadmap.groups:
        tasks: list[str] = []
        for item in group.items:
            span = bar(item, window) if window else None
            if span is None:
                undated.append(item.id)
                continue
            number += 1
            tag = _TAGS.get(item.status)
            data = ", ".join(
                [*([tag] if tag else []), f"t{number}", span[0].isoformat(), span[1].isoformat()]
            )
            tasks.append(f"    {gantt_text(f'{item.name} ({item.id})')} :{data}")
        if tasks:
            lines.append(f"    section {gantt_text(group.name)}")
            lines.extend(tasks)
    if roadmap.milestones:
        lines.append(f"    section {gantt_text(_('Risk changes'))}")
        for index, milestone in enumerate(roadmap.milestones, 1):
            lines.append(
                f"    {gantt_text(milestone_text(milestone))} :milestone, m{index}, "
                f"{milestone.date.isoformat()}, 0d"
            )
    if undated:
        undated_note = _("not on the time axis (no dates):")
        lines.append(f"    %% {undated_note} {', '.join(undated)}")
    out.write("\n".join(lines) + "\n")
