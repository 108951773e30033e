"""ictarch impact and analyze through the CLI, on the bundled Quảng Nam architecture."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from ictarch.graph import resilience
from ictarch.render.styles import HIGHLIGHT_STYLES
from tests.conftest import QUANG_NAM


def test_impact_json_lists_what_the_data_centre_takes_down(runner: CliRunner) -> None:
    result = runner.invoke(app, ["impact", str(QUANG_NAM), "tsdl-tinh", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["failed"] == ["tsdl-tinh"]
    assert set(data) >= {"failed", "affected", "degraded", "by_layer"}
    assert {"email-cong-vu", "lgsp", "ioc-tinh"} <= set(data["affected"])
    assert all(chain[0] == "tsdl-tinh" for chain in data["chains"].values())
    # The backup site is only a planned assumption: nothing is saved by it; what is
    # degraded only lost an optional dependency (district IOCs: the provincial IOC).
    assert data["saved_by"] == {}
    assert set(data["degraded"]) == set(data["lost"])
    assert data["lost"]["ioc-bac-tra-my"] == ["ioc-tinh"]
    assert sorted(a for ids in data["by_layer"].values() for a in ids) == data["affected"]


def test_impact_of_the_vnpt_cloud_degrades_what_also_runs_in_the_data_centre(
    runner: CliRunner,
) -> None:
    result = runner.invoke(app, ["impact", str(QUANG_NAM), "vnpt-cloud", "--format", "json"])
    data = json.loads(result.stdout)
    assert "csdl-giao-duc" in data["affected"]
    # any_of [tsdl-tinh, vnpt-cloud]: degraded, not down.
    assert {"ioc-tinh", "quang-nam-truc-tuyen", "csdl-du-lich"} <= set(data["degraded"])
    assert not set(data["degraded"]) & set(data["affected"])


def test_impact_of_two_failures_is_larger_than_of_one(runner: CliRunner) -> None:
    one = runner.invoke(app, ["impact", str(QUANG_NAM), "tsdl-tinh", "-f", "json"])
    both = runner.invoke(app, ["impact", str(QUANG_NAM), "tsdl-tinh", "vnpt-cloud", "-f", "json"])
    assert set(json.loads(one.stdout)["affected"]) < set(json.loads(both.stdout)["affected"])


def test_impact_unknown_id_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["impact", str(QUANG_NAM), "lgps"])
    assert result.exit_code == 2
    assert "did you mean 'lgsp'" in result.stderr


def test_impact_text_and_markdown(runner: CliRunner) -> None:
    text = runner.invoke(app, ["impact", str(QUANG_NAM), "wan-cqnn"])
    assert text.exit_code == 0
    assert "Mạng diện rộng (WAN) của các cơ quan nhà nước" in text.stdout
    assert "\x1b[" not in text.stdout
    markdown = runner.invoke(app, ["impact", str(QUANG_NAM), "wan-cqnn", "-f", "markdown"])
    assert markdown.stdout.startswith("## Impact of the failure of `wan-cqnn`")


def test_analyze_json_shape_and_story(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", str(QUANG_NAM), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"spof", "blast_radius", "metrics"}
    radius = {item["id"]: item["brings_down"] for item in data["blast_radius"]}
    # The provincial data centre has no alternative (the backup site is a planned
    # assumption): it is the largest single point of failure, then the government WAN.
    ranked = sorted(radius, key=lambda k: (-radius[k], k))
    assert ranked[:2] == ["tsdl-tinh", "wan-cqnn"]
    assert data["metrics"]["by_layer"]["agencies"] >= 10
    assert data["metrics"]["platform_reuse"][0]["services"] > 1


def test_analyze_markdown_and_text(runner: CliRunner) -> None:
    markdown = runner.invoke(app, ["analyze", str(QUANG_NAM), "-f", "markdown"])
    assert "### Single points of failure" in markdown.stdout
    text = runner.invoke(app, ["analyze", str(QUANG_NAM)])
    assert "[infrastructure]" in text.stdout  # user text is never read as markup


def test_analyze_missing_path(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", "/nonexistent/arch"])
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr


def test_impact_render_draws_failed_affected_and_degraded(
    runner: CliRunner, tmp_path: Path
) -> None:
    drawing = tmp_path / "impact.dot"
    result = runner.invoke(app, ["impact", str(QUANG_NAM), "vnpt-cloud", "--render", str(drawing)])
    assert result.exit_code == 0, result.output
    dot = drawing.read_text(encoding="utf-8")
    styles = {name: style.fill for name, style in HIGHLIGHT_STYLES.items()}
    # the failed cloud in red, an element it takes down in orange, one saved in yellow
    assert re.search(r'e_vnpt_cloud \[[^\]]*fillcolor="' + styles["failed"], dot)
    assert re.search(r'e_csdl_giao_duc \[[^\]]*fillcolor="' + styles["affected"], dot)
    assert re.search(r'e_ioc_tinh \[[^\]]*fillcolor="' + styles["degraded"], dot)
    assert "Hạ tầng điện toán đám mây VNPT Cloud" in dot
    again = tmp_path / "again.dot"
    runner.invoke(app, ["impact", str(QUANG_NAM), "vnpt-cloud", "--render", str(again)])
    assert again.read_bytes() == drawing.read_bytes()


def test_impact_render_svg_and_mermaid(runner: CliRunner, tmp_path: Path) -> None:
    svg = tmp_path / "impact.svg"
    mermaid = tmp_path / "impact.mmd"
    for target in (svg, mermaid):
        result = runner.invoke(app, ["impact", str(QUANG_NAM), "wan-cqnn", "--render", str(target)])
        assert result.exit_code == 0, result.output
    assert "Mạng truyền số liệu chuyên dùng" in svg.read_text(encoding="utf-8")
    assert re.search(
        r"class [A-Za-z_,]*\be_wan_cqnn\b[A-Za-z_,]* highlight_failed", mermaid.read_text("utf-8")
    )


def test_impact_render_unknown_extension_is_a_usage_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["impact", str(QUANG_NAM), "lgsp", "--render", str(tmp_path / "x.jpg")]
    )
    assert result.exit_code == 2
    assert "cannot tell the format" in result.stderr
    assert not (tmp_path / "x.jpg").exists()


def test_control_characters_in_names_never_reach_the_output(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "architecture.yaml").write_text(
        "ictarch: 1\n"
        'architecture: {id: e, name: "T\\e]0;pwned\\a", owner: o}\n'
        "agencies:\n"
        '  - {id: o, name: "N\\0UL \\e[2J", kind: agency, description: d, depends_on: [s]}\n'
        "services:\n"
        '  - {id: s, name: "S\\e[31m\\u202eevil", kind: service, description: d, owner: o}\n',
        encoding="utf-8",
    )
    for arguments in (["analyze"], ["impact"], ["analyze", "-f", "markdown"]):
        extra = ["s"] if arguments[0] == "impact" else []
        result = runner.invoke(app, [arguments[0], str(tmp_path), *extra, *arguments[1:]])
        assert result.exit_code == 0, result.output
        assert not {"\x1b", "\x00", "\x07", "\u202e"} & set(result.stdout)
        assert "S[31mevil" in result.stdout or "S\\[31mevil" in result.stdout


def test_analyze_of_a_huge_chain_is_refused_clearly(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resilience, "MAX_SET_ENTRIES", 50)
    lines = ["ictarch: 1", "architecture: {id: c, name: C}", "services:"]
    for n in range(20):
        needs = f"[s{n + 1}]" if n < 19 else "[]"
        lines.append(f"  - {{id: s{n}, name: S, description: d, depends_on: {needs}}}")
    (tmp_path / "architecture.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path)])
    assert result.exit_code == 2
    assert "too long to compute single points of failure" in result.stderr


def write_chain(folder: Path, length: int) -> Path:
    """A dependency chain ``length`` platforms long under one service (issue 10)."""
    lines = [
        "ictarch: 1\narchitecture: {id: chain, name: Chuỗi, owner: ubnd}\n",
        "rules: {ICT401: off, ICT402: off}\n",
        "agencies:\n  - {id: ubnd, name: UBND}\nplatforms:\n",
    ]
    for n in range(length):
        depends = f"[p{n + 1}]" if n + 1 < length else "[]"
        lines.append(f"  - {{id: p{n}, name: P {n}, owner: ubnd, depends_on: {depends}}}\n")
    lines.append("services:\n  - {id: portal, name: Cổng, owner: ubnd, depends_on: [p0]}\n")
    folder.mkdir()
    (folder / "architecture.yaml").write_text("".join(lines), encoding="utf-8")
    return folder


def test_long_chains_are_summarised_in_text_and_markdown(runner: CliRunner, tmp_path: Path) -> None:
    """A 4,800-long chain made impact write every chain in full (173 MB in JSON,
    115 MB in text): chains longer than 8 show their ends and a count."""
    folder = write_chain(tmp_path / "chain", 300)
    text = runner.invoke(app, ["impact", str(folder), "p299"])
    assert text.exit_code == 0, text.output
    assert "portal ← p0 ← p1 ← p2 ← … 293 more elements … ← p296 ← p297 ← p298 ← p299" in (
        text.stdout
    )
    assert len(text.stdout) < 300 * 200  # linear in the elements, not quadratic
    markdown = runner.invoke(app, ["impact", str(folder), "p299", "-f", "markdown"])
    assert "293 more elements" in markdown.stdout
    assert len(markdown.stdout) < 300 * 200
    analysis = runner.invoke(app, ["analyze", str(folder)])
    assert "deepest dependency chain: 300 steps (portal → p0 → p1 → p2 → … 293 more" in (
        analysis.stdout
    )


def test_json_chains_are_shortened_unless_asked_for_whole(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = write_chain(tmp_path / "chain", 300)
    short = json.loads(runner.invoke(app, ["impact", str(folder), "p299", "-f", "json"]).stdout)
    assert short["chains"]["portal"] == ["p299", "p298", "p297", "p296", "p2", "p1", "p0", "portal"]
    assert short["chain_lengths"]["portal"] == 301
    assert short["chains"]["p295"] == ["p299", "p298", "p297", "p296", "p295"]
    assert "p295" not in short["chain_lengths"]
    # causes give every chain whole, in linear space
    chain, element = ["portal"], "portal"
    while element in short["causes"]:
        element = short["causes"][element]
        chain.append(element)
    assert chain[::-1] == ["p299", *(f"p{n}" for n in range(298, -1, -1)), "portal"]
    whole = json.loads(
        runner.invoke(app, ["impact", str(folder), "p299", "-f", "json", "--full-chains"]).stdout
    )
    assert whole["chains"]["portal"] == chain[::-1]
    assert whole["chain_lengths"] == {}
