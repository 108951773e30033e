"""The impact of every single failure at once, from the single points of failure.

:func:`~ictarch.graph.resilience.simulate_failure` answers "what if X fails?"
for one X by propagating through the whole architecture; asking it for every
element is quadratic. The must-fail sets of
:class:`~ictarch.graph.resilience.SinglePointsOfFailure` already hold the
answer for all single failures, read the other way round: under the fixed-point
semantics of :mod:`ictarch.graph.resilience`,

- X brings Y down exactly when X is in ``must_fail[Y]`` (that is what the set
  means), so the elements that go down with X are the Y whose set holds X;
- Y loses an alternative but stays up when X is not in ``must_fail[Y]`` while
  X is in ``must_fail[A]`` for an alternative A of one of Y's ``any_of``
  groups: that alternative goes down, and the group survives on another;
- Y loses an optional dependency (``required: false``) O but stays up when X is
  in ``must_fail[O]`` and not in ``must_fail[Y]``: it is degraded, "lost O".

Inverting the sets costs as much as the sets themselves (bounded by
``MAX_SET_ENTRIES``), so the whole index is linear in their size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ictarch.graph.resilience import SinglePointsOfFailure


@dataclass(frozen=True, slots=True)
class SingleFailure:
    """What the failure of one element does: what goes down, what stays up degraded (lost
    an alternative or an optional dependency)."""

    down: tuple[str, ...]
    degraded: tuple[str, ...]


_NOTHING = SingleFailure((), ())


@dataclass(slots=True)
class FailureIndex:
    """The impact of the failure of each element alone (sorted ids)."""

    impacts: dict[str, SingleFailure]

    def impact_of(self, element_id: str) -> SingleFailure:
        return self.impacts.get(element_id, _NOTHING)


def index_single_failures(spofs: SinglePointsOfFailure) -> FailureIndex:
    """For every element, what goes down with it and what only loses an alternative or an
    optional dependency."""
    must_fail = spofs.must_fail
    down: dict[str, list[str]] = defaultdict(list)
    for victim in sorted(must_fail):
        for culprit in must_fail[victim]:
            if culprit != victim:
                down[culprit].append(victim)
    degraded: dict[str, set[str]] = defaultdict(set)
    empty: frozenset[str] = frozenset()
    for victim in sorted(must_fail):
        victim_set = must_fail[victim]
        _, groups = spofs.requirements[victim]
        for group in groups:
            for alternative in group:
                for culprit in must_fail.get(alternative, empty):
                    if culprit not in victim_set:
                        degraded[culprit].add(victim)
        for optional in spofs.optional.get(victim, ()):
            for culprit in must_fail.get(optional, empty):
                if culprit not in victim_set:
                    degraded[culprit].add(victim)
    impacts = {
        element_id: SingleFailure(
            tuple(down.get(element_id, ())), tuple(sorted(degraded.get(element_id, ())))
        )
        for element_id in sorted(set(down) | set(degraded))
    }
    return FailureIndex(impacts)
