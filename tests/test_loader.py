"""Loading an architecture from disk: includes, symbolic links, limits, root files.

The cases in tests/cases/ cover what can live in git; these tests build what
cannot (symbolic links, unreadable files) at run time in a temporary folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ictarch.findings import Finding
from ictarch.model.loader import ArchitectureNotFound, display_path, load_architecture
from ictarch.model.yamlsource import Limits
from ictarch.validation import validate_paths

ROOT = """\
ictarch: 1
architecture:
  id: includes
  name: Kiến trúc có tệp con
  owner: ubnd
include:
{patterns}
agencies:
  - id: ubnd
    name: Ủy ban nhân dân tỉnh
    description: Cơ quan chủ quản.
"""

SECRET = """\
agencies:
  - id: bi-mat
    name: Tệp ngoài cây thư mục
    description: Không được đọc.
"""


def write_root(folder: Path, *patterns: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    listed = "".join(f'  - "{pattern}"\n' for pattern in patterns)
    (folder / "architecture.yaml").write_text(ROOT.format(patterns=listed), encoding="utf-8")


def validate_here(folder: Path, monkeypatch: pytest.MonkeyPatch, **limits: int) -> list[Finding]:
    monkeypatch.chdir(folder)
    return validate_paths([Path(".")], Limits(**limits)).findings


def codes(findings: list[Finding]) -> set[str]:
    return {finding.code for finding in findings}


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.yaml").write_text(SECRET, encoding="utf-8")
    return folder


def test_symlinked_file_pointing_outside_is_refused(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    architecture = tmp_path / "arch"
    write_root(architecture, "layers/*.yaml")
    (architecture / "layers").mkdir()
    (architecture / "layers" / "evil.yaml").symlink_to(outside / "secret.yaml")

    findings = validate_here(architecture, monkeypatch)

    escapes = [f for f in findings if f.code == "ICT007"]
    assert [(f.file, f.line, f.column) for f in escapes] == [("architecture.yaml", 7, 5)]
    assert "layers/evil.yaml points outside" in escapes[0].message
    assert all("bi-mat" not in f.message for f in findings)


def test_symlinked_directory_pointing_outside_is_refused(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    architecture = tmp_path / "arch"
    write_root(architecture, "layers/*/*.yaml")
    (architecture / "layers").mkdir()
    (architecture / "layers" / "shared").symlink_to(outside, target_is_directory=True)

    findings = validate_here(architecture, monkeypatch)

    assert "ICT007" in codes(findings)
    assert all("bi-mat" not in f.message for f in findings)


def test_symlink_inside_the_tree_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    architecture = tmp_path / "arch"
    write_root(architecture, "layers/*.yaml", "alias/*.yaml")
    (architecture / "layers").mkdir()
    (architecture / "layers" / "platforms.yaml").write_text(
        "platforms:\n"
        "  - id: lgsp\n"
        "    name: Nền tảng LGSP\n"
        "    description: Nền tảng chia sẻ dữ liệu.\n"
        "    owner: ubnd\n",
        encoding="utf-8",
    )
    (architecture / "alias").symlink_to(architecture / "layers", target_is_directory=True)

    findings = validate_here(architecture, monkeypatch)

    # Read once: no duplicate id; lgsp is an orphan only once.
    assert [f.code for f in findings] == ["ICT402"]


def test_broken_symlink_is_an_unreadable_include(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    architecture = tmp_path / "arch"
    write_root(architecture, "layers/*.yaml")
    (architecture / "layers").mkdir()
    (architecture / "layers" / "gone.yaml").symlink_to(architecture / "layers" / "missing.yaml")

    findings = validate_here(architecture, monkeypatch)

    assert [(f.code, f.file, f.line, f.column) for f in findings] == [
        ("ICT009", "architecture.yaml", 7, 5)
    ]
    assert "layers/gone.yaml is not a readable file" in findings[0].message


def test_symlink_loop_in_a_recursive_pattern_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    architecture = tmp_path / "arch"
    write_root(architecture, "**/*.yaml")
    (architecture / "layers").mkdir()
    (architecture / "layers" / "loop").symlink_to(architecture / "layers", target_is_directory=True)

    findings = validate_here(architecture, monkeypatch)

    # The only YAML file is the root file itself, which an include never reads twice.
    assert [f.code for f in findings] == []


def test_include_matching_the_root_file_does_not_read_it_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_root(tmp_path, "*.yaml")
    assert validate_here(tmp_path, monkeypatch) == []


def test_two_patterns_matching_one_file_read_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_root(tmp_path, "layers/*.yaml", "layers/a*.yaml")
    (tmp_path / "layers").mkdir()
    (tmp_path / "layers" / "agencies.yaml").write_text(
        "agencies:\n  - id: so-tttt\n    name: Sở TT&TT\n    description: Sở.\n"
        "    depends_on: [ubnd]\n",
        encoding="utf-8",
    )
    assert validate_here(tmp_path, monkeypatch) == []


def test_included_file_that_cannot_be_read_is_ict009_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deny_reading: Callable[[str], None]
) -> None:
    write_root(tmp_path, "layers/*.yaml")
    (tmp_path / "layers").mkdir()
    (tmp_path / "layers" / "locked.yaml").write_text("agencies: []\n", encoding="utf-8")
    deny_reading("locked.yaml")
    findings = validate_here(tmp_path, monkeypatch)

    assert [f.code for f in findings] == ["ICT009"]
    assert findings[0].file == "layers/locked.yaml"
    assert "Permission denied" in findings[0].message


def test_total_size_limit_stops_reading_and_names_the_file_relatively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_root(tmp_path, "layers/*.yaml")
    (tmp_path / "layers").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "layers" / f"{name}.yaml").write_text(
            f"x-padding: {'a' * 200}\n", encoding="utf-8"
        )

    findings = validate_here(tmp_path, monkeypatch, max_total_bytes=300)

    assert [f.code for f in findings] == ["ICT006"]
    assert [f.file for f in findings] == ["layers/b.yaml"]
    assert "the remaining files were not read" in findings[0].message


def test_size_limit_on_the_root_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_root(tmp_path, "layers/*.yaml")
    findings = validate_here(tmp_path, monkeypatch, max_file_bytes=10)
    assert [(f.code, f.file, f.line, f.column) for f in findings] == [
        ("ICT006", "architecture.yaml", 1, 1)
    ]


def test_root_file_may_be_named_architecture_yml(tmp_path: Path) -> None:
    write_root(tmp_path, "*.none")
    (tmp_path / "architecture.yaml").rename(tmp_path / "architecture.yml")
    result = load_architecture(tmp_path)
    assert result.architecture is not None
    assert [f.code for f in result.findings] == ["ICT008"]


def test_a_single_file_is_accepted_as_the_root(tmp_path: Path) -> None:
    write_root(tmp_path, "*.none")
    single = tmp_path / "architecture.yaml"
    renamed = single.rename(tmp_path / "quang-nam.yaml")
    result = load_architecture(renamed)
    assert result.architecture is not None
    assert set(result.architecture.elements) == {"ubnd"}


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ArchitectureNotFound, match="no such file or directory"):
        load_architecture(tmp_path / "missing")


def test_directory_without_root_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ArchitectureNotFound, match=r"no architecture\.yaml"):
        load_architecture(tmp_path)


def test_display_path_is_relative_inside_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "inside").mkdir()
    monkeypatch.chdir(tmp_path / "inside")
    assert display_path(tmp_path / "inside" / "layers" / "a.yaml") == "layers/a.yaml"
    assert display_path(tmp_path / "other.yaml") == (tmp_path / "other.yaml").as_posix()


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("2", "format version 2 is not supported"),
        ('"1"', "written as text, '1': remove the quotes"),
        ("true", "format version True is not supported"),
        ("1.0", "format version 1.0 is not supported"),
    ],
)
def test_only_the_integer_version_1_is_read(tmp_path: Path, version: str, message: str) -> None:
    (tmp_path / "architecture.yaml").write_text(
        f"ictarch: {version}\narchitecture: {{id: a, name: A}}\n", encoding="utf-8"
    )
    result = load_architecture(tmp_path)
    assert result.architecture is None
    assert [(f.code, f.line, f.column) for f in result.findings] == [("ICT010", 1, 10)]
    assert message in result.findings[0].message


def test_required_false_makes_a_dependency_optional_and_the_default_is_required() -> None:
    """``{id: X, required: false}`` loads as an optional dependency; a plain id, an
    object without ``required`` and ``required: true`` are needed; an any_of
    alternative is always needed (its group decides)."""
    case = Path(__file__).parent / "cases" / "ict103-dependency-required"
    architecture = load_architecture(case).architecture
    portal = architecture.elements["cong-dvc"]
    flags = [(dependency.target, dependency.required) for dependency in portal.dependencies()]
    # "không" is not a boolean (ICT103): the dependency stays required, the safe reading.
    assert flags == [("lgsp", False), ("sso", True), ("tsdl", True), ("tsdl-du-phong", True)]
    assert portal.optional_targets() == ["lgsp"]
    assert [getattr(entry, "target", None) for entry in portal.required_entries()] == ["sso", None]
