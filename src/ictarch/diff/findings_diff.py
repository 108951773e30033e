"""Findings a change introduces and resolves.

Both versions are validated; a finding of one version is matched with a
finding of the other by code, element and message, with file names and line
numbers taken out of the message and renamed ids spelled the new way. Moving
an element to another line or file therefore changes nothing, while "this
change introduces a dependency cycle" stands out. What is left unmatched on
both sides with the same code and element is the same problem described
differently (a single point of failure whose list of culprits changed): it is
reported as changed, neither introduced nor resolved.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from ictarch.diff.model import FindingsDiff
from ictarch.findings import Finding

FindingKey = tuple[str, str | None, str]

_FILE_REFERENCE = re.compile(r"\S+\.ya?ml(?::\d+){0,2}\b", re.IGNORECASE)
_LINE_REFERENCE = re.compile(r"\b(lines?|column) \d+\b")
_QUOTED_ID = re.compile(r"'([^'\s]+)'")


def finding_key(finding: Finding, renames: Mapping[str, str] | None = None) -> FindingKey:
    """What identifies a finding across versions: code, element, message without places."""
    message = finding.message
    # The cheap tests keep the expressions from scanning the many messages they cannot match.
    lowered = message.lower()
    if ".yaml" in lowered or ".yml" in lowered:
        message = _FILE_REFERENCE.sub("<file>", message)
    if "line" in message or "column" in message:
        message = _LINE_REFERENCE.sub(r"\1 N", message)
    element = finding.element
    if renames:
        if "'" in message:
            message = _QUOTED_ID.sub(lambda m: f"'{renames.get(m.group(1), m.group(1))}'", message)
        if element is not None:
            element = renames.get(element, element)
    return (finding.code, element, message)


def compare_findings(
    old: Iterable[Finding], new: Iterable[Finding], renames: Mapping[str, str] | None = None
) -> FindingsDiff:
    """Findings of ``new`` unmatched in ``old`` (introduced) and the reverse (resolved).

    Matching counts: two identical findings in the new version against one in
    the old one leave one introduced. An unmatched finding of each version
    with the same code about the same element is neither: it is ``changed``.
    """
    old_keys = [(finding_key(finding, renames), finding) for finding in old]
    new_keys = [(finding_key(finding), finding) for finding in new]
    old_count = Counter(key for key, _ in old_keys)
    new_count = Counter(key for key, _ in new_keys)
    introduced: list[Finding] = []
    for key, finding in new_keys:
        if old_count[key] > 0:
            old_count[key] -= 1
        else:
            introduced.append(finding)
    resolved: list[Finding] = []
    for key, finding in old_keys:
        if new_count[key] > 0:
            new_count[key] -= 1
        else:
            resolved.append(finding)
    return _pair_changed(introduced, resolved, renames or {})


def _pair_changed(
    introduced: list[Finding], resolved: list[Finding], renames: Mapping[str, str]
) -> FindingsDiff:
    """Set apart the findings about the same element under the same code whose message
    changed (e.g. a single point of failure that now hangs on fewer elements): the
    problem was there before and is still there."""
    waiting: dict[tuple[str, str], list[Finding]] = {}
    for finding in sorted(resolved):
        if finding.element is not None:
            key = (finding.code, renames.get(finding.element, finding.element))
            waiting.setdefault(key, []).append(finding)
    still_introduced: list[Finding] = []
    changed: list[tuple[Finding, Finding]] = []
    for finding in sorted(introduced):
        candidates = waiting.get((finding.code, finding.element or ""))
        if finding.element is not None and candidates:
            changed.append((candidates.pop(0), finding))
        else:
            still_introduced.append(finding)
    paired = {id(old) for old, _ in changed}
    still_resolved = [finding for finding in sorted(resolved) if id(finding) not in paired]
    return FindingsDiff(still_introduced, still_resolved, changed)
