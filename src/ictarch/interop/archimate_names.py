"""Names shared by the ArchiMate writers: namespaces, identifiers, safe text.

Identifiers are derived from ids: ``e_<id>`` for an element, ``d_<A>_<B>`` for
A's dependency on B, ``j_<alternatives>`` for an Or junction... Ids never
contain ``_``, so identifiers built this way are distinct.
"""

from __future__ import annotations

import re

from ictarch.interop.common import ID_PATTERN

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
LANGUAGE = "vi"
PREFIX = "ictarch:"
JUNCTION_SIZE = 14


def qualified(name: str) -> str:
    return f"{{{NS}}}{name}"


def token(element_id: str) -> str:
    """An id as part of an identifier: itself (ids are NCName characters without ``_``),
    or, for an id that is not well-formed (an architecture exported with --force), ``x``
    and its UTF-8 bytes in hex."""
    if ID_PATTERN.fullmatch(element_id):
        return element_id
    return "x" + element_id.encode("utf-8").hex()


def element_identifier(element_id: str) -> str:
    return f"e_{token(element_id)}"


def dependency_identifier(dependant: str, provider: str) -> str:
    """The Serving relationship ictarch makes for ``dependant depends_on provider``."""
    return f"d_{token(dependant)}_{token(provider)}"


_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def exchange_identifier(identifier: str) -> str | None:
    """An identifier as an ``xs:ID`` of the exchange format: itself, or ``id-`` before it
    when it starts with a digit (as Archi's exchange exporter writes native ids); None
    when it cannot be one."""
    if identifier[:1].isdigit() or identifier[:1] == "-":
        identifier = "id-" + identifier
    return identifier if _NCNAME.fullmatch(identifier) else None


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (controls other than tab/newline)."""
    return "".join(
        char
        for char in text
        if char in "\t\n\r"
        or (" " <= char <= "\ud7ff")
        or ("\ue000" <= char <= "\ufffd")
        or char >= "\U00010000"
    )
