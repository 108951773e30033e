"""ICT306: elements that matter must not hang on a single point of failure."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.findings import Finding, Location, Rule, Severity
from ictarch.graph.resilience import AnalysisTooLarge, SinglePointsOfFailure
from ictarch.i18n import N_, _, ngettext
from ictarch.model.architecture import Architecture
from ictarch.model.lifecycle import CURRENT, State, StateKind

CRITICAL_SPOF = Rule(
    "ICT306",
    "critical-single-point-of-failure",
    Severity.WARNING,
    N_(
        "An element of criticality high or critical goes down if one other element fails "
        "(any_of redundancy taken into account; a required: false dependency never brings it "
        "down), in the analysed state: planned elements give no redundancy in the current "
        "state (see docs/lifecycle.md)."
    ),
    N_("criticality: high\ndepends_on: [lgsp]   # lgsp has no alternative"),
    N_(
        "Add redundancy with any_of where it exists, or lower the criticality; "
        "`ictarch impact` shows the chain."
    ),
)

RULES = (CRITICAL_SPOF,)

_CRITICALITY_WORDS = {"high": N_("high"), "critical": N_("critical")}
"""How a message says the element's criticality (args keep the value)."""

_SHOWN = 5


def check_resilience(architecture: Architecture, state: State = CURRENT) -> Iterator[Finding]:
    """ICT306 in ``state``: only the elements that work there count, and are checked."""
    architecture = architecture.in_state(state)  # done once, not again below
    critical = sorted(
        e.id for e in architecture.elements.values() if e.criticality in ("high", "critical")
    )
    if not critical:
        return
    try:
        spofs = SinglePointsOfFailure(architecture)
    except AnalysisTooLarge as error:
        yield CRITICAL_SPOF.finding(
            _("not checked: {reason}").format(reason=error),
            Location(architecture.root_file, 1, 1),
            args={"not_checked": True},
        )
        return
    for element_id in critical:
        points = spofs.points_of_failure(element_id)
        if not points:
            continue
        element = architecture.elements[element_id]
        shown = ", ".join(points[:_SHOWN])
        if len(points) > _SHOWN:
            more = len(points) - _SHOWN
            shown = ngettext("{shown} and {count} more", "{shown} and {count} more", more).format(
                shown=shown, count=more
            )
        if state.kind is StateKind.CURRENT:
            message = _(
                "{element!r} has criticality {criticality} but fails if any one of these "
                "fails: {shown}"
            )
        elif state.kind is StateKind.TARGET:
            message = _(
                "{element!r} has criticality {criticality} but, in the target state, fails if "
                "any one of these fails: {shown}"
            )
        else:
            message = _(
                "{element!r} has criticality {criticality} but, on {date}, fails if any one "
                "of these fails: {shown}"
            )
        yield CRITICAL_SPOF.finding(
            message.format(
                element=element_id,
                criticality=_(_CRITICALITY_WORDS[element.criticality])
                if element.criticality in _CRITICALITY_WORDS
                else element.criticality,
                shown=shown,
                date=state.label,
            ),
            element.where("criticality"),
            element_id,
            args={
                "criticality": element.criticality,
                "points_of_failure": tuple(points),  # all of them, unlike the message
            },
        )
