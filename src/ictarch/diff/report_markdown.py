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
    required_change_text,
    short,
    status_label,
    summary_rows,
)
from ictarch.findings import SEVERITY_LABELS, Finding
from ictarch.i18n import _, ngettext
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
    yield "### " + _("Architecture diff: {headline}").format(
        headline=escape_markdown(headline(diff))
    )
    yield ""
    yield _("{old} ({old_counts}) → {new} ({new_counts})").format(
        old=_code(diff.old.source),
        old_counts=_counts(diff.old.elements, diff.old.relations),
        new=_code(diff.new.source),
        new_counts=_counts(diff.new.elements, diff.new.relations),
    )
    yield ""
    yield escape_markdown(diff.state_line())
    yield ""
    if not diff.model_changed and not (diff.findings.introduced or diff.findings.resolved):
        yield _("No changes.")
        return
    if diff.breaking:
        ids = ", ".join(_code(entry.id) for entry in diff.breaking)
        yield "> [!CAUTION]\n> " + _(
            "**Breaking:** {ids} removed or retired while the new version still depends on it "
            "(see Impact)."
        ).format(ids=ids)
        yield ""
    errors = diff.findings.introduced_errors
    if errors:
        codes = ", ".join(sorted({_code(f.code) for f in errors}))
        yield "> [!WARNING]\n> " + ngettext(
            "This change introduces {count} error-level finding: {codes}.",
            "This change introduces {count} error-level findings: {codes}.",
            len(errors),
        ).format(count=len(errors), codes=codes)
        yield ""
    headers = (_("Change"), _("Count"))
    yield f"| {' | '.join(headers)} |"
    yield "|---|---:|"
    for _key, label, count in summary_rows(diff):
        yield f"| {label} | {count if count else '–'} |"
    yield ""
    if settings.rendered:
        yield _("Drawing of the change: {file}").format(file=_code(settings.rendered))
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
        lines.append(
            "… "
            + _("and {count} more (see `ictarch diff --format json`).").format(
                count=len(rows) - MAX_ROWS
            )
        )

    return lines


def _counts(elements: int, relations: int) -> str:
    return _("{elements}, {relations}").format(
        elements=ngettext("{count} element", "{count} elements", elements).format(count=elements),
        relations=ngettext("{count} relation", "{count} relations", relations).format(
            count=relations
        ),
    )


def _renamed(diff: ArchitectureDiff) -> Iterator[str]:
    for problem in diff.rename_problems:
        yield f"> [!WARNING]\n> {escape_markdown(problem.message())}"
        yield ""
    if not diff.renamed:
        return
    rows = [
        [_code(rename.old), _code(rename.new), escape_markdown(diff.describe(rename.new).name)]
        for rename in diff.renamed
    ]
    yield from _details(
        _("Renamed"), len(rows), _table([_("Old id"), _("New id"), _("Name")], rows)
    )


def _added(diff: ArchitectureDiff) -> Iterator[str]:
    if not diff.added:
        return
    of_added = relation_changes(diff)[1]
    rows = [
        [
            escape_markdown(layer_name),
            _code(summary.id),
            escape_markdown(summary.name),
            escape_markdown(summary.kind or ""),
            escape_markdown(status_label(summary.status)),
            ", ".join(_code(target) for target in of_added.get(summary.id, ())),
        ]
        for _layer_id, layer_name, summaries in group_by_layer(diff, diff.added)
        for summary in summaries
    ]
    header = [_("Layer"), _("Id"), _("Name"), _("Kind"), _("Status"), _("Depends on")]
    yield from _details(_("Added elements"), len(rows), _table(header, rows))


def _removed(diff: ArchitectureDiff) -> Iterator[str]:
    if not diff.removed:
        return
    rows = [
        [
            escape_markdown(layer_name),
            _code(summary.id),
            escape_markdown(summary.name),
            escape_markdown(summary.kind or ""),
            escape_markdown(status_label(summary.status)),
        ]
        for _layer_id, layer_name, summaries in group_by_layer(diff, diff.removed)
        for summary in summaries
    ]
    header = [_("Layer"), _("Id"), _("Name"), _("Kind"), _("Was")]
    yield from _details(_("Removed elements"), len(rows), _table(header, rows))


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
            label += " " + _("(was {details})").format(details=_code(change.old_id))
        for name, field_change in change.fields.items():
            rows.append([label, escape_markdown(name), *_field_cells(field_change)])
            label = ""
    header = [_("Element"), _("Field"), _("Old (or +added -removed)"), _("New")]
    yield from _details(_("Changed elements"), len(diff.changed), _table(header, rows))


def _relations(diff: ArchitectureDiff) -> Iterator[str]:
    by_element, of_added, left_with_removed = relation_changes(diff)
    if not (
        by_element
        or diff.groups
        or of_added
        or left_with_removed
        or diff.relations_required_changed
    ):
        return
    rows = [
        [
            _code(change.source),
            ", ".join(_code(target) for target in change.added),
            ", ".join(_code(target) for target in change.removed),
        ]
        for change in by_element
    ]
    header = [_("Element"), _("Now depends on"), _("No longer depends on")]
    lines = _table(header, rows) if rows else []
    if diff.relations_required_changed:
        lines += [
            "",
            *(
                f"- {_code(source)}: {escape_markdown(required_change_text(target, required))}"
                for source, target, required in diff.relations_required_changed
            ),
        ]
    of_added_count = sum(len(targets) for targets in of_added.values())
    if of_added_count or left_with_removed:
        lines += [
            "",
            ngettext(
                "Also {count} relation of added elements (listed with them) and "
                "{removed} that left with removed elements.",
                "Also {count} relations of added elements (listed with them) and "
                "{removed} that left with removed elements.",
                of_added_count,
            ).format(count=of_added_count, removed=left_with_removed),
        ]
    if diff.groups:
        group_rows = [
            [
                _code(group.source),
                _(group.kind),
                ", ".join(_code(t) for t in group.old) or "–",
                ", ".join(_code(t) for t in group.new) or "–",
            ]
            for group in diff.groups
        ]
        lines += ["", "**" + _("any_of groups (redundancy)") + "**", ""]
        header = [_("Element"), _("Change"), _("Old alternatives"), _("New alternatives")]
        lines += _table(header, group_rows)
    total = (
        len(diff.relations_added)
        + len(diff.relations_removed)
        + len(diff.relations_required_changed)
        + len(diff.groups)
    )
    yield from _details(_("Relations"), total, lines)


def _section_rows(kind: str, section: SectionChanges) -> list[list[str]]:
    rows = [[f"{kind} {_code(key)}", _("added"), "", ""] for key in section.added]
    rows += [[f"{kind} {_code(key)}", _("removed"), "", ""] for key in section.removed]
    for key, fields in section.changed.items():
        for name, change in fields.items():
            rows.append([f"{kind} {_code(key)}", escape_markdown(name), *_field_cells(change)])
    if section.order is not None:
        rows.append([kind, _("order"), *_field_cells(section.order)])
    return rows


def _architecture(diff: ArchitectureDiff) -> Iterator[str]:
    if not diff.architecture_changes:
        return
    rows = [
        [_("metadata"), escape_markdown(name), *_field_cells(change)]
        for name, change in diff.metadata.items()
    ]
    rows += _section_rows(_("layer"), diff.layers)
    rows += _section_rows(_("view"), diff.views)
    rows += [
        [_("rules"), escape_markdown(name), *_field_cells(change)]
        for name, change in diff.rules.items()
    ]
    header = [_("Where"), _("What"), _("Old"), _("New")]
    yield from _details(
        _("Metadata, layers, views and rules"), diff.architecture_changes, _table(header, rows)
    )


def _impact(diff: ArchitectureDiff) -> Iterator[str]:
    if not diff.impact:
        return
    layer_names = dict(layer_order(diff))
    rows: list[list[str]] = []
    for entry in diff.impact:
        what = (
            _("removed")
            if entry.new_status is None
            else f"{status_label(entry.old_status)} → {status_label(entry.new_status)}"
        )
        if entry.affected:
            affected = "<br>".join(
                f"{escape_markdown(layer_names.get(layer, layer))}: "
                + ", ".join(_code(element) for element in ids)
                for layer, ids in entry.by_layer.items()
            )
        else:
            affected = _("nothing depends on it any more")
        degraded = ", ".join(
            _("{element} (on {survivors})").format(
                element=_code(element), survivors=", ".join(_code(s) for s in survivors)
            )
            for element, survivors in entry.degraded.items()
        )
        lost = ", ".join(
            _("{element} (lost {optional})").format(
                element=_code(element), optional=", ".join(_code(o) for o in gone)
            )
            for element, gone in entry.lost.items()
        )
        degraded = ", ".join(part for part in (degraded, lost) if part)
        mark = "✖ " + _("breaking") if entry.breaking else ("⚠" if entry.affected else "✔")
        rows.append([f"{mark} {_code(entry.id)}", what, affected, degraded or "–"])
    header = [
        _("Element"),
        _("Change"),
        _("Still depending on it (by layer)"),
        _("Degraded, still up"),
    ]
    yield from _details(
        _("Impact of removals and retirements"),
        len(rows),
        _table(header, rows),
        open_=bool(diff.breaking),
    )


def _finding_row(mark: str, finding: Finding, was: str | None = None) -> list[str]:
    message = escape_markdown(finding.message)
    if was is not None:
        message += "<br><sub>" + _("was:") + f" {escape_markdown(was)}</sub>"
    return [
        mark,
        _(SEVERITY_LABELS[finding.severity]),
        _code(finding.code),
        _code(finding.element or ""),
        message,
        _code(finding.location),
    ]


def _findings(diff: ArchitectureDiff) -> Iterator[str]:
    findings = diff.findings
    rows = [_finding_row(_("introduced"), finding) for finding in findings.introduced]
    rows += [_finding_row(_("resolved"), finding) for finding in findings.resolved]
    rows += [_finding_row(_("reworded"), new, old.message) for old, new in findings.changed]
    if not rows:
        return
    header = ["", _("Severity"), _("Code"), _("Element"), _("Message"), _("Where")]
    yield from _details(
        _("Findings introduced and resolved"),
        len(findings.introduced) + len(findings.resolved),
        _table(header, rows),
        open_=bool(findings.introduced_errors),
    )
