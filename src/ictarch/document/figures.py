"""The pictures of the document, drawn by Graphviz ``dot`` at print resolution.

- A layer's diagram is a view of the render pipeline (:mod:`ictarch.render`)
  selecting the layer's elements, aggregated over the node budget like any view,
  drawn as PNG scaled to the width of an A4 page's text and at :data:`DPI`.
- The roadmap's Gantt picture is one Graphviz node whose label is a table: a row
  per dated element, a column per quarter (per year over a long window), the
  cells of the element's time filled in the colour of its status. Graphviz lays
  out and draws the text with the diagrams' font; nothing else is needed.

Each picture also has its Mermaid text, for the Markdown document.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import io
import struct
from collections.abc import Sequence

from ictarch.findings import Location
from ictarch.i18n import _
from ictarch.model.architecture import Architecture, View
from ictarch.model.lifecycle import STATUS_LABELS, Status
from ictarch.render import RenderSettings
from ictarch.render.dot import render_with_dot
from ictarch.roadmap import Roadmap, RoadmapItem

DPI = 300
"""Print resolution of the pictures."""
PAGE_WIDTH_INCHES = 6.4
"""The width of the text of an A4 page with the document's margins (165 mm), a little less."""
PAGE_HEIGHT_INCHES = 8.6
"""Most of the height of the text, leaving room for the caption."""

_STATUS_FILL = {
    Status.PLANNED: "#cfe2f3",
    Status.BUILDING: "#9fc5e8",
    Status.OPERATIONAL: "#93c47d",
    Status.DEPRECATED: "#f6b26b",
    Status.RETIRED: "#cccccc",
}
_QUARTERS_UP_TO_YEARS = 8
"""A window of more years than this has a column per year instead of per quarter."""


@dataclasses.dataclass(frozen=True, slots=True)
class Picture:
    """A picture to draw: its DOT source for print (None when it is not drawn), its Mermaid."""

    dot: str | None
    mermaid: str


def draw_pictures(sources: Sequence[str]) -> list[bytes]:
    """The PNG of each DOT source, drawn by ``dot`` side by side (one process each)."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return list(pool.map(lambda source: render_with_dot(source, "png"), sources))


def layer_picture(
    architecture: Architecture,
    element_ids: Sequence[str],
    view_id: str,
    title: str,
    drawn: bool = True,
) -> Picture:
    """The diagram of ``element_ids`` (in ``architecture`` as drawn, statuses included);
    without ``drawn``, its Mermaid text only (no PNG, no ``dot``)."""
    from ictarch.graph.dependency_graph import build_dependency_graph
    from ictarch.render.build import build_diagram
    from ictarch.render.dot import diagram_to_dot
    from ictarch.render.mermaid import diagram_to_mermaid

    view = View(
        id=view_id,
        location=Location(architecture.root_file, 1, 1),
        title=title,
        elements=tuple(sorted(element_ids)),
    )
    graph = build_dependency_graph(architecture)
    diagram = build_diagram(architecture, graph, view)
    source = None
    if drawn:
        source = _for_print(diagram_to_dot(diagram, RenderSettings.from_architecture(architecture)))
    return Picture(source, diagram_to_mermaid(diagram))


def _for_print(source: str) -> str:
    """DOT source drawn at :data:`DPI`, no larger than the text of a page."""
    start = source.index("{") + 1
    settings = (
        f'\n\tdpi={DPI} size="{PAGE_WIDTH_INCHES},{PAGE_HEIGHT_INCHES}" fontname="DejaVu Sans"'
    )
    return source[:start] + settings + source[start:]


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels of a PNG (from its IHDR chunk)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


# ---------------------------------------------------------------------------
# The Gantt picture


def dated_items(roadmap: Roadmap) -> list[tuple[str, RoadmapItem]]:
    """(group name, item) of every element with a since or until date, in roadmap order."""
    return [(group.name, item) for group in roadmap.groups for item in group.items if item.dated]


def _periods(
    window: tuple[datetime.date, datetime.date],
) -> list[tuple[str, datetime.date, datetime.date]]:
    """(label, first day, day after the last) of each column over the window."""
    first, last = window[0].year, window[1].year
    periods: list[tuple[str, datetime.date, datetime.date]] = []
    for year in range(first, last + 1):
        if last - first + 1 > _QUARTERS_UP_TO_YEARS:
            end = datetime.date(year + 1, 1, 1) if year < datetime.MAXYEAR else datetime.date.max
            periods.append((str(year), datetime.date(year, 1, 1), end))
            continue
        for quarter in range(4):
            start = datetime.date(year, 3 * quarter + 1, 1)
            end = (
                datetime.date(year, 3 * quarter + 4, 1)
                if quarter < 3
                else (
                    datetime.date(year + 1, 1, 1) if year < datetime.MAXYEAR else datetime.date.max
                )
            )
            periods.append((f"Q{quarter + 1}", start, end))
    return periods


def gantt_picture(roadmap: Roadmap, font: str, drawn: bool = True) -> Picture | None:
    """The Gantt picture of the dated elements, or None when no element has a date;
    without ``drawn``, its Mermaid text only."""
    from ictarch.reporters.roadmap import bar, report_mermaid

    window = roadmap.window
    items = dated_items(roadmap)
    if window is None or not items:
        return None
    periods = _periods(window)
    by_quarter = periods[0][0].startswith("Q")
    rows: list[str] = []
    years: dict[int, int] = {}
    for _label, start, _end in periods:
        years[start.year] = years.get(start.year, 0) + 1
    cell = 'BORDER="1" COLOR="#bfbfbf"'
    header = [f'<TD {cell} ALIGN="LEFT"><B>{html.escape(_("Element"))}</B></TD>']
    header += [f'<TD {cell} COLSPAN="{count}"><B>{year}</B></TD>' for year, count in years.items()]
    rows.append("<TR>" + "".join(header) + "</TR>")
    if by_quarter:
        quarters = [
            f'<TD {cell}><FONT POINT-SIZE="7">{label}</FONT></TD>' for label, _s, _e in periods
        ]
        rows.append(f"<TR><TD {cell}></TD>{''.join(quarters)}</TR>")
    group_shown = None
    width = len(periods) + 1
    for group, item in items:
        if group != group_shown:
            group_shown = group
            rows.append(
                f'<TR><TD {cell} COLSPAN="{width}" ALIGN="LEFT" BGCOLOR="#eeeeee">'
                f"<B>{_cell_text(group)}</B></TD></TR>"
            )
        span = bar(item, window)
        cells = [f'<TD {cell} ALIGN="LEFT">{_cell_text(_short(item.name, 55))}</TD>']
        for _label, start, end in periods:
            filled = span is not None and span[0] < end and start < span[1]
            colour = f' BGCOLOR="{_STATUS_FILL[item.status]}"' if filled else ""
            cells.append(f'<TD {cell} WIDTH="{14 if by_quarter else 24}"{colour}></TD>')
        rows.append("<TR>" + "".join(cells) + "</TR>")
    legend = " ".join(
        f'<TD BGCOLOR="{_STATUS_FILL[status]}" BORDER="1" COLOR="#bfbfbf" WIDTH="14"></TD>'
        f"<TD>{html.escape(_(STATUS_LABELS[status]))}</TD>"
        for status in Status
    )
    table = (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">'
        + "".join(rows)
        + "</TABLE>>"
    )
    legend_table = f'<<TABLE BORDER="0" CELLSPACING="4"><TR>{legend}</TR></TABLE>>'
    source = "\n".join(
        [
            "digraph gantt {",
            f'\tgraph [bgcolor=white pad="0.2" fontname="{font}"]',
            f'\tnode [shape=plaintext fontname="{font}" fontsize="9"]',
            f"\tchart [label={table}]",
            f"\tlegend [label={legend_table}]",
            "\tchart -> legend [style=invis]",
            "}",
        ]
    )
    dated = dataclasses.replace(
        roadmap,
        groups=tuple(
            dataclasses.replace(group, items=tuple(i for i in group.items if i.dated))
            for group in roadmap.groups
            if any(i.dated for i in group.items)
        ),
    )
    text = io.StringIO()
    report_mermaid(dated, text)
    return Picture(_for_print(source) if drawn else None, text.getvalue())


def _cell_text(text: str) -> str:
    from ictarch.printable import one_line

    return html.escape(one_line(text), quote=True)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
