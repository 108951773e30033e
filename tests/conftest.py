"""Shared fixtures: paths to the bundled architectures and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
ARCHITECTURES = REPO / "architectures"
QUANG_NAM = ARCHITECTURES / "quang-nam"
QUANG_NAM_2021 = ARCHITECTURES / "quang-nam-2021"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


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
