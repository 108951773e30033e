"""A small, valid architecture for ``ictarch init`` to start from."""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from pathlib import Path, PurePosixPath

from ictarch.inputs import resolve_path
from ictarch.model.schema import SCHEMA_FILES, schema_text
from ictarch.output import write_output

_ROOT = """\
# yaml-language-server: $schema=schemas/architecture.schema.json
ictarch: 1
architecture:
  id: {id}
  name: {name}
  version: "0.1"
  owner: ubnd
  description: Kiến trúc ICT ban đầu; hãy thay các phần tử này bằng các phần tử của đơn vị.
include:
  - layers/*.yaml
views:
  - id: overview
    title: Tổng quan
  - id: portal
    title: Cổng dịch vụ công và những gì cổng cần
    focus: cong-dvc
    depth: 2
    direction: both
rules: {{}}
# Texts of Part I of the digital architecture document (ictarch document -o kien-truc-so.docx)
document:
  goals:
    - Mục tiêu thứ nhất của kiến trúc số; hãy thay bằng mục tiêu của đơn vị.
  scope: Phạm vi của kiến trúc (các cơ quan, các cấp, các hệ thống); hãy thay bằng phạm vi thực tế.
  principles:
    - Lấy người dân làm trung tâm.
  vision: Tầm nhìn của kiến trúc số; hãy thay bằng tầm nhìn của đơn vị.
"""

_LAYERS = {
    "agencies": """\
# yaml-language-server: $schema=../schemas/layer.schema.json
agencies:
  - id: ubnd
    name: Ủy ban nhân dân tỉnh
    kind: agency
    description: Ủy ban nhân dân tỉnh, đơn vị chủ quản của kiến trúc.
    depends_on: [cong-dvc]
  - id: so-tttt
    name: Sở Thông tin và Truyền thông
    kind: agency
    description: Sở Thông tin và Truyền thông, đơn vị vận hành các nền tảng dùng chung.
    depends_on: [cong-dvc]
  - id: vnpt
    name: VNPT
    kind: provider
    description: Doanh nghiệp viễn thông vận hành trung tâm dữ liệu.
""",
    "services": """\
# yaml-language-server: $schema=../schemas/layer.schema.json
services:
  - id: cong-dvc
    name: Cổng dịch vụ công
    kind: public-service
    description: Cổng dịch vụ công, nơi người dân nộp hồ sơ trực tuyến.
    owner: so-tttt
    criticality: medium
    depends_on: [lgsp, sso]
""",
    "platforms": """\
# yaml-language-server: $schema=../schemas/layer.schema.json
platforms:
  - id: lgsp
    name: Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)
    kind: integration-platform
    description: Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh.
    owner: so-tttt
    operator: vnpt
    depends_on:
      - any_of: [tsdl, tsdl-du-phong]
  - id: sso
    name: Hệ thống xác thực tập trung
    kind: identity-platform
    description: Xác thực tập trung cho cán bộ và người dân.
    owner: so-tttt
    depends_on: [tsdl]
""",
    "infrastructure": """\
# yaml-language-server: $schema=../schemas/layer.schema.json
infrastructure:
  - id: tsdl
    name: Trung tâm dữ liệu tỉnh
    kind: data-centre
    description: Trung tâm dữ liệu của tỉnh.
    owner: so-tttt
    operator: vnpt
  - id: tsdl-du-phong
    name: Trung tâm dữ liệu dự phòng
    kind: data-centre
    description: Trung tâm dữ liệu dự phòng, có thể tiếp quản LGSP.
    owner: so-tttt
""",
}


def slug_of(text: str) -> str:
    """An id from a name: "Quảng Nam" gives "quang-nam" (diacritics dropped, đ as d)."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9.-]+", "-", plain).strip("-.")


def scaffold_files(architecture_id: str, name: str) -> dict[Path, str]:
    """The files of a new architecture, relative to its directory."""
    quoted_name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    files = {Path("architecture.yaml"): _ROOT.format(id=architecture_id, name=quoted_name)}
    for layer, text in _LAYERS.items():
        files[Path("layers") / f"{layer}.yaml"] = text
    for schema_file in SCHEMA_FILES:
        files[Path("schemas") / schema_file] = schema_text(schema_file)
    return files


def existing_files(directory: Path, files: dict[Path, str]) -> list[Path]:
    return [directory / relative for relative in files if (directory / relative).exists()]


def write_scaffold(directory: Path, files: dict[Path, str]) -> None:
    for relative, text in files.items():
        write_output(directory / relative, text)


def _segment_matches(patterns: list[str], parts: list[str]) -> bool:
    """Whether path segments ``parts`` match glob segments ``patterns`` (``**``: any depth)."""
    if not patterns:
        return not parts
    first, rest = patterns[0], patterns[1:]
    if first == "**":
        return any(_segment_matches(rest, parts[index:]) for index in range(len(parts) + 1))
    if not parts or not fnmatch.fnmatchcase(parts[0], first):
        return False
    return _segment_matches(rest, parts[1:])


def include_pattern_matches(pattern: str, relative: PurePosixPath) -> bool:
    """Whether the include pattern ``pattern`` (as the loader reads it) matches ``relative``."""
    segments = [part for part in PurePosixPath(pattern.replace("\\", "/")).parts if part != "."]
    return _segment_matches(segments, list(relative.parts))


def enclosing_includes(directory: Path, files: dict[Path, str]) -> tuple[Path, str, Path] | None:
    """An architecture above ``directory`` whose includes would read one of ``files``.

    Returns ``(root file, pattern, new file)`` for the first one found, walking up
    from the parent of ``directory``; None when no enclosing architecture would.
    """
    from ictarch.model.loader import ROOT_FILE_NAMES
    from ictarch.model.yamlsource import Limits, YamlList, read_yaml_file

    target = resolve_path(directory)
    for ancestor in target.parents:
        for root_name in ROOT_FILE_NAMES:
            root_file = ancestor / root_name
            if not root_file.is_file():
                continue
            document = read_yaml_file(root_file, str(root_file), Limits())
            patterns = document.value.get("include") if isinstance(document.value, dict) else None
            if not isinstance(patterns, YamlList):
                continue
            for relative in files:
                inside = PurePosixPath((target / relative).relative_to(ancestor).as_posix())
                for pattern in patterns:
                    if isinstance(pattern, str) and include_pattern_matches(pattern, inside):
                        return root_file, pattern, directory / relative
    return None
