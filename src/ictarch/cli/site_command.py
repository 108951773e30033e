"""ictarch site: a static, offline HTML report of the architecture."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ictarch.cli.errors import EXIT_FAILED, EXIT_OK, warn
from ictarch.cli.options import AtOption, StateOption, chosen_state
from ictarch.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from ictarch.findings import Finding, Suppressed
    from ictarch.model.architecture import Architecture
    from ictarch.model.lifecycle import State
    from ictarch.site import SiteFile

SHORT = N_("Write a static HTML report of the architecture, readable offline.")
HELP = N_("""Write a static HTML report of the architecture, readable offline.

PATH is an architecture directory (holding architecture.yaml) or a root file.
The site has an index (metadata, overview, counts, views, top risks, findings),
a page per view with a clickable diagram, a page per element (fields,
dependencies both ways, impact if it fails, single points of failure,
findings), the findings, the owners and a search that ignores accents and case.
It works from file:// and under any path of a web server, and makes no network
request. Needs Graphviz 'dot'.

DIR must be new, empty, or a site written earlier by ictarch site (files that
ictarch did not write are never deleted: the command refuses instead). The site
is built aside and swapped in at once. Output is deterministic: the same
architecture gives the same bytes (a time appears only with --stamp).
--state target or --at DATE: the failure analysis, the findings and the drawings
answer for that state, as in analyze and render (default: current).
--check writes nothing and exits 1 when DIR is missing files, holds stale or
extra ones (for CI), 0 when it is current. Exit code 2 on usage or I/O problems.
""")


def site(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help=N_("Architecture directory or root file."))
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="DIR", help=N_("Directory to write the site to.")),
    ],
    title: Annotated[
        str | None,
        typer.Option("--title", help=N_("Title of the site (default: the architecture's name).")),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help=N_("Write nothing; exit 1 if DIR is not the current site.")),
    ] = False,
    stamp: Annotated[
        bool,
        typer.Option(
            "--stamp",
            help=N_(
                "Print the generation time in every page (SOURCE_DATE_EPOCH if set, else now)."
            ),
        ),
    ] = False,
    state: StateOption = None,
    at: AtOption = None,
    force_into_tree: Annotated[
        bool,
        typer.Option(
            "--force-into-tree",
            help=N_("Allow DIR inside the architecture's own directory."),
        ),
    ] = False,
) -> None:
    from ictarch.model.loader import display_path
    from ictarch.site import SiteSettings
    from ictarch.site.build import build_site
    from ictarch.site.writer import check_destination, check_replaceable

    in_state = chosen_state(state, at)
    architecture, findings, waived = _load(path, in_state)
    check_destination(output, architecture.root, force_into_tree)
    if not check:
        check_replaceable(output)  # before the work, not after it
    settings = SiteSettings(title=title, stamp=_stamp() if stamp else None)
    files = build_site(architecture, findings, settings, waived, in_state)
    shown = display_path(output)
    code = _check(files, output, shown) if check else _write(files, output, shown)
    raise typer.Exit(code)


def _load(path: Path, state: State) -> tuple[Architecture, list[Finding], list[Suppressed]]:
    """The architecture and every finding of validate; exit 1 when it cannot be loaded.

    A site is a report: an architecture with errors gets one, errors included
    (on the findings page and on the elements concerned), with a warning here.
    File names in the site start at the architecture's directory, so the same
    architecture gives the same pages whatever the working directory.
    """
    from ictarch.findings import Severity
    from ictarch.inputs import resolve_path
    from ictarch.reporters import REPORTERS, ReportSettings
    from ictarch.validation import ValidationResult, validate_architecture

    resolved = resolve_path(path)
    base = resolved if resolved.is_dir() else resolved.parent
    loaded = validate_architecture(path, display_base=base.name, state=state)
    errors = [finding for finding in loaded.findings if finding.severity is Severity.ERROR]
    if loaded.architecture is None:
        report = ValidationResult(findings=errors, sources=loaded.sources)
        stderr = typer.get_text_stream("stderr")
        REPORTERS["text"](report, ReportSettings(), stderr)
        stderr.write(_("ictarch site: the architecture could not be loaded") + "\n")
        raise typer.Exit(EXIT_FAILED)
    if errors:
        warn(
            ngettext(
                "the architecture has {count} error; the site shows it",
                "the architecture has {count} errors; the site shows them",
                len(errors),
            ).format(count=len(errors))
        )
    return loaded.architecture, loaded.findings, loaded.waived


def _check(files: Iterator[SiteFile], directory: Path, shown: str) -> int:
    from ictarch.site.writer import EXTRA, MISSING, check_site

    problems, summary = check_site(files, directory)
    verbs = {MISSING: _("would create {path}"), EXTRA: _("would remove {path}")}
    for name, problem in problems:
        verb = verbs.get(problem, _("would update {path}"))
        typer.echo(verb.format(path=f"{shown}/{name}"))
    if problems:
        typer.echo(
            _(
                "{count} of the {total} files of the site in {directory} are stale, missing "
                "or extra; run ictarch site to update it"
            ).format(count=len(problems), total=summary.files, directory=shown)
        )
        return EXIT_FAILED
    typer.echo(
        _("the {total} files of the site in {directory} are up to date").format(
            total=summary.files, directory=shown
        )
    )
    return EXIT_OK


def _write(files: Iterator[SiteFile], directory: Path, shown: str) -> int:
    from ictarch.site.writer import write_site

    summary = write_site(files, directory)
    if summary.changed:
        message = _("wrote the site into {directory}: {pages} pages, {files} files, {size}")
    else:
        message = _("the site in {directory} is up to date: {pages} pages, {files} files, {size}")
    typer.echo(
        message.format(
            directory=shown,
            pages=summary.pages,
            files=summary.files,
            size=f"{summary.size / 1_000_000:.1f} MB",
        )
    )
    return EXIT_OK


def _stamp() -> str:
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    else:
        moment = datetime.datetime.now(tz=datetime.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
