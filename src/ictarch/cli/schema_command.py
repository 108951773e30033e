"""ictarch schema: print or write the JSON Schemas of the file format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ictarch.cli.options import choice_argument

SHORT = "Print or write the JSON Schemas (Draft 2020-12) for editors and other tools."
HELP = f"""{SHORT}

NAME is one of architecture (the root file, the default), layer (included element
files), element (shared definitions, referenced by the other two), catalogue (a
reference-framework catalogue, docs/conformance.md) or export (the JSON written by
ictarch export --format json). With --output DIR all the files are written there,
ready for yaml-language-server:
start a file with  # yaml-language-server: $schema=DIR/architecture.schema.json
"""
SCHEMA_NAMES = {
    "architecture": "architecture.schema.json",
    "layer": "layer.schema.json",
    "element": "element.schema.json",
    "catalogue": "catalogue.schema.json",
    "export": "export.schema.json",
}


def schema(
    name: Annotated[
        str, choice_argument(SCHEMA_NAMES, help="The schema to print.", what="schema")
    ] = "architecture",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write all schema files into this directory."),
    ] = None,
) -> None:
    from ictarch.model.schema import schema_text
    from ictarch.output import write_output

    if output is not None:
        for file_name in SCHEMA_NAMES.values():
            write_output(output / file_name, schema_text(file_name))
        typer.echo(f"wrote {len(SCHEMA_NAMES)} schema files to {output}")
        return
    typer.echo(schema_text(SCHEMA_NAMES[name]), nl=False)
