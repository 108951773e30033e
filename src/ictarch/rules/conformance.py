"""ICT5xx: conformance to reference frameworks (vn-egov, ict-smartcity, a province's own).

Every ``implements`` entry is checked against the version of its framework that
applies (``conforms_to``, else the one in force at ``architecture.released``):
the block must exist (ICT501), not be obsolete (ICT502), be in force for an
element in service (ICT503) and sit in its layer (ICT506). For the frameworks
named in ``conforms_to`` -- a promise the architecture makes -- every mandatory
block must be implemented (ICT504) and every required connection present
(ICT505). ``ictarch conformance`` shows the whole coverage matrix.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ictarch.findings import Finding, Location, Rule, Severity
from ictarch.frameworks.conformance import (
    Catalogues,
    Coverage,
    Reach,
    Selection,
    block_label,
    block_names,
    crosses_layer,
    declared_selections,
    evaluate,
    evaluation_state,
    implicit_selection,
    load_catalogues,
)
from ictarch.i18n import N_, _, ngettext
from ictarch.model.architecture import Architecture, status_in_state
from ictarch.model.lifecycle import CURRENT, State

UNKNOWN_BLOCK = Rule(
    "ICT501",
    "unknown-block",
    Severity.ERROR,
    N_("implements names a building block that no reference framework catalogue has."),
    N_("implements: [vn-egov.ioc]     # the IOC is ict-smartcity.ioc"),
    N_(
        "Use a block id of a catalogue (`ictarch conformance` lists them; the message "
        "suggests the closest), or add your own catalogue under `frameworks:`."
    ),
)
OBSOLETE_BLOCK = Rule(
    "ICT502",
    "obsolete-block",
    Severity.WARNING,
    N_("implements names a building block that is obsolete in the framework version that applies."),
    N_("implements: [vn-egov.one-stop]   # renamed vn-egov.tthc-system"),
    N_("Implement the replacement the message names."),
)
BLOCK_NOT_IN_FORCE = Rule(
    "ICT503",
    "block-not-in-force",
    Severity.WARNING,
    N_(
        "An element in service implements a building block that is not yet in force at the "
        "architecture's date or in the framework version that applies."
    ),
    N_(
        'released: "2022-10-10"   # vn-egov 2.0 applies\n...\n'
        "implements: [vn-egov.vneid]   # a block of vn-egov 3.0 and later"
    ),
    N_(
        "Mark the element planned, fix the architecture's date or conforms_to version, or "
        "remove the claim."
    ),
)
MANDATORY_BLOCK_MISSING = Rule(
    "ICT504",
    "mandatory-block-missing",
    Severity.WARNING,
    N_(
        "A framework named in conforms_to makes a building block mandatory, and no element "
        "implements it (a block the catalogue marks inferred or background is only 'to "
        "confirm' in the conformance report)."
    ),
    N_("conforms_to: {framework: vn-egov}   # and no element implements vn-egov.soc"),
    N_(
        "Add or mark the element that implements the block (for a national platform: an "
        "element representing it, which the province's systems depend on)."
    ),
)
REQUIRED_CONNECTION_MISSING = Rule(
    "ICT505",
    "required-connection-missing",
    Severity.WARNING,
    N_(
        "An element implements a block that must reach another block (requires), and no "
        "dependency path leads from it to an element implementing that block (a requirement "
        "the catalogue marks inferred or background is only 'to confirm' in the conformance "
        "report)."
    ),
    N_(
        "- id: lgsp\n  implements: [vn-egov.lgsp]   # must reach vn-egov.ndxp\n  depends_on: [tsdl]"
    ),
    N_(
        "Add the dependency (directly or through other elements) on the element that "
        "implements the required block."
    ),
)
BLOCK_WRONG_LAYER = Rule(
    "ICT506",
    "block-wrong-layer",
    Severity.WARNING,
    N_("An element implements a building block that belongs to another layer."),
    N_("services:\n  - id: lgsp\n    implements: [vn-egov.lgsp]   # a platforms block"),
    N_("Move the element to the block's layer, or claim the block on the right element."),
)

DUPLICATED_BLOCK = Rule(
    "ICT507",
    "duplicated-block",
    Severity.WARNING,
    N_(
        "More elements in service implement a building block than a province may run "
        "(per_province in the catalogue), e.g. two administrative-procedure systems after "
        "two provinces merged. Answers for the analysed state."
    ),
    N_(
        "- {id: tthc-a, implements: [vn-egov.tthc-system]}\n"
        "- {id: tthc-b, implements: [vn-egov.tthc-system]}   # one per province (NĐ 118/2025)"
    ),
    N_(
        "Decide which to keep and retire the others with a dated until "
        "(`ictarch consolidate` explains each group and writes a plan)."
    ),
)

RULES = (
    UNKNOWN_BLOCK,
    OBSOLETE_BLOCK,
    BLOCK_NOT_IN_FORCE,
    MANDATORY_BLOCK_MISSING,
    REQUIRED_CONNECTION_MISSING,
    BLOCK_WRONG_LAYER,
    DUPLICATED_BLOCK,
)


def check_conformance(architecture: Architecture) -> Iterator[Finding]:
    if (
        not architecture.conforms_to
        and not architecture.framework_files
        and not any(element.implements for element in architecture.elements.values())
    ):
        return  # nothing claimed, nothing promised: no catalogue to read
    catalogues = load_catalogues(architecture)
    yield from catalogues.findings
    selections, problems = declared_selections(architecture, catalogues)
    yield from problems
    yield from claim_findings(architecture, catalogues, selections)
    reach = Reach(architecture) if selections else None
    for selection in selections:
        coverage = evaluate(architecture, selection, reach=reach)
        yield from obligation_findings(architecture, coverage)


def claim_findings(
    architecture: Architecture,
    catalogues: Catalogues,
    selections: list[Selection],
    state: State | None = None,
    at: datetime.date | None = None,
) -> Iterator[Finding]:
    """ICT501, ICT502, ICT503 and ICT506 for every ``implements`` entry; an element's
    status is the one it has in ``state`` (by default: at the day of the evaluation).
    ``at`` (``--at``) dates the evaluation of a framework not among ``selections``."""
    chosen = {selection.catalogue.id: selection for selection in selections}
    layer_ids = frozenset(layer.id for layer in architecture.layers)
    hints: dict[str, str | None] = {}
    for element in architecture.definitions:
        for index, block_id in enumerate(element.implements):
            where = element.where_implements(index)
            found = catalogues.find_block(block_id)
            if found is None:
                if block_id not in hints:
                    hints[block_id] = catalogues.suggest(block_id)
                yield _unknown(element.id, block_id, catalogues, hints[block_id], where)
                continue
            catalogue, block = found
            selection = chosen.get(catalogue.id)
            if selection is None:
                selection = chosen[catalogue.id] = implicit_selection(architecture, catalogue, at)
            moment = selection.moment
            status = status_in_state(element, evaluation_state(selection, state))
            args = {
                "element": element.id,
                "block": block.id,
                "framework": catalogue.id,
                "version": selection.version.version,
            }
            if block.is_obsolete(moment) and not status.gone_or_going:
                replacement = catalogue.blocks.get(block.replaced_by or "")
                if replacement is not None:
                    message = _(
                        "{element!r} implements {block}, obsolete in {framework}; it is "
                        "replaced by {replacement}"
                    ).format(
                        element=element.id,
                        block=block_label(block),
                        framework=selection.label,
                        replacement=block_label(replacement),
                    )
                else:
                    message = _("{element!r} implements {block}, obsolete in {framework}").format(
                        element=element.id, block=block_label(block), framework=selection.label
                    )
                yield OBSOLETE_BLOCK.finding(
                    message,
                    where,
                    element.id,
                    args={**args, "replaced_by": block.replaced_by},
                )
            if not block.in_force(moment) and status.in_service:
                assert block.since is not None
                if block.since.version_index is not None:
                    reason = _("it is part of {framework} from version {since}").format(
                        framework=catalogue.id, since=block.since.text
                    )
                else:
                    reason = _("it is in force from {since}").format(since=block.since.text)
                yield BLOCK_NOT_IN_FORCE.finding(
                    _(
                        "{element!r} is {status} and implements {block}, not in force for "
                        "{framework} at {date}: {reason}"
                    ).format(
                        element=element.id,
                        status=status,
                        block=block_label(block),
                        framework=selection.label,
                        date=moment.day.isoformat(),
                        reason=reason,
                    ),
                    where,
                    element.id,
                    args={**args, "since": block.since.text, "date": moment.day.isoformat()},
                )
            if crosses_layer(block, element, layer_ids):
                yield BLOCK_WRONG_LAYER.finding(
                    _(
                        "{element!r} is in layer {layer!r}, but {block} belongs to layer "
                        "{block_layer!r}"
                    ).format(
                        element=element.id,
                        layer=element.layer,
                        block=block_label(block),
                        block_layer=block.layer,
                    ),
                    where,
                    element.id,
                    args={**args, "layer": element.layer, "block_layer": block.layer},
                )


def _unknown(
    element: str, block_id: str, catalogues: Catalogues, suggestion: str | None, where: Location
) -> Finding:
    prefix = block_id.partition(".")[0]
    hint = _("; did you mean {block!r}?").format(block=suggestion) if suggestion else ""
    if prefix in catalogues.by_id:
        message = _(
            "{element!r} implements {block!r}, which is not a block of {framework}{hint}"
        ).format(element=element, block=block_id, framework=prefix, hint=hint)
    else:
        message = _(
            "{element!r} implements {block!r}, but no reference framework {framework!r} is "
            "known (known: {known}; add yours under `frameworks:`){hint}"
        ).format(
            element=element,
            block=block_id,
            framework=prefix,
            known=", ".join(sorted(catalogues.by_id)),
            hint=hint,
        )
    return UNKNOWN_BLOCK.finding(
        message,
        where,
        element,
        args={"element": element, "block": block_id, "suggestion": suggestion},
    )


def obligation_findings(architecture: Architecture, coverage: Coverage) -> Iterator[Finding]:
    """ICT504 and ICT505 for one framework version the architecture conforms to: sourced
    obligations only (an unsourced one is "to confirm" in the report, not a finding)."""
    selection = coverage.selection
    framework = {
        "framework": selection.catalogue.id,
        "version": selection.version.version,
        "profile": selection.profile,
    }
    for row in coverage.missing_mandatory:
        block = row.block
        extra = ""
        if row.fitting:
            extra = ngettext(
                "; {elements} fits it by kind but does not claim it: add implements",
                "; {elements} fit it by kind but do not claim it: add implements",
                len(row.fitting),
            ).format(elements=_first_ids(tuple(element.id for element in row.fitting)))
        elif row.predecessors:
            old, user = row.predecessors[0]
            extra = _("; {element!r} implements its obsolete predecessor {old!r}").format(
                element=user, old=old
            )
        elif block.national:
            extra = _(
                "; it is a national platform: model it as an element that implements it and "
                "connect the province's systems to it"
            )
        elif block.kinds:
            extra = _("; typically an element of kind {kinds}").format(
                kinds=" or ".join(block.kinds)
            )
        yield MANDATORY_BLOCK_MISSING.finding(
            _(
                "{framework} ({profile}): mandatory block {block} – {names} – is "
                "implemented by no element{extra}"
            ).format(
                framework=selection.label,
                profile=selection.profile or "-",
                block=block.id,
                names=block_names(block),
                extra=extra,
            ),
            selection.location,
            args={**framework, "block": block.id, "national": block.national},
        )
    elements = architecture.elements
    for row in coverage.blocks:
        for connection in row.connections:
            if connection.found or connection.to_confirm:
                continue
            element = elements[connection.element]
            index = element.implements.index(connection.block)
            wanted = " | ".join(connection.requires)
            looked = (
                _("implemented by {elements}, none of them reachable").format(
                    elements=_first_ids(connection.candidates)
                )
                if connection.candidates
                else _("no element implements it")
            )
            yield REQUIRED_CONNECTION_MISSING.finding(
                _(
                    "{element!r} implements {block!r}, which must reach {wanted} in {framework}; "
                    "looked for a dependency path from {element!r} to an element implementing "
                    "{wanted}: {looked}"
                ).format(
                    element=element.id,
                    block=connection.block,
                    wanted=wanted,
                    framework=selection.label,
                    looked=looked,
                ),
                element.where_implements(index),
                element.id,
                args={
                    **framework,
                    "element": element.id,
                    "block": connection.block,
                    "requires": connection.requires,
                    "candidates": connection.candidates[:_LISTED],
                    "candidate_count": len(connection.candidates),
                },
            )


_LISTED = 10  # candidates named in a message and in args; a large model may have hundreds


def _first_ids(ids: tuple[str, ...]) -> str:
    listed = ", ".join(repr(i) for i in ids[:_LISTED])
    if len(ids) <= _LISTED:
        return listed
    return _("{listed} and {count} more").format(listed=listed, count=len(ids) - _LISTED)


def check_duplicates(architecture: Architecture, state: State = CURRENT) -> Iterator[Finding]:
    """ICT507 in ``state``: blocks whose ``per_province`` limit the elements in service
    exceed, one finding per block, at the first surplus element's claim."""
    from ictarch.frameworks.duplicates import find_duplicates

    for group in find_duplicates(architecture, state):
        block, limit = group.block, group.limit
        first, *others = [
            e.where_implements(e.implements.index(block.id)) for e in group.elements[limit.max :]
        ]
        related = tuple(
            e.where_implements(e.implements.index(block.id)) for e in group.elements[: limit.max]
        ) + tuple(others)
        ids = [element.id for element in group.elements]
        since = limit.since.isoformat() if limit.since else None
        when = (
            _("from {date}").format(date=since)
            if since
            else _("with no start date in the catalogue")
        )
        inferred = limit.confidence not in (None, "sourced")
        confirm = _("; the limit is inferred by the catalogue: to confirm") if inferred else ""
        finding = DUPLICATED_BLOCK.finding(
            _(
                "{count} elements in service implement {block}: {elements}; a province may "
                "run {max} ({source}, {when}){confirm}; `ictarch consolidate` suggests which "
                "to keep"
            ).format(
                count=len(ids),
                block=block_label(block),
                elements=", ".join(repr(i) for i in ids),
                max=limit.max,
                source=group.source_text(),
                when=when,
                confirm=confirm,
            ),
            first,
            group.elements[limit.max].id,
            related=related,
            args={
                "block": block.id,
                "framework": group.catalogue.id,
                "elements": tuple(ids),
                "max": limit.max,
                "since": since,
                "instrument": limit.instrument,
                "sources": limit.sources or block.sources,
                "state": state.label,
                "confidence": limit.confidence or "sourced",
            },
        )
        # a verdict rests only on sourced obligations: an inferred limit is a question
        yield finding.with_severity(Severity.INFO) if inferred else finding
