"""Files of pages kept in the build cache: hard links that no write goes through, and
the pruning of entries no build uses."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from briefs.pagecache import keep_file, place_file, prune_entries
from briefs.writer import ParallelWriter


def test_a_kept_file_is_the_written_file_and_records_its_size_and_time(tmp_path: Path) -> None:
    written = tmp_path / "out" / "a.html"
    written.parent.mkdir()
    written.write_bytes(b"<p>page</p>")
    kept = tmp_path / "cache" / "ab" / "ab12.0"
    stamp = keep_file(written, kept)
    assert kept.read_bytes() == b"<p>page</p>"
    assert os.stat(kept).st_ino == os.stat(written).st_ino  # a link, not a copy
    assert stamp == (11, os.stat(written).st_mtime_ns)
    assert [p.name for p in kept.parent.iterdir()] == ["ab12.0"]  # no leftover


def test_keeping_again_replaces_the_kept_file_and_leaves_older_outputs(tmp_path: Path) -> None:
    kept = tmp_path / "cache" / "k.0"
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    first.write_bytes(b"old")
    second.write_bytes(b"new")
    keep_file(first, kept)
    keep_file(second, kept)
    assert kept.read_bytes() == b"new" and first.read_bytes() == b"old"


def test_placing_replaces_a_file_and_never_writes_through_it(tmp_path: Path) -> None:
    kept, other = tmp_path / "kept", tmp_path / "other-kept"
    kept.write_bytes(b"kept page")
    other.write_bytes(b"another kept page")
    target = tmp_path / "page.html"
    os.link(other, target)  # an earlier build's output, linked to another kept file
    place_file(kept, str(target))
    assert target.read_bytes() == b"kept page"
    assert other.read_bytes() == b"another kept page"
    assert os.stat(target).st_ino == os.stat(kept).st_ino


def test_the_writer_writes_a_new_file_over_a_linked_one(tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    kept = tmp_path / "kept"
    kept.write_text("kept page", "utf-8")
    page = output / "page.html"
    os.link(kept, page)
    writer = ParallelWriter(str(output), settings={"ASSAY_CACHE": False, "ASSAY_WORKERS": 1})
    with writer._open_w(str(page), "utf-8") as stream:
        stream.write("rendered again")
    assert page.read_text("utf-8") == "rendered again"
    assert kept.read_text("utf-8") == "kept page"


DAY = 86400.0

#: (label, files with their age in days, the files pruning leaves, why), pruned with
#: entries unused for 14 days going (as when fewer builds than are kept are known).
PRUNING = [
    ("used entry", {"k1.pickle": 1, "k1.0": 30, "k1.1": 30}, {"k1.pickle", "k1.0", "k1.1"},
     "an entry used lately keeps its files, however old they are"),
    ("unused entry", {"k2.pickle": 15, "k2.0": 15}, set(),
     "an entry unused for more than 14 days goes with its files"),
    ("orphan", {"k3.0": 2}, set(), "a kept file without its entry goes"),
    ("new orphan", {"k4.0": 0}, {"k4.0"}, "a day's grace: its entry may be on its way"),
    ("leftovers", {".k5.0.ab12": 2, ".entry-x": 0}, {".entry-x"},
     "an interrupted write's leftover goes after a day"),
]


@pytest.mark.parametrize(("files", "left"), [(f, left) for _, f, left, _ in PRUNING],
                         ids=[label for label, *_ in PRUNING])
def test_pruning(tmp_path: Path, files: dict[str, int], left: set[str]) -> None:
    now = time.time()
    _files_aged(tmp_path, files, now)
    prune_entries(tmp_path, now - 14 * DAY, now)
    assert {p.name for p in tmp_path.iterdir()} == left


#: (label, files with their age in hours, the files pruning leaves, why), pruned with
#: entries unused for the last three hours going (the start of the oldest build kept).
PRUNING_BY_BUILDS = [
    ("used by a kept build", {"k1.pickle": 2, "k1.0": 20}, {"k1.pickle", "k1.0"},
     "used since the oldest kept build started: it stays with its files"),
    ("used before", {"k2.pickle": 4, "k2.0": 4, "k2.1": 4}, set(),
     "no kept build used it: it goes with its files at once, not a day later"),
    ("young orphan", {"k3.0": 4}, {"k3.0"},
     "a kept file without its entry still has its day of grace"),
]


@pytest.mark.parametrize(("files", "left"), [(f, left) for _, f, left, _ in PRUNING_BY_BUILDS],
                         ids=[label for label, *_ in PRUNING_BY_BUILDS])
def test_pruning_by_builds(tmp_path: Path, files: dict[str, int], left: set[str]) -> None:
    now = time.time()
    _files_aged(tmp_path, {name: hours / 24 for name, hours in files.items()}, now)
    prune_entries(tmp_path, now - 3 * 3600, now)
    assert {p.name for p in tmp_path.iterdir()} == left


def _files_aged(folder: Path, files: dict[str, float], now: float) -> None:
    """Write ``files`` into ``folder``, each last changed its age (in days) before ``now``."""
    for name, age in files.items():
        path = folder / name
        path.write_bytes(b"x")
        os.utime(path, (now - age * DAY, now - age * DAY))


def test_a_kept_file_gone_before_its_restore_leaves_the_job_to_be_rendered(
        tmp_path: Path) -> None:
    writer = ParallelWriter(str(tmp_path), settings={"ASSAY_CACHE": False, "ASSAY_WORKERS": 1})
    assert writer._restore([("a/index.html", tmp_path / "gone", (1, 1))],
                           override=False) is None
    assert not writer._written_files


def test_a_kept_file_replaced_since_its_lookup_leaves_the_job_to_be_rendered(
        tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    kept.write_bytes(b"old page")
    recorded = (os.stat(kept).st_size, os.stat(kept).st_mtime_ns)
    output = tmp_path / "output"
    writer = ParallelWriter(str(output), settings={"ASSAY_CACHE": False, "ASSAY_WORKERS": 1})
    assert writer._restore([("a.html", kept, recorded)], override=False) is not None
    # Another build keeps a new rendering under the same name after this one looked.
    newer = tmp_path / "newer"
    newer.write_bytes(b"new page")
    os.utime(newer, ns=(recorded[1] + 10**9, recorded[1] + 10**9))
    os.replace(newer, kept)
    other = ParallelWriter(str(tmp_path / "other"),
                           settings={"ASSAY_CACHE": False, "ASSAY_WORKERS": 1})
    assert other._restore([("a.html", kept, recorded)], override=False) is None
    assert not other._written_files
