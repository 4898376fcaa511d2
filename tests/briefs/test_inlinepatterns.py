"""The literal-led inline patterns render exactly as Python-Markdown's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown import Markdown
from pelican.settings import read_settings

from briefs.inlinepatterns import NAMES, LiteralLedPatterns
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


@pytest.mark.parametrize(("label", "markdown", "comment"), ROWS, ids=[r[0] for r in ROWS])
def test_renders_as_python_markdown(label: str, markdown: str, comment: str) -> None:
    for extensions in (BODY_SETTINGS["extensions"], FIELD_EXTENSIONS):
        configs = BODY_SETTINGS["extension_configs"]
        plain = Markdown(extensions=extensions, extension_configs=configs)
        led = Markdown(extensions=[*extensions, LiteralLedPatterns()], extension_configs=configs)
        assert led.convert(markdown) == plain.convert(markdown), comment


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
