"""Building a diff from two specs: load and validate both versions, then compare.

:func:`diff_sources` is what the command calls; :func:`build_diff` does the
same from two loaded versions (tests and other tools use it directly).
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ictarch.diff.compare import compare_architectures
from ictarch.diff.findings_diff import compare_findings
from ictarch.diff.impact import compute_impact
from ictarch.diff.model import ArchitectureDiff
from ictarch.diff.sources import Source, SourceError, open_source
from ictarch.findings import Finding, Severity
from ictarch.model.architecture import Architecture
from ictarch.model.loader import ArchitectureNotFound
from ictarch.model.parallel import serial_loading
from ictarch.model.yamlsource import Limits

_MAX_FINDINGS_IN_ERROR = 5
PARALLEL_THRESHOLD_BYTES = 1024 * 1024
"""Below this much YAML in the two versions, a child process costs more than it saves."""


@dataclass(slots=True)
class LoadedVersion:
    """One version, validated: its model and its findings."""

    spec: str
    architecture: Architecture
    findings: list[Finding]


@dataclass(slots=True)
class DiffRun:
    """A diff with the two versions it was computed from (the drawing needs both)."""

    diff: ArchitectureDiff
    old: LoadedVersion
    new: LoadedVersion


def load_version(spec: str, cwd: Path | None = None, limits: Limits | None = None) -> LoadedVersion:
    """Load and validate the version named by ``spec`` (raises SourceError)."""
    with open_source(spec, cwd) as source:
        return validate_source(source, limits)


def validate_source(source: Source, limits: Limits | None = None) -> LoadedVersion:
    """Load and validate a resolved source (raises SourceError when nothing loads)."""
    from ictarch.validation import validate_architecture

    spec = source.spec
    try:
        loaded = validate_architecture(source.path, limits, source.display_base)
    except ArchitectureNotFound as error:
        raise SourceError(str(error).replace(str(source.path), spec)) from error
    if loaded.architecture is None:
        errors = [f for f in loaded.findings if f.severity is Severity.ERROR] or loaded.findings
        shown = "; ".join(
            f"{f.location} {f.code} {f.message}" for f in errors[:_MAX_FINDINGS_IN_ERROR]
        )
        more = len(errors) - _MAX_FINDINGS_IN_ERROR
        raise SourceError(
            f"{spec}: the architecture cannot be loaded: {shown}"
            + (f" (and {more} more)" if more > 0 else "")
        )
    return LoadedVersion(spec, loaded.architecture, loaded.findings)


def build_diff(old: LoadedVersion, new: LoadedVersion) -> ArchitectureDiff:
    """Compare two loaded versions: model, impact, and findings introduced or resolved."""
    diff = compare_architectures(old.architecture, new.architecture, old.spec, new.spec)
    status_changes = [
        (change.id, change.fields["status"].old, change.fields["status"].new)
        for change in diff.changed
        if "status" in change.fields
    ]
    diff.impact = compute_impact(new.architecture, diff.removed, status_changes)
    renames = {rename.old: rename.new for rename in diff.renamed}
    diff.findings = compare_findings(old.findings, new.findings, renames)
    return diff


def diff_sources(
    old_spec: str,
    new_spec: str,
    cwd: Path | None = None,
    limits: Limits | None = None,
    parallel: bool | None = None,
) -> DiffRun:
    """Load, validate and compare the versions named by two specs (raises SourceError).

    Loading dominates, so large versions are loaded side by side: the old one
    in a child process, the new one here (``parallel=None`` decides from the
    size of the YAML and the number of processors). Should the child fail for
    any reason, the old version is loaded here instead.
    """
    with open_source(old_spec, cwd) as old_source, open_source(new_spec, cwd) as new_source:
        if parallel is None:
            parallel = (os.cpu_count() or 1) > 1 and (
                _yaml_bytes(old_source.path) + _yaml_bytes(new_source.path)
                >= PARALLEL_THRESHOLD_BYTES
            )
        if not parallel:
            old = validate_source(old_source, limits)
            new = validate_source(new_source, limits)
        else:
            old, new = _validate_side_by_side(old_source, new_source, limits)
    return DiffRun(build_diff(old, new), old, new)


def _validate_side_by_side(
    old_source: Source, new_source: Source, limits: Limits | None
) -> tuple[LoadedVersion, LoadedVersion]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    try:
        executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(method))
        future = executor.submit(validate_source, old_source, limits)
    except (OSError, ValueError, RuntimeError):
        return validate_source(old_source, limits), validate_source(new_source, limits)
    with executor, serial_loading():  # the two processes already use both processors
        new = validate_source(new_source, limits)
        try:
            old = future.result()
        except SourceError:
            raise
        except Exception:  # a broken child, or a result that does not pickle
            old = validate_source(old_source, limits)
    return old, new


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
