"""Lifecycle words as types: an element's ``status``, in the order of its life."""

from __future__ import annotations

from enum import StrEnum

from ictarch.i18n import N_


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
