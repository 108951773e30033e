"""What the pages of the Quảng Nam site say: read back with the standard HTML parser."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_index_tells_metadata_counts_views_risks_and_findings(quang_nam_site: Path) -> None:
    page = parse_page(quang_nam_site, "index.html")
    text = page.plain_text
    assert page.title == "Overview · Kiến trúc ICT phát triển đô thị thông minh tỉnh Quảng Nam"
    assert "version 2.0" in text
    assert "released 2022-10-10" in text
    assert "Elements 86 Dependencies 218 Files 5" in text
    assert "Cơ quan, đơn vị 27" in text
    assert "Hạ tầng 16" in text
    assert "operational 82" in text
    assert "building 2" in text
    # the overview, as an image that links to the clickable view
    images = page.tags_named("img")
    assert images == [
        {"src": "views/overview.svg", "alt": "Diagram: Tổng quan kiến trúc ICT tỉnh Quảng Nam"}
    ]
    # 13 views listed, each linking to its page
    view_links = [url for tag, url in page.links if url.startswith("views/")]
    assert len([url for url in view_links if url.endswith(".html")]) == 13 + 1
    # the top risk is the government WAN, bringing down 41 agencies and services
    html = read(quang_nam_site, "index.html")
    risks = html[html.index('id="risks"') :]
    first = re.search(
        r'href="(elements/[^"]+)"[^<]*</a> <code>([^<]+)</code>.*?"number">(\d+)<', risks, re.S
    )
    assert first is not None
    assert first.group(2, 3) == ("wan-cqnn", "41")
    assert "warning 27" in text
    assert "ICT306" in text


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
        "implements vn-egov.lgsp",
        "defined in quang-nam/layers/platforms.yaml:7:5",
    ):
        assert field in text
    # the Vietnamese description of a dependency, byte for byte (NFC)
    assert "kết nối Nền tảng tích hợp, chia sẻ dữ liệu quốc gia" in read(
        quang_nam_site, "elements/lgsp.html"
    )
    links = [url for _, url in page.links]
    for target in ("so-tttt", "vnpt", "ndxp", "wan-cqnn", "tsdl-tinh", "tsdl-du-phong"):
        assert f"../elements/{target}.html" in links
    assert "any one of these suffices: Trung tâm dữ liệu tỉnh Quảng Nam tsdl-tinh" in text
    assert "Needed by" in text
    assert "he-thong-tthc" in text
    assert "If this element fails, 45 elements go down with it:" in text
    impact = page.plain_text[page.plain_text.index("Impact if it fails") :]
    assert impact.startswith(
        "Impact if it fails If this element fails, 45 elements go down with it: "
        "Cơ quan, đơn vị (21) Công an tỉnh Quảng Nam cong-an-tinh"
    )
    assert (
        "2 elements whose failure alone brings this one down: "
        "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP) ndxp" in text
    )
    assert (
        "warning ICT306 'lgsp' is critical but fails if any one of these fails: ndxp, "
        "wan-cqnn quang-nam/layers/platforms.yaml:17:18" in text
    )
    assert "../views/lgsp.html" in links


def test_the_data_centre_page_says_what_stays_up_on_the_backup(quang_nam_site: Path) -> None:
    text = parse_page(quang_nam_site, "elements/tsdl-tinh.html").plain_text
    assert "If this element fails, 19 elements go down with it:" in text
    assert "13 elements lose an alternative but stay up:" in text


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
    assert "file-1-ICT306" in headings
    text = page.plain_text
    assert "quang-nam/layers/infrastructure.yaml" in text
    assert ("a", "elements/lgsp.html") in page.links
    items = [attributes for tag, attributes in page.tags if tag == "li" and attributes.get("class")]
    assert len([item for item in items if "finding" in str(item["class"])]) == 27


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
