"""A brief's body and its lede come from one Markdown run (the lede cut from the body).

Rows: (label, body, expected lede HTML, comment). The body must always be what rendering
it alone gives.
"""

from __future__ import annotations

import pytest

from briefs.render import Renderer
from briefs.schema import headings
from tests.conftest import ROOT

LEDE_ROWS = [
    ("paragraph", "China *leads*.\n\n## Facts\n\nText.", "<p>China <em>leads</em>.</p>",
     "the usual brief: one paragraph, then the sections"),
    ("two paragraphs", "One.\n\nTwo.\n\n## Facts\n\nText.", "<p>One.</p>\n<p>Two.</p>",
     "everything before the first heading"),
    ("no blank line", "One.\n## Facts\nText.", "<p>One.</p>",
     "a heading right under the lede's last line"),
    ("list", "- a\n- b\n\n## Facts\n\nText.", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>",
     "a lede that is a list stays a tight list"),
    ("reference link", "See [the report][r].\n\n## Facts\n\n[r]: https://example.org/r",
     '<p>See <a href="https://example.org/r" rel="noopener noreferrer">the report</a>.</p>',
     "a link defined further down resolves in the lede too"),
    ("raw html", "<div>\nraw\n</div>\n\n## Facts\n\nx", "<div>\nraw\n</div>",
     "raw HTML is sanitized as in the body"),
    ("code fence", "```\n## not a heading\n```\n\n## Facts\n\nx",
     "<pre><code>## not a heading\n</code></pre>",
     "a heading inside code is not the end of the lede"),
]


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    from pelican.settings import read_settings

    return Renderer(read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"])


@pytest.mark.parametrize(("body", "lede"),
                         [pytest.param(b, e, id=label) for label, b, e, _ in LEDE_ROWS])
def test_lede_is_cut_from_the_rendered_body(renderer: Renderer, body: str, lede: str) -> None:
    found = headings(body)
    rendered, cut = renderer.body_and_lede(body, found[0][0])
    assert cut == lede
    assert rendered == renderer.body(body)


def test_a_body_without_headings_is_its_own_lede(renderer: Renderer) -> None:
    body, lede = renderer.body_and_lede("Only a lede.", None)
    assert body == lede == "<p>Only a lede.</p>"


def test_a_mark_in_the_text_itself_falls_back_to_two_runs(renderer: Renderer) -> None:
    source = "Lede <!-- assay:lede-end --> here.\n\n## Facts\n\nText."
    body, lede = renderer.body_and_lede(source, 1)
    assert body == renderer.body(source)
    assert lede == renderer.body("Lede <!-- assay:lede-end --> here.")
