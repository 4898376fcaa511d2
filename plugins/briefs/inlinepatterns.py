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

Every inline pattern of Python-Markdown and of its footnotes extension matches only
where a run of text holds one of a few characters (a backtick, a backslash, a
bracket, ``<``, ``&``, ``*``, ``_``) or two spaces before a line break, and most runs
of a brief's prose hold none. The :class:`SkipPlainText` extension gives the inline
processor a first look at each run for them (:data:`TRIGGERS`): a run without any is
left as it is, as trying every pattern on it would leave it, about a quarter less
time for a brief's body. Where one pattern is not among those it knows, every run is
tried as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

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


#: What a run of text must hold for an inline pattern to match in it (one of these
#: strings), by the pattern: Python-Markdown's own (3.11), its footnotes extension's
#: and this module's forms of them. Every match of each starts with one of them.
TRIGGERS: dict[str, tuple[str, ...]] = {
    _BACKTICK: ("\\", "`"),
    REPLACEMENTS[_BACKTICK]: ("\\", "`"),
    r"\\(.)": ("\\",),  # escape
    r"\[\^([^\]]*)\]": ("[",),  # footnote
    _LINK: ("[",),  # reference, link, short_reference
    REPLACEMENTS[_LINK]: ("[",),
    r"\!\[": ("[",),  # image_link, image_reference, short_image_ref
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # automail
    (r'''(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+'''
     r'''(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+\s*+/?'''
     r'''|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]'''
     r'''|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)'''): ("<",),  # html
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
    r"  \n": ("  \n",),  # linebreak
    r"\*|_": ("*", "_"),  # em_strong
}


@dataclass(frozen=True)
class Trigger:
    """What a run of text must hold for a pattern to match in it: one of ``characters``
    (an expression of one character class; None: no character), or one of
    ``strings`` (longer than a character)."""

    characters: re.Pattern[str] | None
    strings: tuple[str, ...]

    def found_in(self, text: str) -> bool:
        """Whether ``text`` holds one of them."""
        if self.characters is not None and self.characters.search(text) is not None:
            return True
        return any(string in text for string in self.strings)


def plain_text_trigger(processors: Iterable[Any]) -> Trigger | None:
    """What a run of text must hold for one of the inline ``processors`` to match in it;
    None when one of them is not in :data:`TRIGGERS` (or there are none).

    >>> md = Markdown(extensions=["markdown.extensions.extra"])
    >>> trigger = plain_text_trigger(md.inlinePatterns)
    >>> trigger.found_in("China’s share rose to 70 per cent."), trigger.found_in("a *b*")
    (False, True)
    >>> trigger.found_in("two spaces  \\nbreak"), trigger.found_in("one \\nline")
    (True, False)
    >>> from markdown.inlinepatterns import SimpleTextInlineProcessor
    >>> md.inlinePatterns.register(SimpleTextInlineProcessor("o"), "o", 1)
    >>> plain_text_trigger(md.inlinePatterns) is None
    True
    """
    found: set[str] = set()
    for processor in processors:
        compiled = getattr(processor, "compiled_re", None)
        strings = TRIGGERS.get(compiled.pattern) if compiled is not None else None
        if strings is None:
            return None
        found.update(strings)
    if not found:
        return None
    characters = sorted(string for string in found if len(string) == 1)
    return Trigger(re.compile("[" + "".join(map(re.escape, characters)) + "]")
                   if characters else None,
                   tuple(sorted(string for string in found if len(string) > 1)))


class _QuickInlineProcessor(InlineProcessor):
    """Python-Markdown's inline processor, leaving each run of text that holds none of
    what its patterns need as it is (see :class:`SkipPlainText`)."""

    trigger: Trigger | None = None

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        # The patterns as they are for this document (an extension may add one later).
        self.trigger = plain_text_trigger(self.inlinePatterns)
        return super().run(tree, ancestors)

    # Python-Markdown's own (name-mangled) method, which its processor calls for each run.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if (self.trigger is not None and not isinstance(data, util.AtomicString)
                and not self.trigger.found_in(data)):
            return data  # what trying every pattern gives: none matches
        return super()._InlineProcessor__handleInline(data, patternIndex)


class SkipPlainText(Extension):
    """Give the inline processor a first look at each run of text for what its
    patterns need (see the module's docstring). Add it after the other extensions.

    >>> md = Markdown(extensions=["markdown.extensions.extra", SkipPlainText()])
    >>> type(md.treeprocessors["inline"]).__name__
    '_QuickInlineProcessor'
    >>> md.convert("Plain prose, a *word* and a [link](b).")
    '<p>Plain prose, a <em>word</em> and a <a href="b">link</a>.</p>'
    """

    def extendMarkdown(self, md: Markdown) -> None:
        if "inline" not in md.treeprocessors:
            return
        if type(md.treeprocessors["inline"]) is not InlineProcessor:
            return  # another extension's processor: left as it is
        md.treeprocessors["inline"].__class__ = _QuickInlineProcessor
