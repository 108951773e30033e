"""Interoperability: exports to the formats other tools read, imports from Archi.

``EXPORTERS`` is the registry of export formats and doubles as the choices of
``ictarch export --format``; ``IMPORTERS`` is that of ``ictarch import``. Each
format lives in its own module, imported only when used (lxml, jsonschema and
networkx stay out of ``ictarch --version``). docs/export.md documents every
mapping. Nothing here prints or imports the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ictarch.registry import lazy

if TYPE_CHECKING:
    from ictarch.interop.common import ExportOptions
    from ictarch.interop.importing import ImportResult, Mapping
    from ictarch.model.architecture import Architecture

__all__ = ["EXPORTERS", "IMPORTERS", "Exporter", "Importer"]


@dataclass(frozen=True, slots=True)
class Exporter:
    """One export format: its files (name -> bytes) for an architecture."""

    name: str
    summary: str
    suffix: str  # of the default file name; "" for a directory of files
    write: Callable[[Architecture, ExportOptions], dict[str, bytes]]

    @property
    def several_files(self) -> bool:
        return not self.suffix


def _single(
    write: Callable[[Architecture, ExportOptions], bytes], suffix: str
) -> Callable[[Architecture, ExportOptions], dict[str, bytes]]:
    """A one-file format's writer as a writer of files: ``<architecture id><suffix>``."""

    def files(architecture: Architecture, options: ExportOptions) -> dict[str, bytes]:
        return {f"{architecture.id}{suffix}": write(architecture, options)}

    return files


EXPORTERS: dict[str, Exporter] = {
    "archimate": Exporter(
        "archimate",
        "ArchiMate 3.1 Open Exchange Format (Archi: File > Import > Open Exchange XML Model)",
        ".archimate.xml",
        _single(lazy("ictarch.interop.archimate_export", "export_archimate"), ".archimate.xml"),
    ),
    "graphml": Exporter(
        "graphml",
        "GraphML for yEd, Gephi, networkx",
        ".graphml",
        _single(lazy("ictarch.interop.graphml", "export_graphml"), ".graphml"),
    ),
    "csv": Exporter(
        "csv",
        "Archi CSV: elements.csv, relations.csv, properties.csv (File > Import > CSV)",
        "",
        lazy("ictarch.interop.archi_csv", "export_csv"),
    ),
    "backstage": Exporter(
        "backstage",
        "Backstage catalog entities, one multi-document YAML file",
        ".catalog-info.yaml",
        _single(lazy("ictarch.interop.backstage", "export_backstage"), ".catalog-info.yaml"),
    ),
    "structurizr": Exporter(
        "structurizr",
        "Structurizr JSON workspace",
        ".structurizr.json",
        _single(lazy("ictarch.interop.structurizr", "export_structurizr"), ".structurizr.json"),
    ),
    "json": Exporter(
        "json",
        "the model as JSON (schemas/export.schema.json)",
        ".json",
        _single(lazy("ictarch.interop.json_export", "export_json"), ".json"),
    ),
}


@dataclass(frozen=True, slots=True)
class Importer:
    """One import format: reads SOURCE (a file or a directory) into an architecture."""

    name: str
    summary: str
    read: Callable[[Path, Mapping], ImportResult]


IMPORTERS: dict[str, Importer] = {
    "archimate": Importer(
        "archimate",
        "an ArchiMate Open Exchange Format file (.xml) or an Archi model "
        "(.archimate, plain or zipped)",
        lazy("ictarch.interop.archimate_import", "import_archimate"),
    ),
    "csv": Importer(
        "csv",
        "a directory with Archi's elements.csv, relations.csv, properties.csv",
        lazy("ictarch.interop.archi_csv", "import_csv"),
    ),
}
