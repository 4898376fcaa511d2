"""The literal-led inline patterns, and the inline processor that skips runs of text no
pattern can match, render exactly as Python-Markdown's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markdown import Markdown
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.treeprocessors import InlineProcessor
from pelican.settings import read_settings

from briefs.inlinepatterns import (
    NAMES,
    LiteralLedPatterns,
    SkipPlainText,
    _QuickInlineProcessor,
    plain_text_trigger,
)
from briefs.render import FIELD_EXTENSIONS, _body_markdown

ROOT = Path(__file__).resolve().parents[2]
#: The project's own Markdown settings (the briefs' bodies).
BODY_SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"]

# (label, markdown, comment): each renders as Python-Markdown renders it.
ROWS = [
    ("image", "![alt](a.png)", "a bracket after ! is an image"),
    ("image reference", "![alt][r]\n\n[r]: a.png", ""),
    ("link after a bang", "Wow![link](b) and Wow! [link](b)", "! right before [ or not"),
    ("escaped bracket", "\\[not a link](x)", ""),
    ("escaped bang", "\\![link](x)", "an escaped ! still makes an image"),
    ("reference link", "[text][r] and [r]\n\n[r]: https://e.com", ""),
    ("short reference after a bang", "Hi![r] and Hi [r]\n\n[r]: https://e.com", ""),
    ("code span", "a `b` c", ""),
    ("escaped backtick", "\\`not code` here", ""),
    ("two backslashes", "a \\\\`code`", "an even run of backslashes before a backtick"),
    ("three backslashes", "a \\\\\\`x`", "an odd run escapes the backtick"),
    ("four backslashes", "x\\\\\\\\`y`", ""),
    ("backslashes alone", "a \\\\ b \\\\\\\\", "no backtick after them"),
    ("double backticks", "``a ` b``", ""),
    ("unclosed", "`a and [b", ""),
    ("nested", "[a `b` link](c) ![i `x`](d) [`[`](e)", ""),
    ("brackets in code", "`![x](y)` and `[z]`", ""),
]


def assert_renders_alike(markdown: str, quick: list[Any], comment: str) -> None:
    """``markdown`` renders alike with the ``quick`` extensions and without, for the
    bodies' extensions and the short fields'."""
    for extensions in (BODY_SETTINGS["extensions"], FIELD_EXTENSIONS):
        configs = BODY_SETTINGS["extension_configs"]
        plain = Markdown(extensions=extensions, extension_configs=configs)
        led = Markdown(extensions=[*extensions, *quick], extension_configs=configs)
        assert led.convert(markdown) == plain.convert(markdown), comment


@pytest.mark.parametrize(("label", "markdown", "comment"), ROWS, ids=[r[0] for r in ROWS])
def test_renders_as_python_markdown(label: str, markdown: str, comment: str) -> None:
    assert_renders_alike(markdown, [LiteralLedPatterns()], comment)


def test_no_inline_pattern_of_the_renderer_is_led_by_a_lookbehind() -> None:
    md = _body_markdown(BODY_SETTINGS)
    led = [item.name for item in md.inlinePatterns._priority
           if md.inlinePatterns[item.name].compiled_re.pattern.startswith(("(?<", "(?:(?<"))]
    assert led == []
    assert set(NAMES) <= {item.name for item in md.inlinePatterns._priority}


def test_every_brief_of_the_repository_renders_alike() -> None:
    sources = sorted([*ROOT.glob("content/**/*.md"), *ROOT.glob("tests/**/*.md")])
    assert sources
    for source in sources:
        text = source.read_text("utf-8")
        plain = Markdown(**BODY_SETTINGS)
        assert _body_markdown(BODY_SETTINGS).convert(text) == plain.convert(text), source.name


# (label, markdown, comment): each renders as Python-Markdown renders it with the
# inline processor that skips runs of text holding nothing a pattern needs.
SKIP_ROWS = [
    ("prose", "China’s share rose to 70 per cent — “again”, said the ministry.", ""),
    ("thai, cjk and cyrillic", "ภาษาไทย 中文 Русский текст", "no trigger in any script"),
    ("soft line break", "one line\nand the next", "a newline alone is no trigger"),
    ("hard line break", "two spaces  \nbreak the line", "two spaces before a newline"),
    ("trailing spaces", "ends with two spaces  ", "no newline after them"),
    ("three spaces", "three   \nspaces", ""),
    ("entity", "AT&amp;T and &#8212; and &copy;", ""),
    ("bare ampersand", "AT&T and R&D", "no entity: left as it is"),
    ("inline html", "a <b>bold</b> word and <!-- a comment -->", ""),
    ("autolinks", "<https://e.com/a> and <a@b.org>", ""),
    ("less than", "3 < 4 and 5 > 2", "no tag"),
    ("emphasis", "*em* and **strong** and _em_ and __strong__ and ***both***", ""),
    ("inner underscores", "snake_case_name and 2*3*4", "no emphasis made"),
    ("escapes", "\\*not em\\* and \\_not em\\_ and a \\\\ backslash", ""),
    ("code", "`x = *y*` and ``a ` b``", "nothing inside code is touched"),
    ("footnote", "A claim.[^1]\n\n[^1]: Its note, with *em*.", ""),
    ("abbreviation", "The HTML spec.\n\n*[HTML]: Hyper Text Markup Language", ""),
    ("attribute list", "A paragraph.\n{: .lead }", ""),
    ("table", "| a | b |\n| --- | --- |\n| *x* | plain |", ""),
    ("list with a break", "- first  \n  second\n- plain item", ""),
    ("heading", "## A plain heading\n\nAnd *text*.", ""),
    ("table of contents", "[TOC]\n\n## One\n\nText.", ""),
    ("raw html block", "<div>\nplain *x*\n</div>\n\nafter", ""),
    ("link and image", "[a](https://e.com) and ![b](c.png) and [ref][r]\n\n[r]: d", ""),
]


@pytest.mark.parametrize(("label", "markdown", "comment"), [*ROWS, *SKIP_ROWS],
                         ids=[r[0] for r in [*ROWS, *SKIP_ROWS]])
def test_skipping_plain_text_renders_as_python_markdown(label: str, markdown: str,
                                                        comment: str) -> None:
    assert_renders_alike(markdown, [LiteralLedPatterns(), SkipPlainText()], comment)


def test_the_renderer_skips_runs_of_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    tried: list[str] = []
    apply = InlineProcessor._InlineProcessor__applyPattern

    def counted(self, pattern, data, *args):
        tried.append(data)
        return apply(self, pattern, data, *args)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__applyPattern", counted)
    md = _body_markdown(BODY_SETTINGS)
    assert isinstance(md.treeprocessors["inline"], _QuickInlineProcessor)
    assert plain_text_trigger(md.inlinePatterns) is not None
    assert md.convert("Plain prose.\n\nMore *prose*.") == (
        "<p>Plain prose.</p>\n<p>More <em>prose</em>.</p>")
    assert "Plain prose." not in tried  # no pattern was tried on it
    assert "More *prose*." in tried


def test_an_unknown_pattern_has_every_run_tried() -> None:
    md = Markdown(extensions=["markdown.extensions.extra", SkipPlainText()])
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()(o)", "b"), "o", 1)
    assert plain_text_trigger(md.inlinePatterns) is None
    assert md.convert("foo") == "<p>f<b>o</b><b>o</b></p>"  # "foo" holds no known trigger
