"""Loading files in worker processes gives exactly what loading them here gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ictarch.model.parallel import PARALLEL_MIN_BYTES, worker_count
from tests.conftest import QUANG_NAM, REPO


def _validate_json(path: Path, jobs: str) -> tuple[int, str]:
    environment = {**os.environ, "ICTARCH_JOBS": jobs, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "ictarch", "validate", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_parallel_and_serial_loading_agree(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "layers").mkdir()
    (broken / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: b, name: B}\ninclude: [layers/*.yaml]\n", "utf-8"
    )
    (broken / "layers" / "a.yaml").write_text(
        "agencies:\n  - {id: ubnd, name: UBND, depends_on: [lgps]}\n", "utf-8"
    )
    (broken / "layers" / "b.yaml").write_text("services: [\n", "utf-8")
    for path in (QUANG_NAM, broken):
        serial = _validate_json(path, "1")
        parallel = _validate_json(path, "2")
        assert parallel == serial
    assert '"ICT202"' in serial[1]
    assert '"ICT001"' in serial[1]


def test_worker_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ICTARCH_JOBS", raising=False)
    assert worker_count(jobs=20, weight=PARALLEL_MIN_BYTES - 1) == 1
    monkeypatch.setenv("ICTARCH_JOBS", "1")
    assert worker_count(jobs=20, weight=10 * PARALLEL_MIN_BYTES) == 1
    monkeypatch.setenv("ICTARCH_JOBS", "3")
    expected = 3 if sys.platform.startswith("linux") else 1
    assert worker_count(jobs=20, weight=0) == expected
    assert worker_count(jobs=2, weight=0) == min(expected, 2)


def _where_made(value: int) -> tuple[int, int]:
    import time

    time.sleep(0.01)
    return value, os.getpid()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_this_process_shares_the_work_and_results_keep_their_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ictarch.model.parallel import load_in_parallel

    monkeypatch.setenv("ICTARCH_JOBS", "2")
    results = load_in_parallel(_where_made, [(value,) for value in range(20)], weight=0)
    assert [value for value, _ in results] == list(range(20))
    makers = {pid for _, pid in results}
    assert os.getpid() in makers
    assert len(makers) == 2
    assert results[-1][1] == os.getpid()  # taken back from the end of the queue


_ORPHAN_SCRIPT = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
os.environ["ICTARCH_JOBS"] = "2"
from ictarch.model.parallel import load_in_parallel

def work(index):
    print(os.getpid(), flush=True)
    time.sleep(60)
    return index

load_in_parallel(work, [(index,) for index in range(4)], weight=0)
"""


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_workers_exit_when_the_command_is_killed() -> None:
    import signal
    import time

    process = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_SCRIPT, str(REPO / "src")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    with process.stdout:
        pids = {int(process.stdout.readline()), int(process.stdout.readline())}
        workers = pids - {process.pid}
        assert len(workers) == 1
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    deadline = time.monotonic() + 5
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in workers)
