"""Time ``ictarch validate`` cold, warm and after a one-file edit, and the start-up.

    .venv/bin/python benchmarks/bench_cache.py                  # 10,000 elements, best of 3
    .venv/bin/python benchmarks/bench_cache.py --sizes 10000,100000 --repeat 2

Every case is a fresh child process measured in CPU seconds (user + system, the
best of --repeat runs, cases interleaved so that a busy machine weighs on all of
them alike), next to a bare PyYAML C-loader parse of the same files:

- parse: yaml.load(..., CSafeLoader) of every file, nothing else;
- no-cache: ``validate --no-cache``;
- cold: ``validate`` with an empty cache directory (it fills it);
- warm: ``validate`` again, nothing changed (the whole result is read back);
- edited: ``validate`` after one element file of the architecture changed (a
  comment appended: that file is parsed again, the others' records are read back,
  and the whole-model pass runs);
- ``--version`` and ``--help``.

The cache directory is a temporary one (ICTARCH_CACHE_DIR), never the user's.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measuring import (
    add_sizes_argument,
    benchmark_parser,
    child_environment,
    format_table,
    generated_architecture,
    parse_benchmark_arguments,
    run_measured,
)

PARSE = (
    "import sys, yaml\nfrom pathlib import Path\n"
    "[yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) "
    "for p in sorted(Path(sys.argv[1]).rglob('*.yaml'))]\n"
)


def main(argv: list[str] | None = None) -> int:
    parser = benchmark_parser(__doc__ or "")
    add_sizes_argument(parser, "10000")
    args = parse_benchmark_arguments(parser, argv)
    environment = child_environment()
    python = sys.executable
    rows: list[list[str]] = []
    for size in args.sizes:
        path = generated_architecture(args.workdir, size).path
        edited = sorted((path / "layers").glob("*.yaml"))[0]
        original = edited.read_bytes()
        best: dict[str, float] = {}
        with tempfile.TemporaryDirectory(prefix="ictarch-bench-cache-") as cache_root:
            try:
                for attempt in range(args.repeat):
                    cache = Path(cache_root) / f"cache-{attempt}"
                    env = {**environment, "ICTARCH_CACHE_DIR": str(cache)}
                    validate = [python, "-m", "ictarch", "validate", str(path), "-f", "json"]
                    cases = {
                        "parse": ([python, "-c", PARSE, str(path)], environment),
                        "no-cache": ([*validate, "--no-cache"], env),
                        "cold": (validate, env),
                        "warm": (validate, env),
                    }
                    for name, (command, variables) in cases.items():
                        run = run_measured(command, variables)
                        best[name] = min(best.get(name, run.cpu_seconds), run.cpu_seconds)
                    edited.write_bytes(original + f"\n# edit {attempt}\n".encode())
                    run = run_measured(validate, env)
                    best["edited"] = min(best.get("edited", run.cpu_seconds), run.cpu_seconds)
                    edited.write_bytes(original)
            finally:
                edited.write_bytes(original)
        parse = best["parse"]
        for name in ("parse", "no-cache", "cold", "warm", "edited"):
            rows.append([f"{size:,}", name, f"{best[name]:.3f}", f"{best[name] / parse:.2f}x"])
    for flag in ("--version", "--help"):
        cpu = min(
            run_measured([python, "-m", "ictarch", flag], environment).cpu_seconds
            for _ in range(max(args.repeat, 5))
        )
        rows.append(["", flag, f"{cpu:.3f}", ""])
    print(format_table(["elements", "case", "CPU s", "of parse"], rows))
    if args.json is not None:
        keys = ("elements", "case", "cpu_seconds", "of_parse")
        args.json.write_text(json.dumps([dict(zip(keys, row, strict=True)) for row in rows]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
