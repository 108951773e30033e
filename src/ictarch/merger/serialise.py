"""An architecture as the files of a directory: ``architecture.yaml`` and one file per layer."""

from __future__ import annotations

from typing import Any

from ictarch.interop.common import depends_on_yaml, element_fields, plain, view_definition
from ictarch.merger.writing import dump_yaml
from ictarch.model.architecture import Architecture, Dependency, Element


def element_yaml(element: Element) -> dict[str, Any]:
    """An element as written in a layer file, ``depends_on`` last."""
    data = element_fields(element)
    extensions = {k: data.pop(k) for k in list(data) if k.startswith("x-")}
    dependencies = depends_on_yaml(element)
    for index, entry in enumerate(element.depends_on):  # keep `required: false`
        if isinstance(entry, Dependency) and getattr(entry, "required", True) is False:
            written = dependencies[index]
            written = {"id": written} if isinstance(written, str) else dict(written)
            dependencies[index] = written | {"required": False}
    if dependencies:
        data["depends_on"] = dependencies
    data.update(extensions)
    return data


def root_yaml(architecture: Architecture, conforms_to: list[dict[str, Any]]) -> dict[str, Any]:
    """``architecture.yaml`` of ``architecture`` (elements in ``layers/*.yaml``)."""
    root: dict[str, Any] = {"ictarch": 1, "architecture": plain(architecture.metadata)}
    if conforms_to:
        root["conforms_to"] = conforms_to
    if architecture.framework_files:
        root["frameworks"] = [path for path, _where in architecture.framework_files]
    root["include"] = ["layers/*.yaml"]
    root["layers"] = [
        {"id": layer.id, "name": layer.name}
        | ({"description": layer.description} if layer.description else {})
        for layer in architecture.layers
    ]
    if architecture.views:
        root["views"] = [view_definition(view) for view in architecture.views]
    if architecture.rules:
        root["rules"] = dict(architecture.rules)
    if architecture.render:
        root["render"] = plain(architecture.render)
    if architecture.export:
        root["export"] = plain(architecture.export)
    return root


def directory_files(
    root: dict[str, Any], elements: list[dict[str, Any]], layers: list[str], header: str
) -> dict[str, str]:
    """The files of an architecture directory: the root and ``layers/<layer>.yaml`` for
    each layer that has elements (each element dict carries its ``layer`` under ``_layer``)."""
    files = {"architecture.yaml": header + dump_yaml(root)}
    for layer in layers:
        chosen = [
            {k: v for k, v in e.items() if k != "_layer"} for e in elements if e["_layer"] == layer
        ]
        if chosen:
            files[f"layers/{layer}.yaml"] = header + dump_yaml({layer: chosen})
    return files


def conforms_to_yaml(architecture: Architecture) -> list[dict[str, Any]]:
    return [
        {"framework": entry.framework}
        | ({"version": entry.version} if entry.version is not None else {})
        | ({"profile": entry.profile} if entry.profile is not None else {})
        for entry in architecture.conforms_to
    ]
