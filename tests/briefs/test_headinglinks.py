"""The quick heading links render exactly as Python-Markdown's toc extension."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markdown import Markdown
from markdown.extensions.toc import TocTreeprocessor
from pelican.settings import read_settings

from briefs import headinglinks
from briefs.headinglinks import QuickHeadingLinks, QuickTocTreeprocessor
from briefs.render import _body_markdown

#: The project's own Markdown setting (the briefs' bodies).
BODY_SETTINGS = read_settings(str(Path(__file__).resolve().parents[2] / "pelicanconf.py")
                              )["MARKDOWN"]

# (label, markdown, comment): each renders as the toc extension renders it.
ROWS = [
    ("plain headings", "## The Facts That Hold\n\ntext\n\n## Why It Matters", ""),
    ("repeated heading", "## Facts\n\n## Facts\n\n## Facts", "ids facts, facts_1, facts_2"),
    ("ampersand", "## Rock & roll", "escaped in the inner HTML, unescaped for the id"),
    ("less-than", "## 3 < 4 and 5 > 2", ""),
    ("entity", "## Caf&eacute; &copy; 2024", "a placeholder for each entity"),
    ("code span", "## The `freeze` clause", "a child element"),
    ("emphasis", "## *Big* news, **bold** claims", ""),
    ("raw HTML", "## A <span>tagged</span> word", "stashed HTML"),
    ("link", "## See [the report](https://example.com/r)", ""),
    ("backslash escapes", "## 1\\. Not a list, \\*not\\* emphasis", "\\x02 placeholders"),
    ("plain backslash", "## C:\\path or a \\ alone", "kept as typed"),
    ("footnote reference", "## A claim[^1]\n\n[^1]: The note.", "removed for the id"),
    ("own id", "## Facts {#mine}\n\n## Facts", ""),
    ("own id taken", "## Facts {#facts}\n\n## Facts", "the second is facts_1"),
    ("toc label", "## A very long heading {data-toc-label=\"Short\"}", ""),
    ("marker", "[TOC]\n\n## One\n\n### Two\n\n## Three", "the table is placed"),
    ("marker in code", "    [TOC]\n\n## One", "not placed, still recorded"),
    ("marker in a sentence", "See [TOC] here.\n\n## One", "not placed"),
    ("marker in a heading", "## [TOC]\n\n## One", "never placed in a heading"),
    ("Cyrillic", "## Ціни на нафту\n\n## Ціни", "no ASCII: empty ids made unique"),
    ("Thai and CJK", "## ราคาน้ำมัน\n\n## 石油价格", ""),
    ("curly quotes", "## The report’s “framing”", ""),
    ("whitespace", "##    Spaced     out   ", "collapsed"),
    ("empty heading", "##\n\ntext", ""),
    ("setext", "Title\n=====\n\nSub\n---", ""),
    ("heading in HTML block", "<div markdown=\"1\">\n## Inside\n</div>", "md_in_html"),
    ("nested levels", "# A\n\n### C\n\n## B\n\n#### D\n\n###### F", ""),
]

#: The toc extension's settings to render each row with: the project's and others.
CONFIGS: list[dict[str, Any]] = [
    BODY_SETTINGS["extension_configs"]["markdown.extensions.toc"],
    {},
    {"permalink": True, "anchorlink": True},
    {"baselevel": 2, "toc_depth": "2-3", "permalink_leading": True, "permalink": "¶"},
    {"marker": "", "title": "Contents"},
]


def _markdown(config: dict[str, Any], quick: bool) -> Markdown:
    extensions: list[Any] = [*BODY_SETTINGS["extensions"]]
    if quick:
        extensions.append(QuickHeadingLinks())
    return Markdown(extensions=extensions, output_format="html",
                    extension_configs={"markdown.extensions.toc": dict(config)})


@pytest.mark.parametrize("config", CONFIGS, ids=[str(c) for c in CONFIGS])
@pytest.mark.parametrize(("label", "markdown", "comment"), ROWS, ids=[r[0] for r in ROWS])
def test_renders_as_the_toc_extension(label: str, markdown: str, comment: str,
                                      config: dict[str, Any]) -> None:
    plain, quick = _markdown(config, quick=False), _markdown(config, quick=True)
    assert type(quick.treeprocessors["toc"]) is QuickTocTreeprocessor
    html = plain.convert(markdown)
    assert quick.convert(markdown) == html, comment
    assert quick.toc_tokens == plain.toc_tokens, comment
    # The table itself is recorded wherever it is placed (elsewhere it is left empty).
    if 'class="toc"' in html or quick.toc:
        assert quick.toc == plain.toc, comment


def test_the_table_is_kept_where_the_marker_is() -> None:
    quick = _markdown({}, quick=True)
    html = quick.convert("[TOC]\n\n## One\n\n## Two")
    assert html.startswith('<div class="toc">')
    assert '<a href="#two">Two</a>' in quick.toc


def test_a_plain_heading_is_not_serialized_and_no_table_is_built(monkeypatch) -> None:
    # The shortcuts are taken: no heading rendered on its own, no table built.
    calls: list[str] = []
    monkeypatch.setattr(headinglinks, "render_inner_html",
                        lambda *args: calls.append("heading") or "")
    monkeypatch.setattr(TocTreeprocessor, "build_toc_div",
                        lambda *args: calls.append("table"))
    quick = _markdown(BODY_SETTINGS["extension_configs"]["markdown.extensions.toc"], True)
    html = quick.convert("## The Facts That Hold\n\ntext\n\n## Why It Matters")
    assert calls == []
    assert '<h2 id="the-facts-that-hold">' in html
    assert quick.toc == ""
    quick.convert("## The `freeze` clause")
    assert calls == ["heading"]


def test_the_renderer_uses_the_quick_processor() -> None:
    md = _body_markdown(BODY_SETTINGS)
    assert type(md.treeprocessors["toc"]) is QuickTocTreeprocessor


def test_another_processor_or_version_is_left_alone(monkeypatch) -> None:
    class Other(TocTreeprocessor):
        pass

    md = Markdown(extensions=["markdown.extensions.toc"])
    md.treeprocessors["toc"].__class__ = Other
    QuickHeadingLinks().extendMarkdown(md)
    assert type(md.treeprocessors["toc"]) is Other

    monkeypatch.setattr(headinglinks.markdown, "__version_info__", (3, 12, 0, "final", 0))
    md = Markdown(extensions=["markdown.extensions.toc", QuickHeadingLinks()])
    assert type(md.treeprocessors["toc"]) is TocTreeprocessor


def test_without_the_toc_extension_nothing_changes() -> None:
    md = Markdown(extensions=["markdown.extensions.extra", QuickHeadingLinks()])
    assert "toc" not in md.treeprocessors
    assert md.convert("## Facts") == "<h2>Facts</h2>"
