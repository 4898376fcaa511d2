"""Feeds: every Atom and RSS feed parses and every item carries the brief's highlights and
citation; the JSON Feeds follow JSON Feed 1.1 and carry them in ``_assay`` too."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.theme import jsonfeed_rules
from tests.theme.sitebuild import SEED_URL, BuiltSite
from tests.theme.sitecheck import soup


def text(html: str) -> str:
    """The words of an HTML fragment, whitespace collapsed."""
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def words(value: str) -> str:
    return " ".join(value.split())


def brief_page(site: BuiltSite, url: str) -> tuple[list[str], list[str]]:
    """The highlights and citation lines shown on the page at ``url`` (absolute)."""
    path = url.removeprefix(site.base_url + "/")
    tree = soup(site.output / path / "index.html")
    highlights = [words(li.get_text(" ")) for li in tree.select(".highlights li")]
    citations = [words(p.get_text(" ")) for p in tree.select(".citation .cited-source")]
    return highlights, citations


def xml_feeds(site: BuiltSite) -> list[Path]:
    return sorted((site.output / "feeds").rglob("*.xml"))


def test_site_and_topic_feeds_exist(built_site: BuiltSite) -> None:
    names = {p.relative_to(built_site.output).as_posix() for p in
             (built_site.output / "feeds").rglob("*") if p.is_file()}
    for kind in ("atom.xml", "rss.xml", "json"):
        assert f"feeds/all.{kind}" in names
        assert f"feeds/topics/rare-earths.{kind}" in names


def test_every_xml_feed_parses_and_carries_highlights_and_citation(
        built_site: BuiltSite) -> None:
    feeds = xml_feeds(built_site)
    assert len(feeds) == 2 * 7
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed.name, parsed.get("bozo_exception"))
        assert parsed.version in ("atom10", "rss20"), feed.name
        assert parsed.entries, feed.name
        for entry in parsed.entries:
            body = entry.content[0].value if parsed.version == "atom10" else entry.summary
            shown = text(body)
            highlights, citations = brief_page(built_site, entry.link)
            assert highlights and citations
            for line in highlights + citations:
                assert line in shown, (feed.name, entry.link, line)


def test_atom_items_carry_the_whole_brief_and_rss_a_summary(built_site: BuiltSite) -> None:
    atom = feedparser.parse((built_site.output / "feeds/all.atom.xml").read_bytes())
    seed = next(e for e in atom.entries if e.link == built_site.url(SEED_URL))
    content = text(seed.content[0].value)
    assert "Why It Matters for Investors" in content
    assert "REEx View: The Vital Missing Key" in content
    assert "#" not in BeautifulSoup(seed.content[0].value, "html.parser").get_text()
    rss = feedparser.parse((built_site.output / "feeds/all.rss.xml").read_bytes())
    seed = next(e for e in rss.entries if e.link == built_site.url(SEED_URL))
    assert "Why It Matters for Investors" not in text(seed.summary)
    assert [e.link for e in rss.entries] == [e.link for e in atom.entries]
    assert len(rss.entries) == 4


def json_feeds(site: BuiltSite) -> list[Path]:
    return sorted((site.output / "feeds").rglob("*.json"))


def test_json_feeds_follow_json_feed_1_1(built_site: BuiltSite) -> None:
    feeds = json_feeds(built_site)
    assert len(feeds) == 7
    for feed in feeds:
        document = json.loads(feed.read_text("utf-8"))
        assert jsonfeed_rules.problems(document) == [], feed.name
        assert document["feed_url"] == built_site.url(
            feed.relative_to(built_site.output).as_posix())


def test_json_feed_items_carry_highlights_and_citation(built_site: BuiltSite) -> None:
    document = json.loads((built_site.output / "feeds/all.json").read_text("utf-8"))
    items = document["items"]
    assert [i["date_published"][:10] for i in items] == [
        "2025-09-24", "2025-09-10", "2025-08-12", "2024-12-05"]
    required = {"id", "url", "title", "content_html", "summary", "date_published",
                "date_modified", "authors", "tags", "_assay"}
    for item in items:
        assert required <= set(item), item["url"]
        highlights, citations = brief_page(built_site, item["url"])
        assert [h["text"] for h in item["_assay"]["highlights"]] == highlights
        shown = text(item["content_html"])
        for line in highlights + citations:
            assert line in shown, (item["url"], line)
        citation = item["_assay"]["citation"]
        assert citation["publication"] in citations[0]
        assert citation["date"] in {c["date"] for c in item["_assay"]["citations"]}
    seed = items[0]
    assert seed["id"] == seed["url"] == built_site.url(SEED_URL)
    assert seed["tags"] == ["rare earths", "China", "trade policy"]
    assert seed["authors"] == [{"name": "REEx Editorial",
                                "url": built_site.url("authors/reex-editorial/")}]
    assert seed["_assay"]["citation"] == {"publication": "Cryptopolitan",
                                          "author": "Hannah Collymore", "date": "2025-09-23"}
    lithium = items[2]
    assert lithium["date_modified"].startswith("2025-08-14")
    assert lithium["_assay"]["corrections"][0]["date"] == "2025-08-14"
    topic = json.loads((built_site.output / "feeds/topics/rare-earths.json").read_text("utf-8"))
    assert [i["url"] for i in topic["items"]] == [items[0]["url"], items[1]["url"]]


@pytest.mark.parametrize(("change", "complaint"), [
    (lambda d: d.update(version="https://jsonfeed.org/version/1"), "version"),
    (lambda d: d.pop("title"), "title"),
    (lambda d: d["items"][0].pop("content_html"), "content_html or content_text"),
    (lambda d: d["items"][0].update(id=""), "id must be"),
    (lambda d: d["items"][1].update(id=d["items"][0]["id"]), "not unique"),
    (lambda d: d["items"][0].update(date_published="2025-09-24"), "RFC 3339"),
    (lambda d: d["items"][0].update(url="/relative/"), "absolute URL"),
    (lambda d: d["items"][0].update(assay={}), "unknown key"),
    (lambda d: d["items"][0].update(_assay=[]), "must be an object"),
    (lambda d: d["items"][0].update(authors=[{}]), "needs a name"),
    (lambda d: d["items"][0].update(tags="china"), "tags"),
])
def test_the_json_feed_rules_catch_mistakes(built_site: BuiltSite, change, complaint) -> None:
    document = json.loads((built_site.output / "feeds/all.json").read_text("utf-8"))
    change(document)
    found = jsonfeed_rules.problems(document)
    assert any(complaint in problem for problem in found), found
