"""Folding text for search: Vietnamese diacritics, đ and case do not matter."""

from __future__ import annotations

import json
import unicodedata

import pytest

from ictarch.site.search import fold
from ictarch.validation import validate_architecture
from tests.conftest import QUANG_NAM


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Quảng Nam", "quang nam"),
        ("Ủy ban nhân dân thị xã Điện Bàn", "uy ban nhan dan thi xa dien ban"),
        ("đường ĐẠI LỘ", "duong dai lo"),
        ("Nền tảng  tích hợp\n(LGSP)", "nen tang tich hop (lgsp)"),
        ("lgsp", "lgsp"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_is_the_same_for_composed_and_decomposed_text() -> None:
    name = "Hội An, Bắc Trà My"
    assert fold(unicodedata.normalize("NFD", name)) == fold(unicodedata.normalize("NFC", name))


def test_the_browser_folds_the_query_the_same_way() -> None:
    """site.js must drop the same marks as fold(); read its one folding function."""
    from ictarch.site.pages import ASSETS

    script = (ASSETS / "site.js").read_text(encoding="utf-8")
    assert 'normalize("NFD").replace(/\\p{Mn}/gu, "")' in script
    assert '.replace(/\\u0111/g, "d").replace(/\\u0110/g, "D")' in script


def test_the_index_is_ascii_javascript_with_folded_keys(quang_nam_site: object) -> None:
    from pathlib import Path

    site = Path(str(quang_nam_site))
    raw = (site / "search-index.js").read_bytes()
    raw.decode("ascii")  # names are \\u-escaped: the file's encoding cannot matter
    text = raw.decode("ascii")
    prefix = "window.ICTARCH_SEARCH="
    rows = json.loads(text[text.index(prefix) + len(prefix) : text.rindex(";")])
    by_id = {row[0]: row for row in rows}
    assert by_id["ubnd-tinh"][1] == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert by_id["ubnd-tinh"][3] == "elements/ubnd-tinh.html"
    assert "quang nam" in by_id["ubnd-tinh"][4]
    architecture = validate_architecture(QUANG_NAM).architecture
    assert architecture is not None
    assert len(rows) == len(architecture.elements)
