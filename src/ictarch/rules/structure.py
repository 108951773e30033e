"""ICT3xx: is the architecture sound? Layering, cycles, lifecycle of dependencies."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.findings import Finding, Rule, Severity
from ictarch.model.architecture import AnyOf, Architecture, Status
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
DEPENDS_ON_RETIRED = Rule(
    "ICT303",
    "depends-on-retired",
    Severity.ERROR,
    "An element that is not retired depends on a retired element.",
    "depends_on: [mot-cua-cu]   # status: retired",
    "Move the dependency to the element's replacement.",
)
DEPENDS_ON_DEPRECATED = Rule(
    "ICT304",
    "depends-on-deprecated",
    Severity.WARNING,
    "An element that is not itself deprecated or retired depends on a deprecated element.",
    "depends_on: [email-cu]   # status: deprecated",
    "Plan the move to the replacement.",
)
PLANNED_DEPENDENCY = Rule(
    "ICT305",
    "depends-on-planned",
    Severity.WARNING,
    "An operational element depends on an element that is only planned or being built.",
    "status: operational\ndepends_on: [kho-du-lieu]   # status: planned",
    "Mark the dependent as planned too, or depend on what exists today.",
)

RULES = (
    LAYERING_VIOLATION,
    DEPENDENCY_CYCLE,
    DEPENDS_ON_RETIRED,
    DEPENDS_ON_DEPRECATED,
    PLANNED_DEPENDENCY,
)


def check_structure(architecture: Architecture) -> Iterator[Finding]:
    elements = architecture.elements
    rank = architecture.layer_rank
    for element in elements.values():
        own_rank = rank[element.layer]
        for entry in element.depends_on:
            in_group = isinstance(entry, AnyOf)
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
                alternative = " as an any_of alternative" if in_group else ""
                if target.status is Status.RETIRED and element.status is not Status.RETIRED:
                    yield DEPENDS_ON_RETIRED.finding(
                        f"{element.id!r} depends on {target.id!r}{alternative}, which is retired",
                        dependency.location,
                        element.id,
                    )
                elif target.status is Status.DEPRECATED and not element.status.gone_or_going:
                    yield DEPENDS_ON_DEPRECATED.finding(
                        f"{element.id!r} depends on {target.id!r}{alternative}, "
                        "which is deprecated",
                        dependency.location,
                        element.id,
                    )
                elif target.status.not_yet and element.status is Status.OPERATIONAL:
                    yield PLANNED_DEPENDENCY.finding(
                        f"{element.id!r} is operational but depends on {target.id!r}"
                        f"{alternative}, which is {target.status}",
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
