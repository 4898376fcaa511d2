"""The citations plugin in a tiny real site: checks in the build, JSON-LD, outlet pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import make_site, run_assay

SOURCE = """Lithium shipments rose in March. "We expect prices to stay firm through the
summer," said the chief executive of the largest producer. Analysts were less sure.
"""


def brief(title: str, quote: str, *, publication: str = "Reuters", archive: bool = True) -> str:
    archive_line = "  archive: sources/reuters-lithium.txt\n" if archive else ""
    return f"""---
title: {title}
date: 2025-04-02
topics: [lithium]
highlights: [Prices held., Producers are confident.]
citation:
  author: Jane Roe
  publication: {publication}
  date: 2025-04-01
  title: Lithium shipments rise
  url: https://www.reuters.com/markets/lithium/?utm_source=newsletter&id=7
{archive_line}view: {{title: Watch Supply, body: Supply decides.}}
---
The producer said “{quote}” and the story stops there.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = make_site(tmp_path_factory.mktemp("citations"), with_content=False)
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8").replace(
        'PLUGINS = ["briefs", "citations", "search", "feeds", "sitemap"]',
        'PLUGINS = ["briefs", "citations", "search"]') + "\nBRIEFS_SECTIONS = []\n", "utf-8")
    content = site / "content"
    (content / "outlets.yml").write_text(
        "- name: Reuters\n  homepage: https://www.reuters.com/\n", "utf-8")
    (content / "sources" / "reuters-lithium.txt").write_text(SOURCE, "utf-8")
    briefs = content / "briefs"
    (briefs / "exact.md").write_text(brief(
        "Exact Quote", "We expect prices to stay firm through the summer,"), "utf-8")
    (briefs / "styled.md").write_text(brief(
        "Styled Quote", "we expect PRICES to  stay firm\n through the summer"), "utf-8")
    (briefs / "one-word.md").write_text(brief(
        "One Word Off", "We expect prices to stay high through the summer"), "utf-8")
    summarized = brief("Summarized", "We expect prices to stay firm through the summer,")
    (briefs / "summarized.md").write_text(summarized.replace(
        "topics: [lithium]", "topics: [lithium]\nsummary: A *U.S.*-China story & its limits."),
        "utf-8")
    (briefs / "unknown-outlet.md").write_text(brief(
        "Unknown Outlet", "We expect prices to stay firm through the summer",
        publication="Reuter"), "utf-8")
    result = run_assay("build", cwd=site)
    assert result.returncode == 0, result.stderr
    return site / "output", result.stderr


def test_quotes_are_verified_in_the_build(built: tuple[Path, str]) -> None:
    output, log = built
    assert (output / "2025" / "04" / "exact-quote" / "index.html").is_file()
    assert (output / "2025" / "04" / "styled-quote" / "index.html").is_file()
    assert not (output / "2025" / "04" / "one-word-off").exists()
    line = next(entry for entry in log.splitlines() if "one-word.md" in entry and "error" in entry)
    assert line.startswith("content/briefs/one-word.md:15:19: error:")
    assert "quotation not found in the archived source" in line
    assert "closest passage (9" in line and "We expect prices to stay firm through the" in line


def test_unknown_outlet_is_a_warning_with_a_suggestion(built: tuple[Path, str]) -> None:
    _output, log = built
    line = next(entry for entry in log.splitlines() if "unknown-outlet.md" in entry)
    assert line.startswith("content/briefs/unknown-outlet.md:8:3: warning: unknown outlet")
    assert "warning" in line and "Reuters" in line


def test_jsonld_carries_the_brief_and_its_source(built: tuple[Path, str]) -> None:
    output, _ = built
    page = BeautifulSoup((output / "2025/04/exact-quote/index.html").read_text("utf-8"),
                         "html.parser")
    (script,) = page.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "AnalysisNewsArticle"
    assert data["headline"] == "Exact Quote"
    assert data["datePublished"].startswith("2025-04-02")
    assert data["dateModified"].startswith("2025-04-02")
    source = data["isBasedOn"]
    assert source["@type"] == "NewsArticle"
    assert source["author"]["name"] == "Jane Roe"
    assert source["publisher"]["name"] == "Reuters"
    assert source["datePublished"] == "2025-04-01"
    assert source["url"] == "https://www.reuters.com/markets/lithium/?id=7"
    assert data["citation"] == [source]


def test_jsonld_describes_the_brief_as_its_meta_description_does(
        built: tuple[Path, str]) -> None:
    output, _ = built
    page = BeautifulSoup((output / "2025/04/summarized/index.html").read_text("utf-8"),
                         "html.parser")
    data = json.loads(page.find("script", type="application/ld+json").string)
    # The summary as the reader sees it, rendered and sanitized, then as plain text: no
    # space where an inline tag was.
    assert data["description"] == "A U.S.-China story & its limits."
    assert page.find("meta", attrs={"name": "description"})["content"] == data["description"]


def test_citation_is_rendered_in_house_style_without_tracking(built: tuple[Path, str]) -> None:
    output, _ = built
    page = BeautifulSoup((output / "2025/04/exact-quote/index.html").read_text("utf-8"),
                         "html.parser")
    cited = page.select_one(".cited-source")
    assert cited.get_text(" ", strip=True).startswith(
        "Jane Roe , “Lithium shipments rise,” Reuters , April 1, 2025")
    assert cited.select_one("a.cited-title")["href"] == \
        "https://www.reuters.com/markets/lithium/?id=7"
    assert "utm_source" not in str(page)
    cite = page.select_one(".cite-this")
    assert "@article{" in cite.select_one(".cite-bibtex").get_text()
    assert json.loads(cite.select_one(".cite-csl").get_text())[0]["title"] == "Exact Quote"


def test_outlet_pages_list_the_right_briefs(built: tuple[Path, str]) -> None:
    output, _ = built
    index = BeautifulSoup((output / "outlets/index.html").read_text("utf-8"), "html.parser")
    entries = [li.get_text(" ", strip=True) for li in index.select(".term-list li")]
    # The brief citing an unregistered outlet is listed under the name it gives.
    assert entries == ["Reuter (1)", "Reuters (3)"]
    reuters = BeautifulSoup((output / "outlets/reuters/index.html").read_text("utf-8"),
                            "html.parser")
    titles = sorted(a.get_text() for a in reuters.select(".brief-card h2 a"))
    assert titles == ["Exact Quote", "Styled Quote", "Summarized"]
