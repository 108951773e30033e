"""Safe, exact YAML reading: located values, duplicate keys, bounded aliases and depth.

PyYAML composes the document into nodes (in C where libyaml is installed); this
module turns the nodes into plain Python values itself instead of using
PyYAML's constructor, so that it can

- remember where every mapping, key, value and list item came from
  (:class:`YamlMap` and :class:`YamlList` carry 1-based line and column);
- report duplicate keys, which PyYAML silently accepts;
- bound alias expansion ("billion laughs") and nesting depth;
- refuse every tag but the plain YAML ones (``!!python/...`` included);
- keep dates and other YAML 1.1 implicit types from surprising anyone: keys are
  always the text written, and timestamps stay text.

Nothing here raises on bad input: problems come back as findings.
"""

from __future__ import annotations

import gc
import re
import stat
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ictarch import i18n
from ictarch.findings import Finding, Location, Rule, Severity
from ictarch.i18n import N_, _
from ictarch.inputs import DEFAULT_MAX_FILE_BYTES, limit_from_environment, max_file_bytes

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Position = tuple[int, int]

YAML_SYNTAX = Rule(
    "ICT001",
    "yaml-syntax",
    Severity.ERROR,
    N_("The file is not valid YAML."),
    N_("name: [unclosed"),
    N_("Fix the YAML at the line shown; the message names what the parser expected."),
    configurable=False,
)
ENCODING = Rule(
    "ICT002",
    "encoding",
    Severity.ERROR,
    N_("The file is not UTF-8 text, or holds characters YAML does not allow."),
    N_("a file saved as Windows-1258 or Latin-1"),
    N_("Save the file as UTF-8 (without NUL or other control characters)."),
    configurable=False,
)
DUPLICATE_KEY = Rule(
    "ICT003",
    "duplicate-key",
    Severity.ERROR,
    N_("A mapping has the same key twice; YAML would silently keep only one."),
    N_("name: A\nname: B"),
    N_("Remove or rename one of the keys; the first one is kept."),
    configurable=False,
)
ALIAS_LIMIT = Rule(
    "ICT004",
    "alias-limit",
    Severity.ERROR,
    N_("Anchors and aliases expand beyond the limit, or an alias refers to itself."),
    N_('a: &a ["x", "x"]\nb: &b [*a, *a]  # ... doubling 30 times'),
    N_("Write the values out, or use fewer and smaller aliases."),
    configurable=False,
)
DEPTH_LIMIT = Rule(
    "ICT005",
    "depth-limit",
    Severity.ERROR,
    N_("Values are nested deeper than an architecture ever needs."),
    N_("x: [[[[[[[[ ... ]]]]]]]]"),
    N_("Flatten the structure; elements need only a few levels."),
    configurable=False,
)
SIZE_LIMIT = Rule(
    "ICT006",
    "size-limit",
    Severity.ERROR,
    N_(
        "A file, or the architecture as a whole, is larger than a limit: bytes, YAML values "
        "or elements (limits that keep memory bounded whatever the input)."
    ),
    N_("a 300 MB generated layer file; 60 MB of tiny flow-style elements (8 million values)"),
    N_(
        "Split the architecture into more files, or raise the limit: ICTARCH_MAX_FILE_MB "
        "(MiB per file), ICTARCH_MAX_VALUES, ICTARCH_MAX_ELEMENTS."
    ),
    configurable=False,
)
FILE_UNREADABLE = Rule(
    "ICT009",
    "include-unreadable",
    Severity.ERROR,
    N_("A file of the architecture cannot be read, or the include list is malformed."),
    N_("include: [layers/*.yaml] where one match is a broken symbolic link"),
    N_("Make the file readable, or exclude it from the pattern."),
    configurable=False,
)
UNSUPPORTED_TAG = Rule(
    "ICT011",
    "unsupported-tag",
    Severity.ERROR,
    N_("A value carries a YAML tag that ictarch does not read (such as !!python/object)."),
    N_("name: !!python/object/apply:os.system ['true']"),
    N_("Remove the tag; architecture files hold plain text, numbers, lists and mappings."),
    configurable=False,
)

_YAML_TAG = "tag:yaml.org,2002:"
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_IMPLICIT_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: list(resolvers)
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
    if first is not None
}


_PLAIN = "ictarch:plain"
"""The tag composing gives plain scalars: resolved by :func:`_resolve_plain` when
needed, which is not for keys (a key is the text written, or a ``<<`` merge)."""


def _resolve_plain(text: str) -> str:
    """The tag of a plain scalar: one of YAML 1.1's implicit types, or text."""
    for tag, regexp in _IMPLICIT_RESOLVERS.get(text[:1], ()):
        if regexp.match(text):
            return tag
    return _STR


class _ComposingLoader(_Loader):
    """The safe loader with tag resolution put off until a value needs it.

    PyYAML asks the resolver about every scalar from Python, and the stock
    resolver also maintains path-resolver state that safe loading never uses.
    This one only tells plain scalars (which may be numbers, booleans, null...)
    from the others; :class:`_ValueBuilder` resolves the plain values it
    builds, with the safe loader's YAML 1.1 rules, and never the keys.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


_LIBYAML_DEPTH = re.compile(r"max depth|nesting", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep hostile input from hanging or exhausting the machine."""

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_total_bytes: int = 512 * 1024 * 1024
    max_depth: int = 64
    max_alias_nodes: int = 1_000_000
    max_values: int = 3_500_000
    """YAML values (scalars, lists, mappings) of the whole architecture, estimated from
    the text before parsing: parsing costs about 400 bytes a value, so this bounds
    memory where the byte limits cannot (60 MB of tiny flow-style values are 8
    million values). The 100,000-element benchmark architecture has 2.8 million."""
    max_elements: int = 250_000
    """Elements of the whole architecture; the checks build a few objects per element."""

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, with ICTARCH_MAX_FILE_MB (the file size limit, in MiB),
        ICTARCH_MAX_VALUES and ICTARCH_MAX_ELEMENTS raising or lowering the limits."""
        defaults = cls()
        return cls(
            max_file_bytes=max_file_bytes(),
            max_values=limit_from_environment("ICTARCH_MAX_VALUES", defaults.max_values),
            max_elements=limit_from_environment("ICTARCH_MAX_ELEMENTS", defaults.max_elements),
        )


class YamlMap(dict[str, Any]):
    """A mapping that remembers where it, its keys and its values came from."""

    __slots__ = ("column", "line", "positions")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        # key -> (key line, key column, value line, value column)
        self.positions: dict[str, tuple[int, int, int, int]] = {}

    def key_position(self, key: str) -> Position:
        pos = self.positions.get(key)
        return (pos[0], pos[1]) if pos else (self.line, self.column)

    def value_position(self, key: str) -> Position:
        pos = self.positions.get(key)
        return (pos[2], pos[3]) if pos else (self.line, self.column)


class YamlList(list[Any]):
    """A list that remembers where it and each of its items came from."""

    __slots__ = ("column", "item_positions", "line")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.item_positions: list[Position] = []

    def item_position(self, index: int) -> Position:
        if 0 <= index < len(self.item_positions):
            return self.item_positions[index]
        return (self.line, self.column)


def position_of(value: Any, default: Position = (0, 0)) -> Position:
    if isinstance(value, YamlMap | YamlList):
        return (value.line, value.column)
    return default


@dataclass(slots=True)
class YamlDocument:
    """The outcome of reading one file: its value (None when unreadable) and findings."""

    path: Path
    display: str
    text: str
    value: Any
    findings: list[Finding] = field(default_factory=list)
    size: int = 0
    values: int = 0  # estimated (see estimate_values)


@contextmanager
def paused_garbage_collector() -> Iterator[None]:
    """Pause the cyclic collector while building many small objects.

    Loading allocates millions of containers and no cycles; the collector's
    repeated passes over them cost more than the loading itself.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_yaml_file(
    path: Path, display: str, limits: Limits, data: bytes | None = None
) -> YamlDocument:
    """Read, decode and parse one YAML file into located values.

    ``data``, when given, is the file's content (already read, or an editor's
    unsaved text): the file itself is then not touched.
    """
    doc = YamlDocument(path, display, "", None)
    try:
        if data is None and not stat.S_ISREG(path.stat().st_mode):  # a FIFO, /dev/zero
            doc.findings.append(
                FILE_UNREADABLE.finding(
                    _("cannot read file: {reason}").format(reason=_("not a regular file")),
                    Location(display),
                    args={"reason": "not a regular file"},
                )
            )
            return doc
        size = path.stat().st_size if data is None else len(data)
        if size > limits.max_file_bytes:
            doc.findings.append(
                SIZE_LIMIT.finding(
                    _("file is {size} MiB, over the limit of {limit} MiB").format(
                        size=i18n.decimal(size / 1048576),
                        limit=i18n.decimal(limits.max_file_bytes / 1048576, 0),
                    ),
                    Location(display, 1, 1),
                    args={"bytes": size, "limit_bytes": limits.max_file_bytes},
                )
            )
            return doc
        if data is None:
            data = path.read_bytes()
    except OSError as error:
        doc.findings.append(
            FILE_UNREADABLE.finding(
                _("cannot read file: {reason}").format(reason=error.strerror or error),
                Location(display),
                args={"reason": str(error.strerror or error)},
            )
        )
        return doc
    doc.size = len(data)
    doc.values = values = estimate_values(data)
    if values > limits.max_values:
        doc.findings.append(values_limit_finding(values, limits, Location(display, 1, 1)))
        return doc
    text = decode_utf8(data, display, doc.findings)
    if text is None:
        return doc
    doc.text = text
    doc.value = parse_yaml_text(text, display, limits, doc.findings)
    return doc


def estimate_values(data: bytes) -> int:
    """About how many YAML values (nodes) ``data`` holds, counted without parsing it.

    Every value but the first follows one of ``,`` ``:`` ``[`` ``{`` ``?`` ``- `` or
    a line break, so this is close to an upper bound (text with many colons or
    commas in it counts high). It runs at memory speed: 60 MB in about 0.1 s.
    """
    return (
        data.count(b"\n")
        + data.count(b":")
        + data.count(b",")
        + data.count(b"[")
        + data.count(b"{")
        + data.count(b"- ")
        + data.count(b"?")
        + 1
    )


def values_limit_finding(values: int, limits: Limits, where: Location) -> Finding:
    """ICT006 for a file (or the files so far) holding more values than the budget."""
    return SIZE_LIMIT.finding(
        _(
            "about {values} YAML values, over the limit of {limit} for an architecture; "
            "not read (raise ICTARCH_MAX_VALUES if the architecture is genuinely this large)"
        ).format(values=i18n.integer(values), limit=i18n.integer(limits.max_values)),
        where,
        args={"values": values, "limit": limits.max_values},
    )


def decode_utf8(data: bytes, display: str, findings: list[Finding]) -> str | None:
    """Decode strictly as UTF-8 (a BOM is allowed)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        findings.append(
            ENCODING.finding(
                _("file is UTF-16; save it as UTF-8"),
                Location(display, 1, 1),
                args={"encoding": "UTF-16"},
            )
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        bad = data[error.start : error.start + 1].hex()
        findings.append(
            ENCODING.finding(
                _(
                    "not valid UTF-8: byte 0x{byte} at byte offset {offset}; save the file as UTF-8"
                ).format(byte=bad, offset=error.start),
                Location(display, line, column),
                args={"byte": bad, "offset": error.start},
            )
        )
        return None
    return text


def parse_yaml_text(text: str, display: str, limits: Limits, findings: list[Finding]) -> Any:
    """Parse YAML text into located values; problems are appended to ``findings``."""
    loader = _ComposingLoader(text)
    try:
        with paused_garbage_collector():
            root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        findings.append(_syntax_finding(error, display))
        return None
    except yaml.reader.ReaderError as error:
        line, column = _position_of_forbidden_character(text, error.position)
        character = error.character
        code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
        findings.append(
            ENCODING.finding(
                _(
                    "character {character} is not allowed in YAML (control characters and NUL "
                    "cannot appear in a YAML file)"
                ).format(character=f"U+{code:04X}"),
                Location(display, line, column),
                args={"character": f"U+{code:04X}"},
            )
        )
        return None
    except yaml.YAMLError as error:
        findings.append(
            YAML_SYNTAX.finding(
                _("YAML syntax error: {problem}").format(problem=error),
                Location(display, 1, 1),
                args={"problem": str(error)},
            )
        )
        return None
    finally:
        loader.dispose()
    if root is None:
        return None
    builder = _ValueBuilder(display, limits, findings)
    with paused_garbage_collector():
        return builder.build(root, 0)


def _nfc(text: str) -> str:
    """Text in NFC, so "Quảng Nam" typed decomposed equals "Quảng Nam" typed composed.

    Values are normalised one by one rather than the whole file, so that line
    and column numbers keep counting the characters actually in the file.
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _is_text(node: ScalarNode) -> bool:
    """Whether a scalar is plain text: quoted, tagged !!str, or plain but no other type."""
    tag = node.tag
    if tag == _PLAIN:
        value = node.value
        return value[:1] not in _IMPLICIT_RESOLVERS or _resolve_plain(value) == _STR
    return tag == _STR


def _syntax_finding(error: yaml.MarkedYAMLError, display: str) -> Finding:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "invalid YAML"
    if error.context:
        problem = f"{problem} ({error.context})"
    # The parser's own words (English) are kept as they are, inside a translated frame.
    args = {"problem": problem}
    if _LIBYAML_DEPTH.search(problem):
        return DEPTH_LIMIT.finding(
            _("nesting too deep: {problem}").format(problem=problem),
            Location(display, line, column),
            args=args,
        )
    where = Location(display, line, column)
    for pattern, explanation in _PLAIN_WORDS:
        if pattern in problem:
            return YAML_SYNTAX.finding(
                _("{explanation}; the file was not read (YAML: {problem})").format(
                    explanation=_(explanation), problem=problem
                ),
                where,
                args=args,
            )
    return YAML_SYNTAX.finding(
        _("YAML syntax error; the file was not read (YAML: {problem})").format(problem=problem),
        where,
        args=args,
    )


# What libyaml's messages usually mean, in the words of someone editing the file; the
# parser's own (English) words follow in parentheses.
_PLAIN_WORDS = (
    (
        "did not find expected ',' or ']'",
        N_(
            "a list written on one line ('[a, b]') lacks a ',' between its items or its closing ']'"
        ),
    ),
    (
        "did not find expected ',' or '}'",
        N_(
            "a mapping written on one line, in braces, lacks a ',' between its entries "
            "or its closing brace"
        ),
    ),
    ("found undefined alias", N_("an alias ('*name') refers to an anchor ('&name') never defined")),
    (
        "found unknown escape character",
        N_(
            "a double-quoted text holds an unknown escape after a backslash: "
            "use single quotes, or write the backslash twice"
        ),
    ),
    (
        "expected a comment or a line break",
        N_("something follows a closed quote or bracket on the same line"),
    ),
    (
        "did not find expected node content",
        N_("a value is missing here (after '-', ',' or ':')"),
    ),
    (
        "found a tab character",
        N_("a tab is used to indent (YAML indents with spaces only)"),
    ),
    (
        "expected alphabetic or numeric character",
        N_("an anchor or alias ('&name', '*name') has no name, or '&' or '*' needs quotes"),
    ),
    (
        "did not find expected <document start>",
        N_("text follows the end of the document ('...' or a second document)"),
    ),
    (
        "expected '-' indicator",
        N_("this line is indented differently from the list items around it (count its spaces)"),
    ),
    (
        "mapping values are not allowed",
        N_(
            "a 'key: value' where none can start: this line is probably indented too far, "
            "or a value holding ': ' needs quotes"
        ),
    ),
    (
        "could not find expected ':'",
        N_(
            "a line that is not 'key: value' where one was expected: a ':' is missing, "
            "or a quote is not closed"
        ),
    ),
    (
        "did not find expected key",
        N_("this line is indented differently from the keys around it (count its spaces)"),
    ),
    ("expected <block end>", N_("this line is indented less or more than its block")),
    (
        "that cannot start any token",
        N_("a character here cannot start a value (a tab? YAML indents with spaces only)"),
    ),
    ("found unexpected end of stream", N_("the file ends inside a quoted or bracketed value")),
)


# Characters YAML 1.1 does not allow in a stream (its "printable" set, inverted).
_FORBIDDEN = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _position_of_forbidden_character(text: str, byte_offset: int) -> Position:
    """Where the reader stopped: libyaml counts UTF-8 bytes, editors count characters."""
    match = _FORBIDDEN.search(text)
    if match is not None:
        offset = match.start()
    else:
        offset = len(text.encode("utf-8")[: max(byte_offset, 0)].decode("utf-8", "ignore"))
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


class _ValueBuilder:
    """Turns composed YAML nodes into located Python values, within limits."""

    def __init__(self, display: str, limits: Limits, findings: list[Finding]) -> None:
        self.display = display
        self.limits = limits
        self.findings = findings
        self.seen: set[int] = set()
        self.in_progress: set[int] = set()
        self.alias_nodes = 0
        self.alias_reported = False
        self.depth_reported = False
        self.sizes: dict[int, int] = {}

    def _where(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.display, mark.line + 1, mark.column + 1)

    def build(self, node: Node, depth: int) -> Any:
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        key = id(node)
        if key in self.in_progress:
            self._alias_problem(node, _("an alias refers to a value that contains it"), None)
            return None
        if key in self.seen:
            self.alias_nodes += self._size(node)
            if self.alias_nodes > self.limits.max_alias_nodes:
                limit = self.limits.max_alias_nodes
                self._alias_problem(
                    node,
                    _("aliases expand to more than {limit} values").format(
                        limit=i18n.integer(limit)
                    ),
                    limit,
                )
                return None
        else:
            self.seen.add(key)
        if depth >= self.limits.max_depth:
            if not self.depth_reported:
                self.depth_reported = True
                self.findings.append(
                    DEPTH_LIMIT.finding(
                        _("values nested deeper than {limit} levels").format(
                            limit=self.limits.max_depth
                        ),
                        self._where(node),
                        args={"limit": self.limits.max_depth},
                    )
                )
            return None
        self.in_progress.add(key)
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, depth)
            if isinstance(node, SequenceNode):
                return self._sequence(node, depth)
        finally:
            self.in_progress.discard(key)
        return None  # pragma: no cover - PyYAML has no other node types

    def _alias_problem(self, node: Node, message: str, limit: int | None) -> None:
        if not self.alias_reported:
            self.alias_reported = True
            args = {"recursive": limit is None, "limit": limit}
            self.findings.append(ALIAS_LIMIT.finding(message, self._where(node), args=args))

    def _size(self, node: Node) -> int:
        """Number of nodes under ``node``, shared ones counted each time (memoised)."""
        sizes = self.sizes
        stack: list[tuple[Node, bool]] = [(node, False)]
        while stack:
            current, children_done = stack.pop()
            key = id(current)
            if key in sizes and not children_done:
                continue
            children: list[Node] = []
            if isinstance(current, MappingNode):
                for key_node, value_node in current.value:
                    children += (key_node, value_node)
            elif isinstance(current, SequenceNode):
                children = list(current.value)
            if children_done:
                total = 1 + sum(sizes.get(id(child), 1) for child in children)
                sizes[key] = min(total, 1 << 62)
            else:
                sizes[key] = 1  # a recursive alias counts once, and ends the walk
                stack.append((current, True))
                stack.extend((child, False) for child in children if id(child) not in sizes)
        return sizes[id(node)]

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _PLAIN:
            tag = _resolve_plain(node.value)
        if tag == _STR:
            return _nfc(node.value)
        if tag == _NULL:
            return None
        if tag in (_BOOL, _INT, _FLOAT):
            try:
                if tag == _BOOL:
                    return _SCALAR_CONSTRUCTOR.construct_yaml_bool(node)
                if tag == _INT:
                    return _SCALAR_CONSTRUCTOR.construct_yaml_int(node)
                return _SCALAR_CONSTRUCTOR.construct_yaml_float(node)
            except (ValueError, LookupError, TypeError, yaml.YAMLError):
                self.findings.append(
                    UNSUPPORTED_TAG.finding(
                        _("{value!r} is not a valid {tag}").format(
                            value=node.value, tag=tag.replace(_YAML_TAG, "!!")
                        ),
                        self._where(node),
                        args={"value": node.value, "tag": tag.replace(_YAML_TAG, "!!")},
                    )
                )
                return node.value
        if tag == _TIMESTAMP:
            return node.value
        self._unsupported_tag(node, tag)
        return None

    def _unsupported_tag(self, node: Node, tag: str | None = None) -> None:
        """Report the tag of ``node`` (``tag`` when given: a plain scalar's resolved one)."""
        shown = (tag or node.tag).replace(_YAML_TAG, "!!")
        self.findings.append(
            UNSUPPORTED_TAG.finding(
                _("unsupported YAML tag {tag!r}").format(tag=shown),
                self._where(node),
                args={"tag": shown},
            )
        )

    def _mapping(self, node: MappingNode, depth: int) -> YamlMap | None:
        if node.tag != _MAP:
            self._unsupported_tag(node)
            return None
        mark = node.start_mark
        result = YamlMap(mark.line + 1, mark.column + 1)
        merges: list[Node] = []
        positions = result.positions
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                self.findings.append(
                    YAML_SYNTAX.finding(
                        _("a mapping key must be plain text, not a list or mapping"),
                        self._where(key_node),
                        args={"problem": "non-scalar key"},
                    )
                )
                continue
            key = key_node.value
            if key_node.tag == _MERGE or (key == "<<" and key_node.tag == _PLAIN):
                merges.append(value_node)
                continue
            if not key.isascii():
                key = _nfc(key)
            key_mark = key_node.start_mark
            if key in result:
                first = positions[key]
                self.findings.append(
                    DUPLICATE_KEY.finding(
                        _("duplicate key {key!r}; the first, at line {line}, is kept").format(
                            key=key, line=first[0]
                        ),
                        Location(self.display, key_mark.line + 1, key_mark.column + 1),
                        related=(Location(self.display, first[0], first[1]),),
                        args={"key": key, "first_line": first[0]},
                    )
                )
                continue
            value_mark = value_node.start_mark
            if value_node.__class__ is ScalarNode and _is_text(value_node):
                value = value_node.value  # the most common value, built right here
                result[key] = value if value.isascii() else _nfc(value)
            else:
                result[key] = self.build(value_node, depth + 1)
            positions[key] = (
                key_mark.line + 1,
                key_mark.column + 1,
                value_mark.line + 1,
                value_mark.column + 1,
            )
        for merge_node in merges:
            self._merge(result, merge_node, depth)
        return result

    def _merge(self, target: YamlMap, merge_node: Node, depth: int) -> None:
        """Apply a ``<<`` merge key: keys written explicitly win."""
        sources = merge_node.value if isinstance(merge_node, SequenceNode) else [merge_node]
        for source_node in sources:
            source = self.build(source_node, depth + 1)
            if not isinstance(source, YamlMap):
                if source is not None:
                    self.findings.append(
                        YAML_SYNTAX.finding(
                            _("a merge key (<<) needs a mapping or a list of mappings"),
                            self._where(source_node),
                            args={"problem": "merge source"},
                        )
                    )
                continue
            for key, value in source.items():
                if key not in target:
                    target[key] = value
                    target.positions[key] = source.positions[key]

    def _sequence(self, node: SequenceNode, depth: int) -> YamlList | None:
        if node.tag != _SEQ:
            self._unsupported_tag(node)
            return None
        mark = node.start_mark
        result = YamlList(mark.line + 1, mark.column + 1)
        positions = result.item_positions
        for item in node.value:
            item_mark = item.start_mark
            if item.__class__ is ScalarNode and _is_text(item):
                value = item.value  # the most common item, built right here
                result.append(value if value.isascii() else _nfc(value))
            else:
                result.append(self.build(item, depth + 1))
            positions.append((item_mark.line + 1, item_mark.column + 1))
        return result
