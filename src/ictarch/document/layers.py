"""The four layers of the national digital architecture framework (QĐ 3090/QĐ-BKHCN,
08/10/2025), bottom-up, and the one function that places an element in them.

:func:`digital_layer` is the document's only question about the mapping: the layer
of QĐ 3090 an element belongs to, or None for the organisations (agencies and
providers own and run the rest; they are no system). It reads the element's
layer in the architecture and its ``kind``:

- the bottom layer (infrastructure), and security kinds anywhere (a SOC, a
  security service), go to (1) shared digital infrastructure and cyber-security;
- portals, citizen apps and contact centres anywhere go to (4) interaction channels;
- databases, data platforms and the other shared platforms go to (2) data and core
  platforms;
- the other services go to (3) shared applications.
"""

from __future__ import annotations

from dataclasses import dataclass

from ictarch.i18n import N_
from ictarch.model.architecture import Architecture, Element


@dataclass(frozen=True, slots=True)
class DigitalLayer:
    id: str
    name: str  # English, translated with _() where shown


INFRASTRUCTURE = "infrastructure-security"
DATA_PLATFORMS = "data-platforms"
APPLICATIONS = "applications"
CHANNELS = "channels"

DIGITAL_LAYERS = (
    DigitalLayer(INFRASTRUCTURE, N_("Shared digital infrastructure and cyber-security")),
    DigitalLayer(DATA_PLATFORMS, N_("Data and core platforms")),
    DigitalLayer(APPLICATIONS, N_("Shared applications and business")),
    DigitalLayer(CHANNELS, N_("Interaction channels and performance measurement")),
)
"""QĐ 3090's layers in the order of CV 2943's current-state part: bottom-up."""

_SECURITY_KINDS = frozenset({"security-operations-centre", "security-service", "soc", "firewall"})
_CHANNEL_KINDS = frozenset(
    {"portal", "citizen-app", "mobile-app", "contact-centre", "public-service", "website"}
)
_DATA_KINDS = frozenset({"database", "national-database", "data-platform", "data-warehouse"})


def digital_layer(architecture: Architecture, element: Element) -> str | None:
    """The id of the QĐ 3090 layer ``element`` belongs to; None for an organisation."""
    layers = [layer.id for layer in architecture.layers]
    if element.layer == architecture.organisation_layer:
        return None
    kind = element.kind or ""
    if kind in _SECURITY_KINDS:
        return INFRASTRUCTURE
    if kind in _CHANNEL_KINDS:
        return CHANNELS
    if kind in _DATA_KINDS:
        return DATA_PLATFORMS
    if element.layer == layers[-1]:
        return INFRASTRUCTURE
    if len(layers) >= 3 and element.layer == layers[-2]:
        return DATA_PLATFORMS
    return APPLICATIONS
