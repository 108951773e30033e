"""Analyses in a lifecycle state: current, target, at a date. Hand-checked, plus an oracle."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from ictarch.analysis import analyze
from ictarch.graph.resilience import SinglePointsOfFailure, simulate_failure
from ictarch.model.architecture import Architecture
from ictarch.model.lifecycle import CURRENT, TARGET, Presence, State, Status, parse_state
from ictarch.rules.lifecycle import check_lifecycle
from ictarch.rules.resilience import check_resilience
from tests.graph.test_resilience import Spec, architectures, brute_force_down, build

DAY = datetime.date


def with_lifecycle(
    architecture: Architecture,
    statuses: dict[str, Status],
    dates: dict[str, tuple[DAY | None, DAY | None]] | None = None,
) -> Architecture:
    for element_id, status in statuses.items():
        architecture.elements[element_id].status = status
    for element_id, (since, until) in (dates or {}).items():
        architecture.elements[element_id].since = since
        architecture.elements[element_id].until = until
    return architecture


def backup_being_built() -> Architecture:
    # portal needs (dc or backup); the backup is planned
    arch = build({"portal": [["dc", "backup"]], "dc": [], "backup": []})
    arch.elements["portal"].criticality = "high"
    return with_lifecycle(arch, {"backup": Status.PLANNED})


def test_a_planned_backup_saves_nothing_in_the_current_state() -> None:
    arch = backup_being_built()
    current = simulate_failure(arch, ["dc"], CURRENT)
    assert current.affected == ("portal",)
    assert current.degraded == {}
    assert current.state == CURRENT
    assert SinglePointsOfFailure(arch, CURRENT).points_of_failure("portal") == ["dc"]
    [finding] = check_resilience(arch, CURRENT)
    assert finding.code == "ICT306"
    assert finding.args["points_of_failure"] == ("dc",)


def test_a_planned_backup_saves_in_the_target_state() -> None:
    arch = backup_being_built()
    target = simulate_failure(arch, ["dc"], TARGET)
    assert target.affected == ()
    assert target.degraded == {"portal": ("backup",)}
    assert SinglePointsOfFailure(arch, TARGET).points_of_failure("portal") == []
    assert list(check_resilience(arch, TARGET)) == []


def test_a_planned_alternative_next_to_a_working_one_is_not_reported() -> None:
    arch = backup_being_built()
    assert [f.code for f in check_lifecycle(arch, CURRENT)] == []


def test_an_element_depending_on_a_planned_one_is_flagged_in_the_current_state() -> None:
    arch = with_lifecycle(
        build({"portal": ["warehouse"], "warehouse": []}), {"warehouse": Status.PLANNED}
    )
    [finding] = check_lifecycle(arch, CURRENT)
    assert (finding.code, finding.element) == ("ICT305", "portal")
    assert finding.args == {
        "element": "portal",
        "dependency": "warehouse",
        "status": "planned",
        "any_of": False,
    }
    # in the target state the warehouse exists: nothing to say
    assert list(check_lifecycle(arch, TARGET)) == []
    # a planned element depending on a planned one is not flagged either
    arch.elements["portal"].status = Status.PLANNED
    assert list(check_lifecycle(arch, CURRENT)) == []


def test_a_dependency_on_a_planned_element_keeps_nothing_down_in_the_current_state() -> None:
    # the dependent is reported (ICT305) but not brought down by what does not exist
    arch = with_lifecycle(
        build({"portal": ["warehouse", "dc"], "warehouse": [], "dc": []}),
        {"warehouse": Status.PLANNED},
    )
    assert SinglePointsOfFailure(arch, CURRENT).points_of_failure("portal") == ["dc"]
    assert SinglePointsOfFailure(arch, TARGET).points_of_failure("portal") == ["dc", "warehouse"]


def test_at_a_date_before_and_after_since_flips_the_result() -> None:
    # the backup is in service from 2024-07-01 (its status says operational)
    arch = with_lifecycle(
        build({"portal": [["dc", "backup"]], "dc": [], "backup": []}),
        {},
        {"backup": (DAY(2024, 7, 1), None)},
    )
    before = State.at(DAY(2024, 6, 30))
    on_the_day = State.at(DAY(2024, 7, 1))
    assert simulate_failure(arch, ["dc"], before).affected == ("portal",)
    assert simulate_failure(arch, ["dc"], on_the_day).affected == ()
    assert SinglePointsOfFailure(arch, before).points_of_failure("portal") == ["dc"]
    assert SinglePointsOfFailure(arch, on_the_day).points_of_failure("portal") == []


def test_at_a_date_until_retires_an_element() -> None:
    arch = with_lifecycle(
        build({"portal": ["old-mail"], "old-mail": []}),
        {"old-mail": Status.DEPRECATED},
        {"old-mail": (None, DAY(2023, 1, 1))},
    )
    arch.metadata["released"] = "2022-10-10"  # the status is right then: no ICT308
    assert [f.code for f in check_lifecycle(arch, State.at(DAY(2022, 12, 31)))] == ["ICT304"]
    [gone] = check_lifecycle(arch, State.at(DAY(2023, 1, 1)))
    assert gone.code == "ICT303"
    assert "no longer works on 2023-01-01" in gone.message


def test_a_retired_element_is_gone_in_the_target_state_and_a_deprecated_one_too() -> None:
    arch = with_lifecycle(
        build({"a": ["s1", "s2"], "s1": [], "s2": [], "old": [], "legacy": []}),
        {"old": Status.RETIRED, "legacy": Status.DEPRECATED, "s2": Status.BUILDING},
    )
    assert sorted(arch.in_state(TARGET).elements) == ["a", "s1", "s2"]
    assert sorted(arch.in_state(CURRENT).elements) == ["a", "legacy", "s1"]
    analysis = analyze(arch, TARGET)
    assert analysis.absent == ("legacy", "old")
    assert analysis.state == TARGET


def test_presence_at_a_date_when_status_and_dates_disagree() -> None:
    # see docs/lifecycle.md: a date decides its side, the status the side no date covers
    arch = build({"e": []})
    element = arch.elements["e"]
    day = State.at(DAY(2022, 1, 1))
    element.status = Status.PLANNED
    assert day.presence(element) is Presence.NOT_YET  # planned, no since: never started
    element.since = DAY(2021, 1, 1)
    assert day.presence(element) is Presence.WORKS  # since says it runs
    element.status = Status.RETIRED
    assert day.presence(element) is Presence.GONE  # retired, no until: ended
    element.until = DAY(2023, 1, 1)
    assert day.presence(element) is Presence.WORKS  # until says it still runs
    element.status = Status.DEPRECATED
    assert day.presence(element) is Presence.GOING
    assert State.at(DAY(2020, 12, 31)).presence(element) is Presence.NOT_YET


def test_parse_state_refuses_nonsense() -> None:
    import pytest

    from ictarch.model.lifecycle import InvalidState

    assert parse_state(None, None) == CURRENT
    assert parse_state("target", None) == TARGET
    assert parse_state(None, "2024-07-01") == State.at(DAY(2024, 7, 1))
    for state, at in (
        ("later", None),
        (None, "2024-7-1"),
        (None, "2024-02-30"),
        ("target", "2024-01-01"),
    ):
        with pytest.raises(InvalidState):
            parse_state(state, at)


# -- the oracle: filter by state first, then the same brute-force fixed point ----------------


@st.composite
def architectures_with_lifecycle(
    draw: st.DrawFn,
) -> tuple[Spec, dict[str, Status], dict[str, tuple[DAY | None, DAY | None]]]:
    spec = draw(architectures())
    statuses = {element_id: draw(st.sampled_from(list(Status))) for element_id in spec}
    days = st.one_of(
        st.none(), st.sampled_from([DAY(2021, 1, 1), DAY(2022, 1, 1), DAY(2023, 1, 1)])
    )
    dates = {element_id: (draw(days), draw(days)) for element_id in spec}
    return spec, statuses, dates


STATES = st.sampled_from(
    [
        CURRENT,
        TARGET,
        State.at(DAY(2020, 6, 1)),
        State.at(DAY(2022, 1, 1)),
        State.at(DAY(2024, 1, 1)),
    ]
)


def oracle_works(status: Status, since: DAY | None, until: DAY | None, state: State) -> bool:
    """Which elements work, written out from docs/lifecycle.md, independently of the code."""
    if state == CURRENT:
        return status in (Status.OPERATIONAL, Status.DEPRECATED)
    if state == TARGET:
        return status in (Status.PLANNED, Status.BUILDING, Status.OPERATIONAL)
    assert state.date is not None
    started = state.date >= since if since else status not in (Status.PLANNED, Status.BUILDING)
    ended = state.date >= until if until else status == Status.RETIRED
    return started and not ended


def filtered_spec(spec: Spec, working: set[str]) -> Spec:
    """The spec with only the working elements, and only the dependencies on them: a plain
    dependency on an element that does not work keeps nothing down (ICT305 reports it),
    an alternative that does not work saves nothing, and a group none of whose
    alternatives works is, like a plain dependency on what does not exist, ignored."""
    result: Spec = {}
    for element_id, needs in spec.items():
        if element_id not in working:
            continue
        kept: list[str | list[str]] = []
        for need in needs:
            if isinstance(need, list):
                alternatives = [t for t in need if t in working]
                if alternatives:
                    kept.append(alternatives)
            elif need in working:
                kept.append(need)
        result[element_id] = kept
    return result


@settings(max_examples=300, deadline=None)
@given(architectures_with_lifecycle(), STATES)
def test_single_points_of_failure_in_a_state_match_the_oracle(
    drawn: tuple[Spec, dict[str, Status], dict[str, tuple[DAY | None, DAY | None]]], state: State
) -> None:
    spec, statuses, dates = drawn
    arch = with_lifecycle(build(spec), statuses, dates)
    working = {e for e in spec if oracle_works(statuses[e], *dates[e], state)}
    assert set(arch.in_state(state).elements) == working
    reduced = filtered_spec(spec, working)
    spofs = SinglePointsOfFailure(arch, state)
    for culprit in reduced:
        brought_down = brute_force_down(reduced, {culprit})
        for element_id in reduced:
            expected = element_id in brought_down and element_id != culprit
            assert (culprit in spofs.points_of_failure(element_id)) == expected, (
                culprit,
                element_id,
            )


@settings(max_examples=200, deadline=None)
@given(architectures_with_lifecycle(), STATES, st.data())
def test_simulated_failure_in_a_state_matches_the_oracle(
    drawn: tuple[Spec, dict[str, Status], dict[str, tuple[DAY | None, DAY | None]]],
    state: State,
    data: st.DataObject,
) -> None:
    spec, statuses, dates = drawn
    arch = with_lifecycle(build(spec), statuses, dates)
    working = {e for e in spec if oracle_works(statuses[e], *dates[e], state)}
    if not working:
        return
    failed = set(data.draw(st.lists(st.sampled_from(sorted(working)), max_size=3)))
    reduced = filtered_spec(spec, working)
    result = simulate_failure(arch, failed, state)
    expected = brute_force_down(reduced, failed) - failed
    assert set(result.affected) == expected


def test_status_against_dates_uses_released_else_the_at_date_else_nothing() -> None:
    from ictarch.rules.lifecycle import check_dates

    arch = with_lifecycle(build({"e": []}), {}, {"e": (DAY(2023, 1, 1), None)})
    # operational, in service from 2023-01-01: no reference date, no finding
    assert list(check_dates(arch, CURRENT)) == []
    # without released, the --at date is the reference
    [finding] = check_dates(arch, State.at(DAY(2022, 6, 1)))
    assert finding.code == "ICT308"
    assert finding.args == {
        "element": "e",
        "status": "operational",
        "field": "since",
        "date": "2023-01-01",
        "reference": "2022-06-01",
    }
    assert list(check_dates(arch, State.at(DAY(2023, 1, 1)))) == []
    # released wins over --at: the status describes the architecture at its release
    arch.metadata["released"] = "2024-01-01"
    assert list(check_dates(arch, State.at(DAY(2022, 6, 1)))) == []


@settings(max_examples=300, deadline=None)
@given(architectures_with_lifecycle(), STATES)
def test_components_of_a_state_refined_from_the_whole_are_its_components(
    drawn: tuple[Spec, dict[str, Status], dict[str, tuple[DAY | None, DAY | None]]], state: State
) -> None:
    from ictarch.model.cycles import strongly_connected_components

    spec, statuses, dates = drawn
    whole = with_lifecycle(build(spec), statuses, dates)
    whole.components()  # known before filtering: the part's are refined from them
    part = whole.in_state(state)
    fresh = with_lifecycle(build(spec), statuses, dates).in_state(state)
    assert part.adjacency() == fresh.adjacency()
    refined = part.components()
    assert sorted(map(sorted, refined)) == sorted(
        map(sorted, strongly_connected_components(fresh.adjacency()))
    )
    position = {member: n for n, component in enumerate(refined) for member in component}
    for source, targets in part.adjacency().items():
        for target in targets:  # dependencies first
            assert position[target] <= position[source]
    assert SinglePointsOfFailure(part).must_fail == SinglePointsOfFailure(fresh).must_fail
