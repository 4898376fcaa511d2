"""The brief reader plugin in a tiny real site: only the plugin, a tiny brief, real Pelican."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import make_site, run_assay

TINY = """---
title: "A <b>Tiny</b> Brief"
date: 2025-10-01
authors: [Jane Roe]
topics: [testing]
highlights:
  - First *point*.
  - Second point.
citation:
  author: Hannah Collymore
  publication: Cryptopolitan
  date: 2025-09-30
  url: https://www.cryptopolitan.com/a-story/
view:
  title: A Titled View
  body: The house *thinks* so.
corrections:
  - date: 2025-10-02
    note: Fixed a typo.
---
The lede <script>alert(1)</script>, with a [bad link](javascript:alert(1)).

## The Facts That Hold

Facts.
"""


def test_tiny_site_renders_structured_brief(tmp_path: Path) -> None:
    site = make_site(tmp_path, with_content=False)
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8")
                        + '\nBRIEFS_VIEW_LABEL = "Our View"\nBRIEFS_SECTIONS = []\n', "utf-8")
    (site / "content" / "briefs" / "tiny.md").write_text(TINY, "utf-8")
    result = run_assay("build", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower()

    html = (site / "output" / "2025" / "10" / "a-tiny-brief" / "index.html").read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert page.h1.get_text() == "A <b>Tiny</b> Brief", "the title is escaped text"
    assert "<b>Tiny</b>" not in html
    assert [li.decode_contents() for li in page.select(".highlights li")] == [
        "First <em>point</em>.", "Second point."]
    assert page.select_one(".house-view h2").get_text(" ", strip=True) == \
        "Our View: A Titled View"
    assert page.select_one(".house-view p").decode_contents() == \
        "The house <em>thinks</em> so."
    assert page.select_one(".cited-publication")["href"] == \
        "https://www.cryptopolitan.com/a-story/"
    assert page.select_one(".corrections li").get_text() == "October 2, 2025: Fixed a typo."
    assert "<script" not in html.split("</head>")[1]
    assert "javascript:" not in html
    assert page.select_one(".byline a").get_text() == "Jane Roe"
    assert (site / "output" / "topics" / "testing" / "index.html").is_file()


def test_symlink_outside_content_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path, with_content=False)
    outside = tmp_path / "secret.md"
    outside.write_text(TINY, "utf-8")
    (site / "content" / "briefs" / "linked.md").symlink_to(outside)
    result = run_assay("build", cwd=site)
    assert "content/briefs/linked.md:1:1: error: the file is a link to a place outside the " \
        "content folder" in result.stderr
    assert not (site / "output" / "2025").exists()
