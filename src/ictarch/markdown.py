"""Markdown for reports posted to pull requests and wikis: one escaper, one table writer.

A leaf module: every report that writes Markdown (rules docs, render index,
analyze/impact, diff, conformance, roadmap ...) uses it, and it imports
nothing of ictarch but :mod:`ictarch.printable`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ictarch.printable import one_line

_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "|": "&#124;",
    "`": "&#96;",
    "@": "@&#8203;",  # a zero-width space after @ stops mentions of users and teams
    "\\": "\\\\",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "~": "\\~",
    "#": "&#35;",
}
_SPECIAL = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
_LINE_START = re.compile(r"^([-+=]|\d+[.)])")  # a list item or a heading underline


def escape_markdown(text: object) -> str:
    """``text`` as inert Markdown on one line: safe in a table cell and inside HTML.

    Markup characters are escaped or written as entities (no HTML gets
    through), ``|`` cannot split a table cell, ``@`` cannot mention anyone,
    and line breaks become spaces so a table row stays one row. Text that would
    start a list item (``- ``, ``1.``) when it begins a line has that escaped.
    """
    escaped = _SPECIAL.sub(lambda match: _ENTITIES[match.group(0)], one_line(text))
    return _LINE_START.sub(r"\\\1", escaped)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table; every cell is escaped with :func:`escape_markdown`.

    Cells that are already Markdown (code spans, links the caller built from
    escaped text) are passed as :class:`Markup`.
    """
    lines = [
        "| " + " | ".join(escape_markdown(header) for header in headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    for row in rows:
        cells = (cell if isinstance(cell, Markup) else escape_markdown(cell) for cell in row)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


class Markup(str):
    """Text that is already safe Markdown: :func:`table` writes it as it is."""

    __slots__ = ()


def code(text: object) -> Markup:
    """``text`` as an inline code span (an id), escaped."""
    return Markup(f"`{escape_markdown(text)}`")
