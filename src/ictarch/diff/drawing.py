"""The visual diff: the changed part of the architecture and its neighbours.

Added elements and dependencies are green, removed ones red (drawn from the
old version; removed elements dashed), changed elements amber (a field, the
layer, the id, or their dependencies changed) and their unchanged neighbours
grey, with a legend. Unchanged dependencies are drawn, in grey, only where
they tie in a neighbour: between two changed elements they would bury the
changes.

The drawing is a :class:`~ictarch.render.diagram.Diagram` like any view's: one
group per layer in the architecture's order, shapes by kind family, generated
identifiers and escaped text, written by the render writers, so it looks like
the other diagrams and is as deterministic (the same diff gives the same DOT,
Mermaid, SVG and PNG bytes). :func:`select_drawing` chooses what to draw;
:func:`render_drawing` writes a file in the format its extension names.
"""

from __future__ import annotations

from pathlib import Path

from ictarch.diff.model import ArchitectureDiff, ElementChange
from ictarch.diff.presentation import headline, layer_order
from ictarch.model.architecture import AnyOf, Architecture
from ictarch.render import RenderSettings
from ictarch.render.diagram import ANY_OF, DEPENDS, Diagram, Edge, Group, Node, safe_id
from ictarch.render.styles import family_of

DEFAULT_MAX_NODES = 150
"""Nodes drawn at most: dot slows down sharply beyond a few hundred (NOTES.md)."""

# What happened to an element or a dependency: keys of the render highlight styles.
ADDED, REMOVED, CHANGED, CONTEXT = "added", "removed", "changed", "context"


class DrawingError(Exception):
    """The drawing cannot be written (unknown extension, missing dot, I/O)."""


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
) -> Diagram:
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

    order = layer_order(diff)
    rank = {layer_id: index for index, (layer_id, _) in enumerate(order)}
    layer_of = {e: _layer_of(e, old, new, removed_ids) for e in states}
    ordered = sorted(states, key=lambda e: (rank.get(layer_of[e], len(rank)), e))
    node_ids = {element_id: safe_id("e", element_id) for element_id in ordered}
    nodes = []
    for element_id in ordered:
        element = (
            old.elements[element_id] if element_id in removed_ids else new.elements[element_id]
        )
        nodes.append(
            Node(
                id=node_ids[element_id],
                label=element.name,
                family=family_of(element.kind, element.layer),
                group=safe_id("layer", layer_of[element_id]),
                layer=rank.get(layer_of[element_id], len(rank)),
                element=element_id,
                tooltip=f"{element_id} ({states[element_id]})",
                highlight=states[element_id],
                notes=(element_id, *_notes(element_id, changed, renames)),
            )
        )
    drawn_layers = {layer_of[e] for e in states}
    groups = tuple(
        Group(safe_id("layer", layer_id), name)
        for layer_id, name in order
        if layer_id in drawn_layers
    )
    added_relations = set(diff.relations_added)
    removed_relations = {(renames.get(s, s), renames.get(t, t)) for s, t in diff.relations_removed}
    drawn: dict[tuple[str, str], tuple[str, bool]] = {}
    for (source, target), any_of in new_edges.items():
        if source not in node_ids or target not in node_ids or source == target:
            continue
        if (source, target) in added_relations:
            drawn[(source, target)] = (ADDED, any_of)
        elif CONTEXT in (states[source], states[target]):
            # an unchanged dependency is drawn only where it ties in a neighbour
            drawn[(source, target)] = (CONTEXT, any_of)
    for (source, target), any_of in old_edges.items():
        if (
            (source, target) in removed_relations
            and (source, target) not in drawn
            and source in node_ids
            and target in node_ids
            and source != target
        ):
            drawn[(source, target)] = (REMOVED, any_of)
    position = {element_id: index for index, element_id in enumerate(ordered)}
    drawn_edges = tuple(
        Edge(node_ids[source], node_ids[target], ANY_OF if any_of else DEPENDS, highlight=state)
        for (source, target), (state, any_of) in sorted(
            drawn.items(), key=lambda item: (position[item[0][0]], position[item[0][1]])
        )
    )
    return Diagram(
        view_id="ictarch_diff",
        title=f"ictarch diff: {headline(diff)}",
        description="",
        group_by="layer",
        groups=groups,
        nodes=tuple(nodes),
        edges=drawn_edges,
        element_count=len(nodes),
        note=(
            f"{omitted} more changed element(s) not drawn (see the text or JSON report)"
            if omitted
            else None
        ),
    )


def _layer_of(element_id: str, old: Architecture, new: Architecture, removed: set[str]) -> str:
    if element_id in removed:
        return old.elements[element_id].layer
    return new.elements[element_id].layer


def _notes(
    element_id: str, changed: dict[str, ElementChange], renames: dict[str, str]
) -> tuple[str, ...]:
    """What changed, in a few words: a rename, a status, a layer."""
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
    return tuple(notes)


def render_drawing(diagram: Diagram, path: Path, settings: RenderSettings) -> None:
    """Write the drawing to ``path`` in the format its extension names, atomically."""
    from ictarch.render import RenderError, write_diagram

    try:
        write_diagram(diagram, path, settings)
    except RenderError as error:
        raise DrawingError(str(error)) from error
