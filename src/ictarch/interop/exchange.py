"""What an Archi model holds, read from an exchange file or Archi CSV files.

Both importers read their source into these records; :mod:`ictarch.interop.importing`
turns them into an ictarch architecture.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def property(self, name: str) -> str | None:
        for key, value in self.properties:
            if key == name:
                return value
        return None


@dataclass(slots=True)
class Diagram:
    """A view: its name and the concepts it shows."""

    identifier: str
    name: str
    documentation: str = ""
    properties: list[tuple[str, str]] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)  # identifiers, in order, once each

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

    def property(self, name: str) -> str | None:
        for key, value in self.properties:
            if key == name:
                return value
        return None
