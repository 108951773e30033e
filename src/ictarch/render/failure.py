"""The drawing of a failure (``ictarch impact --render``).

It shows the failed elements in red, what goes down with them in orange, and
what loses an alternative but stays up in yellow, together with the surviving
alternatives that keep those up, drawn like any view (layers, families,
``any of`` junctions) so that the chain of failures reads top to bottom.
"""

from __future__ import annotations

from dataclasses import replace

from ictarch.findings import Location
from ictarch.graph.dependency_graph import build_dependency_graph
from ictarch.graph.resilience import FailureResult
from ictarch.model.architecture import Architecture, View
from ictarch.render.build import build_diagram
from ictarch.render.diagram import Diagram


def failure_diagram(architecture: Architecture, result: FailureResult) -> Diagram:
    """The diagram of a simulated failure: failed, affected, degraded and what saves them."""
    highlight = dict.fromkeys(result.degraded, "degraded")
    highlight.update(dict.fromkeys(result.affected, "affected"))
    highlight.update(dict.fromkeys(result.failed, "failed"))
    shown = set(highlight)
    for survivors in result.degraded.values():
        shown.update(survivors)
    failed = ", ".join(result.failed)
    view = View(
        id="impact",
        location=Location(architecture.root_file),
        title=f"Impact of the failure of {failed}",
        description=(
            f"{len(result.affected)} element(s) go down with it, {len(result.degraded)} "
            "lose an alternative but stay up."
        ),
        elements=tuple(sorted(e for e in shown if e in architecture.elements)),
    )
    diagram = build_diagram(architecture, build_dependency_graph(architecture), view)
    nodes = tuple(
        replace(node, highlight=highlight.get(node.element)) if node.element else node
        for node in diagram.nodes
    )
    return replace(diagram, nodes=nodes)
