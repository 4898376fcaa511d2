"""A reading keeps a brief's rendered body, not its Markdown: nothing after reading
needs the Markdown, and every process of the build and the cache would hold it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.settings import read_settings

from briefs.prepare import Tools, prepare
from tests.conftest import make_site


def test_the_kept_brief_has_no_markdown_body(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path)
    monkeypatch.chdir(site)
    source = site / "content" / "briefs" / "2025-09-24-us-china-rare-earths-dispute.md"
    assert "Despite high-level meetings in Beijing" in source.read_text("utf-8")
    prepared = prepare(str(source), Tools(read_settings("pelicanconf.py")))
    assert not prepared.skip
    brief = prepared.fields["brief"]
    assert brief.body == "" and brief.body_line > 1  # where it was still says
    assert "<p>Despite high-level meetings in Beijing" in prepared.content
    assert '<h2 id="the-facts-that-hold">' in prepared.content
    assert brief.title and brief.citations and brief.highlights  # the rest is kept
