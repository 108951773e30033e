"""The bundled example architectures: no errors, and only the warnings the record explains."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictarch.frameworks.conformance import Verdict, declared_selections, evaluate, load_catalogues
from ictarch.model.architecture import AnyOf
from ictarch.validation import validate_paths
from tests.conftest import QUANG_NAM, QUANG_NAM_2021

# Warnings kept on purpose, each explained in the README ("Conformance"): what the public
# record says the province had or lacked, or what it does not tell.
# (code, element or block)
EXPECTED_WARNINGS = {
    "quang-nam": {
        # Hội An's IOC was in trial in August 2022, yet the city and Cẩm Thanh rely on it
        ("ICT305", "ubnd-tp-hoi-an"),
        ("ICT305", "thon-thong-minh-cam-thanh"),
        # (the fishing-vessel trackers' missing connection is to confirm: the catalogue marks
        # "sensing must reach connectivity" inferred, so it is not a finding)
    },
    "quang-nam-2021": {
        # no SOC in 2021 (built from 2022); the record is silent on a provincial
        # reporting system, which the reconstruction therefore does not show
        ("ICT504", "vn-egov.reporting"),
        ("ICT504", "vn-egov.soc"),
        # the record does not show the province's link to national cyber monitoring
        ("ICT402", "giam-sat-quoc-gia"),
        # (how the one-stop system reaches the national portal, and the trackers the
        # network: requirements the catalogue marks background and inferred, to confirm)
    },
}


@pytest.mark.parametrize("path", [QUANG_NAM, QUANG_NAM_2021], ids=lambda p: p.name)
def test_bundled_architecture_has_no_errors_and_only_explained_warnings(path: Path) -> None:
    result = validate_paths([path])
    assert all(f.severity == "warning" for f in result.findings)
    kept = {
        (f.code, f.element or str(f.args.get("block")))
        for f in result.findings
        if f.code != "ICT306"  # the real single points of failure
    }
    assert kept == EXPECTED_WARNINGS[path.name]
    assert result.element_count >= 50


def coverages(path: Path) -> dict[str, tuple[Verdict, list[str], int, int]]:
    (architecture,) = validate_paths([path]).architectures
    catalogues = load_catalogues(architecture)
    selections, problems = declared_selections(architecture, catalogues)
    assert problems == []
    found = {}
    for selection in selections:
        coverage = evaluate(architecture, selection)
        found[selection.label] = (
            coverage.verdict,
            [row.block.id for row in coverage.missing_mandatory],
            len(coverage.missing_connections),
            len(coverage.connections_to_confirm),
        )
    return found


def test_quang_nam_2022_conforms_to_vn_egov_2_once_the_soc_is_built() -> None:
    assert coverages(QUANG_NAM) == {
        "vn-egov 2.0": (Verdict.CONFORMS_WHEN_BUILT, [], 0, 0),
        # its only unmet requirement (sensing reaches connectivity) is inferred: to confirm
        "ict-smartcity 1.0": (Verdict.CONFORMS, [], 0, 1),
    }


def test_quang_nam_2021_missed_the_reporting_system_and_the_soc() -> None:
    assert coverages(QUANG_NAM_2021) == {
        "vn-egov 2.0": (
            Verdict.DOES_NOT_CONFORM,
            ["vn-egov.reporting", "vn-egov.soc"],
            0,
            1,  # the one-stop system to the national portal: background, to confirm
        ),
        "ict-smartcity 1.0": (Verdict.CONFORMS, [], 0, 1),
    }


def test_quang_nam_has_the_required_content() -> None:
    result = validate_paths([QUANG_NAM])
    (architecture,) = result.architectures
    elements = architecture.elements
    assert len(elements) >= 60
    assert {layer.id for layer in architecture.layers} == {
        "agencies",
        "services",
        "platforms",
        "infrastructure",
    }
    for required in ("lgsp", "ioc-tinh", "ubnd-tinh", "so-tttt", "viettel", "vnpt"):
        assert required in elements, required
    assert any(isinstance(entry, AnyOf) for e in elements.values() for entry in e.depends_on)
    assert elements["so-tttt"].name == "Sở Thông tin và Truyền thông"


def test_quang_nam_is_true_to_the_record() -> None:
    """The corrections of issue 12 (sources in the README's closing note)."""
    (architecture,) = validate_paths([QUANG_NAM]).architectures
    elements = architecture.elements
    assert "dự thảo" in architecture.metadata["version"]
    assert elements["ioc-hoi-an"].status == "building"
    assert "trial" in elements["ioc-hoi-an"].tags
    assert elements["qlvb"].operator == "so-tttt"
    assert "QOffice" in elements["qlvb"].name
    backup = elements["tsdl-du-phong"]
    assert backup.status == "planned"
    assert "assumption" in backup.tags
    assert "x-assumption" in backup.extensions
    assert not any("tsdl-du-phong" in e.dependency_targets() for e in elements.values())
    assert elements["vneid"].status == "planned"
    assert "cam-bien-muc-nuoc-btm" not in elements
    assert "ioc-tinh" in elements["quang-nam-truc-tuyen"].dependency_targets()
    assert "giam-sat-quoc-gia" in elements["soc"].dependency_targets()
    assert {"ioc-nam-tra-my", "tong-dai-1022"} <= set(elements)
    for project_item in ("kho-du-lieu", "cong-du-lieu-mo", "soc"):
        assert elements[project_item].status.not_yet, project_item
    for cited in ("ioc-hoi-an", "qlvb", "lgsp", "soc", "tong-dai-1022", "ioc-nam-tra-my"):
        assert elements[cited].sources, cited
        assert all(source.get("url", "").startswith("http") for source in elements[cited].sources)


def test_quang_nam_resolves_the_review_of_december_2026() -> None:
    """Part (b) of the review (architectures/SOURCES.md lists every item and its source)."""
    (architecture,) = validate_paths([QUANG_NAM]).architectures
    elements = architecture.elements
    # B2.2: the national-portal login works in October 2022 and ends by Decree 69/2024
    login = elements["dang-nhap-tk-dvcqg"]
    assert login.status == "operational"
    assert str(login.until) == "2024-07-01"
    # B2.3: 20/10/2022 is a law's date, not a service date
    assert str(elements["vneid"].since) != "2022-10-20"
    assert "x-since" in elements["vneid"].extensions
    # B2.7, B2.8: access paths belong to the consumers
    assert elements["csdl-dan-cu"].dependency_targets() == []
    assert "dang-nhap-tk-dvcqg" not in elements["sso"].dependency_targets()
    assert "email-cong-vu" in elements["sso"].dependency_targets()
    assert {"dang-nhap-tk-dvcqg", "vneid"} <= set(elements["cong-dvc"].dependency_targets())
    # a user group is degraded, never down, when one of its services fails
    users = elements["nguoi-dan-doanh-nghiep"]
    assert users.depends_on
    assert users.optional_targets() == users.dependency_targets()
    # B2.5, B2.15: unsupported elements removed; B2.6: the IoT platform an assumption
    assert "bac-tra-my-smart" not in elements
    assert "bao-cao-ktxh-cu" not in elements
    assert elements["iot-platform"].status == "planned"
    # every element tagged assumption says why
    for element in elements.values():
        if "assumption" in element.tags:
            assert "x-assumption" in element.extensions, element.id
    # B2.19: the end of Sở TT&TT and of the province, as dates
    assert str(elements["so-tttt"].until) == "2025-03-01"
    assert str(elements["ubnd-tinh"].until) == "2025-07-01"
    assert "x-after-2025-07-01" in architecture.metadata
