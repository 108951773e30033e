"""Documents of the bundled Quảng Nam architecture, written once through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch import i18n
from ictarch.cli import app
from tests.conftest import QUANG_NAM


def run_document(*arguments: str, lang: str = "vi") -> tuple[int, str]:
    """``ictarch --lang LANG document ARGUMENTS`` through the entry point; (exit code, output).

    The language the command sets is put back afterwards: the documents are written once
    per session, outside the per-test reset of tests/conftest.py, and must not leave
    Vietnamese to the fixtures of other modules."""
    saved = i18n._language, i18n._translation
    try:
        result = CliRunner().invoke(app, ["--lang", lang, "document", *arguments])
    finally:
        i18n._language, i18n._translation = saved
    return result.exit_code, result.output


def write_document(directory: Path, name: str, lang: str, source: Path = QUANG_NAM) -> Path:
    path = directory / name
    code, output = run_document(str(source), "-o", str(path), lang=lang)
    assert code == 0, output
    return path


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Vietnamese and English DOCX and the Vietnamese Markdown of Quảng Nam."""
    directory = tmp_path_factory.mktemp("documents")
    return {
        "vi": write_document(directory, "kien-truc-so.docx", "vi"),
        "en": write_document(directory, "digital-architecture.docx", "en"),
        "md": write_document(directory, "kien-truc-so.md", "vi"),
    }
