"""ictarch import: real Archi models, ids, mapping, hostile files, the output directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ictarch.cli import app
from tests.interop.helpers import ARCHIMATE_NS, XSI_TYPE, interop, needs_interop

REAL_MODELS = pytest.mark.parametrize(
    "name",
    ["archi-archisurance.xml", "archi-Sample1.xml", "ogxe-archisurance-3.0.xml"],
)


def import_file(runner: CliRunner, source: Path, output: Path, *extra: str) -> str:
    result = runner.invoke(app, ["import", "archimate", str(source), "-o", str(output), *extra])
    assert result.exit_code == 0, result.output
    return result.stderr


def validate_json(runner: CliRunner, path: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def counts_in_file(path: Path) -> dict[str, int]:
    """Elements, junctions and relationships of an exchange file, read with lxml here."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    ns = {"a": ARCHIMATE_NS}
    elements = root.findall("a:elements/a:element", ns)
    relationships = root.findall("a:relationships/a:relationship", ns)
    junctions = {e.get("identifier") for e in elements if e.get(XSI_TYPE).endswith("Junction")}
    serving_pairs = {
        (r.get("source"), r.get("target"))
        for r in relationships
        if r.get(XSI_TYPE) == "Serving"
        and r.get("source") not in junctions
        and r.get("target") not in junctions
        and r.get("source") != r.get("target")
    }
    return {
        "elements": len(elements) - len(junctions),
        "junctions": len(junctions),
        "relationships": len(relationships),
        "serving": len(serving_pairs),
        "diagrams": len(root.findall("a:views/a:diagrams/a:view", ns)),
    }


@needs_interop
@REAL_MODELS
def test_real_archi_models_import_into_valid_architectures(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    source = interop("archimate", "exchange", "valid", name)
    report = import_file(runner, source, tmp_path / "out")
    code, result = validate_json(runner, tmp_path / "out")
    assert code in (0, 1)
    loading_or_schema = [f for f in result["findings"] if f["code"][3] in "01"]
    assert loading_or_schema == []
    expected = counts_in_file(source)
    from ictarch.model.loader import load_architecture

    architecture = load_architecture(tmp_path / "out").architecture
    assert architecture is not None
    assert len(architecture.elements) == expected["elements"]
    assert architecture.relation_count() == expected["serving"]
    kept = sum(
        len(element.extensions.get("x-archimate", {}).get("relations", []))
        for element in architecture.elements.values()
    )
    root = yaml.safe_load((tmp_path / "out" / "architecture.yaml").read_text("utf-8"))
    kept += len(root.get("x-archimate", {}).get("relations", []))
    # every relationship is a dependency or kept as extension data (no junctions here)
    assert expected["junctions"] == 0
    assert expected["serving"] + kept == expected["relationships"]
    assert (
        f"{expected['elements']} of {expected['elements']} elements and "
        f"{expected['relationships']} of {expected['relationships']} relationships"
    ) in report


@needs_interop
def test_archisurance_keeps_what_ictarch_cannot_express(runner: CliRunner, tmp_path: Path) -> None:
    source = interop("archimate", "exchange", "valid", "archi-archisurance.xml")
    report = import_file(runner, source, tmp_path / "a")
    assert "not mapped (kept under x-archimate: relations):" in report
    assert "Realization" in report
    assert "Flow" in report
    services = yaml.safe_load((tmp_path / "a" / "layers" / "agencies.yaml").read_text("utf-8"))
    customer = next(e for e in services["agencies"] if e["id"] == "customer")
    assert customer["x-archimate"]["type"] == "BusinessRole"
    assert customer["x-archimate"]["properties"]  # Archisurance gives it a property
    assert any(r["type"] == "Flow" for r in customer["x-archimate"]["relations"])


@needs_interop
def test_import_is_stable_across_runs(runner: CliRunner, tmp_path: Path) -> None:
    source = interop("archimate", "exchange", "valid", "archi-archisurance.xml")
    import_file(runner, source, tmp_path / "one")
    import_file(runner, source, tmp_path / "two")
    for path in sorted((tmp_path / "one").rglob("*.yaml")):
        twin = tmp_path / "two" / path.relative_to(tmp_path / "one")
        assert path.read_bytes() == twin.read_bytes()


MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
  <name xml:lang="vi">Mô hình</name>
  <elements>
    <element identifier="a1" xsi:type="BusinessActor">
      <name>Sở Thông tin và Truyền thông</name></element>
    <element identifier="a2" xsi:type="BusinessActor">
      <name>Sở Thông tin và Truyền thông</name></element>
    <element identifier="s1" xsi:type="ApplicationComponent">
      <name>Cổng dịch vụ công Đà Nẵng</name></element>
    <element identifier="n1" xsi:type="Node"><name>Trung tâm dữ liệu</name></element>
    <element identifier="n2" xsi:type="Node"><name>Trung tâm dự phòng</name></element>
    <element identifier="r1" xsi:type="BusinessRole"><name></name></element>
    <element identifier="j1" xsi:type="OrJunction"/>
    <element identifier="j2" xsi:type="AndJunction"/>
    <element identifier="j3" xsi:type="OrJunction"/>
  </elements>
  <relationships>
    <relationship identifier="x1" source="s1" target="a1" xsi:type="Serving"/>
    <relationship identifier="x2" source="n1" target="j1" xsi:type="Serving"/>
    <relationship identifier="x3" source="n2" target="j1" xsi:type="Serving"/>
    <relationship identifier="x4" source="j1" target="s1" xsi:type="Serving">
      <documentation>dự phòng</documentation></relationship>
    <relationship identifier="x5" source="n1" target="j2" xsi:type="Serving"/>
    <relationship identifier="x6" source="n2" target="j2" xsi:type="Serving"/>
    <relationship identifier="x7" source="j2" target="a2" xsi:type="Serving"/>
    <relationship identifier="x8" source="a1" target="j3" xsi:type="Flow"/>
    <relationship identifier="x9" source="j3" target="a2" xsi:type="Flow"/>
    <relationship identifier="x10" source="a1" target="s1" xsi:type="Assignment"/>
    <relationship identifier="x11" source="x10" target="s1" xsi:type="Association"/>
  </relationships>
</model>
"""


def test_ids_junctions_and_kept_relations_of_a_hand_written_model(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "m.xml"
    source.write_text(MINIMAL, encoding="utf-8")
    report = import_file(runner, source, tmp_path / "out")
    agencies = yaml.safe_load((tmp_path / "out" / "layers" / "agencies.yaml").read_text("utf-8"))
    services = yaml.safe_load((tmp_path / "out" / "layers" / "services.yaml").read_text("utf-8"))
    ids = [e["id"] for e in agencies["agencies"]]
    # diacritics folded, đ -> d; a repeated name gets -2; an empty name its identifier
    assert ids == ["so-thong-tin-va-truyen-thong", "so-thong-tin-va-truyen-thong-2", "r1"]
    portal = services["services"][0]
    assert portal["id"] == "cong-dich-vu-cong-da-nang"
    assert portal["name"] == "Cổng dịch vụ công Đà Nẵng"
    assert portal["depends_on"] == [
        {"any_of": ["trung-tam-du-lieu", "trung-tam-du-phong"], "description": "dự phòng"}
    ]
    first, second = agencies["agencies"][:2]
    assert first["depends_on"] == ["cong-dich-vu-cong-da-nang"]
    assert second["depends_on"] == ["trung-tam-du-lieu", "trung-tam-du-phong"]  # And junction
    assert first["x-archimate"]["relations"] == [
        {"type": "Flow", "target": "j3", "identifier": "x8"},  # to a junction kept below
        {"type": "Assignment", "target": "cong-dich-vu-cong-da-nang", "identifier": "x10"},
    ]
    root = yaml.safe_load((tmp_path / "out" / "architecture.yaml").read_text("utf-8"))
    kept = root["x-archimate"]["relations"]
    assert {"junction": "j3", "type": "OrJunction"} in kept
    assert {r.get("identifier") for r in kept} >= {"x9", "x11"}  # from a junction, a relation
    assert "imported 6 of 6 elements and 11 of 11 relationships" in report
    code, _ = validate_json(runner, tmp_path / "out")
    assert code in (0, 1)


def test_duplicate_identifiers_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "m.xml"
    source.write_text(MINIMAL.replace('identifier="x1"', 'identifier="a1"'), encoding="utf-8")
    result = runner.invoke(app, ["import", "archimate", str(source), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "identifier 'a1' names two concepts" in result.stderr


def test_a_mapping_file_overrides_the_type_table(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "m.xml"
    source.write_text(MINIMAL, encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("types:\n  Node: {layer: platforms, kind: hosting}\n", encoding="utf-8")
    import_file(runner, source, tmp_path / "out", "--mapping", str(mapping))
    platforms = yaml.safe_load((tmp_path / "out" / "layers" / "platforms.yaml").read_text("utf-8"))
    assert {e["kind"] for e in platforms["platforms"]} == {"hosting"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("types:\n  Nodes: {layer: platforms, kind: x}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["import", "archimate", str(source), "-o", str(tmp_path / "o2"), "--mapping", str(bad)]
    )
    assert result.exit_code == 2
    assert "'Nodes' is not an ArchiMate element type" in result.stderr


def test_refuses_a_non_empty_directory_unless_forced(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "m.xml"
    source.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["import", "archimate", str(source), "-o", str(out)])
    assert result.exit_code == 2
    assert "is not empty" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    result = runner.invoke(app, ["import", "archimate", str(source), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["architecture.yaml", "layers"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]  # no leftovers


XXE = """<?xml version="1.0"?>
<!DOCTYPE model [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m">
  <name>&secret;</name>
</model>
"""
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m">'
    "<name>&lol9;</name></model>\n"
)
NETWORK = """<?xml version="1.0"?>
<!DOCTYPE model SYSTEM "http://127.0.0.1:9/evil.dtd">
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m"/>
"""
WRONG_NAMESPACE = """<?xml version="1.0"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/2.1/" identifier="m"/>
"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (XXE, "declares a document type"),
        (BOMB, "declares a document type"),
        (NETWORK, "declares a document type"),
        (WRONG_NAMESPACE, "is not an ArchiMate model"),
        ("this is not XML at all", "is not well-formed XML"),
        ("<model", "is not well-formed XML"),
        (b"\xff\xfe\x00<", "is not well-formed XML"),
        (
            XXE.replace('version="1.0"?>', 'version="1.0" encoding="UTF-16"?>').encode("utf-16"),
            "declares a document type",
        ),
    ],
    ids=[
        "xxe",
        "entity-bomb",
        "external-dtd",
        "wrong-namespace",
        "text",
        "truncated",
        "binary",
        "xxe-utf16",
    ],
)
def test_hostile_or_malformed_files_end_in_a_clear_error(
    runner: CliRunner, tmp_path: Path, content: str | bytes, message: str
) -> None:
    source = tmp_path / "hostile.xml"
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["import", "archimate", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "root:" not in result.output  # nothing of /etc/passwd
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_file_over_the_size_limit_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "big.xml"
    source.write_text(MINIMAL + "<!--" + "x" * 20000 + "-->", encoding="utf-8")
    monkeypatch.setenv("ICTARCH_MAX_FILE_MB", "0.01")
    result = runner.invoke(app, ["import", "archimate", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "over the limit" in result.stderr


def test_missing_source_and_unknown_format(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["import", "archimate", str(tmp_path / "none.xml"), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
    result = runner.invoke(app, ["import", "visio", str(tmp_path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "choose from archimate, csv" in result.stderr


def test_import_through_a_real_process(tmp_path: Path) -> None:
    source = tmp_path / "m.xml"
    source.write_text(MINIMAL, encoding="utf-8")
    command = [sys.executable, "-m", "ictarch", "import", "archimate", str(source)]
    done = subprocess.run(
        [*command, "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "architecture.yaml").is_file()


@needs_interop
def test_archi_model_goes_back_to_archi_with_every_relationship(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Archisurance -> ictarch -> ArchiMate: element types and all 179 relationships
    come back (kept ones drawn again), and importing that file changes nothing."""
    from lxml import etree

    from tests.interop.helpers import archimate_schema, xsd_errors

    source = interop("archimate", "exchange", "valid", "archi-archisurance.xml")
    import_file(runner, source, tmp_path / "first")
    exported = tmp_path / "again.xml"
    result = runner.invoke(
        app, ["export", str(tmp_path / "first"), "-f", "archimate", "-o", str(exported)]
    )
    assert result.exit_code == 0, result.output
    assert xsd_errors(archimate_schema(), exported.read_bytes()) == []
    ns = {"a": ARCHIMATE_NS}

    def types(path: Path, what: str) -> list[str]:
        root = etree.parse(str(path)).getroot()
        return sorted(e.get(XSI_TYPE) for e in root.findall(f"a:{what}s/a:{what}", ns))

    assert types(exported, "element") == types(source, "element")
    assert types(exported, "relationship") == types(source, "relationship")
    report = import_file(runner, exported, tmp_path / "second")
    assert "147 kept as x-archimate data" in report
    result = runner.invoke(
        app, ["diff", str(tmp_path / "first"), str(tmp_path / "second"), "--format", "json"]
    )
    assert set(json.loads(result.stdout)["summary"].values()) == {0}
