"""Reading an ArchiMate model, safely: an Open Exchange Format file or Archi's own
``.archimate`` file (plain XML or the zip archive with images, see
:mod:`ictarch.interop.archimate_native`).

The file is parsed by lxml with entities and network access off, no DTD
loaded and no huge-tree mode, after a size check; a document type
declaration is refused outright (no entity, internal or external, is ever
expanded). Anything that is not an exchange model (not XML, another root
element or namespace) is an :class:`~ictarch.interop.common.InteropError`:
a clear message and exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ictarch.i18n import _, integer, ngettext
from ictarch.interop.archimate_drawing import read_exchange_drawing
from ictarch.interop.common import InteropError
from ictarch.interop.exchange import Concept, Diagram, ExchangeModel
from ictarch.interop.importing import ImportResult, Mapping, build_architecture

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def max_bytes() -> int:
    """The size cap of every input file: ``ICTARCH_MAX_FILE_MB``, else 64 MiB."""
    from ictarch.inputs import max_file_bytes

    return max_file_bytes()


def read_limited(path: Path) -> bytes:
    """The bytes of ``path``, read by :func:`ictarch.inputs.read_input`: the size limit of
    every input (``ICTARCH_MAX_FILE_MB``), no devices, FIFOs or link loops."""
    from ictarch.inputs import read_input

    return read_input(path)


def parse_xml_safely(path: Path, what: str) -> Any:
    """The parsed document; an error for anything unreadable, too big or with a DTD."""
    data = read_limited(path)
    _refuse_too_many_elements(path, data)
    return parse_xml_bytes(path, data, what)


def parse_xml_bytes(path: Path, data: bytes, what: str) -> Any:
    """``data`` (read from ``path``) parsed without entities, DTDs or network access."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    doctype = InteropError(
        _(
            "{path} declares a document type (DOCTYPE); {what} files have none, and "
            "entities are never expanded, for safety"
        ).format(path=path, what=what)
    )
    if b"<!DOCTYPE" in data:  # refused before parsing: no entity is ever declared
        raise doctype
    try:
        document = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as error:
        raise InteropError(
            _("{path} is not well-formed XML ({what}): {error}").format(
                path=path, what=what, error=error
            )
        ) from error
    if document.docinfo.doctype or document.docinfo.internalDTD is not None:
        raise doctype  # in another encoding (UTF-16)
    return document


def _refuse_too_many_elements(path: Path, data: bytes) -> None:
    """Refuse, before parsing, a file with more elements than an architecture may have
    (ICTARCH_MAX_ELEMENTS): 1.4 million empty elements fit in 64 MiB, and parsing them
    would take gigabytes. Counting the tags costs a pass over the bytes."""
    from ictarch.model.yamlsource import Limits

    limits = Limits.from_environment()
    # a native Archi model keeps relationships as <element> too: count those against
    # the budget of values, an exchange file's elements against that of elements
    native = b"http://www.archimatetool.com/archimate" in data[:4096]
    limit = limits.max_values if native else limits.max_elements
    count = data.count(b"<element ") + data.count(b"<element>") + data.count(b"<element/")
    if count > limit:
        raise InteropError(
            _(
                "{source} has {count} elements, over the limit of {limit} (ICTARCH_MAX_ELEMENTS)"
            ).format(source=path, count=integer(count), limit=integer(limit)),
            hint=_("raise ICTARCH_MAX_ELEMENTS if the model is genuinely this large"),
        )


def read_archimate_file(path: Path) -> ExchangeModel:
    """The model of an exchange file or of a native Archi model (plain or archive)."""
    from ictarch.interop.archimate_native import (
        NATIVE_NS,
        ZIP_MAGIC,
        read_native_model,
        unpack_archive,
    )

    data = read_limited(path)
    images = 0
    if data.startswith(ZIP_MAGIC):
        data, images = unpack_archive(path, data, max_bytes())
    _refuse_too_many_elements(path, data)
    document = parse_xml_bytes(path, data, _("an ArchiMate model"))
    root = document.getroot()
    if root.tag == f"{{{NATIVE_NS}}}model":
        model = read_native_model(path, root)
        if images:
            model.not_imported.append(
                ngettext(
                    "{count} image of the archive is not imported",
                    "{count} images of the archive are not imported",
                    images,
                ).format(count=images)
            )
        return model
    return _read_exchange_document(path, document)


def read_exchange_file(path: Path) -> ExchangeModel:
    """The model of an exchange file (elements, relationships, diagrams)."""
    return _read_exchange_document(path, parse_xml_safely(path, _("an ArchiMate exchange file")))


def _read_exchange_document(path: Path, document: Any) -> ExchangeModel:
    root = document.getroot()
    if root.tag != _q("model"):
        namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
        raise InteropError(
            _(
                "{path} is not an ArchiMate model: its root element is "
                "{root!r} in namespace {namespace!r}"
            ).format(path=path, root=root.tag.split("}")[-1], namespace=namespace or "(none)"),
            hint=_(
                'expected <model xmlns="{namespace}"> (ArchiMate 3.0/3.1 Open Exchange Format) '
                "or an Archi model (.archimate)"
            ).format(namespace=NS),
        )
    definitions = {
        node.get("identifier", ""): _text(node, "name")
        for node in root.iterfind(f"{_q('propertyDefinitions')}/{_q('propertyDefinition')}")
    }
    model = ExchangeModel(str(path))
    model.identifier = root.get("identifier", "")
    _read_texts(root, model)
    model.properties, model.property_language = _properties(root, definitions)
    for node in root.iterfind(f"{_q('elements')}/{_q('element')}"):
        model.elements.append(_concept(node, definitions))
    for node in root.iterfind(f"{_q('relationships')}/{_q('relationship')}"):
        concept = _concept(node, definitions)
        concept.source = node.get("source", "")
        concept.target = node.get("target", "")
        for name in RELATIONSHIP_ATTRIBUTES:
            if node.get(name) is not None:
                concept.attributes[name] = str(node.get(name))
        model.relationships.append(concept)
    for view in root.iterfind(f"{_q('views')}/{_q('diagrams')}/{_q('view')}"):
        refs = [
            node.get("elementRef", "") for node in view.iter(_q("node")) if node.get("elementRef")
        ]
        properties, _language = _properties(view, definitions)
        diagram = Diagram(
            view.get("identifier", ""),
            _text(view, "name"),
            _text(view, "documentation"),
            properties,
            list(dict.fromkeys(refs)),
            read_exchange_drawing(view),
        )
        diagram.names = _texts(view, "name")
        diagram.documentations = _texts(view, "documentation")
        model.diagrams.append(diagram)
    organizations = root.find(_q("organizations"))
    if organizations is not None:
        model.organizations = [_organization(item) for item in organizations.iterfind(_q("item"))]
    if root.find(f"{_q('views')}/{_q('viewpoints')}") is not None:
        model.not_imported.append(_("viewpoint definitions are not imported"))
    if root.find(_q("metadata")) is not None:
        model.not_imported.append(_("the model's metadata (Dublin Core) is not imported"))
    return model


RELATIONSHIP_ATTRIBUTES = ("accessType", "isDirected", "modifier")


def import_archimate(path: Path, mapping: Mapping) -> ImportResult:
    return build_architecture(read_archimate_file(path), mapping)


def _texts(node: Any, tag: str) -> list[tuple[str | None, str]]:
    return [(child.get(XML_LANG), str(child.text or "")) for child in node.findall(_q(tag))]


def _read_texts(node: Any, target: Any) -> None:
    target.names = _texts(node, "name")
    target.documentations = _texts(node, "documentation")
    target.name = _text(node, "name")
    target.documentation = _text(node, "documentation")


def _text(node: Any, tag: str) -> str:
    """The first ``tag`` child's text, preferring Vietnamese, then English, then any."""
    children = node.findall(_q(tag))
    if not children:
        return ""
    for language in ("vi", "en"):
        for child in children:
            if child.get(XML_LANG) == language:
                return str(child.text or "")
    return str(children[0].text or "")


def _concept(node: Any, definitions: dict[str, str]) -> Concept:
    properties, language = _properties(node, definitions)
    concept = Concept(
        identifier=node.get("identifier", ""),
        type=node.get(XSI_TYPE, ""),
        properties=properties,
        property_language=language,
    )
    _read_texts(node, concept)
    return concept


def _properties(node: Any, definitions: dict[str, str]) -> tuple[list[tuple[str, str]], str | None]:
    properties = []
    language = None
    for item in node.iterfind(f"{_q('properties')}/{_q('property')}"):
        reference = item.get("propertyDefinitionRef", "")
        name = definitions.get(reference) or reference
        properties.append((name, _text(item, "value")))
        value = item.find(_q("value"))
        if value is not None and language is None and not name.startswith("ictarch:"):
            language = value.get(XML_LANG)  # of the model's own properties
    return properties, language


def _organization(item: Any) -> dict[str, Any]:
    """An ``<item>`` of ``<organizations>``: a folder (label, items) or a reference."""
    if item.get("identifierRef"):
        return {"ref": item.get("identifierRef")}
    data: dict[str, Any] = {}
    labels = [[child.get(XML_LANG), child.text or ""] for child in item.findall(_q("label"))]
    if labels:
        data["label"] = labels
    documentation = [
        [child.get(XML_LANG), child.text or ""] for child in item.findall(_q("documentation"))
    ]
    if documentation:
        data["documentation"] = documentation
    data["items"] = [_organization(child) for child in item.iterfind(_q("item"))]
    return data
