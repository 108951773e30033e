"""ictarch validate: schema, reference and architecture checks with located findings."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
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
from ictarch.reporters import REPORTERS, ReportSettings

if TYPE_CHECKING:
    from ictarch.model.lifecycle import State
    from ictarch.validation import PreparedInputs, ValidationResult

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
    from ictarch.validation import validate_paths

    reporter = REPORTERS[output_format]
    cache = None if no_cache else ResultCache.default()
    checked_state = chosen_state(state, at)
    settings = ReportSettings(
        strict=strict, color=False if output else color, show_waived=show_waived
    )
    keyed = None
    if cache is not None and write_baseline is None:
        keyed = _report_key(paths, checked_state, output_format, settings, baseline, output)
        cached = None if keyed is None else _cached_report(cache.get_bytes(keyed.key))
        if keyed is not None and cached is not None:
            # every input as it was: the report as it was written, to an output file
            # that is none of the inputs (those just read, and those the entry names)
            text, status, inputs = cached
            known = [*keyed.prepared.files(), *inputs]
            write_report(output, lambda out: out.write(text), known)
            raise typer.Exit(status)
    prepared = None if keyed is None else keyed.prepared
    result = validate_paths(paths, state=checked_state, cache=cache, prepared=prepared)
    if write_baseline is not None:  # report against what was written, not read back
        from ictarch.acceptance.baseline import parse_baseline

        written = _write_baseline(write_baseline, result)
        result.apply_baseline(parse_baseline(written, _display(write_baseline)))
    elif baseline is not None:
        from ictarch.acceptance.baseline import read_baseline

        data = None if keyed is None else keyed.baseline  # the bytes in the key
        result.apply_baseline(read_baseline(baseline, _display(baseline), data))
    result.restrict_to_requested()
    status = EXIT_FAILED if result.failed(strict) else EXIT_OK
    if cache is None or keyed is None:
        write_report(output, lambda out: reporter(result, settings, out), result.input_paths)
    else:
        buffer = io.StringIO()
        reporter(result, settings, buffer)
        text = buffer.getvalue()
        buffer.close()  # one copy of a large report in memory, not two
        write_report(output, lambda out: out.write(text), result.input_paths)
        if keyed.prepared.all_used:  # checked from the bytes in the key: kept
            head = json.dumps([status, [str(path) for path in result.input_paths]]).encode()
            # a text that is not UTF-8 (a lone surrogate) is not kept: put_bytes gives up
            cache.put_bytes(keyed.key, itertools.chain((head, b"\n"), _encoded(text)))
            cache.evict()
    raise typer.Exit(status)


def _encoded(text: str, size: int = 1 << 20) -> Iterator[bytes]:
    """``text`` as UTF-8, a piece at a time (strict: a lone surrogate raises)."""
    for start in range(0, len(text), size):
        yield text[start : start + size].encode("utf-8")


@dataclass(frozen=True, slots=True)
class _KeyedReport:
    """A run's report key, with what was read to make it (and is checked, not read again)."""

    key: str
    prepared: PreparedInputs
    baseline: bytes | None


def _report_key(
    paths: list[Path],
    state: State,
    output_format: str,
    settings: ReportSettings,
    baseline: Path | None,
    output: Path | None,
) -> _KeyedReport | None:
    """The result cache's key for this run's whole report, or None when it is not to be
    kept: a report to a terminal (its colours and width are the terminal's), or an
    input or the baseline that cannot be read (the run then says so, uncached).

    The key holds everything the report's bytes depend on besides the architectures'
    results (:func:`ictarch.validation.report_key`): the options, the baseline's
    bytes, the working directory (file names are shown relative to it) and, for
    SARIF, the repository root its file URIs are relative to, and the variables the
    text report's colours follow. Only a UTF-8 output is kept.
    """
    import hashlib
    import os
    import sys

    from ictarch.errors import IctarchError
    from ictarch.inputs import read_input
    from ictarch.output import is_standard_output
    from ictarch.validation import report_key

    to_stdout = output is None or is_standard_output(output)
    stream = sys.stdout
    if to_stdout:
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if stream is None or encoding != "utf8" or stream.isatty():
            return None
    baseline_part = ""
    baseline_data = None
    if baseline is not None:
        try:
            baseline_data = read_input(baseline)
        except (OSError, IctarchError):
            return None
        baseline_part = f"{baseline}:{hashlib.sha256(baseline_data).hexdigest()}"
    source_root = ""
    if output_format == "sarif":
        from ictarch.reporters.sarif import source_root as sarif_root

        source_root = str(sarif_root())
    variables = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TERM", "COLUMNS", "LINES")
    options = [
        output_format,
        repr(settings),
        baseline_part,
        "stdout" if to_stdout else "file",  # not which file: the text is the same
        os.getcwd(),
        source_root,
        *(f"{name}={os.environ.get(name)}" for name in variables),
        *(str(path) for path in paths),
    ]
    keyed = report_key(paths, state, options)
    if keyed is None:
        return None
    return _KeyedReport(keyed[0], keyed[1], baseline_data)


def _cached_report(payload: bytes | None) -> tuple[str, int, list[Path]] | None:
    """A report kept by :func:`validate` (its text, exit status and inputs), or None
    when ``payload`` is not one: a line of JSON ``[status, [input, ...]]``, then the
    report's text."""
    if payload is None:
        return None
    head, _newline, body = payload.partition(b"\n")
    try:
        status, inputs = json.loads(head)
        text = body.decode("utf-8")  # strict: no lone surrogates
    except (ValueError, TypeError, RecursionError):
        return None
    if (
        type(status) is int
        and status in (EXIT_OK, EXIT_FAILED)
        and isinstance(inputs, list)
        and all(isinstance(item, str) and item and "\0" not in item for item in inputs)
    ):
        return text, status, [Path(item) for item in inputs]
    return None


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
