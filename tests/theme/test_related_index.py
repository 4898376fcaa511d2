"""The related-briefs index gives what a scan of every brief would give.

``related_briefs`` files each brief under the subsets of its topics and outlets and
walks them from the highest score down instead of scoring every brief; these tests
compare it with the plain scan the filter's docstring promises: most shared first (a
topic weighs 2, an outlet 1), newer first among equals, then in list order, never
the brief itself or another brief at its URL. The page cache keeps a page's picks
between builds (``RelatedPicks``) while what they depend on is unchanged; the rows
below say what that is.
"""

from __future__ import annotations

import datetime
import random
import tracemalloc
from types import SimpleNamespace as NS
from typing import Any

import pytest

from search.filters import RelatedPicks, _keys, _Related, _related, related_briefs

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


def test_a_brief_listed_twice_is_picked_as_a_scan_picks_it() -> None:
    briefs = _corpus(5, 120)
    briefs += briefs[10:16]  # the same objects again, later in the list
    for brief in briefs:
        found = [entry.brief for entry in related_briefs(brief, briefs, 4)]
        assert [b.title for b in found] == [b.title for b in _scanned(brief, briefs, 4)]


def test_a_brief_with_many_topics_is_scored_without_its_subsets(monkeypatch: Any) -> None:
    """A brief with more keys than the index files is scored one by one: its 2**n
    subsets (over a million with 24 topics and outlets) are never walked."""
    from search import filters

    walked = filters._submasks

    def submasks(mask: int) -> Any:
        assert mask.bit_count() <= filters._LATTICE_KEYS, "a wide brief's subsets walked"
        return walked(mask)

    monkeypatch.setattr(filters, "_submasks", submasks)
    briefs = _corpus(3, 80)
    many = NS(title="Many", url="many/", date=datetime.datetime(2025, 3, 1),
              tags=[NS(slug=t.replace(" ", "-"), name=t) for t in TOPICS] + [
                  NS(slug=f"extra-{n}", name=f"extra {n}") for n in range(12)],
              citations=[NS(publication=o) for o in OUTLETS])
    many.keys = _keys(many)
    assert len(many.keys) == 30
    for brief in [many, *briefs]:
        listed = [*briefs, many]
        found = [entry.brief for entry in related_briefs(brief, listed, 5)]
        assert [b.title for b in found] == [b.title for b in _scanned(brief, listed, 5)]


def test_the_index_is_small() -> None:
    """Every process that writes pages makes the index: at most 800 bytes a brief here
    (about 450 as topics and outlets are numbered; 1,800 as sets of names and lists of
    briefs)."""
    briefs = _corpus(3, 2000)
    keys = {id(brief): _keys(brief) for brief in briefs}
    tracemalloc.start()
    try:
        index = _Related(briefs, keys)
        size, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert index.top(briefs[0], 3) == [e.brief for e in related_briefs(briefs[0], briefs, 3)]
    assert size / len(briefs) < 800


def _retitle(briefs: list[NS]) -> None:
    briefs[3].title = "Another title"


def _add_topic(briefs: list[NS]) -> None:
    briefs[3].tags = [*briefs[3].tags, NS(slug="new-topic", name="new topic")]


def _rename_outlet(briefs: list[NS]) -> None:
    briefs[3].citations = [NS(publication="A New Outlet")]


def _move_date(briefs: list[NS]) -> None:
    briefs[3].date += datetime.timedelta(days=1)


def _new_url(briefs: list[NS]) -> None:
    briefs[3].url = "moved/"


def _swap(briefs: list[NS]) -> None:
    briefs[3], briefs[4] = briefs[4], briefs[3]


def _drop(briefs: list[NS]) -> None:
    del briefs[5]


def _twice(briefs: list[NS]) -> None:
    briefs.append(briefs[3])


# (label, change to a fresh copy of the briefs, whether the picks' inputs change, comment)
INPUT_ROWS = [
    ("nothing", lambda briefs: None, False, "the same briefs made again as new objects"),
    ("title", _retitle, False, "a title is shown, not picked by: the page cache digests it"),
    ("topic", _add_topic, True, "topics are what briefs share"),
    ("outlet", _rename_outlet, True, "so are cited outlets"),
    ("date", _move_date, True, "newer first among equals"),
    ("url", _new_url, True, "a brief at the same URL is never its own relative"),
    ("order", _swap, True, "list order breaks ties"),
    ("removed", _drop, True, "a brief fewer"),
    ("listed twice", _twice, None, "which entries are one brief matters: no shortcut"),
]


@pytest.mark.parametrize(("change", "differs"),
                         [pytest.param(c, d, id=label) for label, c, d, _ in INPUT_ROWS])
def test_what_the_kept_picks_depend_on(change: Any, differs: bool | None) -> None:
    before = _corpus(11, 40)
    after = _corpus(11, 40)
    change(after)
    brief_before, brief_after = before[0], after[0]
    inputs = RelatedPicks.inputs(brief_before, before, 3)
    again = RelatedPicks.inputs(brief_after, after, 3)
    if differs is None:
        assert again is None
    else:
        assert inputs is not None and (again != inputs) is differs


def test_the_result_of_the_picks_is_made_of_the_brief_and_the_briefs_picked() -> None:
    briefs = _corpus(12, 200)
    outside = _corpus(13, 1)[0]
    outside.url = "elsewhere/"
    for brief in [*briefs, outside]:
        result = related_briefs(brief, briefs, 3)
        picks = RelatedPicks.picks(result, brief, briefs, 3)
        assert picks is not None
        made_from = RelatedPicks.made_from(picks, brief, briefs, 3)
        assert made_from == (brief, [entry.brief for entry in result])
        assert _related(*made_from) == result
        # The brief's place or, outside the list, what it is decides the digest.
        assert RelatedPicks.inputs(brief, briefs, 3) != RelatedPicks.inputs(brief, briefs, 4)
