"""``ictarch consolidate``: what to keep of duplicated systems, and a migration plan.

For each group of duplicates (ICT507: more elements in service implement a block
than a province may run), each candidate is described as it is now (the current
state): the elements that depend on it directly (what must migrate), its
criticality, owner and operator, what would go down if it were retired now
(before any migration), and which single points of failure would appear (an
agency or a service that would then fail with one element that it survives
today). The suggested keeper is, in this order: the candidate with the most
dependents (the fewest migrations), the higher criticality, an operational one
over a deprecated one, the first in file order; ``--keep ID`` overrides it.

The plan (``-o PLAN``) is the architecture with the consolidation as data:
every other candidate becomes ``deprecated`` with ``until: RETIRE-ON`` (a
retirement on that day), and each of its dependents depends on
``any_of: [retiring, keeper]`` — both serve during the migration, the keeper
alone from the retirement on — with the steps under ``x-consolidation``.
``roadmap``, ``diff --at … --to …`` and ``impact --at`` then show it step by step.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ictarch.analysis import target_layers
from ictarch.errors import IctarchError
from ictarch.frameworks.duplicates import DuplicateGroup, find_duplicates
from ictarch.graph.resilience import SinglePointsOfFailure, simulate_failure
from ictarch.i18n import N_, _
from ictarch.merger.serialise import conforms_to_yaml, directory_files, element_yaml, root_yaml
from ictarch.model.architecture import AnyOf, Architecture, Dependency, DependencyEntry, Element
from ictarch.model.lifecycle import CURRENT, Status

PLAN_KEY = "x-consolidation"
_CRITICALITY_RANK = {None: 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
CRITICALITY_LABELS = {
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "critical": N_("critical"),
}
"""How a criticality is said to a person (translate with ``_``); files keep the value."""


def criticality_label(value: str | None) -> str:
    return _(CRITICALITY_LABELS[value]) if value in CRITICALITY_LABELS else (value or "-")


class ConsolidationError(IctarchError):
    """A --keep that names no candidate, or a plan without a date."""


@dataclass(frozen=True, slots=True)
class NewPointOfFailure:
    """Retiring the candidate now makes ``element`` a single point of failure of ``of``."""

    element: str
    of: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    element: Element
    dependents: tuple[str, ...]  # direct dependents in the current state: what must migrate
    down_if_retired: tuple[str, ...]  # what fails if it is retired now, before migrating
    new_points_of_failure: tuple[NewPointOfFailure, ...]


@dataclass(frozen=True, slots=True)
class Consolidation:
    """One group of duplicates, its candidates, and the one to keep."""

    group: DuplicateGroup
    candidates: tuple[Candidate, ...]
    keeper: str
    reason: str
    chosen_by_user: bool

    @property
    def retired(self) -> tuple[Candidate, ...]:
        return tuple(c for c in self.candidates if c.element.id != self.keeper)


@dataclass(slots=True)
class ConsolidationReport:
    architecture: Architecture
    consolidations: list[Consolidation] = field(default_factory=list)


def _rank(candidate: Candidate) -> tuple[int, int, int]:
    element = candidate.element
    return (
        len(candidate.dependents),
        _CRITICALITY_RANK.get(element.criticality, 0),
        1 if element.status is Status.OPERATIONAL else 0,
    )


def consolidate(architecture: Architecture, keep: list[str] | None = None) -> ConsolidationReport:
    """Explain every group of duplicates in the current state and choose a keeper."""
    keep = list(keep or ())
    current = architecture.in_state(CURRENT)
    report = ConsolidationReport(architecture)
    groups = find_duplicates(architecture, CURRENT)
    known = {e.id for g in groups for e in g.elements}
    for wanted in keep:
        if wanted not in known:
            raise ConsolidationError(
                _("--keep {id!r} is not a candidate of any group of duplicates").format(id=wanted),
                hint=_("candidates: {ids}").format(ids=", ".join(sorted(known)) or "-"),
            )
    if not groups:
        return report
    dependents: dict[str, list[str]] = {}
    for element in current.elements.values():
        for target in dict.fromkeys(element.dependency_targets()):
            dependents.setdefault(target, []).append(element.id)
    layers = target_layers(current)
    before = SinglePointsOfFailure(current)
    for group in groups:
        candidates = tuple(
            _candidate(current, element, dependents, before, layers) for element in group.elements
        )
        chosen = [c for c in candidates if c.element.id in keep]
        if len(chosen) > 1:
            raise ConsolidationError(
                _("--keep names {ids}: keep one per group ({block})").format(
                    ids=", ".join(c.element.id for c in chosen), block=group.block.id
                )
            )
        if chosen:
            keeper = chosen[0]
            reason = _("chosen with --keep")
        else:
            keeper = max(candidates, key=_rank)  # max keeps the first of equals: file order
            reason = _reason(keeper, candidates)
        report.consolidations.append(
            Consolidation(group, candidates, keeper.element.id, reason, bool(chosen))
        )
    return report


def _candidate(
    current: Architecture,
    element: Element,
    dependents: dict[str, list[str]],
    before: SinglePointsOfFailure,
    layers: tuple[str, ...],
) -> Candidate:
    down = simulate_failure(current, [element.id]).affected
    without = dataclasses.replace(
        current,
        elements={k: v for k, v in current.elements.items() if k != element.id},
        definitions=[e for e in current.definitions if e.id != element.id],
    )
    after = SinglePointsOfFailure(without)
    appearing: dict[str, list[str]] = {}
    gone = set(down)
    for target in sorted(without.elements):
        if target in gone or without.elements[target].layer not in layers:
            continue
        new = set(after.points_of_failure(target)) - set(before.points_of_failure(target))
        for culprit in sorted(new):
            appearing.setdefault(culprit, []).append(target)
    return Candidate(
        element,
        tuple(sorted(dependents.get(element.id, ()))),
        tuple(down),
        tuple(NewPointOfFailure(k, tuple(v)) for k, v in sorted(appearing.items())),
    )


def _reason(keeper: Candidate, candidates: tuple[Candidate, ...]) -> str:
    others = [c for c in candidates if c is not keeper]
    migrations = sum(len(c.dependents) for c in others)
    parts = [
        _("the most dependents ({count}): keeping it leaves {migrations} to migrate").format(
            count=len(keeper.dependents), migrations=migrations
        )
    ]
    if all(len(c.dependents) == len(keeper.dependents) for c in others):
        parts = [_("as many dependents as the others")]
        if any(_rank(c)[1] != _rank(keeper)[1] for c in others):
            parts.append(
                _("the highest criticality ({criticality})").format(
                    criticality=criticality_label(keeper.element.criticality)
                )
            )
        else:
            parts.append(_("the first in file order"))
    return "; ".join(parts)


# ---------------------------------------------------------------------------
# The plan


def default_retirement(architecture: Architecture) -> datetime.date:
    released = architecture.released
    if released is None:
        raise ConsolidationError(
            _("the architecture has no released date to plan from"),
            hint=_("give the retirement date: --retire-on YYYY-MM-DD"),
        )
    return released + datetime.timedelta(days=365)


def plan_files(report: ConsolidationReport, retire_on: datetime.date) -> dict[str, str | bytes]:
    """The architecture with the retirements and migrations of ``report`` as data."""
    architecture = report.architecture
    retiring: dict[str, tuple[str, Consolidation]] = {}
    for consolidation in report.consolidations:
        for candidate in consolidation.retired:
            retiring[candidate.element.id] = (consolidation.keeper, consolidation)
    elements: list[dict[str, Any]] = []
    for element in architecture.elements.values():
        changed = element
        steps: dict[str, Any] = {}
        if element.id in retiring:
            keeper, consolidation = retiring[element.id]
            changed = dataclasses.replace(changed, status=Status.DEPRECATED, until=retire_on)
            steps["retire"] = {
                "date": retire_on.isoformat(),
                "block": consolidation.group.block.id,
                "kept": keeper,
                "reason": consolidation.reason,
            }
        migrations: list[dict[str, str]] = []
        entries: list[DependencyEntry] = []
        for entry in changed.depends_on:
            entries.extend(_migrated(entry, retiring, element.id, retire_on, migrations))
        if migrations:
            changed = dataclasses.replace(changed, depends_on=tuple(entries))
            steps["migrate"] = migrations
        data = element_yaml(changed)
        if steps:
            data[PLAN_KEY] = steps
        data["_layer"] = element.layer
        elements.append(data)
    root = root_yaml(architecture, conforms_to_yaml(architecture))
    header = (
        "# "
        + _("Consolidation plan written by ictarch consolidate from {source}").format(
            source=architecture.id
        )
        + "\n"
    )
    files: dict[str, str | bytes] = dict(
        directory_files(root, elements, [layer.id for layer in architecture.layers], header)
    )
    base = architecture.root.resolve()
    for text, _where in architecture.framework_files:
        path = (base / text).resolve()
        if path.is_relative_to(base) and path.is_file():
            files[Path(text).as_posix()] = path.read_bytes()
    return files


def _migrated(
    entry: DependencyEntry,
    retiring: dict[str, tuple[str, Consolidation]],
    dependent: str,
    retire_on: datetime.date,
    migrations: list[dict[str, str]],
) -> list[DependencyEntry]:
    """``entry`` as the plan makes it: a dependency on a retiring element becomes
    ``any_of: [retiring, keeper]``; one that is not required (``required: false``, which
    an any_of alternative cannot be) is kept beside an optional one on the keeper."""
    description = _("migration from {old} to {new}; {old} is retired on {date}")
    if isinstance(entry, AnyOf):
        alternatives = list(entry.alternatives)
        for alternative in entry.alternatives:
            found = retiring.get(alternative.target)
            if found and found[0] != dependent and found[0] not in [a.target for a in alternatives]:
                alternatives.append(Dependency(found[0], alternative.location))
                migrations.append(
                    {"from": alternative.target, "to": found[0], "by": retire_on.isoformat()}
                )
        return [dataclasses.replace(entry, alternatives=tuple(alternatives))]
    found = retiring.get(entry.target)
    if found is None or found[0] == dependent:
        return [entry]
    keeper = found[0]
    migrations.append({"from": entry.target, "to": keeper, "by": retire_on.isoformat()})
    if getattr(entry, "required", True) is False:
        return [entry, dataclasses.replace(entry, target=keeper)]
    return [
        AnyOf(
            (entry, Dependency(keeper, entry.location)),
            entry.location,
            description.format(old=entry.target, new=keeper, date=retire_on.isoformat()),
        )
    ]
