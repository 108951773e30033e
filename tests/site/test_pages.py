"""What the pages of the Quảng Nam site say: read back with the standard HTML parser."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ictarch.analysis import analyze
from ictarch.graph.resilience import SinglePointsOfFailure, simulate_failure
from ictarch.model.architecture import Architecture
from ictarch.model.lifecycle import CURRENT
from ictarch.validation import validate_architecture
from tests.conftest import QUANG_NAM
from tests.site.conftest import read
from tests.site.html_pages import every_page, parse_page


def test_every_page_declares_its_language_and_has_one_h1_and_ordered_headings(
    quang_nam_site: Path,
) -> None:
    for path in every_page(quang_nam_site):
        page = parse_page(quang_nam_site, path)
        assert page.tags[0] == ("html", {"lang": "en"}), path
        assert page.headings[0] == 1, path
        assert page.headings.count(1) == 1, path
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{path}: h{before} then h{after}"
        assert page.title.strip(), path
        assert page.tags_named("meta")[1] == {
            "name": "viewport",
            "content": "width=device-width, initial-scale=1",
        }


def test_no_markup_is_escaped_twice(quang_nam_site: Path) -> None:
    """Quảng Nam's texts hold no "<": an escaped tag on a page is markup escaped twice."""
    for path in every_page(quang_nam_site):
        html = read(quang_nam_site, path)
        assert not re.search(r"&lt;/?(h[1-6]|ul|li|a|p|span|code|svg)\b", html), path
        assert "&amp;lt;" not in html, path


@functools.cache
def quang_nam() -> Architecture:
    architecture = validate_architecture(QUANG_NAM).architecture
    assert architecture is not None
    return architecture


def today() -> Architecture:
    """Quảng Nam as the current state analyses it: planned and building elements left out."""
    return quang_nam().in_state(CURRENT)


def test_index_tells_metadata_counts_views_risks_and_findings(quang_nam_site: Path) -> None:
    architecture = quang_nam()
    page = parse_page(quang_nam_site, "index.html")
    text = page.plain_text
    assert page.title == "Overview · Kiến trúc ICT phát triển đô thị thông minh tỉnh Quảng Nam"
    assert "version dự thảo 10/10/2022" in text
    assert "released 2022-10-10" in text
    elements, relations = len(architecture.elements), architecture.relation_count()
    assert f"Elements {elements} Dependencies {relations} Files 5" in text
    for layer in architecture.layers:
        count = sum(1 for e in architecture.elements.values() if e.layer == layer.id)
        assert f"{layer.name} {count}" in text
    operational = sum(1 for e in architecture.elements.values() if e.status == "operational")
    assert f"operational {operational}" in text
    # the overview, as an image that links to the clickable view
    images = page.tags_named("img")
    assert images == [
        {"src": "views/overview.svg", "alt": "Diagram: Tổng quan kiến trúc ICT tỉnh Quảng Nam"}
    ]
    view_pages = {url for tag, url in page.links if url.startswith("views/")}
    assert len(view_pages) == len(architecture.views) + 1  # and the overview's image
    # the top risk is the one analyze ranks first: the provincial data centre, whose
    # failure brings down 44 agencies and services (hand-checked with ictarch analyze)
    html = read(quang_nam_site, "index.html")
    risks = html[html.index('id="risks"') :]
    first = re.search(r"</a> <code>([^<]+)</code>.*?\"number\">(\d+)<", risks, re.S)
    assert first is not None
    top = analyze(architecture).blast_radius[0]
    assert first.group(1, 2) == (top["id"], str(top["brings_down"])) == ("tsdl-tinh", "44")
    warnings = len(validate_architecture(QUANG_NAM).findings)
    assert f"warning {warnings}" in text
    assert "ICT306" in text


def test_index_summarises_conformance(quang_nam_site: Path) -> None:
    page = parse_page(quang_nam_site, "index.html")
    text = page.plain_text
    assert "vn-egov 2.0 — vn-egov 2.0 (province): CONFORMS ONCE THE PLANNED ELEMENTS ARE BUILT" in (
        text
    )
    assert ("a", "conformance.html#framework-1") in page.links


def test_element_page_has_every_field_dependencies_impact_and_findings(
    quang_nam_site: Path,
) -> None:
    page = parse_page(quang_nam_site, "elements/lgsp.html")
    text = page.plain_text
    assert page.title.startswith("Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) · ")
    for field in (
        "id lgsp",
        "layer Nền tảng dùng chung platforms",
        "kind integration-platform",
        "status operational",
        "criticality critical",
        "owner Sở Thông tin và Truyền thông so-tttt",
        "operator VNPT Quảng Nam vnpt",
        "tags data-sharing",
        "implements vn-egov.lgsp , ict-smartcity.data-integration",
        "defined in quang-nam/layers/platforms.yaml:7:5",
    ):
        assert field in text
    # the Vietnamese description of a dependency, byte for byte (NFC)
    assert "kết nối Nền tảng tích hợp, chia sẻ dữ liệu quốc gia" in read(
        quang_nam_site, "elements/lgsp.html"
    )
    links = [url for _, url in page.links]
    for target in ("so-tttt", "vnpt", "ndxp", "wan-cqnn", "tsdl-tinh"):
        assert f"../elements/{target}.html" in links
    assert "Needed by" in text
    assert "he-thong-tthc" in text
    simulated = simulate_failure(today(), ["lgsp"])
    down = len(simulated.affected)
    assert f"If this element fails, {down} elements go down with it:" in text
    impact = text[text.index("Impact if it fails") :]
    first_layer = quang_nam().layers[0].name
    in_first_layer = [
        e for e in simulated.affected if quang_nam().elements[e].layer == quang_nam().layers[0].id
    ]
    assert impact.startswith(
        f"Impact if it fails {CURRENT.describe()} If this element fails, {down} elements go "
        "down with it: "
        f"{first_layer} ({len(in_first_layer)})"
    )
    points = SinglePointsOfFailure(today()).points_of_failure("lgsp")
    assert f"{len(points)} elements whose failure alone brings this one down:" in text
    assert (
        "warning ICT306 'lgsp' has criticality critical but fails if any one of these fails: "
        + ", ".join(points)
    ) in text
    assert "../views/lgsp.html" in links


def test_element_page_shows_its_sources_and_building_blocks(quang_nam_site: Path) -> None:
    page = parse_page(quang_nam_site, "elements/lgsp.html")
    text = page.plain_text
    external = [
        attributes["href"]
        for tag, attributes in page.tags
        if tag == "a" and "external" in str(attributes.get("rel"))
    ]
    assert external[0].startswith("https://hethongphapluat.com/quyet-dinh-1619-qd-ubnd")
    assert "Quyết định 1619/QĐ-UBND" in text
    assert "(2021-06-15)" in text
    assert "vn-egov.lgsp Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) (provincial" in text
    assert "vn-egov 2.0 · covered · mandatory" in text
    assert "✔ reaches vn-egov.ndxp:" in text
    assert ("a", "../conformance.html#block-1-vn-egov.lgsp") in page.links


def test_the_data_centre_page_says_what_goes_down(quang_nam_site: Path) -> None:
    text = parse_page(quang_nam_site, "elements/tsdl-tinh.html").plain_text
    assert "If this element fails, 51 elements go down with it:" in text
    # nothing is saved by the backup site (a planned assumption); the district IOCs, the
    # user group and the smart hamlet lose an optional dependency and stay up
    assert "5 elements lose an alternative or an optional dependency but stay up:" in text
    assert "ioc-bac-tra-my" in text
    text = parse_page(quang_nam_site, "elements/internet-viettel.html").plain_text
    degraded = simulate_failure(today(), ["internet-viettel"]).degraded_elements()
    assert (
        f"{len(degraded)} elements lose an alternative or an optional dependency but stay up:"
        in text
    )


def test_an_organisation_page_lists_what_it_owns_and_operates(quang_nam_site: Path) -> None:
    text = parse_page(quang_nam_site, "elements/vnpt.html").plain_text
    assert re.search(r"Operates \d+ elements", text)
    assert "Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) lgsp" in text


def test_links_of_an_element_are_clickable_web_addresses(quang_nam_site: Path) -> None:
    page = parse_page(quang_nam_site, "elements/cong-ttdt.html")
    external = [attributes for tag, attributes in page.tags if tag == "a" and attributes.get("rel")]
    assert external == [{"href": "https://quangnam.gov.vn", "rel": "noopener noreferrer external"}]
    assert "Cổng thông tin điện tử tỉnh Quảng Nam https://quangnam.gov.vn" in page.plain_text


def test_view_page_inlines_a_clickable_svg_with_a_full_size_link(quang_nam_site: Path) -> None:
    page = parse_page(quang_nam_site, "views/lgsp.html")
    svg = page.tags_named("svg")
    assert svg[0]["class"] == "diagram-svg"
    assert svg[0]["aria-label"] == "Diagram: Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)"
    node_links = {url for tag, url in page.links if tag == "a" and url.startswith("../elements/")}
    assert {"../elements/lgsp.html", "../elements/ndxp.html", "../elements/ioc-tinh.html"} <= (
        node_links
    )
    assert ("a", "../views/lgsp.svg") in page.links
    html = read(quang_nam_site, "views/lgsp.html")
    assert "<!--" not in html
    assert "<?xml" not in html
    # the same drawing as a file, with the same links (relative to views/ too)
    assert 'xlink:href="../elements/lgsp.html"' in read(quang_nam_site, "views/lgsp.svg")
    assert "elements in this view" in page.plain_text


def test_findings_are_grouped_by_file_then_code_and_link_to_elements(
    quang_nam_site: Path,
) -> None:
    page = parse_page(quang_nam_site, "findings.html")
    headings = [
        attributes["id"]
        for tag, attributes in page.tags
        if tag in ("h2", "h3") and "id" in attributes
    ]
    assert headings[:2] == ["summary", "file-1"]
    assert "file-2-ICT306" in headings
    text = page.plain_text
    assert "quang-nam/layers/infrastructure.yaml" in text
    assert ("a", "elements/lgsp.html") in page.links
    items = [attributes for tag, attributes in page.tags if tag == "li" and attributes.get("class")]
    findings = validate_architecture(QUANG_NAM).findings
    assert len([item for item in items if "finding" in str(item["class"])]) == len(findings)


def test_owners_page_lists_each_organisation(quang_nam_site: Path) -> None:
    page = parse_page(quang_nam_site, "owners.html")
    assert "org-so-tttt" in page.ids
    text = page.plain_text
    assert "Sở Thông tin và Truyền thông so-tttt" in text


def test_search_page_works_without_javascript_through_the_element_list(
    quang_nam_site: Path,
) -> None:
    html = read(quang_nam_site, "search.html")
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    assert 'href="elements.html"' in noscript
    elements = parse_page(quang_nam_site, "elements.html")
    assert len([url for _, url in elements.links if url.startswith("elements/")]) >= 86


def test_pages_load_only_the_sites_own_script_and_stylesheet(quang_nam_site: Path) -> None:
    for path in every_page(quang_nam_site):
        page = parse_page(quang_nam_site, path)
        scripts = [attributes.get("src") for attributes in page.tags_named("script")]
        root = "../" if "/" in path else ""
        allowed = {f"{root}assets/site.js", f"{root}search-index.js"}
        assert scripts, path
        assert set(scripts) <= allowed, path
        for tag, attributes in page.tags:
            assert not [name for name in attributes if name.startswith("on")], (path, tag)
        assert page.tags_named("link") == [{"rel": "stylesheet", "href": f"{root}assets/site.css"}]


def test_conformance_page_has_the_coverage_matrix(quang_nam_site: Path) -> None:
    from ictarch.frameworks.conformance import (
        default_selections,
        evaluate,
        load_catalogues,
    )

    architecture = quang_nam()
    selections, _ = default_selections(architecture, load_catalogues(architecture))
    page = parse_page(quang_nam_site, "conformance.html")
    rows = [attributes for tag, attributes in page.tags if tag == "tr" and "id" in attributes]
    blocks = sum(len(evaluate(architecture, s).blocks) for s in selections)
    assert len(rows) == blocks
    assert {"id": "block-1-vn-egov.lgsp", "class": "status-covered"} in rows
    assert {"id": "block-1-vn-egov.soc", "class": "status-planned"} in rows
    text = page.plain_text
    assert "vn-egov 2.0 (province): CONFORMS ONCE THE PLANNED ELEMENTS ARE BUILT" in text
    assert "declared in conforms_to" in text
