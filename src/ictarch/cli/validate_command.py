"""ictarch validate: schema, reference and architecture checks with located findings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ictarch.cli.errors import EXIT_FAILED, EXIT_OK
from ictarch.cli.options import (
    AtOption,
    ColorOption,
    OutputFileOption,
    StateOption,
    choice_option,
    chosen_state,
    write_report,
)
from ictarch.i18n import N_, _
from ictarch.reporters import REPORTERS

if TYPE_CHECKING:
    from ictarch.validation import ValidationResult

SHORT = N_("Check architectures: schema, references, layering, cycles, conventions.")
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "PATH is an architecture directory (holding architecture.yaml) or a root file.\n"
            "It may also be an element file (layers/services.yaml, as pre-commit passes\n"
            "changed files): the architecture that includes it is validated, and the\n"
            "findings of the files named are reported.\n"
            "Exit code 0 when there are no errors, 1 when there are errors (or warnings with\n"
            "--strict), 2 on usage or I/O problems."
        ),
    )
)


def validate(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH...", help=N_("Architectures to check."))
    ],
    output_format: Annotated[
        str, choice_option(REPORTERS, "--format", "-f", help=N_("Output format."))
    ] = "text",
    strict: Annotated[
        bool, typer.Option("--strict", help=N_("Fail on warnings as well as errors."))
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help=N_(
                "Report only findings that this baseline file does not accept "
                "(see docs/baselines.md)."
            ),
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline",
            metavar="FILE",
            help=N_("Record the current findings in this baseline file, then report against it."),
        ),
    ] = None,
    show_waived: Annotated[
        bool,
        typer.Option(
            "--show-waived",
            help=N_("Also list the accepted findings (waivers, baseline); they are never counted."),
        ),
    ] = False,
    output: OutputFileOption = None,
    color: ColorOption = None,
    state: StateOption = None,
    at: AtOption = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help=N_(
                "Read and check every file again, without the result cache "
                "(ICTARCH_CACHE_DIR, see docs/architecture-core.md)."
            ),
        ),
    ] = False,
) -> None:
    from ictarch.model.cache import ResultCache
    from ictarch.reporters import ReportSettings
    from ictarch.validation import validate_paths

    reporter = REPORTERS[output_format]
    cache = None if no_cache else ResultCache.default()
    result = validate_paths(paths, state=chosen_state(state, at), cache=cache)
    if write_baseline is not None:  # report against what was written, not read back
        from ictarch.acceptance.baseline import parse_baseline

        written = _write_baseline(write_baseline, result)
        result.apply_baseline(parse_baseline(written, _display(write_baseline)))
    elif baseline is not None:
        from ictarch.acceptance.baseline import read_baseline

        result.apply_baseline(read_baseline(baseline, _display(baseline)))
    result.restrict_to_requested()
    settings = ReportSettings(
        strict=strict, color=False if output else color, show_waived=show_waived
    )
    write_report(output, lambda out: reporter(result, settings, out), result.input_paths)
    raise typer.Exit(EXIT_FAILED if result.failed(strict) else EXIT_OK)


def _display(path: Path) -> str:
    from ictarch.model.loader import display_path

    return display_path(path.absolute())


def _write_baseline(path: Path, result: ValidationResult) -> str:
    """Write the baseline of ``result``'s findings to ``path``; the text written."""
    from ictarch.acceptance.baseline import baseline_text
    from ictarch.errors import IctarchError
    from ictarch.inputs import resolve_path
    from ictarch.output import write_atomic

    if resolve_path(path) in result.input_files():
        raise IctarchError(
            _("--write-baseline {file} would overwrite a file of the architecture").format(
                file=path
            ),
            _("name a new file, e.g. ictarch-baseline.json"),
        )
    text = baseline_text(result.findings)
    try:
        write_atomic(path, text)
    except OSError as error:
        raise IctarchError(
            _("cannot write {file}: {error}").format(file=path, error=error.strerror or error)
        ) from None
    return text
