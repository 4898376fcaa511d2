"""The fields of one citation: present, consistent in time, well-formed, a known outlet.

:func:`check_citation` looks at a single :class:`~briefs.model.Citation` of a brief
and gives every problem it finds; it never raises for bad input.
"""

from __future__ import annotations

import datetime

from briefs.model import Citation
from briefs.problems import Problem

from .outlets import Registry
from .urls import clean_url, url_error

__all__ = ["check_citation", "clean_url", "date_problems"]


def _day(value: object) -> datetime.date | None:
    """A date from a date or datetime (its calendar day); None for anything else."""
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else None


def _blank(value: object) -> bool:
    return not isinstance(value, str) or not value.strip()


def date_problems(
    published: datetime.date | None,
    accessed: datetime.date | None,
    brief_date: datetime.date,
    today: datetime.date | None,
    *,
    strict: bool,
) -> list[tuple[str, str, str]]:
    """What is wrong with a citation's dates, as (field, severity, message) triples.

    The source may not be dated after the brief, nor accessed before it was
    published. When ``today`` is given, a date after it is an error in a
    ``strict`` build and a warning otherwise.

    >>> d = datetime.date
    >>> date_problems(d(2025, 9, 23), None, d(2025, 9, 24), None, strict=False)
    []
    >>> date_problems(d(2025, 9, 25), None, d(2025, 9, 24), None, strict=False)
    [('date', 'error', 'the source is dated 2025-09-25, after the brief (2025-09-24)')]
    """
    found: list[tuple[str, str, str]] = []
    if published is not None and published > brief_date:
        found.append(
            ("date", "error", f"the source is dated {published}, after the brief ({brief_date})")
        )
    if published is not None and accessed is not None and accessed < published:
        found.append(
            ("accessed", "error", f"accessed on {accessed}, before the source's date ({published})")
        )
    if today is not None:
        severity = "error" if strict else "warning"
        for name, value in (("date", published), ("accessed", accessed)):
            if value is not None and value > today:
                found.append((name, severity, f"{name} {value} is in the future (today: {today})"))
    return found


def check_citation(
    citation: Citation,
    *,
    brief_path: str,
    brief_date: datetime.date,
    today: datetime.date | None,
    strict: bool,
    registry: Registry,
) -> list[Problem]:
    """Every problem with one citation of the brief at ``brief_path``.

    Takes the citation, the brief's date (a date or datetime), today's date (None
    to skip the future-date check), whether the build is strict, and the outlet
    registry. Gives errors for missing required fields (publication, date, and
    author or title), inconsistent dates and malformed ``url``/``archive_url``;
    warnings for tracking parameters in a URL and for an outlet the registry does
    not know.
    """
    problems: list[Problem] = []

    def where(name: str) -> tuple[int, int]:
        if name in citation.positions:
            return citation.positions[name]
        return (citation.line, 1) if citation.line else (0, 0)

    def add(name: str, severity: str, message: str, hint: str | None = None) -> None:
        line, column = where(name)
        problems.append(Problem(brief_path, line, column, severity, message, hint))

    publication = citation.publication
    if _blank(publication):
        add("publication", "error", "citation has no publication", "name the outlet")
    published = _day(citation.date)
    if published is None:
        add("date", "error", "citation has no valid date", "write date: YYYY-MM-DD")
    if _blank(citation.author) and _blank(citation.title):
        add("author", "error", "citation needs an author or a title")

    accessed = _day(citation.accessed)
    if citation.accessed is not None and accessed is None:
        add("accessed", "error", "accessed is not a date", "write accessed: YYYY-MM-DD")
    day = _day(brief_date)
    if day is not None:
        for name, severity, message in date_problems(
            published, accessed, day, _day(today), strict=strict
        ):
            add(name, severity, message)

    for name in ("url", "archive_url"):
        value = getattr(citation, name)
        if value is None:
            continue
        reason = url_error(value)
        if reason:
            add(name, "error", f"{name} is not a well-formed http(s) URL: {reason}")
        elif clean_url(value) != value:
            add(name, "warning", f"{name} carries tracking parameters", f"use {clean_url(value)}")

    if not _blank(publication) and registry.lookup(publication) is None:
        suggestion = registry.suggest(publication)
        hint = (
            f"did you mean {suggestion!r}?" if suggestion else f"add it to {registry.source}"
        )
        add("publication", "warning", f"unknown outlet {publication.strip()!r}", hint)
    return problems
