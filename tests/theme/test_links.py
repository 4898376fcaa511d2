"""No broken internal links: every page, asset, form target, fragment, feed link and
sitemap entry of the built site leads to a file that exists."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from tests.theme.sitebuild import BuiltSite
from tests.theme.sitecheck import broken_links, target_file


def _internal_target(site: BuiltSite, url: str) -> Path | None:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == site.base_url, url
    return target_file(site.output, parts.path)


def test_no_broken_internal_links_in_pages(built_site: BuiltSite) -> None:
    assert broken_links(built_site.output, built_site.base_url) == []


def test_the_crawler_finds_broken_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="here">x</p>', "utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="/a/">ok</a> <a href="/a/#here">ok</a> <a href="https://example.org/x">ext</a>'
        '<a href="/missing/">1</a> <a href="/a/#nowhere">2</a> <img src="b.png" alt="">'
        '<a href="http://127.0.0.1:9/zzz">4</a> <form action="/search/"></form>'
        '<a href="#top">6</a> <a href="">7</a>', "utf-8")
    found = broken_links(tmp_path, "http://127.0.0.1:9")
    assert len(found) == 7, found


def test_feed_and_sitemap_links_resolve(built_site: BuiltSite) -> None:
    missing = []
    feeds = sorted((built_site.output / "feeds").rglob("*.xml"))
    assert len(feeds) >= 10
    for feed in feeds:
        root = ET.parse(feed).getroot()
        links = [e.get("href") for e in root.iter("{http://www.w3.org/2005/Atom}link")]
        links += [e.text for e in root.iter("link")]
        for link in links:
            if link and _internal_target(built_site, link) is None:
                missing.append(f"{feed.name}: {link}")
    for feed in sorted((built_site.output / "feeds").rglob("*.json")):
        document = json.loads(feed.read_text("utf-8"))
        links = [document["home_page_url"], document["feed_url"]]
        for item in document["items"]:
            links += [item["url"], *(a["url"] for a in item.get("authors", []))]
        missing += [f"{feed.name}: {link}" for link in links
                    if _internal_target(built_site, link) is None]
    sitemap = ET.parse(built_site.output / "sitemap.xml").getroot()
    for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        if _internal_target(built_site, loc.text) is None:
            missing.append(f"sitemap.xml: {loc.text}")
    assert missing == []
