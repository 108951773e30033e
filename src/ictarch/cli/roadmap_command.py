"""ictarch roadmap: the architecture's elements over time, and where its risk changes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ictarch.cli.errors import EXIT_OK
from ictarch.cli.options import OutputFileOption, choice_option, write_report
from ictarch.i18n import N_
from ictarch.reporters import ROADMAP_REPORTERS

SHORT = N_("Elements over time (since, until, status) and where single points of failure change.")
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "Lists every element with its status and its since/until dates, grouped by layer\n"
            "(--group-by layer) or by the first of its tags that starts with a prefix\n"
            '(--group-by tag:PREFIX; elements without such a tag come last, as "(other)").\n'
            "At every date of change the single points of failure of the agencies and\n"
            'services are compared with the day before: "from 2024-07-01, X becomes a\n'
            'single point of failure of Y". --format mermaid writes a Mermaid gantt chart,\n'
            "which renders in Markdown on code hosts. See docs/lifecycle.md."
        ),
    )
)


def roadmap(
    path: Annotated[Path, typer.Argument(metavar="PATH", help=N_("The architecture."))],
    output_format: Annotated[
        str, choice_option(ROADMAP_REPORTERS, "--format", "-f", help=N_("Output format."))
    ] = "text",
    group_by: Annotated[
        str,
        typer.Option(
            "--group-by", metavar="layer|tag:PREFIX", help=N_("How elements are grouped.")
        ),
    ] = "layer",
    output: OutputFileOption = None,
) -> None:
    from ictarch.cli.resilience_commands import load_valid_enough
    from ictarch.roadmap import build_roadmap, check_grouping

    check_grouping(group_by)
    architecture = load_valid_enough(path)
    result = build_roadmap(architecture, group_by)
    reporter = ROADMAP_REPORTERS[output_format]
    write_report(output, lambda out: reporter(result, out))
    raise typer.Exit(EXIT_OK)
