"""Archi's native models, lossless round trips and stable identifiers.

The originals are the real files of ../shared/interop/archimate; the comparison is made
by tests/interop/archimate_concepts.py, which reads exchange files with lxml alone.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ictarch.cli import app
from tests.interop.archimate_concepts import (
    differences,
    read_concepts,
    styles_as_stated,
    without_id_prefix,
    without_languages,
)
from tests.interop.helpers import archimate_schema, interop, needs_interop, xsd_errors

NATIVE = ("archi-archisurance.archimate", "archi-testmodel1.archimate")
NATIVE += ("archi-testsupport-Archisurance.archimate",)
XS_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def run(runner: CliRunner, *arguments: str) -> str:
    result = runner.invoke(app, list(arguments))
    assert result.exit_code == 0, result.output
    return result.stderr


def import_then_export(runner: CliRunner, source: Path, work: Path) -> tuple[Path, str]:
    report = run(runner, "import", "archimate", str(source), "-o", str(work / "imported"))
    exported = work / "exported.xml"
    run(runner, "export", str(work / "imported"), "-f", "archimate", "-o", str(exported))
    assert xsd_errors(archimate_schema(), exported.read_bytes()) == []
    return exported, report


def native_counts(path: Path) -> tuple[int, int, int]:
    """Elements (junctions included), relationships and ArchiMate views of a native
    file, counted here from its XML."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}type"
    types = [str(node.get(xsi)).split(":")[-1] for node in root.iter("element")]
    relationships = sum(t.endswith("Relationship") for t in types)
    views = sum(t == "ArchimateDiagramModel" for t in types)
    others = ("SketchModel", "CanvasModel", "ArchimateDiagramModel")
    elements = sum(not t.endswith("Relationship") and t not in others for t in types)
    return elements, relationships, views


@needs_interop
@pytest.mark.parametrize("name", NATIVE)
def test_native_models_import_with_every_concept_and_export_valid(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    source = interop("archimate", "native", name)
    exported, report = import_then_export(runner, source, tmp_path)
    elements, relationships, views = native_counts(source)
    junctions = len(re.findall(r'"archimate:Junction"', source.read_text("utf-8")))
    imported = elements - junctions
    assert f"imported {imported} of {imported} elements" in report
    assert f"{relationships} of {relationships} relationships" in report
    concepts = read_concepts(exported)
    from tests.interop.test_relationship_table import forbidden

    assert forbidden(exported) == []  # every relationship one Archi's table allows
    # every concept and ArchiMate view of the model comes back
    assert len(concepts["elements"]) == elements
    assert len(concepts["relationships"]) == relationships
    assert len(concepts["views"]) == views
    validated = runner.invoke(app, ["validate", str(tmp_path / "imported"), "--format", "json"])
    assert validated.exit_code in (0, 1)
    assert '"code": "ICT0' not in validated.stdout
    assert '"code": "ICT1' not in validated.stdout


@needs_interop
@pytest.mark.parametrize("name", ["ogxe-archisurance-3.0.xml", "archi-bendpoint.test.xml"])
def test_other_exchange_files_round_trip_without_a_difference(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    """The Open Group's own Archisurance test file and Archi's bend point test."""
    source = interop("archimate", "exchange", "valid", name)
    exported, _report = import_then_export(runner, source, tmp_path)
    assert differences(read_concepts(source), read_concepts(exported)) == []


@needs_interop
def test_archisurance_exchange_round_trip_differs_in_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Identifiers, types, names and their languages, documentation, properties,
    access types, directions, influence modifiers, and every view's nodes, nesting,
    bounds, bend points, styles and notes: all as in the original."""
    source = interop("archimate", "exchange", "valid", "archi-archisurance.xml")
    exported, _report = import_then_export(runner, source, tmp_path)
    original, again = read_concepts(source), read_concepts(exported)
    assert differences(original, again) == []
    # the comparison sees what it must: a changed access type, a moved node
    access = next(r for r in original["relationships"].values() if r["type"] == "Access")
    assert access["accessType"] in ("Read", "Write", "ReadWrite", "Access")
    assert sum(len(v["nodes"]) for v in original["views"].values()) == 256
    changed = read_concepts(exported)
    next(iter(changed["views"].values()))["nodes"].popitem()
    assert differences(original, changed) != []


@needs_interop
def test_archisurance_native_round_trip_matches_archis_own_export(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The native Archisurance, imported and exported by ictarch, against the exchange
    file Archi wrote for the same model: the same concepts, identifiers and attributes,
    the same geometry, nesting and bend points; every style ictarch writes is Archi's
    (Archi also writes out the default colours, which the native file leaves implicit);
    texts without languages, as in the native file. One connection differs: Archi's
    exporter leaves out a connection drawn between a node and the node nested in it,
    which ictarch keeps."""
    native = interop("archimate", "native", "archi-archisurance.archimate")
    archis_export = interop("archimate", "exchange", "valid", "archi-archisurance.xml")
    exported, _report = import_then_export(runner, native, tmp_path)
    ours = without_id_prefix(without_languages(read_concepts(exported)))
    archi = without_id_prefix(without_languages(read_concepts(archis_export)))
    assert differences(styles_as_stated(archi, ours), ours) == [
        "/views/9e9cb71c-3504-4de0-beee-0a0f3c27fdaf/connections/"
        "a41917a3-f63b-45b4-8e75-8d559a9b7478: added"
    ]
    raw = exported.read_text("utf-8")
    assert "<name xml:lang" not in raw
    assert "<documentation xml:lang" not in raw
    assert sum(bool(v["style"]) for view in ours["views"].values() for v in view["nodes"].values())


@needs_interop
def test_a_second_round_changes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    """import -> export -> import -> export: the same bytes; once more: the same
    architecture (the first import keeps Archi's native ids, "1800"; from the exchange
    file on, they are the xs:IDs written there, "id-1800")."""
    source = interop("archimate", "native", "archi-testsupport-Archisurance.archimate")
    first, _ = import_then_export(runner, source, tmp_path / "one")
    second, _ = import_then_export(runner, first, tmp_path / "two")
    third, _ = import_then_export(runner, second, tmp_path / "three")
    assert first.read_bytes() == second.read_bytes() == third.read_bytes()
    result = runner.invoke(
        app, ["diff", str(tmp_path / "two" / "imported"), str(tmp_path / "three" / "imported")]
    )
    assert result.exit_code == 0
    assert "No changes" in result.stdout


@needs_interop
def test_a_zipped_archi_model_reads_like_the_plain_one(runner: CliRunner, tmp_path: Path) -> None:
    plain = interop("archimate", "native", "archi-testmodel1.archimate")
    archive = tmp_path / "with-images.archimate"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("model.xml", plain.read_bytes())
        bundle.writestr("images/82b0d8c1.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    run(runner, "import", "archimate", str(plain), "-o", str(tmp_path / "plain"))
    report = run(runner, "import", "archimate", str(archive), "-o", str(tmp_path / "zipped"))
    assert "1 image of the archive is not imported" in report
    for name in ("architecture.yaml", "layers/agencies.yaml"):
        text = (tmp_path / "plain" / name).read_text("utf-8").split("\n", 1)[1]
        assert (tmp_path / "zipped" / name).read_text("utf-8").split("\n", 1)[1] == text


def test_an_archive_without_a_model_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    archive = tmp_path / "empty.archimate"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("images/a.png", b"x")
    result = runner.invoke(app, ["import", "archimate", str(archive), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "without model.xml" in result.stderr
    (tmp_path / "broken.archimate").write_bytes(b"PK\x03\x04 not really a zip")
    result = runner.invoke(
        app, ["import", "archimate", str(tmp_path / "broken.archimate"), "-o", str(tmp_path / "p")]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output


HAND_MADE = """<?xml version="1.0" encoding="UTF-8"?>
<archimate:model xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:archimate="http://www.archimatetool.com/archimate" name="Mô hình thử" id="m1"
    version="5.0.0">
  <folder name="Business" id="f1" type="business">
    <folder name="Sở ngành" id="f2">
      <folder name="Cấp tỉnh" id="f3">
        <element xsi:type="archimate:BusinessActor" name="Sở A" id="a1">
          <documentation>Ghi chú</documentation>
          <property key="Mã" value="001"/>
        </element>
      </folder>
    </folder>
  </folder>
  <folder name="Application" id="f4" type="application">
    <element xsi:type="archimate:ApplicationComponent" name="Cổng" id="c1"/>
    <element xsi:type="archimate:ApplicationComponent" name="CSDL" id="c2"/>
    <element xsi:type="archimate:DataObject" name="Hồ sơ" id="d1"/>
  </folder>
  <folder name="Other" id="f5" type="other">
    <element xsi:type="archimate:Junction" id="j1" type="or"/>
    <element xsi:type="archimate:Junction" id="j2"/>
  </folder>
  <folder name="Relations" id="f6" type="relations">
    <element xsi:type="archimate:ServingRelationship" name="gọi" id="r1" source="c2" target="c1"/>
    <element xsi:type="archimate:AccessRelationship" id="r2" source="c1" target="d1"
        accessType="1"/>
    <element xsi:type="archimate:AccessRelationship" id="r3" source="c2" target="d1"/>
    <element xsi:type="archimate:TriggeringRelationship" id="r4" source="a1" target="j2"/>
    <element xsi:type="archimate:TriggeringRelationship" id="r5" source="j2" target="c1"/>
    <element xsi:type="archimate:AssociationRelationship" id="r6" source="a1" target="c1"
        directed="true"/>
    <element xsi:type="archimate:ServingRelationship" id="r7" source="c2" target="j1"/>
    <element xsi:type="archimate:ServingRelationship" id="r8" source="j1" target="a1"/>
  </folder>
  <folder name="Views" id="f7" type="diagrams">
    <element xsi:type="archimate:ArchimateDiagramModel" name="Trống" id="v1"/>
    <element xsi:type="archimate:ArchimateDiagramModel" name="Chính" id="v2">
      <child xsi:type="archimate:Group" id="g1" name="Nhóm" fillColor="#c0c0c0">
        <bounds x="10" y="10" width="400" height="200"/>
        <child xsi:type="archimate:DiagramObject" id="n1" archimateElement="c1"
            font="1|Arial|12.0|1|WINDOWS|1" fontColor="#ff0000">
          <bounds x="20" y="30" width="120" height="55"/>
          <sourceConnection xsi:type="archimate:Connection" id="x1" source="n1" target="n2"
              archimateRelationship="r2" lineColor="#0000ff">
            <bendpoint startX="50" endX="-50" endY="-20"/>
          </sourceConnection>
        </child>
      </child>
      <child xsi:type="archimate:DiagramObject" id="n2" archimateElement="d1">
        <bounds x="300" y="300"/>
      </child>
      <child xsi:type="archimate:Note" id="n3">
        <bounds x="500" y="20" width="185" height="80"/>
        <content>Một ghi chú</content>
      </child>
    </element>
  </folder>
</archimate:model>
"""


def test_a_hand_made_native_model_keeps_junctions_folders_views_and_attributes(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "model.archimate"
    source.write_text(HAND_MADE, encoding="utf-8")
    report = run(runner, "import", "archimate", str(source), "-o", str(tmp_path / "imported"))
    assert "imported 4 of 4 elements and 8 of 8 relationships" in report
    assert "junction j1 (OrJunction) became any_of groups" in report
    root = yaml.safe_load((tmp_path / "imported" / "architecture.yaml").read_text("utf-8"))
    kept = root["x-archimate"]
    assert kept["identifier"] == "m1"
    assert {"junction": "j2", "type": "AndJunction"} in kept["relations"]
    assert [v["name"] for v in kept["views"]] == ["Trống"]  # the empty view is kept
    folders = kept["organizations"]
    assert folders[0]["label"] == [[None, "Business"]]
    assert folders[0]["items"][0]["items"][0]["items"] == [{"ref": "a1"}]
    [view] = root["views"]
    drawing = view["x-archimate"]["drawing"]
    group = drawing["nodes"][0]
    assert group["type"] == "Container"
    assert group["style"] == {"fillColor": {"r": 192, "g": 192, "b": 192}}
    node = group["nodes"][0]
    assert (node["x"], node["y"], node["w"], node["h"]) == (30, 40, 120, 55)  # absolute
    assert node["style"]["font"] == {
        "name": "Arial",
        "size": 12,
        "style": "bold",
        "color": {"r": 255, "g": 0, "b": 0},
    }
    assert drawing["nodes"][1]["w"] == 120  # Archi's default size
    # a bend point saved relative to both ends, made absolute as Archi computes it
    [connection] = drawing["connections"]
    # source centre (90, 67), target centre (360, 327), weight 1/2:
    # x = (90 + 50) / 2 + (360 - 50) / 2, y = (67 + 0) / 2 + (327 - 20) / 2
    assert connection["bendpoints"] == [[225, 187]]
    services = yaml.safe_load(
        (tmp_path / "imported" / "layers" / "services.yaml").read_text("utf-8")
    )["services"]
    portal = next(e for e in services if e["id"] == "cong")
    assert portal["depends_on"] == ["csdl"]
    assert portal["x-archimate"]["dependencies"] == [
        {"target": "csdl", "identifier": "r1", "name": "gọi"}
    ]
    access = portal["x-archimate"]["relations"][0]
    assert access["attributes"] == {"accessType": "Read"}
    database = next(e for e in services if e["id"] == "csdl")
    assert database["x-archimate"]["relations"][0]["attributes"] == {"accessType": "Write"}

    exported = tmp_path / "out.xml"
    run(runner, "export", str(tmp_path / "imported"), "-f", "archimate", "-o", str(exported))
    assert xsd_errors(archimate_schema(), exported.read_bytes()) == []
    concepts = read_concepts(exported)
    relationships = concepts["relationships"]
    assert relationships["r1"]["names"] == ((None, "gọi"),)
    assert relationships["r2"]["accessType"] == "Read"
    assert relationships["r3"]["accessType"] == "Write"
    assert relationships["r6"]["isDirected"] == "true"
    assert (relationships["r4"]["target"], relationships["r5"]["source"]) == ("j2", "j2")
    assert concepts["elements"]["j2"]["type"] == "AndJunction"
    assert concepts["elements"]["a1"]["properties"] == (("Mã", ((None, "001"),)),)
    views = concepts["views"]
    assert set(views) == {"v1", "v2"}
    assert views["v1"]["nodes"] == {}
    assert views["v2"]["nodes"]["n3"]["label"] == ((None, "Một ghi chú"),)
    assert views["v2"]["nodes"]["n1"]["parent"] == "g1"
    text = exported.read_text("utf-8")
    assert "<organizations>" in text
    assert 'identifierRef="a1"' in text


def test_an_empty_native_model_imports(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "empty.archimate"
    source.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<archimate:model '
        'xmlns:archimate="http://www.archimatetool.com/archimate" name="Rỗng" id="e1" '
        'version="5.0.0"/>\n',
        encoding="utf-8",
    )
    report = run(runner, "import", "archimate", str(source), "-o", str(tmp_path / "out"))
    assert "imported 0 of 0 elements and 0 of 0 relationships" in report
    root = yaml.safe_load((tmp_path / "out" / "architecture.yaml").read_text("utf-8"))
    assert root["architecture"]["name"] == "Rỗng"


def test_identifiers_are_kept_or_derived_and_stable(runner: CliRunner, tmp_path: Path) -> None:
    """Imported identifiers are written back; an element and a dependency added in
    ictarch get identifiers made from the ids, valid xs:IDs, the same on every run."""
    source = tmp_path / "model.archimate"
    source.write_text(HAND_MADE, encoding="utf-8")
    run(runner, "import", "archimate", str(source), "-o", str(tmp_path / "imported"))
    services = tmp_path / "imported" / "layers" / "services.yaml"
    text = services.read_text("utf-8")
    services.write_text(
        text + "- id: moi\n  name: Mới\n  kind: application\n  depends_on: [csdl, cong]\n",
        encoding="utf-8",
    )
    outputs = []
    for number in (1, 2):
        exported = tmp_path / f"out{number}.xml"
        run(runner, "export", str(tmp_path / "imported"), "-f", "archimate", "-o", str(exported))
        outputs.append(exported.read_bytes())
        concepts = read_concepts(exported)
    assert outputs[0] == outputs[1]
    assert {"a1", "c1", "c2", "d1", "j2", "e_moi"} <= set(concepts["elements"])
    assert {"r1", "r2", "r3", "r4", "r5", "r6", "d_moi_csdl", "d_moi_cong"} <= set(
        concepts["relationships"]
    )
    assert all(XS_ID.fullmatch(i) for i in [*concepts["elements"], *concepts["relationships"]])


def test_csv_keeps_specializations_identifiers_and_attributes(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Archi CSV in, Archi CSV out: the Specialization column, the identifiers (so that
    Archi's CSV import updates the open model), access types, directions, strengths."""
    source = tmp_path / "in"
    source.mkdir()
    (source / "elements.csv").write_text(
        '"ID","Type","Name","Documentation","Specialization"\r\n'
        '"m1","ArchimateModel","Mô hình","",""\r\n'
        '"1a","BusinessActor","Sở A","","Cơ quan nhà nước"\r\n'
        '"2b","ApplicationComponent","Cổng","","Cổng thông tin"\r\n'
        '"3c","DataObject","Hồ sơ","",""\r\n'
        '"4d","Goal","Mục tiêu","",""\r\n',
        encoding="utf-8",
    )
    (source / "relations.csv").write_text(
        '"ID","Type","Name","Documentation","Source","Target","Specialization"\r\n'
        '"r1","ServingRelationship","","","2b","1a","Phục vụ trực tuyến"\r\n'
        '"r2","AccessRelationship","","","2b","3c",""\r\n'
        '"r3","AssociationRelationship","","","1a","2b",""\r\n'
        '"r4","InfluenceRelationship","","","2b","4d",""\r\n',
        encoding="utf-8",
    )
    (source / "properties.csv").write_text(
        '"ID","Key","Value"\r\n"r2","Access_Type","Read"\r\n"r3","Directed","true"\r\n'
        '"r4","Influence_Strength","++"\r\n',
        encoding="utf-8",
    )
    run(runner, "import", "csv", str(source), "-o", str(tmp_path / "imported"))
    agencies = yaml.safe_load((tmp_path / "imported" / "layers" / "agencies.yaml").read_text())
    assert agencies["agencies"][0]["x-archimate"]["specialization"] == "Cơ quan nhà nước"
    run(runner, "export", str(tmp_path / "imported"), "-f", "csv", "-o", str(tmp_path / "out"))
    elements = (tmp_path / "out" / "elements.csv").read_text("utf-8")
    relations = (tmp_path / "out" / "relations.csv").read_text("utf-8")
    properties = (tmp_path / "out" / "properties.csv").read_text("utf-8")
    assert '"1a","BusinessActor","Sở A","","Cơ quan nhà nước"' in elements
    assert '"2b","ApplicationComponent","Cổng","","Cổng thông tin"' in elements
    assert '"r1","ServingRelationship","","","2b","1a","Phục vụ trực tuyến"' in relations
    assert '"m1","ArchimateModel"' in elements
    for row in (
        '"r2","Access_Type","Read"',
        '"r3","Directed","true"',
        '"r4","Influence_Strength","++"',
    ):
        assert row in properties


def test_a_zipped_model_over_the_size_limit_is_refused_before_it_is_unpacked(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "bomb.archimate"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("model.xml", "<a>" + " " * (3 * 1024 * 1024) + "</a>")
    assert archive.stat().st_size < 64 * 1024
    monkeypatch.setenv("ICTARCH_MAX_FILE_MB", "1")
    result = runner.invoke(app, ["import", "archimate", str(archive), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "over the size limit" in result.stderr


HAND_EDITED = """ictarch: 1
architecture: {id: h, name: H}
x-archimate:
  relations: 5
  organizations: [{label: 3, items: x}, {ref: 7}]
  views: [{identifier: "1 2", drawing: {nodes: [{identifier: "bad id", "bad key": 1}]}}]
  languages: {name: "\\x01"}
views:
  - id: v
    elements: [a]
    x-archimate:
      identifier: v1
      drawing:
        viewpoint: {a: 1}
        nodes:
          - identifier: n1
            type: Element
            elementRef: a1
            x: "\\x02"
            label: [[null, 5], 3]
            style: {fillColor: {r: [1]}, "x y": 1}
        connections: "no"
agencies:
  - id: a
    name: A
    x-archimate:
      identifier: a1
      type: 5
      names: [[1, 2], "x"]
      languages: []
      dependencies: {a: 1}
      relations: [{type: Flow, target: 9}]
      properties: {k: [1, {a: 2}]}
"""


@needs_interop
def test_a_hand_edited_x_archimate_never_breaks_the_exports(
    runner: CliRunner, tmp_path: Path
) -> None:
    """x-archimate lives in the user's YAML: whatever is written there, the exports finish,
    valid, and a drawing that cannot be written is laid out afresh."""
    source = tmp_path / "h"
    source.mkdir()
    (source / "architecture.yaml").write_text(HAND_EDITED, encoding="utf-8")
    exported = tmp_path / "h.xml"
    run(runner, "export", str(source), "-f", "archimate", "-o", str(exported), "--force")
    assert xsd_errors(archimate_schema(), exported.read_bytes()) == []
    assert "v_v" in read_concepts(exported)["views"]  # laid out by Graphviz instead
    run(runner, "export", str(source), "-f", "csv", "-o", str(tmp_path / "csv"), "--force")


@needs_interop
def test_a_view_export_of_an_imported_model_keeps_that_views_drawing(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = interop("archimate", "exchange", "valid", "archi-archisurance.xml")
    run(runner, "import", "archimate", str(source), "-o", str(tmp_path / "imported"))
    exported = tmp_path / "layered.xml"
    run(
        runner,
        "export",
        str(tmp_path / "imported"),
        "-f",
        "archimate",
        "--view",
        "layered-view",
        "-o",
        str(exported),
    )
    assert xsd_errors(archimate_schema(), exported.read_bytes()) == []
    views = read_concepts(exported)["views"]
    assert list(views) == ["id-4056"]  # only the chosen view, as Archi drew it
    original = read_concepts(source)["views"]["id-4056"]
    assert views["id-4056"]["nodes"] == original["nodes"]
    assert views["id-4056"]["connections"] == original["connections"]
