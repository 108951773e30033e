"""Validation: load an architecture, run every check, apply configured severities."""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictarch.acceptance import today as waivers_today
from ictarch.errors import IctarchError
from ictarch.findings import Finding, Location, Severity, Suppressed, count_by_severity
from ictarch.i18n import _
from ictarch.model import records
from ictarch.model.architecture import Architecture
from ictarch.model.cache import Records, ResultCache, key_of
from ictarch.model.lifecycle import CURRENT, State
from ictarch.model.loader import (
    ROOT_FILE_NAMES,
    LoadResult,
    RecordStore,
    architecture_inputs,
    find_including_root,
    find_root_file,
    load_architecture,
)
from ictarch.model.schema import INVALID_VALUE, closest, with_repeat_count, with_suggestion
from ictarch.model.yamlsource import Limits, YamlMap, read_yaml_file

if TYPE_CHECKING:
    from ictarch.acceptance.baseline import Baseline

OFF = "off"


@dataclass(frozen=True, slots=True)
class ArchitectureSummary:
    """What reports say about a validated architecture (kept by the result cache)."""

    id: str
    name: str
    root_file: str
    files: tuple[str, ...]
    elements: int
    relations: int

    @classmethod
    def of(cls, architecture: Architecture) -> ArchitectureSummary:
        return cls(
            architecture.id,
            architecture.name,
            architecture.root_file,
            tuple(architecture.files),
            len(architecture.elements),
            architecture.relation_count(),
        )


@dataclass(slots=True)
class ValidationResult:
    """What validating one or more architectures found."""

    architectures: list[Architecture] = field(default_factory=list)
    """The models checked; empty when :func:`validate_paths` ran with a cache (its
    reports need only the summaries, and the models' memory is given back)."""
    summaries: list[ArchitectureSummary] = field(default_factory=list)
    """One per architecture checked (also from the cache): what reports use."""
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    input_paths: list[Path] = field(default_factory=list)
    root_causes: list[Finding] = field(default_factory=list)
    """Findings that left part of an architecture unread: fix these first."""
    left_out: int = 0
    """"Not defined" findings left out: they may only follow from the root causes."""
    state: State = CURRENT  # the lifecycle state the checks answered for
    # Accepted findings: not counted, shown on request (--show-waived) and in SARIF.
    waived: list[Suppressed] = field(default_factory=list)
    baselined: list[Suppressed] = field(default_factory=list)
    # root file -> the element files asked for, when not the whole architecture was
    requested: dict[str, set[Path]] = field(default_factory=dict)
    not_shown: dict[str, int] = field(default_factory=dict)  # root file -> findings left out

    def __post_init__(self) -> None:
        if self.architectures and not self.summaries:
            self.summaries = [ArchitectureSummary.of(a) for a in self.architectures]

    @property
    def suppressed(self) -> list[Suppressed]:
        return sorted([*self.waived, *self.baselined], key=lambda s: s.finding)

    @property
    def counts(self) -> dict[Severity, int]:
        return count_by_severity(self.findings)

    def failed(self, strict: bool = False) -> bool:
        counts = self.counts
        return counts[Severity.ERROR] > 0 or (strict and counts[Severity.WARNING] > 0)

    def apply_baseline(self, baseline: Baseline) -> None:
        """Move the findings ``baseline`` accepts to ``baselined``; report its stale entries."""
        from ictarch.acceptance.baseline import apply_baseline

        outcome = apply_baseline(self.findings, baseline)
        self.findings = sorted(outcome.kept + outcome.stale)
        self.baselined = outcome.baselined

    def restrict_to_requested(self) -> None:
        """Keep only the findings of the element files asked for (and of no architecture
        file, such as a baseline's); count the others per architecture in ``not_shown``."""
        if not self.requested:
            return
        resolved: dict[str, Path] = {}
        hidden: dict[str, str] = {}  # file of a partly requested architecture -> its root
        for architecture in self.summaries:
            wanted = self.requested.get(architecture.root_file)
            if wanted is None:
                continue
            for file in architecture.files:
                path = resolved.setdefault(file, Path(file).resolve())
                if path not in wanted:
                    hidden[file] = architecture.root_file

        def shown(finding: Finding) -> bool:
            root = hidden.get(finding.file)
            if root is None:
                return True
            self.not_shown[root] = self.not_shown.get(root, 0) + 1
            return False

        self.findings = [finding for finding in self.findings if shown(finding)]
        self.waived = [item for item in self.waived if item.finding.file not in hidden]
        self.baselined = [item for item in self.baselined if item.finding.file not in hidden]

    def input_files(self) -> set[Path]:
        """Every file the architectures were read from, resolved."""
        from ictarch.inputs import resolve_path

        files = {file for a in self.summaries for file in a.files} | set(self.sources)
        paths = {Path(file) for file in files} | set(self.input_paths)
        resolved = set()
        for path in paths:
            with contextlib.suppress(IctarchError):  # a loop among the inputs is not one
                resolved.add(resolve_path(path))
        return resolved

    @property
    def element_count(self) -> int:
        return sum(a.elements for a in self.summaries)

    @property
    def relation_count(self) -> int:
        return sum(a.relations for a in self.summaries)


@dataclass(slots=True)
class PreparedInputs:
    """What a run read and hashed before checking (:func:`report_key`): the day, and each
    architecture's whole-result key and inputs, by the path :func:`validate_paths`
    loads it from; given to :func:`validate_paths`, so that what was hashed is what is
    checked, even if a file changes meanwhile."""

    today: datetime.date
    inputs: dict[Path, tuple[str, list[tuple[str, Path, bytes | None]]]] = field(
        default_factory=dict
    )
    used: set[Path] = field(default_factory=set)
    """The architectures :func:`validate_paths` checked from these inputs."""

    @property
    def all_used(self) -> bool:
        """Whether every architecture was checked from the inputs read here."""
        return self.used == set(self.inputs)

    def files(self) -> list[Path]:
        """Every file read here, resolved."""
        return [file for _key, inputs in self.inputs.values() for _display, file, _data in inputs]


def validate_paths(
    paths: list[Path],
    limits: Limits | None = None,
    state: State = CURRENT,
    cache: ResultCache | None = None,
    prepared: PreparedInputs | None = None,
) -> ValidationResult:
    """Validate each architecture in ``state``; raises ArchitectureNotFound for a missing
    path.

    With a ``cache``, each architecture's whole result is looked up under the hash
    of all its inputs and settings, and element files whose own record is cached
    are not parsed again (see :mod:`ictarch.model.cache`); the result is the same.

    A path may also be an element file of an architecture (``layers/services.yaml``):
    the architecture that includes it is validated, once however many of its files
    are named, and :meth:`ValidationResult.restrict_to_requested` keeps the
    findings of the named files.

    ``prepared`` (with a ``cache``): the inputs :func:`report_key` read, used instead
    of reading them again.
    """
    result = ValidationResult(state=state)
    seen: set[tuple[Finding, str]] = set()
    for path, requested in _targets(paths, limits):
        if cache is None:
            loaded = validate_architecture(path, limits, state=state)
            summary = (
                None if loaded.architecture is None else ArchitectureSummary.of(loaded.architecture)
            )
        else:
            loaded, summary = _validate_with_cache(path, limits, state, cache, prepared)
        if loaded.architecture is not None:
            result.architectures.append(loaded.architecture)
        if summary is not None:
            result.summaries.append(summary)
            if requested is not None:
                result.requested[summary.root_file] = requested
        for finding in loaded.findings:  # the same file may be reached from two paths
            if (finding, finding.message) not in seen:
                seen.add((finding, finding.message))
                result.findings.append(finding)
        result.sources.update(loaded.sources)
        architecture = loaded.architecture  # its inputs include its catalogue files
        result.input_paths.extend(architecture.input_paths if architecture else loaded.input_paths)
        result.root_causes.extend(loaded.root_causes)
        result.left_out += loaded.left_out
        result.waived.extend(loaded.waived)
    result.findings.sort()
    result.waived.sort(key=lambda suppressed: suppressed.finding)
    if cache is not None:
        cache.evict()
    return result


def _validate_with_cache(
    path: Path,
    limits: Limits | None,
    state: State,
    cache: ResultCache,
    prepared: PreparedInputs | None = None,
) -> tuple[LoadResult, ArchitectureSummary | None]:
    """:func:`validate_architecture` through the cache: the whole result when all the
    inputs are as they were, else a run whose unchanged element files come from it."""
    limits = limits or Limits.from_environment()
    today = waivers_today() if prepared is None else prepared.today
    known = None if prepared is None else prepared.inputs.get(path)
    key: str | None
    inputs: list[tuple[str, Path, bytes | None]] | None
    if known is not None and prepared is not None:
        prepared.used.add(path)
        key, inputs = known
        # the bytes are this run's from here on: kept once, and given back with them
        prepared.inputs[path] = (key, [(display, file, None) for display, file, _ in inputs])
    else:
        key, inputs = whole_result_key(path, limits, state, today)
    if key is not None and inputs is not None:
        cached = _cached_result(cache.get(key), inputs)
        if cached is not None:
            return cached
    # What was hashed is what is checked, even if a file changes meanwhile.
    snapshot = {file: data for _display, file, data in inputs or () if data is not None}
    inputs = None
    loaded = load_architecture(path, limits, overlays=snapshot, store=Records(cache))
    snapshot.clear()  # the bytes are not needed by the whole-model pass: memory back
    loaded = check_model(loaded, today=today, state=state)
    summary = None if loaded.architecture is None else ArchitectureSummary.of(loaded.architecture)
    # The model is not kept: reports work from the summary, and the memory it frees
    # is what the result's entry is encoded in (peak memory stays that of the checks).
    if loaded.architecture is not None:  # every file read, the frameworks: files too
        loaded.input_paths = list(loaded.architecture.input_paths)
    loaded.architecture = None
    if key is not None:
        cache.put(key, _result_entry(loaded, summary))
    return loaded, summary


def whole_result_key(
    path: Path, limits: Limits, state: State, today: datetime.date
) -> tuple[str | None, list[tuple[str, Path, bytes | None]] | None]:
    """The key of the whole result of validating the architecture at ``path`` (the hash
    of every file it reads, with the settings, the state and the day), and those
    files as :func:`~ictarch.model.loader.architecture_inputs` gives them; (None, None)
    when a file cannot be read (nothing is then cached)."""
    inputs = architecture_inputs(path, limits)
    if inputs is None:
        return None, None
    key = key_of(
        "validate",
        limits,
        state.label,
        today.isoformat(),
        [[display, str(file), data is None] for display, file, data in inputs],
        *(data or b"" for _display, _file, data in inputs),
    )
    return key, inputs


def report_key(
    paths: list[Path], state: State, settings: list[str], limits: Limits | None = None
) -> tuple[str, PreparedInputs] | None:
    """The key of a whole ``validate`` report: the whole-result key of every architecture
    ``paths`` name, the element files asked for, and ``settings`` (what else the
    report depends on: format, options, the output's kind), with the inputs read to
    make it (for :func:`validate_paths`); None when an input cannot be read. Raises
    what :func:`validate_paths` raises for a path that is not an architecture, so an
    error reads the same with or without the cache."""
    limits = limits or Limits.from_environment()
    prepared = PreparedInputs(waivers_today())
    parts: list[Any] = []
    for path, requested in _targets(paths, limits):
        key, inputs = whole_result_key(path, limits, state, prepared.today)
        if key is None or inputs is None:
            return None
        prepared.inputs[path] = (key, inputs)
        parts.append([key, requested is None, sorted(str(file) for file in requested or ())])
    return key_of("report", limits, parts, settings), prepared


def _result_entry(loaded: LoadResult, summary: ArchitectureSummary | None) -> list[Any]:
    """A validated architecture's result as the cache keeps it (see :func:`_cached_result`)."""
    return [
        records.findings_to_rows(loaded.findings),
        [
            [
                *records.findings_to_rows([item.finding]),
                item.kind,
                item.justification,
                records.location_to_row(item.where),
                item.until,
            ]
            for item in loaded.waived
        ],
        records.findings_to_rows(loaded.root_causes),
        loaded.left_out,
        [[display, bool(text)] for display, text in loaded.sources.items()],
        [str(path) for path in loaded.input_paths],
        None if summary is None else [*_summary_fields(summary)],
    ]


def _summary_fields(summary: ArchitectureSummary) -> tuple[Any, ...]:
    return (
        summary.id,
        summary.name,
        summary.root_file,
        list(summary.files),
        summary.elements,
        summary.relations,
    )


def _cached_result(
    entry: Any, inputs: list[tuple[str, Path, bytes | None]]
) -> tuple[LoadResult, ArchitectureSummary | None] | None:
    """The result kept by :func:`_result_entry`, or None when ``entry`` is not one."""
    if entry is None:
        return None
    try:
        findings, waived, causes, left_out, sources, input_paths, summary = entry
        data = {display: content or b"" for display, _file, content in inputs}
        loaded = LoadResult(None, records.findings_from_rows(findings))
        loaded.waived = [_suppressed(*item) for item in waived]
        loaded.root_causes = records.findings_from_rows(causes)
        if type(left_out) is not int:
            return None
        loaded.left_out = left_out
        loaded.sources = {
            str(display): data[display].removeprefix(b"\xef\xbb\xbf").decode("utf-8")
            if has_text
            else ""
            for display, has_text in sources
        }
        loaded.input_paths = [Path(str(item)) for item in input_paths]
        if summary is None:
            return loaded, None
        id_, name, root_file, files, elements, relations = summary
        fields = (id_, name, root_file, *files)
        if not all(isinstance(item, str) for item in fields) or not (
            type(elements) is int and type(relations) is int
        ):
            return None
        return loaded, ArchitectureSummary(id_, name, root_file, tuple(files), elements, relations)
    except (TypeError, ValueError, KeyError, IndexError, RecursionError):
        return None


def _suppressed(
    finding: Any, kind: Any, justification: Any, where: Any, until: Any = None
) -> Suppressed:
    texts = (kind, justification, *([] if until is None else [until]))
    if not all(isinstance(text, str) for text in texts):
        raise TypeError("not a suppressed finding")
    (accepted,) = records.findings_from_rows([finding])
    return Suppressed(accepted, kind, justification, records.location_from_row(where), until)


def _targets(paths: list[Path], limits: Limits | None) -> list[tuple[Path, set[Path] | None]]:
    """What to validate: each architecture once, with the element files asked for
    (None: the whole architecture was asked for)."""
    targets: dict[Path, tuple[Path, set[Path] | None]] = {}
    for path in paths:
        root = None
        if path.is_file() and path.name not in ROOT_FILE_NAMES:
            root = find_including_root(path, limits)
            if root is None and _is_element_file(path, limits):
                raise IctarchError(
                    _(
                        "{path} is not part of an architecture: no architecture.yaml above it "
                        "includes it, and it is not a root file (it has no 'ictarch:' key)"
                    ).format(path=path),
                    _(
                        "validate the architecture's directory (ictarch validate DIR), or add "
                        "the file to the include: patterns of its architecture.yaml"
                    ),
                )
        if root is None:
            key = find_root_file(path).resolve()
            targets[key] = (targets.get(key, (path, None))[0], None)
            continue
        key = root.resolve()
        load_path, requested = targets.get(key, (root, set()))
        if requested is not None:
            requested.add(path.resolve())
        targets[key] = (load_path, requested)
    return list(targets.values())


def _is_element_file(path: Path, limits: Limits | None) -> bool:
    """Whether ``path`` reads as element lists (a mapping without the root keys)."""
    document = read_yaml_file(path, str(path), limits or Limits.from_environment())
    value = document.value
    return isinstance(value, YamlMap) and "ictarch" not in value and "architecture" not in value


def validate_architecture(
    path: Path,
    limits: Limits | None = None,
    display_base: str | None = None,
    today: datetime.date | None = None,
    state: State = CURRENT,
    *,
    overlays: Mapping[Path, bytes] | None = None,
    store: RecordStore | None = None,
) -> LoadResult:
    """Load one architecture and run every check in ``state``; findings come back sorted.

    Findings accepted by a waiver valid on ``today`` (default: the real today)
    are moved to ``waived``. ``overlays`` and ``store`` are the loader's
    (:func:`~ictarch.model.loader.load_architecture`).
    """
    loaded = load_architecture(path, limits, display_base, overlays=overlays, store=store)
    return check_model(loaded, today=today, state=state)


class CheckCancelled(Exception):
    """A whole-model pass given up because its caller no longer wants the answer (a
    newer edit came, in the language server)."""


def check_model(
    loaded: LoadResult,
    today: datetime.date | None = None,
    state: State = CURRENT,
    memos: dict[str, Any] | None = None,
    stop: Callable[[], bool] | None = None,
) -> LoadResult:
    """The whole-model pass: every check of the loaded model, severities, waivers, root
    causes, on top of the per-file findings the loader gathered; ``loaded`` is updated
    and returned, its findings sorted (docs/architecture-core.md).

    ``memos`` (kept by the caller between passes over one architecture, initially
    empty) lets the checks of :data:`ictarch.rules.MEMOIZED_CHECKS` compute again only
    what changed since the last pass; the findings are the same. ``stop`` is asked
    before each check: when it answers true, :class:`CheckCancelled` is raised (the
    memos stay consistent: each is of the last pass that ran its check)."""
    architecture = loaded.architecture
    findings = list(loaded.findings)
    if architecture is not None:
        from ictarch.acceptance.waivers import apply_waivers
        from ictarch.rules import CHECKS, MEMOIZED_CHECKS, STATE_CHECKS

        for name, check in CHECKS.items():
            if stop is not None and stop():
                raise CheckCancelled
            memo = _memo(memos, name, MEMOIZED_CHECKS)
            if memo is None:
                findings.extend(check(architecture))
            else:
                findings.extend(MEMOIZED_CHECKS[name][0](architecture, state, memo))
        for name, state_check in STATE_CHECKS.items():
            if stop is not None and stop():
                raise CheckCancelled
            memo = _memo(memos, name, MEMOIZED_CHECKS)
            if memo is None:
                findings.extend(state_check(architecture, state))
            else:
                findings.extend(MEMOIZED_CHECKS[name][0](architecture, state, memo))
        severities, config_findings = resolve_severities(architecture)
        findings = apply_severities(findings, severities)
        findings.extend(config_findings)
        findings = collapse_shared_findings(findings)
        outcome = apply_waivers(architecture, findings, today or waivers_today())
        findings = outcome.kept + apply_severities(outcome.about_waivers, severities)
        loaded.waived = outcome.waived
    loaded.root_causes = root_causes(findings)
    if loaded.root_causes:
        findings, loaded.left_out = suppress_consequences(
            findings, loaded.root_causes, loaded.sources
        )
    findings.sort()
    loaded.findings = findings
    return loaded


def _memo(memos: dict[str, Any] | None, name: str, memoized: Mapping[str, Any]) -> Any:
    """The memo of the check ``name`` in ``memos`` (made when missing), or None when the
    check keeps none or the caller keeps no memos."""
    if memos is None or name not in memoized:
        return None
    memo = memos.get(name)
    if memo is None:
        memo = memos[name] = memoized[name][1]()
    return memo


# Findings that leave a file, or a part of it, unread: the elements written there
# are missing, and every reference to them is reported as "not defined".
_UNREADABLE = frozenset({"ICT001", "ICT002", "ICT004", "ICT005", "ICT006", "ICT009"})
# "Not defined" findings: they may follow from an unread file.
_UNDEFINED = frozenset({"ICT202", "ICT203", "ICT206"})
_ID_IN_TEXT = re.compile(r"""(?:^|[\s{,\[-])id:[ \t]*["']?([^\s,}\]"'#]+)""", re.MULTILINE)


def root_causes(findings: list[Finding]) -> list[Finding]:
    """The findings that left part of the architecture unread, in order.

    A syntax error, an encoding error, a limit or an unreadable include loses
    a whole file; an unknown layer key (``service:`` for ``services:``) loses
    the elements under it. What follows (references to those elements) is noise
    until they are fixed, so reporters show these first.
    """
    return sorted(
        finding
        for finding in findings
        if finding.severity is Severity.ERROR
        and (
            finding.code in _UNREADABLE
            or (finding.code == "ICT102" and bool(finding.args.get("unread")))
        )
    )


def suppress_consequences(
    findings: list[Finding], causes: list[Finding], sources: dict[str, str]
) -> tuple[list[Finding], int]:
    """``findings`` without the "not defined" ones whose id is written in an unread
    file (or under an unknown layer key), and how many were left out.

    The ids are found in the text of those files (``id: x`` anywhere), so a
    real typo elsewhere is still reported, and so is everything when the text
    is not available (an undecodable or missing file).
    """
    unread_ids: set[str] = set()
    for file in {cause.file for cause in causes}:
        unread_ids.update(_ID_IN_TEXT.findall(sources.get(file, "")))
    if not unread_ids:
        return findings, 0
    kept = [
        finding
        for finding in findings
        if not (finding.code in _UNDEFINED and finding.args.get("target") in unread_ids)
    ]
    return kept, len(findings) - len(kept)


def collapse_shared_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per place and code where several elements share what is written there.

    A value written once and merged (``<<``) or aliased into many elements is
    checked once per element; the first finding stands for all of them, with a
    count (``args["repeated"]``). Findings of one element are never merged.
    """
    elements_at: dict[tuple[str, int, int, str], set[str | None]] = {}
    for finding in findings:
        if finding.line:
            key = (finding.file, finding.line, finding.column, finding.code)
            elements_at.setdefault(key, set()).add(finding.element)
    shared = {key for key, elements in elements_at.items() if len(elements) > 1}
    if not shared:
        return findings
    counts: dict[tuple[str, int, int, str], int] = {}
    for finding in findings:
        key = (finding.file, finding.line, finding.column, finding.code)
        if key in shared:
            counts[key] = counts.get(key, 0) + 1
    collapsed: list[Finding] = []
    done: set[tuple[str, int, int, str]] = set()
    for finding in findings:
        key = (finding.file, finding.line, finding.column, finding.code)
        if key not in shared:
            collapsed.append(finding)
        elif key not in done:
            done.add(key)
            collapsed.append(with_repeat_count(finding, counts[key]))
    return collapsed


def resolve_severities(architecture: Architecture) -> tuple[dict[str, str], list[Finding]]:
    """The ``rules:`` section as code -> severity, and findings for entries that are wrong."""
    severities: dict[str, str] = {}
    problems: list[Finding] = []
    for key, severity in architecture.rules.items():
        where = architecture.rule_locations.get(key, Location(architecture.root_file, 1, 1))
        from ictarch.rules import ALL_RULES, RULES_BY_NAME, find_rule

        rule = find_rule(key)
        if rule is None:
            choices = [*ALL_RULES, *RULES_BY_NAME]
            suggestion = closest(key, choices)
            message = _("rules: unknown rule {rule!r}").format(rule=key)
            problems.append(
                INVALID_VALUE.finding(
                    with_suggestion(message, suggestion),
                    where,
                    args={"field": "rules", "value": key, "suggestion": suggestion},
                )
            )
            continue
        if not rule.configurable:
            problems.append(
                INVALID_VALUE.finding(
                    _(
                        "rules: {code} ({name}) is a loading problem and cannot be reconfigured"
                    ).format(code=rule.code, name=rule.name),
                    where,
                    args={"field": "rules", "value": key, "rule": rule.code},
                )
            )
            continue
        if severity == OFF or severity in Severity.__members__.values():
            severities[rule.code] = severity
        # any other value was reported by the schema check
    return severities, problems


def apply_severities(findings: list[Finding], severities: dict[str, str]) -> list[Finding]:
    if not severities:
        return findings
    adjusted: list[Finding] = []
    for finding in findings:
        wanted = severities.get(finding.code)
        if wanted is None:
            adjusted.append(finding)
        elif wanted != OFF:
            adjusted.append(finding.with_severity(Severity(wanted)))
    return adjusted
