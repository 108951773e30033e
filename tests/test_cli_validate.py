"""The command line: validate in every format and exit code, and the other foundation commands.

Most tests go through typer's CliRunner on copies of the finding cases in a
temporary folder (so file names come out relative); a few run the real
``python -m ictarch`` and the ``ictarch`` console script, and a few run under a
pseudo-terminal to see what a user's terminal sees.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner, Result

from ictarch import __version__
from ictarch.cli import app
from ictarch.findings import Finding, Location, Severity
from ictarch.model.schema import load_schema
from ictarch.reporters import ReportSettings
from ictarch.reporters.github import report_github
from ictarch.validation import ValidationResult

TESTS = Path(__file__).resolve().parent
CASES = TESTS / "cases"
SARIF_SCHEMA = json.loads(
    (TESTS / "data" / "sarif-2.1.0-subset.schema.json").read_text(encoding="utf-8")
)
FORMATS = ("text", "json", "github", "sarif")
ANSI = "\x1b["
GITHUB_LINE = re.compile(
    r"^::(?P<command>error|warning|notice) "
    r"file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"title=(?P<code>ICT\d{3}) (?P<name>[a-z-]+)::(?P<message>.+)$"
)

WORKSPACE = {
    "clean": "clean-self-contained",
    "broken": "ict202-unknown-dependency",
    "warnings": "ict402-orphan-element",
    "duplicate": "ict201-duplicate-id",
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Copies of a few finding cases, with the working directory among them."""
    for name, case in WORKSPACE.items():
        shutil.copytree(CASES / case, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def assert_no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output


def validate_sarif(document: Any) -> None:
    Draft202012Validator(SARIF_SCHEMA).validate(document)


# Exit codes, in every format


@pytest.mark.parametrize("output_format", FORMATS)
def test_clean_architecture_exits_0(runner: CliRunner, workspace: Path, output_format: str) -> None:
    result = invoke(runner, "validate", "clean", "--format", output_format)
    assert result.exit_code == 0, result.output
    assert_no_traceback(result)


@pytest.mark.parametrize("output_format", FORMATS)
def test_errors_exit_1(runner: CliRunner, workspace: Path, output_format: str) -> None:
    result = invoke(runner, "validate", "broken", "--format", output_format)
    assert result.exit_code == 1, result.output
    assert_no_traceback(result)
    assert "ICT202" in result.stdout


@pytest.mark.parametrize("output_format", FORMATS)
def test_warnings_exit_0_without_strict_and_1_with_it(
    runner: CliRunner, workspace: Path, output_format: str
) -> None:
    lenient = invoke(runner, "validate", "warnings", "-f", output_format)
    strict = invoke(runner, "validate", "warnings", "-f", output_format, "--strict")
    assert lenient.exit_code == 0, lenient.output
    assert strict.exit_code == 1, strict.output
    assert "ICT402" in lenient.stdout
    assert "ICT402" in strict.stdout


@pytest.mark.parametrize("output_format", FORMATS)
def test_missing_path_exits_2(runner: CliRunner, workspace: Path, output_format: str) -> None:
    result = invoke(runner, "validate", "nowhere", "--format", output_format)
    assert result.exit_code == 2
    assert_no_traceback(result)
    assert "nowhere: no such file or directory" in result.stderr
    assert result.stdout == ""


def test_unknown_format_exits_2(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, "validate", "clean", "--format", "xml")
    assert result.exit_code == 2
    assert_no_traceback(result)
    assert "unknown format 'xml'" in result.stderr
    assert "text, json, github, sarif" in result.stderr


def test_directory_without_architecture_exits_2(runner: CliRunner, workspace: Path) -> None:
    (workspace / "empty").mkdir()
    result = invoke(runner, "validate", "empty")
    assert result.exit_code == 2
    assert "no architecture.yaml" in result.stderr


def test_no_path_is_a_usage_error(runner: CliRunner) -> None:
    result = invoke(runner, "validate")
    assert result.exit_code == 2
    assert_no_traceback(result)


def test_several_paths_are_reported_together(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, "validate", "clean", "broken", "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"]["architectures"] == 2
    assert {f["file"] for f in data["findings"]} == {"broken/architecture.yaml"}


def test_the_same_architecture_twice_reports_each_finding_once(
    runner: CliRunner, workspace: Path
) -> None:
    once = json.loads(invoke(runner, "validate", "broken", "-f", "json").stdout)
    twice = json.loads(
        invoke(runner, "validate", "broken", "broken/architecture.yaml", "-f", "json").stdout
    )
    assert twice["findings"] == once["findings"]


def test_a_root_file_path_is_accepted(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, "validate", "clean/architecture.yaml")
    assert result.exit_code == 0, result.output


# Text


def excerpt(output: str, line_number: int) -> tuple[str, int]:
    """The source line shown for ``line_number`` and the offset of the caret under it."""
    lines = output.splitlines()
    gutter = f"{line_number:>6} | "
    for index, line in enumerate(lines):
        if line.startswith(gutter):
            caret_line = lines[index + 1]
            assert caret_line.startswith(" " * (len(gutter) - 2) + "| ")
            return line[len(gutter) :], caret_line.index("^") - len(gutter)
    raise AssertionError(f"no excerpt of line {line_number} in:\n{output}")


def test_text_shows_the_source_line_and_a_caret_under_the_column(
    runner: CliRunner, workspace: Path
) -> None:
    result = invoke(runner, "validate", "broken")
    output = result.stdout
    assert "broken/architecture.yaml" in output.splitlines()[0]
    assert re.search(r"^  17:9 +error +ICT202 +'lgsp': depends_on names 'tsdl-tinh'", output, re.M)
    source, caret = excerpt(output, 17)
    assert source == "      - tsdl-tinh"
    assert caret == 8
    source, caret = excerpt(output, 20)
    assert source[caret:].startswith("vnpt-cloud]")
    assert "✖ 3 errors, 0 warnings" in output


def test_text_caret_counts_characters_after_vietnamese_text(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "architecture.yaml").write_text(
        "ictarch: 1\n"
        "architecture: {id: a, name: Kiến trúc, owner: ubnd}\n"
        'agencies:\n  - {id: ubnd, name: "Ủy ban \\"tỉnh\\" Quảng Nam", mô-tả: Cơ quan, '
        "description: Cơ quan}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "validate", ".")
    assert result.exit_code == 1
    source, caret = excerpt(result.stdout, 4)
    assert source.startswith('  - {id: ubnd, name: "Ủy ban \\"tỉnh\\" Quảng Nam"')
    assert source[caret:].startswith("mô-tả: Cơ quan")
    assert "unknown field 'mô-tả'" in result.stdout


def test_text_shows_related_locations(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, "validate", "duplicate")
    assert result.exit_code == 1
    assert "see also duplicate/layers/a-agencies.yaml:2:9" in result.stdout


def test_text_summary_counts_and_strict_note(runner: CliRunner, workspace: Path) -> None:
    lenient = invoke(runner, "validate", "warnings").stdout.splitlines()[-1]
    strict = invoke(runner, "validate", "warnings", "--strict").stdout.splitlines()[-1]
    assert lenient.startswith("✔ 0 errors, 2 warnings — 3 elements, 0 relations in 1 file")
    assert strict.startswith("✖ 0 errors, 2 warnings")
    assert strict.endswith("(--strict: warnings fail)")


@pytest.mark.parametrize(
    ("env", "args"),
    [({}, ()), ({"NO_COLOR": "1"}, ()), ({}, ("--no-color",)), ({"TERM": "dumb"}, ())],
    ids=["piped", "no-color-env", "no-color-flag", "dumb-terminal"],
)
def test_text_has_no_ansi_escapes_when_not_a_terminal(
    runner: CliRunner, workspace: Path, env: dict[str, str], args: tuple[str, ...]
) -> None:
    result = invoke(runner, "validate", "broken", *args, env=env)
    assert result.exit_code == 1
    assert ANSI not in result.output


def test_color_flag_forces_ansi_escapes(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, "validate", "broken", "--color")
    assert ANSI in result.stdout


# What a terminal sees (a pseudo-terminal around a real process)


def run_in_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update({"TERM": "xterm-256color", "COLUMNS": "200", **env})
    with subprocess.Popen(
        [sys.executable, "-m", "ictarch", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=environment,
    ) as process:
        os.close(slave)
        chunks: list[bytes] = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = process.wait(timeout=60)
    os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace")


def test_terminal_output_is_coloured(workspace: Path) -> None:
    code, output = run_in_terminal(["validate", "broken"], workspace, {})
    assert code == 1
    assert ANSI in output


def test_no_color_flag_on_a_terminal_is_plain(workspace: Path) -> None:
    code, output = run_in_terminal(["validate", "broken", "--no-color"], workspace, {})
    assert code == 1
    assert "ICT202" in output
    assert ANSI not in output


def test_no_color_environment_on_a_terminal_is_plain(workspace: Path) -> None:
    code, output = run_in_terminal(["validate", "broken"], workspace, {"NO_COLOR": "1"})
    assert code == 1
    assert ANSI not in output


# --output


@pytest.mark.parametrize("output_format", FORMATS)
def test_output_file_holds_the_report(
    runner: CliRunner, workspace: Path, output_format: str
) -> None:
    on_stdout = invoke(runner, "validate", "broken", "-f", output_format)
    result = invoke(runner, "validate", "broken", "-f", output_format, "-o", "out/report")
    assert result.exit_code == 1
    assert result.stdout == ""
    written = (workspace / "out" / "report").read_text(encoding="utf-8")
    assert written == on_stdout.stdout
    assert [p.name for p in (workspace / "out").iterdir()] == ["report"]  # no temporary left


def test_output_file_is_never_coloured(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, "validate", "broken", "--color", "--output", "report.txt")
    assert result.exit_code == 1
    assert ANSI not in (workspace / "report.txt").read_text(encoding="utf-8")


def test_unwritable_output_exits_2(runner: CliRunner, workspace: Path) -> None:
    (workspace / "taken").mkdir()
    result = invoke(runner, "validate", "clean", "--output", "taken")
    assert result.exit_code == 2
    assert_no_traceback(result)
    assert "cannot write taken" in result.stderr


def test_validate_never_writes_to_the_input(runner: CliRunner, workspace: Path) -> None:
    before = {p: p.read_bytes() for p in (workspace / "duplicate").rglob("*") if p.is_file()}
    invoke(runner, "validate", "duplicate", "-f", "sarif")
    after = {p: p.read_bytes() for p in (workspace / "duplicate").rglob("*") if p.is_file()}
    assert after == before


# JSON

FINDING_KEYS = {"code", "severity", "message", "file", "line", "column", "element"}


def test_json_has_the_documented_shape(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, "validate", "broken", "--format", "json")
    data = json.loads(result.stdout)
    assert data["ok"] is False
    summary = data["summary"]
    assert {"elements", "relations", "errors", "warnings"} <= set(summary)
    assert (summary["elements"], summary["errors"], summary["warnings"]) == (3, 3, 0)
    assert summary["relations"] == 2  # edges between existing elements; any_of alternatives count
    assert data["format"] == 1
    assert data["ictarch"] == __version__
    first = data["findings"][0]
    assert set(first) >= FINDING_KEYS
    assert first == {
        "code": "ICT202",
        "severity": "error",
        "message": "'lgsp': depends_on names 'tsdl-tinh', which is not defined; "
        "did you mean 'tsdl'?",
        "file": "broken/architecture.yaml",
        "line": 17,
        "column": 9,
        "element": "lgsp",
        "related": [],
        "args": {"target": "tsdl-tinh", "in_any_of": False, "suggestion": "tsdl"},
    }


def test_json_ok_follows_the_exit_code(runner: CliRunner, workspace: Path) -> None:
    clean = json.loads(invoke(runner, "validate", "clean", "-f", "json").stdout)
    lenient = json.loads(invoke(runner, "validate", "warnings", "-f", "json").stdout)
    strict = json.loads(invoke(runner, "validate", "warnings", "-f", "json", "--strict").stdout)
    assert (clean["ok"], lenient["ok"], strict["ok"]) == (True, True, False)
    assert clean["findings"] == []
    assert lenient["summary"]["warnings"] == 2


def test_json_related_and_unescaped_vietnamese(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, "validate", "duplicate", "-f", "json")
    data = json.loads(result.stdout)
    (finding,) = data["findings"]
    assert finding["related"] == [
        {"file": "duplicate/layers/a-agencies.yaml", "line": 2, "column": 9}
    ]
    assert data["architectures"][0]["name"] == "Mã trùng giữa hai tệp"
    assert "Mã trùng giữa hai tệp" in result.stdout  # written as UTF-8, not \\u escapes


# GitHub


def test_github_lines_are_workflow_commands(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, "validate", "broken", "warnings", "--format", "github")
    *annotations, summary = result.stdout.splitlines()
    assert len(annotations) == 5
    for line in annotations:
        match = GITHUB_LINE.match(line)
        assert match, line
        assert match["command"] in ("error", "warning")
    first = GITHUB_LINE.match(annotations[0])
    assert first is not None
    assert (first["file"], first["line"], first["col"]) == ("broken/architecture.yaml", "17", "9")
    assert (first["command"], first["code"], first["name"]) == (
        "error",
        "ICT202",
        "unknown-dependency",
    )
    assert summary == "ictarch: 3 errors, 2 warnings in 6 elements"


def test_github_escapes_data_and_properties() -> None:
    finding = Finding(
        "dir,with:odd%name.yaml",
        3,
        7,
        "ICT102",
        Severity.INFO,
        "line one\nline two\r 100% sure: a,b",
    )
    out = io.StringIO()
    report_github(ValidationResult(findings=[finding]), ReportSettings(), out)
    line = out.getvalue().splitlines()[0]
    assert line == (
        "::notice file=dir%2Cwith%3Aodd%25name.yaml,line=3,col=7,title=ICT102 unknown-field::"
        "line one%0Aline two%0D 100%25 sure: a,b"
    )


def test_github_finding_without_a_line_has_no_line_property() -> None:
    finding = Finding("a.yaml", 0, 0, "ICT001", Severity.ERROR, "cannot read file")
    out = io.StringIO()
    report_github(ValidationResult(findings=[finding]), ReportSettings(), out)
    assert out.getvalue().splitlines()[0] == (
        "::error file=a.yaml,title=ICT001 yaml-syntax::cannot read file"
    )


def test_github_escapes_a_newline_from_a_file_name(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "outside.yaml").write_text("agencies: []\n", encoding="utf-8")
    architecture = tmp_path / "arch"
    (architecture / "layers").mkdir(parents=True)
    (architecture / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: a, name: A}\ninclude: [layers/*.yaml]\n", encoding="utf-8"
    )
    (architecture / "layers" / "evil\nname.yaml").symlink_to(tmp_path / "outside.yaml")
    monkeypatch.chdir(architecture)
    result = invoke(runner, "validate", ".", "--format", "github")
    *annotations, _summary = result.stdout.splitlines()
    escapes = [line for line in annotations if "ICT007" in line]
    assert len(escapes) == 1
    assert "layers/evil%0Aname.yaml points outside" in escapes[0]
    assert all(line.startswith("::") for line in annotations)


# SARIF


@pytest.mark.parametrize("name", list(WORKSPACE))
def test_sarif_is_valid_sarif_2_1_0(runner: CliRunner, workspace: Path, name: str) -> None:
    result = invoke(runner, "validate", name, "--format", "sarif")
    document = json.loads(result.stdout)
    validate_sarif(document)
    (run,) = document["runs"]
    assert run["tool"]["driver"]["name"] == "ictarch"
    rules = run["tool"]["driver"]["rules"]
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        assert item["level"] in ("error", "warning", "note")


def test_sarif_results_carry_locations_and_related_locations(
    runner: CliRunner, workspace: Path
) -> None:
    document = json.loads(invoke(runner, "validate", "duplicate", "-f", "sarif").stdout)
    (item,) = document["runs"][0]["results"]
    assert item["ruleId"] == "ICT201"
    assert item["level"] == "error"
    assert item["message"]["text"].startswith("duplicate id 'ubnd'")
    (location,) = item["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "duplicate/layers/b-platforms.yaml"},
        "region": {"startLine": 8, "startColumn": 9},
    }
    (related,) = item["relatedLocations"]
    assert related["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 9}


def test_sarif_uri_of_a_vietnamese_file_name_is_encoded(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tầng dịch vụ").mkdir()
    (tmp_path / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: a, name: A}\ninclude: ['tầng dịch vụ/*.yaml']\n",
        encoding="utf-8",
    )
    (tmp_path / "tầng dịch vụ" / "dịch vụ.yaml").write_text(
        "services: [{id: x, nam: X}]\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    document = json.loads(invoke(runner, "validate", ".", "-f", "sarif").stdout)
    validate_sarif(document)
    uris = {
        item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for item in document["runs"][0]["results"]
    }
    assert "t%E1%BA%A7ng%20d%E1%BB%8Bch%20v%E1%BB%A5/d%E1%BB%8Bch%20v%E1%BB%A5.yaml" in uris


def test_sarif_finding_without_a_line_has_no_region(
    runner: CliRunner, workspace: Path, deny_reading: Callable[[str], None]
) -> None:
    deny_reading("b-platforms.yaml")
    document = json.loads(invoke(runner, "validate", "duplicate", "-f", "sarif").stdout)
    validate_sarif(document)
    unlocated = [
        item
        for item in document["runs"][0]["results"]
        if "region" not in item["locations"][0]["physicalLocation"]
    ]
    assert len(unlocated) == 1


def minimal_sarif() -> dict[str, Any]:
    location = {
        "physicalLocation": {"artifactLocation": {"uri": "a.yaml"}, "region": {"startLine": 1}}
    }
    result = {
        "ruleId": "ICT001",
        "level": "error",
        "message": {"text": "m"},
        "locations": [location],
    }
    return {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "ictarch"}}, "results": [result]}],
    }


def first_result(document: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = document["runs"][0]["results"][0]
    return result


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d.update(version="2.0.0"),
        lambda d: d.pop("runs"),
        lambda d: d["runs"][0]["tool"]["driver"].pop("name"),
        lambda d: first_result(d).update(level="fatal"),
        lambda d: first_result(d).update(message={"txt": "m"}),
        lambda d: first_result(d).update(rule_id="ICT001"),
        lambda d: first_result(d)["locations"][0]["physicalLocation"]["region"].update(startLine=0),
        lambda d: first_result(d)["locations"][0]["physicalLocation"].pop("artifactLocation"),
    ],
)
def test_sarif_schema_subset_is_not_vacuous(break_it: Any) -> None:
    validate_sarif(minimal_sarif())
    document = minimal_sarif()
    break_it(document)
    assert not Draft202012Validator(SARIF_SCHEMA).is_valid(document)


# Real processes


def run_process(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False
    )


def test_python_m_ictarch_exit_codes(workspace: Path) -> None:
    command = [sys.executable, "-m", "ictarch", "validate"]
    assert run_process([*command, "clean"], workspace).returncode == 0
    broken = run_process([*command, "broken"], workspace)
    assert broken.returncode == 1
    assert "ICT202" in broken.stdout
    missing = run_process([*command, "nowhere"], workspace)
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr


def test_console_script_exit_codes(workspace: Path) -> None:
    script = Path(sys.executable).parent / "ictarch"
    assert script.exists(), script
    assert run_process([str(script), "validate", "clean"], workspace).returncode == 0
    assert run_process([str(script), "validate", "warnings"], workspace).returncode == 0
    assert run_process([str(script), "validate", "warnings", "--strict"], workspace).returncode == 1
    assert run_process([str(script), "validate", "clean", "-f", "yaml"], workspace).returncode == 2
    version = run_process([str(script), "--version"], workspace)
    assert version.stdout.strip() == f"ictarch {__version__}"


# --version, --help, schema, init


def test_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ictarch {__version__}"


def test_help_lists_the_commands(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    commands = set(re.findall(r"^  ([a-z]+)  ", result.stdout, re.M))
    assert {"validate", "schema", "init"} <= commands


def test_validate_help_names_the_formats_and_exit_codes(runner: CliRunner) -> None:
    result = invoke(runner, "validate", "--help")
    assert result.exit_code == 0
    assert "text, json, github, sarif" in result.stdout
    assert "--strict" in result.stdout


@pytest.mark.parametrize(
    ("args", "schema_file"),
    [
        ((), "architecture.schema.json"),
        (("architecture",), "architecture.schema.json"),
        (("layer",), "layer.schema.json"),
        (("element",), "element.schema.json"),
    ],
)
def test_schema_prints_valid_json(
    runner: CliRunner, args: tuple[str, ...], schema_file: str
) -> None:
    result = invoke(runner, "schema", *args)
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed == load_schema(schema_file)
    Draft202012Validator.check_schema(printed)


def test_schema_writes_every_file(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "schema", "-o", str(tmp_path / "schemas"))
    assert result.exit_code == 0
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert written == [
        "architecture.schema.json",
        "catalogue.schema.json",
        "element.schema.json",
        "export.schema.json",
        "layer.schema.json",
    ]
    for name in written:
        data = json.loads((tmp_path / "schemas" / name).read_text(encoding="utf-8"))
        assert data == load_schema(name)


def test_schema_unknown_name_exits_2(runner: CliRunner) -> None:
    result = invoke(runner, "schema", "view")
    assert result.exit_code == 2
    assert "unknown schema 'view'" in result.stderr


def test_init_creates_an_architecture_without_errors(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "tinh-moi"
    result = invoke(runner, "init", str(target), "--name", 'Kiến trúc "thử" tỉnh Quảng Nam')
    assert result.exit_code == 0, result.output
    assert (target / "architecture.yaml").is_file()
    assert sorted(p.name for p in (target / "schemas").iterdir()) == [
        "architecture.schema.json",
        "catalogue.schema.json",
        "element.schema.json",
        "layer.schema.json",
    ]
    validated = invoke(runner, "validate", str(target), "-f", "json")
    assert validated.exit_code == 0, validated.output
    data = json.loads(validated.stdout)
    assert data["summary"]["errors"] == 0
    assert data["architectures"][0]["id"] == "tinh-moi"
    assert data["architectures"][0]["name"] == 'Kiến trúc "thử" tỉnh Quảng Nam'


def test_init_validates_with_zero_findings(runner: CliRunner, tmp_path: Path) -> None:
    invoke(runner, "init", str(tmp_path / "a"))
    validated = invoke(runner, "validate", str(tmp_path / "a"), "--strict", "-f", "json")
    assert json.loads(validated.stdout)["findings"] == []
    assert validated.exit_code == 0


def test_init_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "a"
    assert invoke(runner, "init", str(target)).exit_code == 0
    root = target / "architecture.yaml"
    root.write_text("# my own work\n", encoding="utf-8")
    result = invoke(runner, "init", str(target))
    assert result.exit_code == 2
    assert_no_traceback(result)
    assert "refusing to overwrite" in result.stderr
    assert root.read_text(encoding="utf-8") == "# my own work\n"


def test_init_refuses_an_invalid_id(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "init", str(tmp_path / "a"), "--id", "Quảng Nam")
    assert result.exit_code == 2
    assert "not a valid id" in result.stderr
    assert not (tmp_path / "a").exists()


def test_location_str_is_what_reporters_print() -> None:
    assert str(Location("a.yaml", 3, 4)) == "a.yaml:3:4"
    assert str(Location("a.yaml")) == "a.yaml"
