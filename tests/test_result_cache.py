"""The result cache: outputs identical to a cold run, hostile entries ignored, runs in
parallel, and the Workspace the language server uses.

Every run goes through the real entry point in a child process (as users run it),
with ICTARCH_CACHE_DIR pointing at a directory of the test's own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ictarch.model import records
from ictarch.model.cache import ResultCache
from ictarch.workspace import Workspace

from .conftest import QUANG_NAM

FORMATS = ("text", "json", "sarif", "github")


def _run(args: list[str], cache: Path | None, cwd: Path, **env: str) -> tuple[int, bytes, bytes]:
    environment = {**os.environ, "ICTARCH_CACHE_DIR": str(cache) if cache else "off", **env}
    environment.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: waivers stable
    done = subprocess.run(
        [sys.executable, "-m", "ictarch", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        timeout=300,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def architecture(tmp_path: Path) -> Path:
    target = tmp_path / "qn"
    shutil.copytree(QUANG_NAM, target)
    return target


def _same_as_cold(tmp_path: Path, cache: Path, *args: str, **env: str) -> None:
    """Run warm (through ``cache``) and cold (without a cache): identical outputs."""
    warm = _run(["validate", *args], cache, tmp_path, **env)
    cold = _run(["validate", *args], None, tmp_path, **env)
    assert warm == cold
    assert warm[0] in (0, 1), warm[2]


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/*.json"))


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_is_byte_identical_cold_and_warm(
    tmp_path: Path, architecture: Path, output_format: str
) -> None:
    cache = tmp_path / "cache"
    for _ in range(2):  # the first run fills the cache, the second reads it
        _same_as_cold(tmp_path, cache, "qn", "-f", output_format)
    assert _entries(cache)


def test_edits_renames_deletions_and_settings(tmp_path: Path, architecture: Path) -> None:
    cache = tmp_path / "cache"
    _same_as_cold(tmp_path, cache, "qn")
    platforms = architecture / "layers" / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    platforms.write_text(text.replace("  - id: lgsp\n", "  - id: lgsp2\n", 1), encoding="utf-8")
    _same_as_cold(tmp_path, cache, "qn")  # an edit: a reference now dangles
    _same_as_cold(tmp_path, cache, "qn", "-f", "json")
    platforms.rename(architecture / "layers" / "platforms-renamed.yaml")
    _same_as_cold(tmp_path, cache, "qn")  # a rename: other file names in findings
    (architecture / "layers" / "platforms-renamed.yaml").unlink()
    _same_as_cold(tmp_path, cache, "qn", "-f", "json")  # a deleted file
    _same_as_cold(tmp_path, cache, "qn", "--state", "target")
    _same_as_cold(tmp_path, cache, "qn", ICTARCH_LANG="vi")
    _same_as_cold(tmp_path, cache, "qn", ICTARCH_MAX_ELEMENTS="20")
    _same_as_cold(tmp_path, cache, "qn", SOURCE_DATE_EPOCH="2000000000")
    root = architecture / "architecture.yaml"
    root.write_text(root.read_text(encoding="utf-8") + "\nrules:\n  ICT306: off\n", "utf-8")
    _same_as_cold(tmp_path, cache, "qn", "-f", "json")
    _same_as_cold(tmp_path, cache, "qn/layers/services.yaml")  # an element file named


def test_a_changed_ictarch_does_not_read_older_entries(tmp_path: Path, architecture: Path) -> None:
    """Entries of another ictarch version (or other code) have other keys: a code
    fingerprint is part of every key."""
    cache = tmp_path / "cache"
    _same_as_cold(tmp_path, cache, "qn")
    before = set(_entries(cache))
    script = (
        "import sys, ictarch, ictarch.model.cache as c; c.__version__ = '99.0';"
        "from ictarch.cli import main; sys.argv = ['ictarch', 'validate', 'qn']; main()"
    )
    environment = {**os.environ, "ICTARCH_CACHE_DIR": str(cache)}
    environment["SOURCE_DATE_EPOCH"] = "1767225600"
    other = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=environment, capture_output=True
    )
    assert other.returncode in (0, 1)
    assert set(_entries(cache)) - before, "another version wrote no entries of its own"
    assert (other.returncode, other.stdout) == _run(["validate", "qn"], None, tmp_path)[:2]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"\x00\xff garbage " * 40,
        lambda data: data.replace(b'"ICT', b'"XXX'),  # payload changed, header not
        lambda data: b'{"key": "x", "sha256": "y", "size": 2}\n[]',  # another key
    ],
    ids=["truncated", "garbage", "tampered", "other-key"],
)
def test_a_damaged_entry_is_ignored_and_rewritten(
    tmp_path: Path, architecture: Path, damage: object
) -> None:
    cache = tmp_path / "cache"
    _same_as_cold(tmp_path, cache, "qn", "-f", "json")
    entries = _entries(cache)
    originals = {entry: entry.read_bytes() for entry in entries}
    for entry in entries:
        entry.write_bytes(damage(originals[entry]))  # type: ignore[operator]
    _same_as_cold(tmp_path, cache, "qn", "-f", "json")
    for entry in entries:
        assert entry.read_bytes() == originals[entry], f"{entry.name} was not rewritten"


def test_a_hostile_entry_cannot_build_other_objects(tmp_path: Path) -> None:
    """A valid header over a payload naming classes outside the closed set: a miss."""
    cache = ResultCache(tmp_path)
    cache.put("k" * 64, [1, 2])
    assert cache.get("k" * 64) == [1, 2]
    for payload in (
        '{"$": "os.system", "command": "true"}',
        '{"$": "E", "id": "x"}',  # a record with missing fields
        '{"$m": "not a list"}',
        "[" * 100000,
    ):
        with pytest.raises(records.RecordError):
            records.loads(payload)
    workspace = Workspace(QUANG_NAM)
    workspace.check()
    assert workspace.architecture is not None
    element = workspace.architecture.definitions[0]
    good = json.loads(json.dumps(records.elements_to_rows([element], element.location.file)))
    assert records.elements_from_rows(good, element.location.file) == [element]
    row = good[0]
    for index in range(len(row)):
        for wrong in (None, 7, "x", [["x"]], {"a": [1]}, 1.5):
            if wrong == row[index]:
                continue
            hostile = [*row[:index], wrong, *row[index + 1 :]]
            try:
                decoded = records.elements_from_rows([hostile], element.location.file)
            except (ValueError, TypeError, KeyError, IndexError):
                continue  # refused: the entry is ignored
            # accepted only where the value is one the field may hold
            assert decoded[0].id.__class__ is str
            assert decoded[0].location.line.__class__ is int


def test_an_unwritable_cache_never_fails_a_run(tmp_path: Path, architecture: Path) -> None:
    blocked = tmp_path / "file-not-directory"
    blocked.write_text("x", encoding="utf-8")
    warm = _run(["validate", "qn"], blocked / "cache", tmp_path)
    assert warm == _run(["validate", "qn"], None, tmp_path)


def test_no_cache_leaves_the_cache_alone(tmp_path: Path, architecture: Path) -> None:
    cache = tmp_path / "cache"
    environment = {**os.environ, "ICTARCH_CACHE_DIR": str(cache)}
    subprocess.run(
        [sys.executable, "-m", "ictarch", "validate", "--no-cache", "qn"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        check=False,
    )
    assert not cache.exists()


def test_two_concurrent_runs_on_one_cache_both_succeed(tmp_path: Path, architecture: Path) -> None:
    cache = tmp_path / "cache"
    expected = _run(["validate", "qn", "-f", "json"], None, tmp_path)
    environment = {**os.environ, "ICTARCH_CACHE_DIR": str(cache)}
    environment["SOURCE_DATE_EPOCH"] = "1767225600"
    for _ in range(3):
        shutil.rmtree(cache, ignore_errors=True)
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "ictarch", "validate", "qn", "-f", "json"],
                cwd=tmp_path,
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        for run in runs:
            stdout, stderr = run.communicate(timeout=300)
            assert (run.returncode, stdout, stderr) == expected
    assert _run(["validate", "qn", "-f", "json"], cache, tmp_path) == expected


def test_the_cache_stays_within_its_bound(tmp_path: Path, architecture: Path) -> None:
    cache = tmp_path / "cache"
    for state in ("current", "target", "2030-01-01", "2020-01-01"):
        _run(["validate", "qn", "--state", state], cache, tmp_path, ICTARCH_CACHE_MB="0")
    assert sum(entry.stat().st_size for entry in _entries(cache)) == 0


def test_the_workspace_rechecks_an_edit_like_a_cold_run(architecture: Path) -> None:
    workspace = Workspace(architecture)
    cold = workspace.check()
    assert workspace.architecture is not None
    platforms = architecture / "layers" / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    edited = text.replace("  - id: lgsp\n", "  - id: lgsp2\n", 1)
    findings = workspace.update(platforms, edited)
    platforms.write_text(edited, encoding="utf-8")
    fresh = Workspace(architecture).check()
    assert [(f, f.message) for f in findings] == [(f, f.message) for f in fresh]
    assert any(f.code == "ICT202" for f in findings)
    assert workspace.findings_in(platforms) == [
        f for f in findings if f.file.endswith("platforms.yaml")
    ]
    element = workspace.element("lgsp2")
    assert element is not None
    assert workspace.element_at(platforms, element.location.line + 1, 5) is element
    platforms.write_text(text, encoding="utf-8")
    back = workspace.update(platforms, None)
    assert [(f, f.message) for f in back] == [(f, f.message) for f in cold]


def test_waived_and_baselined_findings_through_the_cache(
    tmp_path: Path, architecture: Path
) -> None:
    cache = tmp_path / "cache"
    platforms = architecture / "layers" / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    waiver = "  - id: lgsp\n    waivers: [{code: ICT306, reason: có phương án dự phòng}]\n"
    platforms.write_text(text.replace("  - id: lgsp\n", waiver, 1), encoding="utf-8")
    shown = _run(["validate", "qn", "-f", "json"], cache, tmp_path)[1]
    assert b'"waived":1' in shown.replace(b" ", b"")  # a finding is accepted by the waiver
    for output_format in ("text", "json", "sarif"):
        for _ in range(2):
            _same_as_cold(tmp_path, cache, "qn", "--show-waived", "-f", output_format)
    baselines = []
    for where in (cache, None):
        baseline = tmp_path / f"baseline-{where is None}.json"
        run = _run(["validate", "qn", "--write-baseline", str(baseline)], where, tmp_path)
        assert run[0] in (0, 1), run[2]
        baselines.append(baseline.read_bytes())
    assert baselines[0] == baselines[1]
    _same_as_cold(tmp_path, cache, "qn", "--baseline", str(baseline), "-f", "json")


def _report_entries(cache: Path) -> list[Path]:
    """The entries holding a whole report: a JSON line ``[status, [inputs]]``, then text."""
    found = []
    for entry in _entries(cache):
        payload = entry.read_bytes().split(b"\n", 1)[1]
        if payload.startswith((b"[0,", b"[1,")) and b"\n" in payload:
            found.append(entry)
    return found


def test_a_warm_report_is_the_kept_report_and_follows_what_it_depends_on(
    tmp_path: Path, architecture: Path
) -> None:
    """The second run writes the report kept by the first; anything the report's bytes
    depend on besides the results (options, the baseline's content, the output file,
    colour variables, the working directory) gives another one, identical to a cold run."""
    cache = tmp_path / "cache"
    _same_as_cold(tmp_path, cache, "qn", "-f", "json")
    kept = _report_entries(cache)
    assert len(kept) == 1
    _same_as_cold(tmp_path, cache, "qn", "-f", "json")
    assert _report_entries(cache) == kept  # read back, not made again
    _same_as_cold(tmp_path, cache, "qn", "--strict")
    _same_as_cold(tmp_path, cache, "qn", "--show-waived")
    _same_as_cold(tmp_path, cache, "qn", FORCE_COLOR="1")
    _same_as_cold(tmp_path, cache, "qn", NO_COLOR="1")
    _same_as_cold(tmp_path, cache, "qn", "--color")
    _same_as_cold(tmp_path, cache, str(architecture))  # the same architecture, named otherwise
    baseline = tmp_path / "baseline.json"
    assert _run(["validate", "qn", "--write-baseline", str(baseline)], None, tmp_path)[0] in (0, 1)
    _same_as_cold(tmp_path, cache, "qn", "--baseline", str(baseline))
    accepted = json.loads(baseline.read_text(encoding="utf-8"))
    accepted["findings"] = accepted["findings"][:1]  # the baseline changed: not the old report
    baseline.write_text(json.dumps(accepted), encoding="utf-8")
    _same_as_cold(tmp_path, cache, "qn", "--baseline", str(baseline))
    inner = tmp_path / "inner"
    inner.mkdir()
    for _ in range(2):  # file names are shown relative to the working directory
        assert _run(["validate", "../qn"], cache, inner) == _run(["validate", "../qn"], None, inner)


def test_a_warm_report_to_a_file_is_written_and_still_refuses_an_input(
    tmp_path: Path, architecture: Path
) -> None:
    cache = tmp_path / "cache"
    outputs = []
    for where in (None, cache, cache):
        report = tmp_path / f"report-{len(outputs)}.sarif"
        status = _run(["validate", "qn", "-f", "sarif", "-o", str(report)], where, tmp_path)
        assert status[0] in (0, 1), status[2]
        outputs.append(report.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    root = architecture / "architecture.yaml"
    before = root.read_bytes()
    for where in (None, cache, cache):
        refused = _run(["validate", "qn", "-o", str(root)], where, tmp_path)
        assert refused[0] == 2
    assert root.read_bytes() == before


def test_a_report_to_a_terminal_is_not_kept(tmp_path: Path, architecture: Path) -> None:
    """A terminal's report has its colours and width: it is made again each time."""
    import pty

    cache = tmp_path / "cache"
    leader, follower = pty.openpty()
    environment = {**os.environ, "ICTARCH_CACHE_DIR": str(cache)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ictarch", "validate", "qn"],
            cwd=tmp_path,
            env=environment,
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=300,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode in (0, 1), done.stderr
    assert _entries(cache), "the records and the result are kept"
    assert not _report_entries(cache)


def test_what_was_hashed_is_what_is_checked_and_kept(
    tmp_path: Path, architecture: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed between reading the inputs for the key and checking them: the run
    checks the bytes it hashed, so the report kept under that key is theirs."""
    from typer.testing import CliRunner

    from ictarch import validation
    from ictarch.cli import app

    cache = tmp_path / "cache"
    monkeypatch.setenv("ICTARCH_CACHE_DIR", str(cache))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.chdir(tmp_path)
    services = architecture / "layers" / "services.yaml"
    original = services.read_text(encoding="utf-8")
    edited = original.replace("criticality: high", "criticality: low")
    services.write_text(edited, encoding="utf-8")
    of_edited = _run(["validate", "qn", "-f", "json"], None, tmp_path)
    services.write_text(original, encoding="utf-8")
    report_key = validation.report_key

    def key_then_edit(*args: object, **kwargs: object) -> object:
        keyed = report_key(*args, **kwargs)  # type: ignore[arg-type]
        services.write_text(edited, encoding="utf-8")
        return keyed

    monkeypatch.setattr(validation, "report_key", key_then_edit)
    during = CliRunner().invoke(app, ["validate", "qn", "-f", "json"])
    monkeypatch.setattr(validation, "report_key", report_key)
    services.write_text(original, encoding="utf-8")
    expected = _run(["validate", "qn", "-f", "json"], None, tmp_path)
    assert of_edited[1] != expected[1]  # the edit changes the report
    assert during.stdout.encode() == expected[1]  # the bytes hashed, not those edited
    assert _run(["validate", "qn", "-f", "json"], cache, tmp_path) == expected


def test_a_sarif_report_follows_the_repository_around_it(tmp_path: Path) -> None:
    """SARIF names files relative to the top of the git repository holding the working
    directory: a repository made around a kept report gives another report."""
    inner = tmp_path / "outer" / "inner"
    shutil.copytree(QUANG_NAM, inner / "qn")
    cache = tmp_path / "cache"
    for _ in range(2):
        assert _run(["validate", "qn", "-f", "sarif"], cache, inner)[0] in (0, 1)
    (tmp_path / "outer" / ".git").mkdir()
    assert _run(["validate", "qn", "-f", "sarif"], cache, inner) == _run(
        ["validate", "qn", "-f", "sarif"], None, inner
    )


@pytest.mark.parametrize(
    "payload",
    [
        b'[0, ["/x"]]\n\xed\xa0\x80 a lone surrogate',
        b'[0, ["/x\\u0000y"]]\ntext',
        b"[true, []]\ntext",
        b"[0.0, []]\ntext",
        b'[0, [""]]\ntext',
        b'[0, "x"]\ntext',
        b"not json\ntext",
    ],
    ids=["surrogate", "nul-path", "bool-status", "float-status", "empty-path", "no-list", "junk"],
)
def test_a_hostile_report_entry_is_ignored(
    tmp_path: Path, architecture: Path, payload: bytes
) -> None:
    """An entry with a valid header but a payload no run writes: a miss, never a
    traceback or another report; and ``-o`` still refuses to overwrite an input."""
    cache = tmp_path / "cache"
    _same_as_cold(tmp_path, cache, "qn", "-f", "json")
    (entry,) = _report_entries(cache)
    ResultCache(cache).put_bytes(entry.stem, [payload])
    _same_as_cold(tmp_path, cache, "qn", "-f", "json")
    report = tmp_path / "report.json"
    assert _run(["validate", "qn", "-f", "json", "-o", str(report)], cache, tmp_path)[0] == 0
    (to_file,) = set(_report_entries(cache)) - {entry}  # the report for any -o file
    ResultCache(cache).put_bytes(to_file.stem, [b"[1, []]\nforged"])  # well formed, no inputs
    root = architecture / "architecture.yaml"
    before = root.read_bytes()
    refused = _run(["validate", "qn", "-f", "json", "-o", str(root)], cache, tmp_path)
    assert refused[0] == 2
    assert root.read_bytes() == before


@pytest.mark.parametrize("cache_used", [True, False], ids=["cache", "no-cache"])
def test_a_closed_standard_output_is_an_error_not_a_traceback(
    tmp_path: Path, architecture: Path, cache_used: bool
) -> None:
    environment = {**os.environ, "ICTARCH_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "ictarch",
                "validate",
                "qn",
                *([] if cache_used else ["--no-cache"]),
            ],
            cwd=tmp_path,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=lambda: os.close(1),
            timeout=300,
            check=False,
        )
        assert done.returncode == 2
        assert b"cannot write the output" in done.stderr
        assert b"Traceback" not in done.stderr
