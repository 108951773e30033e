"""ictarch impact and analyze through the CLI, on the bundled Quảng Nam architecture."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ictarch.cli import app
from tests.conftest import QUANG_NAM


def test_impact_json_lists_what_the_data_centre_takes_down(runner: CliRunner) -> None:
    result = runner.invoke(app, ["impact", str(QUANG_NAM), "tsdl-tinh", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["failed"] == ["tsdl-tinh"]
    assert set(data) >= {"failed", "affected", "degraded", "by_layer"}
    assert "email-cong-vu" in data["affected"]
    assert all(chain[0] == "tsdl-tinh" for chain in data["chains"].values())
    # Saved by the backup site: degraded, not down.
    assert data["degraded"]
    assert not set(data["degraded"]) & set(data["affected"])
    assert sorted(a for ids in data["by_layer"].values() for a in ids) == data["affected"]


def test_impact_of_both_data_centres_is_larger_than_of_one(runner: CliRunner) -> None:
    one = runner.invoke(app, ["impact", str(QUANG_NAM), "tsdl-tinh", "-f", "json"])
    both = runner.invoke(
        app, ["impact", str(QUANG_NAM), "tsdl-tinh", "tsdl-du-phong", "-f", "json"]
    )
    assert set(json.loads(one.stdout)["affected"]) < set(json.loads(both.stdout)["affected"])


def test_impact_unknown_id_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["impact", str(QUANG_NAM), "lgps"])
    assert result.exit_code == 2
    assert "did you mean 'lgsp'" in result.stderr


def test_impact_text_and_markdown(runner: CliRunner) -> None:
    text = runner.invoke(app, ["impact", str(QUANG_NAM), "wan-cqnn"])
    assert text.exit_code == 0
    assert "Mạng truyền số liệu chuyên dùng" in text.stdout
    assert "\x1b[" not in text.stdout
    markdown = runner.invoke(app, ["impact", str(QUANG_NAM), "wan-cqnn", "-f", "markdown"])
    assert markdown.stdout.startswith("## Impact of the failure of `wan-cqnn`")


def test_analyze_json_shape_and_story(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", str(QUANG_NAM), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"spof", "blast_radius", "metrics"}
    radius = {item["id"]: item["brings_down"] for item in data["blast_radius"]}
    # The government WAN has no alternative: it is the largest single point of failure.
    assert max(radius, key=lambda k: radius[k]) == "wan-cqnn"
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
