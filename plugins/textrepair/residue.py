"""Web residue: CMS chrome, screen-reader text, controls and invisible junk.

Each rule takes the (masked) text and a :class:`~textrepair.context.Context`
and returns the edits it wants; :func:`textrepair.rules.demo` shows one rule at
work on its own.
"""

from __future__ import annotations

import re
import unicodedata

from .context import Context
from .lines import line_spans, remove_lines
from .model import Edit

# A WordPress block comment, whole (<!-- wp:paragraph {"x":1} -->, <!-- /wp:list -->)
# or broken: without its "<", or cut off at the end of the line.
_WP = (
    r"<?!--[ \t]*/?wp:[a-z][a-z0-9/_-]*"
    r"(?:[ \t]+\{[^\n]*?\})?[ \t]*/?[ \t]*(?:-->|--|->|(?=[ \t]*\r?$))"
)
# A copyright sign that lost its "<!--" neighbour, intact or damaged.
_COPY = r"(?:©|ยฉ|Â©|Ã‚Â©)"
_WP_LINE_RE = re.compile(rf"^[ \t]*{_COPY}?[ \t]*(?:{_WP}[ \t]*)+\r?$", re.MULTILINE)
_WP_INLINE_RE = re.compile(rf"(?P<pre>[ \t]?){_WP}(?P<post>[ \t]?)")
_NEW_TAB_RE = re.compile(r"\((?i:opens?) in (?:a )?new (?:tab|window)\)")
_COMMENTS_RE = re.compile(r"^[ \t]*(?:\d+|No) Comments?[ \t]*\r?$", re.MULTILINE)
_ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_C1_RE = re.compile(r"[\x80-\x9f]")
_ZERO_WIDTH_RE = re.compile(r"[\u200b\u2060\u180e\ufeff\u200c\u200d]")
_SURROGATE_RE = re.compile(r"[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")


def _whole_lines(text: str, pattern: re.Pattern[str]) -> list[Edit]:
    starts = [s for s, _, _ in line_spans(text)]
    doomed = []
    for match in pattern.finditer(text):
        # the pattern is anchored at line starts; find the line index
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= match.start():
                lo = mid
            else:
                hi = mid - 1
        doomed.append(lo)
    return remove_lines(text, doomed)


def _squeeze(text: str, match: re.Match[str]) -> Edit:
    """Delete ``match`` keeping one space if it sat between two spaces."""
    pre, post = match.group("pre") or "", match.group("post") or ""
    start, end = match.start(), match.end()
    line_start = text.rfind("\n", 0, start) + 1
    at_line_start = not text[line_start : start + len(pre)].strip()
    nxt = text[end : end + 1]
    at_line_end = nxt in ("", "\n", "\r")
    if pre and post and not at_line_start and not at_line_end:
        return Edit(start, end, pre)
    return Edit(start, end, "")


def wp_block_comment(text: str, ctx: Context) -> list[Edit]:
    """Remove WordPress block comments, whole or broken, and lines made only of them.

    >>> from textrepair.rules import demo
    >>> demo(wp_block_comment, "Text.\\nยฉ!-- /wp:paragraph -->\\n")
    'Text.\\n'
    >>> demo(wp_block_comment, "<!-- wp:paragraph -->\\nHello <!-- /wp:paragraph --> there")
    'Hello there'
    """
    if "!-" not in text:
        return []
    edits = _whole_lines(text, _WP_LINE_RE)
    taken = [(e.start, e.end) for e in edits]
    for match in _WP_INLINE_RE.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        edits.append(_squeeze(text, match))
    return edits


def new_tab_text(text: str, ctx: Context) -> list[Edit]:
    """Drop screen-reader link text such as "(opens in a new tab)" and the space before it.

    >>> from textrepair.rules import demo
    >>> demo(new_tab_text, "a Cryptopolitan piece (opens in a new tab). Next")
    'a Cryptopolitan piece. Next'
    """
    edits = []
    for match in _NEW_TAB_RE.finditer(text):
        start, end = match.start(), match.end()
        pre = start > 0 and text[start - 1] in " \t"
        post = text[end : end + 1] in (" ", "\t") and end < len(text)
        line_start = text.rfind("\n", 0, start) + 1
        if pre:
            start -= 1  # the space before goes with it
        elif post and not text[line_start:start].strip():
            end += 1  # at the start of a line, the space after goes instead
        edits.append(Edit(start, end, ""))
    return edits


def comment_count(text: str, ctx: Context) -> list[Edit]:
    """Remove comment-count chrome ("0 Comments") standing on a line of its own.

    >>> from textrepair.rules import demo
    >>> demo(comment_count, "Last line.\\n0 Comments")
    'Last line.'
    """
    if "Comment" not in text:
        return []
    return _whole_lines(text, _COMMENTS_RE)


def terminal_escape(text: str, ctx: Context) -> list[Edit]:
    """Remove ANSI terminal escape sequences (colour codes).

    >>> from textrepair.rules import demo
    >>> demo(terminal_escape, "\\x1b[36mBlue\\x1b[0m text")
    'Blue text'
    """
    if "\x1b" not in text:
        return []
    return [Edit(m.start(), m.end(), "") for m in _ANSI_RE.finditer(text)]


def surrogate(text: str, ctx: Context) -> list[Edit]:
    """Join UTF-16 surrogate pairs; a lone surrogate becomes U+FFFD.

    >>> from textrepair.rules import demo
    >>> demo(surrogate, "\\ud83d\\ude00 and \\udc00")
    '😀 and �'
    """
    edits: list[Edit] = []
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return edits  # no surrogates
    for m in _SURROGATE_RE.finditer(text):
        s = m.group()
        if len(s) == 2:
            code = 0x10000 + ((ord(s[0]) - 0xD800) << 10) + (ord(s[1]) - 0xDC00)
            edits.append(Edit(m.start(), m.end(), chr(code)))
        else:
            edits.append(Edit(m.start(), m.end(), "\ufffd"))
    return edits


def c1_control(text: str, ctx: Context) -> list[Edit]:
    """Read stray C1 controls as Windows-1252 (as browsers do); drop the undefined ones.

    >>> from textrepair.rules import demo
    >>> demo(c1_control, "don\\x92t\\x81")
    'don’t'
    """
    edits = []
    for m in _C1_RE.finditer(text):
        byte = ord(m.group())
        try:
            replacement = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            replacement = ""
        edits.append(Edit(m.start(), m.end(), replacement))
    return edits


def _invisible_ok(ch: str) -> bool:
    """A neighbour that makes a ZWJ/ZWNJ meaningful: a non-ASCII, non-space character."""
    return bool(ch) and not ch.isascii() and not ch.isspace() and ch != "\ufeff"


def zero_width(text: str, ctx: Context) -> list[Edit]:
    """Remove zero-width junk; keep ZWJ/ZWNJ between two non-ASCII characters.

    Between non-ASCII characters they shape emoji sequences, Indic and Persian.

    >>> from textrepair.rules import demo
    >>> demo(zero_width, "rare\\u200b earths\\u200d and 👩\\u200d💻")
    'rare earths and 👩\\u200d💻'
    """
    edits = []
    for m in _ZERO_WIDTH_RE.finditer(text):
        ch, i = m.group(), m.start()
        if ch == "\ufeff" and i == 0:
            continue  # a byte order mark at the start is not junk
        if ch in "\u200c\u200d":
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if _invisible_ok(before) and _invisible_ok(after):
                continue
        edits.append(Edit(i, i + 1, ""))
    return edits


def is_typographic(ch: str) -> bool:
    """A character an HTML entity may stand for in prose: not ASCII, not a control.

    >>> is_typographic("’"), is_typographic("<"), is_typographic("\\u200d")
    (True, False, False)
    """
    if len(ch) != 1 or ch.isascii():
        return False
    return unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
