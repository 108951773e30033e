"""ictarch validate: schema, reference and architecture checks with located findings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ictarch.cli.errors import EXIT_FAILED, EXIT_OK, fail
from ictarch.cli.options import (
    AtOption,
    ColorOption,
    OutputFileOption,
    StateOption,
    chosen_state,
    write_report,
)

SHORT = "Check architectures: schema, references, layering, cycles, conventions."
HELP = f"""{SHORT}

PATH is an architecture directory (holding architecture.yaml) or a root file.
Exit code 0 when there are no errors, 1 when there are errors (or warnings with
--strict), 2 on usage or I/O problems.
"""
FORMATS = ("text", "json", "github", "sarif")


def validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Architectures to check.")],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")
    ] = "text",
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings as well as errors.")
    ] = False,
    output: OutputFileOption = None,
    color: ColorOption = None,
    state: StateOption = None,
    at: AtOption = None,
) -> None:
    from ictarch.model.loader import ArchitectureNotFound
    from ictarch.reporters import REPORTERS, ReportSettings
    from ictarch.validation import validate_paths

    reporter = REPORTERS.get(output_format)
    if reporter is None:
        fail(f"unknown format {output_format!r}; choose one of {', '.join(REPORTERS)}")
    chosen = chosen_state(state, at)
    try:
        result = validate_paths(paths, state=chosen)
    except ArchitectureNotFound as error:
        fail(str(error))
    settings = ReportSettings(strict=strict, color=False if output else color)
    write_report(output, lambda out: reporter(result, settings, out))
    raise typer.Exit(EXIT_FAILED if result.failed(strict) else EXIT_OK)
