"""From a view to a :class:`~ictarch.render.diagram.Diagram`: every element, or aggregates.

A view that selects no more elements than its node budget is drawn element
by element; ``any_of`` groups become one ``any of`` junction per set of
alternatives, shared by every element that needs that set.

Over the budget (``max_nodes``, else ``render: {max_nodes}``, else 150) the
view is aggregated: elements are collapsed per kind within each group; if
that is still too many nodes, per owner (per layer with ``group_by: owner``);
failing that, into one node per group. A bucket of one element, and the focus
element, stay as themselves. Nodes and edges carry counts, and the diagram
carries a note saying what was collapsed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ictarch.i18n import _, ngettext
from ictarch.model.architecture import AnyOf, Architecture, Element, View
from ictarch.model.lifecycle import STATUS_LABELS
from ictarch.render.diagram import (
    AGGREGATE,
    ALTERNATIVE,
    ANY_OF,
    DEPENDS,
    OPTIONAL,
    TO_JUNCTION,
    Diagram,
    Edge,
    Group,
    Junction,
    Node,
    clean_text,
    safe_id,
)
from ictarch.render.styles import family_of
from ictarch.render.views import node_budget, select_elements

if TYPE_CHECKING:
    import networkx as nx

_TOOLTIP_LIMIT = 600
_AGGREGATE_TOOLTIP_NAMES = 12
_FOCUS = "\0focus"  # the bucket of the focus element: no kind, owner or layer is called so


def build_diagram(
    architecture: Architecture, graph: nx.DiGraph, view: View, max_nodes: int | None = None
) -> Diagram:
    """The diagram of one view: detailed, or aggregated when over the node budget."""
    selected = select_elements(graph, view)
    budget = max_nodes if max_nodes is not None else node_budget(view, architecture)
    builder = _DiagramBuilder(architecture, graph, view, selected)
    if len(selected) > budget:
        return builder.aggregated(budget)
    return builder.detailed()


@dataclass(frozen=True, slots=True)
class _Strategy:
    """How elements are collapsed: the bucket of an element within its group."""

    name: str
    bucket: Callable[[Element], str | None]


class _DiagramBuilder:
    def __init__(
        self, architecture: Architecture, graph: nx.DiGraph, view: View, selected: set[str]
    ) -> None:
        self.architecture = architecture
        self.graph = graph
        self.view = view
        self.selected = selected
        self.elements = [architecture.elements[node] for node in sorted(selected)]
        self.by_owner = view.group_by == "owner"

    # -- shared ---------------------------------------------------------------

    def edges_within(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """The dependencies between selected elements, sorted by source then target."""
        successors = self.graph.succ
        selected = self.selected
        for source in sorted(selected):
            targets = successors[source]
            for target in sorted(targets):
                if target in selected:
                    yield source, target, targets[target]

    def group_key(self, element: Element) -> str | None:
        return element.owner if self.by_owner else element.layer

    def groups(self, keys: Iterable[str | None]) -> tuple[Group, ...]:
        used = set(keys)
        if not self.by_owner:
            return tuple(
                Group(safe_id("L", layer.id), clean_text(layer.name))
                for layer in self.architecture.layers
                if layer.id in used
            )
        owners = sorted(key for key in used if key is not None)
        groups = [Group(safe_id("O", owner), self.owner_name(owner)) for owner in owners]
        if None in used:
            groups.append(Group(safe_id("O", None), _("(no owner)")))
        return tuple(groups)

    def owner_name(self, owner: str | None) -> str:
        if owner is None:
            return _("(no owner)")
        known = self.architecture.elements.get(owner)
        return clean_text(known.name) if known else owner

    def group_id(self, key: str | None) -> str:
        return safe_id("O", key) if self.by_owner else safe_id("L", key)

    def rank(self, element: Element) -> int:
        """The position of the element's layer, top = 0."""
        return self.architecture.layer_rank.get(element.layer, len(self.architecture.layers))

    def title(self) -> str:
        view = self.view
        return clean_text(view.title) if view.title else f"{self.architecture.name}: {view.id}"

    def diagram(self, **parts: Any) -> Diagram:
        view = self.view
        return Diagram(
            view_id=view.id,
            title=self.title(),
            description=clean_text(view.description or ""),
            group_by="owner" if self.by_owner else "layer",
            element_count=len(self.selected),
            **parts,
        )

    # -- every element drawn ----------------------------------------------------

    def detailed(self) -> Diagram:
        nodes = tuple(self.element_node(element) for element in self.elements)
        edges: list[Edge] = []
        junctions: list[Junction] = []
        any_of: dict[str, list[str]] = defaultdict(list)
        group_sizes: dict[str, int] = {}
        for source, target, data in self.edges_within():
            if data["group"] is None:
                required = data.get("required", True)
                tooltip = self.edge_tooltip(source, target, data.get("description"))
                if not required:
                    tooltip += "\n" + _("optional: without it the element is degraded, not down")
                edges.append(
                    Edge(
                        safe_id("e", source),
                        safe_id("e", target),
                        DEPENDS if required else OPTIONAL,
                        tooltip=tooltip,
                        upward=self.upward(source, target),
                    )
                )
            else:
                any_of[data["group"]].append(target)
                group_sizes[data["group"]] = data["alternatives"]
        shared: dict[tuple[tuple[str, ...], int], list[str]] = defaultdict(list)
        for group_key in sorted(any_of, key=_group_order):
            source = group_key.rsplit("#", 1)[0]
            targets = tuple(sorted(any_of[group_key]))
            total = group_sizes[group_key]
            if len(targets) > 1:
                shared[(targets, total)].append(source)
                continue
            (target,) = targets
            drawn, total = self.alternatives_drawn(group_key, total)
            edges.append(
                Edge(
                    safe_id("e", source),
                    safe_id("e", target),
                    ANY_OF,
                    label=_("any of")
                    if drawn >= total
                    else _("any of ({drawn} of {total} shown)").format(drawn=drawn, total=total),
                    tooltip=self.edge_tooltip(source, target, _("any one alternative suffices")),
                    upward=self.upward(source, target),
                )
            )
        for (targets, total), sources in sorted(shared.items()):
            junction = self.junction(targets, total, len(sources))
            junctions.append(junction)
            edges.extend(
                Edge(
                    safe_id("e", source),
                    junction.id,
                    TO_JUNCTION,
                    tooltip=_("{source} needs any one of {targets}").format(
                        source=self.name(source), targets=self.names(targets)
                    ),
                    upward=self.rank(self.architecture.elements[source]) > junction.layer,
                )
                for source in sorted(set(sources))
            )
            edges.extend(
                Edge(junction.id, safe_id("e", target), ALTERNATIVE, tooltip=junction.tooltip)
                for target in targets
            )
        return self.diagram(
            groups=self.groups(self.group_key(element) for element in self.elements),
            nodes=nodes,
            edges=tuple(edges),
            junctions=tuple(junctions),
            note=None if self.elements else _("this view selects no elements"),
        )

    def alternatives_drawn(self, group_key: str, total: int) -> tuple[int, int]:
        """How many distinct alternatives of an any_of group this view draws, of how many.

        The graph keeps one edge per pair of elements, so an alternative that is
        also a plain dependency, or in another group of the same element, is
        drawn by that other edge: it counts as shown.
        """
        source, _, number = group_key.rpartition("#")
        element = self.architecture.elements.get(source)
        groups = [e for e in element.depends_on if isinstance(e, AnyOf)] if element else []
        if not number.isdigit() or not 0 < int(number) <= len(groups):
            return 1, total
        targets = {alternative.target for alternative in groups[int(number) - 1].alternatives}
        drawn = {element.id for element in self.elements}
        return len(targets & drawn), len(targets)

    def junction(self, targets: tuple[str, ...], total: int, sources: int) -> Junction:
        """One ``any of`` node for all the elements that need the same alternatives.

        It sits in the group of the alternatives (outside every group when they
        are in different ones) and in the layer of the highest of them.
        """
        alternatives = [self.architecture.elements[target] for target in targets]
        groups = {self.group_key(alternative) for alternative in alternatives}
        if len(targets) == total:
            label = _("any of")
        else:
            label = _("any of ({shown} of {total})").format(shown=len(targets), total=total)
        needed = ngettext(
            "needed by {count} element", "needed by {count} elements", sources
        ).format(count=sources)
        return Junction(
            safe_id("j", str(total), *targets),
            self.group_id(groups.pop()) if len(groups) == 1 else None,
            min(self.rank(alternative) for alternative in alternatives),
            label=label,
            tooltip=_("any one of {targets} suffices ({needed})").format(
                targets=self.names(targets), needed=needed
            ),
        )

    def name(self, element_id: str) -> str:
        return clean_text(self.architecture.elements[element_id].name)

    def names(self, element_ids: Iterable[str]) -> str:
        return ", ".join(self.name(element_id) for element_id in element_ids)

    def element_node(self, element: Element) -> Node:
        details = [element.kind or _("(no kind)"), _(STATUS_LABELS[element.status])]
        if element.owner:
            details.append(_("owner: {owner}").format(owner=self.owner_name(element.owner)))
        tooltip = [clean_text(element.name), ", ".join(details)]
        if element.description:
            tooltip.append(_shorten(clean_text(element.description), _TOOLTIP_LIMIT))
        return Node(
            id=safe_id("e", element.id),
            label=clean_text(element.name),
            family=family_of(element.kind, element.layer),
            group=self.group_id(self.group_key(element)),
            layer=self.rank(element),
            element=element.id,
            status=element.status,
            tooltip="\n".join(tooltip),
            focus=element.id == self.view.focus,
        )

    def edge_tooltip(self, source: str, target: str, description: str | None) -> str:
        elements = self.architecture.elements
        text = f"{clean_text(elements[source].name)} → {clean_text(elements[target].name)}"
        if description:
            text += "\n" + _shorten(clean_text(description), _TOOLTIP_LIMIT)
        return text

    def upward(self, source: str, target: str) -> bool:
        elements = self.architecture.elements
        return self.rank(elements[target]) < self.rank(elements[source])

    # -- collapsed --------------------------------------------------------------

    def strategies(self) -> list[_Strategy]:
        by_kind = _Strategy("kind", lambda element: element.kind)
        if self.by_owner:
            second = _Strategy("layer", lambda element: element.layer)
        else:
            second = _Strategy("owner", lambda element: element.owner)
        return [by_kind, second, _Strategy("group", lambda element: None)]

    def aggregated(self, budget: int) -> Diagram:
        candidates = []
        for strategy in self.strategies():
            buckets = self.buckets(strategy)
            candidates.append((strategy, buckets))
            if len(buckets) <= budget:
                break
        strategy, buckets = min(candidates, key=lambda candidate: len(candidate[1]))
        node_of: dict[str, str] = {}
        nodes: list[Node] = []
        for (group, bucket), members in sorted(buckets.items(), key=_bucket_order):
            if len(members) == 1:
                node = self.element_node(members[0])
            else:
                node = self.aggregate_node(strategy, group, bucket, members)
            nodes.append(node)
            for member in members:
                node_of[member.id] = node.id
        layers = {node.id: node.layer for node in nodes}
        counts: Counter[tuple[str, str]] = Counter()
        alternatives: Counter[tuple[str, str]] = Counter()
        for source, target, data in self.edges_within():
            pair = (node_of[source], node_of[target])
            if pair[0] == pair[1]:
                continue
            counts[pair] += 1
            if data["group"] is not None:
                alternatives[pair] += 1
        edges = tuple(
            Edge(
                source,
                target,
                AGGREGATE,
                label=f"×{count}" if count > 1 else "",
                tooltip=_count_tooltip(count, alternatives[(source, target)]),
                count=count,
                upward=layers[target] < layers[source],
            )
            for (source, target), count in sorted(counts.items())
        )
        note = _aggregation_note(strategy.name, self.by_owner).format(
            count=len(self.selected), budget=budget, nodes=len(nodes)
        )
        return self.diagram(
            groups=self.groups(group for group, _bucket in buckets),
            nodes=tuple(nodes),
            edges=edges,
            note=note,
        )

    def buckets(self, strategy: _Strategy) -> dict[tuple[str | None, str | None], list[Element]]:
        """Elements per (group, bucket); the focus element keeps a bucket of its own."""
        buckets: dict[tuple[str | None, str | None], list[Element]] = defaultdict(list)
        for element in self.elements:
            bucket = _FOCUS if element.id == self.view.focus else strategy.bucket(element)
            buckets[(self.group_key(element), bucket)].append(element)
        return buckets

    def aggregate_node(
        self, strategy: _Strategy, group: str | None, bucket: str | None, members: list[Element]
    ) -> Node:
        families = Counter(family_of(member.kind, member.layer) for member in members)
        family = min(families, key=lambda name: (-families[name], name))
        statuses = Counter(member.status for member in members)
        if strategy.name == "kind":
            title = bucket or _("(no kind)")
        elif strategy.name == "owner":
            title = self.owner_name(bucket)
        elif strategy.name == "layer":
            layer = next((la for la in self.architecture.layers if la.id == bucket), None)
            title = clean_text(layer.name) if layer else str(bucket)
        else:
            title = _("elements")
        names = sorted(clean_text(member.name) for member in members)
        listed = ", ".join(names[:_AGGREGATE_TOOLTIP_NAMES])
        more = len(names) - _AGGREGATE_TOOLTIP_NAMES
        return Node(
            id=safe_id("A", group, strategy.name, bucket),
            label=title,
            family=family,
            group=self.group_id(group),
            layer=min(self.rank(member) for member in members),
            count=len(members),
            statuses=tuple(sorted(statuses.items())),
            tooltip=(
                ngettext("{count} element: {names}", "{count} elements: {names}", len(members))
                if more <= 0
                else ngettext(
                    "{count} element: {names} and {more} more",
                    "{count} elements: {names} and {more} more",
                    len(members),
                )
            ).format(count=len(members), names=listed, more=more),
        )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _count_tooltip(count: int, alternatives: int) -> str:
    text = ngettext("{count} dependency", "{count} dependencies", count).format(count=count)
    if alternatives:
        text = ngettext(
            "{dependencies}, {count} of them an any-of alternative",
            "{dependencies}, {count} of them any-of alternatives",
            alternatives,
        ).format(dependencies=text, count=alternatives)
    return text


def _aggregation_note(strategy: str, by_owner: bool) -> str:
    """The note of an aggregated view; placeholders {count}, {budget} and {nodes}."""
    if strategy == "group":
        if by_owner:
            return _(
                "aggregated: {count} elements exceed the budget of {budget} nodes; "
                "one node per owner into {nodes} nodes"
            )
        return _(
            "aggregated: {count} elements exceed the budget of {budget} nodes; "
            "one node per layer into {nodes} nodes"
        )
    if strategy == "kind":
        if by_owner:
            return _(
                "aggregated: {count} elements exceed the budget of {budget} nodes; "
                "collapsed per kind within each owner into {nodes} nodes"
            )
        return _(
            "aggregated: {count} elements exceed the budget of {budget} nodes; "
            "collapsed per kind within each layer into {nodes} nodes"
        )
    if strategy == "owner":
        return _(
            "aggregated: {count} elements exceed the budget of {budget} nodes; "
            "collapsed per owner within each layer into {nodes} nodes"
        )
    return _(
        "aggregated: {count} elements exceed the budget of {budget} nodes; "
        "collapsed per layer within each owner into {nodes} nodes"
    )


def _group_order(group_key: str) -> tuple[str, int]:
    source, number = group_key.rsplit("#", 1)
    return source, int(number)


def _bucket_order(
    item: tuple[tuple[str | None, str | None], list[Element]],
) -> tuple[str, str]:
    (group, bucket), _ = item
    return group or "", bucket or ""
