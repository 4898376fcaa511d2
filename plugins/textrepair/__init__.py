"""Text repair for briefs: undo encoding damage and strip web residue.

A pure library (no Pelican): the site wiring calls these functions.

* :func:`repair_text` returns the repaired text;
* :func:`explain` returns the :class:`Change` list (rule, line, column, before,
  after, in the original text) so a repair can be shown and replayed
  (:func:`replay`);
* :func:`repair` returns both at once as a :class:`Repair`;
* :func:`has_damage` says whether anything would be repaired;
* :func:`textrepair.files.fix_file` repairs a file in place, atomically.

``quote_style`` is ``None`` to detect the document's house style, or ``"us"``
(outer quotes “double”) / ``"uk"`` (outer quotes ‘single’) to force it.

>>> repair_text("U.S.โChina talks: โI donโt think so,โ he said.")
'U.S.–China talks: “I don’t think so,” he said.'
>>> repair_text("It&rsquo;s the cafÃ©")
'It’s the café'
"""

from __future__ import annotations

from .edits import replay
from .files import FileResult, fix_file
from .markers import MARKER_CHARS, has_markers
from .model import Change, Repair
from .rules import RULE_NAMES, run

__all__ = [
    "MARKER_CHARS",
    "RULE_NAMES",
    "Change",
    "FileResult",
    "Repair",
    "explain",
    "fix_file",
    "has_damage",
    "has_markers",
    "register",
    "repair",
    "repair_text",
    "replay",
]


def register() -> None:
    """Pelican entry point: repair every brief source before the brief reader parses it.

    The wiring lives in :mod:`textrepair.plugin`; importing this package does not
    import Pelican.
    """
    from pelican import signals

    from briefs import collector

    from . import plugin

    # initialized: refuse bad TEXT_REPAIR settings before anything is read.
    signals.initialized.connect(plugin.initialized)
    # A source filter of the brief reader: it runs on the whole source (front matter
    # and body) before it is parsed, in the build and in `assay check` alike.
    collector.add_filter(plugin.repair_source)


def repair(text: str, *, quote_style: str | None = None) -> Repair:
    """Repair ``text``; the result carries the text and the changes.

    >>> r = repair("donโt")
    >>> r.text, [(c.rule, c.line, c.column, c.before, c.after) for c in r.changes]
    ('don’t', [('lossy_thai', 1, 4, 'โ', '’')])
    """
    return run(text, quote_style=quote_style)


def repair_text(text: str, *, quote_style: str | None = None) -> str:
    """Return ``text`` repaired (the same object when there is nothing to repair)."""
    return run(text, quote_style=quote_style, record=False).text


def explain(text: str, *, quote_style: str | None = None) -> list[Change]:
    """The changes a repair makes, located in the original text.

    >>> explain("Text (opens in a new tab).")
    [Change(rule='new_tab_text', line=1, column=5, before=' (opens in a new tab)', after='')]
    """
    return run(text, quote_style=quote_style).changes


def has_damage(text: str) -> bool:
    """Whether :func:`repair_text` would change ``text``.

    Clean text is answered by the fast marker check alone; text with markers
    is repaired to find out.

    >>> has_damage("A clean “brief”."), has_damage("donâ€™t")
    (False, True)
    """
    return has_markers(text) and bool(run(text).changes)
