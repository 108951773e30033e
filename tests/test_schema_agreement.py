"""The compiled schema checker agrees with jsonschema's Draft 2020-12 validator.

ictarch.model.schema compiles the JSON Schemas into fast closures over located
YAML values. jsonschema is the reference: on the bundled architectures, on a
corpus of invalid documents and on random element mappings, "the compiled
checker finds no ICT1xx" must hold exactly when "jsonschema finds no error".
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ictarch.findings import Finding
from ictarch.model.schema import SCHEMA_FILES, check_against_schema, load_schema, schema_text
from ictarch.model.yamlsource import Limits, parse_yaml_text, read_yaml_file
from tests.conftest import QUANG_NAM, QUANG_NAM_2021, REPO

ARCHITECTURE = "architecture.schema.json"
LAYER = "layer.schema.json"

REGISTRY: Registry[Any] = Registry().with_resources(
    (name, Resource.from_contents(load_schema(name), default_specification=DRAFT202012))
    for name in SCHEMA_FILES
)


def reference_validator(schema_name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": schema_name}, registry=REGISTRY)


VALIDATORS = {name: reference_validator(name) for name in (ARCHITECTURE, LAYER)}


def parse(text: str) -> Any:
    findings: list[Finding] = []
    value = parse_yaml_text(text, "doc.yaml", Limits(), findings)
    assert findings == [], findings
    return value


def schema_findings(value: Any, schema_name: str) -> list[Finding]:
    return [
        finding
        for finding in check_against_schema(value, schema_name, "doc.yaml")
        if finding.code.startswith("ICT1")
    ]


def reference_errors(value: Any, schema_name: str) -> list[str]:
    return [error.message for error in VALIDATORS[schema_name].iter_errors(value)]


# The schemas themselves


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_packaged_schema_is_the_one_in_the_repository(name: str) -> None:
    assert schema_text(name) == (REPO / "schemas" / name).read_text(encoding="utf-8")


# The bundled architectures: valid in both


def bundled_files() -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    for architecture in (QUANG_NAM, QUANG_NAM_2021):
        files.append((architecture / "architecture.yaml", ARCHITECTURE))
        files += [(path, LAYER) for path in sorted((architecture / "layers").glob("*.yaml"))]
    return files


@pytest.mark.parametrize(
    ("path", "schema_name"),
    bundled_files(),
    ids=lambda item: item.relative_to(REPO).as_posix() if isinstance(item, Path) else "",
)
def test_bundled_file_is_valid_in_both(path: Path, schema_name: str) -> None:
    document = read_yaml_file(path, path.name, Limits())
    assert document.findings == []
    assert schema_findings(document.value, schema_name) == []
    assert reference_errors(document.value, schema_name) == []


def test_bundled_architectures_have_many_files() -> None:
    assert len(bundled_files()) >= 10


# Invalid documents: invalid in both

INVALID_ROOTS = {
    "missing architecture": "ictarch: 1\n",
    "version 2": "ictarch: 2\narchitecture: {id: a, name: A}\n",
    "version as text": "ictarch: '1'\narchitecture: {id: a, name: A}\n",
    "architecture without name": "ictarch: 1\narchitecture: {id: a}\n",
    "unknown architecture field": "ictarch: 1\narchitecture: {id: a, name: A, ownr: b}\n",
    "version as a number": "ictarch: 1\narchitecture: {id: a, name: A, version: 2.0}\n",
    "released not a date": "ictarch: 1\narchitecture: {id: a, name: A, released: 10/10/2022}\n",
    "include not a list": "ictarch: 1\narchitecture: {id: a, name: A}\ninclude: layers/*.yaml\n",
    "empty include pattern": "ictarch: 1\narchitecture: {id: a, name: A}\ninclude: ['']\n",
    "no layers": "ictarch: 1\narchitecture: {id: a, name: A}\nlayers: []\n",
    "layer without name": "ictarch: 1\narchitecture: {id: a, name: A}\nlayers: [{id: x}]\n",
    "view without id": "ictarch: 1\narchitecture: {id: a, name: A}\nviews: [{title: T}]\n",
    "view negative depth": "ictarch: 1\narchitecture: {id: a, name: A}\n"
    "views: [{id: v, depth: -1}]\n",
    "view unknown status": "ictarch: 1\narchitecture: {id: a, name: A}\n"
    "views: [{id: v, status: [live]}]\n",
    "view bad direction": "ictarch: 1\narchitecture: {id: a, name: A}\n"
    "views: [{id: v, direction: up}]\n",
    "view boolean depth": "ictarch: 1\narchitecture: {id: a, name: A}\n"
    "views: [{id: v, depth: true}]\n",
    "rule severity": "ictarch: 1\narchitecture: {id: a, name: A}\nrules: {ICT301: fatal}\n",
    "rule on": "ictarch: 1\narchitecture: {id: a, name: A}\nrules: {ICT301: on}\n",
    "render max_nodes": "ictarch: 1\narchitecture: {id: a, name: A}\nrender: {max_nodes: 1}\n",
    "render unknown": "ictarch: 1\narchitecture: {id: a, name: A}\nrender: {colour: red}\n",
    "custom layer not a list": "ictarch: 1\narchitecture: {id: a, name: A}\nvung: abc\n",
    "conforms_to text": "ictarch: 1\narchitecture: {id: a, name: A}\nconforms_to: vn-egov\n",
    "conforms_to without framework": "ictarch: 1\narchitecture: {id: a, name: A}\n"
    "conforms_to: {version: '2.0'}\n",
    "conforms_to version number": "ictarch: 1\narchitecture: {id: a, name: A}\n"
    "conforms_to: [{framework: vn-egov, version: 2.0}]\n",
    "conforms_to empty list": "ictarch: 1\narchitecture: {id: a, name: A}\nconforms_to: []\n",
    "frameworks not a list": "ictarch: 1\narchitecture: {id: a, name: A}\nframeworks: f.yaml\n",
    "a list": "- ictarch: 1\n",
    "a scalar": "ictarch\n",
}

INVALID_LAYERS = {
    "element without name": "agencies: [{id: a}]\n",
    "element without id": "agencies: [{name: A}]\n",
    "upper-case id": "agencies: [{id: UBND, name: A}]\n",
    "id with a space": "agencies: [{id: 'so tttt', name: A}]\n",
    "id too long": "agencies: [{id: " + "a" * 201 + ", name: A}]\n",
    "empty name": "agencies: [{id: a, name: ''}]\n",
    "number name": "agencies: [{id: a, name: 12}]\n",
    "boolean name": "agencies: [{id: a, name: no}]\n",
    "unknown field": "agencies: [{id: a, name: A, dependson: [b]}]\n",
    "status typo": "agencies: [{id: a, name: A, status: operationl}]\n",
    "criticality": "agencies: [{id: a, name: A, criticality: extreme}]\n",
    "tags text": "agencies: [{id: a, name: A, tags: x}]\n",
    "tags repeated": "agencies: [{id: a, name: A, tags: [x, x]}]\n",
    "tag upper-case": "agencies: [{id: a, name: A, tags: [X]}]\n",
    "implements number": "agencies: [{id: a, name: A, implements: [1]}]\n",
    "link without url": "agencies: [{id: a, name: A, links: [{title: T}]}]\n",
    "link unknown field": "agencies: [{id: a, name: A, links: [{url: u, href: h}]}]\n",
    "depends_on text": "agencies: [{id: a, name: A, depends_on: b}]\n",
    "depends_on bad id": "agencies: [{id: a, name: A, depends_on: [B]}]\n",
    "dependency without id": "agencies: [{id: a, name: A, depends_on: [{description: d}]}]\n",
    "dependency id and any_of": "agencies: [{id: a, name: A, depends_on: [{id: b, any_of: [c]}]}]"
    "\n",
    "empty any_of": "agencies: [{id: a, name: A, depends_on: [{any_of: []}]}]\n",
    "any_of text": "agencies: [{id: a, name: A, depends_on: [{any_of: b}]}]\n",
    "nested any_of": "agencies: [{id: a, name: A, depends_on: [{any_of: [{any_of: [b]}]}]}]\n",
    "dependency number": "agencies: [{id: a, name: A, depends_on: [12]}]\n",
    "dependency null": "agencies: [{id: a, name: A, depends_on: [~]}]\n",
    "layer not a list": "agencies: {id: a, name: A}\n",
    "element not a mapping": "agencies: [ubnd]\n",
    "renamed_from bad id": "agencies: [{id: a, name: A, renamed_from: 'Old Id'}]\n",
    "waivers not a list": "agencies: [{id: a, name: A, waivers: {code: ICT401}}]\n",
    "waiver without reason": "agencies: [{id: a, name: A, waivers: [{code: ICT401}]}]\n",
    "waiver without code": "agencies: [{id: a, name: A, waivers: [{reason: R}]}]\n",
    "waiver empty reason": "agencies: [{id: a, name: A, waivers: [{code: ICT401, reason: ''}]}]\n",
    "waiver lower-case code": "agencies: [{id: a, name: A, waivers: [{code: ict401, reason: R}]}]"
    "\n",
    "waiver rule name": "agencies: [{id: a, name: A, waivers: [{code: missing-owner, reason: R}]}]"
    "\n",
    "waiver until not a date": "agencies: [{id: a, name: A, "
    "waivers: [{code: ICT401, reason: R, until: next year}]}]\n",
    "waiver unknown field": "agencies: [{id: a, name: A, "
    "waivers: [{code: ICT401, reason: R, expires: '2030-01-01'}]}]\n",
    "source without title": "agencies: [{id: a, name: A, sources: [{url: 'https://x'}]}]\n",
    "source bad date": "agencies: [{id: a, name: A, sources: [{title: T, date: '10/10/2022'}]}]\n",
    "source unknown field": "agencies: [{id: a, name: A, sources: [{title: T, link: u}]}]\n",
    "sources not a list": "agencies: [{id: a, name: A, sources: {title: T}}]\n",
}

VALID_TRICKY = {
    ARCHITECTURE: {
        "rules off unquoted": "ictarch: 1\narchitecture: {id: a, name: A}\n"
        "rules: {ICT402: off, missing-owner: info}\n",
        "extensions anywhere": "ictarch: 1\narchitecture: {id: a, name: A, x-a: [1]}\n"
        "x-b: {c: d}\nlayers: [{id: l, name: L, x-c: 1}]\nviews: [{id: v, x-d: 1}]\n",
        "custom layer key": "ictarch: 1\narchitecture: {id: a, name: A}\nvung: []\n",
        "conforms_to forms": "ictarch: 1\narchitecture: {id: a, name: A}\n"
        "conforms_to: [{framework: vn-egov, version: '2.0', profile: province, x-n: 1}, "
        "{framework: ict-smartcity}]\nframeworks: [khung/qn.yaml]\n",
        "conforms_to one mapping": "ictarch: 1\narchitecture: {id: a, name: A}\n"
        "conforms_to: {framework: vn-egov}\n",
        "full view": "ictarch: 1\narchitecture: {id: a, name: A}\nviews: [{id: v, depth: 0, "
        "max_nodes: 2, direction: dependents, group_by: owner, status: [planned]}]\n",
    },
    LAYER: {
        "every dependency form": "platforms:\n  - id: a\n    name: 'Tên \"có\" ngoặc'\n"
        "    depends_on: [b, {id: c}, {id: d, description: D, x-e: 1}, "
        "{any_of: [e, {id: f}], description: G}]\n",
        "single any_of": "platforms: [{id: a, name: A, depends_on: [{any_of: [b]}]}]\n",
        "empty lists": "platforms: [{id: a, name: A, tags: [], depends_on: [], links: []}]\n",
        "empty layer": "platforms: []\n",
        "dots and digits": "platforms: [{id: 1.a-b, name: A, implements: [vn-egov.lgsp]}]\n",
        "waivers": "platforms: [{id: a, name: A, waivers: [{code: ICT306, reason: R}, "
        "{code: ICT401, reason: R, until: 2030-01-01, x-ticket: 7}]}]\n",
        "sources": "platforms: [{id: a, name: A, sources: [{title: T}, "
        "{title: 'Báo Quảng Nam', url: 'https://baoquangnam.vn', date: '2022-10-10', x-k: 1}]}]\n",
    },
}


@pytest.mark.parametrize(("name", "text"), INVALID_ROOTS.items(), ids=list(INVALID_ROOTS))
def test_invalid_root_is_invalid_in_both(name: str, text: str) -> None:
    value = parse(text)
    assert schema_findings(value, ARCHITECTURE) != []
    assert reference_errors(value, ARCHITECTURE) != []


@pytest.mark.parametrize(("name", "text"), INVALID_LAYERS.items(), ids=list(INVALID_LAYERS))
def test_invalid_layer_file_is_invalid_in_both(name: str, text: str) -> None:
    value = parse(text)
    assert schema_findings(value, LAYER) != []
    assert reference_errors(value, LAYER) != []


@pytest.mark.parametrize(
    ("schema_name", "text"),
    [(schema_name, text) for schema_name, texts in VALID_TRICKY.items() for text in texts.values()],
    ids=[name for texts in VALID_TRICKY.values() for name in texts],
)
def test_tricky_valid_document_is_valid_in_both(schema_name: str, text: str) -> None:
    value = parse(text)
    assert schema_findings(value, schema_name) == []
    assert reference_errors(value, schema_name) == []


def test_integral_float_for_an_integer_agrees() -> None:
    value = parse("ictarch: 1\narchitecture: {id: a, name: A}\nviews: [{id: v, depth: 1.0}]\n")
    assert reference_errors(value, ARCHITECTURE) == []
    assert schema_findings(value, ARCHITECTURE) == []


def test_id_with_a_trailing_newline_is_invalid() -> None:
    value = parse('agencies: [{id: "ubnd\\n", name: A}]\n')
    assert schema_findings(value, LAYER) != []


# Random element mappings: a valid element, then up to three fields replaced by values
# drawn from pools of valid and invalid ones (or removed), so that both outcomes occur.

IDS = ["lgsp", "a", "tsdl-tinh", "vn-egov.lgsp", "0x"]
BAD_IDS = ["LGSP", "-x", ".a", "", "a b", "ủy-ban", "a" * 201, 12, 1.5, True, None, ["a"], {"a": 1}]
TEXTS = ["Quảng Nam", 'Cổng "một cửa"', "it's", "x", "Sở TT&TT: <b>", "2022-10-10", "no"]
BAD_TEXTS = ["", 0, 2.0, False, None, ["Quảng Nam"], {"name": "x"}]
STATUSES = ["planned", "building", "operational", "deprecated", "retired"]
CRITICALITIES = ["low", "medium", "high", "critical"]
REMOVED = object()

# Any text but control characters and line separators, which PyYAML's emitter folds.
PRINTABLE = st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"))

ID = st.sampled_from(IDS)
TEXT = st.one_of(st.sampled_from(TEXTS), st.text(PRINTABLE, min_size=1, max_size=8))
ANY_ID = st.sampled_from(IDS + BAD_IDS)
ANY_TEXT = st.one_of(st.sampled_from(TEXTS + BAD_TEXTS), st.text(PRINTABLE, max_size=8))

DEPENDENCY = st.one_of(
    ID,
    st.fixed_dictionaries({"id": ID}, optional={"description": TEXT, "x-note": ANY_TEXT}),
    st.fixed_dictionaries(
        {"any_of": st.lists(st.one_of(ID, st.fixed_dictionaries({"id": ID})), min_size=1)},
        optional={"description": TEXT},
    ),
)
ANY_DEPENDENCY = st.one_of(
    ANY_ID,
    st.fixed_dictionaries({}, optional={"id": ANY_ID, "description": ANY_TEXT, "kind": ANY_TEXT}),
    st.fixed_dictionaries(
        {},
        optional={
            "any_of": st.one_of(
                st.lists(st.one_of(ANY_ID, st.fixed_dictionaries({"id": ANY_ID})), max_size=3),
                ANY_ID,
            ),
            "description": ANY_TEXT,
            "id": ANY_ID,
        },
    ),
)
LINK = st.fixed_dictionaries({"url": TEXT}, optional={"title": TEXT})
ANY_LINK = st.one_of(
    st.fixed_dictionaries({}, optional={"url": ANY_TEXT, "title": ANY_TEXT, "href": TEXT}),
    ANY_TEXT,
)

WAIVER = st.fixed_dictionaries(
    {"code": st.sampled_from(["ICT306", "ICT401", "ICT999"]), "reason": TEXT},
    optional={"until": st.sampled_from(["2030-01-01", "1999-12-31"]), "x-ticket": ANY_TEXT},
)
# Impossible dates (2030-02-30) are left out: jsonschema checks no formats by default.
ANY_WAIVER = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "code": st.sampled_from(["ICT401", "ict401", "ICT40", "missing-owner", 401, None]),
            "reason": ANY_TEXT,
            "until": st.sampled_from(["2030-01-01", "2030-1-1", "soon", 2030, None]),
            "expires": TEXT,
        },
    ),
    ANY_TEXT,
)

VALID_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "kind": ID,
    "description": TEXT,
    "owner": ID,
    "operator": ID,
    "status": st.sampled_from(STATUSES),
    "criticality": st.sampled_from(CRITICALITIES),
    "tags": st.lists(ID, unique=True, max_size=3),
    "implements": st.lists(ID, unique=True, max_size=3),
    "links": st.lists(LINK, max_size=2),
    "renamed_from": ID,
    "depends_on": st.lists(DEPENDENCY, max_size=3),
    "waivers": st.lists(WAIVER, max_size=2),
    "x-extension": st.one_of(ANY_TEXT, st.lists(ANY_TEXT, max_size=2)),
}
ANY_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "id": st.one_of(ANY_ID, st.just(REMOVED)),
    "name": st.one_of(ANY_TEXT, st.just(REMOVED)),
    "kind": ANY_ID,
    "description": ANY_TEXT,
    "owner": ANY_ID,
    "operator": ANY_ID,
    "status": st.sampled_from([*STATUSES, "operationl", "Operational", "", 1, True, None]),
    "criticality": st.sampled_from([*CRITICALITIES, "extreme", 3, None]),
    "tags": st.one_of(st.lists(ANY_ID, max_size=3), ANY_ID),
    "implements": st.one_of(st.lists(ANY_ID, max_size=3), ANY_TEXT),
    "links": st.one_of(st.lists(ANY_LINK, max_size=2), ANY_TEXT),
    "renamed_from": ANY_ID,
    "depends_on": st.one_of(st.lists(ANY_DEPENDENCY, max_size=3), ANY_ID),
    "waivers": st.one_of(st.lists(ANY_WAIVER, max_size=2), ANY_TEXT),
    "dependson": st.lists(ID, max_size=2),
    "Name": TEXT,
    "x-y": ANY_TEXT,
}


@st.composite
def elements(draw: st.DrawFn) -> dict[str, Any]:
    element: dict[str, Any] = draw(
        st.fixed_dictionaries({"id": ID, "name": TEXT}, optional=VALID_FIELDS)
    )
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        field = draw(st.sampled_from(sorted(ANY_FIELDS)))
        value = draw(ANY_FIELDS[field])
        if value is REMOVED:
            element.pop(field, None)
        else:
            element[field] = value
    return element


def as_yaml(value: Any) -> str:
    text: str = yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
    return text


@settings(max_examples=300, deadline=None)
@given(element=elements(), flow=st.booleans())
def test_compiled_checker_agrees_with_jsonschema_on_random_elements(
    element: dict[str, Any], flow: bool
) -> None:
    document = {"platforms": [element]}
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, default_flow_style=flow)
    value = parse(text)
    # the YAML round trip kept every value (text comes back in NFC, as ictarch compares it)
    expected = json.loads(unicodedata.normalize("NFC", json.dumps(document, ensure_ascii=False)))
    assert json.loads(json.dumps(value)) == expected
    compiled = schema_findings(value, LAYER)
    reference = reference_errors(value, LAYER)
    assert (compiled == []) == (reference == []), (text, compiled, reference)


def test_closest_among_many_choices_is_what_difflib_answers_edit_after_edit() -> None:
    """``closest`` remembers answers among many choices: the same word and the same set
    (in any order) give difflib's answer, and a changed set is searched again."""
    import difflib
    import random

    from ictarch.model.schema import closest

    rng = random.Random(7)
    ids = [f"svc-{n:05d}" for n in range(3000)]

    def expected(word: str, choices: list[str]) -> str | None:
        found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
        return found[0] if found else None

    for step in range(40):
        word = rng.choice(["svc-01234x", "svc-0123", "svx-00042", "zzz", f"svc-{step:05d}y"])
        shuffled = ids[:]
        rng.shuffle(shuffled)
        assert closest(word, shuffled) == expected(word, ids), step
        if step % 5 == 0:  # the set changes: a closer choice may appear
            ids.append(word.rstrip("xy") + "q" if step % 10 else word + "-moi")
