"""Recoverable mojibake: UTF-8 that was read as a single-byte codec.

The decoding itself is ftfy's (``ftfy.fix_encoding``): it knows Windows-1252
with its undefined bytes, Latin-1, Windows-1250/1251/1253/1254/1257,
ISO-8859-2, Mac Roman and IBM437, double encoding, a 0xA0 byte turned into a
space, and C1 controls. It runs with every style-changing option off, so the
author's curly quotes, full-width punctuation, ligatures and normalization
form are kept. It is applied line by line to the stretches between code, only
where a mojibake sequence appears, and its result is turned into edits.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

from .context import Context
from .edits import diff_edits
from .markers import LOSSY_QUOTE_RE, MOJIBAKE_CODECS, mojibake_hits
from .model import Edit
from .protect import MASK

#: ftfy's encoding repair and nothing else.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

_CHUNK_RE = re.compile(f"[^\n{MASK}]+")


def mojibake(text: str, ctx: Context) -> list[Edit]:
    """Decode UTF-8 mojibake with ftfy, keeping typography as the author wrote it.

    >>> from textrepair.rules import demo
    >>> demo(mojibake, "â€œCafÃ© au laitâ€\\x9d â€” itâ€™s “fine”")
    '“Café au lait” — it’s “fine”'
    >>> demo(mojibake, "РџСЂРёРІРµС‚, SÃO PAULO")
    'Привет, SÃO PAULO'
    """
    edits: list[Edit] = []
    hit = next(mojibake_hits(text), None)
    while hit is not None:
        line_start = text.rfind("\n", 0, hit) + 1
        line_end = text.find("\n", hit)
        line_end = len(text) if line_end < 0 else line_end
        for chunk in _CHUNK_RE.finditer(text, line_start, line_end):
            piece = chunk.group()
            if next(mojibake_hits(piece), None) is None:
                continue
            fixed = ftfy.fix_encoding(piece, FTFY_CONFIG)
            if fixed == piece:
                fixed = strict_redecode(piece)
            if fixed != piece:
                edits.extend(diff_edits(piece, fixed, chunk.start()))
        hit = next(mojibake_hits(text, line_end), None)
    return edits


def strict_redecode(text: str) -> str:
    """Undo a misreading that ftfy's badness heuristic does not notice.

    Some mojibake looks harmless to ftfy (IBM437 turns ’ into ``ΓÇÖ``). If the
    whole text encodes in one of the codecs and the bytes are strictly valid
    UTF-8 holding at least two multi-byte characters (or one of three or more
    bytes), that is taken as proof: clean text almost never passes the test.

    >>> strict_redecode("ItΓÇÖs ΓÇ£fineΓÇ¥."), strict_redecode("Ø°C")
    ('It’s “fine”.', 'Ø°C')
    """
    for codec in MOJIBAKE_CODECS:
        try:
            raw = text.encode(codec)
            decoded = raw.decode("utf-8")
        except UnicodeError:
            continue
        if decoded == text or len(raw) - len(decoded) < 2:
            continue
        if any(
            unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\t\r\n"
            for ch in decoded
        ):
            continue
        return decoded
    return text


def lossy_cp1252(text: str, ctx: Context) -> list[Edit]:
    """Restore ” from ``â€`` whose third byte was undefined in Windows-1252 and was lost.

    Of the characters E2 80 xx whose xx Windows-1252 leaves undefined (81, 8D,
    8F, 90, 9D), only ” (9D) occurs in running text; ftfy would make it U+FFFD.

    >>> from textrepair.rules import demo
    >>> demo(lossy_cp1252, "â€œQuotedâ€\ufffd and â€œagainâ€ here")
    'â€œQuoted” and â€œagain” here'
    """
    if "â€" not in text:
        return []
    return [Edit(m.start(), m.end(), "”") for m in LOSSY_QUOTE_RE.finditer(text)]
