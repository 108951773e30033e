"""Baseline files: the findings a team has accepted, so that CI fails only on new ones.

``validate --write-baseline FILE`` records the current findings; ``--baseline FILE``
then reports only findings that are not in it, and, as ICT603 infos, entries that
no longer occur. An entry is keyed on the finding's code, its element and its data
(``args``), never on line numbers or message text, so moving lines, reordering
files and ``--lang`` leave a baseline valid. A finding without data yet is keyed
on the values quoted in its message (ids, field names), which translations keep.

The file is JSON, one entry per line, sorted, with no version or date in it: the
same findings give the same bytes, and a reviewer sees exactly what was accepted.
The format is described in docs/baselines.md.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ictarch.acceptance import acceptable
from ictarch.errors import IctarchError
from ictarch.findings import Finding, Location, Suppressed
from ictarch.i18n import _
from ictarch.jsonwriter import dumps
from ictarch.rules.acceptance import STALE_BASELINE_ENTRY

BASELINE_FORMAT = 1
BASELINE_KIND = "ictarch-baseline"

# A value quoted the way repr() quotes it: not part of a word (so not "element's").
_QUOTED = re.compile(r"(?<!\w)'([^'\s][^']*)'(?!\w)|(?<!\w)\"([^\"\s][^\"]*)\"(?!\w)")
_HINT = re.compile(r"; did you mean '[^']*'\?")


class EntryKey(NamedTuple):
    """What identifies a finding in a baseline: code, element, data (canonical JSON)."""

    code: str
    element: str
    data: str

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"code": self.code, "element": self.element or None}
        entry.update(json.loads(self.data))
        return entry


def entry_key(finding: Finding) -> EntryKey:
    """The baseline key of a finding: its ``args``, or else the values its message quotes."""
    if finding.args:
        data: dict[str, Any] = {
            "args": {
                key: list(value) if isinstance(value, tuple) else value
                for key, value in finding.args.items()
            }
        }
    else:
        message = _HINT.sub("", finding.message)
        quoted = sorted(a or b for a, b in _QUOTED.findall(message))
        data = {"quoted": quoted}
    return EntryKey(
        finding.code,
        finding.element or "",
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    )


@dataclass(slots=True)
class Baseline:
    """Accepted findings: how many of each key, and where each entry is in its file."""

    file: str
    counts: Counter[EntryKey] = field(default_factory=Counter)
    lines: dict[EntryKey, int] = field(default_factory=dict)


def baseline_text(findings: Iterable[Finding]) -> str:
    """The baseline file accepting ``findings`` (loading problems are never accepted)."""
    counts = Counter(entry_key(finding) for finding in findings if acceptable(finding.code))
    entries = []
    for key in sorted(counts):
        entry = key.to_json()
        if counts[key] > 1:
            entry["count"] = counts[key]
        entries.append(entry)
    document = {"format": BASELINE_FORMAT, "kind": BASELINE_KIND, "findings": entries}
    return dumps(document, levels=2)


def read_baseline(path: Path, display: str, data: bytes | None = None) -> Baseline:
    """Read a baseline file; a file that is not one is a usage error (exit 2).

    The file is read by :func:`ictarch.inputs.read_input` (size limit, no devices,
    FIFOs or link loops); a UTF-8 byte order mark, as some editors write, is allowed.
    ``data``, when given, is the file's content as already read.
    """
    from ictarch.inputs import read_input

    if data is None:
        hint = _hint(display)
        if not os.path.lexists(path):
            raise IctarchError(_("{file}: no such baseline file").format(file=display), hint)
        data = read_input(path, shown=display)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IctarchError(
            _("cannot read the baseline {file}: {error}").format(file=display, error=error)
        ) from None
    return parse_baseline(text, display)


def _hint(display: str) -> str:
    return _("write one with: ictarch validate PATH --write-baseline {file}").format(file=display)


def parse_baseline(text: str, display: str) -> Baseline:
    """The baseline in ``text`` (the content of the file ``display``)."""
    hint = _hint(display)
    try:
        document = json.loads(text)
    except RecursionError:
        raise IctarchError(
            _("{file}: not a baseline file (nested too deeply)").format(file=display), hint
        ) from None
    except ValueError as error:  # not JSON, or an integer of thousands of digits
        raise IctarchError(
            _("{file}: not a baseline file (not JSON: {error})").format(file=display, error=error),
            hint,
        ) from None
    if (
        not isinstance(document, dict)
        or document.get("kind") != BASELINE_KIND
        or not isinstance(document.get("findings"), list)
    ):
        raise IctarchError(_("{file}: not an ictarch baseline file").format(file=display), hint)
    if document.get("format") != BASELINE_FORMAT:
        raise IctarchError(
            _(
                "{file}: baseline format {found!r} is not supported; this release reads {wanted}"
            ).format(file=display, found=document.get("format"), wanted=BASELINE_FORMAT),
            hint,
        )
    line_of = {line.strip().rstrip(","): number for number, line in enumerate(text.splitlines(), 1)}
    baseline = Baseline(display)
    for index, entry in enumerate(document["findings"]):
        key = _entry_from_json(entry)
        if key is None:
            raise IctarchError(
                _("{file}: entry {number} is not a baseline entry").format(
                    file=display, number=index + 1
                ),
                hint,
            )
        count = entry.get("count", 1)
        if type(count) is not int or count < 1:
            raise IctarchError(
                _("{file}: entry {number} has an invalid count").format(
                    file=display, number=index + 1
                ),
                hint,
            )
        baseline.counts[key] += count
        baseline.lines.setdefault(key, line_of.get(json.dumps(entry, ensure_ascii=False), 0))
    return baseline


def _entry_from_json(entry: Any) -> EntryKey | None:
    if not isinstance(entry, dict):
        return None
    code, element = entry.get("code"), entry.get("element")
    if not isinstance(code, str) or not (element is None or isinstance(element, str)):
        return None
    data = {key: entry[key] for key in ("args", "quoted") if key in entry}
    if len(data) != 1:
        return None
    return EntryKey(
        code,
        element or "",
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    )


class BaselineOutcome(NamedTuple):
    kept: list[Finding]  # not in the baseline: reported and counted
    baselined: list[Suppressed]
    stale: list[Finding]  # ICT603: entries that match no finding


def apply_baseline(findings: list[Finding], baseline: Baseline) -> BaselineOutcome:
    """Split ``findings`` into new ones and those the baseline accepts."""
    remaining = Counter(baseline.counts)
    kept: list[Finding] = []
    baselined: list[Suppressed] = []
    justification = _("accepted in the baseline {file}").format(file=baseline.file)
    for finding in findings:
        key = entry_key(finding) if acceptable(finding.code) else None
        if key is not None and remaining[key] > 0:
            remaining[key] -= 1
            where = _entry_location(baseline, key)
            baselined.append(Suppressed(finding, "baseline", justification, where))
        else:
            kept.append(finding)
    stale: list[Finding] = []
    for key in sorted(remaining):
        left = remaining[key]
        if left <= 0:
            continue
        where = _entry_location(baseline, key)
        args = {"code": key.code, "element": key.element or None, "count": left}
        if key.element:
            message = _(
                "the baseline accepts {count} {code} finding(s) on {element!r} that no longer "
                "occur; write the baseline again"
            ).format(**args)
        else:
            message = _(
                "the baseline accepts {count} {code} finding(s) that no longer occur; "
                "write the baseline again"
            ).format(**args)
        stale.append(STALE_BASELINE_ENTRY.finding(message, where, key.element or None, args=args))
    return BaselineOutcome(kept, baselined, stale)


def _entry_location(baseline: Baseline, key: EntryKey) -> Location:
    line = baseline.lines.get(key, 0)
    return Location(baseline.file, line, 1 if line else 0)
