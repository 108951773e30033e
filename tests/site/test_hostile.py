"""Names that try to break out of HTML, SVG or links stay text, on every page."""

from __future__ import annotations

import re
from pathlib import Path

from tests.site.conftest import read
from tests.site.html_pages import every_page, parse_page

_SAFE_LINK = re.compile(r"^(https?://|mailto:|[A-Za-z0-9_./#?=-])")


def test_no_page_gets_a_script_an_event_handler_or_an_unsafe_link(hostile_site: Path) -> None:
    for path in every_page(hostile_site):
        page = parse_page(hostile_site, path)
        root = "../" if "/" in path else ""
        for tag, attributes in page.tags:
            assert tag not in ("iframe", "textarea", "object", "embed", "style"), (path, tag)
            assert not [name for name in attributes if name.startswith("on")], (path, tag)
            if tag == "script":
                assert attributes["src"] in (f"{root}assets/site.js", f"{root}search-index.js")
            if tag == "img":
                assert attributes["src"] == "views/all.svg", path
        for tag, url in page.links:
            assert _SAFE_LINK.match(url), (path, tag, url)
            assert "javascript" not in url.lower() or url.startswith("https://example.org/"), (
                path,
                url,
            )


def test_hostile_texts_are_shown_as_the_text_they_are(hostile_site: Path) -> None:
    index = parse_page(hostile_site, "index.html")
    assert index.title == "Overview · </title><script>alert('name')</script>"
    assert "{{ 7*7 }}" in index.plain_text  # data is never a template
    page = parse_page(hostile_site, "elements/app.html")
    text = page.plain_text
    assert page.title.startswith('Ứng dụng " onmouseover="alert(1) · ')
    assert "</textarea></noscript></style><svg onload=alert(2)>" in text
    assert "x-note <script>alert('extension')</script>" in text
    assert "<iframe src=javascript:alert(3)>" in text
    assert "missing<script> (not defined)" in text
    assert "C:\\new\\ & </text></g></svg><script>alert('dot')</script>" in text
    owner = parse_page(hostile_site, "elements/so.html").plain_text
    assert '"><img src=x onerror=alert(1)> {{ 7*7 }} {% raw %}' in owner


def test_only_web_and_mail_addresses_become_links(hostile_site: Path) -> None:
    page = parse_page(hostile_site, "elements/app.html")
    external = [
        attributes["href"]
        for tag, attributes in page.tags
        if tag == "a" and "external" in str(attributes.get("rel"))
    ]
    assert external == [
        "https://example.org/?q=\"><script>alert('query')</script>",
        "mailto:so@example.org",
    ]
    text = page.plain_text
    for shown in ("javascript:alert('link')", "JaVaScRiPt:alert(1)", "data:text/html,", "//evil"):
        assert shown in text
    assert text.count("(not a web or mail address: not made a link)") == 6


def test_the_inline_svg_keeps_hostile_names_as_escaped_text(hostile_site: Path) -> None:
    html = read(hostile_site, "views/all.html")
    svg = html[html.index("<svg") : html.index("</svg>") + len("</svg>")]
    assert svg.count("<svg") == 1
    assert svg.count("</svg>") == 1
    assert "<script" not in svg
    assert "&lt;/svg&gt;&lt;script&gt;alert(&#39;dot&#39;)&lt;/script&gt;" in svg or (
        "&lt;/svg&gt;&lt;script&gt;alert('dot')&lt;/script&gt;" in svg
    )
    page = parse_page(hostile_site, "views/all.html")
    assert page.tags_named("svg")[0]["aria-label"] == (
        "Diagram: </svg><script>alert('view')</script>"
    )


def test_an_invalid_id_gets_a_page_of_its_own_inside_the_site(hostile_site: Path) -> None:
    from tests.site.link_checker import check_links

    pages = [p for p in every_page(hostile_site) if p.startswith("elements/_")]
    assert len(pages) == 1
    assert "An id that is not one" in parse_page(hostile_site, pages[0]).title
    problems, _ = check_links(
        hostile_site,
        {"https://example.org/?q=\"><script>alert('query')</script>", "mailto:so@example.org"},
    )
    assert problems == []
