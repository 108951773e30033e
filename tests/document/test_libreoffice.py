"""The DOCX opened by a real word processor: LibreOffice converts it to PDF headless,
and poppler's pdfinfo and pdftotext read the PDF back.

Skipped, with the reason, where LibreOffice (Debian: libreoffice-writer-nogui) or
poppler-utils is not installed; ``bash scripts/test.sh`` installs both as root.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ictarch.model.lifecycle import CURRENT
from ictarch.validation import validate_architecture
from tests.conftest import QUANG_NAM

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None or PDFINFO is None,
    reason="LibreOffice and poppler-utils are not installed (Debian/Ubuntu: apt-get install "
    "libreoffice-writer-nogui poppler-utils; scripts/test.sh does it as root)",
)
TIMEOUT = 300  # a bound, not a speed check: LibreOffice's first start on a loaded machine


def to_pdf(docx: Path, directory: Path) -> Path:
    """``soffice --headless --convert-to pdf`` with a profile of its own (no shared state)."""
    assert SOFFICE is not None
    profile = directory / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(directory),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
        env={**os.environ, "HOME": str(directory)},
    )
    pdf = directory / (docx.stem + ".pdf")
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    return pdf


def pdf_pages(pdf: Path) -> int:
    assert PDFINFO is not None
    info = subprocess.run([PDFINFO, str(pdf)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert match is not None, info
    return int(match.group(1))


def pdf_text(pdf: Path) -> list[str]:
    """The text of each page, in reading order (a table cell's lines together)."""
    assert PDFTOTEXT is not None
    text = subprocess.run(
        [PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")


@pytest.fixture(scope="module")
def pdfs(documents: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        lang: to_pdf(documents[lang], tmp_path_factory.mktemp(f"pdf-{lang}"))
        for lang in ("vi", "en")
    }


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            [
                "I. Những vấn đề chung",
                "II. Hiện trạng",
                "III. Kiến trúc mục tiêu",
                "IV. Lộ trình",
                "V. Tuân thủ",
                "Phụ lục A.",
                "Phụ lục B.",
            ],
        ),
        (
            "en",
            [
                "I. General",
                "II. Current state",
                "III. Target architecture",
                "IV. Roadmap",
                "V. Conformance",
                "Appendix A.",
                "Appendix B.",
            ],
        ),
    ],
)
def test_libreoffice_renders_the_five_parts_on_a4_pages(
    pdfs: dict[str, Path], lang: str, expected: list[str]
) -> None:
    pdf = pdfs[lang]
    pages = pdf_text(pdf)
    count = pdf_pages(pdf)
    assert 20 <= count <= 80, count
    # each part starts a page: find the page that opens with its heading
    starts = []
    for heading in expected:
        found = [
            number
            for number, page in enumerate(pages, 1)
            if heading in "\n".join(page.strip().splitlines()[:3])
        ]
        assert found, heading
        starts.append(found[0])
    assert starts == sorted(starts)
    assert starts[0] > 2  # the title page and the contents come first


def test_the_pdf_holds_names_with_their_diacritics_and_numbered_captions(
    pdfs: dict[str, Path],
) -> None:
    loaded = validate_architecture(QUANG_NAM, state=CURRENT)
    assert loaded.architecture is not None
    text = " ".join(" ".join(pdf_text(pdfs["vi"])).split())
    assert "Kiến trúc ICT phát triển đô thị thông minh tỉnh Quảng Nam" in text
    assert "Ủy ban nhân dân tỉnh Quảng Nam" in text
    assert "Bảng 1. Kiến trúc qua các con số" in text
    assert "Hình 9. " in text
    architecture = loaded.architecture
    systems = [
        e.name for e in architecture.elements.values() if e.layer != architecture.organisation_layer
    ]
    assert len(systems) > 50
    # a name broken over the lines of a table cell comes out interleaved with the cells
    # beside it; each of its words, diacritics and all, must be there
    words = set(text.split())
    assert sorted({w for name in systems for w in name.split()} - words) == []
    # names in running text (what is planned without a date) come out whole
    planned = [
        e.name
        for e in architecture.elements.values()
        if e.status.not_yet and not (e.since or e.until)
    ]
    assert planned
    assert [name for name in planned if name not in text] == []
