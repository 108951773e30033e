"""The rule registry: every finding code ictarch can produce, in one place.

Checks over a loaded architecture are listed in ``CHECKS``, and those that
answer for a lifecycle state in ``STATE_CHECKS``; loading and schema
codes are produced by :mod:`ictarch.model` and listed here so that they are
documented and configurable like the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ictarch.findings import Finding, Rule
from ictarch.model import loader, schema, yamlsource
from ictarch.model.architecture import Architecture
from ictarch.model.lifecycle import State
from ictarch.rules import (
    acceptance,
    conformance,
    conventions,
    lifecycle,
    memo,
    references,
    resilience,
    structure,
)

LOADING_RULES = (
    yamlsource.YAML_SYNTAX,
    yamlsource.ENCODING,
    yamlsource.DUPLICATE_KEY,
    yamlsource.ALIAS_LIMIT,
    yamlsource.DEPTH_LIMIT,
    yamlsource.SIZE_LIMIT,
    loader.INCLUDE_ESCAPES,
    loader.INCLUDE_NO_MATCH,
    yamlsource.FILE_UNREADABLE,
    loader.UNSUPPORTED_VERSION,
    yamlsource.UNSUPPORTED_TAG,
)
SCHEMA_RULES = (
    schema.MISSING_FIELD,
    schema.UNKNOWN_FIELD,
    schema.WRONG_TYPE,
    schema.INVALID_VALUE,
)

ALL_RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in sorted(
        (
            *LOADING_RULES,
            *SCHEMA_RULES,
            *references.RULES,
            *structure.RULES,
            *lifecycle.RULES,
            *resilience.RULES,
            *conventions.RULES,
            *conformance.RULES,
            *acceptance.RULES,
        ),
        key=lambda rule: rule.code,
    )
}
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in ALL_RULES.values()}

CHECKS: dict[str, Callable[[Architecture], Iterator[Finding]]] = {
    "references": references.check_references,
    "structure": structure.check_structure,
    "conventions": conventions.check_conventions,
    "conformance": conformance.check_conformance,
}
STATE_CHECKS: dict[str, Callable[[Architecture, State], Iterator[Finding]]] = {
    "lifecycle": lifecycle.check_lifecycle,
    "resilience": resilience.check_resilience,
    "duplicates": conformance.check_duplicates,
}
"""Checks that answer for a state (current, target or a date): see docs/lifecycle.md."""
MEMOIZED_CHECKS: dict[
    str, tuple[Callable[[Architecture, State, Any], Iterator[Finding]], Callable[[], Any]]
] = {
    "structure": (
        lambda architecture, _state, memo: structure.check_structure(architecture, memo),
        structure.StructureMemo,
    ),
    "lifecycle": (lifecycle.check_lifecycle, memo.ElementFindingsMemo),
    "resilience": (resilience.check_resilience, resilience.ResilienceMemo),
}
"""Checks (of CHECKS or STATE_CHECKS) that a long-running process (the language server)
runs with a memo of their last pass, computing again only what an edit can change: the
check with its memo argument, and what makes a new memo. Their findings are those of
the same check without a memo."""


def find_rule(code_or_name: str) -> Rule | None:
    """The rule with this code (ICT301) or name (layering-violation)."""
    return ALL_RULES.get(code_or_name.upper()) or RULES_BY_NAME.get(code_or_name.lower())
