"""Every command's Vietnamese output equals its golden file exactly.

When a change is meant to change them, run ``.venv/bin/python tests/vi/regenerate_golden.py``
and read the difference by eye.
"""

from __future__ import annotations

import unicodedata

import pytest

from tests.vi.regenerate_golden import COMMANDS, GOLDEN, golden_outputs


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return golden_outputs()


def test_the_golden_folder_holds_one_file_per_command() -> None:
    assert sorted(path.name for path in GOLDEN.iterdir()) == sorted(COMMANDS)
    commands = {arguments[0] for arguments in COMMANDS.values()}
    assert {
        "validate",
        "render",
        "diff",
        "impact",
        "analyze",
        "schema",
        "rules",
        "init",
        "conformance",
        "export",
        "import",
        "roadmap",
    } <= (commands)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_output_equals_the_golden_file(outputs: dict[str, str], name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert outputs[name] == expected
    assert unicodedata.normalize("NFC", expected) == expected
