"""The JSON report: a stable, documented shape for scripts (docs/output-formats.md)."""

from __future__ import annotations

from typing import Any, TextIO

from ictarch import __version__
from ictarch.findings import Finding, Severity, Suppressed
from ictarch.jsonwriter import write_json
from ictarch.reporters import ReportSettings
from ictarch.validation import ValidationResult

JSON_FORMAT_VERSION = 1


def finding_to_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "element": finding.element,
        "related": [
            {"file": where.file, "line": where.line, "column": where.column}
            for where in finding.related
        ],
        "args": {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in finding.args.items()
        },
    }


def validation_to_json(result: ValidationResult, strict: bool) -> dict[str, Any]:
    counts = result.counts
    return {
        "format": JSON_FORMAT_VERSION,
        "ictarch": __version__,
        "ok": not result.failed(strict),
        "state": result.state.to_json(),
        "summary": {
            "architectures": len(result.summaries),
            "files": sum(len(a.files) for a in result.summaries),
            "elements": result.element_count,
            "relations": result.relation_count,
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
            "waived": len(result.waived),
            "baselined": len(result.baselined),
            "not_shown": sum(result.not_shown.values()),
            "left_out": result.left_out,
        },
        "root_causes": [finding_to_json(finding) for finding in result.root_causes],
        "architectures": [
            {
                "id": architecture.id,
                "name": architecture.name,
                "root": architecture.root_file,
                "elements": architecture.elements,
                "relations": architecture.relations,
            }
            for architecture in result.summaries
        ],
        "findings": [finding_to_json(finding) for finding in result.findings],
        "suppressed": [suppressed_to_json(item) for item in result.suppressed],
    }


def suppressed_to_json(item: Suppressed) -> dict[str, Any]:
    """An accepted finding, with what accepts it (a waiver or the baseline file)."""
    return {
        **finding_to_json(item.finding),
        "suppression": {
            "kind": item.kind,
            "justification": item.justification,
            "file": item.where.file,
            "line": item.where.line,
            "column": item.where.column,
            "until": item.until,
        },
    }


def report_json(result: ValidationResult, settings: ReportSettings, out: TextIO) -> None:
    write_json(validation_to_json(result, settings.strict), out, levels=2)
    out.write("\n")
