"""The Backstage and Structurizr exports, read by the real readers.

- Backstage: @backstage/catalog-model's own entity policies and kind validators (npm,
  under Node), then every reference checked against the exported entities
  (tests/interop/readers/check_backstage.cjs);
- Structurizr: structurizr-typescript (npm, under Node) and structurizr-python (PyPI, in a
  venv of its own because it needs pydantic < 2).

scripts/setup.sh (ensure_interop_readers, run by scripts/test.sh) installs them. The npm
checks are skipped only where Node is absent; the structurizr-python check where its venv
could not be made.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ictarch.cli import app
from tests.conftest import QUANG_NAM, QUANG_NAM_2021, REPO
from tests.interop.helpers import interop, needs_interop

READERS = Path(__file__).resolve().parent / "readers"
NODE_MODULES = Path(os.environ.get("ICTARCH_NODE_PATH", REPO / ".venv" / "npm" / "node_modules"))
STRUCTURIZR_PYTHON = Path(
    os.environ.get(
        "ICTARCH_STRUCTURIZR_PYTHON", REPO / ".venv" / "structurizr-python" / "bin" / "python"
    )
)
INSTALL = "bash -c 'source scripts/setup.sh && ensure_interop_readers' (scripts/test.sh runs it)"


def node(package: str) -> str:
    """The node binary, once the package is there; skipped only without Node."""
    found = shutil.which("node")
    if found is None:
        pytest.skip(f"Node.js is not installed: {package} (npm) cannot run; {INSTALL}")
    if not (NODE_MODULES / package / "package.json").is_file():
        pytest.fail(f"the npm package {package} is not in {NODE_MODULES}; install it: {INSTALL}")
    return found


def run_node(package: str, script: str, *arguments: str, stdin: str = "") -> Any:
    done = subprocess.run(
        [node(package), str(READERS / script), *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def export(runner: CliRunner, path: Path, output_format: str, target: Path, *extra: str) -> Path:
    result = runner.invoke(
        app, ["export", str(path), "-f", output_format, "-o", str(target), *extra]
    )
    assert result.exit_code == 0, result.output
    return target


def backstage_check(entities: list[dict[str, Any]]) -> Any:
    return run_node("@backstage/catalog-model", "check_backstage.cjs", stdin=json.dumps(entities))


def catalog(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text("utf-8")) if d is not None]


@pytest.fixture(scope="module")
def archisurance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (interop("archimate", "exchange", "valid", "archi-archisurance.xml")).is_file():
        pytest.skip("../shared/interop is not here")
    target = tmp_path_factory.mktemp("archisurance") / "imported"
    source = interop("archimate", "exchange", "valid", "archi-archisurance.xml")
    result = CliRunner().invoke(app, ["import", "archimate", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def test_the_backstage_check_sees_what_backstage_refuses() -> None:
    """The checker itself: a name ending in '-' is rejected, an `unknown` owner dangles."""
    entity = {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "Component",
        "metadata": {"name": "lgsp-"},
        "spec": {"type": "service", "lifecycle": "production", "owner": "unknown"},
    }
    checked = backstage_check([entity])
    assert len(checked["rejected"]) == 1
    assert "lgsp-" in checked["rejected"][0]
    assert checked["dangling"] == ["Component:lgsp- owner -> group:default/unknown"]


@needs_interop
@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("quang-nam", ()),
        ("quang-nam-2021", ()),
        ("quang-nam-view-lgsp", ("--view", "lgsp")),
        ("archisurance", ()),
    ],
)
def test_backstage_accepts_every_entity_and_every_reference_resolves(
    runner: CliRunner, tmp_path: Path, archisurance: Path, name: str, extra: tuple[str, ...]
) -> None:
    source = {"quang-nam-2021": QUANG_NAM_2021, "archisurance": archisurance}.get(name, QUANG_NAM)
    path = export(runner, source, "backstage", tmp_path / "catalog.yaml", *extra)
    entities = catalog(path)
    checked = backstage_check(entities)
    assert checked["entities"] == len(entities) > 1
    assert checked["rejected"] == []
    assert checked["dangling"] == []
    assert "unknown" not in path.read_text("utf-8")


def test_ids_backstage_refuses_get_valid_names_and_keep_the_id(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "a"
    source.mkdir()
    long_id = "he-thong-" + "rat-dai-" * 8 + "x"
    (source / "architecture.yaml").write_text(
        f"""ictarch: 1
architecture: {{id: thu., name: Thử}}
agencies:
  - {{id: so-, name: Sở}}
services:
  - {{id: lgsp-, name: LGSP, owner: so-, depends_on: [{long_id}]}}
  - {{id: {long_id}, name: Dài}}
""",
        encoding="utf-8",
    )
    path = export(runner, source, "backstage", tmp_path / "c.yaml", "--force")
    entities = catalog(path)
    checked = backstage_check(entities)
    assert checked["rejected"] == []
    assert checked["dangling"] == []
    by_id = {e["metadata"]["annotations"].get("ictarch.dev/id"): e for e in entities}
    by_name = {e["metadata"]["name"]: e for e in entities}
    assert set(by_id) >= {"thu.", "so-", "lgsp-", long_id}
    assert all(len(e["metadata"]["name"]) <= 63 for e in entities)
    names = [e["metadata"]["name"] for e in entities]
    assert len(set(names)) == len(names)
    # the architecture names no owner: a Group stands for it (no `unknown`)
    assert by_id["thu."]["spec"]["owner"] == "group:thu.-owners"
    assert by_name["thu.-owners"]["kind"] == "Group"
    assert by_id["lgsp-"]["spec"]["owner"] == f"group:{by_id['so-']['metadata']['name']}"
    assert by_id[long_id]["spec"]["owner"] == "group:thu.-owners"


@needs_interop
@pytest.mark.parametrize("path", [QUANG_NAM, QUANG_NAM_2021], ids=lambda p: p.name)
def test_structurizr_typescript_reads_the_workspace(
    runner: CliRunner, tmp_path: Path, path: Path
) -> None:
    exported = export(runner, path, "structurizr", tmp_path / "w.json")
    workspace = json.loads(exported.read_text("utf-8"))
    read = run_node("structurizr-typescript", "check_structurizr.cjs", str(exported))
    people = len(workspace["model"]["people"])
    systems = len(workspace["model"]["softwareSystems"])
    relationships = sum(len(s.get("relationships", [])) for s in workspace["model"]["people"])
    relationships += sum(
        len(s.get("relationships", [])) for s in workspace["model"]["softwareSystems"]
    )
    assert (read["people"], read["softwareSystems"]) == (people, systems)
    assert read["relationships"] == relationships > 0
    assert read["unresolved"] == 0
    assert read["writtenPeople"] == people


@needs_interop
@pytest.mark.parametrize("path", [QUANG_NAM, QUANG_NAM_2021], ids=lambda p: p.name)
def test_structurizr_python_reads_the_workspace(
    runner: CliRunner, tmp_path: Path, path: Path
) -> None:
    if not STRUCTURIZR_PYTHON.is_file():
        pytest.skip(
            f"structurizr-python (needs pydantic < 2) has no venv at {STRUCTURIZR_PYTHON}; "
            f"{INSTALL}"
        )
    exported = export(runner, path, "structurizr", tmp_path / "w.json")
    workspace = json.loads(exported.read_text("utf-8"))
    done = subprocess.run(
        [str(STRUCTURIZR_PYTHON), str(READERS / "read_structurizr.py"), str(exported)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    views = workspace["views"]["systemLandscapeViews"]
    assert read["people"] == len(workspace["model"]["people"])
    assert read["softwareSystems"] == len(workspace["model"]["softwareSystems"])
    assert read["views"] == len(views) > 0
    assert read["elementViews"] == sum(len(view["elements"]) for view in views)
    assert read["relationshipViews"] == sum(len(view["relationships"]) for view in views)
