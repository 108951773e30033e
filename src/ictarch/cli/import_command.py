"""ictarch import: an architecture directory from an Archi model (exchange XML or CSV)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ictarch.cli.options import choice_argument
from ictarch.i18n import N_, _
from ictarch.interop import IMPORTERS
from ictarch.printable import one_line

SHORT = N_(
    "Create an architecture from an ArchiMate exchange file, an Archi model or Archi CSV files."
)
HELP = "\n\n".join(
    (
        SHORT,
        "SOURCE is, for each FORMAT: "
        + "; ".join(f"{name}: {importer.summary}" for name, importer in IMPORTERS.items())
        + ". The architecture is written to -o DIR (architecture.yaml and one file per\n"
        "layer), which must be new or empty unless --force is given; the files appear\n"
        "all at once. Element types map to layers and kinds by the table in\n"
        "docs/export.md; --mapping FILE (YAML, types: {TYPE: {layer: L, kind: K}})\n"
        "overrides entries. Relationships ictarch cannot express are kept under\n"
        "x-archimate keys and listed in the report on standard error.",
        N_(
            "Hostile or malformed files (not XML, a DOCTYPE or entities, over the size limit,\n"
            "another namespace) are refused with exit code 2; no network is ever used."
        ),
    )
)


def import_(
    source_format: Annotated[
        str,
        choice_argument(
            IMPORTERS, help=N_("The format of SOURCE."), what="format", metavar="FORMAT"
        ),
    ],
    source: Annotated[
        Path, typer.Argument(metavar="SOURCE", help=N_("The file or directory to read."))
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="DIR", help=N_("The architecture directory to create.")
        ),
    ],
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", metavar="FILE", help=N_("Overrides of the type -> layer, kind table.")
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace the content of a non-empty directory."))
    ] = False,
) -> None:
    from ictarch.interop.importing import Mapping, write_architecture

    _refuse_replacing_an_input([source, *([mapping] if mapping else [])], output)
    result = IMPORTERS[source_format].read(source, Mapping.load(mapping))
    write_architecture(result, output, force)
    report = result.report
    out = sys.stderr
    out.write(
        _(
            "imported {elements} of {source_elements} elements and {relations} of "
            "{source_relations} relationships from {source} into {output}"
        ).format(
            elements=report.elements,
            source_elements=report.elements_in_source,
            relations=report.relations_accounted,
            source_relations=report.relations_in_source,
            source=one_line(source),
            output=one_line(output),
        )
        + "\n"
    )
    out.write(
        "  "
        + _(
            "{dependencies} as depends_on, {junction} through {junctions} junction(s) into "
            "{groups} any_of group(s), {ownership} as owner/operator, {kept} kept as "
            "x-archimate data ({copies} of them already there); {views} view(s) from "
            "{diagrams} diagram(s)"
        ).format(
            dependencies=report.dependencies,
            junction=report.junction_relations,
            junctions=report.junctions_in_source,
            groups=report.any_of_groups,
            ownership=report.ownership,
            kept=len(report.kept) + report.kept_copies,
            copies=report.kept_copies,
            views=report.views,
            diagrams=report.diagrams_in_source,
        )
        + "\n"
    )
    if report.kept:
        kinds: dict[str, int] = {}
        for kept in report.kept:
            kinds[kept.type] = kinds.get(kept.type, 0) + 1
        out.write(
            _("not mapped (kept under x-archimate: relations): {types}").format(
                types=", ".join(
                    f"{count} {one_line(name)}" for name, count in sorted(kinds.items())
                )
            )
            + "\n"
        )
        for kept in report.kept:
            out.write(
                f"  {one_line(kept.type)}: {one_line(kept.source)} -> {one_line(kept.target)}"
                f" (on {one_line(kept.kept_on)})\n"
            )
    for note in report.notes:  # notes quote names and identifiers from the file
        out.write(_("note: {note}").format(note=one_line(note)) + "\n")


def _refuse_replacing_an_input(inputs: list[Path], output: Path) -> None:
    """The output directory replaces its content: it must not be, or hold, anything the
    import reads — the source, the mapping file, or a file the source directory links to."""
    from ictarch.inputs import resolve_path
    from ictarch.interop.common import InteropError

    target = resolve_path(output)
    read: list[tuple[Path, Path]] = []
    for path in inputs:
        read.append((path, resolve_path(path)))
        if path.is_dir():  # a CSV directory: its files may be links to elsewhere
            read.extend((entry, resolve_path(entry)) for entry in sorted(path.iterdir()))
    for shown, resolved in read:
        if resolved == target or target in resolved.parents:
            raise InteropError(
                _(
                    "{output} holds {source}: importing into it would delete what is imported"
                ).format(output=one_line(output), source=one_line(shown)),
                hint=_("choose another output directory"),
            )
