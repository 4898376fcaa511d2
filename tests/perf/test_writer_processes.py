"""The writer renders a batch in forked workers only: the build's process waits, and
takes from the workers what they made (files, notes, listing cards), so what rendering
leaves in memory ends with them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefs.pagecache import fragments
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
