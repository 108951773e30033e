"""Write src/ictarch/interop/archimate_relationships.py from Archi's relationship table.

    .venv/bin/python scripts/generate_relationship_table.py [PATH/relationships.xml]

The table is ``archimate/relationships.xml`` of ../shared/interop (Archi's machine-readable
copy of the ArchiMate 3.2 relationship table, Appendix B of the specification; MIT, from
archimatetool/archi ``com.archimatetool.model/model/relationships.xml``). The generated
module holds the same letters, one row per source concept, so that the export can check
its relationships without the file; tests/interop/test_relationship_table.py compares
the two whenever the file is there. Never edit the module by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "ictarch" / "interop" / "archimate_relationships.py"
DEFAULT_SOURCE = ROOT.parent / "shared" / "interop" / "archimate" / "relationships.xml"

HEADER = '''"""The ArchiMate 3.2 relationship table, as Archi encodes it (generated; do not edit).

Written by scripts/generate_relationship_table.py from Archi's ``relationships.xml``
(archimatetool/archi, ``com.archimatetool.model/model/relationships.xml``, MIT; the
table is Appendix B of the ArchiMate specification). ``ROWS[i]`` holds, for source
concept ``CONCEPTS[i]``, the letters of the relationships allowed towards each target
concept in the order of ``CONCEPTS``, separated by commas: a access, c composition,
f flow, g aggregation, i assignment, n influence, o association, r realization,
s specialization, t triggering, v serving.
"""

from __future__ import annotations
'''


def read_table(path: Path) -> dict[str, dict[str, str]]:
    from lxml import etree

    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    return {
        source.get("concept"): {
            target.get("concept"): target.get("relations", "")
            for target in source.iterfind("target")
        }
        for source in root.getroot().iterfind("source")
    }


def module_text(table: dict[str, dict[str, str]]) -> str:
    concepts = sorted(set(table) | {t for targets in table.values() for t in targets})
    lines = [HEADER, "CONCEPTS: tuple[str, ...] = ("]
    lines += [f'    "{concept}",' for concept in concepts]
    lines += [")", "ROWS: tuple[str, ...] = ("]
    for concept in concepts:
        targets = table.get(concept, {})
        lines.append(f'    "{",".join(targets.get(target, "") for target in concepts)}",')
    lines.append(")")
    return "\n".join(lines) + "\n"


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    TARGET.write_text(module_text(read_table(source)), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
