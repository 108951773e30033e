"""Impact of removals and retirements, honouring any_of redundancy."""

from __future__ import annotations

from pathlib import Path

from ictarch.diff.impact import winding_down
from tests.diff.helpers import base_layers, diff_of, element, layers_copy


def test_removed_element_impacts_direct_and_transitive_dependents_by_layer(
    tmp_path: Path,
) -> None:
    new = layers_copy()
    new["platforms"] = []  # lgsp removed; portal still needs it, and ubnd needs portal
    diff = diff_of(tmp_path, base_layers(), new)
    (entry,) = diff.impact
    assert (entry.id, entry.reason, entry.new_status) == ("lgsp", "removed", None)
    assert entry.affected == ("portal", "ubnd")
    assert entry.by_layer == {"agencies": ("ubnd",), "services": ("portal",)}
    assert list(entry.by_layer) == ["agencies", "services"]  # layers top to bottom
    assert entry.causes == {"portal": "lgsp", "ubnd": "portal"}
    assert entry.breaking
    assert diff.breaking == [entry]


def test_a_surviving_any_of_alternative_keeps_the_dependent_up(tmp_path: Path) -> None:
    new = layers_copy()
    new["infrastructure"] = [e for e in new["infrastructure"] if e["id"] != "cloud"]
    diff = diff_of(tmp_path, base_layers(), new)
    (entry,) = diff.impact
    assert entry.id == "cloud"
    assert entry.affected == ()
    assert entry.degraded == {"portal": ("dc",)}
    assert not entry.breaking
    assert diff.summary()["impacted"] == 0


def test_losing_every_alternative_impacts_the_dependent(tmp_path: Path) -> None:
    old = layers_copy()
    element(old, "mail")["depends_on"] = []
    element(old, "lgsp")["depends_on"] = []
    new = layers_copy(old)
    new["infrastructure"] = [e for e in new["infrastructure"] if e["id"] != "cloud"]
    element(new, "dc")["status"] = "retired"
    diff = diff_of(tmp_path, old, new)
    by_id = {entry.id: entry for entry in diff.impact}
    # both alternatives go at once: what needs either of them goes down, and
    # each of the two is shown with what depends on it
    assert by_id["cloud"].affected == ("portal", "ubnd")
    assert by_id["dc"].affected == ("portal", "ubnd")
    assert by_id["dc"].reason == "retired"
    assert by_id["dc"].breaking
    assert by_id["cloud"].degraded == {}


def test_losing_one_alternative_only_degrades(tmp_path: Path) -> None:
    old = layers_copy()
    element(old, "mail")["depends_on"] = []
    element(old, "lgsp")["depends_on"] = []
    new = layers_copy(old)
    new["infrastructure"] = [e for e in new["infrastructure"] if e["id"] != "cloud"]
    by_id = {entry.id: entry for entry in diff_of(tmp_path, old, new).impact}
    assert by_id["cloud"].affected == ()
    assert not by_id["cloud"].breaking
    assert by_id["cloud"].degraded


def test_retirement_with_dependents_is_breaking_and_deprecation_is_not(tmp_path: Path) -> None:
    new = layers_copy()
    element(new, "lgsp")["status"] = "retired"
    element(new, "mail")["status"] = "deprecated"
    diff = diff_of(tmp_path, base_layers(), new)
    by_id = {entry.id: entry for entry in diff.impact}
    assert by_id["lgsp"].reason == "retired"
    assert by_id["lgsp"].affected == ("portal", "ubnd")
    assert by_id["lgsp"].breaking
    assert by_id["mail"].reason == "deprecated"
    assert by_id["mail"].affected == ("ubnd",)
    assert not by_id["mail"].breaking
    assert [entry.id for entry in diff.breaking] == ["lgsp"]


def test_removed_element_nothing_depends_on(tmp_path: Path) -> None:
    new = layers_copy()
    new["services"] = [s for s in new["services"] if s["id"] != "mail"]
    element(new, "ubnd")["depends_on"] = ["portal"]
    diff = diff_of(tmp_path, base_layers(), new)
    (entry,) = diff.impact
    assert entry.id == "mail"
    assert entry.affected == ()
    assert not diff.breaking


def test_status_moves_that_count() -> None:
    assert winding_down("operational", "deprecated")
    assert winding_down("deprecated", "retired")
    assert winding_down("planned", "retired")
    assert not winding_down("retired", "deprecated")
    assert not winding_down("deprecated", "operational")
    assert not winding_down("planned", "operational")
