"""Shared fixtures: paths to the bundled architectures and a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
ARCHITECTURES = REPO / "architectures"
QUANG_NAM = ARCHITECTURES / "quang-nam"
QUANG_NAM_2021 = ARCHITECTURES / "quang-nam-2021"


def pytest_configure(config: pytest.Config) -> None:
    """The tests never read or fill the user's result cache: one of their own, per run."""
    import os
    import tempfile

    os.environ["ICTARCH_CACHE_DIR"] = tempfile.mkdtemp(prefix="ictarch-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    import os
    import shutil

    directory = os.environ.pop("ICTARCH_CACHE_DIR", None)
    if directory and "ictarch-test-cache-" in directory:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def deny_reading(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Make reading files of a given name fail with "Permission denied".

    Tests may run as root, where chmod 000 does not stop reading.
    """
    original = Path.read_bytes
    denied: set[str] = set()

    def read_bytes(path: Path) -> bytes:
        if path.name in denied:
            raise PermissionError(13, "Permission denied", str(path))
        return original(path)

    original_open = os.open

    def open_file(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(os.fsdecode(path)).name in denied:  # ictarch.inputs.read_input opens so
            raise PermissionError(13, "Permission denied", str(path))
        return original_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "open", open_file)
    return denied.add


@pytest.fixture(autouse=True)
def hermetic_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's shell out of the results: colour forcing and size limits."""
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("ICTARCH_MAX_FILE_MB", "ICTARCH_MAX_VALUES", "ICTARCH_MAX_ELEMENTS"):
        monkeypatch.delenv(name, raising=False)
    # English unless a test asks otherwise; a test's --lang does not leak into the next
    for name in ("ICTARCH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    from ictarch import i18n

    monkeypatch.setattr(i18n, "_language", None)
    monkeypatch.setattr(i18n, "_translation", None)
