"""HTML entity residue: typographic entities that should have been characters."""

from __future__ import annotations

import html.entities
import re

from .context import Context
from .model import Edit
from .residue import is_typographic

_ENTITY_RE = re.compile(
    r"&(?:amp;)*(?P<body>#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
_APOSTROPHES = {"#39", "#039", "#x27", "#X27", "apos"}


def entity_value(body: str) -> str | None:
    """The character an entity body (without ``&`` and ``;``) names, if any.

    Numeric references to 0x80-0x9F mean their Windows-1252 characters, as in browsers.

    >>> entity_value("rsquo"), entity_value("#8217"), entity_value("#x2019"), entity_value("#146")
    ('’', '’', '’', '’')
    >>> entity_value("nosuch") is None
    True
    """
    if body.startswith("#"):
        try:
            code = int(body[2:], 16) if body[1:2] in "xX" else int(body[1:])
        except ValueError:
            return None
        if 0x80 <= code <= 0x9F:
            try:
                return bytes([code]).decode("cp1252")
            except UnicodeDecodeError:
                return None
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        return chr(code)
    return html.entities.html5.get(body + ";")


def html_entity(text: str, ctx: Context) -> list[Edit]:
    """Unescape entities for typographic characters, also when escaped twice.

    ``&lt;``, ``&gt;``, ``&amp;`` and other entities for ASCII are left alone
    (they may be deliberate), except an apostrophe entity inside a word.

    >>> from textrepair.rules import demo
    >>> demo(html_entity, "don&rsquo;t &#8220;x&#x201D; &amp;mdash; a &lt;b&gt; &amp; c")
    'don’t “x” — a &lt;b&gt; &amp; c'
    >>> demo(html_entity, "it&#39;s")
    "it's"
    """
    if "&" not in text:
        return []
    edits = []
    for m in _ENTITY_RE.finditer(text):
        body = m.group("body")
        value = entity_value(body)
        if value is None:
            continue
        if body in _APOSTROPHES:
            before = text[m.start() - 1 : m.start()]
            after = text[m.end() : m.end() + 1]
            if not (before.isalpha() and after.isalpha()):
                continue
        elif not is_typographic(value) and value != "\u00a0":
            continue
        edits.append(Edit(m.start(), m.end(), value))
    return edits
