"""Value types shared by the repair rules: edits, changes and results."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (offsets in the text a rule saw)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Change:
    """One repair, located in the ORIGINAL text.

    ``line`` and ``column`` are 1-based; the column counts code points from the
    start of the line (a line ends after ``\\n``, so a ``\\r`` belongs to its line).
    ``before`` is the original text at that place and ``after`` its replacement;
    applying every change of a repair to the original reproduces the repaired
    text (see :func:`textrepair.explain.replay`). ``rule`` names the rule that made
    the change, or several joined with ``+`` when later rules refined an earlier
    change.
    """

    rule: str
    line: int
    column: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Repair:
    """The repaired text together with the changes that produced it."""

    text: str
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)
