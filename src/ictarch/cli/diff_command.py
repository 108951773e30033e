"""ictarch diff: what changed between two versions of an architecture, and what it risks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ictarch.cli.errors import EXIT_FAILED, EXIT_OK, warn
from ictarch.cli.options import (
    ColorOption,
    OutputFileOption,
    check_render_path,
    choice_option,
    write_report,
)
from ictarch.diff import DIFF_REPORTERS, FAIL_CONDITIONS

if TYPE_CHECKING:
    from ictarch.model.architecture import Architecture
    from ictarch.render import RenderSettings

SHORT = "Compare two versions: elements, relations, impact, findings introduced."
HELP = f"""{SHORT}

OLD and NEW are each an architecture directory, a root file, or a git revision
REV:PATH (e.g. origin/main:architectures/quang-nam), read with git without
touching the working tree; PATH is relative to the top of the repository, or
to the current directory when it starts with ./ or ../. A path that exists on
disk is always a path.

Exit code 0, or 1 when a --fail-on condition is met, 2 on usage or I/O problems.
--fail-on (repeatable):

\b
""" + "\n".join(f"  {name}: {condition.help}" for name, condition in FAIL_CONDITIONS.items())


def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The earlier version.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The later version.")],
    output_format: Annotated[
        str, choice_option(DIFF_REPORTERS, "--format", "-f", help="Output format.")
    ] = "text",
    render: Annotated[
        Path | None,
        typer.Option(
            "--render",
            metavar="FILE",
            help="Also draw the change: .svg, .png, .pdf, .dot or .mmd (Mermaid).",
        ),
    ] = None,
    fail_on: Annotated[
        list[str] | None,
        choice_option(
            FAIL_CONDITIONS,
            "--fail-on",
            help="Exit 1 when this kind of change occurs (repeatable).",
            what="--fail-on",
            metavar="KIND",
        ),
    ] = None,
    output: OutputFileOption = None,
    color: ColorOption = None,
) -> None:
    from ictarch.diff import DiffReportSettings, conditions_met
    from ictarch.diff.build import diff_sources

    reporter = DIFF_REPORTERS[output_format]
    conditions = fail_on or []
    check_render_path(render)  # before the work, not after it
    run = diff_sources(old, new)
    if render is not None:
        from ictarch.diff.drawing import render_drawing, select_drawing

        drawing = select_drawing(run.diff, run.old.architecture, run.new.architecture)
        render_drawing(drawing, render, _drawing_settings(run.new.architecture))
    settings = DiffReportSettings(
        color=False if output else color, rendered=None if render is None else str(render)
    )
    write_report(output, lambda out: reporter(run.diff, settings, out))
    raise typer.Exit(EXIT_FAILED if conditions_met(run.diff, conditions) else EXIT_OK)


def _drawing_settings(architecture: Architecture) -> RenderSettings:
    """The new version's render settings; the defaults, with a warning, if they are wrong."""
    from ictarch.render import RenderError, RenderSettings

    try:
        return RenderSettings.from_architecture(architecture)
    except RenderError as error:
        warn(f"{error}; the drawing uses the default settings")
        return RenderSettings()
