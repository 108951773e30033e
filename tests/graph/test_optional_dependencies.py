"""``required: false`` through the commands: impact, analyze, diff, render, site.

The architecture is tests/cases/ict306-optional-dependency: the portal (critical)
uses the public Wi-Fi as a convenience (``required: false``), the IOC (high) needs
it, and the People's Committee needs both services. Expected values by hand.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from ictarch.cli import app

CASE = Path(__file__).resolve().parent.parent / "cases" / "ict306-optional-dependency"


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_impact_says_degraded_not_down(runner: CliRunner) -> None:
    text = run(runner, "impact", str(CASE), "wifi")
    assert "Degraded, still up without an optional dependency:" in text
    assert "cong-dvc (Cổng dịch vụ công) — lost wifi" in text
    assert "2 elements down, 1 degraded." in text
    data = json.loads(run(runner, "impact", str(CASE), "wifi", "--format", "json"))
    assert data["affected"] == ["ioc", "ubnd"]
    assert data["degraded"] == ["cong-dvc"]
    assert data["lost"] == {"cong-dvc": ["wifi"]}
    assert data["saved_by"] == {}


def test_analyze_does_not_count_an_optional_dependency_as_a_single_point_of_failure(
    runner: CliRunner,
) -> None:
    data = json.loads(run(runner, "analyze", str(CASE), "--format", "json"))
    assert data["spof"]["cong-dvc"] == []
    assert data["spof"]["ioc"] == ["wifi"]
    assert data["spof"]["ubnd"] == ["cong-dvc", "ioc", "wifi"]


def test_diff_removing_an_optional_dependency_degrades(runner: CliRunner, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(CASE, new)
    text = (new / "architecture.yaml").read_text(encoding="utf-8")
    # the new version retires the Wi-Fi: the IOC no longer uses it, the portal still
    # lists it as optional (ICT202 in the new version, but the impact is what counts here)
    text = text.replace("    depends_on: [wifi]\n", "    depends_on: []\n")
    (new / "architecture.yaml").write_text(text.split("infrastructure:\n")[0], encoding="utf-8")
    result = runner.invoke(app, ["diff", str(CASE), str(new), "--format", "json"])
    data = json.loads(result.stdout)
    [details] = data["impact_details"]
    assert details["id"] == "wifi"
    assert details["breaking"] is False
    assert details["affected_by_layer"] == {}
    assert details["lost"] == {"cong-dvc": ["wifi"]}
    text_report = runner.invoke(app, ["diff", str(CASE), str(new)]).stdout
    assert "cong-dvc (lost wifi)" in text_report


def test_render_draws_a_dotted_edge_explained_in_the_legend(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(runner, "render", str(CASE), "-o", str(out), "-f", "dot", "-f", "mermaid")
    dot = (out / "overview.dot").read_text(encoding="utf-8")
    assert "e_cong_dvc -> e_wifi [arrowhead=odot style=dotted" in dot
    assert "e_ioc -> e_wifi [" in dot
    assert "e_ioc -> e_wifi [arrowhead" not in dot
    assert "A ··○ B: A works without B, only degraded (required: false)" in dot
    mermaid = (out / "overview.mmd").read_text(encoding="utf-8")
    assert "e_cong_dvc -.-o e_wifi" in mermaid
    assert "e_ioc --> e_wifi" in mermaid
    assert 'legend_optional["A ··○ B' in mermaid


def test_site_marks_the_optional_need(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(runner, "site", str(CASE), "-o", str(out))
    portal = (out / "elements" / "cong-dvc.html").read_text(encoding="utf-8")
    assert "(optional: without it this element is degraded, not down)" in portal
    wifi = (out / "elements" / "wifi.html").read_text(encoding="utf-8")
    assert "(optional: degraded without it)" in wifi
    assert "1 element loses an alternative or an optional dependency but stays up:" in wifi
    assert "2 elements go down with it:" in wifi


def test_diff_reports_a_dependency_that_becomes_optional(runner: CliRunner, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(CASE, new)
    text = (new / "architecture.yaml").read_text(encoding="utf-8")
    # the IOC's need of the Wi-Fi becomes a convenience; the portal's becomes a need
    text = text.replace(
        "    depends_on: [wifi]\n", "    depends_on: [{id: wifi, required: false}]\n"
    )
    text = text.replace("      - id: wifi\n        required: false\n", "      - id: wifi\n")
    (new / "architecture.yaml").write_text(text, encoding="utf-8")
    data = json.loads(run(runner, "diff", str(CASE), str(new), "--format", "json"))
    assert data["relations"]["added"] == []
    assert data["relations"]["removed"] == []
    assert data["relations"]["required_changed"] == [
        {"from": "cong-dvc", "to": "wifi", "required": True},
        {"from": "ioc", "to": "wifi", "required": False},
    ]
    report = run(runner, "diff", str(CASE), str(new))
    assert "cong-dvc: wifi is now required (was required: false)" in report
    assert "ioc: wifi is now optional (required: false)" in report
    markdown = run(runner, "diff", str(CASE), str(new), "--format", "markdown")
    assert "<code>ioc</code>: wifi is now optional (required: false)" in markdown
    failed = runner.invoke(app, ["diff", str(CASE), str(new), "--fail-on", "relations"])
    assert failed.exit_code == 1
