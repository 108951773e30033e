"""One version of a diff, loaded and validated."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ictarch.diff.sources import Source, SourceError, open_source
from ictarch.findings import Finding, Severity
from ictarch.i18n import _
from ictarch.model.architecture import Architecture
from ictarch.model.lifecycle import CURRENT, State
from ictarch.model.loader import ArchitectureNotFound
from ictarch.model.yamlsource import Limits

_MAX_FINDINGS_IN_ERROR = 5


@dataclass(slots=True)
class LoadedVersion:
    """One version, validated: its model and its findings."""

    spec: str
    architecture: Architecture
    findings: list[Finding]


def load_version(spec: str, cwd: Path | None = None, limits: Limits | None = None) -> LoadedVersion:
    """Load and validate the version named by ``spec`` (raises SourceError)."""
    with open_source(spec, cwd) as source:
        return validate_source(source, limits)


def validate_source(
    source: Source, limits: Limits | None = None, state: State = CURRENT
) -> LoadedVersion:
    """Load and validate a resolved source in ``state`` (raises SourceError when nothing
    loads)."""
    from ictarch.validation import validate_architecture

    spec = source.spec
    try:
        loaded = validate_architecture(source.path, limits, source.display_base, state=state)
    except ArchitectureNotFound as error:
        raise SourceError(str(error).replace(str(source.path), spec)) from error
    if loaded.architecture is None:
        errors = [f for f in loaded.findings if f.severity is Severity.ERROR] or loaded.findings
        shown = "; ".join(
            f"{f.location} {f.code} {f.message}" for f in errors[:_MAX_FINDINGS_IN_ERROR]
        )
        more = len(errors) - _MAX_FINDINGS_IN_ERROR
        if more > 0:
            message = _("{spec}: the architecture cannot be loaded: {shown} (and {more} more)")
        else:
            message = _("{spec}: the architecture cannot be loaded: {shown}")
        raise SourceError(message.format(spec=spec, shown=shown, more=more))
    return LoadedVersion(spec, loaded.architecture, loaded.findings)
