"""ictarch init: scaffold a small architecture that validates clean."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Annotated

import typer

from ictarch.errors import IctarchError

SHORT = "Create a small working architecture to start from."
HELP = f"""{SHORT}

Writes DIR/architecture.yaml, four layer files and the JSON Schemas (for editor
completion). Existing files are never overwritten: init refuses instead.
"""


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Where to create the architecture.")
    ],
    name: Annotated[str, typer.Option("--name", help="The architecture's name.")] = "Kiến trúc ICT",
    architecture_id: Annotated[
        str | None, typer.Option("--id", help="The id (default: from the directory name).")
    ] = None,
) -> None:
    from ictarch.scaffold import existing_files, scaffold_files, slug_of, write_scaffold

    slug = architecture_id or slug_of(directory.resolve().name)
    if not name.strip():
        raise IctarchError("--name must not be empty")
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", slug or ""):
        raise IctarchError(
            f"{slug!r} is not a valid id", "pass --id with lower-case letters, digits, '-' or '.'"
        )
    files = scaffold_files(slug, name)
    clashes = existing_files(directory, files)
    if clashes:
        listed = ", ".join(str(path) for path in clashes[:5])
        raise IctarchError(f"refusing to overwrite existing files: {listed}")
    write_scaffold(directory, files)
    typer.echo(f"created architecture {slug!r} in {directory}")
    typer.echo(f"next: ictarch validate {shlex.quote(str(directory))}")
