"""What an Archi model holds, read from an exchange file, a native ``.archimate`` file or
Archi CSV files.

Every reader fills these records; :mod:`ictarch.interop.importing` turns them into an
ictarch architecture. What ictarch cannot express (identifiers, languages of texts,
relationship attributes, folders, the drawn diagrams) is carried along so that the
import can keep it under ``x-archimate`` and the export can write it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Text = tuple[str | None, str]  # (xml:lang or None, text)


@dataclass(slots=True)
class Concept:
    """An element, junction or relationship: ArchiMate type and texts as written."""

    identifier: str
    type: str  # ArchiMate exchange type name: BusinessActor, OrJunction, Serving...
    name: str = ""
    documentation: str = ""
    properties: list[tuple[str, str]] = field(default_factory=list)
    source: str = ""  # relationships only
    target: str = ""
    # every language variant of the name and documentation, as written (exchange files)
    names: list[Text] = field(default_factory=list)
    documentations: list[Text] = field(default_factory=list)
    property_language: str | None = None  # xml:lang of the property values
    # accessType, isDirected, modifier: as the exchange format spells them
    attributes: dict[str, str] = field(default_factory=dict)
    specialization: str = ""  # Archi's profile name (CSV, native)

    def property(self, name: str) -> str | None:
        for key, value in self.properties:
            if key == name:
                return value
        return None


@dataclass(slots=True)
class Diagram:
    """A view: its name, the concepts it shows and, when read, its drawing.

    ``drawing`` is the view as the exchange format draws it (see
    :mod:`ictarch.interop.archimate_drawing`): nodes with absolute bounds, nesting,
    styles and labels; connections with bend points.
    """

    identifier: str
    name: str
    documentation: str = ""
    properties: list[tuple[str, str]] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)  # identifiers, in order, once each
    drawing: dict[str, Any] | None = None
    names: list[Text] = field(default_factory=list)
    documentations: list[Text] = field(default_factory=list)

    def property(self, name: str) -> str | None:
        for key, value in self.properties:
            if key == name:
                return value
        return None


@dataclass(slots=True)
class ExchangeModel:
    """A whole model as read from the source."""

    source: str  # the file or directory, for messages
    name: str = ""
    documentation: str = ""
    properties: list[tuple[str, str]] = field(default_factory=list)
    elements: list[Concept] = field(default_factory=list)  # junctions included
    relationships: list[Concept] = field(default_factory=list)
    diagrams: list[Diagram] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)  # what the reader skipped, said plainly
    identifier: str = ""
    names: list[Text] = field(default_factory=list)
    documentations: list[Text] = field(default_factory=list)
    property_language: str | None = None
    # folders: [{"label": [...], "documentation": [...], "items": [...]}, {"ref": id}]
    organizations: list[dict[str, Any]] = field(default_factory=list)

    def property(self, name: str) -> str | None:
        for key, value in self.properties:
            if key == name:
                return value
        return None
