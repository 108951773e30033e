"""A site of the bundled Quảng Nam architecture, built once through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from tests.conftest import QUANG_NAM


def run_site(*arguments: str) -> tuple[int, str]:
    """``ictarch --lang en site ARGUMENTS`` through the entry point; (exit code, output)."""
    result = CliRunner().invoke(app, ["--lang", "en", "site", *arguments])
    return result.exit_code, result.output


@pytest.fixture(scope="session")
def quang_nam_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("quang-nam-site") / "site"
    code, output = run_site(str(QUANG_NAM), "-o", str(site))
    assert code == 0, output
    return site


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A small architecture of one's own (``ictarch init``): quick to draw, free to change."""
    from ictarch.scaffold import scaffold_files, write_scaffold

    path = tmp_path / "small"
    write_scaffold(path, scaffold_files("small", "Tỉnh mẫu"))
    return path


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


HOSTILE = r"""
ictarch: 1
architecture:
  id: hostile
  name: "</title><script>alert('name')</script>"
  owner: so
  description: "<img src=x onerror=alert('description')> {{ 7*7 }}"
views:
  - id: all
    title: "</svg><script>alert('view')</script>"
    description: "<img src=x onerror=alert('view description')>"
agencies:
  - id: so
    name: "<script>alert('agency')</script>"
    kind: agency
    description: "\"><img src=x onerror=alert(1)> {{ 7*7 }} {% raw %}"
services:
  - id: app
    name: "Ứng dụng \" onmouseover=\"alert(1)"
    owner: so
    description: "</textarea></noscript></style><svg onload=alert(2)>"
    links:
      - {url: "javascript:alert('link')", title: "<b>click</b>"}
      - {url: " JaVaScRiPt:alert(1)"}
      - {url: "java\tscript:alert(1)"}
      - {url: "data:text/html,<script>alert(1)</script>"}
      - {url: "https:javascript:alert(1)"}
      - {url: "//evil.example/x"}
      - {url: "https://example.org/?q=\"><script>alert('query')</script>", title: ok}
      - {url: "mailto:so@example.org"}
    x-note: "<script>alert('extension')</script>"
    depends_on:
      - {id: platform, description: "<iframe src=javascript:alert(3)>"}
      - "missing<script>"
platforms:
  - id: platform
    name: "C:\\new\\ & </text></g></svg><script>alert('dot')</script>"
    owner: so
    description: "-->]]><!-- <![CDATA["
    depends_on: ["../Evil Id"]
infrastructure:
  - id: "../Evil Id"
    name: An id that is not one
    owner: so
"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of an architecture whose every text tries to break out of HTML or SVG."""
    directory = tmp_path_factory.mktemp("hostile")
    (directory / "architecture.yaml").write_text(HOSTILE, encoding="utf-8")
    site = directory.parent / f"{directory.name}-site"
    code, output = run_site(str(directory / "architecture.yaml"), "-o", str(site))
    assert code == 0, output
    return site
