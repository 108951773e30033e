"""What a planner asks of an architecture: single points of failure, hot spots, reuse.

The targets of the analysis are what citizens and officials feel: the elements
of the top two layers (agencies and services by default).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TypedDict

from ictarch.graph.resilience import SinglePointsOfFailure
from ictarch.model.architecture import Architecture
from ictarch.model.lifecycle import CURRENT, State

HOT_SPOTS = 10


class BlastRadius(TypedDict):
    """An element whose single failure brings agencies or services down."""

    id: str
    name: str
    layer: str
    brings_down: int


class Ranked(TypedDict):
    id: str
    count: int


class Depth(TypedDict):
    steps: int
    chain: list[str]


class PlatformReuse(TypedDict):
    id: str
    services: int


class Metrics(TypedDict):
    elements: int
    relations: int
    by_layer: dict[str, int]
    by_kind: dict[str, int]
    by_status: dict[str, int]
    by_owner: dict[str, int]
    fan_in: list[Ranked]
    fan_out: list[Ranked]
    depth: Depth
    unowned: list[str]
    platform_reuse: list[PlatformReuse]


@dataclass(slots=True)
class Analysis:
    spof: dict[str, list[str]]
    blast_radius: list[BlastRadius]
    metrics: Metrics
    state: State = CURRENT
    absent: tuple[str, ...] = ()  # the elements that do not work in the state, left out


def target_layers(architecture: Architecture) -> tuple[str, ...]:
    return tuple(layer.id for layer in architecture.layers[:2])


def analyze(architecture: Architecture, state: State = CURRENT) -> Analysis:
    """The analysis of ``architecture`` in ``state``: only the elements that work there."""
    whole = architecture
    architecture = architecture.in_state(state)
    absent = tuple(sorted(set(whole.elements) - set(architecture.elements)))
    spofs = SinglePointsOfFailure(architecture)
    layers = target_layers(architecture)
    targets = sorted(e.id for e in architecture.elements.values() if e.layer in layers)
    spof = {target: spofs.points_of_failure(target) for target in targets}
    brought_down = spofs.blast_radius(targets)
    elements = architecture.elements
    blast_radius = [
        BlastRadius(
            id=culprit,
            name=elements[culprit].name,
            layer=elements[culprit].layer,
            brings_down=len(victims),
        )
        for culprit, victims in sorted(brought_down.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    # statuses as the state makes them (at a date: by the elements' dates)
    metrics = compute_metrics(architecture.snapshot(state))
    return Analysis(spof, blast_radius, metrics, state, absent)


def _ranked(counter: Counter[str], limit: int | None = None) -> list[Ranked]:
    ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Ranked(id=key, count=count) for key, count in ordered[:limit]]


def compute_metrics(architecture: Architecture) -> Metrics:
    elements = architecture.elements
    fan_out: Counter[str] = Counter()
    fan_in: Counter[str] = Counter()
    for element in elements.values():
        targets = {t for t in element.dependency_targets() if t in elements}
        fan_out[element.id] = len(targets)
        for target in targets:
            fan_in[target] += 1
    top_layer = architecture.organisation_layer
    return {
        "elements": len(elements),
        "relations": architecture.relation_count(),
        "by_layer": {
            layer.id: sum(1 for e in elements.values() if e.layer == layer.id)
            for layer in architecture.layers
        },
        "by_kind": dict(sorted(Counter(e.kind or "(none)" for e in elements.values()).items())),
        "by_status": dict(sorted(Counter(e.status.value for e in elements.values()).items())),
        "by_owner": dict(
            sorted(
                Counter(e.owner for e in elements.values() if e.owner is not None).items(),
                key=lambda kv: (-kv[1], kv[0]),
            )
        ),
        "fan_in": _ranked(+fan_in, HOT_SPOTS),
        "fan_out": _ranked(+fan_out, HOT_SPOTS),
        "depth": dependency_depth(architecture),
        "unowned": sorted(
            e.id for e in elements.values() if e.owner is None and e.layer != top_layer
        ),
        "platform_reuse": platform_reuse(architecture),
    }


def dependency_depth(architecture: Architecture) -> Depth:
    """The longest dependency chain, counted in steps, and one chain that long.

    Cycles are collapsed: each cycle counts as one step.
    """
    adjacency = architecture.adjacency()
    components = architecture.components()
    component_of = {member: n for n, component in enumerate(components) for member in component}
    longest: dict[int, tuple[int, str | None]] = {}
    for number, component in enumerate(components):  # dependencies come first
        best: tuple[int, str | None] = (0, None)
        for member in sorted(component):
            for target in adjacency[member]:
                other = component_of[target]
                if other != number and longest[other][0] + 1 > best[0]:
                    best = (longest[other][0] + 1, target)
        longest[number] = best
    if not components:
        return {"steps": 0, "chain": []}
    start_component = min(
        range(len(components)), key=lambda n: (-longest[n][0], min(components[n]))
    )
    chain = [min(components[start_component])]
    while True:
        following = longest[component_of[chain[-1]]][1]
        if following is None:
            break
        chain.append(following)
    return {"steps": len(chain) - 1, "chain": chain}


def platform_reuse(architecture: Architecture) -> list[PlatformReuse]:
    """For each element of the third layer (platforms): how many services use it.

    "Use" is direct or through other platforms (transitive), counted over the
    elements of the second layer (services). Each element gets the set of
    services above it as a bitset over the services only, built from its
    dependents (dependents first: the components in reverse order); elements
    below the platform layer are skipped, so memory stays proportional to
    (services + platforms) x services bits.
    """
    if len(architecture.layers) < 3:
        return []
    service_layer, platform_layer = architecture.layers[1].id, architecture.layers[2].id
    elements = architecture.elements
    lowest_rank = architecture.layer_rank[platform_layer]
    services = sorted(e.id for e in elements.values() if e.layer == service_layer)
    service_bit = {service: 1 << n for n, service in enumerate(services)}
    dependents: dict[str, list[str]] = {}
    for source, targets in architecture.adjacency().items():
        for target in targets:
            dependents.setdefault(target, []).append(source)
    users: dict[str, int] = {}
    for component in reversed(architecture.components()):
        if architecture.layer_rank[elements[component[0]].layer] > lowest_rank:
            continue
        bits = 0
        for member in component:
            for dependent in dependents.get(member, ()):
                bits |= service_bit.get(dependent, 0) | users.get(dependent, 0)
        for member in component:
            users[member] = bits
    counts = {
        e.id: users.get(e.id, 0).bit_count() for e in elements.values() if e.layer == platform_layer
    }
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [PlatformReuse(id=platform, services=count) for platform, count in ordered]
