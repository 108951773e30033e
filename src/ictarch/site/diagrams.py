"""The views of a site as SVG, drawn by the render pipeline with nodes that link to pages.

Each view is selected and built exactly as ``ictarch render`` does (same
aggregation over the node budget, same styles), then written as DOT with an
``href`` on every element node and drawn by Graphviz ``dot``. The SVG goes
into the view's page inline (so its links work) and next to it as a file (the
full-size link). ``dot`` escapes every label, tooltip and attribute it writes
into SVG, so names are text there; the comments it adds are dropped.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ictarch.model.architecture import Architecture, View
from ictarch.render import DotNotFound, RenderError, RenderSettings
from ictarch.render.diagram import Diagram
from ictarch.site import SiteError

_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
INSTALL_DOT = (
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; "
    "Windows: winget install graphviz)"
)


@dataclass(frozen=True, slots=True)
class DrawnView:
    """A view, its diagram, the elements it selects and its SVG."""

    view: View
    diagram: Diagram
    members: frozenset[str]
    svg: str  # the whole SVG document from dot, for the full-size file


def draw_views(architecture: Architecture, element_pages: dict[str, str]) -> list[DrawnView]:
    """Every view of the architecture (declared, or the default ones), drawn.

    ``element_pages`` maps element ids to their pages relative to the site
    root; views live one folder down, so their links start with ``../``.
    Raises SiteError when ``dot`` is missing or fails.
    """
    from ictarch.graph.dependency_graph import build_dependency_graph
    from ictarch.render.build import build_diagram
    from ictarch.render.dot import diagram_to_dot, render_with_dot
    from ictarch.render.views import resolve_views, select_elements

    try:
        settings = RenderSettings.from_architecture(architecture)
    except RenderError as error:
        raise SiteError(str(error)) from error
    views: list[View] = []
    seen: set[str] = set()
    for view in resolve_views(architecture):
        if view.id not in seen:  # a duplicate view id is a validation error; keep the first
            seen.add(view.id)
            views.append(view)
    if views and shutil.which("dot") is None:
        raise SiteError(str(DotNotFound(("svg",))), hint=INSTALL_DOT)
    graph = build_dependency_graph(architecture)
    links = {element_id: f"../{page}" for element_id, page in element_pages.items()}
    planned = [
        (view, build_diagram(architecture, graph, view), frozenset(select_elements(graph, view)))
        for view in views
    ]

    def draw(item: tuple[View, Diagram, frozenset[str]]) -> DrawnView:
        view, diagram, members = item
        try:
            svg = render_with_dot(diagram_to_dot(diagram, settings, links), "svg")
        except RenderError as error:
            raise SiteError(f"view {view.id!r}: {error}", hint=INSTALL_DOT) from error
        return DrawnView(view, diagram, members, svg.decode("utf-8"))

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return list(pool.map(draw, planned))


def inline_svg(svg: str, label: str) -> str:
    """The SVG from ``dot`` ready to go inside an HTML page.

    The XML prologue and ``dot``'s comments are dropped; the root element gets
    a class and an accessible name (``label``, escaped here).
    """
    start = svg.find("<svg")
    if start < 0:
        raise SiteError("dot wrote no SVG")
    body = _COMMENT.sub("", svg[start:])
    return body.replace(
        "<svg", f'<svg class="diagram-svg" aria-label="{html.escape(label, quote=True)}"', 1
    ).rstrip()
