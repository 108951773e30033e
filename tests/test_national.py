"""The national digital architecture framework (QĐ 3090, catalogue vn-digital) and the
bundled merged city (architectures/da-nang-2025)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from ictarch.cli import app
from ictarch.frameworks import national_layer, national_layers
from ictarch.frameworks.national import layer_blocks
from ictarch.validation import validate_paths
from tests.conftest import QUANG_NAM

REPO = Path(__file__).resolve().parent.parent
DA_NANG = REPO / "architectures" / "da-nang-2025"


def test_the_four_layers_bottom_up() -> None:
    assert [layer.names.en for layer in layer_blocks()] == [
        "layer 1: shared digital infrastructure and cyber-security",
        "layer 2: data and core platforms",
        "layer 3: shared applications and business",
        "layer 4: interaction channels and performance measurement",
    ]


def test_each_element_falls_into_one_layer_by_kind_then_by_layer() -> None:
    (architecture,) = validate_paths([QUANG_NAM]).architectures
    elements = architecture.elements

    def layer_of(element_id: str) -> str | None:
        block = national_layer(elements[element_id])
        return block.id if block else None

    assert layer_of("tsdl-tinh") == "vn-digital.infrastructure-security"
    assert layer_of("soc") == "vn-digital.infrastructure-security"  # a platform, by its kind
    assert layer_of("lgsp") == "vn-digital.data-platforms"
    assert layer_of("qlvb") == "vn-digital.applications-business"
    assert layer_of("cong-dvc") == "vn-digital.channels-measurement"
    assert layer_of("he-thong-bao-cao") == "vn-digital.channels-measurement"
    assert layer_of("ubnd-tinh") is None  # organisations are in none
    grouped = national_layers(architecture)
    assert list(grouped) == list(layer_blocks())
    assert sum(len(v) for v in grouped.values()) == sum(
        1 for e in elements.values() if national_layer(e) is not None
    )


def test_conformance_to_vn_digital_reports_coverage_by_layer_and_what_is_missing(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["conformance", str(QUANG_NAM), "--framework", "vn-digital", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    text = runner.invoke(app, ["conformance", str(QUANG_NAM), "--framework", "vn-digital"])
    assert "vn-digital.data-platforms" in text.stdout
    assert "layer 2: data and core platforms" in text.stdout
    # an architecture with no security element misses the cyber-security part
    (tmp_path / "a.yaml").write_text(
        "ictarch: 1\narchitecture: {id: a, name: A, released: '2025-11-01'}\n"
        "conforms_to: [{framework: vn-digital}, {framework: vn-egov, version: '4.0'}]\n"
        "agencies: [{id: u, name: U, description: d, depends_on: [s]}]\n"
        "services: [{id: s, name: S, kind: application, description: d, owner: u}]\n",
        encoding="utf-8",
    )
    missing = runner.invoke(app, ["conformance", str(tmp_path / "a.yaml"), "--format", "json"])
    data = json.loads(missing.stdout)
    assert "vn-digital.cyber-security" in missing.stdout
    assert [f["framework"] for f in data["frameworks"]] == ["vn-digital", "vn-egov"]
    found = runner.invoke(app, ["validate", str(tmp_path / "a.yaml"), "--format", "json"])
    codes = {(f["code"], f["args"].get("block")) for f in json.loads(found.stdout)["findings"]}
    assert ("ICT504", "vn-digital.cyber-security") in codes
    assert ("ICT504", "vn-digital.business-applications") not in codes  # not an obligation


def test_da_nang_2025_validates_and_leaves_what_the_record_does_not_show_as_ict507() -> None:
    result = validate_paths([DA_NANG])
    assert not [f for f in result.findings if f.severity == "error"]
    duplicates = [f for f in result.findings if f.code == "ICT507"]
    assert [f.args["block"] for f in duplicates] == ["vn-egov.lgsp"]
    (architecture,) = result.architectures
    elements = architecture.elements
    assert elements["dds"].since is not None
    assert elements["dds"].since.isoformat() == "2025-10-01"
    assert elements["cong-ttdt"].until is not None
    assert elements["ndxp"].extensions["x-merge"]["from"] == [
        {"source": "quang-nam", "id": "ndxp"},
        {"source": "da-nang", "id": "ndxp"},
    ]


def test_da_nang_2025_is_what_its_script_builds() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/build_da_nang_2025.py", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
