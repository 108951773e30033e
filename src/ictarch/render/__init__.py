"""Diagrams of an architecture: views rendered as SVG, PNG, PDF, DOT or Mermaid.

Data flows view -> selection -> :class:`~ictarch.render.diagram.Diagram` -> writer:

- :mod:`~ictarch.render.views`: the views (declared or default) and the
  elements each one selects;
- :mod:`~ictarch.render.build`: a view's diagram, aggregated over its node budget;
- :mod:`~ictarch.render.styles`: shapes and colours per kind family and status;
- :mod:`~ictarch.render.layout` and :mod:`~ictarch.render.dot`: ranks, edge
  routes and DOT source, and running Graphviz ``dot``;
- :mod:`~ictarch.render.mermaid`: Mermaid flowcharts;
- :mod:`~ictarch.render.index`: the ``index.md`` of a rendered folder;
- :mod:`~ictarch.render.outputs`: the files of a render, and comparing them
  with what is on disk (``--check``).

``FORMATS`` is the registry of output formats and doubles as the choices of
``ictarch render --format``. Nothing here prints or imports the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ictarch.errors import IctarchError
from ictarch.i18n import N_, _
from ictarch.model.architecture import Architecture
from ictarch.render.diagram import Diagram

DEFAULT_FONT = "DejaVu Sans"
_FONT_NAME = re.compile(r"[\w][\w ,.+-]*")


class RenderError(IctarchError):
    """A diagram cannot be produced (a problem to report, not a crash)."""


class DotNotFound(RenderError):
    """The Graphviz ``dot`` program is needed but not installed."""

    def __init__(self, formats: tuple[str, ...] = ()) -> None:
        if formats:
            message = _("the Graphviz 'dot' program was not found on PATH (needed for {formats})")
        else:
            message = _("the Graphviz 'dot' program was not found on PATH")
        super().__init__(message.format(formats=", ".join(formats)), _(DOT_HINT))
        self.formats = formats


@dataclass(frozen=True, slots=True)
class RenderSettings:
    """Diagram settings from ``render:`` in architecture.yaml."""

    font: str = DEFAULT_FONT

    @classmethod
    def from_architecture(cls, architecture: Architecture) -> RenderSettings:
        font: Any = architecture.render.get("font", DEFAULT_FONT)
        if not isinstance(font, str) or not _FONT_NAME.fullmatch(font):
            raise RenderError(
                _(
                    "render: font {font!r} is not a font name (letters, digits, spaces, "
                    "'-', '.', ',' and '+')"
                ).format(font=font)
            )
        return cls(font=font)


@dataclass(frozen=True, slots=True)
class OutputFormat:
    """One output format: its file extension, whether it needs ``dot``, and its writer."""

    name: str
    extension: str
    needs_dot: bool
    write: Callable[[Diagram, RenderSettings], bytes]
    image: bool = False


def _write_dot(diagram: Diagram, settings: RenderSettings) -> bytes:
    from ictarch.render.dot import diagram_to_dot

    return diagram_to_dot(diagram, settings).encode("utf-8")


def _write_mermaid(diagram: Diagram, settings: RenderSettings) -> bytes:
    from ictarch.render.mermaid import diagram_to_mermaid

    return diagram_to_mermaid(diagram).encode("utf-8")


def _with_dot(output_format: str) -> Callable[[Diagram, RenderSettings], bytes]:
    def write(diagram: Diagram, settings: RenderSettings) -> bytes:
        from ictarch.render.dot import diagram_to_dot, render_with_dot

        return render_with_dot(diagram_to_dot(diagram, settings), output_format)

    return write


def format_for_path(path: Path) -> OutputFormat:
    """The output format a file name asks for, by its extension (``.gv`` and ``.mermaid`` too)."""
    extension = path.suffix.lower().lstrip(".")
    extension = {"gv": "dot", "mermaid": "mmd"}.get(extension, extension)
    for output_format in FORMATS.values():
        if output_format.extension == extension:
            return output_format
    known = ", ".join(f".{f.extension}" for f in FORMATS.values())
    raise RenderError(
        _("{path}: cannot tell the format from the extension; use one of {known}").format(
            path=path, known=known
        )
    )


DOT_HINT = N_(
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install "
    "graphviz; Windows: winget install graphviz), or draw Mermaid, which needs no Graphviz "
    "(--format mermaid, or a .mmd file; --format dot needs none either)"
)
"""The one hint for a missing ``dot``, wherever a command needs it."""


def check_writable_format(path: Path) -> OutputFormat:
    """The format ``path`` asks for, checked before any work: a RenderError (with
    what to do) for an unknown extension, or a format that needs a missing ``dot``."""
    import shutil

    output_format = format_for_path(path)
    if output_format.needs_dot and shutil.which("dot") is None:
        raise RenderError(f"{DotNotFound((output_format.name,))}; {_(DOT_HINT)}")
    return output_format


def write_diagram(diagram: Diagram, path: Path, settings: RenderSettings) -> None:
    """Write one diagram to ``path`` in the format its extension names, atomically.

    Every problem (an unknown extension, no ``dot``, ``dot`` failing, a file
    that cannot be written) is a RenderError whose message says what to do.
    """
    from ictarch.output import write_atomic

    output_format = format_for_path(path)
    try:
        content = output_format.write(diagram, settings)
    except DotNotFound as error:
        raise RenderError(f"{error}; {_(DOT_HINT)}") from error
    try:
        write_atomic(path, content)
    except OSError as error:
        raise RenderError(
            _("cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from error


FORMATS: dict[str, OutputFormat] = {
    "svg": OutputFormat("svg", "svg", True, _with_dot("svg"), image=True),
    "png": OutputFormat("png", "png", True, _with_dot("png"), image=True),
    "pdf": OutputFormat("pdf", "pdf", True, _with_dot("pdf")),
    "dot": OutputFormat("dot", "dot", False, _write_dot),
    "mermaid": OutputFormat("mermaid", "mmd", False, _write_mermaid),
}
