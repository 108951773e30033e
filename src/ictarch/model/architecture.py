"""The architecture model: layers, elements and their dependencies.

An edge A -> B means "A depends on B". Layers are ordered top to bottom; the
first layer holds the organisations (agencies and providers) that own and run
the other elements. ``owner`` and ``operator`` are relations, not dependencies.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ictarch.findings import Location
from ictarch.model.lifecycle import DEFAULT_STATUS, STATUSES, Status

__all__ = ["CRITICALITIES", "DEFAULT_STATUS", "STATUSES", "Status"]

CRITICALITIES = ("low", "medium", "high", "critical")


@dataclass(frozen=True, slots=True)
class Layer:
    id: str
    name: str
    description: str | None = None


DEFAULT_LAYERS = (
    Layer("agencies", "Agencies"),
    Layer("services", "Services"),
    Layer("platforms", "Platforms"),
    Layer("infrastructure", "Infrastructure"),
)


@dataclass(frozen=True, slots=True)
class Dependency:
    """One needed element: ``target`` is its id."""

    target: str
    location: Location
    description: str | None = None


@dataclass(frozen=True, slots=True)
class AnyOf:
    """A redundancy group: the dependent works while any one alternative works."""

    alternatives: tuple[Dependency, ...]
    location: Location
    description: str | None = None

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(alternative.target for alternative in self.alternatives)


DependencyEntry = Dependency | AnyOf


@dataclass(frozen=True, slots=True)
class Waiver:
    """A finding accepted on an element: ``code``, the reason, and the last day it holds."""

    code: str
    reason: str
    location: Location
    until: datetime.date | None = None


@dataclass(slots=True)
class Element:
    id: str
    name: str
    layer: str
    location: Location
    kind: str | None = None
    description: str | None = None
    owner: str | None = None
    operator: str | None = None
    status: Status = DEFAULT_STATUS
    criticality: str | None = None
    tags: tuple[str, ...] = ()
    implements: tuple[str, ...] = ()
    links: tuple[dict[str, str], ...] = ()
    sources: tuple[dict[str, str], ...] = ()
    renamed_from: str | None = None
    depends_on: tuple[DependencyEntry, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    extensions: dict[str, Any] = field(default_factory=dict)
    # field -> (key line, key column, value line, value column), as loaded
    positions: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    # (line, column) of each item of ``implements``, when written as a list
    implements_positions: tuple[tuple[int, int], ...] = ()

    def where(self, field_name: str) -> Location:
        """The location of one of the element's fields (its value), or of the element."""
        position = self.positions.get(field_name)
        if position is None:
            return self.location
        return Location(self.location.file, position[2], position[3])

    def where_implements(self, index: int) -> Location:
        """The location of the ``index``-th item of ``implements``."""
        if index < len(self.implements_positions):
            line, column = self.implements_positions[index]
            return Location(self.location.file, line, column)
        return self.where("implements")

    def dependencies(self) -> Iterator[Dependency]:
        """Every dependency, the alternatives of any_of groups included."""
        for entry in self.depends_on:
            if isinstance(entry, AnyOf):
                yield from entry.alternatives
            else:
                yield entry

    def dependency_targets(self) -> list[str]:
        targets: list[str] = []
        for entry in self.depends_on:
            if isinstance(entry, AnyOf):
                targets.extend([alternative.target for alternative in entry.alternatives])
            else:
                targets.append(entry.target)
        return targets


@dataclass(frozen=True, slots=True)
class ConformsTo:
    """One entry of ``conforms_to``: a reference framework, its version and profile."""

    framework: str
    location: Location
    version: str | None = None
    profile: str | None = None
    field_locations: dict[str, Location] = field(default_factory=dict, compare=False)

    def where(self, field_name: str) -> Location:
        return self.field_locations.get(field_name, self.location)


@dataclass(slots=True)
class View:
    """A named diagram: a selection of elements (see the render command)."""

    id: str
    location: Location
    title: str | None = None
    description: str | None = None
    layers: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    focus: str | None = None
    depth: int | None = None
    direction: str = "both"
    group_by: str = "layer"
    max_nodes: int | None = None
    field_locations: dict[str, Location] = field(default_factory=dict)

    def where(self, field_name: str) -> Location:
        return self.field_locations.get(field_name, self.location)


@dataclass(slots=True)
class Architecture:
    """A loaded architecture. ``elements`` maps each id to its first definition."""

    root: Path
    root_file: str
    id: str
    name: str
    metadata: dict[str, Any]
    layers: tuple[Layer, ...]
    elements: dict[str, Element]
    definitions: list[Element]
    views: list[View] = field(default_factory=list)
    rules: dict[str, str] = field(default_factory=dict)
    rule_locations: dict[str, Location] = field(default_factory=dict)
    render: dict[str, Any] = field(default_factory=dict)
    # settings of the exporters (``export:``), e.g. {"archimate": {"kinds": {...}}}
    export: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    metadata_locations: dict[str, Location] = field(default_factory=dict)
    # reference frameworks: what the architecture declares it follows, and its own catalogues
    conforms_to: tuple[ConformsTo, ...] = ()
    framework_files: tuple[tuple[str, Location], ...] = ()
    layer_rank: dict[str, int] = field(init=False)
    # Derived from the elements on first use; the model is not changed after loading.
    _adjacency: dict[str, list[str]] | None = field(default=None, init=False, repr=False)
    _components: list[list[str]] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.layer_rank = {layer.id: rank for rank, layer in enumerate(self.layers)}

    def adjacency(self) -> dict[str, list[str]]:
        """Element id -> the ids it depends on: existing elements, any_of alternatives
        included, each once, sorted."""
        if self._adjacency is None:
            elements = self.elements
            self._adjacency = {
                element.id: sorted({t for t in element.dependency_targets() if t in elements})
                for element in elements.values()
            }
        return self._adjacency

    def components(self) -> list[list[str]]:
        """Strongly connected components of the dependencies, dependencies first."""
        if self._components is None:
            from ictarch.model.cycles import strongly_connected_components

            self._components = strongly_connected_components(self.adjacency())
        return self._components

    @property
    def organisation_layer(self) -> str:
        """The top layer: agencies and providers, which own and run the rest."""
        return self.layers[0].id

    def relation_count(self) -> int:
        """Dependency edges between existing elements, each any_of alternative counted."""
        elements = self.elements
        return sum(
            1
            for element in elements.values()
            for target in element.dependency_targets()
            if target in elements
        )
