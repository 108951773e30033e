"""Hostile input: every broken file ends in a finding or a clear error, never a traceback.

Each file of the corpus is fed to ``ictarch validate`` through typer's CliRunner.
The bombs (alias expansion, deep nesting, huge files) run in a real subprocess
with a timeout, so that a regression shows up as a failed test instead of a hung
suite. Nothing here measures time: the timeout only stops a hang.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from ictarch.cli import app
from ictarch.reporters import REPORTERS, ReportSettings
from ictarch.rules import ALL_RULES
from ictarch.validation import validate_paths

HEAD = b"ictarch: 1\narchitecture:\n  id: hostile\n  name: Th\xe1\xbb\xad nghi\xe1\xbb\x87m\n"


@dataclass(frozen=True)
class Hostile:
    """A root file (and maybe more files) and the finding code it must produce."""

    name: str
    content: bytes
    code: str
    extra_files: tuple[tuple[str, bytes], ...] = ()

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "architecture.yaml").write_bytes(self.content)
        for relative, content in self.extra_files:
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return folder


def billion_laughs(levels: int = 12, width: int = 10) -> bytes:
    lines = [b"x-lol:", b'  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        aliases = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"  l{level}: &l{level} [{aliases}]".encode())
    return HEAD + b"\n".join(lines) + b"\n"


def mapping_laughs(levels: int = 12) -> bytes:
    lines = [b"x-lol:", b"  m0: &m0 {a: lol, b: lol}"]
    for level in range(1, levels):
        fields = ", ".join(f"k{j}: *m{level - 1}" for j in range(10))
        lines.append(f"  m{level}: &m{level} {{{fields}}}".encode())
    return HEAD + b"\n".join(lines) + b"\n"


def merge_laughs(levels: int = 12) -> bytes:
    lines = [b"x-lol:", b"  m0: &m0 {a: lol}"]
    for level in range(1, levels):
        merged = ", ".join([f"*m{level - 1}"] * 10)
        lines.append(f"  m{level}: &m{level} {{<<: [{merged}], k{level}: v}}".encode())
    return HEAD + b"\n".join(lines) + b"\n"


def deep_block_mapping(depth: int) -> bytes:
    body = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "end\n"
    return HEAD + b"x-deep:\n" + "".join("  " + line + "\n" for line in body.splitlines()).encode()


CORPUS = [
    # Syntax
    Hostile("unclosed-flow", HEAD + b"agencies: [{id: a, name: A\n", "ICT001"),
    Hostile("unclosed-quote", HEAD + b'agencies:\n  - id: "a\n    name: A\n', "ICT001"),
    Hostile("tab-indentation", b"ictarch: 1\narchitecture:\n\tid: a\n\tname: A\n", "ICT001"),
    Hostile("bad-indentation", HEAD + b"agencies:\n  - id: a\n   name: A\n", "ICT001"),
    Hostile("two-documents", HEAD + b"---\nictarch: 1\n", "ICT001"),
    Hostile("undefined-alias", HEAD + b"x-a: *nowhere\n", "ICT001"),
    Hostile("key-over-1024-characters", HEAD + b"k" * 100_000 + b": v\n", "ICT001"),
    Hostile("merge-of-a-scalar", HEAD + b"x-a:\n  <<: 5\n", "ICT001"),
    # Encoding
    Hostile("latin-1", HEAD.replace(b"\xe1\xbb\xad", b"\xfa"), "ICT002"),
    Hostile("windows-1258", HEAD + b"x-a: Qu\xd2ng Nam\n", "ICT002"),
    Hostile("utf-16-le-bom", b"\xff\xfe" + "ictarch: 1\n".encode("utf-16-le"), "ICT002"),
    Hostile("utf-16-be-bom", b"\xfe\xff" + "ictarch: 1\n".encode("utf-16-be"), "ICT002"),
    Hostile("utf-16-without-bom", "ictarch: 1\narchitecture: {}\n".encode("utf-16-le"), "ICT002"),
    Hostile("nul-byte", HEAD + b"x-a: a\x00b\n", "ICT002"),
    Hostile("bell-character", HEAD + b"x-a: a\x07b\n", "ICT002"),
    Hostile("encoded-surrogate", HEAD + b"x-a: \xed\xa0\x80\n", "ICT002"),
    Hostile("truncated-utf8", HEAD + b"x-a: Qu\xe1\xba", "ICT002"),
    # Aliases
    Hostile("recursive-alias-sequence", HEAD + b"x-a: &a [1, *a]\n", "ICT004"),
    Hostile("recursive-alias-mapping", HEAD + b"x-a: &a {self: *a}\n", "ICT004"),
    # Keys
    Hostile("duplicate-key", HEAD + b"x-a: 1\nx-a: 2\n", "ICT003"),
    Hostile("duplicate-key-through-alias", HEAD + b"&k x-k: 1\n*k : 2\n", "ICT003"),
    Hostile("duplicate-top-level-section", HEAD + b"agencies: []\nagencies: []\n", "ICT003"),
    Hostile("sequence-as-key", HEAD + b"? [a, b]\n: c\n", "ICT001"),
    Hostile("mapping-as-key", HEAD + b"? {a: b}\n: c\n", "ICT001"),
    Hostile("integer-key", HEAD + b"1: [a]\n", "ICT102"),
    Hostile("boolean-and-null-keys", HEAD + b"true: []\nnull: []\n", "ICT102"),
    # Tags
    Hostile(
        "python-object-apply",
        HEAD + b"x-a: !!python/object/apply:os.system ['touch pwned-by-yaml']\n",
        "ICT011",
    ),
    Hostile(
        "python-object-new",
        HEAD + b"x-a: !!python/object/new:subprocess.Popen [['touch', 'pwned-by-yaml']]\n",
        "ICT011",
    ),
    Hostile("python-name", HEAD + b"x-a: !!python/name:os.system\n", "ICT011"),
    Hostile("binary", HEAD + b"x-a: !!binary aGVsbG8=\n", "ICT011"),
    Hostile("custom-tag", HEAD + b"x-a: !vnpt {id: x}\n", "ICT011"),
    Hostile("local-tag-on-element", HEAD + b"agencies:\n  - !agency {id: a, name: A}\n", "ICT011"),
    Hostile("set", HEAD + b"x-a: !!set {a, b}\n", "ICT011"),
    # Shape
    Hostile("empty-file", b"", "ICT103"),
    Hostile("only-comments", b"# nothing here\n# at all\n", "ICT103"),
    Hostile("just-a-scalar", b"quang-nam\n", "ICT103"),
    Hostile("just-a-number", b"42\n", "ICT103"),
    Hostile("a-list", b"- ictarch: 1\n- architecture: {id: a, name: A}\n", "ICT103"),
    Hostile("architecture-is-a-list", b"ictarch: 1\narchitecture: [a, b]\n", "ICT103"),
    Hostile("layer-is-a-mapping", HEAD + b"agencies: {id: a, name: A}\n", "ICT103"),
    Hostile("element-is-a-scalar", HEAD + b"agencies: [ubnd, 12, ~]\n", "ICT103"),
    Hostile("version-2", b"ictarch: 2\narchitecture: {id: a, name: A}\n", "ICT010"),
    Hostile("version-null", b"ictarch:\narchitecture: {id: a, name: A}\n", "ICT010"),
    # Includes
    Hostile("include-parent", HEAD + b"include: ['../*.yaml']\n", "ICT007"),
    Hostile("include-absolute", HEAD + b"include: [/etc/passwd]\n", "ICT007"),
    Hostile("include-hidden-parent", HEAD + b"include: ['layers/../../x.yaml']\n", "ICT007"),
    Hostile("include-backslash-parent", HEAD + b"include: ['..\\\\x.yaml']\n", "ICT007"),
    Hostile("include-bad-glob", HEAD + b"include: ['**x']\n", "ICT009"),
    Hostile("include-not-a-list", HEAD + b"include: layers/*.yaml\n", "ICT103"),
    # pathlib's glob raised IndexError on these (issue 10)
    Hostile("include-dot", HEAD + b"include: ['.']\n", "ICT009"),
    Hostile("include-dot-slash", HEAD + b"include: ['./']\n", "ICT009"),
    Hostile("include-dot-slash-dot", HEAD + b"include: ['./.']\n", "ICT009"),
    Hostile("include-dot-double-slash", HEAD + b"include: ['.//']\n", "ICT009"),
    Hostile("include-literal-missing", HEAD + b"include: [layers/services.yaml]\n", "ICT009"),
    Hostile(
        "included-file-is-broken",
        HEAD + b"include: [layers/*.yaml]\n",
        "ICT002",
        extra_files=(("layers/a.yaml", b"\xff\xfe\x00"),),
    ),
    Hostile(
        "included-file-is-a-scalar",
        HEAD + b"include: [layers/*.yaml]\n",
        "ICT103",
        extra_files=(("layers/a.yaml", b"just text\n"),),
    ),
    Hostile(
        "included-file-has-a-bomb",
        HEAD + b"include: [layers/*.yaml]\n",
        "ICT004",
        extra_files=(("layers/a.yaml", billion_laughs(9)),),
    ),
    # Limits that need no subprocess at this size
    Hostile("nesting-65-deep", HEAD + b"x-a: " + b"[" * 65 + b"]" * 65 + b"\n", "ICT005"),
    Hostile("block-nesting-100-deep", deep_block_mapping(100), "ICT005"),
]


def invoke_json(runner: CliRunner, folder: Path) -> tuple[Result, dict[str, Any]]:
    result = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result, json.loads(result.stdout)


@pytest.mark.parametrize("hostile", CORPUS, ids=[h.name for h in CORPUS])
def test_hostile_file_is_a_finding(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile: Hostile
) -> None:
    folder = hostile.write(tmp_path / "arch")
    monkeypatch.chdir(tmp_path)
    result, report = invoke_json(runner, folder)
    assert result.exit_code == 1, result.output
    codes = {finding["code"] for finding in report["findings"]}
    assert hostile.code in codes, report["findings"]
    assert all(finding["file"] for finding in report["findings"])
    assert not (tmp_path / "pwned-by-yaml").exists()
    assert not (folder / "pwned-by-yaml").exists()


@pytest.mark.parametrize("output_format", ["text", "github", "sarif"])
@pytest.mark.parametrize(
    "hostile",
    [h for h in CORPUS if h.name in {"latin-1", "empty-file", "key-over-1024-characters"}],
    ids=lambda h: h.name,
)
def test_hostile_file_in_every_format(
    runner: CliRunner, tmp_path: Path, hostile: Hostile, output_format: str
) -> None:
    folder = hostile.write(tmp_path / "arch")
    result = runner.invoke(app, ["validate", str(folder), "--format", output_format])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert hostile.code in result.stdout


def test_long_line_is_shown_as_a_window(runner: CliRunner, tmp_path: Path) -> None:
    """A 10 MB line is reported without printing 10 MB back to the terminal."""
    long_id = b"a" * (10 * 1024 * 1024)
    (tmp_path / "architecture.yaml").write_bytes(
        b"ictarch: 1\narchitecture: {name: A, id: " + long_id + b"}\n"
    )
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "ICT104" in result.stdout
    assert "longer than 200 characters" in result.stdout
    assert len(result.stdout) < 5_000


# Usage errors: a clear message and exit code 2


def test_root_file_that_is_a_directory_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "architecture.yaml").mkdir()
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "no architecture.yaml" in result.stderr


def test_root_file_that_is_a_symlink_loop_is_a_usage_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "architecture.yaml").symlink_to(tmp_path / "architecture.yaml")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("ictarch: error:")


# Odd but valid: these load clean


VALID_ODDITIES = {
    "crlf-line-endings": HEAD.replace(b"\n", b"\r\n"),
    "utf8-bom": b"\xef\xbb\xbf" + HEAD,
    "merge-keys": HEAD
    + b"x-defaults: &defaults\n  description: Chung.\n"
    + b"agencies:\n  - <<: *defaults\n    id: ubnd\n    name: UBND\n    owner: ubnd\n",
    "nfd-vietnamese": HEAD
    + unicodedata.normalize(
        "NFD", "agencies:\n  - id: ubnd\n    name: Quảng Nam\n    description: Tỉnh.\n"
    ).encode(),
    "names-full-of-quotes-and-markup": HEAD
    + b"agencies:\n  - id: ubnd\n    name: '\"]; <b>x</b> \"\"\" '' %0A ::error'\n"
    + b'    description: "a\\"b"\n',
}


@pytest.mark.parametrize("content", VALID_ODDITIES.values(), ids=list(VALID_ODDITIES))
def test_odd_but_valid_file_loads(runner: CliRunner, tmp_path: Path, content: bytes) -> None:
    (tmp_path / "architecture.yaml").write_bytes(content)
    result, report = invoke_json(runner, tmp_path)
    codes = {finding["code"] for finding in report["findings"]}
    assert codes <= {"ICT402", "ICT203"}, report["findings"]
    assert result.exit_code in (0, 1)


def test_merge_keys_build_the_element(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "architecture.yaml").write_bytes(VALID_ODDITIES["merge-keys"])
    _, report = invoke_json(runner, tmp_path)
    # The merged description counts: no ICT401 for ubnd.
    assert "ICT401" not in {finding["code"] for finding in report["findings"]}


# Bombs: in a real process, stopped by a timeout if they ever hang


BOMBS = {
    "billion-laughs": (billion_laughs(12), "ICT004"),
    "mapping-laughs": (mapping_laughs(12), "ICT004"),
    "merge-laughs": (merge_laughs(12), "ICT004"),
    "flow-nesting-5000": (HEAD + b"x-a: " + b"[" * 5000 + b"]" * 5000 + b"\n", "ICT005"),
    "flow-mapping-nesting-5000": (HEAD + b"x-a: " + b"{a: " * 5000 + b"}" * 5000 + b"\n", "ICT005"),
    "block-sequence-nesting-5000": (HEAD + b"x-a:\n  " + b"- " * 5000 + b"x\n", "ICT005"),
    "block-mapping-nesting-3000": (deep_block_mapping(3000), "ICT005"),
}


def run_validate(path: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    process = subprocess.run(
        [sys.executable, "-m", "ictarch", "validate", str(path), "--format", "json", *args],
        capture_output=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert b"Traceback" not in process.stderr, process.stderr.decode("utf-8", "replace")
    assert process.returncode == 1, process.stderr.decode("utf-8", "replace")
    report: dict[str, Any] = json.loads(process.stdout)
    return report


@pytest.mark.parametrize(("content", "code"), BOMBS.values(), ids=list(BOMBS))
def test_bomb_ends_in_a_finding(tmp_path: Path, content: bytes, code: str) -> None:
    (tmp_path / "architecture.yaml").write_bytes(content)
    report = run_validate(tmp_path)
    assert code in {finding["code"] for finding in report["findings"]}


def test_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    padding = b"x-padding: " + b"a" * (2 * 1024 * 1024) + b"\n"
    (tmp_path / "architecture.yaml").write_bytes(HEAD + padding)
    env = {**os.environ, "ICTARCH_MAX_FILE_MB": "1"}
    report = run_validate(tmp_path, env=env)
    assert [finding["code"] for finding in report["findings"]] == ["ICT006"]
    assert "over the limit of 1 MiB" in report["findings"][0]["message"]


# Random architectures: whatever the shape, validate and every reporter finish

IDS = ["a", "b", "c", "d", "ubnd", "agencies", "", "A", "*.yaml", "../x.yaml"]
LAYER_IDS = ["agencies", "services", "platforms", "infrastructure"]


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["id", "name", "any_of", "depends_on", "x-a"]), children),
    )


ANY_VALUE = st.recursive(
    st.one_of(st.sampled_from(IDS), st.integers(-2, 2), st.booleans(), st.none(), st.floats()),
    _containers,
    max_leaves=12,
)
DEPENDENCY = st.one_of(
    st.sampled_from(IDS),
    st.fixed_dictionaries({"id": st.sampled_from(IDS)}),
    st.fixed_dictionaries(
        {"any_of": st.lists(st.one_of(st.sampled_from(IDS), ANY_VALUE), min_size=0, max_size=3)}
    ),
    ANY_VALUE,
)
ELEMENT = st.fixed_dictionaries(
    {"id": st.sampled_from(IDS)},
    optional={
        "name": st.one_of(st.just('Tên "thử" <b>'), ANY_VALUE),
        "depends_on": st.one_of(st.lists(DEPENDENCY, max_size=4), ANY_VALUE),
        "owner": st.sampled_from(IDS),
        "operator": ANY_VALUE,
        "status": st.sampled_from(["planned", "building", "operational", "deprecated", "retired"]),
        "criticality": st.sampled_from(["low", "high", "critical", "extreme"]),
        "description": ANY_VALUE,
        "links": ANY_VALUE,
        "tags": ANY_VALUE,
    },
)
ARCHITECTURE = st.fixed_dictionaries(
    {"ictarch": st.just(1), "architecture": st.just({"id": "x", "name": "X", "owner": "ubnd"})},
    optional={
        **{layer: st.one_of(st.lists(ELEMENT, max_size=4), ANY_VALUE) for layer in LAYER_IDS},
        "layers": st.one_of(
            st.lists(
                st.fixed_dictionaries({"id": st.sampled_from(LAYER_IDS + IDS), "name": ANY_VALUE}),
                max_size=3,
            ),
            ANY_VALUE,
        ),
        "views": st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {"id": st.sampled_from(IDS)},
                    optional={"focus": ANY_VALUE, "layers": ANY_VALUE, "depth": ANY_VALUE},
                ),
                max_size=2,
            ),
            ANY_VALUE,
        ),
        "rules": st.one_of(
            st.dictionaries(
                st.sampled_from(["ICT301", "ICT402", "layering-violation", "ICT001", "bogus"]),
                st.one_of(st.sampled_from(["off", "error", "warning", "info"]), ANY_VALUE),
            ),
            ANY_VALUE,
        ),
        "include": ANY_VALUE,
        "render": ANY_VALUE,
    },
)


@settings(max_examples=100, deadline=None)
@given(document=ARCHITECTURE, output_format=st.sampled_from(list(REPORTERS)))
def test_random_architectures_never_crash(document: dict[str, Any], output_format: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        (root / "architecture.yaml").write_text(text, encoding="utf-8")
        result = validate_paths([root])
        out = io.StringIO()
        REPORTERS[output_format](result, ReportSettings(color=False), out)
    assert out.getvalue()
    assert all(finding.code in ALL_RULES for finding in result.findings)


def tiny_flow_elements(prefix: str, count: int) -> bytes:
    """Elements written as densely as YAML allows: a few bytes of text, many values."""
    items = ",".join(f"{{id: {prefix}{n},name: S}}" for n in range(count))
    return f"services: [{items}]\n".encode()


def test_values_over_the_budget_are_not_parsed(tmp_path: Path) -> None:
    """Two files of tiny flow-style elements once drove validate past 8 GiB (issue 10):
    the value budget (ICTARCH_MAX_VALUES, lowered here to keep the test fast) stops
    them before they are parsed, with a finding that names the limit."""
    (tmp_path / "architecture.yaml").write_bytes(HEAD + b"include: [layers/*.yaml]\n")
    (tmp_path / "layers").mkdir()
    (tmp_path / "layers" / "a.yaml").write_bytes(tiny_flow_elements("a", 3000))
    (tmp_path / "layers" / "b.yaml").write_bytes(tiny_flow_elements("b", 3000))
    env = {**os.environ, "ICTARCH_MAX_VALUES": "20000"}
    report = run_validate(tmp_path, env=env)
    limits = [finding for finding in report["findings"] if finding["code"] == "ICT006"]
    assert [finding["file"] for finding in limits] == [str(tmp_path / "layers" / "b.yaml")]
    assert limits[0]["args"]["limit"] == 20000
    assert report["summary"]["elements"] == 3000  # a.yaml fitted in the budget
    env = {**os.environ, "ICTARCH_MAX_VALUES": "5000"}
    report = run_validate(tmp_path, env=env)
    assert report["summary"]["elements"] == 0
    assert "over the limit of 5,000" in report["findings"][0]["message"]


def test_elements_over_the_budget_are_not_checked(tmp_path: Path) -> None:
    (tmp_path / "architecture.yaml").write_bytes(HEAD + tiny_flow_elements("s", 500))
    env = {**os.environ, "ICTARCH_MAX_ELEMENTS": "100"}
    report = run_validate(tmp_path, env=env)
    assert report["summary"]["elements"] == 100
    limits = [finding for finding in report["findings"] if finding["code"] == "ICT006"]
    assert len(limits) == 1
    assert limits[0]["element"] == "s100"
    assert "more than 100 elements" in limits[0]["message"]


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from ictarch.model.yamlsource import Limits

    monkeypatch.setenv("ICTARCH_MAX_VALUES", "1_000")
    monkeypatch.setenv("ICTARCH_MAX_ELEMENTS", "7")
    monkeypatch.setenv("ICTARCH_MAX_FILE_MB", "2")
    limits = Limits.from_environment()
    assert (limits.max_values, limits.max_elements, limits.max_file_bytes) == (1000, 7, 2 << 20)
    from ictarch.inputs import InputError

    monkeypatch.setenv("ICTARCH_MAX_VALUES", "lots")  # a limit silently ignored is none
    with pytest.raises(InputError, match="ICTARCH_MAX_VALUES='lots' is not a limit"):
        Limits.from_environment()


def test_a_merged_map_is_reported_once_per_place(runner: CliRunner, tmp_path: Path) -> None:
    """A << merge fanning 50 unknown keys into 30 elements gave 1,500 findings
    (a 5,000-key map into 3,000 elements: 500,000 findings, 100 MB): one per
    source location now, with a count."""
    fields = "".join(f"  extra-{k}: v\n" for k in range(50)).encode()
    elements = b"".join(
        f"  - <<: *defaults\n    id: s{n}\n    name: S\n    owner: ubnd\n".encode()
        for n in range(30)
    )
    (tmp_path / "architecture.yaml").write_bytes(
        HEAD + b"x-defaults: &defaults\n" + fields + b"services:\n" + elements
    )
    _, report = invoke_json(runner, tmp_path)
    unknown = [finding for finding in report["findings"] if finding["code"] == "ICT102"]
    assert len(unknown) == 50
    assert {finding["line"] for finding in unknown} == set(range(6, 56))
    assert all(finding["args"]["repeated"] == 30 for finding in unknown)
    assert "and 29 more times" in unknown[0]["message"]


def test_an_aliased_dependency_list_is_reported_once(runner: CliRunner, tmp_path: Path) -> None:
    elements = b"".join(
        f"  - {{id: s{n}, name: S, owner: ubnd, depends_on: *deps}}\n".encode() for n in range(20)
    )
    (tmp_path / "architecture.yaml").write_bytes(
        HEAD + b"x-deps: &deps [khong-co]\nservices:\n" + elements
    )
    _, report = invoke_json(runner, tmp_path)
    unknown = [finding for finding in report["findings"] if finding["code"] == "ICT202"]
    assert len(unknown) == 1
    assert unknown[0]["args"]["repeated"] == 20
    assert unknown[0]["args"]["target"] == "khong-co"


def test_two_findings_of_one_element_at_one_place_are_both_kept(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "architecture.yaml").write_bytes(HEAD + b"services:\n  - {kind: x}\n")
    _, report = invoke_json(runner, tmp_path)
    missing = [finding for finding in report["findings"] if finding["code"] == "ICT101"]
    assert len(missing) == 2  # 'id' and 'name', both at the mapping
