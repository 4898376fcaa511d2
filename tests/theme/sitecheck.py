"""Checks over a built site's files, shared by the tests: pages, links, inline code.

Each function takes the output folder (and the site's public base URL) and gives a
list of problems as text, empty when all is well, so that one assertion shows them all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

#: The Content-Security-Policy every page carries (the search page adds script-src).
CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'"
SEARCH_CSP = CSP + "; script-src 'self' 'wasm-unsafe-eval'"
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


def html_pages(output: Path) -> list[Path]:
    """Every HTML file of ``output`` except Pagefind's bundle."""
    return sorted(p for p in output.rglob("*.html")
                  if "pagefind" not in p.relative_to(output).parts)


def page_url(base_url: str, output: Path, page: Path) -> str:
    """The public URL of the output file ``page`` (``x/index.html`` as ``x/``)."""
    relative = page.relative_to(output).as_posix()
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return f"{base_url}/{relative}"


@cache
def _soup(path: Path, mtime: float) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def soup(path: Path) -> BeautifulSoup:
    """The parsed HTML of ``path`` (cached while the file is unchanged)."""
    return _soup(path, path.stat().st_mtime)


def target_file(output: Path, path: str) -> Path | None:
    """The output file a URL path (``/a/b/``, ``/x.css``) is served from, if any."""
    relative = unquote(path).lstrip("/")
    candidate = output / relative
    if relative == "" or relative.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(output.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


def _references(page: BeautifulSoup) -> Iterable[tuple[str, str]]:
    for tag in page.find_all(True):
        for attribute in ("href", "src", "action"):
            value = tag.get(attribute)
            if value is not None:
                yield f"<{tag.name} {attribute}>", value


def broken_links(output: Path, base_url: str) -> list[str]:
    """Every internal link, asset and form target in ``output``'s pages that leads nowhere.

    A link is internal when it resolves to ``base_url``'s host (or is relative); it
    must lead to a file of ``output``, and a ``#fragment`` into an HTML page must name
    an element ``id`` there. External links are not followed.
    """
    site = urlsplit(base_url)
    problems = []
    for page in html_pages(output):
        here = page_url(base_url, output, page)
        for where, value in _references(soup(page)):
            if not value.strip():
                problems.append(f"{page.relative_to(output)}: empty {where}")
                continue
            url = urlsplit(urljoin(here, value.strip()))
            if url.scheme not in ("http", "https") or url.netloc != site.netloc:
                continue
            path = url.path
            if site.path and path.startswith(site.path):
                path = path[len(site.path):]
            target = target_file(output, path)
            if target is None:
                problems.append(f"{page.relative_to(output)}: {where} {value!r} leads nowhere")
                continue
            if url.fragment and target.suffix == ".html":
                fragment = unquote(url.fragment)
                if soup(target).find(id=fragment) is None:
                    problems.append(f"{page.relative_to(output)}: {where} {value!r}: no "
                                    f"element with id {fragment!r} in {target.relative_to(output)}")
    return problems


def inline_code(output: Path) -> list[str]:
    """Inline script, inline style and event-handler attributes in ``output``'s pages.

    A ``<script>`` with a JSON data type (JSON-LD) is data, not code; it must parse.
    """
    problems = []
    for page in html_pages(output):
        name = page.relative_to(output)
        tree = soup(page)
        for script in tree.find_all("script"):
            kind = (script.get("type") or "").lower()
            if kind in DATA_BLOCK_TYPES:
                try:
                    json.loads(script.string or "")
                except ValueError:
                    problems.append(f"{name}: a {kind} block that is not JSON")
                continue
            if not script.get("src") or (script.string or "").strip():
                problems.append(f"{name}: inline <script>")
        if tree.find("style"):
            problems.append(f"{name}: <style> element")
        for tag in tree.find_all(True):
            if tag.has_attr("style"):
                problems.append(f"{name}: style attribute on <{tag.name}>")
            handlers = [a for a in tag.attrs if re.fullmatch(r"on[a-z]+", a)]
            if handlers:
                problems.append(f"{name}: event handler {handlers} on <{tag.name}>")
            for attribute in ("href", "src", "action"):
                if str(tag.get(attribute, "")).strip().lower().startswith("javascript:"):
                    problems.append(f"{name}: javascript: URL on <{tag.name}>")
    return problems


def csp_problems(output: Path) -> list[str]:
    """Pages without the site's Content-Security-Policy as their first ``<head>`` policy."""
    problems = []
    for page in html_pages(output):
        name = page.relative_to(output)
        policy = re.compile("^content-security-policy$", re.IGNORECASE)
        metas = soup(page).find_all("meta", attrs={"http-equiv": policy})
        expected = SEARCH_CSP if name.as_posix() == "search/index.html" else CSP
        if [m.get("content") for m in metas] != [expected]:
            problems.append(f"{name}: CSP {[m.get('content') for m in metas]!r}, expected "
                            f"{expected!r}")
            continue
        head = soup(page).head
        first = head.find(["script", "link", "style"]) if head else None
        if first is not None and first.sourceline < metas[0].sourceline:
            problems.append(f"{name}: <{first.name}> before the CSP meta")
    return problems
