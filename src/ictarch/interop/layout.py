"""Positions and sizes of a diagram's nodes and groups, from the Graphviz layout.

The view is drawn as ``ictarch render`` draws it (the same DOT), laid out by
``dot -Tjson``; boxes are read back in points, the y axis turned downwards
(Graphviz counts from the bottom), rounded to whole pixels. Exporters that
carry diagrams (ArchiMate) place their nodes there, so the model opens laid
out like ictarch's own drawings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ictarch.render import RenderSettings
from ictarch.render.diagram import Diagram

Box = tuple[int, int, int, int]  # x, y (top left), width, height
_MARGIN = 20


@dataclass(slots=True)
class Layout:
    """Boxes of the diagram's nodes and junctions (by diagram id) and groups."""

    nodes: dict[str, Box] = field(default_factory=dict)
    groups: dict[str, Box] = field(default_factory=dict)
    # the invisible points edges pass through (where they leave or enter a layer)
    points: dict[str, tuple[int, int]] = field(default_factory=dict)
    # drawn segments (tail, head), by diagram id, points included
    segments: dict[str, list[str]] = field(default_factory=dict)

    def route(self, source: str, target: str) -> list[tuple[int, int]]:
        """The points the drawn edge from ``source`` to ``target`` passes through, in order.

        Edges to one target share their points (see :mod:`ictarch.render.layout`), so
        from the source the route follows the one segment towards the target's points.
        """
        suffix = "_" + target
        route: list[tuple[int, int]] = []
        current = source
        for _ in range(len(self.points) + 1):
            heads = self.segments.get(current, [])
            if target in heads:
                return route
            following = [head for head in heads if head in self.points and head.endswith(suffix)]
            if not following:
                return []
            current = following[0]
            route.append(self.points[current])
        return []


def layout_diagram(diagram: Diagram, settings: RenderSettings) -> Layout:
    """Run ``dot -Tjson`` on the diagram's DOT; raises RenderError or DotNotFound."""
    from ictarch.render import RenderError
    from ictarch.render.dot import diagram_to_dot, render_with_dot

    output = render_with_dot(diagram_to_dot(diagram, settings), "json")
    try:
        data = json.loads(output)
    except ValueError as error:
        raise RenderError(f"dot wrote unreadable JSON: {error}") from error
    _, _, _, top = (float(n) for n in str(data["bb"]).split(","))
    wanted = {node.id for node in diagram.nodes} | {j.id for j in diagram.junctions}
    groups = {f"cluster_{group.id}": group.id for group in diagram.groups}
    layout = Layout()
    names: dict[int, str] = {}
    for item in data.get("objects", []):
        name = item.get("name")
        names[item.get("_gvid", -1)] = str(name)
        if str(name).startswith("P_") and "pos" in item:
            x, y = (float(n) for n in str(item["pos"]).split(","))
            layout.points[str(name)] = (round(x) + _MARGIN, round(top - y) + _MARGIN)
        if name in wanted and "pos" in item:
            x, y = (float(n) for n in str(item["pos"]).split(","))
            width, height = float(item["width"]) * 72, float(item["height"]) * 72
            layout.nodes[name] = _box(x - width / 2, top - y - height / 2, width, height)
        elif name in groups and "bb" in item:
            left, bottom, right, upper = (float(n) for n in str(item["bb"]).split(","))
            layout.groups[groups[name]] = _box(left, top - upper, right - left, upper - bottom)
    for edge in data.get("edges", []):
        tail, head = names.get(edge.get("tail", -1)), names.get(edge.get("head", -1))
        if tail is not None and head is not None:
            layout.segments.setdefault(tail, []).append(head)
    return layout


def _box(x: float, y: float, width: float, height: float) -> Box:
    return (
        round(x) + _MARGIN,
        round(y) + _MARGIN,
        max(1, round(width)),
        max(1, round(height)),
    )
