"""Every relationship ictarch exports is one ArchiMate allows (Archi's relationship table).

The table is read here from ../shared/interop/archimate/relationships.xml and its keys,
independently of the module the exporter uses.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarch.cli import app
from ictarch.interop.archimate_types import (
    ELEMENT_TYPES,
    KIND_TYPES,
    dependency_relationship,
    kebab,
)
from tests.conftest import QUANG_NAM, QUANG_NAM_2021
from tests.interop.helpers import (
    ARCHIMATE_NS,
    XSI_TYPE,
    archimate_schema,
    interop,
    needs_interop,
    xsd_errors,
)


@functools.cache
def archi_table() -> dict[tuple[str, str], set[str]]:
    """(source concept, target concept) -> the relationship types Archi allows."""
    from lxml import etree

    keys = {
        key.get("char"): key.get("relationship").removesuffix("Relationship")
        for key in etree.parse(str(interop("archimate", "relationships-keys.xml"))).iter("key")
    }
    table = {}
    for source in etree.parse(str(interop("archimate", "relationships.xml"))).iter("source"):
        for target in source.iter("target"):
            table[(source.get("concept"), target.get("concept"))] = {
                keys[letter] for letter in target.get("relations", "")
            }
    return table


def forbidden(path: Path) -> list[str]:
    """The relationships of an exchange file the table does not allow."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    ns = {"a": ARCHIMATE_NS}
    types = {}
    for element in root.iterfind("a:elements/a:element", ns):
        kind = element.get(XSI_TYPE)
        types[element.get("identifier")] = "Junction" if kind.endswith("Junction") else kind
    relationships = root.findall("a:relationships/a:relationship", ns)
    types.update((r.get("identifier"), "Relationship") for r in relationships)
    found = []
    for relationship in relationships:
        pair = (types[relationship.get("source")], types[relationship.get("target")])
        if relationship.get(XSI_TYPE) not in archi_table().get(pair, set()):
            found.append(f"{relationship.get(XSI_TYPE)} {pair} {relationship.get('identifier')}")
    return found


@needs_interop
def test_the_exporters_table_is_archis() -> None:
    """The module scripts/generate_relationship_table.py wrote holds Archi's table."""
    from ictarch.interop.archimate_relationships import CONCEPTS, ROWS
    from ictarch.interop.archimate_types import LETTERS

    names = {letter: name for name, letter in LETTERS.items()}
    ours = {
        (source, target): {names[letter] for letter in letters}
        for source, row in zip(CONCEPTS, ROWS, strict=True)
        for target, letters in zip(CONCEPTS, row.split(","), strict=True)
        if letters
    }
    assert ours == {pair: kinds for pair, kinds in archi_table().items() if kinds}


@needs_interop
def test_every_type_pair_gets_a_dependency_relationship_the_table_allows() -> None:
    """Every kind maps to one of these types (KIND_TYPES, an element type's own kebab
    name, an export.archimate.kinds override to any type): so every kind pair is here."""
    chosen = {}
    for dependant in ELEMENT_TYPES:
        for provider in ELEMENT_TYPES:
            kind, from_dependant = dependency_relationship(dependant, provider)
            source, target = (dependant, provider) if from_dependant else (provider, dependant)
            assert kind in archi_table()[(source, target)], (dependant, provider, kind)
            chosen[kind] = chosen.get(kind, 0) + 1
    assert set(chosen) == {"Serving", "Access", "Realization", "Influence", "Association"}
    assert set(KIND_TYPES.values()) <= set(ELEMENT_TYPES)


KINDS_ARCHITECTURE = """ictarch: 1
architecture: {id: kinds, name: Các loại}
export: {archimate: {kinds: {kho: DataObject, muc-tieu: Goal, hop-dong: Contract}}}
agencies:
  - {id: so-a, name: Sở A, kind: agency, depends_on: [muc-tieu-so, cong]}
  - {id: tu-so-huu, name: Tự sở hữu, kind: agency, owner: tu-so-huu}
services:
  - {id: cong, name: Cổng, kind: portal, depends_on: [kho-du-lieu, hd, {any_of: [dl1, dl2]}]}
  - {id: muc-tieu-so, name: Mục tiêu, kind: muc-tieu, depends_on: [cong]}
  - {id: hd, name: Hợp đồng, kind: hop-dong, depends_on: [kho-du-lieu]}
platforms:
  - {id: kho-du-lieu, name: Kho, kind: kho, depends_on: [tt]}
  - {id: dl1, name: Dữ liệu 1, kind: data-object}
  - {id: dl2, name: Dữ liệu 2, kind: goal}
infrastructure:
  - {id: tt, name: Trung tâm, kind: data-centre}
"""


@needs_interop
def test_passive_and_motivation_kinds_and_overrides_export_allowed_relationships(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "kinds"
    source.mkdir()
    (source / "architecture.yaml").write_text(KINDS_ARCHITECTURE, encoding="utf-8")
    exported = tmp_path / "kinds.xml"
    result = runner.invoke(
        app, ["export", str(source), "-f", "archimate", "-o", str(exported), "--force"]
    )
    assert result.exit_code == 0, result.output
    assert xsd_errors(archimate_schema(), exported.read_bytes()) == []
    assert forbidden(exported) == []
    notes = result.stderr
    assert (
        "cong depends on kho-du-lieu: ArchiMate allows no Serving from DataObject to "
        "ApplicationComponent; written as Access" in notes
    )
    assert "written as Realization" in notes  # a goal depends on the portal
    assert "through an Or junction" in notes  # any of a data object and a goal
    assert "tu-so-huu is its own owner" in notes
    assert kebab("DataObject") == "data-object"
    # the ictarch round trip still gives every dependency back
    result = runner.invoke(app, ["import", "archimate", str(exported), "-o", str(tmp_path / "i")])
    assert result.exit_code == 0, result.output
    diff = runner.invoke(app, ["diff", str(source), str(tmp_path / "i"), "--format", "json"])
    assert set(json.loads(diff.stdout)["summary"].values()) == {0}
    # and Archi's CSV gets the same relationships
    csv = tmp_path / "csv"
    result = runner.invoke(app, ["export", str(source), "-f", "csv", "-o", str(csv), "--force"])
    assert result.exit_code == 0, result.output
    relations = (csv / "relations.csv").read_text("utf-8")
    assert '"AccessRelationship"' in relations


@needs_interop
@pytest.mark.parametrize("path", [QUANG_NAM, QUANG_NAM_2021], ids=lambda p: p.name)
def test_bundled_architectures_export_only_allowed_relationships(
    runner: CliRunner, tmp_path: Path, path: Path
) -> None:
    exported = tmp_path / "model.xml"
    result = runner.invoke(app, ["export", str(path), "-f", "archimate", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    assert forbidden(exported) == []
