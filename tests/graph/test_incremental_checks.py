"""The memoized checks (the language server's incremental pass: layering and cycles,
ICT301-302, lifecycle, ICT303-305, and single points of failure, ICT306) give the
findings of a whole computation, edit after edit.

Random architectures of three element files, one per layer (plain, ``any_of`` and ``required:
false`` dependencies, ids that do not exist, cycles, every status, dates) are
edited at random, one file at a time, as an editor would: dependencies added,
removed and misspelt, elements added, deleted, moved within the file (their lines
shift), statuses, dates and criticality changed. After each edit the Workspace
(which keeps a memo) must report exactly what a fresh Workspace reports, in the
current state, the target state and at a date, in English and Vietnamese.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from ictarch import i18n
from ictarch.model.lifecycle import CURRENT, TARGET, State, parse_state
from ictarch.workspace import Workspace

STATUSES = ("operational", "operational", "operational", "planned", "deprecated", "retired")
CRITICALITY = (None, None, "low", "high", "critical")


def _element(rng: random.Random, key: str, ids: list[str]) -> str:
    lines = [
        f"  - id: {key}",
        f"    name: Hệ thống {key}",
        "    description: Phần tử sinh ngẫu nhiên cho kiểm thử.",
        "    owner: ubnd",
        f"    status: {rng.choice(STATUSES)}",
    ]
    criticality = rng.choice(CRITICALITY)
    if criticality:
        lines.append(f"    criticality: {criticality}")
    if rng.random() < 0.15:
        lines.append(f'    since: "20{rng.randint(20, 30)}-01-01"')
    if rng.random() < 0.1:
        lines.append(f'    until: "20{rng.randint(24, 34)}-06-30"')
    entries = []
    for _ in range(rng.randint(0, 3)):
        roll = rng.random()
        if roll < 0.6:
            entries.append(f"      - {rng.choice(ids)}")
        elif roll < 0.8:
            group = rng.sample(ids, 2) + (["khong-co"] if rng.random() < 0.2 else [])
            entries.append(f"      - any_of: [{', '.join(group)}]")
        elif roll < 0.92:
            entries.append(f"      - id: {rng.choice(ids)}\n        required: false")
        else:
            entries.append("      - khong-ton-tai")
    if entries:
        lines.append("    depends_on:")
        lines.extend(entries)
    return "\n".join(lines)


LAYERS = {"a.yaml": "services", "b.yaml": "platforms", "c.yaml": "infrastructure"}


def _file(rng: random.Random, keys: list[str], ids: list[str], layer: str) -> str:
    return f"{layer}:\n" + "\n".join(_element(rng, key, ids) for key in keys) + "\n"


def _write(root: Path, rng: random.Random, files: dict[str, list[str]]) -> list[str]:
    ids = [key for keys in files.values() for key in keys]
    (root / "layers").mkdir(parents=True)
    (root / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture:\n  id: ngau-nhien\n  name: Kiến trúc ngẫu nhiên\n"
        "  owner: ubnd\ninclude: [layers/*.yaml]\nagencies:\n  - id: ubnd\n"
        "    name: Ủy ban nhân dân\n    description: Cơ quan chủ quản.\n",
        encoding="utf-8",
    )
    for name, keys in files.items():
        layer = LAYERS[name]
        (root / "layers" / name).write_text(_file(rng, keys, ids, layer), encoding="utf-8")
    return ids


def _edit(rng: random.Random, text: str, ids: list[str], fresh: str) -> str:
    """One edit of an element file's text, as a person makes it."""
    header, _newline, body = text.partition("\n")
    blocks = body.rstrip("\n").split("\n  - id: ")
    blocks = [block if n == 0 else "  - id: " + block for n, block in enumerate(blocks)]
    index = rng.randrange(len(blocks))
    roll = rng.random()
    key = blocks[index].split("\n", 1)[0].removeprefix("  - id: ")
    if roll < 0.3:  # its dependencies written again
        blocks[index] = _element(rng, key, ids)
    elif roll < 0.4:  # a misspelt dependency
        blocks[index] = blocks[index].replace("      - ", "      - x", 1)
    elif roll < 0.5:  # deleted
        if len(blocks) > 1:
            del blocks[index]
    elif roll < 0.6:  # a new element, whose id others may name
        blocks.insert(index, _element(rng, fresh, ids))
    elif roll < 0.75:  # moved: every line below shifts
        blocks.insert(rng.randrange(len(blocks)), blocks.pop(index))
    elif roll < 0.85:  # a status changed
        blocks[index] = blocks[index].replace(
            "    status: ", f"    status: {rng.choice(STATUSES)}\n    x-old-status: ", 1
        )
    elif roll < 0.95:  # criticality raised
        if "criticality:" in blocks[index]:
            for low in ("low", "high"):
                blocks[index] = blocks[index].replace(
                    f"criticality: {low}", "criticality: critical"
                )
        else:
            blocks[index] = blocks[index].replace(
                "    owner: ubnd", "    owner: ubnd\n    criticality: high", 1
            )
    else:  # a comment and a blank line: nothing else changes, lines shift
        blocks[index] = "  # ghi chú\n" + blocks[index]
    return header + "\n" + "\n".join(blocks) + "\n"


def _findings(workspace: Workspace) -> list[tuple[object, str]]:
    return [(finding, finding.message) for finding in workspace.check()]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("state", [CURRENT, TARGET, parse_state(None, "2027-01-01")], ids=str)
def test_the_memo_gives_the_whole_computation_edit_after_edit(
    tmp_path: Path, seed: int, state: State
) -> None:
    rng = random.Random(seed)
    files = {f"{name}.yaml": [f"{name}-{n:02d}" for n in range(20)] for name in "abc"}
    ids = _write(tmp_path, rng, files)
    kept = Workspace(tmp_path, state=state)
    assert _findings(kept) == _findings(Workspace(tmp_path, state=state))
    reused: set[str] = set()
    codes: set[str] = set()
    for step in range(25):
        name = rng.choice(sorted(files))
        path = tmp_path / "layers" / name
        fresh = f"moi-{step}"
        text = _edit(rng, path.read_text(encoding="utf-8"), ids, fresh)
        ids.append(fresh)
        path.write_text(text, encoding="utf-8")
        memo_findings = [(f, f.message) for f in kept.update(path, text)]
        assert memo_findings == _findings(Workspace(tmp_path, state=state)), f"step {step}"
        for name in ("resilience", "structure", "lifecycle"):
            memo = kept.memos.get(name)
            if memo is not None and 0 < memo.recomputed < len(memo.elements):
                reused.add(name)
        codes.update(finding.code for finding, _message in memo_findings)
    assert reused == {"resilience", "structure", "lifecycle"}, f"memos used: {reused}"
    assert {"ICT301", "ICT302", "ICT303", "ICT306"} <= codes, f"the edits made {sorted(codes)}"


def test_the_memo_follows_the_language(tmp_path: Path) -> None:
    rng = random.Random(99)
    files = {f"{name}.yaml": [f"{name}-{n:02d}" for n in range(20)] for name in "ab"}
    _write(tmp_path, rng, files)
    kept = Workspace(tmp_path)
    english = _findings(kept)
    try:
        i18n.set_language("vi")
        vietnamese = _findings(kept)
        assert vietnamese == _findings(Workspace(tmp_path))
    finally:
        i18n.set_language("en")
    in_english = [message for finding, message in english if finding.code == "ICT306"]
    in_vietnamese = [message for finding, message in vietnamese if finding.code == "ICT306"]
    assert in_english
    assert len(in_english) == len(in_vietnamese)
    assert set(in_english).isdisjoint(in_vietnamese)  # not the English findings kept


def test_a_pass_cancelled_between_checks_leaves_the_memos_consistent(tmp_path: Path) -> None:
    """The language server gives up a pass when a newer edit comes, before any check of
    the whole model: the next pass still gives the whole computation's findings."""
    from ictarch.lsp.workspace import ArchitectureSession, CheckResult
    from ictarch.validation import CheckCancelled

    rng = random.Random(5)
    files = {f"{name}.yaml": [f"{name}-{n:02d}" for n in range(20)] for name in "abc"}
    ids = _write(tmp_path, rng, files)
    root = tmp_path / "architecture.yaml"
    session = ArchitectureSession(root)
    session.check({})

    def flat(result: CheckResult) -> list[tuple[object, str]]:
        found = [f for findings in result.findings.values() for f in findings]
        return sorted((f, f.message) for f in found)

    def stopper(limit: int) -> Callable[[], bool]:
        """Asked once after loading and once before each check: true from the limit on."""
        asked = [0]

        def stop() -> bool:
            asked[0] += 1
            return asked[0] > limit

        return stop

    cancelled = 0
    for step in range(12):
        name = rng.choice(sorted(files))
        path = (tmp_path / "layers" / name).resolve()
        text = _edit(rng, path.read_text(encoding="utf-8"), ids, f"moi-{step}")
        ids.append(f"moi-{step}")
        path.write_text(text, encoding="utf-8")
        try:
            session.check({path: text}, stop=stopper(rng.randrange(1, 9)))
        except CheckCancelled:
            cancelled += 1
        assert flat(session.check({path: text})) == flat(ArchitectureSession(root).check({}))
    assert cancelled, "no pass was cancelled"


def test_the_memos_follow_the_root_files_layers(tmp_path: Path) -> None:
    """Layers swapped in architecture.yaml: the element files' records (and objects) stay,
    but which dependency goes up a layer changes; the findings follow."""
    rng = random.Random(3)
    files = {f"{name}.yaml": [f"{name}-{n:02d}" for n in range(20)] for name in "abc"}
    _write(tmp_path, rng, files)
    root = tmp_path / "architecture.yaml"
    layers = (
        "layers:\n  - {id: agencies, name: Cơ quan}\n  - {id: services, name: Dịch vụ}\n"
        "  - {id: platforms, name: Nền tảng}\n  - {id: infrastructure, name: Hạ tầng}\n"
    )
    root.write_text(root.read_text(encoding="utf-8") + layers, encoding="utf-8")
    kept = Workspace(tmp_path)
    before = _findings(kept)
    swapped = (
        layers.replace("services, name: Dịch vụ", "X")
        .replace("platforms, name: Nền tảng", "services, name: Dịch vụ")
        .replace("X", "platforms, name: Nền tảng")
    )
    text = root.read_text(encoding="utf-8").replace(layers, swapped)
    root.write_text(text, encoding="utf-8")
    after = [(f, f.message) for f in kept.update(root, text)]
    assert after == _findings(Workspace(tmp_path))
    assert after != before


def test_the_language_servers_index_lends_what_did_not_change(tmp_path: Path) -> None:
    """The index of where ids are written, built from the last one after each edit, is the
    index built from nothing: every definition and reference, at its place."""
    from ictarch.lsp.features import Snapshot
    from ictarch.lsp.workspace import ArchitectureSession

    rng = random.Random(11)
    files = {f"{name}.yaml": [f"{name}-{n:02d}" for n in range(20)] for name in "abc"}
    ids = _write(tmp_path, rng, files)
    session = ArchitectureSession(tmp_path / "architecture.yaml")
    first = session.check({})
    assert first.architecture is not None
    snapshot = Snapshot.of(first.architecture, first)
    lent = 0
    for step in range(20):
        path = (tmp_path / "layers" / rng.choice(sorted(files))).resolve()
        text = _edit(rng, path.read_text(encoding="utf-8"), ids, f"moi-{step}")
        ids.append(f"moi-{step}")
        path.write_text(text, encoding="utf-8")
        result = session.check({path: text})
        assert result.architecture is not None
        previous = snapshot
        snapshot = Snapshot.of(result.architecture, result, previous)
        fresh = Snapshot.of(result.architecture, result)
        assert snapshot.index.occurrences == fresh.index.occurrences, f"step {step}"
        assert snapshot.index.by_target == fresh.index.by_target
        lent += sum(
            1
            for element, occurrences in snapshot.index.of_element.values()
            if previous.index.of_element.get(id(element), (None,))[0] is element and occurrences
        )
    assert lent, "no element's occurrences were ever lent"


@pytest.mark.parametrize("seed", range(20))
def test_the_cycle_region_is_what_the_changed_elements_reach_both_ways(seed: int) -> None:
    """cycle_region against its definition: the elements that depend on a changed one,
    directly or not, and that a changed one depends on, whichever side is shorter."""
    from ictarch.model.cycles import cycle_region

    class Node:
        def __init__(self, targets: tuple[str, ...]) -> None:
            self.targets = targets

        def dependency_targets(self) -> list[str]:
            return list(self.targets)

    rng = random.Random(seed)
    ids = [f"e{number}" for number in range(rng.randint(2, 60))]
    density = rng.choice([0.02, 0.05, 0.15])
    elements = {
        key: Node(tuple(other for other in [*ids, "khong-co"] if rng.random() < density))
        for key in ids
    }
    targets = {key: tuple(node.targets) for key, node in elements.items()}
    dependents: dict[str, set[str]] = {}
    for key, named in targets.items():
        for target in named:
            dependents.setdefault(target, set()).add(key)

    def closure(start: str, step: Callable[[str], list[str]]) -> set[str]:
        seen, queue = {start}, [start]
        while queue:
            for following in step(queue.pop()):
                if following in elements and following not in seen:
                    seen.add(following)
                    queue.append(following)
        return seen

    changed = set(rng.sample(ids, rng.randint(1, 3))) | {"gone"}
    down: set[str] = set()
    up: set[str] = set()
    for key in changed & set(elements):
        down |= closure(key, lambda k: list(targets.get(k, ())))
        up |= closure(key, lambda k: sorted(dependents.get(k, ())))
    assert cycle_region(changed, elements, targets, dependents) == down & up


@pytest.mark.parametrize("optional", [True, False])
def test_a_cycle_too_large_to_iterate_is_solved_again_when_it_splits(
    tmp_path: Path, optional: bool
) -> None:
    """A cycle of more than LARGEST_EXACT_CYCLE members gets one pass, whose sets depend
    on what else is in the cycle: they are never kept. Here 64 critical services in a
    ring, closed into a larger cycle through ``c``; removing ``c``'s link leaves the
    exact ring, though no requirement of the ring names anything whose set changed
    (through an optional dependency, or through ``t``, whose set stays {t, c})."""
    from ictarch.graph.resilience import LARGEST_EXACT_CYCLE

    size = LARGEST_EXACT_CYCLE

    def services(closed: bool) -> str:
        text = "services:\n"
        for number in range(size):
            text += (
                f"  - id: b{number}\n    name: Dịch vụ {number}\n    description: Vòng.\n"
                "    owner: ubnd\n    criticality: high\n    depends_on:\n"
                f"      - b{(number + 1) % size}\n"
            )
            if number == 0:
                text += "      - {id: c, required: false}\n" if optional else "      - t\n"
        head = "    name: C\n    description: Nối vòng.\n    owner: ubnd\n"
        if optional and closed:
            text += f"  - id: c\n{head}    depends_on: [b0]\n"
        elif not optional:
            text += f"  - id: t\n{head}    depends_on: [c]\n"
            text += f"  - id: c\n{head}" + ("    depends_on: [b0]\n" if closed else "")
        return text

    (tmp_path / "layers").mkdir()
    (tmp_path / "architecture.yaml").write_text(
        "ictarch: 1\narchitecture:\n  id: vong\n  name: Vòng\n  owner: ubnd\n"
        "include: [layers/*.yaml]\nagencies:\n  - id: ubnd\n    name: Ủy ban\n"
        "    description: Cơ quan.\n",
        encoding="utf-8",
    )
    path = tmp_path / "layers" / "services.yaml"
    path.write_text(services(closed=True), encoding="utf-8")
    kept = Workspace(tmp_path)
    before = _findings(kept)
    assert before == _findings(Workspace(tmp_path))
    text = services(closed=False)
    path.write_text(text, encoding="utf-8")
    after = [(f, f.message) for f in kept.update(path, text)]
    assert after == _findings(Workspace(tmp_path))
    assert after != before, "the ring's findings change when it is solved exactly"
