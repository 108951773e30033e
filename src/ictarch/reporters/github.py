"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

from typing import TextIO

from ictarch import i18n
from ictarch.findings import Finding, Severity
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


def _properties(finding: Finding, title: str) -> str:
    properties = [f"file={_escape_property(finding.file)}"]
    if finding.line:
        properties += [f"line={finding.line}", f"col={finding.column}"]
    properties.append(f"title={_escape_property(title)}")
    return ",".join(properties)


def report_github(result: ValidationResult, settings: ReportSettings, out: TextIO) -> None:
    for finding in result.findings:
        rule = ALL_RULES.get(finding.code)
        title = f"{finding.code} {rule.name}" if rule else finding.code
        out.write(
            f"::{_COMMAND[finding.severity]} {_properties(finding, title)}::"
            f"{_escape_data(finding.message)}\n"
        )
    if settings.show_waived:  # accepted findings, as notices that say why
        for item in result.suppressed:
            finding = item.finding
            title = _("{code} accepted ({kind})").format(code=finding.code, kind=item.kind)
            note = _("{message} [accepted: {reason}]").format(
                message=finding.message, reason=item.justification
            )
            out.write(f"::notice {_properties(finding, title)}::{_escape_data(note)}\n")
    counts = result.counts
    out.write(
        "ictarch: "
        + _("{counts} in {elements}").format(
            counts=finding_counts(counts),
            elements=ngettext("{count} element", "{count} elements", result.element_count).format(
                count=i18n.integer(result.element_count)
            ),
        )
    )
    if result.suppressed:
        out.write(_(", {count} accepted (waivers, baseline)").format(count=len(result.suppressed)))
    out.write("\n")
