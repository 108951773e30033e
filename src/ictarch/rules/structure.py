"""ICT3xx: is the architecture sound? Layering, cycles, lifecycle of dependencies."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.findings import Finding, FindingArgs, Rule, Severity
from ictarch.i18n import N_, _, ngettext
from ictarch.model.architecture import AnyOf, Architecture, Element, Status
from ictarch.model.cycles import cycle_through, cyclic_components

LAYERING_VIOLATION = Rule(
    "ICT301",
    "layering-violation",
    Severity.ERROR,
    N_("An element depends on an element of a higher layer (e.g. a platform on a service)."),
    N_("platforms:\n  - id: lgsp\n    depends_on: [dvc-portal]   # a service"),
    N_("Reverse the dependency, or move one of the elements to the right layer."),
)
DEPENDENCY_CYCLE = Rule(
    "ICT302",
    "dependency-cycle",
    Severity.ERROR,
    N_("Elements depend on each other in a cycle; the message prints the cycle."),
    N_("a depends on b, b depends on a"),
    N_("Break the cycle: one of the dependencies is in the wrong direction."),
)
DEPENDS_ON_RETIRED = Rule(
    "ICT303",
    "depends-on-retired",
    Severity.ERROR,
    N_("An element that is not retired depends on a retired element."),
    N_("depends_on: [mot-cua-cu]   # status: retired"),
    N_("Move the dependency to the element's replacement."),
)
DEPENDS_ON_DEPRECATED = Rule(
    "ICT304",
    "depends-on-deprecated",
    Severity.WARNING,
    N_("An element that is not itself deprecated or retired depends on a deprecated element."),
    N_("depends_on: [email-cu]   # status: deprecated"),
    N_("Plan the move to the replacement."),
)
PLANNED_DEPENDENCY = Rule(
    "ICT305",
    "depends-on-planned",
    Severity.WARNING,
    N_("An operational element depends on an element that is only planned or being built."),
    N_("status: operational\ndepends_on: [kho-du-lieu]   # status: planned"),
    N_("Mark the dependent as planned too, or depend on what exists today."),
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
                        _(
                            "{element!r} ({layer}) depends on {target!r} ({target_layer}), "
                            "a higher layer"
                        ).format(
                            element=element.id,
                            target=target.id,
                            layer=element.layer,
                            target_layer=target.layer,
                        ),
                        dependency.location,
                        element.id,
                        args=_dependency_args(element, target, in_group),
                    )
                if target.status is Status.RETIRED and element.status is not Status.RETIRED:
                    message = (
                        _(
                            "{element!r} depends on {target!r} as an any_of alternative, "
                            "which is retired"
                        )
                        if in_group
                        else _("{element!r} depends on {target!r}, which is retired")
                    )
                    yield DEPENDS_ON_RETIRED.finding(
                        message.format(element=element.id, target=target.id),
                        dependency.location,
                        element.id,
                        args=_dependency_args(element, target, in_group),
                    )
                elif target.status is Status.DEPRECATED and not element.status.gone_or_going:
                    message = (
                        _(
                            "{element!r} depends on {target!r} as an any_of alternative, "
                            "which is deprecated"
                        )
                        if in_group
                        else _("{element!r} depends on {target!r}, which is deprecated")
                    )
                    yield DEPENDS_ON_DEPRECATED.finding(
                        message.format(element=element.id, target=target.id),
                        dependency.location,
                        element.id,
                        args=_dependency_args(element, target, in_group),
                    )
                elif target.status.not_yet and element.status is Status.OPERATIONAL:
                    if target.status is Status.PLANNED:
                        message = (
                            _(
                                "{element!r} is operational but depends on {target!r} as an "
                                "any_of alternative, which is planned"
                            )
                            if in_group
                            else _(
                                "{element!r} is operational but depends on {target!r}, "
                                "which is planned"
                            )
                        )
                    else:
                        message = (
                            _(
                                "{element!r} is operational but depends on {target!r} as an "
                                "any_of alternative, which is building"
                            )
                            if in_group
                            else _(
                                "{element!r} is operational but depends on {target!r}, "
                                "which is building"
                            )
                        )
                    yield PLANNED_DEPENDENCY.finding(
                        message.format(element=element.id, target=target.id),
                        dependency.location,
                        element.id,
                        args=_dependency_args(element, target, in_group),
                    )
    yield from _cycles(architecture)


def _dependency_args(element: Element, target: Element, in_group: bool) -> FindingArgs:
    return {
        "target": target.id,
        "in_any_of": in_group,
        "status": str(target.status),
        "layer": element.layer,
        "target_layer": target.layer,
    }


def _cycles(architecture: Architecture) -> Iterator[Finding]:
    elements = architecture.elements
    adjacency = architecture.adjacency()
    for component in cyclic_components(adjacency, architecture.components()):
        start = component[0]
        path = cycle_through(start, component, adjacency)
        cycle = " → ".join(path)
        if len(component) > len(path) - 1:
            message = ngettext(
                "dependency cycle: {cycle} ({count} element is caught in it)",
                "dependency cycle: {cycle} ({count} elements are caught in it)",
                len(component),
            )
        else:
            message = _("dependency cycle: {cycle}")
        element = elements[start]
        first_step = next(d for d in element.dependencies() if d.target == path[1])
        yield DEPENDENCY_CYCLE.finding(
            message.format(cycle=cycle, count=len(component)),
            first_step.location,
            start,
            args={"cycle": tuple(path), "component": tuple(sorted(component))},
        )
