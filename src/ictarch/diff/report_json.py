"""The JSON diff report: a stable, documented shape for scripts (docs/diff.md).

Keys are never renamed or removed within a ``version``; new keys may be added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from ictarch import __version__
from ictarch.diff.model import ArchitectureDiff, FieldChange, SectionChanges, VersionInfo
from ictarch.jsonwriter import write_json
from ictarch.reporters.json_report import finding_to_json

if TYPE_CHECKING:
    from ictarch.diff import DiffReportSettings

JSON_DIFF_VERSION = 1


def field_change_to_json(change: FieldChange) -> dict[str, Any]:
    data: dict[str, Any] = {"old": change.old, "new": change.new}
    if change.is_list:
        data["added"] = list(change.added)
        data["removed"] = list(change.removed)
    return data


def _fields(fields: dict[str, FieldChange]) -> dict[str, Any]:
    return {name: field_change_to_json(change) for name, change in fields.items()}


def _section(section: SectionChanges) -> dict[str, Any]:
    return {
        "added": section.added,
        "removed": section.removed,
        "changed": {key: _fields(fields) for key, fields in section.changed.items()},
        "order": None if section.order is None else field_change_to_json(section.order),
    }


def _version(info: VersionInfo) -> dict[str, Any]:
    return {
        "source": info.source,
        "id": info.id,
        "name": info.name,
        "version": info.version,
        "elements": info.elements,
        "relations": info.relations,
    }


def diff_to_json(diff: ArchitectureDiff) -> dict[str, Any]:
    """The diff as JSON-ready data (the shape documented in docs/diff.md)."""
    mentioned: set[str] = {s.id for s in diff.added} | {s.id for s in diff.removed}
    mentioned.update(change.id for change in diff.changed)
    for rename in diff.renamed:
        mentioned.update((rename.old, rename.new))
    for entry in diff.impact:
        mentioned.add(entry.id)
        mentioned.update(entry.affected)
    removed_ids = {summary.id for summary in diff.removed}
    index: dict[str, Any] = {}
    for element_id in sorted(mentioned):
        summary = diff.describe(element_id)
        index[element_id] = {
            "name": summary.name,
            "layer": summary.layer,
            "kind": summary.kind,
            "status": summary.status,
            "version": "old" if element_id in removed_ids else "new",
        }
    return {
        "format": JSON_DIFF_VERSION,
        "report": "diff",
        "ictarch": __version__,
        "old": _version(diff.old),
        "new": _version(diff.new),
        "state": diff.state.to_json(),
        "dates": [day.isoformat() for day in diff.dates] if diff.dates else None,
        "summary": diff.summary(),
        "elements": {
            "added": [summary.id for summary in diff.added],
            "removed": [summary.id for summary in diff.removed],
            "changed": [
                {"id": change.id, "old_id": change.old_id, "fields": _fields(change.fields)}
                for change in diff.changed
            ],
            "renamed": [{"old": rename.old, "new": rename.new} for rename in diff.renamed],
            "rename_problems": [
                {
                    "element": problem.element,
                    "renamed_from": problem.renamed_from,
                    "reason": problem.reason,
                    "suggestion": problem.suggestion,
                    "message": problem.message(),
                }
                for problem in diff.rename_problems
            ],
            "moved": [
                {
                    "id": change.id,
                    "old": change.fields["layer"].old,
                    "new": change.fields["layer"].new,
                }
                for change in diff.moved
            ],
            "index": index,
        },
        "relations": {
            "added": [list(relation) for relation in diff.relations_added],
            "removed": [list(relation) for relation in diff.relations_removed],
            "required_changed": [
                {"from": source, "to": target, "required": required}
                for source, target, required in diff.relations_required_changed
            ],
            "any_of": [
                {
                    "from": group.source,
                    "change": group.kind,
                    "old": list(group.old),
                    "new": list(group.new),
                    "added": list(group.added),
                    "removed": list(group.removed),
                }
                for group in diff.groups
            ],
        },
        "architecture": {
            "metadata": _fields(diff.metadata),
            "layers": _section(diff.layers),
            "views": _section(diff.views),
            "rules": _fields(diff.rules),
        },
        "impact": {entry.id: list(entry.affected) for entry in diff.impact},
        "impact_details": [
            {
                "id": entry.id,
                "reason": entry.reason,
                "old_status": entry.old_status,
                "new_status": entry.new_status,
                "breaking": entry.breaking,
                "affected_by_layer": {layer: list(ids) for layer, ids in entry.by_layer.items()},
                "degraded": {
                    key: list(alternatives) for key, alternatives in entry.degraded.items()
                },
                "causes": entry.causes,
                "lost": {key: list(gone) for key, gone in entry.lost.items()},
            }
            for entry in diff.impact
        ],
        "findings": {
            "introduced": [finding_to_json(finding) for finding in diff.findings.introduced],
            "resolved": [finding_to_json(finding) for finding in diff.findings.resolved],
            "changed": [
                {"old": finding_to_json(old), "new": finding_to_json(new)}
                for old, new in diff.findings.changed
            ],
        },
    }


def report_json(diff: ArchitectureDiff, settings: DiffReportSettings, out: TextIO) -> None:
    data = diff_to_json(diff)
    data["rendered"] = settings.rendered
    # Lists of ids one per line, each change or finding on one line.
    write_json(data, out, levels=3)
    out.write("\n")
