"""From an Archi model (exchange file or CSV) to an ictarch architecture directory.

- Elements keep their place when the file was written by ``ictarch export``
  (the ``ictarch:*`` properties); otherwise their type gives a layer and a kind
  (:data:`~ictarch.interop.archimate_types.TYPE_PLACES`, overridable with a
  mapping file). Ids come from ``ictarch:id``, else from the name (diacritics
  folded, ``đ`` -> ``d``), else from the identifier; made unique by ``-2``,
  ``-3``... in the order of the file, so the same file always gives the same ids.
- ``Serving`` from A to B becomes ``B depends_on A``; an Or junction whose
  relationships are all Serving becomes an ``any_of`` group of each element it
  serves (an And junction: plain dependencies); the ``owner``/``operator``
  associations written by ``ictarch export`` become ``owner``/``operator``.
- Every other relationship is kept, as written, under ``x-archimate:
  relations`` of its source element (or of the architecture, when its source is
  a junction or a relationship), and listed in the report: nothing is dropped
  silently. The type, identifier and foreign properties of an element not
  written by ictarch are kept under its ``x-archimate`` key.
- Diagrams become views listing their elements (``elements: [...]``).
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ictarch.findings import Finding
from ictarch.i18n import _, integer, ngettext
from ictarch.inputs import nesting_exceeds
from ictarch.interop.archimate_names import (
    LANGUAGE,
    dependency_identifier,
    element_identifier,
    token,
)
from ictarch.interop.archimate_types import (
    DEFAULT_LAYER_NAMES,
    ELEMENT_TYPES,
    EXTRA_LAYERS,
    JUNCTION_TYPES,
    TYPE_PLACES,
)
from ictarch.interop.common import IdAllocator, InteropError, fold_to_id, valid_id
from ictarch.interop.exchange import Concept, Diagram, ExchangeModel, Text
from ictarch.model.architecture import VIEW_FIELDS
from ictarch.model.lifecycle import STATUSES
from ictarch.output import write_directory
from ictarch.printable import one_line

PREFIX = "ictarch:"
EXTENSION = "x-archimate"
_CRITICALITIES = ("low", "medium", "high", "critical")
_VIEW_KEYS = ("id", *VIEW_FIELDS)
MAX_NESTING = 64
"""How deep a JSON property value may nest (as YAML files: ICT005)."""


@dataclass(slots=True)
class Mapping:
    """Element type -> (layer, kind); the default table, or a file's overrides on it."""

    types: dict[str, tuple[str, str]] = field(default_factory=lambda: dict(TYPE_PLACES))

    @classmethod
    def load(cls, path: Path | None) -> Mapping:
        """The default table, with the ``types:`` of a YAML file over it."""
        mapping = cls()
        if path is None:
            return mapping
        from ictarch.inputs import read_input
        from ictarch.model.yamlsource import Limits, decode_utf8, parse_yaml_text

        # the reader of architecture files: size, encoding, aliases, depth, duplicate keys
        findings: list[Finding] = []
        text = decode_utf8(read_input(path), str(path), findings)
        data = None if text is None else parse_yaml_text(text, str(path), Limits(), findings)
        errors = [finding for finding in findings if finding.severity == "error"]
        if errors:
            raise InteropError(
                _("cannot read the mapping {path}: {error}").format(
                    path=path, error=errors[0].message
                )
            )
        types = data.get("types") if isinstance(data, dict) else None
        if not isinstance(types, dict):
            raise InteropError(
                _(
                    "{path}: a mapping file holds 'types:', e.g. "
                    "types: {{BusinessRole: {{layer: agencies, kind: role}}}}"
                ).format(path=path)
            )
        for type_name, place in types.items():
            if not isinstance(type_name, str) or type_name not in ELEMENT_TYPES:
                raise InteropError(
                    _("{path}: {type!r} is not an ArchiMate element type").format(
                        path=path, type=type_name
                    )
                )
            if (
                not isinstance(place, dict)
                or not all(valid_id(place.get(key)) for key in ("layer", "kind"))
                or not _layer_id(place["layer"])
            ):
                raise InteropError(
                    _("{path}: {type}: give a layer and a kind (lower-case ids)").format(
                        path=path, type=type_name
                    )
                )
            mapping.types[type_name] = (place["layer"], place["kind"])
        return mapping


@dataclass(slots=True)
class KeptRelation:
    """A relationship ictarch cannot express, kept as extension data."""

    type: str
    source: str
    target: str
    kept_on: str  # an element id, or "architecture"


@dataclass(slots=True)
class ImportReport:
    """What was imported, and what was kept aside; the numbers a reader checks."""

    source: str
    elements_in_source: int = 0
    junctions_in_source: int = 0
    relations_in_source: int = 0
    diagrams_in_source: int = 0
    elements: int = 0
    dependencies: int = 0
    any_of_groups: int = 0
    junction_relations: int = 0
    ownership: int = 0
    kept_copies: int = 0  # kept relations drawn again by ictarch export
    views: int = 0
    kept: list[KeptRelation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def relations_accounted(self) -> int:
        """Relationships mapped or kept: equal to ``relations_in_source``."""
        return (
            self.dependencies
            + self.junction_relations
            + self.ownership
            + self.kept_copies
            + len(self.kept)
        )


@dataclass(slots=True)
class ImportResult:
    """The architecture to write: root file content, elements per layer, the report."""

    root: dict[str, Any]
    layers: dict[str, list[dict[str, Any]]]
    report: ImportReport


def build_architecture(model: ExchangeModel, mapping: Mapping) -> ImportResult:
    return _Builder(model, mapping).build()


_KEPT_ORDER = (
    "type",
    "identifier",
    "specialization",
    "languages",
    "names",
    "documentations",
    "properties",
    "dependencies",
    "relations",
)


def _in_order(kept: dict[str, Any]) -> dict[str, Any]:
    """``x-archimate`` keys in one order, whatever order the source gave the facts in."""
    ordered = {key: kept[key] for key in _KEPT_ORDER if key in kept}
    return ordered | {key: value for key, value in kept.items() if key not in ordered}


def _property_map(properties: list[tuple[str, str]]) -> dict[str, Any]:
    """Properties as a mapping; a key written twice holds the list of its values."""
    kept: dict[str, Any] = {}
    for key, value in properties:
        if key in kept:
            previous = kept[key]
            kept[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            kept[key] = value
    return kept


def _language_of(texts: list[Text], chosen: str) -> str | None:
    for language, text in texts:
        if text == chosen:
            return language
    return texts[0][0] if texts else None


def texts_kept(concept: Concept | Diagram, kept_identifier: bool) -> dict[str, Any]:
    """The languages of a concept's texts (when not the export's default for it: none for
    a concept with its own identifier, ``vi`` for one ictarch made) and every language
    variant of its name and documentation when there are several."""
    default = None if kept_identifier else LANGUAGE
    languages: dict[str, str | None] = {}
    if concept.names and _language_of(concept.names, concept.name) != default:
        languages["name"] = _language_of(concept.names, concept.name)
    if concept.documentations:
        language = _language_of(concept.documentations, concept.documentation)
        if language != default:
            languages["documentation"] = language
    if isinstance(concept, Concept):
        foreign = any(not key.startswith((PREFIX, "x-")) for key, _value in concept.properties)
        if foreign and concept.property_language != default:
            languages["properties"] = concept.property_language
    kept: dict[str, Any] = {}
    if languages:
        kept["languages"] = languages
    if len(concept.names) > 1:
        kept["names"] = [[language, text] for language, text in concept.names]
    if len(concept.documentations) > 1:
        kept["documentations"] = [[language, text] for language, text in concept.documentations]
    return kept


def _dependency(relation: Concept) -> bool:
    """Whether a relationship says ``depends_on``: Serving, or another relationship the
    ArchiMate export wrote for a dependency where Serving is not allowed."""
    if relation.type == "Serving":
        return True
    return relation.property(PREFIX + "relation") == "depends_on"


def _json(text: str | None) -> Any:
    """The JSON value of a property, or None; a value nested more than
    :data:`MAX_NESTING` deep is None too (kept as text where the caller keeps text)."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return None if nesting_exceeds(value, MAX_NESTING) else value


class _Builder:
    def __init__(self, model: ExchangeModel, mapping: Mapping) -> None:
        self.model = model
        self.mapping = mapping
        self.report = ImportReport(model.source)
        self.ids: dict[str, str] = {}  # identifier -> ictarch id
        self.elements: dict[str, dict[str, Any]] = {}  # ictarch id -> YAML mapping
        self.layer_of: dict[str, str] = {}
        self.root_kept: list[dict[str, Any]] = []
        self.root_views: list[dict[str, Any]] = []  # drawn views that are no ictarch view

    def build(self) -> ImportResult:
        model, report = self.model, self.report
        elements = [c for c in model.elements if c.type not in JUNCTION_TYPES]
        junctions = {c.identifier: c for c in model.elements if c.type in JUNCTION_TYPES}
        identifiers = [c.identifier for c in (*model.elements, *model.relationships)]
        if len(set(identifiers)) != len(identifiers):
            twice = sorted(i for i, n in Counter(identifiers).items() if n > 1)
            raise InteropError(
                _(
                    "{source}: identifier {identifier!r} names two concepts; "
                    "a model needs unique identifiers"
                ).format(source=model.source, identifier=twice[0])
            )
        _check_size(model, len(elements))
        report.elements_in_source = len(elements)
        report.junctions_in_source = len(junctions)
        report.relations_in_source = len(model.relationships)
        report.diagrams_in_source = len(model.diagrams)
        report.notes.extend(model.not_imported)
        layers = self._layers()
        known_layers = {layer["id"] for layer in layers}
        self._allocate_ids(elements)
        for concept in elements:
            self._element(concept, known_layers)
        report.elements = len(self.elements)
        self._relationships(junctions)
        used = {self.layer_of[element_id] for element_id in self.elements}
        for layer_id in EXTRA_LAYERS:
            if layer_id in used and layer_id not in known_layers:
                layers.append({"id": layer_id, "name": EXTRA_LAYERS[layer_id]})
                known_layers.add(layer_id)
        for layer_id in sorted(used - known_layers):  # from a mapping file
            layers.append({"id": layer_id, "name": layer_id})
        by_layer: dict[str, list[dict[str, Any]]] = {}
        for data in self.elements.values():
            if isinstance(data.get(EXTENSION), dict):
                data[EXTENSION] = _in_order(data[EXTENSION])
        for element_id, data in self.elements.items():
            by_layer.setdefault(self.layer_of[element_id], []).append(data)
        root = self._root(layers)
        return ImportResult(root, by_layer, report)

    # -- layers, ids, elements ----------------------------------------------------

    def _layers(self) -> list[dict[str, Any]]:
        declared = _json(self.model.property(PREFIX + "layers"))
        if (
            isinstance(declared, list)
            and declared
            and all(
                isinstance(layer, dict)
                and isinstance(layer.get("id"), str)
                and _layer_id(layer["id"])
                and isinstance(layer.get("name"), str)
                for layer in declared
            )
        ):
            return [
                {key: layer[key] for key in ("id", "name", "description") if layer.get(key)}
                for layer in declared
            ]
        return [{"id": key, "name": name} for key, name in DEFAULT_LAYER_NAMES.items()]

    def _allocate_ids(self, elements: list[Concept]) -> None:
        allocator = IdAllocator()
        for concept in elements:  # ids written by ictarch first, exactly
            wanted = concept.property(PREFIX + "id")
            if wanted and valid_id(wanted) and wanted not in allocator.taken:
                self.ids[concept.identifier] = allocator.claim(wanted)
        for concept in elements:
            if concept.identifier not in self.ids:
                base = fold_to_id(concept.name) or fold_to_id(concept.identifier)
                self.ids[concept.identifier] = allocator.claim(base or fold_to_id(concept.type))

    def _element(self, concept: Concept, known_layers: set[str]) -> None:
        element_id = self.ids[concept.identifier]
        layer, kind_from_type = self.mapping.types.get(concept.type, ("other", "element"))
        kind: str | None = kind_from_type
        written = {
            key[len(PREFIX) :]: value for key, value in concept.properties if key.startswith(PREFIX)
        }
        if written.get("layer") in known_layers:
            layer = written["layer"]
        ours = "id" in written  # written by ictarch export: no kind means none
        kind_written = written.get("kind")
        if kind_written and valid_id(kind_written):
            kind = kind_written
        elif ours:
            kind = None
        data: dict[str, Any] = {
            "id": element_id,
            "name": concept.name.strip() or concept.identifier.strip() or concept.type,
        }
        if kind is not None:
            data["kind"] = kind
        if concept.documentation.strip():
            data["description"] = concept.documentation
        for role in ("owner", "operator"):
            value = written.get(role)
            if value and valid_id(value):
                data[role] = value
        status = written.get("status")
        if status in STATUSES:
            data["status"] = status
        for name in ("since", "until"):  # ISO dates, as exported
            if _is_iso_date(written.get(name)):
                data[name] = written[name]
        if written.get("criticality") in _CRITICALITIES:
            data["criticality"] = written["criticality"]
        for name in ("tags", "implements"):
            items = [item.strip() for item in written.get(name, "").split(",") if item.strip()]
            items = [item for item in dict.fromkeys(items) if valid_id(item)]
            if items:
                data[name] = items
        for name, required in (("links", "url"), ("sources", "title"), ("waivers", "code")):
            items = _json(written.get(name))
            if isinstance(items, list) and all(
                isinstance(item, dict) and isinstance(item.get(required), str) for item in items
            ):
                data[name] = items
        renamed = written.get("renamed_from")
        if renamed and valid_id(renamed):
            data["renamed_from"] = renamed
        foreign: dict[str, Any] = {}
        repeated: dict[str, list[str]] = {}
        legacy: Any = None
        for key, value in concept.properties:
            if key.startswith(PREFIX):
                continue
            if key == EXTENSION and isinstance(_json(value), dict):
                legacy = _json(value)  # written as one property by ictarch before 2026-12
                continue
            if key.startswith("x-"):
                parsed = _json(value)
                data[key] = parsed if parsed is not None or value == "null" else value
                continue
            if key in repeated:  # appended in place: 300,000 values of one key stay linear
                repeated[key].append(value)
            elif key in foreign:
                repeated[key] = foreign[key] = [foreign[key], value]
            else:
                foreign[key] = value
        extension: dict[str, Any] = {}
        if isinstance(legacy, dict):
            extension.update(legacy)
        if not ours or concept.identifier != element_identifier(element_id):
            # say where it came from: the export writes the identifier and type back
            extension.update({"type": concept.type, "identifier": concept.identifier})
        extension.update(texts_kept(concept, kept_identifier="identifier" in extension))
        if foreign:
            extension["properties"] = foreign
        if concept.specialization:
            extension["specialization"] = concept.specialization
        if extension:
            data[EXTENSION] = extension
        self.elements[element_id] = data
        self.layer_of[element_id] = layer

    # -- relationships ------------------------------------------------------------

    def _relationships(self, junctions: dict[str, Concept]) -> None:
        relationships = self.model.relationships
        incoming: dict[str, list[Concept]] = {}
        outgoing: dict[str, list[Concept]] = {}
        for relation in relationships:
            incoming.setdefault(relation.target, []).append(relation)
            outgoing.setdefault(relation.source, []).append(relation)
        foldable = {
            identifier
            for identifier in junctions
            if incoming.get(identifier)
            and outgoing.get(identifier)
            and all(_dependency(r) and r.source in self.ids for r in incoming[identifier])
            and all(_dependency(r) and r.target in self.ids for r in outgoing[identifier])
        }
        pairs = sum(len(incoming[j]) * len(outgoing[j]) for j in foldable)
        limit = _limits().max_values
        if pairs > limit:  # each dependant gets a group of every provider: bound it first
            raise InteropError(
                _(
                    "{source}: its junctions join {pairs} pairs of a provider and a dependant, "
                    "over the limit of {limit} values (ICTARCH_MAX_VALUES)"
                ).format(source=self.model.source, pairs=integer(pairs), limit=integer(limit)),
                hint=_("raise ICTARCH_MAX_VALUES if the model is genuinely this large"),
            )
        for identifier, junction in junctions.items():
            if identifier not in foldable:
                kept_junction: dict[str, Any] = {"junction": identifier, "type": junction.type}
                if junction.name.strip():
                    kept_junction["name"] = junction.name
                if junction.documentation.strip():
                    kept_junction["documentation"] = junction.documentation
                if junction.properties:
                    kept_junction["properties"] = _property_map(junction.properties)
                kept_junction.update(texts_kept(junction, kept_identifier=True))
                self.root_kept.append(kept_junction)
                self.report.notes.append(
                    _(
                        "junction {identifier} ({type}) does not join Serving "
                        "relationships between elements: kept under x-archimate"
                    ).format(identifier=identifier, type=junction.type)
                )
            elif identifier != "j_" + "_".join(
                sorted(token(self.ids[r.source]) for r in incoming[identifier])
            ):  # not the identifier ictarch gives the group again
                self.report.notes.append(
                    _(
                        "junction {identifier} ({type}) became any_of groups; its identifier "
                        "and those of its relationships are not kept"
                    ).format(identifier=identifier, type=junction.type)
                )
        seen_dependencies: set[tuple[str, str]] = set()
        for relation in relationships:
            source, target = self.ids.get(relation.source), self.ids.get(relation.target)
            role = relation.property(PREFIX + "relation")
            if relation.property(PREFIX + "kept") == "true" and source is not None:
                self.report.kept_copies += 1  # its element's x-archimate property has it
                continue
            if relation.source in foldable or relation.target in foldable:
                self.report.junction_relations += 1
                if relation.source in foldable and target is not None:
                    self._any_of(relation, junctions[relation.source], incoming[relation.source])
                continue
            if source is not None and target is not None and source != target:
                dependant, provider = target, source
                if relation.type == "Access":  # written by ictarch from the dependant
                    dependant, provider = source, target
                if _dependency(relation) and (dependant, provider) not in seen_dependencies:
                    seen_dependencies.add((dependant, provider))
                    self._depend(
                        dependant,
                        provider,
                        relation.documentation,
                        relation.property(PREFIX + "required") != "false",
                    )
                    self._keep_serving(relation, dependant, provider)
                    self.report.dependencies += 1
                    continue
                if relation.type == "Association" and role in ("owner", "operator"):
                    self.elements[target].setdefault(role, source)
                    self.report.ownership += 1
                    continue
            self._keep(relation, source, target)

    def _depend(
        self, dependant: str, provider: str, description: str, required: bool = True
    ) -> None:
        entry: Any = (
            provider if not description.strip() else {"id": provider, "description": description}
        )
        if not required:
            entry = {"id": provider, "required": False} | (
                {"description": description} if description.strip() else {}
            )
        self.elements[dependant].setdefault("depends_on", []).append(entry)

    def _keep_serving(self, relation: Concept, dependant: str, provider: str) -> None:
        """What a Serving relationship says beyond ``depends_on``: its identifier (when
        ictarch did not make it), name, properties, languages; on the dependant."""
        kept: dict[str, Any] = {}
        if relation.identifier != dependency_identifier(dependant, provider):
            kept["identifier"] = relation.identifier
        if relation.name.strip():
            kept["name"] = relation.name
        properties = [(k, v) for k, v in relation.properties if not k.startswith(PREFIX)]
        if properties:
            kept["properties"] = _property_map(properties)
        if relation.specialization:
            kept["specialization"] = relation.specialization
        kept.update(texts_kept(relation, kept_identifier="identifier" in kept))
        if not kept:
            return
        extension = self.elements[dependant].setdefault(EXTENSION, {})
        extension.setdefault("dependencies", []).append({"target": provider, **kept})

    def _any_of(self, relation: Concept, junction: Concept, sources: list[Concept]) -> None:
        dependant = self.ids[relation.target]
        providers = list(dict.fromkeys(self.ids[r.source] for r in sources))
        providers = [p for p in providers if p != dependant]
        if not providers:
            return
        if junction.type == "AndJunction":
            for provider in providers:
                self._depend(dependant, provider, relation.documentation)
            return
        written = _json(relation.property(PREFIX + "any_of"))
        alternatives: list[Any] = providers
        if isinstance(written, list) and {
            item if isinstance(item, str) else item.get("id") if isinstance(item, dict) else None
            for item in written
        } == set(providers):
            alternatives = written
        group: dict[str, Any] = {"any_of": alternatives}
        if relation.documentation.strip():
            group["description"] = relation.documentation
        self.elements[dependant].setdefault("depends_on", []).append(group)
        self.report.any_of_groups += 1

    def _keep(self, relation: Concept, source: str | None, target: str | None) -> None:
        kept: dict[str, Any] = {"type": relation.type}
        if relation.name.strip():
            kept["name"] = relation.name
        if relation.documentation.strip():
            kept["documentation"] = relation.documentation
        kept["target"] = target if target is not None else relation.target
        kept["identifier"] = relation.identifier
        properties = [(k, v) for k, v in relation.properties if not k.startswith(PREFIX)]
        if properties:
            kept["properties"] = _property_map(properties)
        if relation.attributes:
            kept["attributes"] = dict(relation.attributes)
        if relation.specialization:
            kept["specialization"] = relation.specialization
        kept.update(texts_kept(relation, kept_identifier=True))
        if source is not None:
            extension = self.elements[source].setdefault(EXTENSION, {})
            extension.setdefault("relations", []).append(kept)
            where = source
        else:
            kept = {"source": relation.source, **kept}
            self.root_kept.append(kept)
            where = "architecture"
        self.report.kept.append(
            KeptRelation(relation.type, source or relation.source, kept["target"], where)
        )

    # -- the root file ------------------------------------------------------------

    def _root(self, layers: list[dict[str, Any]]) -> dict[str, Any]:
        model = self.model
        metadata = _json(model.property(PREFIX + "architecture"))
        if not (
            isinstance(metadata, dict)
            and isinstance(metadata.get("id"), str)
            and valid_id(metadata["id"])
            and isinstance(metadata.get("name"), str)
        ):
            name = model.name.strip() or Path(model.source).stem
            metadata = {"id": fold_to_id(name) or "imported", "name": name}
            if model.documentation.strip():
                metadata["description"] = model.documentation
        root: dict[str, Any] = {
            "ictarch": 1,
            "architecture": metadata,
            "include": ["layers/*.yaml"],
        }
        root["layers"] = layers
        views = self._views()
        if views:
            root["views"] = views
        for name in ("rules", "render", "export"):
            value = _json(model.property(PREFIX + name))
            if isinstance(value, dict) and value:
                root[name] = value
        conforms_to = _json(model.property(PREFIX + "conforms_to"))
        if isinstance(conforms_to, list) and conforms_to:
            root["conforms_to"] = conforms_to
        frameworks = _json(model.property(PREFIX + "frameworks"))
        if isinstance(frameworks, list) and frameworks:
            root["frameworks"] = frameworks
            self.report.notes.append(
                _(
                    "the architecture names its own catalogue files (frameworks:); copy them "
                    "next to the new architecture.yaml"
                )
            )
        foreign = [(k, v) for k, v in model.properties if not k.startswith(PREFIX)]
        extension: dict[str, Any] = {}
        written = _json(model.property(PREFIX + "architecture")) is not None
        if model.identifier and not (written and model.identifier.startswith("model_")):
            extension["identifier"] = model.identifier
        extension.update(
            texts_kept(
                Concept(
                    model.identifier,
                    "Model",
                    model.name,
                    model.documentation,
                    model.properties,
                    names=model.names,
                    documentations=model.documentations,
                    property_language=model.property_language,
                ),
                kept_identifier="identifier" in extension,
            )
        )
        if foreign:
            extension["properties"] = _property_map(foreign)
        if self.root_kept:
            extension["relations"] = self.root_kept
        if model.organizations:
            extension["organizations"] = model.organizations
        if self.root_views:
            extension["views"] = self.root_views
        if extension:
            root[EXTENSION] = extension
        return root

    def _drawing_kept(self, diagram: Diagram, foreign: bool) -> dict[str, Any] | None:
        """What ``x-archimate`` keeps of a drawn diagram: identifier, name, texts,
        properties and the drawing; None for a diagram ictarch laid out itself."""
        if diagram.drawing is None:
            return None
        if not foreign and diagram.property(PREFIX + "layout") != "kept":
            return None
        kept: dict[str, Any] = {"identifier": diagram.identifier}
        kept["name"] = diagram.name
        if diagram.documentation:
            kept["documentation"] = diagram.documentation
        kept.update(texts_kept(diagram, kept_identifier=True))
        properties = [(k, v) for k, v in diagram.properties if not k.startswith(PREFIX)]
        if properties:
            kept["properties"] = _property_map(properties)
        kept["drawing"] = diagram.drawing
        return kept

    def _views(self) -> list[dict[str, Any]]:
        views: list[dict[str, Any]] = []
        allocator = IdAllocator()
        generated = 0
        for diagram in self.model.diagrams:
            if diagram.property(PREFIX + "generated") == "true":
                generated += 1
                continue
            written = _json(diagram.property(PREFIX + "view"))
            kept = self._drawing_kept(diagram, written is None)
            if (
                isinstance(written, dict)
                and isinstance(written.get("id"), str)
                and valid_id(written["id"])
                and written["id"] not in allocator.taken
            ):
                allocator.claim(written["id"])
                view = {key: written[key] for key in _VIEW_KEYS if key in written}
                if kept:
                    view[EXTENSION] = kept
                views.append(view)
                continue
            elements = [self.ids[ref] for ref in diagram.elements if ref in self.ids]
            elements = list(dict.fromkeys(elements))
            if not elements:
                if kept:
                    self.root_views.append(kept)
                    self.report.notes.append(
                        _(
                            "diagram {name!r} shows no element: kept under x-archimate: views, "
                            "not as an ictarch view"
                        ).format(name=diagram.name)
                    )
                else:
                    self.report.notes.append(
                        _("diagram {name!r} shows no element: not imported as a view").format(
                            name=diagram.name
                        )
                    )
                continue
            view = {
                "id": allocator.claim(fold_to_id(diagram.name) or "view"),
                "title": diagram.name.strip() or diagram.identifier,
            }
            if diagram.documentation.strip():
                view["description"] = diagram.documentation
            view["elements"] = elements
            if kept:
                view[EXTENSION] = kept
            views.append(view)
        self.report.views = len(views)
        if generated:
            self.report.notes.append(
                ngettext(
                    "{count} diagram generated by ictarch for an architecture without views "
                    "was not imported as a view",
                    "{count} diagrams generated by ictarch for an architecture without views "
                    "were not imported as views",
                    generated,
                ).format(count=generated)
            )
        return views


def _limits() -> Any:
    from ictarch.model.yamlsource import Limits

    return Limits.from_environment()


def _layer_id(text: object) -> bool:
    """Whether ``text`` can name a layer: an id that is not a key of architecture.yaml."""
    from ictarch.model.loader import ROOT_KEYS

    return valid_id(text) and text not in ROOT_KEYS


def _check_size(model: ExchangeModel, elements: int) -> None:
    """Refuse, before building anything, a model over the limits an architecture has:
    ICTARCH_MAX_ELEMENTS elements, ICTARCH_MAX_VALUES concepts and view references."""
    limits = _limits()
    if elements > limits.max_elements:
        raise InteropError(
            _(
                "{source} has {count} elements, over the limit of {limit} (ICTARCH_MAX_ELEMENTS)"
            ).format(
                source=model.source, count=integer(elements), limit=integer(limits.max_elements)
            ),
            hint=_("raise ICTARCH_MAX_ELEMENTS if the model is genuinely this large"),
        )
    values = len(model.elements) + len(model.relationships)
    values += sum(len(diagram.elements) for diagram in model.diagrams)
    if values > limits.max_values:
        raise InteropError(
            _(
                "{source} has {count} concepts and view references, over the limit of "
                "{limit} values (ICTARCH_MAX_VALUES)"
            ).format(source=model.source, count=integer(values), limit=integer(limits.max_values)),
            hint=_("raise ICTARCH_MAX_VALUES if the model is genuinely this large"),
        )


# -- writing the directory ----------------------------------------------------------


def write_architecture(result: ImportResult, directory: Path, force: bool = False) -> list[Path]:
    """Write architecture.yaml and layers/<layer>.yaml into ``directory``.

    The files are written into a temporary directory beside it, which then takes
    its place: a reader sees no half-written architecture. An existing directory
    that is not empty is refused unless ``force`` (its content is then replaced).
    """

    if directory.exists() and not directory.is_dir():
        raise InteropError(
            _("{directory} exists and is not a directory").format(directory=directory)
        )
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise InteropError(
            _("{directory} is not empty; nothing was written").format(directory=directory),
            hint=_("choose a new directory, or add --force to replace its content"),
        )
    header = f"# Imported by ictarch from {one_line(Path(result.report.source).name)}\n"
    files: dict[str, str | bytes] = {"architecture.yaml": header + _dump(result.root)}
    for layer in result.root["layers"]:
        elements = result.layers.get(layer["id"])
        if elements:
            files[f"layers/{layer['id']}.yaml"] = header + _dump({layer["id"]: elements})
    write_directory(files, directory, replace=force)
    return [
        directory / "architecture.yaml",
        *(directory / name for name in files if name != "architecture.yaml"),
    ]


def _dump(data: Any) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 10x faster
    text: str = yaml.dump(
        data,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return text


def _is_iso_date(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
