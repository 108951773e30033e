"""The visual diff: what is drawn, in which colour, escaped, deterministic."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ictarch.diff.build import build_diff
from ictarch.diff.drawing import (
    ADDED,
    CHANGED,
    CONTEXT,
    REMOVED,
    DrawingError,
    render_drawing,
    select_drawing,
)
from ictarch.render import RenderSettings
from ictarch.render.diagram import Diagram
from ictarch.render.dot import diagram_to_dot
from ictarch.render.mermaid import diagram_to_mermaid, mermaid_text
from tests.diff.helpers import Layers, base_layers, element, layers_copy, load, write_architecture

NASTY = 'Trạm "A" \\ C:\\new <b>bold</b> & &amp; \\N\nend'
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed")


def _drawing(tmp_path: Path, old: Layers, new: Layers, max_nodes: int = 150) -> Diagram:
    old_version = load(write_architecture(tmp_path / "old", old))
    new_version = load(write_architecture(tmp_path / "new", new))
    diff = build_diff(old_version, new_version)
    return select_drawing(diff, old_version.architecture, new_version.architecture, max_nodes)


def to_dot(drawing: Diagram) -> str:
    return diagram_to_dot(drawing, RenderSettings())


def to_mermaid(drawing: Diagram) -> str:
    return diagram_to_mermaid(drawing)


def _changed_layers() -> tuple[Layers, Layers]:
    old = layers_copy()
    old["services"].append({"id": "old-app", "name": "Old app", "depends_on": ["dc"]})
    new = layers_copy()
    new["infrastructure"].append({"id": "dc2", "name": NASTY, "owner": "so-tttt"})
    element(new, "mail")["depends_on"] = ["dc2"]
    element(new, "lgsp")["status"] = "deprecated"
    return old, new


def test_states_and_context(tmp_path: Path) -> None:
    drawing = _drawing(tmp_path, *_changed_layers())
    states = {node.element: node.highlight for node in drawing.nodes}
    assert states["dc2"] == ADDED
    assert states["old-app"] == REMOVED
    assert states["lgsp"] == CHANGED
    assert states["mail"] == CHANGED  # its dependencies changed
    assert states["dc"] == CONTEXT  # a neighbour of what changed
    assert "cloud" not in states  # far from every change
    by_element = {node.element: node.id for node in drawing.nodes}
    edges = {(edge.source, edge.target): edge.highlight for edge in drawing.edges}
    assert edges[(by_element["mail"], by_element["dc2"])] == ADDED
    assert edges[(by_element["mail"], by_element["dc"])] == REMOVED
    assert edges[(by_element["old-app"], by_element["dc"])] == REMOVED
    lgsp = next(node for node in drawing.nodes if node.element == "lgsp")
    assert lgsp.notes == ("lgsp", "operational → deprecated")


def test_node_ids_are_generated_never_raw(tmp_path: Path) -> None:
    drawing = _drawing(tmp_path, *_changed_layers())
    assert all(re.fullmatch(r"e_[A-Za-z0-9_]+", node.id) for node in drawing.nodes)
    source = to_dot(drawing)
    for node in drawing.nodes:
        assert f"\t{node.element} " not in source


def test_node_budget_keeps_changes_first_and_says_what_it_left_out(tmp_path: Path) -> None:
    drawing = _drawing(tmp_path, *_changed_layers(), max_nodes=2)
    assert [node.element for node in drawing.nodes] == ["old-app", "dc2"]
    assert drawing.note is not None
    assert drawing.note.startswith("2 more changed elements not drawn")
    assert "2 more changed elements not drawn" in to_dot(drawing)
    assert "2 more changed elements not drawn" in to_mermaid(drawing)


def test_dot_labels_are_escaped(tmp_path: Path) -> None:
    source = to_dot(_drawing(tmp_path, *_changed_layers()))
    assert 'Trạm \\"A\\" \\\\ C:\\\\new' in source
    assert "&amp;amp;" in source  # an entity in a name stays text
    assert "\\\\N" in source  # \N in a name is not the node-name escape
    assert "<b>" in source  # kept as text inside a quoted label, never an HTML label
    assert "label=<<b>" not in source
    assert "\\N end" in source  # the newline in the name is a space


@needs_dot
def test_dot_output_is_valid_and_shows_the_text(tmp_path: Path) -> None:
    source = to_dot(_drawing(tmp_path, *_changed_layers()))
    svg = subprocess.run(
        ["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True
    ).stdout.decode()
    assert ">Trạm &quot;A&quot; \\ C:\\new &lt;b&gt;bold&lt;/b&gt;</text>" in svg
    assert ">&amp; &amp;amp; \\N end</text>" in svg
    assert 'font-family="DejaVu Sans' in svg


def test_layers_are_clusters_in_order(tmp_path: Path) -> None:
    source = to_dot(_drawing(tmp_path, *_changed_layers()))
    labels = re.findall(r"subgraph cluster_layer_(\w+) \{\n\t\t.*label=(\w+)", source)
    assert [label for _, label in labels] == ["Agencies", "Services", "Platforms", "Infrastructure"]


def test_mermaid_is_escaped_and_coloured(tmp_path: Path) -> None:
    text = to_mermaid(_drawing(tmp_path, *_changed_layers()))
    assert text.startswith('---\ntitle: "ictarch diff')
    assert "flowchart TB" in text
    name = 'Trạm "A" \\ C:\\new'
    assert mermaid_text(name) in text
    assert "#quot;A#quot;" in text
    assert "<b>" not in text
    for line in text.splitlines():
        if "Trạm" in line:
            assert line.count('"') == 2  # only the label's own quotes
    assert "classDef highlight_added" in text
    assert "classDef highlight_removed" in text
    assert "stroke-dasharray" in text  # removed elements are dashed
    assert "linkStyle" in text


def test_output_is_deterministic(tmp_path: Path) -> None:
    old, new = _changed_layers()
    first = _drawing(tmp_path / "one", old, new)
    second = _drawing(tmp_path / "two", old, new)
    assert to_dot(first) == to_dot(second)
    assert to_mermaid(first) == to_mermaid(second)


@needs_dot
@pytest.mark.parametrize("suffix", [".svg", ".png", ".dot", ".gv", ".mmd", ".mermaid"])
def test_render_by_extension(tmp_path: Path, suffix: str) -> None:
    drawing = _drawing(tmp_path, *_changed_layers())
    target = tmp_path / f"diff{suffix}"
    render_drawing(drawing, target, RenderSettings())
    data = target.read_bytes()
    if suffix == ".svg":
        assert data.startswith(b"<?xml")
    elif suffix == ".png":
        assert data.startswith(b"\x89PNG")
    elif suffix in (".dot", ".gv"):
        assert data.startswith(b"digraph ictarch_diff")
    else:
        assert b"flowchart TB" in data
    render_drawing(drawing, tmp_path / f"again{suffix}", RenderSettings())
    assert (tmp_path / f"again{suffix}").read_bytes() == data


def test_unknown_extension(tmp_path: Path) -> None:
    drawing = _drawing(tmp_path, base_layers(), base_layers())
    with pytest.raises(DrawingError, match=r"cannot tell the format from the extension"):
        render_drawing(drawing, tmp_path / "diff.jpg", RenderSettings())


def test_missing_dot_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawing = _drawing(tmp_path, *_changed_layers())
    settings = RenderSettings()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(DrawingError, match="apt-get install graphviz") as raised:
        render_drawing(drawing, tmp_path / "diff.svg", settings)
    assert ".mmd" in str(raised.value)
    assert not (tmp_path / "diff.svg").exists()
    render_drawing(drawing, tmp_path / "diff.mmd", settings)  # Mermaid needs no dot
    render_drawing(drawing, tmp_path / "diff.dot", settings)
