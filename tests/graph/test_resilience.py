"""Failure impact and single points of failure, on hand-checked architectures."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ictarch.analysis import analyze
from ictarch.findings import Location
from ictarch.graph import resilience
from ictarch.graph.resilience import AnalysisTooLarge, SinglePointsOfFailure, simulate_failure
from ictarch.model.architecture import (
    DEFAULT_LAYERS,
    AnyOf,
    Architecture,
    Dependency,
    DependencyEntry,
    Element,
)

HERE = Location("test.yaml", 1, 1)
# A spec entry: plain id, "?id" for an optional one (required: false), or a list of
# ids for an any_of group.
Spec = dict[str, list[str | list[str]]]
OPTIONAL = "?"


def build(spec: Spec, layers: dict[str, str] | None = None) -> Architecture:
    elements: dict[str, Element] = {}
    for element_id, needs in spec.items():
        entries: list[DependencyEntry] = []
        for need in needs:
            if isinstance(need, list):
                entries.append(AnyOf(tuple(Dependency(t, HERE) for t in need), HERE))
            elif need.startswith(OPTIONAL):
                entries.append(Dependency(need.removeprefix(OPTIONAL), HERE, required=False))
            else:
                entries.append(Dependency(need, HERE))
        layer = (layers or {}).get(element_id, "services")
        elements[element_id] = Element(
            element_id, element_id, layer, HERE, depends_on=tuple(entries)
        )
    return Architecture(
        root=Path("."),
        root_file="test.yaml",
        id="t",
        name="t",
        metadata={},
        layers=DEFAULT_LAYERS,
        elements=elements,
        definitions=list(elements.values()),
    )


def brute_force_down(spec: Spec, failed: set[str]) -> set[str]:
    """The least fixed point, computed the slow and obvious way; an optional need
    never brings anything down."""
    down = set(failed)
    changed = True
    while changed:
        changed = False
        for element_id, needs in spec.items():
            if element_id in down:
                continue
            for need in needs:
                if (isinstance(need, list) and all(t in down for t in need)) or (
                    isinstance(need, str) and need in down
                ):
                    down.add(element_id)
                    changed = True
                    break
    return down


def test_plain_chain_fails_all_the_way_up() -> None:
    arch = build({"agency": ["svc"], "svc": ["platform"], "platform": ["dc"], "dc": []})
    result = simulate_failure(arch, ["dc"])
    assert result.affected == ("agency", "platform", "svc")
    assert result.chain("agency") == ["dc", "platform", "svc", "agency"]
    assert result.degraded == {}


def test_any_of_saves_an_element_while_one_alternative_survives() -> None:
    arch = build({"svc": [["dc", "backup"]], "dc": [], "backup": []})
    result = simulate_failure(arch, ["dc"])
    assert result.affected == ()
    assert result.degraded == {"svc": ("backup",)}


def test_any_of_does_not_save_when_every_alternative_fails() -> None:
    arch = build({"svc": [["dc", "backup"]], "dc": [], "backup": []})
    result = simulate_failure(arch, ["dc", "backup"])
    assert result.affected == ("svc",)
    assert result.degraded == {}


def test_nested_redundancy() -> None:
    # svc needs (p1 or p2); p1 needs (dc or backup); p2 needs dc.
    spec: Spec = {
        "svc": [["p1", "p2"]],
        "p1": [["dc", "backup"]],
        "p2": ["dc"],
        "dc": [],
        "backup": [],
    }
    arch = build(spec)
    assert simulate_failure(arch, ["dc"]).affected == ("p2",)
    assert simulate_failure(arch, ["dc", "backup"]).affected == ("p1", "p2", "svc")
    spofs = SinglePointsOfFailure(arch)
    assert spofs.points_of_failure("svc") == []
    assert spofs.points_of_failure("p2") == ["dc"]


def test_shared_dependency_is_a_single_point_of_failure_under_redundancy() -> None:
    # Both alternatives run on the same network: the redundancy is not real.
    spec: Spec = {"svc": [["dc", "backup"]], "dc": ["wan"], "backup": ["wan"], "wan": []}
    arch = build(spec)
    assert SinglePointsOfFailure(arch).points_of_failure("svc") == ["wan"]
    assert simulate_failure(arch, ["wan"]).affected == ("backup", "dc", "svc")


def test_cycles_neither_loop_nor_bring_themselves_down() -> None:
    spec: Spec = {"a": ["b"], "b": ["c"], "c": ["a", "x"], "x": [], "top": ["a"]}
    arch = build(spec)
    assert simulate_failure(arch, ["x"]).affected == ("a", "b", "c", "top")
    assert simulate_failure(arch, ["top"]).affected == ()
    spofs = SinglePointsOfFailure(arch)
    assert spofs.points_of_failure("top") == ["a", "b", "c", "x"]
    assert spofs.points_of_failure("a") == ["b", "c", "x"]


def test_failed_ids_that_are_not_elements_still_propagate() -> None:
    arch = build({"svc": ["gone"], "other": []})
    assert simulate_failure(arch, ["gone"]).affected == ("svc",)


def test_analysis_ranks_blast_radius_and_platform_reuse() -> None:
    layers = {"ag": "agencies", "s1": "services", "s2": "services", "p": "platforms"}
    layers |= {"dc": "infrastructure", "b": "infrastructure"}
    spec: Spec = {
        "ag": ["s1", "s2"],
        "s1": ["p"],
        "s2": ["p"],
        "p": [["dc", "b"]],
        "dc": [],
        "b": [],
    }
    analysis = analyze(build(spec, layers))
    assert analysis.spof == {"ag": ["p", "s1", "s2"], "s1": ["p"], "s2": ["p"]}
    assert analysis.blast_radius[0]["id"] == "p"
    assert analysis.blast_radius[0]["brings_down"] == 3
    assert analysis.metrics["platform_reuse"] == [{"id": "p", "services": 2}]
    assert analysis.metrics["depth"]["steps"] == 3


@st.composite
def architectures(draw: st.DrawFn) -> Spec:
    count = draw(st.integers(min_value=1, max_value=9))
    ids = [f"e{n}" for n in range(count)]
    spec: Spec = {}
    for element_id in ids:
        needs: list[str | list[str]] = []
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            choice = draw(st.integers(min_value=0, max_value=2))
            if choice == 0:
                needs.append(draw(st.sampled_from(ids)))
            elif choice == 1:
                needs.append(OPTIONAL + draw(st.sampled_from(ids)))
            else:
                needs.append(draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3)))
        spec[element_id] = needs
    return spec


@settings(max_examples=300, deadline=None)
@given(architectures())
def test_single_points_of_failure_match_brute_force_simulation(spec: Spec) -> None:
    arch = build(spec)
    spofs = SinglePointsOfFailure(arch)
    for culprit in spec:
        brought_down = brute_force_down(spec, {culprit})
        for element_id in spec:
            expected = element_id in brought_down and element_id != culprit
            assert (culprit in spofs.points_of_failure(element_id)) == expected, (
                culprit,
                element_id,
            )


@settings(max_examples=200, deadline=None)
@given(architectures(), st.data())
def test_simulated_failure_matches_brute_force(spec: Spec, data: st.DataObject) -> None:
    failed = set(data.draw(st.lists(st.sampled_from(sorted(spec)), max_size=3)))
    result = simulate_failure(build(spec), failed)
    down = brute_force_down(spec, failed)
    assert set(result.affected) == down - failed
    # up, with an optional need down (and not also needed some other way): lost
    expected_lost = {}
    for element_id, needs in spec.items():
        needed = {t for need in needs if not isinstance(need, str) for t in need}
        needed |= {need for need in needs if isinstance(need, str) and not need.startswith("?")}
        gone = sorted(
            {
                need.removeprefix(OPTIONAL)
                for need in needs
                if isinstance(need, str) and need.startswith(OPTIONAL)
            }
            & down - needed - {element_id}
        )
        if element_id not in down and gone:
            expected_lost[element_id] = tuple(gone)
    assert result.lost == expected_lost


def test_an_alternative_that_is_not_an_element_saves_nothing() -> None:
    # "gone" is not defined (validation reports it): only dc can keep svc up
    arch = build({"svc": [["gone", "dc"]], "dc": []})
    assert simulate_failure(arch, ["dc"]).affected == ("svc",)
    assert SinglePointsOfFailure(arch).points_of_failure("svc") == ["dc"]
    # a removed element named in the failure still counts once, as in a diff
    assert simulate_failure(arch, ["gone"]).affected == ()
    assert simulate_failure(arch, ["gone"]).degraded == {"svc": ("dc",)}


def test_long_chains_stop_at_the_memory_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resilience, "MAX_SET_ENTRIES", 100)
    chain: Spec = {f"e{n}": [f"e{n + 1}"] for n in range(30)}
    chain["e30"] = []
    with pytest.raises(AnalysisTooLarge, match="too long"):
        SinglePointsOfFailure(build(chain))


def test_large_cycles_are_approximated_not_iterated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resilience, "LARGEST_EXACT_CYCLE", 3)
    ring: Spec = {f"e{n}": [f"e{(n + 1) % 5}"] for n in range(5)}
    ring["top"] = ["e0"]
    spofs = SinglePointsOfFailure(build(ring))
    assert spofs.approximated == ["e0", "e1", "e2", "e3", "e4"]
    assert "e1" in spofs.points_of_failure("e0")  # a direct dependency is still seen


def test_dependency_graph_keeps_groups_and_lists_organisations() -> None:
    from ictarch.graph.dependency_graph import build_dependency_graph, organisation_relations

    arch = build({"svc": ["lgsp", ["dc", "backup"]], "lgsp": [], "dc": [], "backup": []})
    arch.elements["svc"].owner = "lgsp"
    graph = build_dependency_graph(arch)
    assert graph.edges["svc", "lgsp"]["group"] is None
    assert graph.edges["svc", "dc"]["group"] == graph.edges["svc", "backup"]["group"] == "svc#1"
    assert graph.edges["svc", "dc"]["alternatives"] == 2
    assert list(organisation_relations(arch)) == [("svc", "lgsp", "owner")]


def test_an_optional_dependency_degrades_and_is_never_a_single_point_of_failure() -> None:
    # a user group uses the portal and, optionally, the Wi-Fi; both need the data centre
    arch = build({"users": ["portal", "?wifi"], "portal": ["dc"], "wifi": ["dc"], "dc": []})
    wifi_down = simulate_failure(arch, ["wifi"])
    assert wifi_down.affected == ()
    assert wifi_down.lost == {"users": ("wifi",)}
    assert wifi_down.degraded_elements() == ["users"]
    dc_down = simulate_failure(arch, ["dc"])
    assert dc_down.affected == ("portal", "users", "wifi")
    assert dc_down.lost == {}  # down, not degraded
    spofs = SinglePointsOfFailure(arch)
    assert spofs.points_of_failure("users") == ["dc", "portal"]
    # listed both ways, the element needs it: required wins
    both = build({"svc": ["?lgsp", "lgsp"], "lgsp": []})
    assert simulate_failure(both, ["lgsp"]).affected == ("svc",)
    assert SinglePointsOfFailure(both).points_of_failure("svc") == ["lgsp"]
