"""ictarch conformance: coverage of reference frameworks, block by block."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
from ictarch.errors import IctarchError
from ictarch.findings import Finding
from ictarch.i18n import N_, _
from ictarch.reporters import CONFORMANCE_REPORTERS, ConformanceSettings

SHORT = N_(
    "Coverage of reference frameworks (vn-egov, ict-smartcity): blocks, connections, verdict."
)
HELP = "\n\n".join(
    (
        SHORT,
        N_(
            "For every building block of the framework version that applies: the elements\n"
            "implementing it, its status (covered, planned, missing mandatory, to confirm,\n"
            "fitting element not claimed, missing optional, obsolete, not in force), the\n"
            "required connections found or missing, and a one-line verdict, which rests only\n"
            "on sourced obligations (one the catalogue marks inferred or background is to\n"
            "confirm, not a failure). The version is the one named in conforms_to, else the\n"
            "one in force at architecture.released (the report says which), or the one\n"
            "given with --framework ID[@VERSION]. --compare ID@VERSION also evaluates a\n"
            "second version and lists what moving to it changes. Elements are judged at the\n"
            "day of the evaluation: their since and until dates decide where given, their\n"
            "status where not (as impact and analyze do with --at); --at DATE evaluates on\n"
            "that day, --state current|target by statuses alone. Exit code 0, or 1 with\n"
            "--fail-on when the condition holds; 2 on usage or I/O problems."
        ),
    )
)
FAIL_ON = {
    "missing-mandatory": "a mandatory block is missing",
    "any": "the verdict is anything but 'conforms', or there is any ICT5xx finding",
}


class NothingToCompare(IctarchError):
    """``--compare`` names a framework that is not being checked."""


def conformance(
    path: Annotated[Path, typer.Argument(help=N_("The architecture."))],
    frameworks: Annotated[
        list[str] | None,
        typer.Option(
            "--framework",
            metavar="ID[@VERSION]",
            help=N_("Framework (and version) to check, e.g. vn-egov@3.0; repeatable."),
        ),
    ] = None,
    compare_with: Annotated[
        str | None,
        typer.Option(
            "--compare",
            metavar="ID@VERSION",
            help=N_(
                "Also evaluate this version of the same framework and show what moving "
                "to it changes, e.g. --framework vn-egov@3.0 --compare vn-egov@4.0."
            ),
        ),
    ] = None,
    output_format: Annotated[
        str, choice_option(CONFORMANCE_REPORTERS, "--format", "-f", help=N_("Output format."))
    ] = "text",
    output: OutputFileOption = None,
    fail_on: Annotated[
        str | None,
        choice_option(
            FAIL_ON,
            "--fail-on",
            help=N_(
                "Exit 1 when a mandatory block is missing (missing-mandatory) or when the "
                "verdict is anything but 'conforms' or there is any ICT5xx finding (any)."
            ),
            what=N_("--fail-on condition"),
            metavar="CONDITION",
        ),
    ] = None,
    color: ColorOption = None,
    state_name: StateOption = None,
    at: AtOption = None,
) -> None:
    from ictarch.cli.resilience_commands import load_valid_enough
    from ictarch.frameworks.conformance import (
        Reach,
        Verdict,
        compare,
        default_selections,
        evaluate,
        load_catalogues,
        requested_selection,
    )
    from ictarch.reporters.conformance import ConformanceReport
    from ictarch.rules.conformance import claim_findings, obligation_findings
    from ictarch.validation import apply_severities, resolve_severities

    reporter = CONFORMANCE_REPORTERS[output_format]
    chosen = chosen_state(state_name, at)
    # --at: the day of the evaluation; --state: statuses decide; neither: the day of the
    # evaluation, elements judged by their dates on it
    day = chosen.date if at is not None else None
    state = chosen if state_name is not None else None
    architecture = load_valid_enough(path)
    catalogues = load_catalogues(architecture)
    findings = list(catalogues.findings)
    problems: list[Finding] = []
    if frameworks:
        selections = [requested_selection(architecture, catalogues, f, day) for f in frameworks]
    else:
        selections, problems = default_selections(architecture, catalogues, day)
        findings += problems
    reach = Reach(architecture)
    comparison = None
    if compare_with is not None:
        other = requested_selection(architecture, catalogues, compare_with, day)
        base = next((s for s in selections if s.catalogue.id == other.catalogue.id), None)
        if base is None:
            raise NothingToCompare(
                _("--compare {other}: {framework} is not among the frameworks checked").format(
                    other=compare_with, framework=other.catalogue.id
                ),
                _("add --framework {framework}@VERSION to compare with").format(
                    framework=other.catalogue.id
                ),
            )
        comparison = compare(
            evaluate(architecture, base, with_paths=True, reach=reach, state=state),
            evaluate(architecture, other, with_paths=True, reach=reach, state=state),
        )
    coverages = [
        evaluate(architecture, selection, with_paths=True, reach=reach, state=state)
        for selection in selections
    ]
    findings += claim_findings(architecture, catalogues, selections, state, day)
    for coverage in coverages:
        findings += obligation_findings(architecture, coverage)
    severities, _problems = resolve_severities(architecture)
    findings = sorted(apply_severities(findings, severities))
    report = ConformanceReport(architecture, coverages, findings, comparison)
    settings = ConformanceSettings(color=False if output else color)
    write_report(output, lambda out: reporter(report, settings, out), architecture.input_paths)
    failed = False
    if fail_on is not None and (problems or not coverages):
        # a conforms_to that names no framework or version we know checks nothing:
        # a CI gate must not pass on it
        failed = True
    elif fail_on == "missing-mandatory":
        failed = any(coverage.missing_mandatory for coverage in coverages)
    elif fail_on == "any":
        failed = bool(findings) or any(c.verdict is not Verdict.CONFORMS for c in coverages)
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)
