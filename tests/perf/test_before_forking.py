"""What the build's process makes for the pages' writing processes before they fork
(``briefs.writer.before_forking``): made once, there, and shared by every writer; the
related briefs' index is made so (``search.share_index``), and the briefs' feed links
(``feeds.share_links``)."""

from __future__ import annotations

import datetime
import logging
import os
from pathlib import Path
from types import SimpleNamespace as NS

import pytest

from briefs import writer as writer_module
from briefs.writer import MIN_JOBS_PER_WORKER, ParallelWriter, before_forking
from search import filters

#: What the work before the fork made, in this module's memory (the forked writers'
#: copy of it is what their jobs see).
made: dict[str, int] = {}


def _make() -> None:
    made["by"] = os.getpid()
    made["times"] = made.get("times", 0) + 1


def _write_what_was_made(path: str) -> None:
    Path(path).write_text(f"{os.getpid()} {made.get('by', 0)} {made.get('times', 0)}",
                          "utf-8")


@pytest.fixture(autouse=True)
def _fresh() -> None:
    made.clear()
    writer_module.forget_before_forking()
    yield
    writer_module.forget_before_forking()


def _written(output: Path, count: int) -> list[list[int]]:
    return [[int(word) for word in (output / f"{n}.html").read_text("utf-8").split()]
            for n in range(count)]


def _batch(writer: ParallelWriter, output: Path, count: int) -> None:
    with writer.batch():
        for number in range(count):
            writer.submit(_write_what_was_made, str(output / f"{number}.html"))


def test_the_work_is_done_once_here_and_shared_by_every_writer(tmp_path: Path) -> None:
    writer = ParallelWriter(str(tmp_path), settings={"ASSAY_CACHE": False, "ASSAY_WORKERS": 2})
    if writer.workers < 2:
        pytest.skip("no forked processes here")
    before_forking(_make)
    count = 4 * MIN_JOBS_PER_WORKER
    _batch(writer, tmp_path, count)
    rows = _written(tmp_path, count)
    writers = {writer_pid for writer_pid, _, _ in rows}
    assert len(writers) == 2 and os.getpid() not in writers  # two forked processes wrote
    assert {(by, times) for _, by, times in rows} == {(os.getpid(), 1)}
    assert made == {"by": os.getpid(), "times": 1}
    _batch(writer, tmp_path, count)  # the next batch: nothing left to make
    assert made["times"] == 1


def test_a_batch_written_here_alone_drops_the_work(tmp_path: Path) -> None:
    writer = ParallelWriter(str(tmp_path), settings={"ASSAY_CACHE": False, "ASSAY_WORKERS": 2})
    before_forking(_make)
    _batch(writer, tmp_path, 2)  # too few jobs to fork for
    assert made == {} and _written(tmp_path, 2) == [[os.getpid(), 0, 0]] * 2
    assert writer_module._before_forking == []


def test_a_failure_is_logged_and_the_pages_are_written(tmp_path: Path, caplog) -> None:
    writer = ParallelWriter(str(tmp_path), settings={"ASSAY_CACHE": False, "ASSAY_WORKERS": 2})
    if writer.workers < 2:
        pytest.skip("no forked processes here")

    def fail() -> None:
        raise RuntimeError("no index")

    before_forking(fail)
    before_forking(_make)  # what comes after a failure is still made
    count = 4 * MIN_JOBS_PER_WORKER
    with caplog.at_level(logging.DEBUG, logger="briefs.writer"):
        _batch(writer, tmp_path, count)
    assert "made nothing before the writers forked" in caplog.text
    assert {(by, times) for _, by, times in _written(tmp_path, count)} == {(os.getpid(), 1)}


def test_the_related_briefs_index_is_made_before_the_writers_fork() -> None:
    """The search plugin asks for the index of the list the pages are given."""
    import search

    briefs = [NS(url=f"b/{n}/", title=str(n), date=datetime.date(2025, 1, n),
                 citations=[], tags=[NS(slug="oil", name="Oil")]) for n in range(1, 4)]
    generator = NS(context={"articles": briefs})
    search.share_index(generator)
    writer_module._prepare_for_forking()
    index = filters._index(briefs)
    assert index._related is not None and index._ordered is not None
    assert writer_module._before_forking == []


def test_the_briefs_feed_links_are_made_before_the_writers_fork() -> None:
    """The feeds plugin makes the links of the context's briefs at its site URL, which
    every feed's items are then looked up in (a page without highlights has none)."""
    import feeds

    briefs = [NS(url=f"2025/01/{n}/", highlights=["h"]) for n in range(3)]
    page = NS(url="about/", highlights=None)
    generator = NS(context={"articles": [*briefs, page], "SITEURL": "https://example.org"})
    feeds.remember_generator(generator)
    feeds.share_links(generator)
    assert "by_link" not in feeds._build  # not yet: the briefs may still change
    writer_module._prepare_for_forking()
    _, listed, links = feeds._build["by_link"]
    assert listed is generator.context["articles"]
    assert links == {f"https://example.org/2025/01/{n}/": brief for n, brief in enumerate(briefs)}
    # What a feed's items are looked up in, in every writer: the same links.
    assert feeds._by_link(generator.context["articles"], "https://example.org") is links
    assert writer_module._before_forking == []


def test_work_on_the_briefs_takes_the_context_list_as_it_is_at_the_fork() -> None:
    """``before_forking_on_briefs`` calls its function with the list the context holds
    when the writers are about to fork (not when it was asked), and not at all without
    one."""
    calls: list[object] = []
    generator = NS(context={})
    writer_module.before_forking_on_briefs(generator, calls.append)
    briefs = [NS(url="a/")]
    generator.context["articles"] = briefs
    writer_module.before_forking_on_briefs(NS(context={"articles": None}), calls.append)
    writer_module._prepare_for_forking()
    assert len(calls) == 1 and calls[0] is briefs
    assert writer_module._before_forking == []
