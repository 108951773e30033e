"""SARIF output against the official SARIF 2.1.0 schema, format checks on (issue 10).

The schema is read from the shared interoperability folder (never copied into the
repository); the tests are skipped, saying why, where that folder is absent.
File URIs must be RFC 3986 relative references under ``%SRCROOT%`` (the top of
the git repository, else the working directory), so that a run from a
subdirectory still names files by their repository paths.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from tests.conftest import REPO

CANDIDATES = [
    Path(os.environ.get("ICTARCH_INTEROP", "/nonexistent")),
    REPO.parent / "shared" / "interop",
    REPO.parent.parent / "shared" / "interop",
    Path("/work/shared/interop"),
]
SCHEMA = next(
    (folder / "sarif" / "sarif-schema-2.1.0.json" for folder in CANDIDATES if folder.is_dir()),
    None,
)
pytestmark = pytest.mark.skipif(
    SCHEMA is None or not SCHEMA.is_file(),
    reason="the official SARIF 2.1.0 schema (shared/interop/sarif/) is not on this machine",
)


def validate_against_official_schema(document: dict[str, Any]) -> None:
    import jsonschema

    assert SCHEMA is not None
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()
    if "uri-reference" not in checker.checkers:
        pytest.skip("jsonschema cannot check URI formats: install rfc3986-validator")
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=checker)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def sarif(runner: CliRunner, path: Path | str) -> dict[str, Any]:
    result = runner.invoke(app, ["validate", str(path), "--format", "sarif"])
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def artifact_uris(document: dict[str, Any]) -> list[dict[str, Any]]:
    run = document["runs"][0]
    return [
        location["physicalLocation"]["artifactLocation"]
        for result in run["results"]
        for location in result["locations"]
    ]


def resolve(document: dict[str, Any], artifact: dict[str, Any]) -> Path:
    """The file an artifactLocation names, as a SARIF consumer resolves it."""
    bases = document["runs"][0]["originalUriBaseIds"]
    uri = artifact["uri"]
    if "uriBaseId" in artifact:
        uri = urljoin(bases[artifact["uriBaseId"]]["uri"], uri)
    parts = urlsplit(uri)
    assert parts.scheme == "file", uri
    return Path(unquote(parts.path))


def make_repository(root: Path) -> Path:
    """A git repository with an architecture whose file names hold ':' and Vietnamese."""
    architecture = root / "kiến trúc" / "x:y"
    (architecture / "layers").mkdir(parents=True)
    (architecture / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: a, name: A, owner: ubnd}\ninclude: ['layers/*.yaml']\n",
        encoding="utf-8",
    )
    (architecture / "layers" / "x:y.yaml").write_text(
        "agencies:\n  - {id: ubnd, name: Ủy ban, depends_on: [lgps]}\n", encoding="utf-8"
    )
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return architecture


def test_the_bundled_architecture_is_valid_sarif(runner: CliRunner) -> None:
    validate_against_official_schema(sarif(runner, REPO / "architectures" / "quang-nam"))


def test_file_names_with_colons_are_valid_relative_references(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``x:y.yaml`` gave the URI ``x:y.yaml``: a URI of scheme 'x', not a file."""
    architecture = make_repository(tmp_path / "repo")
    monkeypatch.chdir(architecture)
    document = sarif(runner, ".")
    validate_against_official_schema(document)
    artifacts = artifact_uris(document)
    assert artifacts
    for artifact in artifacts:
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert urlsplit(artifact["uri"]).scheme == ""  # a relative reference, no scheme
        assert resolve(document, artifact).is_file()
    assert {artifact["uri"] for artifact in artifacts} >= {
        "ki%E1%BA%BFn%20tr%C3%BAc/x%3Ay/layers/x%3Ay.yaml"
    }


def test_a_run_from_a_subdirectory_names_repository_paths(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    architecture = make_repository(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    from_top = artifact_uris(sarif(runner, architecture.relative_to(tmp_path / "repo")))
    monkeypatch.chdir(architecture / "layers")
    from_inside = sarif(runner, "..")
    assert artifact_uris(from_inside) == from_top
    root = from_inside["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root == (tmp_path / "repo").as_uri() + "/"


def test_outside_git_the_base_is_the_working_directory(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: a, name: A, owner: nobody}\n", encoding="utf-8"
    )
    monkeypatch.chdir(folder)
    document = sarif(runner, ".")
    validate_against_official_schema(document)
    [artifact, *_] = artifact_uris(document)
    assert artifact == {"uri": "architecture.yaml", "uriBaseId": "%SRCROOT%"}
    assert resolve(document, artifact) == folder / "architecture.yaml"
