"""A view over its node budget is drawn aggregated, with counts, and says so."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from ictarch.graph.dependency_graph import build_dependency_graph
from ictarch.model.architecture import Architecture
from ictarch.render import RenderSettings
from ictarch.render.build import build_diagram
from ictarch.render.diagram import Diagram
from ictarch.render.dot import diagram_to_dot
from ictarch.render.mermaid import diagram_to_mermaid
from ictarch.render.views import resolve_views
from ictarch.validation import validate_architecture
from tests.render.synthetic import large_architecture


def load(directory: Path) -> Architecture:
    architecture = validate_architecture(directory).architecture
    assert architecture is not None
    return architecture


def overview(architecture: Architecture) -> Diagram:
    (view, *_) = resolve_views(architecture)
    return build_diagram(architecture, build_dependency_graph(architecture), view)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Architecture:
    return load(large_architecture(tmp_path_factory.mktemp("large") / "architecture"))


def test_a_view_over_budget_is_collapsed_per_kind_within_each_layer(large: Architecture) -> None:
    diagram = overview(large)
    assert diagram.element_count == 400
    assert diagram.aggregated
    assert len(diagram.nodes) <= 150
    assert sum(node.count for node in diagram.nodes) == 400
    assert {(node.label, node.count) for node in diagram.nodes} >= {
        ("public-service", 40),
        ("agency", 20),
        ("sensor-network", 25),
    }
    assert diagram.note == (
        "aggregated: 400 elements exceed the budget of 150 nodes; "
        f"collapsed per kind within each layer into {len(diagram.nodes)} nodes"
    )
    total = sum(edge.count for edge in diagram.edges)
    assert total == large.relation_count()  # every dependency crosses two kinds here
    assert all(edge.label == f"×{edge.count}" for edge in diagram.edges if edge.count > 1)


def test_aggregated_diagrams_render_and_say_what_was_collapsed(large: Architecture) -> None:
    diagram = overview(large)
    source = diagram_to_dot(diagram, RenderSettings())
    assert "400 elements exceed the budget of 150 nodes" in source
    assert 'label="public-service\\n40 elements"' in source
    assert "peripheries=2" in source
    svg = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True)
    assert b"400 elements exceed the budget" in svg.stdout
    mermaid = diagram_to_mermaid(diagram)
    assert "diagram_note[" in mermaid
    assert "40 elements" in mermaid


def test_a_smaller_budget_falls_back_to_coarser_groups(tmp_path: Path) -> None:
    architecture = load(large_architecture(tmp_path / "a", render={"max_nodes": 5}))
    diagram = overview(architecture)
    assert len(diagram.nodes) == 4  # one per layer: nothing finer fits in 5
    assert diagram.note is not None
    assert "one node per layer" in diagram.note
    assert sum(node.count for node in diagram.nodes) == 400


def test_a_larger_view_budget_draws_every_element(tmp_path: Path) -> None:
    views = [{"id": "overview", "max_nodes": 500}]
    diagram = overview(load(large_architecture(tmp_path / "a", views=views)))
    assert not diagram.aggregated
    assert diagram.note is None
    assert len(diagram.nodes) == 400


def test_the_command_prints_what_was_collapsed(large: Architecture, runner: CliRunner) -> None:
    result = runner.invoke(app, ["render", str(large.root), "-f", "dot", "--view", "overview"])
    assert result.exit_code == 0, result.output
    assert "overview: aggregated: 400 elements exceed the budget of 150 nodes" in result.output
