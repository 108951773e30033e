"""Regenerate the golden DOT, Mermaid and index files of the small fixture architecture.

    python tests/render/regenerate_golden.py

Never edit the files in tests/render/golden/ by hand: change the renderer, run
this script, and review the difference (``git diff tests/render/golden``) by eye.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ictarch.render.outputs import plan_render
from ictarch.validation import validate_architecture

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "small"
GOLDEN = HERE / "golden"
FORMATS = ("dot", "mermaid")


def golden_files() -> dict[str, bytes]:
    """Every file ``ictarch render FIXTURE --format dot --format mermaid`` writes."""
    architecture = validate_architecture(FIXTURE).architecture
    if architecture is None:
        raise RuntimeError(f"{FIXTURE} does not load")
    job = plan_render(architecture, (), FORMATS)
    return {output.name: output.content for output in job.files()}


def main() -> int:
    files = golden_files()
    GOLDEN.mkdir(exist_ok=True)
    for stale in sorted(GOLDEN.iterdir()):
        if stale.name not in files:
            stale.unlink()
            print(f"removed {stale.relative_to(HERE)}")
    for name, content in sorted(files.items()):
        path = GOLDEN / name
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
            print(f"wrote {path.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
