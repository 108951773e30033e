"""The visual diff: the changed part of the architecture and its neighbours.

Added elements and relations are green, removed ones red (drawn from the old
version), changed elements amber (a field, the layer, the id, or their
dependencies changed) and their unchanged neighbours grey, with a legend.
Unchanged dependencies are drawn in grey only where they tie in a neighbour:
between two changed elements they would bury the changes.
Layers are clusters ranked top to bottom. The drawing is deterministic: nodes
get generated ids (``n0``, ``n1``… in a sorted order, never the raw element
ids), and every piece of user text is escaped, so the same diff gives the same
DOT, Mermaid, SVG and PNG bytes.

:func:`select_drawing` chooses what to draw (data only); :func:`to_dot` and
:func:`to_mermaid` write it; :func:`render_drawing` writes a file chosen by
its extension (``.svg``, ``.png``, ``.dot``/``.gv``, ``.mmd``/``.mermaid``).
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ictarch.diff.model import ArchitectureDiff, ElementChange
from ictarch.diff.presentation import headline, layer_order
from ictarch.model.architecture import AnyOf, Architecture
from ictarch.printable import one_line
from ictarch.render.layout import layer_levels
from ictarch.render.mermaid import mermaid_text

if TYPE_CHECKING:
    import graphviz

NODES_PER_ROW = 8
DEFAULT_MAX_NODES = 150
"""Nodes drawn at most: dot slows down sharply beyond a few hundred (NOTES.md)."""
FONT = "DejaVu Sans"

ADDED, REMOVED, CHANGED, CONTEXT = "added", "removed", "changed", "context"
STATES = (ADDED, REMOVED, CHANGED, CONTEXT)
LEGEND = {
    ADDED: "added",
    REMOVED: "removed",
    CHANGED: "changed",
    CONTEXT: "unchanged neighbour",
}
# (fill, border, text) per state
COLOURS = {
    ADDED: ("#d8f0dc", "#2e7d32", "#1b5e20"),
    REMOVED: ("#fadbd8", "#c62828", "#b71c1c"),
    CHANGED: ("#fff1c6", "#e0a000", "#5d4200"),
    CONTEXT: ("#f1f1f1", "#9e9e9e", "#616161"),
}
EDGE_COLOURS = {ADDED: "#2e7d32", REMOVED: "#c62828", CONTEXT: "#b8b8b8"}
MMD_EXTENSIONS = (".mmd", ".mermaid")
DOT_EXTENSIONS = (".dot", ".gv")
BINARY_FORMATS = {".svg": "svg", ".png": "png"}
EXTENSIONS = (*BINARY_FORMATS, *DOT_EXTENSIONS, *MMD_EXTENSIONS)


class DrawingError(Exception):
    """The drawing cannot be written (unknown extension, missing dot, I/O)."""


@dataclass(frozen=True, slots=True)
class DrawnNode:
    id: str  # generated: n0, n1, …
    element: str
    layer: str
    state: str
    name: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class DrawnEdge:
    source: str  # generated node ids
    target: str
    state: str  # added | removed | context
    any_of: bool = False


@dataclass(slots=True)
class DiffDrawing:
    title: str
    layers: list[tuple[str, str]]  # (id, name) of the layers drawn, top to bottom
    nodes: list[DrawnNode] = field(default_factory=list)
    edges: list[DrawnEdge] = field(default_factory=list)
    omitted: int = 0  # changed elements left out to stay within the node budget


def _edges_of(architecture: Architecture) -> dict[tuple[str, str], bool]:
    """(from, to) -> whether every occurrence is an any_of alternative."""
    edges: dict[tuple[str, str], bool] = {}
    for element in architecture.elements.values():
        for entry in element.depends_on:
            alternatives = entry.alternatives if isinstance(entry, AnyOf) else (entry,)
            for dependency in alternatives:
                key = (element.id, dependency.target)
                edges[key] = edges.get(key, True) and isinstance(entry, AnyOf)
    return edges


def select_drawing(
    diff: ArchitectureDiff,
    old: Architecture,
    new: Architecture,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> DiffDrawing:
    """What to draw: every change (up to ``max_nodes``) and its direct neighbours."""
    renames = {rename.old: rename.new for rename in diff.renamed}
    removed_ids = {summary.id for summary in diff.removed}
    changed = {change.id: change for change in diff.changed}
    relation_changed = {source for source, _ in diff.relations_added}
    relation_changed |= {renames.get(s, s) for s, _ in diff.relations_removed}
    relation_changed |= {group.source for group in diff.groups}
    relation_changed |= set(renames.values())
    relation_changed -= removed_ids

    added_ids = {summary.id for summary in diff.added}

    def priority(element_id: str) -> int:
        """Removals first, then additions, then real changes, then the rest."""
        if element_id in removed_ids:
            return 0
        if element_id in added_ids:
            return 1
        change = changed.get(element_id)
        if change is not None and set(change.fields) - {"description"}:
            return 2
        return 3

    focus_ids = added_ids | removed_ids | set(changed) | relation_changed
    focus = sorted(focus_ids, key=lambda e: (priority(e), e))
    omitted = max(0, len(focus) - max_nodes)
    chosen = focus[:max_nodes]
    states: dict[str, str] = {}
    for element_id in chosen:
        if element_id in removed_ids:
            states[element_id] = REMOVED
        elif element_id in added_ids:
            states[element_id] = ADDED
        else:
            states[element_id] = CHANGED

    new_edges = _edges_of(new)
    old_edges = {
        (renames.get(s, s), renames.get(t, t)): any_of for (s, t), any_of in _edges_of(old).items()
    }
    neighbours: dict[str, int] = {}
    for edges in (new_edges, old_edges):
        for source, target in edges:
            if source in states and target not in states:
                neighbours[target] = neighbours.get(target, 0) + 1
            elif target in states and source not in states:
                neighbours[source] = neighbours.get(source, 0) + 1
    room = max(0, max_nodes - len(states))
    for element_id, _ in sorted(neighbours.items(), key=lambda item: (-item[1], item[0]))[:room]:
        if element_id in new.elements:
            states[element_id] = CONTEXT

    layers = [
        layer
        for layer in layer_order(diff)
        if any(_layer_of(e, old, new, removed_ids) == layer[0] for e in states)
    ]
    drawing = DiffDrawing(_title(diff), layers, omitted=omitted)
    rank = {layer_id: index for index, (layer_id, _) in enumerate(layer_order(diff))}
    ordered = sorted(
        states, key=lambda e: (rank.get(_layer_of(e, old, new, removed_ids), len(rank)), e)
    )
    node_ids = {element_id: f"n{index}" for index, element_id in enumerate(ordered)}
    for element_id in ordered:
        element = (
            old.elements[element_id] if element_id in removed_ids else new.elements[element_id]
        )
        drawing.nodes.append(
            DrawnNode(
                node_ids[element_id],
                element_id,
                element.layer,
                states[element_id],
                element.name,
                _note(element_id, diff, changed, renames),
            )
        )
    added_relations = set(diff.relations_added)
    removed_relations = {(renames.get(s, s), renames.get(t, t)) for s, t in diff.relations_removed}
    drawn: dict[tuple[str, str], DrawnEdge] = {}
    for (source, target), any_of in new_edges.items():
        if source not in node_ids or target not in node_ids or source == target:
            continue
        if (source, target) in added_relations:
            drawn[(source, target)] = DrawnEdge(node_ids[source], node_ids[target], ADDED, any_of)
        elif CONTEXT in (states[source], states[target]):
            # an unchanged dependency is drawn only where it ties in a neighbour
            drawn[(source, target)] = DrawnEdge(node_ids[source], node_ids[target], CONTEXT, any_of)
    for (source, target), any_of in old_edges.items():
        if (
            (source, target) in removed_relations
            and (source, target) not in drawn
            and source in node_ids
            and target in node_ids
            and source != target
        ):
            drawn[(source, target)] = DrawnEdge(node_ids[source], node_ids[target], REMOVED, any_of)
    drawing.edges = sorted(
        drawn.values(), key=lambda e: (int(e.source[1:]), int(e.target[1:]), e.state)
    )
    return drawing


def _layer_of(element_id: str, old: Architecture, new: Architecture, removed: set[str]) -> str:
    if element_id in removed:
        return old.elements[element_id].layer
    return new.elements[element_id].layer


def _note(
    element_id: str,
    diff: ArchitectureDiff,
    changed: dict[str, ElementChange],
    renames: dict[str, str],
) -> str | None:
    change = changed.get(element_id)
    notes: list[str] = []
    if change is not None:
        if change.renamed:
            notes.append(f"was {change.old_id}")
        if "status" in change.fields:
            status = change.fields["status"]
            notes.append(f"{status.old} → {status.new}")
        if "layer" in change.fields:
            notes.append(f"moved from {change.fields['layer'].old}")
    elif element_id in renames.values():
        old_id = next(o for o, n in renames.items() if n == element_id)
        notes.append(f"was {old_id}")
    return "; ".join(notes) or None


def _title(diff: ArchitectureDiff) -> str:
    return f"ictarch diff: {headline(diff)}"


def _wrap(text: str, width: int = 28, lines: int = 3) -> list[str]:
    flat = one_line(text)
    wrapped = textwrap.wrap(flat, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1] + "…"
    return wrapped


# --- DOT -------------------------------------------------------------------


def dot_text(text: str) -> str:
    """User text for a quoted DOT label, on one line.

    Backslashes are doubled (``\\N`` or ``\\l`` in a name stay text), quotes
    escaped, and ``&`` written ``&amp;`` (dot reads entities in labels).
    """
    flat = one_line(text)
    return flat.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def _dot_label(lines: list[str]) -> str:
    return "\\n".join(dot_text(line) for line in lines)


def to_dot(drawing: DiffDrawing) -> graphviz.Digraph:
    """The drawing as a graphviz Digraph (layers as clusters, legend at the bottom).

    Every node gets a row (:func:`_rows`): layers top to bottom, each over as
    many rows as its internal dependencies and its width need; a chain of
    invisible points holds the rows in order (:func:`_add_rank_spine`). Edges that go up (layering
    violations) do not constrain the ranks.
    """
    import graphviz

    nohtml = graphviz.nohtml
    graph = graphviz.Digraph("ictarch_diff")
    graph.attr(
        rankdir="TB",
        newrank="true",
        fontname=FONT,
        labelloc="t",
        fontsize="16",
        label=nohtml(dot_text(drawing.title)),
        nodesep="0.3",
        ranksep="0.5",
        pad="0.3",
        bgcolor="white",
    )
    graph.attr(
        "node",
        fontname=FONT,
        fontsize="10",
        shape="box",
        style="rounded,filled",
        margin="0.12,0.06",
    )
    graph.attr("edge", fontname=FONT, arrowsize="0.7")
    by_layer: dict[str, list[DrawnNode]] = {}
    for node in drawing.nodes:
        by_layer.setdefault(node.layer, []).append(node)
    rank = {
        node.id: index
        for index, (layer, _) in enumerate(drawing.layers)
        for node in by_layer.get(layer, [])
    }
    for index, (layer_id, layer_name) in enumerate(drawing.layers):
        with graph.subgraph(name=f"cluster_{index}") as cluster:
            cluster.attr(
                label=nohtml(dot_text(layer_name)),
                style="rounded,filled",
                fillcolor="#fafafa",
                color="#cfcfcf",
                fontcolor="#424242",
                fontsize="12",
                labeljust="l",
            )
            members = by_layer.get(layer_id, [])
            for node in members:
                cluster.node(node.id, **_dot_node_attributes(node))
    for edge in drawing.edges:
        attributes = {"color": EDGE_COLOURS[edge.state]}
        attributes["penwidth"] = "0.7" if edge.state == CONTEXT else "1.8"
        if edge.any_of:
            attributes["style"] = "dashed"
            attributes["arrowhead"] = "onormal"
        if rank[edge.target] < rank[edge.source]:
            attributes["constraint"] = "false"
        graph.edge(edge.source, edge.target, **attributes)
    rows = _rows(drawing, by_layer)
    rows.append(["legend"])
    graph.node("legend", label=_legend_html(drawing), shape="plaintext", style="")
    _add_rank_spine(graph, rows)
    return graph


def _dot_node_attributes(node: DrawnNode) -> dict[str, str]:
    fill, border, text = COLOURS[node.state]
    lines = _wrap(node.name)
    lines.append(node.element)
    if node.note:
        lines.extend(_wrap(node.note, 32, 2))
    attributes = {
        "label": graphviz_nohtml(_dot_label(lines)),
        "fillcolor": fill,
        "color": border,
        "fontcolor": text,
    }
    if node.state == REMOVED:
        attributes["style"] = "rounded,filled,dashed"
    if node.state != CONTEXT:
        attributes["penwidth"] = "1.6"
    return attributes


def graphviz_nohtml(text: str) -> str:
    """``text`` marked so that graphviz never reads it as an HTML-like label."""
    import graphviz

    marked: str = graphviz.nohtml(text)
    return marked


def _rows(drawing: DiffDrawing, by_layer: dict[str, list[DrawnNode]]) -> list[list[str]]:
    """Node ids row by row, top to bottom: the layers in order, each over one or more rows.

    Within a layer a node sits above the nodes of the same layer it depends
    on; the nodes at the bottom of a layer are spread over rows of at most
    ``NODES_PER_ROW``.
    """
    layer_of = {node.id: node.layer for node in drawing.nodes}
    below: dict[str, set[str]] = {node.id: set() for node in drawing.nodes}
    for edge in drawing.edges:
        if edge.source != edge.target and layer_of[edge.source] == layer_of[edge.target]:
            below[edge.source].add(edge.target)
    rows: list[list[str]] = []
    for layer_id, _ in drawing.layers:
        members = [node.id for node in by_layer.get(layer_id, [])]
        level = layer_levels(members, below, NODES_PER_ROW)
        height = max(level.values(), default=0) + 1
        layer_rows: list[list[str]] = [[] for _ in range(height)]
        for member in members:
            layer_rows[height - 1 - level[member]].append(member)
        rows.extend(row for row in layer_rows if row)
    return rows


def _add_rank_spine(graph: graphviz.Digraph, rows: list[list[str]]) -> None:
    """An invisible chain of one point per row, each on the same rank as its row."""
    spine = [f"s{index}" for index in range(len(rows))]
    for point, row in zip(spine, rows, strict=True):
        with graph.subgraph() as same:
            same.attr(rank="same")
            same.node(point, label="", shape="point", style="invis", width="0", height="0")
            for member in row:
                same.node(member)
    for upper, lower in itertools.pairwise(spine):
        graph.edge(upper, lower, style="invis")


def _legend_html(drawing: DiffDrawing) -> str:
    cells = "".join(
        f'<TD BGCOLOR="{COLOURS[state][0]}" COLOR="{COLOURS[state][1]}" BORDER="1">'
        f'<FONT COLOR="{COLOURS[state][2]}">{LEGEND[state]}</FONT></TD>'
        for state in STATES
    )
    edges = (
        '<TD><FONT COLOR="#2e7d32">→ relation added</FONT></TD>'
        '<TD><FONT COLOR="#c62828">→ relation removed</FONT></TD>'
        "<TD>- - → any_of alternative</TD>"
        '<TD><FONT COLOR="#9e9e9e">→ unchanged, to a neighbour</FONT></TD>'
    )
    omitted = (
        f'<TR><TD COLSPAN="4">{drawing.omitted} more changed element(s) not drawn '
        "(see the text or JSON report)</TD></TR>"
        if drawing.omitted
        else ""
    )
    return (
        '<<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="4">'
        f"<TR>{cells}</TR><TR>{edges}</TR>{omitted}</TABLE>>"
    )


# --- Mermaid ---------------------------------------------------------------


def to_mermaid(drawing: DiffDrawing) -> str:
    """The drawing as a Mermaid flowchart (renders on code hosts, no Graphviz needed)."""
    lines = [f"%% {mermaid_text(drawing.title)}", "flowchart TB"]
    by_layer: dict[str, list[DrawnNode]] = {}
    for node in drawing.nodes:
        by_layer.setdefault(node.layer, []).append(node)
    for index, (layer_id, layer_name) in enumerate(drawing.layers):
        lines.append(f'  subgraph L{index}["{mermaid_text(layer_name)}"]')
        lines.append("    direction TB")
        for node in by_layer.get(layer_id, []):
            label = [mermaid_text(line) for line in _wrap(node.name)]
            label.append(mermaid_text(node.element))
            if node.note:
                label.append(mermaid_text(node.note))
            lines.append(f'    {node.id}["{"<br/>".join(label)}"]')
        lines.append("  end")
    link_styles: dict[str, list[int]] = {ADDED: [], REMOVED: []}
    for link, edge in enumerate(drawing.edges):  # linkStyle counts links as written
        arrow = "-.->" if edge.any_of else "-->"
        lines.append(f"  {edge.source} {arrow} {edge.target}")
        if edge.state in link_styles:
            link_styles[edge.state].append(link)
    lines.append('  subgraph legend["Legend"]')
    lines.append("    direction LR")
    for state in STATES:
        lines.append(f'    legend_{state}["{LEGEND[state]}"]')
    if drawing.omitted:
        lines.append(f'    legend_omitted["{drawing.omitted} more changed element(s) not drawn"]')
    lines.append("  end")
    for state in STATES:
        fill, border, text = COLOURS[state]
        lines.append(f"  classDef {state} fill:{fill},stroke:{border},color:{text}")
    for state in STATES:
        members = [node.id for node in drawing.nodes if node.state == state]
        members.append(f"legend_{state}")
        lines.append(f"  class {','.join(members)} {state}")
    for state, indices in link_styles.items():
        if indices:
            colour = EDGE_COLOURS[state]
            joined = ",".join(str(i) for i in indices)
            lines.append(f"  linkStyle {joined} stroke:{colour},stroke-width:2px")
    return "\n".join(lines) + "\n"


# --- Files -----------------------------------------------------------------


def render_drawing(drawing: DiffDrawing, path: Path) -> None:
    """Write the drawing to ``path`` in the format its extension names, atomically."""
    from ictarch.output import write_atomic

    suffix = path.suffix.lower()
    if suffix in MMD_EXTENSIONS:
        content: str | bytes = to_mermaid(drawing)
    elif suffix in DOT_EXTENSIONS:
        content = to_dot(drawing).source
    elif suffix in BINARY_FORMATS:
        content = _pipe(to_dot(drawing), BINARY_FORMATS[suffix])
    else:
        raise DrawingError(
            f"{path}: unknown drawing format {suffix or '(no extension)'!r}; "
            f"use one of {', '.join(EXTENSIONS)}"
        )
    try:
        write_atomic(path, content)
    except OSError as error:
        raise DrawingError(f"cannot write {path}: {error.strerror or error}") from error


def _pipe(graph: graphviz.Digraph, output_format: str) -> bytes:
    import graphviz

    try:
        data: bytes = graph.pipe(format=output_format, engine="dot")
    except graphviz.ExecutableNotFound as error:
        raise DrawingError(
            "the Graphviz `dot` program is needed for SVG and PNG drawings and was not found; "
            "install Graphviz (apt-get install graphviz, brew install graphviz, "
            "winget install graphviz) or draw Mermaid instead (--render FILE.mmd)"
        ) from error
    except graphviz.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip()
        raise DrawingError(f"Graphviz dot failed: {detail or error}") from error
    return data
