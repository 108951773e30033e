"""'Did you mean' hints stay cheap: bounded comparisons, same answers."""

from __future__ import annotations

import difflib

import pytest

from ictarch.rules import references
from ictarch.rules.references import _Hints


def test_length_filter_gives_the_same_suggestions_as_a_full_scan() -> None:
    ids = ["lgsp", "lgsp-tinh", "so-tttt", "tsdl-tinh", "tsdl-du-phong", "a", "wan-cqnn-quang-nam"]
    for word in ("lgps", "tsdl-tnh", "so-ttt", "wan-cqnn", "b", "tsdl-duphong"):
        expected = difflib.get_close_matches(word, ids, n=1, cutoff=0.6)
        hint = _Hints(ids)(word)
        assert hint == (expected[0] if expected else None)


def test_hints_stop_when_the_comparison_budget_is_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(references, "_HINT_COMPARISONS", 250)
    ids = [f"svc-{number:05d}" for number in range(100)]
    hints = _Hints(ids)
    given = [hints(f"svc-{number:05d}x") for number in range(5)]
    assert given[:2] == ["svc-00000", "svc-00001"]
    assert given[2:] == [None, None, None]
