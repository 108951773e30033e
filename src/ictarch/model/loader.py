"""Loading an architecture: root file, includes, schema checks, the model.

``load_architecture`` never raises on bad content: every problem in what the
user wrote becomes a finding. It raises :class:`ArchitectureNotFound` only when
there is nothing to load at all (a usage error).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from ictarch import i18n
from ictarch.errors import IctarchError
from ictarch.findings import Finding, Location, Rule, Severity, Suppressed
from ictarch.i18n import N_, _
from ictarch.inputs import read_input, resolve_or_none, resolve_path
from ictarch.model.architecture import (
    DEFAULT_STATUS,
    AnyOf,
    Architecture,
    ConformsTo,
    Dependency,
    DependencyEntry,
    Element,
    Layer,
    Status,
    View,
    Waiver,
    default_layers,
)
from ictarch.model.lifecycle import parse_date
from ictarch.model.parallel import load_in_parallel
from ictarch.model.schema import (
    INVALID_VALUE,
    UNKNOWN_FIELD,
    check_against_schema,
    closest,
)
from ictarch.model.yamlsource import (
    FILE_UNREADABLE,
    SIZE_LIMIT,
    Limits,
    YamlDocument,
    YamlList,
    YamlMap,
    estimate_values,
    read_yaml_file,
    values_limit_finding,
)

ROOT_FILE_NAMES = ("architecture.yaml", "architecture.yml")
_GLOB_CHARACTERS = re.compile(r"[*?\[]")
FORMAT_VERSION = 1
ROOT_KEYS = frozenset(
    {
        "ictarch",
        "architecture",
        "include",
        "layers",
        "views",
        "rules",
        "render",
        "conforms_to",
        "frameworks",
        "export",
        "document",
    }
)

UNSUPPORTED_VERSION = Rule(
    "ICT010",
    "unsupported-version",
    Severity.ERROR,
    N_("The file declares a format version this release of ictarch cannot read."),
    N_("ictarch: 2"),
    N_("Write `ictarch: 1`, or upgrade ictarch if the file was written for a newer release."),
    configurable=False,
)
INCLUDE_ESCAPES = Rule(
    "ICT007",
    "include-outside-tree",
    Severity.ERROR,
    N_(
        "An include pattern or the file it matches lies outside the architecture's directory "
        "(an absolute path, '..', or a symbolic link pointing out)."
    ),
    N_("include: [../other/*.yaml]"),
    N_("Keep every element file inside the directory of architecture.yaml."),
    configurable=False,
)
INCLUDE_NO_MATCH = Rule(
    "ICT008",
    "include-no-match",
    Severity.WARNING,
    N_("An include pattern matches no file."),
    N_("include: [layer/*.yaml]   # the folder is called layers"),
    N_("Fix the pattern, or remove it."),
)


class ArchitectureNotFound(IctarchError):
    """Nothing to load at the given path (a usage error, not a finding)."""


@dataclass(slots=True)
class LoadResult:
    """A loaded architecture (None when the root file is unusable) and what loading found."""

    architecture: Architecture | None
    findings: list[Finding]
    sources: dict[str, str] = field(default_factory=dict)
    input_paths: list[Path] = field(default_factory=list)
    """Every file read (or attempted): the root file and the included files."""
    root_causes: list[Finding] = field(default_factory=list)
    """Findings that made part of the architecture unreadable (see validation)."""
    left_out: int = 0
    """Findings left out because they may only follow from the root causes."""
    waived: list[Suppressed] = field(default_factory=list)  # set by validation
    record_keys: dict[str, str] = field(default_factory=dict)
    """Display name -> record key of each element file read (see :func:`record_key`)."""


def display_path(path: Path) -> str:
    """The path as shown to users: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if relative.startswith(".."):
        return path.as_posix()
    return PurePosixPath(Path(relative)).as_posix()


def find_root_file(path: Path) -> Path:
    if path.is_dir():
        for name in ROOT_FILE_NAMES:
            candidate = path / name
            if candidate.is_file():
                return candidate
        raise ArchitectureNotFound(
            _("{path}: no architecture.yaml in this directory").format(path=path)
        )
    if path.is_file():
        return path
    raise ArchitectureNotFound(_("{path}: no such file or directory").format(path=path))


def find_including_root(file: Path, limits: Limits | None = None) -> Path | None:
    """The root file of the nearest architecture above ``file`` whose includes match it.

    This is how ``ictarch validate layers/services.yaml`` (what pre-commit runs on
    changed files) finds what to validate: the directories from the file's up to
    the filesystem root are searched for an ``architecture.yaml``, nearest first.
    """
    target = resolve_path(file)
    limits = limits or Limits.from_environment()
    for directory in target.parents:
        for name in ROOT_FILE_NAMES:
            root_path = directory / name
            if root_path == target or not root_path.is_file():
                continue
            loader = _Loader(limits, directory, None)
            root = loader._read(root_path)
            if isinstance(root.value, YamlMap):
                included = loader._includes(root.value, root_path, root.display)
                if any(resolve_or_none(match) == target for match in included):
                    return root_path
    return None


def load_architecture(
    path: Path,
    limits: Limits | None = None,
    display_base: str | None = None,
    *,
    overlays: Mapping[Path, bytes] | None = None,
    store: RecordStore | None = None,
) -> LoadResult:
    """Load the architecture at ``path`` (a directory or a root file).

    ``display_base`` replaces the directory of the root file in the file names
    that findings show, e.g. ``origin/main:architectures/x`` for a copy of a
    git revision extracted to a temporary directory.

    ``overlays`` maps resolved file paths to content that replaces what is on
    disk (an editor's unsaved buffers). ``store`` keeps the records of element
    files (:class:`ElementFile`) by key (:func:`record_key`): a file whose record
    is there is not parsed nor checked again (docs/architecture-core.md).
    """
    root_file = find_root_file(path)
    limits = limits or Limits.from_environment()
    loader = _Loader(limits, root_file.parent.resolve(), display_base, overlays, store)
    return loader.load(root_file)


def architecture_inputs(path: Path, limits: Limits) -> list[tuple[str, Path, bytes | None]] | None:
    """Every file validating the architecture at ``path`` reads, with its bytes: the root
    file, the included files and the ``frameworks:`` files, as (display name, resolved
    path, content, None for a ``frameworks:`` file that is missing); None when a file
    cannot be read (then nothing is cached).

    What the result cache keys a whole validation on: reading and hashing 10,000
    elements' files takes milliseconds, parsing them a second.
    """
    root_file = find_root_file(path)
    loader = _Loader(limits, root_file.parent.resolve(), None)
    inputs: list[tuple[str, Path, bytes | None]] = []

    def read(path: Path) -> bytes:  # bounded: a file over the limit is not cached
        return read_input(path, limit=limits.max_file_bytes)

    try:
        root = loader._read(root_file)
        inputs.append((root.display, root_file.resolve(), read(root_file)))
        if not isinstance(root.value, YamlMap):
            return inputs
        for included in loader._includes(root.value, root_file, root.display):
            inputs.append((loader._display(included), included.resolve(), read(included)))
        for text, _where in _framework_files(root.value.get("frameworks"), root.display):
            framework = root_file.parent / text
            if framework.is_file():
                inputs.append((text, framework.resolve(), read(framework)))
            else:
                inputs.append((text, framework.resolve(), None))
    except (OSError, RuntimeError, IctarchError):  # unreadable, or a loop of links
        return None
    return inputs


class RecordStore(Protocol):
    """Where the loader finds and keeps element-file records: memory, disk, or both."""

    def get_record(self, key: str, data: bytes) -> ElementFile | None:
        """The record kept under ``key``; ``data`` is the file's content (for its text)."""

    def put_record(self, key: str, record: ElementFile) -> None:
        """Keep ``record`` under ``key``."""


def record_key(display: str, data: bytes, layer_ids: frozenset[str], limits: Limits) -> str:
    """The key of an element file's record: everything its findings and elements depend on."""
    from ictarch.model.cache import key_of

    return key_of("file", limits, display, sorted(layer_ids), data)


class _Loader:
    def __init__(
        self,
        limits: Limits,
        base: Path,
        display_base: str | None,
        overlays: Mapping[Path, bytes] | None = None,
        store: RecordStore | None = None,
    ) -> None:
        self.limits = limits
        self.base = base
        self.display_base = display_base
        self.overlays = overlays or {}
        self.store = store
        self.keys: dict[str, str] = {}  # display name -> record key, of the element files
        self.findings: list[Finding] = []
        self.sources: dict[str, str] = {}
        self.input_paths: list[Path] = []
        self.total_bytes = 0
        self.total_values = 0

    def _display(self, path: Path) -> str:
        if self.display_base is None:
            return display_path(path)
        try:
            relative = (path.parent.resolve() / path.name).relative_to(self.base).as_posix()
        except ValueError:
            return display_path(path)
        return f"{self.display_base.rstrip('/')}/{relative}"

    def _read(self, path: Path) -> YamlDocument:
        display = self._display(path)
        self.input_paths.append(path)
        document = read_yaml_file(path, display, self.limits, self._overlay(path))
        self.sources[display] = document.text
        self.total_bytes += document.size
        self.total_values += document.values
        self.findings.extend(document.findings)
        return document

    def _load_element_files(
        self, paths: list[Path], layer_ids: frozenset[str]
    ) -> list[ElementFile]:
        """Load the included files, within the total size limit, in parallel when large."""
        jobs: list[tuple[Path, str, bytes | None]] = []
        records: dict[int, ElementFile] = {}
        for path in paths:
            if self.total_bytes > self.limits.max_total_bytes:
                self.findings.append(
                    SIZE_LIMIT.finding(
                        _(
                            "the architecture is over {limit} MiB in total; "
                            "the remaining files were not read"
                        ).format(limit=i18n.decimal(self.limits.max_total_bytes / 1048576, 0)),
                        Location(self._display(path)),
                        args={"limit_bytes": self.limits.max_total_bytes},
                    )
                )
                break
            data = self._overlay(path)
            display = self._display(path)
            with contextlib.suppress(OSError):  # an unreadable file is reported when read
                size = path.stat().st_size if data is None else len(data)
                self.total_bytes += size
                if size <= self.limits.max_file_bytes:
                    if data is None:
                        data = path.read_bytes()
                    record = None
                    if self.store is not None:
                        key = self.keys[display] = record_key(display, data, layer_ids, self.limits)
                        record = self.store.get_record(key, data)
                    if record is not None:
                        records[len(jobs)] = record
                    known = record.values if record is not None else 0  # counted once
                    self.total_values += known or estimate_values(data)
            if self.total_values > self.limits.max_values:
                self.findings.append(
                    values_limit_finding(
                        self.total_values, self.limits, Location(self._display(path), 1, 1)
                    )
                )
                break
            jobs.append((path, display, data))
        missing = [index for index in range(len(jobs)) if index not in records]
        loaded = load_in_parallel(
            load_element_file,
            [(*jobs[index][:2], self.limits, layer_ids, jobs[index][2]) for index in missing],
            weight=sum(len(jobs[index][2] or b"") for index in missing),
        )
        for index, record in zip(missing, loaded, strict=True):
            records[index] = record
            record_key_ = self.keys.get(record.display)
            if self.store is not None and record_key_ is not None:
                self.store.put_record(record_key_, record)
        return [records[index] for index in range(len(jobs))]

    def _overlay(self, path: Path) -> bytes | None:
        if not self.overlays:
            return None
        resolved = resolve_or_none(path)
        return None if resolved is None else self.overlays.get(resolved)

    def load(self, root_path: Path) -> LoadResult:
        root = self._read(root_path)
        data = root.value
        result = LoadResult(None, self.findings, self.sources, self.input_paths)
        result.record_keys = self.keys
        if data is None and root.findings:
            return result
        if not self._supported_version(data, root.display):
            return result
        if not isinstance(data, YamlMap):
            self.findings.extend(
                check_against_schema(data, "architecture.schema.json", root.display, root.text)
            )
            return result
        layers = self._layers(data, root.display)
        layer_ids = frozenset(layer.id for layer in layers)
        files = [root.display]
        known, unknown = split_known_keys(data, root.display, layer_ids, ROOT_KEYS)
        self.findings.extend(unknown)
        self.findings.extend(
            check_against_schema(known, "architecture.schema.json", root.display, root.text)
        )
        budget = self.limits.max_elements
        definitions = collect_elements(known, root.display, layer_ids, budget + 1)
        included = self._includes(data, root_path, root.display)
        self.input_paths.extend(included)
        for loaded in self._load_element_files(included, layer_ids):
            files.append(loaded.display)
            self.sources[loaded.display] = loaded.text
            self.findings.extend(loaded.findings)
            definitions.extend(loaded.elements[: budget + 1 - len(definitions)])
        if len(definitions) > budget:
            first_dropped = definitions.pop()
            self.findings.append(
                SIZE_LIMIT.finding(
                    _(
                        "the architecture has more than {limit} elements; this one and the "
                        "rest were not checked (raise ICTARCH_MAX_ELEMENTS if it is genuinely "
                        "this large)"
                    ).format(limit=i18n.integer(budget)),
                    first_dropped.location,
                    element=first_dropped.id,
                    args={"limit": budget},
                )
            )
        elements: dict[str, Element] = {}
        for element in definitions:
            elements.setdefault(element.id, element)
        metadata = data.get("architecture")
        metadata = metadata if isinstance(metadata, YamlMap) else YamlMap(1, 1)
        rules = data.get("rules")
        render = data.get("render")
        frameworks = data.get("frameworks")
        export = data.get("export")
        result.architecture = Architecture(
            root=root_path.parent,
            root_file=root.display,
            id=_text(metadata.get("id")) or root_path.parent.name,
            name=_text(metadata.get("name")) or root_path.parent.name,
            metadata=dict(metadata),
            metadata_locations=_field_locations(metadata, root.display),
            layers=layers,
            elements=elements,
            definitions=definitions,
            views=self._views(data.get("views"), root.display),
            rules=_rule_settings(rules),
            rule_locations=_field_locations(rules, root.display, keys=True)
            if isinstance(rules, YamlMap)
            else {},
            render=dict(render) if isinstance(render, YamlMap) else {},
            export=_plain_mapping(export),
            document=_plain_mapping(data.get("document")),
            files=files,
            conforms_to=_conforms_to(data.get("conforms_to"), root.display),
            framework_files=_framework_files(frameworks, root.display),
            input_paths=(
                *self.input_paths,
                *(root_path.parent / name for name, _ in _framework_files(frameworks, "")),
            ),
            extensions={key: value for key, value in data.items() if key.startswith("x-")},
        )
        return result

    def _supported_version(self, data: Any, display: str) -> bool:
        if not isinstance(data, YamlMap) or "ictarch" not in data:
            return True  # the schema check reports what is missing
        version = data["ictarch"]
        if version == FORMAT_VERSION and type(version) is int:
            return True
        line, column = data.value_position("ictarch")
        if isinstance(version, str) and version.strip() == str(FORMAT_VERSION):
            message = _(
                "the format version is written as text, {written!r}: remove the quotes, "
                "`ictarch: {version}` (a number)"
            ).format(written=version, version=FORMAT_VERSION)
        else:
            message = _(
                "format version {version!r} is not supported; "
                "this release reads `ictarch: {supported}`"
            ).format(version=version, supported=FORMAT_VERSION)
        self.findings.append(
            UNSUPPORTED_VERSION.finding(
                message,
                Location(display, line, column),
                args={"version": _version_arg(version), "supported": FORMAT_VERSION},
            )
        )
        return False

    def _layers(self, data: YamlMap, display: str) -> tuple[Layer, ...]:
        declared = data.get("layers")
        if not isinstance(declared, YamlList):
            return default_layers()
        layers: list[Layer] = []
        seen: set[str] = set()
        for item in declared:
            if not isinstance(item, YamlMap):
                continue
            layer_id, name = item.get("id"), item.get("name")
            if not isinstance(layer_id, str):
                continue
            problem = None
            if layer_id in seen:
                problem = _("layer {layer!r} is declared twice; the first is kept")
            elif layer_id in ROOT_KEYS or layer_id.startswith("x-"):
                problem = _("{layer!r} cannot be a layer id: the key has another meaning")
            if problem is not None:
                line, column = item.value_position("id")
                self.findings.append(
                    INVALID_VALUE.finding(
                        problem.format(layer=layer_id),
                        Location(display, line, column),
                        args={"field": "layers", "value": layer_id, "repeated": layer_id in seen},
                    )
                )
                continue
            seen.add(layer_id)
            layers.append(Layer(layer_id, _text(name) or layer_id, _text(item.get("description"))))
        return tuple(layers) or default_layers()

    def _includes(self, data: YamlMap, root_path: Path, display: str) -> list[Path]:
        patterns = data.get("include")
        if not isinstance(patterns, YamlList):
            return []
        base = root_path.parent.resolve()
        root_resolved = root_path.resolve()
        found: list[Path] = []
        seen: set[Path] = {root_resolved}
        for index, pattern in enumerate(patterns):
            if not isinstance(pattern, str) or not pattern:
                continue  # the schema check reports it
            where = Location(display, *patterns.item_position(index))
            pure = PurePosixPath(pattern.replace("\\", "/"))
            if escapes_the_tree(pattern):
                self.findings.append(
                    INCLUDE_ESCAPES.finding(
                        _(
                            "include pattern {pattern!r} must be relative to the architecture's "
                            "directory and must not contain '..'"
                        ).format(pattern=pattern),
                        where,
                        args={"pattern": pattern, "file": None},
                    )
                )
                continue
            if not pure.parts:  # '.', './', './.': pathlib's glob fails on an empty pattern
                self.findings.append(
                    FILE_UNREADABLE.finding(
                        _(
                            "include pattern {pattern!r} names the architecture's own "
                            "directory, not files; write a pattern such as 'layers/*.yaml'"
                        ).format(pattern=pattern),
                        where,
                        args={"pattern": pattern},
                    )
                )
                continue
            literal = not _GLOB_CHARACTERS.search(pattern)
            try:
                matches = sorted(base.glob(pure.as_posix()))
            except (ValueError, OSError, IndexError) as error:
                self.findings.append(
                    FILE_UNREADABLE.finding(
                        _("include pattern {pattern!r}: {reason}").format(
                            pattern=pattern, reason=error
                        ),
                        where,
                        args={"pattern": pattern, "file": None, "reason": str(error)},
                    )
                )
                continue
            if literal and not matches:
                self.findings.append(
                    FILE_UNREADABLE.finding(
                        _(
                            "include {pattern!r} names a file that does not exist "
                            "(a path without wildcards must exist)"
                        ).format(pattern=pattern),
                        where,
                        args={"pattern": pattern},
                    )
                )
                continue
            matched_any = False
            for match in matches:
                resolved = resolve_or_none(match)
                if resolved is None:
                    matched_any = True
                    self.findings.append(
                        FILE_UNREADABLE.finding(
                            _("{file} is a loop of symbolic links; it was not read").format(
                                file=self._display(match)
                            ),
                            where,
                            args={"pattern": pattern, "file": self._display(match), "reason": None},
                        )
                    )
                    continue
                if not resolved.is_relative_to(base):
                    matched_any = True
                    self.findings.append(
                        INCLUDE_ESCAPES.finding(
                            _(
                                "{file} points outside the architecture's directory (to {target}); "
                                "it was not read"
                            ).format(file=self._display(match), target=resolved),
                            where,
                            args={"pattern": pattern, "file": self._display(match)},
                        )
                    )
                    continue
                if match.is_dir():
                    continue
                matched_any = True
                if not resolved.is_file():
                    self.findings.append(
                        FILE_UNREADABLE.finding(
                            _("{file} is not a readable file").format(file=self._display(match)),
                            where,
                            args={"pattern": pattern, "file": self._display(match), "reason": None},
                        )
                    )
                    continue
                if resolved not in seen:
                    seen.add(resolved)
                    found.append(match)
            if not matched_any:
                self.findings.append(
                    INCLUDE_NO_MATCH.finding(
                        _("include pattern {pattern!r} matches no file").format(pattern=pattern),
                        where,
                        args={"pattern": pattern},
                    )
                )
        return found

    def _views(self, views: Any, display: str) -> list[View]:
        if not isinstance(views, YamlList):
            return []
        return [
            build_view(item, display)
            for item in views
            if isinstance(item, YamlMap) and isinstance(item.get("id"), str)
        ]


def split_known_keys(
    data: YamlMap, display: str, layer_ids: frozenset[str], other_keys: frozenset[str]
) -> tuple[YamlMap, list[Finding]]:
    """A copy of ``data`` without the keys that are neither layers nor known fields.

    Each unknown key is reported once here, so the schema check does not also
    complain about its value.
    """
    known = YamlMap(data.line, data.column)
    findings: list[Finding] = []
    for key, value in data.items():
        if key in layer_ids or key in other_keys or key.startswith("x-"):
            known[key] = value
            known.positions[key] = data.positions[key]
            continue
        choices = sorted(layer_ids | other_keys)
        suggestion = closest(key, choices)
        line, column = data.key_position(key)
        layers = ", ".join(sorted(layer_ids))
        unread = len(value) if isinstance(value, list) else 0
        if suggestion is None:
            message = _("unknown layer or field {field!r}; the layers are {layers}")
        else:
            message = _(
                "unknown layer or field {field!r}; did you mean {suggestion!r}? "
                "The layers are {layers}"
            )
        if unread:
            message = _("{message}; its {count} elements were not read").format(
                message=message, count=unread
            )
        findings.append(
            UNKNOWN_FIELD.finding(
                message.format(field=key, suggestion=suggestion, layers=layers),
                Location(display, line, column),
                args={
                    "field": key,
                    "suggestion": suggestion,
                    "layers": tuple(sorted(layer_ids)),
                    "unread": unread,
                },
            )
        )
    return known, findings


def collect_elements(
    data: YamlMap, display: str, layer_ids: frozenset[str], limit: int | None = None
) -> list[Element]:
    """The elements of the layer lists in ``data``, in file order (the first ``limit``)."""
    elements: list[Element] = []
    for key, value in data.items():
        if key not in layer_ids or not isinstance(value, YamlList):
            continue
        for item in value:
            if isinstance(item, YamlMap) and isinstance(item.get("id"), str):
                if limit is not None and len(elements) >= limit:
                    return elements
                elements.append(build_element(item, key, display))
    return elements


@dataclass(slots=True)
class ElementFile:
    """One included file, read and checked: what the loader needs of it."""

    display: str
    text: str
    size: int
    findings: list[Finding]
    elements: list[Element]
    values: int = 0
    """The file's YAML values as :func:`estimate_values` counts them; 0: not known."""


def load_element_file(
    path: Path,
    display: str,
    limits: Limits,
    layer_ids: frozenset[str],
    data: bytes | None = None,
) -> ElementFile:
    """Read an included file, check it against the layer schema, build its elements.

    A pure function of its arguments (and of the file's bytes, ``data`` when
    given), so files can be loaded in worker processes and the result kept by
    :func:`record_key`.
    """
    document = read_yaml_file(path, display, limits, data)
    findings = document.findings
    elements: list[Element] = []
    value = document.value
    if value is not None:
        if isinstance(value, YamlMap):
            value, unknown = split_known_keys(value, display, layer_ids, frozenset())
            findings.extend(unknown)
        findings.extend(check_against_schema(value, "layer.schema.json", display, document.text))
        if isinstance(value, YamlMap):
            elements = collect_elements(value, display, layer_ids, limits.max_elements + 1)
    return ElementFile(display, document.text, document.size, findings, elements, document.values)


def _conforms_to(value: Any, display: str) -> tuple[ConformsTo, ...]:
    """The ``conforms_to`` entries (one mapping or a list of them) that name a framework."""
    items = [value] if isinstance(value, YamlMap) else value if isinstance(value, YamlList) else []
    return tuple(
        ConformsTo(
            framework=item["framework"],
            location=Location(display, item.line, item.column),
            version=_text(item.get("version")),
            profile=_text(item.get("profile")),
            field_locations=_field_locations(item, display),
        )
        for item in items
        if isinstance(item, YamlMap) and isinstance(item.get("framework"), str)
    )


def _framework_files(value: Any, display: str) -> tuple[tuple[str, Location], ...]:
    """The paths listed under ``frameworks``, each with its location."""
    if not isinstance(value, YamlList):
        return ()
    return tuple(
        (item, Location(display, *value.item_position(index)))
        for index, item in enumerate(value)
        if isinstance(item, str) and item
    )


def _rule_settings(rules: Any) -> dict[str, str]:
    """The ``rules:`` mapping; YAML reads an unquoted ``off`` as false, which means off."""
    if not isinstance(rules, YamlMap):
        return {}
    return {
        key: "off" if value is False else value
        for key, value in rules.items()
        if isinstance(value, str) or value is False
    }


def _plain_mapping(value: Any) -> dict[str, Any]:
    """A located mapping as plain dicts and lists (the ``export:`` and ``document:`` settings),
    {} for anything else."""
    if not isinstance(value, dict):
        return {}
    return {
        str(key): _plain_mapping(item)
        if isinstance(item, dict)
        else [_plain_mapping(x) if isinstance(x, dict) else x for x in item]
        if isinstance(item, list)
        else item
        for key, item in value.items()
    }


def _whole_number(value: Any) -> int | None:
    """An integer, also when YAML wrote it as 2.0 (JSON Schema counts that as an integer)."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def _field_locations(data: YamlMap, display: str, keys: bool = False) -> dict[str, Location]:
    index = 0 if keys else 2
    return {
        key: Location(display, pos[index], pos[index + 1]) for key, pos in data.positions.items()
    }


def build_element(data: YamlMap, layer: str, display: str) -> Element:
    """Build an element from its located mapping, keeping only well-typed values."""
    status = data.get("status")
    links = data.get("links")
    sources = data.get("sources")
    implements = data.get("implements")
    return Element(
        id=data["id"],
        name=_text(data.get("name")) or data["id"],
        layer=layer,
        location=Location(display, data.line, data.column),
        kind=_text(data.get("kind")),
        description=_text(data.get("description")),
        owner=_text(data.get("owner")),
        operator=_text(data.get("operator")),
        status=Status.parse(status, DEFAULT_STATUS),
        since=parse_date(data.get("since")),
        until=parse_date(data.get("until")),
        criticality=_text(data.get("criticality")),
        tags=_texts(data.get("tags")),
        implements=_texts(implements),
        implements_positions=tuple(
            position
            for item, position in zip(implements, implements.item_positions, strict=False)
            if isinstance(item, str)
        )
        if isinstance(implements, YamlList) and implements
        else (),
        links=tuple(
            {k: v for k, v in link.items() if isinstance(v, str)}
            for link in links
            if isinstance(link, dict)
        )
        if isinstance(links, list)
        else (),
        sources=tuple(
            {k: v for k, v in source.items() if isinstance(v, str)}
            for source in sources
            if isinstance(source, dict)
        )
        if isinstance(sources, list)
        else (),
        renamed_from=_text(data.get("renamed_from")),
        depends_on=_dependencies(data.get("depends_on"), display),
        waivers=_waivers(data.get("waivers"), display),
        extensions={k: v for k, v in data.items() if k.startswith("x-")},
        positions=data.positions,
    )


def _dependency(item: Any, display: str, position: tuple[int, int]) -> Dependency | None:
    where = Location(display, *position)
    if isinstance(item, str):
        return Dependency(item, where)
    if isinstance(item, YamlMap) and isinstance(item.get("id"), str):
        line, column = item.value_position("id")
        return Dependency(
            item["id"],
            Location(display, line, column),
            _text(item.get("description")),
            # Only an explicit false makes it optional; a malformed value (the schema
            # check reports it) leaves the dependency required, the safe reading.
            required=item.get("required") is not False,
        )
    return None


def _dependencies(value: Any, display: str) -> tuple[DependencyEntry, ...]:
    if not isinstance(value, YamlList):
        return ()
    entries: list[DependencyEntry] = []
    for index, item in enumerate(value):
        position = value.item_position(index)
        if isinstance(item, YamlMap) and "any_of" in item:
            alternatives = item["any_of"]
            if not isinstance(alternatives, YamlList):
                continue
            group = [
                replace(dependency, required=True)
                for i, alternative in enumerate(alternatives)
                if (dependency := _dependency(alternative, display, alternatives.item_position(i)))
            ]
            if group:
                entries.append(
                    AnyOf(
                        tuple(group), Location(display, *position), _text(item.get("description"))
                    )
                )
            continue
        dependency = _dependency(item, display, position)
        if dependency is not None:
            entries.append(dependency)
    return tuple(entries)


_WAIVER_CODE = re.compile(r"ICT[0-9]{3}")


def _waivers(value: Any, display: str) -> tuple[Waiver, ...]:
    """The well-formed waivers; one with a malformed field is left out (the schema
    check reports it), so that it never accepts anything."""
    if not isinstance(value, YamlList):
        return ()
    waivers: list[Waiver] = []
    for item in value:
        if not isinstance(item, YamlMap):
            continue
        code, reason, until = item.get("code"), item.get("reason"), item.get("until")
        if not isinstance(code, str) or not _WAIVER_CODE.fullmatch(code):
            continue
        if not isinstance(reason, str) or not reason:
            continue
        last_day = None
        if until is not None:
            try:
                last_day = datetime.date.fromisoformat(until) if isinstance(until, str) else None
            except ValueError:
                last_day = None
            if last_day is None:
                continue
        line, column = item.value_position("code")
        waivers.append(Waiver(code, reason, Location(display, line, column), last_day))
    return tuple(waivers)


def build_view(data: YamlMap, display: str) -> View:
    depth, max_nodes = data.get("depth"), data.get("max_nodes")
    return View(
        id=data["id"],
        location=Location(display, data.line, data.column),
        title=_text(data.get("title")),
        description=_text(data.get("description")),
        layers=_texts(data.get("layers")),
        tags=_texts(data.get("tags")),
        owners=_texts(data.get("owners")),
        kinds=_texts(data.get("kinds")),
        status=_texts(data.get("status")),
        elements=_texts(data.get("elements")),
        focus=_text(data.get("focus")),
        depth=_whole_number(depth),
        direction=_text(data.get("direction")) or "both",
        group_by=_text(data.get("group_by")) or "layer",
        max_nodes=_whole_number(max_nodes),
        field_locations=_field_locations(data, display),
        extensions={key: value for key, value in data.items() if key.startswith("x-")},
    )


def _version_arg(version: Any) -> str | int | float | bool | None:
    """The declared format version as a finding argument (lists and mappings as None)."""
    if isinstance(version, (str, int, float, bool)):
        return version
    return None


def escapes_the_tree(text: str) -> bool:
    """Whether a path written in an architecture (an include pattern, a catalogue file)
    is absolute or climbs with ``..``: such paths are ICT007, whatever they point at."""
    pure = PurePosixPath(text.replace("\\", "/"))
    return pure.is_absolute() or ".." in pure.parts or Path(text).is_absolute()
