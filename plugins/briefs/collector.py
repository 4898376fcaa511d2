"""What one build found: problems per source file, and source filters.

The reader records here; the plugin reports and, in a strict build, fails the
build with the complete list. Other plugins (text repair) add *source filters*:
functions ``(display_path, text, settings) -> text`` applied to every source
before it is parsed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from .problems import Problem

logger = logging.getLogger("briefs")

SourceFilter = Callable[[str, str, dict[str, Any]], str]

_problems: dict[str, list[Problem]] = {}
_filters: list[SourceFilter] = []


def reset() -> None:
    """Forget the problems of the previous build (a preview server rebuilds in-process)."""
    _problems.clear()


def add_filter(source_filter: SourceFilter) -> None:
    """Apply ``source_filter`` to every source text before it is parsed (once each)."""
    if source_filter not in _filters:
        _filters.append(source_filter)


def filter_source(display: str, text: str, settings: dict[str, Any]) -> str:
    """``text`` after every registered source filter."""
    for source_filter in _filters:
        text = source_filter(display, text, settings)
    return text


def record(source_path: str, problems: list[Problem]) -> None:
    """Log ``problems`` of one source and keep them for the end of the build."""
    for problem in problems:
        log = logger.error if problem.severity == "error" else logger.warning
        log("%s", problem.format())
    if problems:
        _problems[source_path] = list(problems)


def all_problems() -> list[Problem]:
    """Every problem recorded in this build, sorted by file and line."""
    return sorted(p for problems in _problems.values() for p in problems)
