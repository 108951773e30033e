"""validate on an element file (what pre-commit passes): the architecture that includes it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ictarch import validation
from ictarch.cli import app
from ictarch.model.loader import find_including_root
from tests.conftest import QUANG_NAM


def invoke(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


@pytest.fixture
def quang_nam(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(QUANG_NAM, tmp_path / "qn")
    monkeypatch.chdir(tmp_path / "qn")
    return tmp_path / "qn"


def break_platforms(root: Path) -> None:
    platforms = root / "layers" / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    platforms.write_text(text.replace("      - wan-cqnn\n", "      - wan-cqnm\n", 1), "utf-8")


def test_an_element_file_validates_its_architecture(runner: CliRunner, quang_nam: Path) -> None:
    result = invoke(runner, "validate", "layers/services.yaml", "-f", "json")
    document = json.loads(result.stdout)
    assert result.exit_code == 0
    whole = json.loads(invoke(runner, "validate", ".", "-f", "json").stdout)
    assert document["summary"]["elements"] == whole["summary"]["elements"]  # all loaded
    assert document["findings"]
    assert {f["file"] for f in document["findings"]} == {"layers/services.yaml"}
    in_services = [f for f in whole["findings"] if f["file"] == "layers/services.yaml"]
    assert document["findings"] == in_services
    assert document["summary"]["not_shown"] == len(whole["findings"]) - len(in_services)


def test_only_the_named_files_decide_the_exit_code(runner: CliRunner, quang_nam: Path) -> None:
    break_platforms(quang_nam)
    services = invoke(runner, "validate", "layers/services.yaml")
    assert services.exit_code == 0
    assert "ICT202" not in services.output
    assert "in other files of the architecture architecture.yaml are not shown" in services.output
    assert "run: ictarch validate ." in services.output
    platforms = invoke(runner, "validate", "layers/platforms.yaml")
    assert platforms.exit_code == 1
    assert "ICT202" in platforms.output


def test_several_files_of_one_architecture_are_validated_once(
    runner: CliRunner, quang_nam: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[validation.LoadResult] = []
    original = validation.check_model  # the whole-model pass, with or without the cache

    def counting(loaded: validation.LoadResult, *args: object, **kwargs: object) -> object:
        calls.append(loaded)
        return original(loaded, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "check_model", counting)
    result = invoke(
        runner, "validate", "layers/services.yaml", "layers/platforms.yaml", "-f", "json"
    )
    assert len(calls) == 1
    files = {f["file"] for f in json.loads(result.stdout)["findings"]}
    assert files == {"layers/services.yaml", "layers/platforms.yaml"}


def test_naming_the_architecture_too_reports_everything(runner: CliRunner, quang_nam: Path) -> None:
    both = json.loads(invoke(runner, "validate", "layers/services.yaml", ".", "-f", "json").stdout)
    whole = json.loads(invoke(runner, "validate", ".", "-f", "json").stdout)
    assert both["findings"] == whole["findings"]
    assert both["summary"]["not_shown"] == 0


def test_from_another_directory(
    runner: CliRunner, quang_nam: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(quang_nam.parent)
    result = json.loads(invoke(runner, "validate", "qn/layers/services.yaml", "-f", "json").stdout)
    assert {f["file"] for f in result["findings"]} == {"qn/layers/services.yaml"}


def test_the_nearest_architecture_that_includes_the_file_wins(tmp_path: Path) -> None:
    inner = tmp_path / "province" / "district"
    (inner / "layers").mkdir(parents=True)
    (tmp_path / "province" / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: p, name: P}\ninclude: ['district/shared/*.yaml']\n",
        encoding="utf-8",
    )
    (inner / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: d, name: D}\ninclude: [layers/*.yaml]\n",
        encoding="utf-8",
    )
    (inner / "shared").mkdir()
    own = inner / "layers" / "services.yaml"
    shared = inner / "shared" / "platforms.yaml"
    stray = inner / "notes.yaml"
    for path in (own, shared, stray):
        path.write_text("services: []\n", encoding="utf-8")
    assert find_including_root(own) == inner / "architecture.yaml"
    assert find_including_root(shared) == tmp_path / "province" / "architecture.yaml"
    assert find_including_root(stray) is None
    assert find_including_root(inner / "architecture.yaml") is None


def test_baseline_entries_of_other_files_are_not_stale(runner: CliRunner, quang_nam: Path) -> None:
    invoke(runner, "validate", ".", "--write-baseline", "../baseline.json")
    result = invoke(
        runner, "validate", "layers/services.yaml", "--baseline", "../baseline.json", "-f", "json"
    )
    document = json.loads(result.stdout)
    assert document["findings"] == []
    assert document["summary"]["baselined"] > 0
    assert document["summary"]["not_shown"] == 0


def test_an_element_file_of_no_architecture_says_what_to_run(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "layers").mkdir()
    (tmp_path / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: a, name: A}\ninclude: [layers/*.yaml]\n", "utf-8"
    )
    stray = tmp_path / "services.yaml"
    stray.write_text("services: [{id: s, name: S}]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "validate", "services.yaml")
    assert result.exit_code == 2
    assert "services.yaml is not part of an architecture" in result.output
    assert "ictarch validate DIR" in result.output
    # a self-contained root file with another name is still a root file
    stray.write_text("ictarch: 1\narchitecture: {id: s, name: S}\n", encoding="utf-8")
    assert invoke(runner, "validate", "services.yaml").exit_code == 0
