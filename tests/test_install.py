"""The installation the README describes works: a wheel built from the checkout installs
into a clean virtual environment and its ``ictarch`` runs."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import QUANG_NAM, REPO


def _run(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=600, env=env, cwd=cwd, check=False
    )


def test_a_wheel_built_from_the_checkout_installs_and_runs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    wheel_command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(REPO)]
    # the build backend (hatchling) from the local pip cache or an index; offline and
    # without a cached copy, the one installed in this environment, if any
    built = _run(wheel_command)
    if built.returncode != 0:
        built = _run([*wheel_command, "--no-build-isolation"])
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip()[-400:]}")
    (wheel,) = dist.glob("ictarch-*.whl")

    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(target)
    python = target / "bin" / "python"
    # the wheel's dependencies come from the local pip cache or an index; without either
    # (an offline machine with an empty cache) the test is skipped, saying why
    installed = _run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", str(wheel)]
    )
    if installed.returncode != 0:
        pytest.skip(
            f"cannot install the wheel's dependencies here: {installed.stderr.strip()[-400:]}"
        )

    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    version = _run([str(target / "bin" / "ictarch"), "--version"], env=env, cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip()
    checked = _run(
        [str(target / "bin" / "ictarch"), "--lang", "en", "validate", str(QUANG_NAM)],
        env=env,
        cwd=tmp_path,
    )
    assert checked.returncode == 0, checked.stderr
    assert "0 errors" in checked.stdout
    # the package data travel with the wheel: catalogues, schemas, the Vietnamese catalog
    vi = _run(
        [str(target / "bin" / "ictarch"), "--lang", "vi", "rules", "ICT202"], env=env, cwd=tmp_path
    )
    assert vi.returncode == 0, vi.stderr
    assert "ICT202" in vi.stdout
    assert "(lỗi)" in vi.stdout
    assert "phần tử" in vi.stdout
    # the language server's diagnostics link to the rules' documentation installed with it
    link = _run(
        [
            str(python),
            "-c",
            "from ictarch.lsp.features import rule_link; print(rule_link('ICT202'))",
        ],
        env=env,
        cwd=tmp_path,
    )
    assert link.returncode == 0, link.stderr
    assert link.stdout.startswith((target / "lib").as_uri()), link.stdout
    assert "/ictarch/docs/rules.md#L" in link.stdout
