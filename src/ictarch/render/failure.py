"""The drawing of a failure (``ictarch impact --render``).

It shows the failed elements in red, what goes down with them in orange, and
what loses an alternative or an optional dependency but stays up in yellow,
together with the surviving alternatives that keep those up, drawn like any view (layers, families,
``any of`` junctions) so that the chain of failures reads top to bottom.
"""

from __future__ import annotations

from dataclasses import replace

from ictarch.findings import Location
from ictarch.graph.dependency_graph import build_dependency_graph
from ictarch.graph.resilience import FailureResult
from ictarch.i18n import _, ngettext
from ictarch.model.architecture import Architecture, View
from ictarch.render.build import build_diagram
from ictarch.render.diagram import Diagram


def failure_diagram(architecture: Architecture, result: FailureResult) -> Diagram:
    """The diagram of a simulated failure: failed, affected, degraded and what saves them."""
    highlight = dict.fromkeys(result.degraded_elements(), "degraded")
    highlight.update(dict.fromkeys(result.affected, "affected"))
    highlight.update(dict.fromkeys(result.failed, "failed"))
    shown = set(highlight)
    for survivors in result.degraded.values():
        shown.update(survivors)
    failed = ", ".join(result.failed)
    view = View(
        id="impact",
        location=Location(architecture.root_file),
        title=_("Impact of the failure of {failed}").format(failed=failed),
        description=ngettext(
            "{down} element goes down with it, {degraded} lose an alternative or an optional "
            "dependency but stay up.",
            "{down} elements go down with it, {degraded} lose an alternative or an optional "
            "dependency but stay up.",
            len(result.affected),
        ).format(down=len(result.affected), degraded=len(result.degraded_elements())),
        elements=tuple(sorted(e for e in shown if e in architecture.elements)),
    )
    diagram = build_diagram(architecture, build_dependency_graph(architecture), view)
    nodes = tuple(
        replace(node, highlight=highlight.get(node.element)) if node.element else node
        for node in diagram.nodes
    )
    return replace(diagram, nodes=nodes)
