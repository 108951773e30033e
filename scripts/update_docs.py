"""Regenerate every command output quoted in README.md and docs/*.md.

    .venv/bin/python scripts/update_docs.py          # rewrite the quoted blocks
    .venv/bin/python scripts/update_docs.py --check  # exit 1 and list the stale ones

A quoted output sits between two markers; the first names the command (run from the
repository's root, in English, through the CLI's entry point) and, after ``|``, which
lines to quote:

    <!-- output: ictarch impact architectures/quang-nam tsdl-tinh | 1:3 -2: -->
    ```
    $ ictarch impact architectures/quang-nam tsdl-tinh
    (the lines the command prints)
    ```
    <!-- /output -->

Selections, in order, each a Python slice of the printed lines (``1:3`` = lines 2 and
3, ``-2:`` = the last two) or ``/REGEX/`` (from the first line matching to the end) or
``/REGEX/+N`` (that line and the N following). Lines left out between or around the
selections are shown as one ``…``. Without a selection the whole output is quoted.
Selections are separated by spaces: write ``\\s`` for a space inside a regex.
``tests/test_docs.py`` fails when a block differs from what the command prints today:
change the code or the data, run this script, and read the difference by eye.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARKER = re.compile(
    r"(?P<open><!-- output: (?P<command>[^|>]+?)(?: \| (?P<selection>[^>]*?))? -->\n)"
    r"(?P<body>.*?)"
    r"(?P<close><!-- /output -->)",
    re.DOTALL,
)
ELLIPSIS = "…"


@dataclass(frozen=True)
class Block:
    path: Path
    command: str
    on_disk: str
    expected: str


def documents() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def run(command: str) -> str:
    """What the command prints on standard output, run through the CLI's entry point."""
    from typer.testing import CliRunner

    from ictarch.cli import app

    words = shlex.split(command)
    if not words or words[0] != "ictarch":
        raise SystemExit(f"a quoted command must start with 'ictarch': {command!r}")
    arguments = words[1:]
    if "--lang" not in arguments:
        arguments = ["--lang", "en", *arguments]
    previous = Path.cwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(app, arguments, env={"NO_COLOR": "1", "COLUMNS": "100"})
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    if result.exit_code == 2 or not result.stdout.strip():
        raise SystemExit(f"{command!r} failed (exit {result.exit_code}): {result.stderr.strip()}")
    return result.stdout


def chosen_lines(lines: list[str], selection: str) -> list[int]:
    """The indexes of the lines a selection keeps, in order, without repeats."""
    chosen: list[int] = []
    for token in selection.split():
        pattern = re.fullmatch(r"/(.+)/(?:\+(\d+))?", token)
        if pattern:
            regex = re.compile(pattern.group(1))
            start = next((i for i, line in enumerate(lines) if regex.search(line)), None)
            if start is None:
                raise SystemExit(f"no line matches {token!r}")
            end = len(lines) if pattern.group(2) is None else start + int(pattern.group(2)) + 1
            indexes = range(start, min(end, len(lines)))
        else:
            parts = token.split(":")
            if len(parts) != 2:
                raise SystemExit(f"not a slice or /regex/: {token!r}")
            start_text, stop_text = parts
            indexes = range(len(lines))[
                slice(
                    int(start_text) if start_text else None, int(stop_text) if stop_text else None
                )
            ]
        chosen.extend(i for i in indexes if i not in chosen)
    return chosen


def quote(command: str, selection: str | None) -> str:
    printed = run(command).rstrip("\n").split("\n")
    indexes = chosen_lines(printed, selection) if selection else list(range(len(printed)))
    out = [f"$ {command}"]
    previous = -1
    for index in indexes:
        if index != previous + 1:
            out.append(ELLIPSIS)
        out.append(printed[index].rstrip())
        previous = index
    if previous != len(printed) - 1:
        out.append(ELLIPSIS)
    return "```\n" + "\n".join(out) + "\n```\n"


def blocks() -> list[Block]:
    found = []
    for path in documents():
        text = path.read_text(encoding="utf-8")
        for match in MARKER.finditer(text):
            command = match.group("command").strip()
            expected = quote(command, match.group("selection"))
            found.append(Block(path, command, match.group("body"), expected))
    return found


def stale_blocks() -> list[Block]:
    return [block for block in blocks() if block.on_disk != block.expected]


def update() -> int:
    changed = 0
    for path in documents():
        text = path.read_text(encoding="utf-8")

        def replace(match: re.Match[str]) -> str:
            body = quote(match.group("command").strip(), match.group("selection"))
            return match.group("open") + body + match.group("close")

        new = MARKER.sub(replace, text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
            print(f"updated {path.relative_to(REPO)}")
    return changed


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO / "src"))
    if argv == ["--check"]:
        stale = stale_blocks()
        for block in stale:
            print(f"{block.path.relative_to(REPO)}: stale output of {block.command!r}")
        return 1 if stale else 0
    if argv:
        print(__doc__)
        return 2
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
