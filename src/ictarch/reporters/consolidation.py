"""Presenting ``ictarch consolidate``: text, Markdown and JSON from the same records."""

from __future__ import annotations

from typing import Any, TextIO

from ictarch import __version__
from ictarch.frameworks.conformance import block_label
from ictarch.i18n import _
from ictarch.jsonwriter import write_json
from ictarch.markdown import code, escape_markdown, table
from ictarch.merger.consolidate import (
    Candidate,
    Consolidation,
    ConsolidationReport,
    criticality_label,
)
from ictarch.model.lifecycle import STATUS_LABELS
from ictarch.printable import one_line

CONSOLIDATION_JSON_FORMAT = 1


def _ids(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) if ids else "-"


def _limit(consolidation: Consolidation) -> str:
    group = consolidation.group
    since = group.limit.since.isoformat() if group.limit.since else None
    when = _("from {date}").format(date=since) if since else _("with no start date")
    text = _("{count} in service, a province may run {max} ({source}, {when})").format(
        count=len(group.elements), max=group.limit.max, source=group.source_text(), when=when
    )
    if group.limit.confidence not in (None, "sourced"):
        text += "; " + _("the limit is inferred by the catalogue: to confirm")
    return text


def _points(candidate: Candidate) -> str:
    return (
        "; ".join(
            _("{element} of {targets}").format(element=p.element, targets=", ".join(p.of))
            for p in candidate.new_points_of_failure
        )
        or "-"
    )


def report_text(report: ConsolidationReport, out: TextIO) -> None:
    architecture = report.architecture
    out.write(
        _("Duplicated building blocks in {architecture} (state: current)").format(
            architecture=architecture.id
        )
        + "\n"
    )
    if not report.consolidations:
        out.write("  " + _("no block has more elements in service than a province may run") + "\n")
        return
    for consolidation in report.consolidations:
        out.write("\n" + block_label(consolidation.group.block) + "\n")
        out.write("  " + _limit(consolidation) + "\n")
        for candidate in consolidation.candidates:
            element = candidate.element
            mark = "*" if element.id == consolidation.keeper else "-"
            out.write(f"  {mark} {element.id}  {one_line(element.name)}\n")
            rows = (
                (_("status"), _(STATUS_LABELS[element.status])),
                (_("criticality"), criticality_label(element.criticality)),
                (_("owner"), element.owner or "-"),
                (_("operator"), element.operator or "-"),
                (_("dependents (to migrate)"), _ids(candidate.dependents)),
                (_("down if retired now"), _ids(candidate.down_if_retired)),
                (_("new single points of failure if retired now"), _points(candidate)),
            )
            for label, value in rows:
                out.write(f"      {label}: {value}\n")
        out.write(
            "  "
            + _("keep {id}: {reason}").format(id=consolidation.keeper, reason=consolidation.reason)
            + "\n"
        )
    out.write(
        "\n" + _("override with --keep ID; write the plan with -o PLAN (see docs/merge.md)") + "\n"
    )


def report_markdown(report: ConsolidationReport, out: TextIO) -> None:
    out.write(
        "# "
        + escape_markdown(
            _("Duplicated building blocks in {architecture}").format(
                architecture=report.architecture.id
            )
        )
        + "\n\n"
    )
    if not report.consolidations:
        out.write(
            escape_markdown(_("no block has more elements in service than a province may run"))
            + "\n"
        )
        return
    headers = [
        _("Candidate"),
        _("Name"),
        _("Status"),
        _("Criticality"),
        _("Owner"),
        _("Operator"),
        _("Dependents (to migrate)"),
        _("Down if retired now"),
        _("New single points of failure"),
    ]
    for consolidation in report.consolidations:
        out.write("## " + escape_markdown(block_label(consolidation.group.block)) + "\n\n")
        out.write(escape_markdown(_limit(consolidation)) + "\n\n")
        rows = [
            [
                code(c.element.id),
                one_line(c.element.name) + (" ✔" if c.element.id == consolidation.keeper else ""),
                _(STATUS_LABELS[c.element.status]),
                criticality_label(c.element.criticality),
                c.element.owner or "-",
                c.element.operator or "-",
                _ids(c.dependents),
                _ids(c.down_if_retired),
                _points(c),
            ]
            for c in consolidation.candidates
        ]
        out.write(table(headers, rows) + "\n")
        out.write(
            escape_markdown(
                _("keep {id}: {reason}").format(
                    id=consolidation.keeper, reason=consolidation.reason
                )
            )
            + "\n\n"
        )


def report_json(report: ConsolidationReport, out: TextIO) -> None:
    data: dict[str, Any] = {
        "format": CONSOLIDATION_JSON_FORMAT,
        "ictarch": __version__,
        "architecture": report.architecture.id,
        "state": "current",
        "groups": [
            {
                "block": c.group.block.id,
                "framework": c.group.catalogue.id,
                "max": c.group.limit.max,
                "since": c.group.limit.since.isoformat() if c.group.limit.since else None,
                "instrument": c.group.limit.instrument,
                "confidence": c.group.limit.confidence or "sourced",
                "keep": c.keeper,
                "chosen_by_user": c.chosen_by_user,
                "reason": c.reason,
                "candidates": [
                    {
                        "id": k.element.id,
                        "status": k.element.status.value,
                        "criticality": k.element.criticality,
                        "owner": k.element.owner,
                        "operator": k.element.operator,
                        "dependents": list(k.dependents),
                        "down_if_retired": list(k.down_if_retired),
                        "new_points_of_failure": [
                            {"element": p.element, "of": list(p.of)}
                            for p in k.new_points_of_failure
                        ],
                    }
                    for k in c.candidates
                ],
            }
            for c in report.consolidations
        ],
    }
    write_json(data, out, 4)
    out.write("\n")
