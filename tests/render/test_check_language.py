"""``render --check`` on diagrams drawn in the other language says so, with the commands."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from ictarch import i18n
from ictarch.cli import app

QUANG_NAM = Path(__file__).resolve().parent.parent.parent / "architectures" / "quang-nam"


def _run(*arguments: str) -> tuple[int, str]:
    i18n.set_language("en")
    result = CliRunner().invoke(app, list(arguments), env={"ICTARCH_LANG": "", "NO_COLOR": "1"})
    return result.exit_code, result.stdout


def test_diagrams_in_the_other_language_are_named_so(tmp_path: Path) -> None:
    architecture = tmp_path / "qn"
    shutil.copytree(QUANG_NAM, architecture)
    out = tmp_path / "diagrams"
    code, _ = _run("--lang", "vi", "render", str(architecture), "-f", "mermaid", "-o", str(out))
    assert code == 0
    code, said = _run("--lang", "en", "render", str(architecture), "-o", str(out), "--check")
    assert code == 1
    assert "only differ by language: they are rendered in Vietnamese; run with --lang vi" in said
    assert f"ictarch --lang vi render {architecture} -o {out} -f mermaid --check" in said
    code, said = _run("--lang", "vi", "render", str(architecture), "-o", str(out), "--check")
    assert code == 0, said


def test_the_hint_for_stale_files_is_the_whole_command(tmp_path: Path) -> None:
    architecture = tmp_path / "qn"
    shutil.copytree(QUANG_NAM, architecture)
    out = tmp_path / "diagrams"
    arguments = ("render", str(architecture), "-f", "mermaid", "-o", str(out), "--view", "ioc")
    assert _run(*arguments)[0] == 0
    (out / "ioc.mmd").write_text("edited by hand\n", encoding="utf-8")
    code, said = _run(*arguments, "--check")
    assert code == 1
    assert "differ by language" not in said
    assert (
        f"to update them, run: ictarch --lang en render {architecture} -o {out} -f mermaid "
        "--view ioc" in said
    )
