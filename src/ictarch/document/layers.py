"""The four layers of the national digital architecture framework (QĐ 3090/QĐ-BKHCN,
08/10/2025) as the document presents them, and the one function that places an element.

The placing is the bundled ``vn-digital`` catalogue's
(:func:`ictarch.frameworks.national.national_layer`: an element's ``implements`` claim
of a vn-digital block, else its kind, else its layer, read from the catalogue's
``realised_by``); this module only gives the document what it asks: the layers in
CV 2943's order (bottom-up) with their names in the document's language, and the
layer id of an element, or None for an organisation (agencies and providers own and
run the rest) and for an element the catalogue places nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from ictarch import i18n
from ictarch.frameworks.national import layer_blocks, national_catalogue, national_layer
from ictarch.model.architecture import Architecture, Element


@dataclass(frozen=True, slots=True)
class DigitalLayer:
    id: str
    name: str  # in the current language


def digital_layers() -> tuple[DigitalLayer, ...]:
    """QĐ 3090's layers, bottom-up (infrastructure first), named in the current language."""
    vietnamese = i18n.current_language() == "vi"
    layers = []
    for block in layer_blocks(national_catalogue()):
        name = block.names.vi if vietnamese else block.names.en
        layers.append(DigitalLayer(block.id, name[:1].upper() + name[1:]))
    return tuple(layers)


def digital_layer(architecture: Architecture, element: Element) -> str | None:
    """The id of the QĐ 3090 layer ``element`` belongs to; None for an organisation or an
    element no layer covers."""
    if element.layer == architecture.organisation_layer:
        return None
    block = national_layer(element, national_catalogue())
    return block.id if block is not None else None
