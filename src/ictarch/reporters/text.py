"""The text report: findings grouped by file, each with the line it points at.

Coloured on a terminal; plain when piped, with NO_COLOR set, or with --no-color.
"""

from __future__ import annotations

import os
from itertools import groupby
from pathlib import PurePosixPath
from typing import TextIO

from rich.console import Console
from rich.text import Text

from ictarch import formatting
from ictarch.findings import SEVERITY_LABELS, Finding, Severity
from ictarch.i18n import _, ngettext
from ictarch.reporters import ReportSettings
from ictarch.reporters.summary import finding_counts, model_scope
from ictarch.validation import ValidationResult

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_MAX_SOURCE_WIDTH = 160


def make_console(out: TextIO, color: bool | None) -> Console:
    """A console on ``out`` that never wraps lines and colours only where wanted."""
    if color is None and os.environ.get("NO_COLOR"):
        color = False  # no colour and no other styling either
    if color is None:
        return Console(file=out, highlight=False, soft_wrap=True, markup=False, emoji=False)
    return Console(
        file=out,
        highlight=False,
        soft_wrap=True,
        markup=False,
        emoji=False,
        force_terminal=color,
        no_color=not color,
    )


def _source_excerpt(finding: Finding, lines: list[str] | None) -> list[Text]:
    excerpt = _excerpt_lines(finding, lines)
    if excerpt is None:
        return []
    source, caret = excerpt
    gutter_end = source.index("| ") + 2
    code_line = Text(source[:gutter_end], style="dim")
    code_line.append(source[gutter_end:])
    caret_line = Text(caret[:gutter_end], style="dim")
    caret_line.append(caret[gutter_end:], style=_STYLE[finding.severity])
    return [code_line, caret_line]


def _excerpt_lines(finding: Finding, lines: list[str] | None) -> tuple[str, str] | None:
    """The source line of ``finding`` (a window of it when long) and its caret line."""
    if not lines or not 0 < finding.line <= len(lines):
        return None
    source = lines[finding.line - 1].rstrip("\r\n").expandtabs(1)
    column = max(finding.column, 1)
    if len(source) > _MAX_SOURCE_WIDTH:
        start = max(0, min(column - _MAX_SOURCE_WIDTH // 2, len(source) - _MAX_SOURCE_WIDTH))
        source = source[start : start + _MAX_SOURCE_WIDTH]
        column -= start
    gutter = f"{finding.line:>6} | "
    return gutter + source, " " * (len(gutter) - 2) + "| " + " " * (column - 1) + "^"


def root_cause_lines(result: ValidationResult) -> list[str]:
    """The head of the report when part of an architecture could not be read: what
    to fix first, and how many findings that may follow from it are left out."""
    if not result.root_causes:
        return []
    lines = [_("Fix this first: part of the architecture could not be read")]
    for cause in result.root_causes:
        lines.append(f"  {cause.location}  {cause.code}  {cause.message}")
    if result.left_out:
        lines.append(
            "  "
            + ngettext(
                "({count} 'not defined' finding about ids written there is left out; "
                "it may only follow from this)",
                "({count} 'not defined' findings about ids written there are left out; "
                "they may only follow from this)",
                result.left_out,
            ).format(count=result.left_out)
        )
    return [*lines, ""]


def _report_plain(result: ValidationResult, out: TextIO) -> None:
    """The findings without colour (piped, a file, NO_COLOR): plain strings, written in
    large pieces, so that 40,000 findings take a fraction of a second, not a minute."""
    split_sources: dict[str, list[str]] = {}
    chunk: list[str] = [f"{line}\n" for line in root_cause_lines(result)]
    labels = {severity: _(label) for severity, label in SEVERITY_LABELS.items()}
    width = max(8, *(len(label) + 1 for label in labels.values()))
    shown = {severity: label.ljust(width) for severity, label in labels.items()}
    for file, group in groupby(result.findings, key=lambda f: f.file):
        chunk.append(f"{file}\n")
        lines = split_sources.get(file)
        if lines is None and file in result.sources:
            lines = split_sources[file] = result.sources[file].splitlines()
        for finding in group:
            position = f"{finding.line}:{finding.column}".ljust(7)
            chunk.append(
                f"  {position} {shown[finding.severity]}{finding.code.ljust(8)}{finding.message}\n"
            )
            excerpt = _excerpt_lines(finding, lines)
            if excerpt is not None:
                chunk.append(f"{excerpt[0]}\n{excerpt[1]}\n")
            for where in finding.related:
                see_also = _("see also {location}").format(location=where)
                chunk.append(f"          {see_also}\n")
        chunk.append("\n")
        if len(chunk) > 4096:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))


def report_text(result: ValidationResult, settings: ReportSettings, out: TextIO) -> None:
    console = make_console(out, settings.color)
    if console.no_color or console.color_system is None:
        _report_plain(result, out)
    else:
        _report_findings(result, console)
    if settings.show_waived and result.suppressed:
        _report_suppressed(result, console)
    for root, count in sorted(result.not_shown.items()):
        directory = str(PurePosixPath(root).parent)
        console.print(
            Text(
                _(
                    "{count} finding(s) in other files of the architecture {root} are not "
                    "shown; to see them all, run: ictarch validate {directory}"
                ).format(count=count, root=root, directory=directory),
                style="yellow",
            )
        )
    console.print(_summary(result, settings))


def _report_findings(result: ValidationResult, console: Console) -> None:
    for number, cause_line in enumerate(root_cause_lines(result)):
        console.print(Text(cause_line, style="bold red" if number == 0 else ""))
    split_sources: dict[str, list[str]] = {}
    labels = {severity: _(label) for severity, label in SEVERITY_LABELS.items()}
    width = max(8, *(len(label) + 1 for label in labels.values()))
    for file, group in groupby(result.findings, key=lambda f: f.file):
        console.print(Text(file, style="bold underline"))
        if file not in split_sources and file in result.sources:
            split_sources[file] = result.sources[file].splitlines()
        for finding in group:
            head = Text("  ")
            head.append(f"{finding.line}:{finding.column}".ljust(7) + " ")
            head.append(labels[finding.severity].ljust(width), style=_STYLE[finding.severity])
            head.append(finding.code.ljust(8), style="bold")
            head.append(finding.message)
            console.print(head)
            for line in _source_excerpt(finding, split_sources.get(file)):
                console.print(line)
            for where in finding.related:
                see_also = _("see also {location}").format(location=where)
                console.print(Text(f"          {see_also}", style="dim"))
        console.print()


def _report_suppressed(result: ValidationResult, console: Console) -> None:
    console.print(Text(_("Accepted findings (not counted)"), style="bold underline"))
    for item in result.suppressed:
        finding = item.finding
        head = Text("  ")
        head.append(f"{finding.location}  ")
        head.append(formatting.severity(finding.severity).ljust(9), style="dim")
        head.append(finding.code.ljust(8), style="bold")
        head.append(finding.message)
        console.print(head)
        if item.kind == "waiver":
            if item.until:
                why = _("waived until {until} at {where}: {reason}")
            else:
                why = _("waived at {where}: {reason}")
        else:
            why = _("accepted by the baseline {where}")
        line = why.format(until=_iso_date(item.until), where=item.where, reason=item.justification)
        console.print(Text(f"          {line}", style="dim"))
    console.print()


def _summary(result: ValidationResult, settings: ReportSettings) -> Text:
    counts = result.counts
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    summary_counts = finding_counts(counts)
    if result.waived:
        summary_counts += _(", ") + _("{count} waived").format(count=len(result.waived))
    if result.baselined:
        summary_counts += _(", ") + _("{count} in the baseline").format(count=len(result.baselined))
    scope = _("{scope}; state: {state}").format(
        scope=model_scope(result.element_count, result.relation_count, len(result.sources)),
        state=result.state.display_label,
    )
    if result.failed(settings.strict):
        mark, style = "✖", "bold red"
    else:
        mark, style = "✔", "bold green"
    summary = Text(f"{mark} ", style=style)
    if settings.strict and not errors and warnings:
        text = _("{counts} — {scope} (--strict: warnings fail)")
    else:
        text = _("{counts} — {scope}")
    summary.append(text.format(counts=summary_counts, scope=scope))
    if result.suppressed and not settings.show_waived:
        summary.append(_(" (--show-waived lists the accepted findings)"))
    return summary


def _iso_date(text: str | None) -> str:
    """A date kept as ISO text (a waiver's ``until``), as the reader writes dates."""
    import datetime

    if not text:
        return ""
    try:
        return formatting.date(datetime.date.fromisoformat(text))
    except ValueError:
        return text
