"""The one root of "the user's input or environment is wrong" errors.

Anything the core raises for a problem the user can fix (a path that does not
exist, an unreadable source, an unknown view, a missing ``dot``, an analysis
too large, a bad git revision ...) derives from :class:`IctarchError`. The
command line turns it into a one-line message, an optional hint and exit
code 2, in one place (``ictarch.cli.main``); commands do not catch it.
"""

from __future__ import annotations


class IctarchError(Exception):
    """A problem in the user's input or environment: message, optional hint, exit 2."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message
