"""Reading an ArchiMate Open Exchange Format file, safely.

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

from ictarch.i18n import _, integer
from ictarch.interop.common import InteropError
from ictarch.interop.exchange import Concept, Diagram, ExchangeModel
from ictarch.interop.importing import ImportResult, Mapping, build_architecture

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def parse_xml_safely(path: Path, what: str) -> Any:
    """The parsed document; an error for anything unreadable, too big or with a DTD.

    The file is read by :func:`ictarch.inputs.read_input`: the size limit of every input
    (``ICTARCH_MAX_FILE_MB``), no devices, FIFOs or link loops.
    """
    from lxml import etree

    from ictarch.inputs import read_input

    data = read_input(path)
    _refuse_too_many_elements(path, data)
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

    limit = Limits.from_environment().max_elements
    count = data.count(b"<element ") + data.count(b"<element>") + data.count(b"<element/")
    if count > limit:
        raise InteropError(
            _(
                "{source} has {count} elements, over the limit of {limit} (ICTARCH_MAX_ELEMENTS)"
            ).format(source=path, count=integer(count), limit=integer(limit)),
            hint=_("raise ICTARCH_MAX_ELEMENTS if the model is genuinely this large"),
        )


def read_exchange_file(path: Path) -> ExchangeModel:
    """The model of an exchange file (elements, relationships, diagrams)."""
    document = parse_xml_safely(path, _("an ArchiMate exchange file"))
    root = document.getroot()
    if root.tag != _q("model"):
        namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
        raise InteropError(
            _(
                "{path} is not an ArchiMate 3 exchange model: its root element is "
                "{root!r} in namespace {namespace!r}"
            ).format(path=path, root=root.tag.split("}")[-1], namespace=namespace or "(none)"),
            hint=_(
                'expected <model xmlns="{namespace}"> (ArchiMate 3.0/3.1 Open Exchange Format)'
            ).format(namespace=NS),
        )
    definitions = {
        node.get("identifier", ""): _text(node, "name")
        for node in root.iterfind(f"{_q('propertyDefinitions')}/{_q('propertyDefinition')}")
    }
    model = ExchangeModel(str(path))
    model.name = _text(root, "name")
    model.documentation = _text(root, "documentation")
    model.properties = _properties(root, definitions)
    for node in root.iterfind(f"{_q('elements')}/{_q('element')}"):
        model.elements.append(_concept(node, definitions))
    for node in root.iterfind(f"{_q('relationships')}/{_q('relationship')}"):
        concept = _concept(node, definitions)
        concept.source = node.get("source", "")
        concept.target = node.get("target", "")
        model.relationships.append(concept)
    for view in root.iterfind(f"{_q('views')}/{_q('diagrams')}/{_q('view')}"):
        refs = [
            node.get("elementRef", "") for node in view.iter(_q("node")) if node.get("elementRef")
        ]
        model.diagrams.append(
            Diagram(
                view.get("identifier", ""),
                _text(view, "name"),
                _text(view, "documentation"),
                _properties(view, definitions),
                list(dict.fromkeys(refs)),
            )
        )
    if root.find(_q("organizations")) is not None:
        model.not_imported.append(_("organizations (folders) are not imported"))
    return model


def import_archimate(path: Path, mapping: Mapping) -> ImportResult:
    return build_architecture(read_exchange_file(path), mapping)


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
    return Concept(
        identifier=node.get("identifier", ""),
        type=node.get(XSI_TYPE, ""),
        name=_text(node, "name"),
        documentation=_text(node, "documentation"),
        properties=_properties(node, definitions),
    )


def _properties(node: Any, definitions: dict[str, str]) -> list[tuple[str, str]]:
    properties = []
    for item in node.iterfind(f"{_q('properties')}/{_q('property')}"):
        reference = item.get("propertyDefinitionRef", "")
        properties.append((definitions.get(reference) or reference, _text(item, "value")))
    return properties
