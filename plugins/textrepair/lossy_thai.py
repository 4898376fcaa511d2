"""Lossy Thai mojibake: UTF-8 read as TIS-620 / ISO-8859-11 / Windows-874.

Reading UTF-8 as TIS-620 turns every lead byte into a Thai character (0xE2,
the lead of ’ “ ” – — … •, becomes โ) and continuation bytes 0xA1-0xBF into
Thai consonants, but bytes 0x80-0xA0 have no Thai character: they come out
as C1 controls or U+FFFD, or are deleted. Windows-874 keeps 0x80 €, 0x85 …,
0x91-0x97 ‘ ’ “ ” • – — and 0xA0 as characters. So ``ยฉ`` is © (C2 A9, both
bytes survived) while ``โ`` alone is "E2 80 xx with xx lost".

This module rebuilds each character from what survived:

* a *skeleton table* (built lazily per lead byte) maps every surviving form
  (e.g. ``"โ"``, ``"โฆ"``, ``"ยฉ"``, ``"โ€"``) to the characters it can come
  from, with a prior (punctuation and Latin letters high, other scripts low);
* the Thai is split into *runs* of adjacent damage; a run counts as damage
  only when every character fits a skeleton, every reading is plausible and
  its letters agree on one script with their neighbours (genuine Thai reads
  as a salad of symbols, IPA, Armenian and historic Cyrillic);
* a document is treated as damaged only when three quarters of its Thai sits
  in such runs and one token is something genuine Thai never produces (a
  leading vowel with no consonant, a lone symbol such as ``ยฉ``, an accent
  beside a Latin letter...); otherwise nothing is touched;
* a single candidate is restored as is; lost punctuation is chosen from its
  context (:mod:`textrepair.quotes`); ambiguous letters by case and language;
  a form that stays undecidable (most emoji) is left alone.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .context import Context
from .markers import has_lossy_thai, is_plausible
from .model import Edit
from .quotes import QuoteState, choose, classify, detect_quote_style

# --- bytes and the characters the Thai codecs make of them -----------------

_TIS_LEAD = {
    bytes([b]).decode("tis-620"): b for b in [*range(0xC2, 0xDB), 0xDF, *range(0xE0, 0xF5)]
}
_TIS_CONT = {bytes([b]).decode("tis-620"): b for b in range(0xA1, 0xC0)}
_CP874 = {b: bytes([b]).decode("cp874") for b in (0x80, 0x85, *range(0x91, 0x98))}
_NBSP = "\u00a0"
_REPLACEMENT = "\ufffd"
#: Characters that can stand for a continuation byte after a lead.
CONT_LIKE = frozenset(
    [*_TIS_CONT, *(chr(b) for b in range(0x80, 0xA0)), _NBSP, _REPLACEMENT, *_CP874.values()]
)
_THAI_RE = re.compile("[\u0e01-\u0e5b]")


def _need(lead: int) -> int:
    return 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3


_NEED = {ch: _need(b) for ch, b in _TIS_LEAD.items()}


def _renderings(byte: int) -> tuple[str, ...]:
    """The ways a continuation byte can appear after a Thai reading."""
    if 0xA1 <= byte <= 0xBF:
        return (bytes([byte]).decode("tis-620"),)
    if byte == 0xA0:
        return ("", _REPLACEMENT, _NBSP)
    forms = ["", _REPLACEMENT, chr(byte)]
    if byte in _CP874:
        forms.append(_CP874[byte])
    return tuple(forms)


# --- which characters to consider, and how likely each is -------------------

_PUNCT_PRIOR = {
    "’": 100,
    "“": 60,
    "”": 60,
    "–": 40,
    "—": 40,
    "‘": 20,
    "…": 30,
    "•": 20,
    "\u00a0": 30,
    "€": 20,
    "™": 15,
    "©": 20,
    "®": 10,
    "°": 15,
    "£": 10,
    "·": 5,
    "×": 5,
    "½": 5,
    "§": 5,
    "«": 5,
    "»": 5,
    "¿": 3,
    "¡": 3,
    "¥": 3,
    "¢": 2,
    "±": 2,
    "²": 2,
    "³": 1,
    "¼": 1,
    "¾": 1,
    "µ": 1,
    "¶": 1,
    "†": 2,
    "‡": 0.5,
    "„": 1,
    "‚": 0.5,
    "‹": 1,
    "›": 1,
    "′": 1,
    "″": 1,
    "‰": 1,
    "→": 3,
    "←": 1,
    "↑": 1,
    "↓": 1,
    "−": 3,
    "≈": 1,
    "≠": 1,
    "≤": 1,
    "≥": 1,
    "∞": 1,
    "№": 2,
    "₹": 2,
    "₽": 1,
    "₺": 1,
    "₩": 1,
    "₦": 0.5,
    "✓": 1,
    "✔": 1,
    "★": 1,
    "☆": 0.5,
    "■": 0.5,
    "●": 0.5,
    "►": 0.5,
    "▶": 0.5,
    "√": 0.5,
    "∑": 0.3,
    "∆": 0.3,
    "ª": 0.5,
    "º": 0.5,
    "¬": 0.1,
    "\u2009": 0.3,
    "\u202f": 0.3,
}
# Accented letters by rough frequency in European text (used when no language is known).
_LETTER_PRIOR = {
    "é": 30,
    "à": 15,
    "è": 10,
    "á": 10,
    "ó": 10,
    "ü": 8,
    "ö": 8,
    "ä": 8,
    "ñ": 8,
    "í": 8,
    "ç": 5,
    "ú": 5,
    "ã": 5,
    "ß": 5,
    "ê": 3,
    "â": 3,
    "ø": 3,
    "å": 3,
    "ô": 2,
    "î": 2,
    "õ": 2,
    "É": 5,
    "À": 2,
    "Ü": 2,
    "Ö": 2,
    "Ä": 2,
    "Á": 1,
    "Ç": 1,
    "Ó": 1,
    "Í": 1,
    "Ú": 1,
    "Ñ": 1,
    "ł": 8,
    "ś": 5,
    "ń": 4,
    "ą": 5,
    "ę": 5,
    "ż": 4,
    "ź": 2,
    "ć": 4,
    "č": 5,
    "š": 6,
    "ž": 5,
    "ř": 4,
    "ě": 4,
    "ő": 2,
    "ű": 1,
    "ğ": 3,
    "ş": 3,
    "ı": 4,
    "İ": 2,
    "Ł": 2,
    "Ś": 1,
    "Ż": 1,
    "Č": 1,
    "Š": 1,
    "Ž": 1,
    "ă": 3,
    "ș": 3,
    "ț": 3,
    "œ": 2,
    "ā": 1,
    "ē": 1,
    "ī": 1,
    "ū": 1,
}
# Letter weights by language, for the letters whose second byte is easily lost.
_LANGUAGE_LETTERS = {
    "fr": {"à": 20, "É": 8, "À": 3, "È": 1, "Ê": 1, "Ç": 1, "œ": 2, "Ô": 0.5, "Î": 0.5},
    "de": {"ß": 15, "Ü": 4, "Ö": 3, "Ä": 3},
    "es": {"Á": 2, "É": 2, "Í": 2, "Ó": 2, "Ñ": 2, "Ú": 1},
    "pt": {"à": 10, "Á": 2, "Ç": 2, "É": 2, "À": 1, "Â": 1, "Ã": 1, "Ê": 1, "Í": 1, "Ó": 1},
    "it": {"à": 15, "È": 3, "É": 1, "Ì": 1, "Ò": 1, "Ù": 1},
    "pl": {"ł": 15, "ą": 10, "ę": 10, "ś": 6, "ć": 5, "ń": 5, "Ł": 3, "Ś": 2, "Ą": 1, "Ć": 1},
    "cs": {"č": 10, "ě": 10, "ř": 8, "ň": 2, "ď": 1, "Č": 2, "Š": 2, "Ř": 1, "Á": 1, "É": 1},
    "tr": {"ş": 8, "ğ": 5, "Ş": 1, "Ç": 1, "Ö": 1, "Ü": 1, "Ğ": 0.5},
    "ro": {"ă": 10, "ș": 8, "ț": 6, "Ă": 1, "Â": 1, "Î": 1, "Ș": 1, "Ț": 1},
    "hu": {"ő": 5, "Á": 2, "É": 2, "Ö": 1, "Ü": 1, "Ő": 1, "Í": 1, "Ó": 1, "Ú": 1},
}
_STOPWORDS = {
    "en": "the and of to is in that for with was are this",
    "fr": "le la les des et est une du pour dans que qui sur pas",
    "de": "der die und das ist nicht mit ein eine auf den zu von",
    "es": "el los las que del por una con para es en se",
    "pt": "os as que da do uma com para dos em se por",
    "it": "il che della per una con non sono gli di le",
    "pl": "w i na nie z do jest to o jak od po",
    "cs": "a je na se v do to jsou od po jako ale",
    "tr": "ve bir bu da ile de olarak daha",
    "ro": "de la cu pe care este din mai sau",
    "hu": "a az hogy nem egy is meg van",
    "nl": "de het een en van is op te dat niet",
    "sv": "och att det som en på är för med av",
}
_STOPWORD_LANGUAGES: dict[str, list[str]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in _words.split():
        _STOPWORD_LANGUAGES.setdefault(_word, []).append(_lang)
_WORD_RE = re.compile(r"(?<!\w)[A-Za-z]+(?!\w)")

#: Four-byte characters worth considering (emoji and pictographs); shorter
#: ones are all considered, with a prior by kind.
_ASTRAL = (0x1F000, 0x1FB00)


def _prior(ch: str) -> float:
    if ch in _PUNCT_PRIOR:
        return _PUNCT_PRIOR[ch]
    if ch in _LETTER_PRIOR:
        return _LETTER_PRIOR[ch]
    cat = unicodedata.category(ch)
    if cat[0] in "CZ":
        return 0.0 if cat != "Zs" else 0.05
    if cat[0] == "L":
        code = ord(ch)
        if 0x0250 <= code < 0x0370 or 0x2100 <= code < 0x2150:
            return 0.1  # IPA, modifier letters, letterlike symbols
        return 0.5 if code < 0x0700 else 0.3
    if cat[0] == "M":
        return 0.0
    if ord(ch) >= 0x1F000:
        return 0.4
    return 0.2


def _code_points(lead: int) -> range:
    """The code points whose UTF-8 starts with byte ``lead``."""
    if lead < 0xE0:
        return range((lead & 0x1F) << 6, ((lead & 0x1F) << 6) + 0x40)
    if lead < 0xF0:
        start = (lead & 0x0F) << 12
        return range(max(start, 0x800), start + 0x1000)
    start = (lead & 0x07) << 18
    return range(max(start, _ASTRAL[0]), min(start + 0x40000, _ASTRAL[1]))


@lru_cache(maxsize=64)
def _lead_table(lead: str) -> dict[str, tuple[tuple[str, float], ...]]:
    """Skeletons of every plausible character whose UTF-8 starts with ``lead``'s byte."""
    table: dict[str, dict[str, float]] = {}
    for code in _code_points(_TIS_LEAD[lead]):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        prior = _prior(ch)
        if prior <= 0:
            continue
        raw = ch.encode("utf-8")
        for forms in itertools.product(*(_renderings(b) for b in raw[1:])):
            table.setdefault(lead + "".join(forms), {})[ch] = prior
    return {
        key: tuple(sorted(cands.items(), key=lambda kv: -kv[1])) for key, cands in table.items()
    }


def skeleton_candidates(skeleton: str) -> tuple[tuple[str, float], ...] | None:
    """The characters a surviving form may come from, best first (``None``: no character).

    >>> skeleton_candidates("ยฉ")
    (('©', 20),)
    >>> [c for c, _ in skeleton_candidates("โ")[:6]]
    ['’', '“', '”', '–', '—', '‘']
    >>> skeleton_candidates("ไทย") is None
    True
    """
    lead = skeleton[:1]
    if lead not in _TIS_LEAD:
        return None
    return _lead_table(lead).get(skeleton)


# --- finding the damaged characters -----------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    """A run ``text[start:end]`` that is what survived of one character."""

    start: int
    end: int
    candidates: tuple[tuple[str, float], ...]


def tokenize(text: str) -> tuple[list[Token], list[int]]:
    """Split the Thai of ``text`` into skeletons; also list Thai letters that fit none.

    >>> text = "U.S.โChina ยฉ 2025"
    >>> tokens, misfits = tokenize(text)
    >>> [(text[t.start : t.end], t.candidates[0][0]) for t in tokens]
    [('โ', '’'), ('ยฉ', '©')]
    >>> tokenize("ไทย ปี")[1]
    [4]
    """
    tokens: list[Token] = []
    misfits: list[int] = []
    n = len(text)
    pos = 0
    while True:
        found = _THAI_RE.search(text, pos)
        if found is None:
            break
        i = found.start()
        need = _NEED.get(text[i])
        if need is None:
            misfits.append(i)
            pos = i + 1
            continue
        j = i + 1
        while j < n and j - i - 1 < need and text[j] in CONT_LIKE:
            j += 1
        match = None
        table = _lead_table(text[i])
        for k in range(j, i, -1):
            cands = table.get(text[i:k])
            if cands:
                match = (k, cands)
                break
        if match is None:
            misfits.append(i)
            pos = i + 1
            continue
        k, cands = match
        if text[i] == "ย" and k == i + 1 and text[k : k + 1] == " ":
            # C2 A0 whose A0 was rewritten as a plain space: one no-break space
            tokens.append(Token(i, k + 1, ((_NBSP, 30.0),)))
            pos = k + 1
            continue
        tokens.append(Token(i, k, cands))
        pos = k
    return tokens, misfits


_LEADING_VOWELS = "เแโใไ"
_COMBINING = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48"
    "\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)


def _is_thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b"


def _telling(text: str, tok: Token, run: tuple[int, int]) -> bool:
    """Whether this token, in the run ``text[run[0]:run[1]]``, could not be genuine Thai.

    Genuine Thai never has a leading vowel without a consonant after it, never
    starts a run with a combining mark, and never holds C1 controls, U+FFFD or
    € inside a word; a short run that reads as a common symbol (ยฉ ©, โฆ …) or
    as a common accented letter beside a Latin word (cafรฉ), or one Thai
    letter inside an ASCII word or number (Straรe), is not Thai either.
    """
    skeleton = text[tok.start : tok.end]
    first = skeleton[0]
    after = text[tok.end] if tok.end < len(text) else ""
    if (
        first in _LEADING_VOWELS
        and (len(skeleton) == 1 or not _is_thai(skeleton[1]))
        and not (_is_thai(after) and after not in _LEADING_VOWELS)
    ):
        return True
    if any(ch in _FOREIGN_CONT for ch in skeleton[1:]):
        return True
    if tok.start == run[0] and first in _COMBINING:
        return True
    top, prior = tok.candidates[0]
    alone = run == (tok.start, tok.end)
    if alone and len(skeleton) >= 2 and " " not in skeleton and not top.isalpha() and prior >= 10:
        return True
    before_run = text[run[0] - 1] if run[0] else ""
    after_run = text[run[1]] if run[1] < len(text) else ""
    beside_latin = (
        before_run.isascii() and before_run.isalpha() and before_run.islower() == top.islower()
    )
    if alone and beside_latin and _LETTER_PRIOR.get(top, 0) >= 5 and len(skeleton) >= 2:
        return True
    # a lone lead inside an ASCII word or number (Straรe, 10ย000)
    inside = before_run.isascii() and before_run.isalnum() and after_run.isascii()
    common = top == _NBSP or _LETTER_PRIOR.get(top, 0) >= 5
    return alone and inside and after_run.isalnum() and common


#: Continuation stand-ins that genuine Thai text does not put inside a word.
_FOREIGN_CONT = frozenset([*(chr(b) for b in range(0x80, 0xA0)), _REPLACEMENT, "€"])
#: Where genuine Thai lands when read as damaged UTF-8 (besides symbols):
#: historic Cyrillic, Armenian, Syriac, Thaana, N'Ko and more.
_ODD = ((0x0460, 0x0590), (0x0700, 0x0900))


_LIKELY: dict[int, tuple[object, bool]] = {}


def _likely(tok: Token) -> bool:
    """Whether a token's best reading is something text plausibly contains."""
    cands = tok.candidates
    cached = _LIKELY.get(id(cands))
    if cached is not None and cached[0] is cands:
        return cached[1]
    ch, prior = cands[0]
    code = ord(ch)
    if not is_plausible(ch) or any(lo <= code < hi for lo, hi in _ODD):
        likely = False
    else:
        likely = prior >= 0.5 or (len(cands) == 1 and ch.isalpha())
    _LIKELY[id(cands)] = (cands, likely)
    return likely


def _script(ch: str) -> str:
    """A coarse script of a letter, by block."""
    code = ord(ch)
    if code < 0x0250 or 0x1E00 <= code < 0x1F00:
        return "Latin"
    if 0x0370 <= code < 0x0400 or 0x1F00 <= code < 0x2000:
        return "Greek"
    if 0x0400 <= code < 0x0530:
        return "Cyrillic"
    return f"block-{code >> 7}"


def runs_of(text: str, tokens: list[Token], misfits: list[int]) -> list[tuple[int, int, bool]]:
    """Group tokens into runs of adjacent damage: (start, end, whether it reads as damage).

    A run reads as damage when no Thai letter in it fits no skeleton, every
    token's best reading is plausible, and its letters, with the letters just
    around it, belong to one script.
    """
    events = sorted(
        [(t.start, t.end, t) for t in tokens] + [(m, m + 1, None) for m in misfits],
        key=lambda e: e[0],
    )
    runs: list[tuple[int, int, bool]] = []
    k = 0
    while k < len(events):
        start, end, _ = events[k]
        members = [events[k][2]]
        k += 1
        while k < len(events) and events[k][0] == end:
            end = events[k][1]
            members.append(events[k][2])
            k += 1
        good = all(m is not None and _likely(m) for m in members)
        if good:
            scripts = {
                _script(m.candidates[0][0]) for m in members if m and m.candidates[0][0].isalpha()
            }
            for ch in (text[start - 1] if start else "", text[end] if end < len(text) else ""):
                if ch.isalpha() and not _is_thai(ch):
                    scripts.add(_script(ch))
            good = len(scripts) <= 1
        runs.append((start, end, good))
    return runs


def lossy_tokens(text: str) -> list[Token] | None:
    """The tokens to repair if ``text`` reads as Thai-damaged UTF-8, else ``None``.

    Three quarters of the Thai must sit in runs that read as damage, and one
    token must be something genuine Thai cannot produce; tokens of runs that
    do not read as damage are left alone.
    """
    if not has_lossy_thai(text):
        return None
    tokens, misfits = tokenize(text)
    if not tokens:
        return None
    runs = runs_of(text, tokens, misfits)
    kept: list[Token] = []
    telling = False
    r = 0
    for tok in tokens:
        while runs[r][1] <= tok.start:
            r += 1
        start, end, good = runs[r]
        if good:
            kept.append(tok)
            telling = telling or _telling(text, tok, (start, end))
    explained = sum(t.end - t.start for t in kept)
    if not telling or explained * 4 < (sum(t.end - t.start for t in tokens) + len(misfits)) * 3:
        return None
    return kept


def is_lossy_thai(text: str) -> bool:
    """Whether ``text`` reads as UTF-8 damaged by a Thai codec rather than genuine Thai.

    >>> is_lossy_thai("I donโt think"), is_lossy_thai("โดย โลก ไทย ปี")
    (True, False)
    >>> is_lossy_thai("the Thai word รถ means car"), is_lossy_thai("waitedโฆ")
    (False, True)
    """
    return lossy_tokens(text) is not None


# --- choosing among candidates -----------------------------------------------

_PUNCT = frozenset("’‘“”–—")
_BLOCK_START_RE = re.compile(r"[ \t]*(?:[-*+•]\s|\d+[.)]\s|#{1,6}\s|>|\||---|$)")


#: Letters that point to one language when they survive.
_LANGUAGE_MARKS = {
    "ı": "tr",
    "ğ": "tr",
    "ş": "tr",
    "İ": "tr",
    "ő": "hu",
    "ű": "hu",
    "ř": "cs",
    "ů": "cs",
    "ě": "cs",
    "ł": "pl",
    "ż": "pl",
    "ź": "pl",
    "ś": "pl",
    "ă": "ro",
    "ș": "ro",
    "ț": "ro",
    "ß": "de",
    "ä": "de",
    "ñ": "es",
    "¿": "es",
    "¡": "es",
    "ã": "pt",
    "õ": "pt",
    "è": "fr",
    "ê": "fr",
    "œ": "fr",
    "ì": "it",
    "ò": "it",
    "å": "sv",
}


_MARKS_RE = re.compile("[" + "".join(_LANGUAGE_MARKS) + "]")


def guess_language(text: str, letters: Sequence[str] = ()) -> str:
    """The language whose common short words (and telling letters) appear most.

    ``letters`` are characters already known to be in the text (restored ones).

    >>> guess_language("Le ministère a dit que les prix et la demande sont stables")
    'fr'
    >>> guess_language("Ekonomi geçen yıl büyüdü", ["ı", "ü", "ç"])
    'tr'
    """
    counts = dict.fromkeys(_STOPWORDS, 0)
    for word in _WORD_RE.findall(text[:20000]):
        for lang in _STOPWORD_LANGUAGES.get(word.lower(), ()):
            counts[lang] += 1
    for ch in itertools.chain(letters, _MARKS_RE.findall(text, 0, 20000)):
        lang = _LANGUAGE_MARKS.get(ch)
        if lang:
            counts[lang] += 3
    return max(counts, key=lambda lang: counts[lang])


def _paragraph_breaks(text: str) -> list[int]:
    """Offsets where the open quotes are forgotten: blank lines, block starts, finished lines."""
    breaks = []
    pos = text.find("\n")
    while pos >= 0:
        line_start = text.rfind("\n", 0, pos) + 1
        last = text[line_start:pos].rstrip()
        nxt_end = text.find("\n", pos + 1)
        nxt = text[pos + 1 : nxt_end if nxt_end >= 0 else len(text)]
        wrapped = bool(last) and (last[-1].isalnum() or last[-1] == ",")
        if not wrapped or _BLOCK_START_RE.match(nxt):
            breaks.append(pos)
        pos = nxt_end
    return breaks


_SENTENCE_START = frozenset('.!?:\n“"«„¿¡')


def _pick_letter(text: str, tok: Token, language: str, left: str) -> str | None:
    """An accented letter that lost its second byte: choose by case, then by language.

    ``left`` is the character before the token, as already repaired.
    """
    right = text[tok.end] if tok.end < len(text) else ""
    if left.isalpha() and not _is_thai(left):
        left_case = "upper" if left.isupper() else "lower"
    else:
        before = (text[max(0, tok.start - 3) : tok.start - 1] + left).rstrip()
        left_case = "sentence" if not before or before[-1] in _SENTENCE_START else "space"
    right_upper = right.isupper() and not _is_thai(right)
    return _best_letter(tok.candidates, language, left_case, right.isalpha(), right_upper)


_BEST_LETTER: dict[tuple[int, str, str, bool, bool], tuple[object, str | None]] = {}


def _best_letter(
    cands: tuple[tuple[str, float], ...],
    language: str,
    left_case: str,
    right_alpha: bool,
    right_upper: bool,
) -> str | None:
    """The letter among ``cands`` for this context (cached per table entry and context)."""
    key = (id(cands), language, left_case, right_alpha, right_upper)
    cached = _BEST_LETTER.get(key)
    if cached is not None and cached[0] is cands:
        return cached[1]
    letters = [(c, p) for c, p in cands if c.isupper() or c.islower()]  # cased letters only
    best: str | None = None
    if letters:
        if right_alpha:
            letters = [(c, p) for c, p in letters if c != "à"] or letters  # à ends words
        weights = _LANGUAGE_LETTERS.get(language, {})
        if left_case in ("upper", "lower"):
            upper = left_case == "upper" and (not right_alpha or right_upper)
        elif right_alpha:
            # First letter of a word: a capital at the start of a sentence, for German
            # nouns, or when the language has no such lower-case letter.
            upper = (
                left_case == "sentence"
                or language == "de"
                or right_upper
                or not any(weights.get(c, 0) for c, _ in letters if c.islower())
            )
        else:
            upper = False  # a one-letter word (à)
        by_case = [(c, p) for c, p in letters if c.isupper() == upper] or letters
        best = max(by_case, key=lambda cp: (weights.get(cp[0], 0), cp[1]))[0]
    _BEST_LETTER[key] = (cands, best)
    return best


def lossy_thai(text: str, ctx: Context) -> list[Edit]:
    """Rebuild characters from what a Thai reading of UTF-8 left of them.

    >>> from textrepair.rules import demo
    >>> demo(lossy_thai, "U.S.โChina talks: โI donโt think so,โ he said. ยฉ 2025 cafรฉ")
    'U.S.–China talks: “I don’t think so,” he said. © 2025 café'
    >>> demo(lossy_thai, "ไทย ปี โดย โลก")
    'ไทย ปี โดย โลก'
    """
    tokens = lossy_tokens(text)
    if tokens is None:
        return []
    breaks = _paragraph_breaks(text)
    edits: list[Edit] = []
    style = ctx.quote_style or detect_quote_style(text)
    state = QuoteState(style=style)
    # How many later lost marks in the same paragraph sit where a closing quote would.
    rights = _right_context(text, tokens)
    kinds = []
    for tok, right in zip(tokens, rights, strict=True):
        if any(c in _PUNCT for c, _ in tok.candidates[:3]):
            left = text[tok.start - 1] if tok.start else ""
            kinds.append(classify(text, tok.start, tok.end, left, right))
        else:
            kinds.append("")
    para_of = []
    b = 0
    for tok in tokens:
        while b < len(breaks) and breaks[b] < tok.start:
            b += 1
        para_of.append(b)
    # closers_after[i]: lost marks after token i, in its paragraph, placed like closers
    closers_after = [0] * len(tokens)
    running = 0
    for k in range(len(tokens) - 1, -1, -1):
        closers_after[k] = running
        if k and para_of[k - 1] != para_of[k]:
            running = 0
        elif kinds[k] == "close":
            running += 1
    known_language = ""

    def language() -> str:
        nonlocal known_language
        if not known_language:
            unique = [t.candidates[0][0] for t in tokens if len(t.candidates) == 1]
            known_language = guess_language(text, unique)
        return known_language

    current_para = -1
    resolved: dict[int, str] = {}  # token end -> chosen character, for left context
    for index, tok in enumerate(tokens):
        if para_of[index] != current_para:
            current_para = para_of[index]
            state = QuoteState(style=style)
        cands = tok.candidates
        choice: str | None
        if len(cands) == 1:
            choice = cands[0][0]
        elif any(c in _PUNCT for c, _ in cands[:3]):
            allowed = _punctuation_of(cands)
            left = resolved.get(tok.start, text[tok.start - 1] if tok.start else "")
            ahead = closers_after[index]
            choice = choose(
                text, tok.start, tok.end, left, state, ahead, allowed, rights[index], language
            )
        elif cands[0][0] in "•™":
            choice = _bullet_or_trademark(text, tok, cands)
        elif cands[0][0].isalpha():
            left = resolved.get(tok.start, text[tok.start - 1] if tok.start else "")
            choice = _pick_letter(text, tok, language(), left)
        elif cands[0][1] >= 3 * cands[1][1]:
            choice = cands[0][0]
        else:
            choice = None  # undecidable: leave it
        if choice is not None:
            resolved[tok.end] = choice
            edits.append(Edit(tok.start, tok.end, choice))
    return edits


def _right_context(text: str, tokens: list[Token]) -> list[str]:
    """The character after each token; a directly following lost mark counts as
    an opening quote when a word comes after the run of marks, else a closing one."""
    rights = [""] * len(tokens)
    run_end = len(text)  # end of the run of adjacent tokens that follows
    for index in range(len(tokens) - 1, -1, -1):
        tok = tokens[index]
        if index + 1 < len(tokens) and tokens[index + 1].start == tok.end:
            after = text[run_end] if run_end < len(text) else ""
            rights[index] = "“" if after.isalnum() else "”"
        else:
            run_end = tok.end
            rights[index] = text[tok.end] if tok.end < len(text) else ""
    return rights


_PUNCT_CACHE: dict[int, tuple[tuple[tuple[str, float], ...], str]] = {}


def _punctuation_of(cands: tuple[tuple[str, float], ...]) -> str:
    """The quote and dash characters among ``cands`` (cached per table entry)."""
    cached = _PUNCT_CACHE.get(id(cands))
    if cached is None or cached[0] is not cands:
        cached = (cands, "".join(c for c, _ in cands if c in _PUNCT))
        _PUNCT_CACHE[id(cands)] = cached
    return cached[1]


def _bullet_or_trademark(text: str, tok: Token, cands: tuple[tuple[str, float], ...]) -> str:
    names = [c for c, _ in cands]
    left = text[tok.start - 1] if tok.start else ""
    if "™" in names and left and (left.isalnum() or left in ")®"):
        return "™"
    return "•" if "•" in names else names[0]
