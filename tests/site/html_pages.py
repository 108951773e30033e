"""Reading generated pages back: their tags, links, ids and text, with the standard parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

LINK_ATTRIBUTES = ("href", "src", "action", "xlink:href", "data")


@dataclass
class Page:
    path: str
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    text: list[str] = field(default_factory=list)
    title: str = ""
    headings: list[int] = field(default_factory=list)

    @property
    def plain_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def tags_named(self, name: str) -> list[dict[str, str | None]]:
        return [attributes for tag, attributes in self.tags if tag == name]


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_title = False
        self.svg_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.page.tags.append((tag, attributes))
        if attributes.get("id"):
            self.page.ids.add(str(attributes["id"]))
        for name in LINK_ATTRIBUTES:
            value = attributes.get(name)
            if value is not None:
                self.page.links.append((tag, value))
        if tag == "svg":
            self.svg_depth += 1
        if tag == "title" and self.svg_depth == 0:
            self.in_title = True
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.page.headings.append(int(tag[1]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "svg":
            self.svg_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page.title += data
        self.page.text.append(data)


def parse_page(site: Path, path: str) -> Page:
    page = Page(path)
    parser = _Parser(page)
    parser.feed((site / path).read_text(encoding="utf-8"))
    parser.close()
    return page


def every_page(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
