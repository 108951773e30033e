"""The pages of a site, from Jinja2 templates with autoescaping on.

Every value a template prints is escaped unless it is :class:`markupsafe.Markup`;
the one piece of markup that does not come from a template is the SVG of a
view, written and escaped by Graphviz ``dot`` (see
:mod:`ictarch.site.diagrams`). Translated texts are plain strings too, escaped
like names: a translation cannot inject markup.

Pages live at the root (``index.html``, lists) or one folder down
(``elements/``, ``views/``); each page gets ``root``, the relative way back to
the root, and every link is relative, so the site works from ``file://`` and
under any path of a web server. Long lists are paginated (``PAGE_SIZE`` rows
a page) or, on element pages, cut at ``LIST_LIMIT`` with the total said.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ictarch import __version__
from ictarch.i18n import N_, _, current_language, ngettext
from ictarch.model.architecture import AnyOf, Dependency, Element
from ictarch.site import SiteFile, SiteSettings
from ictarch.site.content import SiteContent, page_name
from ictarch.site.fragments import Fragments
from ictarch.site.search import INDEX_FILE, search_index

if TYPE_CHECKING:
    import jinja2

    from ictarch.findings import Finding
    from ictarch.frameworks.conformance import Connection

PAGE_SIZE = 500
LIST_LIMIT = 100
OWNERS_ON_INDEX = 15
TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
ASSET_FILES = ("site.css", "site.js")
_T = TypeVar("_T")
CodeRow = tuple[str, str, str, int, str]
"""A row of the findings summary: code, rule name, summary, count, where its list starts."""

# (key, page, label) of the navigation bar; labels are translated when a page is made
_NAVIGATION = (
    ("index", "index.html", N_("Overview")),
    ("views", "views.html", N_("Views")),
    ("elements", "elements.html", N_("Element list")),
    ("findings", "findings.html", N_("Findings")),
    ("owners", "owners.html", N_("Owners")),
    ("conformance", "conformance.html", N_("Conformance")),
    ("search", "search.html", N_("Search")),
)


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page is among the pages of a list: its number, and every page's file."""

    number: int
    pages: tuple[tuple[int, str], ...]

    @property
    def count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True, slots=True)
class BlockRow:
    """A block an element implements, as one framework version's coverage sees it."""

    anchor: str
    name: str
    framework: str
    status: str
    status_text: str
    mandatory: bool
    connections: tuple[Connection, ...]


@dataclass(frozen=True, slots=True)
class DependencyEntry:
    """One line of "depends on": a plain dependency, or an any_of group."""

    dependency: Dependency | None = None
    group: tuple[Dependency, ...] = ()
    description: str | None = None


def paged_file(stem: str, number: int) -> str:
    """``elements.html``, ``elements-2.html``, ...: the file of page ``number`` of a list."""
    return f"{stem}.html" if number == 1 else f"{stem}-{number}.html"


def _chunks(items: Sequence[_T], size: int) -> list[Sequence[_T]]:
    return [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]


def _environment() -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    environment.globals.update(_=_, ngettext=ngettext, status_label=_status_label)
    return environment


class _PageMaker:
    """Renders the pages of one site; holds what every page shares."""

    def __init__(self, content: SiteContent, settings: SiteSettings) -> None:
        self.content = content
        self.environment = _environment()
        self.environment.globals.update(
            site=content,
            lang=current_language(),
            version=__version__,
            stamp=settings.stamp,
            navigation=[
                (key, page, _(label))
                for key, page, label in _NAVIGATION
                if key != "conformance" or content.conformance is not None
            ],
        )
        fragments = Fragments(content)
        self.environment.globals.update(
            link=fragments.link, element_list=fragments.element_list, by_layer=fragments.by_layer
        )
        self.templates: dict[str, jinja2.Template] = {}

    def page(self, path: str, template: str, section: str, **values: Any) -> SiteFile:
        loaded = self.templates.get(template)
        if loaded is None:
            loaded = self.templates[template] = self.environment.get_template(template)
        root = "../" * path.count("/")
        text = loaded.render(root=root, section=section, **values)
        return SiteFile(path, text.encode("utf-8"))

    # -- the pages ----------------------------------------------------------

    def files(self) -> Iterator[SiteFile]:
        layer_pages, element_list = self.element_list_pages()
        yield from element_list
        code_pages, findings = self.findings_pages()
        yield from findings
        yield self.index(layer_pages, code_pages)
        yield self.owners()
        if self.content.conformance is not None:
            yield self.conformance()
        yield self.page("views.html", "views.html", "views")
        yield self.page("search.html", "search.html", "search")
        yield SiteFile(INDEX_FILE, search_index(self.content).encode("utf-8"))
        yield from self.views()
        yield from self.elements(layer_pages)
        for name in ASSET_FILES:
            yield SiteFile(f"assets/{name}", (ASSETS / name).read_bytes())

    def index(self, layer_pages: dict[str, str], code_pages: list[CodeRow]) -> SiteFile:
        content = self.content
        architecture = content.architecture
        metadata = []
        for key in sorted(architecture.metadata):
            if key in ("name", "owner", "description"):
                continue
            value = architecture.metadata[key]
            metadata.append((key, value if isinstance(value, str) else _as_text(value)))
        description = architecture.metadata.get("description")
        owners = content.counts_by_owner()
        shown, rest = owners[:OWNERS_ON_INDEX], owners[OWNERS_ON_INDEX:]
        overview = next((v for v in content.views if v.id == "overview"), None)
        return self.page(
            "index.html",
            "index.html",
            "index",
            metadata=metadata,
            metadata_description=description if isinstance(description, str) else None,
            overview=overview or (content.views[0] if content.views else None),
            layer_pages=layer_pages,
            owners=shown,
            other_owners=(len(rest), sum(count for _, count in rest)) if rest else None,
            findings_by_code=code_pages,
            conformance=self.conformance_summary(),
        )

    def conformance_summary(self) -> list[tuple[str, str, str, str]]:
        """(framework label, verdict, the one-line summary, anchor) per framework version."""
        from ictarch.reporters.conformance import summary_line

        conformance = self.content.conformance
        if conformance is None:
            return []
        return [
            (
                coverage.selection.label,
                coverage.verdict.value,
                summary_line(coverage),
                f"framework-{number}",
            )
            for number, coverage in enumerate(conformance.coverages, 1)
        ]

    def conformance(self) -> SiteFile:
        from ictarch.reporters.conformance import (
            STATUS_TEXT,
            VERDICT_TEXT,
            block_notes,
            summary_line,
            to_confirm_text,
        )
        from ictarch.site.content import block_anchor

        conformance = self.content.conformance
        assert conformance is not None
        frameworks = []
        for number, coverage in enumerate(conformance.coverages):
            selection = coverage.selection
            version = selection.version
            how = {
                "conforms_to": _("declared in conforms_to"),
                "released": _("not declared: the version in force at the architecture's date"),
                "latest": _("not declared: the latest version"),
                "nearest": _("not declared: no version was in force at the architecture's date"),
                "requested": _("chosen with --framework"),
                "at": _("not declared: the version in force at the date given with --at"),
            }.get(selection.how, selection.how)
            period = (
                _("in force {start} to {end}").format(
                    start=version.valid_from, end=version.valid_to
                )
                if version.valid_to
                else _("in force from {start}").format(start=version.valid_from)
            )
            rows = [
                (
                    block_anchor(number, row.block.id),
                    row,
                    _(STATUS_TEXT[row.status]),
                    [element.id for element in row.elements],
                    [element.id for element in row.fitting],
                    block_notes(coverage, row),
                )
                for row in coverage.blocks
            ]
            frameworks.append(
                {
                    "anchor": f"framework-{number + 1}",
                    "coverage": coverage,
                    "names": selection.catalogue.names.both(),
                    "details": [
                        part
                        for part in (
                            version.instrument or "",
                            period,
                            *selection.notes,
                            coverage.state.describe(),
                            *coverage.notes,
                        )
                        if part
                    ],
                    "evaluated": _("evaluated at {date}; {how}").format(
                        date=selection.moment.day, how=how
                    ),
                    "verdict": _(VERDICT_TEXT[coverage.verdict]),
                    "summary": summary_line(coverage),
                    "rows": rows,
                    "missing": coverage.missing_connections,
                    "to_confirm": [
                        (c, to_confirm_text(coverage, c.confidence, c.sources))
                        for c in coverage.connections_to_confirm
                    ],
                }
            )
        return self.page(
            "conformance.html", "conformance.html", "conformance", frameworks=frameworks
        )

    def element_list_pages(self) -> tuple[dict[str, str], Iterator[SiteFile]]:
        """Where each layer starts in the element list (page and anchor), and its pages."""
        architecture = self.content.architecture
        rank = architecture.layer_rank
        ordered = sorted(
            architecture.elements.values(), key=lambda e: (rank.get(e.layer, len(rank)), e.id)
        )
        chunks = _chunks(ordered, PAGE_SIZE)
        pages = tuple((n, paged_file("elements", n)) for n in range(1, len(chunks) + 1))
        layer_pages: dict[str, str] = {}
        counts: dict[str, int] = defaultdict(int)
        for number, chunk in enumerate(chunks, 1):
            for element in chunk:
                counts[element.layer] += 1
                anchor = f"layer-{page_name(element.layer)}"
                layer_pages.setdefault(element.layer, f"{paged_file('elements', number)}#{anchor}")
        for layer in architecture.layers:
            layer_pages.setdefault(layer.id, "elements.html")
        layers = [
            (layer.id, counts.get(layer.id, 0), layer_pages[layer.id])
            for layer in architecture.layers
        ]

        def render() -> Iterator[SiteFile]:
            started: set[str] = set()
            for number, chunk in enumerate(chunks, 1):
                groups = []
                by_layer: dict[str, list[Element]] = defaultdict(list)
                for element in chunk:
                    by_layer[element.layer].append(element)
                for layer_id, members in by_layer.items():
                    anchor = f"layer-{page_name(layer_id)}"
                    groups.append((layer_id, members, anchor, layer_id in started))
                    started.add(layer_id)
                yield self.page(
                    paged_file("elements", number),
                    "elements.html",
                    "elements",
                    pager=Pager(number, pages),
                    layers=layers,
                    groups=groups,
                    total=len(ordered),
                )

        return layer_pages, render()

    def findings_pages(self) -> tuple[list[CodeRow], Iterator[SiteFile]]:
        """The summary rows by code (with the page where each starts), and the pages."""
        from ictarch.rules import ALL_RULES

        findings = sorted(self.content.findings, key=lambda f: (f.file, f.code, f.line, f.column))
        files = sorted({finding.file for finding in findings})
        file_number = {file: n for n, file in enumerate(files, 1)}
        chunks = _chunks(findings, PAGE_SIZE)
        pages = tuple((n, paged_file("findings", n)) for n in range(1, len(chunks) + 1))
        first_of_file: dict[str, str] = {}
        first_of_code: dict[str, str] = {}
        code_counts: dict[str, int] = defaultdict(int)
        file_counts: dict[str, int] = defaultdict(int)
        paged: list[list[tuple[str, str, list[tuple[str, str, str, list[Finding]]]]]] = []
        for number, chunk in enumerate(chunks, 1):
            groups: dict[str, dict[str, list[Finding]]] = {}
            for finding in chunk:
                groups.setdefault(finding.file, {}).setdefault(finding.code, []).append(finding)
                code_counts[finding.code] += 1
                file_counts[finding.file] += 1
            page_groups = []
            for file, codes in groups.items():
                file_anchor = f"file-{file_number[file]}"
                first_of_file.setdefault(file, f"{paged_file('findings', number)}#{file_anchor}")
                code_groups = []
                for code, items in codes.items():
                    anchor = f"{file_anchor}-{code}"
                    first_of_code.setdefault(code, f"{paged_file('findings', number)}#{anchor}")
                    rule = ALL_RULES.get(code)
                    code_groups.append((code, anchor, rule.name if rule else "", items))
                page_groups.append((file, file_anchor, code_groups))
            paged.append(page_groups)
        summary: list[CodeRow] = []
        for code in sorted(code_counts):
            rule = ALL_RULES.get(code)
            summary.append(
                (
                    code,
                    rule.name if rule else "",
                    _(rule.summary) if rule else "",
                    code_counts[code],
                    first_of_code[code],
                )
            )
        file_rows = [(file, file_counts[file], first_of_file[file]) for file in files]

        def render() -> Iterator[SiteFile]:
            for number, page_groups in enumerate(paged, 1):
                yield self.page(
                    paged_file("findings", number),
                    "findings.html",
                    "findings",
                    pager=Pager(number, pages),
                    groups=page_groups,
                    files=file_rows,
                    findings_by_code=summary,
                    waived=self.content.waived[:PAGE_SIZE] if number == 1 else [],
                    waived_total=len(self.content.waived),
                )

        return summary, render()

    def owners(self) -> SiteFile:
        organisations = [
            (organisation, f"org-{page_name(organisation)}")
            for organisation in self.content.organisations()
        ]
        return self.page(
            "owners.html", "owners.html", "owners", organisations=organisations, limit=LIST_LIMIT
        )

    def views(self) -> Iterator[SiteFile]:
        from markupsafe import Markup

        from ictarch.site.diagrams import inline_svg

        for entry in self.content.views:
            label = _("Diagram: {title}").format(title=entry.diagram.title)
            yield self.page(
                entry.page,
                "view.html",
                "views",
                entry=entry,
                svg=Markup(inline_svg(entry.svg, label)),  # escaped by dot, see diagrams.py
                members=sorted(entry.members),
                limit=LIST_LIMIT,
            )
            yield SiteFile(entry.image, entry.svg.encode("utf-8"))

    def elements(self, layer_pages: dict[str, str]) -> Iterator[SiteFile]:
        content = self.content
        views_by_id = {entry.id: entry for entry in content.views}
        for element_id, page in content.element_pages.items():
            element = content.architecture.elements[element_id]
            yield self.page(
                page,
                "element.html",
                "elements",
                element=element,
                layer_page=layer_pages.get(element.layer, "elements.html"),
                extensions=[
                    (key, _as_text(element.extensions[key])) for key in sorted(element.extensions)
                ],
                links=content.links_of(element),
                sources=content.sources_of(element),
                blocks=self.blocks_of(element),
                dependencies=[_dependency_entry(entry) for entry in element.depends_on],
                dependents=content.dependents.get(element_id, []),
                impact=content.impact_of(element_id),
                absent=element_id in content.absent,
                single_points=content.single_points.get(element_id, []),
                findings=content.findings_by_element.get(element_id, []),
                waived=content.waived_by_element.get(element_id, []),
                owned=content.owned.get(element_id, []),
                operated=content.operated.get(element_id, []),
                views=[views_by_id[v] for v in content.views_by_element.get(element_id, [])],
                limit=LIST_LIMIT,
            )

    def blocks_of(self, element: Element) -> list[tuple[str, list[BlockRow]]]:
        """Every block the element implements, with its rows in the coverages."""
        from ictarch.reporters.conformance import STATUS_TEXT
        from ictarch.site.content import block_anchor

        conformance = self.content.conformance
        if conformance is None:
            return [(block_id, []) for block_id in element.implements]
        found: dict[str, list[BlockRow]] = {}
        for number, row in conformance.blocks_of.get(element.id, []):
            coverage = conformance.coverages[number]
            found.setdefault(row.block.id, []).append(
                BlockRow(
                    block_anchor(number, row.block.id),
                    row.block.names.both(),
                    coverage.selection.label,
                    row.status.value,
                    _(STATUS_TEXT[row.status]),
                    row.mandatory,
                    tuple(conformance.connections_of.get((element.id, row.block.id), ())),
                )
            )
        return [(block_id, found.get(block_id, [])) for block_id in element.implements]


def _dependency_entry(entry: Dependency | AnyOf) -> DependencyEntry:
    if isinstance(entry, AnyOf):
        return DependencyEntry(group=entry.alternatives, description=entry.description)
    return DependencyEntry(dependency=entry)


def _as_text(value: object) -> str:
    """A value of the user's YAML (an extension, a metadata field) as one line of text."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def render_pages(content: SiteContent, settings: SiteSettings) -> Iterator[SiteFile]:
    """Every file of the site, made one after another (the pages are not kept)."""
    return _PageMaker(content, settings).files()


def _status_label(status: str) -> str:
    """A lifecycle status as a person reads it, in the chosen language."""
    from ictarch.model.lifecycle import STATUS_LABELS

    label = STATUS_LABELS.get(status)
    return _(label) if label is not None else status
