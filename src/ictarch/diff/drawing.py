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
from ictarch.diff.presentation import headline, layer_order, status_label
from ictarch.errors import IctarchError
from ictarch.i18n import _, ngettext
from ictarch.model.architecture import AnyOf, Architecture
from ictarch.render import RenderSettings
from ictarch.render.diagram import ANY_OF, DEPENDS, Diagram, Edge, Group, Node, safe_id
from ictarch.render.styles import family_of
from ictarch.render.views import DEFAULT_MAX_NODES

# What happened to an element or a dependency: keys of the render highlight styles.
ADDED, REMOVED, CHANGED, CONTEXT = "added", "removed", "changed", "context"


class DrawingError(IctarchError):
    """The drawing cannot be written (unknown extension, missing dot, I/O)."""


Edges = dict[tuple[str, str], bool]
"""(from, to) -> whether every occurrence is an any_of alternative."""


def _edges_of(architecture: Architecture) -> Edges:
    """Every dependency of the architecture, as :data:`Edges`."""
    edges: Edges = {}
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
    new_edges = _edges_of(new)
    old_edges = {
        (renames.get(s, s), renames.get(t, t)): any_of for (s, t), any_of in _edges_of(old).items()
    }
    states, omitted = _changed_states(diff, renames, removed_ids, max_nodes)
    _add_neighbours(states, new, (new_edges, old_edges), max_nodes)

    order = layer_order(diff)
    rank = {layer_id: index for index, (layer_id, _) in enumerate(order)}
    elements = {e: (old if e in removed_ids else new).elements[e] for e in states}
    ordered = sorted(states, key=lambda e: (rank.get(elements[e].layer, len(rank)), e))
    changed = {change.id: change for change in diff.changed}
    nodes: list[Node] = []
    for element_id in ordered:
        element = elements[element_id]
        nodes.append(
            Node(
                id=safe_id("e", element_id),
                label=element.name,
                family=family_of(element.kind, element.layer),
                group=safe_id("layer", element.layer),
                layer=rank.get(element.layer, len(rank)),
                element=element_id,
                tooltip=f"{element_id} ({states[element_id]})",
                highlight=states[element_id],
                notes=(element_id, *_notes(element_id, changed, renames)),
            )
        )
    drawn_layers = {element.layer for element in elements.values()}
    return Diagram(
        view_id="ictarch_diff",
        title=f"ictarch diff: {headline(diff)}",
        description="",
        group_by="layer",
        groups=tuple(
            Group(safe_id("layer", layer_id), name)
            for layer_id, name in order
            if layer_id in drawn_layers
        ),
        nodes=tuple(nodes),
        edges=_drawn_edges(diff, renames, states, ordered, new_edges, old_edges),
        element_count=len(nodes),
        note=(
            ngettext(
                "{count} more changed element not drawn (see the text or JSON report)",
                "{count} more changed elements not drawn (see the text or JSON report)",
                omitted,
            ).format(count=omitted)
            if omitted
            else None
        ),
    )


def _changed_states(
    diff: ArchitectureDiff, renames: dict[str, str], removed_ids: set[str], max_nodes: int
) -> tuple[dict[str, str], int]:
    """Element id -> added, removed or changed, for the changes drawn; and how many are not."""
    changed = {change.id: change for change in diff.changed}
    added_ids = {summary.id for summary in diff.added}
    relation_changed = {source for source, _ in diff.relations_added}
    relation_changed |= {renames.get(s, s) for s, _ in diff.relations_removed}
    relation_changed |= {group.source for group in diff.groups}
    relation_changed |= set(renames.values())
    relation_changed -= removed_ids

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
    states: dict[str, str] = {}
    for element_id in focus[:max_nodes]:
        if element_id in removed_ids:
            states[element_id] = REMOVED
        elif element_id in added_ids:
            states[element_id] = ADDED
        else:
            states[element_id] = CHANGED
    return states, max(0, len(focus) - max_nodes)


def _add_neighbours(
    states: dict[str, str], new: Architecture, edge_sets: tuple[Edges, Edges], max_nodes: int
) -> None:
    """Add the unchanged elements most tied to the changes, as room allows."""
    neighbours: dict[str, int] = {}
    for edges in edge_sets:
        for source, target in edges:
            if source in states and target not in states:
                neighbours[target] = neighbours.get(target, 0) + 1
            elif target in states and source not in states:
                neighbours[source] = neighbours.get(source, 0) + 1
    room = max(0, max_nodes - len(states))
    for element_id, _count in sorted(neighbours.items(), key=lambda item: (-item[1], item[0]))[
        :room
    ]:
        if element_id in new.elements:
            states[element_id] = CONTEXT


def _drawn_edges(
    diff: ArchitectureDiff,
    renames: dict[str, str],
    states: dict[str, str],
    ordered: list[str],
    new_edges: Edges,
    old_edges: Edges,
) -> tuple[Edge, ...]:
    """Added and removed dependencies between drawn elements, and the unchanged ones
    that tie in a neighbour (between two changes they would bury them)."""
    added_relations = set(diff.relations_added)
    removed_relations = {(renames.get(s, s), renames.get(t, t)) for s, t in diff.relations_removed}
    drawn: dict[tuple[str, str], tuple[str, bool]] = {}
    for (source, target), any_of in new_edges.items():
        if source not in states or target not in states or source == target:
            continue
        if (source, target) in added_relations:
            drawn[(source, target)] = (ADDED, any_of)
        elif CONTEXT in (states[source], states[target]):
            drawn[(source, target)] = (CONTEXT, any_of)
    for (source, target), any_of in old_edges.items():
        if (
            (source, target) in removed_relations
            and (source, target) not in drawn
            and source in states
            and target in states
            and source != target
        ):
            drawn[(source, target)] = (REMOVED, any_of)
    position = {element_id: index for index, element_id in enumerate(ordered)}
    return tuple(
        Edge(
            safe_id("e", source),
            safe_id("e", target),
            ANY_OF if any_of else DEPENDS,
            highlight=state,
        )
        for (source, target), (state, any_of) in sorted(
            drawn.items(), key=lambda item: (position[item[0][0]], position[item[0][1]])
        )
    )


def _notes(
    element_id: str, changed: dict[str, ElementChange], renames: dict[str, str]
) -> tuple[str, ...]:
    """What changed, in a few words: a rename, a status, a layer."""
    change = changed.get(element_id)
    notes: list[str] = []
    if change is not None:
        if change.renamed:
            notes.append(_("was {old_id}").format(old_id=change.old_id))
        if "status" in change.fields:
            status = change.fields["status"]
            notes.append(f"{status_label(status.old)} → {status_label(status.new)}")
        if "layer" in change.fields:
            notes.append(_("moved from {layer}").format(layer=change.fields["layer"].old))
    elif element_id in renames.values():
        old_id = next(o for o, n in renames.items() if n == element_id)
        notes.append(_("was {old_id}").format(old_id=old_id))
    return tuple(notes)


def render_drawing(diagram: Diagram, path: Path, settings: RenderSettings) -> None:
    """Write the drawing to ``path`` in the format its extension names, atomically."""
    from ictarch.render import RenderError, write_diagram

    try:
        write_diagram(diagram, path, settings)
    except RenderError as error:
        raise DrawingError(str(error)) from error
