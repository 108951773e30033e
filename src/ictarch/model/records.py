"""Per-file records and their safe, checked encoding (JSON, never pickle).

A *file record* (:class:`~ictarch.model.loader.ElementFile`) is everything
that reading and checking one element file produces on its own: its located
elements (:class:`~ictarch.model.architecture.Element`, with every field's
line and column) and its per-file findings (YAML problems, duplicate keys,
limits, unknown layer keys, schema findings). It depends only on the file's
bytes, the name it is shown under, the layers the root file declares, the
limits and ictarch's code and language — which is what its cache key holds
(see :mod:`ictarch.model.cache` and docs/architecture-core.md).

This module turns records, findings and located values into JSON and back,
in two closed encodings that can build nothing but the classes listed here
and plain values, so a hostile cache file can make decoding fail
(:class:`RecordError`, and the entry is then ignored) but cannot run code:

- positional rows (:func:`elements_to_rows`, :func:`findings_to_rows` and their
  inverses), what the cache stores: each object a JSON array of its fields in
  order, decoded by plain ``json.loads`` and then checked field by field (a
  string where a string belongs, an int where a line is...), so a wrong entry
  fails here rather than in a check later. A field added to a dataclass later
  is carried as long as it holds a JSON scalar; any other value makes encoding
  raise TypeError, and the record is then simply not cached;
- tagged objects (:func:`dumps`, :func:`loads`) for free-form values such as
  an element's ``x-`` extensions (located mappings and lists, dates).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import json
import threading
from collections.abc import Iterator
from typing import Any

from ictarch.findings import Finding, Location, Severity
from ictarch.model.architecture import AnyOf, Dependency, Element, Waiver
from ictarch.model.lifecycle import Status
from ictarch.model.yamlsource import YamlList, YamlMap

FORMAT = 1
"""The encoding's version; part of every cache key."""


class RecordError(ValueError):
    """A record that does not decode to what it should (corrupted or hostile)."""


_CLASSES: dict[str, type[Any]] = {
    "E": Element,
    "D": Dependency,
    "A": AnyOf,
    "W": Waiver,
    "F": Finding,
}
_TAGS = {cls: tag for tag, cls in _CLASSES.items()}
_FIELDS = {tag: tuple(f.name for f in dataclasses.fields(cls)) for tag, cls in _CLASSES.items()}


def _to_json(value: Any) -> Any:
    """A plain JSON value for ``value``, with tags for what JSON has no word for.

    Every container is walked here: the json module would write a dict or list
    subclass (a located mapping), a tuple or a named tuple as a plain one.
    """
    cls = value.__class__
    if cls is str or cls is int or cls is bool or cls is float or value is None:
        return value
    if cls is dict:
        if any(key.startswith("$") for key in value):
            return {"$D": [[key, _to_json(item)] for key, item in value.items()]}
        return {key: _to_json(item) for key, item in value.items()}
    if cls is list:
        return [_to_json(item) for item in value]
    if cls is tuple:
        return {"$t": [_to_json(item) for item in value]}
    if cls is Location:
        return {"$L": [value.file, value.line, value.column]}
    tag = _TAGS.get(cls)
    if tag is not None:
        encoded: dict[str, Any] = {"$": tag}
        for name in _FIELDS[tag]:
            item = getattr(value, name)
            if tag == "E" and name == "positions":
                encoded[name] = {"$P": item}  # tuples of ints: JSON lists, made tuples again
            elif tag == "E" and name == "implements_positions":
                encoded[name] = {"$T": item}
            else:
                encoded[name] = _to_json(item)
        return encoded
    if cls is YamlMap:
        values = [[key, _to_json(item)] for key, item in value.items()]
        return {"$m": [value.line, value.column, values, value.positions]}
    if cls is YamlList:
        return {
            "$l": [value.line, value.column, [_to_json(i) for i in value], value.item_positions]
        }
    if cls is datetime.date:
        return {"$d": value.isoformat()}
    if isinstance(value, str):  # Status, Severity: decoded by the field they are in
        return str(value)
    raise TypeError(f"cannot encode {cls.__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    """``json.loads``'s object hook: tagged objects back to their classes."""
    if len(obj) != 1 and "$" not in obj:
        return obj
    if "$" in obj:
        tag = obj.pop("$")
        cls = _CLASSES.get(tag)
        if cls is None or set(obj) != set(_FIELDS[tag]):
            raise RecordError(f"unexpected record {tag!r}")
        if tag == "F":
            obj["severity"] = Severity(obj["severity"])
        elif tag == "E":
            obj["status"] = Status(obj["status"])
        return cls(**obj)
    (key, item), *_ = obj.items()
    if key == "$t":
        return tuple(item)
    if key == "$L":
        return Location(*item)
    if key == "$P":
        return {name: tuple(position) for name, position in item.items()}
    if key == "$T":
        return tuple(tuple(position) for position in item)
    if key == "$d":
        return datetime.date.fromisoformat(item)
    if key == "$m":
        line, column, values, positions = item
        located = YamlMap(line, column)
        located.update((key, value) for key, value in values)
        located.positions = {name: tuple(position) for name, position in positions.items()}
        return located
    if key == "$l":
        line, column, values, positions = item
        located_list = YamlList(line, column)
        located_list.extend(values)
        located_list.item_positions = [tuple(position) for position in positions]
        return located_list
    if key == "$D":
        return dict(item)
    return obj


def dumps(value: Any) -> str:
    """``value`` (lists, dicts, records, findings) as JSON text."""
    return json.dumps(_to_json(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    """What :func:`dumps` wrote; :class:`RecordError` for anything else."""
    try:
        return json.loads(text, object_hook=_decode)
    except RecordError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
        raise RecordError(str(error)) from None


# ---------------------------------------------------------------------------
# Positional rows: records and findings as JSON arrays in field order, decoded
# without an object hook and type-checked field by field. Faster both ways than
# tagged objects (a 10,000-element architecture's records encode in about a
# fifth of the time), and just as closed: a row builds the one class it is for.
# A field this module has no rule for must hold a JSON scalar, or encoding
# raises TypeError (and nothing is cached).


def _check(condition: bool) -> None:
    if not condition:
        raise RecordError("a field of an unexpected type")


def _scalar_in(value: Any) -> Any:
    if value is None or value.__class__ in (str, int, float, bool):
        return value
    raise TypeError(f"cannot encode {value.__class__.__name__}")


def _scalar_out(value: Any) -> Any:
    _check(value is None or value.__class__ in (str, int, float, bool))
    return value


def _text_out(value: Any) -> str:
    _check(value.__class__ is str)
    return str(value)


def _optional_text_out(value: Any) -> str | None:
    _check(value is None or value.__class__ is str)
    return value  # type: ignore[no-any-return]


def _int_out(value: Any) -> int:
    _check(value.__class__ is int)
    return int(value)


def _texts_out(value: Any) -> tuple[str, ...]:
    _check(value.__class__ is list and all(item.__class__ is str for item in value))
    return tuple(value)


_context = threading.local()  # .file: the file most locations of a record are in


def _location_in(location: Location) -> list[Any]:
    if location.file == getattr(_context, "file", None):
        return [location.line, location.column]  # the usual case: the record's own file
    return [location.file, location.line, location.column]


def _location_out(value: Any) -> Location:
    _check(value.__class__ is list)
    if len(value) == 2:
        return Location(_context.file, _int_out(value[0]), _int_out(value[1]))
    _check(len(value) == 3)
    return Location(_text_out(value[0]), _int_out(value[1]), _int_out(value[2]))


@contextlib.contextmanager
def in_file(file: str | None) -> Iterator[None]:
    """Encode and decode locations in ``file`` as line and column only."""
    previous = getattr(_context, "file", None)
    _context.file = file
    try:
        yield
    finally:
        _context.file = previous


def _date_in(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date_out(value: Any) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(_text_out(value))


def _text_dicts_out(value: Any) -> tuple[dict[str, str], ...]:
    _check(value.__class__ is list)
    for item in value:
        _check(item.__class__ is dict and all(v.__class__ is str for v in item.values()))
    return tuple(value)


def _positions_out(value: Any) -> dict[str, tuple[int, ...]]:
    _check(value.__class__ is dict)
    positions = {}
    for key, position in value.items():
        _check(position.__class__ is list and all(i.__class__ is int for i in position))
        positions[key] = tuple(position)
    return positions


def _pairs_out(value: Any) -> tuple[tuple[int, ...], ...]:
    _check(value.__class__ is list)
    for position in value:
        _check(position.__class__ is list and all(i.__class__ is int for i in position))
    return tuple(tuple(position) for position in value)


def _untag(value: Any) -> Any:
    """A tagged JSON value (see :func:`dumps`) back to Python values."""
    if value.__class__ is list:
        return [_untag(item) for item in value]
    if value.__class__ is dict:
        return _decode({key: _untag(item) for key, item in value.items()})
    return value


def _extensions_out(value: Any) -> dict[str, Any]:
    _check(value.__class__ is dict)
    return {key: _untag(item) for key, item in value.items()} if value else {}


_SPECS: dict[tuple[type[Any], int], tuple[list[Any], list[Any]]] = {}


def _spec(cls: type[Any], special: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """For each field of ``cls`` in order: (name, encoder) pairs and decoders."""
    key = (cls, id(special))
    spec = _SPECS.get(key)
    if spec is None:
        names = _FIELDS[_TAGS[cls]]
        encoders = [(name, special[name][0] if name in special else _scalar_in) for name in names]
        decoders = [special[name][1] if name in special else _scalar_out for name in names]
        spec = _SPECS[key] = (encoders, decoders)
    return spec


def _dataclass_row(value: Any, special: dict[str, Any]) -> list[Any]:
    encoders = _spec(value.__class__, special)[0]
    return [encode(getattr(value, name)) for name, encode in encoders]


def _dataclass_out(cls: type[Any], row: Any, special: dict[str, Any]) -> Any:
    decoders = _spec(cls, special)[1]
    _check(row.__class__ is list and len(row) == len(decoders))
    return cls(*[decode(item) for decode, item in zip(decoders, row, strict=True)])


_DEPENDENCY_FIELDS: dict[str, Any] = {
    "target": (_scalar_in, _text_out),
    "location": (_location_in, _location_out),
}
_WAIVER_FIELDS: dict[str, Any] = {
    "location": (_location_in, _location_out),
    "until": (_date_in, _date_out),
}


def _entry_in(entry: Dependency | AnyOf) -> list[Any]:
    if entry.__class__ is AnyOf:
        return ["A", _dataclass_row(entry, _ANY_OF_FIELDS)]
    return ["D", _dataclass_row(entry, _DEPENDENCY_FIELDS)]


def _entry_out(value: Any) -> Dependency | AnyOf:
    _check(value.__class__ is list and len(value) == 2)
    kind, row = value
    if kind == "A":
        return _dataclass_out(AnyOf, row, _ANY_OF_FIELDS)  # type: ignore[no-any-return]
    _check(kind == "D")
    return _dataclass_out(Dependency, row, _DEPENDENCY_FIELDS)  # type: ignore[no-any-return]


def _alternatives_out(value: Any) -> tuple[Dependency, ...]:
    _check(value.__class__ is list)
    return tuple(_dataclass_out(Dependency, row, _DEPENDENCY_FIELDS) for row in value)


_ANY_OF_FIELDS: dict[str, Any] = {
    "alternatives": (
        lambda items: [_dataclass_row(item, _DEPENDENCY_FIELDS) for item in items],
        _alternatives_out,
    ),
    "location": (_location_in, _location_out),
}


def _list_of(encode: Any) -> Any:
    return lambda items: [encode(item) for item in items]


def _tuple_of(decode: Any) -> Any:
    def decoded(value: Any) -> tuple[Any, ...]:
        _check(value.__class__ is list)
        return tuple(decode(item) for item in value)

    return decoded


_ELEMENT_FIELDS: dict[str, Any] = {
    "id": (_scalar_in, _text_out),
    "name": (_scalar_in, _text_out),
    "layer": (_scalar_in, _text_out),
    "location": (_location_in, _location_out),
    "status": (str, lambda value: Status(_text_out(value))),
    "since": (_date_in, _date_out),
    "until": (_date_in, _date_out),
    "tags": (list, _texts_out),
    "implements": (list, _texts_out),
    "links": (list, _text_dicts_out),
    "sources": (list, _text_dicts_out),
    "depends_on": (_list_of(_entry_in), _tuple_of(_entry_out)),
    "waivers": (
        _list_of(lambda waiver: _dataclass_row(waiver, _WAIVER_FIELDS)),
        _tuple_of(lambda row: _dataclass_out(Waiver, row, _WAIVER_FIELDS)),
    ),
    "extensions": (lambda value: {k: _to_json(v) for k, v in value.items()}, _extensions_out),
    "positions": (dict, _positions_out),
    "implements_positions": (list, _pairs_out),
}
for _name in ("kind", "description", "owner", "operator", "criticality", "renamed_from"):
    _ELEMENT_FIELDS[_name] = (_scalar_in, _optional_text_out)


def _args_in(args: Any) -> dict[str, Any]:
    return {
        key: list(value) if value.__class__ is tuple else _scalar_in(value)
        for key, value in args.items()
    }


def _args_out(value: Any) -> dict[str, Any]:
    _check(value.__class__ is dict)
    return {
        key: _texts_out(item) if item.__class__ is list else _scalar_out(item)
        for key, item in value.items()
    }


_FINDING_FIELDS: dict[str, Any] = {
    "file": (_scalar_in, _text_out),
    "line": (_scalar_in, _int_out),
    "column": (_scalar_in, _int_out),
    "code": (_scalar_in, _text_out),
    "severity": (str, lambda value: Severity(_text_out(value))),
    "message": (_scalar_in, _text_out),
    "element": (_scalar_in, _optional_text_out),
    "related": (_list_of(_location_in), _tuple_of(_location_out)),
    "args": (_args_in, _args_out),
}


def elements_to_rows(elements: list[Element], file: str | None = None) -> list[list[Any]]:
    """Elements as positional rows (TypeError for a value with no JSON form); locations
    in ``file`` are written as line and column only."""
    with in_file(file):
        return [_dataclass_row(element, _ELEMENT_FIELDS) for element in elements]


def elements_from_rows(rows: Any, file: str | None = None) -> list[Element]:
    """What :func:`elements_to_rows` made; :class:`RecordError` for anything else."""
    _check(rows.__class__ is list)
    with in_file(file):
        return [_dataclass_out(Element, row, _ELEMENT_FIELDS) for row in rows]


def findings_to_rows(findings: list[Finding]) -> list[list[Any]]:
    with in_file(None):
        return [_dataclass_row(finding, _FINDING_FIELDS) for finding in findings]


def findings_from_rows(rows: Any) -> list[Finding]:
    _check(rows.__class__ is list)
    with in_file(None):
        return [_dataclass_out(Finding, row, _FINDING_FIELDS) for row in rows]


def location_to_row(location: Location) -> list[Any]:
    with in_file(None):
        return _location_in(location)


def location_from_row(row: Any) -> Location:
    with in_file(None):
        return _location_out(row)
