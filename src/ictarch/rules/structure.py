"""ICT301-ICT302: is the architecture sound? Layering and cycles (lifecycle: rules.lifecycle)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ictarch import formatting, i18n
from ictarch.findings import Finding, FindingArgs, Rule, Severity
from ictarch.i18n import N_, _, ngettext
from ictarch.model.architecture import AnyOf, Architecture, Element
from ictarch.model.cycles import (
    cycle_region,
    cycle_through,
    cyclic_components,
    relink,
    strongly_connected_components,
)
from ictarch.rules.memo import ElementFindingsMemo

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


def check_structure(
    architecture: Architecture, memo: StructureMemo | None = None
) -> Iterator[Finding]:
    """ICT301 and ICT302. With a ``memo`` (kept between passes by a long-running
    process), the cycles are found again only among the elements an edit can reach
    (:class:`StructureMemo`); the findings are the same."""
    if memo is None:
        yield from _layering(architecture)
        yield from _cycles(architecture)
    else:
        identity = (repr(architecture.layers), i18n.catalog_identity())
        yield from memo.layering.run(
            architecture, identity, lambda element: _element_layering(architecture, element)
        )
        yield from memo.cycles(architecture)


def _layering(architecture: Architecture) -> Iterator[Finding]:
    for element in architecture.elements.values():
        yield from _element_layering(architecture, element)


def _element_layering(architecture: Architecture, element: Element) -> Iterator[Finding]:
    """ICT301 for one element: its dependencies on elements of a higher layer."""
    elements = architecture.elements
    rank = architecture.layer_rank
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
                        target_layer=formatting.layer_in_prose(target.layer, architecture.layers),
                    ),
                    dependency.location,
                    element.id,
                    args=_dependency_args(element, target, in_group),
                )


def _dependency_args(element: Element, target: Element, in_group: bool) -> FindingArgs:
    return {
        "target": target.id,
        "in_any_of": in_group,
        "status": str(target.status),
        "layer": element.layer,
        "target_layer": target.layer,
    }


def _cycles(architecture: Architecture) -> Iterator[Finding]:
    adjacency = architecture.adjacency()
    for component in cyclic_components(adjacency, architecture.components()):
        yield _cycle_finding(architecture.elements, component, adjacency)


def _cycle_finding(
    elements: dict[str, Element], component: list[str], adjacency: Mapping[str, Sequence[str]]
) -> Finding:
    """ICT302 for a cyclic component (its members sorted): the shortest cycle through
    its first member."""
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
    return DEPENDENCY_CYCLE.finding(
        message.format(cycle=cycle, count=len(component)),
        first_step.location,
        start,
        args={"cycle": tuple(path), "component": tuple(sorted(component))},
    )


class StructureMemo:
    """The dependency cycles (ICT302) of one architecture, found again after an edit only
    among the elements the edit can reach.

    A cycle through a changed element (new, gone, or with other dependencies) is made
    of elements that both depend on it, directly or not, and that it depends on: the
    *region* (:func:`~ictarch.model.cycles.cycle_region`). A strongly connected
    component without a changed member keeps its members' dependencies, so it is
    still strongly connected; it is the same component as before unless it grew,
    and a component that grew holds a changed element, so lies in the region. So
    the components are found again (Tarjan's algorithm) on the region and the old
    cyclic components it or a changed element touches, a graph in which each of
    them is whole; the other old cyclic components stay. Each is reported as a
    whole computation reports it (:func:`cyclic_components` sorts members, and the
    cycle shown starts at the first); a finding is made again when its component
    was found again or its first element's object changed (its line may have
    moved).

    Everything is computed again in another language, for another root file, and on
    the first pass; however many elements an edit reaches (see ``ResilienceMemo``).
    """

    def __init__(self) -> None:
        self.layering = ElementFindingsMemo()  # ICT301: an element's findings, kept
        self.identity: tuple[str, str] | None = None
        self.elements: dict[str, Element] = {}
        self.targets: dict[str, tuple[str, ...]] = {}  # every target written, existing or not
        self.dependents: dict[str, set[str]] = {}  # an id -> the elements that name it
        self.cyclic: list[list[str]] = []
        self.findings: dict[tuple[str, ...], tuple[Element, Finding]] = {}
        self.recomputed = 0  # elements whose components were found again (for tests)

    def cycles(self, architecture: Architecture) -> Iterator[Finding]:
        identity = (architecture.root_file, i18n.catalog_identity())
        reached = self._update(architecture) if identity == self.identity else None
        elements = architecture.elements
        if reached is None:
            self._compute_all(architecture)
            self.identity = identity
            reached = set(elements)
        kept = self.findings
        self.findings = {}
        adjacency: dict[str, list[str]] | None = None
        for component in self.cyclic:
            key = tuple(component)
            known = kept.get(key)
            start = elements[component[0]]
            if known is not None and known[0] is start and reached.isdisjoint(component):
                found = known[1]
            else:
                if adjacency is None:
                    adjacency = {}
                for member in component:
                    if member not in adjacency:
                        adjacency[member] = self._adjacent(member, elements)
                found = _cycle_finding(elements, component, adjacency)
            self.findings[key] = (start, found)
            yield found

    def _adjacent(self, key: str, elements: dict[str, Element]) -> list[str]:
        """What ``Architecture.adjacency`` gives for ``key``: existing targets, once, sorted."""
        return sorted({target for target in self.targets[key] if target in elements})

    def _compute_all(self, architecture: Architecture) -> None:
        elements = architecture.elements
        self.elements = dict(elements)
        self.targets = {key: tuple(e.dependency_targets()) for key, e in elements.items()}
        self.dependents = {}
        for key, targets in self.targets.items():
            for target in targets:
                self.dependents.setdefault(target, set()).add(key)
        self.cyclic = cyclic_components(architecture.adjacency(), architecture.components())
        self.findings = {}
        self.recomputed = len(elements)

    def _update(self, architecture: Architecture) -> set[str] | None:
        """Bring the memo to ``architecture``; the elements reached by the changes, or
        None when everything is to be computed again."""
        elements = architecture.elements
        before = self.elements
        changed: set[str] = set()
        for key, element in elements.items():
            old = before.get(key)
            if old is not element and (
                old is None or tuple(element.dependency_targets()) != self.targets[key]
            ):
                changed.add(key)
        changed.update(key for key in before if key not in elements)
        relink(changed, elements, self.targets, self.dependents)
        self.elements = dict(elements)
        region = cycle_region(changed, elements, self.targets, self.dependents)
        touched = changed | region
        found: list[list[str]] = []
        again = region  # the region, and the old cycles it or a changed element touches
        for component in self.cyclic:
            if touched.isdisjoint(component):
                found.append(component)
            else:
                again.update(component)
        adjacency = {key: self._adjacent(key, elements) for key in again if key in elements}
        components = strongly_connected_components(adjacency)
        found += cyclic_components(adjacency, components)
        self.cyclic = sorted(found)
        self.recomputed = len(adjacency)
        return again | changed
