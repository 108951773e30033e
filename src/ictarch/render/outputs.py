"""Planning a render: which views, which files, and whether those on disk are current.

:func:`plan_render` resolves views and formats into a :class:`RenderJob`;
its :meth:`RenderJob.files` produces every file's bytes (``dot`` runs in a
few worker threads, one process per file) in a fixed order, and
:func:`compare_with_disk` tells which files on disk differ. Writing is the
caller's job.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ictarch.i18n import _
from ictarch.model.architecture import Architecture, View
from ictarch.render import FORMATS, DotNotFound, RenderError, RenderSettings
from ictarch.render.diagram import Diagram
from ictarch.render.index import INDEX_FILE, build_index, file_name

_FILE_SAFE_VIEW_ID = re.compile(r"[a-z0-9][a-z0-9.-]*")
MISSING = "missing"
STALE = "stale"


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of a render: its name in the output directory and its bytes."""

    name: str
    content: bytes


@dataclass(slots=True)
class RenderJob:
    """The diagrams of a render and the formats to write them in."""

    architecture: Architecture
    diagrams: list[Diagram]
    formats: list[str]
    settings: RenderSettings
    with_index: bool
    workers: int = field(default_factory=lambda: min(4, os.cpu_count() or 1))
    state_note: str | None = None  # the lifecycle state drawn, when not the current one

    @property
    def total(self) -> int:
        """How many files :meth:`files` yields."""
        return len(self.diagrams) * len(self.formats) + (1 if self.with_index else 0)

    def file_names(self) -> list[str]:
        """The names of the files :meth:`files` yields, in the same order, without rendering."""
        names = [file_name(diagram, name) for diagram in self.diagrams for name in self.formats]
        return [*names, INDEX_FILE] if self.with_index else names

    def files(self) -> Iterator[OutputFile]:
        """Every file, in order: each view in each format, then ``index.md``."""
        tasks = [(diagram, name) for diagram in self.diagrams for name in self.formats]
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            try:
                yield from pool.map(self._render, tasks)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        if self.with_index:
            yield OutputFile(INDEX_FILE, self.index().encode("utf-8"))

    def _render(self, task: tuple[Diagram, str]) -> OutputFile:
        diagram, name = task
        return OutputFile(file_name(diagram, name), FORMATS[name].write(diagram, self.settings))

    def index(self) -> str:
        mermaid: dict[str, str] = {}
        if "mermaid" in self.formats:
            from ictarch.render.mermaid import diagram_to_mermaid

            mermaid = {d.view_id: diagram_to_mermaid(d) for d in self.diagrams}
        return build_index(self.architecture, self.diagrams, self.formats, mermaid, self.state_note)


def plan_render(
    architecture: Architecture,
    view_ids: Sequence[str] = (),
    formats: Sequence[str] = ("svg",),
) -> RenderJob:
    """Resolve views and formats; raises UnknownView, DotNotFound or RenderError."""
    from ictarch.graph.dependency_graph import build_dependency_graph
    from ictarch.render.build import build_diagram
    from ictarch.render.views import pick_views, resolve_views

    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise RenderError(
            _("unknown format {format!r}; choose from {choices}").format(
                format=unknown[0], choices=", ".join(FORMATS)
            )
        )
    chosen_formats = list(dict.fromkeys(formats))
    settings = RenderSettings.from_architecture(architecture)
    views = _unique(resolve_views(architecture))
    chosen = pick_views(views, view_ids) if view_ids else views
    for view in chosen:
        if not _FILE_SAFE_VIEW_ID.fullmatch(view.id):
            raise RenderError(
                _(
                    "view id {view!r} cannot name a file (lower-case letters, digits, '-', '.')"
                ).format(view=view.id)
            )
    needs_dot = tuple(name for name in chosen_formats if FORMATS[name].needs_dot)
    if needs_dot and shutil.which("dot") is None:
        raise DotNotFound(needs_dot)
    graph = build_dependency_graph(architecture)
    diagrams = [build_diagram(architecture, graph, view) for view in chosen]
    return RenderJob(architecture, diagrams, chosen_formats, settings, with_index=not view_ids)


def _unique(views: list[View]) -> list[View]:
    """The first view of each id (a duplicate id is a validation error)."""
    seen: set[str] = set()
    unique = []
    for view in views:
        if view.id not in seen:
            seen.add(view.id)
            unique.append(view)
    return unique


def compare_with_disk(output: OutputFile, directory: Path) -> str | None:
    """``MISSING`` or ``STALE`` when the file on disk is not ``output``, else None
    (read as :func:`ictarch.inputs.differs_from` says: bounded, links not followed)."""
    from ictarch.inputs import differs_from

    difference = differs_from(directory / output.name, output.content)
    if difference is None:
        return None
    return MISSING if difference == "missing" else STALE
