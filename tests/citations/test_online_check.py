"""`assay check --online` against a real HTTP server on 127.0.0.1, with its cache."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import make_site, run_assay

requests: Counter[str] = Counter()


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        requests[self.path] += 1
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        else:
            self.send_response(404 if self.path == "/gone" else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_online_check_reports_broken_and_redirected_links_and_caches(
        tmp_path: Path, server: str) -> None:
    site = make_site(tmp_path, with_content=False)
    (site / "content" / "briefs" / "links.md").write_text(f"""---
title: Links
date: 2025-10-01
highlights: [One., Two.]
citation:
  author: A
  publication: P
  date: 2025-09-30
  url: {server}/gone
  archive_url: {server}/moved
view: {{title: V, body: B}}
---
Lede with [a working link]({server}/ok).
""", "utf-8")
    first = run_assay("check", "--online", "--timeout", "2", cwd=site)
    assert first.returncode == 1
    assert f"content/briefs/links.md:9:3: error: link is broken: {server}/gone" in first.stdout
    assert f"content/briefs/links.md:10:3: warning: link redirects: {server}/moved" in \
        first.stdout
    assert f"{server}/moved (now at {server}/ok; cite that URL)" in first.stdout
    assert not [line for line in first.stdout.splitlines() if line.endswith(f"{server}/ok")]
    assert (site / ".cache" / "links.json").is_file()
    seen = sum(requests.values())
    second = run_assay("check", "--online", cwd=site)
    assert second.stdout == first.stdout
    assert sum(requests.values()) == seen, "fresh results come from the cache"
    offline = run_assay("check", cwd=site)
    assert "link is broken" not in offline.stdout, "offline by default"
