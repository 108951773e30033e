"""``ictarch merge``: one architecture from several (provinces that became one).

Which elements are the same thing (they become one element):
- elements paired in the ``--map`` file (``same: [{SOURCE-ID: ELEMENT-ID, ...}, ...]``,
  with an optional ``id:`` for the merged element);
- elements that implement the same building block where the catalogue says the
  block is national (``national: true``: NDXP, VNeID, the national public-service
  portal, the national reporting system ...);
- elements with the same id that are a national platform in one of the sources,
  or have the same kind and the same name (a provider such as VNPT in both).

Every other id that appears in more than one source is renamed ``SOURCE-ID.ID``
in each source that has it, and every reference follows (``depends_on``,
``owner``, ``operator``, ``renamed_from``, views, the architecture's owner).
For an element made of several, lists (tags, implements, links, sources,
waivers, dependencies) are joined; a field the sources give differently is a
conflict: the first source's value is kept, every value is recorded under the
element's ``x-merge: conflicts`` and reported — never picked silently. Each
element records where it came from under ``x-merge: from`` (``[{source, id}]``).
Layers, views, rules, ``conforms_to`` and catalogue files are merged the same
way; see docs/merge.md.
"""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ictarch.errors import IctarchError
from ictarch.frameworks.conformance import load_catalogues
from ictarch.i18n import _
from ictarch.inputs import read_input, resolve_or_none
from ictarch.interop.common import fold_to_id
from ictarch.merger.serialise import conforms_to_yaml, directory_files, element_yaml, root_yaml
from ictarch.model.architecture import (
    AnyOf,
    Architecture,
    ConformsTo,
    Dependency,
    DependencyEntry,
    Element,
    Layer,
    View,
)
from ictarch.model.lifecycle import State, parse_date
from ictarch.model.loader import load_architecture
from ictarch.model.yamlsource import Limits, YamlMap, read_yaml_file

PROVENANCE = "x-merge"
COMPARED_FIELDS = (
    "name",
    "layer",
    "kind",
    "description",
    "owner",
    "operator",
    "status",
    "since",
    "until",
    "criticality",
)


class MergeError(IctarchError):
    """A source that cannot be merged, or a mapping file that means nothing."""


@dataclass(frozen=True, slots=True)
class Source:
    key: str  # the source's id in the merge: its architecture id, made unique
    path: Path
    architecture: Architecture


@dataclass(frozen=True, slots=True)
class Unified:
    """Elements of several sources that became one: why, and under which id."""

    id: str
    members: tuple[tuple[str, str], ...]  # (source key, element id)
    reason: str  # national-block | same-id | map


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field the sources give differently: the value kept is the first one."""

    where: str  # an element id, or "architecture", a view id, a rule code
    field: str
    values: tuple[tuple[str, str], ...]  # (source key, value as text)


@dataclass(slots=True)
class MergeResult:
    sources: list[Source]
    files: dict[str, str | bytes]
    unified: list[Unified] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # (source, old, new)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    element_count: int = 0


# ---------------------------------------------------------------------------


def load_sources(paths: list[Path], limits: Limits | None = None) -> list[Source]:
    if len(paths) < 2:
        raise MergeError(_("merge needs at least two sources"))
    sources: list[Source] = []
    keys: set[str] = set()
    for path in paths:
        loaded = load_architecture(path, limits)
        if loaded.architecture is None:
            raise MergeError(
                _("{path} cannot be read as an architecture").format(path=path),
                hint=_("run: ictarch validate {path}").format(path=path),
            )
        architecture = loaded.architecture
        key = fold_to_id(architecture.id) or "source"
        base, number = key, 2
        while key in keys:
            key = f"{base}-{number}"
            number += 1
        keys.add(key)
        sources.append(Source(key, path, architecture))
    return sources


def read_map(
    path: Path, sources: list[Source], limits: Limits | None = None
) -> list[dict[str, str]]:
    """The ``same:`` pairs of a mapping file: each a mapping source key -> element id
    (and ``id`` -> the merged id); every name is checked."""
    document = read_yaml_file(path, str(path), limits or Limits.from_environment())
    if document.value is None or any(f.severity == "error" for f in document.findings):
        reason = "; ".join(f.message for f in document.findings) or _("empty file")
        raise MergeError(
            _("cannot read the mapping {path}: {reason}").format(path=path, reason=reason)
        )
    data = document.value
    same = data.get("same") if isinstance(data, YamlMap) else None
    if not isinstance(same, list) or any(not isinstance(item, dict) for item in same):
        raise MergeError(
            _("{path}: a mapping file holds 'same:', a list of {{SOURCE-ID: ELEMENT-ID}}").format(
                path=path
            ),
            hint=_("e.g. same: [{example}]").format(example="{quang-nam: ioc-tinh, da-nang: ioc}"),
        )
    by_key = {source.key: source for source in sources}
    pairs: list[dict[str, str]] = []
    for item in same:
        pair: dict[str, str] = {}
        for key, value in item.items():
            if not isinstance(value, str):
                raise MergeError(
                    _("{path}:{line}: {key}: expected an id").format(
                        path=path, line=item.line, key=key
                    )
                )
            if key == "id":
                pair[key] = value
                continue
            source = by_key.get(key)
            if source is None:
                raise MergeError(
                    _("{path}:{line}: {key!r} is not a source; the sources are {keys}").format(
                        path=path, line=item.line, key=key, keys=", ".join(by_key)
                    )
                )
            if value not in source.architecture.elements:
                raise MergeError(
                    _("{path}:{line}: {source} has no element {id!r}").format(
                        path=path, line=item.line, source=key, id=value
                    )
                )
            pair[key] = value
        if len([k for k in pair if k != "id"]) < 2:
            raise MergeError(
                _("{path}:{line}: a pair names elements of at least two sources").format(
                    path=path, line=item.line
                )
            )
        pairs.append(pair)
    return pairs


# ---------------------------------------------------------------------------


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[tuple[int, str], tuple[int, str]] = {}
        self.reason: dict[tuple[int, str], str] = {}

    def find(self, item: tuple[int, str]) -> tuple[int, str]:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: tuple[int, str], b: tuple[int, str], reason: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        first, second = sorted((ra, rb))
        self.parent[second] = first
        self.reason[first] = self.reason.get(first) or reason


def _same_name(a: Element, b: Element) -> bool:
    def norm(text: str) -> str:
        return unicodedata.normalize("NFC", text).casefold().strip()

    return a.kind == b.kind and norm(a.name) == norm(b.name)


def merge_architectures(
    sources: list[Source],
    pairs: list[dict[str, str]] | None = None,
    merged_id: str | None = None,
    merged_name: str | None = None,
    at: datetime.date | None = None,
) -> MergeResult:
    """Merge ``sources`` (in order: the first one's values win conflicts) into the files
    of one architecture directory."""
    if at is not None:  # each source as it is on the merger's day
        day = State.at(at)
        sources = [
            dataclasses.replace(source, architecture=source.architecture.snapshot(day))
            for source in sources
        ]
    result = MergeResult(sources, {})
    union = _UnionFind()
    index_of = {source.key: number for number, source in enumerate(sources)}
    chosen_ids: dict[tuple[int, str], str] = {}
    # 1. the --map pairs
    for pair in pairs or ():
        members = [(index_of[k], v) for k, v in pair.items() if k != "id"]
        for member in members[1:]:
            union.union(members[0], member, "map")
        if "id" in pair:
            chosen_ids[members[0]] = pair["id"]
    # 2. national blocks, 3. the same id
    national_of: dict[tuple[int, str], set[str]] = {}
    for number, source in enumerate(sources):
        catalogues = load_catalogues(source.architecture)
        for element in source.architecture.elements.values():
            for block_id in element.implements:
                found = catalogues.find_block(block_id)
                if found is not None and found[1].national:
                    national_of.setdefault((number, element.id), set()).add(block_id)
    by_block: dict[str, tuple[int, str]] = {}
    for member in sorted(national_of):
        for block_id in sorted(national_of[member]):
            if block_id in by_block and by_block[block_id][0] != member[0]:
                union.union(by_block[block_id], member, "national-block")
            by_block.setdefault(block_id, member)
    first_with_id: dict[str, tuple[int, str]] = {}
    for number, source in enumerate(sources):
        for element in source.architecture.elements.values():
            earlier = first_with_id.setdefault(element.id, (number, element.id))
            if earlier[0] == number:
                continue
            other = sources[earlier[0]].architecture.elements[element.id]
            national = (number, element.id) in national_of or earlier in national_of
            if national or _same_name(element, other):
                union.union(earlier, (number, element.id), "same-id")
    # groups of unified elements
    groups: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for number, source in enumerate(sources):
        for element_id in source.architecture.elements:
            member = (number, element_id)
            groups.setdefault(union.find(member), []).append(member)
    # ids: a group keeps the first member's id (or the map's); an id used by two groups
    # is prefixed with the source key in every group that uses it
    proposed: dict[tuple[int, str], str] = {}
    for head, members in groups.items():
        proposed[head] = next((chosen_ids[m] for m in members if m in chosen_ids), head[1])
    users: dict[str, list[tuple[int, str]]] = {}
    for head, new_id in proposed.items():
        users.setdefault(new_id, []).append(head)
    final: dict[tuple[int, str], str] = {}
    for new_id, heads in users.items():
        for head in heads:
            final[head] = new_id if len(heads) == 1 else f"{sources[head[0]].key}.{new_id}"
    renames: list[dict[str, str]] = [{} for _source in sources]
    for head, members in groups.items():
        for number, element_id in members:
            renames[number][element_id] = final[head]
            if final[head] != element_id:
                result.renamed.append((sources[number].key, element_id, final[head]))
        if len(members) > 1:
            result.unified.append(
                Unified(
                    final[head],
                    tuple((sources[n].key, e) for n, e in members),
                    union.reason.get(head, "same-id"),
                )
            )
    result.renamed.sort()
    result.unified.sort(key=lambda u: u.id)
    # elements, in source order then file order; a group is written where its first member is
    merged_elements: dict[str, list[tuple[str, Element]]] = {}
    origins: dict[str, list[dict[str, str]]] = {}
    for number, source in enumerate(sources):
        for element in source.architecture.elements.values():
            new_id = renames[number][element.id]
            renamed = _renamed_element(element, renames[number], new_id)
            merged_elements.setdefault(new_id, []).append((source.key, renamed))
            origins.setdefault(new_id, []).append({"source": source.key, "id": element.id})
    layer_ids: list[str] = []
    for source in sources:
        for layer in source.architecture.layers:
            if layer.id not in layer_ids:
                layer_ids.append(layer.id)
    elements_yaml: list[dict[str, Any]] = []
    for new_id, parts in merged_elements.items():
        combined, conflicts = _combine(new_id, parts)
        result.conflicts.extend(conflicts)
        data = element_yaml(combined)
        provenance: dict[str, Any] = {"from": origins[new_id]}
        if conflicts:
            provenance["conflicts"] = {c.field: dict(c.values) for c in conflicts}
        data[PROVENANCE] = provenance
        data["_layer"] = combined.layer
        elements_yaml.append(data)
    result.element_count = len(elements_yaml)
    root = _merged_root(sources, renames, result, layer_ids, merged_id, merged_name, at)
    header = (
        "# "
        + _("Merged by ictarch from: {sources}").format(
            sources=", ".join(source.key for source in sources)
        )
        + "\n"
    )
    result.files.update(directory_files(root, elements_yaml, layer_ids, header))
    _copy_catalogues(sources, root, result)
    return result


def _rename(target: str | None, renames: dict[str, str]) -> str | None:
    return renames.get(target, target) if target is not None else None


def _renamed_element(element: Element, renames: dict[str, str], new_id: str) -> Element:
    def dependency(entry: Dependency) -> Dependency:
        return dataclasses.replace(entry, target=renames.get(entry.target, entry.target))

    entries: list[DependencyEntry] = []
    for entry in element.depends_on:
        if isinstance(entry, AnyOf):
            entries.append(
                dataclasses.replace(
                    entry, alternatives=tuple(dependency(a) for a in entry.alternatives)
                )
            )
        else:
            entries.append(dependency(entry))
    extensions = {k: v for k, v in element.extensions.items() if k != PROVENANCE}
    return dataclasses.replace(
        element,
        id=new_id,
        owner=_rename(element.owner, renames),
        operator=_rename(element.operator, renames),
        renamed_from=_rename(element.renamed_from, renames),
        depends_on=tuple(entries),
        extensions=extensions,
    )


def _text(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _combine(new_id: str, parts: list[tuple[str, Element]]) -> tuple[Element, list[Conflict]]:
    first = parts[0][1]
    if len(parts) == 1:
        return first, []
    conflicts: list[Conflict] = []
    for name in COMPARED_FIELDS:
        values = [(key, getattr(e, name)) for key, e in parts]
        given = {_text(v) for _k, v in values if v is not None}
        if len(given) > 1:
            conflicts.append(
                Conflict(new_id, name, tuple((k, _text(v)) for k, v in values if v is not None))
            )
    chosen: dict[str, Any] = {}
    for name in COMPARED_FIELDS:  # the first value given, in source order
        chosen[name] = next(
            (getattr(e, name) for _k, e in parts if getattr(e, name) is not None), None
        )
    seen_targets: set[str] = set()
    dependencies: list[DependencyEntry] = []
    for _key, element in parts:
        for entry in element.depends_on:
            key = (
                "any:" + ",".join(sorted(entry.targets))
                if isinstance(entry, AnyOf)
                else entry.target
            )
            if key not in seen_targets and not (
                isinstance(entry, Dependency) and entry.target == new_id
            ):
                seen_targets.add(key)
                dependencies.append(entry)
    extensions: dict[str, Any] = {}
    for _key, element in parts:
        for k, v in element.extensions.items():
            extensions.setdefault(k, v)

    def joined(name: str) -> tuple[Any, ...]:
        items: list[Any] = []
        for _k, element in parts:
            for item in getattr(element, name):
                if item not in items:
                    items.append(item)
        return tuple(items)

    combined = dataclasses.replace(
        first,
        name=chosen["name"],
        layer=chosen["layer"],
        kind=chosen["kind"],
        description=chosen["description"],
        owner=chosen["owner"],
        operator=chosen["operator"],
        status=chosen["status"] or first.status,
        since=chosen["since"],
        until=chosen["until"],
        criticality=chosen["criticality"],
        tags=joined("tags"),
        implements=joined("implements"),
        links=joined("links"),
        sources=joined("sources"),
        waivers=joined("waivers"),
        depends_on=tuple(dependencies),
        extensions=extensions,
    )
    return combined, conflicts


def _merged_root(
    sources: list[Source],
    renames: list[dict[str, str]],
    result: MergeResult,
    layer_ids: list[str],
    merged_id: str | None,
    merged_name: str | None,
    at: datetime.date | None,
) -> dict[str, Any]:
    first = sources[0].architecture
    keys = [source.key for source in sources]
    metadata: dict[str, Any] = {
        "id": merged_id or "-".join(keys),
        "name": merged_name or " + ".join(source.architecture.name for source in sources),
    }
    dates = [d for d in (s.architecture.released for s in sources) if d is not None]
    released = at or (max(dates) if dates else None)
    if released is not None:
        metadata["released"] = released.isoformat()
    owner = _rename(first.metadata.get("owner"), renames[0])
    if isinstance(owner, str):
        metadata["owner"] = owner
    metadata["description"] = _(
        "Merged by ictarch merge from {count} architectures: {sources}."
    ).format(
        count=len(sources), sources=", ".join(f"{s.key} ({s.architecture.name})" for s in sources)
    )
    metadata[PROVENANCE] = {
        "sources": [
            {"source": s.key, "id": s.architecture.id, "name": s.architecture.name}
            | ({"released": s.architecture.released.isoformat()} if s.architecture.released else {})
            for s in sources
        ]
    }
    # layers: the union, in order of first appearance; a name given differently is a conflict
    layers: dict[str, Layer] = {}
    for source in sources:
        for layer in source.architecture.layers:
            known = layers.setdefault(layer.id, layer)
            if known.name != layer.name:
                result.conflicts.append(
                    Conflict(
                        f"layer {layer.id}",
                        "name",
                        ((keys[0], known.name), (source.key, layer.name)),
                    )
                )
    merged_layers = tuple(layers[i] for i in layer_ids)
    # views: renamed references; an id used by two sources is prefixed
    views: list[View] = []
    view_ids = [v.id for s in sources for v in s.architecture.views]
    for number, source in enumerate(sources):
        for view in source.architecture.views:
            new_id = view.id if view_ids.count(view.id) == 1 else f"{source.key}.{view.id}"
            views.append(
                dataclasses.replace(
                    view,
                    id=new_id,
                    elements=tuple(renames[number].get(e, e) for e in view.elements),
                    owners=tuple(renames[number].get(e, e) for e in view.owners),
                    focus=_rename(view.focus, renames[number]),
                )
            )
    # rules: a code set differently is a conflict (the first kept)
    rules: dict[str, str] = {}
    for source in sources:
        for code, severity in source.architecture.rules.items():
            if code in rules and rules[code] != severity:
                result.conflicts.append(
                    Conflict("rules", code, ((keys[0], rules[code]), (source.key, severity)))
                )
            rules.setdefault(code, severity)
    # conforms_to: per framework, the newest version named (the merged province is later)
    conforms: dict[str, ConformsTo] = {}
    for source in sources:
        for entry in source.architecture.conforms_to:
            known_entry = conforms.get(entry.framework)
            if known_entry is None:
                conforms[entry.framework] = entry
            elif (known_entry.version, known_entry.profile) != (entry.version, entry.profile):
                result.conflicts.append(
                    Conflict(
                        "conforms_to",
                        entry.framework,
                        tuple(
                            (s.key, f"{e.version or '-'} {e.profile or ''}".strip())
                            for s in sources
                            for e in s.architecture.conforms_to
                            if e.framework == entry.framework
                        ),
                    )
                )
                if _version_key(entry.version) > _version_key(known_entry.version):
                    conforms[entry.framework] = entry
    element_ids = {c.where for c in result.conflicts if c.field in COMPARED_FIELDS}
    own = [c for c in result.conflicts if c.where not in element_ids]
    if own:
        metadata[PROVENANCE]["conflicts"] = [
            {"where": c.where, "field": c.field, "values": dict(c.values)} for c in own
        ]
    merged = dataclasses.replace(
        first,
        id=metadata["id"],
        name=metadata["name"],
        metadata=metadata,
        layers=merged_layers,
        views=views,
        rules=rules,
        conforms_to=tuple(conforms.values()),
        framework_files=(),
        render=dict(first.render),
        export=dict(first.export),
    )
    if any(
        s.architecture.render != first.render or s.architecture.export != first.export
        for s in sources[1:]
    ):
        result.notes.append(
            _(
                "render: and export: settings are those of {source}; the others' were not merged"
            ).format(source=keys[0])
        )
    return root_yaml(merged, conforms_to_yaml(merged))


def _version_key(version: str | None) -> tuple[int, ...]:
    if version is None:
        return ()
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return ()


def _copy_catalogues(sources: list[Source], root: dict[str, Any], result: MergeResult) -> None:
    """A source's own catalogue files are copied under ``frameworks/SOURCE/``."""
    from ictarch.merger.writing import dump_yaml

    paths: list[str] = []
    for source in sources:
        base = source.architecture.root.resolve()
        for text, _where in source.architecture.framework_files:
            path = resolve_or_none(base / text)
            if path is None or not path.is_relative_to(base) or not path.is_file():
                result.notes.append(
                    _("{source}: catalogue file {path} was not found; not copied").format(
                        source=source.key, path=text
                    )
                )
                continue
            target = f"frameworks/{source.key}/{PurePosixPath(text).name}"
            result.files[target] = read_input(path)
            paths.append(target)
    if paths:
        root["frameworks"] = paths
        result.files["architecture.yaml"] = (
            str(result.files["architecture.yaml"]).split("\n", 1)[0] + "\n" + dump_yaml(root)
        )


def parse_at(text: str | None) -> datetime.date | None:
    if text is None:
        return None
    day = parse_date(text)
    if day is None:
        raise MergeError(_("--at {value!r} is not a date (YYYY-MM-DD)").format(value=text))
    return day
