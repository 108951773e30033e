"""Views: which elements a diagram shows, how they are grouped, and when to collapse them.

A view (``views:`` in architecture.yaml) selects elements in three steps:

1. ``focus`` (optional): start from the focus element and follow dependencies
   (``direction: dependencies``), dependents (``dependents``) or both, up to
   ``depth`` steps (default 1). Without a focus, every element is a candidate.
2. Filters: ``layers``, ``tags``, ``owners``, ``kinds`` and ``status`` keep
   the candidates that match; a filter matches any of its values, and the
   filters that are given must all match.
3. ``elements`` adds the elements it names. A view with only ``elements``
   shows just those.

With no views defined, :func:`default_views` gives an ``overview`` and one
view per layer (the layer and the layer below it, i.e. what it runs on).

How a selection becomes a diagram, aggregated when it is over the view's node
budget (:func:`node_budget`), is :mod:`ictarch.render.build`'s job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ictarch.errors import IctarchError
from ictarch.findings import Location
from ictarch.i18n import _
from ictarch.model.architecture import Architecture, Element, View

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_MAX_NODES = 150
DEFAULT_DEPTH = 1
OVERVIEW = "overview"


class UnknownView(IctarchError, LookupError):
    """A view id that the architecture does not define."""


def resolve_views(architecture: Architecture) -> list[View]:
    """The architecture's views, or the default views when it defines none."""
    return list(architecture.views) or default_views(architecture)


def default_views(architecture: Architecture) -> list[View]:
    """``overview`` (everything by layer), then one view per layer with the layer below it."""
    where = Location(architecture.root_file)
    views = [
        View(
            OVERVIEW,
            where,
            title=architecture.name,
            description=_("Every element of the architecture, grouped by layer."),
        )
    ]
    layers = architecture.layers
    for index, layer in enumerate(layers):
        below = layers[index + 1] if index + 1 < len(layers) else None
        shown = (layer.id, below.id) if below else (layer.id,)
        if below:
            description = _("The {layer} layer and the {below} layer it depends on.").format(
                layer=layer.name, below=below.name
            )
        else:
            description = _("The {layer} layer.").format(layer=layer.name)
        views.append(
            View(
                f"layer-{layer.id}" if layer.id == OVERVIEW else layer.id,
                where,
                title=f"{layer.name} → {below.name}" if below else layer.name,
                description=description,
                layers=shown,
            )
        )
    return views


def pick_views(views: list[View], wanted: Iterable[str]) -> list[View]:
    """The views named in ``wanted`` in that order; UnknownView with a hint otherwise."""
    from ictarch.model.schema import closest, with_suggestion

    by_id = {view.id: view for view in views}
    picked: list[View] = []
    for view_id in wanted:
        view = by_id.get(view_id)
        if view is None:
            message = _("unknown view {view!r}").format(view=view_id)
            listed = ", ".join(by_id) or _("none")
            raise UnknownView(
                _("{message} (views: {views})").format(
                    message=with_suggestion(message, closest(view_id, by_id)), views=listed
                )
            )
        if view not in picked:
            picked.append(view)
    return picked


def node_budget(view: View, architecture: Architecture) -> int:
    """The view's ``max_nodes``, else ``render: {max_nodes}``, else the default."""
    if view.max_nodes is not None and view.max_nodes >= 2:
        return view.max_nodes
    configured: Any = architecture.render.get("max_nodes")
    if type(configured) is int and configured >= 2:
        return configured
    return DEFAULT_MAX_NODES


def select_elements(graph: nx.DiGraph, view: View) -> set[str]:
    """The ids of the elements a view shows (see the module documentation)."""
    filters = _filters(view)
    if view.focus is not None:
        selected = _neighbourhood(graph, view.focus, view.depth, view.direction)
    elif filters or not view.elements:
        selected = set(graph.nodes)
    else:
        selected = set()
    if filters:
        selected = {
            node
            for node in selected
            if all(matches(graph.nodes[node]["element"]) for matches in filters)
        }
    selected.update(element for element in view.elements if element in graph)
    return selected


def _filters(view: View) -> list[Callable[[Element], bool]]:
    filters: list[Callable[[Element], bool]] = []
    if view.layers:
        layers = set(view.layers)
        filters.append(lambda element: element.layer in layers)
    if view.tags:
        tags = set(view.tags)
        filters.append(lambda element: not tags.isdisjoint(element.tags))
    if view.owners:
        owners = set(view.owners)
        filters.append(lambda element: element.owner in owners)
    if view.kinds:
        kinds = set(view.kinds)
        filters.append(lambda element: element.kind in kinds)
    if view.status:
        statuses = set(view.status)
        filters.append(lambda element: element.status in statuses)
    return filters


def _neighbourhood(graph: nx.DiGraph, focus: str, depth: int | None, direction: str) -> set[str]:
    if focus not in graph:
        return set()
    steps = DEFAULT_DEPTH if depth is None else depth
    found = {focus}
    if direction in ("dependencies", "both"):
        found |= _reachable(focus, steps, graph.successors)
    if direction in ("dependents", "both"):
        found |= _reachable(focus, steps, graph.predecessors)
    return found


def _reachable(start: str, steps: int, neighbours: Callable[[str], Iterable[str]]) -> set[str]:
    seen = {start}
    frontier = [start]
    for _step in range(steps):
        frontier = [n for node in frontier for n in neighbours(node) if n not in seen]
        seen.update(frontier)
        if not frontier:
            break
    return seen
