"""Link checking against a real HTTP server on 127.0.0.1, with the cache honoured."""

from __future__ import annotations

import datetime
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefs.model import Brief, Citation
from citations.linkcheck import LinkResult, brief_links, check_links, link_problems

SLOW_SECONDS = 3.0
FAST = {"timeout": 0.5, "retries": 0, "backoff": 0.01}


class Site:
    """A local web server whose answers depend on the path, counting every request."""

    def __init__(self) -> None:
        self.requests: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.release = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:
                self.answer(head=True)

            def do_GET(self) -> None:
                self.answer(head=False)

            def answer(self, *, head: bool) -> None:
                with site.lock:
                    site.requests[(self.command, self.path)] += 1
                path = self.path
                if path == "/slow":
                    site.release.wait(SLOW_SECONDS)
                if path == "/moved":
                    self.reply(301, head, location="/ok")
                elif path == "/moved-twice":
                    self.reply(302, head, location=f"http://127.0.0.1:{site.port}/moved")
                elif path == "/loop":
                    self.reply(302, head, location="/loop")
                elif path == "/moved-to-missing":
                    self.reply(308, head, location="/missing/moved")
                elif path == "/error":
                    self.reply(500, head)
                elif path == "/nohead":
                    self.reply(405 if head else 200, head)
                elif path == "/missing" or path.startswith("/missing"):
                    self.reply(404, head)
                else:
                    self.reply(200, head)

            def reply(self, code: int, head: bool, location: str | None = None) -> None:
                self.send_response(code)
                if location:
                    self.send_header("Location", location)
                body = b"hello\n"
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that gave up on /slow is not an error here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, path: str | None = None) -> int:
        with self.lock:
            return sum(n for (_, p), n in self.requests.items() if path is None or p == path)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    server = Site()
    server.thread.start()
    yield server
    server.release.set()
    server.server.shutdown()
    server.server.server_close()


NOW = datetime.datetime(2025, 9, 24, 12, 0, tzinfo=datetime.UTC)


def test_statuses(site: Site) -> None:
    paths = ["/ok", "/moved", "/moved-twice", "/missing", "/error", "/nohead", "/slow",
             "/loop", "/moved-to-missing"]
    start = time.perf_counter()
    results = check_links([site.url(p) for p in paths], cache_path=None, now=NOW, **FAST)
    elapsed = time.perf_counter() - start
    got = {path: (results[site.url(path)].status, results[site.url(path)].code)
           for path in paths}
    assert got == {
        "/ok": ("ok", 200),
        "/moved": ("redirected", 200),
        "/moved-twice": ("redirected", 200),
        "/missing": ("broken", 404),
        "/error": ("broken", 500),
        "/nohead": ("ok", 200),
        "/slow": ("timeout", None),
        "/loop": ("broken", 302),
        "/moved-to-missing": ("broken", 404),
    }
    assert results[site.url("/ok")].final_url is None
    assert results[site.url("/moved")].final_url == site.url("/ok")
    assert results[site.url("/moved-twice")].final_url == site.url("/ok")
    assert results[site.url("/moved-to-missing")].final_url == site.url("/missing/moved")
    assert "more than 10 redirects" in results[site.url("/loop")].detail
    assert all(r.checked_at == "2025-09-24T12:00:00+00:00" for r in results.values())
    # HEAD first; GET only where HEAD was refused or failed.
    assert site.requests[("HEAD", "/ok")] == 3  # asked directly and at the end of two redirects
    assert site.requests[("GET", "/ok")] == 0
    assert site.requests[("HEAD", "/nohead")] == 1 and site.requests[("GET", "/nohead")] == 1
    assert site.requests[("GET", "/missing")] == 1
    assert site.requests[("GET", "/slow")] == 0  # a timeout is retried, not re-asked with GET
    assert elapsed < SLOW_SECONDS - 0.5  # the slow page was given up on at the timeout


def test_retries_with_backoff(site: Site) -> None:
    start = time.perf_counter()
    results = check_links([site.url("/error"), site.url("/missing")], cache_path=None,
                          timeout=1.0, retries=2, backoff=0.1, now=NOW)
    elapsed = time.perf_counter() - start
    assert results[site.url("/error")].status == "broken"
    # three attempts, each HEAD then GET; 404 is not retried
    assert site.requests[("HEAD", "/error")] == 3 and site.requests[("GET", "/error")] == 3
    assert site.requests[("HEAD", "/missing")] == 1
    assert elapsed >= 0.1 + 0.2  # the pauses double


def test_timeout_is_retried(site: Site) -> None:
    results = check_links([site.url("/slow")], cache_path=None, timeout=0.3, retries=1,
                          backoff=0.01, now=NOW)
    assert results[site.url("/slow")].status == "timeout"
    assert site.requests[("HEAD", "/slow")] == 2


def test_unusable_urls_are_not_fetched(site: Site) -> None:
    results = check_links(["javascript:alert(1)", "/relative"], cache_path=None, now=NOW, **FAST)
    assert [r.status for r in results.values()] == ["broken", "broken"]
    assert "scheme 'javascript'" in results["javascript:alert(1)"].detail
    assert site.count() == 0


def test_connection_refused() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()  # nothing listens there now
    url = f"http://127.0.0.1:{port}/"
    results = check_links([url], cache_path=None, now=NOW, **FAST)
    assert results[url].status == "broken" and results[url].code is None


def test_cache_is_honoured_and_expires(site: Site, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "links.json"
    urls = [site.url(p) for p in ("/ok", "/moved", "/missing", "/nohead")]
    first = check_links(urls, cache_path=cache, now=NOW, **FAST)
    asked = site.count()
    assert asked == 7  # HEAD ok, HEAD moved + HEAD ok, HEAD+GET missing, HEAD+GET nohead
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert stored["version"] == 1 and sorted(stored["results"]) == sorted(urls)
    assert [p.name for p in cache.parent.iterdir()] == ["links.json"]  # no temporary left

    again = check_links(urls, cache_path=cache, now=NOW + datetime.timedelta(days=6), **FAST)
    assert site.count() == asked  # fresh entries: not a single new request
    assert again == first

    # one more URL: only it is asked; the others still come from the cache
    extra = site.url("/ok?new=1")
    check_links([*urls, extra], cache_path=cache, now=NOW + datetime.timedelta(days=6), **FAST)
    assert site.count() == asked + 1

    later = NOW + datetime.timedelta(days=8)
    refreshed = check_links(urls[:1], cache_path=cache, now=later, **FAST)
    assert site.count() == asked + 2  # the expired entry was asked again
    assert refreshed[urls[0]].checked_at == later.isoformat()
    stored = json.loads(cache.read_text(encoding="utf-8"))
    # the expired entries not asked about were dropped; the new and the re-asked remain
    assert sorted(stored["results"]) == sorted([urls[0], extra])


def test_expiry_is_configurable(site: Site, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    check_links([site.url("/ok")], cache_path=cache, now=NOW, **FAST)
    check_links([site.url("/ok")], cache_path=cache, now=NOW + datetime.timedelta(hours=2),
                expiry=datetime.timedelta(hours=1), **FAST)
    assert site.requests[("HEAD", "/ok")] == 2


@pytest.mark.parametrize("content", ["not json", '{"version": 99, "results": {}}', "[]",
                                     '{"version": 1, "results": {"http://x.example/": 5}}'])
def test_bad_cache_is_ignored(content: str, site: Site, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    cache.write_text(content, encoding="utf-8")
    results = check_links([site.url("/ok")], cache_path=cache, now=NOW, **FAST)
    assert results[site.url("/ok")].status == "ok" and site.count() == 1
    assert json.loads(cache.read_text(encoding="utf-8"))["version"] == 1


def test_two_hundred_links_in_under_ten_seconds(site: Site, tmp_path: Path) -> None:
    urls = [site.url(f"/page/{i}") for i in range(200)]
    start = time.perf_counter()
    results = check_links(urls, cache_path=tmp_path / "links.json", now=NOW, concurrency=8,
                          **FAST)
    elapsed = time.perf_counter() - start
    assert list(results) == urls
    assert {r.status for r in results.values()} == {"ok"}
    assert site.count() == 200
    assert elapsed < 10.0, elapsed


def test_duplicates_are_asked_once(site: Site) -> None:
    url = site.url("/ok")
    results = check_links([url, url, url], cache_path=None, now=NOW, **FAST)
    assert list(results) == [url] and site.count() == 1


def result(url: str, status: str, final: str | None = None) -> LinkResult:
    return LinkResult(url, status, None, final, "2025-09-24T12:00:00+00:00", f"{status} detail")


def test_link_problems() -> None:
    results = {
        "https://a.example/": result("https://a.example/", "ok"),
        "https://b.example/": result("https://b.example/", "broken"),
        "https://c.example/": result("https://c.example/", "timeout"),
        "https://d.example/": result("https://d.example/", "redirected", "https://d.example/n"),
    }
    where = {
        "https://a.example/": [("content/briefs/x.md", 3, 1)],
        "https://b.example/": [("content/briefs/x.md", 4, 8), ("content/briefs/y.md", 9, 2)],
        "https://c.example/": [("content/briefs/x.md", 5, 1)],
        "https://d.example/": [("content/briefs/x.md", 6, 1)],
        "https://unchecked.example/": [("content/briefs/x.md", 7, 1)],
    }
    assert [p.format() for p in link_problems(results, where)] == [
        "content/briefs/x.md:4:8: error: link is broken: https://b.example/ (broken detail)",
        "content/briefs/y.md:9:2: error: link is broken: https://b.example/ (broken detail)",
        "content/briefs/x.md:5:1: error: link timed out: https://c.example/ (timeout detail)",
        "content/briefs/x.md:6:1: warning: link redirects: https://d.example/ "
        "(now at https://d.example/n; cite that URL)",
    ]


def test_brief_links(make_brief: Callable[..., Brief]) -> None:
    citation = Citation("Reuters", datetime.date(2025, 9, 23), author="A", line=8,
                        url="https://www.reuters.com/a", archive_url="javascript:x",
                        positions={"url": (11, 8)})
    body = "Intro [one](https://e.example/1).\n\n`[code](https://e.example/2)` <https://e.example/3>"
    brief = make_brief(body, citations=[citation], body_line=20,
                       highlights=["See [the piece](https://www.reuters.com/a)."],
                       lines={"highlights.0": (5, 5)})
    assert brief_links(brief) == {
        "https://www.reuters.com/a": [("content/briefs/test.md", 11, 8),
                                      ("content/briefs/test.md", 5, 9)],
        "https://e.example/1": [("content/briefs/test.md", 20, 7)],
        "https://e.example/3": [("content/briefs/test.md", 22, 31)],
    }
