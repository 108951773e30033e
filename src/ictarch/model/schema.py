"""Structure checks driven by the JSON Schemas in ``schemas/``.

The schemas are the single source of truth for the structure of architecture
files. A general validator (jsonschema) walks them too slowly for 100,000
elements and reports JSON paths, not lines, so this module compiles the subset
of Draft 2020-12 the schemas use into plain Python closures that check the
located values of :mod:`ictarch.model.yamlsource` and report findings at the
exact line and column. Compiling a keyword the compiler does not know is an
error, so the schemas cannot silently say more than is checked; the tests
compare this checker with jsonschema on valid and invalid files.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ictarch.findings import MAX_MESSAGE_LENGTH, ArgValue, Finding, Location, Rule, Severity
from ictarch.i18n import N_, _, ngettext
from ictarch.model.yamlsource import Position, YamlList, YamlMap, position_of

MISSING_FIELD = Rule(
    "ICT101",
    "missing-field",
    Severity.ERROR,
    N_("A required field is missing."),
    N_("- id: lgsp        # no name"),
    N_("Add the field; every element needs id and name."),
)
UNKNOWN_FIELD = Rule(
    "ICT102",
    "unknown-field",
    Severity.ERROR,
    N_("A field, layer or top-level key that the format does not know."),
    N_("dependson: [lgsp]"),
    N_(
        "Fix the spelling (the message suggests the closest name), or prefix your own keys with x-."
    ),
)
WRONG_TYPE = Rule(
    "ICT103",
    "wrong-type",
    Severity.ERROR,
    N_("A value has the wrong type (text, number, list, mapping)."),
    N_('version: 2.0      # a number; write "2.0"'),
    N_(
        "Write the value in the expected form; quote values YAML would read as numbers, "
        "dates or booleans."
    ),
)
INVALID_VALUE = Rule(
    "ICT104",
    "invalid-value",
    Severity.ERROR,
    N_(
        "A value is of the right type but not allowed: not in the list of choices, "
        "not a valid id, empty, or repeated."
    ),
    N_("status: operationl"),
    N_("Use one of the values the message lists."),
)

SCHEMA_FILES = (
    "architecture.schema.json",
    "layer.schema.json",
    "element.schema.json",
    "catalogue.schema.json",
)
ELEMENT_POINTER = ("element.schema.json", "/$defs/element")

_OBJECT_KEYWORDS = frozenset(
    {"properties", "patternProperties", "additionalProperties", "required"}
)
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "$comment"})
_TYPE_NAMES = {
    "string": N_("text"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
    "boolean": N_("true or false"),
    "object": N_("a mapping"),
    "array": N_("a list"),
    "null": N_("empty"),
}
# What the patterns of the schemas mean, said to a person (the schemas' own
# descriptions are English documentation of the field, not of the pattern).
_PATTERN_TEXTS = {
    "^[a-z0-9][a-z0-9.-]*$": N_(
        "use lower-case letters, digits, '-' and '.', starting with a letter or digit"
    ),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": N_("write a date as YYYY-MM-DD"),
}


def json_type(value: Any) -> str:
    """The JSON Schema type name of a loaded value."""
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "unknown"


def _matches_type(value: Any, expected: str) -> bool:
    actual = json_type(value)
    return actual == expected or (expected == "number" and actual == "integer")


def closest(word: str, choices: Any) -> str | None:
    """The choice closest to ``word`` (a likely typo of it), or None.

    Among many choices (the ids of a large architecture) the answer is remembered for
    the same word and the same set of choices: a language server checks again after
    every edit, and a typo left in place would cost a search over every id each time.
    The answer does not depend on the order of the choices (difflib ranks by score,
    then by the text), so a remembered one is the one a search would give."""
    listed = list(choices)
    if len(listed) < _MANY_CHOICES:
        return _closest(word, listed)
    pool = frozenset(listed)
    with _suggestions_lock:
        for known in _pools:
            if known == pool:
                pool = known
                break
        else:
            _pools.append(pool)
            if len(_pools) > _POOLS_KEPT:
                dropped = id(_pools.pop(0))
                for key in [key for key in _suggestions if key[1] == dropped]:
                    del _suggestions[key]
        key = (word, id(pool))
        if key in _suggestions:
            return _suggestions[key]
    found = _closest(word, listed)
    with _suggestions_lock:
        if any(kept is pool for kept in _pools):  # still kept: its id names it
            if len(_suggestions) >= _SUGGESTIONS_KEPT:
                _suggestions.clear()
            _suggestions[key] = found
    return found


def _closest(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


_MANY_CHOICES = 1000
_POOLS_KEPT = 4
_SUGGESTIONS_KEPT = 4096
_pools: list[frozenset[str]] = []  # the last large sets of choices, so equal sets share one
_suggestions: dict[tuple[str, int], str | None] = {}  # (word, id of a kept pool) -> answer
_suggestions_lock = threading.Lock()


def with_suggestion(message: str, suggestion: str | None) -> str:
    """``message`` followed by the translated "did you mean" question, when there is one."""
    if suggestion is None:
        return message
    return _("{message}; did you mean {suggestion!r}?").format(
        message=message, suggestion=suggestion
    )


@dataclass(slots=True)
class CheckContext:
    """Where checking happens: the file, the element being checked, the findings."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    element: str | None = None

    repeats: dict[tuple[str, Position, str], int] = field(default_factory=dict)
    """How often each problem was reported at each place: a value shared by many
    elements (a ``<<`` merge, an alias) is reported once, with a count."""
    first_of: dict[tuple[str, Position, str], int] = field(default_factory=dict)

    text: str = ""
    """The file's text, to place a finding inside a value (see position_in_value)."""
    lines: list[str] | None = None

    def position_in_value(self, position: Position, offset: int) -> Position:
        """The position of character ``offset`` of the one-line scalar at ``position``.

        A quoted scalar starts one column later; without the text, or when the
        scalar is not where expected, the scalar's own position is kept.
        """
        line, column = position
        if not self.text or line < 1:
            return position
        if self.lines is None:
            self.lines = self.text.splitlines()
        lines = self.lines
        if line > len(lines):
            return position
        source = lines[line - 1]
        start = column - 1 + (1 if source[column - 1 : column] in ("'", '"') else 0)
        return (line, start + offset + 1)

    def report(
        self, rule: Rule, message: str, position: Position, args: dict[str, ArgValue]
    ) -> None:
        key = (rule.code, position, message)
        seen = self.repeats.get(key)
        if seen is not None:
            self.repeats[key] = seen + 1
            return
        self.repeats[key] = 1
        self.first_of[key] = len(self.findings)
        where = Location(self.file, position[0], position[1])
        if self.element:
            message = _("element {element!r}: {problem}").format(
                element=self.element, problem=message
            )
        self.findings.append(rule.finding(message, where, self.element, args=args))


# How a checked value is named in messages: a field name, (index, parent name)
# for a list item, or None for the whole file; turned into text only when there
# is something to report.
Name = str | tuple[int, Any] | None

# A check receives the value, its position and its name for messages.
Check = Callable[[Any, Position, Name, CheckContext], None]


def _named(name: Name) -> str:
    """How a message names the value: 'version', item 2 of 'depends_on', the file."""
    if name is None:
        return _("the file")
    if isinstance(name, tuple):
        index, parent = name
        return _("item {index} of {parent}").format(index=index + 1, parent=_named(parent))
    return repr(name)


def _path(name: Name) -> str | None:
    """The value's place in ``args`` (language-neutral): depends_on[2], or None for the file."""
    if name is None:
        return None
    if isinstance(name, tuple):
        index, parent = name
        return f"{_path(parent) or ''}[{index + 1}]"
    return name


def _scalar(value: Any) -> ArgValue:
    """``value`` as a finding argument: scalars as they are, lists and mappings as None."""
    return value if isinstance(value, (str, int, float, bool)) or value is None else None


def schema_text(name: str) -> str:
    """The text of one of the packaged JSON Schemas."""
    return resources.files("ictarch").joinpath("schemas", name).read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    """One of the packaged JSON Schemas, parsed."""
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema


class _Compiler:
    def __init__(self) -> None:
        self.documents = {name: load_schema(name) for name in SCHEMA_FILES}
        self.compiled: dict[tuple[str, str], Check] = {}

    def compile_ref(self, document: str, pointer: str) -> Check:
        key = (document, pointer)
        if key in self.compiled:
            return self.compiled[key]
        # A forward reference lets recursive schemas compile.
        slot: list[Check] = []
        self.compiled[key] = lambda value, pos, name, ctx: slot[0](value, pos, name, ctx)
        schema = self._resolve(document, pointer)
        check = self.compile(schema, document)
        if key == ELEMENT_POINTER:
            check = _attribute_to_element(check)
        slot.append(check)
        self.compiled[key] = check
        return check

    def _resolve(self, document: str, pointer: str) -> Any:
        node: Any = self.documents[document]
        for part in filter(None, pointer.split("/")):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def _ref(self, ref: str, document: str) -> Check:
        target, _sep, pointer = ref.partition("#")
        return self.compile_ref(target or document, pointer)

    def compile(self, schema: Any, document: str) -> Check:
        if schema is True or schema == {}:
            return _accept
        if not isinstance(schema, dict):
            raise ValueError(f"unsupported schema {schema!r}")
        unknown = set(schema) - _ANNOTATIONS - set(_KEYWORDS) - _OBJECT_KEYWORDS
        if unknown:
            raise ValueError(f"schema keywords not supported by ictarch: {sorted(unknown)}")
        checks = [
            builder(self, schema, document)
            for keyword, builder in _KEYWORDS.items()
            if keyword in schema
        ]
        if not _OBJECT_KEYWORDS.isdisjoint(schema):
            checks.append(_build_properties(self, schema, document))
        present = [check for check in checks if check is not None]
        if len(present) == 1:
            return present[0]
        return _all_of(present)


def _accept(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
    return None


def _all_of(checks: list[Check]) -> Check:
    type_check = checks[0] if checks and getattr(checks[0], "is_type_check", False) else None
    if type_check is None:

        def check_all(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
            for sub in checks:
                sub(value, pos, name, ctx)

        return check_all

    # Most values have their expected Python type: they skip the type check.
    python_types: frozenset[type] = type_check.python_types  # type: ignore[attr-defined]
    rest = checks[1:]
    only = rest[0] if len(rest) == 1 else None

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if type(value) not in python_types:
            before = len(ctx.findings)
            type_check(value, pos, name, ctx)
            if len(ctx.findings) != before:
                return  # the wrong type explains everything else
        if only is not None:
            only(value, pos, name, ctx)
            return
        for sub in rest:
            sub(value, pos, name, ctx)

    return check


def _attribute_to_element(inner: Check) -> Check:
    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        previous = ctx.element
        element_id = value.get("id") if isinstance(value, dict) else None
        ctx.element = element_id if isinstance(element_id, str) else None
        try:
            inner(value, pos, name, ctx)
        finally:
            ctx.element = previous

    return check


def _describe_value(value: Any) -> str:
    kind = json_type(value)
    if kind in ("object", "array", "null"):
        return _(_TYPE_NAMES[kind])
    shown = json.dumps(value, ensure_ascii=False)
    if kind == "boolean":
        return _("the boolean {value} (YAML reads unquoted yes/no/on/off as booleans)").format(
            value=shown
        )
    if kind == "string":
        return _("the text {value}").format(value=shown)
    return _("the number {value}").format(value=shown)


def _type_names(types: list[str]) -> str:
    return _(" or ").join(_(_TYPE_NAMES[t]) for t in types)


_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict, YamlMap),
    "array": (list, YamlList),
    "null": (type(None),),
}


def _build_type(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    expected = schema["type"]
    allowed = [expected] if isinstance(expected, str) else list(expected)
    # Exact types: bool is not an integer here, as in JSON.
    python_types = frozenset(t for name in allowed for t in _PYTHON_TYPES[name])
    whole_floats = "integer" in allowed and "number" not in allowed

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if type(value) not in python_types and not (
            whole_floats and type(value) is float and value.is_integer()
        ):
            args: dict[str, ArgValue] = {
                "field": _path(name),
                "expected": tuple(allowed),
                "actual": json_type(value),
                "value": _scalar(value),
            }
            text = {
                "name": _named(name),
                "expected": _type_names(allowed),
                "actual": _describe_value(value),
            }
            if "string" in allowed and json_type(value) in ("integer", "number", "boolean"):
                message = _("{name} must be {expected}, not {actual}; put it in quotes")
            else:
                message = _("{name} must be {expected}, not {actual}")
            ctx.report(WRONG_TYPE, message.format(**text), pos, args)

    check.is_type_check = True  # type: ignore[attr-defined]
    check.python_types = python_types  # type: ignore[attr-defined]
    return check


def _build_enum(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    choices = schema["enum"]
    # true/false stand for YAML's unquoted spellings (``off`` reads as false):
    # listing Python's "False" would only confuse
    listed = ", ".join(
        c if isinstance(c, str) else json.dumps(c) for c in choices if not isinstance(c, bool)
    )
    allowed_texts = tuple(str(c) for c in choices)
    # (type, value): True is not 1 here, as in JSON.
    allowed = {(type(c), c) for c in choices if not isinstance(c, (list, dict))}

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if isinstance(value, (list, dict)):
            found = any(value == c and type(value) is type(c) for c in choices)
        else:
            found = (type(value), value) in allowed
        if not found:
            suggestion = closest(value, allowed_texts) if isinstance(value, str) else None
            message = _("{name} must be one of {choices}, not {actual}").format(
                name=_named(name), choices=listed, actual=_describe_value(value)
            )
            args: dict[str, ArgValue] = {
                "field": _path(name),
                "value": _scalar(value),
                "allowed": allowed_texts,
                "suggestion": suggestion,
            }
            ctx.report(INVALID_VALUE, with_suggestion(message, suggestion), pos, args)

    return check


def _build_const(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    expected = schema["const"]

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if value != expected or type(value) is not type(expected):
            message = _("{name} must be {expected}, not {actual}").format(
                name=_named(name), expected=json.dumps(expected), actual=_describe_value(value)
            )
            args: dict[str, ArgValue] = {
                "field": _path(name),
                "value": _scalar(value),
                "expected": _scalar(expected),
            }
            ctx.report(INVALID_VALUE, message, pos, args)

    return check


def _build_pattern(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    # ECMA-262 "$" matches only at the very end; Python's also before a final newline.
    regex = re.compile(re.sub(r"(?<!\\)\$$", r"\\Z", schema["pattern"]))
    pattern = schema["pattern"]
    what = _PATTERN_TEXTS.get(pattern)

    id_like = schema["pattern"] == _ID_PATTERN

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if isinstance(value, str) and not regex.search(value):
            args: dict[str, ArgValue] = {"field": _path(name), "value": value, "pattern": pattern}
            offset = _first_bad_id_character(value) if id_like else None
            if offset is not None:
                args["character"] = value[offset]
                text = _(
                    "{name} {value!r} is not valid: {character!r} cannot appear in it "
                    "(lower-case letters, digits, '-' and '.'; e.g. {example!r})"
                ).format(
                    name=_named(name),
                    value=value,
                    character=value[offset],
                    example=_id_example(value),
                )
                ctx.report(INVALID_VALUE, text, ctx.position_in_value(pos, offset), args)
                return
            if what is None:
                message = _("{name} {value!r} is not valid: it must match {pattern}")
            else:
                message = _("{name} {value!r} is not valid: {rule}")
            text = message.format(
                name=_named(name), value=value, pattern=pattern, rule=_(what) if what else ""
            )
            ctx.report(INVALID_VALUE, text, pos, args)

    return check


_ID_PATTERN = "^[a-z0-9][a-z0-9.-]*$"
_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


def _first_bad_id_character(value: str) -> int | None:
    """Where ``value`` stops being an id (lower-case letters, digits, '-', '.')."""
    for index, character in enumerate(value):
        if character not in _ID_CHARACTERS or (index == 0 and character in ".-"):
            return index
    return None


def _id_example(value: str) -> str:
    """``value`` made into an id: "Public Service" gives "public-service"."""
    return re.sub(r"[^a-z0-9.]+", "-", value.lower()).strip("-.") or "x"


def _build_format(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    """``format: date`` (a real calendar date); other formats are not used by the schemas."""
    if schema["format"] != "date":
        raise ValueError(f"schema format not supported by ictarch: {schema['format']!r}")

    # With a pattern beside it, a value of the wrong shape is the pattern's to
    # report: one bad date, one finding.
    shape = re.compile(schema["pattern"]) if "pattern" in schema else None

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if not isinstance(value, str) or (shape is not None and not shape.search(value)):
            return
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            message = _("{name} {value!r} is not a date (YYYY-MM-DD)")
            args: dict[str, ArgValue] = {"field": _path(name), "value": value}
            ctx.report(INVALID_VALUE, message.format(name=_named(name), value=value), pos, args)

    return check


def _build_min_length(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    minimum = schema["minLength"]

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if isinstance(value, str) and len(value) < minimum:
            args: dict[str, ArgValue] = {"field": _path(name), "value": value}
            message = _("{name} must not be empty").format(name=_named(name))
            ctx.report(INVALID_VALUE, message, pos, args)

    return check


def _build_max_length(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    maximum = schema["maxLength"]

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if isinstance(value, str) and len(value) > maximum:
            args: dict[str, ArgValue] = {"field": _path(name), "limit": maximum}
            message = ngettext(
                "{name} is longer than {limit} character",
                "{name} is longer than {limit} characters",
                maximum,
            )
            ctx.report(INVALID_VALUE, message.format(name=_named(name), limit=maximum), pos, args)

    return check


def _build_minimum(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    minimum = schema["minimum"]

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if json_type(value) in ("integer", "number") and value < minimum:
            args: dict[str, ArgValue] = {"field": _path(name), "value": value, "limit": minimum}
            message = _("{name} must be at least {limit}, not {value}").format(
                name=_named(name), limit=minimum, value=value
            )
            ctx.report(INVALID_VALUE, message, pos, args)

    return check


def _build_min_items(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    minimum = schema["minItems"]

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if isinstance(value, list) and len(value) < minimum:
            args: dict[str, ArgValue] = {"field": _path(name), "limit": minimum}
            message = ngettext(
                "{name} needs at least {limit} item", "{name} needs at least {limit} items", minimum
            )
            ctx.report(INVALID_VALUE, message.format(name=_named(name), limit=minimum), pos, args)

    return check


def _build_unique_items(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check | None:
    if not schema["uniqueItems"]:
        return None

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if not isinstance(value, YamlList):
            return
        if all(type(item) is str for item in value) and len(set(value)) == len(value):
            return  # the common case: distinct texts
        seen: set[str] = set()
        for index, item in enumerate(value):
            marker = json.dumps(item, sort_keys=True, ensure_ascii=False)
            if marker in seen:
                args: dict[str, ArgValue] = {"field": _path(name), "value": _scalar(item)}
                message = _("{name} lists {value} twice").format(name=_named(name), value=marker)
                ctx.report(INVALID_VALUE, message, value.item_position(index), args)
            seen.add(marker)

    return check


def _build_items(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    item_check = compiler.compile(schema["items"], document)

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if not isinstance(value, YamlList):
            return
        positions = value.item_positions
        for index, item in enumerate(value):
            item_check(item, positions[index], (index, name), ctx)

    return check


def _build_properties(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    properties = {
        key: compiler.compile(sub, document) for key, sub in schema.get("properties", {}).items()
    }
    patterns = [
        (re.compile(pattern), compiler.compile(sub, document))
        for pattern, sub in schema.get("patternProperties", {}).items()
    ]
    additional = schema.get("additionalProperties", True)
    additional_check = None if additional is False else compiler.compile(additional, document)
    required = list(schema.get("required", ()))
    known_names = tuple(sorted(properties))

    hints: dict[str, str | None] = {}  # an unknown key repeats (merged, or in every element)

    def hint(key: str) -> str | None:
        if key not in hints:
            hints[key] = closest(key, known_names)
        return hints[key]

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        if not isinstance(value, YamlMap):
            return
        for key in required:
            if key not in value:
                message = _("missing required field {field!r}").format(field=key)
                ctx.report(MISSING_FIELD, message, pos, {"field": key})
        positions = value.positions
        for key, item in value.items():
            sub = properties.get(key)
            if sub is not None:
                where = positions[key]
                sub(item, (where[2], where[3]), key, ctx)
                continue
            sub = next((c for regex, c in patterns if regex.search(key)), None)
            if sub is None:
                if additional_check is None:
                    suggestion = hint(key)
                    message = _("unknown field {field!r}").format(field=key)
                    ctx.report(
                        UNKNOWN_FIELD,
                        with_suggestion(message, suggestion),
                        value.key_position(key),
                        {"field": key, "suggestion": suggestion},
                    )
                    continue
                sub = additional_check
            sub(item, value.value_position(key), key, ctx)

    return check


def _choose_branch(branches: list[tuple[dict[str, Any], Check]], value: Any) -> Check | None:
    """Pick the alternative of a oneOf/anyOf that the value was meant to be.

    The alternatives differ by type and, for mappings, by their required keys,
    so errors are reported against the one alternative the author intended.
    """
    kind = json_type(value)
    typed = [
        (schema, check)
        for schema, check in branches
        if _matches_type(value, schema.get("type", kind)) or "type" not in schema
    ]
    if not typed:
        return None
    if kind == "object" and len(typed) > 1:
        for schema, check in typed:
            if all(key in value for key in schema.get("required", ())):
                return check
        for schema, check in typed:
            if any(key in value for key in schema.get("required", ())):
                return check
    return typed[0][1]


def _build_one_of(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    keyword = "oneOf" if "oneOf" in schema else "anyOf"
    branches = []
    for sub in schema[keyword]:
        resolved = sub
        sub_document = document
        while "$ref" in resolved:
            target, _sep, pointer = resolved["$ref"].partition("#")
            sub_document = target or sub_document
            resolved = compiler._resolve(sub_document, pointer)
        branches.append((resolved, compiler.compile(sub, document)))
    wanted = sorted({s["type"] for s, _check in branches if isinstance(s.get("type"), str)})
    # Scalars choose their branch by type alone: decide once, not per value.
    by_scalar_type = {
        python_type: _choose_branch(branches, sample)
        for python_type, sample in ((str, ""), (int, 0), (float, 0.5), (bool, True))
    }

    def check(value: Any, pos: Position, name: Name, ctx: CheckContext) -> None:
        python_type = type(value)
        if python_type in by_scalar_type:
            branch = by_scalar_type[python_type]
        else:
            branch = _choose_branch(branches, value)
        if branch is None:
            message = _("{name} must be {expected}, not {actual}").format(
                name=_named(name), expected=_type_names(wanted), actual=_describe_value(value)
            )
            args: dict[str, ArgValue] = {
                "field": _path(name),
                "expected": tuple(wanted),
                "actual": json_type(value),
                "value": _scalar(value),
            }
            ctx.report(WRONG_TYPE, message, pos, args)
            return
        branch(value, pos, name, ctx)

    return check


def _build_ref(compiler: _Compiler, schema: dict[str, Any], document: str) -> Check:
    return compiler._ref(schema["$ref"], document)


_KEYWORDS: dict[str, Callable[[_Compiler, dict[str, Any], str], Check | None]] = {
    "type": _build_type,
    "$ref": _build_ref,
    "enum": _build_enum,
    "const": _build_const,
    "pattern": _build_pattern,
    "format": _build_format,
    "minLength": _build_min_length,
    "maxLength": _build_max_length,
    "minimum": _build_minimum,
    "minItems": _build_min_items,
    "uniqueItems": _build_unique_items,
    "items": _build_items,
    "oneOf": _build_one_of,
    "anyOf": _build_one_of,
}


@cache
def _compiler() -> _Compiler:
    return _Compiler()


def schema_checker(document: str) -> Check:
    """The compiled check for a whole file of the given schema."""
    return _compiler().compile_ref(document, "")


def check_against_schema(value: Any, document: str, file: str, text: str = "") -> list[Finding]:
    """Findings for ``value`` (a located YAML value) against a packaged schema.

    ``text``, the file's text, lets a finding point inside a value (at the space
    of ``kind: public service``)."""
    ctx = CheckContext(file, text=text)
    schema_checker(document)(value, position_of(value, (1, 1)), None, ctx)
    findings = ctx.findings
    for key, count in ctx.repeats.items():
        if count > 1:
            index = ctx.first_of[key]
            findings[index] = with_repeat_count(findings[index], count)
    return findings


def with_repeat_count(finding: Finding, count: int) -> Finding:
    """``finding`` saying it stands for ``count`` findings at the same place.

    A value written once and shared through a ``<<`` merge or an alias is
    checked once per element that shares it; it is reported once.
    """
    if count <= 1:
        return finding
    others = count - 1
    message = ngettext(
        "{message} (and {count} more time through a YAML alias or << merge of this value)",
        "{message} (and {count} more times through YAML aliases or << merges of this value)",
        others,
    ).format(message=finding.message, count=others)
    return Finding(
        finding.file,
        finding.line,
        finding.column,
        finding.code,
        finding.severity,
        message[:MAX_MESSAGE_LENGTH],
        finding.element,
        finding.related,
        {**finding.args, "repeated": count},
    )
