"""One formatter per kind of value a person reads, in the current language.

Every human output (text and Markdown reports, the site, diagrams' legends, help) prints
values through these, never raw; machine formats (JSON, SARIF, GitHub annotations, YAML,
Mermaid sources, options) keep the values as they are (ISO dates, ``operational``).
In English the output is what it always was (ISO dates, ``1,001``); in Vietnamese it follows
docs/glossary.md.

=====================  ==============================  ===================================
helper                 English                         Vietnamese
=====================  ==============================  ===================================
``date(day)``          ``2019-12-31``                  ``31/12/2019``
``integer(n)``         ``1,001``                       ``1.001``
``decimal(x, 1)``      ``3.4``                         ``3,4``
``size(n_bytes)``      ``3.4 MB``                      ``3,4 MB``
``status(value)``      ``operational``                 ``đang vận hành``
``criticality(v)``     ``high``                        ``cao``
``severity(v)``        ``warning``                     ``cảnh báo``
``layer(id, layers)``  the layer's name (the user's, else the default's, else the id)
``layer_in_prose(…)``  ``infrastructure`` (the id)        ``Hạ tầng`` (the name)
``instrument(t, day)`` ``Decision 2323/QĐ-BTTTT of      ``Quyết định số 2323/QĐ-BTTTT ngày
                       2019-12-31``                     31/12/2019``
``choices(values)``    ``a, b or c``                   ``a, b hoặc c``
``labelled(l, raw)``   ``operational``                 ``đang vận hành (operational)``
``field(key)``         ``status`` (the key)            ``Trạng thái`` (an element's YAML key)
``value(key, v)``      a field's value as ``field`` says it: statuses, criticalities, dates
=====================  ==============================  ===================================

The plain ones (``date``, ``integer``, ``decimal``, ``size``) live in :mod:`ictarch.i18n` so
that the lowest layers (the loader's limits) can use them; they are re-exported here, the one
module to import from everywhere else.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence

from ictarch.findings import SEVERITY_LABELS, Severity
from ictarch.i18n import DEFAULT_LANGUAGE, N_, _, current_language, date, decimal, integer, size
from ictarch.model.architecture import DEFAULT_LAYERS, Layer
from ictarch.model.lifecycle import STATUS_LABELS

__all__ = [
    "choices",
    "criticality",
    "date",
    "decimal",
    "field",
    "instrument",
    "integer",
    "labelled",
    "layer",
    "layer_in_prose",
    "severity",
    "size",
    "status",
    "value",
]

CRITICALITY_LABELS: dict[str, str] = {
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "critical": N_("critical"),
}
"""How a criticality is said to a person (glossary: high = cao, critical = rất cao)."""


def status(value: object) -> str:
    """A lifecycle status as a person says it; an unknown value as it is."""
    text = str(value)
    return _(STATUS_LABELS[text]) if text in STATUS_LABELS else text


def criticality(value: object) -> str:
    """A criticality (low, medium, high, critical) as a person says it."""
    text = str(value)
    return _(CRITICALITY_LABELS[text]) if text in CRITICALITY_LABELS else text


def severity(value: object) -> str:
    """A finding's severity (error, warning, info) as a person says it."""
    try:
        return _(SEVERITY_LABELS[Severity(str(value))])
    except ValueError:
        return str(value)


def layer(layer_id: str, layers: Iterable[Layer] = ()) -> str:
    """The name of the layer ``layer_id``: the architecture's, else the default's, else the id."""
    for known in layers:
        if known.id == layer_id:
            return known.name
    for default in DEFAULT_LAYERS:
        if default.id == layer_id:
            return _(default.name)
    return layer_id


def labelled(label: str, value: object) -> str:
    """``label`` followed by the literal value in parentheses, when they differ."""
    raw = str(value)
    return label if label == raw else f"{label} ({raw})"


def choices(values: Sequence[str]) -> str:
    """``a, b or c`` in the current language."""
    if len(values) <= 1:
        return "".join(values)
    return _("{first} or {last}").format(first=", ".join(values[:-1]), last=values[-1])


# "292/QĐ-BKHCN", "2568/QĐ-BTTTT, amended by 1729/QĐ-BTTTT (2024-10-09)"
_NUMBER = re.compile(r"^\s*(?P<number>\d+/(?P<kind>[A-ZĐ]+)-[\w.-]+)\s*$")
_AMENDED = re.compile(
    r"^\s*(?P<main>[^,]+?),\s*amended by\s+(?P<amendment>\S+)\s*\((?P<day>\d{4}-\d{2}-\d{2})\)\s*$"
)
_KINDS = {"QĐ": N_("Decision"), "NĐ": N_("Decree"), "TT": N_("Circular")}


def instrument(text: str | None, day: datetime.date | None = None) -> str:
    """A legal instrument as an administrative text writes it.

    ``instrument("2323/QĐ-BTTTT", 2019-12-31)`` is "Quyết định số 2323/QĐ-BTTTT ngày
    31/12/2019" in Vietnamese. An amendment written "X, amended by Y (YYYY-MM-DD)" is said
    in full; a text of another shape is returned as written.
    """
    if not text:
        return ""
    amended = _AMENDED.match(text)
    if amended:
        return _("{instrument}, amended by {amendment}").format(
            instrument=instrument(amended["main"], day),
            amendment=instrument(amended["amendment"], datetime.date.fromisoformat(amended["day"])),
        )
    numbered = _NUMBER.match(text)
    if not numbered:
        return text
    kind = _KINDS.get(numbered["kind"])
    named = (
        _("{kind} {number}").format(kind=_(kind), number=numbered["number"])
        if kind
        else numbered["number"]
    )
    if day is None:
        return named
    return _("{instrument} of {date}").format(instrument=named, date=date(day))


FIELD_LABELS: dict[str, str] = {
    "id": N_("Id"),
    "name": N_("Name"),
    "description": N_("Description"),
    "layer": N_("Layer"),
    "kind": N_("Kind"),
    "status": N_("Status"),
    "since": N_("Since"),
    "until": N_("Until"),
    "criticality": N_("Criticality"),
    "owner": N_("Owner"),
    "operator": N_("Operator"),
    "tags": N_("Tags"),
    "implements": N_("Implements"),
    "waivers": N_("Waivers"),
    "renamed_from": N_("Renamed from"),
    "depends_on": N_("Dependencies"),
    "links": N_("Links"),
    "sources": N_("Sources"),
    "version": N_("Version"),
    "released": N_("Date of the architecture (released)"),
    "title": N_("Title"),
}
"""How an element's (or the architecture's) YAML key is named to a person."""


def field(key: str) -> str:
    """The label of a YAML key in Vietnamese (``status`` → "Trạng thái"); in English, and for
    keys without a label, the key as written (an English reader reads ``status`` as it is)."""
    if key in FIELD_LABELS and current_language() != DEFAULT_LANGUAGE:
        return _(FIELD_LABELS[key])
    return key


def layer_in_prose(layer_id: str, layers: Iterable[Layer] = ()) -> str:
    """A layer where a report names it in passing: its name in Vietnamese ("Hạ tầng"), its
    id in English (``infrastructure``), whose reports have always named layers by id."""
    if current_language() != DEFAULT_LANGUAGE:
        return layer(layer_id, layers)
    return layer_id


def value(key: str, raw: object) -> object:
    """A field's value as a person reads it: statuses, criticalities and dates in the
    language; anything else as it is (for the caller to shorten or escape)."""
    if raw is None:
        return raw
    if key == "status":
        return status(raw)
    if key == "criticality":
        return criticality(raw)
    if key in ("since", "until", "released"):
        day = raw
        if isinstance(raw, str):
            try:
                day = datetime.date.fromisoformat(raw)
            except ValueError:
                return raw
        if isinstance(day, datetime.date):
            return date(day)
    return raw
