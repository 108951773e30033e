"""Names are data: hostile names and descriptions stay text in DOT, SVG and Mermaid."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from ictarch.render.diagram import clean_text
from ictarch.render.dot import dot_label
from ictarch.render.mermaid import mermaid_text
from tests.render.synthetic import HOSTILE_NAMES, hostile_architecture, write_architecture

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = hostile_architecture(tmp_path_factory.mktemp("hostile") / "architecture")
    result = CliRunner().invoke(
        app, ["render", str(directory), "-f", "dot", "-f", "svg", "-f", "mermaid"]
    )
    assert result.exit_code == 0, result.output
    return directory / "diagrams"


def svg_texts(path: Path) -> tuple[list[str], list[str]]:
    """The text of every <text> element and every tooltip of an SVG (which must parse)."""
    root = ElementTree.parse(path).getroot()
    texts = [element.text or "" for element in root.iter(f"{SVG}text")]
    tooltips = [element.get(XLINK_TITLE, "") for element in root.iter(f"{SVG}a")]
    return texts, tooltips


def test_dot_labels_escape_backslashes_and_entities_and_never_become_html() -> None:
    assert dot_label("C:\\new\\N") == "C:\\\\new\\\\N"
    assert dot_label("R&D &lt;") == "R&amp;D &amp;lt;"
    assert dot_label("<b>x</b>").startswith("<")  # text, marked so it is quoted, not HTML
    assert type(dot_label("<b>x</b>")).__name__ == "NoHtml"


@pytest.mark.parametrize("view", ["overview", "owners"])
def test_hostile_dot_renders_and_keeps_labels_quoted(rendered: Path, view: str) -> None:
    source = (rendered / f"{view}.dot").read_text(encoding="utf-8")
    assert 'label="<script>alert(1)</script>"' in source
    assert 'label="Cổng \\"dịch vụ\\" công"' in source
    assert "label=<<script>" not in source
    # the only HTML-like label is the title, with the text escaped
    title = {"overview": "&lt;script&gt;alert(1)&lt;/script&gt;", "owners": "Cổng &quot;dịch"}
    assert f"<B>{title[view]}" in source
    assert 'label="line one line two line three"' in source  # newlines are spaces
    assert "\r" not in source
    subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True)


@pytest.mark.parametrize("view", ["overview", "owners"])
def test_hostile_svg_is_well_formed_and_shows_the_names_as_text(rendered: Path, view: str) -> None:
    path = rendered / f"{view}.svg"
    raw = path.read_text(encoding="utf-8")
    assert "<script" not in raw
    assert "<img" not in raw
    assert "<b>" not in raw
    texts, tooltips = svg_texts(path)
    shown = " ".join(texts)
    for name in HOSTILE_NAMES:
        first_word = clean_text(name).split(" ")[0]
        assert first_word in shown, name
    assert "<script>alert(1)</script>" in texts
    assert "C:\\new\\N and a trailing" in texts
    assert "&lt;already escaped&gt; &amp;" in texts
    if view == "overview":
        assert any("C:\\new\\N and a trailing backslash \\\n" in tip for tip in tooltips)
        assert any("<img src=x onerror=alert(1)>" in tip for tip in tooltips)


def decode_mermaid(text: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text.replace("#quot;", '"'))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_mermaid_text_uses_entity_codes_for_everything_but_letters(name: str) -> None:
    encoded = mermaid_text(name)
    assert re.fullmatch(r"[\w ,.\-/:()'+!?=@#;]*", encoded), encoded
    assert '"' not in encoded
    assert decode_mermaid(encoded) == clean_text(name)


def test_hostile_mermaid_has_only_quoted_safe_labels(rendered: Path) -> None:
    lines = (rendered / "overview.mmd").read_text(encoding="utf-8").splitlines()
    # the title is a YAML (JSON) string in the front matter, which Mermaid shows as text
    assert lines[:4] == ["---", 'title: "<script>alert(1)</script>"', "---", "flowchart TB"]
    body = "\n".join(lines[4:])
    for name in HOSTILE_NAMES:
        assert f'"{mermaid_text(name)}"' in body
    for forbidden in ("<script", "<b>", "{record", "|field", "\\", "`", "]]>", "%%"):
        assert forbidden not in body
    for line in lines[4:]:
        assert line.count('"') % 2 == 0, line


def test_invalid_ids_become_safe_identifiers_with_force(tmp_path: Path, runner: CliRunner) -> None:
    directory = write_architecture(
        tmp_path / "forced",
        {
            "agencies": [{"id": "ubnd:tinh", "name": "Port:ed", "depends_on": ["a b"]}],
            "services": [{"id": "a b", "name": "Spaced", "kind": "portal"}],
        },
    )
    refused = runner.invoke(app, ["render", str(directory), "-f", "dot"])
    assert refused.exit_code == 1
    forced = runner.invoke(app, ["render", str(directory), "-f", "dot", "-f", "mermaid", "--force"])
    assert forced.exit_code == 0, forced.output
    source = (directory / "diagrams" / "overview.dot").read_text(encoding="utf-8")
    assert "e_X75626e643a74696e68 -> e_X612062" in source
    assert "ubnd:tinh" not in source
    subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True)
