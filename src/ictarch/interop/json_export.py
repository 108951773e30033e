"""The model as JSON: every element with every field, relations, any_of groups, views.

The shape is documented by ``schemas/export.schema.json`` (and docs/export.md);
``format`` changes when a key is renamed or removed, never for an added one.
"""

from __future__ import annotations

from typing import Any

from ictarch import __version__
from ictarch.interop.common import (
    ExportOptions,
    conformance_settings,
    dependency_edges,
    depends_on_yaml,
    export_scope,
    plain,
    view_definition,
    waivers_yaml,
)
from ictarch.jsonwriter import dumps
from ictarch.model.architecture import Architecture

JSON_EXPORT_FORMAT = 1


def export_json(architecture: Architecture, options: ExportOptions) -> bytes:
    # one element, relation or view per line: readable, greppable, and written by
    # Python's C encoder (indenting every field takes seconds at 10,000 elements)
    return dumps(model_to_json(architecture, options), levels=2).encode("utf-8")


def model_to_json(architecture: Architecture, options: ExportOptions) -> dict[str, Any]:
    from ictarch.graph.dependency_graph import build_dependency_graph
    from ictarch.render.views import resolve_views, select_elements

    scope = export_scope(architecture, options)
    elements = []
    for element in scope.elements:
        elements.append(
            {
                "id": element.id,
                "name": element.name,
                "layer": element.layer,
                "kind": element.kind,
                "description": element.description,
                "owner": element.owner,
                "operator": element.operator,
                "status": element.status.value,
                "since": element.since.isoformat() if element.since else None,
                "until": element.until.isoformat() if element.until else None,
                "criticality": element.criticality,
                "tags": list(element.tags),
                "implements": list(element.implements),
                "links": [dict(link) for link in element.links],
                "sources": [dict(source) for source in element.sources],
                "waivers": waivers_yaml(element),
                "renamed_from": element.renamed_from,
                "depends_on": depends_on_yaml(element),
                "extensions": plain(element.extensions),
            }
        )
    relations: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for edge in dependency_edges(scope):
        relations.append(
            {
                "type": "depends_on",
                "source": edge.source,
                "target": edge.target,
                "any_of": edge.group,
                "description": edge.description,
                "required": edge.required,
            }
        )
        if edge.group is not None and edge.group not in groups:
            groups[edge.group] = {
                "id": edge.group,
                "element": edge.source,
                "alternatives": list(edge.alternatives),
            }
    for element in scope.elements:
        for role in ("owner", "operator"):
            organisation = getattr(element, role)
            if organisation in scope.ids:
                relations.append(
                    {
                        "type": role,
                        "source": organisation,
                        "target": element.id,
                        "any_of": None,
                        "description": None,
                        "required": True,
                    }
                )
    graph = build_dependency_graph(architecture)
    views = []
    chosen = scope.views if options.view_ids else resolve_views(architecture)
    for view in chosen:
        definition = view_definition(view)
        definition["declared"] = view in architecture.views
        definition["selected"] = sorted(select_elements(graph, view) & scope.ids)
        views.append(definition)
    return {
        "ictarch": __version__,
        "format": JSON_EXPORT_FORMAT,
        "state": options.state.to_json(),
        "export": "model",
        "architecture": plain(architecture.metadata)
        | {"id": architecture.id, "name": architecture.name}
        | conformance_settings(architecture),
        "layers": [
            {"id": layer.id, "name": layer.name, "description": layer.description}
            for layer in architecture.layers
        ],
        "elements": elements,
        "relations": relations,
        "any_of_groups": list(groups.values()),
        "views": views,
    }
