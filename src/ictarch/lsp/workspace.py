"""The architectures of an editor's workspace, kept in memory and checked again on edits.

This is the language server's one adapter to the core: it loads an architecture
with :mod:`ictarch.model.loader` (the same located values, schema checks and
elements as ``ictarch validate``) and runs the same checks as
:mod:`ictarch.validation`, with two differences an editor needs:

- the text of a file open in the editor replaces the file on disk (an
  *overlay*), saved or not;
- every included file is kept as a per-file record (its parse, schema findings
  and elements), keyed by its text: after an edit only the edited file is read
  again, then the whole-model checks run over the records.

Nothing here imports the protocol library: the server (:mod:`ictarch.lsp.server`)
and the benchmark use it alike.
"""

from __future__ import annotations

import datetime
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ictarch.acceptance.waivers import apply_waivers
from ictarch.acceptance.waivers import today as waivers_today
from ictarch.findings import Finding, Location
from ictarch.model.architecture import Architecture
from ictarch.model.lifecycle import CURRENT
from ictarch.model.loader import (
    ROOT_FILE_NAMES,
    ElementFile,
    LoadResult,
    _Loader,
    collect_elements,
    split_known_keys,
)
from ictarch.model.schema import check_against_schema
from ictarch.model.yamlsource import (
    Limits,
    YamlDocument,
    YamlMap,
    estimate_values,
    parse_yaml_text,
    values_limit_finding,
)
from ictarch.rules import CHECKS, STATE_CHECKS
from ictarch.validation import (
    apply_severities,
    collapse_shared_findings,
    resolve_severities,
    root_causes,
    suppress_consequences,
)

_SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", "out"}
)
MAX_SCANNED_DIRECTORIES = 20_000
"""A workspace folder is searched for architectures no further than this."""


def find_architectures(folder: Path) -> list[Path]:
    """The root files (architecture.yaml) under ``folder``, resolved, in path order.

    Hidden folders, virtual environments and node_modules are not searched.
    """
    found: list[Path] = []
    for scanned, (directory, subdirectories, files) in enumerate(os.walk(folder), start=1):
        if scanned > MAX_SCANNED_DIRECTORIES:
            break
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name not in _SKIPPED_DIRECTORIES and not name.startswith(".")
        )
        for name in ROOT_FILE_NAMES:
            if name in files:
                found.append((Path(directory) / name).resolve())
                break
    return sorted(found)


def document_from_text(path: Path, display: str, text: str, limits: Limits) -> YamlDocument:
    """A YAML document from text held in memory (an editor's buffer), read like a file."""
    document = YamlDocument(path, display, "", None)
    data = text.encode("utf-8", "surrogatepass")
    document.size = len(data)
    document.values = estimate_values(data)
    if document.values > limits.max_values:
        where = Location(display, 1, 1)
        document.findings.append(values_limit_finding(document.values, limits, where))
        return document
    document.text = text
    document.value = parse_yaml_text(text, display, limits, document.findings)
    return document


def element_file_from_text(
    path: Path, display: str, text: str, limits: Limits, layer_ids: frozenset[str]
) -> ElementFile:
    """An included file's record (as :func:`ictarch.model.loader.load_element_file`
    makes it) from text held in memory."""
    document = document_from_text(path, display, text, limits)
    findings = document.findings
    elements = []
    value = document.value
    if value is not None:
        if isinstance(value, YamlMap):
            value, unknown = split_known_keys(value, display, layer_ids, frozenset())
            findings.extend(unknown)
        findings.extend(check_against_schema(value, "layer.schema.json", display, document.text))
        if isinstance(value, YamlMap):
            elements = collect_elements(value, display, layer_ids, limits.max_elements + 1)
    return ElementFile(display, document.text, document.size, findings, elements)


@dataclass(slots=True)
class _Record:
    """An included file as last read: what it was read from, and the result."""

    key: tuple[object, ...]
    layer_ids: frozenset[str]
    loaded: ElementFile


class _OverlayLoader(_Loader):
    """The loader, reading open editor buffers instead of their files, and reusing the
    records of included files whose text has not changed."""

    def __init__(
        self,
        limits: Limits,
        base: Path,
        overlays: Mapping[Path, str],
        records: dict[Path, _Record],
        lock: threading.Lock,
    ) -> None:
        super().__init__(limits, base, base.as_posix())
        self.overlays = overlays
        self.records = records
        self.lock = lock
        self.reread: list[Path] = []

    def _read(self, path: Path) -> YamlDocument:
        text = self.overlays.get(path.resolve())
        if text is None:
            return super()._read(path)
        display = self._display(path)
        self.input_paths.append(path)
        document = document_from_text(path, display, text, self.limits)
        self.sources[display] = document.text
        self.total_bytes += document.size
        self.total_values += document.values
        self.findings.extend(document.findings)
        return document

    def _load_element_files(
        self, paths: list[Path], layer_ids: frozenset[str]
    ) -> list[ElementFile]:
        loaded: list[ElementFile] = []
        for path in paths:
            resolved = path.resolve()
            text = self.overlays.get(resolved)
            if text is not None:
                key: tuple[object, ...] = ("buffer", text)
            else:
                try:
                    status = resolved.stat()
                except OSError:
                    key = ("missing",)
                else:
                    key = ("disk", status.st_mtime_ns, status.st_size)
            with self.lock:
                record = self.records.get(resolved)
            if record is None or record.key != key or record.layer_ids != layer_ids:
                display = self._display(path)
                if text is not None:
                    result = element_file_from_text(path, display, text, self.limits, layer_ids)
                else:
                    from ictarch.model.loader import load_element_file

                    result = load_element_file(path, display, self.limits, layer_ids)
                record = _Record(key, layer_ids, result)
                with self.lock:
                    self.records[resolved] = record
                self.reread.append(resolved)
            loaded.append(record.loaded)
        return loaded


@dataclass(slots=True)
class CheckResult:
    """One check of a whole architecture: findings per file (absolute paths)."""

    architecture: Architecture | None
    findings: dict[Path, list[Finding]]
    files: tuple[Path, ...]
    """The root file and the included files, resolved."""
    sources: dict[Path, str] = field(default_factory=dict)
    reread: tuple[Path, ...] = ()
    """The included files read again for this check (the others came from records)."""
    unreadable: frozenset[Path] = frozenset()
    """Files left unread in part or whole (a syntax error ...): the root causes' files."""


class ArchitectureSession:
    """One architecture of the workspace: its per-file records and its last checks."""

    def __init__(self, root_file: Path, limits: Limits | None = None) -> None:
        self.root_file = root_file.resolve()
        self.root = self.root_file.parent
        self.limits = limits or Limits.from_environment()
        self._records: dict[Path, _Record] = {}
        self._lock = threading.Lock()  # the records are shared by the file and whole checks
        self.result: CheckResult | None = None
        self.good: CheckResult | None = None
        """The last check in which every file could be read: features answer from it
        while a file is half-typed."""

    @property
    def files(self) -> tuple[Path, ...]:
        return self.result.files if self.result is not None else (self.root_file,)

    def owns(self, path: Path) -> bool:
        """Whether ``path`` (resolved) is the root file or one of the included files."""
        return path == self.root_file or (self.result is not None and path in self.result.files)

    def check_file(self, path: Path, text: str) -> list[Finding]:
        """The findings of one included file alone (YAML, schema): the first answer to an
        edit, before the whole-model checks, which reuse what it read (its record)."""
        layer_ids = self._layer_ids()
        display = path.as_posix()
        loaded = element_file_from_text(path, display, text, self.limits, layer_ids)
        if self.result is not None and path in self.result.files and path != self.root_file:
            with self._lock:
                self._records[path] = _Record(("buffer", text), layer_ids, loaded)
        return loaded.findings

    def _layer_ids(self) -> frozenset[str]:
        good = self.good or self.result
        if good is not None and good.architecture is not None:
            return frozenset(layer.id for layer in good.architecture.layers)
        from ictarch.model.architecture import DEFAULT_LAYERS

        return frozenset(layer.id for layer in DEFAULT_LAYERS)

    def check(
        self,
        overlays: Mapping[Path, str],
        today: datetime.date | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> CheckResult:
        """Load the architecture (buffers over files, unchanged files from their records)
        and run every check, as ``ictarch validate`` does in the current state.

        ``stop`` is asked between findings: when it answers true (a newer edit came),
        the check ends with :class:`CheckCancelled` and nothing is kept but the records.
        """
        loader = _OverlayLoader(self.limits, self.root, overlays, self._records, self._lock)
        loaded = loader.load(self.root_file)
        findings = _checked(loaded, today or waivers_today(), stop or _never)
        files = tuple(dict.fromkeys(path.resolve() for path in loaded.input_paths))
        with self._lock:
            for stale in set(self._records) - set(files):
                del self._records[stale]
        by_file: dict[Path, list[Finding]] = {file: [] for file in files}
        for finding in findings:
            by_file.setdefault(Path(finding.file), []).append(finding)
        result = CheckResult(
            loaded.architecture,
            by_file,
            files,
            {Path(display): text for display, text in loaded.sources.items()},
            tuple(loader.reread),
            frozenset(Path(cause.file) for cause in loaded.root_causes),
        )
        self.result = result
        if (result.architecture is not None and not result.unreadable) or (
            self.good is None and result.architecture is not None
        ):
            self.good = result
        return result

    def model(self) -> Architecture | None:
        """The architecture the editor features answer from: the last one fully read."""
        best = self.good or self.result
        return best.architecture if best is not None else None


class CheckCancelled(Exception):
    """A check given up because a newer edit makes its answer useless."""


def _never() -> bool:
    return False


def _collect(findings: list[Finding], found: Iterable[Finding], stop: Callable[[], bool]) -> None:
    if stop():
        raise CheckCancelled
    for finding in found:
        if stop():
            raise CheckCancelled
        findings.append(finding)


def _checked(loaded: LoadResult, today: datetime.date, stop: Callable[[], bool]) -> list[Finding]:
    """Every finding of a loaded architecture, as
    :func:`ictarch.validation.validate_architecture` makes them (current state)."""
    architecture = loaded.architecture
    findings = list(loaded.findings)
    if architecture is not None:
        for check in CHECKS.values():
            _collect(findings, check(architecture), stop)
        for state_check in STATE_CHECKS.values():
            _collect(findings, state_check(architecture, CURRENT), stop)
        severities, config_findings = resolve_severities(architecture)
        findings = apply_severities(findings, severities)
        findings.extend(config_findings)
        findings = collapse_shared_findings(findings)
        outcome = apply_waivers(architecture, findings, today)
        findings = outcome.kept + apply_severities(outcome.about_waivers, severities)
    loaded.root_causes = root_causes(findings)
    if loaded.root_causes:
        findings, loaded.left_out = suppress_consequences(
            findings, loaded.root_causes, loaded.sources
        )
    findings.sort()
    return findings


class Workspace:
    """Every architecture of the editor's workspace folders, and the open buffers."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits.from_environment()
        self.sessions: dict[Path, ArchitectureSession] = {}
        self.buffers: dict[Path, str] = {}

    def add_folder(self, folder: Path) -> list[ArchitectureSession]:
        added = []
        for root_file in find_architectures(folder):
            if root_file not in self.sessions:
                added.append(self.add_architecture(root_file))
        return added

    def add_architecture(self, root_file: Path) -> ArchitectureSession:
        session = self.sessions.get(root_file.resolve())
        if session is None:
            session = ArchitectureSession(root_file, self.limits)
            self.sessions[session.root_file] = session
        return session

    def sessions_of(self, path: Path) -> list[ArchitectureSession]:
        """The architectures ``path`` (resolved) belongs to: as root file or included."""
        return [session for session in self.sessions.values() if session.owns(path)]

    def session_for(self, path: Path) -> ArchitectureSession | None:
        """The architecture of a file opened in the editor, found or added on demand.

        Never checks anything itself (checks run in the server's checker thread): an
        architecture not checked yet is taken to own the files under its directory.
        """
        owners = self.sessions_of(path)
        if owners:
            return owners[0]
        if path.name in ROOT_FILE_NAMES:
            return self.add_architecture(path)
        for session in self.sessions.values():
            if session.result is None and path.is_relative_to(session.root):
                return session
        for directory in path.parents:  # an element file of an architecture not yet read
            for name in ROOT_FILE_NAMES:
                candidate = directory / name
                if candidate.is_file() and candidate.resolve() not in self.sessions:
                    return self.add_architecture(candidate)
        return None

    def all_models(self) -> Iterator[tuple[ArchitectureSession, Architecture]]:
        for session in self.sessions.values():
            model = session.model()
            if model is not None:
                yield session, model

    def check_all(self) -> Iterable[tuple[ArchitectureSession, CheckResult]]:
        for session in list(self.sessions.values()):
            yield session, session.check(self.buffers)
