"""Accepting findings, reviewably: waivers on elements and baseline files.

Both are plain files in git, so every acceptance is a reviewed change. Accepted
findings are not counted and do not fail a run; they stay visible
(``--show-waived``, SARIF suppressions). Loading problems (ICT0xx) are never
accepted: while a file cannot be read, nothing else about it is known.
"""

from __future__ import annotations


def acceptable(code: str) -> bool:
    """Whether findings with this code may be waived or baselined."""
    return not code.startswith("ICT0")
