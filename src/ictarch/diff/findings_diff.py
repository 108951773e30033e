"""Findings a change introduces and resolves.

Both versions are validated; a finding of one version is matched with a
finding of the other on its data, never on its message: code, element and the
finding's ``args`` (the other element, the group, the block ...), with renamed
ids spelled the new way. Moving an element to another line or file therefore
changes nothing, and neither does the language of the messages, while "this
change introduces a dependency cycle" stands out. What is left unmatched on
both sides with the same code and element is the same problem with other data
(a single point of failure whose list of culprits changed): it is reported as
changed, neither introduced nor resolved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping

from ictarch.diff.model import FindingsDiff
from ictarch.findings import ArgValue, Finding

FindingKey = tuple[str, str | None, Hashable]


def finding_key(finding: Finding, renames: Mapping[str, str] | None = None) -> FindingKey:
    """What identifies a finding across versions: code, element and data, ids renamed.

    A finding without data (``args``) about an element is identified by its
    code and element; one about no element, by its code and file.
    """
    element = finding.element
    renames = renames or {}
    if element is not None:
        element = renames.get(element, element)
    if finding.args:
        data: Hashable = tuple(
            sorted((key, _renamed(value, renames)) for key, value in finding.args.items())
        )
    elif element is None:
        data = finding.file
    else:
        data = None
    return (finding.code, element, data)


def _renamed(value: ArgValue, renames: Mapping[str, str]) -> Hashable:
    if isinstance(value, str):
        return renames.get(value, value)
    if isinstance(value, tuple):
        return tuple(renames.get(item, item) for item in value)
    return value


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
