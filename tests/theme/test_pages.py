"""The built test site, page by page: structure, navigation, metadata, no inline code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.theme.sitebuild import SEED_URL, BuiltSite
from tests.theme.sitecheck import csp_problems, html_pages, inline_code, page_url, soup

MAGNETS = "2025/09/rare-earth-magnet-plant-plans-lean-on-subsidies/"
LITHIUM = "2025/08/lithium-glut-story-misreads-the-price-cycle/"
SHIPPING = "2024/12/shipping-insurance-claims-need-context/"


def page(site: BuiltSite, url: str):
    """The parsed page served at ``url`` (site-relative)."""
    return soup(site.output / url / "index.html" if not url.endswith(".html")
                else site.output / url)


def hrefs(tree, selector: str) -> list[str]:
    return [a["href"] for a in tree.select(selector)]


def test_every_page_has_the_csp_and_no_inline_code(built_site: BuiltSite) -> None:
    pages = html_pages(built_site.output)
    assert len(pages) >= 25
    assert csp_problems(built_site.output) == []
    assert inline_code(built_site.output) == []


def test_the_inline_code_check_finds_inline_code(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<html><head><script>alert(1)</script><style>p{}</style></head><body>'
        '<p style="color:red" onclick="x()">x</p><a href="javascript:x()">y</a>'
        '<script type="application/ld+json">{not json</script></body></html>', "utf-8")
    found = inline_code(tmp_path)
    assert len(found) == 6, found
    assert csp_problems(tmp_path) == [
        "a.html: CSP [], expected \"" + "default-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'\""]


def test_brief_page_has_every_part(built_site: BuiltSite) -> None:
    tree = page(built_site, MAGNETS)
    brief = tree.select_one("main article.brief[data-pagefind-body]")
    assert brief is not None
    assert brief.h1.get_text() == "Rare Earth Magnet Plant Plans Lean on Subsidies"
    assert [li.get_text() for li in brief.select(".highlights li")] == [
        "European magnet plants depend on subsidies that have not been approved.",
        "The report treats announced capacity as if it were built capacity."]
    lede = brief.select_one(".brief-body > p")
    assert lede.get_text().startswith("Plans for new rare earth magnet plants")
    sections = brief.select(".brief-body h2[id]")
    assert len(sections) == 4
    for heading in sections:
        anchor = heading.select_one("a.headerlink")
        assert anchor["href"] == f"#{heading['id']}"
    view = brief.select_one("aside.house-view")
    assert view.h2.get_text(" ", strip=True) == "REEx View: Capacity Is Not Output"
    cited = brief.select_one(".citation .cited-source")
    assert cited.select_one(".cited-author").get_text() == "Tom Field"
    assert cited.select_one("a.cited-title")["href"] == \
        "https://www.ft.com/content/magnet-makers-state-aid"
    assert cited.select_one("[data-pagefind-filter=outlet]").get_text() == "Financial Times"
    assert cited.select_one("a.archived-copy")["href"].startswith("https://web.archive.org/")
    byline = brief.select_one(".byline").get_text(" ", strip=True)
    assert re.search(r"September 10, 2025 .*by Mara Lindqvist .*\d+ min read", byline), byline
    topics = brief.select(".topics a[data-pagefind-filter=topic]")
    assert [a.get_text() for a in topics] == ["rare earths", "industrial policy"]
    assert brief.select_one("time[data-pagefind-filter='year:2025']") is not None
    assert brief.select_one("a[data-pagefind-filter=author]").get_text() == "Mara Lindqvist"


def test_corrections_and_updated_date(built_site: BuiltSite) -> None:
    tree = page(built_site, LITHIUM)
    corrections = tree.select(".corrections li")
    assert [li.get_text(" ", strip=True) for li in corrections] == [
        "August 14, 2025 : Corrected the name of the mine operator."]
    assert "updated" in tree.select_one(".byline").get_text()
    modified = tree.find("meta", property="article:modified_time")
    assert modified["content"].startswith("2025-08-14")


def test_previous_and_next_follow_the_archive(built_site: BuiltSite) -> None:
    middle = page(built_site, MAGNETS).select_one("nav.prev-next")
    assert hrefs(middle, "a[rel=prev]") == [built_site.url(LITHIUM)]
    assert hrefs(middle, "a[rel=next]") == [built_site.url(SEED_URL)]
    newest = page(built_site, SEED_URL).select_one("nav.prev-next")
    assert hrefs(newest, "a[rel=prev]") == [built_site.url(MAGNETS)]
    assert newest.select("a[rel=next]") == []
    oldest = page(built_site, SHIPPING).select_one("nav.prev-next")
    assert oldest.select("a[rel=prev]") == []
    assert hrefs(oldest, "a[rel=next]") == [built_site.url(LITHIUM)]


def test_related_briefs_share_topics_or_outlet(built_site: BuiltSite) -> None:
    related = page(built_site, SEED_URL).select_one("aside.related")
    links = hrefs(related, "li > a")
    # Shipping shares "China" and the outlet, Cryptopolitan; magnets shares "rare earths"
    # and lithium "China" (a topic each, newer first; a topic weighs more than an outlet).
    assert links == [built_site.url(SHIPPING), built_site.url(MAGNETS),
                     built_site.url(LITHIUM)]
    assert "also cites Cryptopolitan" in related.get_text(" ", strip=True)
    assert page(built_site, SHIPPING).select_one("aside.related a")["href"] == \
        built_site.url(SEED_URL)


def test_home_lists_latest_briefs_with_highlights_and_paginates(built_site: BuiltSite) -> None:
    home = page(built_site, "")
    cards = home.select("main article.brief-card")
    assert [c.h2.a["href"] for c in cards] == [built_site.url(SEED_URL), built_site.url(MAGNETS)]
    assert len(cards[0].select(".highlights-list li")) == 3
    assert hrefs(home, "nav.pagination a[rel=next]") == [built_site.url("page/2/")]
    second = page(built_site, "page/2/")
    assert [c.h2.a["href"] for c in second.select("article.brief-card")] == [
        built_site.url(LITHIUM), built_site.url(SHIPPING)]
    assert hrefs(second, "nav.pagination a[rel=prev]") == [built_site.url("")]
    assert second.find("link", rel="canonical")["href"] == built_site.url("page/2/")


def test_archives_by_year_and_month(built_site: BuiltSite) -> None:
    archive = page(built_site, "archives/")
    assert hrefs(archive, "h2 a") == [built_site.url("archives/2025/"),
                                      built_site.url("archives/2024/")]
    assert hrefs(archive, "h3 a") == [built_site.url("archives/2025/09/"),
                                      built_site.url("archives/2025/08/"),
                                      built_site.url("archives/2024/12/")]
    year = page(built_site, "archives/2025/")
    assert year.h1.get_text() == "Archive: 2025"
    assert hrefs(year, ".brief-list a") == [built_site.url(SEED_URL), built_site.url(MAGNETS),
                                            built_site.url(LITHIUM)]
    month = page(built_site, "archives/2025/09/")
    assert month.h1.get_text() == "Archive: September 2025"
    assert hrefs(month, ".brief-card h2 a") == [built_site.url(SEED_URL),
                                                built_site.url(MAGNETS)]
    assert hrefs(month, ".breadcrumbs a") == [built_site.url("archives/"),
                                              built_site.url("archives/2025/")]


def test_topic_and_author_pages_and_their_indexes(built_site: BuiltSite) -> None:
    topic = page(built_site, "topics/rare-earths/")
    assert topic.h1.get_text() == "Topic: rare earths"
    assert hrefs(topic, ".brief-card h2 a") == [built_site.url(SEED_URL),
                                                built_site.url(MAGNETS)]
    feeds = {link["type"]: link["href"] for link in topic.find_all("link", rel="alternate")
             if "rare earths" in link.get("title", "")}
    assert feeds == {
        "application/atom+xml": built_site.url("feeds/topics/rare-earths.atom.xml"),
        "application/rss+xml": built_site.url("feeds/topics/rare-earths.rss.xml"),
        "application/feed+json": built_site.url("feeds/topics/rare-earths.json")}
    china = page(built_site, "topics/china/")
    assert hrefs(china, ".brief-card h2 a") == [built_site.url(SEED_URL),
                                                built_site.url(LITHIUM)]
    assert hrefs(china, "nav.pagination a[rel=next]") == [built_site.url("topics/china/page/2/")]
    china_2 = page(built_site, "topics/china/page/2/")
    assert hrefs(china_2, ".brief-card h2 a") == [built_site.url(SHIPPING)]
    assert hrefs(china_2, "nav.pagination a[rel=prev]") == [built_site.url("topics/china/")]
    author = page(built_site, "authors/mara-lindqvist/")
    assert hrefs(author, ".brief-card h2 a") == [built_site.url(MAGNETS),
                                                 built_site.url(SHIPPING)]
    topics = page(built_site, "topics/")
    assert built_site.url("topics/rare-earths/") in hrefs(topics, ".term-list a")
    assert "(2)" in topics.select_one(".term-list").get_text()
    authors = page(built_site, "authors/")
    assert hrefs(authors, ".term-list a") == [built_site.url("authors/mara-lindqvist/"),
                                              built_site.url("authors/reex-editorial/")]


def test_header_has_skip_link_search_form_and_toggle(built_site: BuiltSite) -> None:
    for path in html_pages(built_site.output):
        tree = soup(path)
        name = path.relative_to(built_site.output)
        skip = tree.body.find("a")
        assert skip["href"] == "#main" and "skip-link" in skip.get("class", []), name
        assert tree.select_one("main#main") is not None, name
        assert tree.select_one("header.site-header") and tree.select_one("footer"), name
        form = tree.select_one("header form[role=search]")
        assert form["method"] == "get" and form["action"] == built_site.url("search/"), name
        assert form.select_one("input[name=q]") is not None, name
        toggle = tree.select_one("#theme-toggle")
        assert toggle.name == "button" and toggle.has_attr("hidden"), name


def test_search_page_is_a_plain_form_with_filters(built_site: BuiltSite) -> None:
    search = page(built_site, "search/")
    form = search.select_one("main form#search-form")
    assert form["action"] == built_site.url("search/") and form["method"] == "get"
    assert form["data-pagefind"] == built_site.url("pagefind/pagefind.js")
    options = {select["name"]: [o["value"] for o in select.find_all("option")]
               for select in form.find_all("select")}
    assert options == {
        "topic": ["", "China", "industrial policy", "lithium", "rare earths", "shipping",
                  "trade policy"],
        "author": ["", "Mara Lindqvist", "REEx Editorial"],
        "year": ["", "2025", "2024"],
        "outlet": ["", "Cryptopolitan", "Financial Times", "Reuters"],
    }
    for select in form.find_all("select"):
        assert form.find("label", attrs={"for": select["id"]}) is not None
    assert search.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert [s["src"] for s in search.find_all("script")] == [
        built_site.url("theme/js/theme.js"), built_site.url("theme/js/search.js")]


def test_not_found_page(built_site: BuiltSite) -> None:
    missing = page(built_site, "404.html")
    assert missing.h1.get_text() == "Page not found"
    assert missing.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert missing.find("link", rel="canonical") is None
    assert missing.select_one("main form[role=search]")["action"] == built_site.url("search/")


def test_only_briefs_are_marked_for_the_search_index(built_site: BuiltSite) -> None:
    marked = sorted(page_url(built_site.base_url, built_site.output, p)
                    for p in html_pages(built_site.output)
                    if soup(p).select("[data-pagefind-body]"))
    assert marked == sorted(built_site.url(u) for u in (SEED_URL, MAGNETS, LITHIUM, SHIPPING))


@pytest.mark.parametrize("url", ["", SEED_URL, "topics/china/", "archives/2025/"])
def test_canonical_opengraph_and_twitter(built_site: BuiltSite, url: str) -> None:
    tree = page(built_site, url)
    canonical = tree.find("link", rel="canonical")["href"]
    assert canonical == built_site.url(url)
    meta = {m.get("property") or m.get("name"): m.get("content") for m in tree.find_all("meta")}
    assert meta["og:url"] == canonical
    assert meta["og:title"] == tree.title.get_text()
    assert meta["og:site_name"] == "Assay"
    assert meta["og:description"] and meta["twitter:description"]
    assert meta["twitter:card"] == "summary"
    if url == SEED_URL:
        assert meta["og:type"] == "article"
        assert meta["article:published_time"].startswith("2025-09-24")
        assert [m["content"] for m in tree.find_all("meta", property="article:tag")] == [
            "rare earths", "China", "trade policy"]
    else:
        assert meta["og:type"] == "website"


def test_sitemap_and_robots(built_site: BuiltSite) -> None:
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(built_site.output / "sitemap.xml")
    entries = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in tree.getroot().findall("s:url", ns)}
    expected = {page_url(built_site.base_url, built_site.output, p)
                for p in html_pages(built_site.output)
                if not soup(p).find("meta", attrs={"name": "robots"})}
    assert set(entries) == expected
    assert built_site.url("search/") not in entries
    assert built_site.url("404.html") not in entries
    assert entries[built_site.url(LITHIUM)] == "2025-08-14"
    assert entries[built_site.url(SEED_URL)] == "2025-09-24"
    robots = (built_site.output / "robots.txt").read_text("utf-8")
    assert robots.startswith("User-agent: *")
    assert robots.splitlines()[-1] == f"Sitemap: {built_site.url('sitemap.xml')}"
    assert robots.count("Sitemap:") == 1
