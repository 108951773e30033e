"""Impact of a change: what in the new version still needs what is going away.

For every element removed, and every element whose status moved towards
``deprecated`` or ``retired``, the elements of the new version that would go
down with it are found with :func:`ictarch.graph.resilience.simulate_failure`,
which honours ``any_of`` redundancy and optional dependencies: an element with a
surviving alternative, or that only loses a ``required: false`` dependency, is
not impacted, only degraded.

A failure only travels from an element to those that depend on it, so each
simulation runs on the part of the new version that depends on the element,
directly or transitively (found once through a reverse index); on a large
architecture this keeps a handful of retirements from costing a pass over
every element each.
"""

from __future__ import annotations

from collections.abc import Iterable

from ictarch.diff.model import (
    REMOVED,
    ElementSummary,
    ImpactEntry,
)
from ictarch.model.architecture import Architecture, Status
from ictarch.model.lifecycle import CURRENT, State


def winding_down(old_status: str, new_status: str) -> bool:
    """Whether a status change moves an element towards deprecated or retired."""
    old, new = Status.parse(old_status), Status.parse(new_status)
    return new.gone_or_going and new.order > old.order


def compute_impact(
    new: Architecture,
    removed: Iterable[ElementSummary],
    status_changes: Iterable[tuple[str, str, str]],
    state: State = CURRENT,
) -> list[ImpactEntry]:
    """Impact entries for removed elements and ``(id, old status, new status)`` changes.

    Entries come sorted by id; an element nothing depends on gets an entry with
    no affected elements (the reviewer still sees that it was checked). The
    failures are simulated in ``state``: only the elements of ``new`` that work
    there take part.
    """
    dependents = _dependents(new)
    rank = new.layer_rank
    entries: list[ImpactEntry] = []
    candidates: list[tuple[str, str, str, str, str, str | None]] = [
        (summary.id, summary.name, summary.layer, REMOVED, summary.status, None)
        for summary in removed
    ]
    for changed_id, status_before, status_after in status_changes:
        if winding_down(status_before, status_after):
            element = new.elements[changed_id]
            candidates.append(
                (changed_id, element.name, element.layer, status_after, status_before, status_after)
            )
    # Everything removed or winding down is gone at once: an element whose
    # alternatives are all among them is down, even if each alone would leave
    # it running. One joint simulation, reported per element over what depends
    # on that element.
    upstream_of = {candidate[0]: _upstream(candidate[0], dependents) for candidate in candidates}
    everything_upstream = set().union(*upstream_of.values())
    joint = None
    if everything_upstream:
        from ictarch.graph.resilience import simulate_failure

        joint = simulate_failure(new, list(upstream_of), state)
    for element_id, name, layer, reason, old_status, new_status in sorted(candidates):
        upstream = upstream_of[element_id]
        if joint is None or not upstream:
            entries.append(
                ImpactEntry(element_id, name, layer, reason, old_status, new_status, (), {}, {}, {})
            )
            continue
        affected = tuple(e for e in joint.affected if e in upstream)
        by_layer: dict[str, list[str]] = {}
        for affected_id in sorted(
            affected, key=lambda e: (rank.get(new.elements[e].layer, len(rank)), e)
        ):
            by_layer.setdefault(new.elements[affected_id].layer, []).append(affected_id)
        entries.append(
            ImpactEntry(
                element_id,
                name,
                layer,
                reason,
                old_status,
                new_status,
                affected,
                {layer_id: tuple(ids) for layer_id, ids in by_layer.items()},
                {e: alts for e, alts in sorted(joint.degraded.items()) if e in upstream},
                {e: cause for e, cause in sorted(joint.causes.items()) if e in upstream},
                {e: gone for e, gone in sorted(joint.lost.items()) if e in upstream},
            )
        )
    return entries


def _dependents(architecture: Architecture) -> dict[str, list[str]]:
    """target id -> ids of the elements that depend on it (any_of alternatives included)."""
    dependents: dict[str, list[str]] = {}
    for element in architecture.elements.values():
        for target in element.dependency_targets():
            dependents.setdefault(target, []).append(element.id)
    return dependents


def _upstream(start: str, dependents: dict[str, list[str]]) -> set[str]:
    """Every element that depends on ``start``, directly or transitively."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        for dependent in dependents.get(stack.pop(), ()):
            if dependent not in seen:
                seen.add(dependent)
                stack.append(dependent)
    seen.discard(start)
    return seen
