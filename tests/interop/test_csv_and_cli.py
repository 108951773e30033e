"""Archi CSV details, and the export command's options and errors."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ictarch.cli import app
from tests.conftest import QUANG_NAM


def test_csv_is_written_as_archi_writes_it(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(QUANG_NAM), "-f", "csv", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    headers = {
        "elements.csv": '"ID","Type","Name","Documentation","Specialization"',
        "relations.csv": '"ID","Type","Name","Documentation","Source","Target","Specialization"',
        "properties.csv": '"ID","Key","Value"',
    }
    for name, header in headers.items():
        data = (tmp_path / name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")  # Archi's default: UTF-8 without BOM
        text = data.decode("utf-8")
        assert text.startswith(header + "\r\n")
        assert text.endswith("\r\n")
    elements = list(csv.reader(io.StringIO((tmp_path / "elements.csv").read_text("utf-8"))))
    assert elements[1][1] == "ArchimateModel"
    assert elements[1][2] == "Kiến trúc ICT phát triển đô thị thông minh tỉnh Quảng Nam"
    types = {row[1] for row in elements[2:]}
    assert {"BusinessActor", "ApplicationComponent", "Node", "Junction"} <= types
    relations = list(csv.reader(io.StringIO((tmp_path / "relations.csv").read_text("utf-8"))))
    assert {row[1] for row in relations[1:]} == {"ServingRelationship", "AssociationRelationship"}
    properties = list(csv.reader(io.StringIO((tmp_path / "properties.csv").read_text("utf-8"))))
    assert any(row[1:] == ["Junction_Type", "Or"] for row in properties)
    assert any(row[1:] == ["Directed", "true"] for row in properties)


def test_csv_as_excel_saves_it_imports(runner: CliRunner, tmp_path: Path) -> None:
    """A byte order mark, ';' between fields, quotes only where needed, and a line that
    looks like a comment: Archi's CSV has none, so it is a row without a type, reported."""
    source = tmp_path / "in"
    source.mkdir()
    bom = "\ufeff"
    (source / "elements.csv").write_text(
        bom + "ID;Type;Name;Documentation;Specialization\r\n"
        "m1;ArchimateModel;Mô hình;;\r\n"
        "# a comment\r\n"
        'e1;BusinessActor;"Sở Y tế; tỉnh";"Dòng 1\r\nDòng 2";\r\n'
        "e2;ApplicationService;Dịch vụ khám bệnh;;\r\n"
        "j1;Junction;;;\r\n",
        encoding="utf-8",
    )
    (source / "relations.csv").write_text(
        bom + "ID;Type;Name;Documentation;Source;Target;Specialization\r\n"
        "r1;ServingRelationship;;;e2;e1;\r\n"
        "r2;FlowRelationship;gửi;;e1;e2;\r\n",
        encoding="utf-8",
    )
    (source / "properties.csv").write_text(
        bom + "ID;Key;Value\r\nm1;Chủ sở hữu;Tỉnh\r\ne1;Mã;001\r\nj1;Junction_Type;And\r\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["import", "csv", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "imported 2 of 2 elements and 2 of 2 relationships" in result.stderr
    assert "the row of elements.csv with ID '# a comment' has no type: not imported" in (
        result.stderr
    )
    agencies = yaml.safe_load((out / "layers" / "agencies.yaml").read_text("utf-8"))["agencies"]
    assert agencies[0]["id"] == "so-y-te-tinh"
    assert agencies[0]["name"] == "Sở Y tế; tỉnh"
    assert agencies[0]["description"] == "Dòng 1\r\nDòng 2"
    assert agencies[0]["depends_on"] == ["dich-vu-kham-benh"]
    assert agencies[0]["x-archimate"]["properties"] == {"Mã": "001"}
    assert agencies[0]["x-archimate"]["relations"][0]["type"] == "Flow"
    root = yaml.safe_load((out / "architecture.yaml").read_text("utf-8"))
    assert root["architecture"]["name"] == "Mô hình"
    assert root["x-archimate"]["properties"] == {"Chủ sở hữu": "Tỉnh"}
    assert {"junction": "j1", "type": "AndJunction"} in root["x-archimate"]["relations"]
    validated = runner.invoke(app, ["validate", str(out)])
    assert validated.exit_code in (0, 1)


def test_csv_import_refuses_what_is_not_archi_csv(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", "csv", str(tmp_path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "needs one elements.csv" in result.stderr
    (tmp_path / "elements.csv").write_text("a,b,c\r\n1,2,3\r\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "csv", str(tmp_path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "does not start with Archi's header" in result.stderr
    (tmp_path / "elements.csv").write_bytes(b'"ID","Type"\r\n"\xff\xfe"\r\n')
    result = runner.invoke(app, ["import", "csv", str(tmp_path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "is not UTF-8 text" in result.stderr


def test_export_options_and_errors(runner: CliRunner, tmp_path: Path) -> None:
    def run(*arguments: str) -> object:
        return runner.invoke(app, ["export", str(QUANG_NAM), *arguments])

    result = run("-f", "visio")
    assert result.exit_code == 2
    assert "choose from archimate, graphml, csv, backstage, structurizr, json" in result.stderr
    result = run("-f", "csv")
    assert result.exit_code == 2
    assert "writes several files" in result.stderr
    result = run("-f", "json", "--view", "nowhere")
    assert result.exit_code == 2
    assert "unknown view 'nowhere'" in result.stderr
    result = run("-f", "graphml", "-o", str(tmp_path))  # an existing directory
    assert result.exit_code == 0
    assert (tmp_path / "quang-nam.graphml").is_file()
    result = run("-f", "graphml", "-o", str(tmp_path / "sub" / "g.graphml"))
    assert result.exit_code == 0
    assert (tmp_path / "sub" / "g.graphml").read_bytes() == (
        tmp_path / "quang-nam.graphml"
    ).read_bytes()
    result = run("-f", "graphml", "-o", "-")
    assert result.stdout_bytes == (tmp_path / "quang-nam.graphml").read_bytes()
    result = runner.invoke(app, ["export", str(tmp_path / "none"), "-f", "json"])
    assert result.exit_code == 2


def test_export_refuses_an_architecture_with_errors(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: t, name: T}\n"
        "agencies:\n  - {id: a, name: A, depends_on: [b]}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["export", str(tmp_path), "-f", "json"])
    assert result.exit_code == 1
    assert "ICT202" in result.stderr
    result = runner.invoke(app, ["export", str(tmp_path), "-f", "json", "--force"])
    assert result.exit_code == 0


def test_archimate_export_without_dot_is_a_clear_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = runner.invoke(app, ["export", str(QUANG_NAM), "-f", "archimate"])
    assert result.exit_code == 2
    assert "Graphviz" in result.stderr
    assert "hint: install Graphviz" in result.stderr


def test_export_through_a_real_process(tmp_path: Path) -> None:
    output = tmp_path / "qn.xml"
    command = [sys.executable, "-m", "ictarch", "export", str(QUANG_NAM), "-f", "archimate"]
    done = subprocess.run(
        [*command, "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    assert output.read_text("utf-8").count("<view ") == 13


def test_schema_command_prints_the_export_schema(runner: CliRunner) -> None:
    import json

    result = runner.invoke(app, ["schema", "export"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "ictarch export --format json"


def test_interop_folder_lookup_prefers_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.interop import helpers

    monkeypatch.setenv("ICTARCH_INTEROP", str(tmp_path))
    assert helpers._interop() == tmp_path
    monkeypatch.setenv("ICTARCH_INTEROP", str(tmp_path / "missing"))
    monkeypatch.setattr(helpers, "REPO", tmp_path / "a" / "b" / "repo")
    assert helpers._interop() is None  # then the tests that need it are skipped


def test_export_in_a_state_gives_the_statuses_of_that_state(
    runner: CliRunner, tmp_path: Path
) -> None:
    import json

    architecture = tmp_path / "a"
    architecture.mkdir()
    (architecture / "architecture.yaml").write_text(
        "ictarch: 1\n"
        "architecture: {id: a, name: Thử, owner: ubnd}\n"
        "agencies:\n"
        "  - {id: ubnd, name: UBND, description: Cơ quan., depends_on: [dvc]}\n"
        "services:\n"
        "  - id: dvc\n    name: Dịch vụ\n    description: Dịch vụ.\n    owner: ubnd\n"
        "    depends_on: [{any_of: [cu, moi]}]\n"
        "platforms:\n"
        "  - {id: cu, name: Cũ, description: Cũ., owner: ubnd, status: deprecated,"
        " until: '2024-07-01'}\n"
        "  - {id: moi, name: Mới, description: Mới., owner: ubnd, status: planned,"
        " since: '2023-01-01'}\n",
        encoding="utf-8",
    )

    def statuses(*options: str) -> tuple[dict[str, str], object]:
        result = runner.invoke(app, ["export", str(architecture), "-f", "json", *options])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        return {e["id"]: e["status"] for e in data["elements"]}, data["state"]

    assert statuses() == (
        {"ubnd": "operational", "dvc": "operational", "cu": "deprecated", "moi": "planned"},
        {"name": "current", "date": None},
    )
    at, state = statuses("--at", "2024-07-01")  # cu has ended; dvc keeps moi
    assert (at["cu"], at["moi"], state) == (
        "retired",
        "operational",
        {"name": "at", "date": "2024-07-01"},
    )
    target, _ = statuses("--state", "target")
    assert (target["cu"], target["moi"]) == ("retired", "operational")
    bad = runner.invoke(app, ["export", str(architecture), "-f", "json", "--at", "2024-13-01"])
    assert bad.exit_code == 2


def test_import_never_replaces_the_directory_it_reads(runner: CliRunner, tmp_path: Path) -> None:
    exported = tmp_path / "csv"
    result = runner.invoke(app, ["export", str(QUANG_NAM), "-f", "csv", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    before = {path.name: path.read_bytes() for path in exported.iterdir()}
    result = runner.invoke(app, ["import", "csv", str(exported), "-o", str(exported), "--force"])
    assert result.exit_code == 2
    assert "would delete what is imported" in result.stderr
    assert {path.name: path.read_bytes() for path in exported.iterdir()} == before
    archimate = tmp_path / "out" / "model.xml"
    archimate.parent.mkdir()
    exported_xml = runner.invoke(
        app, ["export", str(QUANG_NAM), "-f", "archimate", "-o", str(archimate)]
    )
    assert exported_xml.exit_code == 0, exported_xml.output
    result = runner.invoke(
        app, ["import", "archimate", str(archimate), "-o", str(archimate.parent), "--force"]
    )
    assert result.exit_code == 2
    assert archimate.exists()
