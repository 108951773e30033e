"""Mutated bundled architectures through every command: no traceback, ever (issue 10).

A seeded mutation loop (no hypothesis: the mutations are textual, and a fixed
seed makes every failure reproducible from its case number) damages a copy of a
bundled architecture the way hands and merges do (a line dropped, duplicated or
re-indented, a key misspelt, an id changed, YAML punctuation inserted, a file
cut short, an anchor/alias or merge key added) and runs validate (json, sarif),
render (dot and mermaid, with --force), diff (against the intact copy), impact
and analyze on it. Each run must end with exit code 0, 1 or 2, never a
traceback; machine formats must be valid JSON (SARIF with its runs); and no
input file may change.

The default number of cases keeps the test well under a minute; set
ICTARCH_FUZZ_CASES (and ICTARCH_FUZZ_SEED) for a longer campaign, e.g.
``ICTARCH_FUZZ_CASES=500 pytest tests/test_fuzz_commands.py -q -s`` (the counts of
exit codes per command are printed with -s).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from tests.conftest import QUANG_NAM, QUANG_NAM_2021

CASES = int(os.environ.get("ICTARCH_FUZZ_CASES", "24"))
SURFACE_CASES = int(os.environ.get("ICTARCH_FUZZ_CASES", "10"))  # each runs ~10 commands
SEED = int(os.environ.get("ICTARCH_FUZZ_SEED", "20261201"))
SOURCES = (QUANG_NAM, QUANG_NAM_2021)
INSERTIONS = (
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "\t",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!python/name:os.system ",
    "? ",
    "#",
    "\\",
    "\x00",
    "ả",
    "\u202e",
    "---\n",
    "...\n",
    "~",
    "2022-13-45",
    "yes",
    "0123",
)
KEYS = ("id", "name", "depends_on", "any_of", "owner", "operator", "status", "include", "views")


def _lines_mutation(
    change: Callable[[random.Random, list[str]], None],
) -> Callable[[random.Random, str], str]:
    def mutate(rng: random.Random, text: str) -> str:
        lines = text.splitlines(keepends=True)
        if lines:
            change(rng, lines)
        return "".join(lines)

    return mutate


def _drop(rng: random.Random, lines: list[str]) -> None:
    del lines[rng.randrange(len(lines))]


def _duplicate(rng: random.Random, lines: list[str]) -> None:
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])


def _swap(rng: random.Random, lines: list[str]) -> None:
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]


def _indent(rng: random.Random, lines: list[str]) -> None:
    index = rng.randrange(len(lines))
    if rng.random() < 0.5:
        lines[index] = " " * rng.randint(1, 3) + lines[index]
    else:
        lines[index] = lines[index][rng.randint(1, 3) :]


def _insert(rng: random.Random, text: str) -> str:
    position = rng.randrange(len(text) + 1)
    return text[:position] + rng.choice(INSERTIONS) + text[position:]


def _truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _replace_key(rng: random.Random, text: str) -> str:
    key, other = rng.sample(KEYS, 2)
    if f"{key}:" not in text:
        key = "name"
    return text.replace(f"{key}:", f"{other}:", rng.randint(1, 3))


def _replace_id(rng: random.Random, text: str) -> str:
    words = [w for w in text.split() if "-" in w and w.isascii() and len(w) > 3]
    if not words:
        return text
    word = rng.choice(words)
    other = rng.choice([*words, word[:-1], word + "x", "", "../x", "*.yaml", "a:b"])
    return text.replace(word, other, rng.randint(1, 5))


def _anchor_bomb(rng: random.Random, text: str) -> str:
    return "x-a: &a {k: [v, v]}\n" + text + "\nx-b: [*a, *a, *a]\n"


MUTATIONS: tuple[Callable[[random.Random, str], str], ...] = (
    _lines_mutation(_drop),
    _lines_mutation(_duplicate),
    _lines_mutation(_swap),
    _lines_mutation(_indent),
    _insert,
    _truncate,
    _replace_key,
    _replace_id,
    _anchor_bomb,
)


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def mutate(rng: random.Random, folder: Path) -> str:
    """Damage one to three files of ``folder``; what was done, for the failure message."""
    files = sorted(folder.rglob("*.yaml"))
    done = []
    for _ in range(rng.randint(1, 3)):
        target = rng.choice(files)
        mutation = rng.choice(MUTATIONS)
        text = target.read_text(encoding="utf-8")
        target.write_bytes(mutation(rng, text).encode("utf-8", "surrogatepass"))
        done.append(f"{mutation.__name__} on {target.relative_to(folder)}")
    return "; ".join(done)


def run(runner: CliRunner, arguments: list[str], what: str) -> tuple[int, str]:
    result = runner.invoke(app, arguments)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{what}: {arguments} raised {result.exception!r}") from (
            result.exception
        )
    assert "Traceback" not in result.output, (what, arguments, result.output[-2000:])
    assert result.exit_code in (0, 1, 2), (what, arguments, result.exit_code, result.output)
    return result.exit_code, result.stdout


def check_json(stdout: str, exit_code: int, what: str, sarif: bool = False) -> None:
    if exit_code == 2:
        assert stdout == "" or stdout.endswith("\n"), what
        return
    document = json.loads(stdout)
    if sarif:
        assert document["version"] == "2.1.0", what
        assert isinstance(document["runs"][0]["results"], list), what


def test_mutated_architectures_never_crash_any_command(tmp_path: Path) -> None:
    runner = CliRunner()
    rng = random.Random(SEED)
    exits: dict[str, Counter[int]] = {}
    for case in range(CASES):
        source = SOURCES[case % len(SOURCES)]
        intact = tmp_path / f"intact-{case}"
        damaged = tmp_path / f"case-{case}"
        shutil.copytree(source, intact)
        shutil.copytree(source, damaged)
        what = f"case {case} (seed {SEED}): {mutate(rng, damaged)}"
        before = digests(damaged), digests(intact)
        element_id = rng.choice(["lgsp", "tsdl-tinh", "wan-cqnn", "ioc-tinh", "khong-co"])
        out = tmp_path / f"out-{case}"
        commands = {
            "validate-json": ["validate", str(damaged), "-f", "json"],
            "validate-sarif": ["validate", str(damaged), "-f", "sarif"],
            "render": [
                *("render", str(damaged), "-f", "dot", "-f", "mermaid", "--force"),
                *("-o", str(out)),
            ],
            "diff": ["diff", str(intact), str(damaged), "-f", "json"],
            "impact": ["impact", str(damaged), element_id, "-f", "json"],
            "analyze": ["analyze", str(damaged), "-f", "json"],
        }
        for name, arguments in commands.items():
            code, stdout = run(runner, arguments, what)
            exits.setdefault(name, Counter())[code] += 1
            if name != "render":
                check_json(stdout, code, f"{what}: {name}", sarif=name == "validate-sarif")
        assert (digests(damaged), digests(intact)) == before, f"{what}: an input changed"
        shutil.rmtree(out, ignore_errors=True)
    print(f"\nfuzz: {CASES} mutated architectures (seed {SEED}); exit codes per command:")
    for name, counter in exits.items():
        print(f"  {name:15} {dict(sorted(counter.items()))}")
    assert sum(exits["validate-json"].values()) == CASES


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.__name__)
def test_every_mutation_changes_something(mutation: Callable[[random.Random, str], str]) -> None:
    """The mutations are not no-ops (a fuzz loop of no-ops would prove nothing)."""
    text = (QUANG_NAM / "layers" / "platforms.yaml").read_text(encoding="utf-8")
    changed = sum(mutation(random.Random(seed), text) != text for seed in range(20))
    assert changed >= 15


XML_INSERTIONS = ("<", ">", "&", "&amp;", '"', "</element>", "<element>", "xsi:type=", "\x00", "ả")


def _insert_xml(rng: random.Random, text: str) -> str:
    position = rng.randrange(len(text) + 1)
    return text[:position] + rng.choice(XML_INSERTIONS) + text[position:]


SOURCE_MUTATIONS: tuple[Callable[[random.Random, str], str], ...] = (
    _lines_mutation(_drop),
    _lines_mutation(_duplicate),
    _lines_mutation(_swap),
    _insert,
    _insert_xml,
    _truncate,
    _replace_id,
)


def test_mutated_imports_catalogues_and_exports_never_crash(tmp_path: Path) -> None:
    """The surfaces added after the first fuzz (issue 25): Archi files (exchange XML and
    CSV) damaged before ``import``, and a province catalogue damaged under ``frameworks:``
    before ``conformance``, ``site`` and every export. Exit 0, 1 or 2, never a traceback;
    no input changes."""
    runner = CliRunner()
    rng = random.Random(SEED + 25)
    exchange = tmp_path / "quang-nam.xml"
    archi_csv = tmp_path / "csv"
    run(runner, ["export", str(QUANG_NAM), "-f", "archimate", "-o", str(exchange)], "setup")
    run(runner, ["export", str(QUANG_NAM), "-f", "csv", "-o", str(archi_csv)], "setup")
    catalogue = QUANG_NAM.parent.parent / "src" / "ictarch" / "frameworks" / "vn-egov.yaml"
    province_catalogue = catalogue.read_text(encoding="utf-8").replace("vn-egov", "tinh")
    exits: dict[str, Counter[int]] = {}
    for case in range(SURFACE_CASES):
        what = f"case {case} (seed {SEED + 25})"
        # an Archi file, damaged
        damaged_xml = tmp_path / f"model-{case}.xml"
        damaged_csv = tmp_path / f"csv-{case}"
        shutil.copytree(archi_csv, damaged_csv)
        mutation = rng.choice(SOURCE_MUTATIONS)
        damaged_xml.write_bytes(
            mutation(rng, exchange.read_text("utf-8")).encode("utf-8", "surrogatepass")
        )
        target = rng.choice(sorted(damaged_csv.glob("*.csv")))
        target.write_bytes(
            rng.choice(SOURCE_MUTATIONS)(rng, target.read_text("utf-8-sig")).encode(
                "utf-8", "surrogatepass"
            )
        )
        before = digests(tmp_path / "csv"), damaged_xml.read_bytes(), digests(damaged_csv)
        for name, arguments in {
            "import-archimate": ["import", "archimate", str(damaged_xml), "-o"],
            "import-csv": ["import", "csv", str(damaged_csv), "-o"],
        }.items():
            out = tmp_path / f"{name}-{case}"
            code, _stdout = run(runner, [*arguments, str(out)], f"{what}: {mutation.__name__}")
            exits.setdefault(name, Counter())[code] += 1
            if code == 0:  # what import writes loads
                run(runner, ["validate", str(out), "-f", "json"], f"{what}: {name} output")
        assert (digests(tmp_path / "csv"), damaged_xml.read_bytes(), digests(damaged_csv)) == (
            before
        ), f"{what}: an input changed"
        # a province catalogue, damaged
        province = tmp_path / f"province-{case}"
        shutil.copytree(QUANG_NAM, province)
        (province / "khung").mkdir()
        (province / "khung" / "tinh.yaml").write_bytes(
            rng.choice(MUTATIONS)(rng, province_catalogue).encode("utf-8", "surrogatepass")
        )
        root = province / "architecture.yaml"
        root.write_text(
            root.read_text("utf-8") + "\nframeworks: [khung/tinh.yaml]\n", encoding="utf-8"
        )
        before_province = digests(province)
        commands = {
            "conformance": ["conformance", str(province), "-f", "json"],
            "conformance-tinh": ["conformance", str(province), "--framework", "tinh", "-f", "json"],
            "site": ["site", str(province), "-o", str(tmp_path / f"site-{case}")],
        }
        formats = ("json", "structurizr", "backstage", "graphml", "archimate", "csv")
        for export_format in rng.sample(formats, 2):
            commands[f"export-{export_format}"] = [
                *("export", str(province), "-f", export_format),
                *("-o", str(tmp_path / f"export-{case}-{export_format}")),
            ]
        for name, arguments in commands.items():
            code, stdout = run(runner, arguments, what)
            exits.setdefault(name, Counter())[code] += 1
            if name.startswith("conformance"):
                check_json(stdout, code, f"{what}: {name}")
        assert digests(province) == before_province, f"{what}: an input changed"
    print(f"\nfuzz: {SURFACE_CASES} damaged Archi files and catalogues; exit codes per command:")
    for name, counter in exits.items():
        print(f"  {name:18} {dict(sorted(counter.items()))}")
    assert sum(exits["import-archimate"].values()) == SURFACE_CASES
