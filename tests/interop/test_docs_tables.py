"""docs/export.md carries the mapping tables the code uses."""

from __future__ import annotations

from ictarch.interop.tables import BEGIN, END, mapping_tables
from tests.conftest import REPO


def test_export_docs_show_the_tables_of_the_code() -> None:
    text = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END) + 1
    assert text[start:end] == mapping_tables(), (
        "regenerate the tables: python -c 'from ictarch.interop.tables import mapping_tables; "
        "print(mapping_tables())' and paste them into docs/export.md"
    )
