"""The architecture as a networkx graph, shared by render, diff, impact and export.

Nodes are element ids, with the element's fields as attributes (and the
:class:`~ictarch.model.architecture.Element` itself under ``element``). An edge
A -> B means "A depends on B". Edges of an ``any_of`` group carry the same
``group`` key (``"A#1"`` for A's first group) and ``alternatives`` (the group's
size), so a reader can tell redundancy from plain dependencies; every edge carries
``required`` (False for a ``required: false`` dependency, a convenience the source
can do without). Only elements
that exist become nodes: dangling references are validation findings.

Ownership and operation are relations, not dependencies: they are node
attributes (``owner``, ``operator``) and :func:`organisation_relations` lists
them as edges for views that draw them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ictarch.model.architecture import AnyOf, Architecture

if TYPE_CHECKING:
    import networkx as nx


def build_dependency_graph(architecture: Architecture) -> nx.DiGraph:
    """A DiGraph of the architecture's elements and their dependencies."""
    import networkx as nx

    graph = nx.DiGraph(
        architecture=architecture.id,
        layers=[layer.id for layer in architecture.layers],
    )
    elements = architecture.elements
    for element in sorted(elements.values(), key=lambda e: e.id):
        graph.add_node(
            element.id,
            element=element,
            name=element.name,
            layer=element.layer,
            rank=architecture.layer_rank[element.layer],
            kind=element.kind,
            status=element.status,
            criticality=element.criticality,
            owner=element.owner,
            operator=element.operator,
            tags=element.tags,
        )
    for element in sorted(elements.values(), key=lambda e: e.id):
        group_number = 0
        for entry in element.depends_on:
            if isinstance(entry, AnyOf):
                group_number += 1
                group = f"{element.id}#{group_number}"
                for alternative in entry.alternatives:
                    _add_edge(graph, element.id, alternative.target, group, len(entry.alternatives))
            else:
                _add_edge(
                    graph, element.id, entry.target, None, 1, entry.description, entry.required
                )
    return graph


def _add_edge(
    graph: nx.DiGraph,
    source: str,
    target: str,
    group: str | None,
    alternatives: int,
    description: str | None = None,
    required: bool = True,
) -> None:
    if target not in graph or source == target:
        return
    existing: dict[str, Any] | None = graph.get_edge_data(source, target)
    if existing is not None:
        # a plain dependency is stronger than a group, a group than an optional one; of
        # two groups the later is kept, of two plain dependencies the first
        before, after = _strength(existing), _strength({"group": group, "required": required})
        if before > after or (before == after and group is None):
            return
    graph.add_edge(
        source,
        target,
        group=group,
        alternatives=alternatives,
        description=description,
        required=required,
    )


def _strength(edge: dict[str, Any]) -> int:
    """2 for a plain required dependency, 1 for an any_of alternative, 0 for an optional one."""
    if edge["group"] is not None:
        return 1
    return 2 if edge["required"] else 0


def organisation_relations(architecture: Architecture) -> Iterator[tuple[str, str, str]]:
    """(element, organisation, "owner" | "operator") for every known organisation."""
    elements = architecture.elements
    for element in sorted(elements.values(), key=lambda e: e.id):
        if element.owner in elements:
            yield element.id, element.owner, "owner"
        if element.operator in elements:
            yield element.id, element.operator, "operator"
