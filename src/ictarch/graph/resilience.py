"""Failure impact and single points of failure, exact under any_of redundancy.

Semantics. An element fails when it is down itself, when any of its plain
dependencies fails, or when every alternative of one of its ``any_of`` groups
fails. Everything else stays up. A dependency written ``{id: X, required: false}``
is a convenience, not a need: it never brings its dependent down; when X fails
the dependent stays up, degraded ("lost X"), and X is never in its must-fail set.
This is a least fixed point: an element in a dependency cycle fails only when a
failure reaches the cycle from outside (or starts inside it); a cycle never brings
itself down. Dependencies on ids that are not elements are ignored unless those
ids are among the failed ones (a removed element, in a diff), and an ``any_of``
alternative that is not an element counts as already failed: it cannot keep
anything up.

Single points of failure. ``must_fail[e]`` is the set of elements whose single
failure brings ``e`` down. Under the semantics above it satisfies

    must_fail[e] = {e} ∪ ⋃ must_fail[p] for plain (required) dependencies p
                       ∪ ⋃ over groups g of ⋂ must_fail[a] for alternatives a in g

because one failure x brings a group down exactly when it brings down every
alternative. Computing it for every element at once, instead of removing each
element and recomputing reachability (quadratic), visits the strongly connected
components in dependency order (Tarjan emits dependencies first): acyclic
components are solved in one step, cyclic ones are iterated from {e} upwards
until nothing changes, which reaches the least fixed point. The sets are
frozensets: a must-fail set holds the few elements on the paths below an
element, not the whole architecture, so unions and intersections stay small
(a bitset over all elements would cost n² bits: 1.2 GB at 100,000 elements).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ictarch import i18n
from ictarch.errors import IctarchError
from ictarch.i18n import _
from ictarch.model.architecture import AnyOf, Architecture, Element
from ictarch.model.lifecycle import State

# An element's requirements: plain dependency ids, and any_of groups of ids.
Requirements = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]


def requirements_of(architecture: Architecture) -> dict[str, Requirements]:
    """For every element: its plain required dependencies and its any_of groups
    (distinct ids); ``required: false`` dependencies are left out (see
    :func:`optional_of`)."""
    return {element.id: element_requirements(element) for element in architecture.elements.values()}


def element_requirements(element: Element) -> Requirements:
    """One element's plain required dependencies and ``any_of`` groups (distinct ids)."""
    plain: list[str] = []
    groups: list[tuple[str, ...]] = []
    for entry in element.depends_on:
        if isinstance(entry, AnyOf):
            groups.append(tuple(dict.fromkeys(entry.targets)))
        elif entry.target != element.id and entry.required:
            plain.append(entry.target)
    return (tuple(dict.fromkeys(plain)), tuple(groups))


def optional_of(architecture: Architecture) -> dict[str, tuple[str, ...]]:
    """For every element with some: its ``required: false`` dependencies (distinct ids,
    not also needed by a required dependency, never itself)."""
    result: dict[str, tuple[str, ...]] = {}
    for element in architecture.elements.values():
        optional = element.optional_targets()
        if not optional:
            continue
        needed = {
            target
            for entry in element.required_entries()
            for target in (entry.targets if isinstance(entry, AnyOf) else (entry.target,))
        }
        kept = tuple(t for t in dict.fromkeys(optional) if t not in needed and t != element.id)
        if kept:
            result[element.id] = kept
    return result


@dataclass(frozen=True, slots=True)
class FailureResult:
    """What happens when the given elements fail."""

    failed: tuple[str, ...]
    affected: tuple[str, ...]
    degraded: dict[str, tuple[str, ...]]  # up on these alternatives of an any_of group
    causes: dict[str, str]
    state: State | None = None  # None: every element of the architecture took part
    # up, but without these ``required: false`` dependencies, which are down
    lost: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def degraded_elements(self) -> list[str]:
        """Every element that stays up degraded: it lost an alternative or an optional
        dependency."""
        return sorted(set(self.degraded) | set(self.lost))

    def chain(self, element: str) -> list[str]:
        """The chain of failures from a failed element up to ``element``."""
        path = [element]
        seen = {element}
        while path[-1] in self.causes:
            cause = self.causes[path[-1]]
            if cause in seen:
                break
            seen.add(cause)
            path.append(cause)
        return path[::-1]


def simulate_failure(
    architecture: Architecture, failed: Iterable[str], state: State | None = None
) -> FailureResult:
    """Propagate the failure of ``failed`` to everything that depends on them.

    With a ``state``, only the elements that work in it take part (see
    :meth:`~ictarch.model.architecture.Architecture.in_state`); without one,
    every element of ``architecture`` does."""
    if state is not None:
        architecture = architecture.in_state(state)
    requirements = requirements_of(architecture)
    initial = sorted(set(failed))
    # dependents[x] = (element, group index or -1 for a plain dependency)
    dependents: dict[str, list[tuple[str, int]]] = {}
    for element_id, (plain, groups) in requirements.items():
        for target in plain:
            dependents.setdefault(target, []).append((element_id, -1))
        for index, alternatives in enumerate(groups):
            for target in alternatives:
                dependents.setdefault(target, []).append((element_id, index))
    down = set(initial)
    # an alternative that is not an element cannot keep anything up
    unavailable = {
        (element_id, index): missing
        for element_id, (_, groups) in requirements.items()
        for index, alternatives in enumerate(groups)
        if (missing := sum(1 for t in alternatives if t not in requirements and t not in down))
    }
    causes: dict[str, str] = {}
    failed_in_group: dict[tuple[str, int], int] = {}
    queue = list(initial)
    while queue:
        current = queue.pop()
        for dependent, group in sorted(dependents.get(current, ())):
            if dependent in down:
                continue
            if group >= 0:
                key = (dependent, group)
                failed_in_group[key] = failed_in_group.get(key, 0) + 1
                still_up = len(requirements[dependent][1][group]) - unavailable.get(key, 0)
                if failed_in_group[key] < still_up:
                    continue
            down.add(dependent)
            causes[dependent] = current
            queue.append(dependent)
    degraded: dict[str, tuple[str, ...]] = {}
    for dependent, group in sorted(failed_in_group):
        if dependent in down:
            continue
        survivors = tuple(
            t for t in requirements[dependent][1][group] if t not in down and t in requirements
        )
        degraded[dependent] = tuple(sorted({*degraded.get(dependent, ()), *survivors}))
    lost: dict[str, tuple[str, ...]] = {}
    for dependent, optional in sorted(optional_of(architecture).items()):
        if dependent not in down and (gone := tuple(sorted(t for t in optional if t in down))):
            lost[dependent] = gone
    affected = tuple(sorted(down - set(initial)))
    return FailureResult(tuple(initial), affected, degraded, causes, state, lost)


MAX_SET_ENTRIES = 12_000_000
"""Past this many entries in all must-fail sets together (about 0.6 GB), give up."""
LARGEST_EXACT_CYCLE = 64
"""Larger dependency cycles are not iterated to their fixed point (see below)."""


class AnalysisTooLarge(IctarchError):
    """The single points of failure would take too much memory to compute."""


def solve_components(
    components: Iterable[list[str]],
    requirements: dict[str, Requirements],
    must_fail: dict[str, frozenset[str]],
    entries: int = 0,
    kept: Mapping[str, frozenset[str]] | None = None,
    moved: set[str] | None = None,
) -> list[str]:
    """Fill ``must_fail`` for the members of ``components`` (dependencies first: the sets
    of everything they depend on outside them are already in ``must_fail``); the
    members of the cycles too large to iterate, which get one pass.

    ``entries`` is the size of the sets already there; past ``MAX_SET_ENTRIES`` in all
    raises :class:`AnalysisTooLarge`. ``requirements`` holds every element that takes
    part (an ``any_of`` alternative outside it saves nothing).

    Solving again after an edit (:class:`ictarch.rules.resilience.ResilienceMemo`):
    ``kept`` holds the sets of a previous computation for the elements whose own
    requirements did not change, and ``moved`` the ids whose set changed (or that
    came, went, or changed requirements). A component whose members all have a kept
    set and none of whose requirements names a moved id has what it had before as
    input, so it gets its kept sets without being solved; a member of any other
    component whose set comes out different is added to ``moved``.
    """
    approximated: list[str] = []
    empty: frozenset[str] = frozenset()

    def unmoved(component: list[str], kept: Mapping[str, frozenset[str]], moved: set[str]) -> bool:
        for member in component:
            if member not in kept:
                return False
            plain, groups = requirements[member]
            if not moved.isdisjoint(plain) or any(not moved.isdisjoint(g) for g in groups):
                return False
        return True

    def solve(element_id: str) -> frozenset[str]:
        plain, groups = requirements[element_id]
        parts = [must_fail.get(target, empty) for target in plain]
        for group in groups:
            known = [must_fail.get(t, empty) for t in group if t in requirements]
            if known:  # an alternative that is not an element saves nothing
                parts.append(frozenset.intersection(*known))
        return frozenset((element_id,)).union(*parts)

    for component in components:
        if kept is not None and moved is not None and unmoved(component, kept, moved):
            for member in component:
                must_fail[member] = kept[member]
            entries += sum(len(must_fail[member]) for member in component)
            if entries > MAX_SET_ENTRIES:
                raise _too_large()
            continue
        if len(component) > 1:
            for member in component:
                must_fail[member] = frozenset((member,))
        if len(component) > LARGEST_EXACT_CYCLE:
            approximated.extend(sorted(component))
            solved = {member: solve(member) for member in component}
            must_fail.update(solved)
        else:
            changed = True
            while changed:
                changed = False
                for member in component:
                    found = solve(member)
                    if found != must_fail.get(member):
                        must_fail[member] = found
                        changed = len(component) > 1
        if moved is not None and kept is not None:
            moved.update(m for m in component if must_fail[m] != kept.get(m))
        entries += sum(len(must_fail[member]) for member in component)
        if entries > MAX_SET_ENTRIES:
            raise _too_large()
    return approximated


def _too_large() -> AnalysisTooLarge:
    return AnalysisTooLarge(
        _(
            "the dependency chains are too long to compute single points of failure "
            "(over {limit} set entries)"
        ).format(limit=i18n.integer(MAX_SET_ENTRIES))
    )


class SinglePointsOfFailure:
    """``must_fail`` sets for every element (each set includes the element itself).

    With a ``state``, only the elements that work in it take part and get a set.

    Two guards keep hostile architectures bounded. Very long dependency chains
    make the sets grow with their depth (a chain of n elements needs n²/2
    entries): past ``MAX_SET_ENTRIES`` this raises :class:`AnalysisTooLarge`.
    A dependency cycle (an ICT302 error) larger than ``LARGEST_EXACT_CYCLE``
    elements is not iterated to its fixed point, which would take one pass per
    element of the cycle; its members get one pass (what brings them down from
    outside the cycle, and their direct dependencies), and are listed in
    ``approximated``.
    """

    def __init__(self, architecture: Architecture, state: State | None = None) -> None:
        if state is not None:
            architecture = architecture.in_state(state)
        self.state = state
        self.requirements = requirements_of(architecture)
        self.optional = optional_of(architecture)
        self.approximated: list[str] = []
        self.must_fail = self._compute(architecture.components())

    def _compute(self, components: list[list[str]]) -> dict[str, frozenset[str]]:
        must_fail: dict[str, frozenset[str]] = {}
        self.approximated.extend(solve_components(components, self.requirements, must_fail))
        return must_fail

    def points_of_failure(self, element_id: str) -> list[str]:
        """The elements, other than itself, whose single failure brings it down."""
        return sorted(self.must_fail[element_id] - {element_id})

    def blast_radius(self, targets: Iterable[str]) -> dict[str, list[str]]:
        """For each element, the targets (other than itself) its single failure brings down."""
        brought_down: dict[str, list[str]] = {}
        for target in sorted(targets):
            for culprit in self.points_of_failure(target):
                brought_down.setdefault(culprit, []).append(target)
        return brought_down
