"""ictarch render on the bundled Quảng Nam architecture, through the real ``dot``."""

from __future__ import annotations

import io
import shutil
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from ictarch.render.views import resolve_views
from ictarch.validation import validate_architecture
from tests.conftest import QUANG_NAM

VIEW_IDS = [view.id for view in resolve_views(validate_architecture(QUANG_NAM).architecture)]  # type: ignore[arg-type]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_A = "{http://www.w3.org/2000/svg}a"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"


def copy_quang_nam(destination: Path) -> Path:
    """A copy of the architecture: tests never write next to the repository's files."""
    return Path(shutil.copytree(QUANG_NAM, destination / "quang-nam"))


def render(runner: CliRunner, *arguments: str) -> tuple[int, str]:
    result = runner.invoke(app, ["render", *arguments])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every Quảng Nam view in every format, in diagrams/ of a copy of the architecture."""
    architecture = copy_quang_nam(tmp_path_factory.mktemp("rendered"))
    formats = ["-f", "svg", "-f", "png", "-f", "dot", "-f", "mermaid"]
    code, output = render(CliRunner(), str(architecture), *formats)
    assert code == 0, output
    assert f"rendered {len(VIEW_IDS)} views" in output
    return architecture / "diagrams"


def test_every_view_is_written_in_every_format_with_an_index(rendered: Path) -> None:
    expected = {f"{view}.{ext}" for view in VIEW_IDS for ext in ("svg", "png", "dot", "mmd")}
    assert {path.name for path in rendered.iterdir()} == expected | {"index.md"}
    for view in VIEW_IDS:
        assert (rendered / f"{view}.png").read_bytes().startswith(PNG_SIGNATURE)
        assert (rendered / f"{view}.svg").read_text(encoding="utf-8").rstrip().endswith("</svg>")


def test_svg_holds_the_exact_vietnamese_names(rendered: Path) -> None:
    overview = (rendered / "overview.svg").read_text(encoding="utf-8")
    for name in (
        "Sở Thông tin và Truyền thông",
        "Ủy ban nhân dân xã Cẩm Thanh",
        "Trung tâm dữ liệu dự phòng",
        "Nền tảng IoT dùng chung tỉnh",
        "Tổng quan kiến trúc ICT tỉnh Quảng Nam",
    ):
        assert f">{name}</text>" in overview, name
    # long names are wrapped on the diagram, and every name is whole in its tooltip
    architecture = validate_architecture(QUANG_NAM).architecture
    assert architecture is not None
    root = ElementTree.parse(rendered / "overview.svg").getroot()
    tooltips = {tip.split("\n")[0] for tip in (a.get(XLINK_TITLE) for a in root.iter(SVG_A)) if tip}
    assert {element.name for element in architecture.elements.values()} <= tooltips
    assert 'font-family="DejaVu Sans"' in overview


def test_index_lists_every_view_with_its_diagram(rendered: Path) -> None:
    index = (rendered / "index.md").read_text(encoding="utf-8")
    assert index.startswith("# Diagrams: Kiến trúc ICT phát triển đô thị thông minh")
    for view in VIEW_IDS:
        assert f"| `{view}` |" in index
        assert f"({view}.svg)" in index
    assert "![Tổng quan kiến trúc ICT tỉnh Quảng Nam](overview.svg)" in index


def test_two_runs_give_identical_bytes(rendered: Path, tmp_path: Path, runner: CliRunner) -> None:
    again = tmp_path / "again"
    code, output = render(
        runner, str(QUANG_NAM), "-f", "dot", "-f", "svg", "-f", "mermaid", "-o", str(again)
    )
    assert code == 0, output
    for path in sorted(again.iterdir()):
        if path.name != "index.md":  # the first index also links the PNG files
            assert path.read_bytes() == (rendered / path.name).read_bytes(), path.name


def test_pdf_output_is_deterministic_too(tmp_path: Path, runner: CliRunner) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for directory in (first, second):
        code, output = render(
            runner, str(QUANG_NAM), "--view", "hoi-an", "-f", "pdf", "-o", str(directory)
        )
        assert code == 0, output
    assert (first / "hoi-an.pdf").read_bytes() == (second / "hoi-an.pdf").read_bytes()
    assert not (first / "index.md").exists()  # --view renders only the views asked for


def test_check_passes_on_fresh_output_and_names_stale_files(
    tmp_path: Path, runner: CliRunner
) -> None:
    architecture = copy_quang_nam(tmp_path)
    diagrams = architecture / "diagrams"
    code, output = render(runner, str(architecture), "--check")
    assert code == 1
    assert f"would create {diagrams.as_posix()}/overview.svg (missing)" in output
    assert not diagrams.exists()  # --check writes nothing

    assert render(runner, str(architecture))[0] == 0
    code, output = render(runner, str(architecture), "--check")
    assert (code, output.strip().splitlines()[-1]) == (
        0,
        f"{len(VIEW_IDS) + 1} diagram files in {diagrams.as_posix()} are up to date",
    )

    services = architecture / "layers" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    services.write_text(
        text.replace("Hệ thống du lịch thông minh Hội An", "Du lịch Hội An"), "utf-8"
    )
    before = {path.name: path.read_bytes() for path in diagrams.iterdir()}
    code, output = render(runner, str(architecture), "--check")
    assert code == 1
    assert f"would update {diagrams.as_posix()}/hoi-an.svg (stale)" in output
    assert f"would update {diagrams.as_posix()}/overview.svg (stale)" in output
    assert "ioc.svg" not in output
    assert {path.name: path.read_bytes() for path in diagrams.iterdir()} == before


def test_a_second_render_rewrites_only_changed_files(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "out"
    assert render(runner, str(QUANG_NAM), "-f", "dot", "-o", str(out))[0] == 0
    code, output = render(runner, str(QUANG_NAM), "-f", "dot", "-o", str(out))
    assert code == 0
    assert f"0 files written, {len(VIEW_IDS) + 1} unchanged" in output


def test_missing_dot_is_a_clear_usage_error(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = runner.invoke(app, ["render", str(QUANG_NAM), "-o", str(tmp_path / "svg")])
    assert result.exit_code == 2
    message = result.stderr
    assert "the Graphviz 'dot' program was not found on PATH (needed for svg)" in message
    for hint in ("apt-get install graphviz", "brew install graphviz", "winget install graphviz"):
        assert hint in message
    assert "--format mermaid" in message
    assert not (tmp_path / "svg").exists()
    # formats that need no Graphviz still work
    out = tmp_path / "text"
    result = runner.invoke(
        app, ["render", str(QUANG_NAM), "-f", "mermaid", "-f", "dot", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "overview.mmd").exists()
    assert (out / "overview.dot").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--view", "overveiw"], "unknown view 'overveiw'; did you mean 'overview'?"),
        (["--format", "jpeg"], "unknown format 'jpeg'; choose from svg, png, pdf, dot, mermaid"),
    ],
)
def test_usage_errors_exit_2(
    arguments: list[str], message: str, tmp_path: Path, runner: CliRunner
) -> None:
    result = runner.invoke(app, ["render", str(QUANG_NAM), *arguments, "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_missing_path_exits_2(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["render", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr


def test_an_architecture_with_errors_is_refused_unless_forced(
    tmp_path: Path, runner: CliRunner
) -> None:
    architecture = copy_quang_nam(tmp_path)
    platforms = architecture / "layers" / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    platforms.write_text(text.replace("      - lgsp\n", "      - lgps\n", 1), encoding="utf-8")
    result = runner.invoke(app, ["render", str(architecture), "-f", "dot"])
    assert result.exit_code == 1
    assert "ICT2" in result.stderr
    assert "'lgps'" in result.stderr
    assert "not rendering an architecture with errors" in result.stderr
    assert not (architecture / "diagrams").exists()
    forced = runner.invoke(app, ["render", str(architecture), "-f", "dot", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "rendering despite 1 error (--force)" in forced.stderr
    assert (architecture / "diagrams" / "overview.dot").exists()


def test_the_font_comes_from_the_architecture(tmp_path: Path, runner: CliRunner) -> None:
    architecture = copy_quang_nam(tmp_path)
    root = architecture / "architecture.yaml"
    root.write_text(
        root.read_text(encoding="utf-8") + "render:\n  font: Noto Sans\n", encoding="utf-8"
    )
    code, output = render(runner, str(architecture), "--view", "hoi-an", "-f", "dot")
    assert code == 0, output
    source = (architecture / "diagrams" / "hoi-an.dot").read_text(encoding="utf-8")
    assert 'fontname="Noto Sans"' in source
    assert "DejaVu" not in source


def test_output_is_quiet_when_piped(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["render", str(QUANG_NAM), "-f", "dot", "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.output.count("\n") == 1  # one summary line, no progress bar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    from ictarch.cli.render_command import _with_progress
    from ictarch.render.outputs import OutputFile

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    files = [OutputFile(f"view-{index}.svg", b"") for index in range(3)]
    assert list(_with_progress(iter(files), len(files), "Rendering")) == files
    assert "3/3" in terminal.getvalue()


def test_check_does_not_depend_on_the_order_of_formats(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert render(runner, str(QUANG_NAM), "-f", "dot", "-f", "mermaid", "-o", str(out))[0] == 0
    code, output = render(
        runner, str(QUANG_NAM), "--check", "-f", "mermaid", "-f", "dot", "-o", str(out)
    )
    assert code == 0, output
