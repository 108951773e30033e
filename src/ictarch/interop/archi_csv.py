"""Archi's CSV format: ``elements.csv``, ``relations.csv``, ``properties.csv``.

Written as Archi writes them (``com.archimatetool.csv``'s CSVExporter): Archi's
headers, every field in double quotes (``"`` doubled), CRLF line ends, UTF-8
without a byte order mark (Archi's default encoding; its importer reads files
with or without one, and so does ours). The model is the first row of
elements.csv (type ``ArchimateModel``); element types are Archi's class names
(``BusinessActor``, ``Junction``), relationship types end in ``Relationship``
(``ServingRelationship``); a junction's kind is its ``Junction_Type`` property
(``Or``/``And``), a directed association has ``Directed`` = ``true``.

The content is the ArchiMate export's (:mod:`ictarch.interop.archimate_export`):
the same types, identifiers, relationships and ``ictarch:*`` properties. CSV
has no diagrams, so the views are kept in the model's ``ictarch:views``
property, and ``ictarch import csv`` gives the architecture back.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ictarch.i18n import _, integer
from ictarch.interop.archimate_export import (
    ModelBuilder,
    element_properties,
    kept_of,
    kept_properties,
)
from ictarch.interop.archimate_names import PREFIX, token, xml_safe
from ictarch.interop.common import (
    ExportOptions,
    InteropError,
    export_scope,
    json_text,
    view_definition,
)
from ictarch.interop.exchange import Concept, ExchangeModel
from ictarch.interop.importing import ImportResult, Mapping, build_architecture
from ictarch.model.architecture import Architecture

ELEMENTS_HEADER = ("ID", "Type", "Name", "Documentation", "Specialization")
RELATIONS_HEADER = ("ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization")
PROPERTIES_HEADER = ("ID", "Key", "Value")
MODEL_TYPE = "ArchimateModel"
JUNCTION_TYPE = "Junction_Type"
DIRECTED = "Directed"
ACCESS_TYPE = "Access_Type"
INFLUENCE_STRENGTH = "Influence_Strength"
# Archi's CSV property for each relationship attribute of the exchange format
ATTRIBUTE_PROPERTIES = {"accessType": ACCESS_TYPE, "modifier": INFLUENCE_STRENGTH}
FILES = ("elements.csv", "relations.csv", "properties.csv")
ARCHI_VALUES = frozenset({ACCESS_TYPE, INFLUENCE_STRENGTH, JUNCTION_TYPE, DIRECTED})
"""Properties whose values are Archi's own words (``Read``, ``++``, ``Or``, ``true``):
written as Archi reads them, never with the quote that neutralises a formula."""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection")."""


def neutralise_formula(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a cell that starts like a formula (or
    with the quote this adds) gets a leading ``'``. :func:`restore_formula` undoes it."""
    return "'" + cell if cell.startswith((*FORMULA_STARTS, "'")) else cell


def restore_formula(cell: str) -> str:
    """The cell :func:`neutralise_formula` was given (a CSV ictarch did not write is read
    the same way: a leading ``'`` before a formula character is what spreadsheets add)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1:].startswith((*FORMULA_STARTS, "'")):
        return cell[1:]
    return cell


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        if header == PROPERTIES_HEADER and row[1] in ARCHI_VALUES:  # Archi's own vocabulary
            writer.writerow((*(neutralise_formula(xml_safe(c)) for c in row[:2]), row[2]))
        else:
            writer.writerow(tuple(neutralise_formula(xml_safe(cell)) for cell in row))
    return buffer.getvalue().encode("utf-8")


def export_csv(architecture: Architecture, options: ExportOptions) -> dict[str, bytes]:
    scope = export_scope(architecture, options)
    builder = ModelBuilder(scope, normalise=lambda identifier: identifier)
    builder.collect_relations()
    options.notes.extend(builder.notes)
    model_id = builder.claim(builder.model_kept.get("identifier")) or "model_" + token(
        architecture.id
    )
    description = architecture.metadata.get("description")
    elements: list[tuple[str, ...]] = [
        (
            model_id,
            MODEL_TYPE,
            architecture.name,
            description if isinstance(description, str) else "",
            "",
        )
    ]
    properties: list[tuple[str, ...]] = [
        (model_id, k, v)
        for k, v in [*kept_properties(builder.model_kept), *builder.model_properties()]
    ]
    views = [view_definition(view) for view in scope.views if view in architecture.views]
    if views:
        properties.append((model_id, PREFIX + "views", json_text(views)))
    for element in scope.elements:
        identifier = builder.identifier(element.id)
        kept = kept_of(element.extensions)
        specialization = kept.get("specialization")
        elements.append(
            (
                identifier,
                builder.element_type(element),
                element.name,
                element.description or "",
                specialization if isinstance(specialization, str) else "",
            )
        )
        properties.extend((identifier, k, v) for k, v in kept_properties(kept))
        properties.extend((identifier, k, v) for k, v in element_properties(element))
    for junction in builder.junctions.values():
        elements.append((junction.identifier, "Junction", "", "", ""))
        properties.append((junction.identifier, JUNCTION_TYPE, "Or"))
    for kept_junction in builder.kept_junctions:
        identifier = kept_junction["identifier"]
        name, documentation = kept_junction.get("name"), kept_junction.get("documentation")
        elements.append(
            (
                identifier,
                "Junction",
                name if isinstance(name, str) else "",
                documentation if isinstance(documentation, str) else "",
                "",
            )
        )
        junction_type = "And" if kept_junction["type"] == "AndJunction" else "Or"
        properties.append((identifier, JUNCTION_TYPE, junction_type))
        properties.extend((identifier, k, v) for k, v in kept_properties(kept_junction))
    relations: list[tuple[str, ...]] = []
    for relation in builder.relations:
        specialization = relation.kept.get("specialization")
        relations.append(
            (
                relation.identifier,
                relation.type + "Relationship",
                relation.name or "",
                relation.documentation or "",
                relation.source,
                relation.target,
                specialization if isinstance(specialization, str) else "",
            )
        )
        if relation.directed or relation.attributes.get("isDirected") == "true":
            properties.append((relation.identifier, DIRECTED, "true"))
        for attribute, key in ATTRIBUTE_PROPERTIES.items():
            if attribute in relation.attributes:
                properties.append((relation.identifier, key, relation.attributes[attribute]))
        properties.extend((relation.identifier, k, v) for k, v in relation.properties)
    return {
        "elements.csv": _table(ELEMENTS_HEADER, elements),
        "relations.csv": _table(RELATIONS_HEADER, relations),
        "properties.csv": _table(PROPERTIES_HEADER, properties),
    }


# -- import -------------------------------------------------------------------------


def _find(directory: Path, name: str, required: bool) -> Path | None:
    """``name``, or the one file whose name ends with it (Archi allows a prefix)."""
    exact = directory / name
    if exact.is_file():
        return exact
    matches = sorted(p for p in directory.glob(f"*{name}") if p.is_file())
    if len(matches) == 1:
        return matches[0]
    if required:
        found = ", ".join(p.name for p in matches) or "none"
        raise InteropError(
            _("{directory}: needs one {name} (found: {found})").format(
                directory=directory, name=name, found=found
            )
        )
    return None


def _rows(path: Path, header: tuple[str, ...]) -> list[list[str]]:
    """The rows of one of Archi's CSV files after its header, each ``len(header)`` wide.

    Read through :func:`ictarch.inputs.read_input` (size limit, no devices or loops).
    Archi's CSV has no comments: a row starting with ``#`` is a row like any other.
    The cells are bounded by ICTARCH_MAX_VALUES, counted while reading, so a file of
    millions of tiny rows is refused before it fills the memory.
    """
    from ictarch.inputs import read_input
    from ictarch.model.yamlsource import Limits

    try:
        text = read_input(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InteropError(
            _("{path} is not UTF-8 text: {error}").format(path=path, error=error)
        ) from error
    first = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", ";", "\t") if d in first), ",")
    width = len(header)
    budget = Limits.from_environment().max_values
    rows: list[list[str]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        del text
        for number, row in enumerate(reader):
            if number == 0:
                if [cell.strip() for cell in row[:width]] != list(header):
                    raise InteropError(
                        _("{path} does not start with Archi's header").format(path=path),
                        hint=", ".join(f'"{name}"' for name in header),
                    )
                continue
            if not row:
                continue
            if number * width > budget:
                raise InteropError(
                    _("{path} has more than {limit} cells, the limit (ICTARCH_MAX_VALUES)").format(
                        path=path, limit=integer(budget)
                    ),
                    hint=_("raise ICTARCH_MAX_VALUES if the model is genuinely this large"),
                )
            row = [restore_formula(cell) for cell in row[:width]]
            rows.append(row + [""] * (width - len(row)))
    except csv.Error as error:
        raise InteropError(
            _("{path} is not readable CSV: {error}").format(path=path, error=error)
        ) from error
    if not rows and reader.line_num == 0:
        raise InteropError(
            _("{path} does not start with Archi's header").format(path=path),
            hint=", ".join(f'"{name}"' for name in header),
        )
    return rows


def read_csv_model(directory: Path) -> ExchangeModel:
    if not directory.is_dir():
        raise InteropError(
            _("{directory} is not a directory with Archi CSV files").format(directory=directory)
        )
    elements_file = _find(directory, "elements.csv", True)
    relations_file = _find(directory, "relations.csv", False)
    properties_file = _find(directory, "properties.csv", False)
    assert elements_file is not None
    model = ExchangeModel(str(directory))
    concepts: dict[str, Concept] = {}
    model_ids: set[str] = set()
    for identifier, kind, name, documentation, specialization in _rows(
        elements_file, ELEMENTS_HEADER
    ):
        if not kind.strip():  # Archi refuses such a row; say so rather than guess
            model.not_imported.append(
                _("the row of {file} with ID {identifier!r} has no type: not imported").format(
                    file=elements_file.name, identifier=identifier
                )
            )
            continue
        if kind == MODEL_TYPE:
            model.name, model.documentation = name, documentation
            model.identifier = identifier
            model_ids.add(identifier)
            continue
        concept = Concept(identifier, kind, name, documentation, specialization=specialization)
        concepts[identifier] = concept
        model.elements.append(concept)
    if relations_file is not None:
        for row in _rows(relations_file, RELATIONS_HEADER):
            identifier, kind, name, documentation, source, target, specialization = row
            kind = kind.removesuffix("Relationship")
            concept = Concept(
                identifier,
                kind,
                name,
                documentation,
                [],
                source,
                target,
                specialization=specialization,
            )
            concepts[identifier] = concept
            model.relationships.append(concept)
    if properties_file is not None:
        for identifier, key, value in _rows(properties_file, PROPERTIES_HEADER):
            if identifier in model_ids or (not identifier and model_ids):
                model.properties.append((key, value))
            elif identifier in concepts:
                concept = concepts[identifier]
                if concept.type == "Junction" and key == JUNCTION_TYPE:
                    concept.type = "AndJunction" if value == "And" else "OrJunction"
                elif key == DIRECTED and concept.type == "Association":
                    if value == "true":
                        concept.attributes["isDirected"] = "true"
                elif key == ACCESS_TYPE and concept.type == "Access":
                    concept.attributes["accessType"] = value
                elif key == INFLUENCE_STRENGTH and concept.type == "Influence":
                    concept.attributes["modifier"] = value
                else:
                    concept.properties.append((key, value))
            else:
                model.not_imported.append(
                    _("property {key!r} of unknown concept {identifier!r} in {file}").format(
                        key=key, identifier=identifier, file=properties_file.name
                    )
                )
    for concept in model.elements:
        if concept.type == "Junction":
            concept.type = "OrJunction"  # Archi's default junction type
    return model


def import_csv(directory: Path, mapping: Mapping) -> ImportResult:
    model = read_csv_model(directory)
    result = build_architecture(model, mapping)
    views = model.property(PREFIX + "views")
    if views is not None:
        import json

        try:
            declared = json.loads(views)
        except ValueError:
            declared = None
        if isinstance(declared, list) and declared:
            result.root["views"] = [v for v in declared if isinstance(v, dict) and "id" in v]
            result.report.views = len(result.root["views"])
    return result
