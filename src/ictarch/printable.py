"""Text from an architecture made safe to show: no control characters, no bidi tricks.

A name may hold an escape sequence (YAML's ``"\\e"``), a NUL or a bidirectional
override ("Trojan Source"); none of them may reach a terminal, a diagram or a
pull-request comment. Letters of every script are kept as they are.
"""

from __future__ import annotations

import unicodedata

_LINE_BREAKS = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")
# bidirectional embeddings, overrides and isolates reorder what a reader sees
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: object) -> str:
    """``text`` without control characters or bidirectional controls; spacing kept.

    Line breaks and tabs become spaces.
    """
    return "".join(
        " " if character in _LINE_BREAKS else character
        for character in str(text)
        if character in _LINE_BREAKS
        or (unicodedata.category(character) not in ("Cc", "Cs") and character not in _BIDI_CONTROLS)
    )


def one_line(text: object) -> str:
    """``text`` :func:`printable` on one line: whitespace runs become one space."""
    return " ".join(printable(text).split())
