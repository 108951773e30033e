"""Conformance of an architecture to reference frameworks: coverage and ICT5xx findings.

Which framework versions apply (a :class:`Selection`): those named in
``conforms_to``, else for each framework the version in force at
``architecture.released``. Elements claim blocks with ``implements``; a block is
*covered* when an element implements it, and an element implementing a block
with ``requires`` must reach, through its dependencies, an element implementing
one of the required blocks. The rules module turns this into findings; the
``conformance`` command into a coverage matrix.

A verdict rests only on sourced obligations: a mandatory block or a requirement
whose ``confidence`` in the catalogue is ``inferred`` or ``background`` is *to
confirm* when unmet, never a failure. A block that no element claims but that an
element fits by kind (the block's ``kinds``) is *fitting, not claimed*: the
architecture likely has it and should say so with ``implements`` (not for national
blocks: a province's system of the same kind is not the national platform).
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
from collections import deque
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath

from ictarch import i18n
from ictarch.errors import IctarchError
from ictarch.findings import Finding, Location
from ictarch.frameworks.catalogue import (
    CROSS_CUTTING,
    Block,
    Catalogue,
    FrameworkVersion,
    Moment,
    Requirement,
    bundled_catalogues,
    parse_date,
    read_catalogue,
)
from ictarch.i18n import _
from ictarch.inputs import resolve_or_none
from ictarch.model.architecture import Architecture, Element
from ictarch.model.lifecycle import State, StateKind
from ictarch.model.loader import INCLUDE_ESCAPES, escapes_the_tree
from ictarch.model.schema import INVALID_VALUE, closest, with_suggestion
from ictarch.model.yamlsource import FILE_UNREADABLE, SIZE_LIMIT, Limits


class UnknownFramework(IctarchError):
    """``--framework`` names a framework or version that no catalogue has."""


class BlockStatus(StrEnum):
    """A block's place in the coverage matrix (machine values; JSON ``status``)."""

    COVERED = "covered"
    PLANNED = "planned"  # implemented only by planned or building elements
    MISSING_MANDATORY = "missing-mandatory"
    TO_CONFIRM = "to-confirm"  # mandatory by an unsourced obligation, implemented by none
    FITTING = "fitting-not-claimed"  # claimed by none, but an element fits it by kind
    MISSING_OPTIONAL = "missing-optional"
    OBSOLETE = "obsolete"
    NOT_IN_FORCE = "not-in-force"


UNSOURCED = frozenset({"inferred", "background"})
"""Confidences that a verdict does not rest on (see catalogue.schema.json)."""


def is_sourced(confidence: str | None) -> bool:
    """Whether an obligation of this confidence counts for a verdict (a catalogue that
    does not say is taken at its word)."""
    return confidence not in UNSOURCED


class Verdict(StrEnum):
    CONFORMS = "conforms"
    CONFORMS_WHEN_BUILT = "conforms-when-built"
    DOES_NOT_CONFORM = "does-not-conform"


# ---------------------------------------------------------------------------
# Catalogues available to an architecture


@dataclass(slots=True)
class Catalogues:
    """The bundled catalogues and the architecture's own, by framework id."""

    by_id: dict[str, Catalogue]
    findings: list[Finding] = field(default_factory=list)

    def find_block(self, block_id: str) -> tuple[Catalogue, Block] | None:
        prefix = block_id.partition(".")[0]
        catalogue = self.by_id.get(prefix)
        if catalogue is not None and block_id in catalogue.blocks:
            return catalogue, catalogue.blocks[block_id]
        return None

    def suggest(self, block_id: str) -> str | None:
        """The closest known block id: the same name under another framework, or a
        close spelling."""
        prefix, _dot, rest = block_id.partition(".")
        for catalogue in self.by_id.values():
            if catalogue.id != prefix and f"{catalogue.id}.{rest}" in catalogue.blocks:
                return f"{catalogue.id}.{rest}"
        every = [b for c in self.by_id.values() for b in c.blocks]
        close = difflib.get_close_matches(block_id, every, n=1, cutoff=0.6)
        if close:
            return close[0]
        rests = {b.partition(".")[2]: b for b in every}
        close = difflib.get_close_matches(rest, list(rests), n=1, cutoff=0.75)
        return rests[close[0]] if close else None


def load_catalogues(architecture: Architecture, limits: Limits | None = None) -> Catalogues:
    """The bundled catalogues, then the files under ``frameworks:`` (which may replace a
    bundled one with the same id). Problems in those files come back as findings."""
    result = Catalogues({catalogue.id: catalogue for catalogue in bundled_catalogues()})
    base = architecture.root.resolve()
    root_display = PurePosixPath(architecture.root_file).parent
    own: dict[str, str] = {}
    read: dict[Path, str] = {}  # each catalogue file is read once, however often named
    limits = limits or Limits.from_environment()
    total = _size_of(architecture.input_paths[: -len(architecture.framework_files) or None])
    for text, where in architecture.framework_files:
        pure = PurePosixPath(text.replace("\\", "/"))
        if escapes_the_tree(text):
            result.findings.append(
                INCLUDE_ESCAPES.finding(
                    _(
                        "framework file {path!r} must be relative to the architecture's "
                        "directory and must not contain '..'"
                    ).format(path=text),
                    where,
                    args={"path": text},
                )
            )
            continue
        path = base / pure
        resolved = resolve_or_none(path)
        if resolved is None:
            result.findings.append(
                FILE_UNREADABLE.finding(
                    _(
                        "framework file {path!r} is a loop of symbolic links; it was not read"
                    ).format(path=text),
                    where,
                    args={"path": text},
                )
            )
            continue
        if not resolved.is_relative_to(base):
            result.findings.append(
                INCLUDE_ESCAPES.finding(
                    _(
                        "framework file {path!r} points outside the architecture's directory; "
                        "it was not read"
                    ).format(path=text),
                    where,
                    args={"path": text},
                )
            )
            continue
        if not resolved.is_file():
            result.findings.append(
                FILE_UNREADABLE.finding(
                    _("framework file {path!r} does not exist or is not a file").format(path=text),
                    where,
                    args={"path": text},
                )
            )
            continue
        display = (root_display / pure).as_posix()
        if resolved in read:
            result.findings.append(
                INVALID_VALUE.finding(
                    _("framework file {path!r} names {other} again; it is read once").format(
                        path=text, other=read[resolved]
                    ),
                    where,
                    args={"path": text},
                )
            )
            continue
        read[resolved] = display
        total += _size_of([resolved])
        if total > limits.max_total_bytes:  # catalogues count towards the total size limit
            result.findings.append(
                SIZE_LIMIT.finding(
                    _(
                        "framework file {path!r} takes the architecture's files past "
                        "{limit} MiB in all; it was not read"
                    ).format(path=text, limit=i18n.integer(limits.max_total_bytes >> 20)),
                    where,
                    args={"path": text, "limit_bytes": limits.max_total_bytes},
                )
            )
            continue
        catalogue, findings = read_catalogue(path, display, limits)
        result.findings.extend(findings)
        if catalogue is None:
            continue
        if catalogue.id in own:
            result.findings.append(
                INVALID_VALUE.finding(
                    _("framework {framework!r} is already defined by {other}").format(
                        framework=catalogue.id, other=own[catalogue.id]
                    ),
                    where,
                    args={"framework": catalogue.id},
                )
            )
            continue
        own[catalogue.id] = display
        result.by_id[catalogue.id] = catalogue
    return result


def _size_of(paths: Iterable[Path]) -> int:
    """The bytes of the files in ``paths`` that exist (the others are reported elsewhere)."""
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


# ---------------------------------------------------------------------------
# Which version applies


@dataclass(frozen=True, slots=True)
class Selection:
    """A framework version applied to an architecture, at a date, for a profile."""

    catalogue: Catalogue
    version: FrameworkVersion
    profile: str | None
    moment: Moment
    how: str  # conforms_to | released | nearest | latest | requested
    location: Location
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.catalogue.id} {self.version.version}"

    @property
    def profile_name(self) -> str:
        """The profile as the reader says it ("cấp tỉnh" for ``province``), or "-"."""
        for profile in self.catalogue.profiles:
            if profile.id == self.profile:
                return (
                    profile.names.shown().lower() if i18n.current_language() == "vi" else profile.id
                )
        return self.profile or "-"

    @property
    def declared(self) -> bool:
        return self.how == "conforms_to"


def architecture_date(architecture: Architecture) -> datetime.date | None:
    return parse_date(architecture.metadata.get("released"))


def _select(
    catalogue: Catalogue,
    version: FrameworkVersion | None,
    profile: str | None,
    released: datetime.date | None,
    how: str,
    location: Location,
    at: datetime.date | None = None,
) -> Selection:
    if at is not None:
        return _select_at(catalogue, version, profile, at, how, location)
    notes: list[str] = []
    if version is None:
        in_force = catalogue.version_in_force(released) if released else None
        if in_force is not None:
            version = in_force
            how = "released"
            notes.append(
                _(
                    "{framework} {version} is the version in force at the architecture's date "
                    "{date} (architecture.released)"
                ).format(framework=catalogue.id, version=in_force.version, date=i18n.date(released))
            )
        elif released is not None:
            # before the first version (or in a gap): the nearest version that exists
            earlier = [v for v in catalogue.versions if v.valid_from <= released]
            version = earlier[-1] if earlier else catalogue.versions[0]
            how = "nearest"
            notes.append(
                _(
                    "no version of {framework} was in force at the architecture's date {date}: "
                    "using {version}, the nearest"
                ).format(framework=catalogue.id, date=i18n.date(released), version=version.version)
            )
        else:
            version = catalogue.latest
            how = "latest"
            notes.append(
                _(
                    "the architecture has no date (architecture.released): using the latest "
                    "version of {framework}, {version}"
                ).format(framework=catalogue.id, version=version.version)
            )
    day = released
    if day is None:
        day = version.valid_from
        notes.append(
            _("evaluated at {date}, the day {framework} {version} came into force").format(
                date=i18n.date(day), framework=catalogue.id, version=version.version
            )
        )
    elif day < version.valid_from:
        notes.append(
            _(
                "the architecture's date {released} is before {framework} {version} came into "
                "force: evaluated at {date}"
            ).format(
                released=i18n.date(released),
                framework=catalogue.id,
                version=version.version,
                date=i18n.date(version.valid_from),
            )
        )
        day = version.valid_from
    return Selection(
        catalogue,
        version,
        profile or catalogue.default_profile,
        Moment(version.index, day),
        how,
        location,
        tuple(notes),
    )


def _select_at(
    catalogue: Catalogue,
    version: FrameworkVersion | None,
    profile: str | None,
    at: datetime.date,
    how: str,
    location: Location,
) -> Selection:
    """The selection for ``--at DATE``: the version given (or in force on DATE, else the
    nearest before it, else the first), evaluated on DATE (or the day it came into force)."""
    notes: list[str] = []
    if version is None:
        how = "at"
        version = catalogue.version_in_force(at)
        if version is None:
            earlier = [v for v in catalogue.versions if v.valid_from <= at]
            version = earlier[-1] if earlier else catalogue.versions[0]
            notes.append(
                _(
                    "no version of {framework} was in force at {date} (--at): using {version}, "
                    "the nearest"
                ).format(framework=catalogue.id, date=i18n.date(at), version=version.version)
            )
    day = at
    if version.valid_to is not None and at > version.valid_to:
        notes.append(
            _(
                "{framework} {version} was in force until {end}: at {date} (--at) another "
                "version applies"
            ).format(
                framework=catalogue.id,
                version=version.version,
                end=i18n.date(version.valid_to),
                date=i18n.date(at),
            )
        )
    if day < version.valid_from:
        notes.append(
            _(
                "{date} (--at) is before {framework} {version} came into force: evaluated "
                "at {start}"
            ).format(
                date=i18n.date(at),
                framework=catalogue.id,
                version=version.version,
                start=i18n.date(version.valid_from),
            )
        )
        day = version.valid_from
    return Selection(
        catalogue,
        version,
        profile or catalogue.default_profile,
        Moment(version.index, day),
        how,
        location,
        tuple(notes),
    )


def declared_selections(
    architecture: Architecture, catalogues: Catalogues, at: datetime.date | None = None
) -> tuple[list[Selection], list[Finding]]:
    """The selections of ``conforms_to``; problems in it come back as findings. ``at``
    (``--at``) replaces the architecture's date as the day of the evaluation."""
    released = architecture_date(architecture)
    selections: list[Selection] = []
    findings: list[Finding] = []
    for entry in architecture.conforms_to:
        catalogue = catalogues.by_id.get(entry.framework)
        if catalogue is None:
            findings.append(
                INVALID_VALUE.finding(
                    with_suggestion(
                        _("conforms_to: no reference framework {framework!r}").format(
                            framework=entry.framework
                        ),
                        closest(entry.framework, catalogues.by_id),
                    ),
                    entry.where("framework"),
                    args={
                        "framework": entry.framework,
                        "suggestion": closest(entry.framework, catalogues.by_id),
                    },
                )
            )
            continue
        version = None
        if entry.version is not None:
            version = catalogue.version(entry.version)
            if version is None:
                findings.append(
                    INVALID_VALUE.finding(
                        _(
                            "conforms_to: {framework} has no version {version!r}; its versions "
                            "are {versions}"
                        ).format(
                            framework=catalogue.id,
                            version=entry.version,
                            versions=", ".join(v.version for v in catalogue.versions),
                        ),
                        entry.where("version"),
                        args={"framework": catalogue.id, "version": entry.version},
                    )
                )
                continue
        profiles = [profile.id for profile in catalogue.profiles]
        if entry.profile is not None and entry.profile not in profiles:
            findings.append(
                INVALID_VALUE.finding(
                    _(
                        "conforms_to: {framework} has no profile {profile!r}; its profiles are "
                        "{profiles}"
                    ).format(
                        framework=catalogue.id,
                        profile=entry.profile,
                        profiles=", ".join(profiles) or "-",
                    ),
                    entry.where("profile"),
                    args={"framework": catalogue.id, "profile": entry.profile},
                )
            )
            continue
        if any(s.catalogue.id == catalogue.id for s in selections):
            findings.append(
                INVALID_VALUE.finding(
                    _("conforms_to names {framework} twice").format(framework=catalogue.id),
                    entry.where("framework"),
                    args={"framework": catalogue.id},
                )
            )
            continue
        selection = _select(
            catalogue, version, entry.profile, released, "conforms_to", entry.location, at
        )
        selections.append(selection)
    return selections, findings


def implicit_selection(
    architecture: Architecture, catalogue: Catalogue, at: datetime.date | None = None
) -> Selection:
    """The version of ``catalogue`` in force at the architecture's date (else the latest),
    or on ``at``."""
    return _select(
        catalogue,
        None,
        None,
        architecture_date(architecture),
        "released",
        Location(architecture.root_file, 1, 1),
        at,
    )


def requested_selection(
    architecture: Architecture,
    catalogues: Catalogues,
    text: str,
    at: datetime.date | None = None,
) -> Selection:
    """The selection of ``--framework ID[@VERSION]``; raises :class:`UnknownFramework`."""
    framework, _at, version_text = text.partition("@")
    catalogue = catalogues.by_id.get(framework)
    if catalogue is None:
        raise UnknownFramework(
            with_suggestion(
                _("no reference framework {framework!r}").format(framework=framework),
                closest(framework, catalogues.by_id),
            ),
            _("known frameworks: {names}").format(names=", ".join(sorted(catalogues.by_id))),
        )
    version = None
    if _at and not version_text:  # `--framework vn-egov@`: a version was meant
        raise UnknownFramework(
            _("{text!r} names no version after '@'").format(text=text),
            _("write {framework} for the version in force, or one of: {versions}").format(
                framework=framework,
                versions=", ".join(f"{framework}@{v.version}" for v in catalogue.versions),
            ),
        )
    if version_text:
        version = catalogue.version(version_text)
        if version is None:
            raise UnknownFramework(
                _("{framework} has no version {version!r}").format(
                    framework=framework, version=version_text
                ),
                _("its versions: {versions}").format(
                    versions=", ".join(v.version for v in catalogue.versions)
                ),
            )
    declared = next((c for c in architecture.conforms_to if c.framework == framework), None)
    profile = declared.profile if declared else None
    selection = _select(
        catalogue,
        version,
        profile,
        architecture_date(architecture),
        "requested",
        Location(architecture.root_file, 1, 1),
        at,
    )
    return selection


def default_selections(
    architecture: Architecture, catalogues: Catalogues, at: datetime.date | None = None
) -> tuple[list[Selection], list[Finding]]:
    """What ``conformance`` checks without ``--framework``: ``conforms_to``; else the
    frameworks the elements implement blocks of; else every known framework."""
    selections, findings = declared_selections(architecture, catalogues, at)
    if architecture.conforms_to:
        return selections, findings
    used = {
        block.partition(".")[0]
        for element in architecture.elements.values()
        for block in element.implements
    }
    chosen = [c for c in catalogues.by_id.values() if c.id in used] or list(
        catalogues.by_id.values()
    )
    return [implicit_selection(architecture, c, at) for c in chosen], findings


# ---------------------------------------------------------------------------
# Coverage


@dataclass(frozen=True, slots=True)
class Connection:
    """A required connection of an element implementing a block."""

    element: str
    block: str
    requires: tuple[str, ...]  # any one of these blocks
    candidates: tuple[str, ...]  # elements implementing them
    found: bool  # whether a dependency path reaches one of the candidates
    path: tuple[str, ...] = ()  # element ids from ``element`` to the one reached
    since: str | None = None
    confidence: str | None = None  # the requirement's, else its block's
    sources: tuple[str, ...] = ()  # the block's source keys in the catalogue
    hidden: int = 0
    """Steps of a long path left out of ``path`` between its first and last
    :data:`PATH_ENDS` (a chain of 13,000 services would otherwise keep 85 million)."""

    @property
    def to_confirm(self) -> bool:
        """Missing, but the obligation is not sourced: to confirm, not a failure."""
        return not self.found and not is_sourced(self.confidence)


@dataclass(frozen=True, slots=True)
class BlockCoverage:
    block: Block
    status: BlockStatus
    mandatory: bool
    elements: tuple[Element, ...]
    connections: tuple[Connection, ...] = ()
    predecessors: tuple[tuple[str, str], ...] = ()  # (obsolete block, element) in use
    fitting: tuple[Element, ...] = ()  # elements of one of the block's kinds, not claiming it

    @property
    def sourced(self) -> bool:
        return is_sourced(self.block.confidence)

    @property
    def counts(self) -> bool:
        """Whether the block is an obligation the verdict rests on: mandatory and sourced."""
        return self.mandatory and self.sourced


@dataclass(slots=True)
class Coverage:
    selection: Selection
    blocks: list[BlockCoverage]
    state: State = field(default_factory=State)  # which elements are in service, and how
    notes: tuple[str, ...] = ()  # what the state means for this evaluation

    @property
    def missing_mandatory(self) -> list[BlockCoverage]:
        """Sourced mandatory blocks that no element claims (some may have a fitting one)."""
        return [
            b
            for b in self.blocks
            if b.status is BlockStatus.MISSING_MANDATORY
            or (b.status is BlockStatus.FITTING and b.counts)
        ]

    @property
    def blocks_to_confirm(self) -> list[BlockCoverage]:
        """Mandatory blocks of unsourced confidence that no element claims."""
        return [b for b in self.blocks if b.status is BlockStatus.TO_CONFIRM]

    @property
    def fitting(self) -> list[BlockCoverage]:
        """Blocks no element claims, though an element fits them by kind."""
        return [b for b in self.blocks if b.status is BlockStatus.FITTING]

    @property
    def missing_connections(self) -> list[Connection]:
        """Required connections missing, of sourced requirements only."""
        return [c for b in self.blocks for c in b.connections if not c.found and not c.to_confirm]

    @property
    def connections_to_confirm(self) -> list[Connection]:
        """Required connections missing, of requirements the catalogue does not source."""
        return [c for b in self.blocks for c in b.connections if c.to_confirm]

    @property
    def obsolete_in_use(self) -> list[BlockCoverage]:
        return [b for b in self.blocks if b.status is BlockStatus.OBSOLETE and b.elements]

    @property
    def not_in_force_in_use(self) -> list[BlockCoverage]:
        return [
            b
            for b in self.blocks
            if b.status is BlockStatus.NOT_IN_FORCE and any(e.status.in_service for e in b.elements)
        ]

    @property
    def mandatory(self) -> list[BlockCoverage]:
        return [b for b in self.blocks if b.mandatory]

    @property
    def verdict(self) -> Verdict:
        if (
            self.missing_mandatory
            or self.missing_connections
            or self.obsolete_in_use
            or self.not_in_force_in_use
        ):
            return Verdict.DOES_NOT_CONFORM
        if any(b.status is BlockStatus.PLANNED and b.counts for b in self.blocks):
            return Verdict.CONFORMS_WHEN_BUILT
        return Verdict.CONFORMS


PATH_ENDS = 4
"""A connection's path keeps its first and last 4 elements; the steps between are counted."""


class Reach:
    """Which elements reach a set of targets through dependencies (reverse search).

    For each set of targets one search from the targets backwards gives every element
    its distance to the nearest target, and the path of each element follows, from
    it, the first dependency (in file order) one step nearer: the path a search from
    the element itself would find, for all elements at once, in linear time.
    """

    def __init__(self, architecture: Architecture) -> None:
        self.adjacency = architecture.adjacency()
        self.reverse: dict[str, list[str]] = {}
        for source, targets in self.adjacency.items():
            for target in targets:
                self.reverse.setdefault(target, []).append(source)
        self.cache: dict[frozenset[str], dict[str, int]] = {}
        self.tails: dict[frozenset[str], dict[str, tuple[str, ...]]] = {}

    def _distances(self, targets: frozenset[str]) -> dict[str, int]:
        distances = self.cache.get(targets)
        if distances is None:
            distances = dict.fromkeys(targets, 0)
            queue = deque(sorted(targets))
            while queue:
                current = queue.popleft()
                for source in self.reverse.get(current, ()):
                    if source not in distances:
                        distances[source] = distances[current] + 1
                        queue.append(source)
            self.cache[targets] = distances
        return distances

    def reaching(self, targets: frozenset[str]) -> set[str]:
        return set(self._distances(targets))

    def _next(self, element: str, distances: dict[str, int]) -> str:
        wanted = distances[element] - 1
        return next(t for t in self.adjacency.get(element, ()) if distances.get(t) == wanted)

    def route(self, start: str, targets: frozenset[str]) -> tuple[tuple[str, ...], int]:
        """A shortest dependency path from ``start`` to one of ``targets``, as its first
        and last :data:`PATH_ENDS` elements (all of it when short) and the number of
        steps left out between; ``((), 0)`` when none reaches them."""
        distances = self._distances(targets)
        if start not in distances:
            return (), 0
        length = distances[start] + 1
        if length <= 2 * PATH_ENDS + 1:
            return self.path(start, targets), 0
        head = [start]
        while len(head) < PATH_ENDS:
            head.append(self._next(head[-1], distances))
        return (*head, *self._tail(head[-1], targets, distances)), length - 2 * PATH_ENDS

    def _tail(
        self, element: str, targets: frozenset[str], distances: dict[str, int]
    ) -> tuple[str, ...]:
        """The last PATH_ENDS elements of ``element``'s path, shared along the path (each
        element's is its next one's), so that every element's costs O(1) once known."""
        tails = self.tails.setdefault(targets, {})
        pending: list[str] = []
        current = element
        while current not in tails and distances[current] >= PATH_ENDS:
            pending.append(current)
            current = self._next(current, distances)
        if current not in tails:  # within PATH_ENDS of a target: walk to it
            walk = [current]
            while distances[walk[-1]] > 0:
                walk.append(self._next(walk[-1], distances))
            tails[current] = tuple(walk[-PATH_ENDS:])
        tail = tails[current]
        for item in pending:
            tails[item] = tail
        return tail

    def path(self, start: str, targets: frozenset[str]) -> tuple[str, ...]:
        """A shortest dependency path from ``start`` to one of ``targets``, whole."""
        distances = self._distances(targets)
        if start not in distances:
            return ()
        path = [start]
        while distances[path[-1]] > 0:
            path.append(self._next(path[-1], distances))
        return tuple(path)


def fitting_elements(
    block: Block, by_kind: dict[str, list[tuple[int, Element]]]
) -> tuple[Element, ...]:
    """The elements whose kind is one of the block's ``kinds`` and that do not claim it,
    in file order (``by_kind``: see :func:`elements_by_kind`)."""
    found = sorted(
        (position, element)
        for kind in dict.fromkeys(block.kinds)
        for position, element in by_kind.get(kind, ())
        if block.id not in element.implements
    )
    return tuple(element for _position, element in found)


def elements_by_kind(architecture: Architecture) -> dict[str, list[tuple[int, Element]]]:
    """Kind -> the (not retired) elements of that kind, with their position in the file
    order."""
    found: dict[str, list[tuple[int, Element]]] = {}
    for position, element in enumerate(architecture.elements.values()):
        if element.kind is not None and element.status != "retired":
            found.setdefault(element.kind, []).append((position, element))
    return found


def implementers(architecture: Architecture, catalogue: Catalogue) -> dict[str, list[Element]]:
    """Block id -> the (not retired) elements implementing it, in file order."""
    found: dict[str, list[Element]] = {}
    prefix = catalogue.id + "."
    realising = any(
        b.realised_by_kinds or b.realised_by_layers or b.part_of for b in catalogue.blocks.values()
    )
    for element in architecture.elements.values():
        if element.status == "retired":
            continue
        blocks = [b for b in element.implements if b.startswith(prefix)]
        if realising:  # kinds and layers fall into blocks, parts into what they are part of
            from ictarch.frameworks.national import realised_block, top_block

            block = realised_block(catalogue, element)
            if block is not None:
                blocks += [block.id, top_block(catalogue, block).id]
        for block_id in dict.fromkeys(blocks):
            found.setdefault(block_id, []).append(element)
    return found


def _predecessors(catalogue: Catalogue) -> dict[str, list[Block]]:
    """Block id -> the blocks it replaces (``replaced_by`` it), in catalogue order."""
    found: dict[str, list[Block]] = {}
    for block in catalogue.blocks.values():
        if block.replaced_by:
            found.setdefault(block.replaced_by, []).append(block)
    return found


def _accepted_blocks(requirement: Requirement, predecessors: dict[str, list[Block]]) -> set[str]:
    """The required blocks and their obsolete predecessors (ICT502 reports those),
    through every step of a chain of replacements."""
    accepted = set(requirement.blocks)
    queue = list(requirement.blocks)
    while queue:
        for block in predecessors.get(queue.pop(), ()):
            if block.id not in accepted:
                accepted.add(block.id)
                queue.append(block.id)
    return accepted


def evaluation_state(selection: Selection, state: State | None = None) -> State:
    """The state an evaluation judges elements in: ``state`` when given (``--state``),
    else the day of the evaluation (elements' dates decide, their status where they have
    none: the rule of impact and analyze)."""
    return state if state is not None else State.at(selection.moment.day)


def state_notes(architecture: Architecture, selection: Selection, state: State) -> tuple[str, ...]:
    """What the state means for an evaluation: after the architecture's date, statuses
    come from dates alone."""
    released = architecture_date(architecture)
    if state.kind is not StateKind.AT or state.date is None or released is None:
        return ()
    if state.date <= released:
        return ()
    return (
        _(
            "evaluated at {date}, after the architecture's date {released}: whether an "
            "element is in service then comes from its since and until dates alone (its "
            "status describes {released})"
        ).format(date=i18n.date(state.date), released=i18n.date(released)),
    )


def evaluate(
    architecture: Architecture,
    selection: Selection,
    with_paths: bool = False,
    reach: Reach | None = None,
    state: State | None = None,
) -> Coverage:
    """The coverage of every block of the selected framework version.

    Elements are judged in ``state`` (see :func:`evaluation_state`): by default at the
    day of the evaluation. ``reach`` may be shared by the evaluations of one
    architecture (it caches; dependencies do not depend on the state).
    """
    catalogue, moment, profile = selection.catalogue, selection.moment, selection.profile or ""
    state = evaluation_state(selection, state)
    notes = state_notes(architecture, selection, state)
    architecture = architecture.snapshot(state)
    by_block = implementers(architecture, catalogue)
    by_kind = elements_by_kind(architecture)
    if reach is None and by_block:
        reach = Reach(architecture)
    rows: list[BlockCoverage] = []
    replaced = _predecessors(catalogue)
    for block in catalogue.blocks.values():
        elements = tuple(by_block.get(block.id, ()))
        in_force = block.in_force(moment)
        obsolete = block.is_obsolete(moment)
        mandatory = in_force and not obsolete and block.is_mandatory(profile, moment)
        fitting: tuple[Element, ...] = ()
        if in_force and not obsolete and not elements and not block.national:
            # a national platform is not fitted by the province's own system of its kind
            fitting = fitting_elements(block, by_kind)
        if not in_force:
            status = BlockStatus.NOT_IN_FORCE
        elif obsolete:
            status = BlockStatus.OBSOLETE
        elif any(not e.status.not_yet for e in elements):
            status = BlockStatus.COVERED
        elif elements:
            status = BlockStatus.PLANNED
        elif fitting:
            status = BlockStatus.FITTING
        elif mandatory and not is_sourced(block.confidence):
            status = BlockStatus.TO_CONFIRM
        elif mandatory:
            status = BlockStatus.MISSING_MANDATORY
        else:
            status = BlockStatus.MISSING_OPTIONAL
        connections: list[Connection] = []
        if in_force and reach is not None:
            for requirement in block.requires:
                connections.extend(
                    _connections(
                        catalogue,
                        block,
                        requirement,
                        elements,
                        by_block,
                        reach,
                        moment,
                        with_paths,
                        replaced,
                    )
                )
        predecessors = tuple(
            (other.id, element.id)
            for other in replaced.get(block.id, ())
            if other.is_obsolete(moment)
            for element in by_block.get(other.id, ())
        )
        rows.append(
            BlockCoverage(
                block, status, mandatory, elements, tuple(connections), predecessors, fitting
            )
        )
    return Coverage(selection, rows, state, notes)


def _connections(
    catalogue: Catalogue,
    block: Block,
    requirement: Requirement,
    elements: Sequence[Element],
    by_block: dict[str, list[Element]],
    reach: Reach,
    moment: Moment,
    with_paths: bool,
    replaced: dict[str, list[Block]],
) -> Iterable[Connection]:
    if not requirement.applies(moment):
        return
    required = [catalogue.blocks[b] for b in requirement.blocks if b in catalogue.blocks]
    if not any(b.in_force(moment) for b in required):
        return  # nothing to reach yet
    accepted = _accepted_blocks(requirement, replaced)
    ordered = [*requirement.blocks, *sorted(accepted - set(requirement.blocks))]
    candidates = tuple(dict.fromkeys(e.id for b in ordered for e in by_block.get(b, ())))
    targets = frozenset(candidates)
    reaching = reach.reaching(targets) if targets else set()
    since = requirement.since.text if requirement.since else None
    confidence = requirement.confidence or block.confidence
    for element in elements:
        found = element.id in reaching
        path, hidden = reach.route(element.id, targets) if found and with_paths else ((), 0)
        yield Connection(
            element.id,
            block.id,
            requirement.blocks,
            candidates,
            found,
            path,
            since,
            confidence,
            block.sources,
            hidden,
        )


def confidence_reason(confidence: str | None) -> str:
    """Why an obligation is to confirm: what its confidence in the catalogue means."""
    if confidence == "background":
        return _(
            "the catalogue marks it background: general knowledge, not verified against a source"
        )
    return _("the catalogue marks it inferred: reasoned from sourced facts, not stated by a source")


def sources_text(catalogue: Catalogue, keys: Sequence[str]) -> str:
    """The catalogue's sources for an obligation: ``KEY (title)``, or "none cited"."""
    if not keys:
        return _("none cited")
    return "; ".join(
        f"{key} ({catalogue.sources[key].title})" if key in catalogue.sources else key
        for key in keys
    )


# ---------------------------------------------------------------------------
# Comparing two versions


@dataclass(frozen=True, slots=True)
class BlockChange:
    block: str
    before: BlockStatus | None  # None: not in the first catalogue
    after: BlockStatus | None
    mandatory_before: bool
    mandatory_after: bool


@dataclass(slots=True)
class Comparison:
    """What moving from one framework version to another changes for an architecture."""

    before: Coverage
    after: Coverage
    changes: list[BlockChange]
    new_missing_connections: list[Connection]
    resolved_connections: list[Connection]


def compare(before: Coverage, after: Coverage) -> Comparison:
    old = {row.block.id: row for row in before.blocks}
    new = {row.block.id: row for row in after.blocks}
    changes = []
    for block_id in list(dict.fromkeys([*old, *new])):
        a, b = old.get(block_id), new.get(block_id)
        if (a and a.status, a and a.mandatory) != (b and b.status, b and b.mandatory):
            changes.append(
                BlockChange(
                    block_id,
                    a.status if a else None,
                    b.status if b else None,
                    bool(a and a.mandatory),
                    bool(b and b.mandatory),
                )
            )

    def key(connection: Connection) -> tuple[str, str, tuple[str, ...]]:
        return (connection.element, connection.block, connection.requires)

    missing_before = {key(c) for c in before.missing_connections}
    missing_after = {key(c) for c in after.missing_connections}
    return Comparison(
        before,
        after,
        changes,
        [c for c in after.missing_connections if key(c) not in missing_before],
        [c for c in before.missing_connections if key(c) not in missing_after],
    )


def block_names(block: Block) -> str:
    """The block's names for a message: Vietnamese in Vietnamese, both in English."""
    if i18n.current_language() == "vi":
        return block.names.vi
    return f"{block.names.vi} / {block.names.en}"


def block_label(block: Block) -> str:
    """``id`` with its names, for messages."""
    return f"{block.id} ({block_names(block)})"


def crosses_layer(block: Block, element: Element, layer_ids: Collection[str]) -> bool:
    """Whether ``element`` sits in another layer than the one ``block`` belongs to
    (blocks of a layer the architecture does not have are not checked)."""
    return (
        element.layer != block.layer and block.layer != CROSS_CUTTING and block.layer in layer_ids
    )
