"""Pelican wiring of text repair: repair each source before the brief reader parses it.

Settings:

* ``TEXT_REPAIR``: ``"fix"`` (default) repairs the text the build reads and logs
  each change; ``"report"`` only logs; ``"off"`` does nothing.
* ``TEXT_REPAIR_QUOTE_STYLE``: ``None`` (detect), ``"us"`` or ``"uk"``.
* In a strict build (``BRIEFS_STRICT``), a source that still holds repairable
  damage is an error: authors fix sources (``assay fix``), not just the output.

Each change is reported as ``path:line:col: warning: repaired <rule>: "before" →
"after"`` (``error:`` in a strict build).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from briefs.problems import Problem

from . import repair

MODES = ("fix", "report", "off")


def check_config(settings: dict[str, Any]) -> None:
    """Validate the plugin's settings; raise ValueError on a bad one."""
    mode = settings.get("TEXT_REPAIR", "fix")
    if mode not in MODES:
        raise ValueError(f"TEXT_REPAIR must be one of {', '.join(MODES)}, not {mode!r}")
    style = settings.get("TEXT_REPAIR_QUOTE_STYLE")
    if style not in (None, "us", "uk"):
        raise ValueError(f"TEXT_REPAIR_QUOTE_STYLE must be None, 'us' or 'uk', not {style!r}")


def visible(text: str) -> str:
    r"""``text`` with line breaks and invisible characters written as escapes.

    A report stays one line per change, and shows what was removed.

    >>> visible("©!-- /wp:paragraph -->\n0 Comments")
    '©!-- /wp:paragraph -->\\n0 Comments'
    >>> visible("rare\u200bearths\u00a0")
    'rare\\u200bearths\\u00a0'
    """
    out = []
    for char in text:
        if char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\u00a0" or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Co"):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def repair_source(display: str, text: str, settings: dict[str, Any]
                  ) -> tuple[str, list[Problem]]:
    """The source filter: ``text`` repaired (or as it was), and one problem per change.

    Each change is a warning ``repaired <rule>: "before" → "after"`` at its line and
    column; in a strict build it is an error, since the source itself needs fixing.
    """
    mode = settings.get("TEXT_REPAIR", "fix")
    if mode == "off":
        return text, []
    result = repair(text, quote_style=settings.get("TEXT_REPAIR_QUOTE_STYLE"))
    severity = "error" if settings.get("BRIEFS_STRICT") else "warning"
    hint = f"run 'assay fix {display}' to repair the source"
    problems = [Problem(display, change.line, change.column, severity,
                        f'repaired {change.rule}: "{visible(change.before)}" → '
                        f'"{visible(change.after)}"',
                        hint if severity == "error" else None)
                for change in result.changes]
    return (result.text if mode == "fix" else text), problems


def initialized(pelican: Any) -> None:
    check_config(pelican.settings)
