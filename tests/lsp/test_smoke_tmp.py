from __future__ import annotations
from pathlib import Path
import pytest
from pytest_lsp import LanguageClient
from tests.lsp.conftest import wait_until, codes

@pytest.mark.asyncio
async def test_smoke(client: LanguageClient, architecture: Path) -> None:
    services = architecture / "layers" / "services.yaml"
    await wait_until(lambda: client.diagnostics)
    print({k: len(v) for k, v in client.diagnostics.items()})
    assert codes(client, services)
