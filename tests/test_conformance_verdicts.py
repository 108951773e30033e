"""Verdicts a province can sign: conformance at a date, and confidence in obligations.

A small catalogue (framework ``khung``, one version in force from 2020-01-01) and a
small architecture released on 2022-06-01, written here so that every expectation
below can be checked by hand:

- ``khung.portal`` (mandatory, sourced) is implemented by ``cong`` (operational);
- ``khung.identity`` (mandatory, sourced) is implemented by ``dinh-danh``, whose
  status says planned (as of 2022-06-01) but whose ``since`` is 2023-01-01;
- ``khung.data`` (mandatory, sourced) is implemented by ``du-lieu``, operational but
  with ``until`` 2024-01-01 (retired on that day);
- ``khung.portal`` requires ``khung.sharing`` with confidence *inferred*: nothing
  implements ``khung.sharing`` — the only unmet requirement, and it is inferred;
- ``khung.soc`` is mandatory with confidence *background*: nothing implements it;
- ``khung.users`` (optional, kinds [agency]) is claimed by nothing, but ``ubnd`` is of
  kind agency: a fitting element, not claimed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ictarch.cli import app

CATALOGUE = """\
catalogue: 1
framework: {id: khung, name: {vi: Khung thử, en: test framework}}
profiles:
  - {id: province, name: {vi: Cấp tỉnh, en: province}}
versions:
  - {version: "1.0", instrument: QĐ 1/2020, valid_from: "2020-01-01"}
sources:
  - {key: K1, title: Quyết định 1/2020, url: https://example.gov.vn/k1}
  - {key: K2, title: Bài giảng chung}
blocks:
  - id: khung.portal
    name: {vi: Cổng dịch vụ công, en: public-service portal}
    layer: services
    mandatory: true
    requires: [{block: khung.sharing, confidence: inferred}]
    confidence: sourced
    sources: [K1]
  - id: khung.sharing
    name: {vi: Chia sẻ dữ liệu, en: data sharing}
    layer: platforms
    confidence: sourced
  - id: khung.identity
    name: {vi: Định danh, en: identity}
    layer: platforms
    mandatory: true
    confidence: sourced
  - id: khung.data
    name: {vi: Kho dữ liệu, en: data warehouse}
    layer: platforms
    mandatory: true
    confidence: sourced
  - id: khung.soc
    name: {vi: Giám sát an toàn thông tin, en: security operations centre}
    layer: platforms
    mandatory: true
    confidence: background
    sources: [K2]
  - id: khung.users
    name: {vi: Người sử dụng, en: users}
    layer: agencies
    kinds: [agency]
    confidence: sourced
"""
ARCHITECTURE = """\
ictarch: 1
architecture: {id: thu, name: Tỉnh thử, released: "2022-06-01", owner: ubnd}
frameworks: [khung.yaml]
conforms_to: {framework: khung, version: "1.0", profile: province}
agencies:
  - {id: ubnd, name: UBND, kind: agency, description: d, depends_on: [cong]}
services:
  - {id: cong, name: Cổng, description: d, owner: ubnd, implements: [khung.portal],
     depends_on: [dinh-danh, du-lieu]}
platforms:
  - {id: dinh-danh, name: Định danh, description: d, owner: ubnd, status: planned,
     since: "2023-01-01", implements: [khung.identity]}
  - {id: du-lieu, name: Kho dữ liệu, description: d, owner: ubnd,
     until: "2024-01-01", implements: [khung.data]}
"""


@pytest.fixture
def province(tmp_path: Path) -> Path:
    root = tmp_path / "thu"
    root.mkdir()
    (root / "khung.yaml").write_text(CATALOGUE, encoding="utf-8")
    (root / "architecture.yaml").write_text(ARCHITECTURE, encoding="utf-8")
    return root


def report(runner: CliRunner, root: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["conformance", str(root), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    (framework,) = json.loads(result.stdout)["frameworks"]
    assert isinstance(framework, dict)
    return framework


def statuses(framework: dict[str, Any]) -> dict[str, str]:
    return {block["id"]: block["status"] for block in framework["blocks"]}


def test_without_at_the_evaluation_date_is_released_and_dates_decide(
    runner: CliRunner, province: Path
) -> None:
    framework = report(runner, province)
    assert framework["evaluated_at"] == "2022-06-01"
    assert framework["state"] == {"name": "at", "date": "2022-06-01"}
    # on 2022-06-01 the identity platform has not started (since 2023-01-01): planned;
    # the warehouse works (until 2024-01-01 is later)
    assert statuses(framework)["khung.identity"] == "planned"
    assert statuses(framework)["khung.data"] == "covered"
    assert framework["verdict"] == "conforms-when-built"
    assert not any("after the architecture's date" in note for note in framework["notes"])


def test_at_a_date_after_since_the_element_is_in_service(runner: CliRunner, province: Path) -> None:
    framework = report(runner, province, "--at", "2023-06-01")
    assert framework["evaluated_at"] == "2023-06-01"
    # its status says planned, its since (2023-01-01) is before the date: in service
    assert statuses(framework)["khung.identity"] == "covered"
    assert framework["blocks"][2]["elements"] == [{"id": "dinh-danh", "status": "operational"}]
    assert framework["verdict"] == "conforms"
    assert (
        "evaluated at 2023-06-01, after the architecture's date 2022-06-01: whether an "
        "element is in service then comes from its since and until dates alone (its status "
        "describes 2022-06-01)" in framework["notes"]
    )


def test_at_a_date_after_until_the_element_is_gone(runner: CliRunner, province: Path) -> None:
    framework = report(runner, province, "--at", "2024-06-01")
    # the warehouse retired on 2024-01-01: nothing implements the mandatory block
    assert statuses(framework)["khung.data"] == "missing-mandatory"
    assert framework["verdict"] == "does-not-conform"


def test_state_current_and_target_go_by_statuses(runner: CliRunner, province: Path) -> None:
    current = report(runner, province, "--state", "current")
    assert current["state"] == {"name": "current", "date": None}
    assert current["evaluated_at"] == "2022-06-01"
    assert statuses(current)["khung.identity"] == "planned"
    assert current["verdict"] == "conforms-when-built"
    target = report(runner, province, "--state", "target")
    assert statuses(target)["khung.identity"] == "covered"
    assert target["verdict"] == "conforms"


def test_state_and_at_together_are_a_usage_error(runner: CliRunner, province: Path) -> None:
    result = runner.invoke(
        app, ["conformance", str(province), "--state", "target", "--at", "2023-01-01"]
    )
    assert result.exit_code == 2
    assert "give --state or --at, not both" in result.output


def test_an_inferred_requirement_is_to_confirm_not_a_failure(
    runner: CliRunner, province: Path
) -> None:
    framework = report(runner, province, "--at", "2023-06-01")
    portal = next(b for b in framework["blocks"] if b["id"] == "khung.portal")
    (connection,) = portal["connections"]
    assert (connection["found"], connection["to_confirm"], connection["confidence"]) == (
        False,
        True,
        "inferred",
    )
    assert connection["to_confirm_details"]["reason"] == (
        "the catalogue marks it inferred: reasoned from sourced facts, not stated by a source"
    )
    assert connection["to_confirm_details"]["sources"] == [
        {"key": "K1", "title": "Quyết định 1/2020", "url": "https://example.gov.vn/k1"}
    ]
    assert framework["summary"]["missing_connections"] == 0
    assert framework["summary"]["connections_to_confirm"] == 1
    # its only unmet requirement is inferred, the background SOC is to confirm: conforms
    assert framework["verdict"] == "conforms"
    text = runner.invoke(app, ["conformance", str(province), "--at", "2023-06-01"]).stdout
    assert (
        "? cong should reach khung.sharing: not reachable — to confirm: the catalogue marks "
        "it inferred: reasoned from sourced facts, not stated by a source; source: K1 "
        "(Quyết định 1/2020)" in text
    )
    assert "test framework" in text
    assert "khung 1.0 (province): CONFORMS — 3 of 4 mandatory blocks covered" in text
    assert "2 to confirm, not counted (khung.soc, cong → khung.sharing)" in text
    markdown = runner.invoke(
        app, ["conformance", str(province), "--at", "2023-06-01", "--format", "markdown"]
    ).stdout
    assert "? to confirm" in markdown
    assert "to confirm: the catalogue marks it background" in markdown


def test_a_background_mandatory_block_is_to_confirm_not_missing(
    runner: CliRunner, province: Path
) -> None:
    framework = report(runner, province)
    soc = next(b for b in framework["blocks"] if b["id"] == "khung.soc")
    assert (soc["status"], soc["mandatory"]) == ("to-confirm", True)
    assert soc["to_confirm"] == {
        "confidence": "background",
        "reason": "the catalogue marks it background: general knowledge, not verified "
        "against a source",
        "sources": [{"key": "K2", "title": "Bài giảng chung", "url": None}],
    }
    assert framework["summary"]["missing_mandatory"] == 0
    assert framework["summary"]["to_confirm"] == 1
    # no ICT504 and no ICT505 for obligations to confirm
    result = runner.invoke(app, ["validate", str(province), "--format", "json"])
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert not codes & {"ICT504", "ICT505"}


def test_a_fitting_element_not_claimed_is_reported_as_such(
    runner: CliRunner, province: Path
) -> None:
    framework = report(runner, province)
    users = next(b for b in framework["blocks"] if b["id"] == "khung.users")
    assert (users["status"], users["fitting"]) == ("fitting-not-claimed", ["ubnd"])
    text = runner.invoke(app, ["conformance", str(province)]).stdout
    assert "~ fitting element, not claimed" in text
    assert "fits: ubnd" in text
    assert (
        "no element claims it, but 1 element fits it by kind (agency): add implements: "
        "[khung.users] to it" in text
    )
    assert "not claimed though an element fits (add implements): khung.users" in text


def test_a_mandatory_block_with_only_a_fitting_element_still_fails_and_says_why(
    runner: CliRunner, province: Path
) -> None:
    (province / "architecture.yaml").write_text(
        ARCHITECTURE.replace("implements: [khung.portal],", "kind: portal,"), encoding="utf-8"
    )
    (province / "khung.yaml").write_text(
        CATALOGUE.replace(
            "    layer: services\n    mandatory: true\n",
            "    layer: services\n    mandatory: true\n    kinds: [portal]\n",
        ),
        encoding="utf-8",
    )
    framework = report(runner, province)
    assert statuses(framework)["khung.portal"] == "fitting-not-claimed"
    assert framework["verdict"] == "does-not-conform"
    result = runner.invoke(app, ["validate", str(province), "--format", "json"])
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "ICT504"]
    assert "'cong' fits it by kind but does not claim it: add implements" in finding["message"]


def test_the_site_shows_to_confirm_with_its_reason(
    runner: CliRunner, province: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", str(province), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / "conformance.html").read_text(encoding="utf-8")
    assert "to confirm" in page
    assert "Required connections to confirm" in page
    assert "the catalogue marks it inferred" in page
    assert "fits, not claimed:" in page


def test_at_a_date_after_the_declared_version_ended_says_so(runner: CliRunner) -> None:
    from tests.conftest import QUANG_NAM

    result = runner.invoke(
        app, ["conformance", str(QUANG_NAM), "--framework", "vn-egov@2.0", "--at", "2025-06-01"]
    )
    assert result.exit_code == 0, result.output
    # vn-egov 2.0 (2323/QĐ-BTTTT) was in force from 2019-12-31 to 2023-12-28
    assert (
        "vn-egov 2.0 was in force until 2023-12-28: at 2025-06-01 (--at) another version "
        "applies" in result.stdout
    )
    assert "evaluated at 2025-06-01; chosen with --framework" in result.stdout


def test_status_counts_of_analyze_and_the_site_are_the_states(
    runner: CliRunner, province: Path, tmp_path: Path
) -> None:
    def by_status(*args: str) -> dict[str, int]:
        result = runner.invoke(app, ["analyze", str(province), "--format", "json", *args])
        assert result.exit_code == 0, result.output
        counts = json.loads(result.stdout)["metrics"]["by_status"]
        assert isinstance(counts, dict)
        return counts

    # analyze counts the elements that work in the state, with the state's statuses
    assert by_status() == {"operational": 3}  # dinh-danh (planned) does not work yet
    # its since (2023-01-01) has passed: it works, and is counted operational
    assert by_status("--at", "2023-06-01") == {"operational": 4}
    assert by_status("--state", "target") == {"operational": 4}
    # the site counts every element, by the status the state gives it
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", str(province), "-o", str(out), "--at", "2024-06-01"])
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    # on 2024-06-01 the warehouse has retired (until 2024-01-01), the identity works
    assert '<tr><td>operational</td><td class="number">3</td></tr>' in index
    assert '<tr><td>retired</td><td class="number">1</td></tr>' in index
    assert "planned</td>" not in index
