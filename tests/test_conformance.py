"""Reference-framework catalogues and ``ictarch conformance``.

The bundled catalogues are checked through their JSON Schema with jsonschema (the
reference) and with ictarch's compiled checker; the command is checked on a small
architecture with its own catalogue, whose coverage was worked out by hand:

    demo 1.0 at 2022-06-01 (the architecture's date)
      demo.portal      mandatory  covered: cong-a, cong-b (planned)
                                  cong-a → lgsp → chia-se reaches demo.sharing
                                  cong-b reaches nothing: a missing connection
      demo.sharing     mandatory  covered: chia-se
      demo.old-portal             covered: cong-cu (obsolete only from 2.0)
      demo.identity               not in force (from 2.0)
      demo.gis                    missing optional
      verdict: does not conform (one required connection missing)

    demo 2.0, evaluated at 2023-01-01 (the day it came into force)
      demo.old-portal  obsolete, used by cong-cu (ICT502)
      demo.identity    mandatory, missing (ICT504)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from ictarch.cli import app
from ictarch.frameworks.catalogue import BUNDLED_DIRECTORY, BUNDLED_FILES, read_catalogue
from ictarch.model.schema import check_against_schema, load_schema
from ictarch.model.yamlsource import Limits, parse_yaml_text
from tests.conftest import QUANG_NAM, QUANG_NAM_2021

DRAFT = Path("/work/shared/frameworks/catalogue-draft.yaml")
CATALOGUE_SCHEMA = "catalogue.schema.json"

# ---------------------------------------------------------------------------
# The bundled catalogues


def bundled_data() -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, yaml.safe_load((BUNDLED_DIRECTORY / name).read_text(encoding="utf-8")))
        for name in BUNDLED_FILES
    ]


def test_the_catalogue_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(load_schema(CATALOGUE_SCHEMA))


@pytest.mark.parametrize(("name", "data"), bundled_data(), ids=BUNDLED_FILES)
def test_bundled_catalogue_is_valid_against_its_json_schema(name: str, data: Any) -> None:
    validator = Draft202012Validator(load_schema(CATALOGUE_SCHEMA))
    assert [error.message for error in validator.iter_errors(data)] == []
    path = BUNDLED_DIRECTORY / name
    catalogue, findings = read_catalogue(path, name)
    assert findings == []
    assert catalogue is not None


@pytest.mark.parametrize(("name", "data"), bundled_data(), ids=BUNDLED_FILES)
def test_every_requires_and_replaced_by_names_a_block_of_the_same_catalogue(
    name: str, data: Any
) -> None:
    blocks = {block["id"] for block in data["blocks"]}
    named = 0
    for block in data["blocks"]:
        assert block["id"].startswith(data["framework"]["id"] + ".")
        if "replaced_by" in block:
            assert block["replaced_by"] in blocks, block["id"]
            named += 1
        if "part_of" in block:
            assert block["part_of"] in blocks, block["id"]
            named += 1
        for requirement in block.get("requires", ()):
            if isinstance(requirement, str):
                targets = [requirement]
            else:
                targets = requirement.get("any_of") or [requirement["block"]]
            for target in targets:
                assert target in blocks, (block["id"], target)
                named += 1
    assert named > 0


@pytest.mark.parametrize(("name", "data"), bundled_data(), ids=BUNDLED_FILES)
def test_bundled_blocks_say_how_sure_they_are_and_cite_listed_sources(name: str, data: Any) -> None:
    sources = {source["key"]: source for source in data["sources"]}
    # a source whose public address was not found says so in its title, never a made-up one
    assert all(
        source["url"].startswith("http")
        if "url" in source
        else "chưa có địa chỉ" in source["title"]
        for source in sources.values()
    )
    cited = [key for version in data["versions"] for key in version.get("sources", ())]
    for block in data["blocks"]:
        assert block["confidence"] in ("sourced", "inferred", "background"), block["id"]
        assert block["name"]["vi"]
        assert block["name"]["en"]
        cited += block.get("sources", ())
    assert set(cited) <= set(sources)


@pytest.mark.skipif(not DRAFT.is_file(), reason="the shared catalogue draft is not on this machine")
def test_bundled_catalogues_keep_the_block_ids_of_the_draft() -> None:
    draft = yaml.safe_load(DRAFT.read_text(encoding="utf-8"))
    bundled = {
        data["framework"]["id"]: {block["id"] for block in data["blocks"]}
        for _name, data in bundled_data()
    }
    for framework in draft["frameworks"]:
        assert {block["id"] for block in framework["blocks"]} == bundled[framework["id"]]


def test_bundled_versions_and_their_dates() -> None:
    versions = {
        data["framework"]["id"]: [
            (v["version"], v["valid_from"], v.get("valid_to")) for v in data["versions"]
        ]
        for _name, data in bundled_data()
    }
    assert versions == {
        "vn-egov": [
            ("2.0", "2019-12-31", "2023-12-28"),
            ("3.0", "2023-12-29", "2025-03-24"),
            ("4.0", "2025-03-25", None),
        ],
        "ict-smartcity": [("1.0", "2019-05-31", None)],
        "vn-digital": [("1.0", "2025-10-08", None)],
    }


# The compiled checker agrees with jsonschema on broken catalogues

VALID = (
    "catalogue: 1\nframework: {id: f, name: {vi: V, en: E}}\n"
    "versions: [{version: '1.0', valid_from: '2020-01-01'}]\n"
    "blocks: [{id: f.a, name: {vi: A, en: A}, layer: services}]\n"
)
INVALID_CATALOGUES = {
    "no blocks": VALID.replace("blocks: [{id: f.a, name: {vi: A, en: A}, layer: services}]\n", ""),
    "version as a number": VALID.replace("version: '1.0'", "version: 1.0"),
    "date not a date": VALID.replace("'2020-01-01'", "'2020-13-01'"),
    "name without en": VALID.replace("name: {vi: A, en: A}", "name: {vi: A}"),
    "unknown block field": VALID.replace("layer: services}", "layer: services, mandatroy: true}"),
    "bad since": VALID.replace("layer: services}", "layer: services, since: 'v3'}"),
    "requires a number": VALID.replace("layer: services}", "layer: services, requires: [1]}"),
    "empty any_of": VALID.replace("layer: services}", "layer: services, requires: [{any_of: []}]}"),
    "mandatory text": VALID.replace("layer: services}", "layer: services, mandatory: 'yes'}"),
    "confidence": VALID.replace("layer: services}", "layer: services, confidence: sure}"),
    "format 2": VALID.replace("catalogue: 1", "catalogue: 2"),
}


def parse(text: str) -> Any:
    findings: list[Any] = []
    value = parse_yaml_text(text, "catalogue.yaml", Limits(), findings)
    assert findings == []
    return value


@pytest.mark.parametrize("text", INVALID_CATALOGUES.values(), ids=list(INVALID_CATALOGUES))
def test_invalid_catalogue_is_invalid_in_both(text: str) -> None:
    value = parse(text)
    assert check_against_schema(value, CATALOGUE_SCHEMA, "catalogue.yaml") != []
    validator = Draft202012Validator(
        load_schema(CATALOGUE_SCHEMA), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(yaml.safe_load(text))) != []


def test_valid_catalogue_is_valid_in_both() -> None:
    text = VALID.replace(
        "layer: services}",
        "layer: services, mandatory: [province], since: '2021-01-01', "
        "requires: [f.a, {block: f.a, since: '1.0'}, {any_of: [f.a]}]}",
    )
    assert check_against_schema(parse(text), CATALOGUE_SCHEMA, "catalogue.yaml") == []
    validator = Draft202012Validator(load_schema(CATALOGUE_SCHEMA))
    assert list(validator.iter_errors(yaml.safe_load(text))) == []


# ---------------------------------------------------------------------------
# ictarch conformance on a small architecture

CATALOGUE = """\
catalogue: 1
framework: {id: demo, name: {vi: Khung mẫu, en: sample framework}}
profiles:
  - {id: province, name: {vi: Cấp tỉnh, en: province}}
versions:
  - {version: "1.0", instrument: QĐ 1/2020, valid_from: "2020-01-01", valid_to: "2022-12-31"}
  - {version: "2.0", valid_from: "2023-01-01"}
sources:
  - {key: D1, title: Quyết định 1, url: https://example.gov.vn/d1}
blocks:
  - id: demo.portal
    name: {vi: Cổng dịch vụ công, en: public-service portal}
    layer: services
    mandatory: true
    requires: [demo.sharing]
    confidence: sourced
    sources: [D1]
  - id: demo.sharing
    name: {vi: Nền tảng chia sẻ dữ liệu quốc gia, en: national data sharing}
    layer: platforms
    national: true
    mandatory: true
  - id: demo.old-portal
    name: {vi: Cổng cũ, en: old portal}
    layer: services
    obsolete_since: "2.0"
    replaced_by: demo.portal
  - id: demo.identity
    name: {vi: Định danh điện tử, en: electronic identity}
    layer: platforms
    mandatory: true
    since: "2.0"
  - id: demo.gis
    name: {vi: GIS dùng chung, en: shared GIS}
    layer: platforms
"""
ARCHITECTURE = """\
ictarch: 1
architecture: {id: demo-tinh, name: Tỉnh mẫu, released: "2022-06-01", owner: ubnd}
frameworks: [khung/demo.yaml]
conforms_to: {framework: demo, version: "1.0", profile: province}
agencies:
  - {id: ubnd, name: UBND, description: d, depends_on: [cong-a, cong-cu]}
services:
  - {id: cong-a, name: Cổng A, description: d, owner: ubnd, implements: [demo.portal],
     depends_on: [lgsp]}
  - {id: cong-b, name: Cổng B, description: d, owner: ubnd, status: planned,
     implements: [demo.portal]}
  - {id: cong-cu, name: Cổng cũ, description: d, owner: ubnd, implements: [demo.old-portal],
     depends_on: [lgsp]}
platforms:
  - {id: lgsp, name: LGSP, description: d, owner: ubnd, depends_on: [chia-se]}
  - {id: chia-se, name: Chia sẻ quốc gia, description: d, owner: ubnd,
     implements: [demo.sharing]}
"""


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    (root / "khung").mkdir(parents=True)
    (root / "khung" / "demo.yaml").write_text(CATALOGUE, encoding="utf-8")
    (root / "architecture.yaml").write_text(ARCHITECTURE, encoding="utf-8")
    return root


def conformance(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, ["conformance", *args])


def test_json_coverage_of_the_small_architecture(runner: CliRunner, demo: Path) -> None:
    result = conformance(runner, str(demo), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == 1
    assert "ictarch" in data
    assert data["architecture"]["released"] == "2022-06-01"
    (framework,) = data["frameworks"]
    assert (framework["framework"], framework["version"], framework["profile"]) == (
        "demo",
        "1.0",
        "province",
    )
    assert framework["selected_by"] == "conforms_to"
    assert framework["evaluated_at"] == "2022-06-01"
    assert framework["verdict"] == "does-not-conform"
    assert framework["summary"] == {
        "mandatory": 2,
        "covered": 2,
        "planned": 0,
        "missing_mandatory": 0,
        "missing_connections": 1,
        "obsolete_in_use": 0,
        "not_in_force_in_use": 0,
        "to_confirm": 0,
        "connections_to_confirm": 0,
        "fitting_not_claimed": 0,
    }
    blocks = {block["id"]: block for block in framework["blocks"]}
    assert {block_id: (b["status"], b["mandatory"]) for block_id, b in blocks.items()} == {
        "demo.portal": ("covered", True),
        "demo.sharing": ("covered", True),
        "demo.old-portal": ("covered", False),
        "demo.identity": ("not-in-force", False),
        "demo.gis": ("missing-optional", False),
    }
    assert blocks["demo.portal"]["elements"] == [
        {"id": "cong-a", "status": "operational"},
        {"id": "cong-b", "status": "planned"},
    ]
    assert blocks["demo.portal"]["connections"] == [
        {
            "element": "cong-a",
            "requires": ["demo.sharing"],
            "since": None,
            "found": True,
            "path": ["cong-a", "lgsp", "chia-se"],
            "path_hidden": 0,
            "candidates": ["chia-se"],
            "confidence": "sourced",
            "to_confirm": False,
        },
        {
            "element": "cong-b",
            "requires": ["demo.sharing"],
            "since": None,
            "found": False,
            "path": [],
            "path_hidden": 0,
            "candidates": ["chia-se"],
            "confidence": "sourced",
            "to_confirm": False,
        },
    ]
    assert blocks["demo.sharing"]["national"] is True
    assert blocks["demo.portal"]["name"] == {
        "vi": "Cổng dịch vụ công",
        "en": "public-service portal",
    }
    assert [(f["code"], f["element"], f["args"]["block"]) for f in data["findings"]] == [
        ("ICT505", "cong-b", "demo.portal")
    ]
    assert data["comparison"] is None


def test_text_report_of_the_small_architecture(runner: CliRunner, demo: Path) -> None:
    result = conformance(runner, str(demo))
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0] == "Conformance of demo-tinh to demo 1.0 (province)"
    assert "  QĐ 1/2020; in force 2020-01-01 to 2022-12-31" in lines
    assert "  evaluated at 2022-06-01; declared in conforms_to" in lines
    assert any(
        "✔ covered" in line and " M demo.portal" in line and "cong-b (planned)" in line
        for line in lines
    )
    assert any("- not in force" in line and "demo.identity" in line for line in lines)
    assert any("· missing optional" in line and "demo.gis" in line for line in lines)
    assert any("✔ cong-a reaches demo.sharing: cong-a → lgsp → chia-se" in line for line in lines)
    assert any(
        "✖ cong-b must reach demo.sharing: implemented by chia-se, not reachable" in line
        for line in lines
    )
    assert (
        "demo 1.0 (province): DOES NOT CONFORM — 2 of 2 mandatory blocks covered; "
        "1 required connection(s) missing" in lines
    )


def test_markdown_report_of_the_small_architecture(runner: CliRunner, demo: Path) -> None:
    result = conformance(runner, str(demo), "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("### Conformance of demo-tinh to demo 1.0 (province)\n")
    assert "**demo 1.0 (province): DOES NOT CONFORM — 2 of 2 mandatory blocks covered" in text
    assert (
        "| ✔ covered | yes | `demo.portal` | public-service portal | cong-a, cong-b (planned) | "
        "✔ cong-a reaches demo.sharing: cong-a → lgsp → chia-se<br>"
        "✖ cong-b must reach demo.sharing: implemented by chia-se, not reachable |"
    ) in text
    assert "| · missing optional |  | `demo.gis` | shared GIS | — |  |" in text
    assert "### Findings" in text
    assert "| `ICT505` |" in text


def test_compare_shows_what_moving_to_the_next_version_requires(
    runner: CliRunner, demo: Path
) -> None:
    result = conformance(
        runner, str(demo), "--framework", "demo@1.0", "--compare", "demo@2.0", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    comparison = json.loads(result.stdout)["comparison"]
    assert comparison["from"] == {
        "framework": "demo",
        "version": "1.0",
        "verdict": "does-not-conform",
    }
    assert comparison["to"]["version"] == "2.0"
    assert comparison["changes"] == [
        {
            "block": "demo.old-portal",
            "before": "covered",
            "after": "obsolete",
            "mandatory_before": False,
            "mandatory_after": False,
        },
        {
            "block": "demo.identity",
            "before": "not-in-force",
            "after": "missing-mandatory",
            "mandatory_before": False,
            "mandatory_after": True,
        },
    ]
    text = conformance(runner, str(demo), "--framework", "demo@1.0", "--compare", "demo@2.0")
    assert "Moving from demo 1.0 to demo 2.0:" in text.stdout
    assert "  demo.identity: not in force → missing mandatory (becomes mandatory)" in text.stdout


def test_a_later_version_is_evaluated_from_the_day_it_came_into_force(
    runner: CliRunner, demo: Path
) -> None:
    result = conformance(runner, str(demo), "--framework", "demo@2.0", "-f", "json")
    data = json.loads(result.stdout)
    (framework,) = data["frameworks"]
    assert framework["evaluated_at"] == "2023-01-01"
    assert framework["selected_by"] == "requested"
    assert any("before demo 2.0 came into force" in note for note in framework["notes"])
    codes = sorted((f["code"], f["element"]) for f in data["findings"])
    assert codes == [("ICT502", "cong-cu"), ("ICT504", None), ("ICT505", "cong-b")]


def test_fail_on(runner: CliRunner, demo: Path) -> None:
    assert conformance(runner, str(demo), "--fail-on", "missing-mandatory").exit_code == 0
    assert conformance(runner, str(demo), "--fail-on", "any").exit_code == 1
    assert (
        conformance(runner, str(demo), "--framework", "demo@2.0", "--fail-on", "missing-mandatory")
    ).exit_code == 1


def test_without_conforms_to_the_version_in_force_is_used_and_said(
    runner: CliRunner, demo: Path
) -> None:
    root = demo / "architecture.yaml"
    root.write_text(
        root.read_text(encoding="utf-8").replace(
            'conforms_to: {framework: demo, version: "1.0", profile: province}\n', ""
        ),
        encoding="utf-8",
    )
    result = conformance(runner, str(demo))
    assert result.exit_code == 0, result.output
    assert "not declared: the version in force at the architecture's date" in result.stdout
    assert (
        "demo 1.0 is the version in force at the architecture's date 2022-06-01 "
        "(architecture.released)" in result.stdout
    )


def test_usage_errors_exit_2(runner: CliRunner, demo: Path) -> None:
    unknown = conformance(runner, str(demo), "--framework", "vn-egv")
    assert unknown.exit_code == 2
    assert "no reference framework 'vn-egv'; did you mean 'vn-egov'?" in unknown.stderr
    assert "hint: known frameworks: demo, ict-smartcity, vn-digital, vn-egov" in unknown.stderr
    version = conformance(runner, str(demo), "--framework", "vn-egov@9.0")
    assert version.exit_code == 2
    assert "hint: its versions: 2.0, 3.0, 4.0" in version.stderr
    assert conformance(runner, str(demo), "--format", "xml").exit_code == 2
    assert conformance(runner, str(demo), "--fail-on", "some").exit_code == 2
    assert conformance(runner, str(demo / "nothing")).exit_code == 2


def test_output_file_is_written_and_the_input_untouched(
    runner: CliRunner, demo: Path, tmp_path: Path
) -> None:
    before = (demo / "architecture.yaml").read_bytes()
    target = tmp_path / "out" / "conformance.md"
    result = conformance(runner, str(demo), "-f", "markdown", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("### Conformance of demo-tinh")
    assert (demo / "architecture.yaml").read_bytes() == before
    again = tmp_path / "again.md"
    conformance(runner, str(demo), "-f", "markdown", "-o", str(again))
    assert again.read_bytes() == target.read_bytes()


# ---------------------------------------------------------------------------
# The bundled architectures


def test_quang_nam_conformance_verdicts(runner: CliRunner) -> None:
    result = conformance(runner, str(QUANG_NAM))
    assert result.exit_code == 0, result.output
    assert (
        "vn-egov 2.0 (province): CONFORMS ONCE THE PLANNED ELEMENTS ARE BUILT — 14 of 15 "
        "mandatory blocks covered; 1 only planned or being built (vn-egov.soc); "
        "0 required connection(s) missing" in result.stdout
    )
    old = conformance(runner, str(QUANG_NAM_2021), "--fail-on", "missing-mandatory")
    assert old.exit_code == 1
    # the national reporting and monitoring systems are modelled; a SOC (built from 2022)
    # is not, and the provincial reporting system (the record is silent) is not shown
    assert "vn-egov 2.0 (province): DOES NOT CONFORM — 12 of 14 mandatory blocks covered" in (
        old.stdout
    )
    assert (
        "not claimed though an element fits (add implements): vn-egov.reporting, "
        "vn-egov.provincial-data-centre, vn-egov.open-data-portal, vn-egov.soc" in old.stdout
    )


def test_quang_nam_moving_to_vn_egov_4(runner: CliRunner) -> None:
    result = conformance(
        runner, str(QUANG_NAM), "--framework", "vn-egov@2.0", "--compare", "vn-egov@4.0"
    )
    assert result.exit_code == 0, result.output
    # 2.0 is evaluated at 2022-10-10, 4.0 at 2025-03-25, when VNeID is in service by its
    # since date (2024-07-01 at the latest, Decree 69/2024): covered, though its status
    # (at 2022-10-10) says planned
    assert "  vn-egov.vneid: not in force → covered (becomes mandatory)" in result.stdout
    # the portal's citizens log in with any_of [national-portal account, VNeID]: 4.0's
    # requirement is met
    assert "new requirement: ✖" not in result.stdout
    version_4 = conformance(runner, str(QUANG_NAM), "--framework", "vn-egov@4.0")
    assert (
        "✔ cong-dvc reaches vn-egov.vneid (from 2024-07-01): cong-dvc → vneid" in version_4.stdout
    )


def test_a_date_before_every_version_uses_the_first_and_says_so(
    runner: CliRunner, demo: Path
) -> None:
    root = demo / "architecture.yaml"
    text = root.read_text(encoding="utf-8")
    text = text.replace('released: "2022-06-01"', 'released: "2018-03-01"')
    text = text.replace('conforms_to: {framework: demo, version: "1.0", profile: province}\n', "")
    root.write_text(text, encoding="utf-8")
    data = json.loads(conformance(runner, str(demo), "-f", "json").stdout)
    (framework,) = [f for f in data["frameworks"] if f["framework"] == "demo"]
    assert (framework["version"], framework["selected_by"]) == ("1.0", "nearest")
    assert framework["evaluated_at"] == "2020-01-01"
    assert any("no version of demo was in force" in note for note in framework["notes"])


def test_a_missing_connection_names_at_most_ten_candidates(tmp_path: Path) -> None:
    from ictarch.validation import validate_paths

    # smart applications must reach the service and data support layer (sourced)
    supports = "\n".join(
        f"  - {{id: s{i:02d}, name: S{i}, description: d, owner: ubnd, "
        f"implements: [ict-smartcity.service-data-support]}}"
        for i in range(12)
    )
    (tmp_path / "architecture.yaml").write_text(
        "ictarch: 1\n"
        'architecture: {id: a, name: A, released: "2022-10-10", owner: ubnd}\n'
        "conforms_to: {framework: ict-smartcity}\n"
        "agencies:\n  - {id: ubnd, name: UBND, description: d, depends_on: [app]}\n"
        "services:\n  - {id: app, name: App, description: d, owner: ubnd,"
        " implements: [ict-smartcity.smart-applications]}\n"
        "platforms:\n" + supports + "\n",
        encoding="utf-8",
    )
    result = validate_paths([tmp_path])
    (finding,) = [f for f in result.findings if f.code == "ICT505"]
    assert finding.element == "app"
    assert finding.args["candidate_count"] == 12
    assert finding.args["candidates"] == tuple(f"s{i:02d}" for i in range(10))
    assert "'s09' and 2 more, none of them reachable" in finding.message


@pytest.mark.parametrize(
    "declared", ['{framework: nope, version: "1.0"}', '{framework: vn-egov, version: "9.9"}']
)
def test_fail_on_fails_when_conforms_to_names_nothing_known(
    runner: CliRunner, tmp_path: Path, declared: str
) -> None:
    root = tmp_path / "architecture.yaml"
    root.write_text(
        'ictarch: 1\narchitecture: {id: a, name: A, version: "1"}\n'
        f"conforms_to:\n  - {declared}\n"
        "agencies:\n  - {id: ag, name: Ag, description: d, depends_on: [s]}\n"
        "services:\n  - {id: s, name: S, description: d, owner: ag}\n",
        encoding="utf-8",
    )
    gated = conformance(runner, str(root), "--fail-on", "missing-mandatory")
    assert gated.exit_code == 1, gated.output  # a typo must not turn the CI gate green
    assert "ICT104" in gated.stdout
    assert conformance(runner, str(root)).exit_code == 0  # without a gate: a report
