"""The report of ``ictarch merge``: what became one, what was renamed, what conflicts."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ictarch.findings import Finding, Severity, count_by_severity
from ictarch.i18n import _
from ictarch.merger.merge import MergeResult
from ictarch.printable import one_line


def write_merge_report(
    result: MergeResult, output: Path, findings: list[Finding], out: TextIO
) -> None:
    out.write(
        _("merged {count} architectures into {output}: {elements} elements").format(
            count=len(result.sources), output=output.as_posix(), elements=result.element_count
        )
        + "\n"
    )
    for source in result.sources:
        out.write(
            f"  {source.key}: {one_line(source.architecture.name)} "
            f"({len(source.architecture.elements)})\n"
        )
    if result.unified:
        out.write(_("became one ({count}):").format(count=len(result.unified)) + "\n")
        for unified in result.unified:
            members = ", ".join(f"{key}:{element}" for key, element in unified.members)
            reason = {
                "map": _("paired in --map"),
                "national-block": _("same national block"),
                "same-id": _("same id"),
            }[unified.reason]
            out.write(f"  {unified.id} ← {members} ({reason})\n")
    if result.renamed:
        out.write(
            _("renamed, the ids collided ({count}):").format(count=len(result.renamed)) + "\n"
        )
        for key, old, new in result.renamed:
            out.write(f"  {key}:{old} → {new}\n")
    if result.conflicts:
        out.write(
            _(
                "conflicts, recorded under x-merge; kept: the first source's value (for "
                "conforms_to, the newest version) ({count}):"
            ).format(count=len(result.conflicts))
            + "\n"
        )
        for conflict in result.conflicts:
            values = "; ".join(f"{key}: {one_line(value)}" for key, value in conflict.values)
            out.write(f"  {conflict.where} {conflict.field}: {values}\n")
    for note in result.notes:
        out.write(_("note: {note}").format(note=note) + "\n")
    counts = count_by_severity(findings)
    out.write(
        _("validate {output}: {errors} errors, {warnings} warnings, {infos} info").format(
            output=output.as_posix(),
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            infos=counts[Severity.INFO],
        )
        + "\n"
    )
