"""Small architectures written on the fly, and a diff of two of them."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from ictarch.diff.build import build_diff
from ictarch.diff.model import ArchitectureDiff
from ictarch.diff.versions import LoadedVersion, load_version

Layers = dict[str, list[dict[str, Any]]]


def base_layers() -> Layers:
    """A tiny province: two agencies and a provider, a portal, a data platform, two hosts."""
    layers: Layers = {
        "agencies": [
            {"id": "so-tttt", "name": "Sở Thông tin và Truyền thông", "kind": "agency"},
            {
                "id": "ubnd",
                "name": "Ủy ban nhân dân tỉnh",
                "kind": "agency",
                "depends_on": ["portal", "mail"],
            },
            {"id": "vnpt", "name": "VNPT", "kind": "provider"},
        ],
        "services": [
            {
                "id": "portal",
                "name": "Cổng dịch vụ công",
                "owner": "so-tttt",
                "operator": "vnpt",
                "tags": ["citizens"],
                "depends_on": ["lgsp", {"any_of": ["dc", "cloud"]}],
            },
            {"id": "mail", "name": "Thư điện tử", "owner": "so-tttt", "depends_on": ["dc"]},
        ],
        "platforms": [
            {"id": "lgsp", "name": "LGSP", "owner": "so-tttt", "depends_on": ["dc"]},
        ],
        "infrastructure": [
            {"id": "dc", "name": "Trung tâm dữ liệu", "owner": "so-tttt"},
            {"id": "cloud", "name": "VNPT Cloud", "owner": "vnpt"},
        ],
    }
    for items in layers.values():
        for item in items:
            item.setdefault("description", f"The {item['id']} of the demo province.")
    return layers


def layers_copy(layers: Layers | None = None) -> Layers:
    return copy.deepcopy(layers if layers is not None else base_layers())


def element(layers: Layers, element_id: str) -> dict[str, Any]:
    for items in layers.values():
        for item in items:
            if item["id"] == element_id:
                return item
    raise KeyError(element_id)


def write_architecture(
    directory: Path,
    elements: Layers,
    metadata: dict[str, Any] | None = None,
    **root: Any,
) -> Path:
    """A single-file architecture in ``directory``; returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    document: dict[str, Any] = {
        "ictarch": 1,
        "architecture": metadata or {"id": "demo", "name": "Demo", "version": "1.0"},
        **root,
        **elements,
    }
    (directory / "architecture.yaml").write_text(
        yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return directory


def load(directory: Path) -> LoadedVersion:
    return load_version(str(directory))


def diff_of(
    tmp_path: Path,
    old: Layers,
    new: Layers,
    old_root: dict[str, Any] | None = None,
    new_root: dict[str, Any] | None = None,
) -> ArchitectureDiff:
    old_dir = write_architecture(tmp_path / "old", old, **(old_root or {}))
    new_dir = write_architecture(tmp_path / "new", new, **(new_root or {}))
    return build_diff(load(old_dir), load(new_dir))
