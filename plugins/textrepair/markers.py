"""The marker alphabet and the fast path.

Every rule fires only on text that contains one of the *markers* defined here,
so :func:`has_markers` decides cheaply (a few precompiled scans, each starting
with a single character class) whether a document needs the slow path at all.
:data:`MARKER_CHARS` is the alphabet of characters that can take part in
encoding damage (mojibake in any codec the repairs know, lossy Thai mojibake,
controls, invisible junk, HTML entity residue); text over the rest of Unicode
can only be touched by the web-residue rules, whose triggers are ASCII phrases
matched by :data:`RESIDUE_TRIGGER_RE`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)
from ftfy.chardata import CHARMAP_ENCODINGS

#: Codecs whose misreading of UTF-8 the repairs recognise (ftfy's list).
MOJIBAKE_CODECS: tuple[str, ...] = tuple(CHARMAP_ENCODINGS)


def _decode_all(byte_values: range) -> str:
    chars: set[str] = set()
    raw = bytes(byte_values)
    for codec in MOJIBAKE_CODECS:
        chars.update(raw.decode(codec, errors="replace"))
    chars.discard("\ufffd")
    return "".join(sorted(chars))


#: Characters that a single-byte codec makes of UTF-8 lead and continuation bytes.
LEAD2_CHARS = _decode_all(range(0xC2, 0xE0))
LEAD3_CHARS = _decode_all(range(0xE0, 0xF0))
LEAD4_CHARS = _decode_all(range(0xF0, 0xF5))
CONT_CHARS = _decode_all(range(0x80, 0xC0))
#: Latin-1 / Windows-1252 leads after which a byte 0xA0 may have become a space.
LEAD_A0_CHARS = "ÂÃÅÎÐÙ"
LEAD3_A0_CHARS = "àáâã"

#: Thai block letters used by TIS-620 / ISO-8859-11 / Windows-874.
THAI_CHARS = "".join(chr(c) for c in range(0x0E01, 0x0E5C))
#: What Windows-874 makes of the continuation bytes 0x80-0xA0 it defines.
CP874_CONTS = bytes([0x80, 0x85, *range(0x91, 0x98), 0xA0]).decode("cp874")

#: Invisible characters that are junk in running text (ZWJ/ZWNJ only in some places).
ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\u180e\ufeff"
#: C0 escape (terminal colour codes), C1 controls, replacement character, surrogates.
CONTROL_MARKERS = "\x1b" + "".join(chr(c) for c in range(0x80, 0xA0)) + "\ufffd"

#: Every character that can take part in encoding damage or entity residue.
MARKER_CHARS: frozenset[str] = frozenset(
    LEAD2_CHARS
    + LEAD3_CHARS
    + LEAD4_CHARS
    + CONT_CHARS
    + LEAD_A0_CHARS
    + THAI_CHARS
    + CP874_CONTS
    + ZERO_WIDTH_CHARS
    + CONTROL_MARKERS
    + "&"
) | frozenset(chr(c) for c in range(0xD800, 0xE000))


def _cls(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


_L2, _L3, _L4, _C = _cls(LEAD2_CHARS), _cls(LEAD3_CHARS), _cls(LEAD4_CHARS), _cls(CONT_CHARS)

_THAI = "\u0e01-\u0e5b"
#: Any Thai character.
THAI_RE = re.compile(f"[{_THAI}]")
_THAI_CONSONANT = "\u0e01-\u0e2e"
_THAI_COMBINING = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_THAI_LEAD2 = "".join(
    c for c in bytes(range(0xC2, 0xDB)).decode("tis-620") + "\u0e3f" if c not in _THAI_COMBINING
)
_THAI_CONT = "\u0e01-\u0e1f"

# How a run of Thai starts when it is damage: a combining vowel or tone mark,
# or one lead with at most one (two-byte lead) or two (three-byte lead)
# continuations and nothing more.
_RUN_START = (
    f"[{_THAI_COMBINING}]"
    f"|[{_THAI_LEAD2}][{_THAI_CONT}]?(?![{_THAI}])"
    f"|[\u0e40-\u0e4f][{_THAI_CONT}]{{1,2}}(?![{_THAI}])"
)
#: Thai that genuine Thai writing rarely or never produces but a TIS-620
#: reading of UTF-8 does: a leading vowel with no consonant after it, a run
#: starting as above, Thai touching a Latin letter or digit. The patterns are
#: (leading vowel alone; run start or Latin neighbour, anchored on the Thai;
#: the same anchored on the neighbour; the same at the very start): the last
#: two are quicker on text that is mostly Thai, and both forms find the same
#: runs. :func:`textrepair.lossy_thai.is_lossy_thai` then decides.
LOSSY_THAI_RES = (
    re.compile(f"[\u0e40-\u0e44](?![{_THAI_CONSONANT}])"),
    re.compile(
        f"[{_THAI}](?:(?<![{_THAI}].)(?:(?<=[{_THAI_COMBINING}])"
        f"|(?<=[{_THAI_LEAD2}])[{_THAI_CONT}]?(?![{_THAI}])"
        f"|(?<=[\u0e40-\u0e4f])[{_THAI_CONT}]{{1,2}}(?![{_THAI}])"
        f"|(?<=[A-Za-z0-9].))|(?=[A-Za-z0-9]))"
    ),
    re.compile(
        f"[^{_THAI}](?:(?={_RUN_START})|(?<=[A-Za-z0-9])(?=[{_THAI}])|(?<=[{_THAI}][A-Za-z0-9]))"
    ),
    re.compile(f"(?:{_RUN_START})"),
)

#: HTML entity residue (named or numeric, possibly escaped again as ``&amp;``).
ENTITY_RE = re.compile(
    r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)

#: ``â€`` whose third byte, undefined in Windows-1252, was lost (see
#: :func:`textrepair.mojibake.lossy_cp1252`): no continuation character follows it.
LOSSY_QUOTE_RE = re.compile("â€(?:\ufffd|(?![" + re.escape(CONT_CHARS) + "\x80-\x9f]))")

#: ASCII triggers of the web-residue rules.
RESIDUE_TRIGGER_RE = re.compile(
    r"!--|\((?i:opens?) in|^[ \t]*(?:\d+|No) Comments?[ \t]*\r?$", re.MULTILINE
)

_SINGLES = CONTROL_MARKERS + ZERO_WIDTH_CHARS
_LALL = _cls(LEAD2_CHARS + LEAD3_CHARS + LEAD4_CHARS)
_SPECIAL = _cls(_SINGLES + LEAD_A0_CHARS + LEAD3_A0_CHARS)[1:-1] + "\\ud800-\\udfff" + _THAI
#: Candidate non-ASCII markers: one character class, then at most two class
#: tests for the common case (a continuation character after a non-lead), which
#: keeps the scan fast on clean text. Hits are confirmed in Python.
_NONASCII_RE = re.compile(
    f"[{_cls(_SINGLES + CONT_CHARS + LEAD_A0_CHARS + LEAD3_A0_CHARS)[1:-1]}"
    f"\\ud800-\\udfff{_THAI}](?:"
    f"(?<={_LALL}.)(?:(?<={_L2}.)|(?<={_L3}.)(?={_C})|(?<={_L4}.)(?={_C}{{2}}))"
    f"|(?<=[{_SPECIAL}])(?:"
    f"(?<=[{_THAI}])"
    f"|(?<={_cls(_SINGLES)})|(?<=[\\ud800-\\udfff])"
    f"|(?<={_cls(LEAD_A0_CHARS)})(?= )"
    f"|(?<=[âã])(?= {_C})"
    f"|(?<={_cls(LEAD3_A0_CHARS)})(?={_C} )"
    "))"
)
NONTHAI_MARKER_RE = re.compile(
    _NONASCII_RE.pattern.replace(f"(?<=[{_THAI}])|", "").replace(_THAI + "]", "]", 1)
)


_SINGLE_SET = frozenset(_SINGLES)
_CONT_SET = frozenset(CONT_CHARS) - {""}
#: Blocks a misread two-byte sequence lands in by accident rather than by damage:
#: historic and extended Cyrillic, Syriac, Thaana, N'Ko, Samaritan, Mandaic.
_IMPLAUSIBLE = ((0x0460, 0x0530), (0x0700, 0x0900))


def is_plausible(ch: str) -> bool:
    """Not a control, unassigned, or from a block misreadings land in by accident."""
    code = ord(ch)
    if any(lo <= code < hi for lo, hi in _IMPLAUSIBLE):
        return False
    return unicodedata.category(ch) not in ("Cc", "Cn", "Co", "Cs")


@lru_cache(maxsize=8192)
def is_mojibake_sequence(seq: str) -> bool:
    """Whether ``seq`` is one plausible character's UTF-8 read in one of the codecs.

    >>> is_mojibake_sequence("â€™"), is_mojibake_sequence("ή»"), is_mojibake_sequence("Ã©")
    (True, False, True)
    """
    for codec in MOJIBAKE_CODECS:
        try:
            decoded = seq.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if len(decoded) == 1 and is_plausible(decoded):
            return True
    return False


def _confirmed(text: str, hit: re.Match[str]) -> bool:
    """Check a hit of the quick scan: singles count as they are, sequences must decode."""
    ch = hit.group()
    pos = hit.start()
    if ch in _SINGLE_SET or "\ud800" <= ch <= "\udfff":
        return True
    after = text[pos + 1 : pos + 3]
    if (
        (ch in LEAD_A0_CHARS and after[:1] == " ")
        or (ch in "âã" and after[:1] == " " and after[1:2] in _CONT_SET)
        or (ch in LEAD3_A0_CHARS and after[:1] in _CONT_SET and after[1:2] == " ")
    ):
        return True  # ftfy decides what a space in place of 0xA0 means
    return any(is_mojibake_sequence(text[pos - 1 : pos - 1 + n]) for n in (2, 3, 4) if pos)


def mojibake_hits(text: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Offsets of confirmed non-Thai markers (controls, junk, mojibake) in ``text``."""
    end = len(text) if end is None else end
    for hit in NONTHAI_MARKER_RE.finditer(text, start, end):
        if _confirmed(text, hit):
            yield hit.start()


def has_lossy_thai(text: str) -> bool:
    """Whether ``text`` shows Thai that only a TIS-620 reading of UTF-8 produces.

    >>> has_lossy_thai("U.S.โChina"), has_lossy_thai("โดย โลก ไทย ปี")
    (True, False)
    """
    alone, on_thai, on_neighbour, at_start = LOSSY_THAI_RES
    if alone.search(text):
        return True
    sample = text[:2000]
    if len(THAI_RE.findall(sample)) * 3 > len(sample):  # mostly Thai
        return bool(at_start.match(text) or on_neighbour.search(text))
    return bool(on_thai.search(text))


def has_markers(text: str) -> bool:
    """The fast path: ``False`` means no rule can change ``text``.

    >>> has_markers("A plain “clean” sentence — with typography.")
    False
    >>> has_markers("donâ€™t"), has_markers("U.S.โChina"), has_markers("a&rsquo;b")
    (True, True, True)
    >>> has_markers("Greek «ανεπαρκή» quotes"), has_markers("ΓÇÖ")
    (False, True)
    >>> has_markers("Quotedâ€ here"), has_markers("â€")
    (True, True)
    """
    if (
        ("&" in text and ENTITY_RE.search(text))
        or "\x1b" in text
        or ("â€" in text and LOSSY_QUOTE_RE.search(text))
        or (
            ("!--" in text or "pens in" in text or "Comment" in text)
            and RESIDUE_TRIGGER_RE.search(text)
        )
    ):
        return True
    if text.isascii():
        return False
    for hit in _NONASCII_RE.finditer(text):
        if "\u0e01" <= hit.group() <= "\u0e5b":
            if has_lossy_thai(text):
                return True
            return next(mojibake_hits(text, hit.end()), None) is not None
        if _confirmed(text, hit):
            return True
    return False
