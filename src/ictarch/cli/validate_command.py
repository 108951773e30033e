"""ictarch validate: schema, reference and architecture checks with located findings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ictarch.cli.errors import EXIT_FAILED, EXIT_OK
from ictarch.cli.options import ColorOption, OutputFileOption, choice_option, write_report
from ictarch.reporters import REPORTERS

SHORT = "Check architectures: schema, references, layering, cycles, conventions."
HELP = f"""{SHORT}

PATH is an architecture directory (holding architecture.yaml) or a root file.
Exit code 0 when there are no errors, 1 when there are errors (or warnings with
--strict), 2 on usage or I/O problems.
"""


def validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Architectures to check.")],
    output_format: Annotated[
        str, choice_option(REPORTERS, "--format", "-f", help="Output format.")
    ] = "text",
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings as well as errors.")
    ] = False,
    output: OutputFileOption = None,
    color: ColorOption = None,
) -> None:
    from ictarch.reporters import ReportSettings
    from ictarch.validation import validate_paths

    reporter = REPORTERS[output_format]
    result = validate_paths(paths)
    settings = ReportSettings(strict=strict, color=False if output else color)
    write_report(output, lambda out: reporter(result, settings, out))
    raise typer.Exit(EXIT_FAILED if result.failed(strict) else EXIT_OK)
