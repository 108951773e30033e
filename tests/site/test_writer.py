"""Writing a site into its directory: at once, keeping the old one when anything fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ictarch.site import SiteError, SiteFile
from ictarch.site.writer import MANIFEST, check_site, write_site

SITE = [SiteFile("index.html", b"<p>new</p>"), SiteFile("elements/a.html", b"<p>a</p>")]


def files_in(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_a_new_site_is_written_with_its_manifest(tmp_path: Path) -> None:
    summary = write_site(iter(SITE), tmp_path / "site")
    assert (summary.changed, summary.files, summary.pages) == (True, 3, 2)
    written = files_in(tmp_path / "site")
    assert written["index.html"] == b"<p>new</p>"
    assert written[MANIFEST].decode().splitlines()[1:] == [
        MANIFEST,
        "elements/a.html",
        "index.html",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_same_site_again_changes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(iter(SITE), site)
    before = os.stat(site / "index.html").st_ino
    summary = write_site(iter(SITE), site)
    assert summary.changed is False
    assert os.stat(site / "index.html").st_ino == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert check_site(iter(SITE), site)[0] == []


def test_a_failed_swap_puts_the_old_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    write_site(iter(SITE), site)
    old = files_in(site)
    real_rename = os.rename

    def rename(source: str | Path, destination: str | Path) -> None:
        if Path(source).name.endswith(".new"):
            raise PermissionError(13, "Permission denied")
        real_rename(source, destination)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(SiteError, match=r"cannot write .*Permission denied"):
        write_site(iter([SiteFile("index.html", b"<p>newer</p>")]), site)
    assert files_in(site) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failure_while_building_leaves_the_old_site_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(iter(SITE), site)
    old = files_in(site)

    def broken() -> object:
        yield SiteFile("index.html", b"half")
        raise SiteError("dot failed")

    with pytest.raises(SiteError, match="dot failed"):
        write_site(broken(), site)  # type: ignore[arg-type]
    assert files_in(site) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_file_is_not_a_directory(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(SiteError, match="exists and is not a directory"):
        write_site(iter(SITE), target)
    assert target.read_text(encoding="utf-8") == "mine"
