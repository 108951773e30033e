"""Selecting the elements of a view, default views, node budgets and generated ids."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ictarch.findings import Location
from ictarch.graph.dependency_graph import build_dependency_graph
from ictarch.model.architecture import Architecture, View
from ictarch.render.build import build_diagram
from ictarch.render.diagram import ANY_OF, TO_JUNCTION, clean_text, safe_id
from ictarch.render.views import (
    DEFAULT_MAX_NODES,
    UnknownView,
    default_views,
    node_budget,
    pick_views,
    resolve_views,
    select_elements,
)
from ictarch.validation import validate_architecture
from tests.render.regenerate_golden import FIXTURE

HERE = Location("architecture.yaml")


@pytest.fixture(scope="module")
def small() -> Architecture:
    architecture = validate_architecture(FIXTURE).architecture
    assert architecture is not None
    return architecture


def select(architecture: Architecture, **fields: object) -> set[str]:
    view = View("test", HERE, **fields)  # type: ignore[arg-type]
    return select_elements(build_dependency_graph(architecture), view)


def test_a_view_without_criteria_shows_everything(small: Architecture) -> None:
    assert select(small) == set(small.elements)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"layers": ("platforms",)}, {"lgsp", "sso"}),
        ({"kinds": ("cloud", "portal")}, {"vnpt-cloud", "cong-dvc"}),
        ({"owners": ("ubnd-tinh",)}, {"bao-cao-cu"}),
        ({"status": ("planned", "deprecated")}, {"sso", "bao-cao-cu"}),
        ({"layers": ("platforms",), "status": ("planned",)}, {"sso"}),
        ({"elements": ("lgsp", "vnpt")}, {"lgsp", "vnpt"}),
        ({"status": ("planned",), "elements": ("vnpt",)}, {"sso", "vnpt"}),
    ],
)
def test_filters_match_any_value_and_all_fields(
    small: Architecture, fields: dict[str, object], expected: set[str]
) -> None:
    assert select(small, **fields) == expected


def test_tags_match_any_tag(tmp_path: Path, small: Architecture) -> None:
    tagged = replace(small.elements["lgsp"], tags=("data", "core"))
    elements = {**small.elements, "lgsp": tagged}
    architecture = replace(small, elements=elements)
    assert select(architecture, tags=("core", "missing")) == {"lgsp"}


@pytest.mark.parametrize(
    ("depth", "direction", "expected"),
    [
        (0, "both", {"lgsp"}),
        (1, "dependencies", {"lgsp", "tsdl-tinh", "vnpt-cloud"}),
        (1, "dependents", {"lgsp", "cong-dvc"}),
        (2, "dependents", {"lgsp", "cong-dvc", "ubnd-tinh", "so-tttt"}),
        (None, "both", {"lgsp", "cong-dvc", "tsdl-tinh", "vnpt-cloud"}),
    ],
)
def test_focus_follows_the_direction_up_to_the_depth(
    small: Architecture, depth: int | None, direction: str, expected: set[str]
) -> None:
    assert select(small, focus="lgsp", depth=depth, direction=direction) == expected


def test_filters_apply_to_the_focus_neighbourhood(small: Architecture) -> None:
    chosen = select(
        small, focus="cong-dvc", depth=3, direction="dependencies", layers=("platforms",)
    )
    assert chosen == {"lgsp", "sso"}


def test_default_views_are_an_overview_and_one_per_layer(small: Architecture) -> None:
    views = default_views(small)
    assert [view.id for view in views] == [
        "overview",
        "agencies",
        "services",
        "platforms",
        "infrastructure",
    ]
    assert views[0].title == small.name
    assert views[1].layers == ("agencies", "services")
    assert views[-1].layers == ("infrastructure",)
    assert resolve_views(replace(small, views=[])) == views


def test_unknown_view_suggests_the_closest(small: Architecture) -> None:
    with pytest.raises(UnknownView, match=r"'overveiw'; did you mean 'overview'\?"):
        pick_views(small.views, ["overveiw"])


def test_node_budget_comes_from_the_view_then_the_architecture(small: Architecture) -> None:
    view = View("v", HERE)
    assert node_budget(view, small) == DEFAULT_MAX_NODES
    configured = replace(small, render={"max_nodes": 40})
    assert node_budget(view, configured) == 40
    assert node_budget(View("v", HERE, max_nodes=7), configured) == 7


def test_any_of_groups_get_a_junction_or_a_labelled_dashed_edge(small: Architecture) -> None:
    graph = build_dependency_graph(small)
    both = build_diagram(small, graph, View("v", HERE))
    (junction,) = both.junctions
    assert junction.label == "any of"
    kinds = {(edge.source, edge.kind) for edge in both.edges}
    assert (safe_id("e", "lgsp"), TO_JUNCTION) in kinds
    one = build_diagram(small, graph, View("v", HERE, elements=("lgsp", "vnpt-cloud")))
    assert not one.junctions
    (edge,) = one.edges
    assert (edge.kind, edge.label) == (ANY_OF, "any of (1 of 2 shown)")


def test_safe_ids_are_readable_and_distinct() -> None:
    assert safe_id("e", "ubnd-tinh") == "e_ubnd_tinh"
    assert safe_id("e", "vn-egov.lgsp") == "e_vn_egov_D_lgsp"
    ids = ["a.b", "a-b", "a--b", "a-D-b", "a:b", "A", "x y", "a_D_b", "ab"]
    generated = [safe_id("e", value) for value in ids]
    assert len(set(generated)) == len(ids)
    assert all(value.replace("_", "").isalnum() and value.isascii() for value in generated)


def test_clean_text_keeps_vietnamese_and_drops_controls() -> None:
    assert clean_text("Sở  Thông tin\nvà\tTruyền thông\u202e\x00") == "Sở Thông tin và Truyền thông"
