"""Per-element findings kept between passes: for checks whose findings about an element
depend only on it and on the elements its dependencies name.

A long-running process (the language server) checks the whole model again after every
edit. For such a check, an element's findings stay what they were while the element is
the same object (an unchanged file keeps its record's objects) and none of the ids its
dependencies name changed: a new or gone element, or another object under the same id.
The findings are then taken as they were, in the same order; the others are computed
again by the check's own code. Whatever else a check's findings depend on (the state,
the language, the layers) is the memo's *identity*: when it changes, everything is
computed again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator

from ictarch.findings import Finding
from ictarch.model.architecture import Architecture, Element


class ElementFindingsMemo:
    """An element's findings, kept while it and the elements it names stay the same."""

    def __init__(self) -> None:
        self.identity: Hashable = None
        self.elements: dict[str, Element] = {}
        self.kept: dict[str, tuple[Element, tuple[str, ...], list[Finding]]] = {}
        self.recomputed = 0  # elements whose findings were computed by the last pass

    def run(
        self,
        architecture: Architecture,
        identity: Hashable,
        findings_of: Callable[[Element], Iterable[Finding]],
    ) -> Iterator[Finding]:
        """The findings of every element, in the order of ``architecture.elements``:
        kept ones where nothing they depend on changed, else ``findings_of(element)``."""
        elements = architecture.elements
        if identity != self.identity:
            self.identity = identity
            self.elements = {}
            self.kept = {}
        before = self.elements
        changed = {key for key, element in elements.items() if before.get(key) is not element}
        changed.update(key for key in before if key not in elements)
        kept = self.kept
        self.kept = {}
        self.elements = dict(elements)
        self.recomputed = 0
        for key, element in elements.items():
            known = kept.get(key)
            if known is not None and known[0] is element and changed.isdisjoint(known[1]):
                found = known[2]
            else:
                found = list(findings_of(element))
                known = (element, tuple(element.dependency_targets()), found)
                self.recomputed += 1
            self.kept[key] = known
            yield from found
