"""One ictarch view as an ArchiMate diagram, laid out by Graphviz.

The view's :class:`~ictarch.render.diagram.Diagram` (what ``ictarch render``
draws) is laid out with ``dot``; groups (layers or owners) become visual
containers, elements become element nodes at their boxes, and every model
relationship between two placed concepts (ownership aside) becomes a connection,
with bend points where the drawing routes it through a layer's exit and entry points. An Or junction
sits where ictarch draws its ``any of`` box, or half-way between the
dependant and the one alternative shown. An aggregated view (over its node
budget) keeps its aggregates as labels joined by lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ictarch.interop.archimate_names import (
    JUNCTION_SIZE,
    LANGUAGE,
    PREFIX,
    XSI,
    qualified,
    token,
)
from ictarch.interop.common import json_text, view_definition
from ictarch.interop.layout import Box, Layout, layout_diagram
from ictarch.model.architecture import View
from ictarch.render import RenderSettings
from ictarch.render.diagram import Diagram, safe_id

if TYPE_CHECKING:
    from ictarch.interop.archimate_export import ModelBuilder


def plan_diagram(builder: ModelBuilder, view: View) -> tuple[Diagram, Layout]:
    """The view's diagram, as ``ictarch render`` builds it, and its Graphviz layout."""
    from ictarch.render.build import build_diagram

    architecture = builder.architecture
    diagram = build_diagram(architecture, builder.graph(), view)
    return diagram, layout_diagram(diagram, RenderSettings.from_architecture(architecture))


def build_diagram_view(builder: ModelBuilder, view: View, diagram: Diagram, layout: Layout) -> Any:
    """The ``<view>`` element of one diagram."""
    from lxml import etree

    architecture = builder.architecture
    prefix = f"n_{token(view.id)}_"

    node_xml = etree.Element(qualified("view"))
    node_xml.set("identifier", f"v_{token(view.id)}")
    node_xml.set(f"{{{XSI}}}type", "Diagram")
    builder.add_text(node_xml, "name", view.title or view.id, LANGUAGE)
    if view.description:
        builder.add_text(node_xml, "documentation", view.description)
    if view in architecture.views:
        builder.add_properties(
            node_xml, [(PREFIX + "view", json_text(view_definition(view, extensions=False)))]
        )
    else:
        builder.add_properties(node_xml, [(PREFIX + "generated", "true")])

    containers: dict[str | None, Any] = {None: node_xml}
    for group in diagram.groups:
        box = layout.groups.get(group.id)
        if box is None:
            continue
        container = _node(node_xml, prefix + group.id, "Container", box)
        builder.add_text(container, "label", group.label, LANGUAGE)
        containers[group.id] = container

    placed: dict[str, str] = {}  # concept identifier -> diagram node identifier
    centres: dict[str, tuple[int, int]] = {}
    boxes: list[Box] = []
    drawn: dict[str, str] = {}  # diagram node identifier -> its id in the render diagram
    element_ids = builder.scope.ids
    for node in diagram.nodes:
        box = layout.nodes.get(node.id)
        if box is None:
            continue
        parent = containers.get(node.group, node_xml)
        identifier = prefix + node.id
        if node.element is not None and node.element in element_ids:
            xml = _node(parent, identifier, "Element", box)
            xml.set("elementRef", builder.identifier(node.element))
            placed[builder.identifier(node.element)] = identifier
        else:
            xml = _node(parent, identifier, "Label", box)
            label = node.label if node.count == 1 else f"{node.label} ({node.count})"
            builder.add_text(xml, "label", label, LANGUAGE)
        centres[identifier] = (box[0] + box[2] // 2, box[1] + box[3] // 2)
        boxes.append(box)
        drawn[identifier] = node.id

    # Or junctions: where ictarch draws the shared "any of" box, or half-way
    used: dict[tuple[int, int], int] = {}
    for junction in builder.junctions.values():
        dependants = [d for d in junction.dependants if builder.identifier(d) in placed]
        shown = [a for a in junction.alternatives if builder.identifier(a) in placed]
        if not dependants or not shown:
            continue
        render_id = safe_id("j", str(len(junction.alternatives)), *shown)
        box = layout.nodes.get(render_id) if len(shown) > 1 else None
        if box is not None:
            x, y = box[0] + box[2] // 2, box[1] + box[3] // 2
            drawn[prefix + junction.identifier] = render_id
        else:
            start = centres[placed[builder.identifier(dependants[0])]]
            end = centres[placed[builder.identifier(shown[0])]]
            x, y = _free_point(start, end, boxes)
        offset = used.get((x, y), 0)
        used[(x, y)] = offset + 1
        x += offset * (JUNCTION_SIZE + 4)
        half = JUNCTION_SIZE // 2
        identifier = prefix + junction.identifier
        xml = _node(
            node_xml,
            identifier,
            "Element",
            (max(0, x - half), max(0, y - half), JUNCTION_SIZE, JUNCTION_SIZE),
        )
        xml.set("elementRef", junction.identifier)
        placed[junction.identifier] = identifier

    for relation in builder.relations:
        if relation.name in ("owner", "operator") and relation.type == "Association":
            continue  # ownership is not drawn, as in ictarch's diagrams
        source, target = placed.get(relation.source), placed.get(relation.target)
        if source is None or target is None:
            continue
        connection = etree.SubElement(node_xml, qualified("connection"))
        connection.set("identifier", f"c_{token(view.id)}_{relation.identifier}")
        connection.set(f"{{{XSI}}}type", "Relationship")
        connection.set("relationshipRef", relation.identifier)
        connection.set("source", source)
        connection.set("target", target)
        # ictarch draws dependant -> provider; the relationship runs provider -> dependant
        route = []
        if source in drawn and target in drawn:
            route = layout.route(drawn[target], drawn[source])
        for x, y in reversed(route):
            bendpoint = etree.SubElement(connection, qualified("bendpoint"))
            bendpoint.set("x", str(max(0, x)))
            bendpoint.set("y", str(max(0, y)))
    if diagram.aggregated:
        for index, edge in enumerate(diagram.edges):
            source, target = prefix + edge.source, prefix + edge.target
            if source not in centres or target not in centres:
                continue
            connection = etree.SubElement(node_xml, qualified("connection"))
            connection.set("identifier", f"c_{token(view.id)}_line{index}")
            connection.set(f"{{{XSI}}}type", "Line")
            connection.set("source", source)
            connection.set("target", target)
            if edge.label:
                builder.add_text(connection, "label", edge.label)
    return node_xml


_FRACTIONS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9)


def _free_point(start: tuple[int, int], end: tuple[int, int], boxes: list[Box]) -> tuple[int, int]:
    """A point on the line from ``start`` to ``end``, as near its middle as possible,
    where a junction covers no node (the middle itself when there is none)."""
    half = JUNCTION_SIZE // 2 + 2
    for fraction in _FRACTIONS:
        x = round(start[0] + (end[0] - start[0]) * fraction)
        y = round(start[1] + (end[1] - start[1]) * fraction)
        if not any(
            bx - half < x < bx + width + half and by - half < y < by + height + half
            for bx, by, width, height in boxes
        ):
            return x, y
    return (start[0] + end[0]) // 2, (start[1] + end[1]) // 2


def _node(parent: Any, identifier: str, node_type: str, box: Box) -> Any:
    from lxml import etree

    node = etree.SubElement(parent, qualified("node"))
    node.set("identifier", identifier)
    node.set(f"{{{XSI}}}type", node_type)
    x, y, width, height = box
    node.set("x", str(x))
    node.set("y", str(y))
    node.set("w", str(width))
    node.set("h", str(height))
    return node
