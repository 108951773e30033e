"""The one JSON writer of machine outputs: readable, and fast for large reports.

A leaf module: validate, diff, analyze, impact, conformance, roadmap and the
exporters write JSON through :func:`write_json` (or :func:`dumps`), so every
machine output has the same layout rules: UTF-8 text kept as it is
(``ensure_ascii=False``), a fixed number of indented levels, then one line.
"""

from __future__ import annotations

import io
import json
from typing import Any, TextIO


def write_json(value: Any, out: TextIO, levels: int, indent: int = 0) -> None:
    """Write ``value`` as JSON, indented for ``levels`` levels of nesting; what is
    deeper is written on one line.

    Python's JSON encoder is written in C only for unindented output; tens of
    thousands of findings indented field by field take seconds to write. One
    finding per line is as readable, and as easy to grep.
    """
    if levels == 0 or not value or not isinstance(value, dict | list):
        out.write(json.dumps(value, ensure_ascii=False))
        return
    inner = "\n" + "  " * (indent + 1)
    is_dict = isinstance(value, dict)
    out.write("{" if is_dict else "[")
    separator = inner
    for key in value:
        out.write(separator)
        if is_dict:
            out.write(json.dumps(key, ensure_ascii=False) + ": ")
            write_json(value[key], out, levels - 1, indent + 1)
        else:
            write_json(key, out, levels - 1, indent + 1)
        separator = "," + inner
    out.write("\n" + "  " * indent + ("}" if is_dict else "]"))


def dumps(value: Any, levels: int) -> str:
    """``value`` as the text :func:`write_json` writes, with a final newline."""
    out = io.StringIO()
    write_json(value, out, levels)
    out.write("\n")
    return out.getvalue()
