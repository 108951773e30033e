"""Semantic diff of two architecture versions, and its presentation.

Data flows sources -> build (load, validate, compare, impact, findings) ->
:class:`~ictarch.diff.model.ArchitectureDiff` -> a reporter or the drawing.
The core modules (``model``, ``compare``, ``impact``, ``findings_diff``,
``sources``, ``build``) return data and never print. Two registries are
written out here and double as the command's choices: ``DIFF_REPORTERS``
(``--format``) and ``FAIL_CONDITIONS`` (``--fail-on``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from ictarch.i18n import N_
from ictarch.registry import lazy

if TYPE_CHECKING:
    from ictarch.diff.model import ArchitectureDiff


@dataclass(frozen=True, slots=True)
class DiffReportSettings:
    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    rendered: str | None = None  # the file written by --render, to mention in the report


DiffReporter = Callable[["ArchitectureDiff", DiffReportSettings, TextIO], None]

DIFF_REPORTERS: dict[str, DiffReporter] = {
    "text": lazy("ictarch.diff.report_text", "report_text"),
    "markdown": lazy("ictarch.diff.report_markdown", "report_markdown"),
    "json": lazy("ictarch.diff.report_json", "report_json"),
}


@dataclass(frozen=True, slots=True)
class FailCondition:
    help: str
    met: Callable[[ArchitectureDiff], bool]


FAIL_CONDITIONS: dict[str, FailCondition] = {
    "added": FailCondition(N_("an element was added"), lambda d: bool(d.added)),
    "removed": FailCondition(
        N_("an element was removed (a rename is not a removal)"), lambda d: bool(d.removed)
    ),
    "changed": FailCondition(
        N_("an element changed: a field, its layer, or its id (rename)"),
        lambda d: bool(d.changed or d.renamed),
    ),
    "relations": FailCondition(
        N_("a dependency or an any_of group was added, removed or changed"),
        lambda d: bool(
            d.relations_added or d.relations_removed or d.relations_required_changed or d.groups
        ),
    ),
    "breaking": FailCondition(
        N_("an element was removed or retired while the new version still depends on it"),
        lambda d: bool(d.breaking),
    ),
    "new-errors": FailCondition(
        N_("the new version has error-level findings the old one had not"),
        lambda d: bool(d.findings.introduced_errors),
    ),
    "new-findings": FailCondition(
        N_("the new version has findings (any severity) the old one had not"),
        lambda d: bool(d.findings.introduced),
    ),
    "any": FailCondition(
        N_("anything differs: elements, relations, metadata, layers, views, rules or findings"),
        lambda d: d.model_changed or bool(d.findings.introduced or d.findings.resolved),
    ),
}


def conditions_met(diff: ArchitectureDiff, names: list[str]) -> list[str]:
    """The ``--fail-on`` conditions (by name) that the diff meets, in the order given."""
    return [name for name in dict.fromkeys(names) if FAIL_CONDITIONS[name].met(diff)]
