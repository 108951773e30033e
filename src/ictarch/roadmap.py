"""The roadmap: elements over time (``since``, ``until``, status), and where the risk changes.

Elements are grouped by layer or by a tag prefix. The *dates of change* are
every ``since`` and ``until`` in the architecture. At each of them the single
points of failure of the agencies and services (the top two layers) are
computed in that day's state and compared with the day before: a milestone
says "from D, X becomes (or stops being) a single point of failure of Y", for
the Y that work on both days (an element that starts or stops is on the
roadmap itself). Each comparison is one :class:`SinglePointsOfFailure`; an
architecture without dates costs nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ictarch.analysis import target_layers
from ictarch.errors import IctarchError
from ictarch.graph.resilience import SinglePointsOfFailure, requirements_of
from ictarch.i18n import N_, _
from ictarch.model.architecture import Architecture, Element
from ictarch.model.lifecycle import State, Status

BY_LAYER = "layer"
TAG_PREFIX = "tag:"
OTHER_GROUP = N_("(other)")  # the group's id in JSON; its name is translated


class InvalidGrouping(IctarchError):
    """A ``--group-by`` that is neither ``layer`` nor ``tag:PREFIX``."""


@dataclass(frozen=True, slots=True)
class RoadmapItem:
    id: str
    name: str
    layer: str
    status: Status
    since: datetime.date | None
    until: datetime.date | None

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None


@dataclass(frozen=True, slots=True)
class RoadmapGroup:
    id: str
    name: str
    items: tuple[RoadmapItem, ...]


@dataclass(frozen=True, slots=True)
class Milestone:
    """From ``date`` on, ``element`` becomes (``becomes=True``) or stops being a single
    point of failure of ``targets``."""

    date: datetime.date
    element: str
    becomes: bool
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Roadmap:
    architecture: str
    name: str
    group_by: str
    released: datetime.date | None
    dates: tuple[datetime.date, ...]
    groups: tuple[RoadmapGroup, ...]
    milestones: tuple[Milestone, ...]

    @property
    def window(self) -> tuple[datetime.date, datetime.date] | None:
        """The first and last day the roadmap shows: from the first of its dates and
        ``released`` to a year after the last, so that what goes on is seen going on."""
        days = [*self.dates, *([self.released] if self.released else [])]
        if not days:
            return None
        last = max(days)
        # a year after the last date, or the last day there is
        return min(days), last + min(datetime.timedelta(days=365), datetime.date.max - last)


def check_grouping(group_by: str) -> str:
    """``group_by`` if it is ``layer`` or ``tag:PREFIX``; raises InvalidGrouping otherwise."""
    if group_by == BY_LAYER or (group_by.startswith(TAG_PREFIX) and len(group_by) > 4):
        return group_by
    raise InvalidGrouping(
        _("unknown --group-by {value!r}; use layer or tag:PREFIX (e.g. tag:du-an)").format(
            value=group_by
        )
    )


def build_roadmap(architecture: Architecture, group_by: str = BY_LAYER) -> Roadmap:
    check_grouping(group_by)
    elements = sorted(architecture.elements.values(), key=_item_order)
    items = [RoadmapItem(e.id, e.name, e.layer, e.status, e.since, e.until) for e in elements]
    dates = sorted({day for e in elements for day in (e.since, e.until) if day is not None})
    return Roadmap(
        architecture=architecture.id,
        name=architecture.name,
        group_by=group_by,
        released=architecture.released,
        dates=tuple(dates),
        groups=_groups(architecture, elements, items, group_by),
        milestones=tuple(risk_milestones(architecture, dates)),
    )


def _item_order(element: Element) -> tuple[object, ...]:
    far = datetime.date.max
    return (element.since or far, element.until or far, element.id)


def _groups(
    architecture: Architecture,
    elements: list[Element],
    items: list[RoadmapItem],
    group_by: str,
) -> tuple[RoadmapGroup, ...]:
    buckets: dict[str, list[RoadmapItem]] = {}
    if group_by == BY_LAYER:
        for item in items:
            buckets.setdefault(item.layer, []).append(item)
        return tuple(
            RoadmapGroup(layer.id, layer.name, tuple(buckets[layer.id]))
            for layer in architecture.layers
            if layer.id in buckets
        )
    prefix = group_by.removeprefix(TAG_PREFIX)
    for element, item in zip(elements, items, strict=True):
        matching = sorted(tag for tag in element.tags if tag.startswith(prefix))
        buckets.setdefault(matching[0] if matching else OTHER_GROUP, []).append(item)
    ordered = sorted(key for key in buckets if key != OTHER_GROUP)
    if OTHER_GROUP in buckets:
        ordered.append(OTHER_GROUP)
    return tuple(
        RoadmapGroup(key, _(key) if key == OTHER_GROUP else key, tuple(buckets[key]))
        for key in ordered
    )


def risk_milestones(architecture: Architecture, dates: list[datetime.date]) -> list[Milestone]:
    """Where the single points of failure of agencies and services change, date by date.

    The sets are computed once for the day before the first date, then updated date by
    date: an element's must-fail set depends only on the elements below it, so at each
    date only the elements that start or end then, and those that depend on them
    (transitively), are solved again, in dependency order. 5,000 services with their
    own ``since`` cost 5,000 small updates, not 5,000 whole computations. An
    architecture with a dependency cycle (an ICT302 error) is computed whole at each
    date instead.
    """
    if not dates:
        return []
    layers = set(target_layers(architecture))
    one_day = datetime.timedelta(days=1)
    # the day before the first date; date.min has none, and nothing starts before it
    first = dates[0] - one_day if dates[0] > datetime.date.min else dates[0]
    if any(len(component) > 1 for component in architecture.components()):
        return _milestones_computed_whole(architecture, dates, first, layers)
    return _IncrementalPointsOfFailure(architecture, first, layers).milestones(dates)


class _IncrementalPointsOfFailure:
    """Must-fail sets of an acyclic architecture, kept up to date as days pass."""

    def __init__(self, architecture: Architecture, first: datetime.date, layers: set[str]):
        self.elements = architecture.elements
        self.layers = layers
        self.requirements = requirements_of(architecture)
        self.order = {
            element_id: index for index, (element_id,) in enumerate(architecture.components())
        }
        self.dependents: dict[str, list[str]] = {}
        for element_id, (plain, groups) in self.requirements.items():
            for target in {*plain, *(t for group in groups for t in group)}:
                if target in self.elements:
                    self.dependents.setdefault(target, []).append(element_id)
        state = State.at(first)
        self.present = {key for key, element in self.elements.items() if state.works(element)}
        # the guard of SinglePointsOfFailure (long chains) applies to the first day
        self.must_fail = dict(
            SinglePointsOfFailure(architecture.in_state(state, remember=False)).must_fail
        )
        self.changing: dict[datetime.date, list[str]] = {}
        for key, element in self.elements.items():
            for day in {element.since, element.until} - {None}:
                assert day is not None
                self.changing.setdefault(day, []).append(key)

    def milestones(self, dates: list[datetime.date]) -> list[Milestone]:
        milestones: list[Milestone] = []
        for day in dates:
            state = State.at(day)
            flipped = [
                key
                for key in self.changing.get(day, ())
                if state.works(self.elements[key]) != (key in self.present)
            ]
            if not flipped:
                continue
            affected = self._above(flipped)
            before = {
                key: self.must_fail[key] - {key}
                for key in affected
                if key in self.present and self.elements[key].layer in self.layers
            }
            for key in flipped:
                if key in self.present:
                    self.present.discard(key)
                else:
                    self.present.add(key)
            for key in sorted(affected, key=self.order.__getitem__):
                if key in self.present:
                    self.must_fail[key] = self._solve(key)
                else:
                    self.must_fail.pop(key, None)
            after = {key: self.must_fail[key] - {key} for key in before if key in self.present}
            milestones.extend(_changes(day, before, after))
        return milestones

    def _above(self, flipped: list[str]) -> set[str]:
        """``flipped`` and every element that depends on one of them, transitively."""
        found = set(flipped)
        queue = list(flipped)
        while queue:
            for dependent in self.dependents.get(queue.pop(), ()):
                if dependent not in found:
                    found.add(dependent)
                    queue.append(dependent)
        return found

    def _solve(self, key: str) -> frozenset[str]:
        """As SinglePointsOfFailure solves an element, with the elements absent today
        naming nothing: a plain dependency on one keeps nothing down, an alternative
        that is absent saves nothing."""
        plain, groups = self.requirements[key]
        must_fail = self.must_fail  # holds exactly the elements present today
        parts = [must_fail[target] for target in plain if target in must_fail]
        for group in groups:
            known = [must_fail[t] for t in group if t in must_fail]
            if known:
                parts.append(frozenset.intersection(*known))
        return frozenset((key,)).union(*parts)


def _milestones_computed_whole(
    architecture: Architecture,
    dates: list[datetime.date],
    first: datetime.date,
    layers: set[str],
) -> list[Milestone]:
    milestones: list[Milestone] = []
    before = _points_of_failure(architecture, State.at(first), layers)
    for day in dates:
        after = _points_of_failure(architecture, State.at(day), layers)
        milestones.extend(_changes(day, before, after))
        before = after
    return milestones


def _changes(
    day: datetime.date,
    before: dict[str, frozenset[str]],
    after: dict[str, frozenset[str]],
) -> list[Milestone]:
    """The milestones of ``day``: for the targets working on both days, the elements that
    became, then those that stopped being, single points of failure, by element."""
    gained: dict[str, list[str]] = {}
    lost: dict[str, list[str]] = {}
    for target in sorted(before.keys() & after.keys()):
        for culprit in sorted(after[target] - before[target]):
            gained.setdefault(culprit, []).append(target)
        for culprit in sorted(before[target] - after[target]):
            lost.setdefault(culprit, []).append(target)
    return [
        *(Milestone(day, culprit, True, tuple(t)) for culprit, t in sorted(gained.items())),
        *(Milestone(day, culprit, False, tuple(t)) for culprit, t in sorted(lost.items())),
    ]


def _points_of_failure(
    architecture: Architecture, state: State, layers: set[str]
) -> dict[str, frozenset[str]]:
    """Agency or service id -> the elements whose single failure brings it down, in ``state``
    (the day's architecture is not kept: a roadmap visits many days)."""
    in_state = architecture.in_state(state, remember=False)
    spofs = SinglePointsOfFailure(in_state)
    return {
        element.id: spofs.must_fail[element.id] - {element.id}
        for element in in_state.elements.values()
        if element.layer in layers
    }
