"""ictarch diff: what changed between two versions of an architecture, and what it risks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ictarch.cli.errors import EXIT_FAILED, EXIT_OK, warn
from ictarch.cli.options import (
    AtOption,
    ColorOption,
    OutputFileOption,
    StateOption,
    check_render_path,
    choice_option,
    chosen_state,
    write_report,
)
from ictarch.diff import DIFF_REPORTERS, FAIL_CONDITIONS
from ictarch.errors import IctarchError
from ictarch.i18n import N_, _


class DiffUsageError(IctarchError):
    """Arguments of ictarch diff that do not go together."""


if TYPE_CHECKING:
    from ictarch.model.architecture import Architecture
    from ictarch.render import RenderSettings

SHORT = N_("Compare two versions: elements, relations, impact, findings introduced.")
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "OLD and NEW are each an architecture directory, a root file, or a git revision\n"
            "REV:PATH (e.g. origin/main:architectures/quang-nam), read with git without\n"
            "touching the working tree; PATH is relative to the top of the repository, or\n"
            "to the current directory when it starts with ./ or ../. A path that exists on\n"
            "disk is always a path."
        ),
        N_(
            "With --state target (or --at DATE) the impact and the findings of both versions\n"
            "answer for that state. With one architecture, --at DATE --to DATE compares it\n"
            "with itself over time: `ictarch diff PATH --at 2022-10-10 --to 2025-12-31`\n"
            "reports what starts (planned -> operational), what ends (-> retired) and its\n"
            "impact, from the elements' since/until dates (see docs/lifecycle.md)."
        ),
        N_(
            "Exit code 0, or 1 when a --fail-on condition is met, 2 on usage or I/O problems.\n"
            "--fail-on (repeatable):"
        ),
        "\b\n"
        + "\n".join(f"  {name}: {condition.help}" for name, condition in FAIL_CONDITIONS.items()),
    )
)


def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help=N_("The earlier version."))],
    new: Annotated[
        str | None,
        typer.Argument(metavar="[NEW]", help=N_("The later version (none with --to).")),
    ] = None,
    output_format: Annotated[
        str, choice_option(DIFF_REPORTERS, "--format", "-f", help=N_("Output format."))
    ] = "text",
    render: Annotated[
        Path | None,
        typer.Option(
            "--render",
            metavar="FILE",
            help=N_("Also draw the change: .svg, .png, .pdf, .dot or .mmd (Mermaid)."),
        ),
    ] = None,
    fail_on: Annotated[
        list[str] | None,
        choice_option(
            FAIL_CONDITIONS,
            "--fail-on",
            help=N_("Exit 1 when this kind of change occurs (repeatable)."),
            what="--fail-on",
            metavar="KIND",
        ),
    ] = None,
    output: OutputFileOption = None,
    color: ColorOption = None,
    state: StateOption = None,
    at: AtOption = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="YYYY-MM-DD",
            help=N_("Compare OLD with itself, on the --at date and on this one."),
        ),
    ] = None,
) -> None:
    from ictarch.diff import DiffReportSettings, conditions_met
    from ictarch.diff.build import diff_over_time, diff_sources
    from ictarch.model.lifecycle import parse_date, parse_state
    from ictarch.output import refuse_overwriting_inputs

    reporter = DIFF_REPORTERS[output_format]
    conditions = fail_on or []
    if to is not None:
        if new is not None or at is None or state is not None:
            raise DiffUsageError(
                _("--to compares one architecture with itself: give PATH --at DATE --to DATE")
            )
        if parse_date(to) is None:
            raise DiffUsageError(_("--to {value!r} is not a date (YYYY-MM-DD)").format(value=to))
        first, second = parse_state(None, at).date, parse_state(None, to).date
        if first is None or second is None:  # cannot happen: parse_state raised
            raise DiffUsageError(_("--at and --to need dates"))
        check_render_path(render)  # before the work, not after it
        run = diff_over_time(old, first, second)
    elif new is None:
        raise DiffUsageError(_("give OLD and NEW, or PATH --at DATE --to DATE"))
    else:
        chosen = chosen_state(state, at)
        check_render_path(render)  # before the work, not after it
        run = diff_sources(old, new, state=chosen)
    inputs = [*run.old.architecture.input_paths, *run.new.architecture.input_paths]
    refuse_overwriting_inputs([path for path in (output, render) if path is not None], inputs)
    if render is not None:
        from ictarch.diff.drawing import render_drawing, select_drawing

        drawing = select_drawing(run.diff, run.old.architecture, run.new.architecture)
        render_drawing(drawing, render, _drawing_settings(run.new.architecture))
    settings = DiffReportSettings(
        color=False if output else color,
        rendered=None if render is None else drawing_reference(render, output),
    )
    write_report(output, lambda out: reporter(run.diff, settings, out), inputs)
    raise typer.Exit(EXIT_FAILED if conditions_met(run.diff, conditions) else EXIT_OK)


def drawing_reference(drawing: Path, report: Path | None) -> str:
    """How the report names the drawing: relative to the report's folder (or to the
    working directory when the report goes to standard output), never an absolute
    path of this machine, which means nothing in a pull-request comment."""
    from ictarch.output import is_standard_output

    base = Path.cwd() if report is None or is_standard_output(report) else report.parent
    relative = Path(os.path.relpath(drawing.absolute(), base.absolute())).as_posix()
    if relative.startswith("../../.."):  # in another tree: only its name means anything
        return drawing.name
    return relative


def _drawing_settings(architecture: Architecture) -> RenderSettings:
    """The new version's render settings; the defaults, with a warning, if they are wrong."""
    from ictarch.render import RenderError, RenderSettings

    try:
        return RenderSettings.from_architecture(architecture)
    except RenderError as error:
        warn(_("{problem}; the drawing uses the default settings").format(problem=error))
        return RenderSettings()
