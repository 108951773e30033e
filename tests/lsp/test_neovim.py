"""A real editor: Neovim (headless, its built-in LSP client) drives ``ictarch lsp``
through tests/lsp/neovim_client.lua: diagnostics, completion, definition and rename."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ictarch.model.loader import load_architecture
from tests.conftest import ARCHITECTURES
from tests.lsp.conftest import BUNDLED, validate_json

SCRIPT = Path(__file__).with_name("neovim_client.lua")
NVIM = shutil.which("nvim")

pytestmark = pytest.mark.skipif(
    NVIM is None,
    reason="Neovim is not installed (scripts/setup.sh ensure_neovim: sudo apt-get install neovim)",
)


@pytest.mark.parametrize("name", BUNDLED)
def test_neovim_gets_diagnostics_completion_definition_and_renames(
    name: str, tmp_path: Path
) -> None:
    architecture = tmp_path / name
    shutil.copytree(ARCHITECTURES / name, architecture)
    services = architecture / "layers" / "services.yaml"
    out = tmp_path / "neovim.json"
    expected = [
        f for f in validate_json(architecture)["findings"] if f["file"].endswith("services.yaml")
    ]
    assert NVIM is not None
    environment = {
        **os.environ,
        "ICTARCH_ROOT": str(architecture),
        "ICTARCH_FILE": str(services),
        "ICTARCH_OUT": str(out),
        "ICTARCH_SERVER": f"{sys.executable} -m ictarch lsp",
        "HOME": str(tmp_path),  # no user configuration, no shada in the real home
    }
    completed = subprocess.run(
        [NVIM, "--headless", "--clean", "-n", "-c", f"luafile {SCRIPT}"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert out.exists(), completed.stderr
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["errors"] == []
    assert sorted((d["line"] + 1, d["code"]) for d in got["diagnostics"]) == sorted(
        (f["line"], f["code"]) for f in expected
    )
    model = load_architecture(ARCHITECTURES / name).architecture
    assert model is not None
    assert set(got["completion"]) == set(model.elements)
    platforms = architecture / "layers" / "platforms.yaml"
    assert got["definition"]["uri"] == platforms.as_uri()
    line = platforms.read_text(encoding="utf-8").split("\n")[got["definition"]["line"]]
    assert line.strip() == "- id: lgsp-tinh"  # renamed after the definition was asked
    assert got["renamed_files"] >= 2
    renamed = load_architecture(architecture).architecture
    assert renamed is not None
    assert "lgsp" not in renamed.elements
    assert "lgsp-tinh" in renamed.elements
    assert validate_json(architecture)["summary"] == validate_json(ARCHITECTURES / name)["summary"]
