"""Options and output handling shared by the commands."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from ictarch.cli.errors import fail
from ictarch.i18n import N_

if TYPE_CHECKING:
    from ictarch.model.lifecycle import State

ColorOption = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help="Force colour on or off (default: terminals)."),
]
OutputFileOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to this file, atomically."),
]

StateOption = Annotated[
    str | None,
    typer.Option(
        "--state",
        metavar="current|target",
        help=N_(
            "Analyse the architecture as it is (current, the default: planned and building "
            "elements do not exist yet) or as the plan leads to (target: deprecated and "
            "retired elements are gone). See docs/lifecycle.md."
        ),
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="YYYY-MM-DD",
        help=N_(
            "Analyse the architecture as it is on this day: elements' since and until dates "
            "decide, their status where they have none."
        ),
    ),
]


def chosen_state(state: str | None, at: str | None) -> State:
    """The state of ``--state``/``--at``; an invalid one is a usage error (exit 2)."""
    from ictarch.model.lifecycle import parse_state

    return parse_state(state, at)


def write_report(output: Path | None, report: Callable[[TextIO], None]) -> None:
    """Run ``report`` on stdout, or into ``output`` written atomically (exit 2 on failure)."""
    if output is None:
        report(typer.get_text_stream("stdout"))
        return
    from ictarch.output import write_atomic

    buffer = io.StringIO()
    report(buffer)
    try:
        write_atomic(output, buffer.getvalue())
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}")


def check_render_path(path: Path | None) -> None:
    """Exit 2 now, before any work, when ``path`` cannot be drawn: an unknown
    extension, or a format that needs a missing Graphviz ``dot``."""
    if path is None:
        return
    from ictarch.render import RenderError, check_writable_format

    try:
        check_writable_format(path)
    except RenderError as error:
        fail(str(error))
