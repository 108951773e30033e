"""Arrangements of a diff shared by the text and Markdown reports.

Pure data: elements grouped by layer, relation changes grouped by the element
that depends, values shortened for display, and the one-line headline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ictarch.diff.model import ArchitectureDiff, ElementSummary, FieldChange
from ictarch.i18n import N_, _
from ictarch.model.lifecycle import STATUS_LABELS
from ictarch.printable import one_line

MAX_VALUE_CHARACTERS = 160


def layer_order(diff: ArchitectureDiff) -> list[tuple[str, str]]:
    """(id, name) of every layer of either version: the new order, then old-only layers."""
    layers = list(diff.new.layers)
    known = {layer_id for layer_id, _ in layers}
    layers.extend(layer for layer in diff.old.layers if layer[0] not in known)
    return layers


def group_by_layer(
    diff: ArchitectureDiff, summaries: Iterable[ElementSummary]
) -> list[tuple[str, str, list[ElementSummary]]]:
    """(layer id, layer name, elements sorted by id) for every layer holding some."""
    groups: dict[str, list[ElementSummary]] = {}
    for summary in summaries:
        groups.setdefault(summary.layer, []).append(summary)
    ordered = [
        (layer_id, name, sorted(groups.pop(layer_id), key=lambda s: s.id))
        for layer_id, name in layer_order(diff)
        if layer_id in groups
    ]
    ordered.extend(
        (layer_id, layer_id, sorted(items, key=lambda s: s.id))
        for layer_id, items in sorted(groups.items())
    )
    return ordered


@dataclass(slots=True)
class ElementRelations:
    """The dependencies one element gained and lost."""

    source: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def relation_changes(
    diff: ArchitectureDiff,
) -> tuple[list[ElementRelations], dict[str, list[str]], int]:
    """Relation changes of the elements in both versions, grouped by the dependent.

    Also returns the dependencies of each added element (shown with it) and
    the number of relations that left with removed elements.
    """
    added_ids = {summary.id for summary in diff.added}
    removed_ids = {summary.id for summary in diff.removed}
    by_source: dict[str, ElementRelations] = {}
    of_added: dict[str, list[str]] = {}
    left_with_removed = 0
    renamed = {rename.old: rename.new for rename in diff.renamed}
    for source, target in diff.relations_added:
        if source in added_ids:
            of_added.setdefault(source, []).append(target)
        else:
            by_source.setdefault(source, ElementRelations(source)).added.append(target)
    for source, target in diff.relations_removed:
        if source in removed_ids:
            left_with_removed += 1
        else:
            key = renamed.get(source, source)
            by_source.setdefault(key, ElementRelations(key)).removed.append(target)
    return [by_source[key] for key in sorted(by_source)], of_added, left_with_removed


def required_change_text(target: str, required: bool) -> str:
    """How a diff says that a dependency became required or optional."""
    if required:
        return _("{target} is now required (was required: false)").format(target=target)
    return _("{target} is now optional (required: false)").format(target=target)


def short(value: Any, limit: int = MAX_VALUE_CHARACTERS) -> str:
    """A value as one line of text: lists joined with commas, long text cut with '…'."""
    if value is None:
        return _("(none)")
    if isinstance(value, list | tuple):
        text = ", ".join(short(item, limit) for item in value) if value else _("(none)")
    elif isinstance(value, dict):
        text = ", ".join(f"{key}: {short(item, limit)}" for key, item in value.items())
    else:
        text = str(value)
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def list_delta(change: FieldChange) -> str:
    """``+a +b -c`` for a list field."""
    parts = [f"+{short(item)}" for item in change.added]
    parts.extend(f"-{short(item)}" for item in change.removed)
    return " ".join(parts)


def headline(diff: ArchitectureDiff) -> str:
    """``quang-nam 1.0 → 2.0`` or the two sources when the versions are not named."""
    old, new = diff.old, diff.new
    if old.version and new.version:
        name = new.id if old.id == new.id else f"{old.id} → {new.id}"
        return f"{name} {old.version} → {new.version}"
    return f"{old.source} → {new.source}"


_SUMMARY_ROWS = (
    ("added", N_("Elements added")),
    ("removed", N_("Elements removed")),
    ("changed", N_("Elements changed")),
    ("renamed", N_("Elements renamed")),
    ("moved", N_("Elements moved between layers")),
    ("relations_added", N_("Relations added")),
    ("relations_removed", N_("Relations removed")),
    ("any_of_changed", N_("any_of groups changed")),
    ("architecture_changed", N_("Metadata, layer, view and rule changes")),
    ("impacted", N_("Removed or retiring elements still needed")),
    ("findings_introduced", N_("Findings introduced")),
    ("findings_resolved", N_("Findings resolved")),
)


def summary_rows(diff: ArchitectureDiff) -> list[tuple[str, str, int]]:
    """(key, label, count) for the summary table, every row always present."""
    counts = diff.summary()
    return [(key, _(label), counts[key]) for key, label in _SUMMARY_ROWS]


def element_details(kind: str | None, status: str | None) -> str:
    """``integration-platform, operational`` (the status in the current language)."""
    return ", ".join(filter(None, (kind, _(STATUS_LABELS[status]) if status else None)))


def status_label(status: str | None) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else str(status)
