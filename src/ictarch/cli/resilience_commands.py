"""ictarch impact and ictarch analyze: what fails, and where there is no redundancy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ictarch.cli.errors import EXIT_OK, warn
from ictarch.cli.options import (
    AtOption,
    ColorOption,
    OutputFileOption,
    StateOption,
    check_render_path,
    choice_option,
    chosen_state,
    write_report,
)
from ictarch.errors import IctarchError
from ictarch.i18n import N_, _, ngettext
from ictarch.reporters import ANALYSIS_REPORTERS, IMPACT_REPORTERS, ResilienceSettings

if TYPE_CHECKING:
    from ictarch.graph.resilience import FailureResult
    from ictarch.model.architecture import Architecture
    from ictarch.model.lifecycle import State

IMPACT_SHORT = N_("Show what goes down when elements fail, respecting any_of redundancy.")
IMPACT_HELP = "\n\n".join(
    (
        IMPACT_SHORT,
        N_(
            "Prints the elements that fail with the given ones, grouped by layer (agencies and\n"
            "services first), each with the chain of failures that brings it down, and the\n"
            "elements that lose an alternative or an optional dependency (required: false) but\n"
            "stay up. A chain longer than 8 elements is shown by its 4 first and 4 last;\n"
            "--format json --full-chains gives them whole."
        ),
    )
)
ANALYZE_SHORT = N_("Single points of failure, blast radius, hot spots and platform reuse.")
ANALYZE_HELP = "\n\n".join(
    (
        ANALYZE_SHORT,
        N_(
            "For every agency and service, the elements whose single failure brings it down\n"
            "(exact under any_of redundancy); elements ranked by how many agencies and\n"
            "services they bring down; counts, fan-in/fan-out hot spots, dependency depth,\n"
            "unowned elements and how many services use each shared platform."
        ),
    )
)
ImpactFormatOption = Annotated[
    str, choice_option(IMPACT_REPORTERS, "--format", "-f", help=N_("Output format."))
]
AnalysisFormatOption = Annotated[
    str, choice_option(ANALYSIS_REPORTERS, "--format", "-f", help=N_("Output format."))
]


class CannotAnalyze(IctarchError):
    """The architecture cannot be loaded well enough to analyse, or an id is unknown."""


class AbsentInState(IctarchError):
    """The failure of an element that does not work in the chosen state was asked for."""


def load_valid_enough(path: Path, state: State | None = None) -> Architecture:
    """Load and validate an architecture for analysis.

    Raise :class:`CannotAnalyze` (exit 2) if it cannot be loaded at all; warn on
    stderr when it has errors, since dangling references or cycles make the
    results less meaningful.
    """
    from ictarch.findings import Severity
    from ictarch.model.lifecycle import CURRENT
    from ictarch.validation import validate_architecture

    loaded = validate_architecture(path, state=state or CURRENT)
    errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
    fatal = [f for f in errors if f.code < "ICT100"]
    if loaded.architecture is None or fatal:
        if fatal:
            first = fatal[0]
            raise CannotAnalyze(
                _(
                    "{path} cannot be loaded: {location} {message}; run `ictarch validate {path}`"
                ).format(path=path, location=first.location, message=first.message)
            )
        raise CannotAnalyze(
            _("{path} cannot be loaded; run `ictarch validate {path}`").format(path=path)
        )
    if errors:
        warn(
            ngettext(
                "{path} has {count} error (first: {location} {code}); the results may be "
                "wrong, run `ictarch validate {path}`",
                "{path} has {count} errors (first: {location} {code}); the results may be "
                "wrong, run `ictarch validate {path}`",
                len(errors),
            ).format(path=path, count=len(errors), location=errors[0].location, code=errors[0].code)
        )
    return loaded.architecture


def impact(
    path: Annotated[Path, typer.Argument(help=N_("The architecture."))],
    ids: Annotated[list[str], typer.Argument(metavar="ID...", help=N_("Elements that fail."))],
    output_format: ImpactFormatOption = "text",
    output: OutputFileOption = None,
    render: Annotated[
        Path | None,
        typer.Option(
            "--render",
            help=N_("Also draw the failure into this file (.svg, .png, .pdf, .dot or .mmd)."),
        ),
    ] = None,
    full_chains: Annotated[
        bool,
        typer.Option(
            "--full-chains",
            help="With --format json, every chain of failures whole (long chains are "
            "otherwise shortened to their ends; 'causes' always has them all).",
        ),
    ] = False,
    color: ColorOption = None,
    state: StateOption = None,
    at: AtOption = None,
) -> None:
    from ictarch.graph.resilience import simulate_failure
    from ictarch.model.schema import closest, with_suggestion
    from ictarch.output import refuse_overwriting_inputs

    chosen = chosen_state(state, at)
    check_render_path(render)  # before the work, not after it
    architecture = load_valid_enough(path, chosen)
    for element_id in ids:
        if element_id not in architecture.elements:
            message = _("no element {element!r} in {path}").format(element=element_id, path=path)
            raise CannotAnalyze(
                with_suggestion(message, closest(element_id, architecture.elements))
            )
        element = architecture.elements[element_id]
        if not chosen.works(element):
            from ictarch.model.lifecycle import STATUS_LABELS as status_labels

            raise AbsentInState(
                _(
                    "{element!r} ({status}) does not work in the chosen state ({state}): "
                    "its failure changes nothing"
                ).format(
                    element=element_id,
                    status=_(status_labels[element.status]),
                    state=chosen.display_label,
                ),
                hint=_("choose another state with --state target or --at YYYY-MM-DD"),
            )
    refuse_overwriting_inputs(
        [path for path in (output, render) if path is not None], architecture.input_paths
    )
    result = simulate_failure(architecture, ids, chosen)
    if render is not None:
        draw_failure(architecture, result, render)
    reporter = IMPACT_REPORTERS[output_format]
    settings = _settings(output, color, full_chains)
    write_report(
        output,
        lambda out: reporter(architecture, result, settings, out),
        architecture.input_paths,
    )
    raise typer.Exit(EXIT_OK)


def draw_failure(architecture: Architecture, result: FailureResult, path: Path) -> None:
    """Write the failure diagram to ``path`` (format by extension); RenderError if impossible."""
    from ictarch.render import RenderSettings, write_diagram
    from ictarch.render.failure import failure_diagram

    settings = RenderSettings.from_architecture(architecture)
    write_diagram(failure_diagram(architecture, result), path, settings)


def analyze(
    path: Annotated[Path, typer.Argument(help=N_("The architecture."))],
    output_format: AnalysisFormatOption = "text",
    output: OutputFileOption = None,
    color: ColorOption = None,
    state: StateOption = None,
    at: AtOption = None,
) -> None:
    from ictarch.analysis import analyze as run_analysis
    from ictarch.output import refuse_overwriting_inputs

    chosen = chosen_state(state, at)
    architecture = load_valid_enough(path, chosen)
    if output is not None:
        refuse_overwriting_inputs([output], architecture.input_paths)
    analysis = run_analysis(architecture, chosen)
    reporter = ANALYSIS_REPORTERS[output_format]
    settings = _settings(output, color)
    write_report(
        output,
        lambda out: reporter(architecture, analysis, settings, out),
        architecture.input_paths,
    )
    raise typer.Exit(EXIT_OK)


def _settings(
    output: Path | None, color: bool | None, full_chains: bool = False
) -> ResilienceSettings:
    return ResilienceSettings(color=False if output is not None else color, full_chains=full_chains)
