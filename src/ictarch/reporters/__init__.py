"""Reporters: one per output format, all built from the same findings.

``REPORTERS`` doubles as the list of choices for ``validate --format``.
Each reporter writes a whole report to a text stream.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from ictarch.validation import ValidationResult


@dataclass(frozen=True, slots=True)
class ReportSettings:
    strict: bool = False
    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    show_waived: bool = False  # list accepted findings (waivers, baseline) in text and github


Reporter = Callable[[ValidationResult, ReportSettings, TextIO], None]


def _text(result: ValidationResult, settings: ReportSettings, out: TextIO) -> None:
    from ictarch.reporters.text import report_text

    report_text(result, settings, out)


def _json(result: ValidationResult, settings: ReportSettings, out: TextIO) -> None:
    from ictarch.reporters.json_report import report_json

    report_json(result, settings, out)


def _github(result: ValidationResult, settings: ReportSettings, out: TextIO) -> None:
    from ictarch.reporters.github import report_github

    report_github(result, settings, out)


def _sarif(result: ValidationResult, settings: ReportSettings, out: TextIO) -> None:
    from ictarch.reporters.sarif import report_sarif

    report_sarif(result, settings, out)


REPORTERS: dict[str, Reporter] = {
    "text": _text,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
}
