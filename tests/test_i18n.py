"""The Vietnamese interface: the catalog, the choice of language, and every command in Vietnamese.

The catalog tests read the .po with Babel (a dev dependency) and compare it with
what the code marks for translation; the CLI tests run the real commands through
the entry point, in both languages, on copies of the bundled architectures.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import string
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from typer.testing import CliRunner

from ictarch import i18n
from ictarch.cli import app
from ictarch.cli.translation import language_in_arguments
from tests.conftest import QUANG_NAM, QUANG_NAM_2021, REPO


def _load_catalog_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_catalog", REPO / "scripts" / "update_catalog.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CATALOG_SCRIPT = _load_catalog_script()


@pytest.fixture(scope="module")
def catalog() -> Any:
    return CATALOG_SCRIPT.read_catalog()


def _entries(catalog: Any) -> list[Any]:
    return [message for message in catalog if message.id]


# ---------------------------------------------------------------- the catalog


def test_the_catalog_holds_exactly_the_texts_marked_in_the_code(catalog: Any) -> None:
    marked = {message.id for message in CATALOG_SCRIPT.extract() if message.id}
    in_catalog = {message.id for message in _entries(catalog)}
    hint = "run: .venv/bin/python scripts/update_catalog.py, then translate what it lists"
    assert marked - in_catalog == set(), f"texts missing from the catalog; {hint}"
    assert in_catalog - marked == set(), f"texts no longer in the code; {hint}"


def test_no_text_is_marked_inside_an_f_string() -> None:
    """Babel does not look inside f-strings: a text marked there would stay English."""
    inside = re.compile(r"""\{(_|ngettext)\(["']""")
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "src" / "ictarch").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if inside.search(line)
    ]
    assert found == []


def test_the_po_and_the_committed_mo_are_current() -> None:
    result = CATALOG_SCRIPT.updated(CATALOG_SCRIPT.read_catalog(), CATALOG_SCRIPT.extract())
    assert CATALOG_SCRIPT.PO_FILE.read_bytes() == CATALOG_SCRIPT.po_bytes(result), (
        "run: .venv/bin/python scripts/update_catalog.py"
    )
    assert CATALOG_SCRIPT.MO_FILE.read_bytes() == CATALOG_SCRIPT.mo_bytes(result), (
        "the .mo is not the compilation of the .po: run scripts/update_catalog.py"
    )


def test_every_text_has_a_vietnamese_translation(catalog: Any) -> None:
    missing = CATALOG_SCRIPT.untranslated(catalog)
    assert missing == [], f"{len(missing)} texts without a Vietnamese translation: {missing[:10]}"
    assert len(_entries(catalog)) > 400  # the whole interface, not a sample


_FORMAT_SPEC = re.compile(r"[<>=^]?[-+ ]?#?0?\d*[,_]?(\.\d+)?[bcdeEfFgGnosxX%]?\Z")


def _placeholders(text: str) -> set[str]:
    """``{name!r}``-style fields (with conversion and format) and ``%(name)s`` ones.

    Braces that are no format field (a YAML flow mapping in a rule's example, such
    as ``{code: ICT306, reason: ...}``) are text, translated like any other.
    """
    fields = {
        f"{name}!{conversion or ''}:{spec or ''}"
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None and _FORMAT_SPEC.match(spec or "")
    }
    return fields | set(re.findall(r"%\(\w+\)[sdr]", text))


def test_translations_keep_every_placeholder_and_add_none(catalog: Any) -> None:
    problems = []
    for message in _entries(catalog):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # Vietnamese has one plural form: it must carry the fields of the plural id
        expected = _placeholders(ids[-1])
        for translated in strings:
            if _placeholders(translated) != expected:
                problems.append((ids[-1], translated))
    assert problems == []


def test_translations_are_nfc_and_use_the_glossary(catalog: Any) -> None:
    texts = [
        text
        for message in _entries(catalog)
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
    ]
    assert all(unicodedata.normalize("NFC", text) == text for text in texts)
    joined = "\n".join(texts)
    # docs/glossary.md fixes one term per concept; the rejected synonyms must not creep in
    rejected_terms = (
        "điểm lỗi duy nhất",
        "nút thắt",
        "dư thừa",
        "cảnh bảo",
        "cơ quan chủ quản",
        "alias triển khai",
        "hồ sơ",
        "sắp loại bỏ",
    )
    for rejected in rejected_terms:
        assert rejected not in joined
    # "tầng" is not a layer ("lớp"); "hạ tầng" (infrastructure) is another word
    assert re.findall(r"(?<!hạ )tầng ", joined.lower()) == []
    # the modern placement of the tone mark: "hóa", "hòa", "thỏa", not "hoá", "hoà", "thoả"
    # at the end of a syllable ("toán", "hoạt" and "quý" are right as they are)
    assert re.findall(r"(?:o[áàảãạéèẻẽẹ]|(?<!q)u[ýỳỷỹỵ])(?!\w)", joined.lower()) == []


# ---------------------------------------------------------- choosing the language


def test_the_language_comes_from_the_option_the_variable_or_the_locale() -> None:
    assert i18n.language_from_environment({"ICTARCH_LANG": "vi", "LANG": "en_US"}) == "vi"
    assert i18n.language_from_environment({"LC_ALL": "vi_VN.UTF-8"}) == "vi"
    assert i18n.language_from_environment({"LANG": "vi_VN"}) == "vi"
    assert i18n.language_from_environment({"LANG": "de_DE.UTF-8"}) == "en"
    assert i18n.language_from_environment({}) == "en"
    assert language_in_arguments(["--lang", "vi", "validate"]) == "vi"
    assert language_in_arguments(["--help", "--lang=vi"]) == "vi"
    assert language_in_arguments(["validate", "--", "--lang", "vi"]) is None


def test_version_does_not_load_the_catalog(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "vi", "--version"], env={"ICTARCH_LANG": "vi"})
    assert result.exit_code == 0
    assert i18n._translation is None


def test_an_unknown_language_lists_the_choices_in_english(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "fr", "rules"])
    assert result.exit_code == 2
    assert "'fr' is not a supported language; choose from en, vi" in result.stderr


def test_an_unknown_language_in_the_environment_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules"], env={"ICTARCH_LANG": "fr"})
    assert result.exit_code == 2
    assert "ICTARCH_LANG='fr' is not a supported language; choose from en, vi" in result.stderr
    assert runner.invoke(app, ["--lang", "en", "rules"], env={"ICTARCH_LANG": "fr"}).exit_code == 0


def test_numbers_follow_the_language() -> None:
    i18n.set_language("vi")
    assert (i18n.integer(100000), i18n.decimal(1234.5)) == ("100.000", "1.234,5")
    i18n.set_language("en")
    assert (i18n.integer(100000), i18n.decimal(1234.5)) == ("100,000", "1,234.5")


# ------------------------------------------------------------------ help and usage


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "vi", "validate", "--help"],
        ["--help", "--lang", "vi"],
        ["--lang=vi", "diff", "--help"],
    ],
)
def test_help_is_vietnamese_with_the_option(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Cách dùng: ictarch")
    assert "Tùy chọn:" in result.stdout
    assert "Hiển thị hướng dẫn này rồi thoát." in result.stdout
    assert "Show this message" not in result.stdout


def test_help_is_vietnamese_with_the_environment(runner: CliRunner) -> None:
    result = runner.invoke(app, ["render", "--help"], env={"ICTARCH_LANG": "vi"})
    assert result.exit_code == 0
    assert "Vẽ các khung nhìn của kiến trúc" in result.stdout
    assert "[mặc định: " in result.stdout or "mặc định" in result.stdout
    english = CliRunner().invoke(app, ["--lang", "en", "render", "--help"])
    assert "Draw the architecture's views" in english.stdout


def test_usage_errors_are_vietnamese(runner: CliRunner) -> None:
    missing = runner.invoke(app, ["--lang", "vi", "validate"])
    assert missing.exit_code == 2
    assert "Cách dùng: ictarch validate" in missing.stderr
    assert "Chạy 'ictarch validate --help' để xem hướng dẫn." in missing.stderr
    assert "Lỗi: Thiếu tham số 'PATH...'." in missing.stderr
    wrong = runner.invoke(app, ["--lang", "vi", "validate", "--format", "nope", "x"])
    assert wrong.exit_code == 2
    assert "định dạng 'nope' không hợp lệ; chọn một trong: text, json, github, sarif" in (
        wrong.stderr
    )
    unknown = runner.invoke(app, ["--lang", "vi", "validate", "--nope", "x"])
    assert "Lỗi: Không có tùy chọn: --nope" in unknown.stderr


def test_usage_errors_stay_exactly_as_click_writes_them_in_english(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.stderr == (
        "Usage: ictarch validate [OPTIONS] {PATH...}\n"
        "Try 'ictarch validate --help' for help.\n\n"
        "Error: Missing argument 'PATH...'.\n"
    )


# --------------------------------------------------------------- findings, both ways


@pytest.fixture
def broken_quang_nam(tmp_path: Path) -> Path:
    """Quảng Nam with one misspelt dependency (lgps for lgsp)."""
    copy = tmp_path / "quang-nam"
    shutil.copytree(QUANG_NAM, copy)
    services = copy / "layers" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    services.write_text(text.replace("- lgsp\n", "- lgps\n", 1), encoding="utf-8")
    return copy


_ENGLISH_WORDS = re.compile(
    r"\b(the|is|not|of|and|but|which|error|errors|warning|warnings|element|elements|"
    r"relations|files?|depends|defined|mean|fails|these|one|any|has|no|see|also)\b"
)


def _outside_user_text(line: str) -> str:
    """A line without what comes from the user: quoted ids, paths, source excerpts."""
    if re.match(r"\s+\d*\s*\|", line):  # a source excerpt and its caret
        return ""
    line = re.sub(r"'[^']*'", "", line)
    line = re.sub(r"\S*/\S*", "", line)  # paths
    line = re.sub(r"\bICT\d{3}\b", "", line)
    # lists of ids after a colon (points of failure) are the user's ids
    return re.sub(r": [a-z0-9.,\s-]+( và \d+ phần tử khác)?$", ":", line)


def test_validate_in_vietnamese_says_nothing_in_english(
    runner: CliRunner, broken_quang_nam: Path
) -> None:
    result = runner.invoke(app, ["validate", str(broken_quang_nam)], env={"ICTARCH_LANG": "vi"})
    assert result.exit_code == 1
    out = result.stdout
    assert "lỗi       ICT202  'he-thong-tthc': không tìm thấy phần tử 'lgps'" in out
    assert "có phải ý bạn là 'lgsp'?" in out
    last = out.rstrip().splitlines()[-1]
    assert re.fullmatch(
        r"✖ 1 lỗi, \d+ cảnh báo — \d+ phần tử, \d+ quan hệ trong 5 tệp; trạng thái: hiện trạng",
        last,
    )
    leftovers = [
        (line, match.group())
        for line in out.splitlines()
        if (match := _ENGLISH_WORDS.search(_outside_user_text(line)))
    ]
    assert leftovers == []
    assert unicodedata.normalize("NFC", out) == out


def _without(data: Any, keys: set[str]) -> Any:
    if isinstance(data, dict):
        return {k: _without(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [_without(item, keys) for item in data]
    return data


@pytest.mark.parametrize(
    ("args", "human_keys"),
    [
        (["validate", "{broken}", "--format", "json"], {"message"}),
        (
            ["validate", "{broken}", "--format", "sarif"],
            {"message", "shortDescription", "fullDescription", "help"},
        ),
        (["diff", str(QUANG_NAM_2021), "{broken}", "--format", "json"], {"message"}),
        (["impact", str(QUANG_NAM), "tsdl-tinh", "--format", "json"], set()),
        (["analyze", str(QUANG_NAM), "--format", "json"], set()),
    ],
)
def test_json_differs_between_languages_only_in_message_texts(
    runner: CliRunner, broken_quang_nam: Path, args: list[str], human_keys: set[str]
) -> None:
    args = [arg.replace("{broken}", str(broken_quang_nam)) for arg in args]
    english = runner.invoke(app, ["--lang", "en", *args])
    vietnamese = runner.invoke(app, ["--lang", "vi", *args])
    assert english.exit_code == vietnamese.exit_code
    en_data, vi_data = json.loads(english.stdout), json.loads(vietnamese.stdout)
    assert _without(en_data, human_keys) == _without(vi_data, human_keys)
    if human_keys:
        assert english.stdout != vietnamese.stdout  # the messages themselves do change


def test_every_finding_code_reads_in_vietnamese(runner: CliRunner) -> None:
    from tests.test_cases import CASES

    for case in sorted(CASES.iterdir()):
        if not (case / "expected.txt").exists():
            continue
        result = runner.invoke(app, ["--lang", "vi", "validate", str(case), "--format", "json"])
        for finding in json.loads(result.stdout)["findings"]:
            words = finding["message"]
            for value in finding["args"].values():  # the user's own ids, keys and values
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str) and text:
                        words = words.replace(text, "")
            words = _outside_user_text(words)
            # the parser's own words (ICT001/ICT005) are quoted as the library wrote them
            if finding["code"] in ("ICT001", "ICT005"):
                words = words.split(":")[0]
            assert not _ENGLISH_WORDS.search(words), (case.name, finding["message"])


# ------------------------------------------------------------------ diagrams


def test_diagrams_in_vietnamese_have_the_legend_with_diacritics(
    runner: CliRunner, tmp_path: Path
) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz dot is not installed")
    out = tmp_path / "diagrams"
    result = runner.invoke(
        app,
        [
            "--lang",
            "vi",
            "render",
            str(QUANG_NAM),
            "--view",
            "overview",
            "-f",
            "svg",
            "-f",
            "png",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    svg = (out / "overview.svg").read_text(encoding="utf-8")
    assert ">Chú giải</text>" in svg
    assert "nền tảng dùng chung" in svg
    assert "A → B: A phụ thuộc vào B" in svg
    assert unicodedata.normalize("NFC", svg) == svg
    assert (out / "overview.png").read_bytes().startswith(b"\x89PNG")
    everything = runner.invoke(
        app, ["--lang", "vi", "render", str(QUANG_NAM), "-f", "mermaid", "-o", str(out)]
    )
    assert everything.exit_code == 0, everything.output
    index = (out / "index.md").read_text(encoding="utf-8")
    assert index.startswith("# Sơ đồ: ")
    assert "| Khung nhìn | Tiêu đề | Số phần tử | Tệp |" in index


def test_default_layer_names_follow_the_language(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--lang", "vi", "init", str(tmp_path / "a")])
    assert result.exit_code == 0
    assert "đã tạo kiến trúc" in result.stdout
    root = tmp_path / "a" / "architecture.yaml"
    text = root.read_text(encoding="utf-8")
    root.write_text(re.sub(r"(?ms)^layers:.*?(?=^\S)", "", text), encoding="utf-8")
    mermaid = runner.invoke(
        app, ["--lang", "vi", "render", str(tmp_path / "a"), "-f", "mermaid", "-o", str(tmp_path)]
    )
    assert mermaid.exit_code == 0, mermaid.output
    overview = (tmp_path / "overview.mmd").read_text(encoding="utf-8")
    for name in ("Cơ quan, đơn vị", "Dịch vụ, ứng dụng", "Nền tảng dùng chung", "Hạ tầng"):
        assert name in overview
