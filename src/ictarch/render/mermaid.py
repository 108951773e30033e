"""Mermaid flowchart for a diagram: renders in Markdown on code hosts, no Graphviz needed.

Each group is a subgraph, in order; shapes and colours follow the same
families as the DOT output (``classDef`` per family and status). Labels are
always quoted, and every character that could mean something to Mermaid,
Markdown or HTML (``"``, ``#``, ``<``, ``>``, ``&``, brackets, braces, ``|``,
``;``, ``%``, backticks, backslashes...) is written as a ``#NNN;`` entity code
that Mermaid turns back into the character as text. Letters of every script,
Vietnamese included, are written as they are.
"""

from __future__ import annotations

import json
import unicodedata

from ictarch.i18n import _
from ictarch.model.lifecycle import STATUS_LABELS
from ictarch.render.diagram import (
    AGGREGATE,
    ALTERNATIVE,
    ANY_OF,
    OPTIONAL,
    TO_JUNCTION,
    Diagram,
    Edge,
    Node,
    clean_text,
    safe_id,
)
from ictarch.render.styles import (
    ANY_OF_COLOUR,
    EDGE_HIGHLIGHT_STYLES,
    FAMILIES,
    FOCUS_PENWIDTH,
    HIGHLIGHT_STYLES,
    STATUS_STYLES,
    UPWARD_COLOUR,
)

_SAFE_ASCII = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-_/:()'+!?=@"
)


def mermaid_text(text: str) -> str:
    """Text for a quoted Mermaid label: safe characters as they are, the rest as entities."""
    out: list[str] = []
    for character in clean_text(text):
        if character in _SAFE_ASCII:
            out.append(character)
        elif character == '"':
            out.append("#quot;")
        elif ord(character) > 127 and unicodedata.category(character)[0] not in "CZ":
            out.append(character)
        else:
            out.append(f"#{ord(character)};")
    return "".join(out)


def _quoted(*lines: str) -> str:
    return '"' + "<br>".join(mermaid_text(line) for line in lines) + '"'


def diagram_to_mermaid(diagram: Diagram) -> str:
    """The Mermaid source of a diagram; the same diagram always gives the same text."""
    lines = [
        "---",
        f"title: {json.dumps(clean_text(diagram.title), ensure_ascii=False)}",
        "---",
        "flowchart TB",
    ]
    if diagram.note:
        lines.append(f"  diagram_note[{_quoted(_sentence(diagram.note))}]")
    for group in diagram.groups:
        lines.append(f"  subgraph {group.id}[{_quoted(group.label)}]")
        lines.extend(f"    {_node(node)}" for node in diagram.nodes_in(group.id))
        lines.extend(
            f"    {junction.id}(({_quoted(junction.label)}))"
            for junction in diagram.junctions_in(group.id)
        )
        lines.append("  end")
    lines.extend(
        f"  {junction.id}(({_quoted(junction.label)}))" for junction in diagram.junctions_in(None)
    )
    coloured: list[tuple[int, str]] = []
    for index, edge in enumerate(diagram.edges):
        lines.append(f"  {_edge(edge)}")
        if edge.highlight in EDGE_HIGHLIGHT_STYLES:
            coloured.append((index, EDGE_HIGHLIGHT_STYLES[edge.highlight].colour))
        elif edge.upward:
            coloured.append((index, UPWARD_COLOUR))
        elif edge.kind in (ANY_OF, ALTERNATIVE, TO_JUNCTION):
            coloured.append((index, ANY_OF_COLOUR))
    lines.extend(_legend(diagram))
    assignments = _class_assignments(diagram)
    lines.extend(_class_definitions(set(assignments)))
    lines.extend(f"  class {','.join(members)} {name}" for name, members in assignments.items())
    for colour in sorted({colour for _index, colour in coloured}):
        indexes = ",".join(str(index) for index, used in coloured if used == colour)
        lines.append(f"  linkStyle {indexes} stroke:{colour},color:{colour}")
    return "\n".join(lines) + "\n"


def _sentence(note: str) -> str:
    return note[:1].upper() + note[1:] + "."


def _node(node: Node) -> str:
    opening, closing = FAMILIES[node.family].mermaid_shape
    return f"{node.id}{opening}{_quoted(node.label, *node.details())}{closing}"


def _edge(edge: Edge) -> str:
    label = f"|{_quoted(edge.label)}|" if edge.label else ""
    if edge.kind in (ANY_OF, ALTERNATIVE):
        arrow = "-.->"
    elif edge.kind == TO_JUNCTION:
        arrow = "-->"
    elif edge.kind == OPTIONAL:
        arrow = "-.-o"
    elif edge.kind == AGGREGATE and edge.count > 1:
        arrow = "==>"
    else:
        arrow = "-->"
    return f"{edge.source} {arrow}{label} {edge.target}"


def _legend(diagram: Diagram) -> list[str]:
    families = diagram.families()
    if not families:
        return []
    lines = [f"  subgraph legend[{_quoted(_('Legend'))}]"]
    for name in families:
        family = FAMILIES[name]
        opening, closing = family.mermaid_shape
        lines.append(f"    {safe_id('legend', name)}{opening}{_quoted(_(family.label))}{closing}")
    for status in diagram.statuses():
        label = _(STATUS_LABELS[status])
        lines.append(f"    {safe_id('legend', 'status', status)}[{_quoted(label)}]")
    for name in diagram.highlights():
        label = _(HIGHLIGHT_STYLES[name].label)
        lines.append(f"    {safe_id('legend', 'highlight', name)}[{_quoted(label)}]")
    if diagram.aggregated:
        lines.append(f"    {safe_id('legend', 'aggregate')}[{_quoted(_('several elements'))}]")
    if any(edge.kind == OPTIONAL for edge in diagram.edges):
        label = _("A ··○ B: A works without B, only degraded (required: false)")
        lines.append(f"    {safe_id('legend', 'optional')}[{_quoted(label)}]")
    lines.append("  end")
    return lines


def _class_definitions(used: set[str]) -> list[str]:
    """``classDef`` lines for the classes in ``used``."""
    lines = [
        f"  classDef {family.name} fill:{family.fill},stroke:{family.border},color:#1a1a1a"
        for family in FAMILIES.values()
        if family.name in used
    ]
    for status in STATUS_STYLES.values():
        if status.name not in used:
            continue
        parts = []
        if status.fill:
            parts.append(f"fill:{status.fill}")
        if status.border:
            parts.append(f"stroke:{status.border}")
        if status.text:
            parts.append(f"color:{status.text}")
        if status.dashed:
            parts.append("stroke-dasharray:5 4")
        lines.append(f"  classDef {status.name} {','.join(parts)}")
    others = {
        "aggregate": "stroke-width:3px",
        "focus": f"stroke-width:{FOCUS_PENWIDTH}px",
        "junction": f"fill:#ffffff,stroke:{ANY_OF_COLOUR},color:{ANY_OF_COLOUR}",
        "note": "fill:#fff8dc,stroke:#b7791f,color:#1a1a1a",
    }
    lines.extend(f"  classDef {name} {style}" for name, style in others.items() if name in used)
    lines.extend(
        f"  classDef {_highlight_class(h.name)} fill:{h.fill},stroke:{h.border},"
        "stroke-width:2px,color:#1a1a1a" + (",stroke-dasharray:5 4" if h.dashed else "")
        for h in HIGHLIGHT_STYLES.values()
        if _highlight_class(h.name) in used
    )
    return lines


def _highlight_class(name: str) -> str:
    return f"highlight_{name}"


def _class_assignments(diagram: Diagram) -> dict[str, list[str]]:
    """Class name -> the ids of the nodes in that class, in a fixed order."""
    members: dict[str, list[str]] = {}

    def add(class_name: str, node_id: str) -> None:
        members.setdefault(class_name, []).append(node_id)

    for node in diagram.nodes:
        add(node.family, node.id)
        if node.status in STATUS_STYLES:
            add(node.status, node.id)
        if node.aggregate:
            add("aggregate", node.id)
        if node.focus:
            add("focus", node.id)
        if node.highlight in HIGHLIGHT_STYLES:
            add(_highlight_class(node.highlight), node.id)
    for junction in diagram.junctions:
        add("junction", junction.id)
    for name in diagram.families():
        add(name, safe_id("legend", name))
    for status in diagram.statuses():
        add(status, safe_id("legend", "status", status))
    for name in diagram.highlights():
        add(_highlight_class(name), safe_id("legend", "highlight", name))
    if diagram.aggregated:
        add("aggregate", safe_id("legend", "aggregate"))
    if diagram.note:
        add("note", "diagram_note")
    highlights = [_highlight_class(name) for name in HIGHLIGHT_STYLES]
    order = [*FAMILIES, *STATUS_STYLES, "aggregate", "focus", "junction", "note", *highlights]
    return {name: members[name] for name in order if name in members}
