"""The language server, started for real (``python -m ictarch lsp``) and driven over stdio
by pytest-lsp's client, on copies of the bundled architectures."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import ARCHITECTURES

BUNDLED = ("quang-nam", "quang-nam-2021")
SERVER = [sys.executable, "-m", "ictarch", "lsp"]


@pytest.fixture(params=BUNDLED)
def architecture(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of a bundled architecture (edits, renames and fixes are applied to it)."""
    copy = tmp_path / request.param
    shutil.copytree(ARCHITECTURES / request.param, copy)
    return copy


def initialize_params(folder: Path, locale: str = "en") -> lsp.InitializeParams:
    return lsp.InitializeParams(
        capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
        workspace_folders=[lsp.WorkspaceFolder(uri=folder.as_uri(), name=folder.name)],
        locale=locale,
    )


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, architecture: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(initialize_params(architecture.parent))
    yield
    await lsp_client.shutdown_session()


async def wait_until(condition: Callable[[], Any], timeout: float = 30) -> Any:
    """Poll ``condition`` until it returns something true (the server answers
    asynchronously, after its debounce and checks)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = condition()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {condition}")
        await asyncio.sleep(0.05)


def diagnostics_of(client: LanguageClient, path: Path) -> list[lsp.Diagnostic]:
    return list(client.diagnostics.get(path.as_uri(), ()))


def codes(client: LanguageClient, path: Path) -> list[str]:
    return [str(d.code) for d in diagnostics_of(client, path)]


def open_file(client: LanguageClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            lsp.TextDocumentItem(
                uri=uri,
                language_id="yaml",
                version=1,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return uri


_versions: dict[str, int] = {}


def change_file(client: LanguageClient, path: Path, text: str) -> None:
    """Replace the buffer's whole text (unsaved, as an editor does while typing)."""
    uri = path.as_uri()
    _versions[uri] = _versions.get(uri, 1) + 1
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=_versions[uri]),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def position_of(path: Path, needle: str, occurrence: int = 0, offset: int = 0) -> lsp.Position:
    """Where ``needle`` is written in ``path`` (its ``occurrence``-th time), plus ``offset``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    seen = 0
    for number, line in enumerate(lines):
        start = line.find(needle)
        while start >= 0:
            if seen == occurrence:
                return lsp.Position(number, start + offset)
            seen += 1
            start = line.find(needle, start + 1)
    raise AssertionError(f"{needle!r} not in {path}")


def apply_edit(text: str, edits: list[lsp.TextEdit]) -> str:
    """``text`` with ``edits`` applied (ranges of the original text, in characters)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(position: lsp.Position) -> int:
        return offsets[position.line] + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def apply_workspace_edit(edit: lsp.WorkspaceEdit) -> dict[Path, str]:
    """Write a workspace edit to the files (as the editor would on save); the new texts."""
    written: dict[Path, str] = {}
    for uri, edits in (edit.changes or {}).items():
        path = Path(uri.removeprefix("file://"))
        written[path] = apply_edit(path.read_text(encoding="utf-8"), list(edits))
        path.write_text(written[path], encoding="utf-8")
    return written


def validate_json(folder: Path, *options: str) -> dict[str, Any]:
    """``ictarch validate --format json`` of ``folder``, through the real entry point."""
    completed = subprocess.run(
        [sys.executable, "-m", "ictarch", *options, "validate", str(folder), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout)
    return result
