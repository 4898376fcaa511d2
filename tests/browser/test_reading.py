"""A reader's way through the site, by clicking: home, brief, topic, author, archive."""

from __future__ import annotations

import re

import pytest

from tests.theme.sitebuild import SEED_URL, BuiltSite

pytestmark = pytest.mark.browser

SEED_TITLE = "U.S.–China Rare Earths Dispute Remains Unresolved"


def test_home_to_brief_to_topic_to_outlet_to_author_by_clicking(built_site: BuiltSite,
                                                                open_page) -> None:
    watched = open_page()
    page = watched.page
    page.goto(built_site.url())
    page.get_by_role("link", name=SEED_TITLE).click()
    page.wait_for_url(built_site.url(SEED_URL))
    assert page.locator("h1").inner_text() == SEED_TITLE
    assert page.locator(".highlights li").count() == 3
    assert page.locator(".house-view h2").inner_text() == "REEx View: The Vital Missing Key"

    page.locator(".brief-header .topics").get_by_role("link", name="rare earths").click()
    page.wait_for_url(built_site.url("topics/rare-earths/"))
    assert page.locator("h1").inner_text() == "Topic: rare earths"

    page.get_by_role("link", name=SEED_TITLE).click()
    page.wait_for_url(built_site.url(SEED_URL))
    page.locator(".citation").get_by_role("link", name="Cryptopolitan").click()
    page.wait_for_url(built_site.url("outlets/cryptopolitan/"))
    assert page.locator("h1").inner_text() == "Outlet: Cryptopolitan"
    assert SEED_TITLE in page.locator("main").inner_text()
    page.go_back()
    page.locator(".brief-header .topics").get_by_role("link", name="rare earths").click()
    page.wait_for_url(built_site.url("topics/rare-earths/"))

    page.get_by_role("link", name="Rare Earth Magnet Plant Plans Lean on Subsidies").click()
    page.wait_for_url(re.compile(r"/2025/09/rare-earth-magnet-plant-plans-lean-on-subsidies/$"))
    page.locator(".brief-header .byline").get_by_role("link", name="Mara Lindqvist").click()
    page.wait_for_url(built_site.url("authors/mara-lindqvist/"))
    assert page.locator("h1").inner_text() == "Author: Mara Lindqvist"
    assert page.locator("article.brief-card").count() == 2

    page.locator("nav.site-nav").get_by_role("link", name="Archive").click()
    page.wait_for_url(built_site.url("archives/"))
    page.get_by_role("link", name="2024", exact=True).click()
    page.wait_for_url(built_site.url("archives/2024/"))
    assert page.locator("h1").inner_text() == "Archive: 2024"
    assert watched.problems == []


def test_older_and_newer_links_walk_the_archive(built_site: BuiltSite, open_page) -> None:
    watched = open_page()
    page = watched.page
    page.goto(built_site.url(SEED_URL))
    page.locator("nav.prev-next a[rel=prev]").click()
    page.wait_for_url(re.compile(r"/rare-earth-magnet-plant-plans-lean-on-subsidies/$"))
    page.locator("nav.prev-next a[rel=next]").click()
    page.wait_for_url(built_site.url(SEED_URL))
    assert page.locator("nav.prev-next a[rel=next]").count() == 0
    assert watched.problems == []


def test_skip_link_and_visible_focus(built_site: BuiltSite, open_page) -> None:
    page = open_page().page
    page.goto(built_site.url(SEED_URL))
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement, box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return {text: el.textContent.trim(), left: box.left, top: box.top,
                outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
    }""")
    assert focused["text"] == "Skip to content"
    assert focused["left"] >= 0 and focused["top"] >= 0, "the skip link shows when focused"
    assert focused["outline"] != "none" and focused["width"] >= 2
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    link = page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el);
        return {inMain: !!el.closest('main'), outline: style.outlineStyle};
    }""")
    assert link == {"inMain": True, "outline": "solid"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_shows_cited_urls_and_hides_navigation(built_site: BuiltSite, open_page,
                                                     artifacts, scheme: str) -> None:
    page = open_page(scheme=scheme).page
    page.goto(built_site.url("2025/09/rare-earth-magnet-plant-plans-lean-on-subsidies/"))
    page.emulate_media(media="print")
    printed = page.evaluate("""() => {
        const link = document.querySelector('.citation a.cited-title');
        const shown = (sel) => [...document.querySelectorAll(sel)]
            .some((el) => getComputedStyle(el).display !== 'none');
        return {after: getComputedStyle(link, '::after').content,
                nav: shown('.site-nav'), search: shown('.site-search'),
                related: shown('.prev-next, .related'),
                background: getComputedStyle(document.body).backgroundColor,
                text: getComputedStyle(document.querySelector('.brief-body p')).color,
                title: getComputedStyle(document.querySelector('h1')).color};
    }""")
    assert "https://www.ft.com/content/magnet-makers-state-aid" in printed["after"]
    assert printed["nav"] is False and printed["search"] is False
    assert printed["related"] is False
    assert printed["background"] == "rgb(255, 255, 255)"
    assert printed["text"] == printed["title"] == "rgb(0, 0, 0)"
    pdf = artifacts / f"brief-print-{scheme}.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 10_000
