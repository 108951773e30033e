"""Accepting findings: waivers on elements and baseline files, through the command line."""

from __future__ import annotations

import gettext
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, validators
from typer.testing import CliRunner, Result

from ictarch import i18n
from ictarch.acceptance.baseline import entry_key
from ictarch.cli import app
from ictarch.findings import Finding, Severity
from ictarch.jsonwriter import dumps
from tests.conftest import QUANG_NAM, REPO

TESTS = Path(__file__).resolve().parent
SARIF_SCHEMA = json.loads(
    (TESTS / "data" / "sarif-2.1.0-subset.schema.json").read_text(encoding="utf-8")
)

WAIVED = """\
ictarch: 1
architecture: {id: waived, name: Miễn trừ, owner: ubnd}
agencies:
  - id: ubnd
    name: Ủy ban nhân dân tỉnh
    description: Cơ quan chủ quản.
    depends_on: [cong-dvc]
services:
  - id: cong-dvc
    name: Cổng dịch vụ công
    owner: ubnd
    depends_on: [lgps]
    waivers:
      - code: ICT202
        reason: LGSP mới được đặt tên lại, chờ cập nhật
      - {code: ICT401, reason: Mô tả đang soạn, until: "2030-06-30"}
"""


def invoke(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Result:
    result = runner.invoke(app, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


@pytest.fixture
def waived(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "architecture.yaml").write_text(WAIVED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    return tmp_path


# Waivers


def test_a_waived_error_does_not_fail_the_run(runner: CliRunner, waived: Path) -> None:
    result = invoke(runner, "validate", ".")
    assert result.exit_code == 0, result.output
    assert "ICT202" not in result.output
    assert "0 errors, 0 warnings, 2 waived" in result.output
    assert "--show-waived" in result.output


def test_show_waived_lists_the_findings_with_their_reason(runner: CliRunner, waived: Path) -> None:
    result = invoke(runner, "validate", ".", "--show-waived")
    assert result.exit_code == 0
    assert "Accepted findings (not counted)" in result.output
    assert "ICT202  'cong-dvc': depends_on names 'lgps'" in result.output
    assert "waived at architecture.yaml:14:15: LGSP mới được đặt tên lại" in result.output
    assert "waived until 2030-06-30 at architecture.yaml:16:16: Mô tả đang soạn" in result.output


def test_the_waiver_expires_after_its_last_day(
    runner: CliRunner, waived: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1893456000 + 180 * 86400))  # 2030-06-30
    on_the_last_day = invoke(runner, "validate", ".")
    assert "0 errors, 0 warnings, 2 waived" in on_the_last_day.output
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1893456000 + 181 * 86400))  # 2030-07-01
    document = json.loads(invoke(runner, "validate", ".", "-f", "json").stdout)
    codes = sorted((f["code"], f["severity"]) for f in document["findings"])
    assert codes == [("ICT401", "warning"), ("ICT602", "info")]
    returned = next(f for f in document["findings"] if f["code"] == "ICT401")
    assert returned["related"] == [{"file": "architecture.yaml", "line": 16, "column": 16}]
    assert document["summary"]["waived"] == 1


def test_source_date_epoch_must_be_a_number(
    runner: CliRunner, waived: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = invoke(runner, "validate", ".")
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH='yesterday' is not a number of seconds" in result.output


def test_json_lists_the_accepted_findings_with_the_waiver(runner: CliRunner, waived: Path) -> None:
    document = json.loads(invoke(runner, "validate", ".", "-f", "json").stdout)
    assert document["ok"] is True
    assert document["findings"] == []
    assert document["summary"]["waived"] == 2
    assert [item["code"] for item in document["suppressed"]] == ["ICT401", "ICT202"]
    first = document["suppressed"][1]
    assert first["args"] == {"target": "lgps", "in_any_of": False, "suggestion": None}
    assert first["suppression"] == {
        "kind": "waiver",
        "justification": "LGSP mới được đặt tên lại, chờ cập nhật",
        "file": "architecture.yaml",
        "line": 14,
        "column": 15,
        "until": None,
    }


def test_sarif_marks_waived_results_as_suppressed_in_source(
    runner: CliRunner, waived: Path
) -> None:
    document = json.loads(invoke(runner, "validate", ".", "-f", "sarif").stdout)
    Draft202012Validator(SARIF_SCHEMA).validate(document)
    results = document["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["ICT401", "ICT202"]
    (suppression,) = results[1]["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["justification"] == "LGSP mới được đặt tên lại, chờ cập nhật"
    region = suppression["location"]["physicalLocation"]["region"]
    assert region == {"startLine": 14, "startColumn": 15}
    assert results[0]["suppressions"][0]["properties"] == {"until": "2030-06-30"}


def test_github_shows_waived_findings_as_notices_only_on_request(
    runner: CliRunner, waived: Path
) -> None:
    plain = invoke(runner, "validate", ".", "-f", "github").stdout.splitlines()
    assert plain == ["ictarch: 0 errors, 0 warnings in 2 elements, 2 accepted (waivers, baseline)"]
    shown = invoke(runner, "validate", ".", "-f", "github", "--show-waived").stdout.splitlines()
    notices = [line for line in shown if line.startswith("::notice ")]
    assert len(notices) == 2
    assert "title=ICT202 accepted (waiver)::" in notices[1]
    assert notices[1].endswith("[accepted: LGSP mới được đặt tên lại, chờ cập nhật]")


def test_the_diff_reports_a_waiver_added(runner: CliRunner, tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (new / "architecture.yaml").write_text(WAIVED, encoding="utf-8")
    without = WAIVED.split("    waivers:\n")[0] + "    waivers:\n      - code: ICT202\n"
    without += "        reason: LGSP mới được đặt tên lại, chờ cập nhật\n"
    (old / "architecture.yaml").write_text(without, encoding="utf-8")
    result = invoke(runner, "diff", str(old), str(new), "-f", "json")
    document = json.loads(result.stdout)
    changed = json.dumps(document, ensure_ascii=False)
    assert "waivers" in changed
    assert "Mô tả đang soạn" in changed


# Baselines


@pytest.fixture
def quang_nam(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(QUANG_NAM, tmp_path / "qn")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "qn"


def finding_count(runner: CliRunner, *args: str) -> int:
    """How many findings a plain validate reports (the bundled data may grow)."""
    result = invoke(runner, "validate", *args, "-f", "json")
    return len(json.loads(result.stdout)["findings"])


def findings_of(result: Result) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings


def test_write_baseline_accepts_every_current_finding(runner: CliRunner, quang_nam: Path) -> None:
    before = json.loads(invoke(runner, "validate", "qn", "-f", "json").stdout)["summary"]
    warnings = before["warnings"]
    assert warnings > 0
    assert before["errors"] == 0
    written = invoke(runner, "validate", "qn", "--write-baseline", "baseline.json")
    assert written.exit_code == 0
    assert f"0 errors, 0 warnings, {warnings} in the baseline" in written.output
    document = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    assert document["format"] == 1
    assert document["kind"] == "ictarch-baseline"
    assert sum(entry.get("count", 1) for entry in document["findings"]) == warnings
    keys = [(e["code"], e["element"]) for e in document["findings"]]
    assert keys == sorted(keys)
    checked = invoke(runner, "validate", "qn", "--baseline", "baseline.json", "--strict")
    assert checked.exit_code == 0, checked.output


def test_baseline_survives_moved_lines_and_reordered_files(
    runner: CliRunner, quang_nam: Path
) -> None:
    total = finding_count(runner, "qn")
    invoke(runner, "validate", "qn", "--write-baseline", "baseline.json")
    services = quang_nam / "layers" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    head, _, body = text.partition("services:\n")
    items = body.split("\n  - id: ")
    reordered = "\n  - id: ".join([items[0], *reversed(items[1:])]).rstrip("\n") + "\n"
    services.write_text("# moved\n\n\n" + head + "services:\n" + reordered, encoding="utf-8")
    moved = invoke(runner, "validate", "qn", "--baseline", "baseline.json", "-f", "json")
    assert findings_of(moved) == []
    assert json.loads(moved.stdout)["summary"]["baselined"] == total


def test_baseline_reports_a_new_finding(runner: CliRunner, quang_nam: Path) -> None:
    invoke(runner, "validate", "qn", "--write-baseline", "baseline.json")
    platforms = quang_nam / "layers" / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    platforms.write_text(text.replace("      - wan-cqnn\n", "      - wan-cqnm\n", 1), "utf-8")
    result = invoke(runner, "validate", "qn", "--baseline", "baseline.json", "-f", "json")
    assert result.exit_code == 1
    assert [f["code"] for f in findings_of(result) if f["severity"] == "error"] == ["ICT202"]


def test_baseline_reports_a_fixed_finding_as_info(runner: CliRunner, quang_nam: Path) -> None:
    total = finding_count(runner, "qn")
    invoke(runner, "validate", "qn", "--write-baseline", "baseline.json")
    document = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    entries = len(document["findings"])
    gone = {"code": "ICT401", "element": "gone", "quoted": ["gone"], "count": 2}
    document["findings"].append(gone)
    Path("baseline.json").write_text(dumps(document, levels=2), encoding="utf-8")
    result = invoke(runner, "validate", "qn", "--baseline", "baseline.json", "-f", "json")
    assert result.exit_code == 0
    (stale,) = findings_of(result)
    assert (stale["code"], stale["severity"]) == ("ICT603", "info")
    # appended as the last entry: the header takes four lines
    assert (stale["file"], stale["line"], stale["column"]) == ("baseline.json", 5 + entries, 1)
    assert stale["args"] == {"code": "ICT401", "element": "gone", "count": 2}
    assert json.loads(result.stdout)["summary"]["baselined"] == total


def test_baseline_counts_repeated_findings(runner: CliRunner, tmp_path: Path) -> None:
    finding = Finding("a.yaml", 3, 1, "ICT205", Severity.WARNING, "m", "x", args={"target": "y"})
    moved = Finding(
        "a.yaml", 9, 1, "ICT205", Severity.WARNING, "other words", "x", args={"target": "y"}
    )
    assert entry_key(finding) == entry_key(moved)
    other = Finding("a.yaml", 3, 1, "ICT205", Severity.WARNING, "m", "x", args={"target": "z"})
    assert entry_key(finding) != entry_key(other)


def test_baseline_is_the_same_bytes_in_every_language(runner: CliRunner, quang_nam: Path) -> None:
    invoke(runner, "validate", "qn", "--write-baseline", "en.json")
    invoke(runner, "--lang", "vi", "validate", "qn", "--write-baseline", "vi.json")
    invoke(runner, "validate", "qn", "--write-baseline", "again.json")
    english = Path("en.json").read_bytes()
    assert Path("vi.json").read_bytes() == english
    assert Path("again.json").read_bytes() == english
    checked = invoke(
        runner, "--lang", "vi", "validate", "qn", "--baseline", "en.json", "-f", "json"
    )
    assert findings_of(checked) == []


class _Reworded(gettext.NullTranslations):
    """A stand-in catalogue: every text changes, the values put into it do not."""

    def gettext(self, message: str) -> str:
        return f"«bản dịch» {message} «hết»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def test_baseline_keys_do_not_depend_on_the_message_text(
    runner: CliRunner, quang_nam: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    platforms = quang_nam / "layers" / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    waiver = "  - id: lgsp\n    waivers: [{code: ICT205, reason: thừa}]\n"
    platforms.write_text(text.replace("  - id: lgsp\n", waiver, 1), encoding="utf-8")
    invoke(runner, "validate", "qn", "--write-baseline", "plain.json")
    monkeypatch.setattr(i18n, "_translation", _Reworded())
    monkeypatch.setattr(i18n, "set_language", lambda language: None)
    messages = [f["message"] for f in findings_of(invoke(runner, "validate", "qn", "-f", "json"))]
    assert any(m.startswith("«bản dịch» 'lgsp': the waiver of ICT205") for m in messages)
    reworded = invoke(runner, "validate", "qn", "--baseline", "plain.json", "-f", "json")
    assert findings_of(reworded) == []
    invoke(runner, "validate", "qn", "--write-baseline", "reworded.json")
    assert Path("reworded.json").read_bytes() == Path("plain.json").read_bytes()


def test_sarif_marks_baselined_results_as_externally_suppressed(
    runner: CliRunner, quang_nam: Path
) -> None:
    total = finding_count(runner, "qn")
    invoke(runner, "validate", "qn", "--write-baseline", "baseline.json")
    document = json.loads(
        invoke(runner, "validate", "qn", "--baseline", "baseline.json", "-f", "sarif").stdout
    )
    Draft202012Validator(SARIF_SCHEMA).validate(document)
    results = document["runs"][0]["results"]
    assert len(results) == total
    assert {r["suppressions"][0]["kind"] for r in results} == {"external"}


def test_write_baseline_refuses_an_input_file(runner: CliRunner, quang_nam: Path) -> None:
    services = quang_nam / "layers" / "services.yaml"
    before = services.read_bytes()
    for target in ("qn/layers/services.yaml", "qn/architecture.yaml", str(services)):
        result = invoke(runner, "validate", "qn", "--write-baseline", target)
        assert result.exit_code == 2
        assert "would overwrite a file of the architecture" in result.output
    assert services.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such baseline file"),
        ("not json", "not a baseline file (not JSON"),
        ("[" * 100_000, "not a baseline file (nested too deeply)"),
        ("\xff\xfe garbage", "not a baseline file"),
        ('{"format": 1, "findings": []}', "not an ictarch baseline file"),
        ('{"format": 9, "kind": "ictarch-baseline", "findings": []}', "baseline format 9"),
        ('{"format": 1, "kind": "ictarch-baseline", "findings": [1]}', "entry 1 is not"),
        (
            '{"format": 1, "kind": "ictarch-baseline", "findings": '
            '[{"code": "ICT306", "element": "a", "quoted": [], "count": 0}]}',
            "entry 1 has an invalid count",
        ),
    ],
)
def test_a_bad_baseline_file_is_a_usage_error(
    runner: CliRunner, quang_nam: Path, content: str | None, message: str
) -> None:
    if content is not None:
        Path("baseline.json").write_text(content, encoding="utf-8")
    result = invoke(runner, "validate", "qn", "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_loading_problems_are_never_baselined(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "architecture.yaml").write_text("ictarch: 1\narchitecture: [\n", encoding="utf-8")
    result = invoke(runner, "validate", str(tmp_path), "--write-baseline", str(tmp_path / "b.json"))
    assert result.exit_code == 1
    assert json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["findings"] == []


# shared/ lies beside the checkout (in CI) or beside the folder of worktrees
OFFICIAL_SARIF_SCHEMA = next(
    (
        path
        for base in (REPO.parent, REPO.parent.parent)
        if (path := base / "shared" / "interop" / "sarif" / "sarif-schema-2.1.0.json").is_file()
    ),
    REPO.parent / "shared" / "interop" / "sarif" / "sarif-schema-2.1.0.json",
)


def test_suppressed_results_are_valid_against_the_official_sarif_schema(
    runner: CliRunner, quang_nam: Path
) -> None:
    if not OFFICIAL_SARIF_SCHEMA.is_file():
        pytest.skip(f"the official SARIF 2.1.0 schema is not at {OFFICIAL_SARIF_SCHEMA}")
    schema = json.loads(OFFICIAL_SARIF_SCHEMA.read_text(encoding="utf-8"))
    total = finding_count(runner, "qn")
    platforms = quang_nam / "layers" / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    waiver = (
        "  - id: lgsp\n    waivers: [{code: ICT306, reason: dự phòng 2026, until: '2999-12-31'}]\n"
    )
    platforms.write_text(text.replace("  - id: lgsp\n", waiver, 1), encoding="utf-8")
    invoke(runner, "validate", "qn", "--write-baseline", "baseline.json")
    services = quang_nam / "layers" / "services.yaml"
    services.write_text(
        services.read_text(encoding="utf-8") + "  - {id: moi, name: Mới}\n", "utf-8"
    )
    result = invoke(runner, "validate", "qn", "--baseline", "baseline.json", "-f", "sarif")
    document = json.loads(result.stdout)
    validator = validators.validator_for(schema)
    errors = list(validator(schema, format_checker=validator.FORMAT_CHECKER).iter_errors(document))
    assert errors == []
    kinds = sorted(
        (r["suppressions"][0]["kind"] if r["suppressions"] else "none")
        for r in document["runs"][0]["results"]
    )
    assert kinds.count("inSource") == 1
    assert kinds.count("external") == total - 1
    assert "none" in kinds  # the new element's findings
