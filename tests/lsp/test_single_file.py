"""A single-file architecture in flow style with the province's own catalogue
(tests/cases/ict505-required-connection-missing): navigation into the own catalogue,
references and rename inside flow mappings."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import REPO
from tests.lsp.conftest import (
    SERVER,
    apply_workspace_edit,
    codes,
    initialize_params,
    open_file,
    position_of,
    wait_until,
)

CASE = REPO / "tests" / "cases" / "ict505-required-connection-missing"

pytestmark = pytest.mark.asyncio


@pytest.fixture
def single(tmp_path: Path) -> Path:
    copy = tmp_path / "case"
    shutil.copytree(CASE, copy, ignore=shutil.ignore_patterns("expected.txt"))
    return copy


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, single: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(initialize_params(single))
    yield
    await lsp_client.shutdown_session()


async def test_own_catalogue_flow_style_references_and_rename(
    client: LanguageClient, single: Path
) -> None:
    root = single / "architecture.yaml"
    open_file(client, root)
    await wait_until(lambda: "ICT505" in codes(client, root))
    document = lsp.TextDocumentIdentifier(uri=root.as_uri())
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=document, position=position_of(root, "qn.app", offset=3))
    )
    assert isinstance(found, lsp.Location)
    catalogue = single / "qn-catalogue.yaml"
    assert found.uri == catalogue.as_uri()
    line = catalogue.read_text(encoding="utf-8").split("\n")[found.range.start.line]
    assert "app" in line
    references = await client.text_document_references_async(
        lsp.ReferenceParams(
            text_document=document,
            position=position_of(root, "{id: dc-2", offset=6),
            context=lsp.ReferenceContext(include_declaration=True),
        )
    )
    assert references is not None
    assert sorted(r.range.start.line for r in references) == sorted(
        [
            position_of(root, "[dc-2]").line,
            position_of(root, "[dc-2]", 1).line,
            position_of(root, "{id: dc-2").line,
        ]
    )
    edit = await client.text_document_rename_async(
        lsp.RenameParams(
            text_document=document,
            position=position_of(root, "{id: dc-2", offset=6),
            new_name="dc-du-phong",
        )
    )
    assert edit is not None
    written = apply_workspace_edit(edit)[root]
    assert "dc-2" not in written
    assert written.count("dc-du-phong") == 3


async def test_workspace_folders_added_and_removed(
    client: LanguageClient, single: Path, tmp_path: Path
) -> None:
    added = tmp_path / "added" / "quang-nam"
    shutil.copytree(REPO / "architectures" / "quang-nam", added)
    services = added / "layers" / "services.yaml"
    folder = lsp.WorkspaceFolder(uri=added.parent.as_uri(), name="added")
    client.workspace_did_change_workspace_folders(
        lsp.DidChangeWorkspaceFoldersParams(
            lsp.WorkspaceFoldersChangeEvent(added=[folder], removed=[])
        )
    )
    await wait_until(lambda: codes(client, services))
    client.workspace_did_change_workspace_folders(
        lsp.DidChangeWorkspaceFoldersParams(
            lsp.WorkspaceFoldersChangeEvent(added=[], removed=[folder])
        )
    )
    await wait_until(lambda: not codes(client, services))
    assert codes(client, single / "architecture.yaml")  # the first folder's stay


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def utf8_first(lsp_client: LanguageClient, single: Path) -> AsyncIterator[None]:
    params = initialize_params(single)
    assert params.capabilities.general is not None
    params.capabilities.general.position_encodings = [
        lsp.PositionEncodingKind.Utf8,
        lsp.PositionEncodingKind.Utf16,
    ]
    result = await lsp_client.initialize_session(params)
    # positions count characters: never UTF-8 bytes, which Vietnamese names would shift
    assert result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf16
    yield
    await lsp_client.shutdown_session()


async def test_positions_after_vietnamese_text_on_the_same_line(
    utf8_first: LanguageClient, single: Path
) -> None:
    root = single / "architecture.yaml"
    text = root.read_text(encoding="utf-8").replace(
        "{id: app-a, name: A,", "{id: app-a, name: Ứng dụng quản lý văn bản,", 1
    )
    root.write_text(text, encoding="utf-8")
    open_file(utf8_first, root)
    await wait_until(lambda: "ICT505" in codes(utf8_first, root))
    where = position_of(root, "depends_on: [lgsp]", offset=14)
    found = await utf8_first.text_document_definition_async(
        lsp.DefinitionParams(
            text_document=lsp.TextDocumentIdentifier(uri=root.as_uri()), position=where
        )
    )
    assert isinstance(found, lsp.Location)
    assert found.range.start == position_of(root, "{id: lgsp", offset=5)
