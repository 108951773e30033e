"""Dependency cycles, found in linear time without building a networkx graph.

``validate`` runs on every commit, so it uses these plain-Python algorithms on
an adjacency mapping (Tarjan's strongly connected components, iterative, so
that deep dependency chains cannot exhaust Python's recursion limit) and only
looks for an actual cycle path inside a component known to hold one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence


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
