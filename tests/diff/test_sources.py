"""OLD and NEW as directories, files, or REV:PATH read from a real git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ictarch.diff import sources
from ictarch.diff.build import build_diff
from ictarch.diff.sources import SourceError, open_source, parse_revision_spec
from ictarch.diff.versions import load_version
from tests.conftest import QUANG_NAM_2021
from tests.diff.helpers import base_layers, element, layers_copy, write_architecture


def git(repository: Path, *arguments: str) -> str:
    completed = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            *arguments,
        ],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository with two commits of architectures/demo and a dirty working tree."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    architecture = root / "architectures" / "demo"
    write_architecture(architecture, base_layers())
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "v1")
    new = layers_copy()
    new["infrastructure"].append(
        {"id": "dc2", "name": "Trung tâm dự phòng", "description": "DR", "owner": "so-tttt"}
    )
    element(new, "portal")["depends_on"] = ["lgsp", {"any_of": ["dc", "dc2"]}]
    write_architecture(architecture, new)
    git(root, "commit", "-q", "-am", "v2")
    # an uncommitted change that reading revisions must neither see nor touch
    (architecture / "architecture.yaml").write_text("ictarch: 1\n", encoding="utf-8")
    return root


def _state(root: Path) -> tuple[str, str, bytes, str]:
    return (
        git(root, "status", "--porcelain"),
        git(root, "rev-parse", "HEAD"),
        (root / ".git" / "index").read_bytes(),
        git(root, "branch", "--list"),
    )


def test_diff_of_two_revisions(repository: Path) -> None:
    before = _state(repository)
    old = load_version("HEAD~1:architectures/demo", cwd=repository)
    new = load_version("main:architectures/demo", cwd=repository)
    diff = build_diff(old, new)
    assert [summary.id for summary in diff.added] == ["dc2"]
    assert diff.relations_added == [("portal", "dc2")]
    assert _state(repository) == before  # working tree, index and branches untouched


def test_revision_against_the_working_tree(repository: Path) -> None:
    new_version = repository / "architectures" / "demo"
    write_architecture(new_version, base_layers())
    diff = build_diff(
        load_version("HEAD:architectures/demo", cwd=repository),
        load_version(str(new_version), cwd=repository),
    )
    assert [summary.id for summary in diff.removed] == ["dc2"]


def test_findings_of_a_revision_show_rev_and_path(repository: Path) -> None:
    write_architecture(repository / "broken", {"services": [{"id": "x", "name": "X"}]})
    git(repository, "add", "broken")
    git(repository, "commit", "-q", "-m", "broken")
    version = load_version("HEAD:broken", cwd=repository)
    assert version.findings
    assert {finding.file for finding in version.findings} == {"HEAD:broken/architecture.yaml"}


def test_single_file_revision(repository: Path) -> None:
    version = load_version("HEAD:architectures/demo/architecture.yaml", cwd=repository)
    assert "dc2" in version.architecture.elements


def test_path_relative_to_the_current_directory(repository: Path) -> None:
    inside = repository / "architectures"
    version = load_version("HEAD:./demo", cwd=inside)
    assert "dc2" in version.architecture.elements
    # without ./ the path is relative to the top of the repository, as in git
    assert "dc2" in load_version("HEAD:architectures/demo", cwd=inside).architecture.elements


@pytest.mark.parametrize(
    ("spec", "in_repository", "message"),
    [
        ("no-such-branch:architectures/demo", True, "unknown revision 'no-such-branch'"),
        ("HEAD:architectures/nowhere", True, "'architectures/nowhere' does not exist in revision"),
        ("HEAD:../../etc", True, "outside the git repository"),
        (":architectures/demo", True, "no revision before ':'"),
        ("HEAD:architectures/demo", False, "not inside a git repository"),
        ("nowhere", False, "no such file or directory"),
    ],
)
def test_sources_that_cannot_be_read_raise_a_clear_error(
    repository: Path, tmp_path: Path, spec: str, in_repository: bool, message: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(SourceError, match=message):
        load_version(spec, cwd=repository if in_repository else outside)


def test_git_missing(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources.shutil, "which", lambda name: None)
    with pytest.raises(SourceError, match="git is not installed"):
        load_version("HEAD:architectures/demo", cwd=repository)


def test_an_existing_path_with_a_colon_is_a_path(tmp_path: Path) -> None:
    directory = write_architecture(tmp_path / "v1:2021", base_layers())
    assert parse_revision_spec("v1:2021", tmp_path) is None
    assert parse_revision_spec(str(directory)) is None
    assert parse_revision_spec("v1:2022", tmp_path) is not None
    version = load_version("v1:2021", cwd=tmp_path)
    assert "portal" in version.architecture.elements


def test_windows_drive_is_a_path() -> None:
    assert parse_revision_spec("C:\\architectures\\demo") is None


def test_temporary_copy_is_removed(repository: Path) -> None:
    with open_source("HEAD:architectures/demo", repository) as source:
        extracted = source.path
        assert (extracted / "architecture.yaml").is_file()
        assert source.display_base == "HEAD:architectures/demo"
    assert not extracted.exists()


def test_root_file_revision_reads_its_includes(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(QUANG_NAM_2021, root / "qn")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "v1")
    from_file = load_version("HEAD:qn/architecture.yaml", cwd=root)
    from_directory = load_version("HEAD:qn", cwd=root)
    assert len(from_file.architecture.elements) == len(from_directory.architecture.elements) > 50
    assert not [f for f in from_file.findings if f.code == "ICT008"]
