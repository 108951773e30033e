"""Columns in the client's units: the server counts characters, a client may count UTF-16.

Located values, findings and the features count columns in characters (code
points). The protocol's default unit is the UTF-16 code unit, and most clients
(VS Code, Neovim 0.7-0.9) offer nothing else. The two agree on every character
of Vietnamese, which are all in the Basic Multilingual Plane, and differ after a
character outside it (an emoji, a rare Han character): each counts two UTF-16
units. So every position that comes in is turned into characters, and every
range that goes out into the client's units, by the text of the document it
belongs to; a line without such characters is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from lsprotocol import types as lsp

T = TypeVar("T")

LinesOf = Callable[[str], Sequence[str] | None]
"""The lines of the document at a URI (an open buffer, else the file), or None."""


def _astral(text: str) -> bool:
    """Whether ``text`` holds a character outside the Basic Multilingual Plane."""
    return not text.isascii() and max(text) > "\uffff"


class Units:
    """Conversions between characters and the client's units (UTF-16 or UTF-32)."""

    def __init__(self, utf16: bool, lines_of: LinesOf) -> None:
        self.utf16 = utf16
        self.lines_of = lines_of

    # -- coming in ---------------------------------------------------------------

    def position_in(self, lines: Sequence[str], position: lsp.Position) -> lsp.Position:
        """A client's position in characters."""
        if not self.utf16 or not 0 <= position.line < len(lines):
            return position
        text = lines[position.line]
        if not _astral(text):
            return position
        units = 0
        for index, character in enumerate(text):
            if units >= position.character:
                return lsp.Position(position.line, index)
            units += 2 if character > "\uffff" else 1
        return lsp.Position(position.line, len(text))

    def range_in(self, lines: Sequence[str], span: lsp.Range) -> lsp.Range:
        return lsp.Range(self.position_in(lines, span.start), self.position_in(lines, span.end))

    # -- going out ---------------------------------------------------------------

    def position_out(self, lines: Sequence[str], position: lsp.Position) -> lsp.Position:
        """A position in characters, in the client's units."""
        if not self.utf16 or not 0 <= position.line < len(lines):
            return position
        head = lines[position.line][: position.character]
        if not _astral(head):
            return position
        return lsp.Position(position.line, len(head.encode("utf-16-le")) // 2)

    def range_out(self, lines: Sequence[str] | None, span: lsp.Range) -> lsp.Range:
        if lines is None:
            return span
        return lsp.Range(self.position_out(lines, span.start), self.position_out(lines, span.end))

    def out(self, value: T, uri: str | None) -> T:
        """``value`` (an answer: locations, edits, symbols, diagnostics, a hover ...)
        with every range in the client's units; ``uri`` is the document that ranges
        without a URI of their own belong to. Changed in place, and returned."""
        if not self.utf16 or value is None:
            return value
        cache: dict[str, Sequence[str] | None] = {}

        def lines(of: str | None) -> Sequence[str] | None:
            if of is None:
                return None
            if of not in cache:
                cache[of] = self.lines_of(of)
            return cache[of]

        self._walk(value, uri, lines, set())
        return value

    def _walk(
        self,
        value: Any,
        uri: str | None,
        lines: Callable[[str | None], Sequence[str] | None],
        done: set[int],
    ) -> None:
        """Convert the ranges in ``value``; an object met twice (a diagnostic that several
        code actions carry) is converted once (``done``: the ids of those converted)."""
        if isinstance(value, list):
            for item in value:
                self._walk(item, uri, lines, done)
            return
        if id(value) in done:
            return
        done.add(id(value))
        if isinstance(value, lsp.Location):
            value.range = self.range_out(lines(value.uri), value.range)
        elif isinstance(value, lsp.WorkspaceEdit):
            for target, edits in (value.changes or {}).items():
                self._walk(edits, target, lines, done)
            for change in value.document_changes or ():
                if isinstance(change, lsp.TextDocumentEdit):
                    self._walk(change.edits, change.text_document.uri, lines, done)
        elif isinstance(value, lsp.TextEdit | lsp.Hover | lsp.PrepareRenamePlaceholder):
            if value.range is not None:
                value.range = self.range_out(lines(uri), value.range)
        elif isinstance(value, lsp.Diagnostic):
            value.range = self.range_out(lines(uri), value.range)
            for related in value.related_information or ():
                self._walk(related.location, uri, lines, done)
        elif isinstance(value, lsp.DocumentSymbol):
            value.range = self.range_out(lines(uri), value.range)
            value.selection_range = self.range_out(lines(uri), value.selection_range)
            self._walk(value.children or [], uri, lines, done)
        elif isinstance(value, lsp.WorkspaceSymbol):
            self._walk(value.location, uri, lines, done)
        elif isinstance(value, lsp.CompletionList):
            self._walk(value.items, uri, lines, done)
        elif isinstance(value, lsp.CompletionItem):
            if value.text_edit is not None:
                self._walk(value.text_edit, uri, lines, done)
            self._walk(value.additional_text_edits or [], uri, lines, done)
        elif isinstance(value, lsp.CodeAction):
            self._walk(value.edit, uri, lines, done)
            self._walk(value.diagnostics or [], uri, lines, done)
