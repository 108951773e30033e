"""Time `ictarch analyze` and `ictarch impact` on large generated architectures.

    python benchmarks/bench_resilience.py [--sizes 1000,10000] [--repeat 3]
                                          [--workdir DIR] [--json FILE]

For each size, an architecture is generated with benchmarks/generate.py (kept
in the work directory and reused while generate.py is unchanged), then timed,
each run in a fresh subprocess so that interpreter start-up and imports count:

- validate: python -m ictarch validate DIR --format json, for reference;
- analyze: python -m ictarch analyze DIR --format json (the single points of
  failure of every agency and service, the blast radius of every element,
  the metrics, and writing the JSON);
- impact 1: python -m ictarch impact DIR ID --format json, ID being the
  element with the largest blast radius (`blast_radius[0].id` in the JSON of
  the first analyze run);
- impact 2: the same with the two elements of largest blast radius failing
  at once.

The runs are interleaved (validate, analyze, impact 1, impact 2, then again),
so that drift in the machine hits every command alike. Reported per size and
command: the best wall time over the repeats, the CPU time of that run, the
largest peak RSS (from wait4(2), so Linux and macOS only) and the exit codes.
So that the output shows that the analysis did real work, the script also
prints how many agencies and services have a single point of failure (a
non-empty `spof` list in the analyze JSON), and what impact brings down: for
the first element alone, the agencies and services down must be exactly those
whose `spof` list names it, which is checked.

The script exits with 1 if any command exits non-zero (the generated data is
valid, so that is a bug on one side or the other) or if impact and analyze
disagree; nothing else is enforced: no time is set for these commands.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measuring import (
    OUTPUT_HEAD_BYTES,
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

SCRIPT = "bench_resilience.py"
COMMANDS = ("validate", "analyze", "impact 1", "impact 2")
PEOPLE_LAYERS = ("agencies", "services")  # the layers that analyze's blast radius counts


@dataclass(frozen=True)
class Found:
    """What the commands reported: evidence that they did real work."""

    analysed: int  # agencies and services in analyze's `spof`
    with_spof: int  # those of them with at least one single point of failure
    failed: list[str]  # the ids impact was run with: blast_radius[0] and [1]
    brings_down: int  # blast_radius[0].brings_down
    impact_agrees: bool | None  # impact 1's agencies and services down == blast_radius[0]
    impact_one_down: int | None  # agencies and services down with failed[0], says impact
    impact_one_affected: int | None  # elements down with failed[0] (all layers)
    impact_two_affected: int | None  # elements down with both
    impact_two_degraded: int | None  # elements that lose an alternative with both, but stay up


@dataclass(frozen=True)
class SizeResult:
    elements: int
    files: int
    megabytes: float
    generation_seconds: float | None  # None when the architecture was reused
    commands: dict[str, list[str]]  # the command lines, without the interpreter
    timings: dict[str, Timing]  # by command; impact is missing when analyze failed
    found: Found | None  # None when analyze failed or its output could not be read
    problems: list[str]  # why the script exits with 1, if it does


def command_line(name: str, architecture: Path, failed: list[str]) -> list[str]:
    ictarch = [sys.executable, "-m", "ictarch"]
    if name in ("validate", "analyze"):
        return [*ictarch, name, str(architecture), "--format", "json"]
    count = 1 if name == "impact 1" else 2
    return [*ictarch, "impact", str(architecture), *failed[:count], "--format", "json"]


def read_json(name: str, run: Run) -> dict[str, Any] | None:
    """The JSON output of `run`, or None (with a message) if it failed or is not JSON."""
    if run.exit_code != 0:
        return None
    try:
        data = json.loads(run.output_head)
    except json.JSONDecodeError as error:
        print(
            f"{name}: the output is not JSON ({error}); it starts:\n"
            + "\n".join(run.output_head.splitlines()[:20]),
            file=sys.stderr,
        )
        return None
    return data if isinstance(data, dict) else None


def impact_counts(report: dict[str, Any] | None) -> tuple[set[str], int, int] | None:
    """The agencies and services down, all the elements down, and those degraded."""
    if report is None:
        return None
    by_layer: dict[str, list[str]] = report["by_layer"]
    people = {member for layer in PEOPLE_LAYERS for member in by_layer.get(layer, [])}
    return people, len(report["affected"]), len(report["degraded"])


def measure_size(
    architecture: Path,
    size: int,
    generation_seconds: float | None,
    repeat: int,
    environment: dict[str, str],
) -> SizeResult:
    runs: dict[str, list[Run]] = {name: [] for name in COMMANDS}
    commands: dict[str, list[str]] = {}
    reports: dict[str, dict[str, Any] | None] = {}
    failed: list[str] = []
    blast: list[dict[str, Any]] = []
    for round_ in range(repeat):  # interleaved, so that drift in the machine hits all alike
        for name in COMMANDS:
            if name.startswith("impact") and len(failed) < (1 if name == "impact 1" else 2):
                continue  # analyze failed, or ranked fewer elements than impact needs
            command = commands.setdefault(name, command_line(name, architecture, failed))
            # The whole output of each command's first run is kept, to read its JSON.
            keep_all = round_ == 0 and name != "validate"
            head_bytes = None if keep_all else OUTPUT_HEAD_BYTES
            run = run_measured(command, environment, head_bytes=head_bytes)
            if run.exit_code != 0 and all(earlier.exit_code == 0 for earlier in runs[name]):
                print(
                    f"{name} exited with {run.exit_code} on {architecture}; output starts:\n"
                    + "\n".join(run.output_head.splitlines()[:20]),
                    file=sys.stderr,
                )
            runs[name].append(run)
            if keep_all:
                report = reports[name] = read_json(name, run)
                if name == "analyze" and report is not None:
                    blast = report["blast_radius"]
                    failed = [entry["id"] for entry in blast[:2]]
    timings = {name: Timing.of(measured) for name, measured in runs.items() if measured}
    problems = [
        f"{name} exited with {','.join(map(str, sorted(set(timing.exit_codes) - {0})))}"
        for name, timing in timings.items()
        if any(timing.exit_codes)
    ]

    found = None
    analysis = reports.get("analyze")
    if analysis is None:
        problems.append("no analyze JSON to read")
    else:
        spof: dict[str, list[str]] = analysis["spof"]
        one = impact_counts(reports.get("impact 1"))
        two = impact_counts(reports.get("impact 2"))
        agrees = None
        if one is not None and blast:
            culprit = blast[0]["id"]
            brought_down = {target for target, points in spof.items() if culprit in points}
            differing = one[0] ^ brought_down
            agrees = not differing
            if differing:
                problems.append(
                    f"impact {blast[0]['id']}: {len(one[0])} agencies and services down, "
                    f"analyze's blast radius {blast[0]['brings_down']}; "
                    f"{len(differing)} in only one of the two, e.g. {sorted(differing)[0]}"
                )
        if len(failed) < 2:
            problems.append(f"analyze ranked {len(failed)} element(s); impact needs two")
        found = Found(
            analysed=len(spof),
            with_spof=sum(1 for points in spof.values() if points),
            failed=failed,
            brings_down=blast[0]["brings_down"] if blast else 0,
            impact_agrees=agrees,
            impact_one_down=None if one is None else len(one[0]),
            impact_one_affected=None if one is None else one[1],
            impact_two_affected=None if two is None else two[1],
            impact_two_degraded=None if two is None else two[2],
        )
    files = sorted(architecture.rglob("*.yaml"))
    return SizeResult(
        elements=size,
        files=len(files),
        megabytes=sum(path.stat().st_size for path in files) / 1e6,
        generation_seconds=generation_seconds,
        commands={name: command[1:] for name, command in commands.items()},
        timings=timings,
        found=found,
        problems=problems,
    )


def timing_rows(results: list[SizeResult]) -> list[list[str]]:
    rows = []
    for result in results:
        for name, timing in result.timings.items():
            rows.append(
                [
                    f"{result.elements:,}",
                    name,
                    f"{timing.best_seconds:.3f}",
                    f"{timing.cpu_seconds_of_best:.2f}",
                    mebibytes(timing.peak_rss_bytes),
                    ",".join(map(str, sorted(set(timing.exit_codes)))),
                ]
            )
    return rows


def describe(result: SizeResult) -> list[str]:
    """What the analysis found at one size, in a few lines."""
    generated = result.generation_seconds
    lines = [
        f"{result.elements:,} elements ({result.files} files, {result.megabytes:.1f} MB, "
        + ("reused" if generated is None else f"generated in {generated:.2f} s")
        + ")"
    ]
    found = result.found
    if found is None:
        return [*lines, "  analyze gave no JSON to read"]
    lines.append(
        f"  analyze: {found.with_spof:,} of {found.analysed:,} agencies and services have "
        "a single point of failure"
    )
    down, affected = found.impact_one_down, found.impact_one_affected
    if found.failed and (down is None or affected is None):
        lines.append(
            f"  impact {found.failed[0]}: no JSON to read (analyze's blast radius: "
            f"{found.brings_down:,} agencies and services)"
        )
    elif found.failed:
        agreement = (
            "as analyze's blast radius says"
            if found.impact_agrees
            else f"but analyze's blast radius says {found.brings_down:,} (MISMATCH)"
        )
        lines.append(
            f"  impact {found.failed[0]}: {down:,} agencies and services down, {agreement}; "
            f"{affected:,} elements go down with it in all"
        )
    if len(found.failed) > 1:
        affected, degraded = found.impact_two_affected, found.impact_two_degraded
        both = " ".join(found.failed)
        if affected is None or degraded is None:
            lines.append(f"  impact {both}: no JSON to read")
        else:
            lines.append(
                f"  impact {both}: {affected:,} elements go down with them, "
                f"{degraded:,} lose an alternative but stay up"
            )
    return lines


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = benchmark_parser(__doc__ or "")
    add_sizes_argument(parser, "1000,10000")
    return parse_benchmark_arguments(parser, argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    environment = child_environment()
    require_ictarch(environment, SCRIPT)
    args.workdir.mkdir(parents=True, exist_ok=True)

    results = []
    for size in args.sizes:
        architecture, generation_seconds = generated_architecture(args.workdir, size)
        print(f"measuring {architecture}", file=sys.stderr)
        results.append(
            measure_size(architecture, size, generation_seconds, args.repeat, environment)
        )

    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, best of {args.repeat}")
    headers = ["elements", "command", "wall s", "CPU s", "peak MiB", "exit"]
    print(format_table(headers, timing_rows(results)))
    for result in results:
        print()
        print("\n".join(describe(result)))
    problems = [f"{result.elements:,}: {p}" for result in results for p in result.problems]
    if problems:
        print("\nProblems:")
        for problem in problems:
            print(f"  {problem}")
    if args.json is not None:
        report = {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "repeat": args.repeat,
            "sizes": [
                {
                    "elements": result.elements,
                    "files": result.files,
                    "megabytes": result.megabytes,
                    "generation_seconds": result.generation_seconds,
                    "commands": {
                        name: {"argv": result.commands[name], **asdict(timing)}
                        for name, timing in result.timings.items()
                    },
                    "found": None if result.found is None else asdict(result.found),
                    "problems": result.problems,
                }
                for result in results
            ],
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
