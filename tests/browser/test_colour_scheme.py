"""Light and dark: the page follows the system until the reader picks one; the pick lasts."""

from __future__ import annotations

import pytest

from tests.theme.sitebuild import SEED_URL, BuiltSite

pytestmark = pytest.mark.browser

LIGHT_BG = "rgb(253, 253, 251)"
DARK_BG = "rgb(18, 20, 22)"


def state(page) -> dict:
    return page.evaluate("""() => ({
        theme: document.documentElement.getAttribute('data-theme'),
        pressed: document.getElementById('theme-toggle').getAttribute('aria-pressed'),
        visible: !document.getElementById('theme-toggle').hidden,
        background: getComputedStyle(document.body).backgroundColor,
        stored: localStorage.getItem('assay-theme'),
    })""")


def test_toggle_is_remembered_across_reloads_and_pages(built_site: BuiltSite,
                                                       open_page) -> None:
    watched = open_page(scheme="light")
    page = watched.page
    page.goto(built_site.url())
    assert state(page) == {"theme": None, "pressed": "false", "visible": True,
                           "background": LIGHT_BG, "stored": None}
    page.locator("#theme-toggle").click()
    dark = {"theme": "dark", "pressed": "true", "visible": True, "background": DARK_BG,
            "stored": "dark"}
    assert state(page) == dark
    page.reload()
    assert state(page) == dark
    page.goto(built_site.url(SEED_URL))
    assert state(page) == dark
    page.locator("#theme-toggle").click()
    page.reload()
    assert state(page) == {"theme": "light", "pressed": "false", "visible": True,
                           "background": LIGHT_BG, "stored": "light"}
    assert watched.problems == []


def test_follows_a_dark_system_until_told_otherwise(built_site: BuiltSite, open_page) -> None:
    page = open_page(scheme="dark").page
    page.goto(built_site.url(SEED_URL))
    assert state(page) == {"theme": None, "pressed": "true", "visible": True,
                           "background": DARK_BG, "stored": None}
    page.locator("#theme-toggle").click()
    page.reload()
    assert state(page)["background"] == LIGHT_BG
    page.emulate_media(color_scheme="light")
    page.evaluate("localStorage.removeItem('assay-theme')")
    page.reload()
    assert state(page)["background"] == LIGHT_BG and state(page)["pressed"] == "false"
