"""The writer renders a batch in forked workers only: the build's process waits, and
takes from the workers what they made (files, notes, listing cards), so what rendering
leaves in memory ends with them."""

from __future__ import annotations

import copy
import datetime
import os
from pathlib import Path

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from briefs.pagecache import Digests, forget_contents, fragments, remember
from briefs.sitefiles import note_written, written_notes
from briefs.writer import MIN_JOBS_PER_WORKER, ParallelWriter


def _write_note_and_keep(path: str, number: int) -> None:
    """A job: write a page, note it, and keep a fragment for it."""
    Path(path).write_text(f"page {number}", "utf-8")
    note_written("processes", path, os.getpid())
    store = fragments()
    assert store is not None
    store.put(f"card-{number}", f"<p>card {number}</p>")


def test_a_batch_is_rendered_in_workers_and_what_they_made_comes_back(
        tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    writer = ParallelWriter(str(output), settings={
        "ASSAY_WORKERS": 2, "ASSAY_CACHE_PATH": str(tmp_path / "cache")})
    if writer.workers < 2:
        pytest.skip("no forked processes here")
    count = 4 * MIN_JOBS_PER_WORKER
    with writer.batch():
        for number in range(count):
            writer.submit(_write_note_and_keep, str(output / f"{number}.html"), number)
    assert sorted(p.name for p in output.iterdir()) == sorted(
        f"{number}.html" for number in range(count))
    pids = {pid for _, (_, pid) in written_notes("processes", output).items()}
    assert len(pids) == 2 and os.getpid() not in pids
    assert set(writer.cache.fragments.new) == {f"card-{number}" for number in range(count)}
    assert writer.cache.rendered == count


def _write_title(path: str, article: Article) -> None:
    """A job kept in the build cache like a page: its key digests the brief."""
    Path(path).write_text(article.title, "utf-8")


def test_the_workers_give_back_the_digests_of_the_briefs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A later batch in the build's process (the outlets' pages, after the briefs') finds
    the digests of the briefs the workers worked out, as it did when this process
    rendered a share itself."""
    output = tmp_path / "output"
    output.mkdir()
    settings = copy.deepcopy(DEFAULT_CONFIG)
    count = 4 * MIN_JOBS_PER_WORKER
    briefs = [Article("<p>text</p>", {"title": f"Brief {number}",
                                      "date": datetime.datetime(2025, 1, 1)},
                      settings=settings, source_path=str(tmp_path / f"{number}.md"))
              for number in range(count)]
    for number, brief in enumerate(briefs):
        remember(brief, f"key-{number}")
    try:
        writer = ParallelWriter(str(output), settings={
            "ASSAY_WORKERS": 2, "ASSAY_CACHE_PATH": str(tmp_path / "cache")})
        if writer.workers < 2:
            pytest.skip("no forked processes here")
        with writer.batch():
            for number, brief in enumerate(briefs):
                writer.submit(_write_title, str(output / f"{number}.html"), brief,
                              outputs=(f"{number}.html",))
        assert (output / "7.html").read_text("utf-8") == "Brief 7"

        def worked_out_again(*_: object) -> str:
            raise AssertionError("a brief's digest was worked out again")

        monkeypatch.setattr(Digests, "_pickled", worked_out_again)
        taken = {brief.title: writer.cache.digests.content(brief) for brief in briefs}
        monkeypatch.undo()
        assert taken == {brief.title: Digests().content(brief) for brief in briefs}
    finally:
        forget_contents()
