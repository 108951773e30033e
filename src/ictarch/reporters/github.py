"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

from typing import TextIO

from ictarch import i18n
from ictarch.findings import Severity
from ictarch.i18n import _, ngettext
from ictarch.reporters import ReportSettings
from ictarch.reporters.summary import finding_counts
from ictarch.rules import ALL_RULES
from ictarch.validation import ValidationResult

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(result: ValidationResult, settings: ReportSettings, out: TextIO) -> None:
    for finding in result.findings:
        rule = ALL_RULES.get(finding.code)
        title = f"{finding.code} {rule.name}" if rule else finding.code
        properties = [f"file={_escape_property(finding.file)}"]
        if finding.line:
            properties += [f"line={finding.line}", f"col={finding.column}"]
        properties.append(f"title={_escape_property(title)}")
        out.write(
            f"::{_COMMAND[finding.severity]} {','.join(properties)}::"
            f"{_escape_data(finding.message)}\n"
        )
    counts = result.counts
    out.write(
        "ictarch: "
        + _("{counts} in {elements}").format(
            counts=finding_counts(counts),
            elements=ngettext("{count} element", "{count} elements", result.element_count).format(
                count=i18n.integer(result.element_count)
            ),
        )
        + "\n"
    )
