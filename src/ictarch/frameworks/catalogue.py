"""Catalogues of reference building blocks: the model, and reading it from YAML.

A catalogue describes one framework (``vn-egov``) across its versions: when each
version was in force, and per building block its names in Vietnamese and
English, its layer, whether it is mandatory (and from when), the blocks it must
reach through dependencies, and when it entered or left the framework. The
format is ``schemas/catalogue.schema.json`` (docs/conformance.md).

Reading never raises on bad content: a catalogue with errors comes back as
``None`` with located findings, like an architecture file.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ictarch.findings import Finding, FindingArgs, Location, Severity
from ictarch.i18n import _
from ictarch.model.schema import INVALID_VALUE, check_against_schema, closest, with_suggestion
from ictarch.model.yamlsource import Limits, YamlList, YamlMap, read_yaml_file

CATALOGUE_SCHEMA = "catalogue.schema.json"
BUNDLED_DIRECTORY = Path(__file__).parent
BUNDLED_FILES = ("vn-egov.yaml", "ict-smartcity.yaml", "vn-digital.yaml")
CROSS_CUTTING = "cross-cutting"
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Names:
    """A name in Vietnamese and in English."""

    vi: str
    en: str

    def both(self) -> str:
        return self.vi if self.vi == self.en else f"{self.vi} ({self.en})"


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    title: str
    url: str | None = None
    urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FrameworkVersion:
    version: str
    index: int  # 0 for the oldest
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    instrument: str | None = None
    issued: datetime.date | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()

    def in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class Threshold:
    """A start written as a framework version ("3.0") or a date ("2022-10-20")."""

    text: str
    version_index: int | None = None
    day: datetime.date | None = None

    def reached(self, moment: Moment) -> bool:
        if self.version_index is not None:
            return moment.version_index >= self.version_index
        assert self.day is not None
        return moment.day >= self.day


@dataclass(frozen=True, slots=True)
class Moment:
    """When a framework is applied: one of its versions, at a date."""

    version_index: int
    day: datetime.date


@dataclass(frozen=True, slots=True)
class Requirement:
    """Blocks an implementing element must reach: any one of ``blocks`` suffices."""

    blocks: tuple[str, ...]
    since: Threshold | None = None
    note: str | None = None
    confidence: str | None = None  # None: the block's

    def applies(self, moment: Moment) -> bool:
        return self.since is None or self.since.reached(moment)


@dataclass(frozen=True, slots=True)
class PerProvince:
    """How many elements of a block a province may have in service at once, from when,
    and who says so (``per_province`` of a block; ICT507 reports more)."""

    max: int
    since: datetime.date | None = None
    instrument: str | None = None
    confidence: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()

    def applies_on(self, day: datetime.date | None) -> bool:
        """Whether the limit holds on ``day`` (None: at no particular date, so it holds)."""
        return self.since is None or day is None or day >= self.since


@dataclass(frozen=True, slots=True)
class Block:
    id: str
    names: Names
    layer: str
    location: Location
    mandatory: bool | tuple[str, ...] = False
    mandatory_since: datetime.date | None = None
    national: bool = False
    requires: tuple[Requirement, ...] = ()
    since: Threshold | None = None
    obsolete: bool = False
    obsolete_since: Threshold | None = None
    replaced_by: str | None = None
    kinds: tuple[str, ...] = ()
    confidence: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    per_province: PerProvince | None = None
    part_of: str | None = None
    realised_by_layers: tuple[str, ...] = ()
    realised_by_kinds: tuple[str, ...] = ()

    def in_force(self, moment: Moment) -> bool:
        return self.since is None or self.since.reached(moment)

    def is_obsolete(self, moment: Moment) -> bool:
        if self.obsolete:
            return True
        return self.obsolete_since is not None and self.obsolete_since.reached(moment)

    def is_mandatory(self, profile: str, moment: Moment) -> bool:
        mandatory = self.mandatory is True or (
            isinstance(self.mandatory, tuple) and profile in self.mandatory
        )
        if not mandatory:
            return False
        return self.mandatory_since is None or moment.day >= self.mandatory_since


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    names: Names
    description: str | None = None


@dataclass(slots=True)
class Catalogue:
    """One framework with its versions and building blocks."""

    id: str
    names: Names
    file: str
    versions: tuple[FrameworkVersion, ...]
    blocks: dict[str, Block]
    profiles: tuple[Profile, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)
    description: str | None = None
    bundled: bool = False

    def version(self, text: str) -> FrameworkVersion | None:
        return next((v for v in self.versions if v.version == text), None)

    def version_in_force(self, day: datetime.date) -> FrameworkVersion | None:
        return next((v for v in reversed(self.versions) if v.in_force_on(day)), None)

    @property
    def latest(self) -> FrameworkVersion:
        return self.versions[-1]

    @property
    def default_profile(self) -> str | None:
        return self.profiles[0].id if self.profiles else None


def parse_date(text: object) -> datetime.date | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


@cache
def bundled_catalogues() -> tuple[Catalogue, ...]:
    """The catalogues shipped with ictarch (read once per process)."""
    catalogues: list[Catalogue] = []
    for name in BUNDLED_FILES:
        catalogue, findings = read_catalogue(
            BUNDLED_DIRECTORY / name, f"ictarch/frameworks/{name}", bundled=True
        )
        problems = [f for f in findings if f.severity is Severity.ERROR]
        if catalogue is None or problems:  # a defect of ictarch itself, caught by its tests
            raise RuntimeError(f"bundled catalogue {name} is invalid: {problems}")
        catalogues.append(catalogue)
    return tuple(catalogues)


def read_catalogue(
    path: Path, display: str, limits: Limits | None = None, bundled: bool = False
) -> tuple[Catalogue | None, list[Finding]]:
    """Read one catalogue file: the catalogue (None when it has errors) and the findings."""
    document = read_yaml_file(path, display, limits or Limits.from_environment())
    findings = list(document.findings)
    if document.value is None:
        return None, findings
    findings.extend(check_against_schema(document.value, CATALOGUE_SCHEMA, display))
    if any(f.severity is Severity.ERROR for f in findings):
        return None, findings
    builder = _Builder(display)
    catalogue = builder.build(document.value, bundled)
    findings.extend(builder.findings)
    if builder.findings:
        return None, findings
    return catalogue, findings


class _Builder:
    """Builds a schema-valid catalogue and checks what the schema cannot say."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.findings: list[Finding] = []

    def _at(self, data: YamlMap, key: str) -> Location:
        line, column = data.value_position(key)
        return Location(self.display, line, column)

    def _problem(self, message: str, where: Location, args: FindingArgs) -> None:
        self.findings.append(INVALID_VALUE.finding(message, where, args=args))

    def build(self, data: YamlMap, bundled: bool) -> Catalogue:
        framework = data["framework"]
        framework_id: str = framework["id"]
        versions = self._versions(data["versions"])
        index_of = {version.version: version.index for version in versions}
        sources = {
            item["key"]: Source(
                item["key"], item["title"], item.get("url"), tuple(item.get("urls", ()))
            )
            for item in data.get("sources", ())
        }
        profiles = tuple(
            Profile(item["id"], _names(item["name"]), item.get("description"))
            for item in data.get("profiles", ())
        )
        for item in data["versions"]:
            self._check_sources(item, sources)
        blocks: dict[str, Block] = {}
        raw: list[tuple[YamlMap, Block]] = []
        for item in data["blocks"]:
            block = self._block(item, index_of)
            if not block.id.startswith(framework_id + "."):
                self._problem(
                    _("block id {block!r} must start with the framework id {prefix!r}").format(
                        block=block.id, prefix=framework_id + "."
                    ),
                    self._at(item, "id"),
                    {"field": "id", "value": block.id, "expected": framework_id + "."},
                )
            if block.id in blocks:
                self._problem(
                    _("block {block!r} is defined twice").format(block=block.id),
                    self._at(item, "id"),
                    {"field": "id", "value": block.id, "repeated": True},
                )
                continue
            blocks[block.id] = block
            raw.append((item, block))
        profile_ids = {profile.id for profile in profiles}
        for item, block in raw:
            self._check_references(item, block, blocks, profile_ids)
            self._check_sources(item, sources)
        self._check_replacement_cycles(raw, blocks)
        return Catalogue(
            id=framework_id,
            names=_names(framework["name"]),
            file=self.display,
            versions=versions,
            blocks=blocks,
            profiles=profiles,
            sources=sources,
            description=framework.get("description"),
            bundled=bundled,
        )

    def _versions(self, items: YamlList) -> tuple[FrameworkVersion, ...]:
        versions: list[FrameworkVersion] = []
        seen: set[str] = set()
        for item in items:
            text = item["version"]
            if text in seen:
                self._problem(
                    _("version {version!r} is listed twice").format(version=text),
                    self._at(item, "version"),
                    {"field": "version", "value": text, "repeated": True},
                )
            seen.add(text)
            valid_from = parse_date(item["valid_from"]) or datetime.date.min
            valid_to = parse_date(item.get("valid_to"))
            if valid_to is not None and valid_to < valid_from:
                self._problem(
                    _("version {version!r} ends before it starts").format(version=text),
                    self._at(item, "valid_to"),
                    {"field": "valid_to", "value": str(item.get("valid_to")), "version": text},
                )
            if versions and valid_from < versions[-1].valid_from:
                self._problem(
                    _(
                        "versions must be listed oldest first; {version!r} starts before "
                        "{previous!r}"
                    ).format(version=text, previous=versions[-1].version),
                    self._at(item, "valid_from"),
                    {"field": "valid_from", "version": text, "previous": versions[-1].version},
                )
            versions.append(
                FrameworkVersion(
                    version=text,
                    index=len(versions),
                    valid_from=valid_from,
                    valid_to=valid_to,
                    instrument=item.get("instrument"),
                    issued=parse_date(item.get("issued")),
                    note=item.get("note"),
                    sources=tuple(item.get("sources", ())),
                )
            )
        return tuple(versions)

    def _threshold(self, data: YamlMap, key: str, index_of: dict[str, int]) -> Threshold | None:
        text = data.get(key)
        if not isinstance(text, str):
            return None
        if _VERSION.match(text):
            if text not in index_of:
                self._problem(
                    with_suggestion(
                        _("{field}: {version!r} is not a version of this framework").format(
                            field=key, version=text
                        ),
                        closest(text, index_of),
                    ),
                    self._at(data, key),
                    {"field": key, "value": text, "suggestion": closest(text, index_of)},
                )
                return None
            return Threshold(text, version_index=index_of[text])
        day = parse_date(text)
        if day is None:
            self._problem(
                _("{field}: {value!r} is not a date (YYYY-MM-DD)").format(field=key, value=text),
                self._at(data, key),
                {"field": key, "value": text},
            )
            return None
        return Threshold(text, day=day)

    def _block(self, item: YamlMap, index_of: dict[str, int]) -> Block:
        mandatory = item.get("mandatory", False)
        requires: list[Requirement] = []
        for requirement in item.get("requires", ()):
            if isinstance(requirement, str):
                requires.append(Requirement((requirement,)))
            elif "any_of" in requirement:
                requires.append(
                    Requirement(
                        tuple(requirement["any_of"]),
                        self._threshold(requirement, "since", index_of),
                        requirement.get("note"),
                        requirement.get("confidence"),
                    )
                )
            else:
                requires.append(
                    Requirement(
                        (requirement["block"],),
                        self._threshold(requirement, "since", index_of),
                        requirement.get("note"),
                        requirement.get("confidence"),
                    )
                )
        line, column = item.value_position("id")
        return Block(
            id=item["id"],
            names=_names(item["name"]),
            layer=item["layer"],
            location=Location(self.display, line, column),
            mandatory=tuple(mandatory) if isinstance(mandatory, list) else bool(mandatory),
            mandatory_since=parse_date(item.get("mandatory_since")),
            national=bool(item.get("national", False)),
            requires=tuple(requires),
            since=self._threshold(item, "since", index_of),
            obsolete=bool(item.get("obsolete", False)),
            obsolete_since=self._threshold(item, "obsolete_since", index_of),
            replaced_by=item.get("replaced_by"),
            kinds=tuple(item.get("kinds", ())),
            confidence=item.get("confidence"),
            note=item.get("note"),
            sources=tuple(item.get("sources", ())),
            per_province=_per_province(item.get("per_province")),
            part_of=item.get("part_of"),
            realised_by_layers=tuple(item.get("realised_by", {}).get("layers", ())),
            realised_by_kinds=tuple(item.get("realised_by", {}).get("kinds", ())),
        )

    def _check_references(
        self, item: YamlMap, block: Block, blocks: dict[str, Block], profiles: set[str]
    ) -> None:
        named = [(block.replaced_by, "replaced_by")] if block.replaced_by else []
        named += [(block.part_of, "part_of")] if block.part_of else []
        named += [(target, "requires") for r in block.requires for target in r.blocks]
        for target, key in named:
            if target not in blocks:
                self._problem(
                    with_suggestion(
                        _(
                            "{field} names {target!r}, which is not a block of this catalogue"
                        ).format(field=key, target=target),
                        closest(target, blocks),
                    ),
                    self._at(item, key),
                    {"field": key, "value": target, "suggestion": closest(target, blocks)},
                )
            elif target == block.id:
                self._problem(
                    _("block {block!r} names itself in {field}").format(block=block.id, field=key),
                    self._at(item, key),
                    {"field": key, "value": target},
                )
        if isinstance(block.mandatory, tuple):
            for profile in block.mandatory:
                if profile not in profiles:
                    self._problem(
                        _(
                            "mandatory names the profile {profile!r}, which the catalogue does "
                            "not declare"
                        ).format(profile=profile),
                        self._at(item, "mandatory"),
                        {"field": "mandatory", "value": profile},
                    )

    def _check_replacement_cycles(
        self, raw: list[tuple[YamlMap, Block]], blocks: dict[str, Block]
    ) -> None:
        """A block replaced by a block that is replaced, in the end, by the first: each
        chain of ``replaced_by`` is followed once (linear), and a cycle is reported once,
        at its first block in the file."""
        done: set[str] = set()
        items = {block.id: item for item, block in raw}
        for _item, block in raw:
            chain: dict[str, None] = {}
            current: str | None = block.id
            while current is not None and current not in done and current not in chain:
                chain[current] = None
                successor = blocks.get(current)
                current = successor.replaced_by if successor is not None else None
            if current is not None and current in chain and current != blocks[current].replaced_by:
                cycle = list(chain)[list(chain).index(current) :]
                self._problem(
                    _("replaced_by goes round in a circle: {blocks}").format(
                        blocks=" → ".join([*cycle, current])
                    ),
                    self._at(items[current], "replaced_by"),
                    {
                        "field": "replaced_by",
                        "value": blocks[current].replaced_by,
                        "cycle": tuple(cycle),
                    },
                )
            done.update(chain)

    def _check_sources(self, item: YamlMap, sources: dict[str, Source]) -> None:
        limit = item.get("per_province")
        if isinstance(limit, YamlMap):
            self._check_sources(limit, sources)
        for key in item.get("sources", ()):
            if key not in sources:
                self._problem(
                    with_suggestion(
                        _(
                            "sources names {key!r}, which the catalogue's sources do not list"
                        ).format(key=key),
                        closest(key, sources),
                    ),
                    self._at(item, "sources"),
                    {"field": "sources", "value": key, "suggestion": closest(key, sources)},
                )


def _per_province(data: Any) -> PerProvince | None:
    if data is None:
        return None
    if isinstance(data, int):
        return PerProvince(data)
    return PerProvince(
        max=data["max"],
        since=parse_date(data.get("since")),
        instrument=data.get("instrument"),
        confidence=data.get("confidence"),
        note=data.get("note"),
        sources=tuple(data.get("sources", ())),
    )


def _names(data: Any) -> Names:
    return Names(data["vi"], data["en"])
