"""ictarch schema: print or write the JSON Schemas of the file format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ictarch.cli.options import choice_argument
from ictarch.i18n import N_, ngettext

SHORT = N_("Print or write the JSON Schemas (Draft 2020-12) for editors and other tools.")
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "NAME is one of architecture (the root file, the default), layer (included element\n"
            "files), element (shared definitions, referenced by the other two), catalogue (a\n"
            "reference-framework catalogue, docs/conformance.md) or export (the JSON written by\n"
            "ictarch export --format json). With --output DIR all the files are written there,\n"
            "ready for yaml-language-server:\n"
            "start a file with  # yaml-language-server: $schema=DIR/architecture.schema.json"
        ),
    )
)
SCHEMA_NAMES = {
    "architecture": "architecture.schema.json",
    "layer": "layer.schema.json",
    "element": "element.schema.json",
    "catalogue": "catalogue.schema.json",
    "export": "export.schema.json",
}


def schema(
    name: Annotated[
        str, choice_argument(SCHEMA_NAMES, help=N_("The schema to print."), what=N_("schema"))
    ] = "architecture",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=N_("Write all schema files into this directory.")),
    ] = None,
) -> None:
    from ictarch.model.schema import schema_text
    from ictarch.output import write_output

    if output is not None:
        for file_name in SCHEMA_NAMES.values():
            write_output(output / file_name, schema_text(file_name))
        typer.echo(
            ngettext(
                "wrote {count} schema file to {directory}",
                "wrote {count} schema files to {directory}",
                len(SCHEMA_NAMES),
            ).format(count=len(SCHEMA_NAMES), directory=output)
        )
        return
    typer.echo(schema_text(SCHEMA_NAMES[name]), nl=False)
