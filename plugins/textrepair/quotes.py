"""House quote style, and choosing the punctuation a lost byte stood for.

When only "some E2 80 xx character" survived, context decides between
’ ‘ “ ” – and —: an apostrophe sits inside a word (don’t, China’s), an opening
quote after a space or bracket, a closing quote before a space or punctuation,
an en dash between numbers (2019–2020) and in compounds of names (U.S.–China),
an em dash between words (disputes—whether). Open quotes are tracked per
paragraph so that nested quotes alternate and closers match their openers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .protect import MASK

US = "us"
UK = "uk"

#: Word endings that follow an apostrophe (don’t, China’s, we’re, I’ve, you’ll, I’d, I’m).
APOSTROPHE_SUFFIXES = frozenset({"s", "t", "d", "m", "re", "ve", "ll"})
#: Words elided before a vowel (French l’État, qu’il; Italian dell’anno, un’altra).
ELIDED_BEFORE_VOWEL = frozenset(
    [
        "c",
        "d",
        "j",
        "l",
        "m",
        "n",
        "s",
        "t",
        "qu",
        "jusqu",
        "lorsqu",
        "puisqu",
        "quoiqu",
        "dell",
        "all",
        "nell",
        "sull",
        "dall",
        "un",
        "quest",
    ]
)
#: Words that start with an elision apostrophe (’em, ’til, ’n’).
ELISIONS = frozenset({"em", "til", "tis", "twas", "cause", "n", "bout", "round"})
_OPEN_BEFORE = set(" \t\n\r\u00a0([{<“‘«—–-/\u2009")
_CLOSE_AFTER = set(" \t\n\r\u00a0.,;:!?)]}>…”’»—–-/")
_TERMINAL = set(".,;:!?…")
_ABBREVIATION_RE = re.compile(r"(?:\b[A-Z]\.){2,}$")

_OPENERS_RE = re.compile(r"(?:^|(?<=[\s(\[{—–-]))([“‘\"'])(?=(\w+))", re.MULTILINE)


def detect_quote_style(text: str) -> str:
    """Guess whether the document puts outer quotes in “double” (US) or ‘single’ (UK) marks.

    Counts opening quotes that survived, curly or straight (a straight ``'``
    before an elided word such as 'em or '90s does not count); ``"us"`` when
    there is no evidence either way.

    >>> detect_quote_style("She said ‘no’ and he said ‘yes’.")
    'uk'
    >>> detect_quote_style("He called it “fine” and ‘odd’; “really”.")
    'us'
    >>> detect_quote_style("No quotes at all, rock 'n' roll.")
    'us'
    """
    if not any(q in text for q in "“‘\"'"):
        return US
    double = single = 0
    for m in _OPENERS_RE.finditer(text):
        if m.group(1) in '“"':
            double += 1
        elif m.group(2).lower() not in ELISIONS and not m.group(2).isdigit():
            single += 1
    return UK if single > double else US


def _alnum(ch: str) -> bool:
    """A letter or digit; Thai characters are not, since here they are damage."""
    return ch.isalnum() and not "\u0e00" <= ch <= "\u0e7f"


def _is_word(ch: str) -> bool:
    return ch == MASK or _alnum(ch)


# Letters or digits (not Thai, not "_"), and letters only.
_ALNUM_RUN_RE = re.compile(r"(?:(?![\u0e00-\u0e7f_])\w)*")
_ALPHA_RUN_RE = re.compile(r"(?:(?![\u0e00-\u0e7f_\d])\w)*")


def _word_after(text: str, pos: int) -> str:
    match = _ALPHA_RUN_RE.match(text, pos)
    return match.group() if match else ""


def _alnum_after(text: str, pos: int) -> str:
    match = _ALNUM_RUN_RE.match(text, pos)
    return match.group() if match else ""


def _first_of_word(text: str, pos: int) -> str:
    """The first character of the word ending at ``pos`` (damaged letters included)."""
    start = pos
    while start > 0 and pos - start < 40 and text[start - 1].isalnum():
        start -= 1
    return text[start] if start < pos else ""


def _word_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and pos - start < 40 and _alnum(text[start - 1]):
        start -= 1
    return text[start:pos]


@dataclass
class QuoteState:
    """Open quotes of the current paragraph."""

    style: str = US
    stack: list[str] = field(default_factory=list)

    @property
    def primary(self) -> tuple[str, str]:
        return ("“", "”") if self.style == US else ("‘", "’")

    @property
    def secondary(self) -> tuple[str, str]:
        return ("‘", "’") if self.style == US else ("“", "”")

    def opener(self) -> str:
        return (self.primary if len(self.stack) % 2 == 0 else self.secondary)[0]


def classify(text: str, start: int, end: int, left: str, right: str | None = None) -> str:
    """The kind of place a lost punctuation mark sits in.

    ``left`` is the character before it (after earlier repairs), ``right`` the
    one after it when that is not simply ``text[end]``. Returns one of
    ``"inner"`` (between word characters), ``"open"``, ``"close"``,
    ``"spaced"`` (between spaces) or ``"other"``.
    """
    if right is None:
        right = text[end] if end < len(text) else ""
    left_word = _is_word(left)
    right_word = _is_word(right)
    if left_word and right_word:
        return "inner"
    if left == "." and right.isupper() and _ABBREVIATION_RE.search(text, max(0, start - 12), start):
        return "inner"
    left_open = left == "" or left in _OPEN_BEFORE
    right_close = right == "" or right in _CLOSE_AFTER
    if left in " \t\u00a0" and right in (" ", "\t", "\u00a0"):
        return "spaced"
    if left_open and not right_close:
        return "open"
    if right_close and not left_open:
        return "close"
    if left in _TERMINAL and right_word:
        return "close"
    return "other"


def choose(
    text: str,
    start: int,
    end: int,
    left: str,
    state: QuoteState,
    closers_ahead: int,
    allowed: Sequence[str],
    right: str | None = None,
    language: Callable[[], str] = lambda: "en",
) -> str | None:
    """Pick the punctuation for the lost mark at ``text[start:end]``.

    ``allowed`` lists the characters the surviving bytes permit;
    ``closers_ahead`` counts later marks of kind ``"close"`` in the paragraph;
    ``language()`` (see :func:`textrepair.lossy_thai.guess_language`; asked only
    when needed) picks
    elisions (French l’, Italian dell’, Turkish Ankara’da) and spaced dashes.
    Updates ``state`` (pushes openers, pops closers).

    >>> s = QuoteState()
    >>> t = "He said, XI donXt know.X"
    >>> [choose(t, i, i + 1, t[i - 1], s, 1, "’‘“”–—") for i in (9, 15, 23)]
    ['“', '’', '”']
    """
    if right is None:
        right = text[end] if end < len(text) else ""
    kind = classify(text, start, end, left, right)
    ranked: list[tuple[str, str]]  # (character, what it does to the open quotes)
    if kind == "inner":
        after = _word_after(text, end)
        before = _word_before(text, start)
        if left.isdigit() and right.isdigit():
            ranked = [("–", ""), ("—", "")]
        elif (
            (
                after.lower() in APOSTROPHE_SUFFIXES
                and not (end + len(after) < len(text) and _alnum(text[end + len(after)]))
            )
            or (len(before) == 1 and before in "oOdDlL")
            or (before.lower() in ELIDED_BEFORE_VOWEL and after[:1].lower() in "aeiouhàâéèêîôy")
            or (after.islower() and _first_of_word(text, start).isupper() and language() == "tr")
        ):
            ranked = [("’", "")]
        else:
            after_word = _alnum_after(text, end)
            head = before or text[max(0, start - 4) : start]
            cap_left = bool(head) and (head[0].isupper() or head[0].isdigit())
            cap_right = bool(after_word) and (after_word[0].isupper() or after_word[0].isdigit())
            ranked = [("–", ""), ("—", "")] if cap_left and cap_right else [("—", ""), ("–", "")]
        ranked += [("’", ""), ("”", "")]
    elif kind == "open":
        after = _alnum_after(text, end)
        if re.fullmatch(r"\d\d(?:s)?", after) or after.lower() in ELISIONS:
            ranked = [("’", "")]
        else:
            first = state.opener()
            other = "‘" if first == "“" else "“"
            ranked = [(first, "push"), (other, "push")]
        ranked += [("—", ""), ("–", "")]
    elif kind == "close":
        ranked = _closing(text, end, left, right, state, closers_ahead)
    elif kind == "spaced":
        em_first = state.style == US and language() == "en"
        ranked = [("—", ""), ("–", "")] if em_first else [("–", ""), ("—", "")]
    elif left.isdigit() and (right in "$£€¥" or right.isdigit()):
        ranked = [("–", "")]  # a range: $1,200–$1,500
    else:
        ranked = [("’", ""), ("—", "")]
    ranked += [(ch, "") for ch in "’”“‘—–"]
    for ch, action in ranked:
        if ch in allowed:
            if action == "push":
                state.stack.append(ch)
            elif action == "pop" and state.stack:
                state.stack.pop()
            return ch
    return None


def _closing(
    text: str, end: int, left: str, right: str, state: QuoteState, ahead: int
) -> list[tuple[str, str]]:
    if not state.stack:
        if left.isalpha():
            return [("’", ""), (state.primary[1], "")]
        return [(state.primary[1], ""), ("’", "")]
    closer = "”" if state.stack[-1] == "“" else "’"
    if (
        left in "sS"
        and right == " "
        and end + 1 < len(text)
        and text[end + 1].isalpha()
        and ahead > 0
    ):
        return [("’", "")]  # a plural possessive inside a quotation that closes later
    other = "’" if closer == "”" else "”"
    return [(closer, "pop"), (other, "")]
