"""Per-file records and their safe, checked encoding (JSON, never pickle).

A *file record* (:class:`~ictarch.model.loader.ElementFile`) is everything
that reading and checking one element file produces on its own: its located
elements (:class:`~ictarch.model.architecture.Element`, with every field's
line and column) and its per-file findings (YAML problems, duplicate keys,
limits, unknown layer keys, schema findings). It depends only on the file's
bytes, the name it is shown under, the layers the root file declares, the
limits and ictarch's code and language — which is what its cache key holds
(see :mod:`ictarch.model.cache` and docs/architecture-core.md).

This module turns records (and the findings of a whole validation) into
JSON text and back. The encoding is a closed set of tagged objects decoded
by ``json.loads`` with an ``object_hook``: it can only ever build the
classes listed in :data:`_CLASSES` and plain values, so a hostile cache file
can make decoding fail (:class:`RecordError`, the entry is then ignored) but
cannot run code. Every class is rebuilt by keyword from its field names, so a
field added to a dataclass later is carried without touching this module.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
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
