"""No console errors, uncaught exceptions, failed requests or CSP violations on any page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.theme.sitebuild import BuiltSite, serve
from tests.theme.sitecheck import html_pages, page_url

pytestmark = pytest.mark.browser


def test_every_page_loads_cleanly(built_site: BuiltSite, open_page) -> None:
    watched = open_page()
    page = watched.page
    urls = [page_url(built_site.base_url, built_site.output, p)
            for p in html_pages(built_site.output)]
    urls += [built_site.url("search/?q=rare+earth"),
             built_site.url("search/?outlet=Cryptopolitan&year=2025")]
    assert len(urls) >= 27
    for url in urls:
        page.goto(url, wait_until="load")
        if "/search/?" in url:
            page.wait_for_function("() => / match(es)? /.test("
                                   "document.getElementById('search-status').textContent)")
        page.locator("#theme-toggle").click()
    assert watched.problems == []


def test_the_watcher_sees_csp_violations(built_site: BuiltSite, open_page,
                                         tmp_path: Path) -> None:
    """A page with the site's policy and inline code: the violations are reported."""
    home = (built_site.output / "index.html").read_text("utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>', home).group(0)
    (tmp_path / "index.html").write_text(
        f"<!doctype html><html lang=en><head>{policy}<title>probe</title></head><body>"
        "<p style='color:red'>x</p><script>document.title = 'ran'</script></body></html>",
        "utf-8")
    server, base = serve(tmp_path)
    try:
        watched = open_page()
        watched.page.goto(f"{base}/")
        watched.page.wait_for_timeout(200)
        assert watched.page.title() == "probe"
        violations = [p for p in watched.problems if "CSP violation" in p]
        assert any("script-src" in v for v in violations), watched.problems
        assert any("style-src" in v for v in violations), watched.problems
    finally:
        server.shutdown()
