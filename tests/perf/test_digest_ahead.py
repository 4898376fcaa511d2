"""The briefs' digests for the page cache's keys, made once in the build's process before
the pages' writers fork (``briefs.pagecache.digest_ahead``), instead of again in each
writing process for the briefs its pages show."""

from __future__ import annotations

import datetime
from pathlib import Path
from types import SimpleNamespace as NS

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

import briefs
from briefs import writer as writer_module
from briefs.pagecache import Digests, digest_ahead, finished_page_cache
from briefs.writer import ParallelWriter


def _article(number: int) -> Article:
    return Article(f"<p>Brief {number}</p>", settings=dict(DEFAULT_CONFIG),
                   metadata={"title": f"Brief {number}",
                             "date": datetime.datetime(2025, 1, number + 1)})


@pytest.fixture
def page_cache(tmp_path: Path):
    writer = ParallelWriter(str(tmp_path / "output"),
                            settings={"ASSAY_CACHE_PATH": str(tmp_path / "cache")})
    yield writer.cache
    finished_page_cache()
    writer_module.forget_before_forking()


def test_each_content_is_digested_once_as_a_page_would_digest_it(page_cache) -> None:
    articles = [_article(n) for n in range(3)]
    digest_ahead([*articles, "not a content", NS(title="nor this")])
    memo = page_cache.digests._memo
    assert sorted(memo) == sorted(id(article) for article in articles)
    for article in articles:
        assert memo[id(article)] == (article, Digests().content(article))


def test_nothing_is_digested_without_a_page_cache(tmp_path: Path) -> None:
    writer = ParallelWriter(str(tmp_path / "output"), settings={"ASSAY_CACHE": False})
    try:
        digest_ahead([_article(1)])
        assert writer.cache.digests._memo == {}
    finally:
        finished_page_cache()
    digest_ahead([_article(2)])  # no build in progress: nothing to do


def test_the_briefs_plugin_has_the_briefs_digested_before_the_writers_fork(page_cache) -> None:
    articles = [_article(n) for n in range(2)]
    briefs._digest_briefs_ahead(NS(context={"articles": articles}))
    assert page_cache.digests._memo == {}  # not yet: the briefs may still change
    writer_module._prepare_for_forking()
    assert sorted(page_cache.digests._memo) == sorted(map(id, articles))
