"""One built site for the theme and browser tests: the repository's content plus a few
briefs that give the archive neighbours, related briefs, two years, several outlets,
and pagination, built once per test process with ``assay build --publish``.

The site is served by a real HTTP server on 127.0.0.1 (a free port), and built with
``ASSAY_SITEURL`` set to that server, so absolute URLs, canonical links, feeds and the
sitemap all point at it.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import make_site, run_assay

SEED_URL = "2025/09/us-china-rare-earths-dispute-remains-unresolved/"

_SECTIONS = """
## The Facts That Hold

{facts}

## The Framing That Falls Short

The coverage leans on official statements and leaves the incentives of each side unexamined.

## Speculation and Blind Spots

The piece guesses at the next round of talks without saying what would change the outcome.

## Why It Matters for Investors

Projects outside the dominant supplier still face high financing costs and uncertain offtake.
"""

EXTRA_BRIEFS = {
    "2025-09-10-magnet-plant-subsidies.md": """---
title: Rare Earth Magnet Plant Plans Lean on Subsidies
date: 2025-09-10
authors: [Mara Lindqvist]
topics: [rare earths, industrial policy]
highlights:
  - European magnet plants depend on subsidies that have not been approved.
  - The report treats announced capacity as if it were built capacity.
citation:
  author: Tom Field
  publication: Financial Times
  date: 2025-09-09
  title: Europe's magnet makers seek state aid
  url: https://www.ft.com/content/magnet-makers-state-aid
  archive_url: https://web.archive.org/web/2025/https://www.ft.com/content/magnet-makers-state-aid
view:
  title: Capacity Is Not Output
  body: Announced plants matter only once they sign offtake contracts and start production.
---
Plans for new rare earth magnet plants in Europe rest on state aid that is still under review.
""" + _SECTIONS.format(facts="The plants named in the report exist in permit filings."),
    "2025-08-12-lithium-glut.md": """---
title: Lithium Glut Story Misreads the Price Cycle
date: 2025-08-12
updated: 2025-08-14
authors: [REEx Editorial]
topics: [lithium, China]
highlights:
  - Lithium prices fell because new supply arrived at once, not because demand collapsed.
  - The piece ignores the mines that closed during the downturn.
  - Long-term contracts shield most producers from spot prices.
citation:
  author: Dana Price
  publication: Reuters
  date: 2025-08-11
  title: Lithium glut deepens as new mines ramp up
  url: https://www.reuters.com/markets/commodities/lithium-glut-deepens/
view:
  title: A Cycle, Not a Collapse
  body: Supply gluts in mined commodities end when marginal producers close.
corrections:
  - date: 2025-08-14
    note: Corrected the name of the mine operator.
---
A widely shared report describes a lasting lithium glut; the numbers describe a price cycle.
""" + _SECTIONS.format(facts="Spot prices did fall by more than half over the year."),
    "2024-12-05-shipping-insurance.md": """---
title: Shipping Insurance Claims Need Context
date: 2024-12-05
authors: [Mara Lindqvist]
topics: [shipping, China]
highlights:
  - War-risk premiums rose, but from a very low base.
  - The report compares one quarter with a single unusual month.
citation:
  author: Hannah Collymore
  publication: Cryptopolitan
  date: 2024-12-04
view:
  title: Premiums Follow Risk
  body: Insurers price the routes they cover; a rise in premiums is information, not panic.
---
Claims that shipping insurance has become unaffordable leave out the base the rise started from.
""" + _SECTIONS.format(facts="Premiums on the routes named did rise during the quarter."),
}

#: Appended to the site copy's settings: two briefs a page, so listings paginate.
SETTINGS_OVERRIDE = "\n# Test site: paginate after two briefs.\nDEFAULT_PAGINATION = 2\n"


@dataclass(frozen=True)
class BuiltSite:
    """A built and served site: its folder, output, public base URL and build log."""

    root: Path
    output: Path
    base_url: str
    log: str

    def url(self, path: str = "") -> str:
        """The served URL of ``path`` (site-relative, e.g. ``"search/?q=x"``)."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def pages(self) -> list[Path]:
        """Every HTML file of the output except Pagefind's own."""
        return sorted(p for p in self.output.rglob("*.html")
                      if "pagefind" not in p.relative_to(self.output).parts)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A running HTTP server on 127.0.0.1 (free port) for ``directory``; gives it and its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True, name="site-server").start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"


def build_site(parent: Path, *, publish: bool = True, settings: str = "") -> BuiltSite:
    """Copy the site into ``parent`` with the extra briefs (and ``settings`` appended to
    its settings), build it and serve the output.

    Gives the :class:`BuiltSite`; fails the calling test with the build log if the build
    fails or a fixture brief is missing from it.
    """
    root = make_site(parent)
    for name, text in EXTRA_BRIEFS.items():
        (root / "content" / "briefs" / name).write_text(text, "utf-8")
    with (root / "pelicanconf.py").open("a", encoding="utf-8") as written:
        written.write(SETTINGS_OVERRIDE + settings)
    output = root / "output"
    output.mkdir()
    server, base_url = serve(output)
    env_before = os.environ.get("ASSAY_SITEURL")
    os.environ["ASSAY_SITEURL"] = base_url
    try:
        result = run_assay("build", *(["--publish"] if publish else []), cwd=root)
    finally:
        if env_before is None:
            os.environ.pop("ASSAY_SITEURL", None)
        else:
            os.environ["ASSAY_SITEURL"] = env_before
    log = result.stdout + result.stderr
    if result.returncode != 0:
        server.shutdown()
        raise AssertionError(f"the test site did not build:\n{log}")
    return BuiltSite(root, output, base_url, log)


_shared: dict[str, BuiltSite] = {}


def shared_site(parent_factory) -> BuiltSite:
    """The one published test site of this test process (built on first use).

    Takes pytest's ``tmp_path_factory``.
    """
    if "site" not in _shared:
        _shared["site"] = build_site(parent_factory.mktemp("assay-site"))
    return _shared["site"]
