"""``ictarch diff`` end to end: exit codes, --fail-on, --render, the Quảng Nam story."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from tests.conftest import QUANG_NAM, QUANG_NAM_2021
from tests.diff.helpers import base_layers, element, layers_copy, write_architecture
from tests.diff.test_sources import git


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old = layers_copy()
    old["services"].append(
        {"id": "old-app", "name": "Old app", "description": "x", "owner": "so-tttt"}
    )
    element(old, "ubnd")["depends_on"] = ["portal", "mail", "old-app"]
    new = layers_copy()
    element(new, "mail")["tags"] = ["email"]
    element(new, "mail")["depends_on"] = ["cloud"]
    element(new, "ubnd")["depends_on"] = ["portal", "mail", "old-app"]  # now dangling
    return write_architecture(tmp_path / "old", old), write_architecture(tmp_path / "new", new)


def _diff(runner: CliRunner, *arguments: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["diff", *map(str, arguments)])
    return result.exit_code, result.output


def test_exit_zero_without_fail_on(runner: CliRunner, versions: tuple[Path, Path]) -> None:
    code, output = _diff(runner, *versions)
    assert code == 0, output
    assert "Elements removed" in output


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("removed", 1),
        ("changed", 1),
        ("relations", 1),
        ("any", 1),
        ("added", 0),
        ("breaking", 1),  # ubnd depended on old-app, and still does (dangling)
        ("new-errors", 1),  # the dangling reference is an error
        ("new-findings", 1),
    ],
)
def test_fail_on(
    runner: CliRunner, versions: tuple[Path, Path], condition: str, expected: int
) -> None:
    old, new = versions
    code, output = _diff(runner, old, new, "--fail-on", condition, "--format", "json")
    assert code == expected, output


def test_fail_on_is_repeatable_and_breaking_needs_impact(runner: CliRunner, tmp_path: Path) -> None:
    old = layers_copy()
    old["services"].append(
        {"id": "old-app", "name": "Old app", "description": "x", "owner": "so-tttt"}
    )
    old_dir = write_architecture(tmp_path / "old", old)
    new_dir = write_architecture(tmp_path / "new", base_layers())
    code, _ = _diff(runner, old_dir, new_dir, "--fail-on", "breaking", "--fail-on", "new-errors")
    assert code == 0  # removed, but nothing depended on it
    code, _ = _diff(runner, old_dir, new_dir, "--fail-on", "breaking", "--fail-on", "removed")
    assert code == 1


def test_identical_versions_never_fail(runner: CliRunner, tmp_path: Path) -> None:
    directory = write_architecture(tmp_path / "same", base_layers())
    code, output = _diff(runner, directory, directory, "--fail-on", "any")
    assert code == 0
    assert "No changes." in output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--fail-on", "everything"], "unknown --fail-on 'everything'"),
        (["--format", "html"], "unknown format 'html'"),
        (["--render", "x.jpg"], "x.jpg: cannot tell the format from the extension"),
    ],
)
def test_usage_errors_exit_2(
    runner: CliRunner, versions: tuple[Path, Path], arguments: list[str], message: str
) -> None:
    result = runner.invoke(app, ["diff", *map(str, versions), *arguments])
    assert result.exit_code == 2
    assert message in result.output


def test_missing_path_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    code, output = _diff(runner, tmp_path / "nowhere", tmp_path / "nowhere-either")
    assert code == 2
    assert "no such file or directory" in output


def test_revision_errors_exit_2(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = tmp_path / "repo"
    repository.mkdir()
    git(repository, "init", "-q")
    write_architecture(repository / "arch", base_layers())
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "v1")
    monkeypatch.chdir(repository)
    code, output = _diff(runner, "HEAD:arch", "arch", "--fail-on", "any")
    assert code == 0, output
    code, output = _diff(runner, "origin/main:arch", "arch")
    assert code == 2
    assert "unknown revision 'origin/main'" in output
    code, output = _diff(runner, "HEAD:architectures/x", "arch")
    assert code == 2
    assert "does not exist in revision 'HEAD'" in output


def test_render_and_output_files(
    runner: CliRunner, versions: tuple[Path, Path], tmp_path: Path
) -> None:
    drawing, report = tmp_path / "out" / "diff.mmd", tmp_path / "out" / "diff.md"
    code, output = _diff(
        runner, *versions, "--render", drawing, "--format", "markdown", "-o", report
    )
    assert code == 0, output
    assert output == ""
    assert "flowchart TB" in drawing.read_text(encoding="utf-8")
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!-- ictarch-diff -->")
    assert "diff.mmd" in text


def test_quang_nam_2021_to_2022_tells_the_story(runner: CliRunner) -> None:
    result = runner.invoke(app, ["diff", str(QUANG_NAM_2021), str(QUANG_NAM), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["old"]["version"], data["new"]["version"]) == (
        "tái dựng 2021",
        "dự thảo 10/10/2022",
    )
    elements = data["elements"]
    # the electronic one-stop system became the administrative-procedure system
    assert {"old": "mot-cua-dien-tu", "new": "he-thong-tthc"} in elements["renamed"]
    assert "mot-cua-dien-tu" not in elements["removed"]
    assert "he-thong-tthc" not in elements["added"]
    tthc = next(c for c in elements["changed"] if c["id"] == "he-thong-tthc")
    assert tthc["fields"]["implements"]["added"] == ["vn-egov.tthc-system"]
    assert tthc["fields"]["implements"]["removed"] == ["vn-egov.one-stop"]
    # nothing is removed: the unsupported legacy software left both versions
    assert elements["removed"] == []
    # the 2022 project (SOC, shared data warehouse, open data), the IoT platform and the
    # backup site (both assumptions, planned), the population database and VNeID
    for added in (
        "soc",
        "kho-du-lieu",
        "cong-du-lieu-mo",
        "iot-platform",
        "tsdl-du-phong",
        "csdl-dan-cu",
        "vneid",
    ):
        assert added in elements["added"], added
    # district IOCs: Bắc Trà My and Nam Trà My operating, Hội An in trial
    assert {"ioc-bac-tra-my", "ioc-nam-tra-my", "ioc-hoi-an"} <= set(elements["added"])
    # the provincial reporting system, which the 2021 reconstruction does not show
    assert "he-thong-bao-cao" in elements["added"]
    # the backup site is a planned assumption: no system relies on it
    assert not any("tsdl-du-phong" in group["new"] for group in data["relations"]["any_of"])
    assert data["summary"]["breaking"] == 0


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed")
def test_quang_nam_drawing_is_deterministic(runner: CliRunner, tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for target in (first, second):
        result = runner.invoke(
            app, ["diff", str(QUANG_NAM_2021), str(QUANG_NAM), "--render", str(target)]
        )
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    assert "Trung tâm dữ liệu dự phòng" in first.read_text(encoding="utf-8")


def test_through_a_real_process(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "ictarch", "diff", str(QUANG_NAM_2021), str(QUANG_NAM)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"NO_COLOR": "1", "PATH": ""},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "\x1b[" not in completed.stdout
    assert completed.stdout.startswith(
        "ictarch diff quang-nam-2021 → quang-nam tái dựng 2021 → dự thảo 10/10/2022"
    )
    assert "↪ mot-cua-dien-tu → he-thong-tthc" in completed.stdout


def test_a_wrong_font_in_the_new_version_still_draws_with_a_warning(
    runner: CliRunner, tmp_path: Path
) -> None:
    new = layers_copy()
    element(new, "lgsp")["status"] = "deprecated"
    old_dir = write_architecture(tmp_path / "old", base_layers())
    new_dir = write_architecture(tmp_path / "new", new, render={"font": "bad;font"})
    target = tmp_path / "diff.mmd"
    result = runner.invoke(app, ["diff", str(old_dir), str(new_dir), "--render", str(target)])
    assert result.exit_code == 0, result.output
    assert "ictarch: warning: render: font 'bad;font'" in result.output
    assert "flowchart TB" in target.read_text(encoding="utf-8")


def test_a_drawing_that_needs_a_missing_dot_fails_before_the_work(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    report, drawing = tmp_path / "diff.txt", tmp_path / "d.svg"
    arguments = ["diff", str(QUANG_NAM_2021), str(QUANG_NAM), "--render", str(drawing)]
    result = runner.invoke(app, [*arguments, "-o", str(report)])
    assert result.exit_code == 2
    assert "apt-get install graphviz" in result.output
    assert not report.exists()


def test_rename_problems_reach_every_format(runner: CliRunner, tmp_path: Path) -> None:
    old = write_architecture(tmp_path / "old", base_layers())
    new_layers = layers_copy()
    element(new_layers, "portal").update(id="cong-dvc", renamed_from="portl")
    element(new_layers, "ubnd")["depends_on"] = ["cong-dvc", "mail"]
    new = write_architecture(tmp_path / "new", new_layers)
    text = runner.invoke(app, ["diff", str(old), str(new)]).stdout
    assert "renamed_from 'portl', which is no element of the old version" in text
    markdown = runner.invoke(app, ["diff", str(old), str(new), "-f", "markdown"]).stdout
    assert "did you mean 'portal'?" in markdown
    data = json.loads(runner.invoke(app, ["diff", str(old), str(new), "-f", "json"]).stdout)
    assert data["elements"]["rename_problems"][0]["suggestion"] == "portal"
