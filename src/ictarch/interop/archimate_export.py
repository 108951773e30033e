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
    element_identifier,
    qualified,
    token,
    xml_safe,
)
from ictarch.interop.archimate_types import RELATIONSHIP_TYPES, configured_kinds, element_type
from ictarch.interop.common import (
    ExportOptions,
    InteropError,
    Scope,
    conformance_settings,
    element_fields,
    export_scope,
    json_text,
    plain,
)
from ictarch.model.architecture import Architecture, Dependency, Element, View

if TYPE_CHECKING:
    import networkx as nx

_PLAIN_NAME = re.compile(r"[A-Za-z0-9.-]+")
EXTENSION = "x-archimate"

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


def export_archimate(architecture: Architecture, options: ExportOptions) -> bytes:
    """The architecture (or the views' elements) as an exchange file, UTF-8."""
    from lxml import etree

    scope = export_scope(architecture, options)
    builder = ModelBuilder(scope)
    root = builder.build()
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


class ModelBuilder:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.architecture = scope.architecture
        self.kinds = configured_kinds(scope.architecture)
        self.junctions: dict[str, _Junction] = {}
        self.relations: list[_Relation] = []
        self.property_names: set[str] = set()
        self._graph: nx.DiGraph | None = None

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
        root.set("identifier", "model_" + token(architecture.id))
        self.add_text(root, "name", architecture.name, LANGUAGE)
        description = architecture.metadata.get("description")
        if isinstance(description, str):
            self.add_text(root, "documentation", description)
        self.add_properties(root, self.model_properties())
        if self.scope.elements:  # the schema wants at least one element in <elements>
            elements = etree.SubElement(root, qualified("elements"))
        for element in self.scope.elements:
            self._element(elements, element)
        for junction in self.junctions.values():
            node = etree.SubElement(elements, qualified("element"))
            node.set("identifier", junction.identifier)
            node.set(f"{{{XSI}}}type", "OrJunction")
        if self.relations:
            relationships = etree.SubElement(root, qualified("relationships"))
            for relation in self.relations:
                self._relationship(relationships, relation)
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

    def _element(self, parent: Any, element: Element) -> None:
        from lxml import etree

        node = etree.SubElement(parent, qualified("element"))
        node.set("identifier", element_identifier(element.id))
        node.set(f"{{{XSI}}}type", element_type(self.architecture, element, self.kinds))
        self.add_text(node, "name", element.name, LANGUAGE)
        if element.description:
            self.add_text(node, "documentation", element.description)
        self.add_properties(node, element_properties(element))

    def collect_relations(self) -> None:
        scope = self.scope
        for element in scope.elements:
            dependant = element_identifier(element.id)
            seen_groups: set[str] = set()
            for entry in scope.entries(element):
                if isinstance(entry, Dependency):
                    self.relations.append(
                        _Relation(
                            f"d_{token(element.id)}_{token(entry.target)}",
                            "Serving",
                            element_identifier(entry.target),
                            dependant,
                            documentation=entry.description,
                            properties=[] if entry.required else [(PREFIX + "required", "false")],
                        )
                    )
                    continue
                group = entry
                alternatives = tuple(sorted({a.target for a in group.alternatives}))
                key = "_".join(token(target) for target in alternatives)
                if key in seen_groups:
                    continue
                seen_groups.add(key)
                junction = self.junctions.get(key)
                if junction is None:
                    junction = self.junctions[key] = _Junction(key, alternatives)
                    self.relations.extend(
                        _Relation(
                            f"alt_{token(target)}_{key}",
                            "Serving",
                            element_identifier(target),
                            junction.identifier,
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
                self.relations.append(
                    _Relation(
                        f"any_{token(element.id)}_{key}",
                        "Serving",
                        junction.identifier,
                        dependant,
                        documentation=group.description,
                        properties=properties,
                    )
                )
            for role in ("owner", "operator"):
                organisation = getattr(element, role)
                if organisation in scope.ids and organisation != element.id:
                    self.relations.append(
                        _Relation(
                            f"{'own' if role == 'owner' else 'op'}_{token(element.id)}",
                            "Association",
                            element_identifier(organisation),
                            dependant,
                            name=role,
                            properties=[(PREFIX + "relation", role)],
                            directed=True,
                        )
                    )
            self._kept_relations(element)

    def _kept_relations(self, element: Element) -> None:
        """The relationships an import kept under ``x-archimate: relations``, drawn
        again (marked ``ictarch:kept``: the element's ``x-archimate`` property keeps
        them all, so importing the file again does not add them twice)."""
        extension = element.extensions.get(EXTENSION)
        kept = extension.get("relations") if isinstance(extension, dict) else None
        if not isinstance(kept, list):
            return
        for number, relation in enumerate(kept, start=1):
            if not isinstance(relation, dict):
                continue
            kind, target = relation.get("type"), relation.get("target")
            if kind not in RELATIONSHIP_TYPES or not isinstance(target, str):
                continue
            if target not in self.scope.ids:
                continue
            name, documentation = relation.get("name"), relation.get("documentation")
            properties = relation.get("properties")
            self.relations.append(
                _Relation(
                    f"x_{token(element.id)}_{number}",
                    kind,
                    element_identifier(element.id),
                    element_identifier(target),
                    name=name if isinstance(name, str) else None,
                    documentation=documentation if isinstance(documentation, str) else None,
                    properties=[
                        *(
                            (str(key), str(value))
                            for key, value in (properties or {}).items()
                            if isinstance(properties, dict)
                        ),
                        (PREFIX + "kept", "true"),
                    ],
                )
            )

    def _relationship(self, parent: Any, relation: _Relation) -> None:
        from lxml import etree

        node = etree.SubElement(parent, qualified("relationship"))
        node.set("identifier", relation.identifier)
        node.set("source", relation.source)
        node.set("target", relation.target)
        node.set(f"{{{XSI}}}type", relation.type)
        if relation.directed:
            node.set("isDirected", "true")
        if relation.name:
            self.add_text(node, "name", relation.name)
        if relation.documentation:
            self.add_text(node, "documentation", relation.documentation)
        self.add_properties(node, relation.properties)

    # -- helpers --------------------------------------------------------------

    def add_text(self, parent: Any, tag: str, text: str, language: str | None = None) -> Any:
        from lxml import etree

        node = etree.SubElement(parent, qualified(tag))
        if language:
            node.set(XML_LANG, language)
        node.text = xml_safe(text)
        return node

    def add_properties(self, parent: Any, properties: Iterable[tuple[str, str]]) -> None:
        from lxml import etree

        properties = list(properties)
        if not properties:
            return
        container = etree.SubElement(parent, qualified("properties"))
        for name, value in properties:
            self.property_names.add(name)
            node = etree.SubElement(container, qualified("property"))
            node.set("propertyDefinitionRef", property_identifier(name))
            self.add_text(node, "value", value, LANGUAGE)

    # -- diagrams ---------------------------------------------------------------

    def _views(self) -> list[View]:
        from ictarch.render.views import resolve_views

        if self.scope.views:
            return self.scope.views
        return resolve_views(self.architecture)

    def _diagrams(self, views: list[View]) -> list[Any]:
        """One diagram per view; the views are laid out by ``dot`` in a few threads."""
        import os
        from concurrent.futures import ThreadPoolExecutor

        from ictarch.interop.archimate_diagram import build_diagram_view, plan_diagram

        self.graph()  # built once, before the threads read it
        workers = min(4, os.cpu_count() or 1, max(1, len(views)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            plans = list(pool.map(lambda view: self._guarded(plan_diagram, self, view), views))
        return [
            build_diagram_view(self, view, diagram, layout)
            for view, (diagram, layout) in zip(views, plans, strict=True)
        ]

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
