"""ICT2xx: references between elements, and from views, to ids that must exist."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.findings import Finding, Location, Rule, Severity
from ictarch.model.architecture import AnyOf, Architecture, Element
from ictarch.model.schema import did_you_mean

# Each "did you mean" compares the unknown id with the known ids of a similar
# length; once this many comparisons have been made, hints are left out, so
# that a file full of typos in a huge architecture stays fast to check.
_HINT_COMPARISONS = 300_000

DUPLICATE_ID = Rule(
    "ICT201",
    "duplicate-id",
    Severity.ERROR,
    "Two elements have the same id (in one file or in two).",
    "- id: lgsp\n  ...\n- id: lgsp",
    "Give one of them another id; ids are unique across the whole architecture.",
)
UNKNOWN_DEPENDENCY = Rule(
    "ICT202",
    "unknown-dependency",
    Severity.ERROR,
    "depends_on (or an any_of alternative) names an id that no element has.",
    "depends_on: [lgps]",
    "Fix the id (the message suggests the closest one), or add the missing element.",
)
UNKNOWN_ORGANISATION = Rule(
    "ICT203",
    "unknown-organisation",
    Severity.ERROR,
    "owner or operator names an id that no element has.",
    "owner: so-ttt",
    "Fix the id, or add the agency or provider to the agencies layer.",
)
OWNER_NOT_AGENCY = Rule(
    "ICT204",
    "owner-not-agency",
    Severity.ERROR,
    "owner or operator names an element that is not in the top (agencies) layer.",
    "owner: lgsp   # a platform",
    "Name the agency or provider responsible; platforms cannot own or run elements.",
)
DUPLICATE_DEPENDENCY = Rule(
    "ICT205",
    "duplicate-dependency",
    Severity.WARNING,
    "An element lists the same dependency twice.",
    "depends_on: [lgsp, lgsp]",
    "Remove the repeated entry.",
)
UNKNOWN_VIEW_REFERENCE = Rule(
    "ICT206",
    "unknown-view-reference",
    Severity.ERROR,
    "A view selects a layer, owner or element that does not exist.",
    "views: [{id: ioc, focus: iocc}]",
    "Fix the id in the view.",
)
SINGLE_ALTERNATIVE = Rule(
    "ICT207",
    "single-alternative",
    Severity.WARNING,
    "An any_of group has only one distinct alternative, so it models no redundancy.",
    "depends_on: [{any_of: [tsdl-tinh]}]",
    "Add the real alternative, or write the dependency as a plain id.",
)

RULES = (
    DUPLICATE_ID,
    UNKNOWN_DEPENDENCY,
    UNKNOWN_ORGANISATION,
    OWNER_NOT_AGENCY,
    DUPLICATE_DEPENDENCY,
    UNKNOWN_VIEW_REFERENCE,
    SINGLE_ALTERNATIVE,
)


class _Hints:
    """ "Did you mean" hints over a set of ids, within a budget of comparisons."""

    def __init__(self, ids: list[str]) -> None:
        self.by_length: dict[int, list[str]] = {}
        for known in ids:
            self.by_length.setdefault(len(known), []).append(known)
        self.budget = _HINT_COMPARISONS

    def __call__(self, word: str) -> str:
        # difflib's ratio is at most 2*min/(len a + len b): ids much shorter or
        # longer than the word can never reach the 0.6 cutoff, so skip them.
        size = len(word)
        candidates = [
            known
            for length, ids in self.by_length.items()
            if 0.6 * (length + size) <= 2 * min(length, size)
            for known in ids
        ]
        if len(candidates) > self.budget:
            return ""
        self.budget -= len(candidates)
        return did_you_mean(word, candidates)


def check_references(architecture: Architecture) -> Iterator[Finding]:
    elements = architecture.elements
    hints = _Hints(sorted(elements))
    yield from _duplicate_ids(architecture)
    top_layer = architecture.organisation_layer
    organisations = sorted(e.id for e in elements.values() if e.layer == top_layer)
    organisation_hints = _Hints(organisations)
    for element in architecture.definitions:
        yield from _dependencies_of(element, elements, hints)
        for field_name in ("owner", "operator"):
            target = getattr(element, field_name)
            if target is None:
                continue
            owner = elements.get(target)
            if owner is None:
                yield UNKNOWN_ORGANISATION.finding(
                    f"{element.id!r}: {field_name} {target!r} is not defined"
                    f"{organisation_hints(target)}",
                    element.where(field_name),
                    element.id,
                )
            elif owner.layer != top_layer:
                yield OWNER_NOT_AGENCY.finding(
                    f"{element.id!r}: {field_name} {target!r} is in layer {owner.layer!r}, "
                    f"not {top_layer!r}; only agencies and providers own or run elements",
                    element.where(field_name),
                    element.id,
                )
    owner = architecture.metadata.get("owner")
    if isinstance(owner, str) and owner not in elements:
        yield UNKNOWN_ORGANISATION.finding(
            f"the architecture's owner {owner!r} is not defined{organisation_hints(owner)}",
            architecture.metadata_locations.get("owner", Location(architecture.root_file, 1, 1)),
        )
    yield from _view_references(architecture, hints)


def _duplicate_ids(architecture: Architecture) -> Iterator[Finding]:
    elements = architecture.elements
    for element in architecture.definitions:
        first = elements[element.id]
        if first is not element:
            yield DUPLICATE_ID.finding(
                f"duplicate id {element.id!r}: already defined at {first.where('id')}",
                element.where("id"),
                element.id,
                related=(first.where("id"),),
            )


def _dependencies_of(
    element: Element, elements: dict[str, Element], hints: _Hints
) -> Iterator[Finding]:
    # A target may stand in several any_of groups ("b or c", "c or d"), but not
    # twice in one group, twice as a plain dependency, or both plain and grouped.
    plain: set[str] = set()
    grouped: set[str] = set()
    for entry in element.depends_on:
        dependencies = entry.alternatives if isinstance(entry, AnyOf) else (entry,)
        in_group: set[str] = set()
        if isinstance(entry, AnyOf) and len({d.target for d in entry.alternatives}) < 2:
            yield SINGLE_ALTERNATIVE.finding(
                f"{element.id!r}: any_of with a single alternative "
                f"({entry.alternatives[0].target!r}) is no redundancy",
                entry.location,
                element.id,
            )
        for dependency in dependencies:
            target = dependency.target
            if target not in elements:
                where = "an any_of alternative" if isinstance(entry, AnyOf) else "depends_on"
                yield UNKNOWN_DEPENDENCY.finding(
                    f"{element.id!r}: {where} names {target!r}, which is not defined"
                    f"{hints(target)}",
                    dependency.location,
                    element.id,
                    args={"target": target, "in_any_of": isinstance(entry, AnyOf)},
                )
            if isinstance(entry, AnyOf):
                repeated = target in in_group or target in plain
                in_group.add(target)
            else:
                repeated = target in plain or target in grouped
                plain.add(target)
            if repeated:
                yield DUPLICATE_DEPENDENCY.finding(
                    f"{element.id!r} lists {target!r} more than once in depends_on",
                    dependency.location,
                    element.id,
                )
        grouped |= in_group


def _view_references(architecture: Architecture, hints: _Hints) -> Iterator[Finding]:
    elements = architecture.elements
    layer_ids = [layer.id for layer in architecture.layers]
    seen_views: set[str] = set()
    for view in architecture.views:
        if view.id in seen_views:
            yield UNKNOWN_VIEW_REFERENCE.finding(
                f"view {view.id!r} is defined twice", view.where("id")
            )
        seen_views.add(view.id)
        for layer in view.layers:
            if layer not in layer_ids:
                yield UNKNOWN_VIEW_REFERENCE.finding(
                    f"view {view.id!r}: unknown layer {layer!r}{did_you_mean(layer, layer_ids)}",
                    view.where("layers"),
                )
        for field_name, ids in (
            ("owners", view.owners),
            ("elements", view.elements),
            ("focus", (view.focus,) if view.focus else ()),
        ):
            for target in ids:
                if target not in elements:
                    yield UNKNOWN_VIEW_REFERENCE.finding(
                        f"view {view.id!r}: {field_name} names {target!r}, which is not "
                        f"defined{hints(target)}",
                        view.where(field_name),
                    )
