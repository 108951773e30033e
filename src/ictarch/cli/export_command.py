"""ictarch export: the architecture in a format other tools read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ictarch.cli.errors import EXIT_FAILED
from ictarch.cli.options import AtOption, StateOption, choice_option, chosen_state
from ictarch.i18n import N_, _
from ictarch.interop import EXPORTERS

SHORT = N_("Export to ArchiMate (Archi), GraphML, Archi CSV, Backstage, Structurizr or JSON.")
HELP = "\n\n".join(
    (
        SHORT,
        "PATH is an architecture directory (holding architecture.yaml) or a root file.\n"
        + "Formats: "
        + "; ".join(f"{name}: {exporter.summary}" for name, exporter in EXPORTERS.items())
        + ".",
        N_(
            "The output is written to -o FILE (atomically), into -o DIR for csv (three files)\n"
            "or for any format when DIR is an existing directory, or to standard output\n"
            "without -o or with -o -. --view ID (repeatable) exports only the elements those\n"
            "views select (and, for archimate, only their diagrams). The same architecture\n"
            "always gives the same bytes. docs/export.md describes every mapping."
        ),
        N_(
            "With --state target or --at DATE every element is exported with the status\n"
            "that state gives it (what does not exist yet: planned; what works: operational\n"
            "or deprecated; what is gone: retired), as render draws it; see docs/lifecycle.md."
        ),
        N_(
            "The architecture is validated first (in that state): export refuses (exit 1)\n"
            "when it has errors, unless --force is given. Exit code 2 on usage or I/O problems."
        ),
    )
)


def export(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help=N_("Architecture directory or root file."))
    ],
    output_format: Annotated[
        str,
        choice_option(
            EXPORTERS, "--format", "-f", help=N_("The format to write."), metavar="FORMAT"
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR|-",
            help=N_("Where to write (default: standard output; a directory for csv)."),
        ),
    ] = None,
    views: Annotated[
        list[str] | None,
        typer.Option(
            "--view", metavar="ID", help=N_("Export only this view's elements (repeatable).")
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Export even if the architecture has errors."))
    ] = False,
    state: StateOption = None,
    at: AtOption = None,
) -> None:
    from ictarch.cli.render_command import _architecture_to_render
    from ictarch.interop.common import ExportOptions, InteropError
    from ictarch.printable import printable
    from ictarch.validation import validate_architecture

    exporter = EXPORTERS[output_format]
    if exporter.several_files and output in (None, "-"):
        raise InteropError(
            _("the {format} export writes several files: give a directory with -o DIR").format(
                format=output_format
            )
        )
    in_state = chosen_state(state, at)
    loaded = validate_architecture(path, state=in_state)
    architecture = _architecture_to_render(
        loaded, force, "export", "exporting", state=in_state
    ).snapshot(in_state)
    options = ExportOptions(view_ids=tuple(views or ()), state=in_state)
    files = exporter.write(architecture, options)
    for note in options.notes:
        sys.stderr.write(_("note: {note}").format(note=printable(note)) + "\n")
    if output in (None, "-"):
        (content,) = files.values()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    assert output is not None
    _write(Path(output), files, exporter.several_files, architecture.input_paths)


def _write(target: Path, files: dict[str, bytes], several: bool, inputs: tuple[Path, ...]) -> None:
    from ictarch.output import refuse_overwriting_inputs, write_output

    if several or target.is_dir():
        destinations = {target / name: content for name, content in files.items()}
    else:
        (content,) = files.values()
        destinations = {target: content}
    refuse_overwriting_inputs(destinations, inputs)
    for destination, content in destinations.items():
        write_output(destination, content)
    written = ", ".join(str(destination) for destination in destinations)
    sys.stderr.write(_("wrote {files}").format(files=written) + "\n")


__all__ = ["EXIT_FAILED", "HELP", "SHORT", "export"]
