"""Comparing two loaded architectures: elements, relations, metadata, layers, views.

Elements are matched by id. An element of the new version that declares
``renamed_from: OLD_ID`` is matched with ``OLD_ID`` of the old version when
that id is gone from the new version and the new id did not exist before; it
is then reported as a rename, its fields are compared, and every reference to
the old id in the old version (dependencies, owner, operator, views) counts as
a reference to the new id. Text is compared in Unicode NFC, so a name typed
with decomposed diacritics is not a change.
"""

from __future__ import annotations

import datetime
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from ictarch.diff.model import (
    ArchitectureDiff,
    ElementChange,
    ElementSummary,
    FieldChange,
    GroupChange,
    Relation,
    Rename,
    RenameProblem,
    SectionChanges,
    VersionInfo,
)
from ictarch.model.architecture import (
    VIEW_FIELDS,
    AnyOf,
    Architecture,
    Element,
    Layer,
    View,
    Waiver,
)

Item = TypeVar("Item", Layer, View)

SCALAR_FIELDS = ("name", "layer", "kind", "status", "criticality", "owner", "operator")
LIST_FIELDS = ("tags", "implements")
DATE_FIELDS = ("since", "until")
_RENAMED_VIEW_FIELDS = frozenset({"owners", "elements", "focus"})


def compare_architectures(
    old: Architecture, new: Architecture, old_source: str = "OLD", new_source: str = "NEW"
) -> ArchitectureDiff:
    """The model part of the diff (impact and findings are added by their modules).

    Groups of ``any_of`` alternatives are compared for the elements present in
    both versions; the relations of added and removed elements are in
    ``relations_added`` and ``relations_removed``.
    """
    renames = find_renames(old, new)
    diff = ArchitectureDiff(
        old=version_info(old, old_source),
        new=version_info(new, new_source),
        renamed=[Rename(o, n) for o, n in sorted(renames.items(), key=lambda item: item[1])],
        rename_problems=find_rename_problems(old, new),
    )
    _compare_elements(old, new, renames, diff)
    _compare_relations(old, new, renames, diff)
    diff.metadata = compare_mappings(old.metadata, new.metadata)
    diff.layers = _compare_sections(old.layers, new.layers, _layer_fields)
    diff.views = _compare_sections(
        old.views, new.views, lambda view, is_old: _view_fields(view, renames if is_old else {})
    )
    diff.rules = compare_mappings(old.rules, new.rules)
    return diff


def version_info(architecture: Architecture, source: str) -> VersionInfo:
    version = architecture.metadata.get("version")
    return VersionInfo(
        source=source,
        id=architecture.id,
        name=architecture.name,
        version=None if version is None else str(plain(version)),
        elements=len(architecture.elements),
        relations=architecture.relation_count(),
        layers=tuple((layer.id, layer.name) for layer in architecture.layers),
    )


def summarise(element: Element) -> ElementSummary:
    return ElementSummary(element.id, element.name, element.layer, element.kind, element.status)


def find_rename_problems(old: Architecture, new: Architecture) -> list[RenameProblem]:
    """The ``renamed_from`` of elements new in NEW that name no element of OLD, or an
    element NEW still has: a rename that was meant and silently not made."""
    import difflib

    problems: list[RenameProblem] = []
    old_ids = sorted(old.elements)
    for element in sorted(new.elements.values(), key=lambda e: e.id):
        source = element.renamed_from
        if source is None or source == element.id or element.id in old.elements:
            continue  # a rename made in an earlier version, or none
        if source in new.elements:
            if source in old.elements:
                problems.append(RenameProblem(element.id, source, "still-defined"))
            continue
        if source not in old.elements:
            close = difflib.get_close_matches(source, old_ids, n=1, cutoff=0.6)
            problems.append(
                RenameProblem(element.id, source, "not-in-old", close[0] if close else None)
            )
    return problems


def find_renames(old: Architecture, new: Architecture) -> dict[str, str]:
    """old id -> new id for every rename declared with ``renamed_from``."""
    renames: dict[str, str] = {}
    claimed: set[str] = set()
    for element in sorted(new.elements.values(), key=lambda e: e.id):
        source = element.renamed_from
        if (
            source is None
            or source == element.id
            or source not in old.elements
            or source in new.elements
            or element.id in old.elements
            or source in claimed
        ):
            continue
        claimed.add(source)
        renames[source] = element.id
    return renames


def _compare_elements(
    old: Architecture, new: Architecture, renames: dict[str, str], diff: ArchitectureDiff
) -> None:
    old_elements, new_elements = old.elements, new.elements
    renamed_to = set(renames.values())
    mentioned: dict[str, ElementSummary] = {}
    for element_id in sorted(new_elements.keys() - old_elements.keys() - renamed_to):
        summary = summarise(new_elements[element_id])
        diff.added.append(summary)
    for element_id in sorted(old_elements.keys() - new_elements.keys() - renames.keys()):
        summary = summarise(old_elements[element_id])
        diff.removed.append(summary)
        mentioned[element_id] = summary
    pairs = [(element_id, element_id) for element_id in old_elements.keys() & new_elements.keys()]
    pairs.extend(renames.items())
    for old_id, new_id in sorted(pairs, key=lambda pair: pair[1]):
        fields = compare_elements(old_elements[old_id], new_elements[new_id], renames)
        if fields:
            element = new_elements[new_id]
            diff.changed.append(ElementChange(new_id, old_id, element.name, element.layer, fields))
    for element in new_elements.values():
        mentioned[element.id] = summarise(element)
    for old_id in renames:
        mentioned.setdefault(old_id, summarise(old_elements[old_id]))
    diff.elements = mentioned


def content_key(element: Element) -> tuple[Any, ...]:
    """Everything about an element that a diff compares, locations left out.

    Two elements with equal keys are the same to :func:`compare_elements` and to
    the relation comparison (unless an owner, operator or dependency was renamed;
    the caller checks that). The key is exact, not a hash, and stricter than the
    comparison: the order of tags or a dependency's description count here.
    """
    return (
        element.id,
        element.name,
        element.layer,
        element.kind,
        element.description,
        element.owner,
        element.operator,
        element.status.value,
        element.since,
        element.until,
        element.criticality,
        element.tags,
        element.implements,
        tuple(_link_key(link) for link in element.links),
        tuple(_source_key(source) for source in element.sources),
        element.renamed_from,
        tuple(
            (
                tuple((option.target, option.description) for option in entry.alternatives),
                entry.description,
            )
            if isinstance(entry, AnyOf)
            else (entry.target, entry.description, entry.required)
            for entry in element.depends_on
        ),
        plain(element.extensions) if element.extensions else None,
        tuple(_waiver_key(waiver) for waiver in element.waivers),
    )


def compare_elements(
    old: Element, new: Element, renames: Mapping[str, str]
) -> dict[str, FieldChange]:
    """The fields that differ, in a fixed order; references follow renames."""
    changes: dict[str, FieldChange] = {}
    if old is new and old.owner not in renames and old.operator not in renames:
        return changes  # one element shared by both versions (see diff.side_by_side)
    for name in SCALAR_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if name in ("owner", "operator") and before is not None:
            before = renames.get(before, before)
        if before != after and _nfc(before) != _nfc(after):
            changes[name] = FieldChange(before, after)
    for name in DATE_FIELDS:
        day_before, day_after = getattr(old, name), getattr(new, name)
        if day_before != day_after:
            changes[name] = FieldChange(
                day_before.isoformat() if day_before else None,
                day_after.isoformat() if day_after else None,
            )
    if old.description != new.description and _nfc(old.description) != _nfc(new.description):
        changes["description"] = FieldChange(old.description, new.description)
    for name in LIST_FIELDS:
        list_change = compare_lists(getattr(old, name), getattr(new, name))
        if list_change is not None:
            changes[name] = list_change
    if old.links != new.links:
        links_change = compare_lists(
            [_link_key(link) for link in old.links], [_link_key(link) for link in new.links]
        )
        if links_change is not None:
            changes["links"] = FieldChange(
                [dict(link) for link in old.links],
                [dict(link) for link in new.links],
                tuple(dict(item) for item in links_change.added),
                tuple(dict(item) for item in links_change.removed),
                is_list=True,
            )
    if old.waivers != new.waivers:
        waivers_change = compare_lists(
            [_waiver_key(w) for w in old.waivers], [_waiver_key(w) for w in new.waivers]
        )
        if waivers_change is not None:
            changes["waivers"] = FieldChange(
                [dict(w) for w in _waiver_keys(old)],
                [dict(w) for w in _waiver_keys(new)],
                tuple(dict(item) for item in waivers_change.added),
                tuple(dict(item) for item in waivers_change.removed),
                is_list=True,
            )
    if old.sources != new.sources:
        sources_change = compare_lists(
            [_source_key(source) for source in old.sources],
            [_source_key(source) for source in new.sources],
        )
        if sources_change is not None:
            changes["sources"] = FieldChange(
                [dict(source) for source in old.sources],
                [dict(source) for source in new.sources],
                tuple(dict(item) for item in sources_change.added),
                tuple(dict(item) for item in sources_change.removed),
                is_list=True,
            )
    if old.extensions or new.extensions:
        changes.update(compare_mappings(old.extensions, new.extensions))
    return changes


def _waiver_key(waiver: Waiver) -> tuple[tuple[str, str], ...]:
    """A waiver as it reads in the file: code, reason and last day, without its location."""
    key = [("code", waiver.code), ("reason", waiver.reason)]
    if waiver.until is not None:
        key.append(("until", waiver.until.isoformat()))
    return tuple(key)


def _waiver_keys(element: Element) -> list[tuple[tuple[str, str], ...]]:
    return [_waiver_key(waiver) for waiver in element.waivers]


def _link_key(link: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(link.items()))


_source_key = _link_key  # a source is a small mapping of texts (title, url, date), like a link


def compare_lists(old: Iterable[Any], new: Iterable[Any]) -> FieldChange | None:
    """Items added and removed (order is not a change); None when the same."""
    old_items, new_items = list(old), list(new)
    if old_items == new_items:
        return None
    old_keys = {_canonical(item): item for item in old_items}
    new_keys = {_canonical(item): item for item in new_items}
    added = tuple(new_keys[key] for key in new_keys if key not in old_keys)
    removed = tuple(old_keys[key] for key in old_keys if key not in new_keys)
    if not added and not removed:
        return None
    return FieldChange(plain(old_items), plain(new_items), added, removed, is_list=True)


def compare_mappings(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, FieldChange]:
    """Keys whose (plain, NFC) value differs: new keys in the new order, then old-only keys."""
    changes: dict[str, FieldChange] = {}
    keys = [*new, *(key for key in old if key not in new)]
    for key in keys:
        before, after = plain(old.get(key)), plain(new.get(key))
        if _canonical(before) == _canonical(after):
            continue
        if isinstance(before, list) and isinstance(after, list):
            list_change = compare_lists(before, after)
            if list_change is not None:
                changes[key] = list_change
            continue
        changes[key] = FieldChange(before, after)
    return changes


def _compare_sections(
    old: Sequence[Item], new: Sequence[Item], fields: Callable[[Item, bool], dict[str, Any]]
) -> SectionChanges:
    """Items (layers or views) matched by id: added, removed, changed fields, order.

    ``fields(item, is_old)`` gives the compared fields of an item.
    """
    section = SectionChanges()
    old_by_id = {item.id: item for item in old}
    new_by_id = {item.id: item for item in new}
    section.added = [item.id for item in new if item.id not in old_by_id]
    section.removed = [item.id for item in old if item.id not in new_by_id]
    for item in new:
        before = old_by_id.get(item.id)
        if before is None:
            continue
        changed = compare_mappings(fields(before, True), fields(item, False))
        if changed:
            section.changed[item.id] = changed
    old_order = [item.id for item in old if item.id in new_by_id]
    new_order = [item.id for item in new if item.id in old_by_id]
    if old_order != new_order:
        section.order = FieldChange(old_order, new_order)
    return section


def _layer_fields(layer: Layer, is_old: bool) -> dict[str, Any]:
    return {"name": layer.name, "description": layer.description}


def _view_fields(view: View, renames: Mapping[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in VIEW_FIELDS:
        value = getattr(view, name)
        if name in _RENAMED_VIEW_FIELDS and renames:
            if isinstance(value, tuple):
                value = tuple(renames.get(item, item) for item in value)
            elif isinstance(value, str):
                value = renames.get(value, value)
        fields[name] = list(value) if isinstance(value, tuple) else value
    return fields


def _shared_elements(old: Architecture, new: Architecture, renames: Mapping[str, str]) -> set[str]:
    """Ids of the elements whose one object serves both versions (see diff.side_by_side)
    and whose dependencies no rename touches: their relations are the same in both."""
    old_elements = old.elements
    shared = {
        element_id
        for element_id, element in new.elements.items()
        if old_elements.get(element_id) is element
    }
    if renames:
        renamed = renames.keys()
        shared = {
            element_id
            for element_id in shared
            if renamed.isdisjoint(new.elements[element_id].dependency_targets())
        }
    return shared


def _optional_relations(
    architecture: Architecture, renames: Mapping[str, str], skipped: set[str]
) -> set[Relation]:
    """The (renamed) relations that are only ``required: false``, ``skipped`` left out."""
    rename = renames.get
    found: set[Relation] = set()
    for element in architecture.elements.values():
        if element.id in skipped:
            continue
        needed = {
            target
            for entry in element.required_entries()
            for target in (entry.targets if isinstance(entry, AnyOf) else (entry.target,))
        }
        source = rename(element.id, element.id)
        found.update(
            (source, rename(target, target))
            for target in element.optional_targets()
            if target not in needed
        )
    return found


def _dependency_sets(
    architecture: Architecture, renames: Mapping[str, str], skipped: set[str]
) -> tuple[dict[Relation, Relation], dict[str, list[tuple[frozenset[str], tuple[str, ...]]]]]:
    """Relations (renamed -> as written) and any_of groups per element (renamed ids),
    the elements in ``skipped`` left out."""
    relations: dict[Relation, Relation] = {}
    groups: dict[str, list[tuple[frozenset[str], tuple[str, ...]]]] = {}
    rename = renames.get
    for element in architecture.elements.values():
        if element.id in skipped:
            continue
        source = rename(element.id, element.id)
        for entry in element.depends_on:
            if isinstance(entry, AnyOf):
                targets = entry.targets
                groups.setdefault(source, []).append(
                    (frozenset(rename(t, t) for t in targets), targets)
                )
                for target in targets:
                    relations.setdefault((source, rename(target, target)), (element.id, target))
            else:
                target = entry.target
                relations.setdefault((source, rename(target, target)), (element.id, target))
    return relations, groups


def _compare_relations(
    old: Architecture, new: Architecture, renames: dict[str, str], diff: ArchitectureDiff
) -> None:
    # An element's relations come from that element alone (a rename maps one old id
    # to one new id that did not exist before), so identical ones can be left out.
    shared = _shared_elements(old, new, renames)
    old_relations, old_groups = _dependency_sets(old, renames, shared)
    new_relations, new_groups = _dependency_sets(new, {}, shared)
    diff.relations_added = sorted(new_relations.keys() - old_relations.keys())
    diff.relations_removed = sorted(
        old_relations[key] for key in old_relations.keys() - new_relations.keys()
    )
    old_optional = _optional_relations(old, renames, shared)
    new_optional = _optional_relations(new, {}, shared)
    diff.relations_required_changed = sorted(
        (source, target, (source, target) not in new_optional)
        for source, target in old_relations.keys() & new_relations.keys()
        if ((source, target) in old_optional) != ((source, target) in new_optional)
    )
    changes: list[GroupChange] = []
    surviving = {renames.get(element_id, element_id) for element_id in old.elements}
    surviving &= new.elements.keys()
    for source in sorted((old_groups.keys() | new_groups.keys()) & surviving):
        before, after = old_groups.get(source, []), new_groups.get(source, [])
        if [g for g, _ in before] == [g for g, _ in after]:
            continue
        changes.extend(_match_groups(source, before, after, renames))
    diff.groups = changes


def _match_groups(
    source: str,
    old: list[tuple[frozenset[str], tuple[str, ...]]],
    new: list[tuple[frozenset[str], tuple[str, ...]]],
    renames: Mapping[str, str],
) -> list[GroupChange]:
    """Pair an element's old and new any_of groups: equal sets first, then by overlap."""
    unmatched_old = list(old)
    unmatched_new: list[tuple[frozenset[str], tuple[str, ...]]] = []
    for entry in new:
        twin = next((g for g in unmatched_old if g[0] == entry[0]), None)
        if twin is None:
            unmatched_new.append(entry)
        else:
            unmatched_old.remove(twin)
    written = {renames.get(t, t): t for _, targets in old for t in targets}
    changes: list[GroupChange] = []
    for group, targets in unmatched_new:
        best = max(unmatched_old, key=lambda g: len(g[0] & group), default=None)
        if best is None or not best[0] & group:
            changes.append(GroupChange(source, (), targets, targets, ()))
            continue
        unmatched_old.remove(best)
        old_targets = best[1]
        changes.append(
            GroupChange(
                source,
                old_targets,
                targets,
                tuple(t for t in targets if t not in best[0]),
                tuple(written.get(t, t) for t in sorted(best[0] - group)),
            )
        )
    for _, old_targets in unmatched_old:
        changes.append(GroupChange(source, old_targets, (), (), old_targets))
    return sorted(changes, key=lambda c: (c.kind, c.new or c.old))


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a YAML value (dates as ISO text, tuples as lists)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _canonical(value: Any) -> str:
    """A value as comparable text: NFC, mappings in key order, NaN equal to NaN.

    Python's ``==`` says a NaN (``.nan`` in YAML) differs from itself, and a
    mapping cannot be a set member; the JSON text of the plain value has
    neither problem, and still tells ``1`` from ``true`` and ``1.0``.
    """
    return json.dumps(_nfc(plain(value)), sort_keys=True, ensure_ascii=False)


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_nfc(item) for item in value)
    if isinstance(value, dict):
        return {key: _nfc(item) for key, item in value.items()}
    return value
