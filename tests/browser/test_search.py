"""Search with Pagefind in the browser: words, the header form, and each filter."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.theme.sitebuild import SEED_URL, BuiltSite

pytestmark = pytest.mark.browser

MAGNETS = "2025/09/rare-earth-magnet-plant-plans-lean-on-subsidies/"
LITHIUM = "2025/08/lithium-glut-story-misreads-the-price-cycle/"
SHIPPING = "2024/12/shipping-insurance-claims-need-context/"


def results(page) -> list[str]:
    """The result links once the search has finished, as site-relative URLs."""
    page.wait_for_function("""() => {
        const status = document.getElementById('search-status').textContent;
        return / match(es)? /.test(status);
    }""", timeout=15_000)
    hrefs = page.locator("#search-results li h2 a").evaluate_all(
        "(links) => links.map((a) => a.pathname)")
    return sorted(href.lstrip("/") for href in hrefs)


def test_header_search_finds_the_seed_brief(built_site: BuiltSite, open_page) -> None:
    watched = open_page()
    page = watched.page
    page.goto(built_site.url())
    page.locator("#site-search-q").fill("rare earth")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url(built_site.url("search/?q=rare+earth"))
    found = results(page)
    assert SEED_URL in found and MAGNETS in found
    assert LITHIUM not in found and SHIPPING not in found
    assert page.locator("#search-q").input_value() == "rare earth"
    excerpt = page.locator("#search-results li", has=page.locator(
        f"a[href$='{SEED_URL}']")).locator(".search-excerpt mark")
    assert excerpt.count() >= 1
    assert "2 briefs match" in page.locator("#search-status").inner_text()
    page.get_by_role("link", name="U.S.–China Rare Earths Dispute Remains Unresolved").click()
    page.wait_for_url(built_site.url(SEED_URL))
    assert watched.problems == []


def test_outlet_filter_finds_the_seed_brief(search_site: BuiltSite, open_page) -> None:
    watched = open_page()
    page = watched.page
    page.goto(search_site.url("search/"))
    assert page.locator("#search-results li").count() == 0
    page.locator("#filter-outlet").select_option("Cryptopolitan")
    assert results(page) == sorted([SEED_URL, SHIPPING])
    assert parse_qs(urlsplit(page.url).query) == {"outlet": ["Cryptopolitan"]}
    page.locator("#search-q").fill("rare earth")
    page.locator("#search-q").press("Enter")
    page.wait_for_function("() => /1 brief matches/.test("
                           "document.getElementById('search-status').textContent)")
    assert results(page) == [SEED_URL]
    page.reload()
    assert page.locator("#filter-outlet").input_value() == "Cryptopolitan"
    assert results(page) == [SEED_URL]
    assert watched.problems == []


@pytest.mark.parametrize(("query", "expected"), [
    ("topic=lithium", [LITHIUM]),
    ("author=Mara+Lindqvist", [MAGNETS, SHIPPING]),
    ("year=2024", [SHIPPING]),
    ("year=2025&topic=rare+earths", [SEED_URL, MAGNETS]),
    ("q=insurance+premiums&year=2025", []),
    ("q=insurance+premiums", [SHIPPING]),
    # Every word must be found: a brief with one of them, or without the filter's value,
    # is no match.
    ("q=insurance&year=2025", []),
    ("q=insurance+magnets", []),
    ("q=magnets&topic=shipping", []),
    ("q=magnets", [SEED_URL, MAGNETS]),
    # A word's beginning is found where some word starts with it, a longer word where
    # the site has a word it starts with; no brief comes in through a shorter word
    # (in parts, a part without the word must not match one it has, such as "in").
    ("q=insur", [SHIPPING]),
    ("q=insurances", [SHIPPING]),
    ('q="rare+earth"', [SEED_URL, MAGNETS]),
    ('q="insurance+magnets"', []),
    # Pagefind also finds a brief by its metadata: "24" is only in the seed brief's date.
    ("q=24", [SEED_URL]),
])
def test_filters_by_topic_author_and_year(search_site: BuiltSite, open_page, query: str,
                                          expected: list[str]) -> None:
    watched = open_page()
    watched.page.goto(search_site.url(f"search/?{query}"))
    assert results(watched.page) == sorted(expected)
    assert watched.problems == []


def test_filters_alone_list_the_newest_first(search_site: BuiltSite, open_page) -> None:
    watched = open_page()
    watched.page.goto(search_site.url("search/?year=2025"))
    results(watched.page)
    in_order = watched.page.locator("#search-results li h2 a").evaluate_all(
        "(links) => links.map((a) => a.pathname.replace(/^\\//, ''))")
    assert in_order == [SEED_URL, MAGNETS, LITHIUM]
    assert watched.problems == []


def test_without_javascript_the_forms_still_work(built_site: BuiltSite, open_page) -> None:
    page = open_page(js=False).page
    page.goto(built_site.url(SEED_URL))
    assert page.locator("#theme-toggle").is_hidden()
    page.locator("#site-search-q").fill("magnets")
    page.locator("header form[role=search] button").click()
    page.wait_for_url(built_site.url("search/?q=magnets"))
    assert "needs JavaScript" in page.locator("#search-status").inner_text()
    assert page.get_by_role("link", name="archive").first.get_attribute("href") == \
        built_site.url("archives/")
