"""``ictarch site``: a static, offline HTML report of an architecture.

Data flows architecture + findings -> :class:`~ictarch.site.content.SiteContent`
-> pages -> files -> a directory:

- :mod:`~ictarch.site.content`: everything the pages show, computed once
  (dependents, failure impacts, single points of failure, findings per
  element, views and their elements, owners); no HTML;
- :mod:`~ictarch.site.diagrams`: the views as SVG through the render pipeline,
  with nodes linking to element pages;
- :mod:`~ictarch.site.search`: the diacritic-insensitive search index;
- :mod:`~ictarch.site.pages`: the pages, from Jinja2 templates with
  autoescaping (``templates/``), and the static assets (``assets/``);
- :mod:`~ictarch.site.writer`: writing the site into its directory at once
  (built aside, then swapped in) and comparing it with what is there
  (``--check``).

Every link is relative, no page asks for anything outside the site (no CDN, no
web font), and the same architecture gives the same bytes unless a stamp is
asked for. Nothing here prints or imports the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

from ictarch.errors import IctarchError


class SiteError(IctarchError):
    """The site cannot be built or written where asked (exit 2, with a hint)."""


@dataclass(frozen=True, slots=True)
class SiteFile:
    """One file of the site: its path relative to the site's root (``/``-separated)."""

    path: str
    content: bytes


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """What the command line chooses about a site."""

    title: str | None = None
    stamp: str | None = None  # a generation time to print in every footer, or None
