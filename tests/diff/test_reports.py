"""The three report formats: JSON shape, Markdown escaping, text summary first."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from ictarch.diff import DIFF_REPORTERS, DiffReportSettings
from ictarch.diff.build import build_diff
from ictarch.diff.drawing import select_drawing
from ictarch.diff.model import ArchitectureDiff
from ictarch.markdown import escape_markdown
from ictarch.render import RenderSettings
from ictarch.render.dot import diagram_to_dot
from ictarch.render.mermaid import diagram_to_mermaid, mermaid_text
from tests.diff.helpers import (
    base_layers,
    diff_of,
    element,
    layers_copy,
    load,
    write_architecture,
)

HOSTILE = 'Cổng | <script>alert("x")</script> `rm -rf` @octocat *bold* [link](http://x) \\'


def _report(diff: ArchitectureDiff, output_format: str) -> str:
    out = io.StringIO()
    DIFF_REPORTERS[output_format](diff, DiffReportSettings(color=False), out)
    return out.getvalue()


@pytest.fixture
def busy_diff(tmp_path: Path) -> ArchitectureDiff:
    """A diff with one change of every kind."""
    old = layers_copy()
    old["services"].append({"id": "old-app", "name": "Ứng dụng cũ", "description": "x"})
    new = layers_copy()
    new["infrastructure"].append(
        {"id": "dc2", "name": HOSTILE, "description": "x", "owner": "so-tttt"}
    )
    element(new, "portal").update(id="cong-dvc", renamed_from="portal", tags=["citizens", "pay"])
    element(new, "cong-dvc")["depends_on"] = [
        "lgsp",
        {"any_of": ["dc", "dc2"]},
    ]
    element(new, "ubnd")["depends_on"] = ["cong-dvc", "mail"]
    element(new, "lgsp")["status"] = "retired"
    element(new, "dc")["depends_on"] = ["lgsp"]  # a cycle, and lgsp is retired
    return diff_of(tmp_path, old, new)


def test_json_shape(busy_diff: ArchitectureDiff) -> None:
    data = json.loads(_report(busy_diff, "json"))
    assert data["format"] == 1
    assert data["report"] == "diff"
    assert set(data["summary"]) >= {
        "added",
        "removed",
        "changed",
        "renamed",
        "relations_added",
        "relations_removed",
    }
    elements = data["elements"]
    assert elements["added"] == ["dc2"]
    assert elements["removed"] == ["old-app"]
    assert elements["renamed"] == [{"old": "portal", "new": "cong-dvc"}]
    (changed,) = [c for c in elements["changed"] if c["id"] == "cong-dvc"]
    assert changed["old_id"] == "portal"
    assert changed["fields"]["tags"] == {
        "old": ["citizens"],
        "new": ["citizens", "pay"],
        "added": ["pay"],
        "removed": [],
    }
    lgsp = next(c for c in elements["changed"] if c["id"] == "lgsp")
    assert lgsp["fields"]["status"] == {"old": "operational", "new": "retired"}
    assert ["cong-dvc", "dc2"] in data["relations"]["added"]
    assert ["portal", "cloud"] in data["relations"]["removed"]
    assert data["relations"]["any_of"][0]["from"] == "cong-dvc"
    assert data["impact"]["lgsp"] == ["cong-dvc", "dc", "mail", "ubnd"]
    assert data["impact"]["old-app"] == []
    assert data["impact_details"][0]["breaking"] is True
    introduced = data["findings"]["introduced"]
    assert {"code", "severity", "message", "file", "line", "column", "element"} <= set(
        introduced[0]
    )
    assert "ICT302" in {f["code"] for f in introduced}
    assert {f["element"] for f in data["findings"]["resolved"]} == {"old-app"}
    assert data["elements"]["index"]["dc2"]["name"] == HOSTILE
    assert data["rendered"] is None


def test_json_keeps_vietnamese_as_is(busy_diff: ArchitectureDiff) -> None:
    assert "Ứng dụng cũ" in _report(busy_diff, "json")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a|b", "a&#124;b"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("`code`", "&#96;code&#96;"),
        ("@octocat", "@&#8203;octocat"),
        ("@org/team", "@&#8203;org/team"),
        ("*a* _b_ [c](d)", "\\*a\\* \\_b\\_ \\[c\\](d)"),
        ("line\nbreak\r\nhere", "line break here"),
        ("a\\|b", "a\\\\&#124;b"),
        ("Quảng Nam & Đà Nẵng", "Quảng Nam &amp; Đà Nẵng"),
    ],
)
def test_markdown_escaping(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_markdown_report_cannot_be_broken_by_names(busy_diff: ArchitectureDiff) -> None:
    report = _report(busy_diff, "markdown")
    assert "<script>" not in report
    assert "@octocat" not in report
    assert "`rm" not in report
    rows = [line for line in report.splitlines() if "&lt;script&gt;" in line]
    assert rows
    for row in rows:  # the row of the added element keeps its 6 cells: the name's | is escaped
        assert row.startswith("| ")
        assert row.count("|") == 7
    assert report.startswith("<!-- ictarch-diff -->\n### Architecture diff")
    assert "| Elements added | 1 |" in report
    assert "<details" in report
    assert "</details>" in report
    assert "[!CAUTION]" in report  # lgsp retired while still needed
    assert "[!WARNING]" in report  # a cycle introduced


def test_markdown_opens_with_a_summary_table(busy_diff: ArchitectureDiff) -> None:
    lines = _report(busy_diff, "markdown").splitlines()
    table = lines.index("| Change | Count |")
    first_details = next(i for i, line in enumerate(lines) if line.startswith("<details"))
    assert table < first_details


def test_text_report_summary_comes_first_and_is_plain(busy_diff: ArchitectureDiff) -> None:
    report = _report(busy_diff, "text")
    assert "\x1b[" not in report
    lines = report.splitlines()
    assert lines[0].startswith("ictarch diff ")
    summary = next(i for i, line in enumerate(lines) if "Elements added" in line)
    details = next(i for i, line in enumerate(lines) if line.startswith("Added"))
    assert summary < details
    assert "↪ portal → cong-dvc" in report
    assert "+ dc2" in report
    assert "- old-app" in report
    assert "status: operational → retired" in report
    assert "tags: +pay" in report
    assert "✖ lgsp (operational → retired): 4 elements still depend on it" in report
    assert "ICT302" in report


def test_no_changes(tmp_path: Path) -> None:
    diff = diff_of(tmp_path, base_layers(), base_layers())
    assert "No changes." in _report(diff, "text")
    assert "No changes." in _report(diff, "markdown")
    assert json.loads(_report(diff, "json"))["summary"]["added"] == 0


def test_control_characters_in_names_reach_no_output(tmp_path: Path) -> None:
    old_dir = write_architecture(tmp_path / "old", base_layers())
    new = layers_copy()
    new["infrastructure"].append(
        {
            "id": "dc2",
            "name": "Trạm\x1b[31m đỏ\u202e cba\x07",
            "description": "x",
            "owner": "so-tttt",
        }
    )
    new_dir = write_architecture(tmp_path / "new", new)
    old, new_version = load(old_dir), load(new_dir)
    diff = build_diff(old, new_version)
    drawing = select_drawing(diff, old.architecture, new_version.architecture)
    outputs = {
        "text": _report(diff, "text"),
        "markdown": _report(diff, "markdown"),
        "dot": diagram_to_dot(drawing, RenderSettings()),
        "mermaid": diagram_to_mermaid(drawing),
    }
    for name, output in outputs.items():
        assert "\x1b" not in output, name
        assert "\u202e" not in output, name
        assert "\x07" not in output, name
        shown = {
            "markdown": "Trạm\\[31m đỏ cba",
            "mermaid": mermaid_text("Trạm[31m đỏ cba"),
        }.get(name, "Trạm[31m đỏ cba")
        assert shown in output, name


def test_json_report_parses_and_puts_each_change_on_one_line(tmp_path: Path) -> None:
    new = layers_copy()
    element(new, "portal")["name"] = 'Cổng "DVC" | <b>'
    diff = diff_of(tmp_path, base_layers(), new)
    out = io.StringIO()
    DIFF_REPORTERS["json"](diff, DiffReportSettings(color=False, rendered=None), out)
    text = out.getvalue()
    data = json.loads(text)
    assert data["elements"]["changed"][0]["fields"]["name"]["new"] == 'Cổng "DVC" | <b>'
    change_lines = [
        line for line in text.splitlines() if line.strip().startswith('{"id": "portal"')
    ]
    assert len(change_lines) == 1
    assert json.loads(change_lines[0].strip().rstrip(","))["id"] == "portal"
