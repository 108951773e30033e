"""ictarch.model.yamlsource: located values, NFC, YAML 1.1 traps, limits and tags."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest

from ictarch.findings import Finding
from ictarch.model.schema import check_against_schema
from ictarch.model.yamlsource import (
    Limits,
    YamlList,
    YamlMap,
    decode_utf8,
    parse_yaml_text,
    position_of,
    read_yaml_file,
)


def parse(text: str, limits: Limits | None = None) -> tuple[Any, list[Finding]]:
    findings: list[Finding] = []
    value = parse_yaml_text(text, "f.yaml", limits or Limits(), findings)
    return value, findings


def located(findings: list[Finding]) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in findings]


# Locations


def test_positions_of_keys_and_values_are_one_based() -> None:
    value, findings = parse("ictarch: 1\narchitecture:\n  id: quang-nam\n  name:   Quảng Nam\n")
    assert findings == []
    assert isinstance(value, YamlMap)
    assert (value.line, value.column) == (1, 1)
    assert value.key_position("ictarch") == (1, 1)
    assert value.value_position("ictarch") == (1, 10)
    metadata = value["architecture"]
    assert isinstance(metadata, YamlMap)
    assert (metadata.line, metadata.column) == (3, 3)
    assert value.value_position("architecture") == (3, 3)
    assert metadata.key_position("name") == (4, 3)
    assert metadata.value_position("name") == (4, 11)


def test_positions_of_list_items_block_and_flow() -> None:
    text = "agencies:\n  - id: a\n  -   id: b\ntags: [x,  y]\n"
    value, _ = parse(text)
    agencies = value["agencies"]
    assert isinstance(agencies, YamlList)
    assert (agencies.line, agencies.column) == (2, 3)
    assert agencies.item_position(0) == (2, 5)
    assert agencies.item_position(1) == (3, 7)
    assert agencies[1].key_position("id") == (3, 7)
    tags = value["tags"]
    assert isinstance(tags, YamlList)
    assert tags.item_position(0) == (4, 8)
    assert tags.item_position(1) == (4, 12)


def test_columns_count_characters_not_bytes() -> None:
    value, _ = parse("tên: Quảng Nam\nmô-tả: {khóa: giá-trị}\n")
    assert value.value_position("tên") == (1, 6)
    assert value["mô-tả"].value_position("khóa") == (2, 15)


def test_unknown_key_and_index_fall_back_to_the_container() -> None:
    value, _ = parse("a:\n  - x\n")
    assert value.key_position("missing") == (1, 1)
    assert value.value_position("missing") == (1, 1)
    assert value["a"].item_position(5) == (2, 3)
    assert position_of(value["a"]) == (2, 3)
    assert position_of("text", (7, 7)) == (7, 7)


# Unicode


def test_nfd_text_becomes_nfc(tmp_path: Path) -> None:
    name = "Quảng Nam"
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    path = tmp_path / "a.yaml"
    path.write_text(f"name: {decomposed}\n{decomposed}: key\n", encoding="utf-8")
    document = read_yaml_file(path, "a.yaml", Limits())
    assert document.findings == []
    assert document.value["name"] == name
    assert name in document.value
    # the text is kept as written, so that columns count the characters in the file
    assert document.text.startswith(f"name: {decomposed}")


def test_columns_after_nfd_text_count_the_characters_in_the_file(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Quảng Nam ịệ")
    path = tmp_path / "a.yaml"
    path.write_text(f"- [{decomposed!r}, target]\n".replace("'", '"'), encoding="utf-8")
    document = read_yaml_file(path, "a.yaml", Limits())
    item = document.value[0]
    line, column = item.item_position(1)
    assert (line, column) == (1, path.read_text(encoding="utf-8").index("target") + 1)


def test_utf8_byte_order_mark_is_accepted() -> None:
    findings: list[Finding] = []
    assert decode_utf8("\ufeffname: Hội An".encode(), "a.yaml", findings) == "name: Hội An"
    assert findings == []


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_is_refused_with_a_clear_message(bom: bytes) -> None:
    findings: list[Finding] = []
    data = bom + "name: Hội An".encode("utf-16-le" if bom == b"\xff\xfe" else "utf-16-be")
    assert decode_utf8(data, "a.yaml", findings) is None
    assert located(findings) == [("ICT002", 1, 1)]
    assert "UTF-16" in findings[0].message


def test_invalid_utf8_is_located_at_the_bad_byte() -> None:
    findings: list[Finding] = []
    data = "a: ổn\nb: Qu".encode() + b"\xe1ng\n"
    assert decode_utf8(data, "a.yaml", findings) is None
    assert located(findings) == [("ICT002", 2, 6)]
    assert "0xe1" in findings[0].message


def test_nul_character_is_an_encoding_finding() -> None:
    value, findings = parse('a: "x\x00"\n')
    assert value is None
    assert located(findings) == [("ICT002", 1, 6)]


def test_nul_character_after_vietnamese_text_is_located_exactly() -> None:
    _, findings = parse("tên: Ủy ban nhân dân tỉnh Quảng Nam\nmô tả: Sở Thông tin\nx: 'a\x00'\n")
    assert located(findings) == [("ICT002", 3, 6)]


# YAML 1.1 traps


def test_keys_are_always_the_text_written() -> None:
    value, findings = parse("no: a\non: b\n1: c\n2022-10-10: d\nnull: e\n~: f\ntrue: g\n")
    assert findings == []
    assert list(value) == ["no", "on", "1", "2022-10-10", "null", "~", "true"]


def test_dates_stay_text() -> None:
    value, _ = parse("released: 2022-10-10\nat: 2022-10-10 08:30:00\n")
    assert value == {"released": "2022-10-10", "at": "2022-10-10 08:30:00"}


def test_scalars_keep_their_yaml_types() -> None:
    value, _ = parse(
        "a: no\nb: yes\nc: 2.0\nd: 12\ne: ~\nf: '2.0'\ng: 0x1F\nh: 017\ni: !!str 12\nj: text\n"
    )
    assert value == {
        "a": False,
        "b": True,
        "c": 2.0,
        "d": 12,
        "e": None,
        "f": "2.0",
        "g": 31,
        "h": 15,
        "i": "12",
        "j": "text",
    }
    assert type(value["d"]) is int


def test_keys_are_the_text_written_and_items_are_typed_like_values() -> None:
    value, findings = parse("1: a\nyes: b\n~: c\n'<<': d\nl: [1, yes, '1', ~, x]\n")
    assert findings == []
    assert list(value) == ["1", "yes", "~", "<<", "l"]
    assert value["l"] == [1, True, "1", None, "x"]


def test_explicit_types_that_do_not_fit_are_findings() -> None:
    value, findings = parse("a: !!bool maybe\nb: !!int x\nc: !!float abc\n")
    assert value == {"a": "maybe", "b": "x", "c": "abc"}
    assert located(findings) == [("ICT011", 1, 4), ("ICT011", 2, 4), ("ICT011", 3, 4)]
    assert "'maybe' is not a valid !!bool" in findings[0].message


def test_a_plain_merge_key_as_a_value_is_an_unsupported_tag() -> None:
    value, findings = parse("a: <<\nb: [<<]\n")
    assert value == {"a": None, "b": [None]}
    assert located(findings) == [("ICT011", 1, 4), ("ICT011", 2, 5)]
    assert "'!!merge'" in findings[0].message


def as_layer_file(element: YamlMap) -> YamlMap:
    """Wrap one element mapping into a layer file: {agencies: [element]}."""
    items = YamlList(element.line, element.column)
    items.append(element)
    items.item_positions.append((element.line, element.column))
    layer = YamlMap(1, 1)
    layer["agencies"] = items
    layer.positions["agencies"] = (1, 1, element.line, element.column)
    return layer


def test_unquoted_no_is_reported_by_the_schema_with_a_hint_to_quote() -> None:
    value, _ = parse("id: ubnd\nname: no\n")
    findings = check_against_schema(as_layer_file(value), "layer.schema.json", "agencies.yaml")
    assert located(findings) == [("ICT103", 2, 7)]
    message = findings[0].message
    assert "the boolean false" in message
    assert "yes/no/on/off" in message
    assert "put it in quotes" in message


# Duplicate keys, merges, aliases


def test_duplicate_key_keeps_the_first_and_points_to_it() -> None:
    value, findings = parse("name: A\nid: x\nname: B\n")
    assert value["name"] == "A"
    assert located(findings) == [("ICT003", 3, 1)]
    assert [str(where) for where in findings[0].related] == ["f.yaml:1:1"]


def test_merge_key_merges_and_explicit_keys_win() -> None:
    value, findings = parse("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n")
    assert findings == []
    assert value["m"] == {"x": 1, "y": 3}
    assert value["m"].key_position("x") == (1, 11)


def test_merge_key_needs_a_mapping() -> None:
    value, findings = parse("m:\n  <<: 5\n  a: 1\n")
    assert value["m"] == {"a": 1}
    assert located(findings) == [("ICT001", 2, 7)]


def test_aliases_within_the_limit_are_expanded() -> None:
    value, findings = parse("a: &x [1, 2]\nb: *x\nc: *x\n")
    assert findings == []
    assert value["b"] == value["c"] == [1, 2]


def test_alias_limit_is_configurable() -> None:
    text = "a: &a [1, 2, 3]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
    assert parse(text)[1] == []
    _, findings = parse(text, Limits(max_alias_nodes=10))
    assert [f.code for f in findings] == ["ICT004"]


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {self: *a}\n", "a: &a\n  - b: &b [*a]\n"])
def test_recursive_alias_is_refused(text: str) -> None:
    _, findings = parse(text)
    assert [f.code for f in findings] == ["ICT004"]
    assert "contains it" in findings[0].message


# Depth and tags


def test_depth_limit_is_reported_once() -> None:
    value, findings = parse("a: [[[[x]]]]\nb: [[[[y]]]]\n", Limits(max_depth=3))
    assert located(findings) == [("ICT005", 1, 6)]
    assert value["a"] == [[None]]


def test_very_deep_flow_nesting_is_a_depth_finding() -> None:
    value, findings = parse("[" * 5000 + "]" * 5000)
    assert value is None
    assert [f.code for f in findings] == ["ICT005"]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object/apply:os.system ['true']", "python/object/apply:os.system"),
        ("a: !!python/name:os.system", "python/name:os.system"),
        ("a: !!binary aGVsbG8=", "binary"),
        ("a: !custom x", "!custom"),
        ("a: !!set {x, y}", "set"),
        ("a: !!omap [b: 1]", "omap"),
        ("a: !!python/object:os.PathLike {}", "python/object:os.PathLike"),
    ],
)
def test_only_plain_tags_are_read(text: str, tag: str) -> None:
    value, findings = parse(text)
    assert value == {"a": None}
    assert located(findings) == [("ICT011", 1, 4)]
    assert tag in findings[0].message


def test_syntax_error_is_located_and_multiple_documents_are_refused() -> None:
    _, findings = parse("a: [1, 2\nb: 3\n")
    assert located(findings) == [("ICT001", 2, 2)]
    assert "did not find expected ',' or ']'" in findings[0].message
    _, findings = parse("a: 1\n---\nb: 2\n")
    assert located(findings) == [("ICT001", 2, 1)]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_document_is_none_without_findings(text: str) -> None:
    assert parse(text) == (None, [])


def test_read_yaml_file_keeps_the_text_for_excerpts(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes("name: Hội An\r\n".encode())
    document = read_yaml_file(path, "a.yaml", Limits())
    assert document.value == {"name": "Hội An"}
    assert document.text == "name: Hội An\r\n"
    assert document.display == "a.yaml"
