"""Options and output handling shared by the commands."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
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
    typer.Option(
        "--output",
        "-o",
        help="Write the report to this file, atomically ('-': standard output).",
    ),
]


def write_report(
    output: Path | None, report: Callable[[TextIO], None], inputs: Iterable[Path] = ()
) -> None:
    """Run ``report`` on stdout, or into ``output`` written atomically.

    ``inputs`` are the files the command read: an ``output`` that is one of them
    is refused (exit 2) before anything is written.
    """
    from ictarch.output import is_standard_output, refuse_overwriting_inputs, write_output

    if output is None or is_standard_output(output):
        report(typer.get_text_stream("stdout"))
        return
    refuse_overwriting_inputs([output], inputs)
    buffer = io.StringIO()
    report(buffer)
    write_output(output, buffer.getvalue())


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
