"""The DOCX read back by python-docx: outline, layer tables, pictures, page, fonts, fields.

What the document must hold is computed here from the model (the elements of each
QĐ 3090 layer in the current and target states), not copied from an earlier run.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ictarch import i18n
from ictarch.document.layers import digital_layer, digital_layers
from ictarch.model.architecture import Architecture
from ictarch.model.lifecycle import CURRENT, TARGET
from ictarch.validation import validate_architecture
from tests.conftest import QUANG_NAM
from tests.document.conftest import run_document, write_document

INVENTORY_HEADERS = {
    "vi": [
        "Tên",
        "Đơn vị chủ quản",
        "Đơn vị vận hành",
        "Trạng thái",
        "Từ ngày",
        "Mức độ quan trọng",
    ],
    "en": ["Name", "Owner", "Operator", "Status", "Since", "Criticality"],
}
PARTS = {
    "vi": ["Những vấn đề chung", "Hiện trạng", "Kiến trúc mục tiêu", "Lộ trình", "Tuân thủ"],
    "en": ["General", "Current state", "Target architecture", "Roadmap", "Conformance"],
}


@pytest.fixture(scope="module")
def quang_nam() -> Architecture:
    loaded = validate_architecture(QUANG_NAM)
    assert loaded.architecture is not None
    return loaded.architecture


def layer_names(architecture: Architecture, state: Any) -> list[list[str]]:
    """The names of the elements of each QĐ 3090 layer that work in ``state``."""
    working = architecture.snapshot(state).in_state(CURRENT)
    return [
        sorted(e.name for e in working.elements.values() if digital_layer(working, e) == layer.id)
        for layer in digital_layers()
    ]


def headings(document: Any, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_five_parts_and_the_appendices_in_order(documents: dict[str, Path], lang: str) -> None:
    document = docx.Document(str(documents[lang]))
    parts = headings(document, 1)
    numbered = [text for text in parts if re.match(r"[IV]+\. ", text)]
    assert numbered == [
        f"{n}. {title}" for n, title in zip(("I", "II", "III", "IV", "V"), PARTS[lang], strict=True)
    ]
    appendices = [text for text in parts if not re.match(r"[IV]+\. ", text)]
    assert len(appendices) == 2
    assert all(text.startswith("Phụ lục" if lang == "vi" else "Appendix") for text in appendices)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_layer_has_its_inventory_with_every_element(
    documents: dict[str, Path], quang_nam: Architecture, lang: str
) -> None:
    document = docx.Document(str(documents[lang]))
    inventories = [
        table
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells] == INVENTORY_HEADERS[lang]
    ]
    i18n.set_language(lang)
    expected = [names for names in layer_names(quang_nam, CURRENT) if names]
    expected += [names for names in layer_names(quang_nam, TARGET) if names]
    assert len(expected) == 8  # four layers, current and target, none empty in Quảng Nam
    assert [
        sorted(row.cells[0].text for row in table.rows[1:]) for table in inventories
    ] == expected


def test_target_inventories_hold_what_is_planned(
    documents: dict[str, Path], quang_nam: Architecture
) -> None:
    document = docx.Document(str(documents["vi"]))
    texts = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    planned = [e for e in quang_nam.elements.values() if e.status.not_yet]
    assert planned, "Quảng Nam plans elements"
    assert all(e.name in texts for e in planned)


def test_header_rows_repeat_on_every_page(documents: dict[str, Path]) -> None:
    document = docx.Document(str(documents["vi"]))
    assert len(document.tables) > 20
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None
        assert header.find(qn("w:tblHeader")) is not None


def test_a_picture_per_layer_and_state_and_the_gantt_chart(documents: dict[str, Path]) -> None:
    document = docx.Document(str(documents["vi"]))
    assert len(document.inline_shapes) == 9
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    figures = [text for text in captions if text.startswith("Hình ")]
    assert [text.split(".")[0] for text in figures] == [f"Hình {n}" for n in range(1, 10)]
    assert figures[-1].startswith("Hình 9. ")
    assert "trạng thái" in figures[-1]
    with zipfile.ZipFile(documents["vi"]) as archive:
        pictures = [name for name in archive.namelist() if name.startswith("word/media/")]
        # python-docx stores a picture once however often it is shown: a layer that does not
        # change from the current state to the target has the same diagram twice
        assert 5 <= len(pictures) <= 9
        for name in pictures:
            data = archive.read(name)
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            assert data[12:16] == b"IHDR"
    for shape in document.inline_shapes:  # fits the text width (165 mm)
        assert shape.width <= Mm(165)


def test_a4_margins_fonts_page_numbers(documents: dict[str, Path]) -> None:
    document = docx.Document(str(documents["vi"]))
    section = document.sections[0]
    # Word keeps lengths in twentieths of a point: compare in whole millimetres
    measures = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(length.mm) for length in measures] == [210, 297, 20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    for level in (1, 2, 3):
        assert document.styles[f"Heading {level}"].font.name == "Times New Roman"
    header = section.header.paragraphs[0]._p.xml
    assert "PAGE" in header
    assert "fldChar" in header
    assert section.different_first_page_header_footer  # no number on the title page


def test_a_table_of_contents_field(documents: dict[str, Path]) -> None:
    document = docx.Document(str(documents["vi"]))
    instructions = [
        node.text for node in document.element.body.iter(qn("w:instrText")) if node.text
    ]
    assert ' TOC \\o "1-2" \\h \\z \\u ' in instructions
    settings = document.settings.element.xml
    assert "updateFields" in settings


def test_properties_are_dated_from_released(documents: dict[str, Path]) -> None:
    properties = docx.Document(str(documents["vi"])).core_properties
    assert properties.created == datetime.datetime(2022, 10, 10, tzinfo=datetime.UTC)
    assert properties.modified == datetime.datetime(2022, 10, 10, tzinfo=datetime.UTC)
    assert properties.title.startswith("Kiến trúc ICT phát triển đô thị thông minh tỉnh Quảng Nam")
    assert properties.language == "vi-VN"


def test_markdown_has_the_same_headings_and_captions(documents: dict[str, Path]) -> None:
    document = docx.Document(str(documents["vi"]))
    in_docx = [
        p.text
        for p in document.paragraphs
        if p.style.name in ("Heading 1", "Heading 2", "Heading 3", "Caption")
    ]
    markdown = documents["md"].read_text(encoding="utf-8")
    in_markdown = [
        re.sub(r"^#+ |\*\*", "", line)
        for line in markdown.splitlines()
        if re.match(r"#{2,4} |\*\*(Bảng|Hình) ", line)
    ]
    assert in_markdown == in_docx
    assert markdown.count("```mermaid") == 9


def test_two_runs_give_the_same_bytes_and_source_date_epoch_dates_it(
    tmp_path: Path, documents: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    again = write_document(tmp_path, "again.docx", "vi")
    assert again.read_bytes() == documents["vi"].read_bytes()
    with zipfile.ZipFile(again) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    dated = write_document(tmp_path, "dated.docx", "vi")
    assert docx.Document(str(dated)).core_properties.created == datetime.datetime(
        2026, 1, 1, tzinfo=datetime.UTC
    )


def test_check_passes_on_the_current_document_and_fails_when_stale(
    tmp_path: Path, documents: dict[str, Path]
) -> None:
    import shutil

    copy = tmp_path / "quang-nam"
    shutil.copytree(QUANG_NAM, copy)
    committed = write_document(tmp_path, "kt.docx", "vi", source=copy)
    code, output = run_document(str(copy), "-o", str(committed), "--check")
    assert code == 0, output
    assert "kt.docx" in output
    root = copy / "architecture.yaml"
    root.write_text(
        root.read_text(encoding="utf-8").replace(
            "  principles:\n", "  vision: Một tầm nhìn.\n  principles:\n"
        ),
        encoding="utf-8",
    )
    before = committed.read_bytes()
    code, output = run_document(str(copy), "-o", str(committed), "--check")
    assert code == 1, output
    assert "ictarch document" in output
    assert committed.read_bytes() == before  # --check writes nothing
    code, output = run_document(str(copy), "-o", str(tmp_path / "missing.md"), "--check")
    assert code == 1
    assert not (tmp_path / "missing.md").exists()


def test_an_unknown_extension_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run_document(str(QUANG_NAM), "-o", str(tmp_path / "kt.pdf"), lang="en")
    assert code == 2
    assert "must end in .docx or .md" in output
    assert not (tmp_path / "kt.pdf").exists()


def test_it_never_writes_over_the_architecture(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "arch"
    shutil.copytree(QUANG_NAM, copy)
    target = copy / "layers" / "services.md"
    target.symlink_to(copy / "layers" / "services.yaml")
    before = (copy / "layers" / "services.yaml").read_bytes()
    code, output = run_document(str(copy), "-o", str(target), lang="en")
    assert code == 2, output
    assert "refusing to write" in output
    assert (copy / "layers" / "services.yaml").read_bytes() == before


def test_missing_texts_are_named_where_to_write_them(tmp_path: Path) -> None:
    from ictarch.scaffold import scaffold_files, write_scaffold

    small = tmp_path / "small"
    write_scaffold(small, scaffold_files("small", "Tỉnh mẫu"))
    root = small / "architecture.yaml"
    text = root.read_text(encoding="utf-8")
    root.write_text(text[: text.index("document:")], encoding="utf-8")
    path = write_document(tmp_path, "small.md", "en", source=small)
    markdown = path.read_text(encoding="utf-8")
    for key in ("goals", "scope", "principles", "vision"):
        assert f"*Not written yet: add document.{key} to small/architecture.yaml.*" in markdown


HOSTILE = """\
ictarch: 1
architecture:
  id: hostile
  name: "Tỉnh \\x1b[31mđỏ\\u202e </w:t><script>alert(1)</script>"
  owner: so
  released: "2025-12-31"
document:
  goals: "Mục tiêu | với ký tự \\x07 điều khiển và `mã` **đậm**"
agencies:
  - {id: so, name: "Sở <b>KH&CN</b> \\x00", kind: agency}
services:
  - {id: dv, name: "Dịch vụ \\"công\\" & <tag> | ống", kind: portal, owner: so, depends_on: [nt]}
platforms:
  - {id: nt, name: "Nền tảng \\\\ gạch chéo {x}", kind: integration-platform, owner: so}
"""


@pytest.mark.parametrize("name", ["hostile.docx", "hostile.md"])
def test_names_with_markup_and_control_characters_stay_text(tmp_path: Path, name: str) -> None:
    root = tmp_path / "hostile.yaml"
    root.write_text(HOSTILE, encoding="utf-8")
    path = write_document(tmp_path, name, "vi", source=root)
    if name.endswith(".docx"):
        document = docx.Document(str(path))
        texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert 'Dịch vụ "công" & <tag> | ống' in texts
        assert "Sở <b>KH&CN</b>" in " ".join(texts)
        whole = "\n".join(p.text for p in document.paragraphs) + "\n".join(texts)
        assert "\x1b" not in whole
        assert "\x00" not in whole
        assert "\u202e" not in whole
    else:
        markdown = path.read_text(encoding="utf-8")
        assert "<script>" not in markdown
        assert "<tag>" not in markdown
        assert "\x1b" not in markdown
        assert "Dịch vụ &quot;công&quot; &amp; &lt;tag&gt; &#124; ống" in markdown


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("document:\n  goal: [x]\n", "goal"),
        ("document:\n  vision: 3\n", "vision"),
        ("document: [a]\n", "document"),
    ],
)
def test_the_document_section_is_checked_by_the_schema(
    tmp_path: Path, section: str, message: str
) -> None:
    root = tmp_path / "arch.yaml"
    root.write_text(
        HOSTILE.split("document:")[0]
        + section
        + "agencies:\n  - {id: so, name: Sở, kind: agency}\n",
        encoding="utf-8",
    )
    loaded = validate_architecture(root)
    problems = [f for f in loaded.findings if f.code.startswith("ICT1")]
    assert problems, loaded.findings
    assert any(message in f.message for f in problems)
    assert all(f.line >= 6 for f in problems)


def test_a_date_and_a_framework_choose_part_ii_and_part_v(
    tmp_path: Path, quang_nam: Architecture
) -> None:
    path = tmp_path / "2021.md"
    code, output = run_document(
        str(QUANG_NAM),
        "-o",
        str(path),
        "--at",
        "2021-01-01",
        "--framework",
        "vn-digital@1.0",
        lang="en",
    )
    assert code == 0, output
    markdown = path.read_text(encoding="utf-8")
    current = markdown[markdown.index("## II. ") : markdown.index("## III. ")]
    target = markdown[markdown.index("## III. ") : markdown.index("## IV. ")]
    assert "state: 2021-01-01" in current
    later = [e for e in quang_nam.elements.values() if e.since and e.since.year >= 2022]
    assert later
    for element in later:  # not yet in service on 01/01/2021, in service in the target
        assert f"| {element.name} |" not in current
        assert f"| {element.name} |" in target
    conformance = markdown[markdown.index("## V. ") :]
    assert re.findall(r"^### \d+\. .*$", conformance, re.MULTILINE) == [
        "### 1. Overall national digital architecture framework (vn-digital 1.0)"
    ]


def test_a_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run_document(
        str(QUANG_NAM), "-o", str(tmp_path / "x.docx"), "--at", "2021-13-01", lang="en"
    )
    assert code == 2
    assert "is not a date" in output
    assert not (tmp_path / "x.docx").exists()


def test_markdown_needs_no_graphviz_and_docx_says_it_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot (nor anything else) on PATH
    code, output = run_document(str(QUANG_NAM), "-o", str(tmp_path / "kt.md"), lang="en")
    assert code == 0, output
    assert "```mermaid" in (tmp_path / "kt.md").read_text(encoding="utf-8")
    code, output = run_document(str(QUANG_NAM), "-o", str(tmp_path / "kt.docx"), lang="en")
    assert code == 2
    assert "'dot' program was not found" in output
    assert not (tmp_path / "kt.docx").exists()
