"""Write synthetic ictarch architectures for the benchmarks.

    python benchmarks/generate.py N OUTDIR [--files K] [--seed S] [--single-file]
    python benchmarks/generate.py N OUTDIR --mutate-from DIR [--change-fraction F] [--seed S]

The first form writes an architecture of N elements: OUTDIR/architecture.yaml
plus K element files under OUTDIR/layers/ (or everything in architecture.yaml
with --single-file). The second form reads an architecture written earlier by
this script (N must be its element count) and writes a new version of it with
about F of its elements changed, for the diff benchmark.

Every architecture written is valid by construction: ids are unique, every
reference exists, owners and operators are in the agencies layer (owners are
never providers), dependencies go to the same or a lower layer and, within a
layer, only to elements written earlier (so the graph is acyclic), no element
lists a target twice, operational elements depend only on operational ones,
nothing depends on a deprecated or retired element, and every element
depends on something, is depended on, or owns or operates something.
The output is the same for the same arguments and seed.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import datetime
import gc
import itertools
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Element = dict[str, Any]
Dependency = str | dict[str, Any]

ROOT_FILE = "architecture.yaml"
LAYERS = ("agencies", "services", "platforms", "infrastructure")
LAYER_SHARES = {"agencies": 0.10, "services": 0.40, "platforms": 0.25, "infrastructure": 0.25}
PROVIDER_SHARE = 0.10  # of the agencies layer
ID_PREFIXES = {
    "agency": "agency",
    "provider": "provider",
    "services": "svc",
    "platforms": "plt",
    "infrastructure": "infra",
}
ID_INDEX = re.compile(r"^[a-z]+-(\d+)$")
MIN_SIZE = 20

# Status rank: an element may depend only on elements of the same or a higher
# rank. Deprecated and retired elements have no rank: nothing depends on them.
STATUS_RANK = {"planned": 0, "building": 1, "operational": 2}
STATUS_WEIGHTS = {
    "operational": 86,
    "planned": 6,
    "building": 3,
    "deprecated": 3,
    "retired": 2,
}
CRITICALITY_WEIGHTS = {"low": 25, "medium": 40, "high": 25, "critical": 10}
CORE_SHARE = 0.02  # the first elements of each layer are shared, operational hubs

AGENCY_NAMES = (
    "Ủy ban nhân dân tỉnh Quảng Nam",
    "Sở Thông tin và Truyền thông",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Tài nguyên và Môi trường",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Kế hoạch và Đầu tư",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Lao động – Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Công Thương",
    "Sở Nội vụ",
    "Công an tỉnh",
    "UBND thành phố Tam Kỳ",
    "UBND thành phố Hội An",
    "UBND thị xã Điện Bàn",
    "UBND huyện Duy Xuyên",
    "UBND huyện Thăng Bình",
    "UBND huyện Núi Thành",
    "UBND huyện Đại Lộc",
    "UBND huyện Quế Sơn",
    "UBND huyện Bắc Trà My",
    "UBND huyện Nam Trà My",
    "UBND huyện Tiên Phước",
    "UBND huyện Phước Sơn",
    "UBND huyện Hiệp Đức",
    "UBND huyện Đông Giang",
    "UBND huyện Tây Giang",
    "UBND huyện Nam Giang",
    "UBND huyện Nông Sơn",
    "UBND huyện Phú Ninh",
    "UBND xã Cẩm Thanh",
)
PROVIDER_NAMES = (
    "Viễn thông Quảng Nam (VNPT)",
    "Viettel Quảng Nam",
    "Tổng công ty Viễn thông MobiFone",
    "Công ty Cổ phần Viễn thông FPT",
    "Công ty Cổ phần Hạ tầng Viễn thông CMC",
)


@dataclass(frozen=True)
class Blueprint:
    """A sort of element: its kind, Vietnamese name, English gloss, tags, building blocks."""

    kind: str
    name: str
    gloss: str
    tags: tuple[str, ...]
    implements: tuple[str, ...]


BLUEPRINTS: dict[str, tuple[Blueprint, ...]] = {
    "services": (
        Blueprint(
            "public-service",
            "Dịch vụ công trực tuyến",
            "Online public service",
            ("public-service", "citizen"),
            ("vn-egov.public-service-portal",),
        ),
        Blueprint(
            "application",
            "Hệ thống quản lý văn bản và điều hành",
            "Document management and executive system",
            ("documents",),
            ("vn-egov.document-management",),
        ),
        Blueprint(
            "application",
            "Hệ thống thông tin giải quyết thủ tục hành chính",
            "Administrative-procedure (one-stop) information system",
            ("one-stop", "public-service"),
            ("vn-egov.tthc-system",),
        ),
        Blueprint(
            "public-service",
            "Cổng thông tin điện tử",
            "Web portal",
            ("citizen", "open-data"),
            ("vn-egov.web-portal",),
        ),
        Blueprint(
            "application",
            "Ứng dụng Quảng Nam trực tuyến",
            "Citizen feedback mobile app",
            ("citizen", "feedback"),
            (),
        ),
        Blueprint(
            "application",
            "Hệ thống hồ sơ sức khỏe điện tử",
            "Electronic health record system",
            ("health",),
            (),
        ),
        Blueprint(
            "application",
            "Cơ sở dữ liệu đất đai",
            "Land administration database",
            ("land", "data"),
            ("ict-smartcity.smart-applications",),
        ),
        Blueprint(
            "application",
            "Hệ thống giám sát giao thông",
            "Traffic camera monitoring system",
            ("transport", "cameras"),
            (),
        ),
        Blueprint(
            "application",
            "Hệ thống quan trắc môi trường",
            "Environmental monitoring system",
            ("environment", "sensors"),
            (),
        ),
        Blueprint(
            "application",
            "Hệ thống báo cáo kinh tế – xã hội",
            "Socio-economic reporting system",
            ("reporting",),
            ("vn-egov.reporting",),
        ),
        Blueprint(
            "application",
            "Hệ thống giám sát tàu cá",
            "Fishing-vessel monitoring system",
            ("fisheries", "sensors"),
            (),
        ),
    ),
    "platforms": (
        Blueprint(
            "integration-platform",
            "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
            "Data integration and sharing platform",
            ("data-sharing",),
            ("vn-egov.lgsp",),
        ),
        Blueprint(
            "data-platform",
            "Kho dữ liệu dùng chung",
            "Shared data warehouse",
            ("data",),
            ("vn-egov.data-warehouse",),
        ),
        Blueprint(
            "operations-centre",
            "Trung tâm giám sát, điều hành đô thị thông minh (IOC)",
            "Smart-city operations centre",
            ("monitoring",),
            ("ict-smartcity.ioc",),
        ),
        Blueprint(
            "gis-platform",
            "Nền tảng bản đồ số GIS dùng chung",
            "Shared GIS platform",
            ("gis",),
            ("ict-smartcity.gis",),
        ),
        Blueprint(
            "iot-platform",
            "Nền tảng Internet vạn vật (IoT)",
            "Internet-of-things platform",
            ("iot", "sensors"),
            ("ict-smartcity.iot-platform",),
        ),
        Blueprint(
            "identity-platform",
            "Hệ thống xác thực định danh điện tử",
            "Electronic identification and authentication platform",
            ("identity", "security"),
            ("ict-smartcity.identity",),
        ),
        Blueprint(
            "payment-platform",
            "Nền tảng thanh toán trực tuyến",
            "Online payment platform",
            ("payment",),
            ("vn-egov.payment-platform",),
        ),
        Blueprint(
            "security-platform",
            "Trung tâm giám sát an toàn thông tin (SOC)",
            "Security operations centre",
            ("security",),
            ("vn-egov.soc",),
        ),
    ),
    "infrastructure": (
        Blueprint(
            "data-centre",
            "Trung tâm dữ liệu tỉnh",
            "Provincial data centre",
            ("data-centre",),
            ("vn-egov.provincial-data-centre",),
        ),
        Blueprint(
            "network",
            "Mạng truyền số liệu chuyên dùng",
            "Dedicated government data network",
            ("network",),
            ("vn-egov.government-wan",),
        ),
        Blueprint(
            "cloud",
            "Hạ tầng điện toán đám mây",
            "Cloud computing infrastructure",
            ("cloud",),
            (),
        ),
        Blueprint(
            "network",
            "Mạng WAN nội tỉnh",
            "Provincial wide-area network",
            ("network",),
            (),
        ),
        Blueprint(
            "sensor-network",
            "Mạng cảm biến quan trắc",
            "Sensor network",
            ("sensors", "iot"),
            (),
        ),
    ),
}
GENERAL_TAGS = ("smart-city", "e-government", "shared", "quang-nam")
# Blocks of the bundled catalogues (src/ictarch/frameworks), so that validate checks them
# as it would a real architecture's claims.
GENERAL_BUILDING_BLOCKS = ("ict-smartcity.security",)
DEPENDENCY_NOTES = (
    "kết nối qua mạng truyền số liệu chuyên dùng",
    "trao đổi dữ liệu qua LGSP",
    "xác thực người dùng qua VNeID",
    "đồng bộ dữ liệu hằng ngày",
    "sao lưu dữ liệu định kỳ",
    "hiển thị bản đồ nền",
    "thanh toán phí, lệ phí trực tuyến",
)
REDUNDANCY_NOTE = "dự phòng: chỉ cần một phương án hoạt động"

# ---------------------------------------------------------------------------
# The model: the header of architecture.yaml plus element lists, each in a file.


@dataclass
class ElementFile:
    """One layer's elements as written to one file (relative path)."""

    path: str
    layer: str
    elements: list[Element]


@dataclass
class Architecture:
    header: dict[str, Any]
    files: list[ElementFile]

    def layer(self, layer: str) -> list[Element]:
        """The elements of a layer in order: within a layer, deps point backwards."""
        return [element for file in self.files if file.layer == layer for element in file.elements]

    def elements(self) -> Iterator[Element]:
        for file in self.files:
            yield from file.elements

    def size(self) -> int:
        return sum(len(file.elements) for file in self.files)


def dependency_targets(dependency: Dependency) -> list[str]:
    """The ids a depends_on entry names: one, or the alternatives of an any_of group."""
    if isinstance(dependency, str):
        return [dependency]
    if "any_of" in dependency:
        return [alt if isinstance(alt, str) else alt["id"] for alt in dependency["any_of"]]
    return [dependency["id"]]


def element_targets(element: Element) -> list[str]:
    return [
        target
        for dependency in element.get("depends_on", ())
        for target in dependency_targets(dependency)
    ]


def allows(source_status: str, target_status: str) -> bool:
    """Whether an element of source_status may depend on one of target_status."""
    if target_status not in STATUS_RANK:
        return False
    return STATUS_RANK[target_status] >= STATUS_RANK.get(source_status, STATUS_RANK["operational"])


def id_index(element_id: str) -> int:
    match = ID_INDEX.match(element_id)
    if match is None:
        raise ValueError(f"not an id written by generate.py: {element_id}")
    return int(match.group(1))


def agency_short_name(agency_id: str) -> str:
    return AGENCY_NAMES[id_index(agency_id) % len(AGENCY_NAMES)]


def weighted_choice(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class LayerIndex:
    """A layer's elements in order, and the positions of its operational ones."""

    elements: list[Element]
    operational: list[int]

    @classmethod
    def of(cls, elements: list[Element]) -> LayerIndex:
        operational = [
            position
            for position, element in enumerate(elements)
            if element["status"] == "operational"
        ]
        return cls(elements, operational)


class Builder:
    """Picks owners, operators and dependency targets that keep an architecture valid."""

    def __init__(
        self, layers: dict[str, list[Element]], architecture_owner: str, rng: random.Random
    ) -> None:
        self.rng = rng
        self.architecture_owner = architecture_owner
        self.layers = {layer: LayerIndex.of(layers.get(layer, [])) for layer in LAYERS}
        self.position = {
            element["id"]: (layer, position)
            for layer, index in self.layers.items()
            for position, element in enumerate(index.elements)
        }
        agencies = self.layers["agencies"].elements
        self.owners = [element["id"] for element in agencies if element["kind"] == "agency"]
        self.providers = [element["id"] for element in agencies if element["kind"] == "provider"]

    def append(self, layer: str, element: Element) -> None:
        index = self.layers[layer]
        position = len(index.elements)
        self.position[element["id"]] = (layer, position)
        if element["status"] == "operational":
            index.operational.append(position)
        index.elements.append(element)

    def element(self, element_id: str) -> Element:
        layer, position = self.position[element_id]
        return self.layers[layer].elements[position]

    def all_elements(self) -> Iterator[tuple[str, Element]]:
        for layer, index in self.layers.items():
            for element in index.elements:
                yield layer, element

    def pick_target(
        self, layer: str, limit: int, source_status: str, exclude: set[str]
    ) -> str | None:
        """An element among the first `limit` of `layer` that a source may depend on.

        Picks favour the first elements of a layer: the shared hubs (LGSP, data centre).
        """
        index = self.layers[layer]
        for _ in range(8 if limit > 0 else 0):
            candidate = index.elements[int(limit * self.rng.random() ** 2)]
            if candidate["id"] not in exclude and allows(source_status, candidate["status"]):
                return str(candidate["id"])
        operational_count = bisect.bisect_left(index.operational, limit)
        for _ in range(8 if operational_count else 0):
            candidate = index.elements[index.operational[self.rng.randrange(operational_count)]]
            if candidate["id"] not in exclude and allows(source_status, candidate["status"]):
                return str(candidate["id"])
        return None

    def target_layer(self, element: Element, layer: str) -> str:
        """The layer of the next dependency of an element of `layer`."""
        if layer == "agencies":
            return "infrastructure" if element["kind"] == "provider" else "services"
        if layer == "services":
            return "services" if self.rng.random() < 0.2 else "platforms"
        if layer == "platforms":
            return "platforms" if self.rng.random() < 0.25 else "infrastructure"
        return "infrastructure"

    def new_dependency(self, element: Element, layer: str, exclude: set[str]) -> Dependency | None:
        """A new depends_on entry for `element`, or None when no valid target is left.

        `exclude` holds the element's id and its targets; new targets are added to it.
        """
        target_layer = self.target_layer(element, layer)
        if target_layer == layer:
            limit = self.position[element["id"]][1]
        else:
            limit = len(self.layers[target_layer].elements)
        status = element["status"]
        target = self.pick_target(target_layer, limit, status, exclude)
        if target is None:
            return None
        exclude.add(target)
        roll = self.rng.random()
        redundancy = {"services": 0.12, "platforms": 0.08}.get(layer, 0.0)
        if target_layer != layer and roll < redundancy:
            alternative = self.pick_target(target_layer, limit, status, exclude)
            if alternative is not None:
                exclude.add(alternative)
                group: dict[str, Any] = {"any_of": [target, alternative]}
                if self.rng.random() < 0.3:
                    group["description"] = REDUNDANCY_NOTE
                return group
        if roll > 0.85:
            return {"id": target, "description": self.rng.choice(DEPENDENCY_NOTES)}
        return target

    def add_dependencies(self, element: Element, layer: str, count: int) -> None:
        exclude = {element["id"], *element_targets(element)}
        dependencies = element.setdefault("depends_on", [])
        for _ in range(count):
            dependency = self.new_dependency(element, layer, exclude)
            if dependency is not None:
                dependencies.append(dependency)
        if not dependencies:
            del element["depends_on"]

    def dependency_count(self, element: Element, layer: str) -> int:
        if layer == "agencies":
            return (
                self.rng.randint(1, 2) if element["kind"] == "provider" else self.rng.randint(2, 6)
            )
        if layer == "services":
            return self.rng.randint(1, 4)
        if layer == "platforms":
            return self.rng.randint(1, 3)
        # Only operational elements are sure to get a dependent: the others need a dependency.
        return self.rng.randint(0 if element["status"] == "operational" else 1, 2)

    def new_element(self, layer: str, index: int, status: str) -> Element:
        """A service, platform or infrastructure element, without dependencies."""
        rng = self.rng
        blueprints = BLUEPRINTS[layer]
        blueprint = blueprints[index % len(blueprints)]
        owner = rng.choice(self.owners)
        provider_share = 0.3 if layer == "services" else 0.6
        operator = rng.choice(self.providers) if rng.random() < provider_share else owner
        tags = list(blueprint.tags[: rng.randint(1, len(blueprint.tags))])
        if rng.random() < 0.5:
            tags.append(rng.choice(GENERAL_TAGS))
        implements = list(blueprint.implements[: rng.randint(0, len(blueprint.implements))])
        if rng.random() < 0.2:
            implements.append(rng.choice(GENERAL_BUILDING_BLOCKS))
        element: Element = {
            "id": f"{ID_PREFIXES[layer]}-{index:05d}",
            "name": f"{blueprint.name} số {index} – {agency_short_name(owner)}",
            "kind": blueprint.kind,
            "description": f"{blueprint.gloss} number {index}, owned by {owner}.",
            "owner": owner,
            "operator": operator,
            "status": status,
            "criticality": weighted_choice(rng, CRITICALITY_WEIGHTS),
            "tags": tags,
        }
        if implements:
            element["implements"] = implements
        return element

    def ensure_dependents(self) -> None:
        """Give every service, platform and infrastructure element a dependent if it may have one.

        The dependent is an element of the layer above (an agency for services) or
        a later element of the same layer, whichever of a few candidates depends on
        the fewest elements, so no cycle appears and fan-out stays even. Elements
        left without one (planned ones, say) have dependencies of their own.
        """
        depended_on = {
            target for _, element in self.all_elements() for target in element_targets(element)
        }
        for upper, layer in itertools.pairwise(LAYERS):
            above = [e for e in self.layers[upper].elements if e["kind"] != "provider"]
            same = self.layers[layer].elements
            for position, element in enumerate(same):
                if element["id"] in depended_on or element["status"] not in STATUS_RANK:
                    continue
                candidates = []
                for _ in range(12):
                    if position + 1 < len(same) and self.rng.random() < 0.5:
                        source = same[self.rng.randrange(position + 1, len(same))]
                    else:
                        source = self.rng.choice(above)
                    if allows(source["status"], element["status"]):
                        candidates.append(source)
                        if len(candidates) == 3:
                            break
                if candidates:
                    source = min(candidates, key=lambda e: len(e.get("depends_on", ())))
                    source.setdefault("depends_on", []).append(element["id"])
                    depended_on.add(element["id"])

    def ensure_no_orphans(self) -> None:
        """Give a dependency to every element that has no relation to another one."""
        related = {self.architecture_owner}
        for _, element in self.all_elements():
            related.update(element_targets(element))
            related.update({element["owner"], element["operator"]} - {element["id"]})
        for layer, element in self.all_elements():
            if element["id"] not in related and not element.get("depends_on"):
                self.add_dependencies(element, layer, 1)
                if not element.get("depends_on"):
                    raise RuntimeError(f"cannot relate {element['id']} to anything")


# ---------------------------------------------------------------------------
# Generation


def layer_sizes(size: int) -> dict[str, int]:
    sizes = {layer: max(1, round(size * share)) for layer, share in LAYER_SHARES.items()}
    sizes["infrastructure"] = size - sizes["agencies"] - sizes["services"] - sizes["platforms"]
    return sizes


def make_agencies(size: int, rng: random.Random) -> list[Element]:
    """The agencies layer: government agencies first, then a few providers."""
    provider_count = max(1, round(size * PROVIDER_SHARE))
    agency_count = size - provider_count
    root_agency = f"{ID_PREFIXES['agency']}-00000"
    ict_department = f"{ID_PREFIXES['agency']}-{min(1, agency_count - 1):05d}"
    agencies: list[Element] = []
    for index in range(agency_count):
        name = AGENCY_NAMES[index % len(AGENCY_NAMES)]
        if index >= len(AGENCY_NAMES):
            name = f"Phòng chuyên môn số {index} – {name}"
        agency_id = f"{ID_PREFIXES['agency']}-{index:05d}"
        agencies.append(
            {
                "id": agency_id,
                "name": name,
                "kind": "agency",
                "description": f"Government agency number {index} of the province.",
                "owner": root_agency,
                "operator": agency_id,
                "status": "operational",
                "criticality": weighted_choice(rng, CRITICALITY_WEIGHTS),
                "tags": ["government", rng.choice(GENERAL_TAGS)],
            }
        )
    for index in range(provider_count):
        name = PROVIDER_NAMES[index % len(PROVIDER_NAMES)]
        if index >= len(PROVIDER_NAMES):
            name = f"{name} – chi nhánh số {index}"
        provider_id = f"{ID_PREFIXES['provider']}-{index:05d}"
        agencies.append(
            {
                "id": provider_id,
                "name": name,
                "kind": "provider",
                "description": f"Telecom and cloud provider number {index}.",
                "owner": ict_department,
                "operator": provider_id,
                "status": "operational",
                "criticality": weighted_choice(rng, CRITICALITY_WEIGHTS),
                "tags": ["provider"],
            }
        )
    return agencies


def files_per_layer(sizes: dict[str, int], files: int) -> dict[str, int]:
    """How many of `files` each layer gets: in proportion to its size, at least one."""
    total = sum(sizes.values())
    counts = {
        layer: min(size, max(1, round(files * size / total))) for layer, size in sizes.items()
    }
    while sum(counts.values()) > files:
        counts[max((layer for layer in counts if counts[layer] > 1), key=counts.__getitem__)] -= 1
    while sum(counts.values()) < files:
        roomy = [layer for layer in counts if counts[layer] < sizes[layer]]
        if not roomy:
            break
        counts[max(roomy, key=lambda layer: sizes[layer] / counts[layer])] += 1
    return counts


def split_evenly(items: list[Element], parts: int) -> list[list[Element]]:
    bounds = [len(items) * part // parts for part in range(parts + 1)]
    return [items[start:end] for start, end in itertools.pairwise(bounds)]


def make_header(size: int, seed: int, single_file: bool) -> dict[str, Any]:
    header: dict[str, Any] = {
        "ictarch": 1,
        "architecture": {
            "id": f"synthetic-{size}",
            "name": f"Kiến trúc ICT đô thị thông minh tổng hợp ({size} phần tử, seed {seed})",
            "version": "1.0",
            "released": "2024-01-01",
            "owner": f"{ID_PREFIXES['agency']}-00000",
            "description": "Synthetic architecture written by benchmarks/generate.py.",
        },
    }
    if not single_file:
        header["include"] = ["layers/*.yaml"]
    header["views"] = [
        {
            "id": "overview",
            "title": "Tổng quan kiến trúc",
            "layers": list(LAYERS),
            "group_by": "layer",
            "max_nodes": 200,
        },
        {
            "id": "shared-platforms",
            "title": "Nền tảng và hạ tầng dùng chung",
            "layers": ["platforms", "infrastructure"],
            "tags": ["data-sharing", "data-centre", "network"],
        },
        {
            "id": "lgsp-context",
            "title": "Bối cảnh của nền tảng LGSP",
            "focus": f"{ID_PREFIXES['platforms']}-00000",
            "depth": 2,
            "direction": "both",
        },
    ]
    return header


def generate_architecture(size: int, file_count: int, single_file: bool, seed: int) -> Architecture:
    rng = random.Random(seed)
    sizes = layer_sizes(size)
    header = make_header(size, seed, single_file)
    agencies = make_agencies(sizes["agencies"], rng)
    builder = Builder({"agencies": agencies}, header["architecture"]["owner"], rng)
    for layer in LAYERS[1:]:
        core = max(2, round(sizes[layer] * CORE_SHARE))
        for index in range(sizes[layer]):
            status = "operational" if index < core else weighted_choice(rng, STATUS_WEIGHTS)
            builder.append(layer, builder.new_element(layer, index, status))
    for layer, element in builder.all_elements():
        builder.add_dependencies(element, layer, builder.dependency_count(element, layer))
    builder.ensure_dependents()
    infrastructure = builder.layers["infrastructure"].elements
    operators = {element["operator"] for element in infrastructure}
    for provider in builder.providers:
        if provider not in operators:
            rng.choice(infrastructure)["operator"] = provider
    builder.ensure_no_orphans()

    if single_file:
        files = [ElementFile(ROOT_FILE, layer, builder.layers[layer].elements) for layer in LAYERS]
    else:
        counts = files_per_layer(sizes, file_count)
        width = len(str(max(counts.values())))
        files = [
            ElementFile(f"layers/{number}-{layer}-{part:0{width}d}.yaml", layer, elements)
            for number, layer in enumerate(LAYERS, start=1)
            for part, elements in enumerate(
                split_evenly(builder.layers[layer].elements, counts[layer]), start=1
            )
        ]
    return Architecture(header, files)


# ---------------------------------------------------------------------------
# Reading an earlier architecture and changing it


def load_yaml(path: Path) -> Any:
    with path.open("rb") as stream:
        return yaml.load(stream, Loader=yaml.CSafeLoader)


def load_architecture(directory: Path) -> Architecture:
    """Read an architecture written by this script, keeping each element's file."""
    root = load_yaml(directory / ROOT_FILE)
    header = {key: value for key, value in root.items() if key not in LAYERS}
    files = [ElementFile(ROOT_FILE, layer, root[layer]) for layer in LAYERS if layer in root]
    for pattern in header.get("include", []):
        for path in sorted(directory.glob(pattern)):
            relative = path.relative_to(directory).as_posix()
            for layer, elements in load_yaml(path).items():
                if layer not in LAYERS:
                    raise SystemExit(f"{path}: unknown layer {layer!r}")
                files.append(ElementFile(relative, layer, elements))
    architecture = Architecture(header, files)
    check_generated_order(architecture, directory)
    return architecture


def check_generated_order(architecture: Architecture, directory: Path) -> None:
    """Refuse an architecture whose dependencies do not follow this script's order.

    Changes keep the model acyclic by only adding dependencies to lower layers or
    to earlier elements of the same layer, which is safe only if that already holds.
    """
    order = {  # targets must come before their sources: lower layers first
        element["id"]: (-LAYERS.index(layer), index)
        for layer in LAYERS
        for index, element in enumerate(architecture.layer(layer))
    }
    for element in architecture.elements():
        source = order[element["id"]]
        for target in element_targets(element):
            if target not in order or order[target] >= source:
                raise SystemExit(
                    f"{directory}: {element['id']} -> {target} does not point to an earlier "
                    "element; only architectures written by generate.py can be changed"
                )


MUTATION_SHARES = {
    "modified": 0.40,
    "removed": 0.15,
    "added": 0.15,
    "edges-added": 0.10,
    "edges-removed": 0.10,
    "status-changed": 0.05,
    "renamed": 0.05,
}
STATUS_TRANSITIONS = {
    "planned": ("building", "operational"),
    "building": ("operational",),
    "operational": ("deprecated",),
}


def rewrite_targets(element: Element, replace: dict[str, str | None]) -> None:
    """Replace targets of `element` by `replace` (None removes them), keeping the entries' shape."""
    dependencies = element.get("depends_on")
    if not dependencies or not any(t in replace for t in element_targets(element)):
        return
    rewritten: list[Dependency] = []
    for dependency in dependencies:
        if isinstance(dependency, str):
            target = replace.get(dependency, dependency)
            if target is not None:
                rewritten.append(target)
        elif "any_of" in dependency:
            alternatives: list[Dependency] = []
            for alternative in dependency["any_of"]:
                if isinstance(alternative, str):
                    target = replace.get(alternative, alternative)
                    if target is not None:
                        alternatives.append(target)
                else:
                    target = replace.get(alternative["id"], alternative["id"])
                    if target is not None:
                        alternatives.append({**alternative, "id": target})
            if len(alternatives) > 1:
                rewritten.append({**dependency, "any_of": alternatives})
            elif alternatives:
                single = alternatives[0]
                if isinstance(single, str) and "description" in dependency:
                    single = {"id": single, "description": dependency["description"]}
                rewritten.append(single)
        else:
            target = replace.get(dependency["id"], dependency["id"])
            if target is not None:
                rewritten.append({**dependency, "id": target})
    if rewritten:
        element["depends_on"] = rewritten
    else:
        del element["depends_on"]


def modify_fields(builder: Builder, layer: str, element: Element) -> None:
    """Change one or two fields of an element."""
    rng = builder.rng
    fields = ["name", "description", "criticality", "tags"]
    if layer != "agencies":
        fields += ["owner", "operator"]
    for name in rng.sample(fields, rng.randint(1, 2)):
        if name == "name":
            element["name"] = f"{element['name']} (nâng cấp)"
        elif name == "description":
            element["description"] = f"{element['description']} Revised in this version."
        elif name == "criticality":
            others = [c for c in CRITICALITY_WEIGHTS if c != element["criticality"]]
            element["criticality"] = rng.choice(others)
        elif name == "tags":
            tags = element["tags"]
            if len(tags) > 1:
                tags.pop(rng.randrange(len(tags)))
            else:
                tags.append(rng.choice([t for t in (*GENERAL_TAGS, "revised") if t not in tags]))
        else:
            candidates = builder.owners if name == "owner" else builder.owners + builder.providers
            element[name] = rng.choice([c for c in candidates if c != element[name]])


def change_statuses(builder: Builder, count: int) -> int:
    """Move up to `count` elements along their lifecycle where that stays valid."""
    rng = builder.rng
    dependents: dict[str, list[Element]] = {}
    for _, element in builder.all_elements():
        for target in element_targets(element):
            dependents.setdefault(target, []).append(element)
    candidates = [
        element
        for layer, element in builder.all_elements()
        if layer != "agencies" and element["status"] in STATUS_TRANSITIONS
    ]
    rng.shuffle(candidates)
    changed = 0
    for element in candidates:
        if changed == count:
            break
        status = rng.choice(STATUS_TRANSITIONS[element["status"]])
        if all(
            allows(status, builder.element(target)["status"]) for target in element_targets(element)
        ) and all(
            allows(dependent["status"], status) for dependent in dependents.get(element["id"], ())
        ):
            element["status"] = status
            changed += 1
    return changed


def mutate_architecture(architecture: Architecture, fraction: float, seed: int) -> dict[str, int]:
    """Change about `fraction` of the elements; return how many changes of each sort were made."""
    rng = random.Random(seed)
    changes = max(1, round(architecture.size() * fraction))
    quota = {sort: round(changes * share) for sort, share in MUTATION_SHARES.items()}
    done = dict.fromkeys(MUTATION_SHARES, 0)

    # Renames and removals first, with all references to them rewritten in one pass.
    next_index = {}  # new ids never reuse the number of an existing or earlier id
    for layer in LAYERS[1:]:
        elements = architecture.layer(layer)
        known = [e["id"] for e in elements] + [
            e["renamed_from"] for e in elements if "renamed_from" in e
        ]
        next_index[layer] = 1 + max(map(id_index, known), default=-1)
    shown: set[str] = set()
    for view in architecture.header.get("views", []):
        shown.update(view.get("elements", []))
        if "focus" in view:
            shown.add(view["focus"])
    dependents = collections.Counter(
        target for element in architecture.elements() for target in element_targets(element)
    )
    candidates = [  # at most one dependent: removing or renaming them touches few others
        (layer, element)
        for layer in LAYERS[1:]
        for element in architecture.layer(layer)
        if element["id"] not in shown and dependents[element["id"]] <= 1
    ]
    rng.shuffle(candidates)
    removed = candidates[: quota["removed"]]
    renamed = candidates[quota["removed"] : quota["removed"] + quota["renamed"]]
    replace: dict[str, str | None] = {element["id"]: None for _, element in removed}
    for layer, element in renamed:
        old_id, new_id = element["id"], f"{ID_PREFIXES[layer]}-{next_index[layer]:05d}"
        next_index[layer] += 1
        replace[old_id] = new_id
        fields = {key: value for key, value in element.items() if key not in ("id", "renamed_from")}
        element.clear()
        element.update({"id": new_id, "renamed_from": old_id, **fields})
    removed_ids = {element["id"] for _, element in removed}
    for file in architecture.files:
        file.elements = [element for element in file.elements if element["id"] not in removed_ids]
        for element in file.elements:
            rewrite_targets(element, replace)
    done["removed"], done["renamed"] = len(removed), len(renamed)

    owner = architecture.header["architecture"]["owner"]
    layers = {layer: architecture.layer(layer) for layer in LAYERS}
    builder = Builder(layers, owner, rng)
    everything = list(builder.all_elements())
    for layer, element in rng.sample(everything, min(quota["modified"], len(everything))):
        modify_fields(builder, layer, element)
        done["modified"] += 1
    done["status-changed"] = change_statuses(builder, quota["status-changed"])

    branched = [
        (layer, element) for layer, element in everything if len(element.get("depends_on", ())) > 1
    ]
    for _, element in rng.sample(branched, min(quota["edges-removed"], len(branched))):
        element["depends_on"].pop(rng.randrange(len(element["depends_on"])))
        done["edges-removed"] += 1
    for layer, element in rng.sample(everything, min(quota["edges-added"], len(everything))):
        before = len(element.get("depends_on", ()))
        builder.add_dependencies(element, layer, 1)
        done["edges-added"] += len(element.get("depends_on", ())) - before

    last_file = {file.layer: file for file in architecture.files}
    shares = [LAYER_SHARES[layer] for layer in LAYERS[1:]]
    for layer in rng.choices(LAYERS[1:], weights=shares, k=quota["added"]):
        status = "planned" if rng.random() < 0.2 else "operational"
        element = builder.new_element(layer, next_index[layer], status)
        next_index[layer] += 1
        builder.append(layer, element)
        last_file[layer].elements.append(element)
        builder.add_dependencies(element, layer, builder.dependency_count(element, layer))
        done["added"] += 1

    builder.ensure_no_orphans()
    describe_new_version(architecture.header["architecture"])
    return done


def describe_new_version(description: dict[str, Any]) -> None:
    """Bump the minor version and move the release date a year on."""
    version = str(description.get("version", "1.0"))
    match = re.fullmatch(r"(\d+)\.(\d+)", version)
    description["version"] = f"{match[1]}.{int(match[2]) + 1}" if match else f"{version}.1"
    released = datetime.date.fromisoformat(str(description.get("released", "2024-01-01")))
    day = min(released.day, 28) if released.month == 2 else released.day
    description["released"] = released.replace(year=released.year + 1, day=day).isoformat()


# ---------------------------------------------------------------------------
# Writing YAML text directly: yaml.dump is far too slow for 100,000 elements.

YAML_1_1_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"})
FLOW_INDICATORS = frozenset(",[]{}")


def scalar(text: str, in_flow: bool) -> str:
    """`text` as a plain scalar when YAML reads it back unchanged as a string, else quoted."""
    if (
        text[:1].isalpha()
        and text == text.strip()
        and text.isprintable()
        and ":" not in text
        and "#" not in text
        and text.lower() not in YAML_1_1_WORDS
        and not (in_flow and not FLOW_INDICATORS.isdisjoint(text))
    ):
        return text
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char == " " or char.isprintable():
            escaped.append(char)
        else:
            escaped.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return '"' + "".join(escaped) + '"'


def yaml_value(value: Any, in_flow: bool = False) -> str:
    """A value on one line: scalars, and lists and mappings in flow style."""
    if isinstance(value, str):
        return scalar(value, in_flow)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(item, True) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{scalar(key, True)}: {yaml_value(item, True)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"cannot write {value!r}")


def emit_mapping(mapping: dict[str, Any], indent: str, out: list[str], first: str = "") -> None:
    """Append `mapping` in block style; `first` replaces the indent of its first line.

    Lists go on one line in flow style, except depends_on and lists of mappings.
    """
    prefix = first or indent
    for key, value in mapping.items():
        if isinstance(value, list) and (key == "depends_on" or any(type(v) is dict for v in value)):
            out.append(f"{prefix}{key}:\n")
            for item in value:
                if isinstance(item, dict):
                    emit_mapping(item, indent + "    ", out, first=indent + "  - ")
                else:
                    out.append(f"{indent}  - {yaml_value(item)}\n")
        elif isinstance(value, dict) and value:
            out.append(f"{prefix}{key}:\n")
            emit_mapping(value, indent + "  ", out)
        else:
            out.append(f"{prefix}{key}: {yaml_value(value)}\n")
        prefix = indent


def write_architecture(architecture: Architecture, outdir: Path) -> int:
    """Write the architecture under `outdir`; return the number of files written."""
    by_path: dict[str, list[ElementFile]] = {ROOT_FILE: []}
    for file in architecture.files:
        by_path.setdefault(file.path, []).append(file)
    for path, files in by_path.items():
        out: list[str] = []
        if path == ROOT_FILE:
            out.append("# Synthetic architecture written by benchmarks/generate.py.\n")
            emit_mapping(architecture.header, "", out)
        for file in files:
            emit_mapping({file.layer: file.elements}, "", out)
        target = outdir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes("".join(out).encode("utf-8"))
    return len(by_path)


# ---------------------------------------------------------------------------
# Command line


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "size", type=int, metavar="N", help="elements to write; with --mutate-from, those in DIR"
    )
    parser.add_argument("outdir", type=Path, metavar="OUTDIR", help="a new or empty directory")
    parser.add_argument(
        "--files", type=int, metavar="K", help="element files to write (default: max(4, N // 500))"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument(
        "--single-file", action="store_true", help="put every element into architecture.yaml"
    )
    parser.add_argument(
        "--mutate-from", type=Path, metavar="DIR", help="write a changed version of DIR instead"
    )
    parser.add_argument(
        "--change-fraction",
        type=float,
        metavar="F",
        help="share of the elements to change, with --mutate-from (default: 0.05)",
    )
    args = parser.parse_args(argv)
    if args.mutate_from is None:
        if args.change_fraction is not None:
            parser.error("--change-fraction needs --mutate-from")
        if args.size < MIN_SIZE:
            parser.error(f"N must be at least {MIN_SIZE}")
        if args.files is None:
            args.files = max(len(LAYERS), args.size // 500)
        if not len(LAYERS) <= args.files <= args.size:
            parser.error(f"--files must be between {len(LAYERS)} (one per layer) and N")
    else:
        if args.files is not None or args.single_file:
            parser.error("--files and --single-file cannot be used with --mutate-from")
        if args.change_fraction is None:
            args.change_fraction = 0.05
        if not 0 < args.change_fraction <= 1:
            parser.error("--change-fraction must be in (0, 1]")
    if args.outdir.exists() and (not args.outdir.is_dir() or any(args.outdir.iterdir())):
        parser.error(f"{args.outdir} exists and is not an empty directory")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    # The model holds no reference cycles worth collecting, and the cyclic collector
    # would otherwise take most of the time of building and loading large models.
    gc.disable()
    started = time.perf_counter()
    if args.mutate_from is not None:
        architecture = load_architecture(args.mutate_from)
        if architecture.size() != args.size:
            count = architecture.size()
            message = f"{args.mutate_from} has {count} elements, not {args.size}"
            print(f"generate.py: {message}", file=sys.stderr)
            return 2
        done = mutate_architecture(architecture, args.change_fraction, args.seed)
        summary = ", ".join(f"{count} {sort}" for sort, count in done.items())
        print(f"changes: {summary}", file=sys.stderr)
    else:
        architecture = generate_architecture(args.size, args.files, args.single_file, args.seed)
    file_count = write_architecture(architecture, args.outdir)
    elapsed = time.perf_counter() - started
    print(
        f"wrote {architecture.size()} elements in {file_count} files to {args.outdir} "
        f"in {elapsed:.2f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
