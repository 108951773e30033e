"""Export to the ArchiMate 3.1 Open Exchange Format (the XML Archi imports).

What maps to what (docs/export.md has the tables):

- every element -> an ArchiMate element of the type its kind maps to
  (:mod:`ictarch.interop.archimate_types`), ``e_<id>``; its name in
  ``xml:lang="vi"``, its description as documentation, every other field as a
  property (``ictarch:id``, ``ictarch:layer``, ``ictarch:kind``, ...), so that
  importing the file gives the architecture back;
- ``A depends_on B`` -> a Serving relationship from B (the provider) to A;
- an ``any_of`` group -> an Or junction, one per set of alternatives and
  shared by every element that needs the same set (as ictarch draws it):
  Serving from each alternative to the junction, Serving from the junction to
  each dependant;
- ``owner``/``operator`` -> a directed Association named ``owner``/``operator``
  from the organisation to the element (ArchiMate allows no Assignment from a
  business actor to an application or technology element);
- each view -> a diagram, laid out by Graphviz as ``ictarch render`` draws it,
  with layers (or owners) as visual groups.

Identifiers are derived from ids (``e_lgsp``, ``d_lgsp_ndxp``...); ids never
contain ``_``, so they are unique, and the same architecture gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ictarch.i18n import _
from ictarch.interop.archimate_names import (
    LANGUAGE,
    NS,
    PREFIX,
    SCHEMA_LOCATION,
    XML_LANG,
    XSI,
    dependency_identifier,
    element_identifier,
    exchange_identifier,
    qualified,
    token,
    xml_safe,
)
from ictarch.interop.archimate_types import (
    DEPENDENCY_RELATIONSHIPS,
    ELEMENT_TYPES,
    JUNCTION_TYPES,
    RELATIONSHIP_TYPES,
    configured_kinds,
    dependency_relationship,
    element_type,
    relationship_allowed,
)
from ictarch.interop.common import (
    ExportOptions,
    InteropError,
    Scope,
    conformance_settings,
    element_fields,
    export_scope,
    json_text,
    plain,
    view_definition,
)
from ictarch.model.architecture import Architecture, Dependency, Element, View

if TYPE_CHECKING:
    import networkx as nx

_PLAIN_NAME = re.compile(r"[A-Za-z0-9.-]+")
EXTENSION = "x-archimate"
_DEPENDS = "depends_on"  # ictarch:relation of a dependency written as another relationship

# element fields written as properties; the rest have ArchiMate homes
_TEXT_FIELDS = (
    "id",
    "layer",
    "kind",
    "status",
    "since",
    "until",
    "criticality",
    "owner",
    "operator",
)
_LIST_FIELDS = ("tags", "implements")


@dataclass(slots=True)
class _Junction:
    key: str
    alternatives: tuple[str, ...]  # sorted
    dependants: list[str] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        return f"j_{self.key}"


@dataclass(slots=True)
class _Relation:
    identifier: str
    type: str
    source: str  # concept identifiers
    target: str
    name: str | None = None
    documentation: str | None = None
    properties: list[tuple[str, str]] = field(default_factory=list)
    directed: bool = False
    attributes: dict[str, str] = field(default_factory=dict)  # accessType, modifier...
    kept: dict[str, Any] = field(default_factory=dict)  # languages, names (x-archimate)


def kept_of(extensions: dict[str, Any]) -> dict[str, Any]:
    """The ``x-archimate`` mapping of an element, view or architecture ({} when none)."""
    kept = extensions.get(EXTENSION)
    return kept if isinstance(kept, dict) else {}


def listed(value: Any) -> list[Any]:
    """A list kept under ``x-archimate``, or [] when the YAML holds something else there
    (the file is the user's: anything may have been written)."""
    return value if isinstance(value, list) else []


def kept_properties(kept: dict[str, Any]) -> list[tuple[str, str]]:
    """The foreign properties an import kept (``properties: {key: value or [values]}``)."""
    properties = kept.get("properties")
    if not isinstance(properties, dict):
        return []
    pairs: list[tuple[str, str]] = []
    for key, value in properties.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((str(key), "" if item is None else str(plain(item))))
    return pairs


def export_archimate(architecture: Architecture, options: ExportOptions) -> bytes:
    """The architecture (or the views' elements) as an exchange file, UTF-8."""
    from lxml import etree

    scope = export_scope(architecture, options)
    builder = ModelBuilder(scope)
    root = builder.build()
    options.notes.extend(builder.notes)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


class ModelBuilder:
    """The concepts of an export, with their identifiers: those an import kept (made
    valid by ``normalise``: ``xs:ID`` for the exchange format, as is for CSV), else ones
    derived from the ids."""

    def __init__(self, scope: Scope, normalise: Any = exchange_identifier) -> None:
        self.scope = scope
        self.architecture = scope.architecture
        self.kinds = configured_kinds(scope.architecture)
        self.junctions: dict[str, _Junction] = {}
        self.relations: list[_Relation] = []
        self.property_names: set[str] = set()
        self._graph: nx.DiGraph | None = None
        self.normalise = normalise
        self.used: set[str] = set()
        self.identifiers: dict[str, str] = {}  # element id -> identifier
        self.kept_identifiers: dict[str, str] = {}  # identifier in the source -> written
        for element in scope.elements:
            raw = kept_of(element.extensions).get("identifier")
            claimed = self.claim(raw)
            if claimed is not None:
                self.identifiers[element.id] = claimed
        for element in scope.elements:
            if element.id not in self.identifiers:
                self.identifiers[element.id] = element_identifier(element.id)
                self.used.add(self.identifiers[element.id])
        self.model_kept = kept_of(self.architecture.extensions)
        self.kept_junctions: list[dict[str, Any]] = []
        self.notes: list[str] = []  # said to the user (options.notes)
        self._types: dict[str, str] = {}
        self.view_identifiers: dict[str, str] = {}  # kept view identifier -> written

    def claim(self, raw: Any) -> str | None:
        """The written form of an identifier kept by an import, if it can be written."""
        if not isinstance(raw, str) or not raw:
            return None
        if raw in self.kept_identifiers:
            return None
        written = self.normalise(raw)
        if written is None or written in self.used:
            return None
        self.used.add(written)
        self.kept_identifiers[raw] = written
        return str(written)

    def identifier(self, element_id: str) -> str:
        """The identifier of an exported element."""
        return self.identifiers.get(element_id) or element_identifier(element_id)

    def resolve(self, reference: str) -> str | None:
        """A concept identifier of the source model (or an element id) as written."""
        if reference in self.kept_identifiers:
            return self.kept_identifiers[reference]
        if reference in self.identifiers:
            return self.identifiers[reference]
        return None

    def language(self, kept: dict[str, Any], text: str) -> str | None:
        """The xml:lang of one of a concept's texts: as the import found it, else none
        for a concept with its own identifier, ``vi`` for one ictarch made."""
        languages = kept.get("languages")
        if isinstance(languages, dict) and text in languages:
            value = languages[text]
            return value if isinstance(value, str) and value else None
        return None if "identifier" in kept else LANGUAGE

    def graph(self) -> nx.DiGraph:
        """The dependency graph (built once, for the diagrams)."""
        if self._graph is None:
            from ictarch.graph.dependency_graph import build_dependency_graph

            self._graph = build_dependency_graph(self.architecture)
        return self._graph

    # -- the model ------------------------------------------------------------

    def build(self) -> Any:
        from lxml import etree

        architecture = self.architecture
        self.collect_relations()
        root = etree.Element(qualified("model"), nsmap={None: NS, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
        model_kept = self.model_kept
        identifier = self.claim(model_kept.get("identifier"))
        root.set("identifier", identifier or "model_" + token(architecture.id))
        self.add_texts(root, "name", architecture.name, model_kept)
        description = architecture.metadata.get("description")
        if isinstance(description, str):
            self.add_texts(root, "documentation", description, model_kept)
        self.add_properties(
            root,
            [*kept_properties(model_kept), *self.model_properties()],
            self.language(model_kept, "properties"),
            len(kept_properties(model_kept)),
        )
        if self.scope.elements:  # the schema wants at least one element in <elements>
            elements = etree.SubElement(root, qualified("elements"))
        for element in self.scope.elements:
            self._element(elements, element)
        for junction in self.junctions.values():
            node = etree.SubElement(elements, qualified("element"))
            node.set("identifier", junction.identifier)
            node.set(f"{{{XSI}}}type", "OrJunction")
        for junction_kept in self.kept_junctions:
            if not self.scope.elements:
                elements = etree.SubElement(root, qualified("elements"))
            node = etree.SubElement(elements, qualified("element"))
            node.set("identifier", junction_kept["identifier"])
            node.set(f"{{{XSI}}}type", junction_kept["type"])
            if junction_kept.get("name"):
                self.add_texts(node, "name", junction_kept["name"], junction_kept)
            if junction_kept.get("documentation"):
                self.add_texts(node, "documentation", junction_kept["documentation"], junction_kept)
            self.add_properties(
                node, kept_properties(junction_kept), self.language(junction_kept, "properties")
            )
        if self.relations:
            relationships = etree.SubElement(root, qualified("relationships"))
            for relation in self.relations:
                self._relationship(relationships, relation)
        self._organizations(root)
        diagrams = self._diagrams(self._views())
        if self.property_names:
            definitions = etree.SubElement(root, qualified("propertyDefinitions"))
            for name in sorted(self.property_names):
                definition = etree.SubElement(definitions, qualified("propertyDefinition"))
                definition.set("identifier", property_identifier(name))
                definition.set("type", "string")
                self.add_text(definition, "name", name)
        if diagrams:
            views = etree.SubElement(
                etree.SubElement(root, qualified("views")), qualified("diagrams")
            )
            for diagram in diagrams:
                views.append(diagram)
        return root

    def model_properties(self) -> list[tuple[str, str]]:
        architecture = self.architecture
        properties = [
            (PREFIX + "architecture", json_text(plain(architecture.metadata))),
            (
                PREFIX + "layers",
                json_text(
                    [
                        {"id": layer.id, "name": layer.name}
                        | ({"description": layer.description} if layer.description else {})
                        for layer in architecture.layers
                    ]
                ),
            ),
        ]
        conformance = conformance_settings(architecture)
        for name, value in (
            ("rules", architecture.rules),
            ("render", architecture.render),
            ("export", architecture.export),
            ("conforms_to", conformance.get("conforms_to")),
            ("frameworks", conformance.get("frameworks")),
        ):
            if value:
                properties.append((PREFIX + name, json_text(value)))
        return properties

    def element_type(self, element: Element) -> str:
        """The type an import kept, unless ``export.archimate.kinds`` names the kind; else
        the kind's mapping."""
        kept = kept_of(element.extensions).get("type")
        if isinstance(kept, str) and kept in ELEMENT_TYPES and element.kind not in self.kinds:
            return kept
        return element_type(self.architecture, element, self.kinds)

    def _element(self, parent: Any, element: Element) -> None:
        from lxml import etree

        kept = kept_of(element.extensions)
        node = etree.SubElement(parent, qualified("element"))
        node.set("identifier", self.identifier(element.id))
        node.set(f"{{{XSI}}}type", self.element_type(element))
        self.add_texts(node, "name", element.name, kept)
        if element.description:
            self.add_texts(node, "documentation", element.description, kept)
        foreign = kept_properties(kept)
        self.add_properties(
            node,
            [*foreign, *element_properties(element)],
            self.language(kept, "properties"),
            len(foreign),
        )

    def collect_relations(self) -> None:
        scope = self.scope
        self.kept_junctions = self._kept_junctions()
        for element in scope.elements:
            dependant = self.identifier(element.id)
            seen_groups: set[str] = set()
            serving = {
                item["target"]: item
                for item in listed(kept_of(element.extensions).get("dependencies"))
                if isinstance(item, dict) and isinstance(item.get("target"), str)
            }
            for entry in scope.entries(element):
                if isinstance(entry, Dependency):
                    self._dependency(element, entry, serving.get(entry.target, {}))
                    continue
                group = entry
                alternatives = tuple(sorted({a.target for a in group.alternatives}))
                kind = self._group_relationship(element, alternatives)
                key = "_".join(token(target) for target in alternatives)
                if kind != "Serving":
                    key += "_" + kind.lower()
                if key in seen_groups:
                    continue
                seen_groups.add(key)
                junction = self.junctions.get(key)
                if junction is None:
                    junction = self.junctions[key] = _Junction(key, alternatives)
                    self.relations.extend(
                        _Relation(
                            f"alt_{token(target)}_{key}",
                            kind,
                            self.identifier(target),
                            junction.identifier,
                            properties=[]
                            if kind == "Serving"
                            else [(PREFIX + "relation", _DEPENDS)],
                        )
                        for target in alternatives
                    )
                junction.dependants.append(element.id)
                properties = []
                written = [a.target for a in group.alternatives]
                if written != list(alternatives) or any(a.description for a in group.alternatives):
                    properties.append(
                        (PREFIX + "any_of", json_text(_any_of_yaml(group.alternatives)))
                    )
                if kind != "Serving":
                    properties.append((PREFIX + "relation", _DEPENDS))
                self.relations.append(
                    _Relation(
                        f"any_{token(element.id)}_{key}",
                        kind,
                        junction.identifier,
                        dependant,
                        documentation=group.description,
                        properties=properties,
                    )
                )
            for role in ("owner", "operator"):
                organisation = getattr(element, role)
                if organisation == element.id:
                    self.notes.append(
                        _(
                            "{element} is its own {role}: no association is drawn from it to itself"
                        ).format(element=element.id, role=role)
                    )
                if organisation in scope.ids and organisation != element.id:
                    self.relations.append(
                        _Relation(
                            f"{'own' if role == 'owner' else 'op'}_{token(element.id)}",
                            "Association",
                            self.identifier(organisation),
                            dependant,
                            name=role,
                            properties=[(PREFIX + "relation", role)],
                            directed=True,
                        )
                    )
        kept_relations: list[tuple[str, str | None, dict[str, Any]]] = []
        for element in scope.elements:
            relations = kept_of(element.extensions).get("relations")
            for number, relation in enumerate(listed(relations), start=1):
                if isinstance(relation, dict):
                    kept_relations.append((f"x_{token(element.id)}_{number}", element.id, relation))
        root_relations = self.model_kept.get("relations")
        for number, relation in enumerate(listed(root_relations), start=1):
            if isinstance(relation, dict) and "junction" not in relation:
                kept_relations.append((f"x_model_{number}", None, relation))
        # identifiers first: a kept relationship may connect another kept one
        claimed = [
            (self.claim(relation.get("identifier")) or fallback, source, relation)
            for fallback, source, relation in kept_relations
        ]
        for identifier, source, relation in claimed:
            self._kept_relation(identifier, source, relation)

    def _dependency(self, element: Element, entry: Dependency, kept: dict[str, Any]) -> None:
        """``element depends_on entry.target``: Serving from the target, or the first
        relationship the table allows between their types (said in a note)."""
        provider = self.scope.architecture.elements[entry.target]
        dependant_type, provider_type = self.element_type(element), self.element_type(provider)
        kind, from_dependant = dependency_relationship(dependant_type, provider_type)
        name = kept.get("name")
        properties = kept_properties(kept)
        if not entry.required:
            properties.append((PREFIX + "required", "false"))
        if kind != "Serving":
            properties.append((PREFIX + "relation", _DEPENDS))
            self.notes.append(
                _(
                    "{dependant} depends on {provider}: ArchiMate allows no Serving from "
                    "{provider_type} to {dependant_type}; written as {relationship}"
                ).format(
                    dependant=element.id,
                    provider=provider.id,
                    provider_type=provider_type,
                    dependant_type=dependant_type,
                    relationship=kind,
                )
            )
        source, target = self.identifier(entry.target), self.identifier(element.id)
        if from_dependant:
            source, target = target, source
        self.relations.append(
            _Relation(
                self.claim(kept.get("identifier"))
                or dependency_identifier(element.id, entry.target),
                kind,
                source,
                target,
                name=name if isinstance(name, str) else None,
                documentation=entry.description,
                properties=properties,
                kept=kept,
                directed=kind == "Association",
            )
        )

    def _group_relationship(self, element: Element, alternatives: tuple[str, ...]) -> str:
        """The relationship of an any_of group's junction: Serving, or the first of the
        dependency relationships running from the alternatives that the table allows
        for every alternative (said in a note)."""
        elements = self.scope.architecture.elements
        dependant_type = self.element_type(element)
        types = [self.element_type(elements[target]) for target in alternatives]
        for kind, from_dependant in DEPENDENCY_RELATIONSHIPS:
            if from_dependant:
                continue
            if all(relationship_allowed(kind, t, dependant_type) for t in types):
                if kind != "Serving":
                    self.notes.append(
                        _(
                            "{dependant} depends on any of {alternatives}: ArchiMate allows no "
                            "Serving from them to {dependant_type}; written as {relationship} "
                            "through an Or junction"
                        ).format(
                            dependant=element.id,
                            alternatives=", ".join(alternatives),
                            dependant_type=dependant_type,
                            relationship=kind,
                        )
                    )
                return kind
        return "Association"

    def concept_type(self, identifier: str) -> str:
        """The type of a written concept: an element's, a junction's, else a relationship."""
        if not self._types:
            elements = self.scope.architecture.elements
            self._types = {
                written: self.element_type(elements[element_id])
                for element_id, written in self.identifiers.items()
            }
            self._types.update((j["identifier"], j["type"]) for j in self.kept_junctions)
            self._types.update((j.identifier, "OrJunction") for j in self.junctions.values())
        return self._types.get(identifier, "Relationship")

    def _kept_junctions(self) -> list[dict[str, Any]]:
        """The junctions an import kept on the architecture, with their written identifiers."""
        junctions = []
        for item in listed(self.model_kept.get("relations")):
            if not isinstance(item, dict) or item.get("type") not in JUNCTION_TYPES:
                continue
            identifier = self.claim(item.get("junction"))
            if identifier is not None:
                junctions.append({**item, "identifier": identifier})
        return junctions

    def _kept_relation(self, identifier: str, source: str | None, relation: dict[str, Any]) -> None:
        """A relationship an import kept under ``x-archimate: relations``, written again
        with its identifier, attributes, texts and properties, when both its ends are
        exported (an element, a kept junction or another kept relationship)."""
        kind, target = relation.get("type"), relation.get("target")
        if kind not in RELATIONSHIP_TYPES or not isinstance(target, str):
            return
        source_reference = source if source is not None else relation.get("source")
        if not isinstance(source_reference, str):
            return
        written_source = self.resolve(source_reference)
        written_target = self.resolve(target)
        if written_source is None or written_target is None:
            return
        source_type = self.concept_type(written_source)
        target_type = self.concept_type(written_target)
        if not relationship_allowed(kind, source_type, target_type):
            self.notes.append(
                _(
                    "relationship {identifier} ({relationship}) from {source} to {target} is "
                    "not allowed between {source_type} and {target_type} (their types changed "
                    "since the import): left out"
                ).format(
                    identifier=identifier,
                    relationship=kind,
                    source=source_reference,
                    target=target,
                    source_type=source_type,
                    target_type=target_type,
                )
            )
            return
        name, documentation = relation.get("name"), relation.get("documentation")
        attributes = relation.get("attributes")
        self.relations.append(
            _Relation(
                identifier,
                kind,
                written_source,
                written_target,
                name=name if isinstance(name, str) else None,
                documentation=documentation if isinstance(documentation, str) else None,
                properties=kept_properties(relation),
                attributes={
                    str(key): str(value)
                    for key, value in (attributes.items() if isinstance(attributes, dict) else ())
                },
                kept={"identifier": identifier, **relation},
            )
        )

    def _relationship(self, parent: Any, relation: _Relation) -> None:
        from lxml import etree

        node = etree.SubElement(parent, qualified("relationship"))
        node.set("identifier", relation.identifier)
        node.set("source", relation.source)
        node.set("target", relation.target)
        node.set(f"{{{XSI}}}type", relation.type)
        attributes = dict(relation.attributes)
        if relation.directed:
            attributes["isDirected"] = "true"
        allowed = {"Access": "accessType", "Influence": "modifier", "Association": "isDirected"}
        for key, value in attributes.items():
            if allowed.get(relation.type) == key:
                node.set(key, value)
        kept = relation.kept
        if relation.name:
            self.add_texts(node, "name", relation.name, kept)
        if relation.documentation:
            self.add_texts(node, "documentation", relation.documentation, kept)
        foreign = kept_properties(kept)
        self.add_properties(
            node, relation.properties, self.language(kept, "properties"), len(foreign)
        )

    # -- helpers --------------------------------------------------------------

    def add_text(self, parent: Any, tag: str, text: str, language: str | None = None) -> Any:
        from lxml import etree

        node = etree.SubElement(parent, qualified(tag))
        if language:
            node.set(XML_LANG, xml_safe(str(language)))
        node.text = xml_safe(str(text))
        return node

    def add_texts(self, parent: Any, tag: str, text: str, kept: dict[str, Any]) -> None:
        """A name or documentation in its language; every language variant an import
        kept (``names``/``documentations``), the one ictarch shows being ``text``."""
        variants = kept.get(tag + "s")
        language = self.language(kept, tag)
        if isinstance(variants, list) and len(variants) > 1:
            replaced = False
            for variant in variants:
                if not (isinstance(variant, list) and len(variant) == 2):
                    continue
                variant_language = variant[0] if isinstance(variant[0], str) else None
                value = str(variant[1])
                if not replaced and variant_language == language:
                    value, replaced = text, True
                self.add_text(parent, tag, value, variant_language)
            if replaced:
                return
        self.add_text(parent, tag, text, language)

    def add_properties(
        self,
        parent: Any,
        properties: Iterable[tuple[str, str]],
        language: str | None = LANGUAGE,
        foreign: int = 0,
    ) -> None:
        """Properties; the first ``foreign`` ones (kept by an import) in ``language``,
        ictarch's own in Vietnamese."""
        from lxml import etree

        properties = list(properties)
        if not properties:
            return
        container = etree.SubElement(parent, qualified("properties"))
        for index, (name, value) in enumerate(properties):
            self.property_names.add(name)
            node = etree.SubElement(container, qualified("property"))
            node.set("propertyDefinitionRef", property_identifier(name))
            self.add_text(node, "value", value, language if index < foreign else LANGUAGE)

    # -- diagrams ---------------------------------------------------------------

    def _views(self) -> list[View]:
        from ictarch.render.views import resolve_views

        if self.scope.views:
            return self.scope.views
        return resolve_views(self.architecture)

    def _organizations(self, root: Any) -> None:
        """The folders an import kept, with the concepts and views still exported."""
        from lxml import etree

        folders = listed(self.model_kept.get("organizations"))
        if not folders:
            return
        self._claim_views()
        container = etree.Element(qualified("organizations"))
        for folder in folders:
            self._organization_item(container, folder)
        if len(container):
            root.append(container)

    def _organization_item(self, parent: Any, item: Any) -> None:
        from lxml import etree

        if not isinstance(item, dict):
            return
        if "ref" in item:
            reference = str(item["ref"])
            written = self.resolve(reference) or self.view_identifiers.get(reference)
            if written is not None:
                etree.SubElement(parent, qualified("item")).set("identifierRef", written)
            return
        node = etree.SubElement(parent, qualified("item"))
        for tag in ("label", "documentation"):
            for variant in listed(item.get(tag)):
                if isinstance(variant, list) and len(variant) == 2:
                    language = variant[0] if isinstance(variant[0], str) else None
                    self.add_text(node, tag, str(variant[1]), language)
        for child in listed(item.get("items")):
            self._organization_item(node, child)

    def _claim_views(self) -> None:
        """Identifiers of the views whose drawings an import kept (once)."""
        if self.view_identifiers:
            return
        kept_views = [kept_of(view.extensions) for view in self._views()]
        kept_views += [v for v in listed(self.model_kept.get("views")) if isinstance(v, dict)]
        for kept in kept_views:
            raw = kept.get("identifier")
            if isinstance(raw, str) and raw not in self.view_identifiers:
                written = self.claim(raw)
                if written is not None:
                    self.view_identifiers[raw] = written

    def _diagrams(self, views: list[View]) -> list[Any]:
        """One diagram per view: the drawing an import kept when the view is unchanged,
        else laid out by ``dot`` (in a few threads); then, when the whole model is
        exported, the drawn views an import kept that are no ictarch view."""
        import os
        from concurrent.futures import ThreadPoolExecutor

        from ictarch.interop.archimate_diagram import build_diagram_view, plan_diagram

        self._claim_views()
        kept: dict[str, Any] = {}
        for view in views:
            drawn = self._kept_drawing(view)
            if drawn is not None:
                kept[view.id] = drawn
        to_plan = [view for view in views if view.id not in kept]
        plans: dict[str, Any] = {}
        if to_plan:
            self.graph()  # built once, before the threads read it
            workers = min(4, os.cpu_count() or 1, max(1, len(to_plan)))
            with ThreadPoolExecutor(max_workers=workers) as pool:
                planned = list(
                    pool.map(lambda view: self._guarded(plan_diagram, self, view), to_plan)
                )
            plans = {view.id: plan for view, plan in zip(to_plan, planned, strict=True)}
        diagrams = [
            kept[view.id] if view.id in kept else build_diagram_view(self, view, *plans[view.id])
            for view in views
        ]
        whole = len(self.scope.elements) == len(self.architecture.elements)
        for other in listed(self.model_kept.get("views")) if whole else []:
            if isinstance(other, dict):
                drawn = self._drawing_view(other, None)
                if drawn is not None:
                    diagrams.append(drawn)
        return diagrams

    def _kept_drawing(self, view: View) -> Any:
        """The view as the import kept it, when it shows the same elements and every
        concept it draws is exported; else None (the view is laid out afresh)."""
        kept = kept_of(view.extensions)
        drawing = kept.get("drawing")
        if not isinstance(drawing, dict) or view not in self.architecture.views:
            return None
        from ictarch.interop.archimate_drawing import concept_references

        element_refs, _relationships = concept_references(drawing)
        by_identifier = {written: element_id for element_id, written in self.identifiers.items()}
        junctions = {junction["identifier"] for junction in self.kept_junctions}
        shown: list[str] = []
        for reference in element_refs:
            written = self.resolve(reference)
            if written in junctions:
                continue
            if written is None or written not in by_identifier:
                return None
            shown.append(by_identifier[written])
        if list(dict.fromkeys(shown)) != list(view.elements):
            return None
        return self._drawing_view(kept, view)

    def _drawing_view(self, kept: dict[str, Any], view: View | None) -> Any:
        from lxml import etree

        from ictarch.interop.archimate_drawing import write_drawing

        drawing = kept.get("drawing")
        raw = kept.get("identifier")
        if not isinstance(drawing, dict) or not isinstance(raw, str):
            return None
        identifier = self.view_identifiers.get(raw)
        if identifier is None:
            return None
        node = etree.Element(qualified("view"))
        node.set("identifier", identifier)
        node.set(f"{{{XSI}}}type", "Diagram")
        name = view.title if view is not None and view.title else kept.get("name")
        self.add_texts(node, "name", str(name or ""), kept)
        documentation = view.description if view is not None else kept.get("documentation")
        if documentation:
            self.add_texts(node, "documentation", str(documentation), kept)
        properties = kept_properties(kept)
        own: list[tuple[str, str]] = []
        if view is not None:
            own = [
                (PREFIX + "view", json_text(view_definition(view, extensions=False))),
                (PREFIX + "layout", "kept"),
            ]
        self.add_properties(
            node, [*properties, *own], self.language(kept, "properties"), len(properties)
        )
        view_identifiers = self.view_identifiers
        if not write_drawing(node, drawing, self.resolve, view_identifiers.get):
            return None
        return node

    @staticmethod
    def _guarded(plan: Any, builder: ModelBuilder, view: View) -> Any:
        """``plan(builder, view)``, with Graphviz problems as InteropError."""
        from ictarch.render import DotNotFound, RenderError

        try:
            return plan(builder, view)
        except DotNotFound as error:
            raise InteropError(
                _("{error}: the ArchiMate export lays its diagrams out with Graphviz").format(
                    error=error
                ),
                hint=_("install Graphviz (apt-get install graphviz, brew install graphviz)"),
            ) from error
        except RenderError as error:
            raise InteropError(
                _("view {view!r}: {error}").format(view=view.id, error=error)
            ) from error


def property_identifier(name: str) -> str:
    """``ictarch:layer`` -> ``p_ictarch-layer``: a distinct NCName for every property name."""
    if name.startswith(PREFIX):
        name = "ictarch-" + name[len(PREFIX) :]
    elif not _PLAIN_NAME.fullmatch(name) or name.startswith("ictarch-"):
        return "p_x" + name.encode("utf-8").hex()
    return f"p_{name}"


def element_properties(element: Element) -> list[tuple[str, str]]:
    """The element's fields that have no ArchiMate home, as (name, text) pairs."""
    fields = element_fields(element)
    fields["layer"] = element.layer
    properties: list[tuple[str, str]] = []
    for name in _TEXT_FIELDS:
        value = fields.get(name)
        if value is not None:
            properties.append((PREFIX + name, str(value)))
    for name in _LIST_FIELDS:
        if name in fields:
            properties.append((PREFIX + name, ", ".join(fields[name])))
    for name in ("links", "sources", "waivers"):
        if name in fields:
            properties.append((PREFIX + name, json_text(fields[name])))
    if "renamed_from" in fields:
        properties.append((PREFIX + "renamed_from", fields["renamed_from"]))
    for key, value in element.extensions.items():
        if key != EXTENSION:  # x-archimate is written back where it came from
            properties.append((key, json_text(value)))
    return properties


def _any_of_yaml(alternatives: Iterable[Dependency]) -> list[Any]:
    return [
        alternative.target
        if alternative.description is None
        else {"id": alternative.target, "description": alternative.description}
        for alternative in alternatives
    ]


__all__ = ["ExportOptions", "export_archimate"]
