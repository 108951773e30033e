"""The impact of every single failure, read from the must-fail sets, against simulation."""

from __future__ import annotations

from hypothesis import given, settings

from ictarch.graph.failure_index import index_single_failures
from ictarch.graph.resilience import SinglePointsOfFailure, simulate_failure
from ictarch.model.lifecycle import CURRENT
from ictarch.validation import validate_architecture
from tests.conftest import QUANG_NAM, QUANG_NAM_2021
from tests.graph.test_resilience import Spec, architectures, build


def test_every_single_failure_of_quang_nam_matches_the_simulation() -> None:
    for path in (QUANG_NAM, QUANG_NAM_2021):
        architecture = validate_architecture(path).architecture
        assert architecture is not None
        index = index_single_failures(SinglePointsOfFailure(architecture))
        for element_id in architecture.elements:
            simulated = simulate_failure(architecture, [element_id])
            impact = index.impact_of(element_id)
            assert impact.down == simulated.affected, element_id
            assert impact.degraded == tuple(simulated.degraded_elements()), element_id


def test_the_data_centre_takes_what_the_readme_says_down() -> None:
    # the numbers the README quotes for `ictarch impact ... tsdl-tinh`: 51 down today,
    # none saved (the recovery site is a planned assumption), only elements that lose an
    # optional dependency degraded; 37 in the 2021 architecture
    for path, down in ((QUANG_NAM, 51), (QUANG_NAM_2021, 37)):
        architecture = validate_architecture(path).architecture
        assert architecture is not None
        spofs = SinglePointsOfFailure(architecture.in_state(CURRENT))
        impact = index_single_failures(spofs).impact_of("tsdl-tinh")
        assert len(impact.down) == down
        assert impact.degraded
        for degraded in impact.degraded:
            element = architecture.elements[degraded]
            assert set(element.optional_targets()) & set(impact.down), degraded


def test_an_alternative_that_fails_degrades_without_bringing_down() -> None:
    architecture = validate_architecture(QUANG_NAM).architecture
    assert architecture is not None
    impact = index_single_failures(SinglePointsOfFailure(architecture)).impact_of(
        "internet-viettel"
    )
    assert impact.degraded  # some elements reach the Internet through VNPT as well
    assert not set(impact.degraded) & set(impact.down)


@settings(max_examples=300, deadline=None)
@given(architectures())
def test_single_failures_match_simulation_on_random_architectures(spec: Spec) -> None:
    architecture = build(spec)
    index = index_single_failures(SinglePointsOfFailure(architecture))
    for element_id in spec:
        simulated = simulate_failure(architecture, [element_id])
        assert index.impact_of(element_id).down == simulated.affected
        assert index.impact_of(element_id).degraded == tuple(simulated.degraded_elements())
