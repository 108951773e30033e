"""The text report: findings grouped by file, each with the line it points at.

Coloured on a terminal; plain when piped, with NO_COLOR set, or with --no-color.
"""

from __future__ import annotations

import os
from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.text import Text

from ictarch.findings import SEVERITY_LABELS, Finding, Severity
from ictarch.i18n import _
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
    if not lines or not 0 < finding.line <= len(lines):
        return []
    source = lines[finding.line - 1].rstrip("\r\n").expandtabs(1)
    column = max(finding.column, 1)
    if len(source) > _MAX_SOURCE_WIDTH:
        start = max(0, min(column - _MAX_SOURCE_WIDTH // 2, len(source) - _MAX_SOURCE_WIDTH))
        source = source[start : start + _MAX_SOURCE_WIDTH]
        column -= start
    gutter = f"{finding.line:>6} | "
    code_line = Text(gutter, style="dim")
    code_line.append(source)
    caret = Text(" " * (len(gutter) - 2) + "| ", style="dim")
    caret.append(" " * (column - 1) + "^", style=_STYLE[finding.severity])
    return [code_line, caret]


def report_text(result: ValidationResult, settings: ReportSettings, out: TextIO) -> None:
    console = make_console(out, settings.color)
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
    console.print(_summary(result, settings))


def _summary(result: ValidationResult, settings: ReportSettings) -> Text:
    counts = result.counts
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    summary_counts = finding_counts(counts)
    scope = model_scope(result.element_count, result.relation_count, len(result.sources))
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
    return summary
