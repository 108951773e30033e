"""GraphML (valid against the GraphML 1.0 XSD) for yEd, Gephi, Cytoscape, networkx.

One node per element (its id is the element id), one directed edge per
dependency (dependant -> needed element), every attribute a typed ``<key>``.
Keys are named as Gephi reads them: the node key ``label`` holds the name,
the edge key ``label`` the kind of relation; ``any_of`` holds the group
(``lgsp#1``) an alternative belongs to. yEd shows the data after mapping
``label`` with its Properties Mapper (yEd's own ``y:`` label markup is not
plain GraphML and is not written).
"""

from __future__ import annotations

from typing import Any

from ictarch.interop.archimate_names import xml_safe
from ictarch.interop.common import ExportOptions, dependency_edges, export_scope
from ictarch.model.architecture import Architecture

NS = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

# (attr.name, attr.type); the key ids are n_<name> and e_<name>
NODE_KEYS = (
    ("label", "string"),
    ("element_id", "string"),
    ("layer", "string"),
    ("layer_rank", "int"),
    ("kind", "string"),
    ("status", "string"),
    ("owner", "string"),
    ("operator", "string"),
    ("criticality", "string"),
    ("tags", "string"),
    ("description", "string"),
)
EDGE_KEYS = (
    ("label", "string"),
    ("any_of", "string"),
    ("alternatives", "int"),
    ("description", "string"),
    ("required", "boolean"),
)


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def export_graphml(architecture: Architecture, options: ExportOptions) -> bytes:
    from lxml import etree

    scope = export_scope(architecture, options)
    root = etree.Element(_q("graphml"), nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    for target, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name, kind in keys:
            key = etree.SubElement(root, _q("key"))
            key.set("id", f"{target[0]}_{name}")
            key.set("for", target)
            key.set("attr.name", name)
            key.set("attr.type", kind)
    graph = etree.SubElement(root, _q("graph"))
    graph.set("id", xml_safe(architecture.id))
    graph.set("edgedefault", "directed")
    rank = architecture.layer_rank
    for element in scope.elements:
        node = etree.SubElement(graph, _q("node"))
        node.set("id", xml_safe(element.id))
        values: dict[str, Any] = {
            "label": element.name,
            "element_id": element.id,
            "layer": element.layer,
            "layer_rank": rank.get(element.layer),
            "kind": element.kind,
            "status": element.status.value,
            "owner": element.owner,
            "operator": element.operator,
            "criticality": element.criticality,
            "tags": ",".join(element.tags) or None,
            "description": element.description,
        }
        _data(node, "n", values)
    for number, edge in enumerate(dependency_edges(scope)):
        node = etree.SubElement(graph, _q("edge"))
        node.set("id", f"d{number}")
        node.set("source", xml_safe(edge.source))
        node.set("target", xml_safe(edge.target))
        _data(
            node,
            "e",
            {
                "label": "any_of" if edge.group else "depends_on",
                "any_of": edge.group,
                "alternatives": len(edge.alternatives) if edge.group else None,
                "description": edge.description,
                "required": "true" if edge.required else "false",
            },
        )
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _data(parent: Any, prefix: str, values: dict[str, Any]) -> None:
    from lxml import etree

    for name, value in values.items():
        if value is None:
            continue
        data = etree.SubElement(parent, _q("data"))
        data.set("key", f"{prefix}_{name}")
        data.text = xml_safe(str(value))
