"""Python-Markdown's inline patterns, led by what they match first, for speed.

Python-Markdown tries each inline pattern against each run of text with
``re.search``. Four of its patterns start with a lookbehind: the link, reference
and short reference patterns (``(?<!\\!)\\[``: a bracket not after ``!``) and the
code span pattern (a backtick, or a run of backslashes before one, not after a
backslash). A pattern led by a lookbehind is tried at every position of the text;
one led by a character only where that character is. The
:class:`LiteralLedPatterns` extension gives those processors patterns that match
exactly what theirs match (the same spans and groups), led by the bracket, or by a
lookahead for a backtick or backslash: about a sixth less time for a brief's body.

A processor whose pattern is not the one this module knows (another version of
Python-Markdown, another extension's) keeps its own.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension

#: Each known pattern, by what it is replaced with.
_LINK = r"(?<!\!)\["
_BACKTICK = r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)"
REPLACEMENTS: dict[str, str] = {
    # The bracket first, then the look behind it: "[" not right after "!".
    _LINK: r"\[(?<!\!\[)",
    # Every match starts with a backslash or a backtick: the lookahead says so first.
    _BACKTICK: r"(?=[\\`])" + _BACKTICK,
}
#: The inline processors (by their registered names) whose patterns are replaced.
NAMES = ("backtick", "reference", "link", "short_reference")


class LiteralLedPatterns(Extension):
    """Replace the lookbehind-led patterns of the inline processors in :data:`NAMES`
    (see the module's docstring). Add it after the extensions it should cover.

    >>> md = Markdown(extensions=[LiteralLedPatterns()])
    >>> md.inlinePatterns["link"].compiled_re.pattern
    '\\\\[(?<!\\\\!\\\\[)'
    >>> md.convert("![i](a.png) [l](b) \\\\`x `y`")
    '<p><img alt="i" src="a.png" /> <a href="b">l</a> `x <code>y</code></p>'
    """

    def extendMarkdown(self, md: Markdown) -> None:
        for name in NAMES:
            if name in md.inlinePatterns:
                replace_pattern(md.inlinePatterns[name])


def replace_pattern(processor: Any) -> bool:
    """Give ``processor`` (an inline processor) the literal-led form of its pattern, with
    its flags, when its pattern is one of :data:`REPLACEMENTS`; gives whether it did.

    >>> from markdown.inlinepatterns import LinkInlineProcessor, LINK_RE
    >>> replace_pattern(LinkInlineProcessor(LINK_RE)), replace_pattern(LinkInlineProcessor("x"))
    (True, False)
    """
    compiled = getattr(processor, "compiled_re", None)
    if compiled is None or compiled.pattern not in REPLACEMENTS:
        return False
    processor.compiled_re = re.compile(REPLACEMENTS[compiled.pattern], compiled.flags)
    return True
