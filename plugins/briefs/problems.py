"""Problems found in a source file: one shape shared by every plugin and by ``assay``.

A problem names the file, the line and column (1-based; 0 when the whole file is
meant), its severity, a message and an optional fix-it hint.

>>> Problem("content/briefs/a.md", 4, 7, "error", "unknown field 'titel'",
...         "did you mean 'title'?").format()
"content/briefs/a.md:4:7: error: unknown field 'titel' (did you mean 'title'?)"
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place of one file."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str | None = None

    def format(self) -> str:
        """The problem as ``path:line:col: severity: message (hint)``."""
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def as_dict(self) -> dict[str, object]:
        """The problem as a JSON-ready mapping."""
        return asdict(self)

    def format_github(self) -> str:
        """The problem as a GitHub Actions workflow annotation.

        >>> Problem("a.md", 3, 1, "warning", "quotes unverified").format_github()
        '::warning file=a.md,line=3,col=1::quotes unverified'
        """
        message = self.message + (f" ({self.hint})" if self.hint else "")
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.path},line={self.line},col={self.column}::{message}"


class BriefError(Exception):
    """Raised when a source cannot become a brief; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint naming the closest choice, or None when none is close.

    >>> did_you_mean("titel", ["title", "date", "topics"])
    "did you mean 'title'?"
    >>> did_you_mean("zzz", ["title"]) is None
    True
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the errors among ``problems``."""
    return [p for p in problems if p.severity == "error"]
