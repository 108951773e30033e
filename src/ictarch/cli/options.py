"""Options and output handling shared by the commands."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TextIO

import typer

from ictarch.cli.errors import fail

ColorOption = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help="Force colour on or off (default: terminals)."),
]
OutputFileOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to this file, atomically."),
]


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
