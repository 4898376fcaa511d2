"""The protections live in the plugins and settings: plain `pelican` gets them too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import make_site
from tests.safety.test_payloads import PAYLOAD_BRIEF, _problems_in_html
from tests.site.test_whole_site import BAD_BRIEF


def test_plain_pelican_reports_bad_briefs_and_keeps_payloads_inert(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    briefs = site / "content" / "briefs"
    (briefs / "bad.md").write_text(BAD_BRIEF, "utf-8")
    (briefs / "payload.md").write_text(PAYLOAD_BRIEF, "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "plain",
         "--log-handler", "plain"], cwd=site, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "content/briefs/bad.md:3:1: error: date: impossible date 2025-02-30" in result.stderr
    output = site / "plain"
    assert (output / "2025/09/us-china-rare-earths-dispute-remains-unresolved/index.html").is_file()
    problems = []
    for page in sorted(output.rglob("*.html")):
        problems += _problems_in_html(page.read_text("utf-8"), page.name, document=True)
    assert problems == []
    strict = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", "strict",
         "--log-handler", "plain"], cwd=site, capture_output=True, text=True, timeout=300)
    assert strict.returncode == 1
    assert "strict build failed: 1 error(s) in 1 file(s)" in strict.stderr
