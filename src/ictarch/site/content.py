"""What the pages of a site show, computed once from the architecture and its findings.

Everything here is data (ids, counts, sorted lists); the pages turn it into
HTML. Derived facts come from the existing analyses: dependents from the
model, impacts and single points of failure from
:mod:`ictarch.graph.resilience` (read for every element at once through
:mod:`ictarch.graph.failure_index`), view selections and diagrams from
:mod:`ictarch.render`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ictarch.analysis import target_layers
from ictarch.findings import Finding, Severity, Suppressed
from ictarch.graph.failure_index import FailureIndex, SingleFailure, index_single_failures
from ictarch.graph.resilience import AnalysisTooLarge, SinglePointsOfFailure
from ictarch.model.architecture import AnyOf, Architecture, Element, View
from ictarch.model.lifecycle import CURRENT, State, Status

if TYPE_CHECKING:
    from ictarch.frameworks.conformance import BlockCoverage, Catalogues, Connection, Coverage
    from ictarch.render.diagram import Diagram
    from ictarch.site.diagrams import DrawnView

_FILE_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9.-]{0,99}")
_CLICKABLE_SCHEMES = ("http", "https", "mailto")
TOP_RISKS = 10


def page_name(item_id: str) -> str:
    """A file name (without extension) for an element or view id.

    Ids as the schema allows them (lower case, digits, ``-``, ``.``) are used as
    they are; anything else (an architecture with errors) gets ``_`` and a
    digest, which no valid id can start with, so two ids never share a page.
    """
    if _FILE_SAFE_ID.fullmatch(item_id) and not item_id.endswith("."):
        return item_id
    return "_" + hashlib.sha256(item_id.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def clickable_url(url: object) -> str | None:
    """``url`` when it is safe to make a link of: http(s) or mailto, nothing hidden in it.

    Anything else (``javascript:``, ``data:``, relative paths, text with spaces
    or control characters) is shown as text, never as a link.
    """
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or any(c.isspace() or unicodedata.category(c)[0] == "C" for c in text):
        return None
    scheme, colon, rest = text.partition(":")
    if not colon or scheme.lower() not in _CLICKABLE_SCHEMES:
        return None
    if scheme.lower() != "mailto" and not (rest.startswith("//") and len(rest) > 2):
        return None
    return text


@dataclass(frozen=True, slots=True)
class Link:
    """A link of an element: its URL, whether it may be clicked, and its title."""

    url: str
    title: str | None
    clickable: bool


def _link(entry: dict[str, str]) -> Link:
    url, title = entry.get("url"), entry.get("title")
    text = url if isinstance(url, str) else ""
    return Link(text, title if isinstance(title, str) else None, clickable_url(text) is not None)


@dataclass(frozen=True, slots=True)
class Dependent:
    """An element that needs another: plainly, as one of ``alternatives`` (any_of), or
    ``optional``ly (``required: false``: it is degraded without it)."""

    element: str
    alternatives: int = 0
    optional: bool = False


@dataclass(frozen=True, slots=True)
class ViewEntry:
    """A view with its diagram, the elements it selects, its page and its SVG file."""

    view: View
    diagram: Diagram
    members: frozenset[str]
    page: str
    image: str
    svg: str

    @property
    def id(self) -> str:
        return self.view.id


@dataclass(frozen=True, slots=True)
class Risk:
    """An element and a count: agencies and services it brings down, or its single points."""

    element: str
    count: int


@dataclass(slots=True)
class ConformanceContent:
    """The coverage of each framework version that applies (as ``ictarch conformance``
    chooses them without ``--framework``), and what concerns each element."""

    catalogues: Catalogues
    coverages: list[Coverage]
    # element id -> (coverage number, block row) of every block it implements
    blocks_of: dict[str, list[tuple[int, BlockCoverage]]] = field(default_factory=dict)
    # (element id, block id) -> the required connections of that element for that block
    connections_of: dict[tuple[str, str], list[Connection]] = field(default_factory=dict)


def build_conformance(architecture: Architecture) -> ConformanceContent:
    from ictarch.frameworks.conformance import (
        Reach,
        default_selections,
        evaluate,
        load_catalogues,
    )

    catalogues = load_catalogues(architecture)
    selections, _ = default_selections(architecture, catalogues)
    reach = Reach(architecture)
    coverages = [
        evaluate(architecture, selection, with_paths=True, reach=reach) for selection in selections
    ]
    result = ConformanceContent(catalogues, coverages)
    for number, coverage in enumerate(coverages):
        for row in coverage.blocks:
            for element in row.elements:
                result.blocks_of.setdefault(element.id, []).append((number, row))
            for connection in row.connections:
                key = (connection.element, connection.block)
                result.connections_of.setdefault(key, []).append(connection)
    return result


def block_anchor(coverage_number: int, block_id: str) -> str:
    return f"block-{coverage_number + 1}-{page_name(block_id)}"


@dataclass(slots=True)
class SiteContent:
    """Everything the pages of one site show."""

    architecture: Architecture
    findings: list[Finding]
    title: str
    views: list[ViewEntry]
    dependents: dict[str, list[Dependent]]
    single_points: dict[str, list[str]]
    failures: FailureIndex | None
    analysis_note: str | None
    blast_radius: list[Risk]
    exposed: list[Risk]
    findings_by_element: dict[str, list[Finding]]
    views_by_element: dict[str, list[str]]
    owned: dict[str, list[str]]
    operated: dict[str, list[str]]
    conformance: ConformanceContent | None = None
    waived: list[Suppressed] = field(default_factory=list)
    waived_by_element: dict[str, list[Suppressed]] = field(default_factory=dict)
    state: State = CURRENT
    absent: frozenset[str] = frozenset()  # elements that do not work in the state
    element_pages: dict[str, str] = field(default_factory=dict)

    # -- look-ups used by the templates --------------------------------------

    def element(self, element_id: str) -> Element | None:
        return self.architecture.elements.get(element_id)

    def element_page(self, element_id: str) -> str | None:
        """The page of an element, relative to the site root; None for an unknown id."""
        return self.element_pages.get(element_id)

    def layer_name(self, layer_id: str) -> str:
        for layer in self.architecture.layers:
            if layer.id == layer_id:
                return layer.name
        return layer_id

    def impact_of(self, element_id: str) -> SingleFailure | None:
        return None if self.failures is None else self.failures.impact_of(element_id)

    def links_of(self, element: Element) -> list[Link]:
        return [_link(entry) for entry in element.links]

    def sources_of(self, element: Element) -> list[tuple[Link, str | None]]:
        """The element's sources: each as a link (its URL may be missing) and its date."""
        found = []
        for entry in element.sources:
            date = entry.get("date")
            found.append((_link(entry), date if isinstance(date, str) else None))
        return found

    def by_layer(self, element_ids: Sequence[str]) -> list[tuple[str, list[str]]]:
        """``element_ids`` grouped by layer, layers top to bottom, ids sorted within."""
        groups: dict[str, list[str]] = defaultdict(list)
        elements = self.architecture.elements
        for element_id in element_ids:
            element = elements.get(element_id)
            groups[element.layer if element else ""].append(element_id)
        rank = self.architecture.layer_rank
        return [
            (layer, sorted(groups[layer]))
            for layer in sorted(groups, key=lambda layer: (rank.get(layer, len(rank)), layer))
        ]

    # -- counts for the index ------------------------------------------------

    def counts_by_layer(self) -> list[tuple[str, int]]:
        counts = Counter(element.layer for element in self.architecture.elements.values())
        return [(layer.id, counts[layer.id]) for layer in self.architecture.layers]

    def counts_by_status(self) -> list[tuple[str, int]]:
        """Elements per status as the site's state makes it (at a date: by their dates)."""
        snapshot = self.architecture.snapshot(self.state)
        counts = Counter(element.status for element in snapshot.elements.values())
        return [(status.value, counts[status]) for status in Status if counts[status]]

    def counts_by_owner(self) -> list[tuple[str | None, int]]:
        """Elements per owner, most first; None counts the elements without an owner
        outside the organisation layer."""
        top = self.architecture.organisation_layer
        counts: Counter[str | None] = Counter(
            element.owner
            for element in self.architecture.elements.values()
            if element.owner is not None or element.layer != top
        )
        return sorted(counts.items(), key=lambda item: (-item[1], item[0] or "\uffff"))

    def counts_by_severity(self) -> list[tuple[str, int]]:
        counts = Counter(finding.severity for finding in self.findings)
        return [(severity.value, counts[severity]) for severity in Severity]

    def organisations(self) -> list[str]:
        """Ids that own or operate something, sorted."""
        return sorted(set(self.owned) | set(self.operated))


def element_pages(architecture: Architecture) -> dict[str, str]:
    """The page of every element, relative to the site root."""
    return {
        element_id: f"elements/{page_name(element_id)}.html"
        for element_id in sorted(architecture.elements)
    }


def build_content(
    architecture: Architecture,
    findings: list[Finding],
    drawn: list[DrawnView],
    title: str | None = None,
    waived: list[Suppressed] | None = None,
    state: State = CURRENT,
) -> SiteContent:
    """The content of a site, with the views drawn by :func:`~ictarch.site.diagrams.draw_views`.

    The failure analysis answers for ``state``: it runs on the elements that work
    there (:meth:`~ictarch.model.architecture.Architecture.in_state`), as
    ``ictarch analyze --state`` does; the others are ``absent``.
    """
    elements = architecture.elements
    analysed = architecture.in_state(state)
    views = [
        ViewEntry(
            item.view,
            item.diagram,
            item.members,
            f"views/{page_name(item.view.id)}.html",
            f"views/{page_name(item.view.id)}.svg",
            item.svg,
        )
        for item in drawn
    ]
    views_by_element: dict[str, list[str]] = defaultdict(list)
    for entry in views:
        for member in entry.members:
            views_by_element[member].append(entry.id)
    single_points: dict[str, list[str]] = {}
    failures: FailureIndex | None = None
    note: str | None = None
    blast: list[Risk] = []
    exposed: list[Risk] = []
    try:
        spofs = SinglePointsOfFailure(analysed)
    except AnalysisTooLarge as error:
        note = str(error)
    else:
        single_points = {
            element_id: spofs.points_of_failure(element_id) for element_id in analysed.elements
        }
        failures = index_single_failures(spofs)
        layers = target_layers(analysed)
        targets = sorted(e.id for e in analysed.elements.values() if e.layer in layers)
        brought_down = spofs.blast_radius(targets)
        blast = sorted(
            (Risk(culprit, len(victims)) for culprit, victims in brought_down.items()),
            key=lambda risk: (-risk.count, risk.element),
        )[:TOP_RISKS]
        exposed = sorted(
            (Risk(target, len(single_points[target])) for target in targets),
            key=lambda risk: (-risk.count, risk.element),
        )
        exposed = [risk for risk in exposed if risk.count][:TOP_RISKS]
    findings_by_element: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.element is not None:
            findings_by_element[finding.element].append(finding)
    owned: dict[str, list[str]] = defaultdict(list)
    operated: dict[str, list[str]] = defaultdict(list)
    for element_id in sorted(elements):
        element = elements[element_id]
        if element.owner is not None:
            owned[element.owner].append(element_id)
        if element.operator is not None:
            operated[element.operator].append(element_id)
    return SiteContent(
        architecture=architecture,
        findings=findings,
        title=title or architecture.name,
        views=views,
        dependents=_dependents(architecture),
        single_points=single_points,
        failures=failures,
        analysis_note=note,
        blast_radius=blast,
        exposed=exposed,
        findings_by_element=dict(findings_by_element),
        views_by_element={key: sorted(value) for key, value in views_by_element.items()},
        owned=dict(owned),
        operated=dict(operated),
        conformance=build_conformance(architecture),
        waived=list(waived or ()),
        waived_by_element=_by_element(waived or []),
        state=state,
        absent=frozenset(elements) - frozenset(analysed.elements),
        element_pages=element_pages(architecture),
    )


def _by_element(waived: list[Suppressed]) -> dict[str, list[Suppressed]]:
    found: dict[str, list[Suppressed]] = {}
    for item in waived:
        if item.finding.element is not None:
            found.setdefault(item.finding.element, []).append(item)
    return found


def _dependents(architecture: Architecture) -> dict[str, list[Dependent]]:
    """For each element, the elements that need it; a plain need wins over an alternative,
    an alternative over an optional dependency."""
    optional = -1
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for element in architecture.elements.values():
        for entry in element.depends_on:
            if isinstance(entry, AnyOf):
                for target in entry.targets:
                    if target != element.id and found[target].get(element.id, optional) < 0:
                        found[target][element.id] = len(entry.alternatives)
            elif entry.target != element.id and entry.required:
                found[entry.target][element.id] = 0
            elif entry.target != element.id:
                found[entry.target].setdefault(element.id, optional)
    return {
        target: [
            Dependent(source, max(found[target][source], 0), found[target][source] == optional)
            for source in sorted(found[target])
        ]
        for target in sorted(found)
    }
