"""The text diff report: the summary first, then each kind of change in detail.

Coloured on a terminal (green added, red removed, yellow changed); plain when
piped, with NO_COLOR set, or with --no-color.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from ictarch.diff.model import ArchitectureDiff, FieldChange, SectionChanges
from ictarch.diff.presentation import (
    element_details,
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
from ictarch.findings import SEVERITY_LABELS, Finding, Severity
from ictarch.i18n import _, ngettext
from ictarch.printable import printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ictarch.diff import DiffReportSettings

_ADDED, _REMOVED, _CHANGED, _DIM = "green", "red", "yellow", "dim"
_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def report_text(diff: ArchitectureDiff, settings: DiffReportSettings, out: TextIO) -> None:
    from ictarch.reporters.text import make_console

    console = make_console(out, settings.color)
    _summary(console, diff, settings)
    if not diff.model_changed and not (diff.findings.introduced or diff.findings.resolved):
        return
    _renamed(console, diff)
    _added(console, diff)
    _removed(console, diff)
    _changed(console, diff)
    _relations(console, diff)
    _architecture(console, diff)
    _impact(console, diff)
    _findings(console, diff)


def _text(*parts: tuple[str, str] | str) -> Text:
    from rich.text import Text

    text = Text()
    for part in parts:  # every piece may hold a name: no control character gets through
        if isinstance(part, tuple):
            text.append(printable(part[0]), style=part[1])
        else:
            text.append(printable(part))
    return text


def _heading(console: Console, title: str, count: int | None = None) -> None:
    console.print()
    suffix = f" ({count})" if count is not None else ""
    console.print(_text((f"{title}{suffix}", "bold underline")))


def _summary(console: Console, diff: ArchitectureDiff, settings: DiffReportSettings) -> None:
    old, new = diff.old, diff.new
    console.print(_text(("ictarch diff ", "bold"), (headline(diff), "bold")))
    for label, side in ((_("old"), old), (_("new"), new)):
        console.print(
            _text(
                (f"  {label} ", _DIM),
                side.source,
                ("  " + _counts(side.elements, side.relations), _DIM),
            )
        )
    console.print(_text((f"  {diff.state_line()}", _DIM)))
    if not diff.model_changed and not (diff.findings.introduced or diff.findings.resolved):
        console.print(_text((_("No changes."), "bold green")))
        return
    console.print()
    rows = summary_rows(diff)
    width = max(len(label) for _key, label, _count in rows)
    for key, label, count in rows:
        style = _DIM if count == 0 else ""
        if count and key == "impacted":
            style = "bold red" if diff.breaking else "yellow"
        elif count and key == "findings_introduced":
            style = "bold red" if diff.findings.introduced_errors else "yellow"
        console.print(_text((f"  {label.ljust(width)}  {count:>5}", style)))
    if diff.breaking:
        ids = ", ".join(entry.id for entry in diff.breaking)
        console.print(
            _text(
                ("  ✖ " + _("breaking:") + " ", "bold red"),
                _("still needed after removal or retirement: {ids}").format(ids=ids),
            )
        )
    if settings.rendered:
        console.print(_text(("  " + _("drawing:") + " ", _DIM), settings.rendered))


def _counts(elements: int, relations: int) -> str:
    return _("{elements}, {relations}").format(
        elements=ngettext("{count} element", "{count} elements", elements).format(count=elements),
        relations=ngettext("{count} relation", "{count} relations", relations).format(
            count=relations
        ),
    )


def _renamed(console: Console, diff: ArchitectureDiff) -> None:
    for problem in diff.rename_problems:
        console.print(_text(("  ⚠ ", "yellow"), problem.message()))
    if not diff.renamed:
        return
    _heading(console, _("Renamed"), len(diff.renamed))
    for rename in diff.renamed:
        console.print(
            _text(
                ("  ↪ ", _CHANGED),
                rename.old,
                (" → ", _DIM),
                (rename.new, "bold"),
                ("  " + diff.describe(rename.new).name, _DIM),
            )
        )


def _added(console: Console, diff: ArchitectureDiff) -> None:
    if not diff.added:
        return
    _heading(console, _("Added"), len(diff.added))
    of_added = relation_changes(diff)[1]
    for _layer_id, layer_name, summaries in group_by_layer(diff, diff.added):
        console.print(_text(f"  {layer_name}"))
        for summary in summaries:
            details = element_details(summary.kind, summary.status)
            console.print(
                _text(
                    ("    + ", _ADDED),
                    (summary.id, "bold " + _ADDED),
                    f"  {summary.name}",
                    (f"  ({details})", _DIM),
                )
            )
            targets = of_added.get(summary.id)
            if targets:
                console.print(
                    _text(("        " + _("depends on") + " ", _DIM), short(targets, 400))
                )


def _removed(console: Console, diff: ArchitectureDiff) -> None:
    if not diff.removed:
        return
    _heading(console, _("Removed"), len(diff.removed))
    for _layer_id, layer_name, summaries in group_by_layer(diff, diff.removed):
        console.print(_text(f"  {layer_name}"))
        for summary in summaries:
            details = element_details(summary.kind, summary.status)
            console.print(
                _text(
                    ("    - ", _REMOVED),
                    (summary.id, "bold " + _REMOVED),
                    f"  {summary.name}",
                    ("  " + _("(was {details})").format(details=details), _DIM),
                )
            )


def _field_lines(name: str, change: FieldChange, indent: str) -> list[Text]:
    if change.is_list:
        return [_text(f"{indent}{name}: ", (list_delta(change), _CHANGED))]
    return [
        _text(
            f"{indent}{name}: ",
            (short(change.old), _REMOVED),
            (" → ", _DIM),
            (short(change.new), _ADDED),
        )
    ]


def _changed(console: Console, diff: ArchitectureDiff) -> None:
    if not diff.changed:
        return
    _heading(console, _("Changed"), len(diff.changed))
    for change in diff.changed:
        title = _text(("  ~ ", _CHANGED), (change.id, "bold " + _CHANGED))
        if change.renamed:
            title.append(
                printable(" " + _("(was {details})").format(details=change.old_id)), style=_DIM
            )
        title.append(printable(f"  {change.name}"))
        console.print(title)
        for name, field_change in change.fields.items():
            for line in _field_lines(name, field_change, "      "):
                console.print(line)


def _relations(console: Console, diff: ArchitectureDiff) -> None:
    by_element, of_added, left_with_removed = relation_changes(diff)
    if not (by_element or diff.groups or left_with_removed or diff.relations_required_changed):
        return
    total = (
        len(diff.relations_added)
        + len(diff.relations_removed)
        + len(diff.relations_required_changed)
    )
    _heading(console, _("Relations"), total)
    for change in by_element:
        line = _text(f"  {change.source}:")
        for target in change.added:
            line.append(printable(f" +{target}"), style=_ADDED)
        for target in change.removed:
            line.append(printable(f" -{target}"), style=_REMOVED)
        console.print(line)
    for source, target, required in diff.relations_required_changed:
        console.print(_text(f"  {source}: ", (required_change_text(target, required), _CHANGED)))
    added_elsewhere = sum(len(targets) for targets in of_added.values())
    if added_elsewhere or left_with_removed:
        console.print(
            _text(
                (
                    "  "
                    + ngettext(
                        "(and {count} relation of added elements, shown with them; "
                        "{removed} left with removed elements)",
                        "(and {count} relations of added elements, shown with them; "
                        "{removed} left with removed elements)",
                        added_elsewhere,
                    ).format(count=added_elsewhere, removed=left_with_removed),
                    _DIM,
                )
            )
        )
    if diff.groups:
        console.print(_text("  " + _("any_of groups (redundancy):")))
        for group in diff.groups:
            if group.kind == "added":
                console.print(
                    _text(
                        ("    + ", _ADDED),
                        _("{source} needs any of").format(source=group.source) + " ",
                        (", ".join(group.new), _ADDED),
                    )
                )
            elif group.kind == "removed":
                console.print(
                    _text(
                        ("    - ", _REMOVED),
                        _("{source} no longer needs any of").format(source=group.source) + " ",
                        (", ".join(group.old), _REMOVED),
                    )
                )
            else:
                line = _text(
                    ("    ~ ", _CHANGED),
                    _("{source} any of {targets}:").format(
                        source=group.source, targets=", ".join(group.new)
                    ),
                )
                for target in group.added:
                    line.append(printable(f" +{target}"), style=_ADDED)
                for target in group.removed:
                    line.append(printable(f" -{target}"), style=_REMOVED)
                console.print(line)


def _section_lines(console: Console, title: str, section: SectionChanges) -> None:
    for key in section.added:
        console.print(_text(f"  {title} ", ("+" + key, _ADDED)))
    for key in section.removed:
        console.print(_text(f"  {title} ", ("-" + key, _REMOVED)))
    for key, fields in section.changed.items():
        console.print(_text(f"  {title} ", ("~" + key, _CHANGED)))
        for name, change in fields.items():
            for line in _field_lines(name, change, "      "):
                console.print(line)
    if section.order is not None:
        console.print(
            _text(
                "  " + _("{section} order:").format(section=title) + " ",
                (short(section.order.old), _REMOVED),
                " → ",
                (short(section.order.new), _ADDED),
            )
        )


def _architecture(console: Console, diff: ArchitectureDiff) -> None:
    if not diff.architecture_changes:
        return
    _heading(console, _("Architecture"), diff.architecture_changes)
    for name, change in diff.metadata.items():
        for line in _field_lines(name, change, "  "):
            console.print(line)
    _section_lines(console, _("layer"), diff.layers)
    _section_lines(console, _("view"), diff.views)
    for name, change in diff.rules.items():
        for line in _field_lines(_("rule {code}").format(code=name), change, "  "):
            console.print(line)


def _impact(console: Console, diff: ArchitectureDiff) -> None:
    if not diff.impact:
        return
    _heading(console, _("Impact"), len(diff.impact))
    layer_names = dict(layer_order(diff))
    for entry in diff.impact:
        what = (
            _("removed")
            if entry.new_status is None
            else f"{status_label(entry.old_status)} → {status_label(entry.new_status)}"
        )
        if not entry.affected:
            console.print(
                _text(
                    ("  ✔ ", "green"),
                    (entry.id, "bold"),
                    f" ({what}): ",
                    (_("nothing in the new version depends on it"), _DIM)
                    if not entry.degraded and not entry.lost
                    else (_("only redundant dependents, which keep running"), _DIM),
                )
            )
        else:
            style = "bold red" if entry.breaking else "yellow"
            mark = "✖" if entry.breaking else "!"
            console.print(
                _text(
                    (f"  {mark} ", style),
                    (entry.id, "bold"),
                    f" ({what}): ",
                    (
                        ngettext(
                            "{count} element still depends on it",
                            "{count} elements still depend on it",
                            len(entry.affected),
                        ).format(count=len(entry.affected)),
                        style,
                    ),
                )
            )
            for layer, ids in entry.by_layer.items():
                console.print(_text(f"      {layer_names.get(layer, layer)}: ", ", ".join(ids)))
        for dependent, survivors in entry.degraded.items():
            console.print(
                _text(
                    ("      " + _("degraded:") + " ", _DIM),
                    dependent,
                    (
                        " "
                        + _("(keeps running on {survivors})").format(
                            survivors=", ".join(survivors)
                        ),
                        _DIM,
                    ),
                )
            )
        for dependent, gone in entry.lost.items():
            console.print(
                _text(
                    ("      " + _("degraded:") + " ", _DIM),
                    dependent,
                    (" " + _("(lost {optional})").format(optional=", ".join(gone)), _DIM),
                )
            )


def _finding_line(finding: Finding, mark: str, style: str) -> Text:
    return _text(
        (f"  {mark} ", style),
        (_(SEVERITY_LABELS[finding.severity]).ljust(9), _SEVERITY_STYLE[finding.severity]),
        (finding.code.ljust(8), "bold"),
        finding.message,
        (f"  {finding.location}", _DIM),
    )


def _findings(console: Console, diff: ArchitectureDiff) -> None:
    findings = diff.findings
    if not (findings.introduced or findings.resolved or findings.changed):
        return
    _heading(console, _("Findings"))
    if findings.introduced:
        console.print(
            _text("  " + _("introduced ({count}):").format(count=len(findings.introduced)))
        )
        for finding in findings.introduced:
            console.print(_finding_line(finding, "+", _REMOVED))
    if findings.resolved:
        console.print(_text("  " + _("resolved ({count}):").format(count=len(findings.resolved))))
        for finding in findings.resolved:
            console.print(_finding_line(finding, "-", _ADDED))
    if findings.changed:
        console.print(
            _text(
                "  " + _("still present, reworded ({count}):").format(count=len(findings.changed))
            )
        )
        for old, new in findings.changed:
            console.print(_finding_line(new, "~", _CHANGED))
            console.print(_text(("      " + _("was:") + " ", _DIM), (old.message, _DIM)))
