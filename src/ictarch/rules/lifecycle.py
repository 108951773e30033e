"""ICT303-ICT305, ICT307, ICT308: lifecycle of dependencies, and dates that make sense.

The dependency rules answer for a state (:class:`~ictarch.model.lifecycle.State`):
in the current state a planned element does not exist yet and a retired one is
gone; in the target state planned elements work and deprecated ones are gone;
at a date, ``since`` and ``until`` decide. An element gone in the state is not
checked (its dependencies no longer matter); the others are checked against
what their dependencies are in the same state.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

from ictarch import formatting, i18n
from ictarch.findings import Finding, Rule, Severity
from ictarch.i18n import N_, _
from ictarch.model.architecture import AnyOf, Architecture, Element
from ictarch.model.lifecycle import CURRENT, STATUS_LABELS, Presence, State, StateKind, Status
from ictarch.rules.memo import ElementFindingsMemo

DEPENDS_ON_RETIRED = Rule(
    "ICT303",
    "depends-on-retired",
    Severity.ERROR,
    N_(
        "An element that is not gone depends on one that is gone in the analysed state "
        "(retired; in the target state also deprecated; at a date, past its until)."
    ),
    N_("depends_on: [mot-cua-cu]   # status: retired"),
    N_("Move the dependency to the element's replacement."),
)
DEPENDS_ON_DEPRECATED = Rule(
    "ICT304",
    "depends-on-deprecated",
    Severity.WARNING,
    N_("An element that is not itself deprecated or retired depends on a deprecated element."),
    N_("depends_on: [email-cu]   # status: deprecated"),
    N_("Plan the move to the replacement."),
)
PLANNED_DEPENDENCY = Rule(
    "ICT305",
    "depends-on-planned",
    Severity.WARNING,
    N_(
        "An element that works in the analysed state depends on one that does not exist "
        "there yet (planned, building, or before its since date). An any_of alternative is "
        "reported only when no other alternative of its group works."
    ),
    N_("status: operational\ndepends_on: [kho-du-lieu]   # status: planned"),
    N_(
        "Mark the dependent as planned too, depend on what exists today, or make the new "
        "element one alternative of an any_of group next to what exists."
    ),
)
SINCE_AFTER_UNTIL = Rule(
    "ICT307",
    "since-after-until",
    Severity.ERROR,
    N_("An element's since date (in service from) is after its until date (retired on)."),
    N_("since: 2025-01-01\nuntil: 2024-01-01"),
    N_("Swap or correct the dates."),
)
STATUS_CONTRADICTS_DATES = Rule(
    "ICT308",
    "status-contradicts-dates",
    Severity.WARNING,
    N_(
        "An element's status disagrees with its dates at the architecture's released date "
        "(or the --at date when there is none): operational or deprecated before its since "
        "or from its until on, retired before its until, planned or building after its since."
    ),
    N_("status: operational\nsince: 2030-01-01   # released: 2022-10-10"),
    N_("Correct the status or the date; the dates decide analyses at a date (--at)."),
)

RULES = (
    DEPENDS_ON_RETIRED,
    DEPENDS_ON_DEPRECATED,
    PLANNED_DEPENDENCY,
    SINCE_AFTER_UNTIL,
    STATUS_CONTRADICTS_DATES,
)


def check_lifecycle(
    architecture: Architecture, state: State = CURRENT, memo: ElementFindingsMemo | None = None
) -> Iterator[Finding]:
    """ICT303-ICT305 in ``state``, and ICT307-ICT308 on the dates. With a ``memo`` (kept
    between passes by a long-running process), an element's ICT303-ICT305 are kept while
    it and the elements it names stay the same (:class:`ElementFindingsMemo`)."""
    if memo is None:
        yield from check_dependency_lifecycle(architecture, state)
    else:
        elements = architecture.elements
        presence: dict[str, Presence] = {}

        def presence_of(key: str) -> Presence | None:
            found = presence.get(key)
            if found is None and key in elements:
                found = presence[key] = state.presence(elements[key])
            return found

        identity = (state.label, i18n.catalog_identity())
        yield from memo.run(
            architecture,
            identity,
            lambda element: _dependency_findings(element, elements, presence_of, state),
        )
    yield from check_dates(architecture, state)


def check_dependency_lifecycle(architecture: Architecture, state: State) -> Iterator[Finding]:
    elements = architecture.elements
    presence_of = state.presence
    presence = {element_id: presence_of(e) for element_id, e in elements.items()}
    for element in elements.values():
        yield from _dependency_findings(element, elements, presence.get, state)


def _dependency_findings(
    element: Element,
    elements: dict[str, Element],
    presence: Callable[[str], Presence | None],
    state: State,
) -> Iterator[Finding]:
    """ICT303-ICT305 of one element's dependencies; ``presence`` gives an element's
    presence in ``state`` by id (None: not an element)."""
    own = presence(element.id)
    if own is None or own is Presence.GONE:
        return
    for entry in element.depends_on:
        dependencies = entry.alternatives if isinstance(entry, AnyOf) else (entry,)
        in_group = isinstance(entry, AnyOf)
        group_works = in_group and any(
            (presence(d.target) or Presence.GONE).works for d in dependencies
        )
        for dependency in dependencies:
            target = elements.get(dependency.target)
            if target is None:
                continue
            theirs = presence(target.id)
            if theirs is Presence.GONE:
                if group_works and not state.is_default:
                    # the plan (or an until date) removes one alternative of a group
                    # that still works: how a replacement is modelled, not a broken plan
                    continue
                rule, message = DEPENDS_ON_RETIRED, _gone_message(in_group, state)
            elif theirs is Presence.GOING and own is not Presence.GOING:
                rule = DEPENDS_ON_DEPRECATED
                message = (
                    _(
                        "{element!r} depends on {target!r} as an any_of alternative, which is "
                        "deprecated"
                    )
                    if in_group
                    else _("{element!r} depends on {target!r}, which is deprecated")
                )
            elif theirs is Presence.NOT_YET and own.works and not group_works:
                rule, message = PLANNED_DEPENDENCY, _not_yet_message(target, in_group, state)
            else:
                continue
            yield rule.finding(
                message.format(
                    element=element.id,
                    status=_(STATUS_LABELS[element.status]),
                    target=target.id,
                    target_status=_(STATUS_LABELS[target.status]),
                    date=state.display_label,
                    since=formatting.date(target.since),
                ),
                dependency.location,
                element.id,
                args={
                    "element": element.id,
                    "dependency": target.id,
                    "status": target.status.value,
                    "any_of": in_group,
                },
            )


def _gone_message(in_group: bool, state: State) -> str:
    """The ICT303 message template: every sentence whole, for translators."""
    if state.kind is StateKind.CURRENT:
        if in_group:
            return _("{element!r} depends on {target!r} as an any_of alternative, which is retired")
        return _("{element!r} depends on {target!r}, which is retired")
    if state.kind is StateKind.TARGET:
        if in_group:
            return _(
                "{element!r} depends on {target!r} as an any_of alternative, which no longer "
                "works in the target state"
            )
        return _("{element!r} depends on {target!r}, which no longer works in the target state")
    if in_group:
        return _(
            "{element!r} depends on {target!r} as an any_of alternative, which no longer works "
            "on {date}"
        )
    return _("{element!r} depends on {target!r}, which no longer works on {date}")


def _not_yet_message(target: Element, in_group: bool, state: State) -> str:
    """The ICT305 message template: every sentence whole, for translators."""
    if state.kind is StateKind.CURRENT:
        if in_group:
            return _(
                "{element!r} is {status} but depends on {target!r} as an any_of alternative, "
                "which is {target_status}"
            )
        return _("{element!r} is {status} but depends on {target!r}, which is {target_status}")
    if target.since is not None and state.date is not None and state.date < target.since:
        if in_group:
            return _(
                "{element!r} works on {date} but depends on {target!r} as an any_of "
                "alternative, which is in service only from {since}"
            )
        return _(
            "{element!r} works on {date} but depends on {target!r}, which is in service only "
            "from {since}"
        )
    if in_group:
        return _(
            "{element!r} works on {date} but depends on {target!r} as an any_of alternative, "
            "which is {target_status}"
        )
    return _("{element!r} works on {date} but depends on {target!r}, which is {target_status}")


def reference_date(architecture: Architecture, state: State) -> datetime.date | None:
    """The day a status describes: ``released``, else the ``--at`` date, else none."""
    return architecture.released or state.date


def check_dates(architecture: Architecture, state: State) -> Iterator[Finding]:
    reference = reference_date(architecture, state)
    for element in architecture.elements.values():
        since, until = element.since, element.until
        if since is None and until is None:
            continue
        if since is not None and until is not None and since > until:
            yield SINCE_AFTER_UNTIL.finding(
                _("{element!r}: since {since} is after until {until}").format(
                    element=element.id, since=formatting.date(since), until=formatting.date(until)
                ),
                element.where("until"),
                element.id,
                args={
                    "element": element.id,
                    "since": since.isoformat(),
                    "until": until.isoformat(),
                },
            )
            continue
        if reference is not None:
            yield from _status_against_dates(element, reference)


def _status_against_dates(element: Element, reference: datetime.date) -> Iterator[Finding]:
    status = element.status
    since, until = element.since, element.until
    problem: tuple[str, datetime.date, str] | None = None
    if status.in_service and since is not None and since > reference:
        problem = (
            "since",
            since,
            _(
                "{element!r} is {status} but in service only from {date} (the architecture's date "
                "is {reference})"
            ),
        )
    elif status.in_service and until is not None and until <= reference:
        problem = (
            "until",
            until,
            _(
                "{element!r} is {status} but retired on {date} (the architecture's date is "
                "{reference})"
            ),
        )
    elif status is Status.RETIRED and until is not None and until > reference:
        problem = (
            "until",
            until,
            _(
                "{element!r} is {status} but retired only on {date} (the architecture's date is "
                "{reference})"
            ),
        )
    elif status.not_yet and since is not None and since <= reference:
        problem = (
            "since",
            since,
            _(
                "{element!r} is {status} but in service since {date} (the architecture's date is "
                "{reference})"
            ),
        )
    if problem is None:
        return
    field_name, day, message = problem
    yield STATUS_CONTRADICTS_DATES.finding(
        message.format(
            element=element.id,
            status=_(STATUS_LABELS[status]),
            date=formatting.date(day),
            reference=formatting.date(reference),
        ),
        element.where(field_name),
        element.id,
        args={
            "element": element.id,
            "status": status.value,
            "field": field_name,
            "date": day.isoformat(),
            "reference": reference.isoformat(),
        },
    )
