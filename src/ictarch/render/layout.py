"""Where things go in the Graphviz drawing: a rank for every node, and a route for every edge.

Ranks (rows, top = 0) stack the layers in their order: within a layer a node
sits above the nodes of the same layer it depends on, and the nodes at the
bottom of a wide layer are spread over several rows (``NODES_PER_ROW``), so
that forty agencies do not make one row forty boxes wide.

Routes work around a habit of ``dot``: it keeps an edge out of every cluster
it does not start or end in, and out of the rows of its own clusters it does
not need, so an edge from services to infrastructure would go round the whole
platforms box, and an edge into the third row of a layer round the first two.
Instead, with layers as groups, an edge that leaves a layer goes through an
invisible *exit* point in the bottom row of the layer, and enters each layer
below through an invisible *entry* point in its top row (one point when the
layer is a single row). Every segment then joins adjacent rows or stays in
one cluster. Edges to the same element share their points from the first
exit on, which bundles them into one line; the diff drawing's added and removed
dependencies do not, so each is drawn whole in its colour.
"""

from __future__ import annotations

import graphlib
import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ictarch.render.diagram import ALTERNATIVE, ANY_OF, TO_JUNCTION, Diagram, Edge

NODES_PER_ROW = 6

Attributes = dict[str, str]


@dataclass(slots=True)
class Drawing:
    """Ranks of nodes and points, points per group, and edge segments to draw."""

    ranks: dict[str, int]
    points: dict[str, list[str]] = field(default_factory=dict)
    segments: list[tuple[str, str, Attributes]] = field(default_factory=list)


def plan_drawing(diagram: Diagram, attributes: Callable[[Edge], Attributes]) -> Drawing:
    """Ranks and edge segments; ``attributes`` gives the DOT attributes of an edge."""
    layer_of = {node.id: node.layer for node in diagram.nodes}
    layer_of.update({junction.id: junction.layer for junction in diagram.junctions})
    same_layer = [
        (edge.source, edge.target)
        for edge in diagram.edges
        if layer_of[edge.source] == layer_of[edge.target] and edge.source != edge.target
    ]
    drawing = Drawing(stack_layers(layer_of, same_layer))
    router = _Router(diagram, layer_of, drawing)
    for edge in diagram.edges:
        router.route(edge, attributes(edge))
    return drawing


def stack_layers(layer_of: dict[str, int], same_layer: Iterable[tuple[str, str]]) -> dict[str, int]:
    """A rank for every member: layers stacked in order, dependencies lower within a layer."""
    successors: dict[str, set[str]] = {member: set() for member in layer_of}
    for source, target in same_layer:
        successors[source].add(target)
    ranks: dict[str, int] = {}
    offset = 0
    for layer in sorted(set(layer_of.values())):
        members = sorted(member for member in layer_of if layer_of[member] == layer)
        level = layer_levels(members, successors)
        height = max(level.values()) + 1
        for member in members:
            ranks[member] = offset + height - 1 - level[member]
        offset += height
    return ranks


def layer_levels(
    members: list[str], successors: dict[str, set[str]], per_row: int = NODES_PER_ROW
) -> dict[str, int]:
    """Height above the bottom of the layer: 0 for members with no dependency in the layer.

    The members at the bottom are spread over rows of at most ``per_row``.
    """
    inside = set(members)
    graph = {member: sorted(successors[member] & inside) for member in members}
    while True:
        try:
            order = list(graphlib.TopologicalSorter(graph).static_order())
            break
        except graphlib.CycleError as error:  # only in architectures rendered with --force
            cycle: list[str] = error.args[1]
            graph[cycle[1]] = [n for n in graph[cycle[1]] if n != cycle[0]]
    bottom = [member for member in members if not graph[member]]
    rows = max(1, math.ceil(len(bottom) / per_row))
    level = {member: position % rows for position, member in enumerate(bottom)}
    for member in order:  # dependencies first
        if member not in level:
            level[member] = 1 + max(level[n] for n in graph[member])
    return level


def is_any_of_point(point: str) -> bool:
    """Whether a pass-through point carries any-of edges (drawn in their colour)."""
    return point.split("_", 3)[3].startswith("any_")


_DRAWN_WHOLE = frozenset({"added", "removed"})
"""Edge highlights (the diff's) drawn whole, never through a shared point."""


class _Router:
    def __init__(self, diagram: Diagram, layer_of: dict[str, int], drawing: Drawing) -> None:
        self.drawing = drawing
        self.layer_of = layer_of
        self.by_layer = diagram.group_by == "layer"
        self.layers = sorted(set(layer_of.values()))
        self.group_of_layer = {node.layer: node.group for node in diagram.nodes}
        ranks = drawing.ranks
        self.top = {
            layer: min(ranks[m] for m in layer_of if layer_of[m] == layer) for layer in self.layers
        }
        self.bottom = {
            layer: max(ranks[m] for m in layer_of if layer_of[m] == layer) for layer in self.layers
        }
        self.drawn: set[tuple[str, str]] = set()

    def route(self, edge: Edge, attributes: Attributes) -> None:
        source, target = edge.source, edge.target
        upper, lower = self.layer_of[source], self.layer_of[target]
        if not self.by_layer or edge.upward or upper >= lower:
            self.drawing.segments.append((source, target, attributes))
            return
        style = "any" if edge.kind in (ANY_OF, ALTERNATIVE, TO_JUNCTION) else "plain"
        if edge.highlight in _DRAWN_WHOLE:
            # an added or removed dependency keeps its own points: bundled with the
            # other edges to its target, its colour would stop at the first shared
            # point and it could read as going to another element
            style = f"{style}_{edge.highlight}_{source}"
        ranks = self.drawing.ranks
        chain = [source]
        if ranks[source] != self.bottom[upper]:
            chain.append(self.point("exit", upper, style, target))
        for layer in self.layers:
            if upper < layer < lower:
                chain.append(self.point("entry", layer, style, target))
                if self.top[layer] != self.bottom[layer]:
                    chain.append(self.point("exit", layer, style, target))
        if ranks[target] != self.top[lower]:
            chain.append(self.point("entry", lower, style, target))
        chain.append(target)
        if len(chain) == 2:
            self.drawing.segments.append((source, target, attributes))
            return
        trunk: Attributes = {k: v for k, v in attributes.items() if k in ("style", "color")}
        trunk["tailclip"] = "false"
        into_point = {"arrowhead": "none", "headclip": "false"}
        self.drawing.segments.append((source, chain[1], {**attributes, **into_point}))
        for start, end in itertools.pairwise(chain[1:]):
            if (start, end) in self.drawn:
                continue
            self.drawn.add((start, end))
            self.drawing.segments.append(
                (start, end, trunk if end == target else {**trunk, **into_point})
            )

    def point(self, role: str, layer: int, style: str, target: str) -> str:
        """The invisible point where edges to ``target`` enter or leave ``layer``."""
        point = f"P_{role}_{layer}_{style}_{target}"
        if point not in self.drawing.ranks:
            self.drawing.ranks[point] = self.top[layer] if role == "entry" else self.bottom[layer]
            self.drawing.points.setdefault(self.group_of_layer[layer], []).append(point)
        return point
