"""Findings: the one record every check produces and every reporter reads.

A finding is immutable and carries its own location. Rules are described by
:class:`Rule`, which keeps a rule's code, name, default severity and
documentation together; ``Rule.finding`` is the only way findings are made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple, TypeAlias

from ictarch.i18n import N_

ArgValue: TypeAlias = str | int | float | bool | tuple[str, ...] | None
"""A value in a finding's structured data: an id, a count, a list of ids, ..."""

FindingArgs: TypeAlias = Mapping[str, ArgValue]
"""A finding's structured data (``args`` in JSON): what the message says, as values.

Baselines, the diff's matching of findings across versions and translated
messages work on these, never on the message text. Keys are stable and
documented per code in docs/rules.md; values are ids, numbers or lists of ids.
"""

_NO_ARGS: FindingArgs = {}  # shared by every finding without data; never mutated


class Severity(StrEnum):
    """How serious a finding is. ``off`` is only a configuration value."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

SEVERITY_LABELS = {
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.INFO: N_("info"),
}
"""How a severity is said to a person (translate with ``_``); machine formats use the value."""


class Location(NamedTuple):
    """A place in a source file; line and column count from 1 (0 means unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


MAX_MESSAGE_LENGTH = 500
"""Longer messages are cut: they quote a value of the file, which may be huge."""


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem, located. Ordered by file, line, column, then code."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    element: str | None = field(default=None, compare=False)
    related: tuple[Location, ...] = field(default=(), compare=False)
    args: FindingArgs = field(default_factory=lambda: _NO_ARGS, compare=False)

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)

    def with_severity(self, severity: Severity) -> Finding:
        return Finding(
            self.file,
            self.line,
            self.column,
            self.code,
            severity,
            self.message,
            self.element,
            self.related,
            self.args,
        )


@dataclass(frozen=True, slots=True)
class Rule:
    """A documented check. Codes are stable: a retired code is never reused."""

    code: str
    name: str
    severity: Severity
    summary: str
    example: str
    fix: str
    configurable: bool = True

    def finding(
        self,
        message: str,
        where: Location,
        element: str | None = None,
        related: tuple[Location, ...] = (),
        args: FindingArgs | None = None,
    ) -> Finding:
        if len(message) > MAX_MESSAGE_LENGTH:  # a value quoted from a hostile file
            message = message[: MAX_MESSAGE_LENGTH - 1] + "…"
        return Finding(
            where.file,
            where.line,
            where.column,
            self.code,
            self.severity,
            message,
            element,
            related,
            args if args else _NO_ARGS,
        )


class Suppressed(NamedTuple):
    """A finding that is accepted, so not counted: by a waiver on its element, or
    by a baseline file. ``where`` is the waiver (or the baseline file)."""

    finding: Finding
    kind: str  # "waiver" or "baseline"
    justification: str
    where: Location
    until: str | None = None  # the waiver's last day, YYYY-MM-DD


def count_by_severity(findings: list[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts
