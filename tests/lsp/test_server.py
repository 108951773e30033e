"""ictarch lsp end to end: the real server over stdio, on copies of both bundled
architectures, asked what an editor asks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from ictarch.frameworks.catalogue import BUNDLED_DIRECTORY
from ictarch.model.loader import load_architecture
from tests.conftest import ARCHITECTURES
from tests.lsp.conftest import (
    apply_edit,
    apply_workspace_edit,
    change_file,
    codes,
    diagnostics_of,
    open_file,
    position_of,
    validate_json,
    wait_until,
)

pytestmark = pytest.mark.asyncio


def _doc(path: Path) -> lsp.TextDocumentIdentifier:
    return lsp.TextDocumentIdentifier(uri=path.as_uri())


async def test_diagnostics_are_the_findings_of_validate_located_with_code_and_link(
    client: LanguageClient, architecture: Path
) -> None:
    expected = validate_json(architecture)["findings"]
    assert expected, "the bundled architectures have warnings to show"
    files = {Path(f["file"]).resolve() for f in expected}
    await wait_until(lambda: all(diagnostics_of(client, file) for file in files))
    got = sorted(
        (file.name, d.range.start.line + 1, d.range.start.character + 1, str(d.code))
        for file in files
        for d in diagnostics_of(client, file)
    )
    wanted = sorted((Path(f["file"]).name, f["line"], f["column"], f["code"]) for f in expected)
    assert got == wanted
    for file in files:
        for diagnostic in diagnostics_of(client, file):
            assert diagnostic.source == "ictarch"
            assert diagnostic.code_description is not None
            href = diagnostic.code_description.href
            assert href.startswith("file://")
            assert "/docs/rules.md#L" in href
            line = int(href.rpartition("#L")[2])
            docs = Path(href.removeprefix("file://").partition("#")[0])
            assert (
                docs.read_text(encoding="utf-8")
                .split("\n")[line - 1]
                .startswith(f"| {diagnostic.code} |")
            )


async def test_an_edit_reports_an_unknown_id_and_its_did_you_mean_fix_clears_it(
    client: LanguageClient, architecture: Path
) -> None:
    services = architecture / "layers" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    open_file(client, services)
    await wait_until(lambda: client.diagnostics.get(services.as_uri()) is not None)
    where = position_of(services, "      - lgsp")
    broken = apply_edit(
        text,
        [
            lsp.TextEdit(
                lsp.Range(
                    lsp.Position(where.line, where.character + 8),
                    lsp.Position(where.line, where.character + 12),
                ),
                "lgps",
            )
        ],
    )
    change_file(client, services, broken)
    found = await wait_until(
        lambda: [d for d in diagnostics_of(client, services) if d.code == "ICT202"]
    )
    diagnostic = found[0]
    assert diagnostic.range.start == lsp.Position(where.line, where.character + 8)
    assert diagnostic.range.end == lsp.Position(where.line, where.character + 12)
    assert "lgps" in diagnostic.message
    assert "lgsp" in diagnostic.message
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=_doc(services),
            range=diagnostic.range,
            context=lsp.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert actions is not None
    titles = [a.title for a in actions if isinstance(a, lsp.CodeAction)]
    fix = next(a for a in actions if isinstance(a, lsp.CodeAction) and a.is_preferred)
    assert "lgsp" in fix.title
    assert any("Create the element 'lgps'" in title for title in titles)
    assert fix.edit is not None
    assert fix.edit.changes is not None
    fixed = apply_edit(broken, list(fix.edit.changes[services.as_uri()]))
    assert fixed == text
    change_file(client, services, fixed)
    await wait_until(lambda: "ICT202" not in codes(client, services))


async def test_a_half_typed_file_is_reported_and_the_other_features_keep_working(
    client: LanguageClient, architecture: Path
) -> None:
    services = architecture / "layers" / "services.yaml"
    platforms = architecture / "layers" / "platforms.yaml"
    text = services.read_text(encoding="utf-8")
    open_file(client, services)
    await wait_until(lambda: client.diagnostics.get(services.as_uri()) is not None)
    change_file(client, services, text + "\n  - id: [half typed\n    name: {\n")
    await wait_until(lambda: "ICT001" in codes(client, services))
    where = position_of(services, "      - lgsp", offset=9)
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=_doc(services), position=where)
    )
    assert isinstance(found, lsp.Location)
    assert found.uri == platforms.as_uri()
    assert found.range.start == position_of(platforms, "- id: lgsp", offset=6)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=_doc(services), position=where)
    )
    assert hover is not None
    assert "lgsp" in str(hover.contents)
    # no "not defined" noise about the elements of the unreadable file elsewhere
    assert "ICT202" not in codes(client, platforms)


async def test_go_to_definition_of_an_id_and_of_a_building_block(
    client: LanguageClient, architecture: Path
) -> None:
    services = architecture / "layers" / "services.yaml"
    agencies = architecture / "layers" / "agencies.yaml"
    open_file(client, services)
    owner = position_of(services, "owner: vp-ubnd-tinh", offset=8)
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=_doc(services), position=owner)
    )
    assert isinstance(found, lsp.Location)
    assert found.uri == agencies.as_uri()
    assert found.range.start == position_of(agencies, "- id: vp-ubnd-tinh", offset=6)
    block = position_of(services, "vn-egov.public-service-portal", offset=3)
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=_doc(services), position=block)
    )
    assert isinstance(found, lsp.Location)
    catalogue = BUNDLED_DIRECTORY / "vn-egov.yaml"
    assert found.uri == catalogue.as_uri()
    line = catalogue.read_text(encoding="utf-8").split("\n")[found.range.start.line]
    assert "public-service-portal" in line


async def test_references_are_every_place_that_depends_on_owns_operates_or_focuses_on_an_id(
    client: LanguageClient, architecture: Path
) -> None:
    platforms = architecture / "layers" / "platforms.yaml"
    open_file(client, platforms)
    model = load_architecture(architecture).architecture
    assert model is not None
    for target in ("lgsp", "so-tttt"):
        expected = set()
        for element in model.definitions:
            for dependency in element.dependencies():
                if dependency.target == target:
                    expected.add((Path(dependency.location.file).name, dependency.location.line))
            for field_name in ("owner", "operator"):
                if getattr(element, field_name) == target:
                    where = element.where(field_name)
                    expected.add((Path(where.file).name, where.line))
        for view in model.views:
            if view.focus == target:
                expected.add(("architecture.yaml", view.where("focus").line))
        if model.metadata.get("owner") == target:
            expected.add(("architecture.yaml", model.metadata_locations["owner"].line))
        definition = position_of(
            architecture / "layers" / ("platforms.yaml" if target == "lgsp" else "agencies.yaml"),
            f"- id: {target}",
            offset=7,
        )
        uri = architecture / "layers" / ("platforms.yaml" if target == "lgsp" else "agencies.yaml")
        found = await client.text_document_references_async(
            lsp.ReferenceParams(
                text_document=_doc(uri),
                position=definition,
                context=lsp.ReferenceContext(include_declaration=False),
            )
        )
        assert found is not None
        got = {(Path(loc.uri).name, loc.range.start.line + 1) for loc in found}
        assert got == expected, target
        assert len(expected) > 3


async def test_hover_shows_the_element_card_a_block_and_a_rule(
    client: LanguageClient, architecture: Path
) -> None:
    services = architecture / "layers" / "services.yaml"
    open_file(client, services)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=_doc(services), position=position_of(services, "      - lgsp", offset=9)
        )
    )
    assert hover is not None
    assert isinstance(hover.contents, lsp.MarkupContent)
    card = hover.contents.value
    model = load_architecture(architecture).architecture
    assert model is not None
    lgsp = model.elements["lgsp"]
    assert lgsp.name in card
    assert "layer: " in card
    assert "owner: `so-tttt`" in card
    assert "status: operational" in card
    dependents = sorted(e.id for e in model.elements.values() if "lgsp" in e.dependency_targets())
    assert f"`{dependents[0]}`" in card.split("depended on by:")[1]
    assert "if it fails, down in the current state:" in card
    assert "vn-egov.lgsp" in card
    assert "covered" in card or "planned" in card
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=_doc(services),
            position=position_of(services, "vn-egov.public-service-portal", offset=10),
        )
    )
    assert hover is not None
    assert "Cổng dịch vụ công" in str(hover.contents)
    root = architecture / "architecture.yaml"
    text = root.read_text(encoding="utf-8") + "\n# ICT306 is about single points of failure\n"
    open_file(client, root, text)
    lines = text.split("\n")
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=_doc(root), position=lsp.Position(len(lines) - 2, 4))
    )
    assert hover is not None
    assert "critical-single-point-of-failure" in str(hover.contents) or "ICT306" in str(
        hover.contents
    )


async def _complete(
    client: LanguageClient, path: Path, text: str, line: int, character: int
) -> list[lsp.CompletionItem]:
    change_file(client, path, text)
    result = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=_doc(path), position=lsp.Position(line, character))
    )
    assert isinstance(result, lsp.CompletionList)
    return list(result.items)


async def test_completion_of_ids_organisations_kinds_statuses_blocks_and_rules(
    client: LanguageClient, architecture: Path
) -> None:
    services = architecture / "layers" / "services.yaml"
    root = architecture / "architecture.yaml"
    text = services.read_text(encoding="utf-8")
    open_file(client, services)
    model = load_architecture(architecture).architecture
    assert model is not None
    lines = text.split("\n")
    depends = position_of(services, "    depends_on:")

    def typed(line_text: str) -> tuple[str, int, int]:
        new = [*lines[: depends.line + 1], line_text, *lines[depends.line + 1 :]]
        return "\n".join(new), depends.line + 1, len(line_text)

    items = await _complete(client, services, *typed("      - lg"))
    labels = {item.label for item in items}
    assert labels == set(model.elements)
    items = await _complete(client, services, *typed("      - any_of: [tsdl-tinh, "))
    assert "lgsp" in {item.label for item in items}
    owner = position_of(services, "owner: vp-ubnd-tinh")
    owned = [*lines]
    owned[owner.line] = owned[owner.line][: owner.character] + "owner: "
    items = await _complete(client, services, "\n".join(owned), owner.line, owner.character + 7)
    agencies = {e.id for e in model.elements.values() if e.layer == "agencies"}
    assert {item.label for item in items} == agencies
    status = position_of(services, "status: operational")
    edited = [*lines]
    edited[status.line] = edited[status.line][: status.character] + "status: pl"
    items = await _complete(client, services, "\n".join(edited), status.line, status.character + 10)
    assert [item.label for item in items] == [
        "planned",
        "building",
        "operational",
        "deprecated",
        "retired",
    ]
    kind = position_of(services, "kind: portal")
    edited = [*lines]
    edited[kind.line] = edited[kind.line][: kind.character] + "kind: "
    items = await _complete(client, services, "\n".join(edited), kind.line, kind.character + 6)
    assert {"portal", "integration-platform", "data-centre"} <= {item.label for item in items}
    implements = position_of(services, "implements: [vn-egov.public-service-portal]")
    edited = [*lines]
    edited[implements.line] = edited[implements.line][: implements.character] + "implements: [vn"
    items = await _complete(
        client, services, "\n".join(edited), implements.line, implements.character + 15
    )
    portal = next(item for item in items if item.label == "vn-egov.public-service-portal")
    assert portal.detail is not None
    assert "Cổng dịch vụ công" in portal.detail
    assert any(item.label.startswith("ict-smartcity.") for item in items)
    edited = [*lines]
    edited.insert(implements.line + 1, "    waivers:")
    edited.insert(implements.line + 2, "      - {code: ICT3")
    items = await _complete(client, services, "\n".join(edited), implements.line + 2, 19)
    waivable = {item.label for item in items}
    assert "ICT306" in waivable
    assert "ICT001" not in waivable
    root_text = root.read_text(encoding="utf-8") + "rules:\n  ICT"
    open_file(client, root, root_text)
    root_lines = root_text.split("\n")
    items = await _complete(client, root, root_text, len(root_lines) - 1, 5)
    assert "ICT402" in {item.label for item in items}
    assert "ICT001" not in {item.label for item in items}  # loading rules cannot be set


async def test_views_complete_and_resolve_ids(client: LanguageClient, architecture: Path) -> None:
    root = architecture / "architecture.yaml"
    text = root.read_text(encoding="utf-8")
    open_file(client, root)
    lines = text.split("\n")
    views = position_of(root, "views:")
    edited = [*lines]
    edited.insert(views.line + 1, "  - {id: new-view, focus: lg")
    items = await _complete(client, root, "\n".join(edited), views.line + 1, 28)
    assert "lgsp" in {item.label for item in items}


async def test_document_and_workspace_symbols(client: LanguageClient, architecture: Path) -> None:
    platforms = architecture / "layers" / "platforms.yaml"
    open_file(client, platforms)
    model = load_architecture(architecture).architecture
    assert model is not None
    symbols = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=_doc(platforms))
    )
    assert symbols is not None
    names = [s.name for s in symbols]
    assert names == [e.id for e in model.definitions if e.layer == "platforms"]
    lgsp = next(s for s in symbols if s.name == "lgsp" and isinstance(s, lsp.DocumentSymbol))
    assert lgsp.selection_range.start == position_of(platforms, "- id: lgsp", offset=6)
    found = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="tich hop"))
    assert found is not None
    assert "lgsp" in {s.name.split(" ")[0] for s in found}  # "tích hợp", accents ignored


async def test_rename_changes_every_file_and_refuses_an_existing_id(
    client: LanguageClient, architecture: Path
) -> None:
    platforms = architecture / "layers" / "platforms.yaml"
    open_file(client, platforms)
    where = position_of(platforms, "- id: lgsp", offset=7)
    before = validate_json(architecture)
    with pytest.raises(Exception, match="already exists"):
        await client.text_document_rename_async(
            lsp.RenameParams(text_document=_doc(platforms), position=where, new_name="so-tttt")
        )
    prepared = await client.text_document_prepare_rename_async(
        lsp.PrepareRenameParams(text_document=_doc(platforms), position=where)
    )
    assert isinstance(prepared, lsp.PrepareRenamePlaceholder)
    assert prepared.placeholder == "lgsp"
    edit = await client.text_document_rename_async(
        lsp.RenameParams(text_document=_doc(platforms), position=where, new_name="lgsp-tinh")
    )
    assert edit is not None
    assert edit.changes is not None
    assert len(edit.changes) >= 2  # the definition, and dependents in other files
    written = apply_workspace_edit(edit)
    after = validate_json(architecture)
    assert [(f["code"], f["line"]) for f in after["findings"]] == [
        (f["code"], f["line"]) for f in before["findings"]
    ]
    assert after["summary"] == before["summary"]
    assert all("lgsp-tinh" in text for text in written.values())
    old = load_architecture(ARCHITECTURES / architecture.name).architecture
    new = load_architecture(architecture).architecture
    assert old is not None
    assert new is not None
    assert "lgsp" not in new.elements
    assert new.elements["lgsp-tinh"].name == old.elements["lgsp"].name
    assert sorted(e.id for e in new.elements.values() if "lgsp-tinh" in e.dependency_targets()) == (
        sorted(e.id for e in old.elements.values() if "lgsp" in e.dependency_targets())
    )
    assert [v.focus for v in new.views] == [
        "lgsp-tinh" if v.focus == "lgsp" else v.focus for v in old.views
    ]


async def test_quick_fixes_create_the_missing_element_and_add_a_waiver(
    client: LanguageClient, architecture: Path
) -> None:
    services = architecture / "layers" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    open_file(client, services)
    where = position_of(services, "      - lgsp")
    broken = apply_edit(
        text,
        [
            lsp.TextEdit(
                lsp.Range(
                    lsp.Position(where.line, where.character + 8),
                    lsp.Position(where.line, where.character + 12),
                ),
                "kho-du-lieu-moi",
            )
        ],
    )
    services.write_text(broken, encoding="utf-8")
    change_file(client, services, broken)
    found = await wait_until(
        lambda: [d for d in diagnostics_of(client, services) if d.code == "ICT202"]
    )
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=_doc(services),
            range=found[0].range,
            context=lsp.CodeActionContext(diagnostics=found),
        )
    )
    assert actions is not None
    create = next(a for a in actions if isinstance(a, lsp.CodeAction) and "Create" in a.title)
    assert "platforms" in create.title  # one layer below the service that needs it
    assert create.edit is not None
    apply_workspace_edit(create.edit)
    after = validate_json(architecture)
    assert not [f for f in after["findings"] if f["code"] == "ICT202"]
    created = [f for f in after["findings"] if f.get("element") == "kho-du-lieu-moi"]
    assert all(f["code"] not in ("ICT001", "ICT101", "ICT102") for f in created)
    # a waiver for a warning of an element, with a reason to fill in
    warning = next(f for f in after["findings"] if f["severity"] == "warning" and f.get("element"))
    file = Path(warning["file"]).resolve()
    open_file(client, file)
    diagnostics = await wait_until(
        lambda: [
            d
            for d in diagnostics_of(client, file)
            if d.code == warning["code"] and d.range.start.line == warning["line"] - 1
        ]
    )
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=_doc(file),
            range=diagnostics[0].range,
            context=lsp.CodeActionContext(diagnostics=diagnostics),
        )
    )
    assert actions is not None
    waiver = next(a for a in actions if isinstance(a, lsp.CodeAction) and "waiver" in a.title)
    assert waiver.edit is not None
    written = apply_workspace_edit(waiver.edit)
    assert "(write why this finding is accepted)" in next(iter(written.values()))
    final = validate_json(architecture)
    assert len(final["findings"]) == len(after["findings"]) - 1
    accepted = [s for s in final["suppressed"] if s["code"] == warning["code"]]
    assert accepted
    assert accepted[0]["suppression"]["kind"] == "waiver"
    assert accepted[0]["element"] == warning["element"]


async def test_did_you_mean_fixes_an_unknown_field_and_an_unknown_block(
    client: LanguageClient, architecture: Path
) -> None:
    services = architecture / "layers" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    open_file(client, services)
    await wait_until(lambda: client.diagnostics.get(services.as_uri()) is not None)
    broken = text.replace("    depends_on:\n", "    dependson:\n", 1).replace(
        "vn-egov.public-service-portal", "vn-egov.public-service-portl", 1
    )
    change_file(client, services, broken)
    found = await wait_until(
        lambda: (
            [d for d in diagnostics_of(client, services) if d.code in ("ICT102", "ICT501")]
            if {"ICT102", "ICT501"} <= set(codes(client, services))
            else None
        )
    )
    fixed = broken
    for diagnostic in found:
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=_doc(services),
                range=diagnostic.range,
                context=lsp.CodeActionContext(diagnostics=[diagnostic]),
            )
        )
        assert actions is not None
        fix = next(a for a in actions if isinstance(a, lsp.CodeAction) and a.is_preferred)
        assert fix.edit is not None
        assert fix.edit.changes is not None
        fixed = apply_edit(fixed, list(fix.edit.changes[services.as_uri()]))
    assert fixed == text


def _units(text: str) -> int:
    """How many UTF-16 code units ``text`` takes (the protocol's default position unit)."""
    return len(text.encode("utf-16-le")) // 2


def _apply_utf16(text: str, edits: list[lsp.TextEdit]) -> str:
    """``text`` with one-line ``edits`` applied, their columns in UTF-16 units (as VS
    Code and Neovim 0.7 count them)."""
    lines = text.split("\n")

    def index(line: str, units: int) -> int:
        for position in range(len(line) + 1):
            if _units(line[:position]) >= units:
                return position
        return len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character)):
        assert edit.range.start.line == edit.range.end.line
        line = lines[edit.range.start.line]
        start = index(line, edit.range.start.character)
        end = index(line, edit.range.end.character)
        lines[edit.range.start.line] = line[:start] + edit.new_text + line[end:]
    return "\n".join(lines)


async def test_positions_count_utf16_units_after_characters_outside_the_bmp(
    client: LanguageClient, architecture: Path
) -> None:
    """A client that counts UTF-16 units (VS Code's capabilities: the default) sees a
    finding after emoji where it is, applies its fix there, and goes to definition from
    there: each emoji is one character to the server and two units to the client."""
    # in a folder whose URI is percent-encoded (a space, Vietnamese): the edited line is
    # only in the unsaved buffer, which the server must find under that URI
    folder = architecture.parent / "kiến trúc số" / architecture.name
    shutil.copytree(architecture, folder)
    services = folder / "layers" / "services.yaml"
    platforms = folder / "layers" / "platforms.yaml"
    text = services.read_text(encoding="utf-8")
    open_file(client, services)
    await wait_until(lambda: client.diagnostics.get(services.as_uri()) is not None)
    number = position_of(services, "      - lgsp").line
    lines = text.split("\n")
    assert lines[number] == "      - lgsp"
    lines[number] = '      - {description: "😀😀😀😀😀😀 qua LGSP", id: lgspx}'
    broken = "\n".join(lines)
    change_file(client, services, broken)
    found = await wait_until(
        lambda: [
            d
            for d in diagnostics_of(client, services)
            if d.code == "ICT202" and d.range.start.line == number
        ]
    )
    column = _units(lines[number][: lines[number].index("lgspx")])
    assert found[0].range.start == lsp.Position(number, column)
    assert found[0].range.end == lsp.Position(number, column + len("lgspx"))
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=_doc(services),
            range=found[0].range,
            context=lsp.CodeActionContext(diagnostics=[found[0]]),
        )
    )
    assert actions is not None
    carried = [d for a in actions if isinstance(a, lsp.CodeAction) for d in a.diagnostics or ()]
    assert len(carried) >= 2  # the same diagnostic, in several actions
    assert all(d.range == found[0].range for d in carried)  # in the client's units, once
    fix = next(a for a in actions if isinstance(a, lsp.CodeAction) and a.is_preferred)
    assert fix.edit is not None
    assert fix.edit.changes is not None
    fixed = _apply_utf16(broken, list(fix.edit.changes[services.as_uri()]))
    assert fixed.split("\n")[number] == lines[number].replace("lgspx", "lgsp")
    change_file(client, services, fixed)
    await wait_until(
        lambda: (
            not [
                d
                for d in diagnostics_of(client, services)
                if d.code == "ICT202" and d.range.start.line == number
            ]
        )
    )
    target = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=_doc(services), position=lsp.Position(number, column))
    )
    assert isinstance(target, lsp.Location)
    assert target.uri == platforms.as_uri()
    assert target.range.start == position_of(platforms, "- id: lgsp", offset=6)


class _InOrder(dict[str, list[lsp.Diagnostic]]):
    """The client's diagnostics, remembering the order in which files were published."""

    def __init__(self, known: dict[str, list[lsp.Diagnostic]]) -> None:
        super().__init__(known)
        self.order: list[str] = []

    def __setitem__(self, uri: str, diagnostics: list[lsp.Diagnostic]) -> None:
        self.order.append(uri)
        super().__setitem__(uri, diagnostics)


async def test_the_open_file_is_published_before_the_other_files_an_edit_changes(
    client: LanguageClient, architecture: Path
) -> None:
    loaded = load_architecture(architecture)
    assert loaded.architecture is not None
    elements = loaded.architecture.elements
    named_elsewhere = {
        target: element.location.file
        for element in elements.values()
        for target in element.dependency_targets()
        if target in elements and elements[target].location.file != element.location.file
    }
    files = [Path(display).resolve() for display in dict.fromkeys(loaded.sources)]
    # the last file in the architecture's order holding an element another file names:
    # the server's own order would publish the other files first
    edited = next(
        f
        for f in reversed(files)
        if f
        in {Path(e.location.file).resolve() for e in elements.values() if e.id in named_elsewhere}
    )
    renamed = next(
        key for key in named_elsewhere if Path(elements[key].location.file).resolve() == edited
    )
    text = edited.read_text(encoding="utf-8")
    open_file(client, edited, text)
    await wait_until(lambda: all(client.diagnostics.get(f.as_uri()) is not None for f in files[1:]))
    client.diagnostics = _InOrder(client.diagnostics)
    # the renamed id breaks the references of other files; the misspelt one adds an
    # unknown id to the open file (its own checks, published first, are unchanged)
    broken = text.replace(f"id: {renamed}\n", f"id: {renamed}-renamed\n", 1)
    line = next(
        line
        for line in broken.split("\n")
        if line.strip().startswith("- ") and line.strip()[2:] in elements
    )
    broken = broken.replace(line + "\n", line + "-typo\n", 1)
    assert broken.count("\n") == text.count("\n")
    change_file(client, edited, broken)
    await wait_until(
        lambda: "ICT202" in codes(client, edited) and len(set(client.diagnostics.order)) > 1
    )
    assert client.diagnostics.order[0] == edited.as_uri()
