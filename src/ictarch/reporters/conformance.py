"""Reports of ``ictarch conformance``: text, Markdown (a PR comment) and JSON.

All three are built from the same records: one :class:`~ictarch.frameworks.conformance.Coverage`
per framework version, an optional :class:`~ictarch.frameworks.conformance.Comparison`, and
the ICT5xx findings. The JSON shape is documented in docs/conformance.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TextIO

from ictarch import __version__, i18n
from ictarch.findings import SEVERITY_LABELS, Finding
from ictarch.frameworks.catalogue import Block
from ictarch.frameworks.conformance import (
    BlockCoverage,
    BlockStatus,
    Comparison,
    Connection,
    Coverage,
    Verdict,
    confidence_reason,
    sources_text,
)
from ictarch.i18n import N_, _, current_language, ngettext
from ictarch.jsonwriter import write_json
from ictarch.markdown import Markup, code, escape_markdown, table
from ictarch.model.architecture import Architecture
from ictarch.model.lifecycle import STATUS_LABELS
from ictarch.reporters import ConformanceSettings
from ictarch.reporters.json_report import finding_to_json

JSON_FORMAT_VERSION = 1

STATUS_TEXT = {
    BlockStatus.COVERED: N_("covered"),
    BlockStatus.PLANNED: N_("planned"),
    BlockStatus.MISSING_MANDATORY: N_("missing mandatory"),
    BlockStatus.TO_CONFIRM: N_("to confirm"),
    BlockStatus.FITTING: N_("fitting element, not claimed"),
    BlockStatus.MISSING_OPTIONAL: N_("missing optional"),
    BlockStatus.OBSOLETE: N_("obsolete"),
    BlockStatus.NOT_IN_FORCE: N_("not in force"),
}
STATUS_MARK = {
    BlockStatus.COVERED: "✔",
    BlockStatus.PLANNED: "◌",
    BlockStatus.MISSING_MANDATORY: "✖",
    BlockStatus.TO_CONFIRM: "?",
    BlockStatus.FITTING: "~",
    BlockStatus.MISSING_OPTIONAL: "·",
    BlockStatus.OBSOLETE: "⚠",
    BlockStatus.NOT_IN_FORCE: "-",
}
VERDICT_TEXT = {
    Verdict.CONFORMS: N_("CONFORMS"),
    Verdict.CONFORMS_WHEN_BUILT: N_("CONFORMS ONCE THE PLANNED ELEMENTS ARE BUILT"),
    Verdict.DOES_NOT_CONFORM: N_("DOES NOT CONFORM"),
}


@dataclass(slots=True)
class ConformanceReport:
    architecture: Architecture
    coverages: list[Coverage]
    findings: list[Finding]
    comparison: Comparison | None = None
    catalogue_files: dict[str, str] = field(default_factory=dict)


def block_name(block: Block) -> str:
    """The block's name in the language of the output (both are in the catalogue)."""
    return block.names.vi if current_language() == "vi" else block.names.en


def summary_line(coverage: Coverage) -> str:
    """The one-line verdict."""
    selection = coverage.selection
    mandatory = coverage.mandatory
    covered = [b for b in mandatory if b.status is BlockStatus.COVERED]
    planned = [b for b in mandatory if b.status is BlockStatus.PLANNED]
    parts = [
        _("{covered} of {total} mandatory blocks covered").format(
            covered=len(covered), total=len(mandatory)
        )
        if mandatory
        else _("no block is mandatory at {date}").format(date=selection.moment.day)
    ]
    if planned:
        parts.append(
            _("{count} only planned or being built ({blocks})").format(
                count=len(planned), blocks=", ".join(b.block.id for b in planned)
            )
        )
    missing = [b for b in coverage.missing_mandatory if b.status is BlockStatus.MISSING_MANDATORY]
    if missing:
        parts.append(
            _("{count} missing ({blocks})").format(
                count=len(missing), blocks=", ".join(b.block.id for b in missing)
            )
        )
    connections = coverage.missing_connections
    parts.append(_("{count} required connection(s) missing").format(count=len(connections)))
    to_confirm = [
        *(b.block.id for b in coverage.blocks_to_confirm),
        *(f"{c.element} → {' | '.join(c.requires)}" for c in coverage.connections_to_confirm),
    ]
    if to_confirm:
        parts.append(
            _("{count} to confirm, not counted ({items})").format(
                count=len(to_confirm), items=", ".join(to_confirm)
            )
        )
    if coverage.fitting:
        parts.append(
            _("not claimed though an element fits (add implements): {blocks}").format(
                blocks=", ".join(b.block.id for b in coverage.fitting)
            )
        )
    if coverage.obsolete_in_use:
        parts.append(
            _("obsolete blocks in use: {blocks}").format(
                blocks=", ".join(b.block.id for b in coverage.obsolete_in_use)
            )
        )
    if coverage.not_in_force_in_use:
        parts.append(
            _("blocks not yet in force in use: {blocks}").format(
                blocks=", ".join(b.block.id for b in coverage.not_in_force_in_use)
            )
        )
    return _("{framework} ({profile}): {verdict} — {details}").format(
        framework=selection.label,
        profile=selection.profile or "-",
        verdict=_(VERDICT_TEXT[coverage.verdict]),
        details="; ".join(parts),
    )


def _header_lines(coverage: Coverage) -> list[str]:
    selection = coverage.selection
    catalogue, version = selection.catalogue, selection.version
    names = catalogue.names.vi if current_language() == "vi" else catalogue.names.en
    period = (
        _("in force {start} to {end}").format(start=version.valid_from, end=version.valid_to)
        if version.valid_to
        else _("in force from {start}").format(start=version.valid_from)
    )
    how = {
        "conforms_to": _("declared in conforms_to"),
        "released": _("not declared: the version in force at the architecture's date"),
        "latest": _("not declared: the latest version"),
        "nearest": _("not declared: no version was in force at the architecture's date"),
        "requested": _("chosen with --framework"),
        "at": _("not declared: the version in force at the date given with --at"),
    }[selection.how]
    lines = [
        f"{names}",
        "; ".join(p for p in (version.instrument or "", period) if p),
        _("evaluated at {date}; {how}").format(date=selection.moment.day, how=how),
    ]
    lines += selection.notes
    lines.append(coverage.state.describe())
    lines += coverage.notes
    if not catalogue.bundled:
        lines.append(_("catalogue: {file}").format(file=catalogue.file))
    return lines


def _route(connection: Connection) -> str:
    """The path of a connection: a → b → c, with the steps left out of a long one
    counted in the middle (a → b → … 12,996 more … → y → z)."""
    if not connection.path:
        return connection.element
    if not connection.hidden:
        return " → ".join(connection.path)
    middle = _("… {count} more …").format(count=i18n.integer(connection.hidden))
    half = len(connection.path) // 2
    return " → ".join([*connection.path[:half], middle, *connection.path[half:]])


def to_confirm_text(coverage: Coverage, confidence: str | None, sources: tuple[str, ...]) -> str:
    """Why an obligation is to confirm, and the catalogue's sources for it."""
    return _("to confirm: {reason}; source: {sources}").format(
        reason=confidence_reason(confidence),
        sources=sources_text(coverage.selection.catalogue, sources),
    )


def block_notes(coverage: Coverage, row: BlockCoverage) -> list[str]:
    """The lines under a block that say why it is to confirm or what fits it."""
    if row.status is BlockStatus.TO_CONFIRM:
        return [to_confirm_text(coverage, row.block.confidence, row.block.sources)]
    if row.status is BlockStatus.FITTING:
        return [
            ngettext(
                "no element claims it, but {count} element fits it by kind ({kinds}): "
                "add implements: [{block}] to it",
                "no element claims it, but {count} elements fit it by kind ({kinds}): "
                "add implements: [{block}] to those that realise it",
                len(row.fitting),
            ).format(count=len(row.fitting), kinds=" | ".join(row.block.kinds), block=row.block.id)
        ]
    return []


def _connection_text(connection: Connection, coverage: Coverage | None = None) -> str:
    wanted = " | ".join(connection.requires)
    since = _(" (from {since})").format(since=connection.since) if connection.since else ""
    if connection.to_confirm and coverage is not None:
        return _("? {element} should reach {wanted}{since}: not reachable — {why}").format(
            element=connection.element,
            wanted=wanted,
            since=since,
            why=to_confirm_text(coverage, connection.confidence, connection.sources),
        )
    if connection.found:
        route = _route(connection)
        return _("✔ {element} reaches {wanted}{since}: {route}").format(
            element=connection.element, wanted=wanted, since=since, route=route
        )
    looked = (
        _("implemented by {elements}, not reachable").format(
            elements=", ".join(connection.candidates)
        )
        if connection.candidates
        else _("no element implements it")
    )
    return _("✖ {element} must reach {wanted}{since}: {looked}").format(
        element=connection.element, wanted=wanted, since=since, looked=looked
    )


_FITTING_SHOWN = 6


def _elements_text(row: BlockCoverage) -> str:
    if not row.elements and row.fitting:
        shown = ", ".join(element.id for element in row.fitting[:_FITTING_SHOWN])
        if len(row.fitting) > _FITTING_SHOWN:
            more = len(row.fitting) - _FITTING_SHOWN
            shown = ngettext("{shown} and {count} more", "{shown} and {count} more", more).format(
                shown=shown, count=more
            )
        return _("fits: {elements}").format(elements=shown)
    if not row.elements:
        if row.predecessors:
            return _("(obsolete predecessor: {items})").format(
                items=", ".join(f"{element} → {old}" for old, element in row.predecessors)
            )
        return "—"
    return ", ".join(
        element.id
        if element.status == "operational"
        else f"{element.id} ({_(STATUS_LABELS[element.status])})"
        for element in row.elements
    )


# ---------------------------------------------------------------------------
# Text


def report_text(report: ConformanceReport, settings: ConformanceSettings, out: TextIO) -> None:
    from rich.text import Text

    from ictarch.reporters.text import make_console

    console = make_console(out, settings.color)
    styles = {
        BlockStatus.COVERED: "green",
        BlockStatus.PLANNED: "yellow",
        BlockStatus.MISSING_MANDATORY: "red",
        BlockStatus.TO_CONFIRM: "cyan",
        BlockStatus.FITTING: "yellow",
        BlockStatus.MISSING_OPTIONAL: "dim",
        BlockStatus.OBSOLETE: "yellow",
        BlockStatus.NOT_IN_FORCE: "dim",
    }
    architecture = report.architecture
    for coverage in report.coverages:
        selection = coverage.selection
        console.print(
            Text(
                _("Conformance of {architecture} to {framework} ({profile})").format(
                    architecture=architecture.id,
                    framework=selection.label,
                    profile=selection.profile or "-",
                ),
                style="bold",
            )
        )
        for line in _header_lines(coverage):
            console.print(Text("  " + line, style="dim"))
        console.print()
        width = max(len(row.block.id) for row in coverage.blocks)
        status_width = max(len(_(text)) for text in STATUS_TEXT.values())
        for row in coverage.blocks:
            status = _(STATUS_TEXT[row.status])
            row_text = Text("  ")
            row_text.append(
                f"{STATUS_MARK[row.status]} {status:<{status_width}}", style=styles[row.status]
            )
            row_text.append(" M " if row.mandatory else "   ")
            row_text.append(f"{row.block.id:<{width}}  ")
            row_text.append(_elements_text(row))
            console.print(row_text)
            console.print(Text(f"  {'':<{status_width + 5}}{block_name(row.block)}", style="dim"))
            for note in block_notes(coverage, row):
                console.print(Text(f"  {'':<{status_width + 5}}{note}"), style="cyan")
            for connection in row.connections:
                console.print(
                    Text(f"  {'':<{status_width + 5}}{_connection_text(connection, coverage)}"),
                    style=None if connection.found else "cyan" if connection.to_confirm else "red",
                )
        console.print()
        console.print(Text(summary_line(coverage), style="bold"))
        console.print()
    if report.comparison is not None:
        for line in comparison_lines(report.comparison):
            console.print(Text(line))
        console.print()
    if report.findings:
        console.print(Text(_("Findings:"), style="bold"))
        for finding in report.findings:
            console.print(
                Text(
                    f"  {finding.location}  {_(SEVERITY_LABELS[finding.severity])}  "
                    f"{finding.code}  {finding.message}"
                )
            )


def comparison_lines(comparison: Comparison) -> list[str]:
    before, after = comparison.before.selection, comparison.after.selection
    lines = [_("Moving from {before} to {after}:").format(before=before.label, after=after.label)]
    if not comparison.changes and not comparison.new_missing_connections:
        lines.append("  " + _("nothing changes for this architecture."))
    for change in comparison.changes:
        old = _(STATUS_TEXT[change.before]) if change.before else _("absent")
        new = _(STATUS_TEXT[change.after]) if change.after else _("absent")
        mandatory = ""
        if change.mandatory_after and not change.mandatory_before:
            mandatory = _(" (becomes mandatory)")
        elif change.mandatory_before and not change.mandatory_after:
            mandatory = _(" (no longer mandatory)")
        lines.append(f"  {change.block}: {old} → {new}{mandatory}")
    for connection in comparison.new_missing_connections:
        lines.append("  " + _("new requirement: {text}").format(text=_connection_text(connection)))
    for connection in comparison.resolved_connections:
        lines.append(
            "  "
            + _("no longer required: {element} → {wanted}").format(
                element=connection.element, wanted=" | ".join(connection.requires)
            )
        )
    lines.append(
        _("Verdict: {before} → {after}").format(
            before=_(VERDICT_TEXT[comparison.before.verdict]),
            after=_(VERDICT_TEXT[comparison.after.verdict]),
        )
    )
    return lines


# ---------------------------------------------------------------------------
# Markdown


def report_markdown(report: ConformanceReport, settings: ConformanceSettings, out: TextIO) -> None:
    architecture = report.architecture
    for coverage in report.coverages:
        selection = coverage.selection
        out.write(
            "### "
            + escape_markdown(
                _("Conformance of {architecture} to {framework} ({profile})").format(
                    architecture=architecture.id,
                    framework=selection.label,
                    profile=selection.profile or "-",
                )
            )
            + "\n\n"
        )
        out.write("**" + escape_markdown(summary_line(coverage)) + "**\n\n")
        for line in _header_lines(coverage):
            out.write("- " + escape_markdown(line) + "\n")
        out.write("\n")
        rows = []
        for row in coverage.blocks:
            connections = "<br>".join(
                escape_markdown(text)
                for text in [
                    *block_notes(coverage, row),
                    *(_connection_text(c, coverage) for c in row.connections),
                ]
            )
            rows.append(
                (
                    f"{STATUS_MARK[row.status]} {_(STATUS_TEXT[row.status])}",
                    _("yes") if row.mandatory else "",
                    code(row.block.id),
                    block_name(row.block),
                    _elements_text(row),
                    Markup(connections),
                )
            )
        out.write(
            table(
                [
                    _("status"),
                    _("mandatory"),
                    _("block"),
                    _("name"),
                    _("elements"),
                    _("required connections"),
                ],
                rows,
            )
        )
        out.write("\n")
    if report.comparison is not None:
        lines = comparison_lines(report.comparison)
        out.write("### " + escape_markdown(lines[0]) + "\n\n")
        for line in lines[1:]:
            out.write("- " + escape_markdown(line.strip()) + "\n")
        out.write("\n")
    if report.findings:
        out.write("### " + escape_markdown(_("Findings")) + "\n\n")
        out.write(
            table(
                [_("location"), _("severity"), _("code"), _("message")],
                [
                    (str(f.location), _(SEVERITY_LABELS[f.severity]), code(f.code), f.message)
                    for f in report.findings
                ],
            )
        )


# ---------------------------------------------------------------------------
# JSON


def _connection_json(connection: Connection) -> dict[str, Any]:
    return {
        "element": connection.element,
        "requires": list(connection.requires),
        "since": connection.since,
        "found": connection.found,
        "path": list(connection.path),
        "path_hidden": connection.hidden,
        "candidates": list(connection.candidates),
        "confidence": connection.confidence,
        "to_confirm": connection.to_confirm,
    }


def _to_confirm_json(
    coverage: Coverage, confidence: str | None, sources: tuple[str, ...]
) -> dict[str, Any]:
    catalogue = coverage.selection.catalogue
    return {
        "confidence": confidence,
        "reason": confidence_reason(confidence),
        "sources": [
            {
                "key": key,
                "title": catalogue.sources[key].title if key in catalogue.sources else None,
                "url": catalogue.sources[key].url if key in catalogue.sources else None,
            }
            for key in sources
        ],
    }


def coverage_to_json(coverage: Coverage) -> dict[str, Any]:
    selection = coverage.selection
    version = selection.version
    return {
        "framework": selection.catalogue.id,
        "name": {"vi": selection.catalogue.names.vi, "en": selection.catalogue.names.en},
        "version": version.version,
        "instrument": version.instrument,
        "valid_from": version.valid_from.isoformat(),
        "valid_to": version.valid_to.isoformat() if version.valid_to else None,
        "profile": selection.profile,
        "selected_by": selection.how,
        "evaluated_at": selection.moment.day.isoformat(),
        "state": coverage.state.to_json(),
        "notes": [*selection.notes, *coverage.notes],
        "catalogue": selection.catalogue.file,
        "verdict": coverage.verdict.value,
        "summary": {
            "mandatory": len(coverage.mandatory),
            "covered": sum(b.status is BlockStatus.COVERED for b in coverage.mandatory),
            "planned": sum(b.status is BlockStatus.PLANNED for b in coverage.mandatory),
            "missing_mandatory": len(coverage.missing_mandatory),
            "missing_connections": len(coverage.missing_connections),
            "obsolete_in_use": len(coverage.obsolete_in_use),
            "not_in_force_in_use": len(coverage.not_in_force_in_use),
            "to_confirm": len(coverage.blocks_to_confirm),
            "connections_to_confirm": len(coverage.connections_to_confirm),
            "fitting_not_claimed": len(coverage.fitting),
        },
        "blocks": [
            {
                "id": row.block.id,
                "name": {"vi": row.block.names.vi, "en": row.block.names.en},
                "layer": row.block.layer,
                "status": row.status.value,
                "mandatory": row.mandatory,
                "national": row.block.national,
                "confidence": row.block.confidence,
                "elements": [{"id": e.id, "status": e.status.value} for e in row.elements],
                "connections": [
                    _connection_json(c)
                    | (
                        {"to_confirm_details": _to_confirm_json(coverage, c.confidence, c.sources)}
                        if c.to_confirm
                        else {}
                    )
                    for c in row.connections
                ],
                "to_confirm": _to_confirm_json(coverage, row.block.confidence, row.block.sources)
                if row.status is BlockStatus.TO_CONFIRM
                else None,
                "fitting": [e.id for e in row.fitting],
                "predecessors": [
                    {"block": old, "element": element} for old, element in row.predecessors
                ],
            }
            for row in coverage.blocks
        ],
    }


def report_to_json(report: ConformanceReport) -> dict[str, Any]:
    comparison = report.comparison
    return {
        "ictarch": __version__,
        "format": JSON_FORMAT_VERSION,
        "architecture": {
            "id": report.architecture.id,
            "root": report.architecture.root_file,
            "released": report.architecture.metadata.get("released"),
        },
        "frameworks": [coverage_to_json(coverage) for coverage in report.coverages],
        "comparison": None
        if comparison is None
        else {
            "from": {
                "framework": comparison.before.selection.catalogue.id,
                "version": comparison.before.selection.version.version,
                "verdict": comparison.before.verdict.value,
            },
            "to": {
                "framework": comparison.after.selection.catalogue.id,
                "version": comparison.after.selection.version.version,
                "verdict": comparison.after.verdict.value,
            },
            "changes": [
                {
                    "block": change.block,
                    "before": change.before.value if change.before else None,
                    "after": change.after.value if change.after else None,
                    "mandatory_before": change.mandatory_before,
                    "mandatory_after": change.mandatory_after,
                }
                for change in comparison.changes
            ],
            "new_missing_connections": [
                {"block": c.block, **_connection_json(c)}
                for c in comparison.new_missing_connections
            ],
            "resolved_connections": [
                {"block": c.block, **_connection_json(c)} for c in comparison.resolved_connections
            ],
        },
        "findings": [finding_to_json(finding) for finding in report.findings],
    }


def report_json(report: ConformanceReport, settings: ConformanceSettings, out: TextIO) -> None:
    write_json(report_to_json(report), out, levels=5)
    out.write("\n")
