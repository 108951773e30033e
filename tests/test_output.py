"""Outputs are written atomically, with ordinary permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ictarch.output import write_atomic


def test_write_atomic_replaces_content_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "report.json"
    write_atomic(target, "first")
    write_atomic(target, "Quảng Nam")
    assert target.read_text(encoding="utf-8") == "Quảng Nam"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")
def test_write_atomic_respects_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "diagram.svg", b"<svg/>")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "diagram.svg").stat().st_mode) == 0o644


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
