"""The layout on a phone and on a desktop (screenshots kept in test-artifacts/), and the
weight of a brief page: its CSS and JS stay under 50 KB before any search code loads."""

from __future__ import annotations

import pytest

from tests.theme.sitebuild import SEED_URL, BuiltSite

pytestmark = pytest.mark.browser

BUDGET = 50 * 1024
SHOTS = {"home": "", "brief": SEED_URL, "search": "search/?q=rare+earth",
         "archive": "archives/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_without_sideways_scrolling(built_site: BuiltSite, open_page, artifacts,
                                                width: int, scheme: str) -> None:
    watched = open_page(width=width, height=844 if width == 390 else 900, scheme=scheme)
    page = watched.page
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    for name, url in SHOTS.items():
        page.goto(built_site.url(url))
        if name == "search":
            page.wait_for_function("() => / match(es)? /.test("
                                   "document.getElementById('search-status').textContent)")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
        shot = folder / f"{name}-{width}-{scheme}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 5_000
    assert watched.problems == []


def test_phone_layout_keeps_text_readable(built_site: BuiltSite, open_page) -> None:
    page = open_page(width=390, height=844).page
    page.goto(built_site.url(SEED_URL))
    sizes = page.evaluate("""() => ({
        body: parseFloat(getComputedStyle(document.querySelector('.brief-body p')).fontSize),
        search: document.querySelector('.site-search').getBoundingClientRect().width,
        main: document.querySelector('main').getBoundingClientRect().width,
    })""")
    assert sizes["body"] >= 16
    assert sizes["search"] >= 300, "the header search box takes the phone's width"
    assert sizes["main"] <= 390


def test_brief_page_css_and_js_weigh_under_50_kb(built_site: BuiltSite, open_page) -> None:
    watched = open_page()
    page = watched.page
    loaded: dict[str, int] = {}

    def record(response) -> None:
        if response.request.resource_type in ("stylesheet", "script"):
            loaded[response.url] = len(response.body())

    page.on("response", record)
    page.goto(built_site.url(SEED_URL), wait_until="networkidle")
    page.emulate_media(media="print")
    page.wait_for_timeout(100)
    total = sum(loaded.values())
    print(f"brief page CSS+JS: {total} bytes in {len(loaded)} files: {loaded}")
    assert set(loaded) == {built_site.url("theme/css/assay.css"),
                           built_site.url("theme/css/print.css"),
                           built_site.url("theme/js/theme.js")}
    assert not any("/pagefind/" in url for url in loaded)
    assert 0 < total <= BUDGET
    assert watched.problems == []
