"""The damage the repairs undo, reproduced on purpose (for tests and benchmarks).

:func:`damage` applies a named *recipe* to clean text, really encoding and
decoding it, so test data and benchmark inputs are made the way briefs get
broken rather than typed in by hand.
"""

from __future__ import annotations

import html.entities

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)

_C1 = {c: None for c in range(0x80, 0xA0)}
_C1_REPLACED = {c: "\ufffd" for c in range(0x80, 0xA0)}
_NAMES = {chr(code): name for code, name in html.entities.codepoint2name.items()}


def _entities(text: str, style: str) -> str:
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif style == "named" and ch in _NAMES:
            out.append(f"&{_NAMES[ch]};")
        elif style == "hex":
            out.append(f"&#x{ord(ch):X};")
        else:
            out.append(f"&#{ord(ch)};")
    return "".join(out)


def _mis_decode(text: str, codec: str) -> str:
    return text.encode("utf-8").decode(codec)


#: Recipe name -> function from clean text to damaged text.
RECIPES = {
    # UTF-8 read as a single-byte codec (recoverable)
    "utf8>cp1252": lambda s: _mis_decode(s, "sloppy-windows-1252"),
    "utf8>cp1252-replace": lambda s: s.encode("utf-8").decode("cp1252", errors="replace"),
    "utf8>latin-1": lambda s: _mis_decode(s, "latin-1"),
    "utf8>cp1250": lambda s: _mis_decode(s, "sloppy-windows-1250"),
    "utf8>cp1251": lambda s: _mis_decode(s, "sloppy-windows-1251"),
    "utf8>macroman": lambda s: _mis_decode(s, "macroman"),
    "utf8>cp437": lambda s: _mis_decode(s, "cp437"),
    "utf8>cp1252>cp1252": lambda s: _mis_decode(
        _mis_decode(s, "sloppy-windows-1252"), "sloppy-windows-1252"
    ),
    "cp1252>latin-1": lambda s: s.encode("cp1252").decode("latin-1"),
    # UTF-8 read as a Thai codec: Python's TIS-620 keeps 0x80-0x9F as C1 controls
    "utf8>tis620": lambda s: s.encode("utf-8").decode("tis-620", errors="ignore"),
    # ... and bytes 0x80-0xA0 lost (lossy)
    "utf8>tis620-delete": lambda s: (
        s.encode("utf-8").decode("tis-620", errors="ignore").translate(_C1)
    ),
    "utf8>tis620-replace": lambda s: (
        s.encode("utf-8").decode("tis-620", errors="replace").translate(_C1_REPLACED)
    ),
    "utf8>iso8859_11-delete": lambda s: (
        s.encode("utf-8").decode("iso8859_11", errors="ignore").translate(_C1)
    ),
    "utf8>iso8859_11-delete-nbsp-space": lambda s: (
        s.encode("utf-8")
        .decode("iso8859_11", errors="ignore")
        .translate(_C1)
        .replace("\u00a0", " ")
    ),
    "utf8>cp874-delete": lambda s: s.encode("utf-8").decode("cp874", errors="ignore"),
    "utf8>cp874-replace": lambda s: s.encode("utf-8").decode("cp874", errors="replace"),
    # HTML entity residue
    "entity-named": lambda s: _entities(s, "named"),
    "entity-decimal": lambda s: _entities(s, "decimal"),
    "entity-hex": lambda s: _entities(s, "hex"),
    "entity-double": lambda s: _entities(s, "named").replace("&", "&amp;"),
}


def damage(text: str, recipe: str) -> str:
    """Damage clean ``text`` the way ``recipe`` names.

    >>> damage("don’t", "utf8>cp1252"), damage("don’t", "utf8>tis620-delete")
    ('donâ€™t', 'donโt')
    >>> damage("café — “ok”", "entity-named")
    'caf&eacute; &mdash; &ldquo;ok&rdquo;'
    """
    return RECIPES[recipe](text)
