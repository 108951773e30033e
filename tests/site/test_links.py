"""The link checker over every page of generated sites: Quảng Nam, and a paginated one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictarch.site import pages
from ictarch.site.content import clickable_url
from ictarch.validation import validate_architecture
from tests.conftest import QUANG_NAM
from tests.site.conftest import run_site
from tests.site.html_pages import every_page
from tests.site.link_checker import check_links


def architecture_links(path: Path) -> set[str]:
    architecture = validate_architecture(path).architecture
    assert architecture is not None
    own = {
        url
        for element in architecture.elements.values()
        for link in (*element.links, *element.sources)
        if (url := clickable_url(link.get("url"))) is not None
    }
    # the architecture's own sources (x-sources), which the index lists as links
    for value in architecture.metadata.values():
        if isinstance(value, list):
            own |= {
                url
                for item in value
                if isinstance(item, dict) and (url := clickable_url(item.get("url"))) is not None
            }
    return own


def test_every_link_of_the_quang_nam_site_resolves(quang_nam_site: Path) -> None:
    allowed = architecture_links(QUANG_NAM)
    problems, checked = check_links(quang_nam_site, allowed)
    assert problems == []
    # index, views, elements, findings, owners, conformance, search; the views; the elements
    architecture = validate_architecture(QUANG_NAM).architecture
    assert architecture is not None
    expected = 7 + len(architecture.views) + len(architecture.elements)
    assert len(every_page(quang_nam_site)) == expected
    assert checked > 3000


def test_the_only_external_urls_are_the_architectures_own(quang_nam_site: Path) -> None:
    allowed = architecture_links(QUANG_NAM)
    assert {"https://dichvucong.gov.vn", "https://quangnam.gov.vn"} <= allowed
    problems, _ = check_links(quang_nam_site, set())
    assert problems
    assert all("external URL" in problem for problem in problems)
    flagged = {problem.split("'")[1] for problem in problems}
    assert flagged == allowed


def test_styles_and_scripts_ask_for_nothing_outside_the_site(quang_nam_site: Path) -> None:
    css = (quang_nam_site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css
    assert "@import" not in css
    script = (quang_nam_site / "assets" / "site.js").read_text(encoding="utf-8")
    for network in ("http:", "https:", "fetch(", "XMLHttpRequest", "import("):
        assert network not in script


def test_paginated_lists_link_correctly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "PAGE_SIZE", 20)
    monkeypatch.setattr(pages, "LIST_LIMIT", 5)
    site = tmp_path / "site"
    code, output = run_site(str(QUANG_NAM), "-o", str(site))
    assert code == 0, output
    assert [p for p in every_page(site) if p.startswith("elements")][:5] == [
        "elements-2.html",
        "elements-3.html",
        "elements-4.html",
        "elements-5.html",
        "elements.html",
    ]
    assert (site / "findings-2.html").is_file()
    problems, _ = check_links(site, architecture_links(QUANG_NAM))
    assert problems == []
    lgsp = (site / "elements" / "lgsp.html").read_text(encoding="utf-8")
    assert "… and 7 more (the first 5 are listed)." in lgsp
