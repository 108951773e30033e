"""Time `ictarch validate` against a bare parse of the same YAML files.

    python benchmarks/bench_validate.py [--sizes 1000,10000,100000] [--repeat 3]
                                        [--workdir DIR] [--single-file] [--parse-only]
                                        [--json FILE]

For each size, an architecture is generated with benchmarks/generate.py (kept
in the work directory and reused while generate.py is unchanged), then timed,
each run in a fresh subprocess so that interpreter start-up and imports count:

- parse: a Python process that loads every YAML file of the architecture with
  yaml.CSafeLoader, keeping the documents, and does nothing else;
- validate: python -m ictarch validate DIR --format json.

Reported per size: the best wall time over the repeats, the validate/parse
ratio, each process's peak RSS (the largest over the repeats) and validate's
exit code. `python -m ictarch --version` is timed too (best of 10), next to a
bare `python -c pass` for reference. Peak RSS comes from wait4(2), which
returns the resource usage of the child waited for alone (and of any process
it waited for in turn), not of earlier children; this script therefore runs
on Linux and macOS only. The measuring is shared with the other benchmarks,
in benchmarks/measuring.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measuring import (
    Run,
    Timing,
    add_sizes_argument,
    benchmark_parser,
    child_environment,
    format_table,
    generated_architecture,
    mebibytes,
    parse_benchmark_arguments,
    require_ictarch,
    run_measured,
)

VERSION_RUNS = 10
GIB = 1024**3

PARSE_PROGRAM = """\
import sys
from pathlib import Path

import yaml

documents = [
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    for path in sorted(Path(sys.argv[1]).rglob("*.yaml"))
]
"""


@dataclass(frozen=True)
class SizeResult:
    elements: int
    files: int
    megabytes: float
    generation_seconds: float | None  # None when the architecture was reused
    parse: Timing
    validate: Timing | None  # None with --parse-only

    @property
    def ratio(self) -> float | None:
        if self.validate is None:
            return None
        return self.validate.best_seconds / self.parse.best_seconds


def measure_size(
    architecture: Path,
    size: int,
    generation_seconds: float | None,
    repeat: int,
    parse_only: bool,
    environment: dict[str, str],
) -> SizeResult:
    parse_command = [sys.executable, "-c", PARSE_PROGRAM, str(architecture)]
    validate_command = [
        *(sys.executable, "-m", "ictarch", "validate"),
        *(str(architecture), "--format", "json"),
    ]
    parse_runs: list[Run] = []
    validate_runs: list[Run] = []
    for _ in range(repeat):  # interleaved, so that drift in the machine hits both alike
        parse_runs.append(run_measured(parse_command, environment))
        if not parse_only:
            validate_runs.append(run_measured(validate_command, environment))
    for run in parse_runs:
        if run.exit_code != 0:
            raise SystemExit(f"bench_validate.py: the bare parse failed:\n{run.output_head}")
    for run in validate_runs:
        if run.exit_code != 0:
            print(
                f"validate exited with {run.exit_code} on {architecture}; output starts:\n"
                + "\n".join(run.output_head.splitlines()[:20]),
                file=sys.stderr,
            )
            break
    files = sorted(architecture.rglob("*.yaml"))
    return SizeResult(
        elements=size,
        files=len(files),
        megabytes=sum(path.stat().st_size for path in files) / 1e6,
        generation_seconds=generation_seconds,
        parse=Timing.of(parse_runs),
        validate=Timing.of(validate_runs) if validate_runs else None,
    )


def size_rows(results: list[SizeResult]) -> list[list[str]]:
    rows = []
    for result in results:
        validate = result.validate
        generated = result.generation_seconds
        rows.append(
            [
                f"{result.elements:,}",
                str(result.files),
                f"{result.megabytes:.1f}",
                "reused" if generated is None else f"{generated:.2f}",
                f"{result.parse.best_seconds:.3f}",
                mebibytes(result.parse.peak_rss_bytes),
                "-" if validate is None else f"{validate.best_seconds:.3f}",
                "-" if validate is None else mebibytes(validate.peak_rss_bytes),
                "-" if result.ratio is None else f"{result.ratio:.2f}",
                "-" if validate is None else ",".join(map(str, sorted(set(validate.exit_codes)))),
            ]
        )
    return rows


def quality_bars(results: list[SizeResult], version: Timing | None) -> list[tuple[str, bool]]:
    """The bars of DESIGN.md that the measured sizes allow checking."""
    bars: list[tuple[str, bool]] = []
    by_size = {result.elements: result for result in results}
    small = by_size.get(10_000)
    if small is not None and small.validate is not None and small.ratio is not None:
        seconds = small.validate.best_seconds
        bars.append((f"validate 10,000 elements under 1 s: {seconds:.2f} s", seconds < 1))
        bars.append(
            (f"validate 10,000 within 2x of the parse: {small.ratio:.2f}x", small.ratio <= 2)
        )
    large = by_size.get(100_000)
    if large is not None and large.validate is not None:
        seconds, peak = large.validate.best_seconds, large.validate.peak_rss_bytes
        bars.append((f"validate 100,000 elements under 10 s: {seconds:.2f} s", seconds < 10))
        bars.append((f"validate 100,000 elements under 1 GiB: {peak / GIB:.2f} GiB", peak < GIB))
    if version is not None:
        seconds = version.best_seconds
        bars.append((f"ictarch --version under 0.2 s: {seconds:.3f} s", seconds < 0.2))
    return bars


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = benchmark_parser(__doc__ or "")
    add_sizes_argument(parser, "1000,10000,100000")
    parser.add_argument(
        "--single-file", action="store_true", help="generate single-file architectures"
    )
    parser.add_argument(
        "--parse-only", action="store_true", help="time only the bare parse, not ictarch"
    )
    return parse_benchmark_arguments(parser, argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    environment = child_environment()
    if not args.parse_only:
        require_ictarch(
            environment,
            "bench_validate.py",
            "(use --parse-only to time the bare parse alone)",
        )
    args.workdir.mkdir(parents=True, exist_ok=True)

    results = []
    for size in args.sizes:
        architecture, generation_seconds = generated_architecture(
            args.workdir, size, single_file=args.single_file
        )
        print(f"measuring {architecture}", file=sys.stderr)
        results.append(
            measure_size(
                architecture, size, generation_seconds, args.repeat, args.parse_only, environment
            )
        )
    version = startup = None
    if not args.parse_only:
        version_command = [sys.executable, "-m", "ictarch", "--version"]
        version = Timing.of(
            [run_measured(version_command, environment) for _ in range(VERSION_RUNS)]
        )
        bare_command = [sys.executable, "-c", "pass"]
        startup = Timing.of([run_measured(bare_command, environment) for _ in range(VERSION_RUNS)])

    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, best of {args.repeat}")
    headers = ["elements", "files", "MB", "generate s", "parse s", "parse MiB"]
    headers += ["validate s", "validate MiB", "ratio", "exit"]
    print(format_table(headers, size_rows(results)))
    if version is not None and startup is not None:
        print(
            f"\nictarch --version: {version.best_seconds:.3f} s "
            f"(exit {','.join(map(str, sorted(set(version.exit_codes))))}); "
            f"python -c pass: {startup.best_seconds:.3f} s; best of {VERSION_RUNS}"
        )
    bars = quality_bars(results, version)
    if bars:
        print("\nQuality bars (DESIGN.md):")
        for description, met in bars:
            print(f"  {'met' if met else 'MISSED':6}  {description}")
    if args.json is not None:
        report = {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "repeat": args.repeat,
            "single_file": args.single_file,
            "sizes": [{**asdict(result), "ratio": result.ratio} for result in results],
            "version": None if version is None else asdict(version),
            "python_startup": None if startup is None else asdict(startup),
            "quality_bars": [{"bar": text, "met": met} for text, met in bars],
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    validated = [result.validate for result in results if result.validate is not None]
    return 1 if any(code != 0 for timing in validated for code in timing.exit_codes) else 0


if __name__ == "__main__":
    sys.exit(main())
