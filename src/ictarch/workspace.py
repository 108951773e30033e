"""One incremental core for the command line and the editor: a :class:`Workspace`.

Validation has two halves (docs/architecture-core.md has the whole design):

1. **Per-file records.** Each element file is read, parsed into located values,
   checked on its own (YAML, duplicate keys, limits, unknown layer keys, the
   layer schema) and turned into located :class:`~ictarch.model.architecture.Element`
   objects. The outcome, an :class:`~ictarch.model.loader.ElementFile` (its
   elements, its findings, its text), depends only on the file's bytes, its
   display name, the layers the root file declares, the limits and ictarch's
   code and language: :func:`~ictarch.model.loader.record_key` hashes exactly
   these. The root file (``architecture.yaml``: layers, includes, views, rules,
   conformance) is small and always read again.
2. **The whole-model pass** (:func:`ictarch.validation.check_model`): the
   model is assembled from the root file and the records (first definition of
   an id wins, in include order), and the checks that need all of it run on
   it: references, layering, cycles, single points of failure, lifecycle,
   conformance, conventions; then severities from ``rules:``, waivers, and the
   root-cause filtering of "not defined" findings.

A long-running process keeps the records in memory (:class:`Workspace`): an
edit re-parses and re-checks only the edited file, then runs the whole-model
pass again (on 10,000 elements, about half a second of the one and a half a
cold run costs). The command line keeps the same records on disk
(:class:`~ictarch.model.cache.ResultCache`), and also the whole result of
``validate`` under the hash of all its inputs.

The API the language server uses (stable)::

    workspace = Workspace(Path("architectures/quang-nam"))
    findings = workspace.check()                  # every finding, sorted
    findings = workspace.update(path, text)       # an unsaved buffer; None: back to disk
    workspace.findings_in(path)                   # the findings located in one file
    workspace.element_at(path, line, column)      # the element written there, or None
    workspace.element("vneid")                    # by id, or None
    workspace.architecture                        # the model (None if the root is unusable)
    workspace.files                               # every file read, resolved

Paths may be given relative or absolute; they are compared resolved. Line and
column count from 1, as in findings.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from ictarch.findings import Finding
from ictarch.model.architecture import Architecture, Element
from ictarch.model.cache import Records, ResultCache
from ictarch.model.lifecycle import CURRENT, State
from ictarch.model.loader import LoadResult, find_root_file, load_architecture
from ictarch.model.yamlsource import Limits
from ictarch.validation import check_model


class Workspace:
    """An architecture kept in memory, re-checked file by file as it is edited.

    ``cache`` (optional) is the on-disk cache to start from and to fill, so that
    opening a large architecture a second time does not parse it again.
    """

    def __init__(
        self,
        path: Path,
        limits: Limits | None = None,
        state: State = CURRENT,
        today: datetime.date | None = None,
        cache: ResultCache | None = None,
    ) -> None:
        self.root_file = find_root_file(path)
        self.limits = limits or Limits.from_environment()
        self.state = state
        self.today = today
        self.records = Records(cache, memory=True)
        self.overlays: dict[Path, bytes] = {}
        self.result = LoadResult(None, [])
        self._by_file: dict[Path, list[Finding]] | None = None
        self.memos: dict[str, Any] = {}  # what the whole-model checks keep between passes

    def check(self) -> list[Finding]:
        """Load (files whose records are kept are not parsed again) and check; every
        finding, sorted."""
        loaded = load_architecture(
            self.root_file, self.limits, overlays=self.overlays, store=self.records
        )
        self.result = check_model(loaded, today=self.today, state=self.state, memos=self.memos)
        self._by_file = None
        architecture = self.result.architecture
        if architecture is not None:
            self.records.keep_only(loaded_keys(self.result))
        return self.result.findings

    def update(self, path: Path, text: str | None) -> list[Finding]:
        """The file at ``path`` now holds ``text`` (an editor's buffer; None: what is on
        disk again): re-check it and the whole model; every finding, sorted."""
        resolved = path.resolve()
        if text is None:
            self.overlays.pop(resolved, None)
        else:
            self.overlays[resolved] = text.encode("utf-8", "surrogatepass")
        return self.check()

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings

    @property
    def architecture(self) -> Architecture | None:
        return self.result.architecture

    @property
    def files(self) -> list[Path]:
        return [path.resolve() for path in self.result.input_paths]

    def findings_in(self, path: Path) -> list[Finding]:
        """The findings located in the file at ``path``."""
        if self._by_file is None:
            by_display: dict[str, list[Finding]] = {}
            for finding in self.result.findings:
                by_display.setdefault(finding.file, []).append(finding)
            self._by_file = {}
            for display, findings in by_display.items():
                self._by_file[Path(display).resolve()] = findings
        return self._by_file.get(path.resolve(), [])

    def element(self, element_id: str) -> Element | None:
        architecture = self.result.architecture
        return None if architecture is None else architecture.elements.get(element_id)

    def element_at(self, path: Path, line: int, column: int) -> Element | None:
        """The element whose definition holds the position (the last one starting at or
        before it, in the file at ``path``)."""
        architecture = self.result.architecture
        if architecture is None:
            return None
        resolved = path.resolve()
        best: Element | None = None
        for element in architecture.definitions:
            if Path(element.location.file).resolve() != resolved:
                continue
            if (element.location.line, element.location.column) <= (line, column) and (
                best is None or element.location.line >= best.location.line
            ):
                best = element
        return best


def loaded_keys(result: LoadResult) -> list[str]:
    """The record keys of the element files the last load used."""
    return list(result.record_keys.values())
