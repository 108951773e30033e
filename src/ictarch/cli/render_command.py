"""ictarch render: draw the architecture's views, or check that drawn ones are current."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
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
            "missing or differ from what would be written (for CI), 0 when they are current;\n"
            "without --format it checks the formats found in the output directory."
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
    from ictarch.i18n import _
    from ictarch.model.loader import display_path
    from ictarch.output import OutputError, is_standard_output, refuse_overwriting_inputs
    from ictarch.render.outputs import plan_render
    from ictarch.validation import validate_architecture

    in_state = chosen_state(state, at)
    loaded = validate_architecture(path, state=in_state)
    architecture = _architecture_to_render(loaded, force, state=in_state).snapshot(in_state)
    if not in_state.is_default:
        typer.echo(in_state.describe())
    directory = output if output is not None else architecture.root / "diagrams"
    if is_standard_output(directory):
        raise OutputError(
            _("render writes several files: -o names a directory, not standard output"),
            hint=_("give a directory, e.g. -o diagrams"),
        )
    if check and not formats:
        formats = formats_on_disk(directory)  # check what is there, however it was drawn
    # in the registry's order, so that the index is the same however -f is spelt
    chosen_formats = [name for name in FORMATS if name in (formats or ["svg"])]
    job = plan_render(architecture, views or (), chosen_formats)
    if not in_state.is_default:
        job.state_note = in_state.describe()
    if not check:
        refuse_overwriting_inputs(
            [directory, *(directory / name for name in job.file_names())],
            architecture.input_paths,
        )
    shown = display_path(directory)
    for diagram in job.diagrams:
        if diagram.note:
            typer.echo(f"{diagram.view_id}: {diagram.note}")
    if check:
        again = _Again(
            path, directory, shown, list(views or ()), chosen_formats, state, at, in_state
        )
        code = _check(job, directory, shown, again, architecture)
    else:
        code = _write(job, directory, shown)
    raise typer.Exit(code)


@dataclass(frozen=True, slots=True)
class _Again:
    """What ``render --check`` needs to say how to render again, and to try other languages."""

    path: Path
    directory: Path
    shown: str
    views: list[str]
    formats: list[str]
    state: str | None
    at: str | None
    in_state: State

    def command(self, language: str) -> str:
        """The exact command that writes the diagrams ``--check`` expects."""
        import shlex

        words = ["ictarch", "--lang", language, "render", str(self.path), "-o", self.shown]
        for name in self.formats:
            words += ["-f", name]
        for view in self.views:
            words += ["--view", view]
        if self.state:
            words += ["--state", self.state]
        if self.at:
            words += ["--at", self.at]
        return shlex.join(words)

    def current_in(self, language: str, architecture: Architecture) -> bool:
        """Whether every file on disk is what a render in ``language`` writes."""
        from ictarch import i18n
        from ictarch.render.outputs import compare_with_disk, plan_render

        previous = i18n.current_language()
        i18n.set_language(language)
        try:
            job = plan_render(architecture, self.views, self.formats)
            if not self.in_state.is_default:
                job.state_note = self.in_state.describe()
            return all(compare_with_disk(file, self.directory) is None for file in job.files())
        finally:
            i18n.set_language(previous)


_LANGUAGE_NAMES = {"en": N_("English"), "vi": N_("Vietnamese")}


def formats_on_disk(directory: Path) -> list[str]:
    """The formats of the diagrams already in ``directory`` (by file extension).

    ``render --check`` without ``--format`` checks these, so that it passes
    after ``render -f svg -f png -f mermaid`` as after a plain ``render``.
    """
    try:
        extensions = {entry.suffix.lstrip(".") for entry in directory.iterdir() if entry.is_file()}
    except OSError:
        return []
    return [
        name for name, output_format in FORMATS.items() if output_format.extension in extensions
    ]


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


def _check(
    job: RenderJob, directory: Path, shown: str, again: _Again, architecture: Architecture
) -> int:
    from ictarch import i18n
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
        language = i18n.current_language()
        if all(problem != "missing" for _name, problem in problems):
            for other in i18n.LANGUAGES:
                if other != language and again.current_in(other, architecture):
                    typer.echo(
                        _(
                            "the diagrams in {directory} only differ by language: they are "
                            "rendered in {language}; run with --lang {code}"
                        ).format(directory=shown, language=_(_LANGUAGE_NAMES[other]), code=other)
                    )
                    typer.echo(
                        _("to check them as they are: {command}").format(
                            command=again.command(other) + " --check"
                        )
                    )
                    typer.echo(
                        _("to render them in {language} instead: {command}").format(
                            language=_(_LANGUAGE_NAMES[language]),
                            command=again.command(language),
                        )
                    )
                    return EXIT_FAILED
        typer.echo(
            ngettext(
                "{count} of {total} diagram file in {directory} is stale or missing; "
                "to update them, run: {command}",
                "{count} of {total} diagram files in {directory} are stale or missing; "
                "to update them, run: {command}",
                job.total,
            ).format(
                count=len(problems),
                total=job.total,
                directory=shown,
                command=again.command(language),
            )
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
