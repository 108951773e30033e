"""What the benchmark scripts share: measured child processes and generated architectures.

The bench_*.py scripts next to this file import it as a sibling module (they
put this directory first on sys.path). It is not a script itself.

- `run_measured(command, environment)` runs a command to completion in a fresh
  child process and returns a `Run`: its wall time, the CPU time of the child
  and of every process it waited for, its peak RSS (from wait4(2), so Linux and
  macOS only), its exit code and the start of its output; `Timing.of(runs)`
  sums up repeated runs (the best wall time, the CPU time of that run, the
  largest peak RSS, every exit code).
- `child_environment()` is the environment to run them in: the working copy's
  src/ first on PYTHONPATH, so `python -m ictarch` is the code being worked
  on, and NO_COLOR=1. It byte-compiles src/ first, as installing a package
  does: with PYTHONDONTWRITEBYTECODE set (some CI images set it), every run
  would otherwise compile the modules changed since their last .pyc again.
- `generated_architecture(workdir, size, ...)` writes an architecture with
  benchmarks/generate.py once, under a name that carries a hash of
  generate.py, and reuses it until the generator changes.
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

BENCHMARKS = Path(__file__).resolve().parent
REPOSITORY = BENCHMARKS.parent
GENERATOR = BENCHMARKS / "generate.py"
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "ictarch-benchmarks"
OUTPUT_HEAD_BYTES = 65536

PROBE_PROGRAM = """\
import importlib.util
import sys

sys.exit(importlib.util.find_spec("ictarch.__main__") is None)
"""


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    seconds: float  # wall time, from just before the start until the child is reaped
    cpu_seconds: float  # user + system time of the child and of the processes it waited for
    peak_rss_bytes: int  # of the child (or of a process it waited for, if that was larger)
    exit_code: int
    output_head: str  # the start of its stdout and stderr, interleaved (64 KiB by default)


@dataclass(frozen=True)
class Timing:
    """Repeated runs of one command: the best wall time, the CPU time of that run,
    the largest peak RSS and every exit code."""

    best_seconds: float
    cpu_seconds_of_best: float
    peak_rss_bytes: int
    exit_codes: list[int]

    @classmethod
    def of(cls, runs: list[Run]) -> Timing:
        if not runs:
            raise ValueError("Timing.of needs at least one run")
        best = min(runs, key=lambda run: run.seconds)
        return cls(
            best_seconds=best.seconds,
            cpu_seconds_of_best=best.cpu_seconds,
            peak_rss_bytes=max(run.peak_rss_bytes for run in runs),
            exit_codes=[run.exit_code for run in runs],
        )


class Generated(NamedTuple):
    """A generated architecture and how long generating it took (None if it was reused)."""

    path: Path
    seconds: float | None


def child_environment() -> dict[str, str]:
    """The children's environment: the working copy's src/ first on the path, no colour."""
    compileall.compile_dir(REPOSITORY / "src", quiet=1)
    environment = dict(os.environ)
    paths = [str(REPOSITORY / "src"), environment.get("PYTHONPATH", "")]
    environment["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    environment["NO_COLOR"] = "1"
    return environment


def run_measured(
    command: list[str],
    environment: dict[str, str],
    *,
    head_bytes: int | None = OUTPUT_HEAD_BYTES,
) -> Run:
    """Run `command` to completion; measure its wall time, CPU time and peak RSS.

    The output goes to a temporary file, not a pipe, so the child never waits
    for the parent; `head_bytes` of it are kept (all of it with None).
    """
    with tempfile.TemporaryFile() as output:
        before = os.times()
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        after = os.times()
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        data = output.read() if head_bytes is None else output.read(head_bytes)
    # The children's times grow by those of the child just reaped, which include
    # those of every process it waited for in turn (e.g. a side-by-side load).
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    head = data.decode("utf-8", errors="replace")
    return Run(seconds, cpu, peak, process.returncode, head)


def require_ictarch(environment: dict[str, str], script: str, hint: str = "") -> None:
    """Exit with a message if `python -m ictarch` cannot run in `environment`."""
    probe = subprocess.run(
        [sys.executable, "-c", PROBE_PROGRAM],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        detail = probe.stderr.strip().splitlines()[-1:] or ["ictarch.__main__ not found"]
        source = REPOSITORY / "src"
        message = f"{script}: cannot run `python -m ictarch` from {source}: {detail[0]}"
        raise SystemExit(f"{message}\n{hint}" if hint else message)


def generator_digest() -> str:
    """A short hash of generate.py: generated data is reused only while it is unchanged."""
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:12]


def generated_architecture(
    workdir: Path,
    size: int,
    *,
    single_file: bool = False,
    mutate_from: Path | None = None,
    change_fraction: float | None = None,
) -> Generated:
    """The architecture of `size` elements written by generate.py into `workdir`.

    With `mutate_from`, a changed version of that architecture (which must have
    `size` elements) with about `change_fraction` of its elements changed
    (generate.py's default when None), in the same file layout.

    The directory name carries the arguments and a hash of generate.py, so a
    changed generator never reuses stale data; it is written under a
    temporary name and renamed when complete, so an interrupted run never
    leaves a half-written one behind.
    """
    digest = generator_digest()
    extra: list[str] = []
    if mutate_from is None:
        if change_fraction is not None:
            raise ValueError("change_fraction needs mutate_from")
        layout = "single" if single_file else "split"
        name = f"architecture-{size}-{layout}-{digest}"
        if single_file:
            extra.append("--single-file")
    else:
        if single_file:
            raise ValueError("a changed version keeps the layout of mutate_from")
        # mutate_from is named by a hash of its path: a generated one carries the digest already.
        source = hashlib.sha256(str(mutate_from.resolve()).encode()).hexdigest()[:8]
        fraction = "default" if change_fraction is None else str(change_fraction)
        name = f"architecture-{size}-changed-{fraction}-of-{source}-{digest}"
        extra += ["--mutate-from", str(mutate_from)]
        if change_fraction is not None:
            extra += ["--change-fraction", str(change_fraction)]
    target = workdir / name
    if target.is_dir():
        return Generated(target, None)
    workdir.mkdir(parents=True, exist_ok=True)
    partial = workdir / f"{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    command = [sys.executable, str(GENERATOR), str(size), str(partial), *extra]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    partial.rename(target)
    return Generated(target, seconds)


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """Right-aligned columns under a header and a rule of dashes."""
    widths = [max(len(row[column]) for row in [headers, *rows]) for column in range(len(headers))]
    lines = [
        "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
        for row in [headers, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def mebibytes(size: int) -> str:
    return f"{size / 2**20:.0f}"


def benchmark_parser(description: str) -> argparse.ArgumentParser:
    """A parser with the options every benchmark takes: --repeat, --workdir, --json."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (default: 3)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="where generated architectures are kept (default: %(default)s)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    return parser


def add_sizes_argument(parser: argparse.ArgumentParser, default: str) -> None:
    """``--sizes 1000,10000``: the element counts to measure."""
    parser.add_argument(
        "--sizes", default=default, help=f"comma-separated element counts (default: {default})"
    )


def parse_benchmark_arguments(
    parser: argparse.ArgumentParser, argv: list[str] | None
) -> argparse.Namespace:
    """Parse, turning ``--sizes`` into integers and checking ``--repeat``."""
    args = parser.parse_args(argv)
    if hasattr(args, "sizes"):
        try:
            args.sizes = [int(size) for size in args.sizes.split(",")]
        except ValueError:
            parser.error(f"--sizes must be comma-separated integers, not {args.sizes!r}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


_PHASES_HEAD = """\
import gc
import json
import sys
import tempfile
import time
from pathlib import Path

gc.disable()
started = time.perf_counter()
"""
_PHASES_LAPS = """
phases = {"imports": time.perf_counter() - started}
mark = time.perf_counter()


def lap(name):
    global mark
    now = time.perf_counter()
    phases[name] = now - mark
    mark = now


"""


def phases_program(imports: str, body: str) -> str:
    """A child program timing the phases of one run: ``imports`` (timed as "imports"),
    then ``body``, which calls ``lap(name)`` after each phase; it prints the phases as JSON."""
    return _PHASES_HEAD + imports + _PHASES_LAPS + body + "print(json.dumps(phases))\n"


def measure_phases(program: str, arguments: list[str], environment: dict[str, str]) -> Any:
    """Run a :func:`phases_program` once (not timed itself) and return what it printed."""
    finished = subprocess.run(
        [sys.executable, "-c", program, *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(finished.stdout)


QUANG_NAM = REPOSITORY / "architectures" / "quang-nam"


def run_on_quang_nam_and_a_synthetic(
    description: str,
    script: str,
    measure: Callable[[str, Path, int, dict[str, str]], Any],
    report: Callable[[list[Any]], None],
) -> int:
    """The ``main`` of a benchmark that needs ``dot`` and measures the bundled Quảng Nam
    architecture and a generated one (``--size`` elements): ``measure(name, path,
    repeat, environment)`` gives a dataclass per case, ``report`` prints them, and
    ``--json`` writes them."""
    parser = benchmark_parser(description)
    parser.add_argument("--size", type=int, default=10_000, help="elements of the synthetic one")
    options = parser.parse_args()
    if shutil.which("dot") is None:
        raise SystemExit(f"{script}: Graphviz 'dot' is not on PATH")
    environment = child_environment()
    cases = [measure("quang-nam", QUANG_NAM, options.repeat, environment)]
    synthetic = generated_architecture(options.workdir, options.size).path
    cases.append(measure(f"synthetic-{options.size}", synthetic, options.repeat, environment))
    report(cases)
    if options.json:
        options.json.write_text(
            json.dumps([dataclasses.asdict(case) for case in cases], indent=2) + "\n"
        )
    return 0
