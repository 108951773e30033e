"""Where an element falls in the national digital architecture framework (QĐ 3090).

QĐ 3090/QĐ-BKHCN (08/10/2025) has four layers, bottom-up: shared digital
infrastructure and cyber-security; data and core platforms; shared applications
and business; interaction channels and performance measurement. The bundled
catalogue ``vn-digital`` (``frameworks/vn-digital.yaml``) holds them as blocks,
with their parts, and says which ictarch layers and element kinds fall into each
part (``realised_by``: a kind wins over a layer; ictarch's reading, marked
inferred there). Organisations (the top layer: agencies, providers) fall into
none.

    from ictarch.frameworks import national_layer, national_layers

    layer = national_layer(element)          # a Block, or None
    layer.names.vi, layer.id                  # "Lớp 2: Dữ liệu và nền tảng cốt lõi"
    for layer, elements in national_layers(architecture).items(): ...
"""

from __future__ import annotations

from ictarch.frameworks.catalogue import Block, Catalogue, bundled_catalogues
from ictarch.model.architecture import Architecture, Element

NATIONAL_FRAMEWORK = "vn-digital"


def national_catalogue() -> Catalogue:
    """The bundled ``vn-digital`` catalogue."""
    return next(c for c in bundled_catalogues() if c.id == NATIONAL_FRAMEWORK)


def layer_blocks(catalogue: Catalogue | None = None) -> tuple[Block, ...]:
    """The framework's layers (blocks that are part of nothing), bottom-up."""
    catalogue = catalogue or national_catalogue()
    parts = {b.part_of for b in catalogue.blocks.values() if b.part_of}
    return tuple(b for b in catalogue.blocks.values() if b.part_of is None and b.id in parts)


def realised_block(catalogue: Catalogue, element: Element) -> Block | None:
    """The block of ``catalogue`` ``element`` falls into: one it claims in ``implements``,
    else the first whose ``realised_by`` names its kind, else the first naming its layer."""
    prefix = catalogue.id + "."
    for claimed in element.implements:
        if claimed.startswith(prefix) and claimed in catalogue.blocks:
            return catalogue.blocks[claimed]
    by_layer = None
    for block in catalogue.blocks.values():
        if element.kind is not None and element.kind in block.realised_by_kinds:
            return block
        if by_layer is None and element.layer in block.realised_by_layers:
            by_layer = block
    return by_layer


def top_block(catalogue: Catalogue, block: Block) -> Block:
    """The layer a block is (transitively) part of; the block itself when it is a layer."""
    seen = {block.id}
    while block.part_of and block.part_of in catalogue.blocks and block.part_of not in seen:
        block = catalogue.blocks[block.part_of]
        seen.add(block.id)
    return block


def national_layer(element: Element, catalogue: Catalogue | None = None) -> Block | None:
    """The QĐ 3090 layer ``element`` falls into (a block of ``vn-digital``), or None for an
    organisation or an element no layer covers."""
    catalogue = catalogue or national_catalogue()
    block = realised_block(catalogue, element)
    return top_block(catalogue, block) if block is not None else None


def national_layers(architecture: Architecture) -> dict[Block, list[Element]]:
    """Each QĐ 3090 layer, bottom-up (all four, even empty), with the architecture's
    elements that fall into it, in file order; elements of no layer are left out."""
    catalogue = national_catalogue()
    grouped: dict[Block, list[Element]] = {layer: [] for layer in layer_blocks(catalogue)}
    for element in architecture.elements.values():
        layer = national_layer(element, catalogue)
        if layer is not None:
            grouped.setdefault(layer, []).append(element)
    return grouped
