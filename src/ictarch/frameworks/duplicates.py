"""Duplicated building blocks: more elements in service than a province may run.

A catalogue block may say how many elements implementing it a province may have
in service at once (``per_province``: one administrative-procedure system under
NĐ 118/2025, one provincial LGSP ...). After two provinces merge, each of their
systems is still there: :func:`find_duplicates` groups the elements in service
per such block when there are more than the limit. ICT507 reports each group;
``ictarch consolidate`` explains it and plans what to keep.

The state decides which elements are in service (current: operational and
deprecated ones; at a date: ``since``/``until``); the limit's own start date is
compared with the state's date (at a date), the architecture's ``released`` date
(current), or not at all (target: the plan's future, where every limit holds).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ictarch.frameworks.catalogue import Block, Catalogue, PerProvince
from ictarch.frameworks.conformance import Catalogues, load_catalogues
from ictarch.model.architecture import Architecture, Element
from ictarch.model.lifecycle import CURRENT, State, StateKind


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """More elements in service implement ``block`` than ``limit`` allows."""

    catalogue: Catalogue
    block: Block
    limit: PerProvince
    elements: tuple[Element, ...]  # in file order
    day: datetime.date | None  # the day the limit was compared with (None: target)

    @property
    def surplus(self) -> int:
        return len(self.elements) - self.limit.max

    def source_text(self) -> str:
        """The instrument, else the catalogue's titles of the limit's (or the block's)
        sources, else the catalogue itself: who sets the limit."""
        if self.limit.instrument:
            return self.limit.instrument
        keys = self.limit.sources or self.block.sources
        titles = [self.catalogue.sources[k].title for k in keys if k in self.catalogue.sources]
        return "; ".join(titles) if titles else self.catalogue.id


def limit_day(architecture: Architecture, state: State) -> datetime.date | None:
    """The day a limit's ``since`` is compared with in ``state`` (see the module)."""
    if state.kind is StateKind.AT:
        return state.date
    if state.kind is StateKind.TARGET:
        return None
    return architecture.released


def find_duplicates(
    architecture: Architecture, state: State = CURRENT, catalogues: Catalogues | None = None
) -> list[DuplicateGroup]:
    """Every block with a ``per_province`` limit that the elements in service exceed."""
    if not any(element.implements for element in architecture.elements.values()):
        return []
    if catalogues is None:
        catalogues = load_catalogues(architecture)
    day = limit_day(architecture, state)
    by_block: dict[str, list[Element]] = {}
    for element in architecture.elements.values():
        if not state.works(element):
            continue
        for block_id in dict.fromkeys(element.implements):
            by_block.setdefault(block_id, []).append(element)
    groups: list[DuplicateGroup] = []
    for block_id in sorted(by_block):
        found = catalogues.find_block(block_id)
        if found is None:
            continue
        catalogue, block = found
        limit = block.per_province
        if limit is None or not limit.applies_on(day):
            continue
        elements = by_block[block_id]
        if len(elements) > limit.max:
            groups.append(DuplicateGroup(catalogue, block, limit, tuple(elements), day))
    return groups
