"""export -> import -> ictarch diff: no semantic change, for both bundled architectures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from tests.conftest import QUANG_NAM, QUANG_NAM_2021


def round_trip(runner: CliRunner, path: Path, tmp_path: Path, output_format: str) -> Path:
    exported = tmp_path / ("model.xml" if output_format == "archimate" else "csv")
    result = runner.invoke(
        app, ["export", str(path), "--format", output_format, "-o", str(exported)]
    )
    assert result.exit_code == 0, result.output
    imported = tmp_path / "imported"
    result = runner.invoke(app, ["import", output_format, str(exported), "-o", str(imported)])
    assert result.exit_code == 0, result.output
    assert "kept as x-archimate data" in result.stderr
    return imported


@pytest.mark.parametrize("path", [QUANG_NAM, QUANG_NAM_2021], ids=lambda p: p.name)
@pytest.mark.parametrize("output_format", ["archimate", "csv"])
def test_export_then_import_changes_nothing(
    runner: CliRunner, tmp_path: Path, path: Path, output_format: str
) -> None:
    imported = round_trip(runner, path, tmp_path, output_format)
    result = runner.invoke(app, ["diff", str(path), str(imported), "--format", "json"])
    assert result.exit_code == 0, result.output
    diff = json.loads(result.stdout)
    assert set(diff["summary"].values()) == {0}, diff["summary"]
    assert diff["old"]["elements"] == diff["new"]["elements"]
    assert diff["old"]["relations"] == diff["new"]["relations"]
    for section in ("metadata", "layers", "views", "rules"):
        assert not diff["architecture"][section] or all(
            not value for value in diff["architecture"][section].values()
        ), section
    from ictarch.interop.common import conformance_settings
    from ictarch.model.loader import load_architecture

    before, after = load_architecture(path).architecture, load_architecture(imported).architecture
    assert before is not None
    assert after is not None
    assert conformance_settings(after) == conformance_settings(before)
    assert [e.sources for e in after.elements.values()] == [
        e.sources for e in before.elements.values()
    ]
    validated = runner.invoke(app, ["validate", str(imported), "--format", "json"])
    original = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert json.loads(validated.stdout)["summary"] == json.loads(original.stdout)["summary"]


def test_round_trip_keeps_every_field(runner: CliRunner, tmp_path: Path) -> None:
    """Fields the bundled architectures do not use: links, renamed_from, x- keys,
    an optional dependency (required: false), descriptions of alternatives, an unsorted
    any_of, a kind mapping, no kind, no views (the default views are exported as diagrams,
    and not imported back as views)."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "architecture.yaml").write_text(
        """ictarch: 1
architecture: {id: t, name: Thử nghiệm, version: "1.0", x-note: {a: 1}}
export: {archimate: {kinds: {portal: ApplicationInterface}}}
render: {max_nodes: 40}
rules: {ICT402: off}
agencies:
  - {id: so-a, name: "Sở A \\"đặc biệt\\" <&>", kind: agency, x-ma: [1, 2]}
services:
  - id: cong
    name: Cổng
    kind: portal
    owner: so-a
    operator: so-a
    status: building
    criticality: high
    tags: [a.b, c]
    implements: [vn-egov.web-portal]
    links: [{url: "https://example.org/x?a=1&b=2", title: Trang}]
    sources: [{title: Quyết định 1/QĐ, url: "https://example.org/qd", date: "2022-01-02"}]
    waivers: [{code: ICT306, reason: "dự phòng năm 2026", until: "2026-12-31"}]
    renamed_from: cong-cu
    description: |-
      Hai dòng
      mô tả
    depends_on:
      - {any_of: [{id: db2, description: phụ}, db], description: một trong hai}
      - {id: db, description: chính}
  - {id: no-kind, name: Không loại, depends_on: [db, {id: db2, required: false}]}
platforms:
  - {id: db, name: CSDL, kind: database, owner: so-a}
  - {id: db2, name: CSDL 2, kind: database, owner: so-a, status: planned}
""",
        encoding="utf-8",
    )
    for output_format in ("archimate", "csv"):
        work = tmp_path / output_format
        imported = round_trip(runner, source, work, output_format)
        result = runner.invoke(app, ["diff", str(source), str(imported), "--format", "json"])
        diff = json.loads(result.stdout)
        assert set(diff["summary"].values()) == {0}, (output_format, diff)
        from ictarch.interop.common import depends_on_yaml, waivers_yaml
        from ictarch.model.loader import load_architecture

        before = load_architecture(source).architecture
        after = load_architecture(imported).architecture
        assert before is not None
        assert after is not None
        for element_id, element in before.elements.items():
            twin = after.elements[element_id]
            assert depends_on_yaml(twin) == depends_on_yaml(element)
            assert (
                twin.links,
                twin.sources,
                waivers_yaml(twin),
                twin.renamed_from,
                twin.extensions,
                twin.description,
            ) == (
                element.links,
                element.sources,
                waivers_yaml(element),
                element.renamed_from,
                element.extensions,
                element.description,
            )
        assert after.views == []
        assert after.export == before.export
        assert after.render == before.render
