"""Browser tests: Debian's Chromium driven by Playwright's sync API, on the one built
test site served over HTTP on 127.0.0.1. Nothing here downloads a browser.

``open_page`` gives a fresh browser context (viewport, colour scheme, JavaScript on or
off) whose page records what went wrong while it was used: console errors, uncaught
exceptions, failed requests and Content-Security-Policy violations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, ROOT
from tests.theme.sitebuild import BuiltSite, build_site, shared_site

ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

#: Reports every CSP violation to the console, where the page's watcher sees it.
REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@dataclass
class Watched:
    """A page and what went wrong on it (each entry: "where: what")."""

    page: object
    problems: list[str] = field(default_factory=list)

    def watch(self) -> None:
        """Start recording console errors, page errors, failed requests, CSP violations."""
        page = self.page
        page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"{page.url}: console error: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"{page.url}: uncaught: {e}"))
        # A request the page's own navigation cancels (net::ERR_ABORTED) is no failure.
        page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and
                self.problems.append(f"{page.url}: request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"{page.url}: HTTP {r.status} for {r.url}"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The published test site, built once per test process and served on 127.0.0.1."""
    return shared_site(tmp_path_factory)


@pytest.fixture(scope="session")
def site_in_parts(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The published test site with its search index in parts of one brief each (and
    the words index of the parts' vocabulary pages), served on 127.0.0.1."""
    return build_site(tmp_path_factory.mktemp("assay-site-parts"),
                      settings="SEARCH_SHARD_SIZE = 1\n")


@pytest.fixture(params=["one index", "index in parts"])
def search_site(request: pytest.FixtureRequest) -> BuiltSite:
    """The test site with one search index, then with its index in parts: searches must
    find the same briefs."""
    return request.getfixturevalue("built_site" if request.param == "one index"
                                   else "site_in_parts")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, for the whole session."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., Watched]]:
    """A factory of watched pages: ``open_page(width=1280, scheme="light", js=True)``."""
    contexts = []

    def factory(width: int = 1280, height: int = 900, scheme: str = "light",
                js: bool = True) -> Watched:
        context = browser.new_context(viewport={"width": width, "height": height},
                                      color_scheme=scheme, java_script_enabled=js,
                                      service_workers="block")
        context.add_init_script(REPORT_CSP)
        contexts.append(context)
        watched = Watched(context.new_page())
        watched.watch()
        return watched

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The folder for screenshots and PDFs (``test-artifacts/``, not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
