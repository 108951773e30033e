"""Hostile input on the surfaces added after the first round: import, export, site,
catalogues, roadmap, baselines, special files, link loops, non-UTF-8 output.

Each test is one case of the campaign that found it (a traceback, an unbounded run, an
input written over, an injection) and fails on the code before the fix. The resource
cases run in a real subprocess under a 2 GiB address-space limit, the bound the contract
promises, so that a quadratic or unbounded regression fails the test by running out of
memory or hitting the timeout that only stops a hang; nothing here measures time.
Inputs are made by ``benchmarks/generate_hostile_surfaces.py``, the same generator the
benchmarks use.
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ictarch.cli import app
from tests.conftest import QUANG_NAM

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import generate_hostile_surfaces as generate  # noqa: E402

SMALL = """\
ictarch: 1
architecture: {id: nho, name: Tỉnh nhỏ, owner: ubnd}
agencies:
  - {id: ubnd, name: UBND, description: d, depends_on: [cong]}
services:
  - {id: cong, name: Cổng, description: d, owner: ubnd}
"""
GIB = 1 << 30


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (2 * GIB, 2 * GIB))


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300, **options: Any
) -> subprocess.CompletedProcess[str]:
    """``ictarch ARGS`` in a subprocess under 2 GiB of address space."""
    return subprocess.run(
        [sys.executable, "-m", "ictarch", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "ICTARCH_LANG": "en", **(env or {})},
        preexec_fn=_limit_memory,
        check=False,
        **options,
    )


def no_traceback(result: Any) -> None:
    output = (result.stdout or "") + (result.stderr or "")
    assert "Traceback" not in output, output[-3000:]
    assert result.returncode in (0, 1, 2) if hasattr(result, "returncode") else True


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "nho"
    root.mkdir()
    (root / "architecture.yaml").write_text(SMALL, encoding="utf-8")
    return root


# ---------------------------------------------------------------------------
# Tracebacks


def test_a_baseline_with_a_huge_integer_is_refused(
    runner: CliRunner, small: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    digits = "9" * 5000
    baseline.write_text(
        '{"format": 1, "kind": "ictarch-baseline", "findings": [{"code": "ICT401", '
        f'"element": "x", "args": {{"n": {digits}}}}}]}}',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(small), "--baseline", str(baseline)])
    assert result.exit_code == 2, result.output
    assert "not a baseline file (not JSON" in result.stderr


def test_a_baseline_that_is_a_device_is_refused_unread(small: Path) -> None:
    result = run("validate", str(small), "--baseline", "/dev/zero", timeout=60)
    assert result.returncode == 2, result.stderr
    assert "/dev/zero is a device, not a file that can be read" in result.stderr


def test_a_baseline_with_a_byte_order_mark_is_read(
    runner: CliRunner, small: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "b.json"
    written = runner.invoke(app, ["validate", str(small), "--write-baseline", str(baseline)])
    assert written.exit_code == 0, written.output
    baseline.write_bytes(b"\xef\xbb\xbf" + baseline.read_bytes())
    result = runner.invoke(app, ["validate", str(small), "--baseline", str(baseline)])
    assert result.exit_code == 0, result.output


def test_write_baseline_to_dev_null_reports_against_what_it_wrote(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = tmp_path / "a"
    root.mkdir()
    (root / "architecture.yaml").write_text(
        SMALL.replace("description: d, owner: ubnd}", "owner: ubnd}"), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", str(root), "--write-baseline", "/dev/null"])
    assert result.exit_code == 0, result.output
    assert "1 accepted by the baseline" in result.stdout or "baseline" in result.stdout


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_validate_never_writes_over_a_catalogue(
    runner: CliRunner, tmp_path: Path, option: str
) -> None:
    root = tmp_path / "a"
    (root / "khung").mkdir(parents=True)
    catalogue = root / "khung" / "rieng.yaml"
    catalogue.write_text(generate.catalogue_text("rieng", 3), encoding="utf-8")
    (root / "architecture.yaml").write_text(
        SMALL + "frameworks: [khung/rieng.yaml]\n", encoding="utf-8"
    )
    before = catalogue.read_bytes()
    result = runner.invoke(app, ["validate", str(root), option, str(catalogue)])
    assert result.exit_code == 2, result.output
    assert catalogue.read_bytes() == before


def test_import_with_a_deeply_nested_json_property(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "model.xml"
    source.write_text(generate.exchange_with_property("x-deep", "[" * 20000 + "]" * 20000))
    result = runner.invoke(app, ["import", "archimate", str(source), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    element = yaml.safe_load((tmp_path / "o" / "layers" / "agencies.yaml").read_text())
    assert element["agencies"][0]["x-deep"].startswith("[[[")  # kept, as text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("types:\n" + "".join(" " * n + f"k{n}:\n" for n in range(1, 2000)), "nest"),
        ("types: " + "[" * 20000 + "]" * 20000, "cannot read the mapping"),
    ],
)
def test_import_mapping_nested_deeply(
    runner: CliRunner, tmp_path: Path, content: str, message: str
) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(content, encoding="utf-8")
    source = tmp_path / "model.xml"
    source.write_text(generate.exchange_with_property("x-a", "1"))
    result = runner.invoke(
        app,
        ["import", "archimate", str(source), "-o", str(tmp_path / "o"), "--mapping", str(mapping)],
    )
    assert result.exit_code == 2, result.output
    assert "cannot read the mapping" in result.stderr
    assert message in result.stderr


def test_import_mapping_from_a_device(tmp_path: Path) -> None:
    source = tmp_path / "model.xml"
    source.write_text(generate.exchange_with_property("x-a", "1"))
    result = run(
        "import", "archimate", str(source), "-o", str(tmp_path / "o"), "--mapping", "/dev/zero"
    )
    assert result.returncode == 2, result.stderr
    assert "is a device" in result.stderr


@pytest.mark.parametrize("value", ["inf", "1e400", "nan", "-1", "lots"])
@pytest.mark.parametrize("command", ["validate", "import"])
def test_a_limit_that_is_not_a_number(
    runner: CliRunner,
    small: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    command: str,
) -> None:
    monkeypatch.setenv("ICTARCH_MAX_FILE_MB", value)
    if command == "validate":
        result = runner.invoke(app, ["validate", str(small)])
    else:
        source = tmp_path / "model.xml"
        source.write_text(generate.exchange_with_property("x-a", "1"))
        result = runner.invoke(app, ["import", "archimate", str(source), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    assert f"ICTARCH_MAX_FILE_MB={value!r} is not a limit" in result.stderr


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    link = tmp_path / "loop"
    link.symlink_to("loop")
    return link


@pytest.mark.parametrize(
    "arguments",
    [
        ["import", "archimate", "{loop}", "-o", "{out}"],
        ["import", "csv", "{loop}", "-o", "{out}"],
        ["import", "archimate", "{xml}", "-o", "{loop}"],
        ["site", "{loop}", "-o", "{out}"],
        ["site", "{small}", "-o", "{loop}"],
        ["validate", "{small}", "--write-baseline", "{loop}"],
        ["init", "{loop}"],
    ],
)
def test_a_path_that_is_a_loop_of_links(
    runner: CliRunner, small: Path, tmp_path: Path, loop: Path, arguments: list[str]
) -> None:
    xml = tmp_path / "model.xml"
    xml.write_text(generate.exchange_with_property("x-a", "1"))
    names = {"loop": str(loop), "out": str(tmp_path / "out"), "small": str(small), "xml": str(xml)}
    result = runner.invoke(app, [argument.format(**names) for argument in arguments])
    assert result.exit_code == 2, result.output
    assert "is a loop of symbolic links" in result.stderr


@pytest.mark.parametrize("where", ["include", "frameworks"])
@pytest.mark.parametrize("command", ["validate", "conformance", "site"])
def test_a_loop_among_the_inputs_is_a_finding(
    runner: CliRunner, tmp_path: Path, where: str, command: str
) -> None:
    root = tmp_path / "a"
    (root / "layers").mkdir(parents=True)
    (root / "layers" / "loop.yaml").symlink_to("loop.yaml")
    extra = (
        "include: [layers/*.yaml]\n" if where == "include" else "frameworks: [layers/loop.yaml]\n"
    )
    (root / "architecture.yaml").write_text(SMALL + extra, encoding="utf-8")
    arguments = {
        "validate": ["validate", str(root), "-f", "json"],
        "conformance": ["conformance", str(root), "-f", "json"],
        "site": ["site", str(root), "-o", str(tmp_path / "site")],
    }[command]
    result = runner.invoke(app, arguments)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if command == "conformance":  # refuses an architecture that cannot be loaded, saying why
        assert result.exit_code == 2, result.output
        assert "is a loop of symbolic links; it was not read" in result.stderr
        return
    assert result.exit_code in (0, 1), result.output
    if command == "validate":
        codes = {finding["code"] for finding in json.loads(result.stdout)["findings"]}
        assert "ICT009" in codes


@pytest.mark.parametrize("command", ["validate", "analyze", "roadmap", "conformance"])
def test_an_output_that_is_not_utf8(command: str) -> None:
    result = run("--lang", "vi", command, str(QUANG_NAM), env={"PYTHONIOENCODING": "cp1252"})
    no_traceback(result)
    assert result.returncode in (0, 1), result.stderr


def test_help_to_a_full_device() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "ictarch", "--help"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "No space left on device" in result.stderr


def test_errors_with_standard_error_on_a_full_device(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "ictarch", "validate", str(tmp_path / "missing")],
            stdout=subprocess.DEVNULL,
            stderr=full,
            check=False,
            timeout=60,
        )
    assert result.returncode == 2


# ---------------------------------------------------------------------------
# Unbounded time or memory


def test_the_same_catalogue_named_many_times_is_read_once(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = tmp_path / "a"
    (root / "khung").mkdir(parents=True)
    (root / "khung" / "rieng.yaml").write_text(
        generate.catalogue_text("rieng", 2000), encoding="utf-8"
    )
    names = ", ".join(["khung/rieng.yaml"] * 300)
    (root / "architecture.yaml").write_text(SMALL + f"frameworks: [{names}]\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(root), "-f", "json"])
    findings = json.loads(result.stdout)["findings"]
    again = [f for f in findings if "it is read once" in f["message"]]
    assert len(again) == 299


def test_catalogues_count_towards_the_total_size(tmp_path: Path) -> None:
    from ictarch.frameworks.conformance import load_catalogues
    from ictarch.model.loader import load_architecture
    from ictarch.model.yamlsource import Limits

    root = tmp_path / "a"
    (root / "khung").mkdir(parents=True)
    for name in ("mot", "hai"):
        (root / "khung" / f"{name}.yaml").write_text(
            generate.catalogue_text(name, 300), encoding="utf-8"
        )
    (root / "architecture.yaml").write_text(
        SMALL + "frameworks: [khung/mot.yaml, khung/hai.yaml]\n", encoding="utf-8"
    )
    architecture = load_architecture(root).architecture
    assert architecture is not None
    size = (root / "khung" / "mot.yaml").stat().st_size
    loaded = load_catalogues(architecture, Limits(max_total_bytes=size * 3 // 2))
    assert "mot" in loaded.by_id
    assert "hai" not in loaded.by_id
    assert [f.code for f in loaded.findings] == ["ICT006"]
    assert "khung/hai.yaml" in loaded.findings[0].message


def test_a_province_catalogue_of_30000_blocks(tmp_path: Path) -> None:
    root = tmp_path / "a"
    generate.write_catalogue_architecture(root, blocks=30_000)
    result = run("conformance", str(root), "--framework", "rieng", "-f", "json")
    no_traceback(result)
    data = json.loads(result.stdout)
    assert len(data["frameworks"][0]["blocks"]) == 30_000


def test_a_13000_service_chain_to_a_required_block(tmp_path: Path) -> None:
    root = tmp_path / "a"
    generate.write_conformance_chain(root, length=13_000)
    result = run("conformance", str(root), "--framework", "rieng", "-f", "json")
    no_traceback(result)
    data = json.loads(result.stdout)
    connections = [c for block in data["frameworks"][0]["blocks"] for c in block["connections"]]
    assert len(connections) == 13_000
    longest = max(connections, key=lambda c: c["path_hidden"])
    assert longest["path_hidden"] == 13_000 + 1 - 8
    assert len(longest["path"]) == 8
    assert longest["path"][0] == "s0"
    assert longest["path"][-1] == "nen-tang"


def test_long_paths_are_the_paths_a_search_from_each_element_finds() -> None:
    """The one backward search gives each element the path its own forward search found."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ictarch.frameworks.conformance import Reach

    class Fake:
        def __init__(self, adjacency: dict[str, list[str]]) -> None:
            self._adjacency = adjacency

        def adjacency(self) -> dict[str, list[str]]:
            return self._adjacency

    def forward(adjacency: dict[str, list[str]], start: str, targets: frozenset[str]) -> tuple:
        parents: dict[str, str | None] = {start: None}
        queue = [start]
        while queue:
            current = queue.pop(0)
            if current in targets:
                path = [current]
                while (parent := parents[path[-1]]) is not None:
                    path.append(parent)
                return tuple(reversed(path))
            for target in adjacency.get(current, ()):
                if target not in parents:
                    parents[target] = current
                    queue.append(target)
        return ()

    nodes = [f"n{i}" for i in range(14)]

    @settings(max_examples=150, deadline=None)
    @given(
        st.dictionaries(
            st.sampled_from(nodes), st.lists(st.sampled_from(nodes), unique=True), max_size=14
        ),
        st.sets(st.sampled_from(nodes), min_size=1, max_size=3),
    )
    def check(adjacency: dict[str, list[str]], targets: set[str]) -> None:
        reach = Reach(Fake(adjacency))  # type: ignore[arg-type]
        wanted = frozenset(targets)
        for node in nodes:
            whole = forward(adjacency, node, wanted)
            assert reach.path(node, wanted) == whole
            route, hidden = reach.route(node, wanted)
            if len(whole) <= 9:
                assert (route, hidden) == (whole, 0)
            else:
                assert route == whole[:4] + whole[-4:]
                assert hidden == len(whole) - 8

    check()


@pytest.mark.parametrize(
    ("check", "special"),
    [
        ("site", "zero"),
        ("site", "fifo"),
        ("site", "manifest"),  # the site's list of its own files
        ("render", "zero"),
        ("render", "fifo"),
    ],
)
def test_check_of_an_output_directory_with_special_files(
    tmp_path: Path, check: str, special: str
) -> None:
    out = tmp_path / "out"
    if check == "site":
        written = run("site", str(QUANG_NAM), "-o", str(out))
        target = out / (".ictarch-site" if special == "manifest" else "index.html")
    else:
        written = run("render", str(QUANG_NAM), "-o", str(out), "-f", "mermaid")
        target = out / "index.md"
    assert written.returncode == 0, written.stderr
    target.unlink()
    if special == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    arguments = ["site", str(QUANG_NAM), "-o", str(out), "--check"]
    if check == "render":
        arguments = ["render", str(QUANG_NAM), "-o", str(out), "-f", "mermaid", "--check"]
    result = run(*arguments, timeout=120)
    no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "stale" in result.stdout + result.stderr


def test_site_over_a_foreign_directory_is_refused_before_walking_it(
    runner: CliRunner, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    foreign = tmp_path / "usr"
    (foreign / "lib" / "deep").mkdir(parents=True)
    (foreign / "lib" / "deep" / "file").write_text("x")
    import ictarch.site.writer as writer

    def walk(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("walked a directory it must refuse at once")

    monkeypatch.setattr(writer.os, "walk", walk)
    result = runner.invoke(app, ["site", str(small), "-o", str(foreign)])
    assert result.exit_code == 2, result.output
    assert "not a site written by ictarch" in result.stderr


def test_a_directory_made_while_the_site_is_written_is_left_alone(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ictarch.site.writer as writer
    from ictarch.output import DirectoryAppeared
    from ictarch.site import SiteFile

    out = tmp_path / "site"

    def files() -> Any:
        yield SiteFile("index.html", b"<html></html>")
        out.mkdir()  # someone else's directory appears meanwhile
        (out / "theirs.txt").write_text("keep me")

    with pytest.raises(DirectoryAppeared, match="made or filled by someone else meanwhile"):
        writer.write_site(files(), out)
    assert (out / "theirs.txt").read_text() == "keep me"


def test_an_or_junction_of_4000_by_4000(tmp_path: Path) -> None:
    source = tmp_path / "model.xml"
    source.write_text(generate.exchange_junction(4000))
    result = run("import", "archimate", str(source), "-o", str(tmp_path / "o"))
    no_traceback(result)
    assert result.returncode == 2, result.stderr
    assert "ICTARCH_MAX_VALUES" in result.stderr
    assert not (tmp_path / "o").exists()


def test_an_exchange_file_of_a_million_empty_elements(tmp_path: Path) -> None:
    source = tmp_path / "model.xml"
    generate.write_exchange_flat(source, 1_400_000)
    result = run("import", "archimate", str(source), "-o", str(tmp_path / "o"))
    no_traceback(result)
    assert result.returncode == 2, result.stderr
    assert "ICTARCH_MAX_ELEMENTS" in result.stderr


def test_a_csv_of_millions_of_one_cell_rows(tmp_path: Path) -> None:
    source = tmp_path / "csv"
    generate.write_csv_rows(source, 64 * 1024 * 1024 - 100)
    result = run("import", "csv", str(source), "-o", str(tmp_path / "o"))
    no_traceback(result)
    assert result.returncode == 2, result.stderr
    assert "ICTARCH_MAX_VALUES" in result.stderr


def test_twenty_thousand_elements_of_one_name_and_300000_values_of_one_property(
    tmp_path: Path,
) -> None:
    source = tmp_path / "model.xml"
    source.write_text(generate.exchange_same_names(20_000, values=300_000))
    result = run("import", "archimate", str(source), "-o", str(tmp_path / "o"))
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "o" / "layers" / "agencies.yaml").read_text("utf-8")
    assert "id: so-y-te-20000\n" in text


def test_roadmap_of_5000_services_with_their_own_dates(tmp_path: Path) -> None:
    root = tmp_path / "a"
    generate.write_roadmap_dates(root, services=5000)
    result = run("roadmap", str(root), "-f", "json")
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    milestones = json.loads(result.stdout)["milestones"]
    # each service's start makes its platform a single point of failure of nothing new
    # (the service starts that day), and the agency using them all gains each in turn
    assert len(milestones) == 5000


def test_roadmap_milestones_date_by_date_agree_with_whole_computations() -> None:
    """The incremental milestones are those of computing every date whole."""
    import datetime

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ictarch.model.loader import load_architecture
    from ictarch.roadmap import _milestones_computed_whole, risk_milestones, target_layers

    days = [datetime.date(2024, 1, 1) + datetime.timedelta(days=n) for n in range(6)]

    @settings(max_examples=60, deadline=None)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        import tempfile

        lines = ["ictarch: 1", "architecture: {id: t, name: T}"]
        layers = {0: "agencies", 1: "services", 2: "platforms", 3: "infrastructure"}
        ids = [f"e{n}" for n in range(9)]
        level = {element: n % 4 for n, element in enumerate(ids)}
        for layer_index, layer in layers.items():
            members = [e for e in ids if level[e] == layer_index]
            lines.append(f"{layer}:")
            for element in members:
                below = [e for e in ids if level[e] > layer_index]
                plain = data.draw(st.lists(st.sampled_from(below), unique=True)) if below else []
                groups = (
                    data.draw(
                        st.lists(
                            st.lists(st.sampled_from(below), min_size=2, max_size=3, unique=True),
                            max_size=1,
                        )
                    )
                    if len(below) > 1
                    else []
                )
                depends = [*plain, *({"any_of": group} for group in groups)]
                since = data.draw(st.none() | st.sampled_from(days))
                until = data.draw(st.none() | st.sampled_from(days))
                if since and until and until <= since:
                    until = None
                fields = {"id": element, "name": element}
                if depends:
                    fields["depends_on"] = depends
                if since:
                    fields["since"] = since.isoformat()
                if until:
                    fields["until"] = until.isoformat()
                lines.append("  - " + json.dumps(fields))
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "architecture.yaml"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            architecture = load_architecture(path).architecture
            assert architecture is not None
            dates = sorted(
                {d for e in architecture.elements.values() for d in (e.since, e.until) if d}
            )
            if not dates:
                return
            first = dates[0] - datetime.timedelta(days=1)
            layers_wanted = set(target_layers(architecture))
            assert risk_milestones(architecture, dates) == _milestones_computed_whole(
                architecture, dates, first, layers_wanted
            )

    check()


# ---------------------------------------------------------------------------
# Inputs written over or deleted


def test_import_force_never_deletes_the_mapping(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mapping = out / "mapping.yaml"
    mapping.write_text("types: {BusinessActor: {layer: agencies, kind: agency}}\n")
    source = tmp_path / "model.xml"
    source.write_text(generate.exchange_with_property("x-a", "1"))
    result = runner.invoke(
        app,
        ["import", "archimate", str(source), "-o", str(out), "--force", "--mapping", str(mapping)],
    )
    assert result.exit_code == 2, result.output
    assert mapping.exists()


def test_import_force_never_deletes_csv_files_reached_through_links(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    real = out / "elements.csv"
    real.write_text(
        '"ID","Type","Name","Documentation","Specialization"\n"a","BusinessActor","A","",""\n'
    )
    source = tmp_path / "csv"
    source.mkdir()
    (source / "elements.csv").symlink_to(real)
    result = runner.invoke(app, ["import", "csv", str(source), "-o", str(out), "--force"])
    assert result.exit_code == 2, result.output
    assert real.exists()


def test_import_leaves_alone_a_directory_made_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ictarch.interop import importing
    from ictarch.interop.archimate_import import read_exchange_file
    from ictarch.output import DirectoryAppeared

    source = tmp_path / "model.xml"
    source.write_text(generate.exchange_with_property("x-a", "1"))
    result = importing.build_architecture(read_exchange_file(source), importing.Mapping())
    out = tmp_path / "out"
    dump = importing._dump

    def dump_and_race(data: Any) -> str:
        if not out.exists():
            out.mkdir()
            (out / "theirs.txt").write_text("keep me")
        return dump(data)

    monkeypatch.setattr(importing, "_dump", dump_and_race)
    with pytest.raises(DirectoryAppeared, match="made or filled by someone else meanwhile"):
        importing.write_architecture(result, out)
    assert (out / "theirs.txt").read_text() == "keep me"


# ---------------------------------------------------------------------------
# Injection and fidelity


def test_csv_cells_that_start_like_formulas(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "a"
    root.mkdir()
    names = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "'=quoted", "Bình thường"]
    services = "".join(
        f"  - {{id: s{n}, name: {json.dumps(name)}, description: d, owner: ubnd}}\n"
        for n, name in enumerate(names)
    )
    (root / "architecture.yaml").write_text(
        SMALL.replace(
            "  - {id: cong, name: Cổng, description: d, owner: ubnd}\n", services
        ).replace("depends_on: [cong]", "depends_on: [s0]"),
        encoding="utf-8",
    )
    out = tmp_path / "csv"
    assert runner.invoke(app, ["export", str(root), "-f", "csv", "-o", str(out)]).exit_code == 0
    rows = list(csv.reader(io.StringIO((out / "elements.csv").read_text("utf-8"))))
    cells = [cell for row in rows[1:] for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    back = tmp_path / "back"
    result = runner.invoke(app, ["import", "csv", str(out), "-o", str(back)])
    assert result.exit_code == 0, result.output
    imported = yaml.safe_load((back / "layers" / "services.yaml").read_text("utf-8"))
    assert [service["name"] for service in imported["services"]] == names


def test_the_import_report_prints_no_control_sequences(runner: CliRunner, tmp_path: Path) -> None:
    """Archi's CSV can hold any character: a relationship type, source and target with
    terminal escapes, a bell and a bidi override are reported as printable text."""
    hostile = "\x1b[2J\x07evil\u202e"
    source = tmp_path / "csv"
    source.mkdir()
    (source / "elements.csv").write_text(
        '"ID","Type","Name","Documentation","Specialization"\n'
        f'"a","BusinessActor","A","",""\n"{hostile}","BusinessActor","B","",""\n',
        encoding="utf-8",
    )
    (source / "relations.csv").write_text(
        '"ID","Type","Name","Documentation","Source","Target","Specialization"\n'
        f'"r1","{hostile}Relationship","","","a","{hostile}",""\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", "csv", str(source), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "evil" in result.stderr
    for character in ("\x1b", "\x07", "\u202e"):
        assert character not in result.stderr


def test_structurizr_names_stay_unique(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "a"
    root.mkdir()
    (root / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture: {id: t, name: T}\nagencies:\n"
        "  - {id: ubnd, name: UBND}\nservices:\n"
        "  - {id: a, name: Portal, owner: ubnd}\n  - {id: b, name: Portal, owner: ubnd}\n"
        "  - {id: c, name: Portal (b), owner: ubnd}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["export", str(root), "-f", "structurizr", "-o", "-"])
    assert result.exit_code == 0, result.output
    workspace = json.loads(result.stdout)
    names = [system["name"] for system in workspace["model"]["softwareSystems"]]
    assert len(names) == len(set(names)) == 3


def test_a_name_longer_than_graphviz_takes(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "a"
    root.mkdir()
    long_name = "Tên rất dài " + "x" * 17_000
    (root / "architecture.yaml").write_text(
        SMALL.replace("name: Cổng,", f"name: {json.dumps(long_name)},"), encoding="utf-8"
    )
    for arguments in (
        ["render", str(root), "-o", str(tmp_path / "d"), "-f", "svg"],
        ["site", str(root), "-o", str(tmp_path / "s")],
        ["export", str(root), "-f", "archimate", "-o", str(tmp_path / "a.xml")],
    ):
        result = runner.invoke(app, arguments)
        assert result.exit_code == 0, (arguments, result.output)
    drawn = [path.read_text("utf-8") for path in (tmp_path / "d").glob("*.svg")]
    shortened = [svg for svg in drawn if "Tên rất dài" in svg]
    assert shortened
    assert all("…" in svg and "x" * 1000 not in svg for svg in shortened)


# ---------------------------------------------------------------------------
# Smaller ones


def test_a_framework_with_an_empty_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["conformance", str(QUANG_NAM), "--framework", "vn-egov@"])
    assert result.exit_code == 2
    assert "names no version after '@'" in result.stderr


def test_a_diff_spec_too_long_for_a_file_name(runner: CliRunner) -> None:
    result = runner.invoke(app, ["diff", "x" * 10_000, str(QUANG_NAM)])
    assert result.exit_code == 2
    assert "File name too long" in result.stderr
    assert "cannot write the output" not in result.stderr


@pytest.mark.parametrize("case", ["long-id", "reserved-layer", "empty-row"])
def test_what_import_writes_validates(runner: CliRunner, tmp_path: Path, case: str) -> None:
    out = tmp_path / "o"
    if case == "long-id":
        source = tmp_path / "model.xml"
        source.write_text(generate.exchange_with_property("ictarch:id", "a" * 300))
        arguments = ["import", "archimate", str(source), "-o", str(out)]
    elif case == "reserved-layer":
        source = tmp_path / "model.xml"
        source.write_text(generate.exchange_with_property("x-a", "1"))
        mapping = tmp_path / "mapping.yaml"
        mapping.write_text("types: {BusinessActor: {layer: include, kind: agency}}\n")
        result = runner.invoke(
            app,
            ["import", "archimate", str(source), "-o", str(out), "--mapping", str(mapping)],
        )
        assert result.exit_code == 2, result.output
        return
    else:
        source = tmp_path / "csv"
        source.mkdir()
        (source / "elements.csv").write_text(
            '"ID","Type","Name","Documentation","Specialization"\n'
            '"","BusinessActor","","",""\n"b","BusinessActor","B","",""\n'
        )
        arguments = ["import", "csv", str(source), "-o", str(out)]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    validated = runner.invoke(app, ["validate", str(out), "-f", "json"])
    errors = [
        f
        for f in json.loads(validated.stdout)["findings"]
        if f["severity"] == "error" and f["code"].startswith(("ICT0", "ICT1", "ICT2"))
    ]
    assert errors == []


def test_a_circle_of_replacements_in_a_catalogue(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "a"
    (root / "khung").mkdir(parents=True)
    text = generate.catalogue_text("rieng", 4)
    text = text.replace("  - id: rieng.b0\n", "  - id: rieng.b0\n    replaced_by: rieng.b1\n")
    text = text.replace("  - id: rieng.b1\n", "  - id: rieng.b1\n    replaced_by: rieng.b2\n")
    text = text.replace("  - id: rieng.b2\n", "  - id: rieng.b2\n    replaced_by: rieng.b0\n")
    (root / "khung" / "rieng.yaml").write_text(text, encoding="utf-8")
    (root / "architecture.yaml").write_text(
        SMALL + "frameworks: [khung/rieng.yaml]\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", str(root), "-f", "json"])
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    assert any(
        "replaced_by goes round in a circle: rieng.b0 → rieng.b1 → rieng.b2 → rieng.b0" in m
        for m in messages
    ), messages


def test_merge_leaves_alone_a_directory_made_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """merge and consolidate -o write through the same swap as import and site."""
    from ictarch import output
    from ictarch.merger import writing
    from ictarch.output import DirectoryAppeared

    out = tmp_path / "out"
    original = output.swap_in_directory

    def race(staging: Path, directory: Path, *, replace: bool) -> None:
        directory.mkdir()
        (directory / "theirs.txt").write_text("keep me")
        original(staging, directory, replace=replace)

    monkeypatch.setattr(output, "swap_in_directory", race)
    with pytest.raises(DirectoryAppeared):
        writing.write_directory({"architecture.yaml": "ictarch: 1\n"}, out)
    assert (out / "theirs.txt").read_text() == "keep me"
    assert [path.name for path in tmp_path.iterdir()] == ["out"]  # no staging left behind


def test_force_replaces_and_puts_back_on_failure(tmp_path: Path) -> None:
    from ictarch.output import swap_in_directory

    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old")
    staging = tmp_path / ".out.new"
    staging.mkdir()
    (staging / "new.txt").write_text("new")
    swap_in_directory(staging, target, replace=True)
    assert [path.name for path in target.iterdir()] == ["new.txt"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


# ---------------------------------------------------------------------------
# The commands added in the same round (merge, document, lsp), hunted the same way


def test_document_with_a_title_longer_than_a_docx_property(tmp_path: Path) -> None:
    """The DOCX core properties hold 255 characters; the title page keeps the whole title."""
    pytest.importorskip("docx")
    if not shutil_which("dot"):
        pytest.skip("Graphviz's dot is needed for the DOCX pictures")
    title = "Khung kiến trúc " + "x" * 300
    output = tmp_path / "t.docx"
    result = run("document", str(QUANG_NAM), "-o", str(output), "--title", title)
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    import docx

    assert len(docx.Document(str(output)).core_properties.title) == 255


@pytest.mark.parametrize("kind", ["zero", "fifo"])
def test_document_check_against_a_device_or_a_pipe(tmp_path: Path, kind: str) -> None:
    output = tmp_path / "d.md"
    if kind == "zero":
        output.symlink_to("/dev/zero")
    else:
        os.mkfifo(output)
    result = run("document", str(QUANG_NAM), "-o", str(output), "--check", timeout=120)
    no_traceback(result)
    assert result.returncode == 1, result.stderr


@pytest.mark.parametrize("kind", ["zero", "fifo"])
def test_merge_map_that_is_a_device_or_a_pipe(tmp_path: Path, kind: str) -> None:
    mapping = tmp_path / "map.yaml"
    if kind == "zero":
        mapping.symlink_to("/dev/zero")
    else:
        os.mkfifo(mapping)
    result = run(
        "merge", str(QUANG_NAM), str(QUANG_NAM.parent / "quang-nam-2021"),
        "-o", str(tmp_path / "out"), "--map", str(mapping), timeout=120,
    )  # fmt: skip
    no_traceback(result)
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr


@pytest.mark.parametrize("command", ["document", "merge"])
def test_new_commands_on_a_loop_or_a_missing_source(
    runner: CliRunner, tmp_path: Path, loop: Path, command: str
) -> None:
    for source, message in ((loop, "is a loop of symbolic links"), (tmp_path / "nope", "")):
        arguments = (
            ["document", str(source), "-o", str(tmp_path / "d.md")]
            if command == "document"
            else ["merge", str(source), str(QUANG_NAM), "-o", str(tmp_path / "m")]
        )
        result = runner.invoke(app, arguments)
        assert result.exit_code == 2, result.output
        assert message in result.stderr
        assert "it is, holds or lies inside" not in result.stderr


def test_lsp_without_standard_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ictarch", "lsp"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(0),
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "standard input and output" in result.stderr


def test_lsp_a_malformed_message_is_one_line_and_the_server_goes_on() -> None:
    """A message that is not JSON, then a real exit: the client is told (showMessage),
    the log says what was wrong in one line, and the server still answers."""
    garbage = b'{"bad":1}x'
    exit_message = b'{"jsonrpc": "2.0", "method": "exit"}'
    stream = b"".join(
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body) for body in (garbage, exit_message)
    )
    result = subprocess.run(
        [sys.executable, "-m", "ictarch", "lsp"],
        input=stream,
        capture_output=True,
        timeout=60,
        check=False,
    )
    errors = result.stderr.decode()
    assert "Traceback" not in errors
    assert "Unable to handle message: JSONDecodeError" in errors
    assert len(errors.strip().splitlines()) == 1, errors
    assert b"window/showMessage" in result.stdout


def shutil_which(name: str) -> str | None:
    import shutil

    return shutil.which(name)
