"""Write the resource cases of the hostile-input round on import, conformance and roadmap.

    python benchmarks/generate_hostile_surfaces.py CASE OUT [--size N]

Cases (OUT is a directory, or a file for the exchange files):

- ``catalogue``: a province catalogue of N blocks (default 30,000), each requiring the
  one before and every tenth replaced by the next, and an architecture using it
  (conformance was quadratic in blocks).
- ``chain``: N services (default 13,000) in one dependency chain, each implementing a
  block that must reach a platform at its end (conformance kept every element's whole
  path: 85 million entries).
- ``roadmap``: N services (default 5,000), each with its own ``since``, all used by one
  agency (the roadmap computed every single point of failure again at every date).
- ``junction``: an exchange file whose one Or junction joins N providers to N
  dependants (default 4,000: 16 million provider-dependant pairs).
- ``flat``: an exchange file of N empty elements (default 1,400,000: about 63 MB).
- ``rows``: an Archi CSV directory whose elements.csv is N bytes of one-cell rows
  (default just under 64 MiB).
- ``names``: an exchange file of N elements of the same name (default 20,000), one of
  them with 300,000 values of one property.

Every file is written deterministically; tests/test_hostile_surfaces.py uses the same
functions. The measured numbers are in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from xml.sax.saxutils import escape

_MODEL_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">\n'
    '  <name xml:lang="vi">Mô hình thử</name>\n'
)
SMALL_ARCHITECTURE = (
    "ictarch: 1\narchitecture: {id: nho, name: Tỉnh nhỏ, owner: ubnd}\n"
    "agencies:\n  - {id: ubnd, name: UBND, description: d}\n"
)


def catalogue_text(framework: str, blocks: int, chain: bool = True) -> str:
    """A catalogue of ``blocks`` blocks ``FRAMEWORK.bN`` in the platforms layer."""
    lines = [
        "catalogue: 1\n",
        f"framework: {{id: {framework}, name: {{vi: Khung riêng, en: own framework}}}}\n",
        'versions:\n  - {version: "1.0", valid_from: "2020-01-01"}\n',
        "blocks:\n",
    ]
    for n in range(blocks):
        lines.append(f"  - id: {framework}.b{n}\n")
        lines.append(f"    name: {{vi: Khối {n}, en: block {n}}}\n    layer: platforms\n")
        if chain and n:
            lines.append(f"    requires: [{framework}.b{n - 1}]\n")
        if chain and n % 10 == 5 and n + 1 < blocks:
            lines.append(f'    replaced_by: {framework}.b{n + 1}\n    obsolete_since: "1.0"\n')
    return "".join(lines)


def write_catalogue_architecture(root: Path, blocks: int) -> None:
    (root / "khung").mkdir(parents=True, exist_ok=True)
    (root / "khung" / "rieng.yaml").write_text(catalogue_text("rieng", blocks), encoding="utf-8")
    used = "".join(
        f"  - {{id: p{n}, name: P {n}, owner: ubnd, description: d, implements: [rieng.b{n}]"
        + (f", depends_on: [p{n - 1}]}}\n" if n else "}\n")
        for n in range(0, min(blocks, 2000))
    )
    (root / "architecture.yaml").write_text(
        SMALL_ARCHITECTURE + "frameworks: [khung/rieng.yaml]\nplatforms:\n" + used,
        encoding="utf-8",
    )


def write_conformance_chain(root: Path, length: int) -> None:
    (root / "khung").mkdir(parents=True, exist_ok=True)
    (root / "khung" / "rieng.yaml").write_text(
        "catalogue: 1\n"
        "framework: {id: rieng, name: {vi: Khung riêng, en: own framework}}\n"
        'versions:\n  - {version: "1.0", valid_from: "2020-01-01"}\n'
        "blocks:\n"
        "  - {id: rieng.dich-vu, name: {vi: Dịch vụ, en: service}, layer: services,\n"
        "     requires: [rieng.nen-tang]}\n"
        "  - {id: rieng.nen-tang, name: {vi: Nền tảng, en: platform}, layer: platforms}\n",
        encoding="utf-8",
    )
    lines = [SMALL_ARCHITECTURE, "frameworks: [khung/rieng.yaml]\nservices:\n"]
    for n in range(length):
        below = f"s{n + 1}" if n + 1 < length else "nen-tang"
        lines.append(
            f"  - {{id: s{n}, name: S {n}, owner: ubnd, description: d, "
            f"implements: [rieng.dich-vu], depends_on: [{below}]}}\n"
        )
    lines.append(
        "platforms:\n  - {id: nen-tang, name: Nền tảng, owner: ubnd, description: d, "
        "implements: [rieng.nen-tang]}\n"
    )
    (root / "architecture.yaml").write_text("".join(lines), encoding="utf-8")


def write_roadmap_dates(root: Path, services: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    start = datetime.date(2020, 1, 1)
    names = ", ".join(f"s{n}" for n in range(services))
    lines = [
        "ictarch: 1\narchitecture: {id: lo-trinh, name: Lộ trình, owner: ubnd}\n",
        f"agencies:\n  - {{id: ubnd, name: UBND, description: d, depends_on: [{names}]}}\n",
        "services:\n",
    ]
    for n in range(services):
        since = (start + datetime.timedelta(days=n)).isoformat()
        lines.append(
            f'  - {{id: s{n}, name: S {n}, owner: ubnd, description: d, since: "{since}"}}\n'
        )
    (root / "architecture.yaml").write_text("".join(lines), encoding="utf-8")


def _model(elements: str, relationships: str = "", definitions: str = "") -> str:
    text = _MODEL_HEAD + f"  <elements>\n{elements}  </elements>\n"
    if relationships:
        text += f"  <relationships>\n{relationships}  </relationships>\n"
    if definitions:
        text += f"  <propertyDefinitions>\n{definitions}  </propertyDefinitions>\n"
    return text + "</model>\n"


def _definition(identifier: str, name: str) -> str:
    return (
        f'    <propertyDefinition identifier="{identifier}" type="string">'
        f"<name>{escape(name)}</name></propertyDefinition>\n"
    )


def exchange_with_property(key: str, value: str) -> str:
    """One business actor, Sở Y tế, with the property ``key`` = ``value``."""
    element = (
        '    <element identifier="e1" xsi:type="BusinessActor">'
        '<name xml:lang="vi">Sở Y tế</name><properties>'
        f'<property propertyDefinitionRef="p1"><value>{escape(value)}</value></property>'
        "</properties></element>\n"
    )
    return _model(element, definitions=_definition("p1", key))


def exchange_with_kept_relation(name: str) -> str:
    """Two elements joined by a Flow relationship whose type text and name are hostile."""
    elements = (
        '    <element identifier="e1" xsi:type="BusinessActor"><name>A</name></element>\n'
        '    <element identifier="e2" xsi:type="BusinessActor">'
        f"<name>{escape(name)}</name></element>\n"
    )
    relation = (
        '    <relationship identifier="r1" source="e1" target="e2" xsi:type="Flow">'
        f"<name>{escape(name)}</name></relationship>\n"
    )
    return _model(elements, relation)


def exchange_junction(size: int) -> str:
    elements = ['    <element identifier="j" xsi:type="OrJunction"/>\n']
    relations = []
    for n in range(size):
        elements.append(
            f'    <element identifier="p{n}" xsi:type="ApplicationService">'
            f"<name>P {n}</name></element>\n"
            f'    <element identifier="d{n}" xsi:type="BusinessActor">'
            f"<name>D {n}</name></element>\n"
        )
        relations.append(
            f'    <relationship identifier="rp{n}" source="p{n}" target="j" xsi:type="Serving"/>\n'
            f'    <relationship identifier="rd{n}" source="j" target="d{n}" xsi:type="Serving"/>\n'
        )
    return _model("".join(elements), "".join(relations))


def write_exchange_flat(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(_MODEL_HEAD + "  <elements>\n")
        for n in range(count):
            out.write(f'<element identifier="e{n:x}" xsi:type="Node"/>\n')
        out.write("  </elements>\n</model>\n")


def write_csv_rows(directory: Path, size: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    header = b'"ID","Type","Name","Documentation","Specialization"\n'
    rows = (size - len(header)) // 2
    (directory / "elements.csv").write_bytes(header + b"a\n" * rows)


def exchange_same_names(count: int, values: int) -> str:
    elements = []
    for n in range(count):
        properties = ""
        if n == 0:
            properties = (
                "<properties>"
                + "".join(
                    f'<property propertyDefinitionRef="p1"><value>{v}</value></property>'
                    for v in range(values)
                )
                + "</properties>"
            )
        elements.append(
            f'    <element identifier="e{n}" xsi:type="BusinessActor">'
            f"<name>Sở Y tế</name>{properties}</element>\n"
        )
    return _model("".join(elements), definitions=_definition("p1", "Mã"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cases = ["catalogue", "chain", "roadmap", "junction", "flat", "rows", "names"]
    parser.add_argument("case", choices=cases)
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", type=int)
    arguments = parser.parse_args()
    out, size = arguments.out, arguments.size
    if arguments.case == "catalogue":
        write_catalogue_architecture(out, size or 30_000)
    elif arguments.case == "chain":
        write_conformance_chain(out, size or 13_000)
    elif arguments.case == "roadmap":
        write_roadmap_dates(out, size or 5_000)
    elif arguments.case == "junction":
        out.write_text(exchange_junction(size or 4_000), encoding="utf-8")
    elif arguments.case == "flat":
        write_exchange_flat(out, size or 1_400_000)
    elif arguments.case == "rows":
        write_csv_rows(out, size or 64 * 1024 * 1024 - 100)
    else:
        out.write_text(exchange_same_names(size or 20_000, 300_000), encoding="utf-8")


if __name__ == "__main__":
    main()
