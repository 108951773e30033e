"""ictarch document: the province's digital architecture document (DOCX or Markdown)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ictarch import i18n
from ictarch.cli.errors import EXIT_FAILED, EXIT_OK, warn
from ictarch.cli.options import AtOption, StateOption, chosen_state
from ictarch.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from ictarch.findings import Finding
    from ictarch.model.architecture import Architecture
    from ictarch.model.lifecycle import State

SHORT = N_("Write the province's digital architecture document (DOCX or Markdown).")
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "The document follows the outline of CV 2943/CĐSQG-CNCPS for a province's digital\n"
            "architecture: I. general (goals, scope, principles and vision from the document:\n"
            "section of architecture.yaml, and the architecture's facts); II. the current\n"
            "state by the four layers of the national digital architecture framework (QĐ\n"
            "3090), each with its inventory, diagram, single points of failure and open\n"
            "findings; III. the target architecture and what changes from the current state;\n"
            "IV. the roadmap with a Gantt chart and the dates where risks change; V.\n"
            "conformance to the reference frameworks; appendices: sources and glossary."
        ),
        N_(
            "FILE ending in .docx gives a Word document formatted as a Vietnamese\n"
            "administrative document (A4, Times New Roman 14 pt, page numbers, numbered\n"
            "headings, a table of contents); .md gives the same content as Markdown with\n"
            "Mermaid diagrams, for review in git. DOCX needs Graphviz 'dot'. The language is\n"
            "that of --lang. Output is deterministic: the document is dated from\n"
            "SOURCE_DATE_EPOCH, else the architecture's released date. --check writes\n"
            "nothing and exits 1 when FILE is missing or not the current document.\n"
            "See docs/document.md."
        ),
    )
)


def document(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help=N_("Architecture directory or root file."))
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE", help=N_("The document to write: .docx or .md.")
        ),
    ],
    state: StateOption = None,
    at: AtOption = None,
    frameworks: Annotated[
        list[str] | None,
        typer.Option(
            "--framework",
            metavar="ID[@VERSION]",
            help=N_("Framework (and version) of Part V, e.g. vn-egov@4.0; repeatable."),
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help=N_("Title of the document (default: document.title, else the name)."),
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help=N_("Write nothing; exit 1 if FILE is not the current document.")
        ),
    ] = False,
) -> None:
    from ictarch.document import needs_pictures, writer_for
    from ictarch.document.content import DocumentSettings, build_document
    from ictarch.model.loader import display_path
    from ictarch.output import refuse_overwriting_inputs, write_output
    from ictarch.render import DotNotFound

    writer = writer_for(output)
    in_state = chosen_state(state, at)
    import shutil

    pictures = needs_pictures(output)
    if pictures and shutil.which("dot") is None:
        raise DotNotFound(("png",))
    architecture, findings = _load(path, in_state)
    refuse_overwriting_inputs([output], architecture.input_paths)
    settings = DocumentSettings(
        title=title,
        state=in_state,
        frameworks=tuple(frameworks or ()),
        source_date_epoch=_source_date_epoch(),
        pictures=pictures,
    )
    data = writer(build_document(architecture, findings, settings))
    shown = display_path(output)
    if check:
        from ictarch.inputs import differs_from

        if differs_from(output, data) is not None:  # bounded, links and FIFOs not followed
            typer.echo(
                _("{path} is not the current document; run ictarch document to update it").format(
                    path=shown
                )
            )
            raise typer.Exit(EXIT_FAILED)
        typer.echo(_("{path} is up to date").format(path=shown))
        raise typer.Exit(EXIT_OK)
    write_output(output, data)
    typer.echo(_("wrote {path} ({size})").format(path=shown, size=i18n.size(len(data))))
    raise typer.Exit(EXIT_OK)


def _load(path: Path, state: State) -> tuple[Architecture, list[Finding]]:
    """The architecture and the findings of validate (file names from its directory)."""
    from ictarch.cli.resilience_commands import CannotAnalyze
    from ictarch.findings import Severity
    from ictarch.inputs import resolve_path
    from ictarch.validation import validate_architecture

    resolved = resolve_path(path)
    base = resolved if resolved.is_dir() else resolved.parent
    loaded = validate_architecture(path, display_base=base.name, state=state)
    errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
    if loaded.architecture is None or any(f.code < "ICT100" for f in errors):
        raise CannotAnalyze(
            _("{path} cannot be loaded; run `ictarch validate {path}`").format(path=path)
        )
    if errors:
        warn(
            ngettext(
                "the architecture has {count} error; the document shows it",
                "the architecture has {count} errors; the document shows them",
                len(errors),
            ).format(count=len(errors))
        )
    return loaded.architecture, loaded.findings


def _source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else None
