"""A Structurizr JSON workspace (valid against the published OpenAPI schema).

- elements of the top layer (agencies, providers) -> people; the others ->
  software systems, grouped by layer (Structurizr's ``group``);
- ``depends_on`` -> a relationship from the dependant to what it needs
  ("depends on", or its description), any_of alternatives tagged ``any_of``
  with the group in the ``ictarch.any_of`` property;
- each view -> a system landscape view (key = view id) with its elements and
  the relationships between them, laid out automatically (Graphviz, top to bottom);
- fields without a Structurizr home (layer, kind, status, owner, operator,
  criticality) -> tags and ``ictarch.*`` properties;
- the views' configuration (styles for people, planned and retired elements and any_of
  relationships; the first view as the default) and the documentation (the
  architecture's description as a section), which Structurizr's readers expect
  (structurizr-python refuses, structurizr-typescript fails on, a workspace without them).

Ids are numbers as text, in the order of the files; people and software
systems need unique names in Structurizr, so a repeated name gets its id
appended (and a number after it, should another element already be called that).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ictarch.interop.common import ExportOptions, dependency_edges, export_scope
from ictarch.model.architecture import Architecture, Element


def export_structurizr(architecture: Architecture, options: ExportOptions) -> bytes:
    from ictarch.graph.dependency_graph import build_dependency_graph
    from ictarch.render.views import resolve_views, select_elements

    scope = export_scope(architecture, options)
    top = architecture.layers[0].id
    layer_names = {layer.id: layer.name for layer in architecture.layers}
    ids = {element.id: str(number) for number, element in enumerate(scope.elements, start=1)}
    names = unique_names(scope.elements)
    relationships: dict[str, list[dict[str, Any]]] = {}
    relationship_ids: dict[tuple[str, str], str] = {}
    next_id = len(ids) + 1
    for edge in dependency_edges(scope):
        if (edge.source, edge.target) in relationship_ids:
            continue
        relationship: dict[str, Any] = {
            "id": str(next_id),
            "sourceId": ids[edge.source],
            "destinationId": ids[edge.target],
            "description": edge.description or "depends on",
            "tags": "Relationship"
            + (",any_of" if edge.group else "")
            + ("" if edge.required else ",optional"),
        }
        if not edge.required:
            relationship["properties"] = {"ictarch.required": "false"}
        if edge.group:
            relationship["properties"] = {
                "ictarch.any_of": edge.group,
                "ictarch.alternatives": ",".join(edge.alternatives),
            }
        relationship_ids[(edge.source, edge.target)] = str(next_id)
        relationships.setdefault(edge.source, []).append(relationship)
        next_id += 1
    people: list[dict[str, Any]] = []
    systems: list[dict[str, Any]] = []
    for element in scope.elements:
        is_person = element.layer == top
        properties = {"ictarch.id": element.id, "ictarch.layer": element.layer}
        for field in ("kind", "owner", "operator", "criticality"):
            value = getattr(element, field)
            if value:
                properties[f"ictarch.{field}"] = value
        properties["ictarch.status"] = element.status.value
        tags = ["Element", "Person" if is_person else "Software System", element.layer]
        tags += [element.status.value] + ([element.kind] if element.kind else [])
        data: dict[str, Any] = {
            "id": ids[element.id],
            "name": names[element.id],
        }
        if element.description:
            data["description"] = element.description
        data["tags"] = ",".join(dict.fromkeys(tags))
        data["properties"] = properties
        if not is_person:
            data["group"] = layer_names.get(element.layer, element.layer)
        if element.id in relationships:
            data["relationships"] = relationships[element.id]
        (people if is_person else systems).append(data)
    graph = build_dependency_graph(architecture)
    chosen = scope.views if options.view_ids else resolve_views(architecture)
    views = []
    for order, view in enumerate(chosen, start=1):
        selected = select_elements(graph, view) & scope.ids
        members = [element.id for element in scope.elements if element.id in selected]
        landscape: dict[str, Any] = {"key": view.id, "order": order}
        landscape["title"] = view.title or view.id
        if view.description:
            landscape["description"] = view.description
        landscape["automaticLayout"] = {
            "implementation": "Graphviz",
            "rankDirection": "TopBottom",
            "rankSeparation": 300,
            "nodeSeparation": 300,
            "edgeSeparation": 0,
            "vertices": False,
        }
        landscape["elements"] = [{"id": ids[member]} for member in members]
        landscape["relationships"] = [
            {"id": relationship_id}
            for (source, target), relationship_id in relationship_ids.items()
            if source in selected and target in selected
        ]
        views.append(landscape)
    description = architecture.metadata.get("description")
    configuration: dict[str, Any] = {
        "styles": {
            "elements": [
                {"tag": "Person", "shape": "Person"},
                {"tag": "planned", "border": "Dashed"},
                {"tag": "retired", "opacity": 50},
            ],
            "relationships": [{"tag": "any_of", "dashed": True}],
        },
        "terminology": {},
    }
    if views:
        configuration["defaultView"] = views[0]["key"]
    sections = []
    if isinstance(description, str) and description.strip():
        sections.append(
            {"title": architecture.name, "content": description, "format": "Markdown", "order": 1}
        )
    workspace: dict[str, Any] = {
        "id": 0,
        "name": architecture.name,
        "description": description if isinstance(description, str) else "",
        "properties": {"ictarch.architecture": architecture.id},
        "model": {"people": people, "softwareSystems": systems},
        "documentation": {"sections": sections, "decisions": [], "images": []},
        "views": {"systemLandscapeViews": views, "configuration": configuration},
    }
    return (json.dumps(workspace, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def unique_names(elements: Sequence[Element]) -> dict[str, str]:
    """Element id -> a name no other element has: its own, or with its id appended when
    the name is repeated, and a number after that when even that is taken ("Portal",
    "Portal" and "Portal (b)" give "Portal (a)", "Portal (b)", "Portal (b) (c, 2)")."""
    counts = Counter(element.name for element in elements)
    taken: set[str] = set()
    result: dict[str, str] = {}
    for element in elements:
        name = element.name if counts[element.name] == 1 else f"{element.name} ({element.id})"
        candidate, number = name, 2
        while candidate in taken:
            candidate = f"{name} ({element.id}, {number})"
            number += 1
        taken.add(candidate)
        result[element.id] = candidate
    return result
