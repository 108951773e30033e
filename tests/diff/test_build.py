"""Loading both versions: one after the other, or side by side in two processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictarch.diff.build import diff_sources
from ictarch.diff.report_json import diff_to_json
from ictarch.diff.sources import SourceError
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

    monkeypatch.setattr(build, "_validate_side_by_side", refuse)
    diff_sources(*_versions(tmp_path))
