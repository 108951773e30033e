"""ICT301-ICT302: is the architecture sound? Layering and cycles (lifecycle: rules.lifecycle)."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.findings import Finding, Rule, Severity
from ictarch.model.architecture import AnyOf, Architecture
from ictarch.model.cycles import cycle_through, cyclic_components

LAYERING_VIOLATION = Rule(
    "ICT301",
    "layering-violation",
    Severity.ERROR,
    "An element depends on an element of a higher layer (e.g. a platform on a service).",
    "platforms:\n  - id: lgsp\n    depends_on: [dvc-portal]   # a service",
    "Reverse the dependency, or move one of the elements to the right layer.",
)
DEPENDENCY_CYCLE = Rule(
    "ICT302",
    "dependency-cycle",
    Severity.ERROR,
    "Elements depend on each other in a cycle; the message prints the cycle.",
    "a depends on b, b depends on a",
    "Break the cycle: one of the dependencies is in the wrong direction.",
)
RULES = (LAYERING_VIOLATION, DEPENDENCY_CYCLE)


def check_structure(architecture: Architecture) -> Iterator[Finding]:
    elements = architecture.elements
    rank = architecture.layer_rank
    for element in elements.values():
        own_rank = rank[element.layer]
        for entry in element.depends_on:
            for dependency in entry.alternatives if isinstance(entry, AnyOf) else (entry,):
                target = elements.get(dependency.target)
                if target is None:
                    continue
                if rank[target.layer] < own_rank:
                    yield LAYERING_VIOLATION.finding(
                        f"{element.id!r} ({element.layer}) depends on {target.id!r} "
                        f"({target.layer}), a higher layer",
                        dependency.location,
                        element.id,
                    )
    yield from _cycles(architecture)


def _cycles(architecture: Architecture) -> Iterator[Finding]:
    elements = architecture.elements
    adjacency = architecture.adjacency()
    for component in cyclic_components(adjacency, architecture.components()):
        start = component[0]
        path = cycle_through(start, component, adjacency)
        extra = (
            f" ({len(component)} elements are caught in it)"
            if len(component) > len(path) - 1
            else ""
        )
        element = elements[start]
        first_step = next(d for d in element.dependencies() if d.target == path[1])
        yield DEPENDENCY_CYCLE.finding(
            f"dependency cycle: {' → '.join(path)}{extra}",
            first_step.location,
            start,
        )
