"""The Markdown diff report, meant to be posted as a pull-request comment.

A summary table of counts, then one collapsible ``<details>`` section per kind
of change. Everything that comes from the architecture goes through
:func:`escape_markdown`, so a name holding ``|``, ``<``, backticks, ``*`` or
``@`` cannot break a table, inject HTML, or mention (and notify) anyone. Long
sections are cut (the JSON report holds everything) so that the comment stays
under the size code hosts accept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from ictarch.diff.model import ArchitectureDiff, FieldChange, SectionChanges
from ictarch.diff.presentation import (
    group_by_layer,
    headline,
    layer_order,
    list_delta,
    relation_changes,
    short,
    summary_rows,
)
from ictarch.findings import Finding
from ictarch.markdown import escape_markdown

if TYPE_CHECKING:
    from ictarch.diff import DiffReportSettings

MAX_ROWS = 200
"""Rows per section before the rest is summarised (a comment is limited to 65,536 characters)."""
MARKER = "<!-- ictarch-diff -->"
"""First line of the report, for CI scripts that update their previous comment."""


def _code(text: object) -> str:
    """An id shown in monospace (``<code>`` so that the content can be escaped)."""
    return f"<code>{escape_markdown(text)}</code>"


def _value(value: object) -> str:
    return escape_markdown(short(value, 300))


def report_markdown(diff: ArchitectureDiff, settings: DiffReportSettings, out: TextIO) -> None:
    out.write("\n".join(markdown_lines(diff, settings)))
    out.write("\n")


def markdown_lines(diff: ArchitectureDiff, settings: DiffReportSettings) -> Iterator[str]:
    yield MARKER
    yield f"### Architecture diff: {escape_markdown(headline(diff))}"
    yield ""
    yield (
        f"{_code(diff.old.source)} ({diff.old.elements} elements, {diff.old.relations} "
        f"relations) → {_code(diff.new.source)} ({diff.new.elements} elements, "
        f"{diff.new.relations} relations)"
    )
    yield ""
    yield escape_markdown(diff.state_line())
    yield ""
    if not diff.model_changed and not (diff.findings.introduced or diff.findings.resolved):
        yield "No changes."
        return
    if diff.breaking:
        ids = ", ".join(_code(entry.id) for entry in diff.breaking)
        yield (
            f"> [!CAUTION]\n> **Breaking:** {ids} removed or retired while the new version "
            "still depends on it (see Impact)."
        )
        yield ""
    errors = diff.findings.introduced_errors
    if errors:
        yield (
            f"> [!WARNING]\n> This change introduces {len(errors)} error-level "
            f"finding(s): {', '.join(sorted({_code(f.code) for f in errors}))}."
        )
        yield ""
    yield "| Change | Count |"
    yield "|---|---:|"
    for label, count in summary_rows(diff):
        yield f"| {label} | {count if count else '–'} |"
    yield ""
    if settings.rendered:
        yield f"Drawing of the change: {_code(settings.rendered)}"
        yield ""
    yield from _renamed(diff)
    yield from _added(diff)
    yield from _removed(diff)
    yield from _changed(diff)
    yield from _relations(diff)
    yield from _architecture(diff)
    yield from _impact(diff)
    yield from _findings(diff)


def _details(title: str, count: int, rows: list[str], open_: bool = False) -> Iterator[str]:
    yield f"<details{' open' if open_ else ''}><summary><b>{title}</b> ({count})</summary>"
    yield ""
    yield from rows
    yield ""
    yield "</details>"
    yield ""


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows[:MAX_ROWS])
    if len(rows) > MAX_ROWS:
        lines.append("")
        lines.append(f"… and {len(rows) - MAX_ROWS} more (see `ictarch diff --format json`).")
    return lines


def _renamed(diff: ArchitectureDiff) -> Iterator[str]:
    if not diff.renamed:
        return
    rows = [
        [_code(rename.old), _code(rename.new), escape_markdown(diff.describe(rename.new).name)]
        for rename in diff.renamed
    ]
    yield from _details("Renamed", len(rows), _table(["Old id", "New id", "Name"], rows))


def _added(diff: ArchitectureDiff) -> Iterator[str]:
    if not diff.added:
        return
    _, of_added, _ = relation_changes(diff)
    rows = [
        [
            escape_markdown(layer_name),
            _code(summary.id),
            escape_markdown(summary.name),
            escape_markdown(summary.kind or ""),
            escape_markdown(summary.status),
            ", ".join(_code(target) for target in of_added.get(summary.id, ())),
        ]
        for _, layer_name, summaries in group_by_layer(diff, diff.added)
        for summary in summaries
    ]
    header = ["Layer", "Id", "Name", "Kind", "Status", "Depends on"]
    yield from _details("Added elements", len(rows), _table(header, rows))


def _removed(diff: ArchitectureDiff) -> Iterator[str]:
    if not diff.removed:
        return
    rows = [
        [
            escape_markdown(layer_name),
            _code(summary.id),
            escape_markdown(summary.name),
            escape_markdown(summary.kind or ""),
            escape_markdown(summary.status),
        ]
        for _, layer_name, summaries in group_by_layer(diff, diff.removed)
        for summary in summaries
    ]
    header = ["Layer", "Id", "Name", "Kind", "Was"]
    yield from _details("Removed elements", len(rows), _table(header, rows))


def _field_cells(change: FieldChange) -> list[str]:
    if change.is_list:
        return [escape_markdown(list_delta(change)), ""]
    return [_value(change.old), _value(change.new)]


def _changed(diff: ArchitectureDiff) -> Iterator[str]:
    if not diff.changed:
        return
    rows: list[list[str]] = []
    for change in diff.changed:
        label = _code(change.id)
        if change.renamed:
            label += f" (was {_code(change.old_id)})"
        for name, field_change in change.fields.items():
            rows.append([label, escape_markdown(name), *_field_cells(field_change)])
            label = ""
    header = ["Element", "Field", "Old (or +added -removed)", "New"]
    yield from _details("Changed elements", len(diff.changed), _table(header, rows))


def _relations(diff: ArchitectureDiff) -> Iterator[str]:
    by_element, of_added, left_with_removed = relation_changes(diff)
    if not (by_element or diff.groups or of_added or left_with_removed):
        return
    rows = [
        [
            _code(change.source),
            ", ".join(_code(target) for target in change.added),
            ", ".join(_code(target) for target in change.removed),
        ]
        for change in by_element
    ]
    lines = _table(["Element", "Now depends on", "No longer depends on"], rows) if rows else []
    of_added_count = sum(len(targets) for targets in of_added.values())
    if of_added_count or left_with_removed:
        lines += [
            "",
            f"Also {of_added_count} relation(s) of added elements (listed with them) and "
            f"{left_with_removed} that left with removed elements.",
        ]
    if diff.groups:
        group_rows = [
            [
                _code(group.source),
                group.kind,
                ", ".join(_code(t) for t in group.old) or "–",
                ", ".join(_code(t) for t in group.new) or "–",
            ]
            for group in diff.groups
        ]
        lines += ["", "**any_of groups (redundancy)**", ""]
        lines += _table(["Element", "Change", "Old alternatives", "New alternatives"], group_rows)
    total = len(diff.relations_added) + len(diff.relations_removed) + len(diff.groups)
    yield from _details("Relations", total, lines)


def _section_rows(kind: str, section: SectionChanges) -> list[list[str]]:
    rows = [[f"{kind} {_code(key)}", "added", "", ""] for key in section.added]
    rows += [[f"{kind} {_code(key)}", "removed", "", ""] for key in section.removed]
    for key, fields in section.changed.items():
        for name, change in fields.items():
            rows.append([f"{kind} {_code(key)}", escape_markdown(name), *_field_cells(change)])
    if section.order is not None:
        rows.append([f"{kind}s", "order", *_field_cells(section.order)])
    return rows


def _architecture(diff: ArchitectureDiff) -> Iterator[str]:
    if not diff.architecture_changes:
        return
    rows = [
        ["metadata", escape_markdown(name), *_field_cells(change)]
        for name, change in diff.metadata.items()
    ]
    rows += _section_rows("layer", diff.layers)
    rows += _section_rows("view", diff.views)
    rows += [
        ["rules", escape_markdown(name), *_field_cells(change)]
        for name, change in diff.rules.items()
    ]
    header = ["Where", "What", "Old", "New"]
    yield from _details(
        "Metadata, layers, views and rules", diff.architecture_changes, _table(header, rows)
    )


def _impact(diff: ArchitectureDiff) -> Iterator[str]:
    if not diff.impact:
        return
    layer_names = dict(layer_order(diff))
    rows: list[list[str]] = []
    for entry in diff.impact:
        what = "removed" if entry.new_status is None else f"{entry.old_status} → {entry.new_status}"
        if entry.affected:
            affected = "<br>".join(
                f"{escape_markdown(layer_names.get(layer, layer))}: "
                + ", ".join(_code(element) for element in ids)
                for layer, ids in entry.by_layer.items()
            )
        else:
            affected = "nothing depends on it any more"
        degraded = ", ".join(
            f"{_code(element)} (on {', '.join(_code(s) for s in survivors)})"
            for element, survivors in entry.degraded.items()
        )
        mark = "✖ breaking" if entry.breaking else ("⚠" if entry.affected else "✔")
        rows.append([f"{mark} {_code(entry.id)}", what, affected, degraded or "–"])
    header = ["Element", "Change", "Still depending on it (by layer)", "Kept up by redundancy"]
    yield from _details(
        "Impact of removals and retirements",
        len(rows),
        _table(header, rows),
        open_=bool(diff.breaking),
    )


def _finding_row(mark: str, finding: Finding, was: str | None = None) -> list[str]:
    message = escape_markdown(finding.message)
    if was is not None:
        message += f"<br><sub>was: {escape_markdown(was)}</sub>"
    return [
        mark,
        finding.severity.value,
        _code(finding.code),
        _code(finding.element or ""),
        message,
        _code(finding.location),
    ]


def _findings(diff: ArchitectureDiff) -> Iterator[str]:
    findings = diff.findings
    rows = [_finding_row("introduced", finding) for finding in findings.introduced]
    rows += [_finding_row("resolved", finding) for finding in findings.resolved]
    rows += [_finding_row("reworded", new, old.message) for old, new in findings.changed]
    if not rows:
        return
    header = ["", "Severity", "Code", "Element", "Message", "Where"]
    yield from _details(
        "Findings introduced and resolved",
        len(findings.introduced) + len(findings.resolved),
        _table(header, rows),
        open_=bool(findings.introduced_errors),
    )
