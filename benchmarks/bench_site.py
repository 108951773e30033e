"""Time `ictarch site` of the bundled Quảng Nam architecture and of a large one.

    python benchmarks/bench_site.py [--size 10000] [--repeat 3] [--workdir DIR] [--json FILE]

Two architectures get a site:

- quang-nam: architectures/quang-nam (86 elements, 13 views);
- synthetic: SIZE elements written by benchmarks/generate.py (kept in the work
  directory and reused while generate.py is unchanged); its views are
  aggregated over their node budget, and it gets one page per element.

Each run is `python -m ictarch site DIR -o OUT` in a fresh child process, into
a new OUT, so start-up, validation, `dot`, the pages and writing them all
count. Reported: the best wall time, the CPU time of that run, the peak RSS,
the number of pages and files and the site's size, then one in-process build
split into its phases. Nothing is enforced: DESIGN.md sets no time for site.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measuring import (
    Run,
    Timing,
    measure_phases,
    phases_program,
    run_measured,
    run_on_quang_nam_and_a_synthetic,
)

PHASES_PROGRAM = phases_program(
    """\
from ictarch.site import SiteSettings
from ictarch.site.content import build_content, element_pages
from ictarch.site.diagrams import draw_views
from ictarch.site.pages import render_pages
from ictarch.site.writer import write_site
from ictarch.validation import validate_architecture
""",
    """\
loaded = validate_architecture(Path(sys.argv[1]))
architecture = loaded.architecture
lap("load and validate")
drawn = draw_views(architecture, element_pages(architecture))
lap("views drawn by dot (threads)")
content = build_content(architecture, loaded.findings, drawn)
lap("content (dependents, failure impacts)")
files = list(render_pages(content, SiteSettings()))
lap("pages from templates")
with tempfile.TemporaryDirectory() as out:
    write_site(files, Path(out) / "site")
    lap("writing the files")
""",
)


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    elements: int
    pages: int
    files: int
    size_bytes: int
    site_seconds: float
    cpu_seconds: float
    peak_rss_bytes: int
    phases: dict[str, float]


def measure(name: str, path: Path, repeat: int, environment: dict[str, str]) -> Case:
    runs: list[Run] = []
    pages = files = size = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="ictarch-site-") as work:
            out = Path(work) / "site"
            command = [sys.executable, "-m", "ictarch", "site", str(path), "-o", str(out)]
            run = run_measured(command, environment)
            if run.exit_code != 0:
                raise SystemExit(f"site of {path} exited with {run.exit_code}:\n{run.output_head}")
            runs.append(run)
            written = [p for p in out.rglob("*") if p.is_file()]
            pages = sum(1 for p in written if p.suffix == ".html")
            files = len(written)
            size = sum(p.stat().st_size for p in written)
    phases = measure_phases(PHASES_PROGRAM, [str(path)], environment)
    timing = Timing.of(runs)
    elements = _count(path, environment)
    return Case(
        name,
        str(path),
        elements,
        pages,
        files,
        size,
        timing.best_seconds,
        timing.cpu_seconds_of_best,
        timing.peak_rss_bytes,
        phases,
    )


def _count(path: Path, environment: dict[str, str]) -> int:
    program = (
        "import sys; from pathlib import Path\n"
        "from ictarch.model.loader import load_architecture\n"
        "print(len(load_architecture(Path(sys.argv[1])).architecture.elements))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program, str(path)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout)


def report(cases: list[Case]) -> None:
    print(
        f"{'architecture':<16}{'elements':>9}{'pages':>7}{'files':>7}{'size':>10}"
        f"{'wall':>8}{'CPU':>8}{'RSS':>9}"
    )
    for case in cases:
        print(
            f"{case.name:<16}{case.elements:>9}{case.pages:>7}{case.files:>7}"
            f"{case.size_bytes / 1e6:>7.1f} MB{case.site_seconds:>7.2f}s{case.cpu_seconds:>7.2f}s"
            f"{case.peak_rss_bytes / 2**20:>5.0f} MiB"
        )
    for case in cases:
        print(f"\n{case.name}: one build in-process, by phase")
        for phase, seconds in case.phases.items():
            print(f"  {phase:<40}{seconds:>7.3f} s")


def main() -> int:
    return run_on_quang_nam_and_a_synthetic(
        __doc__.split("\n\n")[0], "bench_site.py", measure, report
    )


if __name__ == "__main__":
    sys.exit(main())
