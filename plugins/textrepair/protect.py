"""Markdown code is never repaired: find it and mask it.

:func:`protected_spans` finds fenced code blocks, indented code blocks, inline
code spans and raw ``<pre>``/``<code>`` elements. :func:`mask` replaces every
character inside them (except line breaks) with :data:`MASK`, keeping offsets,
so rules can run on the masked text and never see, or touch, code.
"""

from __future__ import annotations

import bisect
import re
import sys

#: The placeholder for protected characters (a private-use character that no
#: rule treats as damage; rules read it as a word character).
MASK = "\ue000"

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*$", re.MULTILINE)
_BACKTICKS_RE = re.compile(r"`+")
_HTML_CODE_RE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_INDENTED_RE = re.compile(r"^(?: {4}|\t)")
_BLANK_RE = re.compile(r"^[ \t]*\r?$")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _block_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    lines = _lines(text)
    i = 0
    prev_blank = True
    in_paragraph = False
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        fence = _FENCE_RE.match(line)
        if fence:
            marker = fence.group(1)
            j = i + 1
            while j < len(lines):
                s, e = lines[j]
                close = _FENCE_RE.match(text[s:e])
                if (
                    close
                    and close.group(1)[0] == marker[0]
                    and len(close.group(1)) >= len(marker)
                    and not text[s:e].strip().lstrip(marker[0]).strip()
                ):
                    break
                j += 1
            last = min(j, len(lines) - 1)
            spans.append((start, lines[last][1]))
            i = last + 1
            prev_blank = False
            in_paragraph = False
            continue
        if (
            _INDENTED_RE.match(line)
            and not _BLANK_RE.match(line)
            and (prev_blank or not in_paragraph)
        ):
            j = i
            last = i
            while j < len(lines):
                s, e = lines[j]
                candidate = text[s:e]
                if _BLANK_RE.match(candidate):
                    j += 1
                    continue
                if not _INDENTED_RE.match(candidate):
                    break
                last = j
                j += 1
            spans.append((start, lines[last][1]))
            i = last + 1
            prev_blank = False
            in_paragraph = False
            continue
        blank = bool(_BLANK_RE.match(line))
        prev_blank = blank
        in_paragraph = not blank
        i += 1
    return spans


def _inline_spans(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Code spans between ``start`` and ``end`` (backtick runs of equal length)."""
    runs = list(_BACKTICKS_RE.finditer(text, start, end))
    k = 0
    while k < len(runs):
        opener = runs[k]
        width = len(opener.group())
        for m in range(k + 1, len(runs)):
            closer = runs[m]
            if len(closer.group()) == width:
                inside = text[opener.end() : closer.start()]
                if "\n\n" in inside.replace("\r", "") or re.search(r"\n[ \t]*\n", inside):
                    break
                out.append((opener.start(), closer.end()))
                k = m
                break
        k += 1


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of Markdown code in ``text``.

    >>> s = "Say `donâ€™t` here\\n\\n```\\ncafÃ©\\n```\\n"
    >>> [s[a:b] for a, b in protected_spans(s)]
    ['`donâ€™t`', '```\\ncafÃ©\\n```']
    """
    if not (
        "`" in text
        or "~~~" in text
        or "\n    " in text
        or "\n\t" in text
        or text.startswith(("    ", "\t"))
        or ("<" in text and _HTML_CODE_RE.search(text))
    ):
        return []
    blocks = _block_spans(text)
    spans: list[tuple[int, int]] = list(blocks)
    pos = 0
    for b_start, b_end in [*blocks, (len(text), len(text))]:
        if "`" in text[pos:b_start]:
            _inline_spans(text, pos, b_start, spans)
        pos = b_end
    if "<" in text:
        for m in _HTML_CODE_RE.finditer(text):
            spans.append((m.start(), m.end()))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every protected character except line breaks replaced by MASK.

    >>> mask("a `b\\nc` d", [(2, 7)])
    'a \\ue000\\ue000\\n\\ue000\\ue000 d'
    """
    if not spans:
        return text
    out = []
    pos = 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(re.sub(r"[^\r\n]", MASK, text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) touches a protected span (an insertion inside one counts).

    ``spans`` are sorted and disjoint, as :func:`protected_spans` returns them.

    >>> overlaps([(2, 5)], 0, 2), overlaps([(2, 5)], 4, 9), overlaps([(2, 5)], 3, 3)
    (False, True, True)
    """
    i = bisect.bisect_right(spans, (start, sys.maxsize)) - 1
    return any(start < e and (end > s or s < start) for s, e in spans[max(i, 0) : i + 2])
