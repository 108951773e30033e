"""ictarch merge and ictarch consolidate, through the command line, on real directories.

tests/data/merge holds two small provinces, each with its own LGSP, administrative-
procedure system and data centre, both using NDXP and the national public-service
portal (under other ids in the second one).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ictarch.cli import app

DATA = Path(__file__).parent / "data" / "merge"
TINH_A = DATA / "tinh-a"
TINH_B = DATA / "tinh-b"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _layer(directory: Path, layer: str) -> list[dict[str, object]]:
    data = yaml.safe_load((directory / "layers" / f"{layer}.yaml").read_text(encoding="utf-8"))
    elements: list[dict[str, object]] = data[layer]
    return elements


def _all_elements(directory: Path) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for path in sorted((directory / "layers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for elements in data.values():
            for element in elements:
                found[element["id"]] = element
    return found


def _merge(runner: CliRunner, out: Path, *extra: str) -> str:
    """Merge the two provinces on 2025-07-01 (after NĐ 118/2025 limits them to one
    procedure system) unless ``extra`` gives another date."""
    at = () if "--at" in extra else ("--at", "2025-07-01")
    result = runner.invoke(
        app,
        ["merge", str(TINH_A), str(TINH_B), "-o", str(out), "--id", "tinh-ab", *at, *extra],
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def _validate_json(runner: CliRunner, path: Path, *extra: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["validate", str(path), "--format", "json", *extra])
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


def test_two_provinces_merge_consolidate_and_the_plan_shows_the_retirement(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The issue's end-to-end story, through the CLI."""
    merged = tmp_path / "tinh-ab"
    _merge(runner, merged, "--name", "Tỉnh AB", "--at", "2025-07-01")
    elements = _all_elements(merged)
    # one NDXP and one national portal, though tinh-b calls them otherwise
    ndxp = [e for e in elements.values() if "vn-egov.ndxp" in e.get("implements", [])]
    portals = [
        e
        for e in elements.values()
        if "vn-egov.national-public-service-portal" in e.get("implements", [])
    ]
    assert [e["id"] for e in ndxp] == ["ndxp"]
    assert [e["id"] for e in portals] == ["cong-dvc-qg"]
    assert ndxp[0]["x-merge"]["from"] == [
        {"source": "tinh-a", "id": "ndxp"},
        {"source": "tinh-b", "id": "nen-tang-quoc-gia"},
    ]
    # tinh-b's references follow the unified ids
    assert "ndxp" in elements["tinh-b.lgsp"]["depends_on"]
    assert "cong-dvc-qg" in elements["mot-cua"]["depends_on"]
    # validate: ICT507 for the LGSPs and the procedure systems, nothing else of the kind
    findings = _validate_json(runner, merged)
    duplicates = {f["args"]["block"]: f for f in findings if f["code"] == "ICT507"}
    assert set(duplicates) == {"vn-egov.lgsp", "vn-egov.tthc-system"}
    assert duplicates["vn-egov.tthc-system"]["args"]["elements"] == ["tthc", "mot-cua"]
    assert duplicates["vn-egov.tthc-system"]["args"]["instrument"] == "NĐ 118/2025/NĐ-CP"
    assert duplicates["vn-egov.tthc-system"]["severity"] == "warning"
    assert duplicates["vn-egov.lgsp"]["severity"] == "info"  # an inferred limit: to confirm
    assert not [f for f in findings if f["severity"] == "error"]
    # consolidate: both candidates of each group, their dependents, a suggestion
    result = runner.invoke(app, ["consolidate", str(merged), "--format", "json"])
    assert result.exit_code == 0, result.output
    groups = {g["block"]: g for g in json.loads(result.stdout)["groups"]}
    tthc = groups["vn-egov.tthc-system"]
    assert [c["id"] for c in tthc["candidates"]] == ["tthc", "mot-cua"]
    assert tthc["candidates"][1]["dependents"] == ["tinh-b.so-khcn", "tinh-b.ubnd-tinh", "viettel"]
    assert tthc["candidates"][1]["operator"] == "viettel"
    assert tthc["keep"] == "tthc"  # as many dependents; higher criticality
    assert "criticality" in tthc["reason"]
    lgsp = groups["vn-egov.lgsp"]
    assert [c["id"] for c in lgsp["candidates"]] == ["tinh-a.lgsp", "tinh-b.lgsp"]
    assert lgsp["candidates"][1]["dependents"] == ["mot-cua", "tinh-b.qlvb"]
    assert "tinh-b.ubnd-tinh" in lgsp["candidates"][1]["down_if_retired"]
    # the plan: the retirements on the roadmap, dated
    plan = tmp_path / "plan"
    result = runner.invoke(
        app, ["consolidate", str(merged), "-o", str(plan), "--retire-on", "2026-06-30"]
    )
    assert result.exit_code == 0, result.output
    roadmap = runner.invoke(app, ["roadmap", str(plan), "--format", "json"])
    items = {
        item["id"]: item
        for group in json.loads(roadmap.stdout)["groups"]
        for item in group["elements"]
    }
    assert items["mot-cua"]["until"] == "2026-06-30"
    assert items["mot-cua"]["status"] == "deprecated"
    assert items["tinh-b.lgsp"]["until"] == "2026-06-30"
    assert items["tthc"]["until"] is None
    text = runner.invoke(app, ["roadmap", str(plan)]).stdout
    assert "2026-06-30" in text
    # ICT507 is gone from the day of the retirement on, not before
    before = _validate_json(runner, plan, "--at", "2026-06-29")
    after = _validate_json(runner, plan, "--at", "2026-06-30")
    assert {f["args"]["block"] for f in before if f["code"] == "ICT507"} == {
        "vn-egov.lgsp",
        "vn-egov.tthc-system",
    }
    assert not [f for f in after if f["code"] == "ICT507"]
    assert not [f for f in after if f["severity"] == "error"]


def test_the_plan_migrates_dependents_step_by_step(runner: CliRunner, tmp_path: Path) -> None:
    merged, plan = tmp_path / "ab", tmp_path / "plan"
    _merge(runner, merged)
    runner.invoke(app, ["consolidate", str(merged), "-o", str(plan), "--retire-on", "2026-06-30"])
    elements = _all_elements(plan)
    qlvb = elements["tinh-b.qlvb"]
    assert qlvb["depends_on"][0]["any_of"] == ["tinh-b.lgsp", "tinh-a.lgsp"]
    assert qlvb["x-consolidation"]["migrate"] == [
        {"from": "tinh-b.lgsp", "to": "tinh-a.lgsp", "by": "2026-06-30"}
    ]
    assert elements["mot-cua"]["x-consolidation"]["retire"]["kept"] == "tthc"
    # before the retirement the old LGSP failing leaves tinh-b's systems up (both serve);
    # after it, the kept LGSP is what they need
    early = runner.invoke(
        app, ["impact", str(plan), "tinh-a.lgsp", "--at", "2026-01-01", "--format", "json"]
    )
    late = runner.invoke(
        app, ["impact", str(plan), "tinh-a.lgsp", "--at", "2026-07-01", "--format", "json"]
    )
    assert early.exit_code == 0, early.output
    assert "tinh-b.qlvb" not in json.loads(early.stdout)["affected"]
    assert "tinh-b.qlvb" in json.loads(late.stdout)["affected"]
    diff = runner.invoke(
        app, ["diff", str(plan), "--at", "2026-06-29", "--to", "2026-06-30", "--format", "json"]
    )
    assert diff.exit_code in (0, 1), diff.output
    assert "mot-cua" in diff.stdout


def test_keep_overrides_the_suggestion_and_an_unknown_keep_is_a_usage_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    merged = tmp_path / "ab"
    _merge(runner, merged)
    result = runner.invoke(
        app, ["consolidate", str(merged), "--keep", "mot-cua", "--format", "json"]
    )
    groups = {g["block"]: g for g in json.loads(result.stdout)["groups"]}
    assert groups["vn-egov.tthc-system"]["keep"] == "mot-cua"
    assert groups["vn-egov.tthc-system"]["chosen_by_user"] is True
    result = runner.invoke(app, ["consolidate", str(merged), "--keep", "ndxp"])
    assert result.exit_code == 2
    assert "not a candidate" in result.stderr


def test_colliding_ids_are_prefixed_and_every_reference_follows(
    runner: CliRunner, tmp_path: Path
) -> None:
    merged = tmp_path / "ab"
    report = _merge(runner, merged)
    elements = _all_elements(merged)
    for old in ("lgsp", "qlvb", "tsdl", "so-khcn", "ubnd-tinh"):
        assert old not in elements
        assert f"tinh-a.{old}" in elements
        assert f"tinh-b.{old}" in elements
        assert f"tinh-b:{old} → tinh-b.{old}" in report
    assert elements["tinh-a.lgsp"]["owner"] == "tinh-a.so-khcn"
    assert elements["tinh-b.qlvb"]["depends_on"] == ["tinh-b.lgsp"]
    assert elements["tinh-a.ubnd-tinh"]["depends_on"] == ["tthc", "tinh-a.qlvb"]
    root = yaml.safe_load((merged / "architecture.yaml").read_text(encoding="utf-8"))
    assert root["architecture"]["owner"] == "tinh-a.ubnd-tinh"
    views = {view["id"]: view for view in root["views"]}
    assert views["lgsp"]["focus"] == "tinh-a.lgsp"
    assert set(views) == {"tinh-a.overview", "tinh-b.overview", "lgsp"}
    assert root["rules"] == {"ICT504": "off", "ICT505": "off", "ICT402": "error"}
    # ids unique and the result validates without errors
    assert not [f for f in _validate_json(runner, merged) if f["severity"] == "error"]


def test_a_mapping_file_pairs_elements_and_names_the_merged_id(
    runner: CliRunner, tmp_path: Path
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "same:\n  - {tinh-a: tsdl, tinh-b: tsdl, id: tsdl-thanh-pho}\n", encoding="utf-8"
    )
    merged = tmp_path / "ab"
    report = _merge(runner, merged, "--map", str(mapping))
    elements = _all_elements(merged)
    assert "tsdl-thanh-pho" in elements
    assert "tinh-a.tsdl" not in elements
    assert "tinh-b.tsdl" not in elements
    assert "tsdl-thanh-pho ← tinh-a:tsdl, tinh-b:tsdl (paired in --map)" in report
    assert "tsdl-thanh-pho" in elements["tinh-b.lgsp"]["depends_on"]
    # a mapping that names an element a source does not have is a usage error
    mapping.write_text("same:\n  - {tinh-a: tsdl, tinh-b: khong-co}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["merge", str(TINH_A), str(TINH_B), "-o", str(tmp_path / "x"), "--map", str(mapping)]
    )
    assert result.exit_code == 2
    assert "has no element 'khong-co'" in result.stderr
    assert not (tmp_path / "x").exists()
    mapping.write_text("same: 3\n", encoding="utf-8")
    result = runner.invoke(
        app, ["merge", str(TINH_A), str(TINH_B), "-o", str(tmp_path / "x"), "--map", str(mapping)]
    )
    assert result.exit_code == 2
    assert "same:" in result.stderr


def test_conflicting_fields_are_reported_and_recorded_not_silently_picked(
    runner: CliRunner, tmp_path: Path
) -> None:
    merged = tmp_path / "ab"
    report = _merge(runner, merged)
    assert "ndxp name: tinh-a: NDXP; tinh-b: Nền tảng tích hợp quốc gia" in report
    assert "conforms_to vn-egov: tinh-a: 4.0 province; tinh-b: 3.0 province" in report
    ndxp = _all_elements(merged)["ndxp"]
    assert ndxp["name"] == "NDXP"  # the first source's value is kept ...
    assert ndxp["x-merge"]["conflicts"] == {  # ... and every value recorded
        "name": {"tinh-a": "NDXP", "tinh-b": "Nền tảng tích hợp quốc gia"}
    }
    root = yaml.safe_load((merged / "architecture.yaml").read_text(encoding="utf-8"))
    assert root["architecture"]["x-merge"]["conflicts"] == [
        {
            "where": "conforms_to",
            "field": "vn-egov",
            "values": {"tinh-a": "4.0 province", "tinh-b": "3.0 province"},
        }
    ]
    assert root["conforms_to"] == [
        {"framework": "vn-egov", "version": "4.0", "profile": "province"}
    ]


def test_hostile_names_survive_byte_for_byte_and_the_result_validates(
    runner: CliRunner, tmp_path: Path
) -> None:
    hostile = 'x: "y" <script>alert(1)</script> \\ # {a} [b] & *c !!python/object yes'
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(TINH_A, a)
    shutil.copytree(TINH_B, b)
    text = (b / "architecture.yaml").read_text(encoding="utf-8")
    text = text.replace("name: LGSP tỉnh B", "name: " + json.dumps(hostile, ensure_ascii=False))
    text = text.replace("{id: tinh-b, name: Tỉnh B,", '{id: "tinh-b", name: "no\\nTỉnh B: ---",')
    (b / "architecture.yaml").write_text(text, encoding="utf-8")
    merged = tmp_path / "out"
    result = runner.invoke(app, ["merge", str(a), str(b), "-o", str(merged)])
    assert result.exit_code == 0, result.output
    assert _all_elements(merged)["tinh-b.lgsp"]["name"] == hostile
    root = yaml.safe_load((merged / "architecture.yaml").read_text(encoding="utf-8"))
    assert root["architecture"]["name"] == "Tỉnh A + no\nTỉnh B: ---"
    assert root["architecture"]["id"] == "tinh-a-tinh-b"
    assert not [f for f in _validate_json(runner, merged) if f["severity"] == "error"]


def test_merge_refuses_to_write_into_or_over_a_source(runner: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(TINH_A, a)
    shutil.copytree(TINH_B, b)
    before = {p: p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file()}
    for output in (a, a / "merged", tmp_path, b / "layers"):
        result = runner.invoke(app, ["merge", str(a), str(b), "-o", str(output), "--force"])
        assert result.exit_code == 2, (output, result.output)
        assert "refusing to write" in result.stderr
    after = {p: p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file()}
    assert after == before
    # a non-empty directory without --force is refused too
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["merge", str(a), str(b), "-o", str(other)])
    assert result.exit_code == 2
    assert (other / "keep.txt").read_text(encoding="utf-8") == "x"


def test_consolidate_refuses_to_write_the_plan_into_the_architecture(
    runner: CliRunner, tmp_path: Path
) -> None:
    merged = tmp_path / "ab"
    _merge(runner, merged)
    result = runner.invoke(app, ["consolidate", str(merged), "-o", str(merged / "plan")])
    assert result.exit_code == 2
    assert not (merged / "plan").exists()


def test_merge_is_deterministic_and_atomic(runner: CliRunner, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    _merge(runner, first)
    _merge(runner, second)

    def files(directory: Path) -> dict[str, bytes]:
        return {
            p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*"))
            if p.is_file()
        }

    assert files(first) == files(second)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_merge_through_the_installed_entry_point(tmp_path: Path) -> None:
    merged = tmp_path / "ab"
    result = subprocess.run(
        [sys.executable, "-m", "ictarch", "merge", str(TINH_A), str(TINH_B), "-o", str(merged)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "cong-dvc-qg ← tinh-a:cong-dvc-qg, tinh-b:dvc-quoc-gia" in result.stdout
    one = subprocess.run(
        [sys.executable, "-m", "ictarch", "merge", str(TINH_A), "-o", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert one.returncode == 2
    assert "Traceback" not in one.stderr
