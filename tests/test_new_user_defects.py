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
    assert report["summary"]["suppressed"] > 30
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
    assert report["summary"]["suppressed"] > 30
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
    assert report["summary"]["suppressed"] == 0


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
    assert f"{infos} info(s)" in github.splitlines()[-1]
