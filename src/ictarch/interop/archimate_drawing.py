"""A drawn ArchiMate view as plain data, and back: what ``x-archimate: drawing`` keeps.

A view read from an exchange file, or converted from a native Archi diagram, becomes
a mapping that YAML can hold and the ArchiMate export writes back as it was::

    {"viewpoint": "Layered",                      # the view's attributes
     "nodes": [{"identifier": "id-1", "type": "Element", "elementRef": "id-e1",
                "x": 20, "y": 40, "w": 120, "h": 55,
                "style": {"fillColor": {"r": 255, "g": 255, "b": 181, "a": 100}},
                "nodes": [...]}],                  # nested nodes, absolute bounds
     "connections": [{"identifier": "id-c1", "type": "Relationship",
                      "relationshipRef": "id-r1", "source": "id-1", "target": "id-2",
                      "bendpoints": [[300, 120]]}]}

Texts (``label``, ``documentation``) are lists of ``[language, text]`` (language
``None`` when the file gives none). Every attribute is kept under its own name, so
what the exchange format can say survives even where ictarch does not know it.
Nothing here imports the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ictarch.interop.archimate_names import NS, XML_LANG, XSI, qualified, xml_safe

XSI_TYPE = f"{{{XSI}}}type"
_INTEGER = re.compile(r"-?[0-9]+")
# the children a node or connection may have, in the exchange schema's order
_TEXTS = ("label", "documentation")
_NODE_ATTRIBUTES = ("identifier", "elementRef", "relationshipRef", "type", "x", "y", "w", "h")

Resolve = Callable[[str], str | None]  # a concept identifier -> its exported one (None: gone)


# -- reading an exchange <view> --------------------------------------------------------


def read_exchange_drawing(view: Any) -> dict[str, Any]:
    """The drawing of an exchange ``<view>`` element (attributes, nodes, connections)."""
    drawing: dict[str, Any] = {}
    for key, value in _attributes(view).items():
        if key not in ("identifier", "type"):
            drawing[key] = value
    drawing["nodes"] = [_read_concept(node) for node in view.iterfind(qualified("node"))]
    drawing["connections"] = [
        _read_concept(connection) for connection in view.iterfind(qualified("connection"))
    ]
    return drawing


def _attributes(node: Any) -> dict[str, Any]:
    """The attributes, the usual ones first in a fixed order (the same data whatever
    order a writer chose)."""
    data: dict[str, Any] = {}
    attributes = node.attrib
    for name in _NODE_ATTRIBUTES:
        if name == "type" and XSI_TYPE in attributes:
            data["type"] = attributes[XSI_TYPE]
        elif name in attributes:
            data[name] = _number(attributes[name])
    for key, value in attributes.items():
        if key in data or key.startswith("{"):
            continue  # xsi:type is read above; another namespace's attribute is not kept
        data[key] = _number(value)
    return data


def _number(value: str) -> Any:
    return int(value) if _INTEGER.fullmatch(value) and str(int(value)) == value else value


def _read_concept(node: Any) -> dict[str, Any]:
    """A node or connection: attributes, texts, style, view references, bend points,
    nested nodes."""
    data = _attributes(node)
    for tag in _TEXTS:
        texts = [[child.get(XML_LANG), child.text or ""] for child in node.iterfind(qualified(tag))]
        if texts:
            data[tag] = texts
    style = node.find(qualified("style"))
    if style is not None:
        data["style"] = _read_style(style)
    references = [child.get("ref", "") for child in node.iterfind(qualified("viewRef"))]
    if references:
        data["viewRef"] = references
    for tag in ("sourceAttachment", "targetAttachment"):
        attachment = node.find(qualified(tag))
        if attachment is not None:
            data[tag] = [_number(attachment.get("x", "0")), _number(attachment.get("y", "0"))]
    bendpoints = [
        [_number(point.get("x", "0")), _number(point.get("y", "0"))]
        for point in node.iterfind(qualified("bendpoint"))
    ]
    if bendpoints:
        data["bendpoints"] = bendpoints
    children = [_read_concept(child) for child in node.iterfind(qualified("node"))]
    if children:
        data["nodes"] = children
    return data


def _read_style(style: Any) -> dict[str, Any]:
    data: dict[str, Any] = _attributes(style)
    for tag in ("lineColor", "fillColor"):
        colour = style.find(qualified(tag))
        if colour is not None:
            data[tag] = _attributes(colour)
    font = style.find(qualified("font"))
    if font is not None:
        data["font"] = _attributes(font)
        colour = font.find(qualified("color"))
        if colour is not None:
            data["font"]["color"] = _attributes(colour)
    return data


# -- what a drawing refers to -------------------------------------------------------------


def walk_nodes(nodes: list[Any]) -> Iterator[dict[str, Any]]:
    """Every node of a drawing, nested ones included, parents first."""
    for node in nodes:
        if isinstance(node, dict):
            yield node
            children = node.get("nodes")
            if isinstance(children, list):
                yield from walk_nodes(children)


def concept_references(drawing: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The element and relationship identifiers a drawing shows, in order, once each."""
    elements: dict[str, None] = {}
    relationships: dict[str, None] = {}
    for node in walk_nodes(_list(drawing.get("nodes"))):
        if isinstance(node.get("elementRef"), str):
            elements[node["elementRef"]] = None
    for connection in _list(drawing.get("connections")):
        if isinstance(connection, dict) and isinstance(connection.get("relationshipRef"), str):
            relationships[connection["relationshipRef"]] = None
    return list(elements), list(relationships)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# -- writing it back ----------------------------------------------------------------------


def write_drawing(view: Any, drawing: dict[str, Any], resolve: Resolve, views: Resolve) -> bool:
    """Append the drawing's nodes and connections to the ``<view>`` element ``view``.

    ``resolve`` gives the exported identifier of an element or relationship (None when
    it is not exported), ``views`` that of a view. Returns False, writing nothing, when
    the drawing shows a concept that is not exported or is not well formed: the caller
    then lays the view out afresh.
    """
    try:
        for key, value in drawing.items():
            if key not in ("nodes", "connections"):
                _set(view, key, value)
        for node in _list(drawing.get("nodes")):
            _write_node(view, node, resolve, views)
        for connection in _list(drawing.get("connections")):
            _write_connection(view, connection, resolve, views)
    except _Unresolved:
        for child in list(view):
            if child.tag in (qualified("node"), qualified("connection")):
                view.remove(child)
        return False
    return True


class _Unresolved(Exception):
    """A drawing shows something that is not exported, or is malformed."""


_ATTRIBUTE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def _set(node: Any, key: str, value: Any) -> None:
    """One attribute, its name checked and its value made XML-safe (the drawing comes
    from a YAML file anyone may have edited)."""
    if not isinstance(key, str) or not _ATTRIBUTE_NAME.fullmatch(key):
        raise _Unresolved
    if isinstance(value, bool) or not isinstance(value, str | int):
        return
    node.set(key, xml_safe(str(value)))


def _write_node(parent: Any, data: Any, resolve: Resolve, views: Resolve) -> None:
    from lxml import etree

    if not isinstance(data, dict):
        raise _Unresolved
    node = etree.SubElement(parent, qualified("node"))
    _set_attributes(node, data, resolve)
    _write_common(node, data, views)
    for child in _list(data.get("nodes")):
        _write_node(node, child, resolve, views)


def _write_connection(parent: Any, data: Any, resolve: Resolve, views: Resolve) -> None:
    from lxml import etree

    if not isinstance(data, dict):
        raise _Unresolved
    connection = etree.SubElement(parent, qualified("connection"))
    _set_attributes(connection, data, resolve)
    _write_common(connection, data, views)
    for tag, points in (
        ("sourceAttachment", [data.get("sourceAttachment")]),
        ("bendpoint", _list(data.get("bendpoints"))),
        ("targetAttachment", [data.get("targetAttachment")]),
    ):
        for point in points:
            if point is None:
                continue
            if not (isinstance(point, list) and len(point) == 2):
                raise _Unresolved
            item = etree.SubElement(connection, qualified(tag))
            _set(item, "x", point[0])
            _set(item, "y", point[1])


def _set_attributes(node: Any, data: dict[str, Any], resolve: Resolve) -> None:
    ordered = [key for key in _NODE_ATTRIBUTES if key in data]
    ordered += [key for key in data if key not in _NODE_ATTRIBUTES]
    for key in ordered:
        value = data[key]
        if not isinstance(value, str | int) or isinstance(value, bool):
            continue
        text = str(value)
        if key in ("elementRef", "relationshipRef"):
            resolved = resolve(text)
            if resolved is None:
                raise _Unresolved
            text = resolved
        if key == "type":
            node.set(XSI_TYPE, xml_safe(text))
        else:
            _set(node, key, text)
    if "identifier" not in data:
        raise _Unresolved


def _write_common(node: Any, data: dict[str, Any], views: Resolve) -> None:
    from lxml import etree

    for tag in _TEXTS:
        for item in _list(data.get(tag)):
            if not (isinstance(item, list) and len(item) == 2):
                raise _Unresolved
            language, text = item
            child = etree.SubElement(node, qualified(tag))
            if isinstance(language, str) and language:
                child.set(XML_LANG, xml_safe(language))
            child.text = xml_safe(str(text))
    style = data.get("style")
    if isinstance(style, dict):
        _write_style(node, style)
    for reference in _list(data.get("viewRef")):
        target = views(str(reference))
        if target is not None:
            _set(etree.SubElement(node, qualified("viewRef")), "ref", target)


def _write_style(node: Any, style: dict[str, Any]) -> None:
    from lxml import etree

    element = etree.SubElement(node, qualified("style"))
    for key, value in style.items():
        _set(element, key, value)
    for tag in ("lineColor", "fillColor", "font"):
        value = style.get(tag)
        if not isinstance(value, dict):
            continue
        child = etree.SubElement(element, qualified(tag))
        for key, item in value.items():
            _set(child, key, item)
        colour = value.get("color") if tag == "font" else None
        if isinstance(colour, dict):
            sub = etree.SubElement(child, qualified("color"))
            for key, item in colour.items():
                _set(sub, key, item)


__all__ = [
    "NS",
    "concept_references",
    "read_exchange_drawing",
    "walk_nodes",
    "write_drawing",
]
