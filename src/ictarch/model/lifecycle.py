"""Lifecycle words as types: an element's ``status``, in the order of its life."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from ictarch import i18n
from ictarch.errors import IctarchError
from ictarch.i18n import N_, _


class Status(StrEnum):
    """Where an element is in its life. Members compare equal to their YAML text."""

    PLANNED = "planned"
    BUILDING = "building"
    OPERATIONAL = "operational"
    DEPRECATED = "deprecated"
    RETIRED = "retired"

    @property
    def order(self) -> int:
        """0 for planned up to 4 for retired: the order of an element's life."""
        return _ORDER[self]

    @property
    def in_service(self) -> bool:
        """Whether an element of this status works today (operational or deprecated)."""
        return self in _IN_SERVICE

    @property
    def not_yet(self) -> bool:
        """Whether the element does not exist yet (planned or being built)."""
        return self in _NOT_YET

    @property
    def gone_or_going(self) -> bool:
        """Whether the plan removes the element (deprecated or retired)."""
        return self in _GOING

    @classmethod
    def parse(cls, text: object, default: Status | None = None) -> Status:
        """The status named by ``text``; ``default`` (operational) for anything else.

        The schema check reports an invalid status; the model keeps the default."""
        if isinstance(text, str):
            try:
                return cls(text)
            except ValueError:
                pass
        return default or cls.OPERATIONAL


_ORDER = {status: index for index, status in enumerate(Status)}

STATUS_LABELS: dict[str, str] = {
    Status.PLANNED: N_("planned"),
    Status.BUILDING: N_("building"),
    Status.OPERATIONAL: N_("operational"),
    Status.DEPRECATED: N_("deprecated"),
    Status.RETIRED: N_("retired"),
}
"""How a status is said to a person (translate with ``_``); files and JSON use the value."""
_IN_SERVICE = frozenset({Status.OPERATIONAL, Status.DEPRECATED})
_NOT_YET = frozenset({Status.PLANNED, Status.BUILDING})
_GOING = frozenset({Status.DEPRECATED, Status.RETIRED})

STATUSES: tuple[str, ...] = tuple(status.value for status in Status)
DEFAULT_STATUS = Status.OPERATIONAL


# -- States: which elements exist, for an analysis ------------------------------------------


class Presence(StrEnum):
    """What an element is in a given state."""

    NOT_YET = "not-yet"  # planned or being built: it does not exist (yet)
    WORKS = "works"
    GOING = "going"  # works, but the plan removes it (deprecated)
    GONE = "gone"  # retired (or, in the target state, deprecated)

    @property
    def works(self) -> bool:
        """Whether the element works in the state (and so can keep others up)."""
        return self is Presence.WORKS or self is Presence.GOING


class Dated(Protocol):
    """What the state needs of an element: its status and optional dates."""

    @property
    def status(self) -> Status: ...
    @property
    def since(self) -> datetime.date | None: ...
    @property
    def until(self) -> datetime.date | None: ...


class StateKind(StrEnum):
    CURRENT = "current"
    TARGET = "target"
    AT = "at"


@dataclass(frozen=True, slots=True)
class State:
    """The state an analysis answers for.

    - ``current`` (the default): operational and deprecated elements work;
      planned and building ones do not exist yet; retired ones are gone.
    - ``target``: planned, building and operational elements work; deprecated
      and retired ones are gone (the architecture the plan leads to).
    - at a date D: ``since`` and ``until`` decide where they are given, the
      status where they are not (see :meth:`presence` and docs/lifecycle.md).
    """

    kind: StateKind = StateKind.CURRENT
    date: datetime.date | None = None

    @classmethod
    def at(cls, date: datetime.date) -> State:
        return cls(StateKind.AT, date)

    @property
    def label(self) -> str:
        """``current``, ``target`` or the ISO date: what reports print and JSON holds."""
        if self.kind is StateKind.AT and self.date is not None:
            return self.date.isoformat()
        return self.kind.value

    @property
    def display_label(self) -> str:
        """:attr:`label` in the reader's language (a date as the language writes dates)."""
        if self.kind is StateKind.AT and self.date is not None:
            return i18n.date(self.date)
        return _(_STATE_WORDS[self.kind])

    def to_json(self) -> dict[str, str | None]:
        """The ``state`` key of machine outputs."""
        return {
            "name": self.kind.value,
            "date": self.date.isoformat() if self.date is not None else None,
        }

    @property
    def is_default(self) -> bool:
        return self.kind is StateKind.CURRENT

    def presence(self, element: Dated) -> Presence:
        """What ``element`` is in this state.

        At a date D an element has *started* when D >= ``since`` (without
        ``since``: when its status is neither planned nor building) and has
        *ended* when D >= ``until`` (without ``until``: when its status is
        retired). Not started: not yet; started and ended: gone; otherwise it
        works, and is going when its status is deprecated.
        """
        status = element.status
        if self.kind is StateKind.CURRENT:
            return _CURRENT[status]
        if self.kind is StateKind.TARGET:
            return _TARGET[status]
        day = self.date
        assert day is not None
        since, until = element.since, element.until
        started = day >= since if since is not None else not status.not_yet
        if not started:
            return Presence.NOT_YET
        ended = day >= until if until is not None else status is Status.RETIRED
        if ended:
            return Presence.GONE
        return Presence.GOING if status is Status.DEPRECATED else Presence.WORKS

    def works(self, element: Dated) -> bool:
        return self.presence(element).works

    def describe(self) -> str:
        """One line for a report's header: the state and what it means."""
        if self.kind is StateKind.CURRENT:
            return _(
                "state: current (operational and deprecated elements work; planned and "
                "building ones do not exist yet)"
            )
        if self.kind is StateKind.TARGET:
            return _(
                "state: target (planned, building and operational elements work; deprecated "
                "and retired ones are gone)"
            )
        return _(
            "state: {date} (elements' since and until dates decide, their status where they "
            "have none)"
        ).format(date=self.display_label)


CURRENT = State()
TARGET = State(StateKind.TARGET)
_STATE_WORDS = {StateKind.CURRENT: N_("current"), StateKind.TARGET: N_("target")}

_CURRENT = {
    Status.PLANNED: Presence.NOT_YET,
    Status.BUILDING: Presence.NOT_YET,
    Status.OPERATIONAL: Presence.WORKS,
    Status.DEPRECATED: Presence.GOING,
    Status.RETIRED: Presence.GONE,
}
_TARGET = {
    Status.PLANNED: Presence.WORKS,
    Status.BUILDING: Presence.WORKS,
    Status.OPERATIONAL: Presence.WORKS,
    Status.DEPRECATED: Presence.GONE,
    Status.RETIRED: Presence.GONE,
}


def parse_date(text: object) -> datetime.date | None:
    """A ``YYYY-MM-DD`` calendar date, or None for anything else (the schema reports it)."""
    if isinstance(text, str) and len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None
    return None


class InvalidState(IctarchError):
    """A state or date on the command line that means nothing."""


def parse_state(state: str | None, at: str | None) -> State:
    """The state named on the command line: ``--state current|target`` or ``--at DATE``.

    Raises :class:`InvalidState` for an unknown state, a date that is not
    ``YYYY-MM-DD``, or both options at once."""
    if at is not None:
        if state is not None:
            raise InvalidState(_("give --state or --at, not both"))
        day = parse_date(at)
        if day is None:
            raise InvalidState(_("--at {value!r} is not a date (YYYY-MM-DD)").format(value=at))
        return State.at(day)
    if state is None or state == StateKind.CURRENT:
        return CURRENT
    if state == StateKind.TARGET:
        return TARGET
    raise InvalidState(
        _("unknown state {value!r}; choose current or target (or --at YYYY-MM-DD)").format(
            value=state
        )
    )
