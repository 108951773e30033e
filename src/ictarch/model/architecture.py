"""The architecture model: layers, elements and their dependencies.

An edge A -> B means "A depends on B". Layers are ordered top to bottom; the
first layer holds the organisations (agencies and providers) that own and run
the other elements. ``owner`` and ``operator`` are relations, not dependencies.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ictarch.findings import Location
from ictarch.i18n import N_, _
from ictarch.model.lifecycle import (
    CURRENT,
    DEFAULT_STATUS,
    STATUSES,
    Presence,
    State,
    Status,
)

__all__ = ["CRITICALITIES", "DEFAULT_STATUS", "STATUSES", "Status"]

CRITICALITIES = ("low", "medium", "high", "critical")


@dataclass(frozen=True, slots=True)
class Layer:
    id: str
    name: str
    description: str | None = None


DEFAULT_LAYERS = (
    Layer("agencies", N_("Agencies")),
    Layer("services", N_("Services")),
    Layer("platforms", N_("Platforms")),
    Layer("infrastructure", N_("Infrastructure")),
)
"""The layers of an architecture that declares none (names in English)."""


def default_layers() -> tuple[Layer, ...]:
    """:data:`DEFAULT_LAYERS` with their names in the current language."""
    return tuple(Layer(layer.id, _(layer.name), layer.description) for layer in DEFAULT_LAYERS)


@dataclass(frozen=True, slots=True)
class Dependency:
    """One needed element: ``target`` is its id.

    ``required`` False (``{id: X, required: false}``) marks a convenience, not a
    need: when the target fails the dependent is degraded ("lost X"), not down, and
    the target is never its single point of failure. Alternatives of an ``any_of``
    group are always required (the group decides).
    """

    target: str
    location: Location
    description: str | None = None
    required: bool = True


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
    since: datetime.date | None = None  # in service from this day
    until: datetime.date | None = None  # retired on this day
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

    def required_entries(self) -> Iterator[DependencyEntry]:
        """The entries the element needs in order to work (``required: false`` left out)."""
        for entry in self.depends_on:
            if isinstance(entry, AnyOf) or entry.required:
                yield entry

    def optional_targets(self) -> list[str]:
        """The ids of its ``required: false`` dependencies, in order."""
        return [
            entry.target
            for entry in self.depends_on
            if isinstance(entry, Dependency) and not entry.required
        ]

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
    extensions: dict[str, Any] = field(default_factory=dict)  # the view's x- keys

    def where(self, field_name: str) -> Location:
        return self.field_locations.get(field_name, self.location)


VIEW_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in dataclasses.fields(View)
    if f.name not in ("id", "location", "field_locations", "extensions")
)
"""What a view says, as written under ``views:`` (its id aside), in the schema's order."""


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
    # texts of the digital architecture document (``document:``): title, goals, scope ...
    document: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    metadata_locations: dict[str, Location] = field(default_factory=dict)
    # reference frameworks: what the architecture declares it follows, and its own catalogues
    conforms_to: tuple[ConformsTo, ...] = ()
    framework_files: tuple[tuple[str, Location], ...] = ()
    input_paths: tuple[Path, ...] = ()
    """The files read to build this architecture (outputs must never be one of them)."""
    extensions: dict[str, Any] = field(default_factory=dict)
    """The root file's own ``x-`` keys (``x-archimate`` of an imported model...)."""
    layer_rank: dict[str, int] = field(init=False)
    # Derived from the elements on first use; the model is not changed after loading.
    _adjacency: dict[str, list[str]] | None = field(default=None, init=False, repr=False)
    _components: list[list[str]] | None = field(default=None, init=False, repr=False)
    _in_states: dict[State, Architecture] = field(default_factory=dict, init=False, repr=False)

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

    def in_state(self, state: State = CURRENT, *, remember: bool = True) -> Architecture:
        """The architecture as it works in ``state``: only the elements that work there.

        Dependencies on the elements left out stay in the remaining elements but
        name nothing, which the analyses read exactly as the state requires: a
        plain dependency on an element that does not exist keeps nothing down
        (ICT305 reports it), and an ``any_of`` alternative that does not exist
        saves nothing. Returns ``self`` when every element works in the state.
        The result is kept, so that validation (ICT306) and the analyses after it
        share one filtered architecture and its derived components; with
        ``remember=False`` it is not (a roadmap visits thousands of days).
        """
        known = self._in_states.get(state)
        if known is None:
            known = self._filtered(state)
            if remember:
                self._in_states[state] = known
        return known

    def _filtered(self, state: State) -> Architecture:
        works = state.works
        kept = {key: e for key, e in self.elements.items() if works(e)}
        if len(kept) == len(self.elements):
            return self
        # every other field as it is (derived ones are computed again, or refined below)
        filtered = dataclasses.replace(
            self, elements=kept, definitions=[e for e in self.definitions if works(e)]
        )
        if self._adjacency is not None:
            filtered._adjacency = {
                key: [t for t in targets if t in kept]
                for key, targets in self._adjacency.items()
                if key in kept
            }
        if self._components is not None:
            filtered._components = self._refined_components(filtered.adjacency())
        return filtered

    def _refined_components(self, adjacency: dict[str, list[str]]) -> list[list[str]]:
        """The strongly connected components of a part of the architecture (``adjacency``
        holds the kept elements), from the components of the whole.

        A component of a part lies inside a component of the whole, and the order of
        the whole's components (dependencies first) holds for the part: only cyclic
        components that lost members are split again, by Tarjan's algorithm on them
        alone.
        """
        from ictarch.model.cycles import strongly_connected_components

        refined: list[list[str]] = []
        assert self._components is not None
        for component in self._components:
            kept = [member for member in component if member in adjacency]
            if len(kept) == len(component) or len(kept) <= 1:
                if kept:
                    refined.append(kept)
                continue
            members = set(kept)
            inside = {m: [t for t in adjacency[m] if t in members] for m in kept}
            refined.extend(strongly_connected_components(inside))
        return refined

    def snapshot(self, state: State) -> Architecture:
        """The architecture with every element's status as ``state`` makes it.

        An element that does not exist yet keeps planned or building (any other
        status becomes planned); one that works becomes operational, or stays
        deprecated when it is going; one that is gone becomes retired. In the
        current state this is the architecture itself; at a date it is the
        architecture on that day, so that "current" on the snapshot means "at
        that date" (the diff over time and drawings in a state use it).
        """
        if state.is_default:
            return self

        def in_state(element: Element) -> Element:
            status = status_in_state(element, state)
            if status is element.status:
                return element
            return dataclasses.replace(element, status=status)

        definitions = [in_state(element) for element in self.definitions]
        elements: dict[str, Element] = {}
        for element in definitions:
            elements.setdefault(element.id, element)
        return dataclasses.replace(self, elements=elements, definitions=definitions)

    @property
    def released(self) -> datetime.date | None:
        """The architecture's ``released`` date, when it is a valid date."""
        from ictarch.model.lifecycle import parse_date

        return parse_date(self.metadata.get("released"))

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


_STATUS_OF_PRESENCE = {
    Presence.WORKS: Status.OPERATIONAL,
    Presence.GOING: Status.DEPRECATED,
    Presence.GONE: Status.RETIRED,
}


def status_in_state(element: Element, state: State) -> Status:
    """The element's status as ``state`` makes it (see :meth:`Architecture.snapshot`):
    in the current state its own; at a date its dates decide where given, its status
    where not (the rule of impact and analyze)."""
    if state.is_default:
        return element.status
    presence = state.presence(element)
    if presence is Presence.NOT_YET:
        return element.status if element.status.not_yet else Status.PLANNED
    return _STATUS_OF_PRESENCE[presence]
