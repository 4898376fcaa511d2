"""axe-core (through axe-playwright-python) finds no violations on the main pages, in the
light and the dark colour scheme."""

from __future__ import annotations

import pytest

from tests.theme.sitebuild import SEED_URL, BuiltSite

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "brief": SEED_URL,
    "brief-with-corrections": "2025/08/lithium-glut-story-misreads-the-price-cycle/",
    "archive": "archives/",
    "month": "archives/2025/09/",
    "topic": "topics/rare-earths/",
    "outlets": "outlets/",
    "outlet": "outlets/cryptopolitan/",
    "search": "search/?q=rare+earth",
    "not-found": "404.html",
}


def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _describe(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            f"{[n['target'] for n in v['nodes']][:3]}" for v in violations]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(built_site: BuiltSite, open_page, name: str, scheme: str) -> None:
    watched = open_page(scheme=scheme)
    page = watched.page
    page.goto(built_site.url(PAGES[name]))
    if name == "search":
        page.wait_for_function("() => / match(es)? /.test("
                               "document.getElementById('search-status').textContent)")
    expected_dark = scheme == "dark"
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == expected_dark
    results = _axe().run(page)
    assert len(results.response["passes"]) > 20, "axe ran its rules"
    assert _describe(results.response["violations"]) == []


def test_axe_reports_a_violation(open_page) -> None:
    """A page with low contrast and an unlabelled field: axe must say so."""
    page = open_page().page
    page.set_content("<!doctype html><html lang=en><head><title>t</title></head><body><main>"
                     "<p style='color:#bbb;background:#fff'>faint text</p>"
                     "<input type=text></main></body></html>")
    found = {v["id"] for v in _axe().run(page).response["violations"]}
    assert {"color-contrast", "label"} <= found
