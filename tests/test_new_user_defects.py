"""What a new user hit in a first walk through the tool (issue 10, item 2): each a test.

Every test here failed before its fix.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from tests.conftest import QUANG_NAM


@pytest.fixture
def quang_nam(tmp_path: Path) -> Path:
    return Path(shutil.copytree(QUANG_NAM, tmp_path / "quang-nam"))


def validate_json(runner: CliRunner, path: Path, *arguments: str) -> dict[str, Any]:
    result = runner.invoke(app, ["validate", str(path), "--format", "json", *arguments])
    assert result.exit_code in (0, 1), result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def codes(report: dict[str, Any]) -> list[str]:
    return [finding["code"] for finding in report["findings"]]


# One wrong indentation or layer key: the root cause first, the noise left out


def test_a_layer_key_typo_is_the_root_cause_not_68_unknown_ids(
    runner: CliRunner, quang_nam: Path
) -> None:
    services = quang_nam / "layers" / "services.yaml"
    services.write_text(
        services.read_text(encoding="utf-8").replace("\nservices:\n", "\nservice:\n"),
        encoding="utf-8",
    )
    report = validate_json(runner, quang_nam)
    assert "ICT202" not in codes(report)
    assert report["summary"]["left_out"] > 30
    [cause] = report["root_causes"]
    assert cause["code"] == "ICT102"
    assert "did you mean 'services'" in cause["message"]
    assert "elements were not read" in cause["message"]
    text = runner.invoke(app, ["validate", str(quang_nam)]).stdout.splitlines()
    assert text[0].startswith("Fix this first")
    assert "unknown layer or field 'service'" in text[1]
    assert "left out" in text[2]


@pytest.mark.parametrize(
    ("change", "plain"),
    [
        (("    kind: portal\n", "   kind: portal\n"), "indented differently"),
        (("    kind: portal\n", "      kind: portal\n"), "probably indented too far"),
        (("    owner: vp-ubnd-tinh\n", "    owner vp-ubnd-tinh\n"), "a ':' is missing"),
    ],
    ids=["one-space-less", "two-spaces-more", "missing-colon"],
)
def test_a_syntax_error_is_said_in_plain_words_and_first(
    runner: CliRunner, quang_nam: Path, change: tuple[str, str], plain: str
) -> None:
    services = quang_nam / "layers" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    assert change[0] in text
    services.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    report = validate_json(runner, quang_nam)
    assert "ICT202" not in codes(report)
    assert report["summary"]["left_out"] > 30
    [cause] = report["root_causes"]
    assert cause["code"] == "ICT001"
    assert plain in cause["message"]
    assert "(YAML: " in cause["message"]  # the parser's own words are kept, last
    output = runner.invoke(app, ["validate", str(quang_nam)]).stdout
    assert output.index("ICT001") < output.index("ICT504")
    github = runner.invoke(app, ["validate", str(quang_nam), "-f", "github"]).stdout
    assert "'not defined' finding(s) left out" in github.splitlines()[-1]


def test_a_real_typo_elsewhere_is_still_reported(runner: CliRunner, quang_nam: Path) -> None:
    services = quang_nam / "layers" / "services.yaml"
    services.write_text(
        services.read_text(encoding="utf-8").replace("\nservices:\n", "\nservice:\n"),
        encoding="utf-8",
    )
    agencies = quang_nam / "layers" / "agencies.yaml"
    text = agencies.read_text(encoding="utf-8")
    agencies.write_text(text.replace("      - qlvb\n", "      - lgps\n", 1), encoding="utf-8")
    report = validate_json(runner, quang_nam)
    targets = [f["args"]["target"] for f in report["findings"] if f["code"] == "ICT202"]
    assert targets == ["lgps"]


def test_nothing_is_suppressed_in_a_readable_architecture(runner: CliRunner) -> None:
    report = validate_json(runner, QUANG_NAM)
    assert report["root_causes"] == []
    assert report["summary"]["left_out"] == 0


# The GitHub summary line counts infos


def test_github_summary_counts_infos(runner: CliRunner, quang_nam: Path) -> None:
    root = quang_nam / "architecture.yaml"
    text = root.read_text(encoding="utf-8")
    assert "\nrules:" not in text
    root.write_text(text + "rules: {ICT306: info}\n", encoding="utf-8")
    report = validate_json(runner, quang_nam)
    infos = report["summary"]["infos"]
    assert infos > 0
    github = runner.invoke(app, ["validate", str(quang_nam), "-f", "github"]).stdout
    assert f"{infos} infos" in github.splitlines()[-1]


# Messages


def write_root(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "architecture.yaml").write_text(text, encoding="utf-8")
    return folder


HEAD = "ictarch: 1\narchitecture: {id: a, name: A, owner: ubnd}\n"
AGENCY = "agencies:\n  - {id: ubnd, name: U, description: D.}\n"


@pytest.mark.parametrize("date", ["22-10-10", "2022/10/10", "10-10-2022", "2022-13-45"])
def test_one_bad_date_is_one_finding(runner: CliRunner, tmp_path: Path, date: str) -> None:
    root = HEAD.replace("owner: ubnd}", f"owner: ubnd, released: '{date}'}}")
    report = validate_json(runner, write_root(tmp_path / "a", root + AGENCY))
    assert codes(report) == ["ICT104"], report["findings"]


def test_rule_severity_choices_are_spelt_as_in_yaml(runner: CliRunner, tmp_path: Path) -> None:
    report = validate_json(runner, write_root(tmp_path / "a", HEAD + "rules: {ICT301: fatal}\n"))
    [message] = [f["message"] for f in report["findings"] if f["code"] == "ICT104"]
    assert "False" not in message
    assert "error, warning, info, off" in message


def test_a_quoted_format_version_says_the_quotes_are_the_problem(
    runner: CliRunner, tmp_path: Path
) -> None:
    report = validate_json(runner, write_root(tmp_path / "a", 'ictarch: "1"\n'))
    [finding] = report["findings"]
    assert finding["code"] == "ICT010"
    assert "remove the quotes" in finding["message"]


@pytest.mark.parametrize(
    ("written", "column"),
    [("kind: public service", 17), ('kind: "public service"', 18), ("kind: Portal", 11)],
    ids=["plain", "quoted", "capital"],
)
def test_an_invalid_kind_points_at_the_bad_character(
    runner: CliRunner, tmp_path: Path, written: str, column: int
) -> None:
    text = HEAD + f"agencies:\n  - id: ubnd\n    name: U\n    description: D.\n    {written}\n"
    report = validate_json(runner, write_root(tmp_path / "a", text))
    [finding] = [f for f in report["findings"] if f["code"] == "ICT104"]
    assert (finding["line"], finding["column"]) == (7, column)
    assert "e.g. 'public-service'" in finding["message"] or "e.g. 'portal'" in finding["message"]


def test_ict306_names_the_criticality(runner: CliRunner) -> None:
    report = validate_json(runner, QUANG_NAM)
    messages = [f["message"] for f in report["findings"] if f["code"] == "ICT306"]
    assert messages
    assert all(" has criticality high " in m or " has criticality critical " in m for m in messages)


def test_rules_command_shows_one_rule_in_full(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "ICT306"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ICT306 critical-single-point-of-failure (warning)")
    assert "Example:\n    criticality: high" in result.stdout
    assert "Fix: Add redundancy" in result.stdout
    by_name = runner.invoke(app, ["rules", "critical-single-point-of-failure"])
    assert by_name.stdout == result.stdout
    unknown = runner.invoke(app, ["rules", "ICT36"])
    assert unknown.exit_code == 2
    assert "did you mean 'ICT306'" in unknown.stderr


def test_an_any_of_edge_is_not_one_of_two_when_both_are_drawn(
    runner: CliRunner, tmp_path: Path
) -> None:
    """b stands in two groups of x: the graph keeps one edge x -> b, so one group
    appeared with a single edge labelled "1 of 2 shown" although b is drawn."""
    text = (
        HEAD
        + AGENCY
        + "rules: {ICT402: off, ICT403: off, ICT401: off}\n"
        + "platforms:\n"
        + "  - {id: x, name: X, depends_on: [{any_of: [a, b]}, {any_of: [b, c]}]}\n"
        + "  - {id: a, name: A}\n  - {id: b, name: B}\n  - {id: c, name: C}\n"
    )
    folder = write_root(tmp_path / "a", text)
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(folder), "-f", "mermaid", "-o", str(out)])
    assert result.exit_code == 0, result.output
    mermaid = (out / "overview.mmd").read_text(encoding="utf-8")
    assert "1 of 2 shown" not in mermaid
    assert "any of" in mermaid


def test_the_markdown_diff_names_the_drawing_relative_to_itself(
    runner: CliRunner, tmp_path: Path
) -> None:
    from tests.conftest import QUANG_NAM_2021

    report = tmp_path / "out" / "diff.md"
    drawing = tmp_path / "out" / "diff.mmd"
    result = runner.invoke(
        app,
        [
            "diff",
            str(QUANG_NAM_2021),
            str(QUANG_NAM),
            "-f",
            "markdown",
            "--render",
            str(drawing),
            "-o",
            str(report),
        ],
    )
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    assert str(tmp_path) not in text
    assert "<code>diff.mmd</code>" in text
