"""Validation: load an architecture, run every check, apply configured severities."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ictarch.findings import Finding, Location, Severity, count_by_severity
from ictarch.i18n import _
from ictarch.model.architecture import Architecture
from ictarch.model.loader import LoadResult, load_architecture
from ictarch.model.schema import INVALID_VALUE, closest, with_suggestion
from ictarch.model.yamlsource import Limits
from ictarch.rules import ALL_RULES, CHECKS, RULES_BY_NAME, find_rule

OFF = "off"


@dataclass(slots=True)
class ValidationResult:
    """What validating one or more architectures found."""

    architectures: list[Architecture] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def counts(self) -> dict[Severity, int]:
        return count_by_severity(self.findings)

    def failed(self, strict: bool = False) -> bool:
        counts = self.counts
        return counts[Severity.ERROR] > 0 or (strict and counts[Severity.WARNING] > 0)

    @property
    def element_count(self) -> int:
        return sum(len(a.elements) for a in self.architectures)

    @property
    def relation_count(self) -> int:
        return sum(a.relation_count() for a in self.architectures)


def validate_paths(paths: list[Path], limits: Limits | None = None) -> ValidationResult:
    """Validate each architecture; raises ArchitectureNotFound for a missing path."""
    result = ValidationResult()
    seen: set[tuple[Finding, str]] = set()
    for path in paths:
        loaded = validate_architecture(path, limits)
        if loaded.architecture is not None:
            result.architectures.append(loaded.architecture)
        for finding in loaded.findings:  # the same file may be reached from two paths
            if (finding, finding.message) not in seen:
                seen.add((finding, finding.message))
                result.findings.append(finding)
        result.sources.update(loaded.sources)
    result.findings.sort()
    return result


def validate_architecture(
    path: Path, limits: Limits | None = None, display_base: str | None = None
) -> LoadResult:
    """Load one architecture and run every check; findings come back sorted."""
    loaded = load_architecture(path, limits, display_base)
    architecture = loaded.architecture
    findings = list(loaded.findings)
    if architecture is not None:
        for check in CHECKS.values():
            findings.extend(check(architecture))
        severities, config_findings = resolve_severities(architecture)
        findings = apply_severities(findings, severities)
        findings.extend(config_findings)
    findings.sort()
    loaded.findings = findings
    return loaded


def resolve_severities(architecture: Architecture) -> tuple[dict[str, str], list[Finding]]:
    """The ``rules:`` section as code -> severity, and findings for entries that are wrong."""
    severities: dict[str, str] = {}
    problems: list[Finding] = []
    for key, severity in architecture.rules.items():
        where = architecture.rule_locations.get(key, Location(architecture.root_file, 1, 1))
        rule = find_rule(key)
        if rule is None:
            choices = [*ALL_RULES, *RULES_BY_NAME]
            suggestion = closest(key, choices)
            message = _("rules: unknown rule {rule!r}").format(rule=key)
            problems.append(
                INVALID_VALUE.finding(
                    with_suggestion(message, suggestion),
                    where,
                    args={"field": "rules", "value": key, "suggestion": suggestion},
                )
            )
            continue
        if not rule.configurable:
            problems.append(
                INVALID_VALUE.finding(
                    _(
                        "rules: {code} ({name}) is a loading problem and cannot be reconfigured"
                    ).format(code=rule.code, name=rule.name),
                    where,
                    args={"field": "rules", "value": key, "rule": rule.code},
                )
            )
            continue
        if severity == OFF or severity in Severity.__members__.values():
            severities[rule.code] = severity
        # any other value was reported by the schema check
    return severities, problems


def apply_severities(findings: list[Finding], severities: dict[str, str]) -> list[Finding]:
    if not severities:
        return findings
    adjusted: list[Finding] = []
    for finding in findings:
        wanted = severities.get(finding.code)
        if wanted is None:
            adjusted.append(finding)
        elif wanted != OFF:
            adjusted.append(finding.with_severity(Severity(wanted)))
    return adjusted
