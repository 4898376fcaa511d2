"""Where the prose is in a Markdown text.

Checks that read an author's words (quotations, outlet names) must not look inside
code, link targets, image sources or HTML tags. :func:`mask` blanks those out with
spaces, keeping every other character and every newline where it was, so an offset
into the masked text is an offset into the source; a :class:`Locator` turns such an
offset into a line and column.

>>> mask('See `x = "a b c d"` and [the "piece"](https://e.com/"x") <b class="y">!</b>')
'See                 and  the "piece"                                  !    '
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from dataclasses import dataclass, field

_FENCE_OPEN = re.compile(r"^\s*(`{3,}|~{3,})")
_FENCE_CLOSE = re.compile(r"^\s*(`{3,}|~{3,})\s*$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\S")
_INDENTED = re.compile(r"^(?: {4}|\t)")

_NOT_BLANK_LINE = r"(?:(?!\n[ \t]*\n)[\s\S])"
_DESTINATION = (
    r"\(\s*(?:<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_LINK_TEXT = r"(?:[^\[\]]|\[[^\[\]]*\])*"

# Code and comments, blanked out first. Each pattern comes with a string that every
# match holds: a text without it is left as it is, unscanned.
_CODE = [
    (re.compile(r"<!--[\s\S]*?-->"), "<!--"),
    (re.compile(r"<(script|style|pre|code|textarea)\b[^>]*>[\s\S]*?</\1\s*>", re.IGNORECASE),
     "<"),
    (re.compile(rf"(?<!`)(`+)(?!`){_NOT_BLANK_LINE}+?(?<!`)\1(?!`)"), "`"),
]
# Then other non-prose, as whole matches, in this order.
_WHOLE = [
    (re.compile(rf"!\[{_LINK_TEXT}\](?:{_DESTINATION}|\[[^\]\n]*\])"), "!["),
    (re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE), "]:"),
    (re.compile(r"<(?:https?|ftp|mailto):[^>\s]*>|<[^@\s<>]+@[^@\s<>]+>", re.IGNORECASE), "<"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?/?>"), "<"),
]
# Links keep their text; the brackets and the target are blanked out.
_LINK = re.compile(rf"(\[)({_LINK_TEXT})(\](?:{_DESTINATION}|\[[^\]\n]*\]))")
# Markup characters that are not prose.
_MARKUP = [
    (re.compile(r"\\(?=[!-/:-@\[-`{-~])"), "\\"),
    (re.compile(r"\*+"), "*"),
    (re.compile(r"~~"), "~~"),
    (re.compile(r"(?<![^\W_])_+|_+(?![^\W_])"), "_"),
    (re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.MULTILINE), ">"),
]


def _blank(text: str) -> str:
    """``text`` with every character but newlines replaced by a space."""
    return re.sub(r"[^\n]", " ", text)


def _blank_code_blocks(text: str) -> str:
    """``text`` with fenced and indented code blocks blanked out, line by line."""
    out: list[str] = []
    fence: str | None = None
    previous_blank = True
    in_list = False
    in_code = False
    for line in text.splitlines(keepends=True):
        blank = not line.strip()
        if fence is not None:
            out.append(_blank(line))
            closing = _FENCE_CLOSE.match(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                fence = None
            previous_blank = False
            continue
        opening = _FENCE_OPEN.match(line)
        if opening:
            fence = opening.group(1)
            out.append(_blank(line))
            previous_blank = in_code = False
            continue
        indented = bool(_INDENTED.match(line))
        if not blank and not indented:
            if _LIST_ITEM.match(line):
                in_list = True
            elif previous_blank:
                in_list = False
        in_code = not blank and indented and not in_list and (previous_blank or in_code)
        out.append(_blank(line) if in_code else line)
        previous_blank = blank
    return "".join(out)


@functools.lru_cache(maxsize=64)
def mask_code(markdown: str) -> str:
    """``markdown`` with code blocks, code spans, raw code elements and comments blanked out.

    >>> mask_code("a `b` c <!-- d -->")
    'a     c           '
    """
    text = _blank_code_blocks(markdown)
    for pattern, needed in _CODE:
        if needed in text:
            text = pattern.sub(lambda m: _blank(m.group(0)), text)
    return text


@functools.lru_cache(maxsize=64)
def _unmarked(markdown: str) -> str:
    """``markdown`` blanked as :func:`mask` blanks it, but for the markup characters
    (made once for the callers that want them blanked and those that delete them)."""
    text = mask_code(markdown)
    for pattern, needed in _WHOLE:
        if needed in text:
            text = pattern.sub(lambda m: _blank(m.group(0)), text)
    if "[" in text:
        text = _LINK.sub(lambda m: " " + m.group(2) + _blank(m.group(3)), text)
    return text


@functools.lru_cache(maxsize=64)
def mask(markdown: str, *, markup: str = " ") -> str:
    """The prose of ``markdown``: the same length, with non-prose blanked out.

    Takes Markdown text and gives a string of the same length in which code
    blocks, code spans, images, link targets and brackets, reference
    definitions, autolinks, HTML tags and comments are replaced by spaces
    (newlines stay), and the markup characters of emphasis, escapes and block
    quotes by ``markup`` (a space unless a caller wants to delete them later).

    >>> mask("A *Reuters* report\\n\\n    code \\"here is code\\"\\n")
    'A  Reuters  report\\n\\n                       \\n'
    """
    text = _unmarked(markdown)
    for pattern, needed in _MARKUP:
        if needed in text:
            text = pattern.sub(lambda m: markup * len(m.group(0)), text)
    return text


@dataclass(frozen=True)
class Locator:
    """Turns offsets into a text into (line, column) pairs, both 1-based.

    ``first_line`` and ``first_column`` say where the text starts in its file; the
    column offset applies to the text's first line only.

    >>> Locator("ab\\ncd", first_line=10, first_column=5).at(1)
    (10, 6)
    >>> Locator("ab\\ncd", first_line=10, first_column=5).at(4)
    (11, 2)
    """

    text: str
    first_line: int = 1
    first_column: int = 1
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        object.__setattr__(self, "_starts", starts)

    def at(self, offset: int) -> tuple[int, int]:
        """The (line, column) of the character at ``offset``."""
        index = bisect.bisect_right(self._starts, offset) - 1
        column = offset - self._starts[index] + 1
        if index == 0:
            column += self.first_column - 1
        return self.first_line + index, column


# The link patterns start with the bracket and look behind it after: a pattern led by a
# lookbehind is tried at every position of a text, one led by a character only where
# that character is (several times faster over a brief).
_INLINE_LINK = re.compile(
    rf"\[(?<!!\[)(?P<text>{_LINK_TEXT})\]\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<bare>[^\s()]*"
    rf"(?:\([^\s()]*\)[^\s()]*)*))(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REFERENCE_LINK = re.compile(rf"\[(?<![!\]]\[)(?P<text>{_LINK_TEXT})\]\[(?P<label>[^\]\n]*)\]")
_DEFINITION = re.compile(
    r"^[ ]{0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*<?(?P<url>[^\s>]+)>?.*$", re.MULTILINE
)
_AUTOLINK = re.compile(r"<(?P<url>https?://[^>\s]+)>", re.IGNORECASE)
_ANCHOR = re.compile(
    r"<a\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*?\bhref\s*=\s*"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<uq>[^\s\"'>]+))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Link:
    """A link written in Markdown: its target, its text and the offset where it starts."""

    url: str
    text: str
    offset: int


def find_links(markdown: str) -> list[Link]:
    """The links of ``markdown`` outside code, in order: inline, reference, autolink, ``<a>``.

    Images are not links. Gives each link's target as written (HTML entities in an
    ``href`` decoded), its text and its offset.

    >>> [(k.url, k.text) for k in find_links("[a](https://e.com/a) ![i](x.png) `[b](c)`")]
    [('https://e.com/a', 'a')]
    >>> find_links("see [the piece][1]\\n\\n[1]: https://e.com/p")[0].url
    'https://e.com/p'
    """
    text = mask_code(markdown)
    definitions = {
        " ".join(m.group("label").casefold().split()): m.group("url")
        for m in _DEFINITION.finditer(text)
    }
    found: list[Link] = []
    for match in _INLINE_LINK.finditer(text):
        url = match.group("angled") if match.group("angled") is not None else match.group("bare")
        found.append(Link(url, match.group("text"), match.start()))
    for match in _REFERENCE_LINK.finditer(text):
        label = match.group("label") or match.group("text")
        url = definitions.get(" ".join(label.casefold().split()))
        if url is not None:
            found.append(Link(url, match.group("text"), match.start()))
    for match in _AUTOLINK.finditer(text):
        found.append(Link(match.group("url"), match.group("url"), match.start()))
    for match in _ANCHOR.finditer(text):
        raw = match.group("dq") or match.group("sq") or match.group("uq") or ""
        found.append(Link(html.unescape(raw), "", match.start()))
    return sorted(found, key=lambda link: link.offset)
