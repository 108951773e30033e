"""ICT306: elements that matter must not hang on a single point of failure."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.findings import Finding, Location, Rule, Severity
from ictarch.graph.resilience import AnalysisTooLarge, SinglePointsOfFailure
from ictarch.model.architecture import Architecture

CRITICAL_SPOF = Rule(
    "ICT306",
    "critical-single-point-of-failure",
    Severity.WARNING,
    "An element of criticality high or critical goes down if one other element fails "
    "(any_of redundancy taken into account).",
    "criticality: high\ndepends_on: [lgsp]   # lgsp has no alternative",
    "Add redundancy with any_of where it exists, or lower the criticality; "
    "`ictarch impact` shows the chain.",
)

RULES = (CRITICAL_SPOF,)

_SHOWN = 5


def check_resilience(architecture: Architecture) -> Iterator[Finding]:
    critical = sorted(
        e.id for e in architecture.elements.values() if e.criticality in ("high", "critical")
    )
    if not critical:
        return
    try:
        spofs = SinglePointsOfFailure(architecture)
    except AnalysisTooLarge as error:
        yield CRITICAL_SPOF.finding(
            f"not checked: {error}",
            Location(architecture.root_file, 1, 1),
            args={"not_checked": True},
        )
        return
    for element_id in critical:
        points = spofs.points_of_failure(element_id)
        if not points:
            continue
        element = architecture.elements[element_id]
        shown = ", ".join(points[:_SHOWN]) + (
            f" and {len(points) - _SHOWN} more" if len(points) > _SHOWN else ""
        )
        yield CRITICAL_SPOF.finding(
            f"{element_id!r} is {element.criticality} but fails if any one of these fails: {shown}",
            element.where("criticality"),
            element_id,
            args={
                "criticality": element.criticality,
                "points_of_failure": tuple(points),  # all of them, unlike the message
            },
        )
