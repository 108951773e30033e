"""Building a site: the views drawn, the content computed, the pages rendered."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.findings import Finding, Suppressed
from ictarch.model.architecture import Architecture
from ictarch.site import SiteFile, SiteSettings
from ictarch.site.content import build_content, element_pages
from ictarch.site.diagrams import draw_views
from ictarch.site.pages import render_pages


def build_site(
    architecture: Architecture,
    findings: list[Finding],
    settings: SiteSettings,
    waived: list[Suppressed] | None = None,
) -> Iterator[SiteFile]:
    """Every file of the site of ``architecture``, made as they are consumed; the same
    input gives the same files. Raises SiteError (e.g. Graphviz ``dot`` missing) before
    the first file. ``waived`` are the findings accepted by waivers, shown apart."""
    drawn = draw_views(architecture, element_pages(architecture))
    content = build_content(architecture, findings, drawn, settings.title, waived)
    return render_pages(content, settings)
