"""The URLs of the archive's year and month pages, for the templates that link to them.

Pelican gives templates ``period_archives``: every year's and month's page with the
briefs it lists. The archive and the year and month pages only link to those pages,
yet a template that reads ``period_archives`` depends, for the page cache
(:mod:`briefs.pagecache`), on every brief in it, so an edit to any brief rendered
every such page again. :func:`period_urls` keeps just what the links need, and the
plugin gives it to the templates as ``archive_urls``, which changes only when a
period's page comes or goes, or moves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: The archive pages the theme links to.
GRANULARITIES = ("year", "month")


def period_urls(period_archives: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, str]:
    """The URL of each year's and month's archive page in ``period_archives`` (Pelican's),
    by its period's numbers joined with "-" (``"2025"``, ``"2025-9"``).

    >>> period_urls({"year": [{"period_num": (2025,), "url": "archives/2025/"}],
    ...              "month": [{"period_num": (2025, 9), "url": "archives/2025/09/"}],
    ...              "day": [{"period_num": (2025, 9, 1), "url": "archives/2025/09/01/"}]})
    {'2025': 'archives/2025/', '2025-9': 'archives/2025/09/'}
    >>> period_urls({})
    {}
    """
    return {"-".join(str(number) for number in archive["period_num"]): archive["url"]
            for granularity in GRANULARITIES
            for archive in period_archives.get(granularity) or ()}


def add_period_urls(generator: Any) -> None:
    """Handler of ``article_generator_finalized``: ``archive_urls`` in the shared context."""
    generator.context["archive_urls"] = period_urls(
        getattr(generator, "period_archives", None) or {})
