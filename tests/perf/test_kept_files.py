"""Files of pages kept in the build cache: hard links that no write goes through, and
the pruning of entries no build uses."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from briefs.entrystore import EntryStore
from briefs.pagecache import PageCache, keep_file, prune_kept_files
from briefs.sitefiles import place_file
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

#: (label, files with their age in days, the files pruning leaves, why): pruned with
#: the entries of keys starting "live" kept and those of "gone" just removed.
PRUNING = [
    ("live entry", {"live1.0": 30, "live1.1": 30}, {"live1.0", "live1.1"},
     "an entry still kept keeps its files, however old they are"),
    ("removed entry", {"gone1.0": 0, "gone1.1": 0}, set(),
     "the files of an entry just removed go with it, at once"),
    ("orphan", {"k3.0": 2}, set(), "a kept file without its entry goes"),
    ("new orphan", {"k4.0": 0}, {"k4.0"}, "a day's grace: its entry may be on its way"),
    ("earlier entry files", {"k5.pickle": 2, "k6.pickle": 0}, {"k6.pickle"},
     "an earlier version's entry file is a file of no entry: it goes after a day"),
    ("leftovers", {".k5.0.ab12": 2, ".entry-x": 0}, {".entry-x"},
     "an interrupted write's leftover goes after a day"),
]


@pytest.mark.parametrize(("files", "left"), [(f, left) for _, f, left, _ in PRUNING],
                         ids=[label for label, *_ in PRUNING])
def test_pruning(tmp_path: Path, files: dict[str, int], left: set[str]) -> None:
    now = time.time()
    _files_aged(tmp_path, files, now)
    live = {name.partition(".")[0] for name in files if name.startswith("live")}
    removed = {name.partition(".")[0] for name in files if name.startswith("gone")}
    prune_kept_files(tmp_path, live, removed, now)
    assert {p.name for p in tmp_path.iterdir()} == left


def test_pruning_by_builds(tmp_path: Path) -> None:
    """Entries are pruned by when a build last used them (the start of the oldest build
    kept): one used since goes on with its files, one used before goes with them at
    once, and a file of no entry has its day of grace."""
    store = EntryStore(tmp_path / "entries.sqlite", "pages")
    folder = tmp_path / "pages" / "ab"
    folder.mkdir(parents=True)
    for key in ("kept", "old"):
        store.put(key, b"entry")
    store.flush()
    time.sleep(0.01)
    oldest_kept_build = time.time()
    store.use("kept")
    store.flush()
    now = time.time()
    _files_aged(folder, {"kept.0": 20 / 24, "old.0": 4 / 24, "old.1": 4 / 24,
                         "young.0": 4 / 24}, now)
    cache = PageCache({"ASSAY_CACHE_PATH": str(tmp_path)}, str(tmp_path / "output"))
    cache.prune(oldest_kept_build, now)
    assert {p.name for p in folder.iterdir()} == {"kept.0", "young.0"}
    assert store.keys() == {"kept"}


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


def test_no_kept_file_goes_while_the_entries_cannot_be_read(tmp_path: Path) -> None:
    """Which kept files have an entry is not known when the database cannot be read
    (here a folder stands where it should be): pruning then removes none of them."""
    (tmp_path / "entries.sqlite").mkdir()
    folder = tmp_path / "pages" / "ab"
    folder.mkdir(parents=True)
    now = time.time()
    _files_aged(folder, {"orphan.0": 2}, now)
    PageCache({"ASSAY_CACHE_PATH": str(tmp_path)}, str(tmp_path / "output")).prune(now, now)
    assert [p.name for p in folder.iterdir()] == ["orphan.0"]
