"""What every exporter and importer shares: the export scope, fields as text, ids from names."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ictarch.errors import IctarchError
from ictarch.model.architecture import AnyOf, Architecture, Dependency, Element, View
from ictarch.model.lifecycle import CURRENT, State


class InteropError(IctarchError):
    """An export or import cannot be done (bad option, unreadable or hostile file)."""


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What to export: every element, or those of the given views; in which state."""

    view_ids: tuple[str, ...] = ()
    state: State = CURRENT
    # what an exporter says about its choices (a relationship ArchiMate forbids replaced,
    # something left out), one line each; the command prints them
    notes: list[str] = field(default_factory=list, compare=False)


@dataclass(slots=True)
class Scope:
    """The elements and views an export covers, in a fixed order."""

    architecture: Architecture
    elements: list[Element]
    views: list[View]
    ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.ids = {element.id for element in self.elements}

    def entries(self, element: Element) -> Iterator[Dependency | AnyOf]:
        """The element's depends_on entries in order, over exported elements only: each
        plain target once, any_of groups without their missing alternatives (an empty
        group left out), never the element itself."""
        seen: set[str] = set()
        for entry in element.depends_on:
            if isinstance(entry, AnyOf):
                alternatives = tuple(
                    alternative
                    for alternative in entry.alternatives
                    if alternative.target in self.ids and alternative.target != element.id
                )
                if alternatives:
                    yield AnyOf(alternatives, entry.location, entry.description)
            elif (
                entry.target in self.ids and entry.target not in seen and entry.target != element.id
            ):
                seen.add(entry.target)
                yield entry

    def dependencies(self, element: Element) -> Iterator[Dependency]:
        """The element's plain dependencies on exported elements, each target once."""
        for entry in self.entries(element):
            if isinstance(entry, Dependency):
                yield entry

    def any_of_groups(self, element: Element) -> Iterator[AnyOf]:
        """The element's any_of groups, over exported alternatives."""
        for entry in self.entries(element):
            if isinstance(entry, AnyOf):
                yield entry


def export_scope(architecture: Architecture, options: ExportOptions) -> Scope:
    """Every element (in file order), or those the chosen views select; the views to draw."""
    from ictarch.render.views import UnknownView, pick_views, resolve_views

    views = _unique_views(resolve_views(architecture)) if architecture.views else []
    if not options.view_ids:
        return Scope(architecture, list(architecture.elements.values()), views)
    try:
        chosen = pick_views(_unique_views(resolve_views(architecture)), options.view_ids)
    except UnknownView as error:
        raise InteropError(str(error)) from error
    from ictarch.graph.dependency_graph import build_dependency_graph
    from ictarch.render.views import select_elements

    graph = build_dependency_graph(architecture)
    selected: set[str] = set()
    for view in chosen:
        selected |= select_elements(graph, view)
    elements = [element for element in architecture.elements.values() if element.id in selected]
    return Scope(architecture, elements, chosen)


def _unique_views(views: list[View]) -> list[View]:
    seen: set[str] = set()
    unique = []
    for view in views:
        if view.id not in seen:
            seen.add(view.id)
            unique.append(view)
    return unique


def plain(value: Any) -> Any:
    """A JSON-ready copy of a YAML value (dates as ISO text, tuples as lists)."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def json_text(value: Any) -> str:
    """Compact, key-sorted JSON text of a value (property values of structured fields)."""
    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def view_definition(view: View, extensions: bool = True) -> dict[str, Any]:
    """A view as written in architecture.yaml (only the fields that are set; its ``x-``
    keys too unless ``extensions`` is False)."""
    data: dict[str, Any] = {"id": view.id}
    for name in ("title", "description"):
        value = getattr(view, name)
        if value is not None:
            data[name] = value
    for name in ("layers", "tags", "owners", "kinds", "status", "elements"):
        value = getattr(view, name)
        if value:
            data[name] = list(value)
    if view.focus is not None:
        data["focus"] = view.focus
    if view.depth is not None:
        data["depth"] = view.depth
    if view.focus is not None or view.direction != "both":
        data["direction"] = view.direction
    if view.group_by != "layer":
        data["group_by"] = view.group_by
    if view.max_nodes is not None:
        data["max_nodes"] = view.max_nodes
    if extensions:
        for key, value in view.extensions.items():
            data[key] = plain(value)
    return data


def conformance_settings(architecture: Architecture) -> dict[str, Any]:
    """``conforms_to`` and ``frameworks`` of architecture.yaml, as written (when set)."""
    settings: dict[str, Any] = {}
    if architecture.conforms_to:
        settings["conforms_to"] = [
            {"framework": entry.framework}
            | ({"version": entry.version} if entry.version is not None else {})
            | ({"profile": entry.profile} if entry.profile is not None else {})
            for entry in architecture.conforms_to
        ]
    if architecture.framework_files:
        settings["frameworks"] = [path for path, _ in architecture.framework_files]
    return settings


def waivers_yaml(element: Element) -> list[dict[str, str]]:
    """The element's waivers as written: code, reason, and ``until`` when set."""
    return [
        {"code": waiver.code, "reason": waiver.reason}
        | ({"until": waiver.until.isoformat()} if waiver.until is not None else {})
        for waiver in element.waivers
    ]


def element_fields(element: Element) -> dict[str, Any]:
    """An element's own fields as YAML would hold them, ``depends_on`` left out."""
    data: dict[str, Any] = {"id": element.id, "name": element.name}
    if element.kind is not None:
        data["kind"] = element.kind
    if element.description is not None:
        data["description"] = element.description
    if element.owner is not None:
        data["owner"] = element.owner
    if element.operator is not None:
        data["operator"] = element.operator
    data["status"] = element.status.value
    if element.since is not None:
        data["since"] = element.since.isoformat()
    if element.until is not None:
        data["until"] = element.until.isoformat()
    if element.criticality is not None:
        data["criticality"] = element.criticality
    if element.tags:
        data["tags"] = list(element.tags)
    if element.implements:
        data["implements"] = list(element.implements)
    if element.links:
        data["links"] = [dict(link) for link in element.links]
    if element.sources:
        data["sources"] = [dict(source) for source in element.sources]
    if element.waivers:
        data["waivers"] = waivers_yaml(element)
    if element.renamed_from is not None:
        data["renamed_from"] = element.renamed_from
    for key, value in element.extensions.items():
        data[key] = plain(value)
    return data


def depends_on_yaml(element: Element) -> list[Any]:
    """``depends_on`` as YAML would hold it: ids, {id, description, required},
    {any_of: [...]}."""

    def one(dependency: Dependency) -> Any:
        if dependency.description is None and dependency.required:
            return dependency.target
        data: dict[str, Any] = {"id": dependency.target}
        if dependency.description is not None:
            data["description"] = dependency.description
        if not dependency.required:
            data["required"] = False
        return data

    entries: list[Any] = []
    for entry in element.depends_on:
        if isinstance(entry, AnyOf):
            group: dict[str, Any] = {"any_of": [one(a) for a in entry.alternatives]}
            if entry.description is not None:
                group["description"] = entry.description
            entries.append(group)
        else:
            entries.append(one(entry))
    return entries


_NOT_ID = re.compile(r"[^a-z0-9]+")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9.-]*")
MAX_ID_LENGTH = 60
SCHEMA_ID_LENGTH = 200  # the maxLength of an id in schemas/element.schema.json


def valid_id(text: object) -> bool:
    """Whether ``text`` is an id the schema accepts: the pattern, at most 200 characters."""
    return (
        isinstance(text, str) and len(text) <= SCHEMA_ID_LENGTH and bool(ID_PATTERN.fullmatch(text))
    )


def fold_to_id(text: str) -> str:
    """An ictarch id from a name: diacritics folded (đ -> d), lower case, '-' between words.

    ``Sở Thông tin và Truyền thông`` -> ``so-thong-tin-va-truyen-thong``; the
    empty string when nothing is left.
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _NOT_ID.sub("-", text.lower()).strip("-")
    return text[:MAX_ID_LENGTH].strip("-")


class IdAllocator:
    """Unique ids: the first claim of a base gets it, later ones ``base-2``, ``base-3``..."""

    def __init__(self, taken: Sequence[str] = ()) -> None:
        self.taken: set[str] = set(taken)
        # base -> the last number tried for it: 20,000 elements of one name take
        # linear time, not the quadratic of counting up from 2 for each
        self._last: dict[str, int] = {}

    def claim(self, base: str) -> str:
        base = base or "element"
        candidate, number = base, self._last.get(base, 1)
        if number > 1:
            candidate = f"{base}-{number}"
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self._last[base] = number
        self.taken.add(candidate)
        return candidate


@dataclass(frozen=True, slots=True)
class DependencyEdge:
    """One needed element: ``source`` depends on ``target``; ``group`` names the any_of
    group (``lgsp#1``: lgsp's first group) the target is an alternative of."""

    source: str
    target: str
    description: str | None = None
    group: str | None = None
    alternatives: tuple[str, ...] = ()
    required: bool = True  # False: ``required: false``, the source is degraded without it


def dependency_edges(scope: Scope) -> list[DependencyEdge]:
    """Every dependency between exported elements, in file order; any_of groups numbered
    per element from 1, as in the dependency graph."""
    edges: list[DependencyEdge] = []
    for element in scope.elements:
        for dependency in scope.dependencies(element):
            edges.append(
                DependencyEdge(
                    element.id,
                    dependency.target,
                    dependency.description,
                    required=dependency.required,
                )
            )
        for number, group in enumerate(scope.any_of_groups(element), start=1):
            targets = tuple(dict.fromkeys(a.target for a in group.alternatives))
            for alternative in group.alternatives:
                if alternative.target in targets[: targets.index(alternative.target)]:
                    continue
                edges.append(
                    DependencyEdge(
                        element.id,
                        alternative.target,
                        alternative.description or group.description,
                        f"{element.id}#{number}",
                        targets,
                    )
                )
    return edges
