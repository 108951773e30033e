"""Reporters: one per output format, all built from the same records.

``REPORTERS`` (validate), ``IMPACT_REPORTERS``, ``ANALYSIS_REPORTERS``,
``CONFORMANCE_REPORTERS`` and ``ROADMAP_REPORTERS`` double
as the choices of the commands' ``--format``. Each reporter writes a whole
report to a text stream and takes a typed settings object. Entries import their
module on first use (:func:`ictarch.registry.lazy`), so the registries cost
nothing to list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from ictarch.registry import lazy

if TYPE_CHECKING:
    from ictarch.analysis import Analysis
    from ictarch.graph.resilience import FailureResult
    from ictarch.merger.consolidate import ConsolidationReport
    from ictarch.model.architecture import Architecture
    from ictarch.reporters.conformance import ConformanceReport
    from ictarch.roadmap import Roadmap
    from ictarch.validation import ValidationResult


@dataclass(frozen=True, slots=True)
class ReportSettings:
    strict: bool = False
    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    show_waived: bool = False  # list accepted findings (waivers, baseline) in text and github


@dataclass(frozen=True, slots=True)
class ResilienceSettings:
    """Settings of the impact and analyze reports."""

    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    full_chains: bool = False  # JSON: every chain of failures whole, however long


@dataclass(frozen=True, slots=True)
class ConformanceSettings:
    """Settings of the conformance reports."""

    color: bool | None = None  # None: decide from the terminal and NO_COLOR


Reporter = Callable[["ValidationResult", ReportSettings, TextIO], None]
ImpactReporter = Callable[["Architecture", "FailureResult", ResilienceSettings, TextIO], None]
AnalysisReporter = Callable[["Architecture", "Analysis", ResilienceSettings, TextIO], None]
ConformanceReporter = Callable[["ConformanceReport", ConformanceSettings, TextIO], None]
RoadmapReporter = Callable[["Roadmap", TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "text": lazy("ictarch.reporters.text", "report_text"),
    "json": lazy("ictarch.reporters.json_report", "report_json"),
    "github": lazy("ictarch.reporters.github", "report_github"),
    "sarif": lazy("ictarch.reporters.sarif", "report_sarif"),
}
IMPACT_REPORTERS: dict[str, ImpactReporter] = {
    "text": lazy("ictarch.reporters.resilience", "report_impact_text"),
    "json": lazy("ictarch.reporters.resilience", "report_impact_json"),
    "markdown": lazy("ictarch.reporters.resilience", "report_impact_markdown"),
}
ANALYSIS_REPORTERS: dict[str, AnalysisReporter] = {
    "text": lazy("ictarch.reporters.resilience", "report_analysis_text"),
    "json": lazy("ictarch.reporters.resilience", "report_analysis_json"),
    "markdown": lazy("ictarch.reporters.resilience", "report_analysis_markdown"),
}
CONFORMANCE_REPORTERS: dict[str, ConformanceReporter] = {
    "text": lazy("ictarch.reporters.conformance", "report_text"),
    "markdown": lazy("ictarch.reporters.conformance", "report_markdown"),
    "json": lazy("ictarch.reporters.conformance", "report_json"),
}
CONSOLIDATION_REPORTERS: dict[str, Callable[[ConsolidationReport, TextIO], None]] = {
    "text": lazy("ictarch.reporters.consolidation", "report_text"),
    "markdown": lazy("ictarch.reporters.consolidation", "report_markdown"),
    "json": lazy("ictarch.reporters.consolidation", "report_json"),
}
"""The formats of ``ictarch consolidate``."""

ROADMAP_REPORTERS: dict[str, RoadmapReporter] = {
    "text": lazy("ictarch.reporters.roadmap", "report_text"),
    "markdown": lazy("ictarch.reporters.roadmap", "report_markdown"),
    "mermaid": lazy("ictarch.reporters.roadmap", "report_mermaid"),
    "json": lazy("ictarch.reporters.roadmap", "report_json"),
}
