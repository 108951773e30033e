"""Regenerate the Vietnamese golden outputs: one per command, run through the real CLI.

    .venv/bin/python tests/vi/regenerate_golden.py

Never edit the files in tests/vi/golden/ by hand: change the code or the catalog,
run this script, and read the difference (``git diff tests/vi/golden``) by eye.
Each command runs with ``--lang vi`` in a scratch folder holding copies of the
bundled architectures (so paths come out short and the same on every machine):
``quang-nam``, ``quang-nam-2021`` and ``broken`` (Quảng Nam with ``lgps`` for ``lgsp``).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from typer.testing import CliRunner

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GOLDEN = HERE / "golden"

# name of the golden file -> the command's arguments after ``ictarch --lang vi``
COMMANDS: dict[str, list[str]] = {
    "help.txt": ["--help"],
    "validate.txt": ["validate", "broken"],
    "validate-help.txt": ["validate", "--help"],
    "validate-github.txt": ["validate", "broken", "--format", "github"],
    "render.txt": ["render", "quang-nam", "-f", "mermaid", "-o", "diagrams"],
    "render-index.md": ["@file", "diagrams/index.md"],
    "render-overview.mmd": ["@file", "diagrams/overview.mmd"],
    "render-check.txt": ["render", "quang-nam", "-f", "mermaid", "-o", "diagrams", "--check"],
    "diff.txt": ["diff", "quang-nam-2021", "quang-nam"],
    "diff.md": ["diff", "quang-nam-2021", "quang-nam", "--format", "markdown"],
    "impact.txt": ["impact", "quang-nam", "tsdl-tinh"],
    "impact.md": ["impact", "quang-nam", "tsdl-tinh", "--format", "markdown"],
    "analyze.txt": ["analyze", "quang-nam"],
    "analyze.md": ["analyze", "quang-nam", "--format", "markdown"],
    "schema.txt": ["schema", "-o", "schemas-out"],
    "schema-help.txt": ["schema", "--help"],
    "rules.txt": ["rules"],
    "roadmap.txt": ["roadmap", "quang-nam"],
    "conformance.txt": ["conformance", "quang-nam"],
    "conformance.md": ["conformance", "quang-nam", "--format", "markdown"],
    "init.txt": ["init", "new-architecture", "--id", "moi"],
    "export.txt": ["export", "quang-nam", "--format", "csv", "-o", "exported"],
    "export-help.txt": ["export", "--help"],
    "import.txt": ["import", "csv", "exported", "-o", "imported"],
    "import-help.txt": ["import", "--help"],
    "usage-error.txt": ["impact", "quang-nam"],
    "not-found.txt": ["validate", "no-such-dir"],
}


@contextmanager
def workspace() -> Iterator[Path]:
    """A scratch folder with the architectures, as the working directory."""
    previous = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="ictarch-vi-") as temporary:
        root = Path(temporary)
        shutil.copytree(REPO / "architectures" / "quang-nam", root / "quang-nam")
        shutil.copytree(REPO / "architectures" / "quang-nam-2021", root / "quang-nam-2021")
        shutil.copytree(REPO / "architectures" / "quang-nam", root / "broken")
        services = root / "broken" / "layers" / "services.yaml"
        text = services.read_text(encoding="utf-8")
        services.write_text(text.replace("- lgsp\n", "- lgps\n", 1), encoding="utf-8")
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(previous)


def golden_outputs() -> dict[str, str]:
    """What each command prints (stdout, then stderr after a marker), in Vietnamese."""
    from ictarch import i18n
    from ictarch.cli import app

    outputs: dict[str, str] = {}
    runner = CliRunner()
    environment = {"COLUMNS": "100", "NO_COLOR": "1", "ICTARCH_LANG": ""}
    with workspace() as root:
        for name, arguments in COMMANDS.items():
            if arguments[0] == "@file":
                outputs[name] = (root / arguments[1]).read_text(encoding="utf-8")
                continue
            i18n.set_language("en")  # the option must switch it, whatever came before
            result = runner.invoke(app, ["--lang", "vi", *arguments], env=environment)
            text = f"$ ictarch --lang vi {' '.join(arguments)}\n{result.stdout}"
            if result.stderr:
                text += f"--- stderr\n{result.stderr}"
            outputs[name] = text + f"--- exit {result.exit_code}\n"
    return outputs


def main() -> int:
    outputs = golden_outputs()
    GOLDEN.mkdir(exist_ok=True)
    for stale in sorted(GOLDEN.iterdir()):
        if stale.name not in outputs:
            stale.unlink()
            print(f"removed {stale.relative_to(REPO)}")
    for name, text in outputs.items():
        path = GOLDEN / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
