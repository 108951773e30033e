"""ictarch render: draw the architecture's views, or check that drawn ones are current."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ictarch.cli.errors import EXIT_FAILED, EXIT_OK
from ictarch.cli.options import AtOption, StateOption, choice_option, chosen_state
from ictarch.errors import IctarchError
from ictarch.i18n import N_, _, ngettext
from ictarch.render import FORMATS

if TYPE_CHECKING:
    from ictarch.model.architecture import Architecture
    from ictarch.model.lifecycle import State
    from ictarch.model.loader import LoadResult
    from ictarch.render.outputs import OutputFile, RenderJob

SHORT = N_("Draw the architecture's views as SVG, PNG, PDF, DOT or Mermaid diagrams.")
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "PATH is an architecture directory (holding architecture.yaml) or a root file.\n"
            "Without --view, every view (the views: section, or an overview and one view per\n"
            "layer when there is none) is written to the output directory together with an\n"
            "index.md listing them. Output is deterministic: the same architecture gives\n"
            "the same bytes. --check writes nothing and exits 1 when files on disk are\n"
            "missing or differ from what would be written (for CI), 0 when they are current."
        ),
        N_(
            "The architecture is validated first; render refuses (exit 1) when it has\n"
            "errors, unless --force is given. With --state target or --at DATE the\n"
            "elements are drawn as they are in that state: what does not exist yet as\n"
            "planned (dashed), what is gone as retired (greyed); write those diagrams\n"
            "elsewhere (-o) than the committed ones. svg, png and pdf need Graphviz 'dot';\n"
            "dot and mermaid do not. Exit code 2 on usage or I/O problems."
        ),
    )
)


def render(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help=N_("Architecture directory or root file."))
    ],
    views: Annotated[
        list[str] | None,
        typer.Option("--view", metavar="ID", help=N_("Render only this view (repeatable).")),
    ] = None,
    formats: Annotated[
        list[str] | None,
        choice_option(
            FORMATS, "--format", "-f", help=N_("Output format (repeatable); default svg.")
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help=N_("Output directory (default: diagrams/ next to architecture.yaml)."),
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help=N_("Write nothing; exit 1 if files are stale."))
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Render even if the architecture has errors."))
    ] = False,
    state: StateOption = None,
    at: AtOption = None,
) -> None:
    from ictarch.model.loader import display_path
    from ictarch.render.outputs import plan_render
    from ictarch.validation import validate_architecture

    # in the registry's order, so that the index is the same however -f is spelt
    chosen_formats = [name for name in FORMATS if name in (formats or ["svg"])]
    in_state = chosen_state(state, at)
    loaded = validate_architecture(path, state=in_state)
    architecture = _architecture_to_render(loaded, force, state=in_state).snapshot(in_state)
    if not in_state.is_default:
        typer.echo(in_state.describe())
    job = plan_render(architecture, views or (), chosen_formats)
    if not in_state.is_default:
        job.state_note = in_state.describe()
    directory = output if output is not None else architecture.root / "diagrams"
    shown = display_path(directory)
    for diagram in job.diagrams:
        if diagram.note:
            typer.echo(f"{diagram.view_id}: {diagram.note}")
    code = _check(job, directory, shown) if check else _write(job, directory, shown)
    raise typer.Exit(code)


def _architecture_to_render(
    loaded: LoadResult,
    force: bool,
    command: str = "render",
    verb: str = "rendering",
    state: State | None = None,
) -> Architecture:
    """The loaded architecture, or exit 1 with its errors (unless --force): shared by
    the commands that work on a valid architecture (``command`` names them; ``state``
    is the lifecycle state it was validated in, when not the current one)."""
    from ictarch.findings import Severity
    from ictarch.model.lifecycle import CURRENT
    from ictarch.reporters import REPORTERS, ReportSettings
    from ictarch.validation import ValidationResult

    errors = [finding for finding in loaded.findings if finding.severity is Severity.ERROR]
    architecture = loaded.architecture
    if errors and (architecture is None or not force):
        report = ValidationResult(
            architectures=[architecture] if architecture else [],
            findings=errors,
            sources=loaded.sources,
            state=state or CURRENT,
        )
        stderr = typer.get_text_stream("stderr")
        REPORTERS["text"](report, ReportSettings(), stderr)
        if architecture is None:
            stderr.write(f"ictarch {command}: " + _("the architecture could not be loaded") + "\n")
        else:
            if command == "export":
                refusal = _("not exporting an architecture with errors (fix them, or use --force)")
            else:
                refusal = _("not rendering an architecture with errors (fix them, or use --force)")
            stderr.write(f"ictarch {command}: {refusal}\n")
        raise typer.Exit(EXIT_FAILED)
    if architecture is None:  # no errors but nothing loaded: cannot happen, but be clear
        raise IctarchError(_("the architecture could not be loaded"))
    if errors:
        if command == "export":
            despite = ngettext(
                "exporting despite {count} error (--force)",
                "exporting despite {count} errors (--force)",
                len(errors),
            )
        else:
            despite = ngettext(
                "rendering despite {count} error (--force)",
                "rendering despite {count} errors (--force)",
                len(errors),
            )
        sys.stderr.write(f"ictarch {command}: {despite.format(count=len(errors))}\n")
    return architecture


def _check(job: RenderJob, directory: Path, shown: str) -> int:
    from ictarch.render.outputs import compare_with_disk

    problems: list[tuple[str, str]] = []
    for output_file in _with_progress(job.files(), job.total, _("Checking")):
        problem = compare_with_disk(output_file, directory)
        if problem is not None:
            problems.append((output_file.name, problem))
    for name, problem in problems:
        if problem == "missing":
            message = _("would create {file} (missing)")
        else:
            message = _("would update {file} (stale)")
        typer.echo(message.format(file=f"{shown}/{name}"))
    if problems:
        typer.echo(
            ngettext(
                "{count} of {total} diagram file in {directory} is stale or missing; "
                "run ictarch render to update them",
                "{count} of {total} diagram files in {directory} are stale or missing; "
                "run ictarch render to update them",
                job.total,
            ).format(count=len(problems), total=job.total, directory=shown)
        )
        return EXIT_FAILED
    typer.echo(
        ngettext(
            "{count} diagram file in {directory} is up to date",
            "{count} diagram files in {directory} are up to date",
            job.total,
        ).format(count=job.total, directory=shown)
    )
    return EXIT_OK


def _write(job: RenderJob, directory: Path, shown: str) -> int:
    from ictarch.output import write_output
    from ictarch.render.outputs import compare_with_disk

    written = 0
    for output_file in _with_progress(job.files(), job.total, _("Rendering")):
        if compare_with_disk(output_file, directory) is None:
            continue
        write_output(directory / output_file.name, output_file.content)
        written += 1
    unchanged = job.total - written
    typer.echo(
        ngettext(
            "rendered {views} view as {formats} into {directory}: {written} written, "
            "{unchanged} unchanged",
            "rendered {views} views as {formats} into {directory}: {written} written, "
            "{unchanged} unchanged",
            len(job.diagrams),
        ).format(
            views=len(job.diagrams),
            formats=", ".join(job.formats),
            directory=shown,
            written=ngettext("{count} file", "{count} files", written).format(count=written),
            unchanged=unchanged,
        )
    )
    return EXIT_OK


def _with_progress(files: Iterator[OutputFile], total: int, verb: str) -> Iterator[OutputFile]:
    """A progress bar on stderr when it is a terminal and there is more than one file."""
    if total < 2 or not sys.stderr.isatty():
        yield from files
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(verb, total=total)
        for output_file in files:
            progress.update(task, advance=1, description=f"{verb} {output_file.name}")
            yield output_file
