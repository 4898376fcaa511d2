"""The Pagefind index is built by the build itself: ``assay build`` (make html), ``assay
build --publish`` (make publish) and ``assay serve`` (make serve), into ``/pagefind/``."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT, make_site, run_assay
from tests.theme.sitebuild import BuiltSite


def test_published_site_has_an_index_of_the_briefs_only(built_site: BuiltSite) -> None:
    bundle = built_site.output / "pagefind"
    for name in ("pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == 4
    assert len(list((bundle / "filter").glob("*.pf_filter"))) == 4  # topic, author, year, outlet


def test_development_build_indexes_too(site: Path) -> None:
    result = run_assay("build", cwd=site)
    assert result.returncode == 0, result.stderr
    entry = json.loads((site / "output/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == 1


def test_a_failed_index_stops_a_publish_build_but_not_a_development_build(site: Path) -> None:
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nSEARCH_PAGEFIND_ARGS = ["--no-such-option"]\n')
    published = run_assay("build", "--publish", cwd=site)
    assert published.returncode != 0
    assert "search index failed; nothing was published" in published.stderr
    assert not (site / "output").exists()
    developed = run_assay("build", cwd=site)
    assert developed.returncode == 0, developed.stderr
    assert "search index failed (the site has no search)" in developed.stderr
    assert (site / "output" / "index.html").is_file()
    assert not (site / "output" / "pagefind").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_preview_server_indexes_and_serves_search(tmp_path: Path) -> None:
    """``assay serve`` (make serve) rebuilds with Pelican's autoreload; the index comes with it.

    Only the brief reader and this theme's plugins run here: this checks the search
    plugin's hook, not the other plugins under autoreload.
    """
    site = make_site(tmp_path)
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nPLUGINS = ["briefs", "search", "feeds", "sitemap"]\n')
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as stream:
        server = subprocess.Popen(
            [sys.executable, "-m", "assay.cli", "serve", "--port", str(port)],
            cwd=site, env=env, stdout=stream, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        body = b""
        while not body and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/pagefind/pagefind.js",
                                            timeout=5) as answer:
                    body = answer.read()
            except OSError:
                time.sleep(0.3)
        assert body, f"no search bundle served by `assay serve`:\n{log.read_text('utf-8')}"
        assert (site / "output" / "pagefind" / "pagefind-entry.json").is_file()
    finally:
        _stop(server)


def _stop(server: subprocess.Popen) -> None:
    """End ``server`` and the Pelican processes it started (its own process group)."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        time.sleep(0.2)
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            return
