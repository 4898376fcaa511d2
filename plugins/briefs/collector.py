"""What one build found: problems per source file, and source filters.

The reader records here; the plugin reports and, in a strict build, fails the
build with the complete list. Other plugins extend the reader here:

* *source filters* (text repair): ``(display_path, text, settings) -> (text,
  problems)``, applied to every source before it is parsed;
* *brief checks* (citations): ``(brief, settings) -> list[Problem]``, run on every
  brief read; an error among them keeps the brief out of the site;
* *site checks*: ``(settings) -> list[Problem]``, run once per build;
* *inputs*: ``(brief, settings) -> list[Path]``, the files a brief check reads
  besides the source (``brief`` is None for the files every brief depends on),
  so that a result kept in the cache is used only while they are unchanged.

``assay check`` registers the same plugins, so it runs the same filters and checks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .problems import Problem

logger = logging.getLogger("briefs")

SourceFilter = Callable[[str, str, dict[str, Any]], tuple[str, list[Problem]]]
BriefCheck = Callable[[Any, dict[str, Any]], list[Problem]]

_problems: dict[str, list[Problem]] = {}
_filters: list[SourceFilter] = []
_checks: list[BriefCheck] = []
_site_checks: list[Callable[[dict[str, Any]], list[Problem]]] = []
_inputs: list[Callable[[Any, dict[str, Any]], list[Path]]] = []


def reset() -> None:
    """Forget the problems of the previous build (a preview server rebuilds in-process)."""
    _problems.clear()


def add_filter(source_filter: SourceFilter) -> None:
    """Apply ``source_filter`` to every source text before it is parsed (once each)."""
    if source_filter not in _filters:
        _filters.append(source_filter)


def filter_source(display: str, text: str, settings: dict[str, Any]
                  ) -> tuple[str, list[Problem]]:
    """``text`` after every registered source filter, and what the filters reported."""
    problems: list[Problem] = []
    for source_filter in _filters:
        text, found = source_filter(display, text, settings)
        problems.extend(found)
    return text, problems


def add_check(check: BriefCheck) -> None:
    """Run ``check`` on every brief read (once each)."""
    if check not in _checks:
        _checks.append(check)


def run_checks(brief: Any, settings: dict[str, Any]) -> list[Problem]:
    """The problems every registered brief check finds in ``brief``."""
    return [problem for check in _checks for problem in check(brief, settings)]


def add_site_check(check: Callable[[dict[str, Any]], list[Problem]]) -> None:
    """Run ``check(settings)`` once per build (e.g. validating a registry file)."""
    if check not in _site_checks:
        _site_checks.append(check)


def run_site_checks(settings: dict[str, Any]) -> list[Problem]:
    """The problems every registered site check finds."""
    return [problem for check in _site_checks for problem in check(settings)]


def add_inputs(inputs_of: Callable[[Any, dict[str, Any]], list[Path]]) -> None:
    """Declare the files a brief check reads: ``inputs_of(brief, settings)`` names them.

    ``brief`` is None for the files every brief depends on (a registry).
    """
    if inputs_of not in _inputs:
        _inputs.append(inputs_of)


def inputs(brief: Any, settings: dict[str, Any]) -> list[Path]:
    """The files the registered checks read for ``brief`` (None: for every brief)."""
    return [path for inputs_of in _inputs for path in inputs_of(brief, settings)]


def extensions() -> list[Callable[..., Any]]:
    """Every registered filter, check and inputs function (their code shapes a reading)."""
    return [*_filters, *_checks, *_inputs]


def record(source_path: str, problems: list[Problem]) -> None:
    """Log ``problems`` of one source and keep them for the end of the build."""
    for problem in problems:
        log = logger.error if problem.severity == "error" else logger.warning
        log("%s", problem.format())
    if problems:
        _problems.setdefault(source_path, []).extend(problems)


def all_problems() -> list[Problem]:
    """Every problem recorded in this build, sorted by file and line."""
    return sorted(p for problems in _problems.values() for p in problems)
