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
    """The budget bounds difflib's comparisons, for words more than one keystroke off."""
    monkeypatch.setattr(references, "_HINT_COMPARISONS", 250)
    ids = [f"svc-{number:05d}" for number in range(100)]
    hints = _Hints(ids)
    given = [hints(f"svcx-{number:05d}y") for number in range(5)]
    assert given[:2] == ["svc-00000", "svc-00001"]
    assert given[2:] == [None, None, None]


def test_one_keystroke_away_is_always_hinted(monkeypatch: pytest.MonkeyPatch) -> None:
    """40,000 findings once took 85 s, mostly in difflib: typos one keystroke away
    are found by lookups, whatever the budget, and the same whether the index is
    built or not."""
    monkeypatch.setattr(references, "_HINT_COMPARISONS", 0)
    ids = [f"dich-vu-{number}" for number in range(2000)]
    typos = {
        "dich-vu-17x": "dich-vu-17",  # a character added
        "dch-vu-42": "dich-vu-42",  # dropped
        "dich-vu-4z": "dich-vu-4",  # added at the end, not changed
        "dihc-vu-7": "dich-vu-7",  # swapped
        "dich-wu-99": "dich-vu-99",  # changed
    }
    without_index = _Hints(ids)
    with_index = _Hints(ids)
    for number in range(references._LOOKUPS_BEFORE_INDEX + 1):  # past the threshold
        with_index(f"zz-{number}")
    for word, expected in typos.items():
        for hints in (without_index, with_index):
            assert hints(word) == expected, word
    assert with_index.deletions is not None
    assert without_index.deletions is None
