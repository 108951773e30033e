"""The document as data: a flat list of blocks that each writer (DOCX, Markdown) turns
into its format, so that both say the same things in the same order.

Numbers (of parts, sections, tables and figures) are given here, once, and
written by both writers as they are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading: level 1 for a part (I., II. …), 2 for a section, 3 below."""

    level: int
    number: str
    text: str

    @property
    def full(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    note: bool = False  # an editorial note (italic): what is missing and where to write it


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row (repeated on every page) and its caption."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative widths of the columns; equal when empty


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture: PNG for print (DOCX), Mermaid for review in git (Markdown)."""

    caption: str
    png: bytes
    mermaid: str
    dpi: int


@dataclass(frozen=True, slots=True)
class TableOfContents:
    title: str
    placeholder: str  # what Word shows until the field is updated (the headings are listed)


Block = Heading | Paragraph | Bullets | Table | Figure | TableOfContents


@dataclass(slots=True)
class Document:
    """The whole document: its title page, then its blocks."""

    title: str
    subtitle: str
    facts: list[tuple[str, str]]  # the title page's lines: (label, value)
    language: str
    author: str
    date: datetime.datetime | None  # document properties (created, modified)
    blocks: list[Block] = field(default_factory=list)

    def headings(self) -> list[Heading]:
        return [block for block in self.blocks if isinstance(block, Heading)]
