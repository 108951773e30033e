"""Architectures written on the fly for the render tests (hostile names, large models)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

Element = dict[str, Any]

HOSTILE_NAMES = (
    'Cổng "dịch vụ" công',
    "C:\\new\\N and a trailing backslash \\",
    "<script>alert(1)</script>",
    "<b>bold</b>",
    "{record|field} <port>",
    "line one\nline two\r\nline three",
    "&lt;already escaped&gt; &amp; R&D",
    "end --> x ;; %% comment #quot; `code` [link](x)",
    "]]> --> <!-- -->",
)


def write_architecture(
    directory: Path,
    layers: dict[str, list[Element]],
    *,
    name: str = "Kiến trúc thử nghiệm",
    views: list[dict[str, Any]] | None = None,
    render: dict[str, Any] | None = None,
    layer_names: dict[str, str] | None = None,
) -> Path:
    """A self-contained architecture.yaml in ``directory``; returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"ictarch": 1, "architecture": {"id": "synthetic", "name": name}}
    if layer_names:
        data["layers"] = [{"id": key, "name": value} for key, value in layer_names.items()]
    if views:
        data["views"] = views
    if render:
        data["render"] = render
    data.update(layers)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (directory / "architecture.yaml").write_text(text, encoding="utf-8")
    return directory


def hostile_architecture(directory: Path) -> Path:
    """Every hostile name on an element, in descriptions, titles, layers and owners."""
    agencies: list[Element] = [
        {"id": f"agency-{index}", "name": name, "kind": "agency", "description": name}
        for index, name in enumerate(HOSTILE_NAMES)
    ]
    services: list[Element] = [
        {
            "id": f"svc.{index}-x",
            "name": name,
            "kind": "portal",
            "owner": f"agency-{index}",
            "description": f"<img src=x onerror=alert(1)> {name}",
            "depends_on": [
                {"id": "platform-a", "description": name},
                {"any_of": ["platform-b", "platform-c"]},
            ],
        }
        for index, name in enumerate(HOSTILE_NAMES)
    ]
    for index, agency in enumerate(agencies):
        agency["depends_on"] = [f"svc.{index}-x"]
    platforms: list[Element] = [
        {"id": "platform-a", "name": HOSTILE_NAMES[2], "kind": "platform", "owner": "agency-0"},
        {"id": "platform-b", "name": HOSTILE_NAMES[1], "kind": "platform", "owner": "agency-1"},
        {"id": "platform-c", "name": HOSTILE_NAMES[5], "kind": "platform", "owner": "agency-7"},
    ]
    views = [
        {"id": "overview", "title": HOSTILE_NAMES[2], "description": HOSTILE_NAMES[5]},
        {"id": "owners", "title": HOSTILE_NAMES[0], "group_by": "owner"},
    ]
    layer_names = {
        "agencies": HOSTILE_NAMES[4],
        "services": HOSTILE_NAMES[7],
        "platforms": HOSTILE_NAMES[8],
        "infrastructure": "Hạ tầng",
    }
    return write_architecture(
        directory,
        {"agencies": agencies, "services": services, "platforms": platforms},
        name=HOSTILE_NAMES[3],
        views=views,
        layer_names=layer_names,
    )


def large_architecture(directory: Path, size: int = 400, **options: Any) -> Path:
    """``size`` elements over the four layers, each depending on a few in the layer below."""
    counts = {
        "agencies": size // 10,
        "services": size * 4 // 10,
        "platforms": size * 25 // 100,
    }
    counts["infrastructure"] = size - sum(counts.values())
    kinds = {
        "agencies": ("agency", "district"),
        "services": ("public-service", "application", "portal", "monitoring-service"),
        "platforms": ("integration-platform", "gis-platform", "iot-platform"),
        "infrastructure": ("data-centre", "network", "cloud", "sensor-network"),
    }
    layers: dict[str, list[Element]] = {}
    names = list(counts)
    for rank, layer in enumerate(names):
        below = names[rank + 1] if rank + 1 < len(names) else None
        elements: list[Element] = []
        for index in range(counts[layer]):
            element: Element = {
                "id": f"{layer[:3]}-{index}",
                "name": f"{layer} {index} — Quảng Nam",
                "kind": kinds[layer][index % len(kinds[layer])],
            }
            if layer != "agencies":
                element["owner"] = f"age-{index % counts['agencies']}"
            if below is not None:
                targets = {f"{below[:3]}-{(index * 7 + step) % counts[below]}" for step in (0, 3)}
                element["depends_on"] = sorted(targets)
            elements.append(element)
        layers[layer] = elements
    return write_architecture(directory, layers, **options)
