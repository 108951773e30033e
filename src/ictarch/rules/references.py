"""ICT2xx: references between elements, and from views, to ids that must exist."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.findings import Finding, Location, Rule, Severity
from ictarch.i18n import N_, _
from ictarch.model.architecture import AnyOf, Architecture, Element
from ictarch.model.schema import closest, with_suggestion

# Each "did you mean" compares the unknown id with the known ids of a similar
# length; once this many comparisons have been made, hints are left out, so
# that a file full of typos in a huge architecture stays fast to check.
_HINT_COMPARISONS = 300_000

DUPLICATE_ID = Rule(
    "ICT201",
    "duplicate-id",
    Severity.ERROR,
    N_("Two elements have the same id (in one file or in two)."),
    N_("- id: lgsp\n  ...\n- id: lgsp"),
    N_("Give one of them another id; ids are unique across the whole architecture."),
)
UNKNOWN_DEPENDENCY = Rule(
    "ICT202",
    "unknown-dependency",
    Severity.ERROR,
    N_("depends_on (or an any_of alternative) names an id that no element has."),
    N_("depends_on: [lgps]"),
    N_("Fix the id (the message suggests the closest one), or add the missing element."),
)
UNKNOWN_ORGANISATION = Rule(
    "ICT203",
    "unknown-organisation",
    Severity.ERROR,
    N_("owner or operator names an id that no element has."),
    N_("owner: so-ttt"),
    N_("Fix the id, or add the agency or provider to the agencies layer."),
)
OWNER_NOT_AGENCY = Rule(
    "ICT204",
    "owner-not-agency",
    Severity.ERROR,
    N_("owner or operator names an element that is not in the top (agencies) layer."),
    N_("owner: lgsp   # a platform"),
    N_("Name the agency or provider responsible; platforms cannot own or run elements."),
)
DUPLICATE_DEPENDENCY = Rule(
    "ICT205",
    "duplicate-dependency",
    Severity.WARNING,
    N_("An element lists the same dependency twice."),
    N_("depends_on: [lgsp, lgsp]"),
    N_("Remove the repeated entry."),
)
UNKNOWN_VIEW_REFERENCE = Rule(
    "ICT206",
    "unknown-view-reference",
    Severity.ERROR,
    N_("A view selects a layer, owner or element that does not exist."),
    N_("views: [{id: ioc, focus: iocc}]"),
    N_("Fix the id in the view."),
)
SINGLE_ALTERNATIVE = Rule(
    "ICT207",
    "single-alternative",
    Severity.WARNING,
    N_("An any_of group has only one distinct alternative, so it models no redundancy."),
    N_("depends_on: [{any_of: [tsdl-tinh]}]"),
    N_("Add the real alternative, or write the dependency as a plain id."),
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

    def __call__(self, word: str) -> str | None:
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
            return None
        self.budget -= len(candidates)
        return closest(word, candidates)


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
                suggestion = organisation_hints(target)
                message = _("{element!r}: {field} {target!r} is not defined").format(
                    element=element.id, field=field_name, target=target
                )
                yield UNKNOWN_ORGANISATION.finding(
                    with_suggestion(message, suggestion),
                    element.where(field_name),
                    element.id,
                    args={"field": field_name, "target": target, "suggestion": suggestion},
                )
            elif owner.layer != top_layer:
                yield OWNER_NOT_AGENCY.finding(
                    _(
                        "{element!r}: {field} {target!r} is in layer {layer!r}, not {top_layer!r}; "
                        "only agencies and providers own or run elements"
                    ).format(
                        element=element.id,
                        field=field_name,
                        target=target,
                        layer=owner.layer,
                        top_layer=top_layer,
                    ),
                    element.where(field_name),
                    element.id,
                    args={
                        "field": field_name,
                        "target": target,
                        "layer": owner.layer,
                        "top_layer": top_layer,
                    },
                )
    owner = architecture.metadata.get("owner")
    if isinstance(owner, str) and owner not in elements:
        suggestion = organisation_hints(owner)
        message = _("the architecture's owner {target!r} is not defined").format(target=owner)
        yield UNKNOWN_ORGANISATION.finding(
            with_suggestion(message, suggestion),
            architecture.metadata_locations.get("owner", Location(architecture.root_file, 1, 1)),
            args={"field": "architecture.owner", "target": owner, "suggestion": suggestion},
        )
    yield from _view_references(architecture, hints)


def _duplicate_ids(architecture: Architecture) -> Iterator[Finding]:
    elements = architecture.elements
    for element in architecture.definitions:
        first = elements[element.id]
        if first is not element:
            yield DUPLICATE_ID.finding(
                _("duplicate id {element!r}: already defined at {first}").format(
                    element=element.id, first=first.where("id")
                ),
                element.where("id"),
                element.id,
                related=(first.where("id"),),
                args={"first_file": first.where("id").file, "first_line": first.where("id").line},
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
            alternative = entry.alternatives[0].target
            yield SINGLE_ALTERNATIVE.finding(
                _(
                    "{element!r}: any_of with a single alternative ({target!r}) is no redundancy"
                ).format(element=element.id, target=alternative),
                entry.location,
                element.id,
                args={"target": alternative},
            )
        for dependency in dependencies:
            target = dependency.target
            if target not in elements:
                suggestion = hints(target)
                if isinstance(entry, AnyOf):
                    message = _(
                        "{element!r}: an any_of alternative names {target!r}, which is not defined"
                    )
                else:
                    message = _("{element!r}: depends_on names {target!r}, which is not defined")
                yield UNKNOWN_DEPENDENCY.finding(
                    with_suggestion(message.format(element=element.id, target=target), suggestion),
                    dependency.location,
                    element.id,
                    args={
                        "target": target,
                        "in_any_of": isinstance(entry, AnyOf),
                        "suggestion": suggestion,
                    },
                )
            if isinstance(entry, AnyOf):
                repeated = target in in_group or target in plain
                in_group.add(target)
            else:
                repeated = target in plain or target in grouped
                plain.add(target)
            if repeated:
                yield DUPLICATE_DEPENDENCY.finding(
                    _("{element!r} lists {target!r} more than once in depends_on").format(
                        element=element.id, target=target
                    ),
                    dependency.location,
                    element.id,
                    args={"target": target, "in_any_of": isinstance(entry, AnyOf)},
                )
        grouped |= in_group


def _view_references(architecture: Architecture, hints: _Hints) -> Iterator[Finding]:
    elements = architecture.elements
    layer_ids = [layer.id for layer in architecture.layers]
    seen_views: set[str] = set()
    for view in architecture.views:
        if view.id in seen_views:
            yield UNKNOWN_VIEW_REFERENCE.finding(
                _("view {view!r} is defined twice").format(view=view.id),
                view.where("id"),
                args={"view": view.id, "field": "id", "target": view.id, "suggestion": None},
            )
        seen_views.add(view.id)
        for layer in view.layers:
            if layer not in layer_ids:
                suggestion = closest(layer, layer_ids)
                message = _("view {view!r}: unknown layer {target!r}").format(
                    view=view.id, target=layer
                )
                yield UNKNOWN_VIEW_REFERENCE.finding(
                    with_suggestion(message, suggestion),
                    view.where("layers"),
                    args={
                        "view": view.id,
                        "field": "layers",
                        "target": layer,
                        "suggestion": suggestion,
                    },
                )
        for field_name, ids in (
            ("owners", view.owners),
            ("elements", view.elements),
            ("focus", (view.focus,) if view.focus else ()),
        ):
            for target in ids:
                if target not in elements:
                    suggestion = hints(target)
                    message = _("view {view!r}: {field} names {target!r}, which is not defined")
                    yield UNKNOWN_VIEW_REFERENCE.finding(
                        with_suggestion(
                            message.format(view=view.id, field=field_name, target=target),
                            suggestion,
                        ),
                        view.where(field_name),
                        args={
                            "view": view.id,
                            "field": field_name,
                            "target": target,
                            "suggestion": suggestion,
                        },
                    )
