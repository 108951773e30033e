"""ictarch consolidate: duplicated blocks (ICT507), what to keep, and a migration plan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ictarch.cli.options import choice_option
from ictarch.i18n import N_, _
from ictarch.reporters import CONSOLIDATION_REPORTERS

SHORT = N_("Duplicated systems after a merger (ICT507): what to keep, and a migration plan.")
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "For each block with more elements in service than a province may run\n"
            "(per_province in the catalogue), lists each candidate with its dependents\n"
            "(what must migrate), criticality, owner and operator, what would go down and\n"
            "which single points of failure would appear if it were retired now, and\n"
            "suggests which to keep, with the reason (--keep ID overrides it). -o PLAN writes\n"
            "the architecture with the plan as data: the others deprecated with until:\n"
            "--retire-on DATE (default: a year after released), their dependents on\n"
            "any_of: [old, kept] meanwhile; roadmap, diff --at/--to and impact --at show it.\n"
            "See docs/merge.md."
        ),
    )
)


def consolidate(
    path: Annotated[Path, typer.Argument(metavar="PATH", help=N_("The architecture."))],
    keep: Annotated[
        list[str] | None,
        typer.Option("--keep", metavar="ID", help=N_("Keep this candidate (repeatable).")),
    ] = None,
    output_format: Annotated[
        str, choice_option(CONSOLIDATION_REPORTERS, "--format", "-f", help=N_("Output format."))
    ] = "text",
    plan: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="PLAN", help=N_("Write the plan to this directory.")
        ),
    ] = None,
    retire_on: Annotated[
        str | None,
        typer.Option("--retire-on", metavar="DATE", help=N_("The day the others are retired.")),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace the content of a non-empty directory."))
    ] = False,
) -> None:
    from ictarch.cli.errors import EXIT_OK
    from ictarch.cli.resilience_commands import load_valid_enough
    from ictarch.merger.consolidate import (
        ConsolidationError,
        default_retirement,
        plan_files,
    )
    from ictarch.merger.consolidate import (
        consolidate as build,
    )
    from ictarch.merger.writing import refuse_writing_into_inputs, write_directory
    from ictarch.model.lifecycle import parse_date

    day = None
    if retire_on is not None:
        day = parse_date(retire_on)
        if day is None:
            raise ConsolidationError(
                _("--retire-on {value!r} is not a date (YYYY-MM-DD)").format(value=retire_on)
            )
    if plan is not None:
        refuse_writing_into_inputs(plan, [path], force)
    architecture = load_valid_enough(path)
    report = build(architecture, keep)
    if plan is not None:
        files = plan_files(report, day or default_retirement(architecture))
        write_directory(files, plan)
    reporter = CONSOLIDATION_REPORTERS[output_format]
    reporter(report, typer.get_text_stream("stdout"))
    raise typer.Exit(EXIT_OK)
