"""ICT301-ICT302: is the architecture sound? Layering and cycles (lifecycle: rules.lifecycle)."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch import formatting
from ictarch.findings import Finding, FindingArgs, Rule, Severity
from ictarch.i18n import N_, _, ngettext
from ictarch.model.architecture import AnyOf, Architecture, Element
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
RULES = (LAYERING_VIOLATION, DEPENDENCY_CYCLE)


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
                            layer=formatting.layer_in_prose(element.layer, architecture.layers),
                            target_layer=formatting.layer_in_prose(
                                target.layer, architecture.layers
                            ),
                        ),
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
