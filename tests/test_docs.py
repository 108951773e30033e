"""Generated documentation stays in step with the code."""

from __future__ import annotations

from typer.testing import CliRunner

from ictarch.cli import app
from ictarch.rules import ALL_RULES
from tests.conftest import REPO


def test_rules_page_is_generated_from_the_rules(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "--format", "markdown"])
    assert result.exit_code == 0
    on_disk = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert on_disk == result.stdout, "run: ictarch rules --format markdown > docs/rules.md"
    for code in ALL_RULES:
        assert f"| {code} |" in on_disk


def test_rule_codes_are_unique_and_well_formed() -> None:
    names = [rule.name for rule in ALL_RULES.values()]
    assert len(names) == len(set(names))
    for code, rule in ALL_RULES.items():
        assert code == rule.code
        assert len(code) == 6
        assert code.startswith("ICT")
        assert code[3:].isdigit()
        assert rule.summary
        assert rule.example
        assert rule.fix


def test_rules_text_lists_every_code(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(ALL_RULES)


def test_the_vietnamese_rules_page_is_generated_from_the_rules(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "vi", "rules", "--format", "markdown"])
    assert result.exit_code == 0
    on_disk = (REPO / "docs" / "rules.vi.md").read_text(encoding="utf-8")
    assert on_disk == result.stdout, (
        "run: ictarch --lang vi rules --format markdown > docs/rules.vi.md"
    )
    for code in ALL_RULES:
        assert f"| {code} |" in on_disk


def test_the_documented_args_keys_are_those_the_findings_carry(runner: CliRunner) -> None:
    """Every key a test case's finding carries is documented for its code, and each
    documented code exists (the cases cover every code)."""
    import json

    from ictarch.rules.documentation import ARGS

    assert set(ARGS) == set(ALL_RULES)
    seen: dict[str, set[str]] = {}
    for case in sorted((REPO / "tests" / "cases").iterdir()):
        if not case.is_dir():
            continue
        result = runner.invoke(app, ["validate", str(case), "--format", "json"])
        for finding in json.loads(result.stdout)["findings"]:
            assert finding["args"], (case.name, finding["code"])  # every finding carries data
            seen.setdefault(finding["code"], set()).update(finding["args"])
    for code, keys in seen.items():
        assert keys <= set(ARGS[code]), (code, keys - set(ARGS[code]))


def _update_docs_module():  # type: ignore[no-untyped-def]
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(
        "update_docs", REPO / "scripts" / "update_docs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_quoted_output_is_what_the_command_prints_today() -> None:
    """README.md and docs/*.md quote command outputs between markers; each must be what
    the command prints now (scripts/update_docs.py writes them)."""
    update_docs = _update_docs_module()
    blocks = update_docs.blocks()
    quoted = {(block.path.name, block.command) for block in blocks}
    # the outputs the docs discuss are among the generated ones
    assert ("README.md", "ictarch conformance architectures/quang-nam") in quoted
    assert (
        "conformance.md",
        "ictarch conformance architectures/quang-nam --framework vn-egov@2.0 --compare vn-egov@4.0",
    ) in quoted
    assert (
        "diff.md",
        "ictarch diff architectures/quang-nam-2021 architectures/quang-nam",
    ) in quoted
    stale = [f"{b.path.name}: {b.command}" for b in blocks if b.on_disk != b.expected]
    assert stale == [], "run: .venv/bin/python scripts/update_docs.py"


def test_the_docs_promise_no_package_index_install() -> None:
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert "pip install ictarch" not in text, path.name


def test_the_readme_counts_the_bundled_elements() -> None:
    """The element counts the README gives in prose are those of the bundled data."""
    import re

    from ictarch.validation import validate_paths
    from tests.conftest import QUANG_NAM, QUANG_NAM_2021

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for path in (QUANG_NAM, QUANG_NAM_2021):
        (architecture,) = validate_paths([path]).architectures
        link = f"[`architectures/{path.name}`](architectures/{path.name}/)"
        found = re.search(re.escape(link) + r" \((\d+) elements\)", readme)
        assert found is not None, link
        assert int(found.group(1)) == len(architecture.elements), path.name
