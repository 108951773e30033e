"""Dependency cycles, found in linear time without building a networkx graph.

``validate`` runs on every commit, so it uses these plain-Python algorithms on
an adjacency mapping (Tarjan's strongly connected components, iterative, so
that deep dependency chains cannot exhaust Python's recursion limit) and only
looks for an actual cycle path inside a component known to hold one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Protocol


class HasTargets(Protocol):
    def dependency_targets(self) -> list[str]: ...


def strongly_connected_components(
    adjacency: Mapping[str, Sequence[str]],
) -> list[list[str]]:
    """Components of the graph, each as a list of node ids, dependencies first.

    Tarjan's algorithm with an explicit stack of (node, iterator over its
    children). Children that are not keys of ``adjacency`` are ignored.
    """
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in adjacency:
        if start in index_of:
            continue
        index_of[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        work: list[tuple[str, Iterator[str]]] = [(start, iter(adjacency[start]))]
        while work:
            node, children = work[-1]
            descended = False
            for child in children:
                if child not in index_of:
                    if child not in adjacency:
                        continue
                    index_of[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(adjacency[child])))
                    descended = True
                    break
                if child in on_stack and index_of[child] < low[node]:
                    low[node] = index_of[child]
            if descended:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[node] < low[parent]:
                    low[parent] = low[node]
            if low[node] == index_of[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def cyclic_components(
    adjacency: Mapping[str, Sequence[str]], components: list[list[str]] | None = None
) -> list[list[str]]:
    """Components that contain a cycle (more than one node, or a self-loop), sorted."""
    found = []
    if components is None:
        components = strongly_connected_components(adjacency)
    for component in components:
        if len(component) > 1 or component[0] in adjacency.get(component[0], ()):
            found.append(sorted(component))
    return sorted(found)


def cycle_through(
    start: str, members: Iterable[str], adjacency: Mapping[str, Sequence[str]]
) -> list[str]:
    """A shortest cycle from ``start`` back to itself within ``members``.

    The path starts and ends with ``start``.
    """
    allowed = set(members)
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(adjacency.get(node, ())):
            if child not in allowed:
                continue
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return [start, start]


def relink_and_reach(
    changed: Iterable[str],
    elements: Mapping[str, HasTargets],
    targets: dict[str, tuple[str, ...]],
    dependents: dict[str, set[str]],
) -> set[str]:
    """Bring a kept dependency graph up to date after an edit, and say what it reaches.

    ``targets`` (an element's id -> every id its dependencies name, existing or not)
    and ``dependents`` (an id -> the elements that name it) are updated for the
    ``changed`` ids (new, gone, or with other dependencies) from ``elements``; the
    answer is the changed ids with every element that depends on one of them,
    directly or not. Used by the incremental checks (ictarch.rules.structure and
    ictarch.rules.resilience), which compute again only what this reaches.
    """
    changed = list(changed)
    relink(changed, elements, targets, dependents)
    reached = set(changed)
    queue = list(changed)
    while queue:
        for dependent in dependents.get(queue.pop(), ()):
            if dependent not in reached:
                reached.add(dependent)
                queue.append(dependent)
    return reached


def relink(
    changed: Iterable[str],
    elements: Mapping[str, HasTargets],
    targets: dict[str, tuple[str, ...]],
    dependents: dict[str, set[str]],
) -> None:
    """Bring ``targets`` and ``dependents`` (see :func:`relink_and_reach`) up to date for
    the ``changed`` ids, from ``elements``."""
    for key in changed:
        for target in targets.pop(key, ()):
            named = dependents.get(target)
            if named is not None:
                named.discard(key)
        element = elements.get(key)
        if element is not None:
            written = targets[key] = tuple(element.dependency_targets())
            for target in written:
                dependents.setdefault(target, set()).add(key)


def cycle_region(
    changed: Iterable[str],
    elements: Mapping[str, HasTargets],
    targets: Mapping[str, tuple[str, ...]],
    dependents: Mapping[str, set[str]],
) -> set[str]:
    """The elements that can lie on a cycle through a changed one: those that depend on
    a changed element, directly or not, and that a changed element depends on.

    Both searches go one element at a time, side by side; once one of them is done,
    the other goes on only among what it found (an element on a path between two of
    the region's is in the region itself). In a layered architecture one side is
    short: an edit low in the stack is depended on by thousands but depends on few,
    and one high in it the other way round, so this costs about the shorter side,
    not every element the edit reaches.
    """
    starts = [key for key in changed if key in elements]
    down, up = set(starts), set(starts)
    down_queue, up_queue = list(starts), list(starts)
    while down_queue and up_queue:
        for target in targets.get(down_queue.pop(), ()):
            if target not in down and target in elements:
                down.add(target)
                down_queue.append(target)
        for dependent in dependents.get(up_queue.pop(), ()):
            if dependent not in up:
                up.add(dependent)
                up_queue.append(dependent)
    if not down_queue:  # what the changed elements depend on is all found: go up within it
        return _reach_within(starts, dependents, down)
    return _reach_within(starts, targets, up)


def _reach_within(
    starts: list[str], following: Mapping[str, Collection[str]], allowed: set[str]
) -> set[str]:
    """``starts`` and what they lead to through ``following``, going only through
    ``allowed``."""
    region, queue = set(starts), list(starts)
    while queue:
        for key in following.get(queue.pop(), ()):
            if key in allowed and key not in region:
                region.add(key)
                queue.append(key)
    return region
