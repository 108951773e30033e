"""What the language server answers: diagnostics, completion, navigation, hover, rename and
quick fixes, computed from a checked architecture (:class:`Snapshot`).

Functions here take and return protocol types (lsprotocol) but know nothing of the
connection; :mod:`ictarch.lsp.server` wires them to requests.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from ictarch import i18n
from ictarch.findings import Finding, Rule, Severity
from ictarch.i18n import N_, _
from ictarch.lsp.index import Index, Occurrence, Role
from ictarch.lsp.text import ID_CHARACTERS, context_at, word_at
from ictarch.model.architecture import Architecture, Element
from ictarch.model.lifecycle import STATUS_LABELS, STATUSES

if TYPE_CHECKING:
    from ictarch.frameworks.catalogue import Block, Catalogue
    from ictarch.frameworks.conformance import Catalogues
    from ictarch.lsp.workspace import CheckResult

SOURCE = "ictarch"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
RULE_CODE = re.compile(r"^ICT[0-9]{3}$")

_SEVERITIES = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


@dataclass(slots=True)
class Snapshot:
    """A checked architecture and what the features read of it."""

    architecture: Architecture
    result: CheckResult
    index: Index
    _catalogues: Catalogues | None = field(default=None, init=False)
    _dependents: dict[str, list[str]] | None = field(default=None, init=False)
    _block_status: dict[str, list[tuple[str, str]]] | None = field(default=None, init=False)

    @classmethod
    def of(
        cls, architecture: Architecture, result: CheckResult, previous: Snapshot | None = None
    ) -> Snapshot:
        """The snapshot of a check; ``previous`` (the last one) lends the index of what did
        not change (:class:`~ictarch.lsp.index.Index`)."""
        sources = dict(result.sources)
        index = Index(architecture, sources, previous.index if previous is not None else None)
        return cls(architecture, result, index)

    @property
    def catalogues(self) -> Catalogues:
        if self._catalogues is None:
            from ictarch.frameworks.conformance import load_catalogues

            self._catalogues = load_catalogues(self.architecture)
        return self._catalogues

    def dependents(self, element_id: str) -> list[str]:
        """The elements that depend on ``element_id``, any_of alternatives included."""
        if self._dependents is None:
            reverse: dict[str, list[str]] = {}
            for source, targets in self.architecture.adjacency().items():
                for target in targets:
                    reverse.setdefault(target, []).append(source)
            self._dependents = reverse
        return sorted(self._dependents.get(element_id, ()))

    def block_statuses(self, block_id: str) -> list[tuple[str, str]]:
        """(framework version, status) of a block in the frameworks the architecture
        conforms to (``conforms_to``, else those its elements implement)."""
        if self._block_status is None:
            from ictarch.frameworks.conformance import default_selections, evaluate

            statuses: dict[str, list[tuple[str, str]]] = {}
            selections, _findings = default_selections(self.architecture, self.catalogues)
            for selection in selections:
                coverage = evaluate(self.architecture, selection)
                label = f"{selection.catalogue.id} {selection.version.version}"
                for row in coverage.blocks:
                    statuses.setdefault(row.block.id, []).append((label, row.status.value))
            self._block_status = statuses
        return self._block_status.get(block_id, [])

    def find_block(self, block_id: str) -> tuple[Catalogue, Block] | None:
        return self.catalogues.find_block(block_id)


@cache
def resolved(display: str) -> Path:
    """The file a finding or a location names (relative to the working directory, as
    the loader shows it), resolved."""
    return Path(display).resolve()


# ---------------------------------------------------------------------------
# Diagnostics


def rules_documentation() -> Path | None:
    """docs/rules.md (docs/rules.vi.md in Vietnamese): the source tree's, else the copy
    installed with the package (the wheel carries it as ``ictarch/docs``)."""
    return _rules_documentation(i18n.current_language())


@cache
def _rules_documentation(language: str) -> Path | None:
    import ictarch

    name = "rules.vi.md" if language == "vi" else "rules.md"
    package = Path(ictarch.__file__).resolve().parent
    for docs in (package.parents[1] / "docs", package / "docs"):
        if (docs / name).is_file():
            return docs / name
    return None


@cache
def _rule_lines(path: Path) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.match(r"^\| (ICT[0-9]{3}) \|", line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def rule_link(code: str) -> str | None:
    """A link to the rule's documentation: its row of the rules table (``#L<line>``)."""
    path = rules_documentation()
    return None if path is None else _rule_link(path, code)


@cache
def _rule_link(path: Path, code: str) -> str:
    line = _rule_lines(path).get(code)
    uri = path.as_uri()
    return f"{uri}#L{line}" if line else uri


def finding_range(finding: Finding, lines: list[str]) -> lsp.Range:
    """The range of a finding: the id or word it points at, or its line."""
    if not finding.line or finding.line > len(lines):
        return lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    line = finding.line - 1
    text = lines[line]
    start = max(finding.column - 1, 0)
    if text[start : start + 1] in ("'", '"'):
        start += 1
    target = finding.args.get("target")
    if isinstance(target, str) and target and text[start : start + len(target)] == target:
        end = start + len(target)
    else:
        match = ID_CHARACTERS.match(text, start)
        end = match.end() if match else len(text.rstrip())
        if end <= start:
            end = min(start + 1, len(text))
    return lsp.Range(lsp.Position(line, start), lsp.Position(line, end))


def to_diagnostic(finding: Finding, lines: list[str]) -> lsp.Diagnostic:
    link = rule_link(finding.code)
    data: dict[str, Any] = {"code": finding.code}
    if finding.element:
        data["element"] = finding.element
    for key in ("target", "suggestion", "field", "value", "block"):
        value = finding.args.get(key)
        if isinstance(value, str):
            data[key] = value
    related = [
        lsp.DiagnosticRelatedInformation(
            lsp.Location(
                resolved(where.file).as_uri(),
                lsp.Range(
                    lsp.Position(max(where.line - 1, 0), max(where.column - 1, 0)),
                    lsp.Position(max(where.line - 1, 0), max(where.column - 1, 0)),
                ),
            ),
            _("see also"),
        )
        for where in finding.related
        if resolved(where.file).is_file()
    ]
    return lsp.Diagnostic(
        range=finding_range(finding, lines),
        message=finding.message,
        severity=_SEVERITIES[finding.severity],
        code=finding.code,
        code_description=lsp.CodeDescription(href=link) if link else None,
        source=SOURCE,
        related_information=related or None,
        data=data,
    )


# ---------------------------------------------------------------------------
# Completion


def kinds_in_use(models: list[Architecture]) -> list[str]:
    from ictarch.render.styles import KIND_FAMILIES

    kinds = set(KIND_FAMILIES)
    for model in models:
        kinds.update(e.kind for e in model.elements.values() if e.kind)
    return sorted(kinds)


def _element_item(element: Element, word_start: int, position: lsp.Position) -> lsp.CompletionItem:
    return lsp.CompletionItem(
        label=element.id,
        kind=lsp.CompletionItemKind.Reference,
        detail=f"{element.name} · {element.layer}",
        filter_text=element.id,
        text_edit=lsp.TextEdit(
            lsp.Range(lsp.Position(position.line, word_start), position), element.id
        ),
    )


def _plain_items(
    values: list[tuple[str, str | None]],
    kind: lsp.CompletionItemKind,
    word_start: int,
    position: lsp.Position,
) -> list[lsp.CompletionItem]:
    return [
        lsp.CompletionItem(
            label=value,
            kind=kind,
            detail=detail,
            text_edit=lsp.TextEdit(
                lsp.Range(lsp.Position(position.line, word_start), position), value
            ),
        )
        for value, detail in values
    ]


_ID_KEYS = frozenset({"depends_on", "any_of", "focus", "renamed_from", "elements"})
_ORGANISATION_KEYS = frozenset({"owner", "operator", "owners"})


def completion(
    snapshot: Snapshot | None,
    models: list[Architecture],
    lines: list[str],
    position: lsp.Position,
) -> lsp.CompletionList:
    """What may be written at ``position``: ids, organisations, kinds, statuses, blocks,
    rule codes, depending on the key being written."""
    context = context_at(lines, position.line, position.character)
    key, start = context.key, context.word_start
    items: list[lsp.CompletionItem] = []
    architecture = snapshot.architecture if snapshot is not None else None
    if key == "id" and context.parent in ("depends_on", "any_of"):
        key = "depends_on"
    if architecture is not None and key in _ID_KEYS and not context.at_key:
        items = [_element_item(e, start, position) for e in architecture.elements.values()]
    elif architecture is not None and key in _ORGANISATION_KEYS and not context.at_key:
        top = architecture.organisation_layer
        items = [
            _element_item(e, start, position)
            for e in architecture.elements.values()
            if e.layer == top
        ]
    elif key in ("kind", "kinds") and not context.at_key:
        items = _plain_items(
            [(k, None) for k in kinds_in_use(models)],
            lsp.CompletionItemKind.EnumMember,
            start,
            position,
        )
    elif key == "status" and not context.at_key:
        items = _plain_items(
            [(s, _(STATUS_LABELS[s])) for s in STATUSES],
            lsp.CompletionItemKind.EnumMember,
            start,
            position,
        )
    elif key == "implements" and snapshot is not None and not context.at_key:
        items = _block_items(snapshot, start, position)
    elif (key == "rules" and context.at_key) or key == "code":
        from ictarch.acceptance import acceptable
        from ictarch.rules import ALL_RULES

        items = _plain_items(
            [
                (rule.code, f"{rule.name}: {_(rule.summary)}")
                for rule in ALL_RULES.values()
                if (rule.configurable if key == "rules" else acceptable(rule.code))
            ],
            lsp.CompletionItemKind.Value,
            start,
            position,
        )
    elif key is not None and RULE_CODE.match(key) and not context.at_key:
        items = _plain_items(
            [(v, None) for v in ("error", "warning", "info", "off")],
            lsp.CompletionItemKind.EnumMember,
            start,
            position,
        )
    return lsp.CompletionList(is_incomplete=False, items=items)


def _block_items(
    snapshot: Snapshot, start: int, position: lsp.Position
) -> list[lsp.CompletionItem]:
    items = []
    for catalogue in snapshot.catalogues.by_id.values():
        for block in catalogue.blocks.values():
            detail = (
                block.names.vi
                if block.names.vi == block.names.en
                else (f"{block.names.vi} — {block.names.en}")
            )
            items.append(
                lsp.CompletionItem(
                    label=block.id,
                    kind=lsp.CompletionItemKind.Interface,
                    detail=detail,
                    # found by its Vietnamese name too
                    filter_text=f"{block.id} {block.names.vi}",
                    text_edit=lsp.TextEdit(
                        lsp.Range(lsp.Position(position.line, start), position), block.id
                    ),
                )
            )
    return items


# ---------------------------------------------------------------------------
# Navigation


def _range(occurrence: Occurrence) -> lsp.Range:
    return lsp.Range(
        lsp.Position(occurrence.line, occurrence.start),
        lsp.Position(occurrence.line, occurrence.end),
    )


def location_of(occurrence: Occurrence) -> lsp.Location:
    return lsp.Location(occurrence.file.as_uri(), _range(occurrence))


def catalogue_path(display: str) -> Path:
    """The file of a catalogue: bundled (``ictarch/frameworks/...``) or the province's."""
    from ictarch.frameworks.catalogue import BUNDLED_DIRECTORY

    prefix = "ictarch/frameworks/"
    if display.startswith(prefix):
        return BUNDLED_DIRECTORY / display[len(prefix) :]
    return resolved(display)


def word_under(lines: list[str], position: lsp.Position) -> str:
    if position.line >= len(lines):
        return ""
    word, _start, _end = word_at(lines[position.line], position.character)
    return word.strip(".-") if word.endswith((".", "-")) else word


def definition(
    snapshot: Snapshot, lines: list[str], path: Path, position: lsp.Position
) -> lsp.Location | None:
    occurrence = snapshot.index.at(path, position.line, position.character)
    word = occurrence.target if occurrence else word_under(lines, position)
    found = snapshot.index.definition(word)
    if found is not None:
        return location_of(found)
    block = snapshot.find_block(word)
    if block is not None:
        where = block[1].location
        line, column = max(where.line - 1, 0), max(where.column - 1, 0)
        return lsp.Location(
            catalogue_path(where.file).as_uri(),
            lsp.Range(lsp.Position(line, column), lsp.Position(line, column + len(word))),
        )
    return None


def references(
    snapshot: Snapshot,
    lines: list[str],
    path: Path,
    position: lsp.Position,
    include_declaration: bool,
) -> list[lsp.Location]:
    occurrence = snapshot.index.at(path, position.line, position.character)
    word = occurrence.target if occurrence else word_under(lines, position)
    if word not in snapshot.architecture.elements:
        return []
    found = snapshot.index.references(word)
    if include_declaration:
        definition_ = snapshot.index.definition(word)
        if definition_ is not None:
            found = [definition_, *found]
    return [location_of(o) for o in found]


_SYMBOL_KINDS = (
    lsp.SymbolKind.Namespace,
    lsp.SymbolKind.Interface,
    lsp.SymbolKind.Module,
    lsp.SymbolKind.Package,
)


def symbol_kind(architecture: Architecture, layer: str) -> lsp.SymbolKind:
    rank = architecture.layer_rank.get(layer, 0)
    return _SYMBOL_KINDS[min(rank, len(_SYMBOL_KINDS) - 1)]


def document_symbols(snapshot: Snapshot, path: Path) -> list[lsp.DocumentSymbol]:
    architecture = snapshot.architecture
    definitions = [e for e in architecture.definitions if resolved(e.location.file) == path]
    lines = snapshot.index.lines(path)
    symbols = []
    for number, element in enumerate(definitions):
        start = lsp.Position(element.location.line - 1, max(element.location.column - 1, 0))
        last = max([p[2] for p in element.positions.values()] or [element.location.line])
        if number + 1 < len(definitions):
            last = min(max(last, start.line + 1), definitions[number + 1].location.line - 1)
        last = min(max(last, element.location.line), len(lines))
        end = lsp.Position(last - 1, len(lines[last - 1]) if last - 1 < len(lines) else 0)
        occurrence = snapshot.index.definition(element.id)
        selection = _range(occurrence) if occurrence and occurrence.file == path else None
        symbols.append(
            lsp.DocumentSymbol(
                name=element.id,
                detail=element.name,
                kind=symbol_kind(architecture, element.layer),
                range=lsp.Range(start, end),
                selection_range=selection or lsp.Range(start, start),
            )
        )
    if path == resolved(architecture.root_file):
        for view in architecture.views:
            where = lsp.Position(view.location.line - 1, max(view.location.column - 1, 0))
            symbols.append(
                lsp.DocumentSymbol(
                    name=view.id,
                    detail=view.title or _("view"),
                    kind=lsp.SymbolKind.Event,
                    range=lsp.Range(where, where),
                    selection_range=lsp.Range(where, where),
                )
            )
    return symbols


def _folded(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def workspace_symbols(snapshots: list[Snapshot], query: str) -> list[lsp.WorkspaceSymbol]:
    """Elements whose id or name contains ``query`` (accents and case ignored)."""
    wanted = _folded(query)
    symbols = []
    for snapshot in snapshots:
        architecture = snapshot.architecture
        for element in architecture.elements.values():
            if wanted and wanted not in _folded(element.id) and wanted not in _folded(element.name):
                continue
            occurrence = snapshot.index.definition(element.id)
            if occurrence is None:
                continue
            symbols.append(
                lsp.WorkspaceSymbol(
                    name=f"{element.id} — {element.name}",
                    kind=symbol_kind(architecture, element.layer),
                    location=location_of(occurrence),
                    container_name=architecture.id,
                )
            )
    return symbols


# ---------------------------------------------------------------------------
# Hover

CARD_LABELS = {
    "Example": N_("Example"),
    "Fix": N_("Fix"),
    "building block": N_("building block"),
    "degraded (redundancy left)": N_("degraded (redundancy left)"),
    "depended on by": N_("depended on by"),
    "if it fails, down in the current state": N_("if it fails, down in the current state"),
    "implements": N_("implements"),
    "kind": N_("kind"),
    "layer": N_("layer"),
    "mandatory": N_("mandatory"),
    "mandatory for": N_("mandatory for"),
    "obsolete": N_("obsolete"),
    "operator": N_("operator"),
    "owner": N_("owner"),
    "status": N_("status"),
}
"""The words of the hover cards, translated when shown."""


def label(key: str) -> str:
    return _(CARD_LABELS[key])


def _day(day: datetime.date | None) -> str:
    if day is None:
        return ""
    return day.strftime("%d/%m/%Y") if i18n.current_language() == "vi" else day.isoformat()


def _ids(ids: list[str], limit: int = 12) -> str:
    if not ids:
        return _("none")
    shown = ", ".join(f"`{i}`" for i in ids[:limit])
    if len(ids) > limit:
        shown += " " + _("and {count} more").format(count=i18n.integer(len(ids) - limit))
    return shown


def element_card(snapshot: Snapshot, element: Element) -> str:
    """An element's card: what it is, who owns it, its lifecycle, who depends on it,
    what goes down if it fails, and the blocks it implements with their status."""
    from ictarch.graph.resilience import simulate_failure
    from ictarch.model.lifecycle import CURRENT
    from ictarch.reporters.conformance import STATUS_TEXT

    architecture = snapshot.architecture
    layer_names = {layer.id: layer.name for layer in architecture.layers}
    lines = [f"**{element.name}** (`{element.id}`)", ""]
    lines.append(f"- {label('layer')}: {layer_names.get(element.layer, element.layer)}")
    if element.kind:
        lines.append(f"- {label('kind')}: {element.kind}")
    if element.owner:
        owner = architecture.elements.get(element.owner)
        lines.append(
            f"- {label('owner')}: `{element.owner}`" + (f" ({owner.name})" if owner else "")
        )
    if element.operator:
        operator = architecture.elements.get(element.operator)
        lines.append(
            f"- {label('operator')}: `{element.operator}`"
            + (f" ({operator.name})" if operator else "")
        )
    status = _(STATUS_LABELS[element.status])
    dates = " – ".join(d for d in (_day(element.since), _day(element.until)) if d)
    lines.append(f"- {label('status')}: {status}" + (f" ({dates})" if dates else ""))
    dependents = snapshot.dependents(element.id)
    lines.append(f"- {label('depended on by')}: {_ids(dependents)}")
    failure = simulate_failure(architecture, [element.id], CURRENT)
    lines.append(
        f"- {label('if it fails, down in the current state')}: {_ids(list(failure.affected))}"
    )
    if failure.degraded:
        lines.append(f"- {label('degraded (redundancy left)')}: {_ids(sorted(failure.degraded))}")
    if element.implements:
        lines.append(f"- {label('implements')}:")
        for block_id in element.implements:
            found = snapshot.find_block(block_id)
            name = f" {found[1].names.vi}" if found else ""
            statuses = "; ".join(
                f"{label}: {_(STATUS_TEXT[_status_of(value)])}"
                for label, value in snapshot.block_statuses(block_id)
            )
            lines.append(f"  - `{block_id}`{name}" + (f" — {statuses}" if statuses else ""))
    if element.description:
        lines.extend(["", element.description])
    return "\n".join(lines)


def _status_of(value: str) -> Any:
    from ictarch.frameworks.conformance import BlockStatus

    return BlockStatus(value)


def block_card(catalogue: Catalogue, block: Block) -> str:
    lines = [f"**{block.names.vi}**", ""]
    if block.names.en != block.names.vi:
        lines.append(f"*{block.names.en}*")
        lines.append("")
    lines.append(f"- {label('building block')}: `{block.id}` ({catalogue.names.vi})")
    lines.append(f"- {label('layer')}: {block.layer}")
    mandatory = block.mandatory
    if mandatory is True:
        lines.append(f"- {label('mandatory')}")
    elif isinstance(mandatory, tuple) and mandatory:
        lines.append(f"- {label('mandatory for')}: {', '.join(mandatory)}")
    if block.obsolete or block.obsolete_since is not None:
        lines.append(
            f"- {label('obsolete')}" + (f" → `{block.replaced_by}`" if block.replaced_by else "")
        )
    if block.note:
        lines.extend(["", block.note])
    return "\n".join(lines)


def rule_card(rule: Rule) -> str:
    from ictarch.findings import SEVERITY_LABELS

    lines = [
        f"**{rule.code}** {rule.name} ({_(SEVERITY_LABELS[rule.severity])})",
        "",
        _(rule.summary),
        "",
        f"{label('Example')}: `{_(rule.example)}`",
        "",
        f"{label('Fix')}: {_(rule.fix)}",
    ]
    return "\n".join(lines)


def hover(
    snapshot: Snapshot | None, lines: list[str], path: Path, position: lsp.Position
) -> lsp.Hover | None:
    if position.line >= len(lines):
        return None
    word, start, end = word_at(lines[position.line], position.character)
    if not word:
        return None
    text: str | None = None
    if RULE_CODE.match(word):
        from ictarch.rules import ALL_RULES

        rule = ALL_RULES.get(word)
        text = rule_card(rule) if rule else None
    elif snapshot is not None:
        element = snapshot.architecture.elements.get(word)
        if element is not None:
            text = element_card(snapshot, element)
        else:
            found = snapshot.find_block(word)
            if found is not None:
                text = block_card(*found)
    if text is None:
        return None
    return lsp.Hover(
        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text),
        range=lsp.Range(lsp.Position(position.line, start), lsp.Position(position.line, end)),
    )


# ---------------------------------------------------------------------------
# Rename


class RenameRefused(Exception):
    """The new name cannot be used; the message says why (in the user's language)."""


def rename_target(
    snapshot: Snapshot, lines: list[str], path: Path, position: lsp.Position
) -> Occurrence:
    occurrence = snapshot.index.at(path, position.line, position.character)
    if occurrence is None or occurrence.target not in snapshot.architecture.elements:
        raise RenameRefused(_("there is no element id here to rename"))
    return occurrence


def rename(
    snapshots: list[Snapshot], snapshot: Snapshot, occurrence: Occurrence, new_name: str
) -> lsp.WorkspaceEdit:
    """Every place the id is written (definition, dependencies, owners, operators, views)
    in every file of the architecture, renamed; refuses an id that already exists."""
    old = occurrence.target
    if not ID_PATTERN.match(new_name):
        raise RenameRefused(
            _("{id!r} is not a valid id: lower-case letters, digits, '-' and '.'").format(
                id=new_name
            )
        )
    if new_name != old and new_name in snapshot.architecture.elements:
        raise RenameRefused(_("an element with the id {id!r} already exists").format(id=new_name))
    changes: dict[str, list[lsp.TextEdit]] = {}
    occurrences = [
        o for o in snapshot.index.by_target.get(old, ()) if o.role is not Role.RENAMED_FROM
    ]
    for found in occurrences:
        changes.setdefault(found.file.as_uri(), []).append(lsp.TextEdit(_range(found), new_name))
    return lsp.WorkspaceEdit(changes=changes)


# ---------------------------------------------------------------------------
# Code actions


def code_actions(
    snapshot: Snapshot | None,
    lines: list[str],
    path: Path,
    diagnostics: list[lsp.Diagnostic],
) -> list[lsp.CodeAction]:
    actions: list[lsp.CodeAction] = []
    uri = path.as_uri()
    for diagnostic in diagnostics:
        data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
        code = data.get("code") or diagnostic.code
        if not isinstance(code, str):
            continue
        suggestion = data.get("suggestion")
        written = _text_in(lines, diagnostic.range)
        # what the suggestion replaces: an id, a rule under rules:, a key or a block
        written_as = [data.get(key) for key in ("target", "value", "field", "block")]
        if isinstance(suggestion, str) and suggestion and written and written in written_as:
            actions.append(
                lsp.CodeAction(
                    title=_("Replace {old!r} with {new!r}").format(old=written, new=suggestion),
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=True,
                    edit=lsp.WorkspaceEdit(
                        changes={uri: [lsp.TextEdit(diagnostic.range, suggestion)]}
                    ),
                )
            )
        if snapshot is None:
            continue
        if code in ("ICT202", "ICT203") and isinstance(data.get("target"), str):
            action = _create_element(snapshot, data, diagnostic)
            if action is not None:
                actions.append(action)
        element = data.get("element")
        if isinstance(element, str) and element in snapshot.architecture.elements:
            from ictarch.acceptance import acceptable

            if acceptable(code):
                action = _add_waiver(
                    snapshot, snapshot.architecture.elements[element], code, diagnostic
                )
                if action is not None:
                    actions.append(action)
    return actions


def _text_in(lines: list[str], where: lsp.Range) -> str:
    if where.start.line != where.end.line or where.start.line >= len(lines):
        return ""
    return lines[where.start.line][where.start.character : where.end.character]


def _layer_for(snapshot: Snapshot, data: dict[str, Any]) -> str:
    """Where a missing element belongs: owners and operators in the top layer; a
    dependency one layer below the element that needs it (or in its layer, at the bottom)."""
    architecture = snapshot.architecture
    field_name = data.get("field")
    layers = [layer.id for layer in architecture.layers]
    if data.get("code") == "ICT203" or field_name in ("owner", "operator"):
        return layers[0]
    element = architecture.elements.get(str(data.get("element")))
    if element is None or element.layer not in layers:
        return layers[-1]
    rank = layers.index(element.layer)
    return layers[min(rank + 1, len(layers) - 1)]


def _layer_file(snapshot: Snapshot, layer: str) -> Path:
    """The file that holds most elements of ``layer`` (the root file when none does)."""
    counts: dict[str, int] = {}
    for element in snapshot.architecture.definitions:
        if element.layer == layer:
            counts[element.location.file] = counts.get(element.location.file, 0) + 1
    if not counts:
        return resolved(snapshot.architecture.root_file)
    return resolved(max(sorted(counts), key=lambda file: counts[file]))


def _create_element(
    snapshot: Snapshot, data: dict[str, Any], diagnostic: lsp.Diagnostic
) -> lsp.CodeAction | None:
    target = str(data["target"])
    if not ID_PATTERN.match(target):
        return None
    layer = _layer_for(snapshot, data)
    file = _layer_file(snapshot, layer)
    lines = snapshot.index.lines(file)
    edit = _append_to_layer(lines, layer, [f"id: {target}", f"name: {target}"])
    return lsp.CodeAction(
        title=_("Create the element {id!r} in {layer} ({file})").format(
            id=target, layer=layer, file=file.name
        ),
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=lsp.WorkspaceEdit(changes={file.as_uri(): [edit]}),
    )


def _append_to_layer(lines: list[str], layer: str, fields: list[str]) -> lsp.TextEdit:
    """An edit adding an element (its ``fields``) at the end of the layer's list."""
    header = re.compile(rf"^{re.escape(layer)}\s*:\s*(#.*)?$")
    start = next((n for n, line in enumerate(lines) if header.match(line)), None)
    if start is None:  # a new list at the end of the file
        body = "\n".join([f"{layer}:", f"  - {fields[0]}", *(f"    {f}" for f in fields[1:])])
        last = len(lines) - 1
        prefix = "" if not lines[last] else "\n"
        position = lsp.Position(last, len(lines[last]))
        return lsp.TextEdit(lsp.Range(position, position), f"{prefix}{body}\n")
    end = len(lines)
    dash = "  "
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if line and not line[0].isspace() and not line.startswith(("#", "-")):
            end = number
            break
        stripped = line.lstrip(" ")
        if stripped.startswith("- ") and dash == "  " and number == _first_item(lines, start):
            dash = line[: len(line) - len(stripped)]
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    item = "\n".join([f"{dash}- {fields[0]}", *(f"{dash}  {f}" for f in fields[1:])])
    position = lsp.Position(end, 0)
    if end >= len(lines):  # after the last line
        last = len(lines) - 1
        position = lsp.Position(last, len(lines[last]))
        return lsp.TextEdit(
            lsp.Range(position, position), ("\n" if lines[last] else "") + item + "\n"
        )
    return lsp.TextEdit(lsp.Range(position, position), item + "\n")


def _first_item(lines: list[str], start: int) -> int:
    for number in range(start + 1, len(lines)):
        if lines[number].lstrip(" ").startswith("- "):
            return number
    return -1


def waiver_reason_placeholder() -> str:
    return _("(write why this finding is accepted)")


def _add_waiver(
    snapshot: Snapshot, element: Element, code: str, diagnostic: lsp.Diagnostic
) -> lsp.CodeAction | None:
    """An edit adding ``{code: ..., reason: ...}`` to the element's ``waivers:``."""
    file = resolved(element.location.file)
    lines = snapshot.index.lines(file)
    id_position = element.positions.get("id")
    if id_position is None:
        return None
    key_line, key_column = id_position[0] - 1, id_position[1] - 1
    if key_line >= len(lines):
        return None
    reason = waiver_reason_placeholder().replace('"', "'")
    entry = f'{{code: {code}, reason: "{reason}"}}'
    waivers = element.positions.get("waivers")
    if waivers is not None and lines[waivers[0] - 1][waivers[1] - 1 :].rstrip().endswith(":"):
        # a block list: one more item, indented like the key's value
        line = waivers[0]
        indent = " " * (waivers[1] + 1)
        edit = lsp.TextEdit(
            lsp.Range(lsp.Position(line, 0), lsp.Position(line, 0)), f"{indent}- {entry}\n"
        )
    elif waivers is not None:
        return None  # a flow list: left to the user
    elif lines[key_line][:key_column].strip() in ("", "-"):
        # a block mapping: a new key under the id, at the id's indentation
        indent = " " * key_column
        position = lsp.Position(key_line + 1, 0)
        edit = lsp.TextEdit(
            lsp.Range(position, position), f"{indent}waivers:\n{indent}  - {entry}\n"
        )
    else:
        return None  # a flow mapping
    return lsp.CodeAction(
        title=_("Add a waiver of {code} to {element!r}").format(code=code, element=element.id),
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=lsp.WorkspaceEdit(changes={file.as_uri(): [edit]}),
    )
