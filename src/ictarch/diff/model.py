"""What a semantic diff of two architecture versions holds, as plain data.

Built by :func:`ictarch.diff.compare.compare_architectures` (the model),
:func:`ictarch.diff.impact.compute_impact` (what removals and retirements put
at risk) and :func:`ictarch.diff.findings_diff.compare_findings`; read by the
reporters and the drawing. Every list is sorted, so two runs on the same
inputs give the same report byte for byte.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ictarch.findings import Finding, Severity
from ictarch.i18n import _
from ictarch.model.lifecycle import CURRENT, State, Status

Relation = tuple[str, str]
"""A dependency edge ``(from, to)``: ``from`` depends on ``to``."""

REMOVED = "removed"
RETIRED = Status.RETIRED.value
DEPRECATED = Status.DEPRECATED.value


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's old and new value; lists also say which items came and went."""

    old: Any
    new: Any
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()
    is_list: bool = False


class ElementSummary(NamedTuple):
    """Who an element is, for reports: enough to name it and place it in its layer.

    A named tuple: a diff makes one for every element of the new version.
    """

    id: str
    name: str
    layer: str
    kind: str | None
    status: str


@dataclass(frozen=True, slots=True)
class ElementChange:
    """An element present in both versions (by id or through ``renamed_from``) that differs."""

    id: str
    old_id: str
    name: str
    layer: str
    fields: dict[str, FieldChange]

    @property
    def renamed(self) -> bool:
        return self.id != self.old_id


@dataclass(frozen=True, slots=True)
class Rename:
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class RenameProblem:
    """A ``renamed_from`` of a new element that the diff could not follow."""

    element: str
    renamed_from: str
    reason: str  # "not-in-old": no such element in OLD; "still-defined": NEW has it too
    suggestion: str | None = None  # the old id it probably means

    def message(self) -> str:
        from ictarch.i18n import _

        if self.reason == "still-defined":
            return _(
                "{element!r} says renamed_from {old!r}, but {old!r} still exists in the new "
                "version: not treated as a rename"
            ).format(element=self.element, old=self.renamed_from)
        if self.suggestion:
            return _(
                "{element!r} says renamed_from {old!r}, which is no element of the old "
                "version; did you mean {suggestion!r}? Shown as added"
            ).format(element=self.element, old=self.renamed_from, suggestion=self.suggestion)
        return _(
            "{element!r} says renamed_from {old!r}, which is no element of the old version; "
            "shown as added"
        ).format(element=self.element, old=self.renamed_from)


@dataclass(frozen=True, slots=True)
class GroupChange:
    """An ``any_of`` group that appeared, disappeared, or gained or lost alternatives.

    ``old`` is empty for a new group and ``new`` empty for a removed one. Ids in
    ``old`` and ``removed`` are spelled as in the old version.
    """

    source: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def kind(self) -> str:
        if not self.old:
            return "added"
        if not self.new:
            return "removed"
        return "changed"


@dataclass(slots=True)
class SectionChanges:
    """Changes to a list of named things (layers or views), matched by id."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, FieldChange]] = field(default_factory=dict)
    order: FieldChange | None = None

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.order)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed) + (1 if self.order else 0)


@dataclass(frozen=True, slots=True)
class ImpactEntry:
    """What still depends on an element that is removed, deprecated or retired.

    ``affected`` are the elements of the new version that go down with it,
    directly or transitively (an ``any_of`` group with a surviving alternative
    keeps its element up: those are in ``degraded``; an element that only loses a
    ``required: false`` dependency stays up too: those are in ``lost``). ``by_layer``
    groups ``affected`` by layer, top to bottom.
    """

    id: str
    name: str
    layer: str
    reason: str  # removed | deprecated | retired
    old_status: str
    new_status: str | None
    affected: tuple[str, ...]
    by_layer: dict[str, tuple[str, ...]]
    degraded: dict[str, tuple[str, ...]]
    causes: dict[str, str]
    lost: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def breaking(self) -> bool:
        """A removal or retirement that something in the new version still needs."""
        return self.reason in (REMOVED, RETIRED) and bool(self.affected)


@dataclass(slots=True)
class FindingsDiff:
    """Findings the new version has and the old had not, the reverse, and those reworded."""

    introduced: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    changed: list[tuple[Finding, Finding]] = field(default_factory=list)
    """(old, new): the same code about the same element, with another message."""

    @property
    def introduced_errors(self) -> list[Finding]:
        return [f for f in self.introduced if f.severity is Severity.ERROR]


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One side of the diff: where it came from and what it is."""

    source: str
    id: str
    name: str
    version: str | None
    elements: int
    relations: int
    layers: tuple[tuple[str, str], ...]  # (id, name), top to bottom


@dataclass(slots=True)
class ArchitectureDiff:
    """Everything that differs between two versions of an architecture."""

    old: VersionInfo
    new: VersionInfo
    added: list[ElementSummary] = field(default_factory=list)
    removed: list[ElementSummary] = field(default_factory=list)
    changed: list[ElementChange] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    rename_problems: list[RenameProblem] = field(default_factory=list)
    relations_added: list[Relation] = field(default_factory=list)
    relations_removed: list[Relation] = field(default_factory=list)
    # (from, to, required now) for a dependency in both versions whose required: false
    # flag changed (ids as in the new version)
    relations_required_changed: list[tuple[str, str, bool]] = field(default_factory=list)
    groups: list[GroupChange] = field(default_factory=list)
    metadata: dict[str, FieldChange] = field(default_factory=dict)
    layers: SectionChanges = field(default_factory=SectionChanges)
    views: SectionChanges = field(default_factory=SectionChanges)
    rules: dict[str, FieldChange] = field(default_factory=dict)
    impact: list[ImpactEntry] = field(default_factory=list)
    findings: FindingsDiff = field(default_factory=FindingsDiff)
    elements: dict[str, ElementSummary] = field(default_factory=dict)
    """Every element the diff mentions, by id (new version first, then old)."""
    state: State = CURRENT
    """The state the impact and the findings answer for (see docs/lifecycle.md)."""
    dates: tuple[datetime.date, datetime.date] | None = None
    """For a diff of one architecture over time: the two days compared."""

    def state_line(self) -> str:
        """What the report says about the state it used."""
        if self.dates is not None:
            return _(
                "one architecture over time: as it is on {old} and on {new} (since and until "
                "dates decide, the status where there are none)"
            ).format(old=self.dates[0].isoformat(), new=self.dates[1].isoformat())
        return self.state.describe()

    @property
    def moved(self) -> list[ElementChange]:
        """Changed elements whose layer changed."""
        return [change for change in self.changed if "layer" in change.fields]

    @property
    def breaking(self) -> list[ImpactEntry]:
        return [entry for entry in self.impact if entry.breaking]

    @property
    def architecture_changes(self) -> int:
        return len(self.metadata) + self.layers.count + self.views.count + len(self.rules)

    @property
    def model_changed(self) -> bool:
        """Whether the architecture itself differs (findings aside)."""
        return bool(
            self.added
            or self.removed
            or self.changed
            or self.renamed
            or self.relations_added
            or self.relations_removed
            or self.relations_required_changed
            or self.groups
            or self.architecture_changes
        )

    def summary(self) -> dict[str, int]:
        """Counts of each kind of change, in a fixed order."""
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "renamed": len(self.renamed),
            "moved": len(self.moved),
            "relations_added": len(self.relations_added),
            "relations_removed": len(self.relations_removed),
            "any_of_changed": len(self.groups),
            "architecture_changed": self.architecture_changes,
            "impacted": sum(1 for entry in self.impact if entry.affected),
            "breaking": len(self.breaking),
            "findings_introduced": len(self.findings.introduced),
            "findings_resolved": len(self.findings.resolved),
            "findings_changed": len(self.findings.changed),
        }

    def describe(self, element_id: str) -> ElementSummary:
        """The summary of an element the diff mentions (a stub for an unknown id)."""
        found = self.elements.get(element_id)
        if found is None:
            return ElementSummary(element_id, element_id, "", None, "")
        return found
