"""Removing whole lines without leaving blank-line or trailing-space debris."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Edit

_BLANK_RE = re.compile(r"[ \t]*\r?")


def line_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, content end, next line start) of every line; a final newline opens no line.

    >>> line_spans("a\\r\\nbc\\n")
    [(0, 1, 3), (3, 5, 6)]
    """
    spans = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        nxt = n if nl < 0 else nl + 1
        end = n if nl < 0 else nl
        if end > pos and text[end - 1] == "\r":
            end -= 1
        spans.append((pos, end, nxt))
        pos = nxt
    return spans


def remove_lines(text: str, doomed: Iterable[int]) -> list[Edit]:
    """Edits that delete the given line indices (0-based) cleanly.

    A blank line left next to another blank line by the removal goes too, and
    so does a blank line left at the start; lines removed at the end of the
    text take the blank lines before them along, and the text keeps ending with
    a line break exactly when it did before.

    >>> from textrepair.edits import apply_edits
    >>> t = "Text.\\n\\n0 Comments\\n"
    >>> apply_edits(t, remove_lines(t, [2]))
    'Text.\\n'
    >>> t = "A\\n\\nX\\n\\nB"
    >>> apply_edits(t, remove_lines(t, [2]))
    'A\\n\\nB'
    """
    spans = line_spans(text)
    doomed_set = {i for i in doomed if 0 <= i < len(spans)}
    if not doomed_set:
        return []

    def blank(i: int) -> bool:
        s, e, _ = spans[i]
        return _BLANK_RE.fullmatch(text, s, e) is not None

    # Lines after the last line with content that survives.
    last_kept = max(
        (i for i in range(len(spans)) if i not in doomed_set and not blank(i)), default=-1
    )
    tail_doomed = any(i > last_kept for i in doomed_set)
    remove = {i for i in doomed_set if i < last_kept}
    # Collapse blank lines that the removal brings together, and leading blanks.
    kept_prev_blank: bool | None = None  # None: at the start of the text
    removed_since = False
    for i in range(0, last_kept + 1):
        if i in remove:
            removed_since = True
            continue
        if blank(i):
            if removed_since and (kept_prev_blank is None or kept_prev_blank):
                remove.add(i)
                continue
            kept_prev_blank = True
        else:
            kept_prev_blank = False
        removed_since = False
    edits: list[Edit] = []
    run_start = None
    for i in range(0, last_kept + 2):
        if i in remove and run_start is None:
            run_start = i
        elif i not in remove and run_start is not None:
            edits.append(Edit(spans[run_start][0], spans[i - 1][2], ""))
            run_start = None
    if tail_doomed:
        if last_kept < 0:
            edits.append(Edit(0, len(text), ""))
        else:
            _, end, nxt = spans[last_kept]
            ending = text[end:nxt] if text.endswith("\n") else ""
            edits.append(Edit(end, len(text), ending))
    return edits
