"""Ranks and edge routes of the Graphviz drawing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from ictarch.findings import Location
from ictarch.graph.dependency_graph import build_dependency_graph
from ictarch.model.architecture import Architecture, View
from ictarch.render import RenderSettings
from ictarch.render.build import build_diagram
from ictarch.render.dot import diagram_to_dot
from ictarch.render.layout import plan_drawing, stack_layers
from ictarch.validation import validate_architecture
from tests.render.regenerate_golden import FIXTURE
from tests.render.synthetic import write_architecture


@pytest.fixture(scope="module")
def small() -> Architecture:
    architecture = validate_architecture(FIXTURE).architecture
    assert architecture is not None
    return architecture


def test_layers_are_stacked_and_dependencies_sit_lower_within_a_layer() -> None:
    layer_of = {"a": 0, "b": 0, "c": 1, "d": 1, "e": 2}
    ranks = stack_layers(layer_of, [("c", "d")])
    assert ranks == {"a": 0, "b": 0, "c": 1, "d": 2, "e": 3}


def test_wide_layers_are_spread_over_rows() -> None:
    layer_of = {f"n{index:02}": 0 for index in range(13)}
    ranks = stack_layers(layer_of, [])
    assert sorted(set(ranks.values())) == [0, 1, 2]
    assert max(list(ranks.values()).count(row) for row in range(3)) <= 6


def test_a_cycle_within_a_layer_does_not_stop_the_layout() -> None:
    ranks = stack_layers({"a": 0, "b": 0, "c": 0}, [("a", "b"), ("b", "c"), ("c", "a")])
    assert set(ranks) == {"a", "b", "c"}


def test_edges_that_skip_a_layer_pass_through_it(small: Architecture) -> None:
    diagram = build_diagram(small, build_dependency_graph(small), View("v", Location("x")))
    drawing = plan_drawing(diagram, lambda edge: {})
    segments = {(source, target) for source, target, _ in drawing.segments}
    # deprecated reporting (services) -> data centre (infrastructure) crosses the platforms
    assert ("e_bao_cao_cu", "P_entry_2_plain_e_tsdl_tinh") in segments
    assert drawing.points["L_platforms"] == ["P_entry_2_plain_e_tsdl_tinh"]
    for source, target in segments:  # every segment joins adjacent rows or stays in a layer
        if not (source.startswith("P_") or target.startswith("P_")):
            continue
        assert drawing.ranks[target] - drawing.ranks[source] >= 1


def test_an_empty_view_still_renders(small: Architecture) -> None:
    view = View("empty", Location("x"), tags=("nothing-has-this-tag",))
    diagram = build_diagram(small, build_dependency_graph(small), view)
    assert diagram.note == "this view selects no elements"
    source = diagram_to_dot(diagram, RenderSettings())
    subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True)


def test_layering_violations_and_cycles_render_with_force(
    tmp_path: Path, runner: CliRunner
) -> None:
    directory = write_architecture(
        tmp_path / "broken",
        {
            "agencies": [{"id": "ubnd", "name": "Ủy ban", "kind": "agency", "depends_on": ["a"]}],
            "services": [
                {"id": "a", "name": "A", "kind": "portal", "depends_on": ["b"]},
                {"id": "b", "name": "B", "kind": "portal", "depends_on": ["a", "ubnd"]},
            ],
        },
    )
    assert runner.invoke(app, ["render", str(directory), "-f", "dot"]).exit_code == 1
    result = runner.invoke(app, ["render", str(directory), "-f", "dot", "-f", "svg", "--force"])
    assert result.exit_code == 0, result.output
    source = (directory / "diagrams" / "overview.dot").read_text(encoding="utf-8")
    assert 'e_b -> e_ubnd [color="#c0392b" constraint=false' in source
