"""Write the resource cases of issue 10: inputs that once cost minutes or gigabytes.

    python benchmarks/generate_hostile.py flow OUTDIR [--elements N] [--files K]
    python benchmarks/generate_hostile.py findings OUTDIR [--elements N]
    python benchmarks/generate_hostile.py merge OUTDIR [--keys K] [--elements N]
    python benchmarks/generate_hostile.py chain OUTDIR [--length L]

- ``flow``: K files (default 2) holding N tiny flow-style elements in all
  (default 3,500,000: two files of about 60 MB, each under the 64 MiB file
  limit). Validate once needed more than 8 GiB for them.
- ``findings``: N services (default 20,000) with two findings each (an unknown
  dependency with a near-miss id, and no description): 40,000 findings.
- ``merge``: a ``<<`` merge key fanning a map of K unknown keys (default 5,000)
  into N elements (default 3,000): K x N unknown-field findings, all from the
  same K source locations.
- ``chain``: a dependency chain L elements long (default 4,800): analyze and
  impact once wrote every chain in full (173 MB).

Every file is written deterministically. The measured numbers are in
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

HEAD = "ictarch: 1\narchitecture:\n  id: hostile\n  name: Thử nghiệm\n  owner: ubnd\n"
AGENCY = "agencies:\n  - {id: ubnd, name: UBND, description: Cơ quan chủ quản.}\n"


def write_flow(out: Path, elements: int, files: int) -> None:
    layers = out / "layers"
    layers.mkdir(parents=True, exist_ok=True)
    (out / "architecture.yaml").write_text(
        HEAD + "include: [layers/*.yaml]\n" + AGENCY, encoding="utf-8"
    )
    per_file = elements // files
    for index in range(files):
        start = index * per_file
        items = ",".join(
            f"{{id: s{n:07d}, name: Dịch vụ số}}" for n in range(start, start + per_file)
        )
        (layers / f"part{index}.yaml").write_text(f"services: [{items}]\n", encoding="utf-8")


def write_findings(out: Path, elements: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    lines = [HEAD, AGENCY, "services:\n"]
    for n in range(elements):
        # 'dich-vu-{n}x' is one letter off 'dich-vu-{n}': ICT202 with a did-you-mean
        lines.append(f"  - id: dich-vu-{n}\n    name: Dịch vụ {n}\n    owner: ubnd\n")
        lines.append(f"    depends_on: [dich-vu-{n}x]\n")
    (out / "architecture.yaml").write_text("".join(lines), encoding="utf-8")


def write_merge(out: Path, keys: int, elements: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    fields = "".join(f"  extra-{k}: v\n" for k in range(keys))
    lines = [HEAD, "x-defaults: &defaults\n", fields, AGENCY, "services:\n"]
    for n in range(elements):
        lines.append(
            f"  - <<: *defaults\n    id: s{n}\n    name: S {n}\n    owner: ubnd\n"
            "    description: D.\n"
        )
    (out / "architecture.yaml").write_text("".join(lines), encoding="utf-8")


def write_chain(out: Path, length: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    lines = [HEAD, AGENCY, "  - {id: so-tttt, name: Sở TT-TT, description: Sở.}\n", "platforms:\n"]
    for n in range(length):
        depends = f"[p{n + 1}]" if n + 1 < length else "[]"
        lines.append(
            f"  - {{id: p{n}, name: P {n}, owner: ubnd, description: D., depends_on: {depends}}}\n"
        )
    lines.append("services:\n  - {id: portal, name: Cổng, owner: ubnd, description: D., ")
    lines.append("depends_on: [p0]}\n")
    (out / "architecture.yaml").write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=["flow", "findings", "merge", "chain"])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--elements", type=int)
    parser.add_argument("--files", type=int, default=2)
    parser.add_argument("--keys", type=int, default=5000)
    parser.add_argument("--length", type=int, default=4800)
    arguments = parser.parse_args()
    if arguments.case == "flow":
        write_flow(arguments.outdir, arguments.elements or 3_500_000, arguments.files)
    elif arguments.case == "findings":
        write_findings(arguments.outdir, arguments.elements or 20_000)
    elif arguments.case == "merge":
        write_merge(arguments.outdir, arguments.keys, arguments.elements or 3000)
    else:
        write_chain(arguments.outdir, arguments.length)


if __name__ == "__main__":
    main()
