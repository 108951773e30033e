"""Time `ictarch render` (SVG) of the bundled Quảng Nam architecture and of a large one.

    python benchmarks/bench_render.py [--size 10000] [--repeat 3] [--workdir DIR] [--json FILE]

Two architectures are rendered:

- quang-nam: architectures/quang-nam, every view (13) as SVG plus index.md;
- synthetic: SIZE elements written by benchmarks/generate.py (kept in the
  work directory and reused while generate.py is unchanged), every view of it
  (three; each is over its node budget, so each is aggregated) as SVG.

Each run is `python -m ictarch render DIR --format svg -o OUT` in a fresh
child process, into a new empty OUT, so interpreter start-up, imports,
validation, layout, `dot` and writing all count. `python -m ictarch validate
DIR --format json` is timed the same way for reference: render validates
first, so the difference is the cost of drawing. Reported: the best wall time
over the repeats and the largest peak RSS of the child (from wait4(2), so
Linux and macOS only; `dot` runs in grandchildren, which on Linux count only
where one's peak is above the child's own: wait4 reports the larger of the
two), then a breakdown of one in-process render into its phases.

Nothing is enforced: DESIGN.md sets no time for render; diagrams for people
stay under a few hundred nodes, which is what keeps `dot` fast.
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
from ictarch.graph.dependency_graph import build_dependency_graph
from ictarch.render import RenderSettings
from ictarch.render.dot import diagram_to_dot, render_with_dot
from ictarch.render.build import build_diagram
from ictarch.render.views import resolve_views
from ictarch.validation import validate_architecture
import graphviz, networkx
""",
    """\
architecture = validate_architecture(Path(sys.argv[1])).architecture
lap("load and validate")
graph = build_dependency_graph(architecture)
lap("dependency graph")
diagrams = [build_diagram(architecture, graph, view) for view in resolve_views(architecture)]
lap("select and aggregate")
settings = RenderSettings.from_architecture(architecture)
sources = [diagram_to_dot(diagram, settings) for diagram in diagrams]
lap("DOT source")
for source in sources:
    render_with_dot(source, "svg")
lap("dot -Tsvg, one view after another")
phases["nodes"] = sum(len(diagram.nodes) for diagram in diagrams)
""",
)


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    elements: int
    views: int
    render_seconds: float
    render_peak_rss_bytes: int
    validate_seconds: float
    phases: dict[str, float]


def measure(name: str, path: Path, repeat: int, environment: dict[str, str]) -> Case:
    renders: list[Run] = []
    validations: list[Run] = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="ictarch-render-") as out:
            command = [sys.executable, "-m", "ictarch", "render", str(path), "-f", "svg", "-o", out]
            run = run_measured(command, environment)
            if run.exit_code != 0:
                raise SystemExit(
                    f"render of {path} exited with {run.exit_code}:\n{run.output_head}"
                )
            renders.append(run)
        command = [sys.executable, "-m", "ictarch", "validate", str(path), "--format", "json"]
        validations.append(run_measured(command, environment))
        phases = measure_phases(PHASES_PROGRAM, [str(path)], environment)
    elements, views = _count(path, environment)
    render = Timing.of(renders)
    return Case(
        name=name,
        path=str(path),
        elements=elements,
        views=views,
        render_seconds=render.best_seconds,
        render_peak_rss_bytes=render.peak_rss_bytes,
        validate_seconds=Timing.of(validations).best_seconds,
        phases=phases,
    )


def _count(path: Path, environment: dict[str, str]) -> tuple[int, int]:
    program = (
        "import sys; from pathlib import Path\n"
        "from ictarch.model.loader import load_architecture\n"
        "from ictarch.render.views import resolve_views\n"
        "a = load_architecture(Path(sys.argv[1])).architecture\n"
        "print(len(a.elements), len(resolve_views(a)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program, str(path)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    elements, views = result.stdout.split()
    return int(elements), int(views)


def report(cases: list[Case]) -> None:
    print(f"{'architecture':<14}{'elements':>9}{'views':>7}{'render':>9}{'validate':>10}{'RSS':>9}")
    for case in cases:
        print(
            f"{case.name:<14}{case.elements:>9}{case.views:>7}{case.render_seconds:>8.2f}s"
            f"{case.validate_seconds:>9.2f}s{case.render_peak_rss_bytes / 2**20:>6.0f} MiB"
        )
    for case in cases:
        print(f"\n{case.name}: one render in-process, by phase")
        for phase, seconds in case.phases.items():
            if phase != "nodes":
                print(f"  {phase:<36}{seconds:>7.3f} s")
        print(f"  ({int(case.phases['nodes'])} nodes drawn over {case.views} views)")


def main() -> int:
    return run_on_quang_nam_and_a_synthetic(
        __doc__.split("\n\n")[0], "bench_render.py", measure, report
    )


if __name__ == "__main__":
    sys.exit(main())
