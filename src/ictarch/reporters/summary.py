"""Counts said to a person ("1 error, 27 warnings"), shared by the human-readable reports."""

from __future__ import annotations

from ictarch import i18n
from ictarch.findings import Severity
from ictarch.i18n import _, ngettext


def finding_counts(counts: dict[Severity, int]) -> str:
    """ "1 error, 27 warnings" (and infos when there are any), in the current language."""
    errors, warnings, infos = (
        counts[Severity.ERROR],
        counts[Severity.WARNING],
        counts[Severity.INFO],
    )
    parts = [
        ngettext("{count} error", "{count} errors", errors).format(count=i18n.integer(errors)),
        ngettext("{count} warning", "{count} warnings", warnings).format(
            count=i18n.integer(warnings)
        ),
    ]
    if infos:
        parts.append(ngettext("{count} info", "{count} infos", infos).format(count=infos))
    return _(", ").join(parts)


def model_scope(elements: int, relations: int, files: int) -> str:
    """ "86 elements, 218 relations in 5 files", in the current language."""
    return _("{elements}, {relations} in {files}").format(
        elements=ngettext("{count} element", "{count} elements", elements).format(
            count=i18n.integer(elements)
        ),
        relations=ngettext("{count} relation", "{count} relations", relations).format(
            count=i18n.integer(relations)
        ),
        files=ngettext("{count} file", "{count} files", files).format(count=i18n.integer(files)),
    )
