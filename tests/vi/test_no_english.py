"""No English left in the Vietnamese interface, around the user's own text.

Every command runs with ``--lang vi`` through the real CLI, on both bundled architectures and
on a broken copy of Quảng Nam: text and Markdown reports, ``--help`` of every command,
``rules`` (and ``rules CODE``), usage errors, the files ``render`` writes for people (its
index, the Mermaid legends) and every page of the generated site. What the user wrote, quoted
ids, codes, paths, option names and literal values are removed (``tests/vi/english.py``
says how); a word an English dictionary knows that is left is a failure, shown with the
command and the line it stands in. Machine formats (JSON, SARIF, GitHub annotations, the
Mermaid and DOT sources) keep their English keys and values and are not read.

The dictionary is Debian's ``wamerican`` (``scripts/setup.sh``: ``ensure_wordlist``); without
it the test is skipped with the reason.

    .venv/bin/python -m tests.vi.test_no_english   # list every English word left, by output
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.vi.english import DICTIONARY, english_words, user_texts, visible_text

REPO = Path(__file__).resolve().parent.parent.parent
ARCHITECTURES = ("quang-nam", "quang-nam-2021")

pytestmark = pytest.mark.skipif(
    not DICTIONARY.exists(),
    reason=f"no English word list at {DICTIONARY} (sudo apt-get install wamerican)",
)


def _registered_commands() -> tuple[str, ...]:
    """Every command the CLI has, so that a command added later is read too."""
    import typer.main

    from ictarch.cli import app

    group = typer.main.get_command(app)
    return tuple(sorted(getattr(group, "commands", {})))


COMMAND_NAMES = _registered_commands()


def commands() -> dict[str, list[str]]:
    """The runs whose output a Vietnamese reader reads: label -> arguments after --lang vi."""
    runs: dict[str, list[str]] = {"--help": ["--help"]}
    for name in COMMAND_NAMES:
        runs[f"{name} --help"] = [name, "--help"]
    for architecture in (*ARCHITECTURES, "broken", "broken-yaml"):
        runs[f"validate {architecture}"] = ["validate", architecture, "--show-waived"]
    runs["validate at a date"] = ["validate", "quang-nam", "--at", "2025-12-31"]
    runs["validate target"] = ["validate", "quang-nam", "--state", "target"]
    for architecture in ARCHITECTURES:
        for output in ("text", "markdown"):
            runs[f"analyze {architecture} {output}"] = [
                "analyze",
                architecture,
                "-f",
                output,
            ]
            runs[f"conformance {architecture} {output}"] = [
                "conformance",
                architecture,
                "-f",
                output,
            ]
            runs[f"roadmap {architecture} {output}"] = ["roadmap", architecture, "-f", output]
            runs[f"impact {architecture} {output}"] = [
                "impact",
                architecture,
                "tsdl-tinh",
                "-f",
                output,
            ]
    runs["roadmap by tag"] = ["roadmap", "quang-nam", "--group-by", "tag:x"]
    runs["conformance compare"] = [
        "conformance",
        "quang-nam",
        "--framework",
        "vn-egov@3.0",
        "--compare",
        "vn-egov@4.0",
    ]
    for output in ("text", "markdown"):
        runs[f"diff {output}"] = ["diff", "quang-nam-2021", "quang-nam", "-f", output]
        runs[f"diff dates {output}"] = [
            "diff",
            "quang-nam",
            "--at",
            "2022-10-10",
            "--to",
            "2025-12-31",
            "-f",
            output,
        ]
    runs["rules"] = ["rules"]
    runs["rules markdown"] = ["rules", "-f", "markdown"]
    runs["rules ICT306"] = ["rules", "ICT306"]
    runs["render"] = ["render", "quang-nam", "-f", "mermaid", "-o", "diagrams"]
    runs["render --check"] = ["render", "quang-nam", "-f", "mermaid", "-o", "diagrams", "--check"]
    runs["site"] = ["site", "quang-nam", "-o", "site"]
    runs["site again"] = ["site", "quang-nam", "-o", "site", "--check"]
    runs["export"] = ["export", "quang-nam", "-f", "csv", "-o", "exported"]
    runs["export broken"] = ["export", "broken", "-f", "json"]
    runs["import"] = ["import", "csv", "exported", "-o", "imported"]
    runs["init"] = ["init", "new-architecture", "--id", "moi"]
    runs["schema"] = ["schema", "-o", "schemas-out"]
    runs["usage error"] = ["impact", "quang-nam"]
    runs["not found"] = ["validate", "no-such-dir"]
    runs["no such option"] = ["validate", "quang-nam", "--formt", "text"]
    return runs


@contextmanager
def workspace() -> Iterator[Path]:
    """A scratch folder with the bundled architectures and a broken copy, as working directory."""
    previous = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="ictarch-no-english-") as temporary:
        root = Path(temporary)
        for architecture in ARCHITECTURES:
            shutil.copytree(REPO / "architectures" / architecture, root / architecture)
        broken = root / "broken"
        shutil.copytree(REPO / "architectures" / "quang-nam", broken)
        services = broken / "layers" / "services.yaml"
        text = services.read_text(encoding="utf-8")
        text = text.replace("- lgsp\n", "- lgps\n", 1)
        text = text.replace("status: operational", "status: operationl", 1)
        services.write_text(text, encoding="utf-8")
        unreadable = root / "broken-yaml"
        shutil.copytree(REPO / "architectures" / "quang-nam", unreadable)
        platforms = unreadable / "layers" / "platforms.yaml"
        platforms.write_text(
            platforms.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8"
        )
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(previous)


def outputs(only: Sequence[str] = ()) -> Iterator[tuple[str, str]]:
    """(where, text) for every output a Vietnamese reader reads (or those of ``only``)."""
    from ictarch import i18n
    from ictarch.cli import app

    runner = CliRunner()
    environment = {"COLUMNS": "100", "NO_COLOR": "1", "ICTARCH_LANG": ""}
    with workspace() as root:
        for label, arguments in commands().items():
            if only and label not in only:
                continue
            i18n.set_language("en")
            result = runner.invoke(app, ["--lang", "vi", *arguments], env=environment)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                label,
                result.exception,
            )
            yield label, result.stdout + "\n" + result.stderr
            if label == "render":
                for path in sorted((root / "diagrams").iterdir()):
                    if path.suffix == ".md":
                        yield f"render: {path.name}", path.read_text(encoding="utf-8")
                    elif path.suffix == ".mmd":
                        # The Mermaid source is a machine format; its labels are read.
                        labels = _LABEL.findall(path.read_text(encoding="utf-8"))
                        yield f"render: {path.name}", "\n".join(labels)
            if label == "site":
                for path in sorted((root / "site").rglob("*.html")):
                    page = path.relative_to(root / "site").as_posix()
                    yield f"site: {page}", visible_text(path.read_text(encoding="utf-8"))


_LABEL = re.compile(r'"([^"\n]*)"')
_FENCED = re.compile(r"^```.*?^```", re.S | re.M)
_YAML_EXAMPLE = re.compile(r"^\s*-?\s*[a-z_]+: ")
_COMMAND_LISTED = re.compile(rf"^  (?:{'|'.join(COMMAND_NAMES)}) {{2,}}")


_CONTINUED = re.compile(r"(?<!-)\n(?! {1,8}[a-z][\w-]*: ) +(?=[^\s-])")
_LISTING = re.compile(r"^ {1,8}[a-z][\w-]*: ")  # "    added: …", a name listed in a help page
_CONTINUED_WORD = re.compile(r"(?<=\w-)\n +(?=\w)")  # a word click wrapped at its hyphen
_EXCERPT = re.compile(r"^\s*\d+ \|")  # a line of the user's file quoted under a finding
# what the test itself names: its folders and the commands' output folders
_OWN_PATHS = ["exported", "imported", "diagrams", "site", "schemas-out", "new-architecture"]


def lines_read(where: str, text: str) -> Iterator[str]:
    """The lines of an output a reader reads as prose (not code blocks nor YAML examples).

    In a help page, an option's help wrapped on several lines is read as one line, so that
    the list of values it accepts is seen whole.
    """
    if where.endswith("--help"):
        text = _CONTINUED.sub(" ", _CONTINUED_WORD.sub("", text))
    for line in _FENCED.sub("", text).splitlines():
        if where.startswith("rules") and _YAML_EXAMPLE.match(line):
            continue
        if _EXCERPT.match(line):
            continue
        if where.endswith("--help"):
            line = _LISTING.sub(" ", line)
        yield _COMMAND_LISTED.sub(" ", line)


def english_left(only: Sequence[str] = ()) -> dict[str, list[tuple[str, str]]]:
    """where -> [(word, line)] for every English word left (in the runs ``only`` names)."""
    user = [text for name in ARCHITECTURES for text in user_texts(REPO / "architectures" / name)]
    from ictarch.rules import ALL_RULES

    rule_names = [rule.name for rule in ALL_RULES.values()]
    # the titles of the documents the bundled framework catalogues cite, in their own language
    from ictarch.frameworks.catalogue import bundled_catalogues

    rule_names += [
        source.title for catalogue in bundled_catalogues() for source in catalogue.sources.values()
    ]
    user = sorted({*user, *_OWN_PATHS, *rule_names}, key=lambda text: (-len(text), text))
    found: dict[str, list[tuple[str, str]]] = {}
    for where, text in outputs(only):
        for line in lines_read(where, text):
            for word in english_words(line, user):
                found.setdefault(where, []).append((word, line.strip()))
    return found


def test_no_english_word_is_left_in_the_vietnamese_interface() -> None:
    found = english_left()
    report = "\n".join(
        f"{where}: {word!r} in {line!r}"
        for where, words in sorted(found.items())
        for word, line in words
    )
    assert not found, f"English left in the Vietnamese interface:\n{report}"


def test_the_check_finds_an_english_sentence() -> None:
    """The cleaning keeps ordinary English: the check is not blind."""
    sentence = "Đã ghi 3 tệp; the site is up to date in 'site/'"
    assert list(english_words(sentence)) == ["the", "site", "is", "up", "date"]
    assert list(english_words("Trạng thái: đang vận hành (operational)")) == []
    assert list(english_words("Trạng thái: operational")) == ["operational"]


def test_the_check_fails_when_a_message_comes_out_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A message whose translation is missing (here "Fix: {fix}" of ``rules CODE``) comes out
    in English and the check names it, through the same commands and cleaning."""
    from ictarch import i18n

    assert english_left(["rules ICT306"]) == {}
    i18n.set_language("vi")
    catalog = i18n._catalog()
    entries = catalog._catalog  # type: ignore[attr-defined]
    monkeypatch.setitem(entries, "Fix: {fix}", "Fix: {fix}")
    monkeypatch.setattr(i18n, "set_language", lambda language: None)  # keep this catalog
    found = english_left(["rules ICT306"])
    assert [word for word, _line in found["rules ICT306"]] == ["Fix"]


def main() -> int:
    found = english_left()
    for where, words in sorted(found.items()):
        for word, line in words:
            print(f"{where}: {word}\t{line}")
    print(sum(len(words) for words in found.values()), "English words", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
