"""Markdown helpers for reports posted to pull requests and wikis."""

from __future__ import annotations

import re

from ictarch.printable import one_line

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "@": "&#64;"}


def escape_markdown(text: str) -> str:
    """Text that shows as written in Markdown, also inside a table cell.

    Markup characters are backslash-escaped, ``<``/``>``/``&`` become entities
    (no HTML gets through), ``@`` cannot mention anyone, and line breaks
    become spaces so a table row stays one row.
    """
    text = one_line(text)
    text = "".join(_ENTITIES.get(character, character) for character in text)
    return _SPECIAL.sub(r"\\\1", text)
