"""Markdown helpers for reports posted to pull requests and wikis."""

from __future__ import annotations

import re

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


def escape_markdown(text: object) -> str:
    """``text`` as inert Markdown on one line: safe in a table cell and inside HTML.

    Markup characters are escaped or written as entities (no HTML gets
    through), ``|`` cannot split a table cell, ``@`` cannot mention anyone,
    and line breaks become spaces so a table row stays one row.
    """
    return _SPECIAL.sub(lambda match: _ENTITIES[match.group(0)], one_line(text))
