"""How elements look: kinds grouped in families, each with a shape and colours.

Kinds are free text in the model, so a diagram cannot give every kind its own
style; it gives one to each *family* instead. A kind is placed in a family by
name (``KIND_FAMILIES``), then by a word it contains (``FAMILY_WORDS``), then
by its layer when the layer is one of the default four, and otherwise falls
in ``other``. The status styles are drawn over the family's: ``planned`` and
``building`` get a dashed border, ``deprecated`` an amber fill, ``retired``
greyed text and border. No family uses amber or grey, so the two never mix.
"""

from __future__ import annotations

from dataclasses import dataclass

from ictarch.i18n import N_
from ictarch.model.lifecycle import Status


@dataclass(frozen=True, slots=True)
class FamilyStyle:
    """The look of a family: Graphviz and Mermaid shapes, fill and border colours."""

    name: str
    label: str
    dot_shape: str
    mermaid_shape: tuple[str, str]
    fill: str
    border: str
    rounded: bool = False


FAMILIES: dict[str, FamilyStyle] = {
    style.name: style
    for style in (
        FamilyStyle(
            "organisation", N_("agency, provider"), "box", ("([", "])"), "#dae8fc", "#2b5f9e", True
        ),
        FamilyStyle("service", N_("service, application"), "box", ("[", "]"), "#d5e8d4", "#4d7f3a"),
        FamilyStyle(
            "platform", N_("shared platform"), "component", ("[[", "]]"), "#e1d5e7", "#7a4e91"
        ),
        FamilyStyle(
            "data", N_("database, data store"), "cylinder", ("[(", ")]"), "#d0efec", "#23867c"
        ),
        FamilyStyle(
            "hosting", N_("data centre, cloud"), "box3d", ("[/", "/]"), "#f8d7da", "#a33a4c"
        ),
        FamilyStyle("network", N_("network"), "hexagon", ("{{", "}}"), "#d4e4f7", "#1f5f8b"),
        FamilyStyle("device", N_("sensors, cameras"), "octagon", (">", "]"), "#eef2c9", "#6f7d1c"),
        FamilyStyle("other", N_("other"), "ellipse", ("(", ")"), "#ffffff", "#555555"),
    )
}

KIND_FAMILIES: dict[str, str] = {
    "agency": "organisation",
    "provider": "organisation",
    "district": "organisation",
    "commune": "organisation",
    "province": "organisation",
    "ministry": "organisation",
    "user-group": "organisation",
    "public-service": "service",
    "portal": "service",
    "application": "service",
    "one-stop-system": "service",
    "citizen-app": "service",
    "smart-application": "service",
    "email": "service",
    "document-system": "service",
    "reporting-system": "service",
    "monitoring-service": "service",
    "integration-platform": "platform",
    "identity-platform": "platform",
    "payment-platform": "platform",
    "gis-platform": "platform",
    "iot-platform": "platform",
    "video-platform": "platform",
    "operations-centre": "platform",
    "security-operations-centre": "platform",
    "security-service": "platform",
    "trust-service": "platform",
    "data-platform": "data",
    "database": "data",
    "national-database": "data",
    "data-warehouse": "data",
    "data-centre": "hosting",
    "cloud": "hosting",
    "server": "hosting",
    "network": "network",
    "network-equipment": "network",
    "sensor-network": "device",
    "camera-network": "device",
}

# Checked in this order against the words of an unknown kind.
FAMILY_WORDS: tuple[tuple[str, str], ...] = (
    ("database", "data"),
    ("data", "data"),
    ("platform", "platform"),
    ("network", "network"),
    ("wan", "network"),
    ("sensor", "device"),
    ("camera", "device"),
    ("device", "device"),
    ("cloud", "hosting"),
    ("centre", "hosting"),
    ("center", "hosting"),
    ("hosting", "hosting"),
    ("agency", "organisation"),
    ("department", "organisation"),
    ("organisation", "organisation"),
    ("organization", "organisation"),
    ("service", "service"),
    ("portal", "service"),
    ("app", "service"),
    ("application", "service"),
    ("system", "service"),
)

LAYER_FAMILIES: dict[str, str] = {
    "agencies": "organisation",
    "services": "service",
    "platforms": "platform",
    "infrastructure": "hosting",
}


@dataclass(frozen=True, slots=True)
class StatusStyle:
    name: str
    dashed: bool = False
    fill: str | None = None
    border: str | None = None
    text: str | None = None


STATUS_STYLES: dict[str, StatusStyle] = {
    Status.PLANNED: StatusStyle("planned", dashed=True),
    Status.BUILDING: StatusStyle("building", dashed=True),
    Status.DEPRECATED: StatusStyle("deprecated", fill="#ffd966", border="#b7791f"),
    Status.RETIRED: StatusStyle(
        "retired", dashed=True, fill="#f2f2f2", border="#a6a6a6", text="#8c8c8c"
    ),
}


@dataclass(frozen=True, slots=True)
class HighlightStyle:
    """A colour that marks what happened to an element, drawn over its family's fill."""

    name: str
    label: str
    fill: str
    border: str
    dashed: bool = False


# Failure impact (``ictarch impact --render``), strongest first; then what a
# diff did to an element (``ictarch diff --render``).
HIGHLIGHT_STYLES: dict[str, HighlightStyle] = {
    style.name: style
    for style in (
        HighlightStyle("failed", N_("failed"), "#e06666", "#990000"),
        HighlightStyle("affected", N_("down with it"), "#f6b26b", "#b45f06"),
        HighlightStyle("degraded", N_("degraded, still up"), "#ffe599", "#bf9000"),
        HighlightStyle("added", N_("added"), "#d8f0dc", "#2e7d32"),
        HighlightStyle("removed", N_("removed"), "#fadbd8", "#c62828", dashed=True),
        HighlightStyle("changed", N_("changed"), "#fff1c6", "#e0a000"),
        HighlightStyle("context", N_("unchanged neighbour"), "#f1f1f1", "#9e9e9e"),
    )
}


@dataclass(frozen=True, slots=True)
class EdgeHighlightStyle:
    """A colour that marks what happened to a dependency (in a diff)."""

    name: str
    label: str
    colour: str
    penwidth: str


EDGE_HIGHLIGHT_STYLES: dict[str, EdgeHighlightStyle] = {
    style.name: style
    for style in (
        EdgeHighlightStyle("added", N_("green edge: dependency added"), "#2e7d32", "1.8"),
        EdgeHighlightStyle("removed", N_("red edge: dependency removed"), "#c62828", "1.8"),
        EdgeHighlightStyle("context", N_("grey edge: unchanged, to a neighbour"), "#b8b8b8", "0.7"),
    )
}

FOCUS_PENWIDTH = "3"
HIGHLIGHT_PENWIDTH = "2"
EDGE_COLOUR = "#4d4d4d"
ANY_OF_COLOUR = "#7a4e91"
UPWARD_COLOUR = "#c0392b"


def family_of(kind: str | None, layer: str) -> str:
    """The family of a kind, falling back on the layer's family, then ``other``."""
    if kind:
        known = KIND_FAMILIES.get(kind)
        if known:
            return known
        words = set(kind.replace(".", "-").split("-"))
        for word, family in FAMILY_WORDS:
            if word in words:
                return family
    return LAYER_FAMILIES.get(layer, "other")
