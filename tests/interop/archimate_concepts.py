"""A concept-level reading of an ArchiMate exchange file, written here with lxml alone
(not with ictarch's reader), to compare an original with what ictarch exports.

What it sees: the model's identifier-free texts and properties; every element and
relationship by identifier (type, names and documentation with their xml:lang,
properties with their languages, accessType, isDirected, modifier, source, target);
every view by identifier (name, viewpoint, and each node and connection: type,
reference, bounds, parent, labels, style, bend points, view references). Properties
in ictarch's own ``ictarch:`` namespace are left out: ictarch adds them so that a
new import gives the same architecture back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _texts(node: Any, tag: str) -> tuple[tuple[str | None, str], ...]:
    return tuple((child.get(XML_LANG), child.text or "") for child in node.findall(_q(tag)))


def _properties(node: Any, definitions: dict[str, str]) -> tuple[Any, ...]:
    found = []
    for item in node.iterfind(f"{_q('properties')}/{_q('property')}"):
        name = definitions.get(item.get("propertyDefinitionRef", ""), "?")
        if name.startswith("ictarch:"):
            continue
        found.append((name, _texts(item, "value")))
    return tuple(found)


def _style(node: Any) -> dict[str, Any]:
    style = node.find(_q("style"))
    if style is None:
        return {}
    data: dict[str, Any] = dict(style.attrib)
    for child in style:
        data[child.tag.split("}")[-1]] = dict(child.attrib) | {
            sub.tag.split("}")[-1]: dict(sub.attrib) for sub in child
        }
    return data


def read_concepts(path: Path) -> dict[str, Any]:
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    definitions = {
        node.get("identifier"): (node.findtext(_q("name")) or "")
        for node in root.iter(_q("propertyDefinition"))
    }
    model = {
        "names": _texts(root, "name"),
        "documentation": _texts(root, "documentation"),
        "properties": _properties(root, definitions),
    }
    elements = {
        node.get("identifier"): {
            "type": node.get(XSI_TYPE),
            "names": _texts(node, "name"),
            "documentation": _texts(node, "documentation"),
            "properties": _properties(node, definitions),
        }
        for node in root.iterfind(f"{_q('elements')}/{_q('element')}")
    }
    relationships = {}
    for node in root.iterfind(f"{_q('relationships')}/{_q('relationship')}"):
        kind = node.get(XSI_TYPE)
        relationships[node.get("identifier")] = {
            "type": kind,
            "source": node.get("source"),
            "target": node.get("target"),
            "names": _texts(node, "name"),
            "documentation": _texts(node, "documentation"),
            "properties": _properties(node, definitions),
            # the schema's defaults made explicit
            "accessType": node.get("accessType", "Access") if kind == "Access" else None,
            "isDirected": node.get("isDirected", "false") if kind == "Association" else None,
            "modifier": node.get("modifier"),
        }
    views = {}
    for view in root.iterfind(f"{_q('views')}/{_q('diagrams')}/{_q('view')}"):
        nodes: dict[str, Any] = {}
        pending: list[tuple[Any, str | None]] = [(view, None)]
        while pending:
            parent, parent_id = pending.pop(0)
            for node in parent.iterfind(_q("node")):
                nodes[node.get("identifier")] = {
                    "type": node.get(XSI_TYPE),
                    "elementRef": node.get("elementRef"),
                    "bounds": tuple(int(node.get(k)) for k in ("x", "y", "w", "h")),
                    "parent": parent_id,
                    "label": _texts(node, "label"),
                    "style": _style(node),
                    "viewRef": tuple(r.get("ref") for r in node.iterfind(_q("viewRef"))),
                }
                pending.append((node, node.get("identifier")))
        connections = {
            connection.get("identifier"): {
                "type": connection.get(XSI_TYPE),
                "relationshipRef": connection.get("relationshipRef"),
                "source": connection.get("source"),
                "target": connection.get("target"),
                "label": _texts(connection, "label"),
                "style": _style(connection),
                "bendpoints": tuple(
                    (int(point.get("x")), int(point.get("y")))
                    for point in connection.iterfind(_q("bendpoint"))
                ),
            }
            for connection in view.iterfind(_q("connection"))
        }
        views[view.get("identifier")] = {
            "names": _texts(view, "name"),
            "documentation": _texts(view, "documentation"),
            "viewpoint": view.get("viewpoint"),
            "properties": _properties(view, definitions),
            "nodes": nodes,
            "connections": connections,
        }
    return {
        "model": model,
        "elements": elements,
        "relationships": relationships,
        "views": views,
    }


def differences(original: dict[str, Any], exported: dict[str, Any]) -> list[str]:
    """Every difference, as readable lines (empty when the two are the same)."""
    found: list[str] = []

    def compare(path: str, old: Any, new: Any) -> None:
        if isinstance(old, dict) and isinstance(new, dict):
            for key in sorted(set(old) | set(new), key=str):
                if key not in new:
                    found.append(f"{path}/{key}: missing")
                elif key not in old:
                    found.append(f"{path}/{key}: added")
                else:
                    compare(f"{path}/{key}", old[key], new[key])
        elif old != new:
            found.append(f"{path}: {old!r} -> {new!r}")

    compare("", original, exported)
    return found


def without_languages(value: Any) -> Any:
    """The same reading with every xml:lang dropped (to compare with a native model,
    which has none)."""
    if isinstance(value, dict):
        return {key: without_languages(item) for key, item in value.items()}
    if isinstance(value, tuple):
        if (
            len(value) == 2
            and (value[0] is None or isinstance(value[0], str))
            and isinstance(value[1], str)
        ):
            return (None, value[1])
        return tuple(without_languages(item) for item in value)
    return value


def without_id_prefix(value: Any) -> Any:
    """The same reading with ``id-`` taken off every identifier (Archi's exchange
    exporter has put it before every id, or only before ids that start with a digit,
    depending on its version)."""
    if isinstance(value, dict):
        return {without_id_prefix(key): without_id_prefix(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(without_id_prefix(item) for item in value)
    if isinstance(value, str) and value.startswith("id-"):
        return value[3:]
    return value


def styles_as_stated(archi: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    """Archi's reading with each style cut down to what ours states: Archi writes every
    default colour and font out, a native model (and so ictarch's export of it) only
    what the user set; what both state must agree."""

    def project(theirs: Any, stated: Any) -> Any:
        if isinstance(theirs, dict) and isinstance(stated, dict):
            return {key: project(theirs[key], stated[key]) for key in stated if key in theirs}
        return theirs

    result = {**archi, "views": {}}
    for view_id, view in archi["views"].items():
        mine = ours["views"].get(view_id, {})
        copied = {**view, "nodes": {}, "connections": {}}
        for part in ("nodes", "connections"):
            for key, item in view[part].items():
                stated = mine.get(part, {}).get(key, {}).get("style", {})
                copied[part][key] = {**item, "style": project(item["style"], stated)}
        result["views"][view_id] = copied
    return result
