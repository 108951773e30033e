"""A link checker for a generated site: every internal link resolves, nothing leaves the site.

Internal links must be relative (no ``/...``, no ``//host``), resolve to a file
inside the site and, with a ``#fragment``, to an element with that id in the
target page. The only URLs with a scheme allowed are those given (the
architecture's own links and sources).
"""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from tests.site.html_pages import Page, every_page, parse_page

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def check_links(site: Path, allowed_external: set[str]) -> tuple[list[str], int]:
    """(problems, number of links checked) over every HTML page, SVG file and the search index."""
    pages = {path: parse_page(site, path) for path in every_page(site)}
    problems: list[str] = []
    checked = 0
    for path, page in pages.items():
        for tag, url in page.links:
            checked += 1
            problem = _check(site, path, url, pages, allowed_external)
            if problem:
                problems.append(f"{path}: <{tag}> {url!r}: {problem}")
    for svg in sorted(site.rglob("*.svg")):
        path = svg.relative_to(site).as_posix()
        for node in ElementTree.parse(svg).iter():
            url = node.get(XLINK_HREF) or node.get("href")
            if url is not None:
                checked += 1
                problem = _check(site, path, url, pages, allowed_external)
                if problem:
                    problems.append(f"{path}: {url!r}: {problem}")
    index = site / "search-index.js"
    if index.exists():
        text = index.read_text(encoding="ascii")
        rows = json.loads(text[text.index("=") + 1 : text.rindex(";")])
        for row in rows:
            checked += 1
            problem = _check(site, "search.html", row[3], pages, allowed_external)
            if problem:
                problems.append(f"search-index.js: {row[3]!r}: {problem}")
    return problems, checked


def _check(
    site: Path, page_path: str, url: str, pages: dict[str, Page], allowed: set[str]
) -> str | None:
    if not url:
        return "empty link"
    if _SCHEME.match(url):
        return None if url in allowed else "external URL that is not one of the architecture's"
    if url.startswith("/"):
        return "absolute path (breaks under a sub-path and on file://)"
    target, _, fragment = url.partition("#")
    target = target.split("?", 1)[0]
    if not target:
        resolved = page_path
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), target))
        if resolved.startswith("../") or resolved == "..":
            return "leaves the site"
        if not (site / resolved).is_file():
            return f"no file {resolved}"
    if fragment:
        if resolved not in pages:
            return f"fragment into {resolved}, which is not a page"
        if fragment not in pages[resolved].ids:
            return f"no id {fragment!r} in {resolved}"
    return None
