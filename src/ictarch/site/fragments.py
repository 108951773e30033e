"""Pieces of HTML every page repeats thousands of times, made in Python, escaped here.

A link to an element (its name and id) appears in lists of dependents,
impacts and single points of failure: at 10,000 elements, close to a million
times. A Jinja2 macro call costs about 100 µs; building the link once per
element and page depth, and lists by joining those, makes the pages ten times
faster. Every piece of the user's text goes through :func:`markupsafe.escape`
here, exactly as the templates' autoescaping would do.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ictarch.i18n import _
from ictarch.site.content import SiteContent


class Fragments:
    """Links and lists of elements for one site; ``root`` is a page's way back to the root."""

    def __init__(self, content: SiteContent) -> None:
        self.content = content
        self._links: dict[tuple[str, str], Markup] = {}

    def link(self, element_id: str, root: str) -> Markup:
        """``<a href=…>name</a> <code>id</code>``; the id alone, said to be undefined, for
        an id that names no element."""
        key = (element_id, root)
        found = self._links.get(key)
        if found is None:
            page = self.content.element_page(element_id)
            code = f"<code>{escape(element_id)}</code>"
            if page is None:
                missing = escape(_("(not defined)"))
                found = Markup(f'{code} <span class="missing">{missing}</span>')
            else:
                name = escape(self.content.architecture.elements[element_id].name)
                found = Markup(f'<a href="{escape(root + page)}">{name}</a> {code}')
            self._links[key] = found
        return found

    def element_list(self, element_ids: Sequence[str], root: str, limit: int) -> Markup:
        """A ``<ul>`` of links to at most ``limit`` elements, and how many more there are."""
        items = "\n".join(
            f"<li>{self.link(element_id, root)}</li>" for element_id in element_ids[:limit]
        )
        html = f'<ul class="elements">\n{items}\n</ul>\n'
        if len(element_ids) > limit:
            more = _("… and {count} more (the first {shown} are listed).").format(
                count=len(element_ids) - limit, shown=limit
            )
            html += f'<p class="more">{escape(more)}</p>\n'
        return Markup(html)

    def by_layer(self, element_ids: Sequence[str], root: str, limit: int, level: int) -> Markup:
        """Element lists under one heading (``<h{level}>``) per layer, top layer first."""
        parts = []
        for layer, members in self.content.by_layer(element_ids):
            name = escape(self.content.layer_name(layer) if layer else _("(unknown layer)"))
            heading = f'<h{level}>{name} <span class="count">({len(members)})</span></h{level}>'
            parts.append(f"{heading}\n{self.element_list(members, root, limit)}")
        return Markup("".join(parts))
