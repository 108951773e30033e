"""Reading Archi's own ``.archimate`` files: plain XML, or the archive with images.

Archi saves a model as one XML document (root ``archimate:model``) or, when the model
holds images, as a zip archive with that document as ``model.xml`` beside the images.
Both are read into the records every importer shares (:mod:`ictarch.interop.exchange`),
converted the way Archi's own exchange exporter converts them: relationship types
without their ``Relationship`` suffix, ``accessType`` numbers as names (Archi's default
is Write), the influence ``strength`` as ``modifier``, folders as organizations, and each
ArchiMate diagram as a drawing with absolute bounds and bend points
(:mod:`ictarch.interop.archimate_drawing`). Sketch and canvas views have no exchange
form: they are named in the report, not imported.

The archive is read with size limits on every member (no zip bomb expands), the XML
as every other XML file (:func:`~ictarch.interop.archimate_import.parse_xml_bytes`).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ictarch.i18n import _
from ictarch.interop.common import InteropError
from ictarch.interop.exchange import Concept, Diagram, ExchangeModel

NATIVE_NS = "http://www.archimatetool.com/archimate"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
ZIP_MAGIC = b"PK\x03\x04"
MODEL_MEMBER = "model.xml"

ACCESS_TYPES = {"0": "Write", "1": "Read", "2": "Access", "3": "ReadWrite"}
# Archi's viewpoint ids -> the exchange format's names (as Archi's exporter maps them)
VIEWPOINTS = {
    "organization": "Organization",
    "information_structure": "Information Structure",
    "technology": "Technology",
    "layered": "Layered",
    "physical": "Physical",
    "product": "Product",
    "application_structure": "Application Structure",
    "application_usage": "Application Usage",
    "technology_usage": "Technology Usage",
    "business_process_cooperation": "Business Process Cooperation",
    "application_cooperation": "Application Cooperation",
    "service_realization": "Service Realization",
    "implementation_deployment": "Implementation and Deployment",
    "goal_realization": "Goal Realization",
    "requirements_realization": "Requirements Realization",
    "motivation": "Motivation",
    "strategy": "Strategy",
    "capability": "Capability Map",
    "outcome_realization": "Outcome Realization",
    "resource": "Resource Map",
    "project": "Project",
    "migration": "Migration",
    "implementation_migration": "Implementation and Migration",
    "stakeholder": "Stakeholder",
    "value_stream": "Value Stream",
}
# Archi's default sizes, for bounds saved as -1 (take the default)
_DEFAULT_SIZES = {
    "DiagramObject": (120, 55),
    "Group": (400, 140),
    "Note": (185, 80),
    "DiagramModelReference": (120, 55),
}
# the attributes of a diagram object that the exchange format carries (or that say where
# a node is); Archi's others (textAlignment, gradient, iconColor...) are named in a note
_KEPT_NODE_ATTRIBUTES = frozenset(
    {
        XSI_TYPE,
        "id",
        "name",
        "archimateElement",
        "model",
        "fillColor",
        "alpha",
        "lineColor",
        "lineAlpha",
        "font",
        "fontColor",
        "targetConnections",
        "type",
    }
)
_UNSUPPORTED_VIEWS = ("SketchModel", "CanvasModel")


def is_native(data: bytes) -> bool:
    """Whether ``data`` is an Archi model: a zip archive, or XML in Archi's namespace."""
    return data.startswith(ZIP_MAGIC) or NATIVE_NS.encode() in data[:4096]


def unpack_archive(path: Path, data: bytes, limit: int) -> tuple[bytes, int]:
    """``model.xml`` of an Archi archive, its size checked before it is read, and how
    many other members (images) the archive holds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo(MODEL_MEMBER)
            except KeyError:
                raise InteropError(
                    _("{path} is a zip archive without model.xml: not an Archi model").format(
                        path=path
                    )
                ) from None
            if info.file_size > limit:
                raise InteropError(
                    _("{path}: model.xml is over the size limit").format(path=path),
                    hint=_(
                        "raise the limit with {variable} (in MiB) if the file is genuinely "
                        "this large"
                    ).format(variable="ICTARCH_MAX_FILE_MB"),
                )
            with archive.open(info) as member:
                content = member.read(limit + 1)
            others = sum(1 for item in archive.infolist() if item.filename != MODEL_MEMBER)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        raise InteropError(
            _("{path} is not a readable zip archive: {error}").format(path=path, error=error)
        ) from error
    if len(content) > limit:
        raise InteropError(_("{path}: model.xml is over the size limit").format(path=path))
    return content, others


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _type(node: Any) -> str:
    return str(node.get(XSI_TYPE, "")).split(":")[-1]


def read_native_model(path: Path, root: Any) -> ExchangeModel:
    """The model of a parsed native document (root ``archimate:model``)."""
    reader = _NativeReader(path)
    return reader.read(root)


class _NativeReader:
    def __init__(self, path: Path) -> None:
        self.model = ExchangeModel(str(path))
        self.diagram_names: dict[str, str] = {}
        self.skipped_views: list[str] = []
        self.skipped_nodes = 0
        self.profiles: dict[str, str] = {}  # specialization id -> name
        self.unkept_attributes: set[str] = set()

    def read(self, root: Any) -> ExchangeModel:
        model = self.model
        model.identifier = root.get("id", "")
        model.name = root.get("name", "")
        if model.name:
            model.names = [(None, model.name)]
        purpose = root.find("purpose")
        if purpose is not None and purpose.text:
            model.documentation = purpose.text
            model.documentations = [(None, purpose.text)]
        model.properties = _properties(root)
        self.profiles = {
            profile.get("id", ""): profile.get("name", "") for profile in root.iterfind("profile")
        }
        for node in root.iter("element"):  # names of views, for view references
            if _type(node) in ("ArchimateDiagramModel", *_UNSUPPORTED_VIEWS):
                self.diagram_names[node.get("id", "")] = node.get("name", "")
        for folder in root.iterfind("folder"):
            item = self._folder(folder)
            if item is not None:
                model.organizations.append(item)
        for name in self.skipped_views:
            model.not_imported.append(
                _(
                    "view {name!r} is a sketch or canvas view, which the exchange format cannot "
                    "hold: not imported"
                ).format(name=name)
            )
        if self.unkept_attributes:
            model.not_imported.append(
                _("Archi's diagram attributes with no exchange form are not kept: {names}").format(
                    names=", ".join(sorted(self.unkept_attributes))
                )
            )
        if self.skipped_nodes:
            model.not_imported.append(
                _(
                    "{count} diagram objects of kinds the exchange format cannot hold "
                    "(sketch or canvas objects) were not imported"
                ).format(count=self.skipped_nodes)
            )
        return model

    def _folder(self, folder: Any) -> dict[str, Any] | None:
        items: list[dict[str, Any]] = []
        for child in folder:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "folder":
                item = self._folder(child)
                if item is not None:
                    items.append(item)
            elif child.tag == "element" and self._concept(child):
                items.append({"ref": child.get("id", "")})
        if folder.find("property") is not None:
            self.model.not_imported.append(
                _("properties of folder {name!r} are not kept").format(name=folder.get("name", ""))
            )
        data: dict[str, Any] = {"label": [[None, folder.get("name", "")]]}
        documentation = folder.find("documentation")
        if documentation is not None and documentation.text:
            data["documentation"] = [[None, documentation.text]]
        data["items"] = items
        return data

    def _concept(self, node: Any) -> bool:
        """Read one ``element`` of a folder; whether it is a concept or an ArchiMate view."""
        kind = _type(node)
        identifier = node.get("id", "")
        name = node.get("name", "")
        documentation_node = node.find("documentation")
        documentation = documentation_node.text or "" if documentation_node is not None else ""
        if kind == "ArchimateDiagramModel":
            self.model.diagrams.append(self._diagram(node, identifier, name, documentation))
            return True
        if kind in _UNSUPPORTED_VIEWS:
            self.skipped_views.append(name)
            return False
        concept = Concept(
            identifier,
            kind,
            name,
            documentation,
            _properties(node),
            names=[(None, name)] if name else [],
            documentations=[(None, documentation)] if documentation else [],
        )
        if kind.endswith("Relationship"):
            concept.type = kind.removesuffix("Relationship")
            concept.source, concept.target = node.get("source", ""), node.get("target", "")
            if concept.type == "Access":
                concept.attributes["accessType"] = ACCESS_TYPES.get(
                    node.get("accessType", "0"), "Write"
                )
            elif concept.type == "Influence" and node.get("strength"):
                concept.attributes["modifier"] = node.get("strength", "")
            elif concept.type == "Association" and node.get("directed") == "true":
                concept.attributes["isDirected"] = "true"
            self.model.relationships.append(concept)
        elif kind == "Junction":
            concept.type = "OrJunction" if node.get("type") == "or" else "AndJunction"
            self.model.elements.append(concept)
        else:
            self.model.elements.append(concept)
        profile = (node.get("profiles") or "").split(" ")[0]
        if profile:
            concept.specialization = self.profiles.get(profile, profile)
        return True

    # -- diagrams -------------------------------------------------------------------

    def _diagram(self, node: Any, identifier: str, name: str, documentation: str) -> Diagram:
        absolute: dict[str, tuple[int, int, int, int]] = {}
        connections: list[tuple[Any, str]] = []
        nodes = self._children(node, (0, 0), absolute, connections)
        drawing: dict[str, Any] = {}
        viewpoint = VIEWPOINTS.get(node.get("viewpoint", ""))
        if viewpoint:
            drawing["viewpoint"] = viewpoint
        # the exchange format has no negative coordinates: shift as Archi's exporter does
        shift_x = min([0, *(box[0] for box in absolute.values())])
        shift_y = min([0, *(box[1] for box in absolute.values())])
        _shift(nodes, -shift_x, -shift_y)
        drawing["nodes"] = nodes
        drawing["connections"] = [
            self._connection(xml, absolute, (shift_x, shift_y)) for xml, _parent in connections
        ]
        elements = []
        for item in node.iter("child"):
            reference = item.get("archimateElement")
            if reference:
                elements.append(reference)
        return Diagram(
            identifier,
            name,
            documentation,
            _properties(node),
            list(dict.fromkeys(elements)),
            drawing,
            names=[(None, name)] if name else [],
            documentations=[(None, documentation)] if documentation else [],
        )

    def _children(
        self,
        parent: Any,
        origin: tuple[int, int],
        absolute: dict[str, tuple[int, int, int, int]],
        connections: list[tuple[Any, str]],
    ) -> list[dict[str, Any]]:
        nodes: list[dict[str, Any]] = []
        for child in parent.iterfind("child"):
            kind = _type(child)
            if kind not in _DEFAULT_SIZES:
                self.skipped_nodes += 1
                continue
            self.unkept_attributes.update(
                name for name in child.attrib if name not in _KEPT_NODE_ATTRIBUTES
            )
            bounds = child.find("bounds")
            x = origin[0] + _int(bounds, "x", 0)
            y = origin[1] + _int(bounds, "y", 0)
            width, height = _int(bounds, "width", -1), _int(bounds, "height", -1)
            default = _DEFAULT_SIZES[kind]
            identifier = exchange_id(child.get("id", ""))
            data: dict[str, Any] = {"identifier": identifier}
            if kind == "DiagramObject":
                data["elementRef"] = child.get("archimateElement", "")
                data["type"] = "Element"
            elif kind == "Group":
                data["type"] = "Container"
            else:
                data["type"] = "Label"
            data["x"], data["y"] = x, y
            data["w"] = width if width > 0 else default[0]
            data["h"] = height if height > 0 else default[1]
            absolute[identifier] = (x, y, data["w"], data["h"])
            label = None
            if kind == "Group" or kind == "DiagramModelReference":
                label = (
                    child.get("name", "")
                    if kind == "Group"
                    else self.diagram_names.get(child.get("model", ""), "")
                )
            elif kind == "Note":
                content = child.find("content")
                label = content.text if content is not None else None
            if label:
                data["label"] = [[None, label]]
            documentation = child.find("documentation")
            if kind == "Group" and documentation is not None and documentation.text:
                data["documentation"] = [[None, documentation.text]]
            style = _style(child)
            if style:
                data["style"] = style
            if kind == "DiagramModelReference" and child.get("model"):
                data["viewRef"] = [child.get("model", "")]
            for connection in child.iterfind("sourceConnection"):
                connections.append((connection, identifier))
            nested = self._children(child, (x, y), absolute, connections)
            if nested:
                data["nodes"] = nested
            nodes.append(data)
        return nodes

    def _connection(
        self,
        xml: Any,
        absolute: dict[str, tuple[int, int, int, int]],
        shift: tuple[int, int],
    ) -> dict[str, Any]:
        source, target = exchange_id(xml.get("source", "")), exchange_id(xml.get("target", ""))
        data: dict[str, Any] = {"identifier": exchange_id(xml.get("id", ""))}
        relationship = xml.get("archimateRelationship")
        if relationship:
            data["relationshipRef"] = relationship
            data["type"] = "Relationship"
        else:
            data["type"] = "Line"
        data["source"], data["target"] = source, target
        if not relationship and xml.get("name"):
            data["label"] = [[None, xml.get("name", "")]]
        style: dict[str, Any] = {}
        if xml.get("lineWidth") and xml.get("lineWidth") != "1":
            style["lineWidth"] = _int(xml, "lineWidth", 1)
        colour = _colour(xml.get("lineColor"))
        if colour:
            style["lineColor"] = colour
        font = _font(xml)
        if font:
            style["font"] = font
        if style:
            data["style"] = style
        points = xml.findall("bendpoint")
        if points and source in absolute and target in absolute:
            data["bendpoints"] = _bendpoints(points, absolute[source], absolute[target], shift)
        return data


def _bendpoints(
    points: list[Any],
    source: tuple[int, int, int, int],
    target: tuple[int, int, int, int],
    shift: tuple[int, int],
) -> list[list[int]]:
    """Absolute positions of bend points saved relative to the ends' centres (as
    Archi's DiagramModelUtils.getAbsoluteBendpointPositions computes them)."""
    result: list[list[int]] = []
    count = len(points) + 1
    for index, point in enumerate(points, start=1):
        weight = index / count
        start_x = (source[0] + source[2] // 2 + _int(point, "startX", 0)) * (1.0 - weight)
        start_y = (source[1] + source[3] // 2 + _int(point, "startY", 0)) * (1.0 - weight)
        end_x = (target[0] + target[2] // 2 + _int(point, "endX", 0)) * weight
        end_y = (target[1] + target[3] // 2 + _int(point, "endY", 0)) * weight
        result.append([int(start_x + end_x) - shift[0], int(start_y + end_y) - shift[1]])
    return result


def _shift(nodes: list[dict[str, Any]], dx: int, dy: int) -> None:
    if not dx and not dy:
        return
    for node in nodes:
        node["x"] += dx
        node["y"] += dy
        _shift(node.get("nodes", []), dx, dy)


def _int(node: Any, name: str, default: int) -> int:
    if node is None:
        return default
    value = node.get(name)
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


_INTEGER = re.compile(r"[0-9]{1,3}")
_HEX = re.compile(r"#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})")


def _colour(text: str | None, alpha: str | None = None) -> dict[str, int] | None:
    match = _HEX.fullmatch(text or "")
    if match is None:
        return None
    colour = {"r": int(match[1], 16), "g": int(match[2], 16), "b": int(match[3], 16)}
    if alpha is not None and _INTEGER.fullmatch(alpha):
        colour["a"] = round(int(alpha) / 255 * 100)
    return colour


def _font(node: Any) -> dict[str, Any]:
    """``font="1|Segoe UI|9.0|1|..."`` (SWT's FontData: name, height, style bits) and
    ``fontColor`` as an exchange font."""
    font: dict[str, Any] = {}
    parts = (node.get("font") or "").split("|")
    if len(parts) >= 4:
        font["name"] = parts[1]
        try:
            size = float(parts[2])
            font["size"] = int(size) if size.is_integer() else size
        except ValueError:
            pass
        try:
            bits = int(parts[3])
        except ValueError:
            bits = 0
        styles = [name for bit, name in ((1, "bold"), (2, "italic")) if bits & bit]
        if styles:
            font["style"] = " ".join(styles)
    colour = _colour(node.get("fontColor"))
    if colour:
        font["color"] = colour
    return font


def _style(node: Any) -> dict[str, Any]:
    """The explicit style of a diagram object (what Archi saved; defaults stay implicit)."""
    style: dict[str, Any] = {}
    line = _colour(node.get("lineColor"), node.get("lineAlpha"))
    if line:
        style["lineColor"] = line
    fill = _colour(node.get("fillColor"), node.get("alpha"))
    if fill:
        style["fillColor"] = fill
    font = _font(node)
    if font:
        style["font"] = font
    return style


def _properties(node: Any) -> list[tuple[str, str]]:
    return [
        (item.get("key", ""), item.get("value", ""))
        for item in node.iterfind("property")
        if item.get("key") is not None
    ]


_NCNAME_START = re.compile(r"[A-Za-z_]")


def exchange_id(identifier: str) -> str:
    """An Archi id as an xs:ID, as Archi's exchange exporter makes it: ``id-`` before an
    id that starts with a digit (``1544`` -> ``id-1544``)."""
    if identifier and not _NCNAME_START.match(identifier[0]):
        return "id-" + identifier
    return identifier
