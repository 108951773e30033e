"""ictarch roadmap: the architecture's elements over time, and where its risk changes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ictarch.cli.errors import EXIT_OK, fail
from ictarch.cli.options import OutputFileOption, write_report

SHORT = "Elements over time (since, until, status) and where single points of failure change."
HELP = f"""{SHORT}

Lists every element with its status and its since/until dates, grouped by layer
(--group-by layer) or by the first of its tags that starts with a prefix
(--group-by tag:PREFIX; elements without such a tag come last, as "(other)").
At every date of change the single points of failure of the agencies and
services are compared with the day before: "from 2024-07-01, X becomes a
single point of failure of Y". --format mermaid writes a Mermaid gantt chart,
which renders in Markdown on code hosts. See docs/lifecycle.md.
"""
FORMATS = ("text", "markdown", "mermaid", "json")


def roadmap(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The architecture.")],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")
    ] = "text",
    group_by: Annotated[
        str,
        typer.Option("--group-by", metavar="layer|tag:PREFIX", help="How elements are grouped."),
    ] = "layer",
    output: OutputFileOption = None,
) -> None:
    from ictarch.cli.resilience_commands import load_valid_enough
    from ictarch.graph.resilience import AnalysisTooLarge
    from ictarch.reporters.roadmap import ROADMAP_REPORTERS
    from ictarch.roadmap import build_roadmap, check_grouping

    if output_format not in ROADMAP_REPORTERS:
        fail(f"unknown format {output_format!r}; choose one of {', '.join(ROADMAP_REPORTERS)}")
    check_grouping(group_by)
    architecture = load_valid_enough(path)
    try:
        result = build_roadmap(architecture, group_by)
    except AnalysisTooLarge as error:
        fail(f"{path}: {error}")
    reporter = ROADMAP_REPORTERS[output_format]
    write_report(output, lambda out: reporter(result, out))
    raise typer.Exit(EXIT_OK)
