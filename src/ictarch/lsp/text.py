"""Where the cursor is in a YAML text that may be half typed: the key whose value (or list
item, or mapping key) is being written, and the word under the cursor.

The model (located values from the loader) says where every id is in a file that
parses; this module only reads the line being typed and the lines above it, which
is what completion needs while the file does not parse yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ID_CHARACTERS = re.compile(r"[A-Za-z0-9_.-]+")
_WORD_BEFORE = re.compile(r"[A-Za-z0-9._-]*$")
_WORD_AFTER = re.compile(r"^[A-Za-z0-9._-]*")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*)\s*:(?:\s|$)")


@dataclass(frozen=True, slots=True)
class Context:
    """What is being written at the cursor.

    ``key`` is the key whose value (or list item) is being written, or None; when
    ``at_key`` is true, a key of the mapping under ``key`` is being written
    (``rules:`` → a rule code). ``parent`` is the key above ``key`` (``depends_on``
    above the ``id`` of ``- {id: x}``).
    """

    key: str | None
    at_key: bool
    parent: str | None
    word: str
    word_start: int  # column (0-based) where the word being typed starts


def word_at(line: str, column: int) -> tuple[str, int, int]:
    """The id-like word around ``column`` of ``line``: (word, start, end)."""
    before = _WORD_BEFORE.search(line[:column])
    after = _WORD_AFTER.match(line[column:])
    start = before.start() if before else column
    end = column + (after.end() if after else 0)
    return line[start:end], start, end


def _strip_comment(text: str) -> str:
    """``text`` without a trailing comment (a # after a space, outside quotes)."""
    quote = None
    for index, character in enumerate(text):
        if quote:
            if character == quote:
                quote = None
        elif character in "'\"":
            quote = character
        elif character == "#" and (index == 0 or text[index - 1] in " \t"):
            return text[:index]
    return text


def _scan(text: str) -> tuple[str | None, bool, str | None, bool]:
    """Read ``text`` (one line up to the cursor, block indentation and ``- `` removed).

    Returns (key, at_key, parent, in_flow): the key whose value is being written
    (the parent of a flow list), whether a mapping key is being written, the key
    above, and whether the cursor is inside a flow collection.
    """
    # a stack of [kind, key of the collection, current key inside it]
    stack: list[list[str | None]] = [["block", None, None]]
    quote = None
    index = 0
    while index < len(text):
        character = text[index]
        if quote:
            if character == quote:
                quote = None
            index += 1
            continue
        if character in "'\"":
            quote = character
        elif character in "[{":
            owner = stack[-1][2] if stack[-1][0] != "[" else stack[-1][1]
            stack.append([character, owner, None])
        elif character in "]}":
            if len(stack) > 1:
                stack.pop()
        elif character == ",":
            if stack[-1][0] == "{":
                stack[-1][2] = None
        else:
            match = _KEY.match(text, index)
            if match and (index == 0 or not text[index - 1].isalnum()):
                stack[-1][2] = match.group(1)
                index = match.end(1) + 1
                continue
        index += 1
    kind, owner, current = stack[-1]
    in_flow = len(stack) > 1
    if kind == "[":
        return owner, False, _parent_of(stack), in_flow
    if kind == "{":
        if current is None:
            return owner, True, _parent_of(stack), in_flow
        return current, False, owner, in_flow
    return current, False, None, in_flow


def _parent_of(stack: list[list[str | None]]) -> str | None:
    if len(stack) >= 2:
        below = stack[-2]
        return below[1] if below[0] == "[" else below[2]
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_body(line: str) -> tuple[str, bool]:
    """The line without its indentation and list markers, and whether it is a list item."""
    body = line.lstrip(" ")
    item = False
    while body.startswith("- ") or body == "-":
        item = True
        body = body[2:].lstrip(" ")
    return body, item


def _block_owner(lines: list[str], line_number: int, indent: int, item: bool) -> str | None:
    """The key of the block collection that the line at ``line_number`` belongs to."""
    for number in range(line_number - 1, -1, -1):
        above = lines[number]
        stripped = _strip_comment(above).rstrip()
        if not stripped.strip():
            continue
        above_indent = _indent(above)
        body, above_item = _block_body(stripped)
        if above_indent < indent or (item and above_indent == indent and not above_item):
            key, _at_key, _parent, _flow = _scan(body)
            if key is not None and stripped.endswith(":"):
                return key
            if above_item and key is None:
                continue
            # `- id: x` above an item's own key: the mapping of a list item
            if above_item and above_indent < indent:
                return _block_owner(lines, number, above_indent, True)
            return key
    return None


def context_at(lines: list[str], line_number: int, column: int) -> Context:
    """What is being written at (``line_number``, ``column``), both 0-based."""
    line = lines[line_number] if line_number < len(lines) else ""
    prefix = line[:column]
    word_match = _WORD_BEFORE.search(prefix)
    word = word_match.group(0) if word_match else ""
    word_start = column - len(word)
    body, item = _block_body(prefix[:word_start])
    indent = _indent(prefix)
    key, at_key, parent, in_flow = _scan(_strip_comment(body))
    if key is not None or in_flow:
        if parent is None:
            parent = _block_owner(lines, line_number, indent, item)
        return Context(key, at_key, parent, word, word_start)
    owner = _block_owner(lines, line_number, indent, item)
    if item:  # a list item of the collection above
        parent = None
        if owner is not None:
            number = _owner_line(lines, line_number, owner)
            _body, owner_item = _block_body(lines[number])
            parent = _block_owner(lines, number, _indent(lines[number]), owner_item)
        return Context(owner, False, parent, word, word_start)
    # a key of the mapping above
    return Context(owner, True, None, word, word_start)


def _owner_line(lines: list[str], line_number: int, owner: str | None) -> int:
    """The number of the nearest line above that writes ``owner:``."""
    for number in range(line_number - 1, -1, -1):
        if owner is not None and re.search(rf"(^|[\s{{,-]){re.escape(owner)}\s*:", lines[number]):
            return number
    return 0
