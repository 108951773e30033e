"""ictarch site on the command line: determinism, --check, where it writes and refuses to."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import QUANG_NAM, REPO
from tests.site.conftest import run_site
from tests.site.html_pages import parse_page


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_the_same_architecture_gives_the_same_bytes_from_any_directory(
    quang_nam_site: Path, tmp_path: Path
) -> None:
    """A second build, in another process started elsewhere, writes the same files."""
    other = tmp_path / "again"
    subprocess.run(
        [sys.executable, "-m", "ictarch", "--lang", "en", "site", str(QUANG_NAM), "-o", str(other)],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert snapshot(other) == snapshot(quang_nam_site)


def test_the_manifest_lists_every_file(quang_nam_site: Path) -> None:
    lines = (quang_nam_site / ".ictarch-site").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Written by ictarch site")
    assert lines[1:] == sorted(snapshot(quang_nam_site))


def test_check_passes_on_a_current_site_and_lists_stale_missing_and_extra_files(
    small: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert run_site(str(small), "-o", str(site))[0] == 0
    code, output = run_site(str(small), "-o", str(site), "--check")
    assert (code, output.strip().endswith("are up to date")) == (0, True)
    (site / "elements" / "lgsp.html").write_text("changed by hand", encoding="utf-8")
    (site / "owners.html").unlink()
    (site / "elements" / "gone.html").write_text("left over", encoding="utf-8")
    code, output = run_site(str(small), "-o", str(site), "--check")
    assert code == 1
    lines = output.splitlines()
    assert f"would remove {site}/elements/gone.html" in lines
    assert f"would update {site}/elements/lgsp.html" in lines
    assert f"would create {site}/owners.html" in lines
    assert lines[-1].startswith("3 of the ")
    assert (site / "elements" / "lgsp.html").read_text(encoding="utf-8") == "changed by hand"


def test_check_of_a_missing_directory_fails(small: Path, tmp_path: Path) -> None:
    code, output = run_site(str(small), "-o", str(tmp_path / "none"), "--check")
    assert code == 1
    assert "would create" in output
    assert not (tmp_path / "none").exists()


def test_a_site_replaces_an_earlier_one_at_once_and_leaves_nothing_behind(
    small: Path, tmp_path: Path
) -> None:
    first, site = tmp_path / "first", tmp_path / "site"
    assert run_site(str(small), "-o", str(first))[0] == 0
    shutil.copytree(first, site)
    (site / "elements" / "lgsp.html").write_text("old", encoding="utf-8")
    (site / "elements" / "removed-since.html").write_text("old", encoding="utf-8")
    manifest = site / ".ictarch-site"
    manifest.write_text(manifest.read_text() + "elements/removed-since.html\n")
    code, output = run_site(str(small), "-o", str(site))
    assert code == 0, output
    assert output.startswith("wrote the site into")
    assert snapshot(site) == snapshot(first)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["first", "site", "small"]
    code, output = run_site(str(small), "-o", str(site))
    assert (code, output.startswith(f"the site in {site} is up to date")) == (0, True)


def test_an_empty_directory_is_filled(small: Path, tmp_path: Path) -> None:
    site = tmp_path / "empty"
    site.mkdir()
    code, output = run_site(str(small), "-o", str(site))
    assert code == 0, output
    assert (site / "index.html").is_file()


def test_files_it_did_not_write_are_never_deleted(quang_nam_site: Path, tmp_path: Path) -> None:
    # a folder of the user's
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    code, output = run_site(str(QUANG_NAM), "-o", str(mine))
    assert code == 2
    assert "is not empty and not a site written by ictarch" in output
    assert "notes.txt" in output
    assert [path.name for path in mine.iterdir()] == ["notes.txt"]
    # an earlier site with a file of the user's added
    site = Path(shutil.copytree(quang_nam_site, tmp_path / "site"))
    (site / "CNAME").write_text("example.org", encoding="utf-8")
    code, output = run_site(str(QUANG_NAM), "-o", str(site))
    assert code == 2
    assert "CNAME" in output
    assert (site / "CNAME").read_text(encoding="utf-8") == "example.org"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mine", "site"]


def test_it_refuses_the_architectures_own_directory_unless_asked(
    small: Path, tmp_path: Path
) -> None:
    architecture = small
    before = snapshot(architecture)
    inside = architecture / "site"
    code, output = run_site(str(architecture), "-o", str(inside))
    assert code == 2
    assert "is inside the architecture's directory" in output
    assert "--force-into-tree" in output
    assert not inside.exists()
    for holder in (architecture, tmp_path):  # the site would replace the architecture
        code, output = run_site(str(architecture), "-o", str(holder), "--force-into-tree")
        assert code == 2
        assert "holds the architecture itself" in output
    assert snapshot(architecture) == before
    code, output = run_site(str(architecture), "-o", str(inside), "--force-into-tree")
    assert code == 0, output
    assert (inside / "index.html").is_file()


def test_title_and_stamp(small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1665360000")
    site = tmp_path / "site"
    code, output = run_site(str(small), "-o", str(site), "--title", "Quảng Nam <ICT>", "--stamp")
    assert code == 0, output
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Overview · Quảng Nam &lt;ICT&gt;</title>" in index
    assert "Generated on 2022-10-10 00:00 UTC." in index
    element = (site / "elements" / "lgsp.html").read_text(encoding="utf-8")
    assert "Generated on 2022-10-10 00:00 UTC." in element


def test_no_timestamp_without_stamp(quang_nam_site: Path) -> None:
    index = (quang_nam_site / "index.html").read_text(encoding="utf-8")
    assert "Generated on" not in index
    assert "Generated by ictarch" in index


def test_the_language_of_the_pages_follows_lang(small: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ictarch.cli import app

    site = tmp_path / "site"
    result = CliRunner().invoke(app, ["--lang", "vi", "site", str(small), "-o", str(site)])
    assert result.exit_code == 0, result.output
    assert (
        (site / "index.html")
        .read_text(encoding="utf-8")
        .startswith('<!DOCTYPE html>\n<html lang="vi">')
    )


def test_a_missing_architecture_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run_site(str(tmp_path / "nothing"), "-o", str(tmp_path / "site"))
    assert code == 2
    assert output.startswith("ictarch: error:")
    assert not (tmp_path / "site").exists()


def test_an_architecture_that_cannot_be_loaded_gets_no_site(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "architecture.yaml").write_text("ictarch: 1\narchitecture: [\n", encoding="utf-8")
    code, output = run_site(str(broken), "-o", str(tmp_path / "site"))
    assert code == 1
    assert "ICT001" in output
    assert "could not be loaded" in output
    assert not (tmp_path / "site").exists()


def test_without_dot_it_says_how_to_install_it(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    code, output = run_site(str(small), "-o", str(tmp_path / "site"))
    assert code == 2
    assert "Graphviz 'dot' program was not found" in output
    assert "hint: install Graphviz" in output
    assert not (tmp_path / "site").exists()


def test_findings_accepted_by_a_waiver_are_shown_apart(small: Path, tmp_path: Path) -> None:
    platforms = small / "layers" / "platforms.yaml"
    platforms.write_text(
        platforms.read_text(encoding="utf-8").replace(
            "    depends_on: [tsdl]",
            "    criticality: critical\n"
            "    depends_on: [tsdl]\n"
            "    waivers:\n"
            "      - code: ICT306\n"
            "        reason: Máy chủ dự phòng <b>2027</b>\n"
            '        until: "2099-12-31"',
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    code, output = run_site(str(small), "-o", str(site))
    assert code == 0, output
    findings = parse_page(site, "findings.html").plain_text
    assert "1 finding accepted by a waiver" in findings
    assert "Waived: Máy chủ dự phòng <b>2027</b> (until 2099-12-31)" in findings
    assert "ictarch validate found nothing to report." in findings
    element = parse_page(site, "elements/sso.html").plain_text
    assert "waivers ICT306 : Máy chủ dự phòng <b>2027</b> (until 2099-12-31)" in element
    assert "Accepted by a waiver accepted ICT306 'sso' has criticality critical" in element


LIFECYCLE = REPO / "tests" / "data" / "lifecycle"


@pytest.mark.parametrize(
    ("options", "down", "saved", "backup_absent"),
    [
        ((), "2 elements go down with it", None, True),
        (("--state", "target"), "no other element goes down with it", "1 element loses", False),
        (("--at", "2024-08-01"), "no other element goes down with it", "1 element loses", False),
    ],
)
def test_the_failure_analysis_answers_for_the_state(
    tmp_path: Path, options: tuple[str, ...], down: str, saved: str | None, backup_absent: bool
) -> None:
    """The backup data centre is being built (in service from 2024-07-01): today it
    saves nothing, in the plan and after that day it keeps the portal up."""
    site = tmp_path / "site"
    code, output = run_site(str(LIFECYCLE), "-o", str(site), *options)
    assert code == 0, output
    page = parse_page(site, "elements/tsdl-tinh.html").plain_text
    assert down in page
    assert (saved is not None and saved in page) or (saved is None and "loses" not in page)
    backup = parse_page(site, "elements/tsdl-du-phong.html").plain_text
    assert ("does not work in this state" in backup) is backup_absent
    index = parse_page(site, "index.html").plain_text
    state = options[1] if options else "current"
    assert f"state: {state} (" in index
    assert "since 2024-07-01" in backup  # the fields as written, whatever the state


def test_a_failure_analysis_too_large_is_said_not_hidden(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ictarch.graph import resilience

    monkeypatch.setattr(resilience, "MAX_SET_ENTRIES", 2)
    site = tmp_path / "site"
    code, output = run_site(str(small), "-o", str(site))
    assert code == 0, output
    note = "The failure analysis was not computed: the dependency chains are too long"
    assert note in parse_page(site, "index.html").plain_text
    assert note in parse_page(site, "elements/lgsp.html").plain_text
