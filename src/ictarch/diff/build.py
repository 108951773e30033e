"""Building a diff from two specs: load and validate both versions, then compare.

:func:`diff_sources` is what the command calls; :func:`build_diff` does the
same from two loaded versions (tests and other tools use it directly).
"""

from __future__ import annotations

import contextlib
import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from ictarch.diff.compare import compare_architectures
from ictarch.diff.findings_diff import compare_findings
from ictarch.diff.impact import compute_impact
from ictarch.diff.model import ArchitectureDiff
from ictarch.diff.side_by_side import validate_side_by_side
from ictarch.diff.sources import open_source
from ictarch.diff.versions import LoadedVersion, validate_source
from ictarch.model.lifecycle import CURRENT, State
from ictarch.model.yamlsource import Limits

PARALLEL_THRESHOLD_BYTES = 1024 * 1024
"""Below this much YAML in the two versions, a child process costs more than it saves."""


@dataclass(slots=True)
class DiffRun:
    """A diff with the two versions it was computed from (the drawing needs both)."""

    diff: ArchitectureDiff
    old: LoadedVersion
    new: LoadedVersion


def build_diff(old: LoadedVersion, new: LoadedVersion, state: State = CURRENT) -> ArchitectureDiff:
    """Compare two loaded versions: model, impact, and findings introduced or resolved.

    The impact answers for ``state``; the findings are those the versions were
    validated with (in the same state)."""
    diff = compare_architectures(old.architecture, new.architecture, old.spec, new.spec)
    status_changes = [
        (change.id, change.fields["status"].old, change.fields["status"].new)
        for change in diff.changed
        if "status" in change.fields
    ]
    diff.impact = compute_impact(new.architecture, diff.removed, status_changes, state)
    diff.state = state
    renames = {rename.old: rename.new for rename in diff.renamed}
    diff.findings = compare_findings(old.findings, new.findings, renames)
    return diff


def diff_sources(
    old_spec: str,
    new_spec: str,
    cwd: Path | None = None,
    limits: Limits | None = None,
    parallel: bool | None = None,
    state: State = CURRENT,
) -> DiffRun:
    """Load, validate and compare the versions named by two specs (raises SourceError).

    Loading dominates, so large versions are loaded side by side: the old one
    in a child process, the new one here (``parallel=None`` decides from the
    size of the YAML and the number of processors). Should the child fail for
    any reason, the old version is loaded here instead. In a state other than
    the current one both are loaded here.
    """
    with open_source(old_spec, cwd) as old_source, open_source(new_spec, cwd) as new_source:
        if state != CURRENT:
            parallel = False
        if parallel is None:
            parallel = (os.cpu_count() or 1) > 1 and (
                _yaml_bytes(old_source.path) + _yaml_bytes(new_source.path)
                >= PARALLEL_THRESHOLD_BYTES
            )
        if not parallel:
            old = validate_source(old_source, limits, state)
            new = validate_source(new_source, limits, state)
        else:
            old, new = validate_side_by_side(old_source, new_source, limits)
    return DiffRun(build_diff(old, new, state), old, new)


def diff_over_time(
    spec: str,
    first: datetime.date,
    second: datetime.date,
    cwd: Path | None = None,
    limits: Limits | None = None,
) -> DiffRun:
    """Compare one architecture with itself, as it is on ``first`` and on ``second``.

    Each side is the architecture validated at its date, then turned into a
    snapshot: every element gets the status its dates give it on that day
    (:meth:`~ictarch.model.architecture.Architecture.snapshot`), so that the
    usual comparison reports what starts as a status change towards
    operational and what ends as a retirement, with its impact. On a snapshot
    the current state is the state at its date.
    """
    with open_source(spec, cwd) as source:
        old = validate_source(source, limits, State.at(first))
        new = validate_source(source, limits, State.at(second))
    old = LoadedVersion(
        f"{spec} ({first.isoformat()})", old.architecture.snapshot(State.at(first)), old.findings
    )
    new = LoadedVersion(
        f"{spec} ({second.isoformat()})", new.architecture.snapshot(State.at(second)), new.findings
    )
    diff = build_diff(old, new, CURRENT)
    diff.dates = (first, second)
    diff.state = State.at(second)
    return DiffRun(diff, old, new)


def _yaml_bytes(path: Path) -> int:
    """The size of the YAML files of an architecture (a directory or a root file)."""
    if path.is_file():
        return path.stat().st_size
    total = 0
    for directory, _, names in os.walk(path):
        for name in names:
            if name.endswith((".yaml", ".yml")):
                with contextlib.suppress(OSError):
                    total += os.stat(os.path.join(directory, name)).st_size
    return total
