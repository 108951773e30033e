"""Backstage catalog entities (valid against @backstage/catalog-model's JSON Schemas).

- the architecture -> one ``System`` (owned by the architecture's owner);
- elements of the top layer (agencies, providers) -> ``Group`` (spec.type = kind);
- elements of the bottom layer (infrastructure) -> ``Resource`` (spec.type = kind);
- every other element (services, platforms) -> ``Component`` (spec.type = kind),
  part of the System;
- ``owner`` -> spec.owner ``group:<owner>`` (the architecture's owner when the
  element names none, else a Group ``<architecture id>-owners`` made for it: never a
  reference to nothing); with ``--view``, the owner groups of the exported entities
  are exported too (annotated ``ictarch.dev/outside-view``);
- ``depends_on`` (any_of alternatives included: Backstage has no redundancy) ->
  spec.dependsOn ``component:``/``resource:`` refs, to exported entities only;
- ``status`` -> spec.lifecycle (planned, building: experimental; operational:
  production; deprecated, retired: deprecated), the exact status in the
  ``ictarch.dev/status`` annotation.

Groups have no dependsOn in Backstage: what an agency uses is not expressed.
Names follow Backstage's rules (letters, digits, ``-_.``, at most 63 characters,
a letter or digit at both ends): an id Backstage refuses (``lgsp-``, one over 63
characters) gets a name with a digest, and ``ictarch.dev/id`` keeps the id; tags follow
them too (lower case, ``-`` between words).
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


_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")


def entity_name(element_id: str) -> str:
    """An ictarch id as a Backstage name (1-63 letters, digits, ``-_.``, starting and
    ending with a letter or digit): the id itself when Backstage accepts it, else the id
    shortened and trimmed, with a digest of the whole id (so two ids never meet). The
    ``ictarch.dev/id`` annotation keeps the id: the mapping can always be undone."""
    if _NAME.match(element_id):
        return element_id
    digest = hashlib.sha1(element_id.encode("utf-8")).hexdigest()[:8]
    base = re.sub(r"[^-A-Za-z0-9_.]", "-", element_id)[:54].strip("-_.")
    return f"{base}-{digest}" if base else f"x-{digest}"


def _tag(tag: str) -> str | None:
    tag = re.sub(r"[^a-z0-9:+#]+", "-", tag.lower()).strip("-")[:63].strip("-")
    return tag if _TAG.match(tag) else None


def export_backstage(architecture: Architecture, options: ExportOptions) -> bytes:
    import yaml

    scope = export_scope(architecture, options)
    top = architecture.layers[0].id
    bottom = architecture.layers[-1].id if len(architecture.layers) > 1 else None
    elements = architecture.elements

    def kind_of(element: Element) -> str:
        if element.layer == top:
            return "Group"
        if element.layer == bottom:
            return "Resource"
        return "Component"

    # the groups the exported entities name as owners are exported too, even when a
    # view leaves them out: no reference points at an entity that is not there
    exported = list(scope.elements)
    included = {element.id for element in exported}
    default_owner = architecture.metadata.get("owner")
    owner_ids = [default_owner] if isinstance(default_owner, str) else []
    owner_ids += [element.owner for element in exported if element.owner]
    for owner in owner_ids:
        group = elements.get(owner)
        if group is not None and kind_of(group) == "Group" and owner not in included:
            exported.append(group)
            included.add(owner)
    extra_groups = [element for element in exported if element not in scope.elements]
    exported_ids = scope.ids | included

    def owner_ref(owner: object) -> str | None:
        group = elements.get(owner) if isinstance(owner, str) else None
        if group is None or kind_of(group) != "Group" or group.id not in exported_ids:
            return None
        return f"group:{entity_name(group.id)}"

    fallback = f"group:{entity_name(architecture.id + '-owners')}"
    system_owner = owner_ref(default_owner) or fallback
    documents: list[dict[str, Any]] = []
    owners_needed = False

    def reference(element_id: str) -> str | None:
        target = elements.get(element_id)
        if target is None or target.layer == top or element_id not in exported_ids:
            return None
        return f"{kind_of(target).lower()}:{entity_name(element_id)}"

    system = entity_name(architecture.id)
    documents.append(
        {
            "apiVersion": API_VERSION,
            "kind": "System",
            "metadata": _metadata(
                architecture.id,
                architecture.name,
                architecture.metadata.get("description"),
                (),
                {"ictarch.dev/id": architecture.id},
            ),
            "spec": {"owner": system_owner},
        }
    )
    owners_needed = system_owner == fallback
    for element in exported:
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
        if element in extra_groups:
            annotations["ictarch.dev/outside-view"] = "true"
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
            owner = owner_ref(element.owner) or system_owner
            owners_needed |= owner == fallback
            spec["owner"] = owner
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
    if owners_needed:  # a Group for what has no owner, instead of a dangling "unknown"
        documents.append(
            {
                "apiVersion": API_VERSION,
                "kind": "Group",
                "metadata": _metadata(
                    architecture.id + "-owners",
                    architecture.name,
                    None,
                    (),
                    {"ictarch.dev/role": "owner of the elements that name none"},
                ),
                "spec": {"type": "architecture-owners", "children": []},
            }
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
