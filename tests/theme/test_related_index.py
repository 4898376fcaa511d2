"""The related-briefs index gives what a scan of every brief would give.

``related_briefs`` files each brief under the subsets of its topics and outlets and
walks them from the highest score down instead of scoring every brief; these tests
compare it with the plain scan the filter's docstring promises: most shared first (a
topic weighs 2, an outlet 1), newer first among equals, then in list order, never
the brief itself or another brief at its URL.
"""

from __future__ import annotations

import datetime
import random
from types import SimpleNamespace as NS
from typing import Any

import pytest

from search.filters import _keys, related_briefs

TOPICS = [f"topic {n}" for n in range(12)]
OUTLETS = [f"Outlet {n}" for n in range(6)]


def _corpus(seed: int, count: int) -> list[NS]:
    """``count`` briefs with few topics and outlets (so many tie), a few with more than
    the index files (scored one by one), repeated dates and a repeated URL."""
    rng = random.Random(seed)
    briefs = []
    for number in range(count):
        wide = rng.random() < 0.05
        topics = rng.sample(TOPICS, rng.randint(6, 9) if wide else rng.randint(0, 3))
        outlets = rng.sample(OUTLETS, rng.randint(1, 3) if wide else rng.randint(0, 2))
        briefs.append(NS(
            title=f"B{number}", url=f"b/{number if rng.random() > 0.02 else 0}/",
            date=datetime.datetime(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 40)),
            tags=[NS(slug=t.replace(" ", "-"), name=t) for t in topics],
            citations=[NS(publication=o if rng.random() > 0.2 else o.lower())
                       for o in outlets]))
    for brief in briefs:
        brief.keys = _keys(brief)  # for the scan
    return briefs


def _scanned(brief: Any, briefs: list[Any], limit: int) -> list[Any]:
    """The related briefs by scoring every brief."""
    mine = _keys(brief)
    newest_first = sorted(briefs, key=lambda b: b.date, reverse=True)
    rank = {id(b): position for position, b in enumerate(newest_first)}
    scored = []
    for other in briefs:
        if other is brief or other.url == brief.url:
            continue
        score = sum(mine.get(key, 0) for key in other.keys)
        if score:
            scored.append((-score, rank[id(other)], other))
    scored.sort(key=lambda entry: entry[:2])
    return [other for *_, other in scored[:limit]]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("limit", [1, 3, 8])
def test_the_index_gives_what_a_scan_gives(seed: int, limit: int) -> None:
    briefs = _corpus(seed, 300)
    for brief in briefs:
        found = [entry.brief for entry in related_briefs(brief, briefs, limit)]
        assert [b.title for b in found] == [b.title for b in _scanned(brief, briefs, limit)]


def test_a_brief_outside_the_list_is_scored_too() -> None:
    briefs = _corpus(7, 60)
    stranger = _corpus(8, 1)[0]
    stranger.url = "elsewhere/"
    stranger.keys = _keys(stranger)
    found = [entry.brief for entry in related_briefs(stranger, briefs, 3)]
    assert [b.title for b in found] == [b.title for b in _scanned(stranger, briefs, 3)]
