"""Untrusted text stays inert: payloads in every field never run, in pages, feeds or JSON-LD."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import make_site, run_assay

PAYLOAD_BRIEF = """---
title: "Payload <script>alert(1)</script> <img src=x onerror=alert(2)>"
date: 2025-10-01
summary: "<b onmouseover=alert(13)>dek</b> [x](javascript:alert(14))"
topics: ["<script>alert(3)</script>", "ok topic"]
highlights:
  - "<script>alert(4)</script> point"
  - "[click](javascript:alert(5)) and <img src='data:text/html,x' onerror='alert(6)'>"
citation:
  author: "</script><script>alert(8)</script>"
  publication: "Reuters <svg onload=alert(15)>"
  date: 2025-09-30
  title: "\\"><svg onload=alert(9)>"
  url: "https://example.com/a?x=%22onmouseover%3Dalert(16)"
view:
  title: "<i onclick=alert(17)>View</i>"
  body: |
    <a href="javascript:alert(7)">x</a> <iframe src="https://evil.example/"></iframe>
    <object data="x"></object>
---
Lede <script>alert(10)</script> with [a link](javascript:alert(11)) and
<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>, <div onclick="alert(12)">div</div>
<style>body {display: none}</style><form action="https://evil.example/"><input></form>

## The Facts That Hold

<svg><script>alert(18)</script></svg> <a href="JaVaScRiPt:alert(19)">mixed case</a>
<a href="  javascript:alert(20)">spaces</a> <img src="x" onerror="alert(21)">
"""

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "style", "form", "input",
                  "base", "meta", "link"}
SITE_URL = "https://assay.example.org"  # publishconf.py's default
ALLOWED_SCHEMES = ("", "http", "https", "mailto")  # "" is a relative URL


def _problems_in_html(markup: str, where: str, *, document: bool) -> list[str]:
    """Active content in ``markup``: scripts, handlers, bad URLs, dangerous elements."""
    problems = []
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(True):
        if tag.name == "script":
            kind = tag.get("type", "")
            if kind == "application/ld+json":
                text = tag.string or ""
                json.loads(text)
                if "<" in text:
                    problems.append(f"{where}: raw '<' in JSON-LD")
            elif not (document and tag.get("src") and not tag.string):
                problems.append(f"{where}: script element {tag}")
            continue
        own_form = tag.find_parent("form") or tag
        same_site = str(own_form.get("action", "")).startswith(("/", SITE_URL + "/"))
        chrome = document and (tag.name in {"meta", "link"}
                               or (tag.name in {"form", "input"} and same_site))
        if tag.name in DANGEROUS_TAGS and not chrome:
            problems.append(f"{where}: <{tag.name}> element")
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                problems.append(f"{where}: event handler {name} on <{tag.name}>")
            if name in ("href", "src", "action", "formaction", "data"):
                url = str(value).strip().lower()
                first = url.split("/")[0]
                scheme = first.split(":")[0] if ":" in first else ""
                if scheme not in ALLOWED_SCHEMES:
                    problems.append(f"{where}: {name}={value!r} on <{tag.name}>")
    return problems


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(tmp_path_factory.mktemp("payload"), with_content=False)
    (site / "content" / "briefs" / "payload.md").write_text(PAYLOAD_BRIEF, "utf-8")
    result = run_assay("build", "--publish", cwd=site)
    assert result.returncode == 0, result.stderr
    return site / "output"


def test_a_url_that_breaks_out_of_its_attribute_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path, with_content=False)
    source = PAYLOAD_BRIEF.replace("%22onmouseover%3Dalert(16)", '\\"onmouseover=\\"alert(16)')
    (site / "content" / "briefs" / "payload.md").write_text(source, "utf-8")
    result = run_assay("check", cwd=site)
    assert result.returncode == 1
    assert "content/briefs/payload.md:14:3: error: url is not a well-formed http(s) URL" in \
        result.stdout


def test_the_payload_brief_was_built(output: Path) -> None:
    pages = [p for p in output.rglob("index.html") if "Payload" in p.read_text("utf-8")]
    assert any("2025/10" in str(p) for p in pages)


def test_no_active_content_in_any_page(output: Path) -> None:
    problems = []
    for page in sorted(output.rglob("*.html")):
        problems += _problems_in_html(page.read_text("utf-8"), str(page.relative_to(output)),
                                      document=True)
    assert problems == []
    brief = next(output.glob("2025/10/*/index.html")).read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in brief, "the title is shown, escaped"


def test_no_active_content_in_atom_and_rss(output: Path) -> None:
    feeds = sorted(output.rglob("*.xml"))
    assert any(f.name.endswith(".atom.xml") for f in feeds)
    problems = []
    carrying_html = ("description", "{http://www.w3.org/2005/Atom}content",
                     "{http://www.w3.org/2005/Atom}summary")
    for feed in feeds:
        if feed.name == "sitemap.xml":
            continue
        for element in ElementTree.parse(feed).iter():
            text = element.text or ""
            if element.tag in carrying_html:
                problems += _problems_in_html(text, f"{feed.name}:{element.tag}",
                                              document=False)
            elif element.tag.rpartition("}")[2] in DANGEROUS_TAGS - {"link"}:
                # Plain-text elements (titles, categories) are escaped; no markup element
                # may appear in the feed itself.
                problems.append(f"{feed.name}: <{element.tag}> element")
            for name, value in element.attrib.items():
                if name == "href" and not value.startswith(("http://", "https://")):
                    problems.append(f"{feed.name}:{element.tag}: href={value!r}")
    assert problems == []
    atom = (output / "feeds" / "all.atom.xml").read_text("utf-8")
    assert "<title>Payload alert(1)" in atom, "the title is there, as plain text"


def test_no_active_content_in_json_feed_and_json_ld(output: Path) -> None:
    feed = json.loads((output / "feeds" / "all.json").read_text("utf-8"))
    problems = []
    for item in feed["items"]:
        for name in ("content_html", "summary"):
            if name in item:
                problems += _problems_in_html(item[name], f"all.json:{name}", document=False)
        assert item["url"].startswith(("http://", "https://"))
    assert problems == []
    raw = (output / "feeds" / "all.json").read_text("utf-8")
    assert "javascript:" not in raw.lower()
    brief = BeautifulSoup(next(output.glob("2025/10/*/index.html")).read_text("utf-8"),
                          "html.parser")
    (script,) = brief.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["headline"].startswith("Payload <script>")
    assert "javascript:" not in script.string.lower()
