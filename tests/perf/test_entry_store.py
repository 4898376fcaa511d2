"""The build cache's entries in one SQLite database (``briefs.entrystore``)."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefs import entrystore
from briefs.entrystore import FILE_NAME, EntryStore
from tests.perf.support import build, files, generated_site, last_build, settings_file


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / FILE_NAME


def test_entries_are_kept_by_kind_and_key(path: Path) -> None:
    reading, page = EntryStore(path, "read"), EntryStore(path, "pages")
    reading.put("k1", b"reading")
    page.put("k1", b"page")
    assert EntryStore(path, "read").get("k1") is None  # buffered until flushed
    reading.flush()
    page.flush()
    assert EntryStore(path, "read").get("k1") == b"reading"
    assert EntryStore(path, "pages").get("k1") == b"page"
    assert EntryStore(path, "pages").keys() == {"k1"}
    reading.put("k1", b"again")
    reading.flush()
    assert EntryStore(path, "read").get("k1") == b"again"


def test_much_given_is_written_without_a_flush(path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entrystore, "FLUSH_BYTES", 10)
    store = EntryStore(path, "read")
    store.put("small", b"12345")
    assert EntryStore(path, "read").get("small") is None
    store.put("more", b"123456")
    assert EntryStore(path, "read").get("small") == b"12345"


def test_pruning_goes_by_last_use(path: Path) -> None:
    store = EntryStore(path, "pages")
    for key in ("used", "unused", "given"):
        store.put(key, key.encode())
    store.flush()
    time.sleep(0.01)
    since = time.time()
    store.use("used")
    store.put("given", b"anew")  # given again: used now
    assert store.prune(since) == {"unused"}
    assert store.keys() == {"used", "given"}
    assert store.prune(time.time() + 1) == {"used", "given"}
    assert store.keys() == set()


def test_no_path_keeps_nothing() -> None:
    store = EntryStore(None, "read")
    store.put("k", b"x")
    store.use("k")
    store.flush()
    assert store.get("k") is None and store.keys() == set() and store.prune(0) == set()


def test_a_damaged_database_is_made_anew(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database, " * 512)
    store = EntryStore(path, "read")
    with caplog.at_level(logging.WARNING):
        assert store.get("k") is None
    assert "damaged" in caplog.text
    store.put("k", b"x")
    store.flush()
    assert EntryStore(path, "read").get("k") == b"x"


def test_a_database_of_another_layout_is_emptied(path: Path) -> None:
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE read (key TEXT PRIMARY KEY, blob BLOB)")
        connection.execute("INSERT INTO read VALUES ('k', x'00')")
        connection.execute(f"PRAGMA user_version = {entrystore.LAYOUT + 1}")
    connection.close()
    assert EntryStore(path, "read").get("k") is None
    store = EntryStore(path, "read")
    store.put("k", b"x")
    store.flush()
    assert store.get("k") == b"x"


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("in the way")
    store = EntryStore(tmp_path / "file" / FILE_NAME, "read")
    store.put("k", b"x")
    store.flush()
    assert store.get("k") is None and store.keys() == set()


def _put_in_child(path: str, key: str) -> None:
    store = EntryStore(Path(path), "pages")
    store.put(key, key.encode())
    store.flush()


def test_forked_processes_write_with_connections_of_their_own(path: Path) -> None:
    """A process forks with its connection open (it is closed first, and opened again
    when next needed); its children write at once, and it reads what they wrote."""
    store = EntryStore(path, "pages")
    store.put("parent", b"parent")
    store.flush()
    assert entrystore._connections  # open as the children are forked
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=_put_in_child, args=(str(path), f"child{n}"))
                for n in range(4)]
    for child in children:
        child.start()
    assert not entrystore._connections  # closed before each fork
    for child in children:
        child.join(30)
        assert child.exitcode == 0
    assert store.keys() == {"parent", "child0", "child1", "child2", "child3"}
    assert store.get("child3") == b"child3"


def test_damage_found_in_use_makes_the_database_anew(path: Path) -> None:
    """A database whose header is sound but whose pages are not is found damaged when
    read: the read is a miss, and the database is made anew."""
    store = EntryStore(path, "read")
    for number in range(200):
        store.put(f"k{number}", os.urandom(3000))
    store.flush()
    entrystore.close_connections()
    with open(path, "r+b") as stream:
        stream.seek(4096)
        stream.write(b"\xff" * (path.stat().st_size - 4096))
    assert store.get("k1") is None
    store.put("k1", b"x")
    store.flush()
    assert EntryStore(path, "read").get("k1") == b"x"


def test_two_builds_at_once_share_the_cache(tmp_path: Path) -> None:
    """Two builds of one site at once (a preview server's and a publish build) write
    their entries to the same database: both end well and alike, and a third build
    takes every reading and page from the cache, byte for byte the same."""
    site = generated_site(tmp_path, 40)
    settings = settings_file(site, "at-once.py", ASSAY_WORKERS=2)
    command = [sys.executable, "-m", "assay.cli", "build", "-s", settings, "-o"]
    builds = [subprocess.Popen([*command, output], cwd=site, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
              for output in ("out-1", "out-2")]
    for process in builds:
        log, _ = process.communicate(timeout=300)
        assert process.returncode == 0, log
    assert files(site / "out-1") == files(site / "out-2")
    code, log = build(site, settings, "out-3")
    assert code == 0, log
    stats = last_build(site)
    assert stats["read"] == [] and stats["pages_rendered"] == 0
    assert files(site / "out-3") == files(site / "out-1")
