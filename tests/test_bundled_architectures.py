"""The bundled example architectures must validate clean, with no warnings either."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictarch.model.architecture import AnyOf
from ictarch.validation import validate_paths
from tests.conftest import QUANG_NAM, QUANG_NAM_2021


@pytest.mark.parametrize("path", [QUANG_NAM, QUANG_NAM_2021], ids=lambda p: p.name)
def test_bundled_architecture_is_clean(path: Path) -> None:
    """No errors, and no warnings but the real single points of failure (ICT306)."""
    result = validate_paths([path])
    unexpected = [f for f in result.findings if f.code != "ICT306"]
    assert [f"{f.location} {f.code} {f.message}" for f in unexpected] == []
    assert all(f.severity == "warning" for f in result.findings)
    assert result.element_count >= 50


def test_quang_nam_has_the_required_content() -> None:
    result = validate_paths([QUANG_NAM])
    (architecture,) = result.architectures
    elements = architecture.elements
    assert len(elements) >= 60
    assert {layer.id for layer in architecture.layers} == {
        "agencies",
        "services",
        "platforms",
        "infrastructure",
    }
    for required in ("lgsp", "ioc-tinh", "ubnd-tinh", "so-tttt", "viettel", "vnpt"):
        assert required in elements, required
    assert any(isinstance(entry, AnyOf) for e in elements.values() for entry in e.depends_on)
    assert elements["so-tttt"].name == "Sở Thông tin và Truyền thông"
