"""How commands end on a usage or I/O problem: a one-line message and exit code 2."""

from __future__ import annotations

import sys

from ictarch.i18n import _

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def warn(message: str) -> None:
    """Say on stderr that something is off, and carry on."""
    sys.stderr.write("ictarch: " + _("warning: {message}").format(message=message) + "\n")
    sys.stderr.flush()


def report_error(message: str, hint: str | None = None) -> None:
    """Say on stderr what is wrong (and, with a hint, what to do)."""
    sys.stderr.write("ictarch: " + _("error: {message}").format(message=message) + "\n")
    if hint:
        sys.stderr.write(_("hint: {hint}").format(hint=hint) + "\n")
    sys.stderr.flush()
