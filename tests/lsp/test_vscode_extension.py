"""The VS Code extension of editors/vscode/ is packaged to a .vsix by the real @vscode/vsce
(npm), with the language client it needs: what a user installs with
``code --install-extension ictarch-0.1.0.vsix``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

EXTENSION = REPO / "editors" / "vscode"
VSCE = REPO / ".venv" / "npm" / "node_modules" / ".bin" / "vsce"


@pytest.mark.skipif(
    shutil.which("npm") is None or not VSCE.exists(),
    reason="npm or @vscode/vsce is missing (scripts/setup.sh ensure_vsce installs it with npm)",
)
def test_the_extension_packages_into_a_vsix_that_starts_ictarch_lsp(tmp_path: Path) -> None:
    work = tmp_path / "vscode"
    shutil.copytree(EXTENSION, work, ignore=shutil.ignore_patterns("node_modules", "*.vsix"))
    installed = subprocess.run(
        ["npm", "install", "--omit=dev", "--no-audit", "--no-fund", "--silent"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if installed.returncode != 0:
        pytest.skip(f"npm could not install vscode-languageclient: {installed.stderr[-300:]}")
    packaged = subprocess.run(
        [str(VSCE), "package", "--allow-missing-repository", "--out", "ictarch.vsix"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "CI": "1"},
    )
    assert packaged.returncode == 0, packaged.stdout + packaged.stderr
    with zipfile.ZipFile(work / "ictarch.vsix") as vsix:
        names = set(vsix.namelist())
        manifest = json.loads(vsix.read("extension/package.json"))
        script = vsix.read("extension/extension.js").decode()
    assert "extension/node_modules/vscode-languageclient/package.json" in names
    assert manifest["main"] == "./extension.js"
    assert manifest["contributes"]["configuration"]["properties"]["ictarch.command"]["default"] == [
        "ictarch",
        "lsp",
    ]
    assert "TransportKind.stdio" in script
