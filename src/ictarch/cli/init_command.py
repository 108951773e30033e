"""ictarch init: scaffold a small architecture that validates clean."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Annotated

import typer

from ictarch.errors import IctarchError
from ictarch.i18n import N_, _

SHORT = N_("Create a small working architecture to start from.")
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "Writes DIR/architecture.yaml, four layer files and the JSON Schemas (for editor\n"
            "completion). Existing files are never overwritten: init refuses instead."
        ),
    )
)


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help=N_("Where to create the architecture."))
    ],
    name: Annotated[
        str, typer.Option("--name", help=N_("The architecture's name."))
    ] = "Kiến trúc ICT",
    architecture_id: Annotated[
        str | None, typer.Option("--id", help=N_("The id (default: from the directory name)."))
    ] = None,
) -> None:
    from ictarch.inputs import resolve_path
    from ictarch.scaffold import (
        enclosing_includes,
        existing_files,
        scaffold_files,
        slug_of,
        write_scaffold,
    )

    slug = architecture_id or slug_of(resolve_path(directory).name)
    if not name.strip():
        raise IctarchError(_("--name must not be empty"))
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", slug or ""):
        raise IctarchError(
            _("{id!r} is not a valid id").format(id=slug),
            _("pass --id with lower-case letters, digits, '-' or '.'"),
        )
    files = scaffold_files(slug, name)
    clashes = existing_files(directory, files)
    if clashes:
        listed = ", ".join(str(path) for path in clashes[:5])
        raise IctarchError(_("refusing to overwrite existing files: {files}").format(files=listed))
    enclosing = enclosing_includes(directory, files)
    if enclosing is not None:
        root_file, pattern, new_file = enclosing
        raise IctarchError(
            _(
                "refusing to create an architecture in {directory}: the architecture {root} "
                "includes {pattern!r}, which would read {file} as one of its own files"
            ).format(directory=directory, root=root_file, pattern=pattern, file=new_file),
            hint=_("create it outside {folder}, or narrow that include pattern").format(
                folder=root_file.parent
            ),
        )
    write_scaffold(directory, files)
    typer.echo(_("created architecture {id!r} in {directory}").format(id=slug, directory=directory))
    typer.echo(
        _("next: {command}").format(command=f"ictarch validate {shlex.quote(str(directory))}")
    )
