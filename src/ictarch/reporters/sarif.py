"""SARIF 2.1.0, for code hosts that show static-analysis results on pull requests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from ictarch import __version__
from ictarch.findings import Finding, Location, Rule, Severity, Suppressed
from ictarch.i18n import _
from ictarch.reporters import ReportSettings
from ictarch.rules import ALL_RULES
from ictarch.validation import ValidationResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


SOURCE_ROOT = "%SRCROOT%"


def source_root(cwd: Path | None = None) -> Path:
    """What file URIs are relative to: the top of the git repository holding the
    working directory, else the working directory. A run from a subdirectory
    then still names files by their path in the repository, as code scanning
    expects."""
    cwd = (cwd or Path.cwd()).absolute()
    for folder in (cwd, *cwd.parents):
        if (folder / ".git").exists():
            return folder
    return cwd


def artifact_location(file: str, root: Path, cwd: Path | None = None) -> dict[str, Any]:
    """A SARIF artifactLocation for a finding's file: a relative reference under
    ``%SRCROOT%`` when the file lies inside it, else an absolute ``file:`` URI.

    Every character outside RFC 3986's unreserved set and '/' is percent-encoded,
    ':' included: ``x:y.yaml`` would otherwise read as a URI of scheme ``x``.
    """
    absolute = Path(os.path.abspath((cwd or Path.cwd()) / file))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": SOURCE_ROOT}


def _location(where: Location, root: Path) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(where.file, root)}
    if where.line:
        physical["region"] = {"startLine": where.line, "startColumn": max(where.column, 1)}
    return {"physicalLocation": physical}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _(rule.summary)},
        "fullDescription": {
            "text": _("{summary} Example: {example}").format(
                summary=_(rule.summary), example=_(rule.example)
            )
        },
        "help": {"text": _(rule.fix)},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }


def _result(finding: Finding, rule_index: dict[str, int], root: Path) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.location, root)],
    }
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, **_location(where, root)} for number, where in enumerate(finding.related)
        ]
    if finding.element:
        result["properties"] = {"element": finding.element}
    return result


def _suppressed_result(item: Suppressed, rule_index: dict[str, int], root: Path) -> dict[str, Any]:
    """An accepted finding: a waiver is an in-source suppression, the baseline an external one."""
    result = _result(item.finding, rule_index, root)
    suppression: dict[str, Any] = {
        "kind": "inSource" if item.kind == "waiver" else "external",
        "justification": item.justification,
        "location": _location(item.where, root),
    }
    if item.until:
        suppression["properties"] = {"until": item.until}
    result["suppressions"] = [suppression]
    return result


def _results(
    result: ValidationResult, rule_index: dict[str, int], root: Path
) -> list[dict[str, Any]]:
    results = [_result(finding, rule_index, root) for finding in result.findings]
    suppressed = result.suppressed
    if suppressed:  # an empty list says "not suppressed"; absent would say "unknown"
        for item in results:
            item["suppressions"] = []
        results += [_suppressed_result(item, rule_index, root) for item in suppressed]
    return results


def sarif_document(result: ValidationResult, root: Path | None = None) -> dict[str, Any]:
    root = root or source_root()
    rules = list(ALL_RULES.values())
    rule_index = {rule.code: number for number, rule in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ictarch",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule_descriptor(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {SOURCE_ROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": _results(result, rule_index, root),
                "properties": {"state": result.state.to_json()},
            }
        ],
    }


def report_sarif(result: ValidationResult, settings: ReportSettings, out: TextIO) -> None:
    # unindented and in one piece: SARIF is read by tools, and Python's C encoder
    # only writes compact JSON in one piece (json.dump to a stream is pure Python,
    # 40 times slower)
    out.write(json.dumps(sarif_document(result), ensure_ascii=False))
    out.write("\n")
