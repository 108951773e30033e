"""What the document says, computed from the loaded architecture by the existing analyses.

The outline is that of CV 2943/CĐSQG-CNCPS (27/10/2025) for a province's digital
architecture ("Khung kiến trúc số"):

I.   General: goals, scope, principles, vision (the ``document:`` section of
     architecture.yaml) and the architecture's own facts;
II.  the current state, by the four layers of QĐ 3090 (:mod:`ictarch.document.layers`):
     inventory, diagram, single points of failure, open findings;
III. the target architecture: inventory and diagram per layer, and what changes
     from the current state (the semantic diff of :mod:`ictarch.diff`);
IV.  the roadmap (:mod:`ictarch.roadmap`): dated steps, a Gantt picture, the dates
     where the single points of failure change;
V.   conformance to the reference frameworks (:mod:`ictarch.frameworks.conformance`);
appendices: the sources the model cites, and a glossary.

Nothing here is a second model: every number comes from the loader, the
resilience analysis, the diff, the roadmap and the conformance evaluation.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ictarch import i18n
from ictarch.analysis import target_layers
from ictarch.document.blocks import (
    Block,
    Bullets,
    Document,
    Figure,
    Heading,
    Paragraph,
    Table,
    TableOfContents,
)
from ictarch.document.figures import DPI, Picture, draw_pictures, gantt_picture, layer_picture
from ictarch.document.layers import digital_layer, digital_layers
from ictarch.findings import SEVERITY_LABELS, Finding
from ictarch.graph.resilience import AnalysisTooLarge, SinglePointsOfFailure
from ictarch.i18n import N_, _, ngettext
from ictarch.model.architecture import Architecture, Element
from ictarch.model.lifecycle import CURRENT, STATUS_LABELS, TARGET, State
from ictarch.printable import one_line
from ictarch.roadmap import Milestone

CRITICALITY_LABELS = {
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "critical": N_("critical"),
}
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
_MAX_NAMED = 6
"""How many brought-down elements a single point of failure names before "and N more"."""

GLOSSARY = (
    (
        N_("Digital architecture"),
        N_(
            "The description of a body's systems (infrastructure, data, platforms, applications, "
            "channels), how they depend on each other and how they are to change; here written "
            "as YAML in git and checked by ictarch."
        ),
    ),
    (
        N_("Element"),
        N_(
            "One agency, service, platform or piece of infrastructure of the architecture, "
            "with its id, owner, operator, status and dependencies."
        ),
    ),
    (
        N_("Layer"),
        N_(
            "A level of the architecture. Parts II and III use the four layers of the national "
            "digital architecture framework (QĐ 3090/QĐ-BKHCN, 08/10/2025)."
        ),
    ),
    (
        N_("Owner"),
        N_("The agency responsible for an element (owner: in the model)."),
    ),
    (
        N_("Operator"),
        N_("The organisation, agency or provider, that runs an element (operator:)."),
    ),
    (
        N_("Current state"),
        N_("The operational and deprecated elements: what works today."),
    ),
    (
        N_("Target state"),
        N_(
            "What works once the plan is carried out: planned, building and operational "
            "elements; deprecated and retired ones are gone."
        ),
    ),
    (
        N_("Single point of failure"),
        N_(
            "An element whose failure alone brings down an agency or a service, "
            "redundancy (any_of) taken into account."
        ),
    ),
    (
        N_("Finding"),
        N_(
            "A problem found by ictarch validate, with a stable code (ICT…), a severity and "
            "its place in the files; docs/rules.md lists them."
        ),
    ),
    (
        N_("Building block"),
        N_(
            "A component a reference framework names (LGSP, the one-stop system …); "
            "elements claim the blocks they implement."
        ),
    ),
    (
        N_("LGSP"),
        N_("The provincial data integration and sharing platform."),
    ),
    (
        N_("NDXP"),
        N_("The national data integration and sharing platform (formerly NGSP)."),
    ),
    (
        N_("IOC"),
        N_("The intelligent operations centre of a smart city."),
    ),
    (
        N_("SOC"),
        N_("The security operations centre."),
    ),
)


@dataclass(frozen=True, slots=True)
class DocumentSettings:
    """What the command asks for: title, the state Part II describes, the frameworks."""

    title: str | None = None
    state: State = CURRENT
    frameworks: tuple[str, ...] = ()
    source_date_epoch: int | None = None
    pictures: bool = True  # draw the PNGs (with dot); the Markdown needs only their Mermaid


def document_date(
    architecture: Architecture, source_date_epoch: int | None
) -> datetime.datetime | None:
    """The date of the document's properties: SOURCE_DATE_EPOCH, else ``released``."""
    if source_date_epoch is not None:
        return datetime.datetime.fromtimestamp(source_date_epoch, tz=datetime.UTC)
    released = architecture.released
    if released is None:
        return None
    return datetime.datetime(released.year, released.month, released.day, tzinfo=datetime.UTC)


def day(value: datetime.date | None) -> str:
    """A day as a person reads it: dd/mm/yyyy in Vietnamese, ISO in English."""
    if value is None:
        return ""
    if i18n.current_language() == "vi":
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return value.isoformat()


def _text(value: Any) -> str:
    return one_line(value) if value is not None else ""


class _Numbers:
    """Numbers of parts, sections, tables and figures, given in order."""

    def __init__(self) -> None:
        self.part = 0
        self.section = 0
        self.subsection = 0
        self.table = 0
        self.figure = 0

    def heading(self, level: int, text: str) -> Heading:
        if level == 1:
            self.part += 1
            self.section = self.subsection = 0
            return Heading(1, f"{_ROMAN[self.part - 1]}.", text)
        if level == 2:
            self.section += 1
            self.subsection = 0
            return Heading(2, f"{self.section}.", text)
        self.subsection += 1
        return Heading(3, f"{self.section}.{self.subsection}.", text)

    def table_caption(self, text: str) -> str:
        self.table += 1
        return _("Table {number}. {caption}").format(number=self.table, caption=text)

    def figure_caption(self, text: str) -> str:
        self.figure += 1
        return _("Figure {number}. {caption}").format(number=self.figure, caption=text)


@dataclass(slots=True)
class _Builder:
    architecture: Architecture
    findings: list[Finding]
    settings: DocumentSettings
    numbers: _Numbers = field(default_factory=_Numbers)
    blocks: list[Block] = field(default_factory=list)
    to_draw: list[tuple[int, str]] = field(default_factory=list)  # (block index, DOT source)

    # -- small helpers -------------------------------------------------------

    def heading(self, level: int, text: str) -> None:
        self.blocks.append(self.numbers.heading(level, text))

    def paragraph(self, text: str, note: bool = False) -> None:
        self.blocks.append(Paragraph(text, note))

    def table(
        self,
        caption: str,
        headers: Sequence[str],
        rows: Iterable[Sequence[str]],
        widths: Sequence[float] = (),
    ) -> None:
        self.blocks.append(
            Table(
                self.numbers.table_caption(caption),
                tuple(headers),
                tuple(tuple(row) for row in rows),
                tuple(widths),
            )
        )

    def figure(self, caption: str, picture: Picture) -> None:
        """A numbered picture; its PNG is drawn at the end, with the others, side by side."""
        if picture.dot is not None:
            self.to_draw.append((len(self.blocks), picture.dot))
        self.blocks.append(Figure(self.numbers.figure_caption(caption), b"", picture.mermaid, DPI))

    def name_of(self, element_id: str | None) -> str:
        if element_id is None:
            return ""
        element = self.architecture.elements.get(element_id)
        return _text(element.name) if element is not None else element_id

    def written_text(self, key: str) -> None:
        """A text of the ``document:`` section: paragraphs or a list; a note when absent."""
        value = self.architecture.document.get(key)
        if isinstance(value, str) and value.strip():
            for part in value.split("\n\n"):
                if part.strip():
                    self.paragraph(_text(part))
        elif isinstance(value, list) and value:
            self.blocks.append(Bullets(tuple(_text(item) for item in value)))
        else:
            self.paragraph(
                _("Not written yet: add document.{key} to {file}.").format(
                    key=key, file=self.architecture.root_file
                ),
                note=True,
            )

    # -- the parts -----------------------------------------------------------

    def build(self) -> list[Block]:
        self.blocks.append(
            TableOfContents(
                _("Contents"),
                _("Update this field (F9 in Word) to show the page numbers."),
            )
        )
        self.general()
        present = self.architecture.snapshot(self.settings.state).in_state(CURRENT)
        self.current_state(present)
        target = self.architecture.snapshot(TARGET).in_state(CURRENT)
        self.target_state(present, target)
        self.roadmap()
        self.conformance()
        self.appendices()
        drawn = draw_pictures([source for _index, source in self.to_draw])
        for (index, _source), png in zip(self.to_draw, drawn, strict=True):
            block = self.blocks[index]
            assert isinstance(block, Figure)
            self.blocks[index] = dataclasses.replace(block, png=png)
        return self.blocks

    def general(self) -> None:
        architecture = self.architecture
        self.heading(1, _("General"))
        for key, title in (
            ("goals", _("Goals")),
            ("scope", _("Scope")),
            ("principles", _("Principles")),
            ("vision", _("Vision")),
        ):
            self.heading(2, title)
            self.written_text(key)
        self.heading(2, _("The architecture described"))
        metadata = architecture.metadata
        frameworks = [
            " ".join(
                filter(
                    None, (entry.framework, entry.version, entry.profile and f"({entry.profile})")
                )
            )
            for entry in architecture.conforms_to
        ]
        counts = [
            (
                layer,
                sum(
                    1
                    for e in architecture.elements.values()
                    if digital_layer(architecture, e) == layer.id
                ),
            )
            for layer in digital_layers()
        ]
        organisations = sum(
            1 for e in architecture.elements.values() if e.layer == architecture.organisation_layer
        )
        rows = [
            (_("Name"), _text(architecture.name)),
            (_("Id"), architecture.id),
            (_("Owner"), self.name_of(_text(metadata.get("owner")) or None)),
            (_("Version"), _text(metadata.get("version"))),
            (_("Released"), day(architecture.released)),
            (_("Reference frameworks"), "; ".join(frameworks) or _("none declared (conforms_to)")),
            (_("State described in Part II"), self.settings.state.describe()),
            (_("Organisations (agencies, providers)"), i18n.integer(organisations)),
        ]
        rows += [(layer.name, i18n.integer(count)) for layer, count in counts]
        rows.append(
            (
                _("Findings of ictarch validate"),
                i18n.integer(len(self.findings)),
            )
        )
        description = metadata.get("description")
        if isinstance(description, str) and description.strip():
            self.paragraph(_text(description))
        self.table(_("The architecture in figures"), (_("Item"), _("Value")), rows, (1, 2))

    def layer_members(self, architecture: Architecture, layer_id: str) -> list[Element]:
        rank = self.architecture.layer_rank
        members = [
            e for e in architecture.elements.values() if digital_layer(architecture, e) == layer_id
        ]
        return sorted(members, key=lambda e: (rank.get(e.layer, len(rank)), e.id))

    def inventory(self, caption: str, members: list[Element]) -> None:
        headers = (_("Name"), _("Owner"), _("Operator"), _("Status"), _("Since"), _("Criticality"))
        rows = [
            (
                _text(e.name),
                self.name_of(e.owner),
                self.name_of(e.operator),
                _(STATUS_LABELS[e.status]),
                day(e.since),
                _(CRITICALITY_LABELS[e.criticality]) if e.criticality in CRITICALITY_LABELS else "",
            )
            for e in members
        ]
        self.table(caption, headers, rows, (3.4, 2.5, 2.3, 1.7, 2.0, 1.5))

    def layer_figure(
        self, architecture: Architecture, members: list[Element], layer_name: str, view: str
    ) -> None:
        if not members:
            return
        picture = layer_picture(
            architecture, [e.id for e in members], view, layer_name, self.settings.pictures
        )
        self.figure(_("Diagram: {layer}").format(layer=layer_name), picture)

    def current_state(self, present: Architecture) -> None:
        self.heading(1, _("Current state"))
        self.paragraph(
            _(
                "The systems are presented by the four layers of the national digital "
                "architecture framework (QĐ 3090/QĐ-BKHCN); {state}."
            ).format(state=self.settings.state.describe())
        )
        blast: dict[str, list[str]] | None
        try:
            analysed = self.architecture.in_state(self.settings.state)
            spofs = SinglePointsOfFailure(analysed)
            layers = target_layers(analysed)
            targets = [e.id for e in analysed.elements.values() if e.layer in layers]
            blast = spofs.blast_radius(targets)
        except AnalysisTooLarge as error:
            blast = None
            too_large = str(error)
        unplaced = [
            e
            for e in present.elements.values()
            if e.layer != present.organisation_layer and digital_layer(present, e) is None
        ]
        if unplaced:
            self.paragraph(
                _(
                    "In no layer of QĐ 3090 (give them a kind the vn-digital catalogue places, "
                    "or implements: vn-digital.…): {items}."
                ).format(items="; ".join(sorted(_text(e.name) for e in unplaced))),
                note=True,
            )
        by_element: dict[str, list[Finding]] = {}
        for finding in self.findings:
            if finding.element is not None:
                by_element.setdefault(finding.element, []).append(finding)
        for layer in digital_layers():
            name = layer.name
            members = self.layer_members(present, layer.id)
            self.heading(2, name)
            if not members:
                self.paragraph(_("No element of the architecture is in this layer."), note=True)
                continue
            self.paragraph(
                ngettext(
                    "{count} element works in this layer.",
                    "{count} elements work in this layer.",
                    len(members),
                ).format(count=i18n.integer(len(members)))
            )
            self.heading(3, _("Inventory"))
            self.inventory(_("Inventory: {layer}").format(layer=name), members)
            self.heading(3, _("Diagram"))
            self.layer_figure(present, members, name, f"document-{layer.id}")
            self.heading(3, _("Single points of failure"))
            if blast is None:
                self.paragraph(too_large, note=True)
            else:
                self.single_points(name, members, blast)
            self.heading(3, _("Open findings"))
            self.layer_findings(name, members, by_element)

    def single_points(
        self, layer_name: str, members: list[Element], blast: dict[str, list[str]]
    ) -> None:
        rows = []
        for element in sorted(members, key=lambda e: (-len(blast.get(e.id, ())), e.id)):
            victims = blast.get(element.id)
            if not victims:
                continue
            named = ", ".join(self.name_of(v) for v in victims[:_MAX_NAMED])
            if len(victims) > _MAX_NAMED:
                named += " " + _("and {count} more").format(count=len(victims) - _MAX_NAMED)
            rows.append((_text(element.name), i18n.integer(len(victims)), named))
        if not rows:
            self.paragraph(
                _(
                    "No element of this layer is a single point of failure of an agency or "
                    "a service."
                )
            )
            return
        self.paragraph(
            ngettext(
                "{count} element of this layer brings down agencies or services by its failure "
                "alone.",
                "{count} elements of this layer bring down agencies or services by their failure "
                "alone.",
                len(rows),
            ).format(count=i18n.integer(len(rows)))
        )
        self.table(
            _("Single points of failure: {layer}").format(layer=layer_name),
            (_("Element"), _("Agencies and services brought down"), _("Which")),
            rows,
            (3, 1.4, 5),
        )

    def layer_findings(
        self, layer_name: str, members: list[Element], by_element: dict[str, list[Finding]]
    ) -> None:
        found = [f for e in members for f in by_element.get(e.id, ())]
        if not found:
            self.paragraph(_("ictarch validate finds nothing to report in this layer."))
            return
        rows = [
            (f.code, _(SEVERITY_LABELS[f.severity]), f.element or "", _text(f.message))
            for f in sorted(found)
        ]
        self.table(
            _("Open findings: {layer}").format(layer=layer_name),
            (_("Code"), _("Severity"), _("Element"), _("Message")),
            rows,
            (1, 1.2, 2, 6),
        )

    def target_state(self, present: Architecture, target: Architecture) -> None:
        self.heading(1, _("Target architecture"))
        self.paragraph(TARGET.describe())
        for layer in digital_layers():
            name = layer.name
            members = self.layer_members(target, layer.id)
            self.heading(2, name)
            if not members:
                self.paragraph(_("No element of the architecture is in this layer."), note=True)
                continue
            self.inventory(_("Target inventory: {layer}").format(layer=name), members)
            self.layer_figure(target, members, name, f"document-target-{layer.id}")
        self.changes(present, target)

    def changes(self, present: Architecture, target: Architecture) -> None:
        from ictarch.diff.build import build_diff
        from ictarch.diff.versions import LoadedVersion

        self.heading(2, _("What changes from the current state"))
        diff = build_diff(
            LoadedVersion(_("current state"), present, []),
            LoadedVersion(_("target state"), target, []),
            CURRENT,
        )
        self.paragraph(
            _(
                "From the current state to the target: {added} elements come into service, "
                "{removed} are retired, {changed} change; {relations_added} dependencies are "
                "added and {relations_removed} removed."
            ).format(
                added=i18n.integer(len(diff.added)),
                removed=i18n.integer(len(diff.removed)),
                changed=i18n.integer(len(diff.changed)),
                relations_added=i18n.integer(len(diff.relations_added)),
                relations_removed=i18n.integer(len(diff.relations_removed)),
            )
        )

        def placed(element_id: str) -> str:
            element = self.architecture.elements.get(element_id)
            if element is None:
                return ""
            return self.layer_of(element.id)

        if diff.added:
            rows = [
                (
                    _text(item.name),
                    placed(item.id),
                    _(STATUS_LABELS[self.architecture.elements[item.id].status])
                    if item.id in self.architecture.elements
                    else "",
                    day(self.architecture.elements[item.id].since)
                    if item.id in self.architecture.elements
                    else "",
                )
                for item in diff.added
            ]
            self.table(
                _("Elements that come into service"),
                (_("Element"), _("Layer"), _("Status now"), _("Since")),
                rows,
                (4, 3, 1.6, 2.0),
            )
        if diff.removed:
            retired = [
                (
                    _text(item.name),
                    placed(item.id),
                    day(self.architecture.elements[item.id].until)
                    if item.id in self.architecture.elements
                    else "",
                )
                for item in diff.removed
            ]
            self.table(
                _("Elements that are retired"),
                (_("Element"), _("Layer"), _("Until")),
                retired,
                (4, 3, 2.0),
            )
        breaking = diff.breaking
        if breaking:
            self.paragraph(
                _(
                    "Retired while the target still needs them (plan a replacement first): {items}."
                ).format(
                    items="; ".join(
                        _("{element}, needed by {count}").format(
                            element=_text(entry.name), count=i18n.integer(len(entry.affected))
                        )
                        for entry in breaking
                    )
                )
            )
        elif diff.removed:
            self.paragraph(_("Nothing in the target state depends on a retired element."))
        if diff.relations_added or diff.relations_removed:
            relations = [
                (_("added"), self.name_of(a), self.name_of(b)) for a, b in diff.relations_added
            ]
            relations += [
                (_("removed"), self.name_of(a), self.name_of(b)) for a, b in diff.relations_removed
            ]
            self.table(
                _("Dependencies added and removed"),
                (_("Change"), _("Element"), _("Depends on")),
                relations,
                (1.2, 4, 4),
            )

    def roadmap(self) -> None:
        from ictarch.roadmap import build_roadmap

        roadmap = build_roadmap(self.architecture)
        self.heading(1, _("Roadmap"))
        self.heading(2, _("Dated steps"))
        steps = [
            (group.name, item) for group in roadmap.groups for item in group.items if item.dated
        ]
        undated = [
            item
            for group in roadmap.groups
            for item in group.items
            if not item.dated and item.status.not_yet
        ]
        if steps:
            rows = [
                (
                    day(item.since),
                    day(item.until),
                    _text(item.name),
                    self.layer_of(item.id),
                    _(STATUS_LABELS[item.status]),
                )
                for _group, item in sorted(
                    steps,
                    key=lambda step: (
                        step[1].since or step[1].until or datetime.date.max,
                        step[1].id,
                    ),
                )
            ]
            self.table(
                _("Dated steps"),
                (_("Since"), _("Until"), _("Element"), _("Layer"), _("Status")),
                rows,
                (2.0, 2.0, 4.5, 3, 1.6),
            )
        else:
            self.paragraph(_("No element has a since or until date."), note=True)
        if undated:
            self.paragraph(
                _("Planned or being built, without a date yet: {items}.").format(
                    items="; ".join(_text(item.name) for item in undated)
                )
            )
        font = _text(self.architecture.render.get("font")) or "DejaVu Sans"
        picture = gantt_picture(roadmap, font, self.settings.pictures)
        if picture is not None:
            self.heading(2, _("Gantt chart"))
            self.figure(_("The dated elements over time, coloured by status"), picture)
        self.heading(2, _("Dates where risks change"))
        if roadmap.milestones:
            changes = [
                (day(m.date), self.name_of(m.element), self.milestone_text(m))
                for m in roadmap.milestones
            ]
            self.table(
                _("Where single points of failure change"),
                (_("Date"), _("Element"), _("Change")),
                changes,
                (2.0, 3, 6),
            )
        else:
            self.paragraph(
                _("No date changes the single points of failure of the agencies and services.")
            )

    def milestone_text(self, milestone: Milestone) -> str:
        targets = ", ".join(self.name_of(target) for target in milestone.targets)
        if milestone.becomes:
            return _("becomes a single point of failure of {targets}").format(targets=targets)
        return _("is no longer a single point of failure of {targets}").format(targets=targets)

    def layer_of(self, element_id: str) -> str:
        element = self.architecture.elements.get(element_id)
        if element is None:
            return ""
        if element.layer == self.architecture.organisation_layer:
            return _("Organisations")
        layer = digital_layer(self.architecture, element)
        for candidate in digital_layers():
            if candidate.id == layer:
                return candidate.name
        return "—"

    def conformance(self) -> None:
        from ictarch.frameworks.conformance import (
            Reach,
            default_selections,
            evaluate,
            load_catalogues,
            requested_selection,
        )
        from ictarch.reporters.conformance import STATUS_TEXT, block_name, summary_line

        self.heading(1, _("Conformance"))
        architecture = self.architecture
        catalogues = load_catalogues(architecture)
        if self.settings.frameworks:
            selections = [
                requested_selection(architecture, catalogues, text)
                for text in self.settings.frameworks
            ]
        else:
            selections, _problems = default_selections(architecture, catalogues)
        if not selections:
            self.paragraph(_("No reference framework applies."), note=True)
            return
        reach = Reach(architecture)
        for selection in selections:
            coverage = evaluate(architecture, selection, reach=reach)
            catalogue = selection.catalogue
            names = catalogue.names.vi if i18n.current_language() == "vi" else catalogue.names.en
            self.heading(2, f"{names} ({selection.label})")
            self.paragraph(summary_line(coverage))
            rows = [
                (
                    row.block.id,
                    block_name(row.block),
                    _("yes") if row.mandatory else "",
                    _(STATUS_TEXT[row.status]),
                    ", ".join(self.name_of(e.id) for e in row.elements) or "—",
                )
                for row in coverage.blocks
            ]
            self.table(
                _("Coverage of {framework}").format(framework=selection.label),
                (_("Block"), _("Name"), _("Mandatory"), _("Status"), _("Elements")),
                rows,
                (3.2, 3.4, 1.6, 1.7, 3.4),
            )
            missing = coverage.missing_connections
            if missing:
                self.table(
                    _("Required connections missing: {framework}").format(
                        framework=selection.label
                    ),
                    (_("Element"), _("Must reach a block among")),
                    [(self.name_of(c.element), " | ".join(c.requires)) for c in missing],
                    (4, 4),
                )

    def appendices(self) -> None:
        self.blocks.append(Heading(1, "", _("Appendix A. Sources cited in the model")))
        cited: dict[tuple[str, str, str], list[str]] = {}
        entries: list[tuple[dict[str, Any], str]] = []
        for source in self.architecture.metadata.get("x-sources") or []:
            if isinstance(source, dict):
                entries.append((source, _text(self.architecture.name)))
        for element in sorted(self.architecture.elements.values(), key=lambda e: e.id):
            entries.extend((source, _text(element.name)) for source in element.sources)
        for source, by in entries:
            key = (_text(source.get("title")), _text(source.get("date")), _text(source.get("url")))
            if by not in cited.setdefault(key, []):
                cited[key].append(by)
        if cited:
            sources = [
                (str(number), title, _source_date(date), url, "; ".join(by))
                for number, ((title, date, url), by) in enumerate(sorted(cited.items()), 1)
            ]
            self.table(
                _("Sources"),
                (_("No."), _("Title"), _("Date"), _("Address"), _("Cited for")),
                sources,
                (0.9, 4, 2.0, 3.5, 3),
            )
        else:
            self.paragraph(_("The model cites no source (sources: on the elements)."), note=True)
        self.blocks.append(Heading(1, "", _("Appendix B. Glossary")))
        self.table(
            _("Terms"),
            (_("Term"), _("Meaning")),
            [(_(term), _(meaning)) for term, meaning in GLOSSARY],
            (1.5, 6),
        )


def _source_date(text: str) -> str:
    try:
        return day(datetime.date.fromisoformat(text))
    except ValueError:
        return text


def build_document(
    architecture: Architecture, findings: list[Finding], settings: DocumentSettings
) -> Document:
    """The whole document of ``architecture`` with the findings of its validation."""
    written = architecture.document.get("title")
    title = (
        settings.title
        or (_text(written) if isinstance(written, str) else "")
        or _text(architecture.name)
    )
    metadata = architecture.metadata
    owner_id = _text(metadata.get("owner"))
    owner = architecture.elements.get(owner_id)
    facts = [
        (_("Owner"), _text(owner.name) if owner else owner_id),
        (_("Version"), _text(metadata.get("version"))),
        (_("Released"), day(architecture.released)),
        (_("Architecture"), architecture.id),
    ]
    builder = _Builder(architecture, findings, settings)
    blocks = builder.build()
    return Document(
        title=title,
        subtitle=_("Digital architecture framework"),
        facts=[(label, value) for label, value in facts if value],
        language=i18n.current_language(),
        author=_text(owner.name) if owner else "ictarch",
        date=document_date(architecture, settings.source_date_epoch),
        blocks=blocks,
    )
