"""ICT2xx: references between elements, and from views, to ids that must exist."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.findings import Finding, Location, Rule, Severity
from ictarch.i18n import N_, _
from ictarch.model.architecture import AnyOf, Architecture, Element
from ictarch.model.schema import closest, with_suggestion

# When no id is one keystroke away, a "did you mean" compares the unknown id with
# the known ids of a similar length (about 80 microseconds each); once this many
# comparisons have been made, such hints are left out (see _Hints).
_HINT_COMPARISONS = 20_000
# Ids are written in a small alphabet (a-z, 0-9, '-', '.'); with many more
# distinct characters, trying every one-character change costs too much.
_MAX_ALPHABET = 64
_LOOKUPS_BEFORE_INDEX = 50

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

RENAMED_FROM_EXISTING = Rule(
    "ICT208",
    "renamed-from-existing",
    Severity.WARNING,
    N_(
        "An element says it was renamed from an id that is still defined, so no diff can "
        "treat it as a rename."
    ),
    N_("- {id: he-thong-tthc, renamed_from: mot-cua}   # while mot-cua is still defined"),
    N_("Remove the old element (it was renamed), or remove renamed_from (it is another element)."),
)

RULES = (
    DUPLICATE_ID,
    UNKNOWN_DEPENDENCY,
    UNKNOWN_ORGANISATION,
    OWNER_NOT_AGENCY,
    DUPLICATE_DEPENDENCY,
    UNKNOWN_VIEW_REFERENCE,
    SINGLE_ALTERNATIVE,
    RENAMED_FROM_EXISTING,
)


class _Hints:
    """ "Did you mean" hints over a set of ids, in microseconds each.

    Most misspelt ids are one keystroke away from the right one (a character
    added, dropped, changed, or two swapped). For the first few words, every
    such variant of the word is looked up in the set of ids (Norvig's spelling
    corrector: a few hundred lookups, about 0.3 ms, however many ids there are);
    past that, an index of the ids with one character deleted is built once
    (0.3 s for 20,000 ids) and answers in about 12 microseconds (symmetric
    deletion: two words one edit apart share a one-deletion variant, transposed
    characters included). Only when that finds nothing does
    difflib compare the word with the ids of a similar length, within a budget
    of comparisons, so that a file full of typos in a huge architecture stays
    fast to check. Each word is looked up once.
    """

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.known: set[str] | None = None
        self.alphabet = ""
        self.deletions: dict[str, list[str]] | None = None
        self.lookups = 0
        self.by_length: dict[int, list[str]] | None = None
        self.budget = _HINT_COMPARISONS
        self.answers: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word not in self.answers:
            self.answers[word] = self._near(word) or self._similar(word)
        return self.answers[word]

    def _near(self, word: str) -> str | None:
        """A hint among the ids one insertion, deletion, change or swap away."""
        if len(word) < 3:  # below 3 characters, difflib's cutoff rejects them all
            return None
        if self.known is None:
            self.known = set(self.ids)
            self.alphabet = "".join(sorted(set("".join(self.ids))))
        self.lookups += 1
        if self.lookups <= _LOOKUPS_BEFORE_INDEX and len(self.alphabet) <= _MAX_ALPHABET:
            found = _one_edit_away(word, self.alphabet) & self.known
        else:
            found = self._indexed(word)
        found.discard(word)
        if not found:
            return None
        # the one sharing the longest start and end, then the shortest, then the first
        return min(found, key=lambda known: (-_shared_ends(word, known), len(known), known))

    def _indexed(self, word: str) -> set[str]:
        if self.deletions is None:
            self.deletions = {}
            for known in self.ids:
                for variant in _one_deleted(known):
                    self.deletions.setdefault(variant, []).append(known)
        found: set[str] = set()
        for variant in _one_deleted(word):
            found.update(self.deletions.get(variant, ()))
        return found

    def _similar(self, word: str) -> str | None:
        if self.budget <= 0:
            return None
        if self.by_length is None:
            self.by_length = {}
            for known in self.ids:
                self.by_length.setdefault(len(known), []).append(known)
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
            self.budget = 0
            return None
        self.budget -= len(candidates)
        return closest(word, candidates)


def _one_edit_away(word: str, alphabet: str) -> set[str]:
    """Every string one deletion, swap, change or insertion (from ``alphabet``) away."""
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    return {
        *(left + right[1:] for left, right in splits if right),
        *(left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1),
        *(left + c + right[1:] for left, right in splits if right for c in alphabet),
        *(left + c + right for left, right in splits for c in alphabet),
    }


def _one_deleted(word: str) -> set[str]:
    """``word`` and every string made from it by deleting one character."""
    return {word, *(word[:index] + word[index + 1 :] for index in range(len(word)))}


def _shared_ends(first: str, second: str) -> int:
    """How many characters two words share at their start and at their end."""
    limit = min(len(first), len(second))
    start = 0
    while start < limit and first[start] == second[start]:
        start += 1
    end = 0
    while end < limit - start and first[-1 - end] == second[-1 - end]:
        end += 1
    return start + end


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
    for element in architecture.definitions:
        source = element.renamed_from
        if source is not None and source != element.id and source in elements:
            yield RENAMED_FROM_EXISTING.finding(
                _(
                    "{element!r} says renamed_from {old!r}, but {old!r} is still defined "
                    "(at {where}); a diff will not treat this as a rename"
                ).format(element=element.id, old=source, where=elements[source].where("id")),
                element.where("renamed_from"),
                element.id,
                related=(elements[source].where("id"),),
                args={"renamed_from": source},
            )


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
