"""Backstage catalog entities (valid against @backstage/catalog-model's JSON Schemas).

- the architecture -> one ``System`` (owned by the architecture's owner);
- elements of the top layer (agencies, providers) -> ``Group`` (spec.type = kind);
- elements of the bottom layer (infrastructure) -> ``Resource`` (spec.type = kind);
- every other element (services, platforms) -> ``Component`` (spec.type = kind),
  part of the System;
- ``owner`` -> spec.owner ``group:<owner>`` (the architecture's owner when the
  element names none); ``depends_on`` (any_of alternatives included: Backstage
  has no redundancy) -> spec.dependsOn ``component:``/``resource:`` refs;
  ``status`` -> spec.lifecycle (planned, building: experimental; operational:
  production; deprecated, retired: deprecated), the exact status in the
  ``ictarch.dev/status`` annotation.

Groups have no dependsOn in Backstage: what an agency uses is not expressed.
Names follow Backstage's rules (letters, digits, ``-_.``, at most 63
characters); tags too (lower case, ``-`` between words).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ictarch.interop.common import ExportOptions, export_scope
from ictarch.model.architecture import Architecture, Element

API_VERSION = "backstage.io/v1alpha1"
LIFECYCLE = {
    "planned": "experimental",
    "building": "experimental",
    "operational": "production",
    "deprecated": "deprecated",
    "retired": "deprecated",
}
_TAG = re.compile(r"^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$")


def entity_name(element_id: str) -> str:
    """An ictarch id as a Backstage name: the id, or a shortened one with a digest."""
    if len(element_id) <= 63:
        return element_id
    digest = hashlib.sha1(element_id.encode("utf-8")).hexdigest()[:8]
    return element_id[:54].rstrip("-.") + "-" + digest


def _tag(tag: str) -> str | None:
    tag = re.sub(r"[^a-z0-9:+#]+", "-", tag.lower()).strip("-")[:63].strip("-")
    return tag if _TAG.match(tag) else None


def export_backstage(architecture: Architecture, options: ExportOptions) -> bytes:
    import yaml

    scope = export_scope(architecture, options)
    top = architecture.layers[0].id
    bottom = architecture.layers[-1].id if len(architecture.layers) > 1 else None
    elements = architecture.elements
    default_owner = architecture.metadata.get("owner")
    system_owner = (
        f"group:{entity_name(default_owner)}" if isinstance(default_owner, str) else "unknown"
    )

    def kind_of(element: Element) -> str:
        if element.layer == top:
            return "Group"
        if element.layer == bottom:
            return "Resource"
        return "Component"

    def reference(element_id: str) -> str | None:
        target = elements.get(element_id)
        if target is None or target.layer == top:
            return None
        return f"{kind_of(target).lower()}:{entity_name(element_id)}"

    system = entity_name(architecture.id)
    documents: list[dict[str, Any]] = [
        {
            "apiVersion": API_VERSION,
            "kind": "System",
            "metadata": _metadata(
                architecture.id, architecture.name, architecture.metadata.get("description"), (), {}
            ),
            "spec": {"owner": system_owner},
        }
    ]
    for element in scope.elements:
        kind = kind_of(element)
        annotations = {
            "ictarch.dev/id": element.id,
            "ictarch.dev/layer": element.layer,
            "ictarch.dev/status": element.status.value,
        }
        if element.criticality:
            annotations["ictarch.dev/criticality"] = element.criticality
        if element.operator:
            annotations["ictarch.dev/operator"] = element.operator
        metadata = _metadata(
            element.id, element.name, element.description, element.tags, annotations
        )
        if element.links:
            metadata["links"] = [
                {"url": link["url"], **({"title": link["title"]} if "title" in link else {})}
                for link in element.links
            ]
        spec: dict[str, Any] = {"type": element.kind or element.layer}
        if kind == "Group":
            spec["children"] = []
        else:
            owner = element.owner if element.owner in elements else None
            spec["owner"] = f"group:{entity_name(owner)}" if owner else system_owner
            if kind == "Component":
                spec["lifecycle"] = LIFECYCLE[element.status.value]
            spec["system"] = system
            depends = [
                ref
                for target in dict.fromkeys(element.dependency_targets())
                if target in scope.ids and target != element.id and (ref := reference(target))
            ]
            if depends:
                spec["dependsOn"] = depends
        documents.append(
            {"apiVersion": API_VERSION, "kind": kind, "metadata": metadata, "spec": spec}
        )
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 10x faster
    text: str = yaml.dump_all(
        documents,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        explicit_start=True,
    )
    return text.encode("utf-8")


def _metadata(
    element_id: str,
    name: str,
    description: object,
    tags: tuple[str, ...],
    annotations: dict[str, str],
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": entity_name(element_id), "title": name}
    if isinstance(description, str) and description:
        metadata["description"] = description
    cleaned = [tag for tag in dict.fromkeys(_tag(t) for t in tags) if tag]
    if cleaned:
        metadata["tags"] = cleaned
    if annotations:
        metadata["annotations"] = annotations
    return metadata
