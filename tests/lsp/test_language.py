"""Every message of ictarch lsp in the user's language: the client's locale, unless
``--lang`` says otherwise."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.conftest import (
    SERVER,
    diagnostics_of,
    initialize_params,
    open_file,
    position_of,
    validate_json,
    wait_until,
)

pytestmark = pytest.mark.asyncio


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def vietnamese(lsp_client: LanguageClient, architecture: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(initialize_params(architecture.parent, locale="vi-VN"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "ictarch", "--lang", "en", "lsp"]
    )
)
async def english_by_option(lsp_client: LanguageClient, architecture: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(initialize_params(architecture.parent, locale="vi"))
    yield
    await lsp_client.shutdown_session()


async def _messages(client: LanguageClient, architecture: Path, lang: str) -> None:
    expected = validate_json(architecture, "--lang", lang)["findings"]
    files = {Path(f["file"]).resolve() for f in expected}
    await wait_until(lambda: all(diagnostics_of(client, file) for file in files))
    got = sorted(d.message for file in files for d in diagnostics_of(client, file))
    assert got == sorted(f["message"] for f in expected)


async def test_the_client_locale_gives_vietnamese(
    vietnamese: LanguageClient, architecture: Path
) -> None:
    await _messages(vietnamese, architecture, "vi")
    services = architecture / "layers" / "services.yaml"
    open_file(vietnamese, services)
    hover = await vietnamese.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=services.as_uri()),
            position=position_of(services, "      - lgsp", offset=9),
        )
    )
    assert hover is not None
    card = str(hover.contents)
    assert "đơn vị chủ quản: `so-tttt`" in card
    assert "được phụ thuộc bởi" in card
    assert "trạng thái: đang vận hành" in card
    assert "lớp: Nền tảng dùng chung" in card


async def test_lang_wins_over_the_client_locale(
    english_by_option: LanguageClient, architecture: Path
) -> None:
    await _messages(english_by_option, architecture, "en")
