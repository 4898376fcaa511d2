"""The table of rules and the pipeline that runs them.

Like ftfy's ``fixes`` module, every repair is one pure function, here of the
form ``rule(text, ctx) -> list[Edit]``: it looks at the text (with Markdown
code masked), and says what to replace. :data:`RULES` lists them by name in
the order they run; :func:`run` applies them one after another, records every
step through a :class:`~textrepair.edits.Tracker`, and repeats the whole table
until nothing changes, so that a repair is idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import entities, lossy_thai, mojibake, residue
from .context import Context
from .edits import PlainTracker, Tracker, apply_edits
from .markers import has_markers
from .model import Edit, Repair
from .protect import mask, overlaps, protected_spans
from .quotes import UK, US

Rule = Callable[[str, Context], list[Edit]]

#: Every rule by name, in the order they run.
RULES: tuple[tuple[str, Rule], ...] = (
    ("wp_block_comment", residue.wp_block_comment),
    ("new_tab_text", residue.new_tab_text),
    ("comment_count", residue.comment_count),
    ("terminal_escape", residue.terminal_escape),
    ("surrogate", residue.surrogate),
    ("lossy_thai", lossy_thai.lossy_thai),
    ("lossy_cp1252", mojibake.lossy_cp1252),
    ("mojibake", mojibake.mojibake),
    ("html_entity", entities.html_entity),
    ("c1_control", residue.c1_control),
    ("zero_width", residue.zero_width),
)
RULE_NAMES: tuple[str, ...] = tuple(name for name, _ in RULES)
#: Rules that only act on a control, invisible or surrogate character; one scan
#: for all of them lets a pass skip them together.
_CONTROL_RULES = frozenset({"terminal_escape", "surrogate", "c1_control", "zero_width"})
_CONTROL_RE = re.compile("[\x1b\x80-\x9f\u200b-\u200d\u2060\u180e\ufeff\ud800-\udfff]")
_MAX_PASSES = 4


def _check_style(quote_style: str | None) -> None:
    if quote_style not in (None, US, UK):
        raise ValueError(f"quote_style must be None, 'us' or 'uk', not {quote_style!r}")


def run(
    text: str, *, quote_style: str | None = None, force: bool = False, record: bool = True
) -> Repair:
    """Repair ``text`` and record every change.

    ``force`` skips the fast path; ``record=False`` skips recording the changes
    (the result then has none, whatever was repaired).
    """
    _check_style(quote_style)
    if not force and not has_markers(text):
        return Repair(text, [])
    tracker: Tracker | PlainTracker = Tracker(text) if record else PlainTracker(text)
    style = quote_style
    for _ in range(_MAX_PASSES):
        changed = False
        current = ""
        spans: list[tuple[int, int]] = []
        masked = ""
        context = Context(quote_style=style)
        controls = False
        for name, rule in RULES:
            if tracker.text is not current:
                current = tracker.text
                spans = protected_spans(current)
                masked = mask(current, spans)
                context = Context(quote_style=style, protected=spans)
                controls = _CONTROL_RE.search(masked) is not None
            if name in _CONTROL_RULES and not controls:
                continue
            edits = rule(masked, context)
            if spans:
                edits = [e for e in edits if not overlaps(spans, e.start, e.end)]
            if tracker.apply(name, edits):
                changed = True
        if not changed or not has_markers(tracker.text):
            break
    return Repair(tracker.text, tracker.changes() if record else [])


def demo(rule: Rule, text: str, quote_style: str = US) -> str:
    """Apply a single rule to ``text`` on its own (code stays protected); for examples.

    >>> demo(residue.new_tab_text, "`(opens in a new tab)` (opens in a new tab)")
    '`(opens in a new tab)`'
    """
    spans = protected_spans(text)
    edits = rule(mask(text, spans), Context(quote_style=quote_style, protected=spans))
    return apply_edits(text, [e for e in edits if not overlaps(spans, e.start, e.end)])
