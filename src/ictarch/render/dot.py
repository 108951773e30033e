"""DOT source for a diagram, through the ``graphviz`` package, and running ``dot`` on it.

Each group (layer or owner) is a cluster. Ranks and edge routes come from
:mod:`ictarch.render.layout`: every rank is a ``rank=same`` row tied to an
invisible spine (one point per rank, ``newrank=true``), so layers are stacked
top to bottom in the order the architecture defines; the legend is the last
row.

Names are data: node labels are plain strings with ``\\`` doubled (so
``\\N`` or ``\\l`` in a name stays text) and ``&`` written ``&amp;`` (so
entities in a name stay text); the ``graphviz`` package escapes ``"`` and
:func:`graphviz.nohtml` stops ``<...>`` from being read as an HTML label.
``dot`` escapes ``<``, ``>``, ``&`` and ``"`` when it writes SVG. The only
HTML-like label is the title, built here from :func:`html.escape`-d text.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ictarch.i18n import _
from ictarch.model.lifecycle import STATUS_LABELS
from ictarch.render.diagram import (
    AGGREGATE,
    ALTERNATIVE,
    ANY_OF,
    OPTIONAL,
    TO_JUNCTION,
    Diagram,
    Edge,
    Junction,
    Node,
    safe_id,
    shorten,
    wrap_text,
)
from ictarch.render.layout import is_any_of_point, plan_drawing
from ictarch.render.styles import (
    ANY_OF_COLOUR,
    EDGE_COLOUR,
    EDGE_HIGHLIGHT_STYLES,
    FAMILIES,
    FOCUS_PENWIDTH,
    HIGHLIGHT_PENWIDTH,
    HIGHLIGHT_STYLES,
    STATUS_STYLES,
    UPWARD_COLOUR,
)

if TYPE_CHECKING:
    import graphviz

    from ictarch.render import RenderSettings

LABEL_WIDTH = 30
MAX_TOOLTIP_LINE = 1000
MAX_TOOLTIP_LINES = 12  # together well under Graphviz's 16,384 characters a string
TITLE_WIDTH = 90
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:[0-9]{14}[^)]{0,8}\)")


def dot_label(text: str, width: int = LABEL_WIDTH, extra: tuple[str, ...] = ()) -> str:
    """A plain (non-HTML) DOT label: wrapped lines of literal text."""
    lines = [*wrap_text(text, width), *extra]
    escaped = (line.replace("\\", "\\\\").replace("&", "&amp;") for line in lines)
    return _nohtml("\\n".join(escaped))


def dot_tooltip(text: str) -> str:
    """A tooltip: Graphviz unescapes tooltips twice, so ``\\`` is written four times."""
    lines = [shorten(line, MAX_TOOLTIP_LINE) for line in text.split("\n")[:MAX_TOOLTIP_LINES]]
    escaped = (line.replace("\\", "\\\\\\\\").replace("&", "&amp;") for line in lines)
    return _nohtml("\\n".join(escaped))


def _nohtml(text: str) -> str:
    import graphviz

    marked: str = graphviz.nohtml(text)
    return marked


def diagram_to_dot(
    diagram: Diagram, settings: RenderSettings, links: Mapping[str, str] | None = None
) -> str:
    """The DOT source of a diagram; the same diagram always gives the same text.

    ``links`` maps element ids to the URLs their nodes link to (``href`` in
    SVG): the pages of ``ictarch site``. Nodes of other elements, aggregates
    and junctions link nowhere.
    """
    import graphviz

    font = _nohtml(settings.font)
    graph = graphviz.Digraph(
        name=diagram.view_id,
        graph_attr={
            "rankdir": "TB",
            "fontname": font,
            "fontsize": "12",
            "labelloc": "t",
            "labeljust": "l",
            "nodesep": "0.15",
            "ranksep": "0.4",
            "pad": "0.3",
            "bgcolor": "white",
            "newrank": "true",
        },
        node_attr={
            "fontname": font,
            "fontsize": "10",
            "style": "filled",
            "margin": "0.12,0.06",
        },
        edge_attr={
            "fontname": font,
            "fontsize": "8",
            "color": EDGE_COLOUR,
            "arrowsize": "0.6",
        },
    )
    drawing = plan_drawing(diagram, _edge_attributes)
    for group in diagram.groups:
        with graph.subgraph(name=f"cluster_{group.id}") as cluster:
            cluster.attr(
                label=dot_label(group.label, 60),
                style="rounded,filled",
                fillcolor="#f8f8f8",
                color="#bfbfbf",
                fontsize="12",
            )
            for node in diagram.nodes_in(group.id):
                cluster.node(node.id, **_node_attributes(node, links))
            for junction in diagram.junctions_in(group.id):
                cluster.node(junction.id, **_junction_attributes(junction))
            for point in drawing.points.get(group.id, ()):
                cluster.node(point, **_point_attributes(point))
    for junction in diagram.junctions_in(None):
        graph.node(junction.id, **_junction_attributes(junction))
    ranks = drawing.ranks
    for source, target, attributes in drawing.segments:
        if ranks[target] <= ranks[source]:
            attributes = {**attributes, "constraint": "false"}
        graph.edge(source, target, **attributes)
    legend = _add_legend(graph, diagram)
    _add_rank_spine(graph, ranks, legend)
    graph.attr("graph", label=_title_label(diagram))
    return str(graph.source)


def _point_attributes(point: str) -> dict[str, str]:
    """A pass-through point: a dot as thick as the line, in the colour of its edges."""
    colour = ANY_OF_COLOUR if is_any_of_point(point) else EDGE_COLOUR
    return {"label": "", "shape": "point", "width": "0.03", "color": colour, "fillcolor": colour}


def _node_attributes(node: Node, links: Mapping[str, str] | None = None) -> dict[str, str]:
    family = FAMILIES[node.family]
    attributes = {
        "label": dot_label(node.label, extra=node.details()),
        "shape": family.dot_shape,
        "fillcolor": family.fill,
        "color": family.border,
        "tooltip": dot_tooltip(node.tooltip),
    }
    styles = ["filled", "rounded"] if family.rounded else ["filled"]
    status = STATUS_STYLES.get(node.status or "")
    if status is not None:
        if status.dashed:
            styles.append("dashed")
        if status.fill:
            attributes["fillcolor"] = status.fill
        if status.border:
            attributes["color"] = status.border
        if status.text:
            attributes["fontcolor"] = status.text
    highlight = HIGHLIGHT_STYLES.get(node.highlight or "")
    if highlight is not None:
        attributes.update(
            fillcolor=highlight.fill, color=highlight.border, penwidth=HIGHLIGHT_PENWIDTH
        )
        if highlight.dashed and "dashed" not in styles:
            styles.append("dashed")
    if node.aggregate:
        attributes["peripheries"] = "2"
    if node.focus:
        attributes["penwidth"] = FOCUS_PENWIDTH
    attributes["style"] = ",".join(styles)
    if links is not None and node.element is not None and node.element in links:
        attributes["href"] = _nohtml(links[node.element])
    return attributes


def _junction_attributes(junction: Junction) -> dict[str, str]:
    return {
        "label": dot_label(junction.label),
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "white",
        "color": ANY_OF_COLOUR,
        "fontcolor": ANY_OF_COLOUR,
        "fontsize": "8",
        "width": "0",
        "height": "0",
        "margin": "0.05,0.02",
        "tooltip": dot_tooltip(junction.tooltip),
    }


def _edge_attributes(edge: Edge) -> dict[str, str]:
    attributes: dict[str, str] = {}
    if edge.label:
        attributes["label"] = dot_label(edge.label, 40)
    if edge.tooltip:
        attributes["tooltip"] = dot_tooltip(edge.tooltip)
    if edge.kind in (ANY_OF, ALTERNATIVE):
        attributes.update(style="dashed", color=ANY_OF_COLOUR, fontcolor=ANY_OF_COLOUR)
    elif edge.kind == TO_JUNCTION:
        attributes.update(color=ANY_OF_COLOUR, fontcolor=ANY_OF_COLOUR)
    elif edge.kind == OPTIONAL:
        attributes.update(style="dotted", arrowhead="odot")
    elif edge.kind == AGGREGATE and edge.count > 1:
        attributes["penwidth"] = f"{min(1 + math.log2(edge.count) / 2, 4):.1f}"
    if edge.upward:
        attributes.update(color=UPWARD_COLOUR, fontcolor=UPWARD_COLOUR)
    highlight = EDGE_HIGHLIGHT_STYLES.get(edge.highlight or "")
    if highlight is not None:
        attributes.update(
            color=highlight.colour, fontcolor=highlight.colour, penwidth=highlight.penwidth
        )
    return attributes


def _add_rank_spine(graph: graphviz.Digraph, ranks: dict[str, int], legend: list[str]) -> None:
    """An invisible chain of one node per rank, tied to the nodes of its rank."""
    by_rank: dict[int, list[str]] = defaultdict(list)
    for member, rank in ranks.items():
        by_rank[rank].append(member)
    last = max(by_rank, default=-1)
    if legend:
        last += 1
        by_rank[last] = legend
    spine = [safe_id("R", str(rank)) for rank in range(last + 1)]
    for rank, spine_node in enumerate(spine):
        with graph.subgraph() as row:
            row.attr(rank="same")
            row.node(spine_node, label="", shape="point", style="invis", width="0", height="0")
            for member in sorted(by_rank.get(rank, ())):
                row.node(member)
    for upper, lower in itertools.pairwise(spine):
        graph.edge(upper, lower, style="invis")


def _add_legend(graph: graphviz.Digraph, diagram: Diagram) -> list[str]:
    """A legend cluster of sample nodes; returns their ids (one row, under everything)."""
    families = diagram.families()
    if not families:
        return []
    samples: list[tuple[str, dict[str, str]]] = []
    for name in families:
        family = FAMILIES[name]
        attributes = {
            "label": dot_label(_(family.label), 20),
            "shape": family.dot_shape,
            "style": "filled,rounded" if family.rounded else "filled",
            "fillcolor": family.fill,
            "color": family.border,
        }
        samples.append((safe_id("legend", name), attributes))
    for status in diagram.statuses():
        style = STATUS_STYLES[status]
        attributes = {
            "label": _(STATUS_LABELS[status]),
            "shape": "box",
            "style": "filled,dashed" if style.dashed else "filled",
            "fillcolor": style.fill or "#ffffff",
            "color": style.border or "#555555",
            "fontcolor": style.text or "#000000",
        }
        samples.append((safe_id("legend", "status", status), attributes))
    for name in diagram.highlights():
        highlight = HIGHLIGHT_STYLES[name]
        attributes = {
            "label": _(highlight.label),
            "shape": "box",
            "style": "filled,dashed" if highlight.dashed else "filled",
            "fillcolor": highlight.fill,
            "color": highlight.border,
            "penwidth": HIGHLIGHT_PENWIDTH,
        }
        samples.append((safe_id("legend", "highlight", name), attributes))
    if diagram.aggregated:
        samples.append(
            (
                safe_id("legend", "aggregate"),
                {
                    "label": _("several elements"),
                    "shape": "box",
                    "peripheries": "2",
                    "fillcolor": "#ffffff",
                },
            )
        )
    explanation = [_("A → B: A depends on B")]
    if diagram.junctions or any(edge.kind == ANY_OF for edge in diagram.edges):
        explanation.append(_("A → any of ⇢ B, C: A needs B or C"))
    if any(edge.kind == OPTIONAL for edge in diagram.edges):
        explanation.append(_("A ··○ B: A works without B, only degraded (required: false)"))
    if diagram.aggregated:
        explanation.append(_("×N: N dependencies"))
    if any(edge.upward and edge.highlight is None for edge in diagram.edges):
        explanation.append(_("red edge: depends on a higher layer"))
    explanation.extend(_(EDGE_HIGHLIGHT_STYLES[name].label) for name in diagram.edge_highlights())
    samples.append(
        (
            safe_id("legend", "edges"),
            {"label": "\\l".join(explanation) + "\\l", "shape": "plaintext", "style": ""},
        )
    )
    with graph.subgraph(name="cluster_legend") as legend:
        legend.attr(
            label=_("Legend"), style="rounded", color="#bfbfbf", fillcolor="white", fontsize="10"
        )
        for node_id, attributes in samples:
            legend.node(node_id, fontsize="9", **attributes)
    ids = [node_id for node_id, _ in samples]
    for left, right in itertools.pairwise(ids):
        graph.edge(left, right, style="invis")
    return ids


def _title_label(diagram: Diagram) -> str:
    """The graph label: the title in bold, the description and the aggregation note."""
    lines = [f"<B>{html.escape(line)}</B>" for line in wrap_text(diagram.title, TITLE_WIDTH)]
    small = wrap_text(diagram.description, TITLE_WIDTH + 30) if diagram.description else []
    if diagram.note:
        small += wrap_text(diagram.note[:1].upper() + diagram.note[1:] + ".", TITLE_WIDTH + 30)
    if small:
        text = "<BR ALIGN='LEFT'/>".join(html.escape(line) for line in small)
        lines.append(f"<FONT POINT-SIZE='10'>{text}</FONT>")
    body = "<BR ALIGN='LEFT'/>".join(lines)
    return f"<<FONT POINT-SIZE='16'>{body}</FONT><BR ALIGN='LEFT'/>>"


def render_with_dot(source: str, output_format: str) -> bytes:
    """Run ``dot`` on DOT source; raises DotNotFound or RenderError.

    PDF output carries its creation time; it is set to a fixed date of the
    same length, so that the same diagram gives the same bytes.
    """
    import graphviz

    from ictarch.render import DotNotFound, RenderError

    try:
        output: bytes = graphviz.pipe("dot", output_format, source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound as error:
        raise DotNotFound() from error
    except graphviz.CalledProcessError as error:
        stderr = error.stderr.decode("utf-8", "replace") if error.stderr else ""
        raise RenderError(
            _("dot failed: {reason}").format(reason=stderr.strip() or error)
        ) from error
    if output_format == "pdf":
        output = _PDF_DATE.sub(_fixed_pdf_date, output)
    return output


def _fixed_pdf_date(match: re.Match[bytes]) -> bytes:
    original = match.group(0)
    fixed = b"/" + match.group(1) + b" (D:19700101000000Z)"
    return fixed.ljust(len(original), b" ") if len(fixed) <= len(original) else original
