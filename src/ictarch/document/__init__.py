"""``ictarch document``: the province's digital architecture document, from the model.

:func:`~ictarch.document.content.build_document` computes the content (a list of
blocks, :mod:`ictarch.document.blocks`) from the loaded architecture with the
existing analyses; a writer turns it into a file. ``WRITERS`` maps an output's
extension to its writer and doubles as the list of formats the command accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ictarch.errors import IctarchError
from ictarch.i18n import _
from ictarch.registry import lazy

if TYPE_CHECKING:
    from ictarch.document.blocks import Document


class DocumentError(IctarchError):
    """The document cannot be written as asked (an unknown output format ...)."""


def _markdown_bytes(document: Document) -> bytes:
    from ictarch.document.markdown_writer import write_markdown

    return write_markdown(document).encode("utf-8")


WRITERS: dict[str, Callable[[Document], bytes]] = {
    ".docx": lazy("ictarch.document.docx_writer", "write_docx"),
    ".md": _markdown_bytes,
}
DRAWN = frozenset({".docx"})
"""The formats whose pictures are PNG drawn by Graphviz ``dot`` (Markdown has Mermaid)."""


def needs_pictures(path: Path) -> bool:
    return path.suffix.lower() in DRAWN


def writer_for(path: Path) -> Callable[[Document], bytes]:
    """The writer an output file asks for by its extension; DocumentError otherwise."""
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise DocumentError(
            _("cannot write a document to {path}: the name must end in {extensions}").format(
                path=path, extensions=" or ".join(WRITERS)
            ),
            hint=_("e.g. -o kien-truc-so.docx, or -o kien-truc-so.md for review in git"),
        )
    return writer
