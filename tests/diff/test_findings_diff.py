"""Findings introduced and resolved, matched by code, element and data, not message or line."""

from __future__ import annotations

from pathlib import Path

from ictarch.diff.findings_diff import compare_findings, finding_key
from ictarch.findings import Finding, Severity
from tests.diff.helpers import base_layers, diff_of, element, layers_copy

CYCLE = "ICT302"


def test_a_new_dependency_cycle_is_introduced(tmp_path: Path) -> None:
    new = layers_copy()
    element(new, "dc")["depends_on"] = ["lgsp"]  # lgsp -> dc -> lgsp
    diff = diff_of(tmp_path, base_layers(), new)
    codes = [finding.code for finding in diff.findings.introduced]
    assert CYCLE in codes
    cycle = next(f for f in diff.findings.introduced if f.code == CYCLE)
    assert cycle.severity is Severity.ERROR
    assert "new" in cycle.file  # located in the new version
    assert diff.findings.introduced_errors
    assert not diff.findings.resolved


def test_fixing_the_cycle_resolves_it(tmp_path: Path) -> None:
    old = layers_copy()
    element(old, "dc")["depends_on"] = ["lgsp"]
    diff = diff_of(tmp_path, old, base_layers())
    assert [f.code for f in diff.findings.resolved if f.code == CYCLE] == [CYCLE]
    assert not diff.findings.introduced


def test_moving_an_element_to_other_lines_changes_no_finding(tmp_path: Path) -> None:
    old = layers_copy()
    del element(old, "mail")["description"]  # ICT401 warning on mail
    new = layers_copy(old)
    new["services"].reverse()  # mail now sits on other lines
    new["agencies"].reverse()
    diff = diff_of(tmp_path, old, new)
    assert not diff.findings.introduced
    assert not diff.findings.resolved


def test_findings_about_a_renamed_element_follow_the_rename(tmp_path: Path) -> None:
    old = layers_copy()
    del element(old, "mail")["description"]
    new = layers_copy(old)
    element(new, "mail").update(id="email", renamed_from="mail")
    element(new, "ubnd")["depends_on"] = ["portal", "email"]
    diff = diff_of(tmp_path, old, new)
    assert not diff.findings.introduced
    assert not diff.findings.resolved


def _finding(code: str, message: str, line: int, element: str | None = "a", **args: str) -> Finding:
    return Finding("f.yaml", line, 1, code, Severity.WARNING, message, element, args=args)


def test_findings_match_on_their_data_not_their_message_or_place() -> None:
    first = _finding("ICT999", "see layers/a.yaml:12:3 and line 4", 1, target="x")
    second = _finding("ICT999", "xem dòng 9", 7, target="x")
    other = _finding("ICT999", "see layers/a.yaml:12:3 and line 4", 1, target="y")
    assert finding_key(first) == finding_key(second)
    assert finding_key(first) != finding_key(other)
    renamed = _finding("ICT999", "", 1, element="b", target="old")
    assert finding_key(renamed, {"old": "x", "b": "a"}) == finding_key(first)


def test_matching_counts_duplicates_and_sets_reworded_findings_apart() -> None:
    old = [
        _finding("ICT306", "'a' fails if x fails", 1, culprit="x"),
        _finding("ICT401", "no owner", 2),
    ]
    new = [
        _finding("ICT306", "'a' fails if y fails", 5, culprit="y"),
        _finding("ICT401", "no owner", 9),
        _finding("ICT401", "no owner", 9, element="b"),
        _finding("ICT201", "unknown id 'zzz'", 3, element=None),
    ]
    result = compare_findings(old, new)
    assert [(f.code, f.element) for f in result.introduced] == [
        ("ICT201", None),
        ("ICT401", "b"),
    ]
    assert result.resolved == []
    assert [(o.message, n.message) for o, n in result.changed] == [
        ("'a' fails if x fails", "'a' fails if y fails")
    ]
