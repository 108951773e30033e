"""Every export of both bundled architectures, validated against the official schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ictarch.cli import app
from tests.conftest import QUANG_NAM, QUANG_NAM_2021
from tests.interop.helpers import (
    ARCHIMATE_NS,
    XSI_TYPE,
    archimate_schema,
    backstage_validators,
    graphml_schema,
    needs_interop,
    structurizr_validator,
    xsd_errors,
)

ARCHITECTURES = pytest.mark.parametrize("path", [QUANG_NAM, QUANG_NAM_2021], ids=lambda p: p.name)


def export(runner: CliRunner, path: Path, output_format: str, *extra: str) -> bytes:
    result = runner.invoke(app, ["export", str(path), "--format", output_format, *extra])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def load(path: Path):  # type: ignore[no-untyped-def]
    from ictarch.model.loader import load_architecture

    architecture = load_architecture(path).architecture
    assert architecture is not None
    return architecture


@needs_interop
@ARCHITECTURES
def test_archimate_export_is_valid_against_the_archimate_31_xsds(
    runner: CliRunner, path: Path
) -> None:
    data = export(runner, path, "archimate")
    assert xsd_errors(archimate_schema(), data) == []


@needs_interop
@ARCHITECTURES
def test_graphml_export_is_valid_against_the_graphml_xsd(runner: CliRunner, path: Path) -> None:
    from lxml import etree

    data = export(runner, path, "graphml")
    assert xsd_errors(graphml_schema(), data) == []
    architecture = load(path)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = etree.fromstring(data)
    assert len(root.findall(".//g:node", ns)) == len(architecture.elements)
    assert len(root.findall(".//g:edge", ns)) == architecture.relation_count()
    label = root.find("g:key[@for='node'][@attr.name='label']", ns)
    assert label is not None
    assert label.get("attr.type") == "string"
    names = {
        node.get("id"): node.find(f"g:data[@key='{label.get('id')}']", ns).text
        for node in root.findall(".//g:node", ns)
    }
    assert names == {element.id: element.name for element in architecture.elements.values()}


@needs_interop
@ARCHITECTURES
def test_backstage_export_is_valid_against_the_catalog_model_schemas(
    runner: CliRunner, path: Path
) -> None:
    documents = list(yaml.safe_load_all(export(runner, path, "backstage")))
    architecture = load(path)
    assert len(documents) == len(architecture.elements) + 1  # + the System
    validators = backstage_validators()
    for document in documents:
        errors = [error.message for error in validators[document["kind"]].iter_errors(document)]
        assert errors == [], document["metadata"]["name"]
    kinds = {document["kind"] for document in documents}
    assert kinds == {"System", "Group", "Component", "Resource"}
    defined = {f"{d['kind'].lower()}:{d['metadata']['name']}" for d in documents}
    for document in documents:
        spec = document["spec"]
        assert set(spec.get("dependsOn", [])) <= defined
        assert spec.get("owner") is None or spec["owner"] in defined


@needs_interop
@ARCHITECTURES
def test_structurizr_export_is_valid_against_the_workspace_schema(
    runner: CliRunner, path: Path
) -> None:
    workspace = json.loads(export(runner, path, "structurizr"))
    errors = [error.message for error in structurizr_validator().iter_errors(workspace)]
    assert errors == []
    architecture = load(path)
    model = workspace["model"]
    assert len(model["people"]) + len(model["softwareSystems"]) == len(architecture.elements)
    assert len(workspace["views"]["systemLandscapeViews"]) == len(architecture.views)
    # Structurizr's own rule: people and software systems have unique names
    names = [item["name"] for item in model["people"] + model["softwareSystems"]]
    assert len(names) == len(set(names))


@ARCHITECTURES
def test_json_export_is_valid_against_its_schema(runner: CliRunner, path: Path) -> None:
    import jsonschema

    from ictarch.model.schema import load_schema

    data = json.loads(export(runner, path, "json"))
    jsonschema.Draft202012Validator(load_schema("export.schema.json")).validate(data)
    architecture = load(path)
    assert data["format"] == 1
    assert "ictarch" in data
    assert [e["id"] for e in data["elements"]] == list(architecture.elements)
    dependencies = [r for r in data["relations"] if r["type"] == "depends_on"]
    assert len(dependencies) == architecture.relation_count()
    assert len(data["views"]) == len(architecture.views)


@ARCHITECTURES
@pytest.mark.parametrize(
    "output_format", ["archimate", "graphml", "backstage", "structurizr", "json"]
)
def test_every_export_is_deterministic(runner: CliRunner, path: Path, output_format: str) -> None:
    assert export(runner, path, output_format) == export(runner, path, output_format)


@needs_interop
def test_archimate_export_maps_the_model(runner: CliRunner) -> None:
    from lxml import etree

    architecture = load(QUANG_NAM)
    root = etree.fromstring(export(runner, QUANG_NAM, "archimate"))
    ns = {"a": ARCHIMATE_NS}
    elements = root.findall("a:elements/a:element", ns)
    real = [e for e in elements if not e.get(XSI_TYPE).endswith("Junction")]
    assert len(real) == len(architecture.elements)
    names = {e.get("identifier"): e.find("a:name", ns) for e in real}
    for element in architecture.elements.values():
        name = names[f"e_{element.id}"]
        assert name.text == element.name  # Vietnamese byte for byte
        assert name.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    types = {e.get("identifier"): e.get(XSI_TYPE) for e in elements}
    assert types["e_ubnd-tinh"] == "BusinessActor"
    assert types["e_lgsp"] == "ApplicationComponent"
    assert types["e_wan-cqnn"] == "CommunicationNetwork"
    relationships = root.findall("a:relationships/a:relationship", ns)
    serving = [r for r in relationships if r.get(XSI_TYPE) == "Serving"]
    plain = [r for r in serving if r.get("identifier").startswith("d_")]
    plain_expected = {
        (f"e_{entry.target}", f"e_{element.id}")
        for element in architecture.elements.values()
        for entry in element.depends_on
        if not hasattr(entry, "alternatives") and entry.target in architecture.elements
    }
    # provider serves dependant
    assert {(r.get("source"), r.get("target")) for r in plain} == plain_expected
    junctions = [e for e in elements if e.get(XSI_TYPE) == "OrJunction"]
    groups = {
        frozenset(entry.targets)
        for element in architecture.elements.values()
        for entry in element.depends_on
        if hasattr(entry, "alternatives")
    }
    assert len(junctions) == len(groups)
    owners = [r for r in relationships if r.get(XSI_TYPE) == "Association"]
    expected_owners = sum(
        (element.owner in architecture.elements) + (element.operator in architecture.elements)
        for element in architecture.elements.values()
    )
    assert len(owners) == expected_owners
    diagrams = root.findall("a:views/a:diagrams/a:view", ns)
    assert [d.get("identifier") for d in diagrams] == [f"v_{v.id}" for v in architecture.views]


@needs_interop
def test_archimate_diagrams_place_every_selected_element_inside_its_layer(
    runner: CliRunner,
) -> None:
    from lxml import etree

    from ictarch.graph.dependency_graph import build_dependency_graph
    from ictarch.render.views import select_elements

    architecture = load(QUANG_NAM)
    graph = build_dependency_graph(architecture)
    root = etree.fromstring(export(runner, QUANG_NAM, "archimate"))
    ns = {"a": ARCHIMATE_NS}
    total_bendpoints = 0
    for view, diagram in zip(
        architecture.views, root.findall("a:views/a:diagrams/a:view", ns), strict=True
    ):
        nodes = diagram.findall(".//a:node[@elementRef]", ns)
        placed = {n.get("elementRef")[2:] for n in nodes if n.get("elementRef").startswith("e_")}
        assert placed == select_elements(graph, view), view.id
        for container in diagram.findall("a:node", ns):
            if container.get(XSI_TYPE) != "Container":
                continue
            x, y = int(container.get("x")), int(container.get("y"))
            right, bottom = x + int(container.get("w")), y + int(container.get("h"))
            for child in container.findall("a:node", ns):
                cx, cy = int(child.get("x")), int(child.get("y"))
                assert x <= cx
                assert cx + int(child.get("w")) <= right + 1
                assert y <= cy
                assert cy + int(child.get("h")) <= bottom + 1
        positions = {(n.get("x"), n.get("y")) for n in nodes}
        assert len(positions) == len(nodes), "two nodes at the same place"
        boxes = [
            tuple(int(n.get(k)) for k in "xywh")
            for n in nodes
            if n.get("elementRef").startswith("e_")
        ]
        for junction in nodes:
            if junction.get("elementRef").startswith("j_"):
                x, y = int(junction.get("x")) + 7, int(junction.get("y")) + 7
                assert not any(bx < x < bx + w and by < y < by + h for bx, by, w, h in boxes), (
                    f"{view.id}: a junction covers an element"
                )
        connections = diagram.findall("a:connection", ns)
        assert connections or len(placed) < 2
        # edges between layers pass where ictarch's drawing routes them, inside the layers
        containers = [
            tuple(int(c.get(k)) for k in "xywh")
            for c in diagram.findall("a:node", ns)
            if c.get(XSI_TYPE) == "Container"
        ]
        bendpoints = diagram.findall("a:connection/a:bendpoint", ns)
        total_bendpoints += len(bendpoints)
        for point in bendpoints:
            x, y = int(point.get("x")), int(point.get("y"))
            assert any(cx <= x <= cx + w and cy <= y <= cy + h for cx, cy, w, h in containers)
    assert total_bendpoints > 0


@needs_interop
def test_archimate_kinds_are_configurable_and_aggregated_views_stay_valid(
    runner: CliRunner, tmp_path: Path
) -> None:
    from lxml import etree

    (tmp_path / "architecture.yaml").write_text(
        """ictarch: 1
architecture: {id: t, name: Thử nghiệm}
export:
  archimate:
    kinds: {portal: ApplicationInterface, database: Artifact}
views:
  - {id: all, title: Tất cả, max_nodes: 2}
  - {id: none, title: Không có gì, tags: [nothing-has-this-tag]}
agencies:
  - {id: so-a, name: Sở A, kind: agency, depends_on: [cong]}
services:
  - {id: cong, name: Cổng, kind: portal, owner: so-a, depends_on: [{any_of: [db, db2]}]}
platforms:
  - {id: db, name: CSDL, kind: database, owner: so-a}
  - {id: db2, name: CSDL 2, kind: database, owner: so-a}
""",
        encoding="utf-8",
    )
    data = export(runner, tmp_path, "archimate")
    assert xsd_errors(archimate_schema(), data) == []
    root = etree.fromstring(data)
    ns = {"a": ARCHIMATE_NS}
    types = {e.get("identifier"): e.get(XSI_TYPE) for e in root.findall("a:elements/a:element", ns)}
    assert types["e_cong"] == "ApplicationInterface"
    assert types["e_db"] == "Artifact"
    labels = root.findall(".//a:node[@{http://www.w3.org/2001/XMLSchema-instance}type='Label']", ns)
    assert labels, "an aggregated view draws its aggregates as labels"
    nothing = export(runner, tmp_path, "archimate", "--view", "none")  # no element at all
    assert xsd_errors(archimate_schema(), nothing) == []


def test_view_option_exports_only_the_views_elements(runner: CliRunner) -> None:
    data = json.loads(export(runner, QUANG_NAM, "json", "--view", "lgsp"))
    ids = {element["id"] for element in data["elements"]}
    assert "lgsp" in ids
    assert 1 < len(ids) < len(load(QUANG_NAM).elements)
    assert all(r["source"] in ids and r["target"] in ids for r in data["relations"])
    assert [view["id"] for view in data["views"]] == ["lgsp"]
