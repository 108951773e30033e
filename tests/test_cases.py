"""Data-driven finding cases: every folder in tests/cases/ against its expected.txt.

The format of expected.txt is described in tests/cases/README.md. Each case is
validated from inside its folder, so the file names in findings are relative
to the case, exactly as a user running ``ictarch validate .`` there sees them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pytest

from ictarch.acceptance.baseline import read_baseline
from ictarch.findings import Finding, Severity
from ictarch.model.lifecycle import CURRENT, State, parse_state
from ictarch.model.yamlsource import Limits
from ictarch.rules import ALL_RULES
from ictarch.validation import validate_paths

CASES = Path(__file__).resolve().parent / "cases"
CASE_DIRS = sorted(path for path in CASES.iterdir() if path.is_dir())
SEVERITIES = {severity.value for severity in Severity}


@dataclass(frozen=True)
class ExpectedFinding:
    code: str
    file: str
    line: int
    column: int
    severity: str | None = None
    related: tuple[str, ...] | None = None
    message_part: str | None = None

    @property
    def key(self) -> str:
        return f"{self.code} {self.file}:{self.line}:{self.column}"


def parse_location(text: str) -> tuple[str, int, int]:
    file, line, column = text.rsplit(":", 2)
    return file, int(line), int(column)


def parse_expected(path: Path) -> list[ExpectedFinding]:
    expected: list[ExpectedFinding] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        head, separator, message_part = line.partition(" ~ ")
        code, location, *extras = head.split()
        severity: str | None = None
        related: list[str] = []
        for extra in extras:
            if extra in SEVERITIES:
                severity = extra
            elif extra.startswith("related="):
                related.append(extra.removeprefix("related="))
            else:
                raise ValueError(f"{path}:{number}: cannot read {extra!r}")
        expected.append(
            ExpectedFinding(
                code,
                *parse_location(location),
                severity=severity,
                related=tuple(related) if related else None,
                message_part=message_part.strip() if separator else None,
            )
        )
    return expected


def read_limits(case: Path) -> Limits:
    path = case / "limits.txt"
    if not path.exists():
        return Limits()
    names = {limit.name for limit in dataclasses.fields(Limits)}
    values: dict[str, int] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            name, _, value = line.partition("=")
            assert name.strip() in names, f"{path}: unknown limit {name.strip()!r}"
            values[name.strip()] = int(value)
    return Limits(**values)


def read_state(case: Path) -> State:
    """``state.txt``: current, target or a YYYY-MM-DD date (default: current)."""
    path = case / "state.txt"
    if not path.exists():
        return CURRENT
    text = path.read_text(encoding="utf-8").split("#", 1)[0].strip()
    if text in ("current", "target"):
        return parse_state(text, None)
    return parse_state(None, text)


def finding_key(finding: Finding) -> str:
    return f"{finding.code} {finding.file}:{finding.line}:{finding.column}"


def run_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    monkeypatch.chdir(case)
    result = validate_paths([Path(".")], read_limits(case), read_state(case))
    if (case / "baseline.json").exists():
        result.apply_baseline(read_baseline(Path("baseline.json"), "baseline.json"))
    return result.findings


@pytest.mark.parametrize("case", CASE_DIRS, ids=[case.name for case in CASE_DIRS])
def test_case_produces_exactly_the_expected_findings(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = parse_expected(case / "expected.txt")
    findings = run_case(case, monkeypatch)

    assert sorted(finding_key(f) for f in findings) == sorted(e.key for e in expected)

    for wanted in expected:
        matching = [f for f in findings if finding_key(f) == wanted.key]
        for finding in matching:
            if wanted.severity is not None:
                assert finding.severity == wanted.severity, wanted.key
            if wanted.related is not None:
                assert tuple(str(where) for where in finding.related) == wanted.related, wanted.key
            if wanted.message_part is not None:
                assert wanted.message_part in finding.message, wanted.key


def test_every_rule_has_a_case() -> None:
    covered = {
        expected.code for case in CASE_DIRS for expected in parse_expected(case / "expected.txt")
    }
    assert sorted(set(ALL_RULES) - covered) == []


def test_every_case_folder_is_complete() -> None:
    for case in CASE_DIRS:
        assert (case / "expected.txt").is_file(), case.name
        assert (case / "architecture.yaml").is_file(), case.name


def test_expected_lines_are_read_in_full() -> None:
    """The expected.txt reader itself: every part of a line is understood."""
    (parsed,) = parse_expected(CASES / "ict201-duplicate-id" / "expected.txt")
    assert parsed == ExpectedFinding(
        "ICT201",
        "layers/b-platforms.yaml",
        8,
        9,
        severity="error",
        related=("layers/a-agencies.yaml:2:9",),
        message_part="duplicate id 'ubnd'",
    )


def test_case_limits_are_read_from_limits_txt() -> None:
    assert read_limits(CASES / "ict006-file-too-large") == Limits(max_file_bytes=200)
    assert read_limits(CASES / "clean-self-contained") == Limits()


def test_rules_overrides_act_on_findings_that_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without its rules: section, the rules-overrides case reports what the section hides."""
    source = (CASES / "rules-overrides" / "architecture.yaml").read_text(encoding="utf-8")
    without_rules = source.split("\nrules:\n", 1)[0] + "\n"
    (tmp_path / "architecture.yaml").write_text(without_rules, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    findings = validate_paths([Path(".")]).findings
    by_code = {f.code: f.severity for f in findings}
    assert by_code == {
        "ICT008": Severity.WARNING,
        "ICT401": Severity.WARNING,
        "ICT402": Severity.WARNING,
        "ICT403": Severity.WARNING,
        "ICT205": Severity.WARNING,
        "ICT102": Severity.ERROR,
    }


def test_python_tag_is_never_executed(monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES / "ict011-python-tag"
    run_case(case, monkeypatch)
    assert not (case / "pwned.txt").exists()
