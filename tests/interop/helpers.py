"""The official schemas and real models of ../shared/interop, and validators built on them.

The folder is looked up at ``$ICTARCH_INTEROP``, then ``../shared/interop`` beside
the repository (where CI has it), then two levels up (a git worktree under
``wt/``). Tests that need it are skipped with the reason when it is absent.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO


def _interop() -> Path | None:
    candidates = [
        Path(os.environ["ICTARCH_INTEROP"]) if os.environ.get("ICTARCH_INTEROP") else None,
        REPO.parent / "shared" / "interop",
        REPO.parent.parent / "shared" / "interop",
    ]
    return next((path for path in candidates if path is not None and path.is_dir()), None)


INTEROP = _interop()
needs_interop = pytest.mark.skipif(
    INTEROP is None,
    reason="../shared/interop (official schemas and real models) is not here; "
    "set ICTARCH_INTEROP to its path",
)
ARCHIMATE_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def interop(*parts: str) -> Path:
    assert INTEROP is not None
    return INTEROP.joinpath(*parts)


@functools.cache
def archimate_schema() -> Any:
    """The ArchiMate 3.1 exchange XSDs with Dublin Core, xml.xsd served locally."""
    from lxml import etree

    xsd = interop("archimate", "xsd")

    class Local(etree.Resolver):  # type: ignore[misc]
        def resolve(self, url: str, pubid: str, context: Any) -> Any:
            if url.endswith("/xml.xsd"):
                return self.resolve_filename(str(xsd / "xml.xsd"), context)
            return None

    diagram, dublin_core = (xsd / "archimate3_Diagram.xsd").as_uri(), (xsd / "dc.xsd").as_uri()
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="{ARCHIMATE_NS}" schemaLocation="{diagram}"/>
  <xs:import namespace="http://purl.org/dc/elements/1.1/" schemaLocation="{dublin_core}"/>
</xs:schema>"""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(Local())
    document = etree.fromstring(wrapper.encode(), parser, base_url=(xsd / "w.xsd").as_uri())
    return etree.XMLSchema(document)


@functools.cache
def graphml_schema() -> Any:
    from lxml import etree

    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(interop("graphml", "xsd", "graphml.xsd")), parser))


def xsd_errors(schema: Any, data: bytes) -> list[str]:
    from lxml import etree

    document = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    if schema.validate(document):
        return []
    return [f"{error.line}: {error.message}" for error in schema.error_log]


@functools.cache
def backstage_validators() -> dict[str, Any]:
    """A Draft 7 validator per kind, the schemas registered by their $id."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    directory = interop("backstage", "schemas")
    paths = sorted(directory.rglob("*.schema.json"))
    schemas = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    registry = Registry().with_resources(
        (schema["$id"], Resource(schema, specification=DRAFT7)) for schema in schemas
    )
    return {
        path.name.split(".")[0]: jsonschema.Draft7Validator(
            schema, registry=registry, format_checker=jsonschema.FormatChecker()
        )
        for path, schema in zip(paths, schemas, strict=True)
        if path.parent.name == "kinds" and path.name.count(".") == 3
    }


@functools.cache
def structurizr_validator() -> Any:
    """The Workspace schema of Structurizr's OpenAPI 3.0 definition (a draft-4 dialect)."""
    import jsonschema
    import yaml

    api = yaml.safe_load(interop("structurizr", "schema", "structurizr.yaml").read_text("utf-8"))
    return jsonschema.Draft4Validator(dict(api, **{"$ref": "#/components/schemas/Workspace"}))
