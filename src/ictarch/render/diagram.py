"""What a diagram shows, independent of the output format.

A :class:`Diagram` is built from a view (see :mod:`ictarch.render.views`) and
handed to the DOT and Mermaid writers. Everything in it is already sorted, so
writers only have to walk it in order to produce the same bytes every run.

Identifiers in a diagram are generated, never raw element ids: element ids may
contain ``.`` and ``-`` (and, in an architecture rendered with ``--force``,
anything at all), while DOT reads ``:`` as a port separator and Mermaid has
keywords and arrow syntax. :func:`safe_id` maps ids to ``[A-Za-z0-9_]`` words
that are stable (one element keeps its identifier whatever else changes) and
distinct (two ids never share one).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from ictarch.i18n import _, ngettext
from ictarch.model.lifecycle import STATUS_LABELS, Status
from ictarch.printable import one_line

_MODEL_ID = re.compile(r"[a-z0-9][a-z0-9.-]*")


def safe_id(prefix: str, *parts: str | None) -> str:
    """An identifier safe in DOT and Mermaid: ``safe_id("e", "ubnd-tinh")`` is ``e_ubnd_tinh``.

    Model ids (lower case, digits, ``-``, ``.``) stay readable: ``-`` turns
    into ``_`` and ``.`` into ``_D_``; anything else is spelled in hex after an
    ``X``; a missing part is ``N``; parts are joined by ``_S_``. Upper-case
    letters never come from a model id, so for a given prefix and number of
    parts two different ids never get the same identifier.
    """
    words = []
    for part in parts:
        if part is None:
            words.append("N")
        elif _MODEL_ID.fullmatch(part):
            words.append(part.replace("-", "_").replace(".", "_D_"))
        else:
            words.append("X" + part.encode("utf-8").hex())
    return f"{prefix}_{'_S_'.join(words)}"


def clean_text(text: str) -> str:
    """One line of text: whitespace runs (newlines too) become one space, controls go.

    Letters, digits and punctuation are kept as they are, so Vietnamese names
    survive byte for byte; escaping for each format is the writers' job.
    """
    return one_line(text)


MAX_DRAWN_TEXT = 400
"""The most characters of one text (a name, a title, a description) a drawing shows.

Graphviz refuses a string of more than 16,384 characters (a syntax error, the whole
drawing lost); a label even a tenth as long is unreadable anyway. Longer texts are cut
with "…" in every drawing (DOT, SVG, the site's views, the ArchiMate export's layout);
the full text stays in the model, the element pages and the exports' data."""


def shorten(text: str, limit: int = MAX_DRAWN_TEXT) -> str:
    """``text`` cleaned (:func:`clean_text`), cut to ``limit`` characters with "…"."""
    cleaned = clean_text(text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"


def wrap_text(text: str, width: int, limit: int = MAX_DRAWN_TEXT) -> list[str]:
    """``text`` cleaned, shortened to ``limit`` characters (:func:`shorten`) and
    wrapped on spaces into lines of about ``width`` characters."""
    lines = textwrap.wrap(
        shorten(text, limit), width=width, break_long_words=False, break_on_hyphens=False
    )
    return lines or [""]


@dataclass(frozen=True, slots=True)
class Group:
    """A box around nodes: a layer, or an owner with ``group_by: owner``."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Node:
    """An element, or an aggregate of several (``count`` > 1) in a collapsed view."""

    id: str
    label: str
    family: str
    group: str
    layer: int  # position of the layer, top = 0
    element: str | None = None
    status: str | None = None
    count: int = 1
    statuses: tuple[tuple[str, int], ...] = ()
    tooltip: str = ""
    focus: bool = False
    highlight: str | None = None  # a key of styles.HIGHLIGHT_STYLES
    notes: tuple[str, ...] = ()  # more lines under the name (what a diff changed)

    @property
    def aggregate(self) -> bool:
        return self.element is None

    def details(self) -> tuple[str, ...]:
        """Lines under the name: the count of an aggregate, or a status other than operational.

        ``412 elements (3 planned, 409 operational)`` lists statuses only when
        one of them is not operational.
        """
        if self.aggregate:
            line = ngettext("{count} element", "{count} elements", self.count).format(
                count=self.count
            )
            if any(status != Status.OPERATIONAL for status, _n in self.statuses):
                counts = ", ".join(f"{n} {_(STATUS_LABELS[status])}" for status, n in self.statuses)
                line = _("{elements} ({statuses})").format(elements=line, statuses=counts)
            return (line, *self.notes)
        if self.status and self.status != Status.OPERATIONAL:
            return (f"({_(STATUS_LABELS[self.status])})", *self.notes)
        return self.notes


@dataclass(frozen=True, slots=True)
class Junction:
    """An ``any of`` node: its dependents need any one of the alternatives it points to.

    ``group`` is None when the alternatives are in different groups.
    """

    id: str
    group: str | None
    layer: int
    label: str
    tooltip: str = ""


# Edge kinds: a plain dependency; an optional one (required: false); the single
# visible alternative of an any_of group; source -> junction; junction ->
# alternative; collapsed dependencies.
DEPENDS = "depends"
OPTIONAL = "optional"
ANY_OF = "any-of"
TO_JUNCTION = "to-junction"
ALTERNATIVE = "alternative"
AGGREGATE = "aggregate"


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: str = DEPENDS
    label: str = ""
    tooltip: str = ""
    count: int = 1
    upward: bool = False  # from a lower layer to a higher one: a layering violation
    highlight: str | None = None  # a key of styles.EDGE_HIGHLIGHT_STYLES


@dataclass(frozen=True, slots=True)
class Diagram:
    """One view, ready to write: groups, nodes and edges in drawing order."""

    view_id: str
    title: str
    description: str
    group_by: str
    groups: tuple[Group, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    junctions: tuple[Junction, ...] = ()
    element_count: int = 0
    note: str | None = None

    @property
    def aggregated(self) -> bool:
        return any(node.aggregate for node in self.nodes)

    def families(self) -> list[str]:
        """The families drawn, in the order of the legend."""
        from ictarch.render.styles import FAMILIES

        used = {node.family for node in self.nodes}
        return [family for family in FAMILIES if family in used]

    def highlights(self) -> list[str]:
        """The highlights drawn, in the order of the legend."""
        from ictarch.render.styles import HIGHLIGHT_STYLES

        used = {node.highlight for node in self.nodes}
        return [name for name in HIGHLIGHT_STYLES if name in used]

    def edge_highlights(self) -> list[str]:
        """The edge highlights drawn, in the order of the legend."""
        from ictarch.render.styles import EDGE_HIGHLIGHT_STYLES

        used = {edge.highlight for edge in self.edges}
        return [name for name in EDGE_HIGHLIGHT_STYLES if name in used]

    def statuses(self) -> list[str]:
        """The statuses other than operational that are drawn, in lifecycle order.

        A highlight's colours hide a status's fill, so a filled status style
        (deprecated, retired) counts only where a node is not highlighted.
        """
        from ictarch.render.styles import STATUS_STYLES

        used = {
            node.status
            for node in self.nodes
            if node.highlight is None
            or (node.status in STATUS_STYLES and STATUS_STYLES[node.status].fill is None)
        }
        used.update(status for node in self.nodes for status, _ in node.statuses)
        return [status for status in Status if status in used and status != Status.OPERATIONAL]

    def nodes_in(self, group: str) -> list[Node]:
        return [node for node in self.nodes if node.group == group]

    def junctions_in(self, group: str | None) -> list[Junction]:
        return [junction for junction in self.junctions if junction.group == group]
