"""The architectures of an editor's workspace, kept in memory and checked again on edits.

The language server's adapter to the incremental core (docs/architecture-core.md):
each architecture is loaded by :func:`ictarch.model.loader.load_architecture`
with the editor's unsaved buffers as overlays and an in-memory record store, so
that an edit parses and checks only the edited file; then the whole-model pass,
:func:`ictarch.validation.check_model`, runs over the records: the same findings as
``ictarch validate``. Between the two halves a newer edit can cancel the check.

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
from typing import Any

from ictarch.findings import Finding
from ictarch.model.architecture import Architecture
from ictarch.model.cache import Records
from ictarch.model.lifecycle import CURRENT
from ictarch.model.loader import (
    ROOT_FILE_NAMES,
    ElementFile,
    display_path,
    load_architecture,
    load_element_file,
    record_key,
)
from ictarch.model.parallel import serial_loading
from ictarch.model.yamlsource import Limits
from ictarch.validation import CheckCancelled, check_model

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


class _LockedRecords:
    """The core's in-memory record store, shared by the file checks (the first answer to
    an edit) and the whole checks, which run in two threads."""

    def __init__(self) -> None:
        self.records = Records(None, memory=True)
        self.lock = threading.Lock()

    def get_record(self, key: str, data: bytes) -> ElementFile | None:
        with self.lock:
            return self.records.get_record(key, data)

    def put_record(self, key: str, record: ElementFile) -> None:
        with self.lock:
            self.records.put_record(key, record)

    def keep_only(self, keys: Iterable[str]) -> None:
        with self.lock:
            self.records.keep_only(keys)


@dataclass(slots=True)
class CheckResult:
    """One check of a whole architecture: findings per file (resolved paths)."""

    architecture: Architecture | None
    findings: dict[Path, list[Finding]]
    files: tuple[Path, ...]
    """The root file and the included files, resolved."""
    sources: dict[Path, str] = field(default_factory=dict)
    unreadable: frozenset[Path] = frozenset()
    """Files left unread in part or whole (a syntax error ...): the root causes' files."""


def _never() -> bool:
    return False


class ArchitectureSession:
    """One architecture of the workspace: its per-file records and its last checks."""

    def __init__(self, root_file: Path, limits: Limits | None = None) -> None:
        self.root_file = root_file.resolve()
        self.root = self.root_file.parent
        self.limits = limits or Limits.from_environment()
        self._records = _LockedRecords()
        self._paths: dict[str, Path] = {}  # display name -> resolved path
        self._memos: dict[str, Any] = {}  # what the whole-model checks keep between passes
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

    def path_of(self, display: str) -> Path:
        """The resolved path of a file name as findings show it."""
        path = self._paths.get(display)
        if path is None:
            path = self._paths[display] = Path(display).resolve()
        return path

    def _layer_ids(self) -> frozenset[str]:
        good = self.good or self.result
        if good is not None and good.architecture is not None:
            return frozenset(layer.id for layer in good.architecture.layers)
        from ictarch.model.architecture import DEFAULT_LAYERS

        return frozenset(layer.id for layer in DEFAULT_LAYERS)

    def check_file(self, path: Path, text: str) -> list[Finding]:
        """The findings of one included file alone (YAML, schema): the first answer to an
        edit, before the whole-model pass, which takes the record it leaves."""
        layer_ids = self._layer_ids()
        display = display_path(path)
        data = text.encode("utf-8", "surrogatepass")
        record = load_element_file(path, display, self.limits, layer_ids, data)
        if self.result is not None and path in self.result.files and path != self.root_file:
            self._records.put_record(record_key(display, data, layer_ids, self.limits), record)
        return record.findings

    def check(
        self,
        buffers: Mapping[Path, str],
        today: datetime.date | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> CheckResult:
        """Load the architecture (buffers over files; files whose record is kept are not
        parsed again) and run the whole-model pass, in the current state.

        ``stop`` is asked between the two halves and between the whole-model checks:
        when it answers true (a newer edit came), the check ends with
        :class:`~ictarch.validation.CheckCancelled`.
        """
        overlays = {path: text.encode("utf-8", "surrogatepass") for path, text in buffers.items()}
        with serial_loading():  # no worker processes forked from the server's threads
            loaded = load_architecture(
                self.root_file, self.limits, overlays=overlays, store=self._records
            )
        if (stop or _never)():
            raise CheckCancelled
        loaded = check_model(loaded, today=today, state=CURRENT, memos=self._memos, stop=stop)
        if loaded.architecture is not None:
            self._records.keep_only(loaded.record_keys.values())
        files = tuple(dict.fromkeys(path.resolve() for path in loaded.input_paths))
        by_file: dict[Path, list[Finding]] = {file: [] for file in files}
        for finding in loaded.findings:
            by_file.setdefault(self.path_of(finding.file), []).append(finding)
        result = CheckResult(
            loaded.architecture,
            by_file,
            files,
            {self.path_of(display): text for display, text in loaded.sources.items()},
            frozenset(self.path_of(cause.file) for cause in loaded.root_causes),
        )
        self.result = result
        if result.architecture is not None and (not result.unreadable or self.good is None):
            self.good = result
        return result

    def model(self) -> Architecture | None:
        """The architecture the editor features answer from: the last one fully read."""
        best = self.good or self.result
        return best.architecture if best is not None else None


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
