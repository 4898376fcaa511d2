"""Edit bookkeeping: apply edits, compose them across rules, locate them.

Every rule reports the edits it wants on the text it was given. A
:class:`Tracker` applies them one rule after another and keeps, for each
stretch of the current text, the stretch of the ORIGINAL text it came from, so
that the final list of changes can be given in original coordinates even when
a later rule refines what an earlier rule produced.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Change, Edit


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to ``text``.

    >>> apply_edits("abcdef", [Edit(1, 2, "B"), Edit(4, 6, "")])
    'aBcd'
    """
    out: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < pos:
            raise ValueError(f"overlapping edit at {edit.start}")
        out.append(text[pos : edit.start])
        out.append(edit.replacement)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


_TOKEN_RE = re.compile(r"[\x00-\x7f]|[^\x00-\x7f]+")
_SPLIT_RE = re.compile(r"([^\x00-\x7f]+)")


def diff_edits(before: str, after: str, offset: int = 0) -> list[Edit]:
    """Edits turning ``before`` into ``after``, aligned on ASCII characters.

    Each ASCII character is its own token and each run of other characters is
    one token, so a repaired word of mojibake becomes a single edit. Repairs
    keep ASCII in place, so the two token lists are walked side by side; only
    when they do not line up is a general alignment computed.

    >>> diff_edits("cafÃ© au lait", "café au lait")
    [Edit(start=3, end=5, replacement='é')]
    >>> diff_edits("aÃ©b", "ab")
    [Edit(start=1, end=3, replacement='')]
    """
    if before == after:
        return []
    sa = _SPLIT_RE.split(before)
    sb = _SPLIT_RE.split(after)
    if len(sa) == len(sb) and sa[::2] == sb[::2]:
        # the common case: only runs of non-ASCII characters changed
        out = []
        pos = offset
        for k, (a, b) in enumerate(zip(sa, sb, strict=True)):
            if k % 2 and a != b:
                out.append(Edit(pos, pos + len(a), b))
            pos += len(a)
        return out
    ta = _TOKEN_RE.findall(before)
    tb = _TOKEN_RE.findall(after)
    edits: list[Edit] = []
    i = j = 0
    pos = offset
    while i < len(ta) and j < len(tb):
        a, b = ta[i], tb[j]
        if a == b:
            pass
        elif not a.isascii() and not b.isascii():
            edits.append(Edit(pos, pos + len(a), b))
        elif not a.isascii() and i + 1 < len(ta) and ta[i + 1] == b:
            edits.append(Edit(pos, pos + len(a), ""))
            pos += len(a)
            i += 1
            continue
        elif not b.isascii() and j + 1 < len(tb) and tb[j + 1] == a:
            edits.append(Edit(pos, pos, b))
            j += 1
            continue
        else:
            return edits + _general_diff(ta[i:], tb[j:], pos)
        pos += len(a)
        i += 1
        j += 1
    if i < len(ta) or j < len(tb):
        edits.extend(_general_diff(ta[i:], tb[j:], pos))
    return edits


def _general_diff(ta: list[str], tb: list[str], offset: int) -> list[Edit]:
    starts = [offset]
    for tok in ta:
        starts.append(starts[-1] + len(tok))
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(Edit(starts[i1], starts[i2], "".join(tb[j1:j2])))
    return edits


class LineIndex:
    """Maps offsets of a text to 1-based (line, column) and back."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1


@dataclass(slots=True)
class _Piece:
    orig_start: int
    orig_end: int
    text: str
    rules: tuple[str, ...]  # empty: unchanged, text equals the original stretch


class Tracker:
    """Applies edits rule after rule, remembering where each piece came from.

    >>> t = Tracker("donâ€™t &amp;rsquo;")
    >>> t.apply("mojibake", [Edit(3, 6, "’")])
    True
    >>> t.text
    'don’t &amp;rsquo;'
    >>> t.apply("html_entity", [Edit(6, 17, "’")])
    True
    >>> [(c.rule, c.column, c.before, c.after) for c in t.changes()]
    [('mojibake', 4, 'â€™', '’'), ('html_entity', 9, '&amp;rsquo;', '’')]
    """

    def __init__(self, original: str) -> None:
        self.original = original
        self.pieces: list[_Piece] = [_Piece(0, len(original), original, ())]
        self._text: str | None = original

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(p.text for p in self.pieces)
        return self._text

    def apply(self, rule: str, edits: Sequence[Edit]) -> bool:
        """Apply one rule's edits (in current-text offsets); return whether text changed."""
        if not edits:
            return False
        current = self.text
        edits = sorted(
            (e for e in edits if current[e.start : e.end] != e.replacement),
            key=lambda e: (e.start, e.end),
        )
        if not edits:
            return False
        for a, b in itertools.pairwise(edits):
            if b.start < a.end:
                raise ValueError(f"rule {rule!r} produced overlapping edits")
        if len(self.pieces) == 1 and not self.pieces[0].rules:
            self._first(rule, edits)
            return True
        # Phase 1: split unchanged pieces at every edit boundary.
        cuts = sorted({e.start for e in edits} | {e.end for e in edits})
        split: list[tuple[int, _Piece]] = []  # (current start, piece)
        pos = 0
        k = 0
        for p in self.pieces:
            end = pos + len(p.text)
            if p.rules:
                split.append((pos, p))
            else:
                while k < len(cuts) and cuts[k] <= pos:
                    k += 1
                start = pos
                while k < len(cuts) and cuts[k] < end:
                    cut = cuts[k] - pos
                    split.append(
                        (
                            start,
                            _Piece(
                                p.orig_start + start - pos,
                                p.orig_start + cut,
                                p.text[start - pos : cut],
                                (),
                            ),
                        )
                    )
                    start = cuts[k]
                    k += 1
                split.append(
                    (
                        start,
                        _Piece(p.orig_start + start - pos, p.orig_end, p.text[start - pos :], ()),
                    )
                )
            pos = end
        # Phase 2: replace the pieces each group of edits touches by one changed piece.
        # Edits that fall inside the same changed piece form one group.
        new: list[_Piece] = []
        i = 0
        e = 0
        while e < len(edits):
            edit = edits[e]
            while i < len(split) and split[i][0] + len(split[i][1].text) <= edit.start:
                new.append(split[i][1])
                i += 1
            group = [edit]
            absorbed: list[tuple[int, _Piece]] = []
            hi = edit.end
            e += 1
            while True:
                while i < len(split):
                    cur, p = split[i]
                    if not (cur < hi and cur + len(p.text) > group[-1].start):
                        break
                    absorbed.append((cur, p))
                    hi = max(hi, cur + len(p.text))
                    i += 1
                if e < len(edits) and edits[e].start < hi:
                    group.append(edits[e])
                    hi = max(hi, edits[e].end)
                    e += 1
                    continue
                break
            lo = min(group[0].start, absorbed[0][0]) if absorbed else group[0].start
            text = apply_edits(
                current[lo:hi], [Edit(g.start - lo, g.end - lo, g.replacement) for g in group]
            )
            if absorbed:
                orig_start, orig_end = absorbed[0][1].orig_start, absorbed[-1][1].orig_end
            else:
                orig_start = orig_end = new[-1].orig_end if new else 0
            rules: list[str] = []
            for _, p in absorbed:
                rules.extend(r for r in p.rules if r not in rules)
            if rule not in rules:
                rules.append(rule)
            if text == self.original[orig_start:orig_end]:
                rules = []
            new.append(_Piece(orig_start, orig_end, text, tuple(rules)))
        new.extend(p for _, p in split[i:])
        self.pieces = [p for p in new if p.text or p.orig_end > p.orig_start]
        self._text = None
        return True

    def _first(self, rule: str, edits: list[Edit]) -> None:
        """Apply edits to a text nothing has changed yet (offsets are original offsets)."""
        original = self.original
        pieces = []
        pos = 0
        for edit in edits:
            if edit.start > pos:
                pieces.append(_Piece(pos, edit.start, original[pos : edit.start], ()))
            pieces.append(_Piece(edit.start, edit.end, edit.replacement, (rule,)))
            pos = edit.end
        if pos < len(original):
            pieces.append(_Piece(pos, len(original), original[pos:], ()))
        self.pieces = pieces
        self._text = None

    def changes(self) -> list[Change]:
        index = LineIndex(self.original)
        out = []
        for p in self.pieces:
            if p.rules:
                line, column = index.locate(p.orig_start)
                before = self.original[p.orig_start : p.orig_end]
                out.append(Change("+".join(p.rules), line, column, before, p.text))
        return out


class PlainTracker:
    """Applies edits rule after rule without remembering where they came from.

    Same interface as :class:`Tracker` for callers that only want the text.
    """

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = original

    def apply(self, rule: str, edits: Sequence[Edit]) -> bool:
        current = self.text
        effective = [e for e in edits if current[e.start : e.end] != e.replacement]
        if not effective:
            return False
        self.text = apply_edits(current, effective)
        return True

    def changes(self) -> list[Change]:
        raise TypeError("a PlainTracker does not record changes")


def replay(text: str, changes: Iterable[Change]) -> str:
    """Apply changes (as returned by :func:`textrepair.explain`) to the original text.

    >>> replay("don’t go", [Change("x", 1, 4, "’", "'")])
    "don't go"
    """
    index = LineIndex(text)
    edits = []
    for change in changes:
        start = index.offset(change.line, change.column)
        end = start + len(change.before)
        if text[start:end] != change.before:
            raise ValueError(f"change does not match the text at {change.line}:{change.column}")
        edits.append(Edit(start, end, change.after))
    return apply_edits(text, edits)
