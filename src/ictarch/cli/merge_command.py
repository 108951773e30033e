"""ictarch merge: one architecture from several (provinces that became one)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ictarch.i18n import N_, _

SHORT = N_("Merge several architectures into one (provinces that became one).")
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "Elements that are the same thing become one: paired in --map FILE\n"
            "(same: [{SOURCE-ID: ELEMENT-ID, ...}]), implementing the same national block\n"
            "of a catalogue (NDXP, VNeID, the national portal ...), or with the same id when\n"
            "one is a national platform or both have the same kind and name. Every other id\n"
            "used by two sources becomes SOURCE-ID.ID, and every reference follows. Fields\n"
            "the sources give differently are reported and recorded under x-merge:\n"
            "conflicts (the first source's value is kept); x-merge: from records where each\n"
            "element came from. The result is written to -o DIR all at once, never into or\n"
            "over a source, and validated. See docs/merge.md."
        ),
    )
)


def merge(
    sources: Annotated[
        list[Path], typer.Argument(metavar="SRC...", help=N_("The architectures to merge."))
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="DIR", help=N_("The architecture to create.")),
    ],
    merged_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help=N_("The merged architecture's id."))
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="NAME", help=N_("The merged architecture's name.")),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option("--map", metavar="FILE", help=N_("Pairs of elements that are the same.")),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="DATE",
            help=N_("The merger's date: released, and statuses as the dates make them that day."),
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace the content of a non-empty directory."))
    ] = False,
) -> None:
    from ictarch.cli.errors import EXIT_FAILED, EXIT_OK
    from ictarch.findings import Severity
    from ictarch.interop.common import ID_PATTERN
    from ictarch.merger.merge import (
        MergeError,
        load_sources,
        merge_architectures,
        parse_at,
        read_map,
    )
    from ictarch.merger.writing import refuse_writing_into_inputs, write_directory
    from ictarch.reporters.merge import write_merge_report
    from ictarch.validation import validate_paths

    if merged_id is not None and not ID_PATTERN.fullmatch(merged_id):
        raise MergeError(
            _("--id {value!r} is not an id (lower-case letters, digits, '-' and '.')").format(
                value=merged_id
            )
        )
    day = parse_at(at)
    refuse_writing_into_inputs(output, sources, force, [mapping] if mapping else [])
    loaded = load_sources(sources)
    pairs = read_map(mapping, loaded) if mapping is not None else []
    result = merge_architectures(loaded, pairs, merged_id, name, day)
    write_directory(result.files, output)
    validation = validate_paths([output])
    write_merge_report(result, output, validation.findings, sys.stdout)
    errors = sum(1 for f in validation.findings if f.severity is Severity.ERROR)
    raise typer.Exit(EXIT_FAILED if errors else EXIT_OK)
