"""ArchiMate 3.1 element types, and how ictarch layers and kinds map to them (both ways).

Export (:func:`element_type`): the ``export: {archimate: {kinds: {...}}}`` setting of
the architecture first, then :data:`KIND_TYPES`, then the layer's default
(:func:`layer_default_type`). Import (:data:`TYPE_PLACES`): an element type gives a
layer and a kind; ``ictarch import --mapping FILE`` overrides entries. docs/export.md
shows both tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ictarch.model.architecture import Architecture, Element

BUSINESS = (
    "BusinessActor",
    "BusinessRole",
    "BusinessCollaboration",
    "BusinessInterface",
    "BusinessProcess",
    "BusinessFunction",
    "BusinessInteraction",
    "BusinessEvent",
    "BusinessService",
    "BusinessObject",
    "Contract",
    "Representation",
    "Product",
)
APPLICATION = (
    "ApplicationComponent",
    "ApplicationCollaboration",
    "ApplicationInterface",
    "ApplicationFunction",
    "ApplicationInteraction",
    "ApplicationProcess",
    "ApplicationEvent",
    "ApplicationService",
    "DataObject",
)
TECHNOLOGY = (
    "Node",
    "Device",
    "SystemSoftware",
    "TechnologyCollaboration",
    "TechnologyInterface",
    "Path",
    "CommunicationNetwork",
    "TechnologyFunction",
    "TechnologyProcess",
    "TechnologyInteraction",
    "TechnologyEvent",
    "TechnologyService",
    "Artifact",
    "Equipment",
    "Facility",
    "DistributionNetwork",
    "Material",
)
MOTIVATION = (
    "Stakeholder",
    "Driver",
    "Assessment",
    "Goal",
    "Outcome",
    "Principle",
    "Requirement",
    "Constraint",
    "Meaning",
    "Value",
)
STRATEGY = ("Resource", "Capability", "CourseOfAction", "ValueStream")
IMPLEMENTATION = ("WorkPackage", "Deliverable", "ImplementationEvent", "Plateau", "Gap")
OTHER = ("Grouping", "Location")
ELEMENT_TYPES = (
    *BUSINESS,
    *APPLICATION,
    *TECHNOLOGY,
    *MOTIVATION,
    *STRATEGY,
    *IMPLEMENTATION,
    *OTHER,
)
JUNCTION_TYPES = ("AndJunction", "OrJunction")
RELATIONSHIP_TYPES = (
    "Composition",
    "Aggregation",
    "Assignment",
    "Realization",
    "Serving",
    "Access",
    "Influence",
    "Triggering",
    "Flow",
    "Specialization",
    "Association",
)

# ictarch kinds (the bundled architectures' and the schema's examples) -> element type
KIND_TYPES: dict[str, str] = {
    # organisations
    "agency": "BusinessActor",
    "provider": "BusinessActor",
    "district": "BusinessActor",
    "commune": "BusinessActor",
    "user-group": "BusinessActor",
    # services: what is offered -> ApplicationService; what runs -> ApplicationComponent
    "public-service": "ApplicationService",
    "monitoring-service": "ApplicationService",
    "security-service": "ApplicationService",
    "trust-service": "ApplicationService",
    "application": "ApplicationComponent",
    "citizen-app": "ApplicationComponent",
    "document-system": "ApplicationComponent",
    "email": "ApplicationComponent",
    "one-stop-system": "ApplicationComponent",
    "portal": "ApplicationComponent",
    "reporting-system": "ApplicationComponent",
    "smart-application": "ApplicationComponent",
    # platforms
    "integration-platform": "ApplicationComponent",
    "data-platform": "ApplicationComponent",
    "operations-centre": "ApplicationComponent",
    "gis-platform": "ApplicationComponent",
    "iot-platform": "ApplicationComponent",
    "identity-platform": "ApplicationComponent",
    "payment-platform": "ApplicationComponent",
    "video-platform": "ApplicationComponent",
    "security-operations-centre": "ApplicationComponent",
    "national-database": "ApplicationComponent",
    "database": "SystemSoftware",
    "system-software": "SystemSoftware",
    # infrastructure
    "data-centre": "Node",
    "cloud": "Node",
    "server": "Node",
    "network": "CommunicationNetwork",
    "network-equipment": "Device",
    "camera-network": "Device",
    "sensor-network": "Device",
    "device": "Device",
    "equipment": "Equipment",
    "facility": "Facility",
}


def layer_default_type(architecture: Architecture, layer: str) -> str:
    """The type of an element whose kind is not mapped: by the position of its layer.

    The top layer holds organisations (BusinessActor), the bottom layer
    infrastructure (Node); the layers between hold applications and platforms.
    """
    rank = architecture.layer_rank.get(layer, 1)
    if rank == 0:
        return "BusinessActor"
    if rank == len(architecture.layers) - 1 and rank > 1:
        return "Node"
    return "ApplicationComponent"


def configured_kinds(architecture: Architecture) -> Mapping[str, str]:
    """``export: {archimate: {kinds: {KIND: Type}}}`` of the architecture."""
    settings: Any = architecture.export.get("archimate", {})
    kinds: Any = settings.get("kinds", {}) if isinstance(settings, dict) else {}
    if not isinstance(kinds, dict):
        return {}
    return {str(k): v for k, v in kinds.items() if isinstance(v, str) and v in ELEMENT_TYPES}


def element_type(
    architecture: Architecture, element: Element, configured: Mapping[str, str]
) -> str:
    """The ArchiMate element type of an ictarch element."""
    if element.kind is not None:
        chosen = (
            configured.get(element.kind)
            or KIND_TYPES.get(element.kind)
            or _TYPES_BY_KEBAB.get(element.kind)
        )
        if chosen is not None:
            return chosen
    return layer_default_type(architecture, element.layer)


# Import: element type -> (layer, kind). Layers beyond the four default ones are
# added to the imported architecture, below them, only when an element needs one.
EXTRA_LAYERS: dict[str, str] = {
    "strategy": "Strategy",
    "motivation": "Motivation",
    "implementation": "Implementation and migration",
    "other": "Other",
}
DEFAULT_LAYER_NAMES: dict[str, str] = {
    "agencies": "Agencies",
    "services": "Services",
    "platforms": "Platforms",
    "infrastructure": "Infrastructure",
}


def kebab(type_name: str) -> str:
    """``BusinessActor`` -> ``business-actor``: the kind an unmapped type gets."""
    out: list[str] = []
    for index, char in enumerate(type_name):
        if char.isupper() and index:
            out.append("-")
        out.append(char.lower())
    return "".join(out)


_PLATFORM_TYPES = (
    "SystemSoftware",
    "TechnologyService",
    "TechnologyInterface",
    "TechnologyFunction",
    "TechnologyProcess",
    "TechnologyInteraction",
    "TechnologyEvent",
    "TechnologyCollaboration",
    "Artifact",
)


def _place(type_name: str) -> tuple[str, str]:
    if type_name in ("BusinessActor", "BusinessRole", "BusinessCollaboration"):
        layer = "agencies"
    elif type_name in BUSINESS or type_name in APPLICATION:
        layer = "services"
    elif type_name in _PLATFORM_TYPES:
        layer = "platforms"
    elif type_name in TECHNOLOGY:
        layer = "infrastructure"
    elif type_name in STRATEGY:
        layer = "strategy"
    elif type_name in MOTIVATION:
        layer = "motivation"
    elif type_name in IMPLEMENTATION:
        layer = "implementation"
    else:
        layer = "other"
    return layer, kebab(type_name)


_TYPES_BY_KEBAB = {kebab(name): name for name in ELEMENT_TYPES}
TYPE_PLACES: dict[str, tuple[str, str]] = {name: _place(name) for name in ELEMENT_TYPES}


# -- the relationship table -----------------------------------------------------------

LETTERS = {
    "Access": "a",
    "Composition": "c",
    "Flow": "f",
    "Aggregation": "g",
    "Assignment": "i",
    "Influence": "n",
    "Association": "o",
    "Realization": "r",
    "Specialization": "s",
    "Triggering": "t",
    "Serving": "v",
}
# What ``A depends_on B`` becomes when Serving from B to A is not allowed between their
# types, in this order: (relationship, True when it runs from A to B). Access: A reads or
# writes B (a passive element); Realization: B realizes A; Influence: B influences A (a
# motivation element); Association, allowed between any two elements, last.
DEPENDENCY_RELATIONSHIPS: tuple[tuple[str, bool], ...] = (
    ("Serving", False),
    ("Access", True),
    ("Realization", False),
    ("Influence", False),
    ("Association", False),
)


def _table() -> dict[str, dict[str, str]]:
    from ictarch.interop.archimate_relationships import CONCEPTS, ROWS

    return {
        source: dict(zip(CONCEPTS, row.split(","), strict=True))
        for source, row in zip(CONCEPTS, ROWS, strict=True)
    }


_TABLE: dict[str, dict[str, str]] = {}


def table_concept(type_name: str) -> str:
    """The table's name of an element type (both junctions are ``Junction``)."""
    return "Junction" if type_name in JUNCTION_TYPES else type_name


def relationship_allowed(kind: str, source_type: str, target_type: str) -> bool:
    """Whether ArchiMate (Archi's relationship table) allows a ``kind`` relationship
    from an element of ``source_type`` to one of ``target_type``."""
    if not _TABLE:
        _TABLE.update(_table())
    letters = _TABLE.get(table_concept(source_type), {}).get(table_concept(target_type), "")
    return LETTERS.get(kind, "?") in letters


def dependency_relationship(dependant_type: str, provider_type: str) -> tuple[str, bool]:
    """The relationship that says ``dependant depends_on provider`` between these types:
    the first of :data:`DEPENDENCY_RELATIONSHIPS` the table allows."""
    for kind, from_dependant in DEPENDENCY_RELATIONSHIPS:
        source, target = (
            (dependant_type, provider_type) if from_dependant else (provider_type, dependant_type)
        )
        if relationship_allowed(kind, source, target):
            return kind, from_dependant
    return "Association", False
