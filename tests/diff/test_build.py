"""Loading both versions: one after the other, or side by side in two processes."""

from __future__ import annotations

import dataclasses
import datetime
import os
import sys
from pathlib import Path

import pytest

from ictarch.diff.build import diff_sources
from ictarch.diff.compare import content_key
from ictarch.diff.report_json import diff_to_json
from ictarch.diff.sources import SourceError
from ictarch.findings import Location
from ictarch.model.architecture import AnyOf, Dependency, Element, Status, Waiver
from tests.diff.helpers import base_layers, element, layers_copy, write_architecture


def _versions(tmp_path: Path) -> tuple[str, str]:
    new = layers_copy()
    element(new, "lgsp")["status"] = "retired"
    new["infrastructure"].append({"id": "dc2", "name": "DR", "description": "x", "owner": "vnpt"})
    old_dir = write_architecture(tmp_path / "old", base_layers())
    new_dir = write_architecture(tmp_path / "new", new)
    return str(old_dir), str(new_dir)


def test_side_by_side_gives_the_same_diff(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    serial = diff_sources(old, new, parallel=False)
    parallel = diff_sources(old, new, parallel=True)
    assert diff_to_json(parallel.diff) == diff_to_json(serial.diff)
    assert parallel.old.findings == serial.old.findings
    assert parallel.diff.breaking


def test_side_by_side_reports_an_unloadable_old_version(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    (Path(old) / "architecture.yaml").write_text("ictarch: 7\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"cannot be loaded: .*ICT010"):
        diff_sources(old, new, parallel=True)
    with pytest.raises(SourceError, match=r"cannot be loaded: .*ICT010"):
        diff_sources(old, new, parallel=False)


def test_small_versions_are_loaded_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ictarch.diff.build as build

    def refuse(*arguments: object) -> None:
        raise AssertionError("no child process for a small diff")

    monkeypatch.setattr(build, "validate_side_by_side", refuse)
    diff_sources(*_versions(tmp_path))


def _tangled_versions(tmp_path: Path) -> tuple[str, str]:
    """Renames that reach unchanged elements (as owner and as dependency), a changed
    any_of group, a duplicate definition, and elements that differ only in order."""
    new = layers_copy()
    element(new, "so-tttt").update(id="so-khcn", renamed_from="so-tttt")
    element(new, "dc").update(id="dc-main", renamed_from="dc")
    element(new, "portal")["depends_on"] = ["lgsp", {"any_of": ["dc", "cloud", "mail"]}]
    element(new, "mail")["tags"] = ["internal"]
    new["infrastructure"].append({"id": "cloud", "name": "Twice", "description": "again"})
    old_dir = write_architecture(tmp_path / "old", base_layers())
    new_dir = write_architecture(tmp_path / "new", new)
    return str(old_dir), str(new_dir)


def test_side_by_side_matches_serial_when_renames_reach_unchanged_elements(
    tmp_path: Path,
) -> None:
    old, new = _tangled_versions(tmp_path)
    serial = diff_sources(old, new, parallel=False)
    parallel = diff_sources(old, new, parallel=True)
    assert diff_to_json(parallel.diff) == diff_to_json(serial.diff)
    assert parallel.diff.renamed
    assert parallel.diff.relations_removed
    # lgsp depends on "dc", renamed in NEW: its relation changes, so it was compared.
    assert ("lgsp", "dc") in parallel.diff.relations_removed


def test_side_by_side_shares_identical_elements_and_sends_the_rest(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    run = diff_sources(old, new, parallel=True)
    old_elements, new_elements = run.old.architecture.elements, run.new.architecture.elements
    assert old_elements["portal"] is new_elements["portal"]  # identical: shared
    assert old_elements["lgsp"] is not new_elements["lgsp"]  # retired in NEW: sent
    assert old_elements["lgsp"].status == "operational"
    assert "dc2" not in old_elements
    assert list(old_elements) == list(
        diff_sources(old, new, parallel=False).old.architecture.elements
    )


def _sample_element() -> Element:
    here = Location("a.yaml", 1, 1)
    return Element(
        "portal",
        "Portal",
        "services",
        here,
        kind="portal",
        description="d",
        owner="so",
        operator="vnpt",
        criticality="high",
        tags=("a",),
        implements=("x",),
        links=({"url": "https://example.org"},),
        depends_on=(Dependency("lgsp", here), AnyOf((Dependency("dc", here),), here)),
        extensions={"x-cost": 1},
    )


# A different value for every field a diff compares; location and positions are
# where an element is written, not what it is.
_OTHER_VALUES = {
    "id": "portal-2",
    "name": "Portal 2",
    "layer": "platforms",
    "kind": "platform",
    "description": "e",
    "owner": "vnpt",
    "operator": "so",
    "status": Status.RETIRED,
    "since": datetime.date(2020, 10, 1),
    "until": datetime.date(2025, 12, 31),
    "criticality": "low",
    "tags": ("b",),
    "implements": ("y",),
    "links": ({"url": "https://example.com"},),
    "sources": ({"title": "Báo Quảng Nam", "url": "https://baoquangnam.vn"},),
    "renamed_from": "portal-1",
    "depends_on": (Dependency("lgsp", Location("a.yaml", 1, 1), "why"),),
    "extensions": {"x-cost": 2},
    "waivers": (Waiver("ICT306", "backup in 2027", Location("a.yaml", 3, 3)),),
}


def test_content_key_covers_every_compared_field() -> None:
    fields = {f.name for f in dataclasses.fields(Element)} - {
        "location",
        "positions",
        "implements_positions",
    }
    assert fields == set(_OTHER_VALUES)
    sample = _sample_element()
    for name, value in _OTHER_VALUES.items():
        changed = dataclasses.replace(sample, **{name: value})
        assert content_key(changed) != content_key(sample), name
    moved = dataclasses.replace(
        sample,
        location=Location("b.yaml", 9, 9),
        positions={"id": (9, 9, 9, 9)},
        implements_positions=((9, 9),),
    )
    assert content_key(moved) == content_key(sample)


def _die(*arguments: object) -> None:
    os._exit(3)


def test_a_child_that_dies_leaves_the_old_version_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ictarch.diff import side_by_side

    old, new = _versions(tmp_path)
    monkeypatch.setattr(side_by_side, "_load_old_version", _die)
    parallel = diff_sources(old, new, parallel=True)
    assert diff_to_json(parallel.diff) == diff_to_json(diff_sources(old, new, parallel=False).diff)


def test_equal_elements_have_equal_digests_whatever_objects_they_share() -> None:
    from ictarch.diff.side_by_side import content_digests
    from ictarch.model.architecture import Architecture

    def architecture_of(element: Element) -> Architecture:
        return Architecture(Path("."), "a.yaml", "a", "A", {}, (), {element.id: element}, [element])

    sample = _sample_element()
    shared = "".join(["shar", "ed"])  # one object, used twice
    copies = dataclasses.replace(
        sample, tags=("".join(["shar", "ed"]), "".join(["sha", "red"])), name="Portal"
    )
    same = dataclasses.replace(sample, tags=(shared, shared), name=sys.intern("Portal"))
    assert content_digests(architecture_of(copies)) == content_digests(architecture_of(same))
    other = dataclasses.replace(sample, tags=("shared", "other"))
    assert content_digests(architecture_of(other)) != content_digests(architecture_of(same))


def test_side_by_side_reports_an_unloadable_new_version_and_stops_the_child(
    tmp_path: Path,
) -> None:
    import multiprocessing

    old, new = _versions(tmp_path)
    (Path(new) / "architecture.yaml").write_text("ictarch: [unclosed\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"cannot be loaded: .*ICT001"):
        diff_sources(old, new, parallel=True)
    assert multiprocessing.active_children() == []


_LARGE_EXCHANGE = """
import sys
sys.path.insert(0, sys.argv[1])
old, new = sys.argv[2], sys.argv[3]
from ictarch.diff import build, side_by_side
from ictarch.diff.sources import SourceError

real = side_by_side.validate_source

def validate(source, limits=None):
    if source.spec == old:
        raise SourceError("x" * 2_000_000)
    return real(source, limits)

side_by_side.validate_source = validate
side_by_side.content_digests = lambda architecture: {str(i): bytes(16) for i in range(300_000)}
try:
    build.diff_sources(old, new, parallel=True)
except SourceError as error:
    print("source-error", len(str(error)))
"""


def test_large_messages_both_ways_do_not_block_the_two_processes(tmp_path: Path) -> None:
    import subprocess

    old, new = _versions(tmp_path)
    src = Path(__file__).resolve().parents[2] / "src"
    done = subprocess.run(
        [sys.executable, "-c", _LARGE_EXCHANGE, str(src), old, new],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.strip() == "source-error 2000000", done.stderr[-2000:]
