"""No command writes over what it reads, replaces a device or a pipe, or hides a failed write.

Regression tests of issue 10 (safety defects): ``-o`` naming one of the
architecture's own files, ``-o`` naming a FIFO or a character device, ``-o -``,
a full disk, and ``init`` inside a directory an enclosing architecture includes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from ictarch.output import OutputError, refuse_overwriting_inputs, write_atomic
from tests.conftest import QUANG_NAM, QUANG_NAM_2021


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def architecture(tmp_path: Path) -> Path:
    folder = tmp_path / "quang-nam"
    shutil.copytree(QUANG_NAM, folder, ignore=shutil.ignore_patterns("diagrams"))
    return folder


@pytest.fixture
def older(tmp_path: Path) -> Path:
    folder = tmp_path / "quang-nam-2021"
    shutil.copytree(QUANG_NAM_2021, folder, ignore=shutil.ignore_patterns("diagrams"))
    return folder


def commands_writing_to(architecture: Path, older: Path, target: Path) -> list[list[str]]:
    """Every command with an output option, pointed at ``target``."""
    arch = str(architecture)
    return [
        ["validate", arch, "-o", str(target)],
        ["validate", arch, "--format", "sarif", "-o", str(target)],
        ["analyze", arch, "-o", str(target)],
        ["impact", arch, "lgsp", "-o", str(target)],
        ["impact", arch, "lgsp", "--render", str(target.with_suffix(".dot"))],
        ["diff", str(older), arch, "-o", str(target)],
        ["diff", str(older), arch, "--render", str(target.with_suffix(".mmd"))],
    ]


@pytest.mark.parametrize("target", ["architecture.yaml", "layers/services.yaml"])
def test_an_output_naming_an_input_file_is_refused(
    runner: CliRunner, architecture: Path, older: Path, target: str
) -> None:
    before = digests(architecture), digests(older)
    for arguments in commands_writing_to(architecture, older, architecture / target):
        if arguments[-1].endswith((".dot", ".mmd")):
            # the drawing path is an input only when the input has that name
            source = architecture / target
            drawing = Path(arguments[-1])
            drawing.write_bytes(source.read_bytes())
            source.unlink()
            source.symlink_to(drawing.name)
        result = runner.invoke(app, arguments)
        assert result.exit_code == 2, (arguments, result.output)
        assert "refusing to write" in result.stderr, arguments
        assert "a file of the architecture" in result.stderr
        if arguments[-1].endswith((".dot", ".mmd")):
            drawing = Path(arguments[-1])
            (architecture / target).unlink()
            (architecture / target).write_bytes(drawing.read_bytes())
            drawing.unlink()
    assert (digests(architecture), digests(older)) == before


def test_an_output_linked_to_an_input_is_refused(runner: CliRunner, architecture: Path) -> None:
    link = architecture.parent / "report.txt"
    link.symlink_to(architecture / "layers" / "platforms.yaml")
    hard = architecture.parent / "hard.txt"
    os.link(architecture / "layers" / "services.yaml", hard)
    before = digests(architecture)
    for target in (link, hard):
        result = runner.invoke(app, ["validate", str(architecture), "-o", str(target)])
        assert result.exit_code == 2
        assert "refusing to write" in result.stderr
    assert digests(architecture) == before


def test_an_input_of_the_old_version_is_refused_by_diff(
    runner: CliRunner, architecture: Path, older: Path
) -> None:
    before = digests(older)
    result = runner.invoke(
        app, ["diff", str(older), str(architecture), "-o", str(older / "layers/services.yaml")]
    )
    assert result.exit_code == 2
    assert "refusing to write" in result.stderr
    assert digests(older) == before


def test_render_into_the_architecture_directory_never_replaces_an_input(
    runner: CliRunner, architecture: Path
) -> None:
    # an element file named like a diagram: layers/overview.dot would be overwritten
    (architecture / "layers" / "overview.dot").write_text("agencies: []\n", encoding="utf-8")
    (architecture / "architecture.yaml").write_text(
        (architecture / "architecture.yaml")
        .read_text(encoding="utf-8")
        .replace("include:", "include:\n  - layers/*.dot", 1),
        encoding="utf-8",
    )
    before = digests(architecture)
    result = runner.invoke(
        app, ["render", str(architecture), "-f", "dot", "-o", str(architecture / "layers")]
    )
    assert result.exit_code == 2, result.output
    assert "refusing to write" in result.stderr
    assert digests(architecture) == before


def test_render_to_standard_output_is_refused(runner: CliRunner, architecture: Path) -> None:
    result = runner.invoke(app, ["render", str(architecture), "-f", "mermaid", "-o", "-"])
    assert result.exit_code == 2
    assert "names a directory" in result.stderr


def test_refuse_overwriting_inputs_lets_other_paths_through(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("x", encoding="utf-8")
    refuse_overwriting_inputs([tmp_path / "b.yaml", Path("-")], [source])
    with pytest.raises(OutputError):
        refuse_overwriting_inputs([tmp_path / "." / "a.yaml"], [source])


# -o -: standard output, for every command that takes -o


@pytest.mark.parametrize(
    "arguments",
    [
        ["validate", "{a}", "--format", "json"],
        ["analyze", "{a}", "--format", "json"],
        ["impact", "{a}", "lgsp", "--format", "json"],
        ["diff", "{o}", "{a}", "--format", "json"],
    ],
    ids=["validate", "analyze", "impact", "diff"],
)
def test_dash_is_standard_output(
    runner: CliRunner, architecture: Path, older: Path, arguments: list[str]
) -> None:
    filled = [a.format(a=architecture, o=older) for a in arguments]
    result = runner.invoke(app, [*filled, "-o", "-"])
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)
    assert not Path("-").exists()


# Devices and pipes are written to, never replaced


def run_ictarch(*arguments: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ictarch", *arguments],
        capture_output=True,
        timeout=120,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_dev_null_stays_a_device(architecture: Path) -> None:
    process = run_ictarch("validate", str(architecture), "-o", "/dev/null")
    assert process.returncode == 0, process.stderr
    assert Path("/dev/null").is_char_device()


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="needs /dev/stdout")
def test_dev_stdout_is_written_to(architecture: Path) -> None:
    process = run_ictarch("validate", str(architecture), "-f", "json", "-o", "/dev/stdout")
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout)["summary"]["elements"] > 50


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("how", ["-o", "stdout"])
def test_a_full_disk_is_exit_2_with_a_message(architecture: Path, how: str) -> None:
    if how == "-o":
        process = run_ictarch("validate", str(architecture), "-o", "/dev/full")
    else:
        with open("/dev/full", "wb") as full:
            process = subprocess.run(
                [sys.executable, "-m", "ictarch", "validate", str(architecture)],
                stdout=full,
                stderr=subprocess.PIPE,
                timeout=120,
                check=False,
            )
    assert process.returncode == 2
    assert b"No space left on device" in process.stderr
    assert b"Traceback" not in process.stderr
    assert Path("/dev/full").is_char_device()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_written_to_not_replaced(runner: CliRunner, architecture: Path) -> None:
    fifo = architecture.parent / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = runner.invoke(app, ["validate", str(architecture), "-f", "json", "-o", str(fifo)])
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert fifo.is_fifo()
    assert json.loads(received[0])["summary"]["elements"] > 50


def test_a_symbolic_link_to_a_report_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "latest.txt"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.txt"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"


def test_a_directory_is_not_replaced(runner: CliRunner, architecture: Path) -> None:
    folder = architecture.parent / "out"
    folder.mkdir()
    result = runner.invoke(app, ["validate", str(architecture), "-o", str(folder)])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert folder.is_dir()


# init inside a directory an enclosing architecture includes


def test_init_where_an_enclosing_architecture_would_read_it_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    parent = tmp_path / "province"
    parent.mkdir()
    (parent / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: p, name: P}\ninclude: ['**/*.yaml']\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["init", str(parent / "districts" / "hoi-an")])
    assert result.exit_code == 2, result.output
    assert "would read" in result.stderr
    assert not (parent / "districts").exists()


def test_init_beside_an_architecture_that_does_not_include_it_works(
    runner: CliRunner, tmp_path: Path
) -> None:
    parent = tmp_path / "province"
    parent.mkdir()
    (parent / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: p, name: P}\ninclude: ['layers/*.yaml']\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["init", str(parent / "districts" / "hoi-an")])
    assert result.exit_code == 0, result.output
    assert (parent / "districts" / "hoi-an" / "architecture.yaml").is_file()


def test_conformance_refuses_to_write_over_an_input(runner: CliRunner, architecture: Path) -> None:
    before = digests(architecture)
    target = architecture / "layers" / "platforms.yaml"
    result = runner.invoke(app, ["conformance", str(architecture), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "refusing to write" in result.stderr
    assert digests(architecture) == before


@pytest.mark.parametrize(
    "arguments",
    [["roadmap", "{a}"], ["export", "{a}", "--format", "csv"], ["export", "{a}", "-f", "graphml"]],
    ids=["roadmap", "export-csv", "export-graphml"],
)
def test_newer_commands_refuse_to_write_over_an_input(
    runner: CliRunner, architecture: Path, arguments: list[str]
) -> None:
    before = digests(architecture)
    filled = [a.format(a=architecture) for a in arguments]
    target = architecture / "layers" / "services.yaml"
    if "csv" in filled:  # several files into a directory: one of them named like an input
        target = architecture / "layers"
        (architecture / "architecture.yaml").write_text(
            (architecture / "architecture.yaml")
            .read_text(encoding="utf-8")
            .replace("include:", "include:\n  - layers/elements.csv", 1),
            encoding="utf-8",
        )
        (target / "elements.csv").write_text("agencies: []\n", encoding="utf-8")
        before = digests(architecture)
    result = runner.invoke(app, [*filled, "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "refusing to write" in result.stderr
    assert digests(architecture) == before
