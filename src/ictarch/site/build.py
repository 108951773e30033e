"""Building a site: the views drawn, the content computed, the pages rendered."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.findings import Finding, Suppressed
from ictarch.model.architecture import Architecture
from ictarch.model.lifecycle import CURRENT, State
from ictarch.site import SiteFile, SiteSettings
from ictarch.site.content import build_content, element_pages
from ictarch.site.diagrams import draw_views
from ictarch.site.pages import render_pages


def build_site(
    architecture: Architecture,
    findings: list[Finding],
    settings: SiteSettings,
    waived: list[Suppressed] | None = None,
    state: State = CURRENT,
) -> Iterator[SiteFile]:
    """Every file of the site of ``architecture``, made as they are consumed; the same
    input gives the same files. Raises SiteError (e.g. Graphviz ``dot`` missing) before
    the first file. ``waived`` are the findings accepted by waivers, shown apart.

    In a ``state`` other than the current one, the views are drawn as
    ``ictarch render --state`` draws them (each element with the status the state
    gives it) and the failure analysis answers for that state; the element pages
    show the fields as written."""
    drawn = draw_views(architecture.snapshot(state), element_pages(architecture))
    content = build_content(architecture, findings, drawn, settings.title, waived, state)
    return render_pages(content, settings)
