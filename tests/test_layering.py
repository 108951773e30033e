"""The package's layers: a module imports only modules of lower layers (or its own package).

Lazy imports inside functions count like the others: a lower layer that
reaches up, even lazily, ties the core to what is built on it. A new top-level
module or package must be given its place here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "ictarch"

# top-level module or package of ictarch -> its layer; higher layers import lower ones
LAYERS: dict[str, int] = {
    # leaves: no ictarch imports but each other's
    "errors": 0,
    "printable": 0,
    "i18n": 0,
    "registry": 0,
    "findings": 1,
    "markdown": 1,
    "jsonwriter": 1,
    "output": 1,
    "inputs": 1,  # the one reader of input files and resolver of paths
    "model": 2,
    "graph": 3,
    "formatting": 3,  # one formatter per kind of value a person reads
    "frameworks": 3,
    "rules": 4,
    "render": 4,
    "analysis": 4,
    "scaffold": 4,
    "acceptance": 5,  # waivers and baselines: need the rule registry, used by validation
    "interop": 5,  # exports and imports: render, graph and model, nothing above
    "validation": 6,
    "workspace": 7,  # the incremental core shared by the CLI and the language server
    "roadmap": 6,
    "merger": 6,  # merge and consolidate: frameworks, graph, model; not validation
    "reporters": 7,
    "site": 8,
    "diff": 8,
    "lsp": 8,  # the language server: validation's checks, graph and conformance for editors
    "document": 9,  # the digital architecture document: diff, roadmap, conformance, render
    "cli": 10,
    "__main__": 11,
}


def _top_level(path: Path) -> str:
    relative = path.relative_to(SOURCE)
    return relative.parts[0].removesuffix(".py")


def _imported_top_levels(path: Path) -> set[tuple[str, int]]:
    """(top-level ictarch module, line) for every ictarch import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "ictarch" and len(parts) > 1:
                    found.add((parts[1], node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if parts[0] != "ictarch":
                continue
            if len(parts) > 1:
                found.add((parts[1], node.lineno))
            else:  # from ictarch import x: x is a module, or __version__
                found.update(
                    (alias.name, node.lineno)
                    for alias in node.names
                    if (SOURCE / alias.name).exists() or (SOURCE / f"{alias.name}.py").exists()
                )
    return found


MODULES = sorted(
    path for path in SOURCE.rglob("*.py") if path.relative_to(SOURCE).parts[0] != "__init__.py"
)


def test_every_top_level_module_has_a_layer() -> None:
    unplaced = {_top_level(path) for path in MODULES} - set(LAYERS)
    assert not unplaced, f"give these a layer in tests/test_layering.py: {sorted(unplaced)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_a_module_imports_only_lower_layers(path: Path) -> None:
    own = _top_level(path)
    if own not in LAYERS:
        pytest.skip("not placed yet (see the test above)")
    upward = sorted(
        f"line {line}: ictarch.{imported} (layer {LAYERS.get(imported)})"
        for imported, line in _imported_top_levels(path)
        if imported != own and LAYERS.get(imported, 99) >= LAYERS[own]
    )
    assert not upward, f"ictarch.{own} (layer {LAYERS[own]}) imports upwards: {upward}"


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from ictarch.cli import app\n", encoding="utf-8")
    assert _imported_top_levels(probe) == {("cli", 2)}
