"""The quick block checks render exactly as Python-Markdown's own processors."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown import Markdown
from pelican.settings import read_settings

from briefs.blockchecks import RUNS, TESTS, QuickBlockChecks, quick_processors
from briefs.render import FIELD_EXTENSIONS, _body_markdown

#: The project's own Markdown extensions (the briefs' bodies).
BODY_EXTENSIONS = read_settings(str(Path(__file__).resolve().parents[2] / "pelicanconf.py")
                                )["MARKDOWN"]["extensions"]

# (label, markdown, comment): each renders as Python-Markdown renders it.
ROWS = [
    ("heading", "# Title\n\ntext", ""),
    ("heading inside a block", "text\n## Facts\nmore", "a # after a line break"),
    ("hash in prose", "Item #1 and C# are not headings", ""),
    ("closed heading", "### Facts ###", ""),
    ("setext", "Title\n=====\n\nSub\n---", ""),
    ("dash list, not setext", "text\n- item", "a line break then a dash"),
    ("hr after text", "text\n\n---\n\nmore", ""),
    ("quote", "> quoted\n> more", ""),
    ("quote inside a block", "text\n> quoted", ""),
    ("greater-than in prose", "3 > 2 and a -> b", "no quote"),
    ("definition list", "Term\n:   Definition", ""),
    ("colon in prose", "Note: not a definition", ""),
    ("reference", "[a][r]\n\n[r]: https://e.com \"Title\"", ""),
    ("reference inside a block", "text\n[r]: https://e.com\n\n[a][r]", ""),
    ("bracket colon in prose", "the list [1, 2]: done", "no definition"),
    ("footnote", "Text[^1].\n\n[^1]: The note.", ""),
    ("footnote in prose", "a [^b] c", "no definition"),
    ("footnote inside a block", "Text[^n].\n\nMore text.\n[^n]: The note.", ""),
    ("abbreviation", "The HTML page.\n\n*[HTML]: Hyper Text Markup Language", ""),
    ("star bracket in prose", "a *[b] c", "no definition"),
    ("abbreviation inside a block", "The HTML page.\n*[HTML]: Hyper Text Markup Language", ""),
    ("everything",
     "# H\n\n> q\n\nT\n:   d\n\n[^1]: n\n\n*[H]: h\n\n[r]: /u\n\nS\n---\n\n[x][r][^1]", ""),
]


@pytest.mark.parametrize(("label", "markdown", "comment"), ROWS, ids=[r[0] for r in ROWS])
def test_renders_as_python_markdown(label: str, markdown: str, comment: str) -> None:
    for extensions in (BODY_EXTENSIONS, FIELD_EXTENSIONS):
        plain = Markdown(extensions=extensions)
        quick = Markdown(extensions=[*extensions, QuickBlockChecks()])
        assert quick.convert(markdown) == plain.convert(markdown), comment


def test_the_renderer_checks_every_known_processor_quickly() -> None:
    # A processor whose expression changed upstream is left alone: this says so.
    md = _body_markdown({"extensions": BODY_EXTENSIONS})
    assert sorted(quick_processors(md)) == sorted([*TESTS, *RUNS])


def test_a_processor_with_another_expression_is_left_alone() -> None:
    md = Markdown(extensions=["markdown.extensions.extra"])
    processor = md.parser.blockprocessors["quote"]
    processor.RE = type(processor.RE)  # not the expression the module knows
    QuickBlockChecks().extendMarkdown(md)
    assert "quote" not in quick_processors(md)
