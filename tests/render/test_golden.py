"""The DOT, Mermaid and index output of the small fixture equals the golden files exactly.

When a change to the renderer is meant to change them, run
``python tests/render/regenerate_golden.py`` and review the difference by eye.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from tests.render.regenerate_golden import FIXTURE, GOLDEN, golden_files

GOLDEN_NAMES = sorted(path.name for path in GOLDEN.iterdir())


def test_the_golden_folder_holds_exactly_what_the_fixture_renders() -> None:
    assert sorted(golden_files()) == GOLDEN_NAMES


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_output_equals_the_golden_file(name: str) -> None:
    rendered = golden_files()[name].decode("utf-8")
    assert rendered == (GOLDEN / name).read_text(encoding="utf-8")


def test_check_passes_on_the_golden_folder(runner: CliRunner) -> None:
    arguments = ["render", str(FIXTURE), "-f", "dot", "-f", "mermaid", "-o", str(GOLDEN)]
    result = runner.invoke(app, [*arguments, "--check"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
