"""ICT4xx: conventions that keep an architecture useful to its readers."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.findings import Finding, Rule, Severity
from ictarch.i18n import N_, _
from ictarch.model.architecture import Architecture

MISSING_DESCRIPTION = Rule(
    "ICT401",
    "missing-description",
    Severity.WARNING,
    N_("An element has no description."),
    N_("- id: lgsp\n  name: LGSP"),
    N_("Add a sentence saying what the element is and why it matters."),
)
ORPHAN_ELEMENT = Rule(
    "ICT402",
    "orphan-element",
    Severity.WARNING,
    N_("An element depends on nothing, nothing depends on it, and it owns or runs nothing."),
    N_("a platform no service uses"),
    N_("Connect it to what uses it and what it needs, or remove it."),
)
MISSING_OWNER = Rule(
    "ICT403",
    "missing-owner",
    Severity.WARNING,
    N_("An element below the agencies layer names no owner."),
    N_("- id: lgsp\n  name: LGSP   # no owner"),
    N_("Name the agency responsible with `owner:`."),
)

RULES = (MISSING_DESCRIPTION, ORPHAN_ELEMENT, MISSING_OWNER)


def check_conventions(architecture: Architecture) -> Iterator[Finding]:
    elements = architecture.elements
    connected: set[str] = set()
    for element in elements.values():
        targets = element.dependency_targets()
        if targets:
            connected.add(element.id)
            connected.update(targets)
        for organisation in (element.owner, element.operator):
            if organisation is not None:
                connected.add(organisation)
    owner = architecture.metadata.get("owner")
    if isinstance(owner, str):
        connected.add(owner)
    top_layer = architecture.organisation_layer
    for element in elements.values():
        if element.description is None:
            yield MISSING_DESCRIPTION.finding(
                _("{element!r} has no description").format(element=element.id),
                element.where("id"),
                element.id,
                args={"layer": element.layer},
            )
        if element.owner is None and element.layer != top_layer:
            yield MISSING_OWNER.finding(
                _("{element!r} names no owner").format(element=element.id),
                element.where("id"),
                element.id,
                args={"layer": element.layer},
            )
        if element.id not in connected:
            yield ORPHAN_ELEMENT.finding(
                _(
                    "{element!r} is not connected: it depends on nothing, nothing depends "
                    "on it, and it owns or runs nothing"
                ).format(element=element.id),
                element.where("id"),
                element.id,
                args={"layer": element.layer},
            )
