"""Each kind of change between two small architectures, one test at a time."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ictarch.diff.model import FieldChange, GroupChange, Rename
from tests.diff.helpers import base_layers, diff_of, element, layers_copy


def test_identical_versions_have_no_changes(tmp_path: Path) -> None:
    diff = diff_of(tmp_path, base_layers(), base_layers())
    assert not diff.model_changed
    assert set(diff.summary().values()) == {0}


def test_added_and_removed_elements(tmp_path: Path) -> None:
    new = layers_copy()
    new["infrastructure"].append({"id": "dc2", "name": "Trung tâm dự phòng", "description": "x"})
    new["services"] = [s for s in new["services"] if s["id"] != "mail"]
    element(new, "ubnd")["depends_on"] = ["portal"]
    diff = diff_of(tmp_path, base_layers(), new)
    assert [s.id for s in diff.added] == ["dc2"]
    assert diff.added[0].layer == "infrastructure"
    assert [s.id for s in diff.removed] == ["mail"]
    assert diff.removed[0].name == "Thư điện tử"
    assert ("mail", "dc") in diff.relations_removed
    assert ("ubnd", "mail") in diff.relations_removed


def test_scalar_field_changes_show_old_and_new(tmp_path: Path) -> None:
    new = layers_copy()
    portal = element(new, "portal")
    portal.update(name="Cổng dịch vụ công tỉnh", status="deprecated", criticality="high")
    portal["operator"] = "so-tttt"
    diff = diff_of(tmp_path, base_layers(), new)
    (change,) = diff.changed
    assert change.id == "portal"
    assert change.fields == {
        "name": FieldChange("Cổng dịch vụ công", "Cổng dịch vụ công tỉnh"),
        "status": FieldChange("operational", "deprecated"),
        "criticality": FieldChange(None, "high"),
        "operator": FieldChange("vnpt", "so-tttt"),
    }


def test_list_fields_report_items_added_and_removed(tmp_path: Path) -> None:
    old = layers_copy()
    element(old, "portal")["implements"] = ["vn-egov.portal", "old.block"]
    new = layers_copy(old)
    element(new, "portal")["tags"] = ["citizens", "one-stop", "payment"]
    element(new, "portal")["implements"] = ["vn-egov.portal"]
    diff = diff_of(tmp_path, old, new)
    fields = diff.changed[0].fields
    assert fields["tags"].added == ("one-stop", "payment")
    assert fields["tags"].removed == ()
    assert fields["tags"].old == ["citizens"]
    assert fields["implements"].removed == ("old.block",)
    assert fields["implements"].is_list


def test_reordering_a_list_is_not_a_change(tmp_path: Path) -> None:
    old = layers_copy()
    element(old, "portal")["tags"] = ["a", "b"]
    new = layers_copy(old)
    element(new, "portal")["tags"] = ["b", "a"]
    assert not diff_of(tmp_path, old, new).changed


def test_text_in_another_unicode_form_is_not_a_change(tmp_path: Path) -> None:
    new = layers_copy()
    portal = element(new, "portal")
    portal["name"] = unicodedata.normalize("NFD", portal["name"])
    assert portal["name"] != element(base_layers(), "portal")["name"]
    assert not diff_of(tmp_path, base_layers(), new).changed


def test_links_and_extensions_are_compared(tmp_path: Path) -> None:
    new = layers_copy()
    element(new, "portal")["links"] = [{"url": "https://dichvucong.quangnam.gov.vn"}]
    element(new, "portal")["x-budget"] = 12
    fields = diff_of(tmp_path, base_layers(), new).changed[0].fields
    assert fields["links"].added == ({"url": "https://dichvucong.quangnam.gov.vn"},)
    assert fields["x-budget"] == FieldChange(None, 12)


def test_moved_between_layers(tmp_path: Path) -> None:
    new = layers_copy()
    lgsp = element(new, "lgsp")
    new["platforms"].remove(lgsp)
    new["infrastructure"].append(lgsp)
    diff = diff_of(tmp_path, base_layers(), new)
    assert [change.id for change in diff.moved] == ["lgsp"]
    assert diff.moved[0].fields["layer"] == FieldChange("platforms", "infrastructure")
    assert diff.summary()["moved"] == 1


def test_plain_dependencies_added_and_removed(tmp_path: Path) -> None:
    new = layers_copy()
    element(new, "mail")["depends_on"] = ["cloud"]
    diff = diff_of(tmp_path, base_layers(), new)
    assert diff.relations_added == [("mail", "cloud")]
    assert diff.relations_removed == [("mail", "dc")]
    assert not diff.changed  # dependencies are relations, not fields


def test_any_of_group_gaining_and_losing_alternatives(tmp_path: Path) -> None:
    old = layers_copy()
    old["infrastructure"].append({"id": "dc2", "name": "DR site", "description": "x"})
    new = layers_copy(old)
    element(new, "portal")["depends_on"] = ["lgsp", {"any_of": ["dc", "dc2"]}]
    diff = diff_of(tmp_path, old, new)
    assert diff.groups == [
        GroupChange("portal", ("dc", "cloud"), ("dc", "dc2"), ("dc2",), ("cloud",))
    ]
    assert diff.groups[0].kind == "changed"
    assert diff.relations_added == [("portal", "dc2")]
    assert diff.relations_removed == [("portal", "cloud")]


def test_any_of_group_added_and_removed(tmp_path: Path) -> None:
    new = layers_copy()
    element(new, "mail")["depends_on"] = [{"any_of": ["dc", "cloud"]}]
    element(new, "portal")["depends_on"] = ["lgsp", "dc"]
    diff = diff_of(tmp_path, base_layers(), new)
    kinds = {(group.source, group.kind) for group in diff.groups}
    assert kinds == {("mail", "added"), ("portal", "removed")}
    # mail -> dc existed before as a plain dependency: only the new alternative is a new relation
    assert diff.relations_added == [("mail", "cloud")]
    assert diff.relations_removed == [("portal", "cloud")]


def test_metadata_layers_views_and_rules(tmp_path: Path) -> None:
    old_root = {
        "metadata": {"id": "demo", "name": "Demo", "version": "1.0", "released": "2021-06-30"},
        "views": [{"id": "overview", "title": "Tổng quan"}, {"id": "old-view"}],
        "rules": {"ICT401": "warning"},
    }
    new_root = {
        "metadata": {"id": "demo", "name": "Demo", "version": "2.0", "released": "2022-10-10"},
        "views": [
            {"id": "overview", "title": "Tổng quan 2022", "layers": ["services"]},
            {"id": "new-view", "tags": ["citizens"]},
        ],
        "rules": {"ICT401": "off"},
        "layers": [
            {"id": "agencies", "name": "Cơ quan"},
            {"id": "services", "name": "Services"},
            {"id": "platforms", "name": "Platforms"},
            {"id": "infrastructure", "name": "Infrastructure"},
        ],
    }
    diff = diff_of(tmp_path, base_layers(), base_layers(), old_root, new_root)
    assert diff.metadata == {
        "version": FieldChange("1.0", "2.0"),
        "released": FieldChange("2021-06-30", "2022-10-10"),
    }
    assert diff.layers.changed == {"agencies": {"name": FieldChange("Agencies", "Cơ quan")}}
    assert diff.views.added == ["new-view"]
    assert diff.views.removed == ["old-view"]
    overview = diff.views.changed["overview"]
    assert overview["title"] == FieldChange("Tổng quan", "Tổng quan 2022")
    assert overview["layers"].added == ("services",)
    assert diff.rules == {"ICT401": FieldChange("warning", "off")}
    assert diff.architecture_changes == 2 + 1 + 3 + 1
    assert not diff.added
    assert not diff.changed


def test_layer_order_change(tmp_path: Path) -> None:
    names = {"agencies": "A", "services": "S", "platforms": "P", "infrastructure": "I"}
    order = ["agencies", "services", "platforms", "infrastructure"]
    swapped = ["agencies", "platforms", "services", "infrastructure"]
    old_root = {"layers": [{"id": i, "name": names[i]} for i in order]}
    new_root = {"layers": [{"id": i, "name": names[i]} for i in swapped]}
    diff = diff_of(tmp_path, base_layers(), base_layers(), old_root, new_root)
    assert diff.layers.order == FieldChange(order, swapped)


def test_rename_is_reported_instead_of_removal_and_addition(tmp_path: Path) -> None:
    new = layers_copy()
    portal = element(new, "portal")
    portal.update(id="cong-dvc", renamed_from="portal", name="Cổng DVC")
    element(new, "ubnd")["depends_on"] = ["cong-dvc", "mail"]
    diff = diff_of(tmp_path, base_layers(), new)
    assert diff.renamed == [Rename("portal", "cong-dvc")]
    assert not diff.added
    assert not diff.removed
    # dependencies on the old id in OLD match dependencies on the new id in NEW
    assert not diff.relations_added
    assert not diff.relations_removed
    (change,) = diff.changed
    assert (change.id, change.old_id, change.renamed) == ("cong-dvc", "portal", True)
    assert change.fields == {"name": FieldChange("Cổng dịch vụ công", "Cổng DVC")}


def test_renamed_organisation_does_not_change_what_it_owns(tmp_path: Path) -> None:
    new = layers_copy()
    element(new, "so-tttt").update(id="so-khcn-tt", renamed_from="so-tttt")
    for items in new.values():
        for item in items:
            if item.get("owner") == "so-tttt":
                item["owner"] = "so-khcn-tt"
    diff = diff_of(tmp_path, base_layers(), new)
    assert diff.renamed == [Rename("so-tttt", "so-khcn-tt")]
    assert not diff.changed


def test_renamed_from_an_id_that_still_exists_is_not_a_rename(tmp_path: Path) -> None:
    new = layers_copy()
    new["services"].append(
        {"id": "portal-2", "name": "Portal 2", "renamed_from": "portal", "description": "x"}
    )
    diff = diff_of(tmp_path, base_layers(), new)
    assert not diff.renamed
    assert [s.id for s in diff.added] == ["portal-2"]


def test_rename_with_its_own_dependency_changes(tmp_path: Path) -> None:
    new = layers_copy()
    portal = element(new, "portal")
    portal.update(id="cong-dvc", renamed_from="portal")
    portal["depends_on"] = ["lgsp", {"any_of": ["dc", "cloud"]}, "mail"]
    element(new, "ubnd")["depends_on"] = ["cong-dvc", "mail"]
    diff = diff_of(tmp_path, base_layers(), new)
    assert diff.relations_added == [("cong-dvc", "mail")]
    assert not diff.relations_removed
    assert not diff.groups


def test_extension_values_compare_by_content_nan_and_mappings_included(tmp_path: Path) -> None:
    old = layers_copy()
    element(old, "portal").update({"x-cost": float("nan"), "x-list": [{"a": 1}, {"b": 2}]})
    new = layers_copy()
    element(new, "portal").update({"x-cost": float("nan"), "x-list": [{"b": 2}, {"a": 3}]})
    diff = diff_of(tmp_path, old, new)
    assert [change.id for change in diff.changed] == ["portal"]
    fields = diff.changed[0].fields
    assert list(fields) == ["x-list"]  # NaN is NaN, not a change
    assert fields["x-list"].added == ({"a": 3},)
    assert fields["x-list"].removed == ({"a": 1},)


def test_a_renamed_from_naming_no_old_element_is_reported(tmp_path: Path) -> None:
    """A misspelt renamed_from was silently ignored: the element showed as added and
    the old one as removed, with nothing saying why (issue 10)."""
    from ictarch.diff.model import RenameProblem

    new = layers_copy()
    element(new, "portal").update(id="cong-dvc", renamed_from="portl")
    element(new, "ubnd")["depends_on"] = ["cong-dvc", "mail"]
    diff = diff_of(tmp_path, base_layers(), new)
    assert diff.renamed == []
    assert diff.rename_problems == [RenameProblem("cong-dvc", "portl", "not-in-old", "portal")]
    assert "did you mean 'portal'?" in diff.rename_problems[0].message()


def test_a_renamed_from_naming_an_element_still_there_is_reported(tmp_path: Path) -> None:
    from ictarch.diff.model import RenameProblem

    new = layers_copy()
    new["services"].append(
        {"id": "cong-dvc", "name": "Cổng", "owner": "so-tttt", "renamed_from": "portal"}
    )
    diff = diff_of(tmp_path, base_layers(), new)
    assert diff.rename_problems == [RenameProblem("cong-dvc", "portal", "still-defined")]


def test_an_earlier_rename_is_no_problem(tmp_path: Path) -> None:
    """renamed_from stays in the file after the rename: later diffs ignore it quietly."""
    old = layers_copy()
    element(old, "portal").update(id="cong-dvc", renamed_from="portal-cu")
    element(old, "ubnd")["depends_on"] = ["cong-dvc", "mail"]
    new = layers_copy(old)
    element(new, "cong-dvc")["name"] = "Cổng DVC"
    assert diff_of(tmp_path, old, new).rename_problems == []
