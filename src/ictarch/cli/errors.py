"""How commands end on a usage or I/O problem: a one-line message and exit code 2."""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def warn(message: str) -> None:
    """Say on stderr that something is off, and carry on."""
    sys.stderr.write(f"ictarch: warning: {message}\n")
    sys.stderr.flush()


def report_error(message: str, hint: str | None = None) -> None:
    """Say on stderr what is wrong (and, with a hint, what to do)."""
    sys.stderr.write(f"ictarch: error: {message}\n")
    if hint:
        sys.stderr.write(f"hint: {hint}\n")
    sys.stderr.flush()


def fail(message: str) -> NoReturn:
    """Report a usage or I/O problem on stderr and exit with code 2."""
    report_error(message)
    raise typer.Exit(EXIT_USAGE)
